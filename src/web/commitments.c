/* commitments.c (web) — the commitments' list, page, forms, progress
 * updates and import, and the "where it stands" sections of other pages.
 *
 * The handlers here validate nothing themselves: a form's fields are put
 * into the JSON input the domain takes (the same shape an API client
 * posts), the domain validates, checks can() and audits, and its errors —
 * one English msgid per field — are translated and shown beside the
 * fields. The one check made here is the one only the request can make: a
 * form value that was not valid UTF-8 (request.h keeps it as "" marked
 * invalid), reported under the field it belongs to. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui_admin.h"
#include "commitments.h"
#include "domain/commitments.h"
#include "domain/importer.h"
#include "domain/permission.h"
#include "domain/progress.h"
#include "domain/standing.h"
#include "domain/users.h"
#include "guard.h"
#include "i18n.h"
#include "routes.h"
#include "util.h"

#define INDICATOR_BLANK_ROWS 2      /* empty indicator rows a form offers */
#define SCOPE_CARDS 5               /* commitments listed on an objective's page */
#define SCOPE_UPDATES 5             /* latest updates listed there */
#define IMPORT_FILENAME_MAX 100

static const char *const bad_text_msgid =
	N_("This is not valid text: it must be UTF-8 without NUL characters.");

/* ---- small helpers ----------------------------------------------------------- */

/* Replaces every msgid of an errors object by its translation. */
static void translate_errors(const struct request *req, json_t *errors)
{
	const char *key;
	json_t *v;
	json_object_foreach(errors, key, v) {
		const char *msgid = json_string_value(v);
		if (msgid)
			json_string_set(v, tr(req->locale, msgid));
	}
}

/* Copies the errors of `from` into `into`, keeping what `into` says. */
static void merge_errors(json_t *into, json_t *from)
{
	const char *key;
	json_t *v;
	json_object_foreach(from, key, v)
		if (!json_object_get(into, key))
			json_object_set(into, key, v);
}

/* The commitment id in the path: digits only, no leading zero, so each
 * commitment has one URL. -1 when it is not one. */
static int64_t path_id(const struct request *req)
{
	const char *s = req_param(req, 0);
	int64_t id;
	if (!s || s[0] == '0' || strspn(s, "0123456789") != strlen(s) ||
	    parse_int64(s, 1, INT64_MAX, &id) < 0)
		return -1;
	return id;
}

static bool is_admin(const struct request *req)
{
	return req->user && req->user->role == ROLE_ADMIN;
}

/* can() on a commitment (id 0: one to be created) of owner. */
static bool may(const struct request *req, enum action a, int64_t id, int64_t owner)
{
	struct object_ref obj = {"commitment", id, owner};
	return can(req->user, a, &obj);
}

static void forbidden(struct request *req, struct page *page)
{
	page_error(req, page, 403, "Forbidden",
	           tr(req->locale, "Only the focal points or editors of this commitment's owner may do this."));
}

static void no_commitment(struct request *req, struct page *page)
{
	web_not_found(req, page, N_("There is no commitment with this number."));
}

/* The model a form page starts with: the CSRF token, so an API client
 * can post the form too. */
static json_t *form_model(const struct request *req)
{
	json_t *model = json_object();
	if (req->csrf_token)
		json_object_set_new(model, "csrf_token", json_string(req->csrf_token));
	return model;
}

/* A JSON scalar as form text ("" for null, arrays and objects). */
static json_t *as_text(const json_t *v)
{
	char num[64];
	if (!v)
		return json_string("");
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string(json_string_value(v));
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		return json_string(num);
	case JSON_REAL:
		snprintf(num, sizeof num, "%.15g", json_real_value(v));
		return json_string(num);
	default:
		return json_string("");
	}
}

/* The items of an array as text, one per line or joined by sep; a string
 * stays as it is. */
static json_t *joined(const json_t *v, const char *sep)
{
	if (!json_is_array(v))
		return as_text(v);
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		json_t *t = as_text(item);
		if (i)
			buf_puts(&b, sep);
		buf_puts(&b, json_string_value(t));
		json_decref(t);
	}
	json_t *s = json_string(buf_str(&b));
	buf_release(&b);
	return s;
}

/* True when the array (or single value) v holds `code`, compared as text
 * (so 7 and "7" match) and case-insensitively (ISO3 codes). */
static bool holds(const json_t *v, const char *code)
{
	if (!code || !v)
		return false;
	if (!json_is_array(v)) {
		json_t *t = as_text(v);
		bool same = strcasecmp(json_string_value(t), code) == 0;
		json_decref(t);
		return same;
	}
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
		if (holds(item, code))
			return true;
	return false;
}

/* Marks the items of `list` whose `key` the input's value holds with
 * flag ("checked", "selected"). */
static void mark(json_t *list, const char *key, const json_t *value, const char *flag)
{
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		json_t *t = as_text(json_object_get(item, key));
		json_object_set_new(item, flag, json_boolean(holds(value, json_string_value(t))));
		json_decref(t);
	}
}

/* Adds "has_KEY" to each object of array whose KEY is a number, so a
 * template can show 0 (a falsy value to a section) as well as 42. */
static void mark_numbers(json_t *array, const char *key, const char *has)
{
	size_t i;
	json_t *item;
	json_array_foreach(array, i, item)
		json_object_set_new(item, has, json_boolean(json_is_number(json_object_get(item, key))));
}

/* The end of a successful write: a 303 to location for a browser, the
 * model for the API with status (201 for something created, whose URL
 * goes in Location). Steals model. */
static void written(struct request *req, struct page *page, const char *location,
                    const char *template_name, json_t *model, int api_status)
{
	if (req->format == FORMAT_JSON) {
		page_set(page, template_name, model, NULL);
		page->status = api_status;
		page->no_cache = true;
		if (api_status == 201)
			page->location = location;
		return;
	}
	json_decref(model);
	page_redirect(page, location);
}

/* Every value a form field named `name` was given, in order (empty ones
 * too, so parallel fields stay aligned). */
static json_t *all_values(const struct request *req, const char *name)
{
	json_t *list = json_array();
	for (size_t i = 0; i < req->form.len; i++)
		if (strcmp(req->form.items[i].name, name) == 0)
			json_array_append_new(list, json_string(req->form.items[i].value));
	return list;
}

/* ---- reading a form into the domain's input ----------------------------------- */

