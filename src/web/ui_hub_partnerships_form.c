/* ui_hub_partnerships_form.c — a partnership recorded on its own (issue 14,
 * item 4): GET /partnerships/new and POST /partnerships, GET and POST
 * /partnerships/{id}/edit, and on its page the lead's forms: POST
 * /partnerships/{id}/members (add one, with its role) and POST
 * /partnerships/{id}/members/{actor}/withdraw (remove one: a withdrawal,
 * the row kept). The domain (hub.h) validates, checks can() and audits;
 * this file gathers the form into the input an API client posts. */
#include <string.h>

#include "domain/hub.h"
#include "domain/permission.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_hub.h"
#include "ui_hub_impl.h"
#include "util.h"
#include "web.h"

static const struct ui_input partnership_inputs[] = {
	{"name", UI_IN_ONE},
	{"description", UI_IN_ONE},
	{"lead_actor_id", UI_IN_ONE},
	{"need_id", UI_IN_ONE},
	{"offer_id", UI_IN_ONE},
	{"commitments", UI_IN_IDS},
	{"practices", UI_IN_IDS},
};

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

/* The form's model for input (as typed, or the partnership's values); id
 * 0: a new one. */
static json_t *partnership_form(struct request *req, int64_t id, const json_t *input)
{
	json_t *form = json_object();
	for (size_t i = 0; i < ARRAY_LEN(partnership_inputs); i++) {
		const char *name = partnership_inputs[i].name;
		const json_t *v = json_object_get(input, name);
		json_object_set_new(form, name, partnership_inputs[i].kind == UI_IN_IDS ?
		                    ui_joined(v, ", ") : ui_text(v));
	}
	json_t *model = ui_form_model(req);
	json_object_set_new(model, "form", form);
	if (id) {
		json_object_set_new(model, "editing", json_true());
		json_object_set_new(model, "url", json_string(arena_printf(&req->arena,
		                    "/partnerships/%lld", (long long)id)));
		json_object_set_new(model, "action", json_string(arena_printf(&req->arena,
		                    "/partnerships/%lld/edit", (long long)id)));
	} else {
		json_object_set_new(model, "action", json_string("/partnerships"));
		if (req->viewer)
			json_object_set(model, "actor", json_object_get(req->viewer, "actor"));
	}
	return model;
}

static const char *form_title(const struct request *req, int64_t id)
{
	return tr(req->locale, id ? "Edit the partnership" : "Record a partnership");
}

static void forbidden(struct request *req, struct page *page)
{
	page_error(req, page, 403, "Forbidden", tr(req->locale,
	           "Only the focal points or editors of the partnership's lead may do this."));
}

void ui_partnerships_new(struct request *req, struct page *page)
{
	struct object_ref own = {"partnership", 0, req->user->actor_id};
	if (!can(req->user, ACTION_HUB_SUBMIT, &own)) {
		forbidden(req, page);
		return;
	}
	json_t *input = json_object();
	page_set(page, "hub/partnership_form", partnership_form(req, 0, input),
	         form_title(req, 0));
	json_decref(input);
}

void ui_partnerships_edit(struct request *req, struct page *page)
{
	int64_t id = ui_hub_id(req, 0);
	json_t *model = id < 0 ? json_null() : partnerships_get(req->db, req->locale, id);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no partnership with this number."));
		return;
	}
	if (!partnerships_may_lead(req->db, req->user, id)) {
		json_decref(model);
		forbidden(req, page);
		return;
	}
	/* The form's values: the partnership's own, its links as ids. */
	json_t *p = json_object_get(model, "partnership");
	json_t *input = json_deep_copy(p);
	static const char *const lists[] = {"commitments", "practices"};
	for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
		json_t *ids = json_array();
		size_t j;
		json_t *x;
		json_array_foreach(json_object_get(p, lists[i]), j, x)
			json_array_append(ids, json_object_get(x, "id"));
		json_object_set_new(input, lists[i], ids);
	}
	json_decref(model);
	page_set(page, "hub/partnership_form", partnership_form(req, id, input), form_title(req, id));
	json_decref(input);
}

/* After a write: the partnership's page (201 or 200), or the outcome's error. */
static void written(struct request *req, struct page *page, enum outcome o, int64_t id,
                    int status)
{
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = ui_partnerships_model(req, page, id);
	if (model)
		page_written(req, page, status, arena_printf(&req->arena, "/partnerships/%lld",
		             (long long)id), "hub/partnership", model);
}

/* Creates (id 0) or edits partnership id; 422 with the form again. */
static void save(struct request *req, struct page *page, int64_t id)
{
	bool creating = id == 0;
	json_t *errors = json_object();
	json_t *input = ui_input(req, partnership_inputs, ARRAY_LEN(partnership_inputs), no_parts,
	                         errors);
	if (creating && valid_blank(json_object_get(input, "lead_actor_id")))
		json_object_set_new(input, "lead_actor_id", json_integer(req->user->actor_id));
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 !creating ? partnerships_edit(req->db, req->user, id, input, errors) :
	                 partnerships_create(req->db, req->user, input, errors, &id);
	if (o == OUTCOME_INVALID) {
		json_t *model = partnership_form(req, id, input);
		json_decref(input);
		ui_form_refused(req, page, "hub/partnership_form", model, errors, form_title(req, id));
		return;
	}
	json_decref(input);
	json_decref(errors);
	written(req, page, o, id, creating ? 201 : 200);
}

void ui_partnerships_create(struct request *req, struct page *page)
{
	save(req, page, 0);
}

void ui_partnerships_update(struct request *req, struct page *page)
{
	int64_t id = ui_hub_id(req, 0);
	if (id < 0) {
		web_outcome_error(req, page, OUTCOME_NOT_FOUND);
		return;
	}
	save(req, page, id);
}

/* The end of a member form: refused (o OUTCOME_INVALID), the partnership's
 * page again with the errors; else as written. Steals input and errors. */
static void finish(struct request *req, struct page *page, enum outcome o, int64_t id,
                   json_t *input, json_t *errors)
{
	if (o != OUTCOME_INVALID) {
		json_decref(input);
		json_decref(errors);
		written(req, page, o, id, 200);
		return;
	}
	json_t *model = ui_partnerships_model(req, page, id);
	if (!model) {
		json_decref(input);
		json_decref(errors);
		return;
	}
	page_invalid(req, page, "hub/partnership", model, input, errors, json_string_value(
	             json_object_get(json_object_get(model, "partnership"), "name")));
}

void ui_partnerships_add_member(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"actor_id", UI_IN_ONE}, {"role", UI_IN_ONE}};
	int64_t id = ui_hub_id(req, 0);
	json_t *errors = json_object();
	json_t *input = ui_input(req, in, ARRAY_LEN(in), no_parts, errors);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : json_object_size(errors) ? OUTCOME_INVALID :
	                 partnerships_add_member(req->db, req->user, id, input, errors);
	finish(req, page, o, id, input, errors);
}

void ui_partnerships_remove(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"reason", UI_IN_ONE}};
	int64_t id = ui_hub_id(req, 0);
	int64_t actor = ui_hub_id(req, 1);
	json_t *errors = json_object();
	json_t *input = ui_input(req, in, ARRAY_LEN(in), no_parts, errors);
	enum outcome o = id < 0 || actor < 0 ? OUTCOME_NOT_FOUND :
	                 json_object_size(errors) ? OUTCOME_INVALID :
	                 partnerships_withdraw(req->db, req->user, id, actor, input, errors);
	finish(req, page, o, id, input, errors);
}
