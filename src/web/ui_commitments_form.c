/* ui_commitments_form.c — the commitment form: GET and POST
 * /commitments/new (and POST /commitments), GET and POST
 * /commitments/{id}/edit.
 *
 * The form's fields are gathered into the JSON input the domain takes,
 * the same an API client posts; the domain validates, checks can() and
 * audits. A refused input shows the form again with what was typed. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "domain/commitments.h"
#include "domain/progress.h"
#include "domain/users.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_commitments.h"
#include "ui_commitments_impl.h"
#include "util.h"
#include "web.h"

#define INDICATOR_BLANK_ROWS 2      /* empty indicator rows a form offers */
/* An owner that is no one's own actor: can() on it says whether the user
 * may act for any actor (an admin), not only for their own. */
#define ANY_ACTOR 0

static const struct ui_input commitment_inputs[] = {
	{"owner_actor_id", UI_IN_ONE},
	{"title", UI_IN_ONE},
	{"description", UI_IN_ONE},
	{"lang", UI_IN_ONE},
	{"objectives", UI_IN_MANY},
	{"principles", UI_IN_MANY},
	{"level", UI_IN_ONE},
	{"countries", UI_IN_MANY},
	{"start_date", UI_IN_ONE},
	{"target_date", UI_IN_ONE},
	{"deliverables", UI_IN_ONE},
	{"status", UI_IN_ONE},
	{"kind", UI_IN_ONE},
	{"participants", UI_IN_IDS},
	{"funders", UI_IN_IDS},
	{"implementing_partners", UI_IN_IDS},
	{"matches_commitment_id", UI_IN_ONE},
	{"form", UI_IN_ONE},
	{"updated_at", UI_IN_ONE},
};

/* The indicator rows of the form are its "indicators"; the translation
 * row, its "translations". */
static const struct ui_input_part commitment_parts[] = {
	{"indicator_", "indicators"},
	{"translation_", "translations"},
	{NULL, NULL},
};

/* The parts of an indicator row, as its fields indicator_PART are named. */
static const char *const indicator_parts[] = {"id", "name", "unit", "baseline", "target"};

/* ---- reading the form --------------------------------------------------------- */

/* The indicator rows of the form: parallel fields indicator_id,
 * indicator_name, indicator_unit, indicator_baseline, indicator_target;
 * a row left wholly empty is no indicator. */
static json_t *read_indicators(const struct request *req)
{
	json_t *cols[ARRAY_LEN(indicator_parts)];
	size_t rows = 0;
	for (size_t p = 0; p < ARRAY_LEN(indicator_parts); p++) {
		char name[32];
		int len = snprintf(name, sizeof name, "indicator_%s", indicator_parts[p]);
		assert(len > 0 && (size_t)len < sizeof name);
		cols[p] = ui_all_values(req, name);
		if (json_array_size(cols[p]) > rows)
			rows = json_array_size(cols[p]);
	}
	json_t *list = json_array();
	for (size_t r = 0; r < rows; r++) {
		json_t *ind = json_object();
		bool any = false;
		for (size_t p = 0; p < ARRAY_LEN(indicator_parts); p++) {
			json_t *v = json_array_get(cols[p], r);
			if (!json_string_length(v))
				continue;
			if (p > 0)
				any = true;
			json_object_set(ind, indicator_parts[p], v);
		}
		if (any)
			json_array_append(list, ind);
		json_decref(ind);
	}
	for (size_t p = 0; p < ARRAY_LEN(indicator_parts); p++)
		json_decref(cols[p]);
	return list;
}

/* One translation row: translation_lang, translation_title,
 * translation_description; nothing when all three are empty. */
static json_t *read_translations(const struct request *req)
{
	json_t *list = json_array();
	const char *lang = req_form(req, "translation_lang");
	const char *title = req_form(req, "translation_title");
	const char *desc = req_form(req, "translation_description");
	if (ui_given(lang) || ui_given(title) || ui_given(desc))
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "lang", lang ? lang : "",
		                                      "title", title ? title : "",
		                                      "description", desc ? desc : ""));
	return list;
}

/* The commitment input of a request (ui_input). New reference. */
static json_t *commitment_input(const struct request *req, json_t *errors)
{
	json_t *input = ui_input(req, commitment_inputs, ARRAY_LEN(commitment_inputs),
	                         commitment_parts, errors);
	if (!req->json_body) {
		json_object_set_new(input, "indicators", read_indicators(req));
		json_object_set_new(input, "translations", read_translations(req));
	}
	return input;
}

/* When the request itself had bad fields, the domain is only asked to
 * validate (never to write), so the answer still names every bad field.
 * -1 on a database error. */
