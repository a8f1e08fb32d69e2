/* test_standing.c — where each objective, country, region and actor
 * stands: counts by status and level, achieved and overdue shares over the
 * active commitments, inactive ones counted apart, a regional commitment
 * counted once per region, the latest updates, and the per-objective
 * overview; the copies the counts read (schema/0005_standing.sql) and the
 * country's sort keys (0036_scope_reads.sql) staying in step with every
 * write, the counts agreeing with the list's on synthetic data whatever the
 * day, and a country's cards and latest updates read from its own index in
 * the order the commitments' indexes give. */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors.h"
#include "commitments.h"
#include "compact.h"
#include "dates.h"
#include "db.h"
#include "fixture.h"
#include "demo.h"
#include "progress.h"
#include "refdata.h"
#include "standing.h"
#include "users.h"
#include "util.h"

static int64_t count_of(const json_t *list, const char *key, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
		if (strcmp(json_string_value(json_object_get(e, key)), code) == 0)
			return json_integer_value(json_object_get(e, "count"));
	fail_msg("%s %s missing", key, code);
	return -1;
}

static int64_t num(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void report(struct fixture *f, int64_t c, const char *status, const char *date)
{
	json_t *in = json_pack("{s:s, s:s}", "status", status, "reported_at", date);
	json_t *errors = json_object();
	if (progress_add(f->db, NULL, c, in, errors, "2026-01-01", NULL) != OUTCOME_OK)
		fail_msg("progress_add: %s", db_errmsg(f->db));
	json_decref(in);
	json_decref(errors);
}

/* An inactive commitment: made long ago, never reported on. */
static void add_old(struct fixture *f, int64_t owner, json_t *changes)
{
	json_t *in = valid_input(owner), *errors = json_object(), *clean = NULL;
	json_object_update(in, changes);
	struct commitment_refs *refs = commitment_refs_load(f->db);
	assert_int_equal(commitment_validate(refs, in, errors, &clean), 0);
	commitment_refs_free(refs);
	int64_t id;
	const char *bad;
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(commitments_insert(f->db, clean, "real", "2019-03-01T00:00:00.000Z", &id,
	                                    &bad), 0);
	assert_int_equal(db_commit(f->db), 0);
	json_decref(clean);
	json_decref(in);
	json_decref(errors);
	json_decref(changes);
}

static void scenario(struct fixture *f)
{
	/* Objective 7: MAR national in progress (reported), MAR national
	 * achieved, SEN regional (SEN, MLI) overdue, a partner's international
	 * one planned, and an old inactive SEN one. */
	int64_t a = create_with(f->db, f->mar, json_pack("{s:[i]}", "objectives", 7));
	int64_t b = create_with(f->db, f->mar, json_pack("{s:[i, i]}", "objectives", 7, 2));
	create_with(f->db, f->sen, json_pack("{s:[i], s:s, s:[s, s], s:s, s:s}", "objectives", 7,
	                                     "level", "regional", "countries", "SEN", "MLI",
	                                     "start_date", "2023-01-01", "target_date", "2025-06-30"));
	create_with(f->db, f->partner, json_pack("{s:[i], s:s, s:[]}", "objectives", 7, "level",
	                                         "international", "countries"));
	add_old(f, f->sen, json_pack("{s:[i], s:[s]}", "objectives", 7, "countries", "SEN"));
	create_with(f->db, f->fra, json_pack("{s:[i], s:[s]}", "objectives", 23, "countries",
	                                     "FRA"));
	report(f, a, "in_progress", "2025-12-01");
	report(f, b, "in_progress", "2025-10-01");
	report(f, b, "achieved", "2025-12-15");
}

static void test_objective(void **state)
{
	struct fixture *f = *state;
	scenario(f);
	json_t *m = standing_objective(f->db, "en", 7, 5, "2026-01-01");
	assert_non_null(m);
	json_t *s = json_object_get(m, "standing");
	assert_int_equal(num(s, "total"), 5);
	assert_int_equal(num(s, "inactive"), 1);
	assert_int_equal(num(s, "active"), 4);
	json_t *by_status = json_object_get(s, "by_status");
	assert_int_equal(json_array_size(by_status), 5);
	assert_int_equal(count_of(by_status, "status", "planned"), 2);
	assert_int_equal(count_of(by_status, "status", "in_progress"), 1);
	assert_int_equal(count_of(by_status, "status", "achieved"), 1);
	assert_int_equal(count_of(by_status, "status", "delayed"), 0);
	json_t *by_level = json_object_get(s, "by_level");
	assert_int_equal(count_of(by_level, "level", "national"), 2);
	assert_int_equal(count_of(by_level, "level", "regional"), 1);
	assert_int_equal(count_of(by_level, "level", "international"), 1);
	assert_int_equal(num(s, "achieved"), 1);
	assert_int_equal(num(s, "overdue"), 1);
	assert_true(fabs(json_real_value(json_object_get(s, "share_achieved")) - 0.25) < 1e-9);
	assert_int_equal(num(s, "percent_overdue"), 25);
	assert_string_equal(json_string_value(json_object_get(s, "list_url")),
	                    "/commitments?objective=7");
	json_t *latest = json_object_get(m, "latest_updates");
	assert_int_equal(json_array_size(latest), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(latest, 0), "status")),
	                    "achieved");
	json_decref(m);
	/* Counted by the database, not from a page of rows. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_objective WHERE objective = 7",
	                        NO_ARGS), 5);

	/* Nothing in scope: zeros, no error. */
	m = standing_objective(f->db, "en", 12, 5, "2026-01-01");
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 0);
	assert_int_equal(json_array_size(json_object_get(m, "latest_updates")), 0);
	json_decref(m);
	m = standing_objective(f->db, "en", 99, 5, NULL);
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 0);
	json_decref(m);
}

