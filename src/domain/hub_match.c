/* hub_match.c — matching needs and offers: the open offers loaded once
 * and ranked in memory (hub_score.c scores each), a need's suggestions
 * with their reasons in words, proposing a match, and each side's answer
 * — a match is made only when both sides have consented, which starts a
 * partnership.
 *
 * Ranking reads the offers in four queries whatever their number (items,
 * objectives, countries with their sub-regions, languages), then scores
 * in C: one need against ten thousand offers is a loop, not ten thousand
 * queries (docs/performance-notes.md, "The connection hub"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "codes.h"
#include "db.h"
#include "hub.h"
#include "hub_impl.h"
#include "i18n.h"
#include "names.h"
#include "notifications.h"
#include "permission.h"
#include "util.h"
#include "validate.h"

/* ---- Profiles --------------------------------------------------------------- */

struct hub_pool {
	struct hub_profile *p;
	size_t n;
	json_t *keep;             /* the strings the profiles point into */
};

/* An offer open to matching: accepted, matching or matched, and not hidden
 * by a flag (flags.h). */
#define OPEN_OFFERS "i.side = 'offer' AND i.status IN ('accepted', 'matching', 'matched') " \
	"AND i.hidden_at IS NULL"
/* The queries that fill profiles: the items, then their objectives,
 * countries (with each one's sub-region) and languages, all ordered by
 * item. One set for the pool (every open offer), one for a single item. */
static const char *const pool_sql[] = {
	"SELECT i.id, i.actor_id, i.support, COALESCE(i.start_date, ''), "
	"COALESCE(i.end_date, '') FROM hub_item i WHERE " OPEN_OFFERS " ORDER BY i.id",
	"SELECT x.item_id, x.objective FROM hub_item_objective x JOIN hub_item i "
	"ON i.id = x.item_id WHERE " OPEN_OFFERS " ORDER BY x.item_id",
	"SELECT x.item_id, x.iso3, k.subregion_m49 FROM hub_item_country x JOIN hub_item i "
	"ON i.id = x.item_id JOIN country k ON k.iso3 = x.iso3 WHERE " OPEN_OFFERS
	" ORDER BY x.item_id, x.iso3",
	"SELECT x.item_id, x.lang FROM hub_item_lang x JOIN hub_item i ON i.id = x.item_id "
	"WHERE " OPEN_OFFERS " ORDER BY x.item_id, x.lang",
};
/* The same for one need's page ($1 the need): only the open offers that
 * share an objective with it, since no other can score (hub_score.c) —
 * with one or two objectives of 23, a tenth of the offers. */
#define SHARING " AND i.id IN (SELECT o.item_id FROM hub_item_objective o " \
	"JOIN hub_item_objective n ON n.objective = o.objective WHERE n.item_id = $1)"
static const char *const pool_for_sql[] = {
	"SELECT i.id, i.actor_id, i.support, COALESCE(i.start_date, ''), "
	"COALESCE(i.end_date, '') FROM hub_item i WHERE " OPEN_OFFERS SHARING " ORDER BY i.id",
	"SELECT x.item_id, x.objective FROM hub_item_objective x JOIN hub_item i "
	"ON i.id = x.item_id WHERE " OPEN_OFFERS SHARING " ORDER BY x.item_id",
	"SELECT x.item_id, x.iso3, k.subregion_m49 FROM hub_item_country x JOIN hub_item i "
	"ON i.id = x.item_id JOIN country k ON k.iso3 = x.iso3 WHERE " OPEN_OFFERS SHARING
	" ORDER BY x.item_id, x.iso3",
	"SELECT x.item_id, x.lang FROM hub_item_lang x JOIN hub_item i ON i.id = x.item_id "
	"WHERE " OPEN_OFFERS SHARING " ORDER BY x.item_id, x.lang",
};
static const char *const one_sql[] = {
	"SELECT i.id, i.actor_id, i.support, COALESCE(i.start_date, ''), "
	"COALESCE(i.end_date, '') FROM hub_item i WHERE i.id = $1",
	"SELECT item_id, objective FROM hub_item_objective WHERE item_id = $1",
	"SELECT x.item_id, x.iso3, k.subregion_m49 FROM hub_item_country x "
	"JOIN country k ON k.iso3 = x.iso3 WHERE x.item_id = $1 ORDER BY x.iso3",
	"SELECT item_id, lang FROM hub_item_lang WHERE item_id = $1 ORDER BY lang",
};

