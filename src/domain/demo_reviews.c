/* demo_reviews.c — what `pacte demo` adds for the reviews (issue 15): the
 * voluntary reviews of the states with the most commitments, for the 2022
 * and the 2026 forums (so a comparison has two sides), frozen and hashed
 * as a submission is; two published written inputs on each 2026 review;
 * and final independent assessments of one commitment in a hundred. Every
 * row synthetic, deterministic: dates are fixed days, never today; which
 * states, partners and commitments is decided by their ids. */
#include <stdio.h>

#include "assessments.h"
#include "codes.h"
#include "db.h"
#include "demo.h"
#include "reviews.h"
#include "util.h"

#define REVIEWED_STATES 30
#define INPUT_PARTNERS 20

static const char SQL_STATES[] =
	"SELECT a.id, a.country_iso3 FROM actor a JOIN commitment c ON c.owner_actor_id = a.id "
	"WHERE a.kind = 'state' GROUP BY a.id, a.country_iso3 ORDER BY COUNT(*) DESC, a.id LIMIT $1";

/* One state's two reviews and the inputs on the newer one. */
static int review_state(struct db *db, int64_t actor, const char *iso3, const json_t *partners,
                        size_t k, struct demo_result *r)
{
	static const struct {
		const char *cycle, *at, *summary;
	} cycles[] = {
		{"imrf-2022", "2022-04-20T10:00:00.000Z",
		 "Synthetic review: what the state reported to the first forum."},
		{"imrf-2026", "2026-04-20T10:00:00.000Z",
		 "Synthetic review: what the state reported to the second forum."},
	};
	json_t *narratives = json_pack("{s:s, s:s}", "3",
		"Synthetic narrative: information for migrants at every stage.", "23",
		"Synthetic narrative: cooperation with neighbouring states.");
	int rc = 0;
	for (size_t c = 0; rc == 0 && c < ARRAY_LEN(cycles); c++) {
		int64_t id;
		rc = reviews_insert_submitted(db, cycles[c].cycle, iso3, actor, cycles[c].summary,
		                              narratives, cycles[c].at, "synthetic", &id);
		r->reviews += rc == 0;
	}
	for (size_t i = 0; rc == 0 && i < 2 && json_array_size(partners); i++) {
		int64_t partner = json_integer_value(json_object_get(
			json_array_get(partners, (k * 2 + i) % json_array_size(partners)), "id"));
		rc = reviews_input_insert(db, "imrf-2026", iso3, partner,
		                          "Synthetic input: civil society's account",
		                          "Synthetic text: what the partners saw of the work.",
		                          "2026-04-25T10:00:00.000Z", "synthetic");
		r->inputs += rc == 0;
	}
	json_decref(narratives);
	return rc;
}

int demo_reviews(struct db *db, int64_t scale, struct demo_result *r)
{
	json_t *states = db_json_rows(db, SQL_STATES, DB_ARGS(DB_INT(REVIEWED_STATES)));
	json_t *partners = states ? db_json_rows(db, "SELECT id FROM actor WHERE kind = 'partner' "
	                                         "AND origin = 'synthetic' ORDER BY id LIMIT $1",
	                                         DB_ARGS(DB_INT(INPUT_PARTNERS))) : NULL;
	if (!partners || db_begin(db) < 0) {
		json_decref(states);
		json_decref(partners);
		return -1;
	}
	int rc = 0;
	size_t i;
	json_t *s;
	json_array_foreach(states, i, s)
		if (rc == 0)
			rc = review_state(db, json_integer_value(json_object_get(s, "id")),
			                  json_string_value(json_object_get(s, "country_iso3")), partners,
			                  i, r);
	/* One commitment in a hundred (at least one), assessed by a partner
	 * that does not own it. */
	int64_t n = scale / 100 > 0 ? scale / 100 : 1, every = scale / n;
	json_t *picked = rc == 0 ? db_json_rows(db, "SELECT id, owner_actor_id FROM commitment "
	                                        "WHERE origin = 'synthetic' AND id % $1 = 0 "
	                                        "ORDER BY id LIMIT $2",
	                                        DB_ARGS(DB_INT(every), DB_INT(n))) : NULL;
	if (rc == 0 && !picked)
		rc = -1;
	json_t *c;
	json_array_foreach(picked, i, c) {
		size_t np = json_array_size(partners);
		int64_t owner = json_integer_value(json_object_get(c, "owner_actor_id"));
		int64_t assessor = np ? json_integer_value(json_object_get(json_array_get(partners,
		                                           i % np), "id")) : 0;
		if (assessor == owner && np > 1)
			assessor = json_integer_value(json_object_get(json_array_get(partners,
			                              (i + 1) % np), "id"));
		if (rc == 0 && assessor && assessor != owner)
			rc = assessments_insert(db, json_integer_value(json_object_get(c, "id")), assessor,
			                        assessment_relevances[i % 3],
			                        assessment_completions[i % 5],
			                        "Synthetic assessment: what the evidence shows.",
			                        "2026-02-01", "2026-03-03", "synthetic");
		r->assessments += rc == 0 && assessor && assessor != owner;
	}
	json_decref(picked);
	json_decref(partners);
	json_decref(states);
	if (rc == 0)
		return db_commit(db);
	db_rollback(db);
	return -1;
}