enum input_kind {
	IN_ONE,    /* one value; "" is "not given" */
	IN_MANY,   /* repeated values (checkboxes, a multiple select) → array */
	IN_IDS,    /* one text of ids separated by commas or spaces → array */
};

struct input_field {
	const char *name;
	enum input_kind kind;
};

static const struct input_field commitment_inputs[] = {
	{"owner_actor_id", IN_ONE},
	{"title", IN_ONE},
	{"description", IN_ONE},
	{"lang", IN_ONE},
	{"objectives", IN_MANY},
	{"principles", IN_MANY},
	{"level", IN_ONE},
	{"countries", IN_MANY},
	{"start_date", IN_ONE},
	{"target_date", IN_ONE},
	{"deliverables", IN_ONE},
	{"status", IN_ONE},
	{"kind", IN_ONE},
	{"participants", IN_IDS},
	{"matches_commitment_id", IN_ONE},
	{"form", IN_ONE},
	{"updated_at", IN_ONE},
};

static const struct input_field progress_inputs[] = {
	{"reported_at", IN_ONE},
	{"status", IN_ONE},
	{"percent", IN_ONE},
	{"milestone", IN_ONE},
	{"narrative", IN_ONE},
	{"evidence", IN_ONE},
	{"corrects", IN_ONE},
};

/* Form fields that are parts of one input field: a bad value in any of
 * them is reported under the input field's name. The indicator rows of
 * the commitment form are its "indicators"; the indicator fields of the
 * progress form, its "indicator_values". */
struct field_part {
	const char *prefix;
	const char *field;
};

static const struct field_part commitment_parts[] = {
	{"indicator_", "indicators"},
	{"translation_", "translations"},
	{NULL, NULL},
};

static const struct field_part progress_parts[] = {
	{"indicator_", "indicator_values"},
	{NULL, NULL},
};

static const char *field_of(const struct field_part *parts, const char *param)
{
	for (; parts->prefix; parts++)
		if (str_starts(param, parts->prefix))
			return parts->field;
	return param;
}

/* Every form value that was not valid UTF-8 or held NUL, as an error of
 * its field. */
static void refuse_bad_text(const struct request *req, const struct field_part *parts,
                            json_t *errors)
{
	for (size_t i = 0; i < req->form.len; i++) {
		const char *field = field_of(parts, req->form.items[i].name);
		if (req->form.items[i].invalid && !json_object_get(errors, field))
			json_object_set_new(errors, field, json_string(bad_text_msgid));
	}
}

/* "12, 15 30" → [12, 15, 30]; a token that is not a number stays text,
 * for the domain to refuse by name. */
static json_t *split_ids(const char *s)
{
	json_t *list = json_array();
	static const char seps[] = ", \t\r\n;";
	while (*s) {
		s += strspn(s, seps);
		size_t n = strcspn(s, seps);
		if (!n)
			break;
		char *tok = xstrndup(s, n);
		int64_t id;
		json_array_append_new(list, parse_int64(tok, 1, INT64_MAX, &id) == 0 ? json_integer(id)
		                                                                  : json_string(tok));
		free(tok);
		s += n;
	}
	return list;
}

static void read_inputs(const struct request *req, const struct input_field *fields, size_t n,
                        json_t *input, json_t *errors)
{
	for (size_t i = 0; i < n; i++) {
		const struct input_field *f = &fields[i];
		json_t *values = all_values(req, f->name);
		size_t k;
		json_t *v;
		if (f->kind == IN_MANY) {
			json_t *list = json_array();
			json_array_foreach(values, k, v)
				if (json_string_length(v))
					json_array_append(list, v);
			json_object_set_new(input, f->name, list);
		} else if (json_array_size(values) > 1) {
			json_object_set_new(errors, f->name, json_string(N_("This was given more than once.")));
		} else if (json_string_length(json_array_get(values, 0))) {
			const char *s = json_string_value(json_array_get(values, 0));
			json_object_set_new(input, f->name,
			                    f->kind == IN_IDS ? split_ids(s) : json_string(s));
		}
		json_decref(values);
	}
}

/* The indicator rows of the commitment form: parallel fields indicator_id,
 * indicator_name, indicator_unit, indicator_baseline, indicator_target;
 * a row left wholly empty is no indicator. */
static json_t *read_indicators(const struct request *req)
{
	static const char *const parts[] = {"id", "name", "unit", "baseline", "target"};
	json_t *cols[ARRAY_LEN(parts)];
	size_t rows = 0;
	for (size_t p = 0; p < ARRAY_LEN(parts); p++) {
		char name[32];
		snprintf(name, sizeof name, "indicator_%s", parts[p]);
		cols[p] = all_values(req, name);
		if (json_array_size(cols[p]) > rows)
			rows = json_array_size(cols[p]);
	}
	json_t *list = json_array();
	for (size_t r = 0; r < rows; r++) {
		json_t *ind = json_object();
		bool any = false;
		for (size_t p = 0; p < ARRAY_LEN(parts); p++) {
			json_t *v = json_array_get(cols[p], r);
			if (!json_string_length(v))
				continue;
			if (p > 0)
				any = true;
			json_object_set(ind, parts[p], v);
		}
		if (any)
			json_array_append(list, ind);
		json_decref(ind);
	}
	for (size_t p = 0; p < ARRAY_LEN(parts); p++)
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
	if ((lang && *lang) || (title && *title) || (desc && *desc))
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "lang", lang ? lang : "",
		                                      "title", title ? title : "",
		                                      "description", desc ? desc : ""));
	return list;
}

/* The commitment input of a request: its JSON body as sent (the API), or
 * the form's fields gathered into the same shape. Bad text goes into
 * errors (msgids). New reference. */
static json_t *commitment_input(const struct request *req, json_t *errors)
{
	if (req->json_body)
		return json_deep_copy(req->json_body);
	json_t *input = json_object();
	refuse_bad_text(req, commitment_parts, errors);
	read_inputs(req, commitment_inputs, ARRAY_LEN(commitment_inputs), input, errors);
	json_object_set_new(input, "indicators", read_indicators(req));
	json_object_set_new(input, "translations", read_translations(req));
	return input;
}

/* The indicator values of the progress form: parallel indicator_id and
 * indicator_value fields; an empty value is no report. */
