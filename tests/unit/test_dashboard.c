/* test_dashboard.c — the dashboard's running tallies (schema/0019) stay
 * equal to a GROUP BY of what they count through every kind of write
 * (creation, edit of objectives and countries, progress, corrections,
 * rows written and removed by hand; practices and hub items for 0023's
 * tallies, assessments for its assessed count; 0028's series by month),
 * on both backends; dashboard_counts reads them as the rules say; a
 * commitment or a practice hidden by a flag counted nowhere the public
 * reads a number, and again once restored (schema/0040, with its
 * backfill); and the charts' geometry (chart.h). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "commitments.h"
#include "dashboard.h"
#include "db.h"
#include "db_backend.h"
#include "demo.h"
#include "embed.h"
#include "fixture.h"
#include "flags.h"
#include "practices.h"
#include "progress.h"
#include "refdata.h"
#include "report.h"
#include "scratch.h"
#include "standing.h"
#include "util.h"

/* A commitment's status as the tallies count it: 'withdrawn' while it is
 * withdrawn or hidden by a flag (schema/0040_hidden_counts). */
#define COUNTED(c) "CASE WHEN " c "withdrawn_at IS NULL AND " c "hidden_at IS NULL THEN " \
	c "status ELSE 'withdrawn' END"
/* A practice's: 'hidden' while hidden. */
#define PCOUNTED(p) "CASE WHEN " p "hidden_at IS NULL THEN " p "status ELSE 'hidden' END"

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
	 "SELECT " COUNTED("") ", coalesce(activity_date, ''), count(*) FROM commitment "
	 "GROUP BY " COUNTED("") ", coalesce(activity_date, '')"},
	{"SELECT month, n FROM tally_created WHERE n <> 0",
	 "SELECT substr(created_at, 1, 7), count(*) FROM commitment WHERE withdrawn_at IS NULL "
	 "AND hidden_at IS NULL GROUP BY substr(created_at, 1, 7)"},
	{"SELECT month, n FROM tally_reported WHERE n <> 0",
	 "SELECT substr(reported_at, 1, 7), count(*) FROM progress_update WHERE hidden_at IS NULL "
	 "GROUP BY substr(reported_at, 1, 7)"},
	/* schema/0023 */
	{"SELECT objective, status, n FROM tally_practice_objective WHERE n <> 0",
	 "SELECT o.objective, " PCOUNTED("p.") ", count(*) FROM practice_objective o "
	 "JOIN practice p ON p.id = o.practice_id GROUP BY o.objective, " PCOUNTED("p.")},
	{"SELECT side, objective, status, n FROM tally_hub_objective WHERE n <> 0",
	 "SELECT i.side, o.objective, i.status, count(*) FROM hub_item_objective o "
	 "JOIN hub_item i ON i.id = o.item_id GROUP BY i.side, o.objective, i.status"},
	{"SELECT iso3, status, n FROM tally_practice_country WHERE n <> 0",
	 "SELECT k.iso3, " PCOUNTED("p.") ", count(*) FROM practice_country k "
	 "JOIN practice p ON p.id = k.practice_id GROUP BY k.iso3, " PCOUNTED("p.")},
	{"SELECT side, iso3, status, n FROM tally_hub_country WHERE n <> 0",
	 "SELECT i.side, k.iso3, i.status, count(*) FROM hub_item_country k "
	 "JOIN hub_item i ON i.id = k.item_id GROUP BY i.side, k.iso3, i.status"},
	{"SELECT iso3, status, activity_date, n FROM tally_country_activity WHERE n <> 0",
	 "SELECT k.iso3, " COUNTED("c.") ", coalesce(c.activity_date, ''), count(*) "
	 "FROM commitment_country k JOIN commitment c ON c.id = k.commitment_id "
	 "GROUP BY k.iso3, " COUNTED("c.") ", coalesce(c.activity_date, '')"},
	/* once per region, as /practices?region= lists them */
	{"SELECT region, status, n FROM tally_practice_region WHERE n <> 0",
	 "SELECT r.m49, " PCOUNTED("p.") ", count(*) FROM practice p JOIN region r "
	 "ON r.level = 'region' "
	 "WHERE EXISTS (SELECT 1 FROM practice_region x WHERE x.practice_id = p.id "
	 "AND x.m49 = r.m49) OR EXISTS (SELECT 1 FROM practice_country x JOIN country k "
	 "ON k.iso3 = x.iso3 WHERE x.practice_id = p.id AND k.region_m49 = r.m49) "
	 "GROUP BY r.m49, " PCOUNTED("p.")},
	{"SELECT side, region, status, n FROM tally_hub_region WHERE n <> 0",
	 "SELECT i.side, r.m49, i.status, count(*) FROM hub_item i JOIN region r "
	 "ON r.level = 'region' WHERE EXISTS (SELECT 1 FROM hub_item_country x JOIN country k "
	 "ON k.iso3 = x.iso3 WHERE x.item_id = i.id AND k.region_m49 = r.m49) "
	 "GROUP BY i.side, r.m49, i.status"},
	{"SELECT status, completion, n FROM tally_assessed WHERE n <> 0",
	 "SELECT " COUNTED("c.") ", a.completion, count(*) FROM assessment a JOIN commitment c "
	 "ON c.id = a.commitment_id WHERE a.status = 'final' AND a.id = (SELECT max(l.id) "
	 "FROM assessment l WHERE l.commitment_id = a.commitment_id AND l.status = 'final') "
	 "GROUP BY " COUNTED("c.") ", a.completion"},
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
	 "SELECT substr(coalesce(published_at, ''), 1, 7), " PCOUNTED("") ", count(*) "
	 "FROM practice GROUP BY substr(coalesce(published_at, ''), 1, 7), " PCOUNTED("")},
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
		char sql[4096];
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