/* A string kept alive by keep, for a profile to point at. */
static const char *kept(json_t *keep, const char *s)
{
	json_t *j = json_string(s ? s : "");
	json_array_append_new(keep, j);
	return json_string_value(j);
}

/* The profile of item id among p[0..n), sorted by id, or NULL. */
static struct hub_profile *find(struct hub_profile *p, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p[mid].id == id)
			return &p[mid];
		if (p[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Fills *out_p / *out_n from the four queries sql[] (args for each).
 * 0, or -1 on a database error. */
static int load_profiles(struct db *db, const char *const *sql, size_t nargs,
                         const struct db_arg *args, json_t *keep, struct hub_profile **out_p,
                         size_t *out_n)
{
	struct hub_profile *p = NULL;
	size_t n = 0, cap = 0;
	struct db_res *res = db_query(db, sql[0], nargs, args);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			p = xrealloc(p, cap * sizeof *p);
		}
		struct hub_profile *x = &p[n++];
		memset(x, 0, sizeof *x);
		x->id = db_int(res, 0);
		x->actor_id = db_int(res, 1);
		x->support = code_index(hub_supports, db_text(res, 2));
		snprintf(x->start, sizeof x->start, "%s", db_text(res, 3));
		snprintf(x->end, sizeof x->end, "%s", db_text(res, 4));
	}
	db_res_free(res);
	for (int q = 1; q < 4 && rc == 0; q++) {
		res = db_query(db, sql[q], nargs, args);
		if (!res) {
			rc = -1;
			break;
		}
		while ((rc = db_next(res)) == 1) {
			struct hub_profile *x = find(p, n, db_int(res, 0));
			if (!x)
				continue;
			if (q == 1) {
				int64_t o = db_int(res, 1);
				if (o >= 1 && o <= 32)
					x->objectives |= UINT32_C(1) << (o - 1);
			} else if (q == 2 && x->ncountries < HUB_MAX_COUNTRIES) {
				x->countries[x->ncountries] = kept(keep, db_text(res, 1));
				x->subregions[x->ncountries++] = kept(keep, db_text(res, 2));
			} else if (q == 3 && x->nlangs < HUB_MAX_LANGS) {
				x->langs[x->nlangs++] = kept(keep, db_text(res, 1));
			}
		}
		db_res_free(res);
	}
	if (rc < 0) {
		free(p);
		return -1;
	}
	*out_p = p;
	*out_n = n;
	return 0;
}

struct hub_pool *hub_pool_load(struct db *db, int64_t need_id)
{
	struct hub_pool *pool = xcalloc(1, sizeof *pool);
	pool->keep = json_array();
	int rc = need_id > 0 ?
		load_profiles(db, pool_for_sql, DB_ARGS(DB_INT(need_id)), pool->keep, &pool->p,
		              &pool->n) :
		load_profiles(db, pool_sql, 0, NULL, pool->keep, &pool->p, &pool->n);
	if (rc < 0) {
		hub_pool_free(pool);
		return NULL;
	}
	return pool;
}

void hub_pool_free(struct hub_pool *pool)
{
	if (!pool)
		return;
	free(pool->p);
	json_decref(pool->keep);
	free(pool);
}

size_t hub_pool_size(const struct hub_pool *pool)
{
	return pool ? pool->n : 0;
}

