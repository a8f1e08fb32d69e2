/* standing.c — where each objective, country, region or actor stands: the
 * counts of its commitments by status and level, achieved, overdue and
 * inactive, from one GROUP BY query per scope, and its latest updates.
 *
 * The database classifies each commitment (overdue, inactive) with the same
 * rules as commitments.c, "today" and the 24-month cut-off passed as
 * parameters, then groups; C only adds up the few dozen groups. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "commitments.h"
#include "db.h"
#include "i18n.h"
#include "progress.h"
#include "standing.h"
#include "util.h"

#define NSTATUS 5
#define NLEVEL 3

struct tally {
	int64_t total, inactive, achieved, overdue;
	int64_t by_status[NSTATUS];
	int64_t by_level[NLEVEL];
};

/* Each commitment's class, then the groups. The inner query keeps the
 * CASE expressions out of GROUP BY, which PostgreSQL and SQLite then read
 * alike. $1 today, $2 the inactive cut-off; the scope follows. */
static const char classify_head[] =
	"SELECT status, level, overdue, inactive, count(*) FROM (SELECT c.status, c.level, "
	"CASE WHEN c.target_date < $1 AND c.status NOT IN ('achieved', 'discontinued') "
	"THEN 1 ELSE 0 END AS overdue, "
	"CASE WHEN c.status NOT IN ('achieved', 'discontinued') AND c.activity_date <= $2 "
	"THEN 1 ELSE 0 END AS inactive FROM commitment c WHERE 1 = 1";
static const char classify_tail[] = ") s GROUP BY status, level, overdue, inactive";

static void tally_add(struct tally *t, const char *status, const char *level, bool overdue,
                      bool inactive, int64_t n)
{
	t->total += n;
	if (inactive) {
		t->inactive += n;
		return;
	}
	int s = code_index(commitment_statuses, status);
	int l = code_index(commitment_levels, level);
	if (s >= 0)
		t->by_status[s] += n;
	if (l >= 0)
		t->by_level[l] += n;
	if (status && strcmp(status, "achieved") == 0)
		t->achieved += n;
	if (overdue)
		t->overdue += n;
}

static int tally_scope(struct db *db, const char *today, int objective, const char *country,
                       const char *region, int64_t actor_id, struct tally *t)
{
	char before[DATE_LEN + 1];
	date_minus_months(today, 24, before);
	struct db_arg args[COMMITMENT_QUERY_ARGS];
	struct commitment_query q;
	cq_init(&q, args);
	cq_param(&q, "", DB_TEXT(today));
	cq_param(&q, "", DB_TEXT(before));
	cq_sql(&q, classify_head);
	cq_scope(&q, objective, country, region, actor_id);
	cq_sql(&q, classify_tail);
	struct db_res *res = q.overflow ? NULL : db_query(db, q.sql, q.nargs, q.args);
	if (!res)
		return -1;
	memset(t, 0, sizeof(*t));
	int rc;
	while ((rc = db_next(res)) == 1)
		tally_add(t, db_text(res, 0), db_text(res, 1), db_int(res, 2) != 0,
		          db_int(res, 3) != 0, db_int(res, 4));
	db_res_free(res);
	return rc;
}

static json_t *counts_json(const char *locale, const char *key, const char *const *codes,
                           const char *const *labels, const int64_t *counts)
{
	json_t *a = json_array();
	for (size_t i = 0; codes[i]; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:I}", key, codes[i], "label",
		                                   tr(locale, labels[i]), "count",
		                                   (json_int_t)counts[i]));
	return a;
}

static double share(int64_t part, int64_t whole)
{
	return whole > 0 ? (double)part / (double)whole : 0.0;
}

static json_t *tally_json(const struct tally *t, const char *locale, const char *list_url)
{
	int64_t active = t->total - t->inactive;
	double achieved = share(t->achieved, active), overdue = share(t->overdue, active);
	return json_pack("{s:I, s:I, s:I, s:o, s:o, s:I, s:I, s:f, s:f, s:I, s:I, s:s}",
		"total", (json_int_t)t->total, "active", (json_int_t)active,
		"inactive", (json_int_t)t->inactive,
		"by_status", counts_json(locale, "status", commitment_statuses,
		                         commitment_status_labels, t->by_status),
		"by_level", counts_json(locale, "level", commitment_levels, commitment_level_labels,
		                        t->by_level),
		"achieved", (json_int_t)t->achieved, "overdue", (json_int_t)t->overdue,
		"share_achieved", achieved, "share_overdue", overdue,
		"percent_achieved", (json_int_t)lround(achieved * 100.0),
		"percent_overdue", (json_int_t)lround(overdue * 100.0), "list_url", list_url);
}

/* none: the scope cannot hold anything (an objective outside 1–23, an
 * empty code): zeros without asking the database. */
