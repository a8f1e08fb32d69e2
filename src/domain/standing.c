/* standing.c — where each objective, country, region or actor stands: the
 * counts of its commitments by status and level, achieved, overdue and
 * inactive, and its latest updates.
 *
 * The counts come from one GROUP BY per scope over one narrow index: the
 * status, level and the two dates the rules compare are copied onto the
 * rows that put a commitment in a scope (commitment_objective,
 * commitment_country; schema/0005_standing.sql keeps them in step), so an
 * objective's 9,000 commitments are one range of one index, never 9,000
 * lookups of the commitment rows. A region counts each commitment once
 * through the region marks of that migration; an actor reads the
 * commitment rows.
 *
 * "today" and the 24-month cut-off are parameters ($1, $2): each group
 * (status, level) comes back with its size, how many have not been active
 * since the cut-off and how many of the others are past their target
 * date; C applies the rule that closed commitments are neither inactive
 * nor overdue and adds up the few dozen groups.
 *
 * One objective's counts and the World's come instead from running counts
 * by month (tally_standing_objective, schema/0036_scope_reads.sql, whose
 * comment gives the arithmetic; tally_standing_world, 0041) and the two
 * months around today's thresholds (an objective's link rows of those
 * months; the World's counts by day): the same numbers without reading
 * every row. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "commitments.h"
#include "compact.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "progress.h"
#include "scope.h"
#include "standing.h"
#include "util.h"

#define NSTATUS 5
#define NLEVEL 3

struct tally {
	int64_t total, inactive, achieved, overdue;
	int64_t by_status[NSTATUS];
	int64_t by_level[NLEVEL];
};

/* Statuses that expect no more reports (commitments.h): never inactive,
 * never overdue. */
static const char *const closed_statuses[] = {"achieved", "discontinued", NULL};

/* One group's columns: its size, the inactive ones (no activity since $2)
 * and the overdue active ones (target before $1, activity after $2). */
#define GROUP_COUNTS "count(*), count(*) FILTER (WHERE activity_date <= $2), " \
	"count(*) FILTER (WHERE target_date < $1 AND activity_date > $2)"
#define CLASSIFY "SELECT status, level, " GROUP_COUNTS " FROM "
#define BY_CLASS " GROUP BY status, level"

/* Each scope's query: $1 today, $2 the inactive cut-off, $3 the scope's
 * value (none for the World). */
enum tally_kind { TALLY_OBJECTIVE, TALLY_COUNTRY, TALLY_REGION, TALLY_WORLD, TALLY_ACTOR };

static const char *const tally_sql[] = {
	/* TALLY_OBJECTIVE: tally_running, from the running counts (0036); it
	 * answers what CLASSIFY "commitment_objective WHERE objective = $3"
	 * BY_CLASS would (test_standing checks it, day after day). */
	[TALLY_COUNTRY] = CLASSIFY "commitment_country WHERE iso3 = $3" BY_CLASS,
	/* A code is a region, a sub-region or an intermediate region: two of
	 * the three ranges are empty. */
	[TALLY_REGION] =
		CLASSIFY "commitment_country WHERE region_once = $3" BY_CLASS " UNION ALL "
		CLASSIFY "commitment_country WHERE subregion_once = $3" BY_CLASS " UNION ALL "
		CLASSIFY "commitment_country WHERE intermediate_once = $3" BY_CLASS,
	/* TALLY_WORLD: tally_running from the running counts (0041); it
	 * answers what CLASSIFY "commitment WHERE withdrawn_at IS NULL AND
	 * hidden_at IS NULL" BY_CLASS would (test_standing_world checks it, day after day). */
	/* Owned, then participated in with the actor's consent: a
	 * participation counts once accepted (issue 11, finding 4). An owner
	 * is never also a participant; the second half would not count it
	 * twice if it were. */
	[TALLY_ACTOR] =
		CLASSIFY "commitment WHERE owner_actor_id = $3 AND withdrawn_at IS NULL "
		"AND hidden_at IS NULL" BY_CLASS " UNION ALL "
		CLASSIFY "commitment WHERE id IN (SELECT commitment_id FROM commitment_participant "
		"WHERE actor_id = $3 AND status = 'accepted') AND owner_actor_id <> $3 "
		"AND withdrawn_at IS NULL AND hidden_at IS NULL" BY_CLASS,
};