enum outcome hub_profile_load(struct db *db, int64_t id, struct hub_profile *out, json_t **keep)
{
	*keep = json_array();
	struct hub_profile *p = NULL;
	size_t n = 0;
	if (load_profiles(db, one_sql, DB_ARGS(DB_INT(id)), *keep, &p, &n) < 0) {
		json_decref(*keep);
		*keep = NULL;
		return OUTCOME_ERROR;
	}
	if (n == 1)
		*out = p[0];
	free(p);
	if (n != 1) {
		json_decref(*keep);
		*keep = NULL;
		return OUTCOME_NOT_FOUND;
	}
	return OUTCOME_OK;
}

/* ---- Ranking ---------------------------------------------------------------- */

size_t hub_rank(const struct hub_pool *pool, const struct hub_profile *need, size_t limit,
                size_t *idx, int *score)
{
	size_t k = 0;
	for (size_t i = 0; i < pool->n && limit; i++) {
		const struct hub_profile *o = &pool->p[i];
		if (o->actor_id == need->actor_id)
			continue;
		int s = hub_score(need, o, NULL);
		if (s <= 0)
			continue;
		k = hub_top_insert(idx, score, k, limit, i, s);
	}
	return k;
}

/* The name of a country (iso3) or region (m49) in locale, or the code. */
static json_t *place_name(struct db *db, const char *locale, const char *sql, const char *code)
{
	json_t *row = db_json_row(db, sql, DB_ARGS(DB_TEXT(locale), DB_TEXT(code)));
	json_t *name = json_object_get(row, "name");
	json_t *out = json_is_string(name) ? json_incref(name) : json_string(code);
	json_decref(row);
	return out;
}

json_t *hub_reasons_text(struct db *db, const char *locale, const json_t *reasons)
{
	json_t *out = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(reasons, i, r) {
		const char *id = json_string_value(json_object_get(r, "id"));
		json_t *args = json_deep_copy(json_object_get(r, "args"));
		if (!id || !json_is_object(args)) {
			json_decref(args);
			continue;
		}
		const char *v;
		if ((v = json_string_value(json_object_get(args, "support"))))
			json_object_set_new(args, "support", json_string(tr(locale,
			                    code_label(hub_supports, hub_support_labels, v))));
		if ((v = json_string_value(json_object_get(args, "country"))))
			json_object_set_new(args, "country", place_name(db, locale,
			                    "SELECT " COUNTRY_NAME_IN("k", "$1") " AS name "
			                    "FROM country k WHERE k.iso3 = $2", v));
		if ((v = json_string_value(json_object_get(args, "region"))))
			json_object_set_new(args, "region", place_name(db, locale,
			                    "SELECT " REGION_NAME_IN("r", "$1") " AS name "
			                    "FROM region r WHERE r.m49 = $2", v));
		if ((v = json_string_value(json_object_get(args, "lang")))) {
			const char *native = i18n_native_name(v);
			if (native && native[0])
				json_object_set_new(args, "lang", json_string(native));
		}
		char *text = valid_format(locale, id, args);
		json_array_append_new(out, json_string(text));
		free(text);
		json_decref(args);
	}
	return out;
}

