/* test_dashboard.c — the dashboard's running tallies (schema/0019) stay
 * equal to a GROUP BY of what they count through every kind of write
 * (creation, edit of objectives and countries, progress, corrections,
 * rows written and removed by hand; practices and hub items for 0023's
 * tallies, assessments for its assessed count; 0028's series by month),
 * on both backends; dashboard_counts reads them as the rules say; and the charts' geometry (chart.h). */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "commitments.h"
#include "dashboard.h"
#include "db.h"
#include "demo.h"
#include "fixture.h"
#include "progress.h"
#include "util.h"

/* Each tally and the GROUP BY it must equal (rows with n = 0 left out). */
static const struct {
	const char *tally, *source;
} pairs[] = {
	{"SELECT objective, status, n FROM tally_objective_status WHERE n <> 0",
	 "SELECT objective, coalesce(status, ''), count(*) FROM commitment_objective "
	 "GROUP BY objective, coalesce(status, '')"},
	{"SELECT iso3, status, n FROM tally_country_status WHERE n <> 0",
	 "SELECT iso3, coalesce(status, ''), count(*) FROM commitment_country "
	 "GROUP BY iso3, coalesce(status, '')"},
	{"SELECT objective, region, status, n FROM tally_objective_region WHERE n <> 0",
	 "SELECT o.objective, k.region_once, coalesce(o.status, ''), count(*) "
	 "FROM commitment_objective o JOIN commitment_country k ON k.commitment_id = o.commitment_id "
	 "WHERE k.region_once IS NOT NULL GROUP BY o.objective, k.region_once, coalesce(o.status, '')"},
	{"SELECT objective, iso3, status, n FROM tally_objective_country WHERE n <> 0",
	 "SELECT o.objective, k.iso3, coalesce(o.status, ''), count(*) "
	 "FROM commitment_objective o JOIN commitment_country k ON k.commitment_id = o.commitment_id "
	 "GROUP BY o.objective, k.iso3, coalesce(o.status, '')"},
	{"SELECT status, activity_date, n FROM tally_activity WHERE n <> 0",
	 "SELECT status, coalesce(activity_date, ''), count(*) FROM commitment "
	 "GROUP BY status, coalesce(activity_date, '')"},
	{"SELECT month, n FROM tally_created WHERE n <> 0",
	 "SELECT substr(created_at, 1, 7), count(*) FROM commitment GROUP BY substr(created_at, 1, 7)"},
	{"SELECT month, n FROM tally_reported WHERE n <> 0",
	 "SELECT substr(reported_at, 1, 7), count(*) FROM progress_update "
	 "GROUP BY substr(reported_at, 1, 7)"},
	/* schema/0023 */
	{"SELECT objective, status, n FROM tally_practice_objective WHERE n <> 0",
	 "SELECT o.objective, p.status, count(*) FROM practice_objective o "
	 "JOIN practice p ON p.id = o.practice_id GROUP BY o.objective, p.status"},
	{"SELECT side, objective, status, n FROM tally_hub_objective WHERE n <> 0",
	 "SELECT i.side, o.objective, i.status, count(*) FROM hub_item_objective o "
	 "JOIN hub_item i ON i.id = o.item_id GROUP BY i.side, o.objective, i.status"},
	{"SELECT iso3, status, n FROM tally_practice_country WHERE n <> 0",
	 "SELECT k.iso3, p.status, count(*) FROM practice_country k "
	 "JOIN practice p ON p.id = k.practice_id GROUP BY k.iso3, p.status"},
	{"SELECT side, iso3, status, n FROM tally_hub_country WHERE n <> 0",
	 "SELECT i.side, k.iso3, i.status, count(*) FROM hub_item_country k "
	 "JOIN hub_item i ON i.id = k.item_id GROUP BY i.side, k.iso3, i.status"},
	{"SELECT iso3, status, activity_date, n FROM tally_country_activity WHERE n <> 0",
	 "SELECT k.iso3, c.status, coalesce(c.activity_date, ''), count(*) FROM commitment_country k "
	 "JOIN commitment c ON c.id = k.commitment_id "
	 "GROUP BY k.iso3, c.status, coalesce(c.activity_date, '')"},
	/* once per region, as /practices?region= lists them */
	{"SELECT region, status, n FROM tally_practice_region WHERE n <> 0",
	 "SELECT r.m49, p.status, count(*) FROM practice p JOIN region r ON r.level = 'region' "
	 "WHERE EXISTS (SELECT 1 FROM practice_region x WHERE x.practice_id = p.id "
	 "AND x.m49 = r.m49) OR EXISTS (SELECT 1 FROM practice_country x JOIN country k "
	 "ON k.iso3 = x.iso3 WHERE x.practice_id = p.id AND k.region_m49 = r.m49) "
	 "GROUP BY r.m49, p.status"},
	{"SELECT side, region, status, n FROM tally_hub_region WHERE n <> 0",
	 "SELECT i.side, r.m49, i.status, count(*) FROM hub_item i JOIN region r "
	 "ON r.level = 'region' WHERE EXISTS (SELECT 1 FROM hub_item_country x JOIN country k "
	 "ON k.iso3 = x.iso3 WHERE x.item_id = i.id AND k.region_m49 = r.m49) "
	 "GROUP BY i.side, r.m49, i.status"},
	{"SELECT status, completion, n FROM tally_assessed WHERE n <> 0",
	 "SELECT c.status, a.completion, count(*) FROM assessment a JOIN commitment c "
	 "ON c.id = a.commitment_id WHERE a.status = 'final' AND a.id = (SELECT max(l.id) "
	 "FROM assessment l WHERE l.commitment_id = a.commitment_id AND l.status = 'final') "
	 "GROUP BY c.status, a.completion"},
	/* An objective's assessed commitments as assessments.c counts them
	 * (from assessment_latest) equal the latest final ones by hand. */
	{"SELECT o.objective, l.completion, count(*) FROM assessment_latest l "
	 "CROSS JOIN commitment_objective o WHERE o.commitment_id = l.commitment_id "
	 "GROUP BY o.objective, l.completion",
	 "SELECT o.objective, a.completion, count(*) FROM assessment a JOIN commitment_objective o "
	 "ON o.commitment_id = a.commitment_id WHERE a.status = 'final' AND a.id = (SELECT max(l.id) "
	 "FROM assessment l WHERE l.commitment_id = a.commitment_id AND l.status = 'final') "
	 "GROUP BY o.objective, a.completion"},
	/* The series by month (schema/0028). */
	{"SELECT month, status, n FROM tally_practice_month WHERE n <> 0",
	 "SELECT substr(coalesce(published_at, ''), 1, 7), status, count(*) FROM practice "
	 "GROUP BY substr(coalesce(published_at, ''), 1, 7), status"},
	{"SELECT side, month, status, n FROM tally_hub_month WHERE n <> 0",
	 "SELECT side, substr(created_at, 1, 7), status, count(*) FROM hub_item "
	 "GROUP BY side, substr(created_at, 1, 7), status"},
	{"SELECT month, n FROM tally_assessment_month WHERE n <> 0",
	 "SELECT substr(finalised_at, 1, 7), count(*) FROM assessment WHERE status = 'final' "
	 "GROUP BY substr(finalised_at, 1, 7)"},
};

