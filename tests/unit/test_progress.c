/* test_progress.c — progress updates: validation of every bad input,
 * the current status taken from the latest uncorrected update, corrections
 * (append-only: the corrected update stays, marked), the database refusing
 * any change to history, the timeline, permissions and audit entries. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors.h"
#include "audit.h"
#include "commitments.h"
#include "db.h"
#include "fixture.h"
#include "permission.h"
#include "progress.h"
#include "refdata.h"
#include "scope.h"
#include "standing.h"
#include "users.h"
#include "util.h"

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* ---- Validation --------------------------------------------------------------- */

static void expect_bad(json_t *in, const char *field)
{
	json_t *errors = json_object(), *clean = NULL;
	int n = progress_validate(in, "2025-06-15", errors, &clean);
	if (n < 1 || !json_object_get(errors, field)) {
		char *e = json_dumps(errors, 0), *i = json_dumps(in, 0);
		fail_msg("%s: expected an error on %s, got %s", i, field, e);
	}
	assert_null(clean);
	json_decref(errors);
	json_decref(in);
}

static void test_validate(void **state)
{
	(void)state;
	expect_bad(json_pack("{}"), "status");
	expect_bad(json_pack("{s:s}", "status", "finished"), "status");
	expect_bad(json_pack("{s:s, s:i}", "status", "in_progress", "percent", 101), "percent");
	expect_bad(json_pack("{s:s, s:i}", "status", "in_progress", "percent", -1), "percent");
	expect_bad(json_pack("{s:s, s:s}", "status", "in_progress", "percent", "50%"), "percent");
	expect_bad(json_pack("{s:s, s:s}", "status", "in_progress", "reported_at", "2025-06-16"),
	           "reported_at");
	expect_bad(json_pack("{s:s, s:s}", "status", "in_progress", "reported_at", "15/06/2025"),
	           "reported_at");
	expect_bad(json_pack("{s:s, s:[s]}", "status", "in_progress", "evidence",
	                     "javascript:alert(1)"), "evidence");
	expect_bad(json_pack("{s:s, s:[s]}", "status", "in_progress", "evidence",
	                     "ftp://example.org/report.pdf"), "evidence");
	expect_bad(json_pack("{s:s, s:[s]}", "status", "in_progress", "evidence", "https://"),
	           "evidence");
	expect_bad(json_pack("{s:s, s:[s]}", "status", "in_progress", "evidence",
	                     "https://example.org/a b"), "evidence");
	expect_bad(json_pack("{s:s, s:s}", "status", "in_progress", "evidence",
	                     "https://example.org/ok\nmailto:x@example.org"), "evidence");
	expect_bad(json_pack("{s:s, s:s}", "status", "in_progress", "milestone", "a\nb"),
	           "milestone");
	expect_bad(json_pack("{s:s, s:o}", "status", "in_progress", "narrative",
	                     json_stringn_nocheck("bad \xc3\x28", 6)), "narrative");
	expect_bad(json_pack("{s:s, s:[{s:i, s:s}]}", "status", "in_progress", "indicator_values",
	                     "indicator_id", 1, "value", "lots"), "indicator_values");
	expect_bad(json_pack("{s:s, s:s}", "status", "in_progress", "corrects", "first"),
	           "corrects");
	json_t *many = json_array();
	for (int i = 0; i < 21; i++) {
		char url[64];
		snprintf(url, sizeof url, "https://example.org/%d", i);
		json_array_append_new(many, json_string(url));
	}
	expect_bad(json_pack("{s:s, s:o}", "status", "in_progress", "evidence", many), "evidence");

	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s}, {s:i, s:s}]}",
	                       "status", "delayed", "percent", " 40 ", "reported_at", "2025-06-15",
	                       "evidence", "https://example.org/a\r\n\nHTTP://EXAMPLE.ORG/b",
	                       "indicator_values", "indicator_id", "3", "value", "12.5",
	                       "indicator_id", 4, "value", "");
	json_t *errors = json_object(), *clean = NULL;
	assert_int_equal(progress_validate(in, "2025-06-15", errors, &clean), 0);
	assert_int_equal(json_integer_value(json_object_get(clean, "percent")), 40);
	assert_int_equal(json_array_size(json_object_get(clean, "evidence")), 2);
	assert_int_equal(json_array_size(json_object_get(clean, "indicator_values")), 1);
	json_decref(clean);
	json_decref(errors);
	json_decref(in);

	/* The limits travel as arguments (validate.h), as the check used them. */
	in = json_pack("{s:s, s:i}", "status", "in_progress", "percent", 101);
	errors = json_object();
	assert_int_equal(progress_validate(in, "2025-06-15", errors, &clean), 1);
	assert_null(clean);
	json_t *e = json_object_get(errors, "percent");
	assert_string_equal(json_string_value(json_object_get(e, "id")),
	                    "The percentage must be a whole number from {min} to {max}.");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "args"), "max")), 100);
	json_decref(errors);
	json_decref(in);
}