/* ---- A hidden commitment counts nowhere (schema/0040_hidden_counts) ---------- */

#define TODAY "2026-01-01"

static int64_t total_of(json_t *m, const char *key)
{
	int64_t n = json_integer_value(json_object_get(json_object_get(m, key), "total"));
	json_decref(m);
	return n;
}

/* The entry of array `list` whose `key` is the integer or string `code`. */
static json_t *entry(json_t *list, const char *key, int64_t num, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		json_t *v = json_object_get(e, key);
		if (code ? json_is_string(v) && strcmp(json_string_value(v), code) == 0
		         : json_integer_value(v) == num)
			return e;
	}
	fail_msg("%s %lld %s missing", key, (long long)num, code ? code : "");
	return NULL;
}

enum { N_COUNTS = 15 };

/* Every number the public reads that objective 5, Senegal, Africa (002) or
 * the Senegalese state count a commitment in, and Senegal's report. */
static void public_counts(struct fixture *f, int64_t out[N_COUNTS])
{
	struct db *db = f->db;
	int k = 0;
	out[k++] = total_of(standing_objective(db, "en", 5, 0, TODAY), "standing");
	out[k++] = total_of(standing_country(db, "en", "SEN", 0, TODAY), "standing");
	out[k++] = total_of(standing_region(db, "en", "002", 0, TODAY), "standing");
	out[k++] = total_of(standing_region(db, "en", "001", 0, TODAY), "standing");
	out[k++] = total_of(standing_actor(db, "en", f->sen, 0, TODAY), "standing");
	json_t *all = standing_objectives(db, "en", TODAY);
	out[k++] = json_integer_value(json_object_get(entry(json_object_get(all, "objectives"),
		"number", 5, NULL), "total"));
	json_decref(all);
	json_t *d = dashboard_counts(db, "en", TODAY);
	assert_non_null(d);
	out[k++] = json_integer_value(json_object_get(d, "total"));
	out[k++] = json_integer_value(json_object_get(entry(json_object_get(d, "objectives"),
		"number", 5, NULL), "total"));
	json_t *cell = json_array_get(json_object_get(json_array_get(json_object_get(d, "matrix"), 4),
	                                              "cells"), 0);
	out[k++] = json_integer_value(json_object_get(cell, "total"));   /* 5 × Africa */
	out[k++] = json_integer_value(json_object_get(entry(json_object_get(d, "countries"),
		"iso3", 0, "SEN"), "total"));                                  /* the map */
	json_decref(d);
	json_t *map = dashboard_countries(db, "en", NULL, 5);
	out[k++] = json_integer_value(json_object_get(entry(json_object_get(map, "countries"),
		"iso3", 0, "SEN"), "total"));                                  /* objective 5's map */
	json_decref(map);
	json_t *co = dashboard_country_objectives(db, "en", "SEN");
	out[k++] = json_integer_value(json_object_get(entry(json_object_get(co, "objectives"),
		"number", 5, NULL), "total"));
	json_decref(co);
	out[k++] = scalar(db, "SELECT sum(n) FROM tally_created", NO_ARGS);
	json_t *report = report_country(db, "en", "SEN", -1);
	assert_non_null(report);
	out[k++] = json_integer_value(json_object_get(report, "commitments_total"));
	out[k++] = (int64_t)json_array_size(json_object_get(report, "commitments"));
	json_decref(report);
	assert_int_equal(k, N_COUNTS);
}

