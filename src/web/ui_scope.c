/* ui_scope.c — the "where it stands" section of the objective, country,
 * region and actor pages (ui_scope.h). */
#include <assert.h>

#include "domain/commitments.h"
#include "domain/standing.h"
#include "ui.h"
#include "ui_scope.h"

#define SCOPE_CARDS 5               /* commitments listed on a scope's page */
#define SCOPE_UPDATES 5             /* latest updates listed there */

/* Exactly one member of a scope is set. */
static bool one_member(const struct scope *s)
{
	return (s->objective != 0) + (s->country != NULL) + (s->region != NULL) +
	       (s->actor_id != 0) == 1;
}

static json_t *scope_standing(struct request *req, const struct scope *s)
{
	if (s->objective)
		return standing_objective(req->db, req->locale, s->objective, SCOPE_UPDATES, NULL);
	if (s->country)
		return standing_country(req->db, req->locale, s->country, SCOPE_UPDATES, NULL);
	if (s->region)
		return standing_region(req->db, req->locale, s->region, SCOPE_UPDATES, NULL);
	return standing_actor(req->db, req->locale, s->actor_id, SCOPE_UPDATES, NULL);
}

int ui_scope_add(struct request *req, json_t *model, const struct scope *s)
{
	assert(one_member(s));
	json_t *st = scope_standing(req, s);
	if (!st)
		return -1;
	json_t *standing = json_object_get(st, "standing");
	json_int_t total = json_integer_value(json_object_get(standing, "total"));
	if (total <= 0) {
		json_decref(st);
		return 0;
	}
	struct commitment_filter f = {
		.objective = s->objective, .country = s->country, .region = s->region,
		.actor_id = s->actor_id, .sort = "updated", .limit = SCOPE_CARDS, .total = total,
	};
	json_t *list = commitments_list(req->db, req->locale, &f);
	if (!list) {
		json_decref(st);
		return -1;
	}
	json_t *cards = json_object_get(list, "commitments");
	ui_mark_numbers(cards, "percent", "has_percent");
	json_t *latest = json_object_get(st, "latest_updates");
	ui_mark_numbers(latest, "percent", "has_percent");
	json_object_set_new(standing, "more", json_boolean(total > (json_int_t)json_array_size(cards)));
	json_object_set_new(standing, "has_updates", json_boolean(json_array_size(latest) > 0));
	json_object_set(model, "standing", standing);
	json_object_set(model, "latest_updates", latest);
	json_object_set(model, "scope_commitments", cards);
	if (json_is_true(json_object_get(st, "has_sample")) ||
	    json_is_true(json_object_get(list, "has_sample")))
		json_object_set_new(model, "has_sample", json_true());
	json_decref(list);
	json_decref(st);
	return 0;
}