/* Adds a group of n commitments of one status and level, of which old were
 * not active since the cut-off and late are active and past their target. */
static void tally_add(struct tally *t, const char *status, const char *level, int64_t n,
                      int64_t old, int64_t late)
{
	/* A withdrawn or hidden commitment's link rows say so in place of its
	 * status (schema/0016_withdrawn, 0040_hidden_counts): it counts
	 * nowhere. */
	if (status && strcmp(status, COMMITMENT_WITHDRAWN_MARK) == 0)
		return;
	bool open = code_index(closed_statuses, status) < 0;
	int64_t inactive = open ? old : 0, active = n - inactive;
	t->total += n;
	t->inactive += inactive;
	t->overdue += open ? late : 0;
	int s = code_index(commitment_statuses, status);
	int l = code_index(commitment_levels, level);
	if (s >= 0)
		t->by_status[s] += active;
	if (l >= 0)
		t->by_level[l] += active;
	if (status && strcmp(status, "achieved") == 0)
		t->achieved += active;
}

/* The scope's counts into t. value: the scope's parameter ($3; the World
 * has none). Returns 0 or -1 (a database error). */
static int tally_scope(struct db *db, const char *today, enum tally_kind kind,
                       struct db_arg value, struct tally *t)
{
	char before[DATE_LEN + 1];
	date_minus_months(today, 24, before);
	struct db_arg args[] = {DB_TEXT(today), DB_TEXT(before), value};
	size_t nargs = kind == TALLY_WORLD ? 2 : 3;
	assert(kind != TALLY_OBJECTIVE);
	struct db_res *res = db_query(db, tally_sql[kind], nargs, args);
	if (!res)
		return -1;
	memset(t, 0, sizeof(*t));
	int rc;
	while ((rc = db_next(res)) == 1)
		tally_add(t, db_text(res, 0), db_text(res, 1), db_int(res, 2), db_int(res, 3),
		          db_int(res, 4));
	db_res_free(res);
	return rc;
}

/* ---- An objective's or the World's counts from running counts (0036, 0041) ------ */

/* The first day a commitment last active on `a` counts as inactive: a + 24
 * months, 29 February giving 1 March (date_minus_months clamps the other
 * way); "" when a is not a date. The trigger's pacte_inactive_from. */
static void inactive_from(const char *a, char out[DATE_LEN + 1])
{
	out[0] = '\0';
	char year[5];
	int64_t y;
	if (!a || strlen(a) < DATE_LEN)
		return;
	memcpy(year, a, 4);
	year[4] = '\0';
	if (parse_int64(year, 0, 9997, &y) < 0)
		return;
	char tmp[32];   /* roomy: the compiler cannot see that y has four digits */
	if (strncmp(a + 5, "02-29", 5) == 0)
		snprintf(tmp, sizeof tmp, "%04d-03-01", (int)y + 2);
	else
		snprintf(tmp, sizeof tmp, "%04d%.6s", (int)y + 2, a + 4);
	memcpy(out, tmp, DATE_LEN);
	out[DATE_LEN] = '\0';
}

/* Whether a commitment of activity a and target t is ever overdue: some
 * day after t comes before the day it goes inactive (the tally's 's' and
 * 'e' rows). */
static bool ever_overdue(const char *a, const char *t)
{
	char e[DATE_LEN + 1];
	inactive_from(a, e);
	return t && e[0] && strcmp(t, e) < 0;
}

/* One (status, level) group of an objective. */
struct group {
	char status[32], level[32];
	int64_t n, old, late;
};
#define GROUPS_MAX 64

