/* test_changes.c — the change feed (changelog.h, changes.h): a record's
 * row moves to the end on each change, so a reader from any cursor sees
 * each changed record once, "created" when it is new to that reader; a
 * record no longer public is a tombstone; a cursor past the end is
 * refused. On the shared fixture, so on both backends. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "changelog.h"
#include "changes.h"
#include "db.h"
#include "fixture.h"
#include "progress.h"
#include "util.h"
#include "validate.h"

static json_t *page(struct db *db, int64_t since, int limit)
{
	json_t *errors = json_object(), *out = NULL;
	assert_int_equal(changes_page(db, "en", since, limit, errors, &out), OUTCOME_OK);
	assert_int_equal(json_object_size(errors), 0);
	json_decref(errors);
	return out;
}

static json_t *entry_at(json_t *p, size_t i)
{
	return json_array_get(json_object_get(p, "changes"), i);
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int64_t last_cursor(struct db *db)
{
	int64_t last = changelog_last(db);
	assert_true(last >= 0);
	return last;
}

static void test_moves_to_the_end(void **state)
{
	struct fixture *f = *state;
	int64_t start = last_cursor(f->db);
	int64_t a = create_with(f->db, f->mar, NULL);
	int64_t b = create_with(f->db, f->sen, NULL);
	json_t *p = page(f->db, start, 10);
	assert_int_equal(json_integer_value(json_object_get(p, "count")), 2);
	assert_int_equal(json_integer_value(json_object_get(entry_at(p, 0), "id")), a);
	assert_string_equal(str(entry_at(p, 0), "op"), "created");
	assert_string_equal(str(entry_at(p, 0), "kind"), "commitment");
	const char *after_b = str(p, "next_cursor");
	int64_t mid = strtoll(after_b, NULL, 10);
	json_decref(p);

	/* A progress update changes its commitment: a moves after b. */
	json_t *errors = json_object();
	json_t *up = json_pack("{s:s}", "status", "in_progress");
	int64_t uid = 0;
	assert_int_equal(progress_add(f->db, &f->fp_mar, a, up, errors, NULL, &uid), OUTCOME_OK);
	json_decref(up);
	json_decref(errors);
	p = page(f->db, start, 10);
	assert_int_equal(json_integer_value(json_object_get(p, "count")), 3);
	assert_int_equal(json_integer_value(json_object_get(entry_at(p, 0), "id")), b);
	assert_string_equal(str(entry_at(p, 1), "kind"), "progress_update");
	assert_int_equal(json_integer_value(json_object_get(entry_at(p, 1), "id")), uid);
	assert_int_equal(json_integer_value(json_object_get(entry_at(p, 2), "id")), a);
	assert_string_equal(str(entry_at(p, 2), "op"), "created");
	json_decref(p);
	/* For a reader who had seen both: a is changed, the update is new. */
	p = page(f->db, mid, 10);
	assert_int_equal(json_integer_value(json_object_get(p, "count")), 2);
	assert_string_equal(str(entry_at(p, 0), "op"), "created");
	assert_string_equal(str(entry_at(p, 1), "op"), "changed");
	assert_string_equal(str(json_object_get(entry_at(p, 1), "content"), "status"),
	                    "in_progress");
	assert_false(json_is_true(json_object_get(p, "more")));
	json_decref(p);
	/* Pages: one at a time, "more" until the last. */
	p = page(f->db, start, 1);
	assert_true(json_is_true(json_object_get(p, "more")));
	json_decref(p);
}

static void test_not_public_is_a_tombstone(void **state)
{
	struct fixture *f = *state;
	int64_t start = last_cursor(f->db);
	/* A pending actor is never noted by the write paths; were it noted,
	 * the feed would still show nothing of it. */
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(changelog_note(f->db, CHANGE_KIND_ACTOR, f->pending), 0);
	assert_int_equal(changelog_note(f->db, "later_noun", 7), 0);
	assert_int_equal(db_commit(f->db), 0);
	json_t *p = page(f->db, start, 10);
	assert_int_equal(json_integer_value(json_object_get(p, "count")), 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(str(entry_at(p, i), "op"), "withdrawn");
		assert_true(json_is_null(json_object_get(entry_at(p, i), "content")));
	}
	char *text = json_dumps(p, 0);
	assert_null(strstr(text, "Pending Org"));
	free(text);
	json_decref(p);
}

static void test_accreditation_is_news(void **state)
{
	struct fixture *f = *state;
	int64_t start = last_cursor(f->db);
	assert_int_equal(actors_decide_as_operator(f->db, f->pending, "accredit", NULL), OUTCOME_OK);
	json_t *p = page(f->db, start, 10);
	assert_int_equal(json_integer_value(json_object_get(p, "count")), 1);
	assert_string_equal(str(json_object_get(entry_at(p, 0), "content"), "name"), "Pending Org");
	json_decref(p);
}

static void test_bulk(void **state)
{
	struct fixture *f = *state;
	int64_t start = last_cursor(f->db), ids[CHANGELOG_BATCH + 5];
	for (size_t i = 0; i < ARRAY_LEN(ids); i++)
		ids[i] = 1000 + (int64_t)i;
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(changelog_note_created(f->db, "later_noun", ids, ARRAY_LEN(ids)), 0);
	assert_int_equal(db_commit(f->db), 0);
	assert_int_equal(last_cursor(f->db), start + (int64_t)ARRAY_LEN(ids));
	json_t *p = page(f->db, start, CHANGES_PAGE_MAX);
	assert_int_equal(json_integer_value(json_object_get(p, "count")), ARRAY_LEN(ids));
	for (size_t i = 0; i < ARRAY_LEN(ids); i++)
		assert_int_equal(json_integer_value(json_object_get(entry_at(p, i), "id")), ids[i]);
	json_decref(p);
}

static void test_past_the_end(void **state)
{
	struct fixture *f = *state;
	int64_t last = last_cursor(f->db);
	json_t *errors = json_object(), *out = NULL;
	assert_int_equal(changes_page(f->db, "en", last + 1, 10, errors, &out), OUTCOME_INVALID);
	assert_null(out);
	assert_non_null(valid_error_id(errors, "since"));
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(json_object_get(errors, "since"), "args"), "last")), last);
	json_decref(errors);
	json_t *p = page(f->db, last, 10);
	assert_int_equal(json_integer_value(json_object_get(p, "count")), 0);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_moves_to_the_end, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_not_public_is_a_tombstone, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_accreditation_is_news, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bulk, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_past_the_end, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