static void test_country_region_actor(void **state)
{
	struct fixture *f = *state;
	scenario(f);
	json_t *m = standing_country(f->db, "en", "sen", 5, "2026-01-01");
	json_t *s = json_object_get(m, "standing");
	assert_int_equal(num(s, "total"), 2);
	assert_int_equal(num(s, "inactive"), 1);
	assert_int_equal(num(s, "overdue"), 1);
	json_decref(m);
	m = standing_country(f->db, "en", "MLI", 5, "2026-01-01");
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 1);
	json_decref(m);
	/* Africa: MAR ×2, the SEN+MLI regional one once, the old SEN one. */
	m = standing_region(f->db, "en", "002", 5, "2026-01-01");
	s = json_object_get(m, "standing");
	assert_int_equal(num(s, "total"), 4);
	assert_int_equal(num(s, "inactive"), 1);
	json_decref(m);
	/* Western Africa: the regional one and the old one. */
	m = standing_region(f->db, "en", "011", 5, "2026-01-01");
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 2);
	json_decref(m);
	m = standing_region(f->db, "en", "001", 5, "2026-01-01");
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 6);
	json_decref(m);
	m = standing_actor(f->db, "en", f->mar, 5, "2026-01-01");
	s = json_object_get(m, "standing");
	assert_int_equal(num(s, "total"), 2);
	assert_int_equal(num(s, "achieved"), 1);
	assert_int_equal(json_array_size(json_object_get(m, "latest_updates")), 3);
	json_decref(m);
	/* Two years later the MAR in-progress one is inactive too. */
	m = standing_actor(f->db, "en", f->mar, 0, "2028-01-01");
	s = json_object_get(m, "standing");
	assert_int_equal(num(s, "inactive"), 1);
	assert_int_equal(num(s, "achieved"), 1);
	assert_int_equal(num(s, "percent_achieved"), 100);
	json_decref(m);
}

static void test_overview(void **state)
{
	struct fixture *f = *state;
	scenario(f);
	json_t *m = standing_objectives(f->db, "en", "2026-01-01");
	json_t *list = json_object_get(m, "objectives");
	assert_int_equal(json_array_size(list), 23);
	json_t *seven = json_array_get(list, 6);
	assert_int_equal(num(seven, "number"), 7);
	assert_int_equal(num(seven, "total"), 5);
	assert_int_equal(num(seven, "inactive"), 1);
	assert_int_equal(num(seven, "achieved"), 1);
	assert_int_equal(num(seven, "overdue"), 1);
	assert_int_equal(num(json_array_get(list, 1), "total"), 1);
	assert_int_equal(num(json_array_get(list, 22), "total"), 1);
	assert_int_equal(num(json_array_get(list, 0), "total"), 0);
	json_decref(m);
}