static struct group *group_of(struct group *g, size_t *ng, const char *status, const char *level)
{
	status = status ? status : "";
	level = level ? level : "";
	for (size_t i = 0; i < *ng; i++)
		if (strcmp(g[i].status, status) == 0 && strcmp(g[i].level, level) == 0)
			return &g[i];
	if (*ng == GROUPS_MAX)
		return NULL;
	struct group *x = &g[(*ng)++];
	memset(x, 0, sizeof(*x));
	snprintf(x->status, sizeof x->status, "%s", status);
	snprintf(x->level, sizeof x->level, "%s", level);
	return x;
}

/* Where a scope's running counts are (0036: one objective; 0041: the
 * World) and its link rows: the months wholly before today's thresholds,
 * summed from the tally ($K the cut-off's month, $K+1 today's month), and
 * the rows of one boundary month ($K "YYYY-MM-", $K+1 "YYYY-MM."), read
 * exactly, by activity then by target. For an objective $1 is its number
 * and K is 2; the World has no key and K is 1, and its boundary months
 * are counted by day (0041), not read. */
struct tally_source {
	const char *months;
	const char *boundary[2];
	/* Instead of the boundary rows, when set: the counts by day of the
	 * boundary months up to each threshold, as (status, level, what, n);
	 * $1 "YYYY-MM-" and $2 the cut-off, $3 "YYYY-MM-" and $4 today. */
	const char *days;
};

#define TALLY_SUMS(m, t) "SELECT status, level, sum(CASE WHEN what = 'a' THEN n ELSE 0 END), " \
	"sum(CASE WHEN what = 'a' AND month <> '' AND month < " m " THEN n ELSE 0 END), " \
	"sum(CASE WHEN what = 's' AND month < " t " THEN n ELSE 0 END) - " \
	"sum(CASE WHEN what = 'e' AND month < " m " THEN n ELSE 0 END) "

static const struct tally_source objective_source = {
	TALLY_SUMS("$2", "$3") "FROM tally_standing_objective WHERE objective = $1 "
	"GROUP BY status, level",
	{"SELECT status, level, activity_date, target_date FROM commitment_objective "
	 "WHERE objective = $1 AND activity_date > $2 AND activity_date < $3",
	 "SELECT status, level, activity_date, target_date FROM commitment_objective "
	 "WHERE objective = $1 AND target_date > $2 AND target_date < $3"},
};

/* The commitments not withdrawn (0041): each kind's days one range of the
 * day table's key. */
#define WORLD_DAYS(what, lo, cmp, hi) "SELECT status, level, what, sum(n) " \
	"FROM tally_standing_world_day WHERE what = '" what "' AND day > " lo " AND day " cmp \
	" " hi " GROUP BY status, level, what"
static const struct tally_source world_source = {
	TALLY_SUMS("$1", "$2") "FROM tally_standing_world GROUP BY status, level",
	{NULL, NULL},
	WORLD_DAYS("a", "$1", "<=", "$2") " UNION ALL " WORLD_DAYS("e", "$1", "<=", "$2")
	" UNION ALL " WORLD_DAYS("s", "$3", "<", "$4"),
};

/* The boundary months' counts by day into the groups: 'a' the inactive
 * ones, 'e' those no longer overdue (both up to the cut-off), 's' those
 * newly overdue (before today). */
static int boundary_days(struct db *db, const struct tally_source *src, const char *today,
                         const char *before, struct group *g, size_t *ng)
{
	char lo_cut[9], lo_today[9];
	snprintf(lo_cut, sizeof lo_cut, "%.7s-", before);
	snprintf(lo_today, sizeof lo_today, "%.7s-", today);
	struct db_res *res = db_query(db, src->days, DB_ARGS(DB_TEXT(lo_cut), DB_TEXT(before),
	                              DB_TEXT(lo_today), DB_TEXT(today)));
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		struct group *x = group_of(g, ng, db_text(res, 0), db_text(res, 1));
		const char *what = db_text(res, 2);
		int64_t n = db_int(res, 3);
		if (!x || !what) {
			rc = -1;
			break;
		}
		if (what[0] == 'a')
			x->old += n;
		else if (what[0] == 'e')
			x->late -= n;
		else
			x->late += n;
	}
	db_res_free(res);
	return rc;
}

