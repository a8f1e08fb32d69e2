/* dashboard.c — the dashboard's counts (dashboard.h) from the tallies of
 * migration 0019. Each query reads one small table whole: a row per
 * objective and status, per country and status, per objective, region
 * and status, per status and activity date, per month. None grows with
 * the number of commitments (the activity dates grow with the calendar,
 * a few thousand rows at most). */
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "commitments.h"
#include "compact.h"
#include "countries.h"
#include "dashboard.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "names.h"
#include "util.h"

#define NSTATUS 5
#define NFRESH 4
#define NREGION 5

/* The five M49 regions, in the order the matrix and the map's legend show
 * them (as the UN lists them). */
static const char *const region_codes[NREGION] = {"002", "019", "142", "150", "009"};

static int region_index(const char *m49)
{
	for (int i = 0; m49 && i < NREGION; i++)
		if (strcmp(region_codes[i], m49) == 0)
			return i;
	return -1;
}

static json_t *status_counts(const char *locale, const int64_t *counts)
{
	json_t *a = json_array();
	for (size_t i = 0; commitment_statuses[i]; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I}", "status",
			commitment_statuses[i], "label", tr(locale, commitment_status_labels[i]),
			"count", (json_int_t)counts[i]));
	return a;
}

/* Adds the rows (objective, status, n) of sql into counts (zeroed
 * first). 0, or -1 on a database error. */
static int read_by_status(struct db *db, const char *sql, size_t nargs, const struct db_arg *args,
                          int64_t counts[COMPACT_OBJECTIVES + 1][NSTATUS])
{
	memset(counts, 0, sizeof(int64_t) * (COMPACT_OBJECTIVES + 1) * NSTATUS);
	struct db_res *res = db_query(db, sql, nargs, args);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		int64_t n = db_int(res, 0);
		int s = code_index(commitment_statuses, db_text(res, 1));
		if (n >= 1 && n <= COMPACT_OBJECTIVES && s >= 0)
			counts[n][s] += db_int(res, 2);
	}
	db_res_free(res);
	return rc;
}

/* {"objectives": …, "total"}: commitments by objective and status. The
 * total counts a commitment once: it is the tally of commitments by
 * status and activity, read by freshness() below, so it is set there. */
static int by_objective(struct db *db, const char *locale, json_t *model, json_t *titles)
{
	int64_t counts[COMPACT_OBJECTIVES + 1][NSTATUS];
	if (read_by_status(db, "SELECT objective, status, n FROM tally_objective_status "
	                   "WHERE n > 0", NO_ARGS, counts) < 0)
		return -1;
	json_t *list = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(titles, i, o) {
		int64_t n = json_integer_value(json_object_get(o, "number"));
		if (n < 1 || n > COMPACT_OBJECTIVES)
			continue;
		int64_t total = 0;
		for (int s = 0; s < NSTATUS; s++)
			total += counts[n][s];
		json_array_append_new(list, json_pack("{s:I, s:O, s:O, s:I, s:o}",
			"number", (json_int_t)n, "short_title", json_object_get(o, "short_title"),
			"url", json_object_get(o, "url"), "total", (json_int_t)total,
			"by_status", status_counts(locale, counts[n])));
	}
	json_object_set_new(model, "objectives", list);
	return 0;
}

/* {"freshness": …, "total"}: commitments.h's freshness rule applied to
 * groups of (status, activity date) instead of to each commitment. */
