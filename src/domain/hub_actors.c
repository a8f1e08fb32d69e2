/* hub_actors.c — the actors a need may call on besides the offers: those
 * whose published practices or current commitments serve one of its
 * objectives, ranked by hub_score_actor (hub_score.c) with the reasons in
 * words (hub.h).
 *
 * Like the offers' pool (hub_match.c), the candidates are read in two
 * queries whatever their number — their records on the need's objectives
 * (with each record's language), their places — and scored in C. Each
 * reads only what can score for this need, through an index: the records
 * of the need's objectives, the countries of its sub-regions (its own
 * countries first, so the cap of HUB_MAX_COUNTRIES never hides one). A
 * language counts when a record on one of those objectives is in it
 * (docs/performance-notes.md: reading every record's country and language
 * cost 460 ms a need at 10,000 commitments). */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hub.h"
#include "practices.h"
#include "util.h"

/* An actor's records ($1 the need, $2 its actor): each published practice
 * and each commitment not withdrawn with an objective of the need, read
 * through the objective's index, with its language. */
#define NEED_OBJECTIVES "(SELECT objective FROM hub_item_objective WHERE item_id = $1)"
#define OBJECTIVE_ROWS \
	"SELECT p.actor_id AS actor_id, po.objective AS objective, 'p' AS kind, p.lang AS lang " \
	"FROM practice_objective po JOIN practice p ON p.id = po.practice_id " \
	"WHERE po.objective IN " NEED_OBJECTIVES " AND " PRACTICE_LISTED("p") " " \
	"AND p.actor_id <> $2 UNION " \
	"SELECT c.owner_actor_id, co.objective, 'c', c.lang FROM commitment_objective co " \
	"JOIN commitment c ON c.id = co.commitment_id WHERE co.objective IN " NEED_OBJECTIVES \
	" AND c.withdrawn_at IS NULL AND c.owner_actor_id <> $2"
/* The countries of the need's sub-regions (only those can score). */
#define NEAR "(SELECT k.iso3, k.subregion_m49 FROM country k WHERE k.subregion_m49 IN " \
	"(SELECT n.subregion_m49 FROM hub_item_country x JOIN country n ON n.iso3 = x.iso3 " \
	"WHERE x.item_id = $1))"

static const char *const records_sql[] = {
	/* objectives and languages, of accredited actors (not the operators') */
	"SELECT r.actor_id, r.objective, r.kind, r.lang FROM (" OBJECTIVE_ROWS ") r "
	"JOIN actor a ON a.id = r.actor_id AND a.status = 'accredited' AND a.operators = 0 "
	"ORDER BY r.actor_id",
	/* places in the need's sub-regions, read through the countries'
	 * indexes: the actor's own country, its records' countries; the
	 * need's own countries first */
	"SELECT DISTINCT w.actor_id, w.iso3, near.subregion_m49, CASE WHEN w.iso3 IN (SELECT iso3 "
	"FROM hub_item_country WHERE item_id = $1) THEN 0 ELSE 1 END AS own FROM ("
	"SELECT a.id AS actor_id, a.country_iso3 AS iso3 FROM " NEAR " n2 JOIN actor a "
	"ON a.country_iso3 = n2.iso3 WHERE a.id <> $2 UNION ALL "
	"SELECT p.actor_id, pc.iso3 FROM " NEAR " n3 JOIN practice_country pc ON pc.iso3 = n3.iso3 "
	"JOIN practice p ON p.id = pc.practice_id WHERE " PRACTICE_LISTED("p") " "
	"AND p.actor_id <> $2 UNION ALL "
	"SELECT c.owner_actor_id, cc.iso3 FROM " NEAR " n4 JOIN commitment_country cc "
	"ON cc.iso3 = n4.iso3 JOIN commitment c ON c.id = cc.commitment_id "
	"WHERE c.withdrawn_at IS NULL AND c.owner_actor_id <> $2) w JOIN " NEAR " near "
	"ON near.iso3 = w.iso3 ORDER BY w.actor_id, own, w.iso3",
};

static int by_actor(const void *key, const void *elem)
{
	int64_t a = *(const int64_t *)key, b = ((const struct hub_record *)elem)->where.id;
	return a < b ? -1 : a > b;
}

/* A string kept alive by keep, for a record to point at. */
static const char *kept(json_t *keep, const char *s)
{
	json_t *j = json_string(s ? s : "");
	json_array_append_new(keep, j);
	return json_string_value(j);
}

/* Adds lang to p's languages unless it is there or the list is full. */
static void add_lang(struct hub_profile *p, json_t *keep, const char *lang)
{
	for (size_t i = 0; i < p->nlangs; i++)
		if (strcmp(p->langs[i], lang) == 0)
			return;
	if (p->nlangs < HUB_MAX_LANGS)
		p->langs[p->nlangs++] = kept(keep, lang);
}