/* The rows of the cut-off's month (by_target false) or of today's month
 * (true) into the groups: inactive by the cut-off, and overdue ended (the
 * cut-off) or begun (today). key: the scope's key ($1), or NULL. */
static int boundary(struct db *db, const struct tally_source *src, const struct db_arg *key,
                    const char *today, const char *before, bool by_target, struct group *g,
                    size_t *ng)
{
	const char *day = by_target ? today : before;
	char lo[9], hi[9];
	snprintf(lo, sizeof lo, "%.7s-", day);
	snprintf(hi, sizeof hi, "%.7s.", day);
	struct db_arg args[] = {key ? *key : DB_NULL_ARG, DB_TEXT(lo), DB_TEXT(hi)};
	struct db_res *res = db_query(db, src->boundary[by_target], key ? 3 : 2, args + !key);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		struct group *x = group_of(g, ng, db_text(res, 0), db_text(res, 1));
		const char *a = db_text(res, 2), *t = db_text(res, 3);
		if (!x) {
			rc = -1;
			break;
		}
		if (by_target)
			x->late += strcmp(t, today) < 0 && ever_overdue(a, t);
		else if (strcmp(a, before) <= 0) {
			x->old++;
			x->late -= ever_overdue(a, t);
		}
	}
	db_res_free(res);
	return rc;
}

/* A scope's counts as tally_scope's GROUP BY would give them, from its
 * tally's rows (bounded by the calendar, not by the data) and the rows of
 * two months. key: the scope's key, NULL for the World. Returns 0 or -1 (a
 * database error). */
static int tally_running(struct db *db, const char *today, const struct tally_source *src,
                         const struct db_arg *key, struct tally *t)
{
	char before[DATE_LEN + 1], mb[8], mt[8];
	date_minus_months(today, 24, before);
	snprintf(mb, sizeof mb, "%.7s", before);
	snprintf(mt, sizeof mt, "%.7s", today);
	struct group g[GROUPS_MAX];
	size_t ng = 0;
	struct db_arg args[] = {key ? *key : DB_NULL_ARG, DB_TEXT(mb), DB_TEXT(mt)};
	struct db_res *res = db_query(db, src->months, key ? 3 : 2, args + !key);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		struct group *x = group_of(g, &ng, db_text(res, 0), db_text(res, 1));
		if (!x) {
			rc = -1;
			break;
		}
		x->n = db_int(res, 2);
		x->old = db_int(res, 3);
		x->late = db_int(res, 4);
	}
	db_res_free(res);
	if (rc < 0)
		return -1;
	if (src->days ? boundary_days(db, src, today, before, g, &ng) < 0 :
	    boundary(db, src, key, today, before, false, g, &ng) < 0 ||
	    boundary(db, src, key, today, before, true, g, &ng) < 0)
		return -1;
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < ng; i++)
		if (g[i].n > 0)
			tally_add(t, g[i].status, g[i].level, g[i].n, g[i].old, g[i].late);
	return 0;
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

/* Which query counts scope s, and its parameter. */
static enum tally_kind tally_kind_of(const struct scope *s, struct db_arg *value)
{
	if (s->objective) {
		*value = DB_INT(s->objective);
		return TALLY_OBJECTIVE;
	}
	if (s->country) {
		*value = DB_TEXT(s->country);
		return TALLY_COUNTRY;
	}
	if (s->region) {
		*value = DB_TEXT(s->region);
		return strcmp(s->region, "001") == 0 ? TALLY_WORLD : TALLY_REGION;
	}
	*value = DB_INT(s->actor_id);
	return TALLY_ACTOR;
}

/* none: the scope cannot hold anything (an objective outside
 * 1–COMPACT_OBJECTIVES, an empty code): zeros without asking the
 * database. */
