/* ui_hub_funding.c — the hub's funding pointers (funding.h): GET
 * /hub/funding (the list; an administrator also sees the archived ones and
 * the form to add one), POST /hub/funding, GET /hub/funding/{id} (with
 * the form to edit it, for an administrator), POST /hub/funding/{id}/edit
 * and /hub/funding/{id}/archive; and the pointers on a need's page. One
 * model per page for HTML and JSON; the domain validates, asks can() and
 * audits. */
#include <string.h>

#include "domain/codes.h"
#include "domain/compact.h"
#include "domain/funding.h"
#include "domain/permission.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_hub.h"
#include "ui_hub_impl.h"
#include "util.h"
#include "web.h"

static const struct ui_input pointer_inputs[] = {
	{"name", UI_IN_ONE},
	{"url", UI_IN_ONE},
	{"description", UI_IN_ONE},
	{"source", UI_IN_ONE},
	{"source_url", UI_IN_ONE},
	{"objectives", UI_IN_MANY},
	{"supports", UI_IN_MANY},
};

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

static bool maintains(const struct request *req)
{
	return req->user && can(req->user, ACTION_FUNDING_MAINTAIN,
	                        &(struct object_ref){"funding_pointer", 0, 0});
}

/* Adds to model the form for input (as typed, or the pointer's values)
 * posting to action. 0, or -1 on a database error. */
static int add_form(struct request *req, json_t *model, const json_t *input, const char *action)
{
	json_t *objectives = compact_objectives(req->db, req->locale);
	if (!objectives)
		return -1;
	json_t *form = json_object();
	static const char *const texts[] = {"name", "url", "description", "source", "source_url"};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		json_object_set_new(form, texts[i], ui_text(json_object_get(input, texts[i])));
	json_t *objs = json_object_get(objectives, "objectives");
	ui_mark(objs, "number", json_object_get(input, "objectives"), "checked");
	json_object_set(form, "objectives", objs);
	json_decref(objectives);
	json_t *sups = web_options(req->locale, hub_supports, hub_support_labels, NULL);
	ui_mark(sups, "value", json_object_get(input, "supports"), "checked");
	json_object_set_new(form, "supports", sups);
	json_object_set_new(form, "action", json_string(action));
	json_object_set_new(model, "form", form);
	json_object_set_new(model, "can_maintain", json_true());
	return 0;
}

/* /hub/funding's model, with the form (as typed) for an administrator. */
static json_t *list_model(struct request *req, const json_t *input)
{
	bool admin = maintains(req);
	json_t *model = funding_list(req->db, req->locale, admin);
	if (model && admin && add_form(req, model, input, "/hub/funding") < 0) {
		json_decref(model);
		return NULL;
	}
	return model;
}

void ui_hub_funding_index(struct request *req, struct page *page)
{
	json_t *empty = json_object();
	json_t *model = list_model(req, empty);
	json_decref(empty);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "hub/funding", model, tr(req->locale, "Funding pointers"));
}

/* The pointer's values as its form takes them: objectives and kinds of
 * support as codes. */
static json_t *as_input(const json_t *p)
{
	json_t *in = json_deep_copy(p);
	json_t *objs = json_array(), *sups = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(p, "objectives"), i, x)
		json_array_append(objs, json_object_get(x, "number"));
	json_array_foreach(json_object_get(p, "supports"), i, x)
		json_array_append(sups, json_object_get(x, "value"));
	json_object_set_new(in, "objectives", objs);
	json_object_set_new(in, "supports", sups);
	return in;
}

/* Pointer id's page model, with the edit form (input, or its own values)
 * for an administrator; an archived one only for them. NULL when the
 * answer is written (404, 500). */
static json_t *show_model(struct request *req, struct page *page, int64_t id,
                          const json_t *input)
{
	json_t *model = id > 0 ? funding_get(req->db, req->locale, id) : json_null();
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	json_t *p = json_object_get(model, "pointer");
	bool admin = maintains(req);
	if (json_is_null(model) || (json_is_true(json_object_get(p, "archived")) && !admin)) {
		json_decref(model);
		web_not_found(req, page, N_("There is no funding pointer with this number."));
		return NULL;
	}
	if (admin) {
		json_t *own = input ? NULL : as_input(p);
		int rc = add_form(req, model, input ? input : own, arena_printf(&req->arena,
		                  "/hub/funding/%lld/edit", (long long)id));
		json_decref(own);
		if (rc < 0) {
			json_decref(model);
			web_db_error(req, page);
			return NULL;
		}
	}
	return model;
}

static const char *name_of(const json_t *model)
{
	return json_string_value(json_object_get(json_object_get(model, "pointer"), "name"));
}

void ui_hub_funding_show(struct request *req, struct page *page)
{
	json_t *model = show_model(req, page, ui_hub_id(req, 0), NULL);
	if (model)
		page_set(page, "hub/funding_show", model, name_of(model));
}

/* The end of a write of pointer id: its page (303, or 201/200 with its
 * model). */
static void written(struct request *req, struct page *page, enum outcome o, int64_t id,
                    int status)
{
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = show_model(req, page, id, NULL);
	if (model)
		page_written(req, page, status, arena_printf(&req->arena, "/hub/funding/%lld",
		             (long long)id), "hub/funding_show", model);
}

/* Creates (id 0) or edits pointer id; 422 with the form again. */
static void save(struct request *req, struct page *page, int64_t id)
{
	json_t *errors = json_object();
	json_t *input = ui_input(req, pointer_inputs, ARRAY_LEN(pointer_inputs), no_parts, errors);
	enum outcome o = OUTCOME_INVALID;
	int64_t out = id;
	if (json_object_size(errors) && maintains(req)) {
		json_t *more = json_object();
		funding_validate(input, more, NULL);
		ui_merge_errors(errors, more);
		json_decref(more);
	} else {
		/* (anyone else is denied there, and audited) */
		o = funding_save(req->db, req->user, id, input, errors, &out);
	}
	if (o == OUTCOME_INVALID) {
		json_t *model = id ? show_model(req, page, id, input) : list_model(req, input);
		json_decref(input);
		if (id && !model) {
			json_decref(errors);
			return;
		}
		ui_form_refused(req, page, id ? "hub/funding_show" : "hub/funding", model, errors,
		                id ? name_of(model) : tr(req->locale, "Funding pointers"));
		return;
	}
	json_decref(input);
	json_decref(errors);
	written(req, page, o, out, id ? 200 : 201);
}

void ui_hub_funding_create(struct request *req, struct page *page)
{
	save(req, page, 0);
}

void ui_hub_funding_update(struct request *req, struct page *page)
{
	int64_t id = ui_hub_id(req, 0);
	if (id < 0) {
		web_outcome_error(req, page, OUTCOME_NOT_FOUND);
		return;
	}
	save(req, page, id);
}

void ui_hub_funding_archive(struct request *req, struct page *page)
{
	int64_t id = ui_hub_id(req, 0);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : funding_archive(req->db, req->user, id);
	written(req, page, o, id, 200);
}

int ui_hub_funding_need(struct request *req, json_t *model, int64_t need_id)
{
	json_t *f = funding_for_need(req->db, req->locale, need_id);
	if (!f)
		return -1;
	json_object_set_new(model, "funding", f);
	return 0;
}