/* ---- Writes -------------------------------------------------------------------- */

static int64_t add(struct fixture *f, const struct user *by, int64_t c, json_t *in,
                   const char *today)
{
	json_t *errors = json_object();
	int64_t id = 0;
	enum outcome rc = progress_add(f->db, by, c, in, errors, today, &id);
	if (rc != OUTCOME_OK) {
		char *e = json_dumps(errors, 0);
		fail_msg("progress_add: %d %s %s", rc, e, db_errmsg(f->db));
	}
	json_decref(errors);
	json_decref(in);
	return id;
}

static json_t *current(struct fixture *f, int64_t c)
{
	return db_json_row(f->db, "SELECT status, percent, milestone, last_report_date, "
	                   "activity_date, update_count FROM commitment WHERE id = $1",
	                   DB_ARGS(DB_INT(c)));
}

static void test_status_and_corrections(void **state)
{
	struct fixture *f = *state;
	int64_t c = create_with(f->db, f->mar, NULL);
	json_t *row = current(f, c);
	assert_string_equal(str(row, "status"), "planned");
	assert_true(json_is_null(json_object_get(row, "last_report_date")));
	json_decref(row);

	int64_t u1 = add(f, &f->fp_mar, c, json_pack("{s:s, s:s, s:i}", "status", "in_progress",
	                 "reported_at", "2025-01-31", "percent", 30), "2025-06-15");
	int64_t u2 = add(f, &f->fp_mar, c, json_pack("{s:s, s:s, s:i, s:s}", "status", "delayed",
	                 "reported_at", "2025-05-31", "percent", 35, "milestone", "Budget cut"),
	                 "2025-06-15");
	/* An update dated earlier does not displace the latest. */
	add(f, &f->fp_mar, c, json_pack("{s:s, s:s}", "status", "planned", "reported_at",
	    "2024-12-31"), "2025-06-15");
	row = current(f, c);
	assert_string_equal(str(row, "status"), "delayed");
	assert_int_equal(json_integer_value(json_object_get(row, "percent")), 35);
	assert_string_equal(str(row, "milestone"), "Budget cut");
	assert_string_equal(str(row, "last_report_date"), "2025-05-31");
	assert_string_equal(str(row, "activity_date"), "2025-05-31");
	assert_int_equal(json_integer_value(json_object_get(row, "update_count")), 3);
	json_decref(row);

	/* A correction of the latest: dated like it, it takes its place. */
	int64_t u4 = add(f, &f->fp_mar, c, json_pack("{s:s, s:i, s:I}", "status", "in_progress",
	                 "percent", 45, "corrects", (json_int_t)u2), "2025-06-15");
	row = current(f, c);
	assert_string_equal(str(row, "status"), "in_progress");
	assert_int_equal(json_integer_value(json_object_get(row, "percent")), 45);
	assert_true(json_is_null(json_object_get(row, "milestone")));
	assert_int_equal(json_integer_value(json_object_get(row, "update_count")), 4);
	json_decref(row);
	json_t *u = db_json_row(f->db, "SELECT reported_at, corrects FROM progress_update "
	                        "WHERE id = $1", DB_ARGS(DB_INT(u4)));
	assert_string_equal(str(u, "reported_at"), "2025-05-31");
	assert_int_equal(json_integer_value(json_object_get(u, "corrects")), u2);
	json_decref(u);

	/* The corrected update is still there, marked; correcting it again is
	 * refused (correct the correction instead). */
	json_t *errors = json_object();
	json_t *in = json_pack("{s:s, s:I}", "status", "achieved", "corrects", (json_int_t)u2);
	assert_int_equal(progress_add(f->db, &f->fp_mar, c, in, errors, "2025-06-15", NULL),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "corrects"));
	json_decref(in);
	json_object_clear(errors);
	/* Another commitment's update, or none at all. */
	int64_t other = create_with(f->db, f->mar, NULL);
	in = json_pack("{s:s, s:I}", "status", "achieved", "corrects", (json_int_t)u1);
	assert_int_equal(progress_add(f->db, &f->fp_mar, other, in, errors, NULL, NULL),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "corrects"));
	json_decref(in);
	json_object_clear(errors);
	in = json_pack("{s:s, s:i}", "status", "achieved", "corrects", 999999);
	assert_int_equal(progress_add(f->db, &f->fp_mar, c, in, errors, NULL, NULL),
	                 OUTCOME_INVALID);
	json_decref(in);
	json_object_clear(errors);
	/* An indicator of another commitment. */
	int64_t foreign = scalar(f->db, "SELECT id FROM commitment_indicator WHERE commitment_id = $1",
	                         DB_ARGS(DB_INT(other)));
	in = json_pack("{s:s, s:[{s:I, s:i}]}", "status", "in_progress", "indicator_values",
	               "indicator_id", (json_int_t)foreign, "value", 3);
	assert_int_equal(progress_add(f->db, &f->fp_mar, c, in, errors, NULL, NULL),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "indicator_values"));
	json_decref(in);
	assert_int_equal(progress_add(f->db, &f->fp_mar, c + 1000, NULL, errors, NULL, NULL),
	                 OUTCOME_NOT_FOUND);
	json_decref(errors);

	/* Correcting the correction; then the timeline. */
	add(f, &f->fp_mar, c, json_pack("{s:s, s:i, s:I, s:s}", "status", "achieved",
	    "percent", 100, "corrects", (json_int_t)u4, "narrative", "# Done\n\n<script>x</script>"),
	    "2025-06-15");
	row = current(f, c);
	assert_string_equal(str(row, "status"), "achieved");
	json_decref(row);
	json_t *t = progress_timeline(f->db, "en", c);
	json_t *list = json_object_get(t, "updates");
	assert_int_equal(json_array_size(list), 5);
	json_t *first = json_array_get(list, 0);
	assert_string_equal(str(first, "status"), "achieved");
	assert_false(json_is_true(json_object_get(first, "corrected")));
	assert_null(strstr(str(first, "narrative_html"), "<script>"));
	assert_non_null(strstr(str(first, "narrative_html"), "<h3>Done</h3>"));
	size_t i;
	json_t *e;
	int corrected = 0;
	json_array_foreach(list, i, e)
		corrected += json_is_true(json_object_get(e, "corrected"));
	assert_int_equal(corrected, 2);
	json_decref(t);
}