static void assert_tallies(struct db *db)
{
	for (size_t i = 0; i < ARRAY_LEN(pairs); i++) {
		char sql[2048];
		snprintf(sql, sizeof sql, "SELECT (SELECT count(*) FROM (%s EXCEPT %s) AS a) + "
		         "(SELECT count(*) FROM (%s EXCEPT %s) AS b)", pairs[i].tally, pairs[i].source,
		         pairs[i].source, pairs[i].tally);
		int64_t n = scalar(db, sql, NO_ARGS);
		if (n != 0)
			fail_msg("%s: %lld rows differ from %s", pairs[i].tally, (long long)n,
			         pairs[i].source);
	}
}

static void edit(struct fixture *f, int64_t id, json_t *changes)
{
	json_t *in = commitments_form_values(f->db, id), *errors = json_object();
	assert_true(json_is_object(in));
	json_object_update(in, changes);
	json_object_del(in, "updated_at");
	assert_int_equal(commitments_update(f->db, NULL, id, in, errors), OUTCOME_OK);
	json_decref(in);
	json_decref(errors);
	json_decref(changes);
}

static void report(struct fixture *f, int64_t c, const char *status, const char *date,
                   int64_t corrects)
{
	json_t *in = json_pack("{s:s, s:s}", "status", status, "reported_at", date);
	if (corrects)
		json_object_set_new(in, "corrects", json_integer(corrects));
	json_t *errors = json_object();
	assert_int_equal(progress_add(f->db, NULL, c, in, errors, "2026-01-01", NULL), OUTCOME_OK);
	json_decref(in);
	json_decref(errors);
}

