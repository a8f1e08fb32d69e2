/* ui_actors_merge.c — /actors/{id}/merge: an administrator merges a
 * duplicate organisation into the one kept (merge.h decides, checks and
 * audits). The page chooses the organisation kept (by its number, or one
 * of the similar names), then lists what moves and asks to confirm; the
 * POST merges and goes to the organisation kept. */
#include <stdbool.h>
#include <string.h>

#include "domain/actors.h"
#include "domain/merge.h"
#include "domain/permission.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui_actors.h"
#include "util.h"
#include "web.h"

static const struct field merge_fields[] = {
	{"into", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL},
};

static const struct field_label labels[] = {
	{"into", N_("Number of the organisation kept")},
	{NULL, NULL},
};

/* The page's model for merging actor {id} (into `into`, 0: not chosen
 * yet), when req's user may merge it; otherwise the page is answered (404,
 * or 403: reading is not a write, nothing to audit) and NULL returned.
 * `ask`: whether to ask can() here; the POST leaves it to the merge,
 * which audits a denial. */
static json_t *merge_model(struct request *req, struct page *page, int64_t *from, int64_t into,
                           bool ask)
{
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, from) < 0) {
		web_not_found(req, page, N_("No actor has this number."));
		return NULL;
	}
	json_t *m = merge_preview(req->db, req->locale, *from, into);
	if (!m) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(m)) {
		web_not_found(req, page, N_("No actor has this number."));
		return NULL;
	}
	struct object_ref obj = {.type = "actor", .id = *from, .owner_actor_id = *from};
	if (ask && !can(req->user, ACTION_ACTOR_MERGE, &obj)) {
		json_decref(m);
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "Only administrators merge organisations."));
		return NULL;
	}
	size_t i;
	json_t *mv;
	json_array_foreach(json_object_get(m, "moves"), i, mv)
		json_object_set_new(mv, "label", json_string(tr(req->locale, json_string_value(
		                                     json_object_get(mv, "label")))));
	const char *problem = json_string_value(json_object_get(m, "problem"));
	if (problem)
		json_object_set_new(m, "problem", json_string(tr(req->locale, problem)));
	json_object_set_new(m, "confirm", json_boolean(into && !problem));
	/* The public partners with a name like this one's: the likely kept. */
	json_t *similar = actors_similar(req->db, json_string_value(json_object_get(
	                                          json_object_get(m, "from"), "name")));
	json_t *others = json_array();
	json_array_foreach(similar, i, mv)
		if (json_integer_value(json_object_get(mv, "id")) != *from)
			json_array_append(others, mv);
	json_decref(similar);
	json_object_set_new(m, "has_similar", json_boolean(json_array_size(others) > 0));
	json_object_set_new(m, "similar", others);
	if (req->csrf_token)
		json_object_set_new(m, "csrf_token", json_string(req->csrf_token));
	return m;
}

void ui_actors_merge_page(struct request *req, struct page *page)
{
	int64_t from, into = 0;
	const char *q = req_query(req, "into");
	if (q && *q && parse_int64(q, 1, INT64_MAX, &into) < 0)
		into = 0;
	json_t *m = merge_model(req, page, &from, into, true);
	if (m)
		page_set(page, "actor_merge", m, tr(req->locale, "Merge a duplicate organisation"));
}

void ui_actors_merge(struct request *req, struct page *page)
{
	int64_t from;
	json_t *values, *errors;
	int64_t into = 0;
	if (!form_validate(req, merge_fields, ARRAY_LEN(merge_fields), &values, &errors))
		into = json_integer_value(json_object_get(values, "into"));
	json_t *m = merge_model(req, page, &from, into, false);
	if (!m) {
		json_decref(values);
		json_decref(errors);
		return;
	}
	/* Without a valid number the merge still runs (into 0: no actor), so
	 * that anyone but an administrator is refused, and audited, first. */
	struct merge_result r = {0};
	enum outcome o = merge_actors(req->db, req->user, from, into, &r);
	if (o == OUTCOME_NOT_FOUND) {
		o = OUTCOME_INVALID;
		r.problem = N_("There is no organisation with this number.");
	}
	if (o == OUTCOME_INVALID || o == OUTCOME_CONFLICT) {
		if (r.problem && !json_object_get(errors, "into"))
			valid_error(errors, "into", r.problem);
		/* The reason is beside the field (and in the summary) once. */
		json_object_set_new(m, "confirm", json_false());
		json_object_set_new(m, "problem", json_null());
		page_refuse(req, page, o == OUTCOME_CONFLICT ? 409 : 422, "actor_merge", m, values,
		            errors, tr(req->locale, "Merge a duplicate organisation"));
		web_label_errors(req, page, labels);
		return;
	}
	json_decref(m);
	json_decref(values);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, arena_printf(&req->arena, "/actors/%lld", (long long)into),
	             "actor_merge", json_pack("{s:I, s:I, s:o}", "merged", (json_int_t)from,
	                                      "into", (json_int_t)into, "counts", r.counts));
}