static void test_append_only(void **state)
{
	struct fixture *f = *state;
	int64_t c = create_with(f->db, f->mar, NULL);
	int64_t ind = scalar(f->db, "SELECT id FROM commitment_indicator WHERE commitment_id = $1",
	                     DB_ARGS(DB_INT(c)));
	int64_t u = add(f, &f->fp_mar, c, json_pack("{s:s, s:[s], s:[{s:I, s:i}]}", "status",
	                "in_progress", "evidence", "https://example.org/r", "indicator_values",
	                "indicator_id", (json_int_t)ind, "value", 7), NULL);
	/* The database itself refuses to rewrite history. */
	static const char *const rewrites[] = {
		"UPDATE progress_update SET status = 'achieved' WHERE id = $1",
		"DELETE FROM progress_update WHERE id = $1",
		"UPDATE progress_evidence SET url = 'https://evil.example' WHERE update_id = $1",
		"DELETE FROM progress_evidence WHERE update_id = $1",
		"UPDATE progress_indicator_value SET value = 0 WHERE update_id = $1",
		"DELETE FROM progress_indicator_value WHERE update_id = $1",
	};
	for (size_t i = 0; i < ARRAY_LEN(rewrites); i++) {
		assert_int_equal(db_begin(f->db), 0);
		if (db_exec(f->db, rewrites[i], DB_ARGS(DB_INT(u))) >= 0)
			fail_msg("%s was allowed", rewrites[i]);
		assert_non_null(strstr(db_errmsg(f->db), "append-only"));
		db_rollback(f->db);
	}
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM progress_update", NO_ARGS), 1);
	/* Audited on the commitment, with what was reported. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = 'progress.add' "
	                 "AND object_type = 'commitment' AND object_id = CAST($1 AS TEXT) "
	                 "AND changes LIKE '%example.org/r%'", DB_ARGS(DB_INT(c))), 1);
}

static void test_permissions_timeline(void **state)
{
	struct fixture *f = *state;
	int64_t c = create_with(f->db, f->partner, NULL);
	json_t *errors = json_object();
	json_t *in = json_pack("{s:s}", "status", "in_progress");
	assert_int_equal(progress_add(f->db, &f->editor2, c, in, errors, NULL, NULL),
	                 OUTCOME_DENIED);
	assert_int_equal(progress_add(f->db, &f->fp_mar, c, in, errors, NULL, NULL),
	                 OUTCOME_DENIED);
	assert_int_equal(progress_add(f->db, &f->reviewer, c, in, errors, NULL, NULL),
	                 OUTCOME_DENIED);
	/* Denied before any complaint about the input. */
	json_t *bad = json_pack("{s:i}", "percent", 500);
	assert_int_equal(progress_add(f->db, &f->editor2, c, bad, errors, NULL, NULL),
	                 OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'denied:progress.add'", NO_ARGS), 4);
	assert_int_equal(progress_add(f->db, &f->editor, c, bad, errors, NULL, NULL),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "percent"));
	assert_non_null(json_object_get(errors, "status"));
	json_decref(bad);
	/* A form's own findings left in errors also stop the write. */
	assert_int_equal(progress_add(f->db, &f->editor, c, in, errors, NULL, NULL),
	                 OUTCOME_INVALID);
	json_object_clear(errors);
	int64_t id = 0;
	assert_int_equal(progress_add(f->db, &f->editor, c, in, errors, "2025-02-01", &id),
	                 OUTCOME_OK);
	assert_int_equal(progress_add(f->db, &f->op, c, in, errors, NULL, NULL), OUTCOME_OK);
	assert_int_equal(progress_add(f->db, NULL, c, in, errors, NULL, NULL), OUTCOME_OK);
	json_decref(in);
	json_decref(errors);

	json_t *one = progress_get(f->db, "fr", id);
	assert_non_null(one);
	assert_string_equal(str(one, "status_label"), "In progress");
	assert_string_equal(str(one, "reported_at"), "2025-02-01");
	/* Issue 11, finding 15: the organisation that reported, never the
	 * person's account id or name. */
	assert_null(json_object_get(one, "author"));
	json_t *by = json_object_get(one, "reported_by");
	assert_int_equal(json_integer_value(json_object_get(by, "id")), f->partner);
	assert_string_equal(str(by, "name"), "Réseau Migrants Solidaires");
	char *dump = json_dumps(one, 0);
	assert_null(strstr(dump, "ed@reseau.example"));
	free(dump);
	json_t *cm = json_object_get(one, "commitment");
	assert_int_equal(json_integer_value(json_object_get(cm, "id")), c);
	json_decref(one);
	one = progress_get(f->db, "en", id + 1000);
	assert_true(json_is_null(one));
	json_decref(one);

	/* The latest updates of a scope, newest first. */
	struct scope s = {.actor_id = f->partner};
	json_t *latest = progress_latest(f->db, "en", &s, 2, 0);
	assert_int_equal(json_array_size(latest), 2);
	assert_true(json_integer_value(json_object_get(json_array_get(latest, 0), "id")) >
	            json_integer_value(json_object_get(json_array_get(latest, 1), "id")));
	json_decref(latest);
	s = (struct scope){.country = "SEN"};
	latest = progress_latest(f->db, "en", &s, 10, 0);
	assert_int_equal(json_array_size(latest), 0);
	json_decref(latest);
	/* The commitment page carries the timeline. */
	json_t *page = progress_page(f->db, "en", c, NULL);
	assert_int_equal(json_array_size(json_object_get(page, "updates")), 3);
	assert_string_equal(str(json_object_get(page, "commitment"), "status"), "in_progress");
	json_decref(page);
}