static void test_tallies_follow_writes(void **state)
{
	struct fixture *f = *state;
	assert_tallies(f->db);
	struct demo_options o = {.scale = 200, .seed = 5, .practices = 5};
	struct demo_result r;
	assert_int_equal(demo_generate(f->db, &o, &r), 0);
	assert_tallies(f->db);

	/* A regional commitment in two regions, then edited: objectives and
	 * countries change, a country moves the region marks. */
	int64_t c = create_with(f->db, f->sen, json_pack("{s:s, s:[i, i], s:[s, s, s]}", "level",
		"regional", "objectives", 3, 7, "countries", "SEN", "MLI", "FRA"));
	assert_tallies(f->db);
	edit(f, c, json_pack("{s:[i, i], s:[s, s]}", "objectives", 7, 9, "countries", "MLI", "ESP"));
	assert_tallies(f->db);
	report(f, c, "in_progress", "2025-11-02", 0);
	assert_tallies(f->db);
	report(f, c, "achieved", "2025-12-20", 0);
	int64_t last = scalar(f->db, "SELECT max(id) FROM progress_update", NO_ARGS);
	report(f, c, "delayed", "2025-12-21", last);
	assert_tallies(f->db);

	/* Rows written and removed by hand. */
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "INSERT INTO commitment_objective (commitment_id, objective) "
	                    "VALUES ($1, 12)", DB_ARGS(DB_INT(c))) == 1);
	assert_true(db_exec(f->db, "INSERT INTO commitment_country (commitment_id, iso3) "
	                    "VALUES ($1, 'DZA')", DB_ARGS(DB_INT(c))) == 1);
	assert_true(db_exec(f->db, "DELETE FROM commitment_country WHERE commitment_id = $1 "
	                    "AND iso3 = 'DZA'", DB_ARGS(DB_INT(c))) == 1);
	assert_true(db_exec(f->db, "DELETE FROM commitment_country WHERE commitment_id = $1 "
	                    "AND iso3 = 'MLI'", DB_ARGS(DB_INT(c))) == 1);
	assert_true(db_exec(f->db, "DELETE FROM commitment_objective WHERE commitment_id = $1 "
	                    "AND objective = 9", DB_ARGS(DB_INT(c))) == 1);
	assert_int_equal(db_commit(f->db), 0);
	assert_tallies(f->db);

	/* A practice and a hub item change status, and lose an objective. */
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "UPDATE practice SET status = 'archived' WHERE id = "
	                    "(SELECT min(id) FROM practice WHERE status = 'published')", NO_ARGS) == 1);
	assert_true(db_exec(f->db, "DELETE FROM practice_objective WHERE practice_id = "
	                    "(SELECT max(practice_id) FROM practice_objective) AND objective = "
	                    "(SELECT min(objective) FROM practice_objective WHERE practice_id = "
	                    "(SELECT max(practice_id) FROM practice_objective))", NO_ARGS) == 1);
	assert_true(db_exec(f->db, "DELETE FROM practice_country WHERE practice_id = "
	                    "(SELECT max(practice_id) FROM practice_country) AND iso3 = "
	                    "(SELECT min(iso3) FROM practice_country WHERE practice_id = "
	                    "(SELECT max(practice_id) FROM practice_country))", NO_ARGS) == 1);
	assert_true(db_exec(f->db, "DELETE FROM hub_item_country WHERE item_id = "
	                    "(SELECT max(item_id) FROM hub_item_country) AND iso3 = "
	                    "(SELECT min(iso3) FROM hub_item_country WHERE item_id = "
	                    "(SELECT max(item_id) FROM hub_item_country))", NO_ARGS) == 1);
	assert_true(db_exec(f->db, "INSERT INTO practice_region (practice_id, m49) SELECT "
	                    "min(id), '002' FROM practice", NO_ARGS) == 1);
	assert_true(db_exec(f->db, "INSERT INTO practice_country (practice_id, iso3) SELECT "
	                    "min(id), 'MAR' FROM practice WHERE id NOT IN (SELECT practice_id "
	                    "FROM practice_country WHERE iso3 = 'MAR')", NO_ARGS) == 1);
	assert_tallies(f->db);
	assert_true(db_exec(f->db, "DELETE FROM practice_region WHERE m49 = '002' AND "
	                    "practice_id = (SELECT min(id) FROM practice)", NO_ARGS) == 1);
	assert_true(db_exec(f->db, "UPDATE practice SET status = 'archived' WHERE id = "
	                    "(SELECT min(id) FROM practice)", NO_ARGS) >= 0);
	assert_true(db_exec(f->db, "UPDATE hub_item SET status = 'closed', outcome = 'Done.' "
	                    "WHERE id = (SELECT min(id) FROM hub_item WHERE side = 'need')",
	                    NO_ARGS) == 1);
	/* A publication date corrected moves a practice between months. */
	assert_true(db_exec(f->db, "UPDATE practice SET published_at = '2019-03-04T00:00:00.000Z' "
	                    "WHERE id = (SELECT max(id) FROM practice WHERE status = 'published')",
	                    NO_ARGS) == 1);
	assert_true(db_exec(f->db, "DELETE FROM hub_item_objective WHERE item_id = "
	                    "(SELECT max(item_id) FROM hub_item_objective) AND objective = "
	                    "(SELECT min(objective) FROM hub_item_objective WHERE item_id = "
	                    "(SELECT max(item_id) FROM hub_item_objective))", NO_ARGS) == 1);

	/* An assessment finalised, a newer one arriving final, an older one
	 * finalised after it (not the latest), then the owner's status. */
	static const char ins[] = "INSERT INTO assessment (commitment_id, verifiable, relevance, "
		"completion, narrative, status, comment_opens, comment_closes, created_at, "
		"finalised_at) VALUES ($1, 1, 'relevant', $2, 'Seen.', $3, '2025-01-01', "
		"'2025-02-01', '2025-01-01T00:00:00.000Z', $4)";
	assert_true(db_exec(f->db, ins, DB_ARGS(DB_INT(c), DB_TEXT("limited"), DB_TEXT("comment"),
	                    DB_NULL_ARG)) == 1);
	int64_t first = scalar(f->db, "SELECT max(id) FROM assessment", NO_ARGS);
	assert_true(db_exec(f->db, ins, DB_ARGS(DB_INT(c), DB_TEXT("substantial"),
	                    DB_TEXT("comment"), DB_NULL_ARG)) == 1);
	assert_true(db_exec(f->db, "UPDATE assessment SET status = 'final', finalised_at = "
	                    "'2025-02-02T00:00:00.000Z' WHERE id = (SELECT max(id) FROM assessment)",
	                    NO_ARGS) == 1);
	assert_tallies(f->db);
	assert_true(db_exec(f->db, ins, DB_ARGS(DB_INT(c), DB_TEXT("complete"), DB_TEXT("final"),
	                    DB_TEXT("2025-02-03T00:00:00.000Z"))) == 1);
	assert_true(db_exec(f->db, "UPDATE assessment SET status = 'final', finalised_at = "
	                    "'2025-02-04T00:00:00.000Z' WHERE id = $1", DB_ARGS(DB_INT(first))) == 1);
	assert_true(db_exec(f->db, "UPDATE commitment SET status = 'planned' WHERE id = $1",
	                    DB_ARGS(DB_INT(c))) == 1);
	assert_int_equal(db_commit(f->db), 0);
	assert_tallies(f->db);
}

