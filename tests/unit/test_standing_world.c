/* test_standing_world.c — where the World stands (/regions/001) from the
 * running counts of schema/0041_world_standing.sql: the tallies (by month,
 * by day) stay equal to what the commitments give after every kind of
 * write (create, edit, progress update, withdrawal and its undoing, rows
 * written by hand), and the World's standing read from them equals the GROUP BY over the
 * commitments it replaced, on synthetic data, day after day across every
 * month boundary and the leap days the 24-month cut-off clamps. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "commitments.h"
#include "dates.h"
#include "db.h"
#include "demo.h"
#include "fixture.h"
#include "progress.h"
#include "standing.h"
#include "util.h"

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* The first day a commitment last active on `col` is inactive, as the
 * migration computes it (the same text on both backends). */
#define INACTIVE_FROM(col) "(CASE WHEN substr(" col ", 6, 5) = '02-29' THEN " \
	"CAST(CAST(substr(" col ", 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01' ELSE " \
	"CAST(CAST(substr(" col ", 1, 4) AS INTEGER) + 2 AS TEXT) || substr(" col ", 5) END)"
#define KEY "coalesce(status, ''), coalesce(level, '')"
#define LIVE "FROM commitment WHERE withdrawn_at IS NULL AND hidden_at IS NULL"

/* Rows of tally_standing_world (width 7: by month) or of
 * tally_standing_world_day (10: by day) that differ from what the
 * commitments give: 0 when in step. */
static int64_t stale_in(struct db *db, const char *table, const char *col, int width)
{
	char sql[2048];
	snprintf(sql, sizeof sql,
		"SELECT count(*) FROM (SELECT status, level, what, k FROM ("
		"SELECT status, level, what, %s AS k, n FROM %s UNION ALL "
		"SELECT " KEY ", 'a', coalesce(substr(activity_date, 1, %d), ''), -1 " LIVE " UNION ALL "
		"SELECT " KEY ", 's', substr(target_date, 1, %d), -1 " LIVE
		" AND target_date < " INACTIVE_FROM("activity_date") " UNION ALL "
		"SELECT " KEY ", 'e', substr(activity_date, 1, %d), -1 " LIVE
		" AND target_date < " INACTIVE_FROM("activity_date") ") u "
		"GROUP BY status, level, what, k HAVING sum(n) <> 0) d", col, table, width, width,
		width);
	return scalar(db, sql, NO_ARGS);
}

static int64_t stale_world(struct db *db)
{
	return stale_in(db, "tally_standing_world", "month", 7) +
	       stale_in(db, "tally_standing_world_day", "day", 10);
}

/* The count of code in a model's list ({key: code, count}). */
static int64_t count_of(const json_t *list, const char *key, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
		if (strcmp(json_string_value(json_object_get(e, key)), code) == 0)
			return num(e, "count");
	return 0;
}

/* The World's standing on `day` against the GROUP BY over the commitments
 * the running counts replaced. */
static void assert_world_on(struct db *db, const char *day)
{
	char before[DATE_LEN + 1];
	date_minus_months(day, 24, before);
	json_t *m = standing_region(db, "en", "001", 0, day);
	assert_non_null(m);
	const json_t *s = json_object_get(m, "standing");
	json_t *want = db_json_rows(db,
		"SELECT status, level, count(*) AS n, sum(CASE WHEN status IN ('achieved', "
		"'discontinued') OR activity_date > $2 THEN 1 ELSE 0 END) AS active, "
		"sum(CASE WHEN status NOT IN ('achieved', 'discontinued') AND target_date < $1 "
		"AND activity_date > $2 THEN 1 ELSE 0 END) AS overdue " LIVE " GROUP BY status, level",
		DB_ARGS(DB_TEXT(day), DB_TEXT(before)));
	assert_non_null(want);
	int64_t total = 0, active = 0, overdue = 0, achieved = 0;
	json_t *by_status = json_object(), *by_level = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(want, i, row) {
		const char *st = json_string_value(json_object_get(row, "status"));
		const char *lv = json_string_value(json_object_get(row, "level"));
		total += num(row, "n");
		active += num(row, "active");
		overdue += num(row, "overdue");
		achieved += strcmp(st, "achieved") == 0 ? num(row, "active") : 0;
		json_object_set_new(by_status, st, json_integer(
			json_integer_value(json_object_get(by_status, st)) + num(row, "active")));
		json_object_set_new(by_level, lv, json_integer(
			json_integer_value(json_object_get(by_level, lv)) + num(row, "active")));
	}
	if (num(s, "total") != total || num(s, "active") != active ||
	    num(s, "overdue") != overdue || num(s, "achieved") != achieved)
		fail_msg("World on %s: %lld/%lld/%lld/%lld, want %lld/%lld/%lld/%lld", day,
		         (long long)num(s, "total"), (long long)num(s, "active"),
		         (long long)num(s, "overdue"), (long long)num(s, "achieved"),
		         (long long)total, (long long)active, (long long)overdue,
		         (long long)achieved);
	const char *k;
	json_t *v;
	json_object_foreach(by_status, k, v)
		assert_int_equal(count_of(json_object_get(s, "by_status"), "status", k),
		                 json_integer_value(v));
	json_object_foreach(by_level, k, v)
		assert_int_equal(count_of(json_object_get(s, "by_level"), "level", k),
		                 json_integer_value(v));
	json_decref(by_status);
	json_decref(by_level);
	json_decref(want);
	json_decref(m);
}