json_t *hub_suggestions(struct db *db, const char *locale, int64_t need_id, size_t limit)
{
	struct hub_profile need;
	json_t *keep = NULL;
	enum outcome o = hub_profile_load(db, need_id, &need, &keep);
	if (o == OUTCOME_NOT_FOUND)
		return json_array();
	if (o != OUTCOME_OK)
		return NULL;
	struct hub_pool *pool = hub_pool_load(db, need_id);
	if (!pool) {
		json_decref(keep);
		return NULL;
	}
	if (limit > HUB_SUGGESTIONS)
		limit = HUB_SUGGESTIONS;
	size_t idx[HUB_SUGGESTIONS];
	int score[HUB_SUGGESTIONS];
	size_t k = hub_rank(pool, &need, limit, idx, score);
	json_t *out = json_array();
	for (size_t i = 0; i < k && out; i++) {
		const struct hub_profile *offer = &pool->p[idx[i]];
		json_t *row = db_json_row(db, "SELECT i.id AS offer_id, i.title, "
		                          "'/hub/offers/' || i.id AS url, a.id AS actor_id, "
		                          "a.name AS actor_name FROM hub_item i JOIN actor a "
		                          "ON a.id = i.actor_id WHERE i.id = $1",
		                          DB_ARGS(DB_INT(offer->id)));
		json_t *reasons = json_array();
		hub_score(&need, offer, reasons);
		if (!row || json_is_null(row)) {
			json_decref(row);
			json_decref(reasons);
			json_decref(out);
			out = NULL;
			break;
		}
		json_object_set_new(row, "score", json_integer(score[i]));
		json_object_set_new(row, "reasons", hub_reasons_text(db, locale, reasons));
		json_object_set_new(row, "reason_codes", reasons);
		json_array_append_new(out, row);
	}
	hub_pool_free(pool);
	json_decref(keep);
	return out;
}

/* ---- Proposing and answering ----------------------------------------------------- */

/* The two items of a match, as a write sees them. */
struct pair {
	struct hwrite need, offer;
};

static bool open_status(const char *s)
{
	return strcmp(s, "accepted") == 0 || strcmp(s, "matching") == 0 ||
	       strcmp(s, "matched") == 0;
}

/* Whether by speaks for actor in a match (its own side). */
static bool speaks_for(const struct user *by, int64_t actor)
{
	return by && by->actor_id == actor && hub_allowed(by, ACTION_HUB_CONSENT, "hub_item", 0,
	                                                   actor);
}

struct propose {
	const struct user *by;
	int64_t need_id, offer_id, match_id;
};

static enum outcome deny_match(struct audit_txn *t, const struct user *by, enum action a,
                               int64_t id, int64_t actor)
{
	struct object_ref obj = {"hub_match", id, actor};
	return audit_txn_deny(t, by, a, &obj);
}