/* ---- The copies the counts read stay in step ------------------------------ */

/* Link rows whose copies (status, level, dates) differ from their
 * commitment's, plus country rows whose region marks differ from the rule
 * (the commitment's first country by ISO3 in a region holds its code):
 * 0 when everything is in step. */
static int64_t stale_links(struct db *db)
{
	return scalar(db,
		"SELECT (SELECT count(*) FROM commitment_objective o JOIN commitment c "
		"  ON c.id = o.commitment_id WHERE COALESCE(o.status, '') <> c.status "
		"  OR COALESCE(o.level, '') <> c.level "
		"  OR COALESCE(o.target_date, '') <> COALESCE(c.target_date, '') "
		"  OR COALESCE(o.activity_date, '') <> c.activity_date) + "
		"(SELECT count(*) FROM commitment_country cc JOIN commitment c "
		"  ON c.id = cc.commitment_id WHERE COALESCE(cc.status, '') <> c.status "
		"  OR COALESCE(cc.level, '') <> c.level "
		"  OR COALESCE(cc.target_date, '') <> COALESCE(c.target_date, '') "
		"  OR COALESCE(cc.activity_date, '') <> c.activity_date "
		"  OR COALESCE(cc.updated_at, '') <> c.updated_at "
		"  OR COALESCE(cc.last_report_date, '') <> COALESCE(c.last_report_date, '') "
		"  OR COALESCE(cc.last_report_id, 0) <> COALESCE(c.last_report_id, 0)) + "
		"(SELECT count(*) FROM commitment_country cc JOIN country k ON k.iso3 = cc.iso3 "
		"  WHERE COALESCE(cc.region_once, '') <> COALESCE(CASE WHEN cc.iso3 = "
		"    (SELECT min(x.iso3) FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3 "
		"     WHERE x.commitment_id = cc.commitment_id AND kx.region_m49 = k.region_m49) "
		"    THEN k.region_m49 END, '') "
		"  OR COALESCE(cc.subregion_once, '') <> COALESCE(CASE WHEN cc.iso3 = "
		"    (SELECT min(x.iso3) FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3 "
		"     WHERE x.commitment_id = cc.commitment_id "
		"     AND kx.subregion_m49 = k.subregion_m49) THEN k.subregion_m49 END, '') "
		"  OR COALESCE(cc.intermediate_once, '') <> COALESCE(CASE WHEN cc.iso3 = "
		"    (SELECT min(x.iso3) FROM commitment_country x JOIN country kx ON kx.iso3 = x.iso3 "
		"     WHERE x.commitment_id = cc.commitment_id "
		"     AND kx.intermediate_m49 = k.intermediate_m49) THEN k.intermediate_m49 END, ''))",
		NO_ARGS);
}

/* The first day a commitment last active on `col` is inactive, as
 * schema/0036's triggers compute it (the same text on both backends). */
#define INACTIVE_FROM(col) "(CASE WHEN substr(" col ", 6, 5) = '02-29' THEN " \
	"CAST(CAST(substr(" col ", 1, 4) AS INTEGER) + 2 AS TEXT) || '-03-01' ELSE " \
	"CAST(CAST(substr(" col ", 1, 4) AS INTEGER) + 2 AS TEXT) || substr(" col ", 5) END)"
#define LINK_KEY "objective, coalesce(status, ''), coalesce(level, '')"

/* Rows of tally_standing_objective that differ from what the link rows
 * give (schema/0036): 0 when in step. */
static int64_t stale_tally(struct db *db)
{
	return scalar(db,
		"SELECT count(*) FROM (SELECT objective, status, level, what, month FROM ("
		"SELECT objective, status, level, what, month, n FROM tally_standing_objective "
		"UNION ALL SELECT " LINK_KEY ", 'a', coalesce(substr(activity_date, 1, 7), ''), -1 "
		"FROM commitment_objective UNION ALL "
		"SELECT " LINK_KEY ", 's', substr(target_date, 1, 7), -1 FROM commitment_objective "
		"WHERE target_date < " INACTIVE_FROM("activity_date") " UNION ALL "
		"SELECT " LINK_KEY ", 'e', substr(activity_date, 1, 7), -1 FROM commitment_objective "
		"WHERE target_date < " INACTIVE_FROM("activity_date") ") u "
		"GROUP BY objective, status, level, what, month HAVING sum(n) <> 0) d", NO_ARGS);
}