static json_t *read_indicator_values(const struct request *req)
{
	json_t *ids = all_values(req, "indicator_id");
	json_t *values = all_values(req, "indicator_value");
	json_t *list = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(values, i, v) {
		json_t *id = json_array_get(ids, i);
		if (json_string_length(v) && id)
			json_array_append_new(list, json_pack("{s:O, s:O}", "indicator_id", id,
			                                      "value", v));
	}
	json_decref(ids);
	json_decref(values);
	return list;
}

static json_t *progress_input(const struct request *req, json_t *errors)
{
	if (req->json_body)
		return json_deep_copy(req->json_body);
	json_t *input = json_object();
	refuse_bad_text(req, progress_parts, errors);
	read_inputs(req, progress_inputs, ARRAY_LEN(progress_inputs), input, errors);
	json_object_set_new(input, "indicator_values", read_indicator_values(req));
	return input;
}

/* When the request itself had bad fields, the domain is only asked to
 * validate (never to write), so the answer still names every bad field. */
static int validate_commitment(struct request *req, const json_t *input, json_t *errors)
{
	struct commitment_refs *refs = commitment_refs_load(req->db);
	if (!refs)
		return -1;
	json_t *more = json_object();
	commitment_validate(refs, input, more, NULL);
	merge_errors(errors, more);
	json_decref(more);
	commitment_refs_free(refs);
	return 0;
}

/* ---- the commitment form -------------------------------------------------------- */

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
	static const char *const parts[] = {"id", "name", "unit", "baseline", "target"};
	json_t *rows = json_array();
	size_t i, n = json_is_array(indicators) ? json_array_size(indicators) : 0;
	json_t *ind;
	for (i = 0; i < n + INDICATOR_BLANK_ROWS && i < COMMITMENT_MAX_LIST; i++) {
		ind = json_array_get(indicators, i);
		json_t *row = json_pack("{s:I}", "n", (json_int_t)(i + 1));
		for (size_t p = 0; p < ARRAY_LEN(parts); p++)
			json_object_set_new(row, parts[p], as_text(json_object_get(ind, parts[p])));
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
		if (commitment_inputs[i].kind == IN_MANY)
			continue;
		json_object_set_new(form, name, strcmp(name, "deliverables") == 0 ? joined(v, "\n")
		                                : strcmp(name, "participants") == 0 ? joined(v, ", ")
		                                : as_text(v));
	}
	json_t *tr0 = json_array_get(json_object_get(input, "translations"), 0);
	json_object_set_new(form, "translation_lang", as_text(json_object_get(tr0, "lang")));
	json_object_set_new(form, "translation_title", as_text(json_object_get(tr0, "title")));
	json_object_set_new(form, "translation_description",
	                    as_text(json_object_get(tr0, "description")));
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
		mark(json_object_get(choices, lists[i].list), "code",
		     json_object_get(form, lists[i].field), "selected");
}

/* The whole model of the commitment form for an input: "form" (texts),
 * "choices" with what the input holds checked or selected, "indicators"
 * (rows), "langs", who owns it, and where the form posts. id 0: a new
 * commitment. NULL on a database error. */
static json_t *commitment_form(struct request *req, int64_t id, const json_t *input)
{
	json_t *choices = commitments_choices(req->db, req->locale);
	if (!choices)
		return NULL;
	json_t *form = form_texts(input);
	if (!json_string_length(json_object_get(form, "status")))
		json_object_set_new(form, "status", json_string("planned"));
	if (!json_string_length(json_object_get(form, "kind")))
		json_object_set_new(form, "kind", json_string("individual"));
	select_codes(choices, form);
	mark(json_object_get(choices, "objectives"), "number", json_object_get(input, "objectives"),
	     "checked");
	mark(json_object_get(choices, "principles"), "slug", json_object_get(input, "principles"),
	     "checked");
	mark(json_object_get(choices, "countries"), "iso3", json_object_get(input, "countries"),
	     "selected");
	const char *lang = json_string_value(json_object_get(form, "lang"));
	json_t *model = form_model(req);
	json_object_set_new(model, "form", form);
	json_object_set_new(model, "choices", choices);
	json_object_set_new(model, "indicators", indicator_rows(json_object_get(input, "indicators")));
	json_object_set_new(model, "langs", lang_options(lang && *lang ? lang : req->locale));
	json_object_set_new(model, "translation_langs",
	                    lang_options(json_string_value(json_object_get(form, "translation_lang"))));
	/* The owner never changes; only an admin creates for another actor. */
	json_object_set_new(model, "choose_owner", json_boolean(!id && is_admin(req)));
	if (!id && req->viewer)
		json_object_set(model, "owner", json_object_get(req->viewer, "actor"));
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

/* Answers a refused commitment input: the form again, or problem+json.
 * Steals errors (msgids). */
static void commitment_invalid(struct request *req, struct page *page, int64_t id,
                               const json_t *input, json_t *errors)
{
	translate_errors(req, errors);
	json_t *model = NULL, *values = json_object();
	if (req->format == FORMAT_HTML) {
		model = commitment_form(req, id, input);
		if (!model) {
			json_decref(values);
			json_decref(errors);
			web_db_error(req, page);
			return;
		}
		json_decref(values);
		values = json_incref(json_object_get(model, "form"));
		json_object_del(model, "form");
	}
	web_invalid(req, page, "commitments/form", model, values, errors, form_title(req, id));
}

void commitments_page_new(struct request *req, struct page *page)
{
	if (!may(req, ACTION_COMMITMENT_CREATE, 0, req->user->actor_id)) {
		forbidden(req, page);
		return;
	}
	json_t *input = json_object();
	json_t *model = commitment_form(req, 0, input);
	json_decref(input);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "commitments/form", model, form_title(req, 0));
}

/* The page model of commitment id after a write (API answers). */
static json_t *written_model(struct request *req, int64_t id)
{
	json_t *model = progress_page(req->db, req->locale, id, NULL);
	return model && !json_is_null(model) ? model : json_pack("{s:I}", "id", (json_int_t)id);
}