/* Each of the n counts got is its want less `less`, and every tally equals
 * its recount. */
static void assert_less(struct db *db, const int64_t *got, const int64_t *want, int n,
                        int64_t less)
{
	for (int i = 0; i < n; i++)
		if (got[i] != want[i] - less)
			fail_msg("count %d: %lld, not %lld", i, (long long)got[i],
			         (long long)(want[i] - less));
	assert_tallies(db);
}

static void assert_counts(struct fixture *f, const int64_t want[N_COUNTS], int64_t less)
{
	int64_t got[N_COUNTS];
	public_counts(f, got);
	assert_less(f->db, got, want, N_COUNTS, less);
}

/* Hiding a commitment by a flag takes it out of every count, restoring it
 * puts it back; a status change while hidden, a withdrawal and a hidden
 * progress report keep the tallies equal to their recount. */
static void test_hidden_counts(void **state)
{
	struct fixture *f = *state;
	create_with(f->db, f->sen, json_pack("{s:[i], s:[s]}", "objectives", 5, "countries", "SEN"));
	int64_t c = create_with(f->db, f->sen, json_pack("{s:s, s:[i, i], s:[s, s]}", "level",
		"regional", "objectives", 5, 6, "countries", "SEN", "MLI"));
	report(f, c, "in_progress", "2025-11-02", 0);
	int64_t before[N_COUNTS];
	public_counts(f, before);
	for (int i = 0; i < N_COUNTS; i++)
		assert_true(before[i] >= 2);
	assert_tallies(f->db);

	json_t *errors = json_object(), *why = json_pack("{s:s}", "reason", "Spam");
	int64_t flag = 0;
	assert_int_equal(flags_raise(f->db, NULL, "commitment", c, why, errors, &flag), OUTCOME_OK);
	assert_counts(f, before, 1);
	/* Its owner reports on it while hidden: still counted nowhere. */
	report(f, c, "delayed", "2025-12-02", 0);
	assert_counts(f, before, 1);
	json_t *restore = json_pack("{s:s, s:s}", "decision", "restore", "reason", "Fine");
	assert_int_equal(flags_decide(f->db, NULL, flag, restore, errors), OUTCOME_OK);
	assert_counts(f, before, 0);

	/* A progress report hidden on its own leaves the reports' series. */
	int64_t reported = scalar(f->db, "SELECT sum(n) FROM tally_reported", NO_ARGS);
	int64_t p = scalar(f->db, "SELECT max(id) FROM progress_update", NO_ARGS);
	int64_t pflag = 0;
	assert_int_equal(flags_raise(f->db, NULL, "progress_update", p, why, errors, &pflag),
	                 OUTCOME_OK);
	assert_int_equal(scalar(f->db, "SELECT sum(n) FROM tally_reported", NO_ARGS), reported - 1);
	assert_int_equal(flags_decide(f->db, NULL, pflag, restore, errors), OUTCOME_OK);
	assert_int_equal(scalar(f->db, "SELECT sum(n) FROM tally_reported", NO_ARGS), reported);

	/* Withdrawn and hidden: out once; shown again, still withdrawn: out. */
	assert_true(db_exec(f->db, "UPDATE commitment SET withdrawn_at = '2026-01-01T00:00:00.000Z', "
	                    "withdrawn_reason = 'Merged.' WHERE id = $1", DB_ARGS(DB_INT(c))) == 1);
	assert_counts(f, before, 1);
	assert_true(db_exec(f->db, "UPDATE commitment SET hidden_at = '2026-01-02T00:00:00.000Z' "
	                    "WHERE id = $1", DB_ARGS(DB_INT(c))) == 1);
	assert_counts(f, before, 1);
	assert_true(db_exec(f->db, "UPDATE commitment SET hidden_at = NULL WHERE id = $1",
	                    DB_ARGS(DB_INT(c))) == 1);
	assert_counts(f, before, 1);
	json_decref(restore);
	json_decref(why);
	json_decref(errors);
}