/* Every objective's standing on `day` against a GROUP BY of its link rows,
 * the form the running counts replaced. */
static void assert_objectives_on(struct db *db, const char *day)
{
	char before[DATE_LEN + 1];
	date_minus_months(day, 24, before);
	for (int o = 1; o <= COMPACT_OBJECTIVES; o++) {
		json_t *m = standing_objective(db, "en", o, 0, day);
		assert_non_null(m);
		const json_t *s = json_object_get(m, "standing");
		json_t *want = db_json_rows(db,
			"SELECT status, count(*) AS n, sum(CASE WHEN status IN ('achieved', 'discontinued') "
			"OR activity_date > $2 THEN 1 ELSE 0 END) AS active, "
			"sum(CASE WHEN status NOT IN ('achieved', 'discontinued') "
			"AND target_date < $1 AND activity_date > $2 THEN 1 ELSE 0 END) AS overdue "
			"FROM commitment_objective WHERE objective = $3 AND status <> $4 GROUP BY status",
			DB_ARGS(DB_TEXT(day), DB_TEXT(before), DB_INT(o),
			        DB_TEXT(COMMITMENT_WITHDRAWN_MARK)));
		assert_non_null(want);
		int64_t total = 0, active = 0, overdue = 0;
		size_t i;
		json_t *row;
		json_array_foreach(want, i, row) {
			total += num(row, "n");
			active += num(row, "active");
			overdue += num(row, "overdue");
			assert_int_equal(count_of(json_object_get(s, "by_status"), "status",
			                          json_string_value(json_object_get(row, "status"))),
			                 num(row, "active"));
		}
		if (num(s, "total") != total || num(s, "active") != active ||
		    num(s, "overdue") != overdue)
			fail_msg("objective %d on %s: %lld/%lld/%lld, want %lld/%lld/%lld", o, day,
			         (long long)num(s, "total"), (long long)num(s, "active"),
			         (long long)num(s, "overdue"), (long long)total, (long long)active,
			         (long long)overdue);
		json_decref(want);
		json_decref(m);
	}
}

static int64_t region_total(struct db *db, const char *m49, const char *today)
{
	json_t *m = standing_region(db, "en", m49, 0, today);
	assert_non_null(m);
	int64_t n = num(json_object_get(m, "standing"), "total");
	json_decref(m);
	return n;
}

/* Edits input's current values (commitments_form_values) with changes. */
static void edit(struct fixture *f, int64_t id, json_t *changes)
{
	json_t *in = commitments_form_values(f->db, id), *errors = json_object();
	assert_true(json_is_object(in));
	json_object_update(in, changes);
	json_object_del(in, "updated_at");
	enum outcome rc = commitments_update(f->db, NULL, id, in, errors);
	if (rc != OUTCOME_OK) {
		char *e = json_dumps(errors, 0);
		fail_msg("update: outcome %d, errors %s, %s", rc, e, db_errmsg(f->db));
	}
	json_decref(in);
	json_decref(errors);
	json_decref(changes);
}