static json_t *standing(struct db *db, const char *locale, const struct scope *s,
                        int nlatest, const char *today, const char *list_url, bool none)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	if (nlatest < 0)
		nlatest = 0;
	if (nlatest > STANDING_LATEST_MAX)
		nlatest = STANDING_LATEST_MAX;
	struct tally t = {0};
	struct db_arg value;
	enum tally_kind kind = tally_kind_of(s, &value);
	int rc = 0;
	if (none)
		;
	else if (kind == TALLY_OBJECTIVE)
		rc = tally_running(db, today, &objective_source, &value, &t);
	else if (kind == TALLY_WORLD)
		rc = tally_running(db, today, &world_source, NULL, &t);
	else
		rc = tally_scope(db, today, kind, value, &t);
	if (rc < 0)
		return NULL;
	json_t *latest = json_array();
	if (nlatest > 0 && t.total > 0) {
		json_decref(latest);
		latest = progress_latest(db, locale, s, nlatest, t.total);
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
	struct scope s = {.objective = objective};
	return standing(db, locale, &s, nlatest, today, url,
	                objective < 1 || objective > COMPACT_OBJECTIVES);
}

json_t *standing_country(struct db *db, const char *locale, const char *iso3, int nlatest,
                         const char *today)
{
	char url[64], code[4] = "";
	for (size_t i = 0; iso3 && i < 3 && iso3[i]; i++)
		code[i] = (char)(iso3[i] >= 'a' && iso3[i] <= 'z' ? iso3[i] - 32 : iso3[i]);
	snprintf(url, sizeof url, "/commitments?country=%s", code);
	struct scope s = {.country = code};
	return standing(db, locale, &s, nlatest, today, url, !code[0]);
}

json_t *standing_region(struct db *db, const char *locale, const char *m49, int nlatest,
                        const char *today)
{
	char url[64];
	snprintf(url, sizeof url, "/commitments?region=%.3s", m49 ? m49 : "");
	struct scope s = {.region = m49};
	return standing(db, locale, &s, nlatest, today, url, !m49 || !*m49);
}

json_t *standing_actor(struct db *db, const char *locale, int64_t actor_id, int nlatest,
                       const char *today)
{
	char url[64];
	snprintf(url, sizeof url, "/commitments?actor=%lld", (long long)actor_id);
	struct scope s = {.actor_id = actor_id};
	return standing(db, locale, &s, nlatest, today, url, actor_id <= 0);
}

/* Every objective in one pass over the index of commitment_objective,
 * in its order (objective, status): no sort, one group per status. */
json_t *standing_objectives(struct db *db, const char *locale, const char *today)
{
	char buf[DATE_LEN + 1], before[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	date_minus_months(today, 24, before);
	struct db_res *res = db_query(db,
		"SELECT objective, status, " GROUP_COUNTS " FROM commitment_objective "
		"GROUP BY objective, status", DB_ARGS(DB_TEXT(today), DB_TEXT(before)));
	if (!res)
		return NULL;
	struct tally t[COMPACT_OBJECTIVES + 1];
	memset(t, 0, sizeof t);
	int rc;
	while ((rc = db_next(res)) == 1) {
		int64_t n = db_int(res, 0);
		if (n >= 1 && n <= COMPACT_OBJECTIVES)
			tally_add(&t[n], db_text(res, 1), NULL, db_int(res, 2), db_int(res, 3),
			          db_int(res, 4));
	}
	db_res_free(res);
	if (rc < 0)
		return NULL;
	json_t *list = json_array();
	for (int n = 1; n <= COMPACT_OBJECTIVES; n++)
		json_array_append_new(list, json_pack("{s:i, s:I, s:I, s:I, s:I, s:I, s:o}",
			"number", n, "total", (json_int_t)t[n].total,
			"active", (json_int_t)(t[n].total - t[n].inactive),
			"inactive", (json_int_t)t[n].inactive, "achieved", (json_int_t)t[n].achieved,
			"overdue", (json_int_t)t[n].overdue,
			"by_status", counts_json(locale, "status", commitment_statuses,
			                         commitment_status_labels, t[n].by_status)));
	return json_pack("{s:o}", "objectives", list);
}