enum { N_PRACTICE_COUNTS = 5 };

/* Every number the public reads that Morocco, objective 21 or Africa count
 * a published practice in. */
static void practice_counts(struct db *db, int64_t out[N_PRACTICE_COUNTS])
{
	json_t *map = dashboard_countries(db, "en", NULL, 0);
	out[0] = json_integer_value(json_object_get(entry(json_object_get(map, "countries"),
		"iso3", 0, "MAR"), "practices"));
	json_decref(map);
	json_t *filter = json_pack("{s:i}", "objective", 21);
	json_t *list = practices_list(db, "en", filter);
	out[1] = json_integer_value(json_object_get(list, "total"));
	json_decref(list);
	json_decref(filter);
	out[2] = scalar(db, "SELECT coalesce(sum(n), 0) FROM tally_practice_objective "
	                "WHERE objective = 21 AND status = 'published'", NO_ARGS);
	out[3] = scalar(db, "SELECT coalesce(sum(n), 0) FROM tally_practice_region "
	                "WHERE region = '002' AND status = 'published'", NO_ARGS);
	out[4] = scalar(db, "SELECT coalesce(sum(n), 0) FROM tally_practice_month "
	                "WHERE status = 'published'", NO_ARGS);
}

static void assert_practice_counts(struct db *db, const int64_t want[N_PRACTICE_COUNTS],
                                   int64_t less)
{
	int64_t got[N_PRACTICE_COUNTS];
	practice_counts(db, got);
	assert_less(db, got, want, N_PRACTICE_COUNTS, less);
}

/* A practice the same way: out while hidden (archived meanwhile too),
 * back on restore. */
static void test_hidden_practice_counts(void **state)
{
	struct fixture *f = *state;
	practice_with(f->db, f->mar, "published");
	int64_t id = practice_with(f->db, f->mar, "published");
	int64_t before[N_PRACTICE_COUNTS];
	practice_counts(f->db, before);
	for (int i = 0; i < N_PRACTICE_COUNTS; i++)
		assert_int_equal(before[i], 2);
	json_t *errors = json_object(), *why = json_pack("{s:s}", "reason", "Advertising");
	json_t *restore = json_pack("{s:s, s:s}", "decision", "restore", "reason", "Fine");
	int64_t flag = 0;
	assert_int_equal(flags_raise(f->db, NULL, "practice", id, why, errors, &flag), OUTCOME_OK);
	assert_practice_counts(f->db, before, 1);
	assert_int_equal(flags_decide(f->db, NULL, flag, restore, errors), OUTCOME_OK);
	assert_practice_counts(f->db, before, 0);

	/* Hidden again, archived while hidden, shown again: archived, out. */
	assert_true(db_exec(f->db, "UPDATE practice SET hidden_at = '2026-01-02T00:00:00.000Z' "
	                    "WHERE id = $1", DB_ARGS(DB_INT(id))) == 1);
	assert_true(db_exec(f->db, "UPDATE practice SET status = 'archived' WHERE id = $1",
	                    DB_ARGS(DB_INT(id))) == 1);
	assert_practice_counts(f->db, before, 1);
	assert_true(db_exec(f->db, "UPDATE practice SET hidden_at = NULL WHERE id = $1",
	                    DB_ARGS(DB_INT(id))) == 1);
	assert_practice_counts(f->db, before, 1);
	json_decref(restore);
	json_decref(why);
	json_decref(errors);
}