static void test_copies_follow_writes(void **state)
{
	struct fixture *f = *state;
	scenario(f);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	/* The SEN regional one (SEN, MLI): overdue, counted once in Africa. */
	int64_t sen = scalar(f->db, "SELECT id FROM commitment WHERE level = 'regional'", NO_ARGS);
	json_t *m = standing_objective(f->db, "en", 7, 0, "2026-01-01");
	assert_int_equal(num(json_object_get(m, "standing"), "overdue"), 1);
	json_decref(m);

	/* An edit moves its target date, level, objectives and countries. */
	edit(f, sen, json_pack("{s:s, s:s, s:[i, i], s:[s]}", "target_date", "2027-06-30",
	                       "level", "national", "objectives", 7, 9, "countries", "MAR"));
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	m = standing_objective(f->db, "en", 7, 0, "2026-01-01");
	json_t *s = json_object_get(m, "standing");
	assert_int_equal(num(s, "overdue"), 0);
	assert_int_equal(count_of(json_object_get(s, "by_level"), "level", "regional"), 0);
	assert_int_equal(count_of(json_object_get(s, "by_level"), "level", "national"), 3);
	json_decref(m);
	m = standing_objective(f->db, "en", 9, 0, "2026-01-01");
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 1);
	json_decref(m);
	m = standing_country(f->db, "en", "MLI", 0, "2026-01-01");
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 0);
	json_decref(m);
	assert_int_equal(region_total(f->db, "011", "2026-01-01"), 1);   /* the old SEN one */
	assert_int_equal(region_total(f->db, "015", "2026-01-01"), 3);   /* MAR ×3 */

	/* A progress update moves its status and activity date. */
	report(f, sen, "achieved", "2025-12-20");
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	m = standing_country(f->db, "en", "MAR", 0, "2026-01-01");
	s = json_object_get(m, "standing");
	assert_int_equal(num(s, "achieved"), 2);
	assert_int_equal(count_of(json_object_get(s, "by_status"), "status", "achieved"), 2);
	json_decref(m);
	/* A correction takes it back. */
	int64_t last = scalar(f->db, "SELECT max(id) FROM progress_update", NO_ARGS);
	json_t *in = json_pack("{s:s, s:I}", "status", "delayed", "corrects", (json_int_t)last);
	json_t *errors = json_object();
	assert_int_equal(progress_add(f->db, NULL, sen, in, errors, "2026-01-01", NULL), OUTCOME_OK);
	json_decref(in);
	json_decref(errors);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	m = standing_country(f->db, "en", "MAR", 0, "2026-01-01");
	s = json_object_get(m, "standing");
	assert_int_equal(num(s, "achieved"), 1);
	assert_int_equal(count_of(json_object_get(s, "by_status"), "status", "delayed"), 1);
	json_decref(m);

	/* Rows written by hand get their commitment's values, whatever they say. */
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "INSERT INTO commitment_objective (commitment_id, objective, "
	                    "status, level) VALUES ($1, 12, 'achieved', 'regional')",
	                    DB_ARGS(DB_INT(sen))) == 1);
	assert_true(db_exec(f->db, "INSERT INTO commitment_country (commitment_id, iso3) "
	                    "VALUES ($1, 'SEN')", DB_ARGS(DB_INT(sen))) == 1);
	assert_int_equal(db_commit(f->db), 0);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	m = standing_objective(f->db, "en", 12, 0, "2026-01-01");
	s = json_object_get(m, "standing");
	assert_int_equal(count_of(json_object_get(s, "by_status"), "status", "delayed"), 1);
	json_decref(m);
	assert_int_equal(region_total(f->db, "011", "2026-01-01"), 2);

	/* A new initial status with no update left to override it. */
	int64_t fra = scalar(f->db, "SELECT c.id FROM commitment c JOIN commitment_objective o "
	                     "ON o.commitment_id = c.id WHERE o.objective = 23", NO_ARGS);
	edit(f, fra, json_pack("{s:s}", "status", "discontinued"));
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	m = standing_objectives(f->db, "en", "2026-01-01");
	json_t *o23 = json_array_get(json_object_get(m, "objectives"), 22);
	assert_int_equal(count_of(json_object_get(o23, "by_status"), "status", "discontinued"), 1);
	json_decref(m);
}

/* A commitment naming several countries of a region counts once there,
 * however its countries are added, removed or reordered. */