static enum outcome consent_audit(struct db *db, const struct user *by, int64_t match_id,
                                  const char *side)
{
	json_t *changes = json_pack("{s:{s:s}}", "consent", "after", side);
	int rc = audit_record(db, by, "hub.consent", "hub_match", match_id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

/* A proposed match is told to the editors of each side that has not
 * consented yet (the proposer's own side consented by proposing), on
 * their own item's page, which lists its matches. */
static int tell_sides(struct db *db, int64_t need_id, int64_t offer_id, bool need_told,
                      bool offer_told)
{
	static const char *const msgid =
		N_("A match was proposed on the hub between {need} and {offer}: your answer is awaited.");
	json_t *rows = db_json_rows(db, "SELECT id, side, actor_id, title FROM hub_item "
	                            "WHERE id IN ($1, $2)",
	                            DB_ARGS(DB_INT(need_id), DB_INT(offer_id)));
	if (!rows)
		return -1;
	json_t *args = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		json_object_set(args, json_string_value(json_object_get(r, "side")),
		                json_object_get(r, "title"));
	int rc = 0;
	json_array_foreach(rows, i, r) {
		bool need = strcmp(json_string_value(json_object_get(r, "side")), "need") == 0;
		if (need ? need_told : offer_told)
			continue;
		char url[64];
		snprintf(url, sizeof url, "/hub/%s/%lld", need ? "needs" : "offers",
		         (long long)json_integer_value(json_object_get(r, "id")));
		if (rc == 0 && notifications_add_editors(db, json_integer_value(json_object_get(r,
		                                         "actor_id")), msgid, args, url) < 0)
			rc = -1;
	}
	json_decref(args);
	json_decref(rows);
	return rc;
}

static enum outcome propose_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct propose *x = p;
	struct pair pr = {{0}, {0}};
	enum outcome rc = hub_load(db, x->need_id, &pr.need);
	if (rc == OUTCOME_OK)
		rc = hub_load(db, x->offer_id, &pr.offer);
	if (rc != OUTCOME_OK)
		return rc;
	if (strcmp(pr.need.side, "need") != 0 || strcmp(pr.offer.side, "offer") != 0)
		return OUTCOME_NOT_FOUND;
	bool need_side = speaks_for(x->by, pr.need.actor);
	bool offer_side = speaks_for(x->by, pr.offer.actor);
	bool reviewer = x->by && !need_side && !offer_side &&
	                hub_allowed(x->by, ACTION_HUB_ASSESS, "hub_item", x->need_id,
	                            pr.need.actor) &&
	                hub_allowed(x->by, ACTION_HUB_ASSESS, "hub_item", x->offer_id,
	                            pr.offer.actor);
	if (x->by && !need_side && !offer_side && !reviewer)
		return deny_match(t, x->by, ACTION_HUB_CONSENT, 0, pr.need.actor);
	/* A hidden item (flags.h) is matched with nothing until restored. */
	if (!open_status(pr.need.status) || !open_status(pr.offer.status) ||
	    pr.need.hidden || pr.offer.hidden || pr.need.actor == pr.offer.actor)
		return OUTCOME_CONFLICT;
	int64_t dup;
	if (db_scalar_int(db, &dup, 0, "SELECT count(*) FROM hub_match WHERE need_id = $1 "
	                  "AND offer_id = $2", DB_ARGS(DB_INT(x->need_id),
	                  DB_INT(x->offer_id))) < 0)
		return OUTCOME_ERROR;
	if (dup)
		return OUTCOME_CONFLICT;
	struct hub_profile need, offer;
	json_t *k1 = NULL, *k2 = NULL;
	if (hub_profile_load(db, x->need_id, &need, &k1) != OUTCOME_OK ||
	    hub_profile_load(db, x->offer_id, &offer, &k2) != OUTCOME_OK) {
		json_decref(k1);
		json_decref(k2);
		return OUTCOME_ERROR;
	}
	json_t *reasons = json_array();
	int score = hub_score(&need, &offer, reasons);
	json_decref(k1);
	json_decref(k2);
	char *rtext = json_dumps(reasons, JSON_COMPACT);
	json_decref(reasons);
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int64_t me = x->by ? x->by->id : 0;
	struct db_arg who = me > 0 ? DB_INT(me) : DB_NULL_ARG;
	struct db_res *res = db_query(db, "INSERT INTO hub_match (need_id, offer_id, score, "
	                              "reasons, proposed_by, need_consent_by, need_consent_at, "
	                              "offer_consent_by, offer_consent_at, status, created_at, "
	                              "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                              "'proposed', $10, $10) RETURNING id",
	                              DB_ARGS(DB_INT(x->need_id), DB_INT(x->offer_id),
	                                      DB_INT(score), DB_TEXT(rtext), who,
	                                      need_side ? who : DB_NULL_ARG,
	                                      need_side ? DB_TEXT(now) : DB_NULL_ARG,
	                                      offer_side ? who : DB_NULL_ARG,
	                                      offer_side ? DB_TEXT(now) : DB_NULL_ARG,
	                                      DB_TEXT(now)));
	free(rtext);
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return OUTCOME_ERROR;
	}
	x->match_id = db_int(res, 0);
	db_res_free(res);
	json_t *changes = json_pack("{s:{s:I}, s:{s:I}, s:{s:i}}", "need_id", "after",
	                            (json_int_t)x->need_id, "offer_id", "after",
	                            (json_int_t)x->offer_id, "score", "after", score);
	int bad = audit_record(db, x->by, "hub.propose", "hub_match", x->match_id, changes) < 0;
	json_decref(changes);
	if (bad)
		return OUTCOME_ERROR;
	if (need_side && consent_audit(db, x->by, x->match_id, "need") != OUTCOME_OK)
		return OUTCOME_ERROR;
	if (offer_side && consent_audit(db, x->by, x->match_id, "offer") != OUTCOME_OK)
		return OUTCOME_ERROR;
	/* Accepted items now have a match in discussion. */
	if ((strcmp(pr.need.status, "accepted") == 0 &&
	     hub_set_status(db, x->need_id, "matching", NULL, NULL, 0) < 0) ||
	    (strcmp(pr.offer.status, "accepted") == 0 &&
	     hub_set_status(db, x->offer_id, "matching", NULL, NULL, 0) < 0))
		return OUTCOME_ERROR;
	if (tell_sides(db, x->need_id, x->offer_id, need_side, offer_side) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome hub_propose(struct db *db, const struct user *by, int64_t need_id,
                         int64_t offer_id, int64_t *match_id)
{
	struct propose x = {by, need_id, offer_id, 0};
	enum outcome rc = audit_transaction(db, false, propose_txn, &x);
	if (rc == OUTCOME_OK && match_id)
		*match_id = x.match_id;
	return rc;
}

struct answer {
	const struct user *by;
	int64_t match_id;
	const char *side;
	bool accept;
	int64_t partnership_id;
};

/* Both sides agreed: the match is made, both items matched, a partnership
 * started (the need's actor leads it). */
static enum outcome make_match(struct db *db, struct answer *x, const json_t *m)
{
	int64_t need_id = json_integer_value(json_object_get(m, "need_id"));
	int64_t offer_id = json_integer_value(json_object_get(m, "offer_id"));
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "UPDATE hub_match SET status = 'made', updated_at = $2 WHERE id = $1",
	            DB_ARGS(DB_INT(x->match_id), DB_TEXT(now))) < 0 ||
	    hub_set_status(db, need_id, "matched", NULL, NULL, 0) < 0 ||
	    hub_set_status(db, offer_id, "matched", NULL, NULL, 0) < 0)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:s, s:s}}", "status", "before", "proposed", "after",
	                            "made");
	int bad = audit_record(db, x->by, "hub.match", "hub_match", x->match_id, changes) < 0;
	json_decref(changes);
	if (bad || partnerships_start(db, json_string_value(json_object_get(m, "need_title")),
	                              need_id, offer_id, x->match_id,
	                              json_integer_value(json_object_get(m, "need_actor")),
	                              json_integer_value(json_object_get(m, "offer_actor")),
	                              x->by ? x->by->id : 0, &x->partnership_id) < 0)
		return OUTCOME_ERROR;
	changes = json_pack("{s:{s:I}}", "match_id", "after", (json_int_t)x->match_id);
	bad = audit_record(db, x->by, "partnership.create", "partnership", x->partnership_id,
	                   changes) < 0;
	json_decref(changes);
	return bad ? OUTCOME_ERROR : OUTCOME_OK;
}