/* 0040's backfill: records hidden before it are taken out of every count
 * it moves (a database migrated to 0039, given records, then the rest). */
static void test_hidden_backfill(void **state)
{
	struct db *db = scratch_db_of(state);
	static struct embed_file early[160];
	size_t n = 0;
	for (size_t i = 0; i < embed_count && n < ARRAY_LEN(early); i++) {
		const char *name = embed_files[i].name;
		if (str_starts(name, "schema/") && strtoll(name + strlen("schema/"), NULL, 10) < 40)
			early[n++] = embed_files[i];
	}
	char err[512] = "";
	assert_true(db_migrate_files(db, early, n, NULL, err, sizeof err) > 0);
	assert_int_equal(refdata_load(db, err, sizeof err), 0);
	static const char *const rows[] = {
		"INSERT INTO actor (id, kind, name, search_key, partner_type, status, created_at) "
		"VALUES (7, 'partner', 'An NGO', 'an ngo', 'civil_society', 'accredited', "
		"'2025-01-01T00:00:00.000Z')",
		"INSERT INTO account (id, email, name, password_hash, role, actor_id, created_at) "
		"VALUES (3, 'a@example.org', 'A', 'x', 'editor', 7, '2025-01-01T00:00:00.000Z')",
		"INSERT INTO commitment (id, owner_actor_id, title, sort_title, lang, level, kind, form, "
		"initial_status, status, activity_date, target_date, origin, created_at, updated_at, "
		"hidden_at) SELECT id, 7, 'Shelters', 'shelters', 'en', 'national', 'individual', "
		"'policy', 'planned', 'planned', '2025-01-01', '2025-03-01', 'real', "
		"'2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', CASE WHEN id = 2 THEN "
		"'2025-02-01T00:00:00.000Z' END FROM (SELECT 1 AS id UNION ALL SELECT 2) ids",
		"INSERT INTO commitment_objective (commitment_id, objective) VALUES (1, 5), (2, 5)",
		"INSERT INTO commitment_country (commitment_id, iso3) VALUES (1, 'SEN'), (2, 'SEN')",
		"INSERT INTO progress_update (id, commitment_id, reported_at, status, author_user_id, "
		"actor_id, created_at, hidden_at) VALUES (1, 1, '2025-06-01', 'in_progress', 3, 7, "
		"'2025-06-01T00:00:00.000Z', '2025-06-02T00:00:00.000Z')",
		"INSERT INTO practice (id, actor_id, title, sort_title, summary, start_year, level, "
		"type, lang, status, published_at, text_updated_at, created_at, updated_at, hidden_at) "
		"VALUES (1, 7, 'Desks', 'desks', 'Desks.', 2020, 'national', 'programme', 'en', "
		"'published', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', "
		"'2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z')",
		"INSERT INTO practice_objective (practice_id, objective) VALUES (1, 5)",
		"INSERT INTO practice_country (practice_id, iso3) VALUES (1, 'SEN')",
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++)
		if (db_exec(db, rows[i], NO_ARGS) < 1)
			fail_msg("%s: %s", rows[i], db_errmsg(db));
	assert_true(db_migrate(db, NULL, err, sizeof err) > 0);
	assert_string_equal(err, "");
	assert_tallies(db);
	assert_int_equal(scalar(db, "SELECT n FROM tally_objective_status WHERE objective = 5 "
	                        "AND status = 'planned'", NO_ARGS), 1);
	assert_int_equal(scalar(db, "SELECT sum(n) FROM tally_created", NO_ARGS), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM tally_reported WHERE n > 0", NO_ARGS), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM tally_practice_country "
	                        "WHERE status = 'published' AND n > 0", NO_ARGS), 0);
	json_t *sen = standing_country(db, "en", "SEN", 0, TODAY);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(sen, "standing"),
	                                                    "total")), 1);
	json_decref(sen);
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
		cmocka_unit_test_setup_teardown(test_hidden_counts, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_hidden_practice_counts, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_hidden_backfill, scratch_setup_empty,
		                                scratch_teardown),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_chart_rtl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