static int64_t count_in(const json_t *list, const char *key, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
		if (strcmp(json_string_value(json_object_get(e, key)), code) == 0)
			return json_integer_value(json_object_get(e, "count"));
	return -1;
}

/* The counts are those of the rules, whatever the day. */
static void test_counts(void **state)
{
	struct fixture *f = *state;
	create_with(f->db, f->mar, json_pack("{s:[i], s:[s, s]}", "objectives", 5,
	                                     "countries", "MAR", "SEN"));
	create_with(f->db, f->sen, json_pack("{s:[i, i], s:[s], s:s}", "objectives", 5, 6,
	                                     "countries", "SEN", "status", "achieved"));
	json_t *m = dashboard_counts(f->db, "fr", "2026-01-01");
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "total")), 2);
	json_t *o5 = json_array_get(json_object_get(m, "objectives"), 4);
	assert_int_equal(json_integer_value(json_object_get(o5, "total")), 2);
	assert_int_equal(count_in(json_object_get(o5, "by_status"), "status", "achieved"), 1);
	assert_int_equal(count_in(json_object_get(m, "freshness"), "freshness", "closed"), 1);
	assert_int_equal(count_in(json_object_get(m, "freshness"), "freshness", "reported"), 1);
	/* Ten years on, the open one is inactive. */
	json_t *later = dashboard_counts(f->db, "fr", "2036-01-01");
	assert_int_equal(count_in(json_object_get(later, "freshness"), "freshness", "inactive"), 1);
	json_decref(later);
	/* Africa: both, once each, under objective 5. */
	json_t *cell = json_array_get(json_object_get(json_array_get(json_object_get(m, "matrix"), 4),
	                                              "cells"), 0);
	assert_string_equal(json_string_value(json_object_get(cell, "m49")), "002");
	assert_int_equal(json_integer_value(json_object_get(cell, "total")), 2);
	/* Names in the reader's language. */
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(m, "countries"), i, k)
		if (strcmp(json_string_value(json_object_get(k, "iso3")), "MAR") == 0)
			assert_string_equal(json_string_value(json_object_get(k, "name")), "Maroc");
	json_decref(m);
}