static json_t *standing(struct db *db, const char *locale, int objective, const char *country,
                        const char *region, int64_t actor_id, int nlatest, const char *today,
                        const char *list_url, bool none)
{
	char buf[DATE_LEN + 1];
	today = commitments_resolve_today(today, buf);
	if (nlatest < 0)
		nlatest = 0;
	if (nlatest > STANDING_LATEST_MAX)
		nlatest = STANDING_LATEST_MAX;
	struct tally t = {0};
	if (!none && tally_scope(db, today, objective, country, region, actor_id, &t) < 0)
		return NULL;
	json_t *latest = json_array();
	if (nlatest > 0 && t.total > 0) {
		struct progress_scope s = {objective, country, region, actor_id};
		json_decref(latest);
		latest = progress_latest(db, locale, &s, nlatest);
		if (!latest)
			return NULL;
	}
	bool sample = false;
	size_t i;
	json_t *u;
	json_array_foreach(latest, i, u)
		sample |= json_is_true(json_object_get(u, "sample"));
	return json_pack("{s:o, s:o, s:b}", "standing", tally_json(&t, locale, list_url),
	                 "latest_updates", latest, "has_sample", sample);
}

json_t *standing_objective(struct db *db, const char *locale, int objective, int nlatest,
                           const char *today)
{
	char url[64];
	snprintf(url, sizeof url, "/commitments?objective=%d", objective);
	return standing(db, locale, objective, NULL, NULL, 0, nlatest, today, url,
	                objective < 1 || objective > 23);
}

json_t *standing_country(struct db *db, const char *locale, const char *iso3, int nlatest,
                         const char *today)
{
	char url[64], code[4] = "";
	for (size_t i = 0; iso3 && i < 3 && iso3[i]; i++)
		code[i] = (char)(iso3[i] >= 'a' && iso3[i] <= 'z' ? iso3[i] - 32 : iso3[i]);
	snprintf(url, sizeof url, "/commitments?country=%s", code);
	return standing(db, locale, 0, code, NULL, 0, nlatest, today, url, !code[0]);
}

json_t *standing_region(struct db *db, const char *locale, const char *m49, int nlatest,
                        const char *today)
{
	char url[64];
	snprintf(url, sizeof url, "/commitments?region=%.3s", m49 ? m49 : "");
	return standing(db, locale, 0, NULL, m49, 0, nlatest, today, url, !m49 || !*m49);
}

json_t *standing_actor(struct db *db, const char *locale, int64_t actor_id, int nlatest,
                       const char *today)
{
	char url[64];
	snprintf(url, sizeof url, "/commitments?actor=%lld", (long long)actor_id);
	return standing(db, locale, 0, NULL, NULL, actor_id, nlatest, today, url, actor_id <= 0);
}

json_t *standing_objectives(struct db *db, const char *locale, const char *today)
{
	char buf[DATE_LEN + 1], before[DATE_LEN + 1];
	today = commitments_resolve_today(today, buf);
	date_minus_months(today, 24, before);
	struct db_res *res = db_query(db,
		"SELECT objective, status, overdue, inactive, count(*) FROM (SELECT o.objective, "
		"c.status, CASE WHEN c.target_date < $1 AND c.status NOT IN ('achieved', "
		"'discontinued') THEN 1 ELSE 0 END AS overdue, CASE WHEN c.status NOT IN "
		"('achieved', 'discontinued') AND c.activity_date <= $2 THEN 1 ELSE 0 END AS inactive "
		"FROM commitment_objective o JOIN commitment c ON c.id = o.commitment_id) s "
		"GROUP BY objective, status, overdue, inactive",
		DB_ARGS(DB_TEXT(today), DB_TEXT(before)));
	if (!res)
		return NULL;
	struct tally t[24];
	memset(t, 0, sizeof t);
	int rc;
	while ((rc = db_next(res)) == 1) {
		int64_t n = db_int(res, 0);
		if (n >= 1 && n <= 23)
			tally_add(&t[n], db_text(res, 1), NULL, db_int(res, 2) != 0, db_int(res, 3) != 0,
			          db_int(res, 4));
	}
	db_res_free(res);
	if (rc < 0)
		return NULL;
	json_t *list = json_array();
	for (int n = 1; n <= 23; n++)
		json_array_append_new(list, json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:o}",
			"number", n, "total", (json_int_t)t[n].total,
			"active", (json_int_t)(t[n].total - t[n].inactive),
			"inactive", (json_int_t)t[n].inactive, "achieved", (json_int_t)t[n].achieved,
			"overdue", (json_int_t)t[n].overdue,
			"by_status", counts_json(locale, "status", commitment_statuses,
			                         commitment_status_labels, t[n].by_status)));
	return json_pack("{s:o}", "objectives", list);
}