void commitments_page_create(struct request *req, struct page *page)
{
	json_t *errors = json_object();
	json_t *input = commitment_input(req, errors);
	if (!json_is_object(input)) {
		json_decref(input);
		input = json_object();
	}
	if (!json_object_get(input, "owner_actor_id"))
		json_object_set_new(input, "owner_actor_id", json_integer(req->user->actor_id));
	int64_t id = 0;
	enum outcome o = OUTCOME_INVALID;
	if (json_object_size(errors)) {
		if (validate_commitment(req, input, errors) < 0)
			o = OUTCOME_ERROR;
	} else {
		o = commitments_create(req->db, req->user, input, errors, &id);
	}
	if (o == OUTCOME_INVALID) {
		commitment_invalid(req, page, 0, input, errors);
		json_decref(input);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	const char *url = arena_printf(&req->arena, "/commitments/%lld", (long long)id);
	written(req, page, url, "commitments/show", written_model(req, id), 201);
}

/* Looks up the owner of the commitment in the path and whether the user
 * may do `a` to it; on any refusal sets the page (404, 403, 500) and
 * returns -1. */
static int64_t commitment_for(struct request *req, struct page *page, enum action a)
{
	int64_t id = path_id(req), owner = 0;
	if (id < 0) {
		no_commitment(req, page);
		return -1;
	}
	enum outcome o = commitments_owner(req->db, id, &owner);
	if (o == OUTCOME_NOT_FOUND) {
		no_commitment(req, page);
		return -1;
	}
	if (web_outcome_error(req, page, o))
		return -1;
	if (!may(req, a, id, owner)) {
		forbidden(req, page);
		return -1;
	}
	return id;
}

void commitments_page_edit(struct request *req, struct page *page)
{
	int64_t id = commitment_for(req, page, ACTION_COMMITMENT_EDIT);
	if (id < 0)
		return;
	json_t *input = commitments_form_values(req->db, id);
	json_t *model = input && !json_is_null(input) ? commitment_form(req, id, input) : NULL;
	json_decref(input);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "commitments/form", model, form_title(req, id));
}

void commitments_page_update(struct request *req, struct page *page)
{
	/* The owner is looked up first only to answer 404 before 422; the
	 * permission itself is the domain's (which audits a denial). */
	int64_t id = path_id(req), owner;
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : commitments_owner(req->db, id, &owner);
	if (o == OUTCOME_NOT_FOUND) {
		no_commitment(req, page);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *errors = json_object();
	json_t *input = commitment_input(req, errors);
	if (!json_is_object(input)) {
		json_decref(input);
		input = json_object();
	}
	o = OUTCOME_INVALID;
	if (json_object_size(errors)) {
		if (validate_commitment(req, input, errors) < 0)
			o = OUTCOME_ERROR;
	} else {
		o = commitments_update(req->db, req->user, id, input, errors);
	}
	if (o == OUTCOME_INVALID) {
		commitment_invalid(req, page, id, input, errors);
		json_decref(input);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	const char *url = arena_printf(&req->arena, "/commitments/%lld", (long long)id);
	written(req, page, url, "commitments/show", written_model(req, id), 200);
}

/* ---- one commitment ------------------------------------------------------------ */

/* Sets "has_KEY" on obj for each of its array keys that is not empty, so
 * a template shows a list's heading only with the list. */
static void mark_lists(json_t *obj, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char has[64];
		snprintf(has, sizeof has, "has_%s", keys[i]);
		json_object_set_new(obj, has, json_boolean(json_array_size(json_object_get(obj, keys[i])) > 0));
	}
}

/* What the page adds to each update of the timeline: whether a number is
 * there to show, and whether the reader may correct it. */
static void decorate_timeline(json_t *updates, bool can_report)
{
	static const char *const lists[] = {"indicator_values", "evidence"};
	mark_numbers(updates, "percent", "has_percent");
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u) {
		json_object_set_new(u, "can_correct",
		                    json_boolean(can_report && !json_is_true(json_object_get(u, "corrected"))));
		mark_numbers(json_object_get(u, "indicator_values"), "value", "has_value");
		mark_lists(u, lists, ARRAY_LEN(lists));
	}
}

void commitments_page_show(struct request *req, struct page *page)
{
	int64_t id = path_id(req);
	json_t *model = id > 0 ? progress_page(req->db, req->locale, id, NULL) : json_null();
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		no_commitment(req, page);
		return;
	}
	json_t *c = json_object_get(model, "commitment");
	int64_t owner = json_integer_value(json_object_get(json_object_get(c, "owner"), "id"));
	bool can_edit = may(req, ACTION_COMMITMENT_EDIT, id, owner);
	bool can_report = may(req, ACTION_PROGRESS_ADD, id, owner);
	json_object_set_new(model, "can_edit", json_boolean(can_edit));
	json_object_set_new(model, "can_report", json_boolean(can_report));
	json_object_set_new(c, "has_percent", json_boolean(json_is_number(json_object_get(c, "percent"))));
	mark_numbers(json_object_get(c, "indicators"), "baseline", "has_baseline");
	mark_numbers(json_object_get(c, "indicators"), "target", "has_target");
	mark_numbers(json_object_get(c, "indicators"), "latest", "has_latest");
	static const char *const lists[] = {"deliverables", "indicators", "translations"};
	mark_lists(c, lists, ARRAY_LEN(lists));
	decorate_timeline(json_object_get(model, "updates"), can_report);
	web_time_texts(c, "created_at");
	web_time_texts(c, "updated_at");
	web_time_texts(json_object_get(model, "updates"), "created_at");
	if (json_is_true(json_object_get(c, "sample")))
		json_object_set_new(model, "has_sample", json_true());
	if (admin_add_history(req, model, "commitment", id, owner) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	const char *title = json_string_value(json_object_get(json_object_get(c, "display"), "title"));
	page_set(page, "commitments/show", model, title ? title : tr(req->locale, "Commitment"));
}

/* ---- progress updates --------------------------------------------------------- */

/* The update of the timeline with this id, or NULL. */
static json_t *find_update(json_t *updates, int64_t id)
{
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u)
		if (json_integer_value(json_object_get(u, "id")) == id)
			return u;
	return NULL;
}

/* The form's values when correcting update u: what it said, to be fixed. */
static json_t *correction_texts(const json_t *u)
{
	json_t *form = json_object();
	static const char *const keys[] = {"reported_at", "status", "percent", "milestone",
	                                   "narrative"};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		json_object_set_new(form, keys[i], as_text(json_object_get(u, keys[i])));
	json_object_set_new(form, "evidence", joined(json_object_get(u, "evidence"), "\n"));
	json_object_set_new(form, "corrects", as_text(json_object_get(u, "id")));
	return form;
}