static int validate_commitment(struct request *req, const json_t *input, json_t *errors)
{
	struct commitment_refs *refs = commitment_refs_load(req->db);
	if (!refs)
		return -1;
	json_t *more = json_object();
	commitment_validate(refs, input, more, NULL);
	ui_merge_errors(errors, more);
	json_decref(more);
	commitment_refs_free(refs);
	return 0;
}

/* ---- the form's model ---------------------------------------------------------- */

/* The languages a commitment's text is offered in, by their own names.
 * Another code an import gave stays selectable. */
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
	bool found = false;
	for (size_t i = 0; i < ARRAY_LEN(text_langs); i++) {
		bool sel = current && strcmp(current, text_langs[i].code) == 0;
		found |= sel;
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "code", text_langs[i].code,
		                                      "name", text_langs[i].name, "selected", sel));
	}
	if (current && *current && !found)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "code", current,
		                                      "name", current, "selected", 1));
	return list;
}

/* The indicator rows of the form: those of the input, then blank ones,
 * each numbered for its labels' ids. */
static json_t *indicator_rows(const json_t *indicators)
{
	json_t *rows = json_array();
	size_t i, n = json_is_array(indicators) ? json_array_size(indicators) : 0;
	for (i = 0; i < n + INDICATOR_BLANK_ROWS && i < COMMITMENT_MAX_LIST; i++) {
		json_t *ind = json_array_get(indicators, i);
		json_t *row = json_pack("{s:I}", "n", (json_int_t)(i + 1));
		for (size_t p = 0; p < ARRAY_LEN(indicator_parts); p++)
			json_object_set_new(row, indicator_parts[p],
			                    ui_text(json_object_get(ind, indicator_parts[p])));
		json_array_append_new(rows, row);
	}
	return rows;
}

/* The form's text values from a commitment input (as typed, or as the
 * domain normalised an existing commitment). */
static json_t *form_texts(const json_t *input)
{
	json_t *form = json_object();
	for (size_t i = 0; i < ARRAY_LEN(commitment_inputs); i++) {
		const char *name = commitment_inputs[i].name;
		const json_t *v = json_object_get(input, name);
		if (commitment_inputs[i].kind == UI_IN_MANY)
			continue;
		json_object_set_new(form, name, strcmp(name, "deliverables") == 0 ? ui_joined(v, "\n")
		                                : commitment_inputs[i].kind == UI_IN_IDS ? ui_joined(v, ", ")
		                                : ui_text(v));
	}
	json_t *tr0 = json_array_get(json_object_get(input, "translations"), 0);
	json_object_set_new(form, "translation_lang", ui_text(json_object_get(tr0, "lang")));
	json_object_set_new(form, "translation_title", ui_text(json_object_get(tr0, "title")));
	json_object_set_new(form, "translation_description",
	                    ui_text(json_object_get(tr0, "description")));
	return form;
}

/* Selects, in each list of {code, label}, the item the form holds. */
static void select_codes(json_t *choices, const json_t *form)
{
	static const struct {
		const char *list;
		const char *field;
	} lists[] = {
		{"levels", "level"}, {"statuses", "status"}, {"kinds", "kind"}, {"forms", "form"},
	};
	for (size_t i = 0; i < ARRAY_LEN(lists); i++)
		ui_mark(json_object_get(choices, lists[i].list), "code",
		        json_object_get(form, lists[i].field), "selected");
}

/* The whole model of the commitment form for an input: "form" (texts),
 * "choices" with what the input holds checked or selected, "indicators"
 * (rows), "langs", who owns it, and where the form posts. id 0: a new
 * commitment. NULL on a database error. */
