/* ui_practices_form.c — the practice form: GET and POST /practices/new
 * (and POST /practices), GET and POST /practices/{id}/edit.
 *
 * The form's fields are gathered into the JSON input the domain takes,
 * the same an API client posts; the domain validates, checks can() and
 * audits. A refused input shows the form again with what was typed. */
#include <string.h>

#include "domain/permission.h"
#include "domain/practices.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_practices.h"
#include "ui_practices_impl.h"
#include "util.h"
#include "web.h"

static const struct ui_input practice_inputs[] = {
	{"actor_id", UI_IN_ONE},
	{"title", UI_IN_ONE},
	{"summary", UI_IN_ONE},
	{"context", UI_IN_ONE},
	{"actions", UI_IN_ONE},
	{"results", UI_IN_ONE},
	{"lessons", UI_IN_ONE},
	{"lang", UI_IN_ONE},
	{"start_year", UI_IN_ONE},
	{"end_year", UI_IN_ONE},
	{"level", UI_IN_ONE},
	{"type", UI_IN_ONE},
	{"objectives", UI_IN_MANY},
	{"principles", UI_IN_MANY},
	{"countries", UI_IN_MANY},
	{"regions", UI_IN_MANY},
	{"partners", UI_IN_ONE},
	{"links", UI_IN_ONE},
	{"commitments", UI_IN_IDS},
	{"call_id", UI_IN_ONE},
	{"updated_at", UI_IN_ONE},
};

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

/* The languages a practice is written in, by their own names. */
static const struct {
	const char *code;
	const char *name;
} text_langs[] = {
	{"en", "English"}, {"fr", "Français"}, {"es", "Español"}, {"ar", "العربية"},
	{"ru", "Русский"}, {"zh", "中文"}, {"pt", "Português"},
};

static json_t *lang_options(const char *current)
{
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(text_langs); i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "code", text_langs[i].code,
		                      "name", text_langs[i].name,
		                      "selected", current && strcmp(current, text_langs[i].code) == 0));
	return list;
}

/* Partners as the form's text: one per line, an actor's number or a name. */
static json_t *partner_lines(const json_t *partners)
{
	if (json_is_string(partners))
		return json_incref((json_t *)partners);
	json_t *lines = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(partners, i, p) {
		const json_t *id = json_object_get(p, "actor_id");
		json_array_append_new(lines, json_is_integer(id) ?
		                      json_sprintf("%lld", (long long)json_integer_value(id)) :
		                      json_incref(json_object_get(p, "name")));
	}
	json_t *text = ui_joined(lines, "\n");
	json_decref(lines);
	return text;
}

/* The whole model of the form for an input (as typed, or the practice's
 * values). id 0: a new practice. NULL on a database error. */
static json_t *practice_form(struct request *req, int64_t id, const json_t *input)
{
	json_t *choices = practices_choices(req->db, req->locale);
	if (!choices)
		return NULL;
	json_t *form = json_object();
	for (size_t i = 0; i < ARRAY_LEN(practice_inputs); i++) {
		const char *name = practice_inputs[i].name;
		const json_t *v = json_object_get(input, name);
		if (practice_inputs[i].kind == UI_IN_MANY)
			continue;
		json_object_set_new(form, name, strcmp(name, "partners") == 0 ? partner_lines(v) :
		                    strcmp(name, "links") == 0 ? ui_joined(v, "\n") :
		                    strcmp(name, "commitments") == 0 ? ui_joined(v, ", ") : ui_text(v));
	}
	static const struct {
		const char *list, *key, *field, *flag;
	} marks[] = {
		{"objectives", "number", "objectives", "checked"},
		{"principles", "slug", "principles", "checked"},
		{"countries", "iso3", "countries", "selected"},
		{"regions", "m49", "regions", "selected"},
		{"levels", "code", "level", "selected"},
		{"types", "code", "type", "selected"},
		{"calls", "id", "call_id", "selected"},
	};
	for (size_t i = 0; i < ARRAY_LEN(marks); i++)
		ui_mark(json_object_get(choices, marks[i].list), marks[i].key,
		        json_object_get(input, marks[i].field), marks[i].flag);
	const char *lang = json_string_value(json_object_get(form, "lang"));
	json_t *model = ui_form_model(req);
	json_object_set_new(model, "form", form);
	json_object_set_new(model, "choices", choices);
	json_object_set_new(model, "langs", lang_options(lang && *lang ? lang : req->locale));
	struct object_ref any = {"practice", 0, 0};
	json_object_set_new(model, "choose_actor", json_boolean(!id && req->user &&
	                    can(req->user, ACTION_PRACTICE_SUBMIT, &any)));
	if (!id)
		ui_on_behalf_of(req, model, "actor");
	if (id) {
		json_object_set_new(model, "editing", json_true());
		json_object_set_new(model, "id", json_integer(id));
		json_object_set_new(model, "url", json_string(arena_printf(&req->arena,
		                    "/practices/%lld", (long long)id)));
		json_object_set_new(model, "action", json_string(arena_printf(&req->arena,
		                    "/practices/%lld/edit", (long long)id)));
	} else {
		json_object_set_new(model, "action", json_string("/practices/new"));
	}
	return model;
}