/* The form's texts from a progress input (as typed). */
static json_t *progress_texts(const json_t *input)
{
	json_t *form = json_object();
	for (size_t i = 0; i < ARRAY_LEN(progress_inputs); i++) {
		const char *name = progress_inputs[i].name;
		const json_t *v = json_object_get(input, name);
		json_object_set_new(form, name, strcmp(name, "evidence") == 0 ? joined(v, "\n")
		                                                             : as_text(v));
	}
	return form;
}

/* The value an indicator is given in the form: from the input's
 * indicator_values, else from the update being corrected. */
static json_t *indicator_value_of(const json_t *values, json_int_t id)
{
	size_t i;
	json_t *v;
	json_array_foreach(values, i, v) {
		json_t *iid = as_text(json_object_get(v, "indicator_id"));
		char want[32];
		snprintf(want, sizeof want, "%lld", (long long)id);
		bool same = strcmp(json_string_value(iid), want) == 0;
		json_decref(iid);
		if (same)
			return as_text(json_object_get(v, "value"));
	}
	return json_string("");
}

/* The progress form's model for the commitment page model `cm` (stolen):
 * the commitment, "form" texts, the indicators with the values typed,
 * the statuses and the updates one may correct. `input` is what was
 * typed (NULL for a fresh form, corrects_id then preselects). */
static json_t *progress_form(struct request *req, json_t *cm, const json_t *input,
                             int64_t corrects_id)
{
	json_t *c = json_object_get(cm, "commitment");
	json_t *updates = json_object_get(cm, "updates");
	json_t *corrected = corrects_id ? find_update(updates, corrects_id) : NULL;
	json_t *form;
	if (input) {
		form = progress_texts(input);
	} else if (corrected) {
		form = correction_texts(corrected);
	} else {
		char today[DATE_LEN + 1];
		dates_today(today);
		form = json_pack("{s:s, s:O}", "reported_at", today, "status",
		                 json_object_get(c, "status"));
	}
	const json_t *values = input ? json_object_get(input, "indicator_values")
	                             : json_object_get(corrected, "indicator_values");
	json_t *indicators = json_array();
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(c, "indicators"), i, ind) {
		json_int_t iid = json_integer_value(json_object_get(ind, "id"));
		json_array_append_new(indicators, json_pack("{s:I, s:O*, s:O*, s:o, s:I}", "id", iid,
		                                            "name", json_object_get(ind, "name"),
		                                            "unit", json_object_get(ind, "unit"),
		                                            "value", indicator_value_of(values, iid),
		                                            "n", (json_int_t)(i + 1)));
	}
	json_t *statuses = web_options(req->locale, commitment_statuses, commitment_status_labels,
	                               json_string_value(json_object_get(form, "status")));
	json_t *corrections = json_array();
	json_t *u;
	const char *chosen = json_string_value(json_object_get(form, "corrects"));
	json_array_foreach(updates, i, u) {
		if (json_is_true(json_object_get(u, "corrected")))
			continue;
		json_t *uid = as_text(json_object_get(u, "id"));
		json_array_append_new(corrections, json_pack(
			"{s:O, s:O*, s:O*, s:O*, s:b}", "value", uid, "reported_at",
			json_object_get(u, "reported_at"), "status_label", json_object_get(u, "status_label"),
			"percent", json_object_get(u, "percent"),
			"selected", chosen && strcmp(chosen, json_string_value(uid)) == 0));
		json_decref(uid);
	}
	mark_numbers(corrections, "percent", "has_percent");
	json_t *model = form_model(req);
	json_object_set_new(model, "commitment", json_pack(
		"{s:O*, s:O*, s:O*, s:s}", "id", json_object_get(c, "id"), "url", json_object_get(c, "url"),
		"title", json_object_get(json_object_get(c, "display"), "title"),
		"action", arena_printf(&req->arena, "/commitments/%lld/progress",
		                       (long long)json_integer_value(json_object_get(c, "id")))));
	json_object_set_new(model, "form", form);
	json_object_set_new(model, "indicators", indicators);
	json_object_set_new(model, "statuses", statuses);
	json_object_set_new(model, "corrections", corrections);
	json_object_set_new(model, "correcting", json_boolean(corrected != NULL));
	if (json_is_true(json_object_get(c, "sample")))
		json_object_set_new(model, "has_sample", json_true());
	json_decref(cm);
	return model;
}

/* The commitment page model of the commitment in the path, after
 * checking the user may report on it; NULL after setting the page. */
static json_t *reportable(struct request *req, struct page *page, int64_t *id)
{
	*id = commitment_for(req, page, ACTION_PROGRESS_ADD);
	if (*id < 0)
		return NULL;
	json_t *cm = progress_page(req->db, req->locale, *id, NULL);
	if (!cm || json_is_null(cm)) {
		if (cm)
			no_commitment(req, page);
		else
			web_db_error(req, page);
		json_decref(cm);
		return NULL;
	}
	return cm;
}

void commitments_page_progress(struct request *req, struct page *page)
{
	int64_t id, corrects = 0;
	json_t *cm = reportable(req, page, &id);
	if (!cm)
		return;
	const char *q = req_query(req, "corrects");
	if (q && parse_int64(q, 1, INT64_MAX, &corrects) < 0)
		corrects = 0;
	json_t *model = progress_form(req, cm, NULL, corrects);
	const char *title = corrects && json_is_true(json_object_get(model, "correcting"))
	                    ? tr(req->locale, "Correct a progress update")
	                    : tr(req->locale, "Report progress");
	page_set(page, "commitments/progress", model, title);
}

static void progress_invalid(struct request *req, struct page *page, int64_t id,
                             const json_t *input, json_t *errors)
{
	translate_errors(req, errors);
	json_t *model = NULL, *values = json_object();
	if (req->format == FORMAT_HTML) {
		json_t *cm = progress_page(req->db, req->locale, id, NULL);
		if (!cm || json_is_null(cm)) {
			json_decref(cm);
			json_decref(values);
			json_decref(errors);
			web_db_error(req, page);
			return;
		}
		model = progress_form(req, cm, input, 0);
		json_decref(values);
		values = json_incref(json_object_get(model, "form"));
		json_object_del(model, "form");
	}
	web_invalid(req, page, "commitments/progress", model, values, errors,
	            tr(req->locale, "Report progress"));
}

