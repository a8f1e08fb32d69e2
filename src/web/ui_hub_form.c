/* ui_hub_form.c — the need and offer forms: GET /hub/needs/new and
 * /hub/offers/new, POST /hub/needs and /hub/offers, GET and POST
 * /hub/{needs,offers}/{id}/edit.
 *
 * The form's fields are gathered into the JSON input the domain takes,
 * the same an API client posts; the domain validates, checks can() and
 * audits. A refused input shows the form again with what was typed. */
#include <string.h>

#include "domain/codes.h"
#include "domain/compact.h"
#include "domain/hub.h"
#include "domain/permission.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_hub.h"
#include "ui_hub_impl.h"
#include "util.h"
#include "web.h"

static const struct ui_input item_inputs[] = {
	{"title", UI_IN_ONE},
	{"description", UI_IN_ONE},
	{"support", UI_IN_ONE},
	{"objectives", UI_IN_MANY},
	{"countries", UI_IN_MANY},
	{"languages", UI_IN_MANY},
	{"start_date", UI_IN_ONE},
	{"end_date", UI_IN_ONE},
	{"budget", UI_IN_ONE},
	{"capacity", UI_IN_ONE},
	{"conditions", UI_IN_ONE},
};

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

/* The languages an item may name, by their own names. */
static const char *const langs[] = {"ar", "en", "es", "fr", "ru", "zh", "pt", NULL};

/* The form's model for input (as typed, or the item's values). id 0: a
 * new item. NULL on a database error. */
static json_t *item_form(struct request *req, const char *side, int64_t id, const json_t *input)
{
	json_t *objectives = compact_objectives(req->db, req->locale);
	json_t *countries = ui_country_options(req, NULL);
	if (!objectives || !countries) {
		json_decref(objectives);
		json_decref(countries);
		return NULL;
	}
	json_t *form = json_object();
	static const char *const texts[] = {"title", "description", "start_date", "end_date",
	                                    "capacity", "conditions"};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		json_object_set_new(form, texts[i], ui_text(json_object_get(input, texts[i])));
	json_t *objs = json_object_get(objectives, "objectives");
	ui_mark(objs, "number", json_object_get(input, "objectives"), "checked");
	ui_mark(countries, "value", json_object_get(input, "countries"), "selected");
	json_t *lang_list = json_array();
	for (size_t i = 0; langs[i]; i++)
		json_array_append_new(lang_list, json_pack("{s:s, s:s}", "code", langs[i], "name",
		                      i18n_native_name(langs[i])));
	ui_mark(lang_list, "code", json_object_get(input, "languages"), "checked");
	bool need = strcmp(side, "need") == 0;
	json_t *model = ui_form_model(req);
	json_object_set_new(model, "form", form);
	json_object_set(model, "objectives", objs);
	json_decref(objectives);
	json_object_set_new(model, "countries", countries);
	json_object_set_new(model, "languages", lang_list);
	json_object_set_new(model, "supports", web_options(req->locale, hub_supports,
	                    hub_support_labels, json_string_value(json_object_get(input, "support"))));
	json_object_set_new(model, "budgets", web_options(req->locale, hub_budgets,
	                    hub_budget_labels, json_string_value(json_object_get(input, "budget"))));
	json_object_set_new(model, "is_need", json_boolean(need));
	const char *base = need ? "/hub/needs" : "/hub/offers";
	if (id) {
		json_object_set_new(model, "editing", json_true());
		json_object_set_new(model, "url", json_string(arena_printf(&req->arena, "%s/%lld",
		                    base, (long long)id)));
		json_object_set_new(model, "action", json_string(arena_printf(&req->arena,
		                    "%s/%lld/edit", base, (long long)id)));
	} else {
		json_object_set_new(model, "action", json_string(base));
	}
	ui_on_behalf_of(req, model, "actor");
	return model;
}

static const char *form_title(const struct request *req, const char *side, int64_t id)
{
	if (id)
		return tr(req->locale, strcmp(side, "need") == 0 ? "Edit the need" : "Edit the offer");
	return tr(req->locale, strcmp(side, "need") == 0 ? "Describe a need" : "Describe an offer");
}