static int freshness(struct db *db, const char *locale, const char *today, json_t *model)
{
	char since[DATE_LEN + 1], before[DATE_LEN + 1];
	date_minus_months(today, 12, since);
	date_minus_months(today, 24, before);
	struct db_res *res = db_query(db,
		"SELECT CASE WHEN status IN ('achieved', 'discontinued') THEN 3 "
		"WHEN activity_date >= $1 THEN 0 WHEN activity_date <= $2 THEN 2 ELSE 1 END, "
		"sum(n) FROM tally_activity WHERE n > 0 AND status <> '" COMMITMENT_WITHDRAWN_MARK "' "
		"GROUP BY 1",
		DB_ARGS(DB_TEXT(since), DB_TEXT(before)));
	if (!res)
		return -1;
	int64_t counts[NFRESH] = {0}, total = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		int64_t f = db_int(res, 0);
		if (f >= 0 && f < NFRESH) {
			counts[f] += db_int(res, 1);
			total += db_int(res, 1);
		}
	}
	db_res_free(res);
	if (rc < 0)
		return -1;
	json_t *list = json_array();
	for (int f = 0; f < NFRESH && commitment_freshnesses[f]; f++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:I}", "freshness",
			commitment_freshnesses[f], "label", tr(locale, commitment_freshness_labels[f]),
			"count", (json_int_t)counts[f]));
	json_object_set_new(model, "freshness", list);
	json_object_set_new(model, "total", json_integer(total));
	return 0;
}

/* "2024-05" → 2024 * 4 + 1 (the quarter's ordinal), -1 when malformed. */
static int quarter_of(const char *month)
{
	int y, m;
	if (!month || sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12 || y < 1)
		return -1;
	return y * 4 + (m - 1) / 3;
}

/* Adds each month's count of sql's rows to its quarter's `key`. */
static int add_months(struct db *db, const char *sql, int first, int64_t *counts)
{
	struct db_res *res = db_query(db, sql, NO_ARGS);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		int q = quarter_of(db_text(res, 0)) - first;
		if (q >= 0 && q < DASHBOARD_QUARTERS_MAX)
			counts[q] += db_int(res, 1);
	}
	db_res_free(res);
	return rc;
}

/* Each series of the quarters' model and the tally it sums by month:
 * the commitments created and the progress reports (0019), the published
 * practices by month of publication, the open needs by month posted, the
 * final assessments by month finalised (0028). */
#define NSERIES 5
static const struct {
	const char *key, *sql;
} series[NSERIES] = {
	{"created", "SELECT month, n FROM tally_created WHERE n > 0"},
	{"reported", "SELECT month, n FROM tally_reported WHERE n > 0"},
	{"practices", "SELECT month, n FROM tally_practice_month WHERE status = 'published' "
	 "AND n > 0"},
	{"needs", "SELECT month, n FROM tally_hub_month WHERE side = 'need' AND status IN "
	 "('accepted', 'matching', 'matched', 'in_implementation') AND n > 0"},
	{"assessments", "SELECT month, n FROM tally_assessment_month WHERE n > 0"},
};

static bool quarter_empty(int64_t counts[NSERIES][DASHBOARD_QUARTERS_MAX], int q)
{
	for (int k = 0; k < NSERIES; k++)
		if (counts[k][q] != 0)
			return false;
	return true;
}

/* {"quarters": …}: from the first quarter with anything to today's, at
 * most DASHBOARD_QUARTERS_MAX (the latest ones). */
static int quarters(struct db *db, const char *today, json_t *model)
{
	int last = quarter_of(today), first = last - DASHBOARD_QUARTERS_MAX + 1;
	int64_t counts[NSERIES][DASHBOARD_QUARTERS_MAX];
	memset(counts, 0, sizeof counts);
	for (int k = 0; k < NSERIES; k++)
		if (add_months(db, series[k].sql, first, counts[k]) < 0)
			return -1;
	int start = 0;
	while (start < DASHBOARD_QUARTERS_MAX && quarter_empty(counts, start))
		start++;
	json_t *list = json_array();
	for (int q = start; q < DASHBOARD_QUARTERS_MAX; q++) {
		int ord = first + q;
		char name[16];
		snprintf(name, sizeof name, "%04d-Q%d", ord / 4, ord % 4 + 1);
		json_t *row = json_pack("{s:s}", "quarter", name);
		for (int k = 0; k < NSERIES; k++)
			json_object_set_new(row, series[k].key, json_integer(counts[k][q]));
		json_array_append_new(list, row);
	}
	json_object_set_new(model, "quarters", list);
	return 0;
}