void commitments_page_report(struct request *req, struct page *page)
{
	int64_t id = path_id(req), owner;
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : commitments_owner(req->db, id, &owner);
	if (o == OUTCOME_NOT_FOUND) {
		no_commitment(req, page);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *errors = json_object();
	json_t *input = progress_input(req, errors);
	if (!json_is_object(input)) {
		json_decref(input);
		input = json_object();
	}
	int64_t uid = 0;
	o = OUTCOME_INVALID;
	if (json_object_size(errors)) {
		json_t *more = json_object();
		progress_validate(input, NULL, more, NULL);
		merge_errors(errors, more);
		json_decref(more);
	} else {
		o = progress_add(req->db, req->user, id, input, errors, NULL, &uid);
	}
	if (o == OUTCOME_INVALID) {
		progress_invalid(req, page, id, input, errors);
		json_decref(input);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = progress_get(req->db, req->locale, uid);
	if (!model || json_is_null(model)) {
		json_decref(model);
		model = json_pack("{s:I}", "id", (json_int_t)uid);
	}
	written(req, page, arena_printf(&req->arena, "/commitments/%lld#update-%lld", (long long)id,
	                                (long long)uid),
	        "commitments/show", model, 201);
}

/* ---- the list --------------------------------------------------------------------- */

/* The list's query parameters, in the order links repeat them. */
static const char *const list_params[] = {
	"objective", "principle", "level", "status", "country", "region", "owner_type",
	"actor", "freshness", "overdue", "sort", "limit",
};

static bool param_given(const char *v)
{
	return v && *v;
}

/* The list's URL with the current filters, sort replaced when `sort` is
 * not NULL, and ?after= when `after` is not NULL. From the arena. */
static const char *list_url(struct request *req, const char *base, const char *sort,
                            const char *after)
{
	struct buf b;
	buf_init(&b, 16384);
	buf_puts(&b, base);
	char sep = '?';
	for (size_t i = 0; i < ARRAY_LEN(list_params); i++) {
		const char *v = req_query(req, list_params[i]);
		if (sort && strcmp(list_params[i], "sort") == 0)
			v = sort;
		if (!param_given(v))
			continue;
		buf_printf(&b, "%c%s=%s", sep, list_params[i], web_url_encode(&req->arena, v));
		sep = '&';
	}
	if (after)
		buf_printf(&b, "%cafter=%s", sep, web_url_encode(&req->arena, after));
	const char *url = b.overflow ? base : arena_strdup(&req->arena, buf_str(&b));
	buf_release(&b);
	return url;
}

static const char *const overdue_yes[] = {"1", "true", "on", "yes", NULL};
static const char *const overdue_no[] = {"0", "false", "off", "no", NULL};

/* Reads the filter from the query. Numbers and the overdue flag are
 * checked here (the struct holds them typed); codes, the cursor and the
 * ranges by commitment_filter_check. Errors are msgids. */
static void read_filter(const struct request *req, struct commitment_filter *f, json_t *errors)
{
	static const struct {
		const char *name;
		size_t offset;
	} texts[] = {
		{"principle", offsetof(struct commitment_filter, principle)},
		{"level", offsetof(struct commitment_filter, level)},
		{"status", offsetof(struct commitment_filter, status)},
		{"country", offsetof(struct commitment_filter, country)},
		{"region", offsetof(struct commitment_filter, region)},
		{"owner_type", offsetof(struct commitment_filter, owner_type)},
		{"freshness", offsetof(struct commitment_filter, freshness)},
		{"sort", offsetof(struct commitment_filter, sort)},
		{"after", offsetof(struct commitment_filter, after)},
	};
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		const char *v = req_query(req, texts[i].name);
		*(const char **)((char *)f + texts[i].offset) = param_given(v) ? v : NULL;
	}
	int64_t n;
	const char *v = req_query(req, "objective");
	if (param_given(v)) {
		if (parse_int64(v, 1, 23, &n) == 0)
			f->objective = (int)n;
		else
			json_object_set_new(errors, "objective",
			                    json_string(N_("The objective must be a number from 1 to 23.")));
	}
	v = req_query(req, "limit");
	if (param_given(v)) {
		if (parse_int64(v, 1, COMMITMENT_PAGE_MAX, &n) == 0)
			f->limit = (int)n;
		else
			json_object_set_new(errors, "limit",
			                    json_string(N_("The number of commitments per page must be from 1 to 100.")));
	}
	v = req_query(req, "actor");
	if (param_given(v)) {
		if (parse_int64(v, 1, INT64_MAX, &n) == 0)
			f->actor_id = n;
		else
			json_object_set_new(errors, "actor",
			                    json_string(N_("The actor must be given by its number.")));
	}
	v = req_query(req, "overdue");
	if (param_given(v)) {
		if (code_index(overdue_yes, v) >= 0)
			f->overdue = true;
		else if (code_index(overdue_no, v) < 0)
			json_object_set_new(errors, "overdue",
			                    json_string(N_("Overdue is a yes or no: 1 or 0.")));
	}
}

/* The filter form's choices, with the current values selected. */
static json_t *filter_choices(struct request *req, const struct commitment_filter *f)
{
	json_t *choices = commitments_choices(req->db, req->locale);
	if (!choices)
		return NULL;
	char num[16];
	snprintf(num, sizeof num, "%d", f->objective);
	json_t *objective = json_string(num);
	mark(json_object_get(choices, "objectives"), "number", objective, "selected");
	json_decref(objective);
	static const struct {
		const char *list, *key, *param;
	} lists[] = {
		{"principles", "slug", "principle"}, {"levels", "code", "level"},
		{"statuses", "code", "status"}, {"countries", "iso3", "country"},
		{"owner_types", "code", "owner_type"}, {"freshnesses", "code", "freshness"},
		{"sorts", "code", "sort"},
	};
	for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
		json_t *cur = json_string(req_query(req, lists[i].param) ? req_query(req, lists[i].param) : "");
		mark(json_object_get(choices, lists[i].list), lists[i].key, cur, "selected");
		json_decref(cur);
	}
	return choices;
}

/* What the HTML list adds to the model: the filter form's choices and
 * values, the links to the next and first pages and to each sort. */