static void test_region_marks(void **state)
{
	struct fixture *f = *state;
	const char *day = "2026-01-01";
	/* SEN before MLI: MLI, first by ISO3, takes the marks from SEN. */
	int64_t id = create_with(f->db, f->sen, json_pack("{s:s, s:[s, s, s]}", "level", "regional",
	                         "countries", "SEN", "MLI", "MAR"));
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	json_t *mar = db_json_row(f->db, "SELECT region_once FROM commitment_country "
	                          "WHERE iso3 = 'MAR'", NO_ARGS);
	assert_string_equal(json_string_value(json_object_get(mar, "region_once")), "002");
	json_decref(mar);
	assert_int_equal(region_total(f->db, "002", day), 1);
	assert_int_equal(region_total(f->db, "202", day), 1);
	assert_int_equal(region_total(f->db, "011", day), 1);
	assert_int_equal(region_total(f->db, "015", day), 1);
	assert_int_equal(region_total(f->db, "150", day), 0);
	assert_int_equal(region_total(f->db, "001", day), 1);
	/* A row removed by hand hands its marks on. */
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "DELETE FROM commitment_country WHERE commitment_id = $1 "
	                    "AND iso3 = 'MAR'", DB_ARGS(DB_INT(id))) == 1);
	assert_int_equal(db_commit(f->db), 0);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	assert_int_equal(region_total(f->db, "002", day), 1);
	assert_int_equal(region_total(f->db, "015", day), 0);
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "DELETE FROM commitment_country WHERE commitment_id = $1 "
	                    "AND iso3 = 'MLI'", DB_ARGS(DB_INT(id))) == 1);
	assert_int_equal(db_commit(f->db), 0);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	assert_int_equal(region_total(f->db, "011", day), 1);
	/* An edit replaces them all, in another order, with a European one. */
	edit(f, id, json_pack("{s:[s, s, s, s]}", "countries", "SEN", "FRA", "MLI", "MAR"));
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	assert_int_equal(region_total(f->db, "002", day), 1);
	assert_int_equal(region_total(f->db, "150", day), 1);
	assert_int_equal(region_total(f->db, "155", day), 1);
	assert_int_equal(region_total(f->db, "001", day), 1);
	/* A second commitment in the same countries counts on its own. */
	create_with(f->db, f->mar, json_pack("{s:s, s:[s, s]}", "level", "regional",
	                                     "countries", "MLI", "SEN"));
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	assert_int_equal(region_total(f->db, "011", day), 2);
	assert_int_equal(region_total(f->db, "002", day), 2);
	assert_int_equal(region_total(f->db, "150", day), 1);
	json_t *m = standing_country(f->db, "en", "SEN", 0, day);
	assert_int_equal(num(json_object_get(m, "standing"), "total"), 2);
	json_decref(m);
}

/* New reference data moving a country to another region moves the
 * commitments that name it. */
static void test_country_moves(void **state)
{
	struct fixture *f = *state;
	const char *day = "2026-01-01";
	create_with(f->db, f->sen, json_pack("{s:s, s:[s, s]}", "level", "regional",
	                                     "countries", "SEN", "MLI"));
	create_with(f->db, f->sen, json_pack("{s:[s]}", "countries", "SEN"));
	assert_int_equal(region_total(f->db, "011", day), 2);
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "UPDATE country SET intermediate_m49 = NULL, "
	                    "subregion_m49 = '015' WHERE iso3 = 'SEN'", NO_ARGS) == 1);
	assert_int_equal(db_commit(f->db), 0);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	assert_int_equal(region_total(f->db, "011", day), 1);   /* through MLI */
	assert_int_equal(region_total(f->db, "015", day), 2);
	assert_int_equal(region_total(f->db, "202", day), 1);
	assert_int_equal(region_total(f->db, "002", day), 2);
	/* Loading the same values again changes nothing. */
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "UPDATE country SET intermediate_m49 = NULL, "
	                    "subregion_m49 = '015' WHERE iso3 = 'SEN'", NO_ARGS) == 1);
	assert_int_equal(db_commit(f->db), 0);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	assert_int_equal(region_total(f->db, "015", day), 2);
}

/* ---- The counts agree with the list's, whatever the day ------------------ */

static int64_t list_total(struct db *db, struct commitment_filter f)
{
	f.limit = 1;
	json_t *l = commitments_list(db, "en", &f);
	if (!l)
		fail_msg("list: %s", db_errmsg(db));
	int64_t n = num(l, "total");
	json_decref(l);
	return n;
}

/* Active ones matching f: all but the inactive. */
static int64_t list_active(struct db *db, struct commitment_filter f)
{
	int64_t all = list_total(db, f);
	f.freshness = "inactive";
	return all - list_total(db, f);
}

/* The standing of the scope in `scope` (a filter with only its scope and
 * today set) against what the list says of the same commitments. */