/* A withdrawn or hidden commitment's rows are counted under
 * COMMITMENT_WITHDRAWN_MARK (schema/0016, 0040): left out. */
#define COUNTED " AND status <> '" COMMITMENT_WITHDRAWN_MARK "'"

/* Every country's counts: all its commitments, or those under one
 * objective ($1; the pairs of tally_objective_country). */
static const char *const country_counts_sql[2] = {
	"SELECT iso3, sum(n) AS total, sum(CASE WHEN status = 'in_progress' THEN n ELSE 0 END) "
	"AS in_progress FROM tally_country_status WHERE $1 = 0" COUNTED " GROUP BY iso3",
	"SELECT iso3, sum(n) AS total, sum(CASE WHEN status = 'in_progress' THEN n ELSE 0 END) "
	"AS in_progress FROM tally_objective_country WHERE objective = $1" COUNTED " GROUP BY iso3",
};
#define COUNTRY_COUNTS_HEAD \
	"SELECT k.iso3, k.numeric, k.region_m49, k.name_ar, k.name_zh, k.name_en, k.name_fr, " \
	"k.name_ru, k.name_es, coalesce(t.total, 0), coalesce(t.in_progress, 0), " \
	"k.subregion_m49, coalesce(k.intermediate_m49, ''), coalesce(pr.n, 0), " \
	"coalesce(nd.n, 0) FROM country k LEFT JOIN ("
/* Each country's published practices and open needs (0023's tallies). */
#define COUNTRY_COUNTS_TAIL ") t ON t.iso3 = k.iso3 LEFT JOIN (SELECT iso3, sum(n) AS n " \
	"FROM tally_practice_country WHERE status = 'published' GROUP BY iso3) pr " \
	"ON pr.iso3 = k.iso3 LEFT JOIN (SELECT iso3, sum(n) AS n FROM tally_hub_country " \
	"WHERE side = 'need' AND status IN ('accepted', 'matching', 'matched', " \
	"'in_implementation') GROUP BY iso3) nd ON nd.iso3 = k.iso3 ORDER BY k.iso3"

/* {"countries": …}: every country (or those of M49 area `area`, at any
 * level) with its counts, names in the reader's language (country_lang). */
static int countries(struct db *db, const char *locale, const char *area, int objective,
                     json_t *model)
{
	char sql[1536];
	snprintf(sql, sizeof sql, "%s%s%s", COUNTRY_COUNTS_HEAD,
	         country_counts_sql[objective > 0], COUNTRY_COUNTS_TAIL);
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_INT(objective)));
	if (!res)
		return -1;
	int lang = country_lang(locale), rc;
	json_t *list = json_array();
	while ((rc = db_next(res)) == 1) {
		if (area && strcmp(area, db_text(res, 2)) != 0 && strcmp(area, db_text(res, 11)) != 0 &&
		    strcmp(area, db_text(res, 12)) != 0)
			continue;
		char url[32];
		snprintf(url, sizeof url, "/countries/%.3s", db_text(res, 0));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}",
			"iso3", db_text(res, 0), "numeric", db_text(res, 1), "region", db_text(res, 2),
			"name", db_text(res, 3 + lang), "url", url,
			"total", (json_int_t)db_int(res, 9), "in_progress", (json_int_t)db_int(res, 10),
			"practices", (json_int_t)db_int(res, 13), "needs", (json_int_t)db_int(res, 14)));
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(list);
		return -1;
	}
	json_object_set_new(model, "countries", list);
	return 0;
}

/* {"regions": …, "matrix": …}: each objective × region cell, from the
 * pairs of tally_objective_region. */