struct hub_record *hub_records_load(struct db *db, int64_t need_id, size_t *n, json_t **keep)
{
	*n = 0;
	*keep = json_array();
	int64_t need_actor = 0;
	if (db_scalar_int(db, &need_actor, 0, "SELECT actor_id FROM hub_item WHERE id = $1",
	                  DB_ARGS(DB_INT(need_id))) < 0) {
		json_decref(*keep);
		*keep = NULL;
		return NULL;
	}
	struct hub_record *r = NULL;
	size_t cap = 0;
	int rc = 0;
	for (size_t q = 0; q < ARRAY_LEN(records_sql) && rc == 0; q++) {
		struct db_res *res = db_query(db, records_sql[q], DB_ARGS(DB_INT(need_id),
		                                                         DB_INT(need_actor)));
		if (!res) {
			rc = -1;
			break;
		}
		while ((rc = db_next(res)) == 1) {
			int64_t actor = db_int(res, 0);
			if (q == 0) {
				if (*n == 0 || r[*n - 1].where.id != actor) {
					if (*n == cap) {
						cap = cap ? cap * 2 : 64;
						r = xrealloc(r, cap * sizeof *r);
					}
					memset(&r[*n], 0, sizeof r[*n]);
					r[*n].where.id = r[*n].where.actor_id = actor;
					r[*n].where.support = -1;
					(*n)++;
				}
				int64_t o = db_int(res, 1);
				uint32_t bit = o >= 1 && o <= 32 ? UINT32_C(1) << (o - 1) : 0;
				if (strcmp(db_text(res, 2), "p") == 0)
					r[*n - 1].practice_objectives |= bit;
				else
					r[*n - 1].commitment_objectives |= bit;
				add_lang(&r[*n - 1].where, *keep, db_text(res, 3));
				continue;
			}
			struct hub_record *x = *n ? bsearch(&actor, r, *n, sizeof *r, by_actor) : NULL;
			if (!x)
				continue;
			struct hub_profile *w = &x->where;
			if (w->ncountries < HUB_MAX_COUNTRIES) {
				w->countries[w->ncountries] = kept(*keep, db_text(res, 1));
				w->subregions[w->ncountries++] = kept(*keep, db_text(res, 2));
			}
		}
		db_res_free(res);
	}
	if (rc < 0) {
		free(r);
		json_decref(*keep);
		*keep = NULL;
		*n = 0;
		return NULL;
	}
	/* an empty list is not an error: a non-NULL array of none */
	return r ? r : xcalloc(1, sizeof *r);
}

json_t *hub_actor_suggestions(struct db *db, const char *locale, int64_t need_id,
                              size_t limit)
{
	struct hub_profile need;
	json_t *keep_need = NULL;
	enum outcome o = hub_profile_load(db, need_id, &need, &keep_need);
	if (o == OUTCOME_NOT_FOUND)
		return json_array();
	if (o != OUTCOME_OK)
		return NULL;
	size_t n = 0;
	json_t *keep = NULL;
	struct hub_record *r = hub_records_load(db, need_id, &n, &keep);
	if (!r) {
		json_decref(keep_need);
		return NULL;
	}
	if (limit > HUB_ACTOR_SUGGESTIONS)
		limit = HUB_ACTOR_SUGGESTIONS;
	size_t idx[HUB_ACTOR_SUGGESTIONS];
	int score[HUB_ACTOR_SUGGESTIONS];
	size_t k = 0;
	for (size_t i = 0; i < n && limit; i++) {
		int s = hub_score_actor(&need, &r[i], NULL);
		if (s > 0)
			k = hub_top_insert(idx, score, k, limit, i, s);
	}
	json_t *out = json_array();
	for (size_t i = 0; i < k; i++) {
		const struct hub_record *x = &r[idx[i]];
		json_t *row = db_json_row(db, "SELECT a.id AS actor_id, a.name AS actor_name, "
		                          "'/actors/' || a.id AS url FROM actor a WHERE a.id = $1",
		                          DB_ARGS(DB_INT(x->where.id)));
		if (!row || json_is_null(row)) {
			json_decref(row);
			json_decref(out);
			out = NULL;
			break;
		}
		json_t *reasons = json_array();
		hub_score_actor(&need, x, reasons);
		json_object_set_new(row, "score", json_integer(score[i]));
		json_object_set_new(row, "reasons", hub_reasons_text(db, locale, reasons));
		json_object_set_new(row, "reason_codes", reasons);
		json_array_append_new(out, row);
	}
	free(r);
	json_decref(keep);
	json_decref(keep_need);
	return out;
}