static const char *form_title(const struct request *req, int64_t id)
{
	return id ? tr(req->locale, "Edit the practice") : tr(req->locale, "Share a good practice");
}

static void show_form(struct request *req, struct page *page, int64_t id, const json_t *input)
{
	json_t *model = practice_form(req, id, input);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "practices/form", model, form_title(req, id));
}

static void forbidden(struct request *req, struct page *page)
{
	page_error(req, page, 403, "Forbidden", tr(req->locale,
	           "Only the focal points or editors of this practice's actor may do this."));
}

void ui_practices_new(struct request *req, struct page *page)
{
	struct object_ref own = {"practice", 0, req->user->actor_id};
	if (!can(req->user, ACTION_PRACTICE_SUBMIT, &own)) {
		forbidden(req, page);
		return;
	}
	json_t *input = json_object();
	const char *call = req_query(req, "call");
	int64_t call_id;
	if (call && parse_int64(call, 1, INT64_MAX, &call_id) == 0)
		json_object_set_new(input, "call_id", json_integer(call_id));
	show_form(req, page, 0, input);
	json_decref(input);
}

void ui_practices_edit(struct request *req, struct page *page)
{
	int64_t id = ui_practice_id(req, 0), actor = 0;
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : practices_owner(req->db, id, &actor, NULL, NULL);
	if (o == OUTCOME_NOT_FOUND) {
		ui_practices_not_found(req, page);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	struct object_ref obj = {"practice", id, actor};
	if (!can(req->user, ACTION_PRACTICE_SUBMIT, &obj)) {
		forbidden(req, page);
		return;
	}
	json_t *input = practices_form_values(req->db, id);
	if (!input || json_is_null(input)) {
		json_decref(input);
		web_db_error(req, page);
		return;
	}
	show_form(req, page, id, input);
	json_decref(input);
}

/* Creates (id 0) or replaces practice id: 303, or 201/200 with its page
 * model; 422 with the form again. */
static void save(struct request *req, struct page *page, int64_t id)
{
	bool creating = id == 0;
	json_t *errors = json_object();
	json_t *input = ui_input(req, practice_inputs, ARRAY_LEN(practice_inputs), no_parts, errors);
	if (creating && valid_blank(json_object_get(input, "actor_id")))
		json_object_set_new(input, "actor_id", json_integer(req->user->actor_id));
	enum outcome o = OUTCOME_INVALID;
	if (json_object_size(errors)) {
		json_t *more = json_object();
		if (practice_validate(req->db, input, more, NULL) < 0)
			o = OUTCOME_ERROR;
		ui_merge_errors(errors, more);
		json_decref(more);
	} else if (creating) {
		o = practices_create(req->db, req->user, input, errors, &id);
	} else {
		o = practices_update(req->db, req->user, id, input, errors);
	}
	if (o == OUTCOME_INVALID) {
		json_t *model = practice_form(req, creating ? 0 : id, input);
		json_decref(input);
		ui_form_refused(req, page, "practices/form", model, errors,
		                form_title(req, creating ? 0 : id));
		return;
	}
	json_decref(input);
	json_decref(errors);
	ui_practices_written(req, page, o, id, creating ? 201 : 200);
}

void ui_practices_create(struct request *req, struct page *page)
{
	save(req, page, 0);
}

void ui_practices_update(struct request *req, struct page *page)
{
	int64_t id = ui_practice_id(req, 0);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : practices_owner(req->db, id, NULL, NULL, NULL);
	if (o == OUTCOME_NOT_FOUND) {
		ui_practices_not_found(req, page);
		return;
	}
	if (!web_outcome_error(req, page, o))
		save(req, page, id);
}