static int matrix(struct db *db, const char *locale, json_t *model, json_t *titles)
{
	struct db_res *res = db_query(db, "SELECT r.m49, " REGION_NAME_IN("r", "$1") " FROM region r "
	                              "WHERE r.level = 'region' ORDER BY r.m49",
	                              DB_ARGS(DB_TEXT(locale ? locale : "en")));
	if (!res)
		return -1;
	const char *names[NREGION] = {0};
	json_t *keep = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		int r = region_index(db_text(res, 0));
		if (r < 0)
			continue;
		json_t *name = json_string(db_text(res, 1));
		names[r] = json_string_value(name);
		json_array_append_new(keep, name);
	}
	db_res_free(res);
	int64_t total[COMPACT_OBJECTIVES + 1][NREGION], active[COMPACT_OBJECTIVES + 1][NREGION];
	memset(total, 0, sizeof total);
	memset(active, 0, sizeof active);
	if (rc == 0) {
		res = db_query(db, "SELECT objective, region, status, n FROM tally_objective_region "
		               "WHERE n > 0", NO_ARGS);
		rc = res ? 0 : -1;
	}
	while (rc == 0 && (rc = db_next(res)) == 1) {
		int64_t n = db_int(res, 0);
		int r = region_index(db_text(res, 1));
		if (n < 1 || n > COMPACT_OBJECTIVES || r < 0 ||
		    code_index(commitment_statuses, db_text(res, 2)) < 0) {
			rc = 0;
			continue;
		}
		total[n][r] += db_int(res, 3);
		if (strcmp(db_text(res, 2), "in_progress") == 0)
			active[n][r] += db_int(res, 3);
		rc = 0;
	}
	if (res)
		db_res_free(res);
	if (rc < 0) {
		json_decref(keep);
		return -1;
	}
	json_t *regions = json_array();
	for (int r = 0; r < NREGION; r++) {
		char url[32];
		snprintf(url, sizeof url, "/regions/%s", region_codes[r]);
		json_array_append_new(regions, json_pack("{s:s, s:s, s:s}", "m49", region_codes[r],
			"name", names[r] ? names[r] : region_codes[r], "url", url));
	}
	json_decref(keep);
	json_t *rows = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(titles, i, o) {
		int64_t n = json_integer_value(json_object_get(o, "number"));
		if (n < 1 || n > COMPACT_OBJECTIVES)
			continue;
		json_t *cells = json_array();
		for (int r = 0; r < NREGION; r++)
			json_array_append_new(cells, json_pack("{s:s, s:I, s:I}", "m49", region_codes[r],
				"total", (json_int_t)total[n][r], "in_progress", (json_int_t)active[n][r]));
		json_array_append_new(rows, json_pack("{s:I, s:O, s:O, s:o}", "number", (json_int_t)n,
			"short_title", json_object_get(o, "short_title"),
			"url", json_object_get(o, "url"), "cells", cells));
	}
	json_object_set_new(model, "regions", regions);
	json_object_set_new(model, "matrix", rows);
	return 0;
}

/* The published practices and the open needs (hub.h's open statuses,
 * those /hub lists) of migration 0023's tallies by `key` (objective or
 * region): rows (0 practices | 1 needs, key, n). */
#define PRACTICES_NEEDS_SQL(key, practice_tally, hub_tally) \
	"SELECT 0, " key ", n FROM " practice_tally " WHERE status = 'published' AND n > 0 " \
	"UNION ALL SELECT 1, " key ", n FROM " hub_tally " WHERE side = 'need' AND status IN " \
	"('accepted', 'matching', 'matched', 'in_implementation') AND n > 0"

/* Adds sql's rows (PRACTICES_NEEDS_SQL) into practices[i] and needs[i],
 * i = index(the row's key), left out when negative. 0, or -1. */
static int read_practices_needs(struct db *db, const char *sql, int (*index)(struct db_res *),
                                int64_t *practices, int64_t *needs)
{
	struct db_res *res = db_query(db, sql, NO_ARGS);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		int i = index(res);
		if (i >= 0)
			(db_int(res, 0) ? needs : practices)[i] += db_int(res, 2);
	}
	db_res_free(res);
	return rc < 0 ? -1 : 0;
}