/* Reports one update on commitment c, as the operator, dated `date`. */
static int64_t report(struct fixture *f, int64_t c, const char *date)
{
	return add(f, NULL, c, json_pack("{s:s, s:s}", "status", "in_progress", "reported_at", date),
	           "2025-07-01");
}

static void expect_ids(json_t *list, const int64_t *ids, size_t n)
{
	assert_non_null(list);
	assert_int_equal(json_array_size(list), n);
	for (size_t i = 0; i < n; i++)
		if (json_integer_value(json_object_get(json_array_get(list, i), "id")) != ids[i])
			fail_msg("item %zu: %lld, expected %lld", i,
			         (long long)json_integer_value(json_object_get(json_array_get(list, i), "id")),
			         (long long)ids[i]);
	json_decref(list);
}

/* A page's latest reports are the newest by the date they report for,
 * then id — not by when they were recorded (issue 10: a country page put
 * a report recorded today about last year above this month's). Read the
 * same whether the scope is gathered or walked. The feed's recent updates
 * stay in the order they were recorded. */
static void test_latest_by_report_date(void **state)
{
	struct fixture *f = *state;
	int64_t c1 = create_with(f->db, f->mar, NULL), c2 = create_with(f->db, f->mar, NULL);
	int64_t c3 = create_with(f->db, f->mar, NULL), c4 = create_with(f->db, f->mar, NULL);
	int64_t u1 = report(f, c1, "2025-06-01");
	int64_t u2 = report(f, c2, "2025-01-15");
	int64_t u3 = report(f, c3, "2025-03-01");
	int64_t u3b = report(f, c3, "2024-12-01");   /* recorded last, the oldest report */
	int64_t u4 = report(f, c4, "2025-06-01");    /* the same day as u1, recorded later */
	struct scope mar = {.country = "MAR"};
	int64_t big = (int64_t)1 << 40;
	const int64_t all[] = {u4, u1, u3, u2, u3b};
	expect_ids(progress_latest(f->db, "en", &mar, 10, 0), all, 5);
	expect_ids(progress_latest(f->db, "en", &mar, 10, big), all, 5);
	expect_ids(progress_latest(f->db, "en", NULL, 10, 0), all, 5);
	/* Cut anywhere, the first ones are the same: ties on a date are all read. */
	for (size_t n = 1; n <= 5; n++) {
		expect_ids(progress_latest(f->db, "en", &mar, (int)n, 0), all, n);
		expect_ids(progress_latest(f->db, "en", &mar, (int)n, big), all, n);
	}
	const int64_t recorded[] = {u4, u3b, u3, u2, u1};
	expect_ids(progress_recent(f->db, "en", &mar, 10), recorded, 5);
	/* The country's standing shows the same. */
	json_t *st = standing_country(f->db, "en", "MAR", 2, "2025-07-01");
	const int64_t two[] = {u4, u1};
	expect_ids(json_incref(json_object_get(st, "latest_updates")), two, 2);
	json_decref(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test_setup_teardown(test_status_and_corrections, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_append_only, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_permissions_timeline, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_latest_by_report_date, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