static void assert_as_list(struct db *db, const json_t *model, struct commitment_filter scope)
{
	const json_t *s = json_object_get(model, "standing");
	struct commitment_filter f = scope;
	assert_int_equal(num(s, "total"), list_total(db, f));
	f.freshness = "inactive";
	assert_int_equal(num(s, "inactive"), list_total(db, f));
	f = scope;
	f.overdue = true;
	assert_int_equal(num(s, "overdue"), list_active(db, f));
	f = scope;
	f.status = "achieved";
	assert_int_equal(num(s, "achieved"), list_total(db, f));
	for (size_t i = 0; commitment_statuses[i]; i++) {
		f = scope;
		f.status = commitment_statuses[i];
		assert_int_equal(count_of(json_object_get(s, "by_status"), "status", f.status),
		                 list_active(db, f));
	}
	for (size_t i = 0; commitment_levels[i]; i++) {
		f = scope;
		f.level = commitment_levels[i];
		assert_int_equal(count_of(json_object_get(s, "by_level"), "level", f.level),
		                 list_active(db, f));
	}
}

/* The "id" of each object of a list, as a JSON text. */
static char *ids_of(const json_t *list)
{
	json_t *ids = json_array(), *o;
	size_t i;
	json_array_foreach(list, i, o)
		json_array_append(ids, json_object_get(o, "id"));
	char *t = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	return t;
}

/* A country's list newest first, page after page, and its latest reports,
 * read from the country's link rows (scope_country_alone), are those the
 * commitments' own columns give, in the same order. */
static void assert_country_order(struct db *db, const char *iso3)
{
	json_t *want = db_json_rows(db, "SELECT c.id FROM commitment c WHERE c.withdrawn_at IS NULL "
	                            "AND c.id IN (SELECT commitment_id FROM commitment_country "
	                            "WHERE iso3 = $1) ORDER BY c.updated_at DESC, c.id DESC",
	                            DB_ARGS(DB_TEXT(iso3)));
	json_t *got = json_array();
	char *after = NULL;
	do {
		struct commitment_filter f = {.country = iso3, .limit = 2, .after = after};
		json_t *page = commitments_list(db, "en", &f);
		assert_non_null(page);
		json_array_extend(got, json_object_get(page, "commitments"));
		free(after);
		const char *next = json_string_value(json_object_get(page, "next"));
		after = next ? xstrdup(next) : NULL;
		json_decref(page);
	} while (after);
	char *w = ids_of(want), *g = ids_of(got);
	assert_true(json_array_size(want) > 5);   /* three pages at least */
	assert_string_equal(g, w);
	free(w);
	free(g);
	json_decref(want);
	json_decref(got);
	/* The 12 latest reports, as the gathering query picks them. */
	want = db_json_rows(db, "SELECT p.id FROM progress_update p WHERE p.commitment_id IN "
	                    "(SELECT c.id FROM commitment c WHERE c.last_report_date IS NOT NULL "
	                    "AND c.withdrawn_at IS NULL AND c.id IN (SELECT commitment_id FROM "
	                    "commitment_country WHERE iso3 = $1) ORDER BY c.last_report_date DESC, "
	                    "c.last_report_id DESC LIMIT 12) ORDER BY p.reported_at DESC, p.id DESC "
	                    "LIMIT 12", DB_ARGS(DB_TEXT(iso3)));
	struct scope sc = {.country = iso3};
	got = progress_latest(db, "en", &sc, 12, 0);
	assert_non_null(got);
	w = ids_of(want);
	g = ids_of(got);
	assert_true(json_array_size(got) > 6);
	assert_string_equal(g, w);
	free(w);
	free(g);
	json_decref(want);
	json_decref(got);
}