static int list_html(struct request *req, json_t *model, const struct commitment_filter *f)
{
	json_t *choices = filter_choices(req, f);
	if (!choices)
		return -1;
	json_object_set_new(model, "choices", choices);
	json_t *sorts = json_array();
	for (size_t i = 0; commitment_sorts[i]; i++) {
		const char *cur = f->sort ? f->sort : commitment_sorts[0];
		json_array_append_new(sorts, json_pack("{s:s, s:s, s:s, s:b}", "code", commitment_sorts[i],
		                                       "label", tr(req->locale, commitment_sort_labels[i]),
		                                       "url", list_url(req, "/commitments", commitment_sorts[i], NULL),
		                                       "current", strcmp(cur, commitment_sorts[i]) == 0));
	}
	json_object_set_new(model, "sort_links", sorts);
	if (f->after)
		json_object_set_new(model, "first_url", json_string(list_url(req, "/commitments", NULL, NULL)));
	return 0;
}

/* The current filters, echoed in the model (and kept by the HTML form). */
static json_t *filter_echo(const struct request *req)
{
	json_t *echo = json_object();
	for (size_t i = 0; i < ARRAY_LEN(list_params); i++) {
		const char *v = req_query(req, list_params[i]);
		if (param_given(v))
			json_object_set_new(echo, list_params[i], json_string(v));
	}
	return echo;
}

/* A refused filter: 400, the page with the messages (HTML) or
 * problem+json naming each parameter. Steals errors. */
static void filter_invalid(struct request *req, struct page *page, json_t *errors)
{
	translate_errors(req, errors);
	json_t *list = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(errors, key, v)
		json_array_append_new(list, json_pack("{s:s, s:O, s:O}", "field", key, "detail", v,
		                                      "message", v));
	json_t *model = json_pack("{s:s, s:s, s:i, s:o}", "type", "about:blank", "title",
	                          tr(req->locale, "The filters are not valid"), "status", 400,
	                          "errors", list);
	if (req->format == FORMAT_HTML) {
		json_object_set_new(model, "error_list", json_incref(list));
		json_object_set_new(model, "has_errors", json_true());
		json_object_set_new(model, "filters", filter_echo(req));
		json_t *choices = commitments_choices(req->db, req->locale);
		if (choices)
			json_object_set_new(model, "choices", choices);
	}
	json_decref(errors);
	page_set(page, req->format == FORMAT_HTML ? "commitments/list" : "error", model,
	         tr(req->locale, "Commitments"));
	page->status = 400;
	page->no_cache = true;
}

/* The Atom feed with the filters it knows (country and objective). */
static const char *feed_url(struct request *req, const struct commitment_filter *f)
{
	const char *country = f->country ? web_url_encode(&req->arena, f->country) : NULL;
	if (country && f->objective)
		return arena_printf(&req->arena, "/feeds/commitments.atom?country=%s&objective=%d",
		                    country, f->objective);
	if (country)
		return arena_printf(&req->arena, "/feeds/commitments.atom?country=%s", country);
	if (f->objective)
		return arena_printf(&req->arena, "/feeds/commitments.atom?objective=%d", f->objective);
	return "/feeds/commitments.atom";
}

void commitments_page_index(struct request *req, struct page *page)
{
	struct commitment_filter f;
	json_t *errors = json_object();
	read_filter(req, &f, errors);
	json_t *more = json_object();
	commitment_filter_check(&f, more);
	merge_errors(errors, more);
	json_decref(more);
	if (json_object_size(errors)) {
		filter_invalid(req, page, errors);
		return;
	}
	json_decref(errors);
	json_t *model = commitments_list(req->db, req->locale, &f);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	mark_numbers(json_object_get(model, "commitments"), "percent", "has_percent");
	const char *next = json_string_value(json_object_get(model, "next"));
	json_object_set_new(model, "filters", filter_echo(req));
	if (next)
		json_object_set_new(model, "next_url",
		                    json_string(list_url(req, req->format == FORMAT_JSON ? "/api/v1/commitments"
		                                                                         : "/commitments",
		                                         NULL, next)));
	json_object_set_new(model, "overdue_only", json_boolean(f.overdue));
	json_object_set_new(model, "paged", json_boolean(next || f.after));
	json_object_set_new(model, "feed_url", json_string(feed_url(req, &f)));
	if (req->format == FORMAT_HTML && list_html(req, model, &f) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "can_create",
	                    json_boolean(req->user && (is_admin(req) ||
	                                               may(req, ACTION_COMMITMENT_CREATE, 0,
	                                                   req->user->actor_id))));
	page_set(page, "commitments/list", model, tr(req->locale, "Commitments"));
}

/* ---- import ----------------------------------------------------------------------- */

static const char *const import_formats[] = {"csv", "json", NULL};

/* A file name fit to appear in "FILE:LINE: field: reason": letters,
 * digits, '.', '-', '_' only; anything else gives `dflt`. */
static const char *import_filename(const char *name, const char *dflt)
{
	if (!name || !*name || strlen(name) > IMPORT_FILENAME_MAX)
		return dflt;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == '_'))
			return dflt;
	return name;
}

struct import_input {
	const char *data;
	size_t len;
	const char *format;      /* "csv", "json" or NULL: detect */
	const char *filename;
};

/* Where the file is: a JSON object's "data", a form's "data" field, or
 * the body itself (text/csv and any other type the server does not
 * parse). */
static void import_read(const struct request *req, struct import_input *in)
{
	memset(in, 0, sizeof *in);
	const char *type = req->content_type ? req->content_type : "";
	if (json_is_array(req->json_body)) {
		/* The JSON file itself, posted as the body. */
		in->data = buf_str(&req->body);
		in->len = req->body.len;
		in->format = "json";
		in->filename = req_query(req, "filename");
	} else if (req->json_body) {
		in->data = json_string_value(json_object_get(req->json_body, "data"));
		in->len = in->data ? json_string_length(json_object_get(req->json_body, "data")) : 0;
		in->format = json_string_value(json_object_get(req->json_body, "format"));
		in->filename = json_string_value(json_object_get(req->json_body, "filename"));
	} else if (str_starts(type, "application/x-www-form-urlencoded")) {
		in->data = req_form(req, "data");
		in->len = in->data ? strlen(in->data) : 0;
		in->format = req_form(req, "format");
		in->filename = req_form(req, "filename");
	} else {
		in->data = buf_str(&req->body);
		in->len = req->body.len;
		in->format = req_query(req, "format");
		if (!param_given(in->format) && str_starts(type, "text/csv"))
			in->format = "csv";
		in->filename = req_query(req, "filename");
	}
	if (!param_given(in->format))
		in->format = NULL;
}

/* One "FILE:LINE: field: reason" line as {"line", "field", "detail",
 * "text"}; a line of another shape is kept as "text" alone. */
