/* test_feed.c — the Atom feed's entries (feed.h): new commitments and
 * progress updates merged newest first, filtered by country and
 * objective, each titled once. */
#include "unit.h"

#include <string.h>

#include "commitments.h"
#include "db.h"
#include "feed.h"
#include "fixture.h"
#include "progress.h"
#include "users.h"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_feed(void **state)
{
	struct fixture *f = *state;
	int64_t a = create_with(f->db, f->mar, json_pack("{s:[i]}", "objectives", 5));
	create_with(f->db, f->sen, json_pack("{s:[i], s:[s]}", "objectives", 6, "countries", "SEN"));
	json_t *errors = json_object();
	json_t *up = json_pack("{s:s, s:s}", "status", "in_progress", "narrative", "Half done.");
	assert_int_equal(progress_add(f->db, &f->fp_mar, a, up, errors, NULL, NULL), OUTCOME_OK);
	json_decref(up);
	json_decref(errors);
	json_t *feed = feed_entries(f->db, "en", NULL, 0, 10);
	assert_non_null(feed);
	assert_int_equal(json_array_size(json_object_get(feed, "entries")), 3);
	assert_string_equal(str(json_array_get(json_object_get(feed, "entries"), 0), "type"),
	                    "update");
	json_decref(feed);
	feed = feed_entries(f->db, "en", "MAR", 0, 10);
	assert_int_equal(json_array_size(json_object_get(feed, "entries")), 2);
	json_decref(feed);
	feed = feed_entries(f->db, "en", NULL, 6, 10);
	assert_int_equal(json_array_size(json_object_get(feed, "entries")), 1);
	json_decref(feed);
}

/* An update's entry is titled with its commitment's title alone, like a
 * commitment's entry: the view adds the words for the kind of entry
 * ("Progress update: …"), and it once found them there already and wrote
 * "Progress update: Progress update: …" (issue 10). */
static void test_update_title_once(void **state)
{
	struct fixture *f = *state;
	int64_t a = create_with(f->db, f->mar, json_pack("{s:s}", "title", "Open 12 desks"));
	json_t *errors = json_object();
	json_t *up = json_pack("{s:s}", "status", "in_progress");
	assert_int_equal(progress_add(f->db, &f->fp_mar, a, up, errors, NULL, NULL), OUTCOME_OK);
	json_decref(up);
	json_decref(errors);
	const char *locales[] = {"en", "fr"};
	for (size_t k = 0; k < 2; k++) {
		json_t *feed = feed_entries(f->db, locales[k], NULL, 0, 10);
		assert_non_null(feed);
		size_t i, updates = 0;
		json_t *e;
		json_array_foreach(json_object_get(feed, "entries"), i, e) {
			assert_string_equal(str(e, "title"), "Open 12 desks");
			updates += strcmp(str(e, "type"), "update") == 0;
		}
		assert_int_equal(updates, 1);
		json_decref(feed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_feed, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_update_title_once, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