static void test_same_as_list(void **state)
{
	struct fixture *f = *state;
	struct demo_options o = {.scale = 300, .seed = 3};
	struct demo_result r;
	assert_int_equal(demo_generate(f->db, &o, &r), 0);
	assert_int_equal(stale_links(f->db) + stale_tally(f->db), 0);
	/* Around the demo's own day (its data counts back from it), two years
	 * on, and a 29 February (the 24-month cut-off clamps to the 28th). */
	static const char *const days[] = {"2025-03-10", DEMO_EPOCH, "2028-02-29"};
	static const char *const countries[] = {"MAR", "SEN", "FRA", "USA", "BRA"};
	static const char *const regions[] = {"001", "002", "011", "015", "150", "019", "142",
	                                      "202", "419", "009"};
	json_t *actors = db_json_rows(f->db, "SELECT owner_actor_id AS id FROM commitment "
	                              "GROUP BY owner_actor_id ORDER BY count(*) DESC, "
	                              "owner_actor_id LIMIT 3", NO_ARGS);
	assert_int_equal(json_array_size(actors), 3);
	json_t *largest = db_json_rows(f->db, "SELECT iso3 FROM commitment_country GROUP BY iso3 "
	                               "ORDER BY count(*) DESC, iso3 LIMIT 4", NO_ARGS);
	assert_int_equal(json_array_size(largest), 4);
	size_t li;
	json_t *l;
	json_array_foreach(largest, li, l)
		assert_country_order(f->db, json_string_value(json_object_get(l, "iso3")));
	json_decref(largest);
	/* Every objective every 28 days (so a day in every month: none is
	 * shorter) for four and a half years around the data, and the leap
	 * days the cut-off clamps. */
	static const char *const leap[] = {"2026-02-28", "2026-03-01", "2028-02-28",
	                                   "2028-02-29", "2028-03-01"};
	for (size_t i = 0; i < ARRAY_LEN(leap); i++)
		assert_objectives_on(f->db, leap[i]);
	char on[DATE_LEN + 1] = "2024-01-01";
	while (strcmp(on, "2028-07-01") < 0) {
		assert_objectives_on(f->db, on);
		char next[DATE_LEN + 1];
		date_plus_days(on, 28, next);
		memcpy(on, next, sizeof on);
	}
	for (size_t d = 0; d < ARRAY_LEN(days); d++) {
		const char *day = days[d];
		json_t *all = standing_objectives(f->db, "en", day);
		for (int n = 1; n <= 23; n++) {
			json_t *m = standing_objective(f->db, "en", n, 0, day);
			assert_as_list(f->db, m, (struct commitment_filter){.objective = n, .today = day});
			const json_t *s = json_object_get(m, "standing");
			const json_t *row = json_array_get(json_object_get(all, "objectives"),
			                                   (size_t)n - 1);
			static const char *const keys[] = {"total", "active", "inactive", "achieved",
			                                   "overdue"};
			for (size_t k = 0; k < ARRAY_LEN(keys); k++)
				assert_int_equal(num(row, keys[k]), num(s, keys[k]));
			assert_true(json_equal(json_object_get(row, "by_status"),
			                       json_object_get(s, "by_status")));
			json_decref(m);
		}
		json_decref(all);
		for (size_t i = 0; i < ARRAY_LEN(countries); i++) {
			json_t *m = standing_country(f->db, "en", countries[i], 0, day);
			assert_as_list(f->db, m, (struct commitment_filter){.country = countries[i],
			                                                   .today = day});
			json_decref(m);
		}
		for (size_t i = 0; i < ARRAY_LEN(regions); i++) {
			json_t *m = standing_region(f->db, "en", regions[i], 0, day);
			assert_as_list(f->db, m, (struct commitment_filter){.region = regions[i],
			                                                   .today = day});
			json_decref(m);
		}
		size_t i;
		json_t *a;
		json_array_foreach(actors, i, a) {
			int64_t id = num(a, "id");
			json_t *m = standing_actor(f->db, "en", id, 0, day);
			assert_as_list(f->db, m, (struct commitment_filter){.actor_id = id,
			                                                   .today = day});
			json_decref(m);
		}
	}
	json_decref(actors);
	/* The scale is such that every kind of count is exercised. */
	json_t *m = standing_region(f->db, "en", "002", 0, DEMO_EPOCH);
	const json_t *s = json_object_get(m, "standing");
	assert_true(num(s, "inactive") > 0 && num(s, "overdue") > 0 && num(s, "achieved") > 0);
	assert_true(count_of(json_object_get(s, "by_level"), "level", "regional") > 0);
	assert_true(num(s, "total") < region_total(f->db, "001", DEMO_EPOCH));
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_objective, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_country_region_actor, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overview, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_copies_follow_writes, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_region_marks, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_country_moves, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_same_as_list, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