static void test_chart(void **state)
{
	(void)state;
	struct chart_category cats[] = {{"a", "/a"}, {"b", NULL}, {"c", NULL}};
	struct chart_series series[] = {{"x", "X"}, {"y", "Y"}};
	int64_t values[] = {3, 4, 0, 0, 10, 1};
	json_t *m = chart_bars(&(struct chart_spec){"t", "T", "S", cats, 3, series, 2, values,
	                                            false});
	assert_non_null(m);
	assert_false(json_is_true(json_object_get(m, "empty")));
	json_t *rows = json_object_get(m, "rows");
	assert_int_equal(json_array_size(rows), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 0), "total")), 7);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, 2), "total")), 11);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "url")), "/a");
	/* A zero draws no segment; the widest bar fills at most the axis. */
	json_t *bars = json_object_get(m, "bars");
	assert_int_equal(json_array_size(json_object_get(json_array_get(bars, 1), "segments")), 0);
	json_t *ticks = json_object_get(m, "ticks");
	json_int_t axis = json_integer_value(json_object_get(json_array_get(ticks,
		json_array_size(ticks) - 1), "value"));
	assert_true(axis >= 11 && axis <= 20);
	json_decref(m);

	int64_t zeros[] = {0, 0, 0, 0, 0, 0};
	m = chart_bars(&(struct chart_spec){"t", "T", "S", cats, 3, series, 2, zeros, true});
	assert_true(json_is_true(json_object_get(m, "empty")));
	assert_int_equal(json_array_size(json_object_get(m, "bars")), 0);
	json_decref(m);
	int64_t negative[] = {0, -1, 0, 0, 0, 0};
	assert_null(chart_bars(&(struct chart_spec){"t", "T", "S", cats, 3, series, 2, negative,
	                                            false}));
	assert_null(chart_bars(&(struct chart_spec){"t", "T", "S", cats, 3, series, 0, values,
	                                            false}));
}