static enum outcome answer_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct answer *x = p;
	json_t *m = db_json_row(db, "SELECT m.need_id, m.offer_id, m.status, "
	                        "m.need_consent_at, m.offer_consent_at, n.actor_id AS need_actor, "
	                        "o.actor_id AS offer_actor, n.title AS need_title, "
	                        "CASE WHEN n.hidden_at IS NULL AND o.hidden_at IS NULL THEN 0 "
	                        "ELSE 1 END AS hidden FROM hub_match m "
	                        "JOIN hub_item n ON n.id = m.need_id "
	                        "JOIN hub_item o ON o.id = m.offer_id WHERE m.id = $1",
	                        DB_ARGS(DB_INT(x->match_id)));
	if (!m)
		return OUTCOME_ERROR;
	if (json_is_null(m))
		return OUTCOME_NOT_FOUND;
	int64_t need_actor = json_integer_value(json_object_get(m, "need_actor"));
	int64_t offer_actor = json_integer_value(json_object_get(m, "offer_actor"));
	const char *side = x->side;
	if (x->by)
		side = speaks_for(x->by, need_actor) ? "need" :
		       speaks_for(x->by, offer_actor) ? "offer" : NULL;
	enum outcome rc = OUTCOME_OK;
	if (!side || (strcmp(side, "need") != 0 && strcmp(side, "offer") != 0)) {
		rc = deny_match(t, x->by, ACTION_HUB_CONSENT, x->match_id, offer_actor);
	} else if (strcmp(json_string_value(json_object_get(m, "status")), "proposed") != 0 ||
	           !json_is_null(json_object_get(m, strcmp(side, "need") == 0 ?
	                                          "need_consent_at" : "offer_consent_at"))) {
		rc = OUTCOME_CONFLICT;
	} else if (x->accept && json_integer_value(json_object_get(m, "hidden")) != 0) {
		/* While a flag hides either item (flags.h) no consent makes the
		 * match, which would start a public partnership; declining stays
		 * open to either side. */
		rc = OUTCOME_CONFLICT;
	} else if (!x->accept) {
		char now[AUDIT_TIME_LEN + 1];
		audit_time(now, 0);
		json_t *changes = json_pack("{s:{s:s, s:s}, s:{s:s}}", "status", "before", "proposed",
		                            "after", "declined", "declined_by", "after", side);
		if (db_exec(db, "UPDATE hub_match SET status = 'declined', updated_at = $2 "
		            "WHERE id = $1", DB_ARGS(DB_INT(x->match_id), DB_TEXT(now))) < 0 ||
		    audit_record(db, x->by, "hub.decline", "hub_match", x->match_id, changes) < 0)
			rc = OUTCOME_ERROR;
		json_decref(changes);
	} else {
		char now[AUDIT_TIME_LEN + 1];
		audit_time(now, 0);
		bool need = strcmp(side, "need") == 0;
		int64_t me = x->by ? x->by->id : 0;
		struct db_arg who = me > 0 ? DB_INT(me) : DB_NULL_ARG;
		const char *sql = need ?
			"UPDATE hub_match SET need_consent_by = $2, need_consent_at = $3, "
			"updated_at = $3 WHERE id = $1" :
			"UPDATE hub_match SET offer_consent_by = $2, offer_consent_at = $3, "
			"updated_at = $3 WHERE id = $1";
		if (db_exec(db, sql, DB_ARGS(DB_INT(x->match_id), who, DB_TEXT(now))) < 0)
			rc = OUTCOME_ERROR;
		else
			rc = consent_audit(db, x->by, x->match_id, side);
		bool other = !json_is_null(json_object_get(m, need ? "offer_consent_at" :
		                                                     "need_consent_at"));
		if (rc == OUTCOME_OK && other)
			rc = make_match(db, x, m);
	}
	json_decref(m);
	return rc;
}

enum outcome hub_answer(struct db *db, const struct user *by, int64_t match_id,
                        const char *side, const char *answer, int64_t *partnership_id)
{
	struct answer x = {by, match_id, side, answer && strcmp(answer, "accept") == 0, 0};
	if (!answer || (strcmp(answer, "accept") != 0 && strcmp(answer, "decline") != 0))
		return OUTCOME_INVALID;
	enum outcome rc = audit_transaction(db, false, answer_txn, &x);
	if (rc == OUTCOME_OK && partnership_id)
		*partnership_id = x.partnership_id;
	return rc;
}

enum outcome hub_match_need(struct db *db, int64_t match_id, int64_t *need_id)
{
	*need_id = 0;
	if (db_scalar_int(db, need_id, 0, "SELECT need_id FROM hub_match WHERE id = $1",
	                  DB_ARGS(DB_INT(match_id))) < 0)
		return OUTCOME_ERROR;
	return *need_id > 0 ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}