static void show_form(struct request *req, struct page *page, const char *side, int64_t id,
                      const json_t *input)
{
	json_t *model = item_form(req, side, id, input);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "hub/form", model, form_title(req, side, id));
}

static void forbidden(struct request *req, struct page *page)
{
	page_error(req, page, 403, "Forbidden", tr(req->locale,
	           "Only the focal points or editors of this actor may do this."));
}

static void new_form(struct request *req, struct page *page, const char *side)
{
	struct object_ref own = {"hub_item", 0, req->user->actor_id};
	if (!can(req->user, ACTION_HUB_SUBMIT, &own)) {
		forbidden(req, page);
		return;
	}
	json_t *input = json_object();
	show_form(req, page, side, 0, input);
	json_decref(input);
}

void ui_hub_need_new(struct request *req, struct page *page)
{
	new_form(req, page, "need");
}

void ui_hub_offer_new(struct request *req, struct page *page)
{
	new_form(req, page, "offer");
}

/* Creates (id 0) or edits item id: 303, or 201/200 with its page model;
 * 422 with the form again. */
static void save(struct request *req, struct page *page, const char *side, int64_t id)
{
	bool creating = id == 0;
	json_t *errors = json_object();
	json_t *input = ui_input(req, item_inputs, ARRAY_LEN(item_inputs), no_parts, errors);
	if (creating && valid_blank(json_object_get(input, "actor_id")))
		json_object_set_new(input, "actor_id", json_integer(req->user->actor_id));
	enum outcome o = OUTCOME_INVALID;
	if (json_object_size(errors)) {
		json_t *more = json_object();
		if (hub_validate(req->db, side, input, more, NULL) < 0)
			o = OUTCOME_ERROR;
		ui_merge_errors(errors, more);
		json_decref(more);
	} else if (creating) {
		o = hub_create(req->db, req->user, side, input, errors, &id);
	} else {
		o = hub_edit(req->db, req->user, id, input, errors);
	}
	if (o == OUTCOME_INVALID) {
		json_t *model = item_form(req, side, id, input);
		json_decref(input);
		ui_form_refused(req, page, "hub/form", model, errors, form_title(req, side, id));
		return;
	}
	json_decref(input);
	json_decref(errors);
	ui_hub_written(req, page, o, side, id, creating ? 201 : 200);
}

void ui_hub_need_create(struct request *req, struct page *page)
{
	save(req, page, "need", 0);
}

void ui_hub_offer_create(struct request *req, struct page *page)
{
	save(req, page, "offer", 0);
}

void ui_hub_edit(struct request *req, struct page *page)
{
	const char *side = ui_hub_side(req);
	int64_t id = ui_hub_id(req, 0);
	json_t *model = ui_hub_model(req, page, side, id);
	if (!model)
		return;
	json_t *it = json_object_get(model, "item");
	if (!json_is_true(json_object_get(model, "can_edit"))) {
		json_decref(model);
		forbidden(req, page);
		return;
	}
	/* The form's values: the item's own, its lists as codes. */
	json_t *input = json_deep_copy(it);
	static const struct {
		const char *list, *key;
	} codes[] = {{"objectives", "number"}, {"countries", "iso3"}, {"languages", "lang"}};
	for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
		json_t *vals = json_array();
		size_t j;
		json_t *x;
		json_array_foreach(json_object_get(it, codes[i].list), j, x)
			json_array_append(vals, json_object_get(x, codes[i].key));
		json_object_set_new(input, codes[i].list, vals);
	}
	json_decref(model);
	show_form(req, page, side, id, input);
	json_decref(input);
}

void ui_hub_update(struct request *req, struct page *page)
{
	int64_t id = ui_hub_id(req, 0);
	if (id < 0) {
		web_outcome_error(req, page, OUTCOME_NOT_FOUND);
		return;
	}
	save(req, page, ui_hub_side(req), id);
}