static json_t *commitment_form(struct request *req, int64_t id, const json_t *input)
{
	assert(id >= 0);
	json_t *choices = commitments_choices(req->db, req->locale);
	if (!choices)
		return NULL;
	json_t *form = form_texts(input);
	if (!json_string_length(json_object_get(form, "status")))
		json_object_set_new(form, "status", json_string("planned"));
	if (!json_string_length(json_object_get(form, "kind")))
		json_object_set_new(form, "kind", json_string("individual"));
	select_codes(choices, form);
	ui_mark(json_object_get(choices, "objectives"), "number", json_object_get(input, "objectives"),
	        "checked");
	ui_mark(json_object_get(choices, "principles"), "slug", json_object_get(input, "principles"),
	        "checked");
	ui_mark(json_object_get(choices, "countries"), "iso3", json_object_get(input, "countries"),
	        "selected");
	const char *lang = json_string_value(json_object_get(form, "lang"));
	json_t *model = ui_form_model(req);
	json_object_set_new(model, "form", form);
	json_object_set_new(model, "choices", choices);
	json_object_set_new(model, "indicators", indicator_rows(json_object_get(input, "indicators")));
	json_object_set_new(model, "langs", lang_options(lang && *lang ? lang : req->locale));
	json_object_set_new(model, "translation_langs",
	                    lang_options(json_string_value(json_object_get(form, "translation_lang"))));
	/* The owner never changes; only who may create for any actor chooses
	 * it. */
	json_object_set_new(model, "choose_owner",
	                    json_boolean(!id && ui_may(req, ACTION_COMMITMENT_CREATE, 0, ANY_ACTOR)));
	if (!id)
		ui_on_behalf_of(req, model, "owner");
	if (id) {
		json_object_set_new(model, "editing", json_true());
		json_object_set_new(model, "id", json_integer(id));
		json_object_set_new(model, "url", json_string(arena_printf(&req->arena,
		                                                            "/commitments/%lld",
		                                                            (long long)id)));
		json_object_set_new(model, "action", json_string(arena_printf(&req->arena,
		                                                               "/commitments/%lld/edit",
		                                                               (long long)id)));
	} else {
		json_object_set_new(model, "action", json_string("/commitments/new"));
	}
	return model;
}

static const char *form_title(const struct request *req, int64_t id)
{
	return id ? tr(req->locale, "Edit the commitment") : tr(req->locale, "New commitment");
}

/* Sets the page to the form for input (id 0: a new commitment), or to
 * 500 on a database error. */
static void show_form(struct request *req, struct page *page, int64_t id, const json_t *input)
{
	json_t *model = commitment_form(req, id, input);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "commitments/form", model, form_title(req, id));
}

/* ---- the pages ------------------------------------------------------------------- */

void ui_commitments_new(struct request *req, struct page *page)
{
	if (!ui_may(req, ACTION_COMMITMENT_CREATE, 0, req->user->actor_id)) {
		ui_forbidden(req, page);
		return;
	}
	json_t *input = json_object();
	show_form(req, page, 0, input);
	json_decref(input);
}

void ui_commitments_edit(struct request *req, struct page *page)
{
	int64_t id = ui_commitments_for(req, page, ACTION_COMMITMENT_EDIT);
	if (id < 0)
		return;
	json_t *input = commitments_form_values(req->db, id);
	if (!input || json_is_null(input)) {
		json_decref(input);
		web_db_error(req, page);
		return;
	}
	show_form(req, page, id, input);
	json_decref(input);
}

/* The page model of commitment id after a write (API answers). */
json_t *ui_commitments_written(struct request *req, int64_t id)
{
	json_t *model = progress_page(req->db, req->locale, id, NULL);
	if (!model || json_is_null(model)) {
		json_decref(model);
		model = json_object();
	}
	json_object_set_new(model, "id", json_integer(id));
	json_object_set_new(model, "url", json_string(arena_printf(&req->arena, "/commitments/%lld",
	                                                           (long long)id)));
	return model;
}

/* Creates (id 0) or replaces commitment id from the request's input:
 * 303 or 201/200 with the commitment's model; 422 with the form again. */
static void save(struct request *req, struct page *page, int64_t id)
{
	bool creating = id == 0;
	json_t *errors = json_object();
	json_t *input = commitment_input(req, errors);
	if (creating && !json_object_get(input, "owner_actor_id"))
		json_object_set_new(input, "owner_actor_id", json_integer(req->user->actor_id));
	enum outcome o = OUTCOME_INVALID;
	if (json_object_size(errors)) {
		if (validate_commitment(req, input, errors) < 0)
			o = OUTCOME_ERROR;
	} else if (creating) {
		o = commitments_create(req->db, req->user, input, errors, &id);
	} else {
		o = commitments_update(req->db, req->user, id, input, errors);
	}
	if (o == OUTCOME_INVALID) {
		/* The form's texts are what was typed. */
		json_t *model = commitment_form(req, creating ? 0 : id, input);
		json_decref(input);
		ui_form_refused(req, page, "commitments/form", model, errors,
		                form_title(req, creating ? 0 : id));
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	assert(id > 0);
	const char *url = arena_printf(&req->arena, "/commitments/%lld", (long long)id);
	page_written(req, page, creating ? 201 : 200, url, "commitments/show",
	             ui_commitments_written(req, id));
}

void ui_commitments_create(struct request *req, struct page *page)
{
	save(req, page, 0);
}

void ui_commitments_update(struct request *req, struct page *page)
{
	/* The owner is looked up first only to answer 404 before 422; the
	 * permission itself is the domain's (which audits a denial). */
	int64_t owner;
	int64_t id = ui_commitments_exists(req, page, &owner);
	if (id >= 0)
		save(req, page, id);
}