/* In a right-to-left language the chart is mirrored: every x is the
 * width minus its left-to-right value (a box's left edge minus its width
 * too), and the SVG says direction="rtl" so text anchors follow. */
static void test_chart_rtl(void **state)
{
	(void)state;
	struct chart_category cats[] = {{"a", NULL}, {"b", NULL}};
	struct chart_series series[] = {{"x", "X"}, {"y", "Y"}};
	int64_t values[] = {3, 4, 2, 0};
	json_t *ltr = chart_bars(&(struct chart_spec){.id = "t", .title = "T", .summary = "S",
		.categories = cats, .ncategories = 2, .series = series, .nseries = 2, .values = values});
	json_t *rtl = chart_bars(&(struct chart_spec){.id = "t", .title = "T", .summary = "S",
		.categories = cats, .ncategories = 2, .series = series, .nseries = 2, .values = values,
		.dir = "rtl"});
	assert_non_null(ltr);
	assert_non_null(rtl);
	assert_string_equal(json_string_value(json_object_get(ltr, "direction")), "ltr");
	assert_string_equal(json_string_value(json_object_get(rtl, "direction")), "rtl");
	json_int_t width = json_integer_value(json_object_get(ltr, "width"));
#define X(o, k) json_integer_value(json_object_get((o), (k)))
	assert_int_equal(X(rtl, "width"), width);
	assert_int_equal(X(rtl, "plot_x"), width - X(ltr, "plot_x"));
	assert_int_equal(X(rtl, "label_x"), width - X(ltr, "label_x"));
	assert_true(X(rtl, "label_x") > X(rtl, "plot_x"));   /* labels right of the axis */
	json_t *lb = json_array_get(json_object_get(ltr, "bars"), 0);
	json_t *rb = json_array_get(json_object_get(rtl, "bars"), 0);
	assert_int_equal(X(rb, "total_x"), width - X(lb, "total_x"));
	json_t *ls = json_array_get(json_object_get(lb, "segments"), 1);
	json_t *rs = json_array_get(json_object_get(rb, "segments"), 1);
	assert_int_equal(X(rs, "w"), X(ls, "w"));
	assert_int_equal(X(rs, "x"), width - X(ls, "x") - X(ls, "w"));
	/* The first segment starts at the axis, and grows leftwards from it. */
	json_t *r0 = json_array_get(json_object_get(rb, "segments"), 0);
	assert_int_equal(X(r0, "x") + X(r0, "w"), X(rtl, "plot_x"));
	json_t *lt = json_array_get(json_object_get(ltr, "ticks"), 1);
	json_t *rt = json_array_get(json_object_get(rtl, "ticks"), 1);
	assert_int_equal(X(rt, "x"), width - X(lt, "x"));
	assert_int_equal(X(rtl, "legend_box_x") + 14, width - X(ltr, "legend_box_x"));
#undef X
	json_decref(ltr);
	json_decref(rtl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tallies_follow_writes, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_counts, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_chart_rtl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