static json_t *import_problem(const char *filename, const char *line, size_t len)
{
	json_t *p = json_pack("{s:s%}", "text", line, len);
	size_t flen = strlen(filename);
	if (len <= flen + 1 || strncmp(line, filename, flen) != 0 || line[flen] != ':')
		return p;
	const char *s = line + flen + 1, *end = line + len;
	int64_t n = 0;
	while (s < end && *s >= '0' && *s <= '9' && n < INT32_MAX)
		n = n * 10 + (*s++ - '0');
	if (s + 2 > end || s[0] != ':' || s[1] != ' ')
		return p;
	s += 2;
	const char *colon = s;
	while (colon + 1 < end && !(colon[0] == ':' && colon[1] == ' '))
		colon++;
	json_object_set_new(p, "line", json_integer(n));
	if (colon + 1 >= end) {
		json_object_set_new(p, "detail", json_stringn(s, (size_t)(end - s)));
		return p;
	}
	json_object_set_new(p, "field", json_stringn(s, (size_t)(colon - s)));
	json_object_set_new(p, "detail", json_stringn(colon + 2, (size_t)(end - colon - 2)));
	return p;
}

static json_t *import_problems(const char *filename, const struct buf *errors)
{
	json_t *list = json_array();
	const char *s = buf_str(errors), *end = s + errors->len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n)
			json_array_append_new(list, import_problem(filename, s, n));
		s += n + 1;
	}
	return list;
}

/* A refused import: 422 with every problem listed (the HTML page also
 * gives back what was pasted). */
static void import_refused(struct request *req, struct page *page, json_t *problems,
                           size_t count, const struct import_input *in)
{
	json_t *model = json_pack("{s:s, s:s, s:i, s:s, s:I, s:o}", "type", "about:blank",
	                          "title", tr(req->locale, "The file was not imported"),
	                          "status", 422,
	                          "detail", tr(req->locale, "Nothing was written: correct every problem listed and send the whole file again."),
	                          "count", (json_int_t)count, "errors", problems);
	if (req->format == FORMAT_HTML) {
		json_object_set(model, "problems", problems);
		json_object_set_new(model, "has_problems", json_true());
		json_object_set_new(model, "form", json_pack("{s:s%}", "data", in->data, in->len));
	}
	page_set(page, "commitments/import", model, tr(req->locale, "Import commitments"));
	page->status = 422;
	page->no_cache = true;
}

void commitments_page_import_form(struct request *req, struct page *page)
{
	json_t *model = form_model(req);
	json_object_set_new(model, "form", json_pack("{s:s}", "format", ""));
	page_set(page, "commitments/import", model, tr(req->locale, "Import commitments"));
}

void commitments_page_import(struct request *req, struct page *page)
{
	struct import_input in;
	import_read(req, &in);
	if (in.format && code_index(import_formats, in.format) < 0) {
		json_t *errors = json_pack("{s:s}", "format", N_("The format must be csv or json."));
		translate_errors(req, errors);
		web_invalid(req, page, "commitments/import", NULL, json_object(), errors,
		            tr(req->locale, "Import commitments"));
		return;
	}
	if (!in.data || !in.len) {
		json_t *errors = json_pack("{s:s}", "data", N_("The file is empty."));
		translate_errors(req, errors);
		web_invalid(req, page, "commitments/import", NULL, json_object(), errors,
		            tr(req->locale, "Import commitments"));
		return;
	}
	enum import_format fmt = IMPORT_CSV;
	if (in.format)
		fmt = strcmp(in.format, "json") == 0 ? IMPORT_JSON : IMPORT_CSV;
	const char *dflt = in.format ? (fmt == IMPORT_JSON ? "upload.json" : "upload.csv") : "upload";
	const char *filename = import_filename(in.filename, dflt);
	if (!in.format && import_format_detect(filename, in.data, in.len, &fmt) < 0) {
		json_t *errors = json_pack("{s:s}", "format", N_("Say whether the file is csv or json: the format could not be told from its content."));
		translate_errors(req, errors);
		web_invalid(req, page, "commitments/import", NULL, json_object(), errors,
		            tr(req->locale, "Import commitments"));
		return;
	}
	struct import_options o = {.filename = filename, .as = req->user};
	struct import_result r;
	memset(&r, 0, sizeof r);
	struct buf errors;
	buf_init(&errors, (size_t)1 << 20);
	enum outcome out = import_commitments(req->db, in.data, in.len, fmt, &o, &errors, &r);
	if (out == OUTCOME_INVALID) {
		import_refused(req, page, import_problems(filename, &errors), r.nerrors, &in);
	} else if (out == OUTCOME_ERROR) {
		fprintf(stderr, "pacte: import: %s", buf_str(&errors));
		web_outcome_error(req, page, out);
	} else if (!web_outcome_error(req, page, out)) {
		json_t *model = json_pack("{s:b, s:I, s:I, s:I}", "imported", 1,
		                          "records", (json_int_t)r.records,
		                          "commitments", (json_int_t)r.commitments,
		                          "updates", (json_int_t)r.updates);
		page_set(page, "commitments/import", model, tr(req->locale, "Import commitments"));
		page->no_cache = true;
	}
	buf_release(&errors);
}

/* ---- where each objective, country, region or actor stands ---------------------- */

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

int commitments_add_scope(struct request *req, json_t *model, const struct scope *s)
{
	json_t *st = scope_standing(req, s);
	if (!st)
		return -1;
	json_t *standing = json_object_get(st, "standing");
	if (json_integer_value(json_object_get(standing, "total")) <= 0) {
		json_decref(st);
		return 0;
	}
	struct commitment_filter f = {
		.objective = s->objective, .country = s->country, .region = s->region,
		.actor_id = s->actor_id, .sort = "updated", .limit = SCOPE_CARDS,
		.total = json_integer_value(json_object_get(standing, "total")),
	};
	json_t *list = commitments_list(req->db, req->locale, &f);
	if (!list) {
		json_decref(st);
		return -1;
	}
	json_t *cards = json_object_get(list, "commitments");
	mark_numbers(cards, "percent", "has_percent");
	json_t *latest = json_object_get(st, "latest_updates");
	mark_numbers(latest, "percent", "has_percent");
	json_object_set_new(standing, "more", json_boolean(json_integer_value(json_object_get(standing, "total")) >
	                                                   (json_int_t)json_array_size(cards)));
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