static int objective_of_row(struct db_res *res)
{
	int64_t n = db_int(res, 1);
	return n >= 1 && n <= COMPACT_OBJECTIVES ? (int)n : -1;
}

static int region_of_row(struct db_res *res)
{
	return region_index(db_text(res, 1));
}

/* {"practices_needs": …}: each objective's published practices and open
 * needs. */
static int practices_needs(struct db *db, json_t *model, json_t *titles)
{
	int64_t practices[COMPACT_OBJECTIVES + 1] = {0}, needs[COMPACT_OBJECTIVES + 1] = {0};
	if (read_practices_needs(db, PRACTICES_NEEDS_SQL("objective", "tally_practice_objective",
	                         "tally_hub_objective"), objective_of_row, practices, needs) < 0)
		return -1;
	json_t *list = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(titles, i, o) {
		int64_t n = json_integer_value(json_object_get(o, "number"));
		if (n < 1 || n > COMPACT_OBJECTIVES)
			continue;
		json_array_append_new(list, json_pack("{s:I, s:O, s:I, s:I}", "number", (json_int_t)n,
			"short_title", json_object_get(o, "short_title"),
			"practices", (json_int_t)practices[n], "needs", (json_int_t)needs[n]));
	}
	json_object_set_new(model, "practices_needs", list);
	return 0;
}

/* Adds "practices" and "needs" to each of model's "regions" (matrix()'s):
 * its published practices and open needs, each counted once however many
 * of its countries are there (migration 0023's region marks). */
static int regions_practices_needs(struct db *db, json_t *model)
{
	int64_t practices[NREGION] = {0}, needs[NREGION] = {0};
	if (read_practices_needs(db, PRACTICES_NEEDS_SQL("region", "tally_practice_region",
	                         "tally_hub_region"), region_of_row, practices, needs) < 0)
		return -1;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(model, "regions"), i, o) {
		int r = region_index(json_string_value(json_object_get(o, "m49")));
		json_object_set_new(o, "practices", json_integer(r >= 0 ? practices[r] : 0));
		json_object_set_new(o, "needs", json_integer(r >= 0 ? needs[r] : 0));
	}
	return 0;
}

#define NCOMPLETION 5

/* {"assessed": …, "assessed_total"}: the commitments with a final
 * independent assessment, by its completion (the latest one's) and by
 * their owner's current status, from migration 0023's tally. */
static int assessed(struct db *db, const char *locale, json_t *model)
{
	int64_t counts[NCOMPLETION][NSTATUS];
	memset(counts, 0, sizeof counts);
	struct db_res *res = db_query(db, "SELECT completion, status, n FROM tally_assessed "
	                              "WHERE n > 0", NO_ARGS);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		int k = code_index(assessment_completions, db_text(res, 0));
		int s = code_index(commitment_statuses, db_text(res, 1));
		if (k >= 0 && k < NCOMPLETION && s >= 0 && s < NSTATUS)
			counts[k][s] += db_int(res, 2);
	}
	db_res_free(res);
	if (rc < 0)
		return -1;
	json_t *list = json_array();
	int64_t all = 0;
	for (int k = 0; k < NCOMPLETION && assessment_completions[k]; k++) {
		int64_t total = 0;
		for (int s = 0; s < NSTATUS; s++)
			total += counts[k][s];
		all += total;
		json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:o}", "completion",
			assessment_completions[k], "label", tr(locale, assessment_completion_labels[k]),
			"total", (json_int_t)total, "by_status", status_counts(locale, counts[k])));
	}
	json_object_set_new(model, "assessed", list);
	json_object_set_new(model, "assessed_total", json_integer(all));
	return 0;
}