static void progress(struct fixture *f, int64_t c, const char *status, const char *date)
{
	json_t *in = json_pack("{s:s, s:s}", "status", status, "reported_at", date);
	json_t *errors = json_object();
	if (progress_add(f->db, NULL, c, in, errors, "2026-01-01", NULL) != OUTCOME_OK)
		fail_msg("progress_add: %s", db_errmsg(f->db));
	json_decref(in);
	json_decref(errors);
}

static void by_hand(struct db *db, const char *sql, int64_t id)
{
	assert_int_equal(db_begin(db), 0);
	if (db_exec(db, sql, DB_ARGS(DB_INT(id))) != 1)
		fail_msg("%s: %s", sql, db_errmsg(db));
	assert_int_equal(db_commit(db), 0);
}

static void test_world_follows_writes(void **state)
{
	struct fixture *f = *state;
	const char *day = "2026-01-01";
	int64_t a = create_with(f->db, f->mar, json_pack("{s:s}", "target_date", "2025-06-30"));
	int64_t b = create_with(f->db, f->sen, json_pack("{s:s, s:[s, s]}", "level", "regional",
	                        "countries", "SEN", "MLI"));
	assert_int_equal(stale_world(f->db), 0);
	assert_world_on(f->db, day);
	json_t *m = standing_region(f->db, "en", "001", 0, day);
	assert_int_equal(num(json_object_get(m, "standing"), "overdue"), 1);
	json_decref(m);
	progress(f, a, "achieved", "2025-12-20");
	progress(f, b, "delayed", "2025-11-02");
	assert_int_equal(stale_world(f->db), 0);
	assert_world_on(f->db, day);
	/* Withdrawn: out of every count; back: in again. */
	by_hand(f->db, "UPDATE commitment SET withdrawn_at = '2025-12-30T00:00:00.000Z' "
	        "WHERE id = $1", b);
	assert_int_equal(stale_world(f->db), 0);
	m = standing_region(f->db, "en", "001", 0, day);
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 1);
	json_decref(m);
	by_hand(f->db, "UPDATE commitment SET withdrawn_at = NULL WHERE id = $1", b);
	/* Hidden by a flag (0040): out too; restored: in again. */
	by_hand(f->db, "UPDATE commitment SET hidden_at = '2025-12-30T00:00:00.000Z' "
	        "WHERE id = $1", a);
	assert_int_equal(stale_world(f->db), 0);
	m = standing_region(f->db, "en", "001", 0, day);
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 1);
	json_decref(m);
	by_hand(f->db, "UPDATE commitment SET hidden_at = NULL WHERE id = $1", a);
	assert_int_equal(stale_world(f->db), 0);
	/* Dates and level written by hand, as an import or a repair would. */
	by_hand(f->db, "UPDATE commitment SET activity_date = '2020-02-29', "
	        "target_date = '2021-01-31', start_date = NULL, level = 'national' "
	        "WHERE id = $1", b);
	assert_int_equal(stale_world(f->db), 0);
	const char *const days[] = {"2021-02-01", "2022-02-28", "2022-03-01",
	                                   "2022-03-02", day};
	for (size_t i = 0; i < ARRAY_LEN(days); i++)
		assert_world_on(f->db, days[i]);
}

static void test_world_on_demo(void **state)
{
	struct fixture *f = *state;
	struct demo_options o = {.scale = 300, .seed = 5};
	struct demo_result r;
	assert_int_equal(demo_generate(f->db, &o, &r), 0);
	assert_int_equal(stale_world(f->db), 0);
	/* Every 28 days from 2024 to mid-2028 (so a day in every month, at
	 * every distance from its start in turn), as test_standing sweeps an
	 * objective, and the leap days. */
	static const char *const leap[] = {"2026-02-28", "2026-03-01", "2028-02-28",
	                                   "2028-02-29", "2028-03-01"};
	for (size_t i = 0; i < ARRAY_LEN(leap); i++)
		assert_world_on(f->db, leap[i]);
	char on[DATE_LEN + 1] = "2024-01-01";
	while (strcmp(on, "2028-07-01") < 0) {
		assert_world_on(f->db, on);
		char next[DATE_LEN + 1];
		date_plus_days(on, 28, next);
		memcpy(on, next, sizeof on);
	}
	json_t *m = standing_region(f->db, "en", "001", 0, DEMO_EPOCH);
	const json_t *s = json_object_get(m, "standing");
	assert_true(num(s, "inactive") > 0 && num(s, "overdue") > 0 && num(s, "achieved") > 0);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_world_follows_writes, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_world_on_demo, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
