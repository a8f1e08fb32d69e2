/* hub_actors.c — the actors a need may call on besides the offers: those
 * whose published practices or current commitments serve one of its
 * objectives, ranked by hub_score_actor (hub_score.c) with the reasons in
 * words (hub.h).
 *
 * Like the offers' pool (hub_match.c), the candidates are read in three
 * queries whatever their number — their objectives, their places, their
 * languages — and scored in C. Each query reads only what can score for
 * this need: the objectives it has, the countries of its sub-regions (its
 * own countries first, so the cap of HUB_MAX_COUNTRIES never hides one),
 * its languages. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "hub.h"
#include "util.h"

/* An actor's records ($1 the need, $2 its actor): each published practice
 * and each commitment not withdrawn of an accredited actor (the operators'
 * excepted), with an objective of the need. */
#define RECORDS(cols_p, cols_c, where_p, where_c) \
	"SELECT p.actor_id AS actor_id, " cols_p " FROM practice p " where_p \
	" WHERE p.status = 'published' AND p.actor_id <> $2 UNION " \
	"SELECT c.owner_actor_id AS actor_id, " cols_c " FROM commitment c " where_c \
	" WHERE c.withdrawn_at IS NULL AND c.owner_actor_id <> $2"
#define NEED_OBJECTIVES "(SELECT objective FROM hub_item_objective WHERE item_id = $1)"
#define OBJECTIVE_ROWS RECORDS("po.objective AS objective, 'p' AS kind", \
	"co.objective, 'c'", \
	"JOIN practice_objective po ON po.practice_id = p.id AND po.objective IN " \
	NEED_OBJECTIVES, \
	"JOIN commitment_objective co ON co.commitment_id = c.id AND co.objective IN " \
	NEED_OBJECTIVES)
#define ACCREDITED "JOIN actor a ON a.id = r.actor_id AND a.status = 'accredited' " \
	"AND a.operators = 0"
#define CANDIDATES "(SELECT r.actor_id FROM (" OBJECTIVE_ROWS ") r)"

static const char *const records_sql[] = {
	/* objectives */
	"SELECT r.actor_id, r.objective, r.kind FROM (" OBJECTIVE_ROWS ") r " ACCREDITED
	" ORDER BY r.actor_id",
	/* places: the actor's own country, its records' countries, in the
	 * need's sub-regions, the need's own countries first */
	"SELECT r.actor_id, r.iso3, k.subregion_m49 FROM (SELECT a.id AS actor_id, "
	"a.country_iso3 AS iso3 FROM actor a WHERE a.country_iso3 IS NOT NULL AND a.id <> $2 "
	"UNION " RECORDS("pc.iso3", "cc.iso3",
	                 "JOIN practice_country pc ON pc.practice_id = p.id",
	                 "JOIN commitment_country cc ON cc.commitment_id = c.id")
	") r JOIN country k ON k.iso3 = r.iso3 WHERE k.subregion_m49 IN (SELECT n.subregion_m49 "
	"FROM hub_item_country x JOIN country n ON n.iso3 = x.iso3 WHERE x.item_id = $1) "
	"AND r.actor_id IN " CANDIDATES " ORDER BY r.actor_id, CASE WHEN r.iso3 IN (SELECT iso3 "
	"FROM hub_item_country WHERE item_id = $1) THEN 0 ELSE 1 END, r.iso3",
	/* languages */
	"SELECT r.actor_id, r.lang FROM (" RECORDS("p.lang", "c.lang", "", "") ") r "
	"WHERE r.lang IN (SELECT lang FROM hub_item_lang WHERE item_id = $1) "
	"AND r.actor_id IN " CANDIDATES " ORDER BY r.actor_id, r.lang",
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
				continue;
			}
			struct hub_record *x = *n ? bsearch(&actor, r, *n, sizeof *r, by_actor) : NULL;
			if (!x)
				continue;
			struct hub_profile *w = &x->where;
			if (q == 1 && w->ncountries < HUB_MAX_COUNTRIES) {
				w->countries[w->ncountries] = kept(*keep, db_text(res, 1));
				w->subregions[w->ncountries++] = kept(*keep, db_text(res, 2));
			} else if (q == 2 && w->nlangs < HUB_MAX_LANGS) {
				w->langs[w->nlangs++] = kept(*keep, db_text(res, 1));
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