json_t *dashboard_counts(struct db *db, const char *locale, const char *today)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	json_t *compact = compact_objectives(db, locale);
	if (!compact)
		return NULL;
	json_t *titles = json_object_get(compact, "objectives");
	json_t *model = json_object();
	if (by_objective(db, locale, model, titles) < 0 || freshness(db, locale, today, model) < 0 ||
	    quarters(db, today, model) < 0 || countries(db, locale, NULL, 0, model) < 0 ||
	    matrix(db, locale, model, titles) < 0 || practices_needs(db, model, titles) < 0 ||
	    assessed(db, locale, model) < 0 || regions_practices_needs(db, model) < 0) {
		json_decref(model);
		model = NULL;
	}
	json_decref(compact);
	return model;
}

json_t *dashboard_countries(struct db *db, const char *locale, const char *area, int objective)
{
	json_t *model = json_object();
	if (countries(db, locale, area, objective, model) < 0) {
		json_decref(model);
		return NULL;
	}
	return model;
}

json_t *dashboard_country_objectives(struct db *db, const char *locale, const char *iso3)
{
	json_t *compact = compact_objectives(db, locale);
	if (!compact)
		return NULL;
	int64_t counts[COMPACT_OBJECTIVES + 1][NSTATUS];
	if (read_by_status(db, "SELECT objective, status, n FROM tally_objective_country "
	                   "WHERE iso3 = $1 AND n > 0", DB_ARGS(DB_TEXT(iso3)), counts) < 0) {
		json_decref(compact);
		return NULL;
	}
	json_t *list = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(compact, "objectives"), i, o) {
		int64_t n = json_integer_value(json_object_get(o, "number"));
		int64_t total = 0;
		for (int s = 0; n >= 1 && n <= COMPACT_OBJECTIVES && s < NSTATUS; s++)
			total += counts[n][s];
		if (total == 0)
			continue;
		char url[64];
		snprintf(url, sizeof url, "/commitments?country=%.3s&objective=%lld", iso3,
		         (long long)n);
		json_array_append_new(list, json_pack("{s:I, s:O, s:s, s:I, s:o}",
			"number", (json_int_t)n, "short_title", json_object_get(o, "short_title"),
			"list_url", url, "total", (json_int_t)total,
			"by_status", status_counts(locale, counts[n])));
	}
	json_decref(compact);
	return json_pack("{s:o}", "objectives", list);
}

int dashboard_overdue(struct db *db, const char *today, json_t *counts)
{
	char buf[DATE_LEN + 1], since[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	date_minus_months(today, 12, since);
	/* Not closed, less active within the year: the rows read are a year's
	 * activity dates (an index's range) and a row per country and status,
	 * however old the commitments. */
	struct db_res *res = db_query(db, "SELECT iso3, sum(n) FROM tally_country_status "
		"WHERE status NOT IN ('achieved', 'discontinued') AND n > 0" COUNTED " GROUP BY iso3 "
		"UNION ALL SELECT iso3, -sum(n) FROM tally_country_activity WHERE activity_date >= $1 "
		"AND status NOT IN ('achieved', 'discontinued') AND n > 0" COUNTED " GROUP BY iso3",
		DB_ARGS(DB_TEXT(since)));
	if (!res)
		return -1;
	json_t *by_iso3 = json_object();
	int rc;
	while ((rc = db_next(res)) == 1) {
		const char *iso3 = db_text(res, 0);
		json_int_t had = json_integer_value(json_object_get(by_iso3, iso3));
		json_object_set_new(by_iso3, iso3, json_integer(had + db_int(res, 1)));
	}
	db_res_free(res);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(counts, "countries"), i, c) {
		json_t *n = json_object_get(by_iso3, json_string_value(json_object_get(c, "iso3")));
		json_object_set_new(c, "overdue", json_integer(n ? json_integer_value(n) : 0));
	}
	json_decref(by_iso3);
	return rc < 0 ? -1 : 0;
}
