/* ui.c — what the pages share to build their models and read their
 * forms (ui.h).
 *
 * The pages validate nothing themselves: a form's fields are put into the
 * JSON input the domain takes (the same shape an API client posts), the
 * domain validates, checks can() and audits, and its errors — a message
 * id per field — become messages here, once. The one check made in the
 * web is the one only the request can make: a form value that was not
 * valid UTF-8, reported under its field. */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain/countries.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "l10n.h"
#include "ui.h"
#include "util.h"
#include "web.h"

static const char *const bad_text_msgid =
	N_("This is not valid text: it must be UTF-8 without NUL characters.");

/* ---- models ------------------------------------------------------------------------ */

json_t *ui_form_model(const struct request *req)
{
	json_t *model = json_object();
	if (req->csrf_token)
		json_object_set_new(model, "csrf_token", json_string(req->csrf_token));
	return model;
}

json_t *ui_text(const json_t *v)
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

json_t *ui_joined(const json_t *v, const char *sep)
{
	if (!json_is_array(v))
		return ui_text(v);
	/* The items come from a request body or a stored commitment, both far
	 * below a page. */
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		json_t *t = ui_text(item);
		if (i)
			buf_puts(&b, sep);
		buf_puts(&b, json_string_value(t));
		json_decref(t);
	}
	json_t *s = json_string(buf_str(&b));
	buf_release(&b);
	return s;
}

/* True when the array (or single value) v holds `code`. */
static bool holds(const json_t *v, const char *code)
{
	if (!code || !v)
		return false;
	if (!json_is_array(v)) {
		json_t *t = ui_text(v);
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

void ui_mark(json_t *list, const char *key, const json_t *value, const char *flag)
{
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		json_t *t = ui_text(json_object_get(item, key));
		json_object_set_new(item, flag, json_boolean(holds(value, json_string_value(t))));
		json_decref(t);
	}
}

/* holds(value, item's key as text), without making the text of a string
 * key or of a string value (ui_marked_copy walks ~250 countries). */
static bool item_marked(const json_t *item, const char *key, const json_t *value)
{
	const json_t *k = json_object_get(item, key);
	if (json_is_string(k) && json_is_string(value))
		return strcasecmp(json_string_value(value), json_string_value(k)) == 0;
	json_t *t = ui_text(k);
	bool marked = holds(value, json_string_value(t));
	json_decref(t);
	return marked;
}

json_t *ui_marked_copy(const json_t *list, const char *key, const json_t *value,
                       const char *flag)
{
	size_t i, marked = 0;
	json_t *item;
	json_array_foreach(list, i, item)
		marked += item_marked(item, key, value);
	if (!marked)            /* nothing selected: the list as it is, shared */
		return json_incref((json_t *)list);
	json_t *out = json_array();
	json_array_foreach(list, i, item) {
		if (item_marked(item, key, value)) {
			json_t *copy = json_copy(item);
			json_object_set_new(copy, flag, json_true());
			json_array_append_new(out, copy);
		} else {
			json_array_append(out, item);
		}
	}
	return out;
}

void ui_mark_numbers(json_t *array, const char *key, const char *has)
{
	size_t i;
	json_t *item;
	json_array_foreach(array, i, item)
		json_object_set_new(item, has, json_boolean(json_is_number(json_object_get(item, key))));
}

json_t *ui_country_options(struct request *req, const char *current)
{
	json_t *found = countries_search(req->db, req->locale, NULL, NULL);
	if (!found)
		return NULL;
	json_t *list = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(found, "countries"), i, c) {
		const char *iso3 = json_string_value(json_object_get(c, "iso3"));
		const char *name = json_string_value(json_object_get(c, "name"));
		if (iso3 && name)
			json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", iso3,
			                                      "label", name, "selected",
			                                      current && strcasecmp(current, iso3) == 0));
	}
	json_decref(found);
	return list;
}

const char *ui_country_param(struct request *req, const char *v)
{
	char iso3[4];
	if (!ui_given(v) || strlen(v) > COUNTRIES_MAX_QUERY ||
	    countries_resolve(req->db, v, iso3) != 1)
		return v;
	return arena_strdup(&req->arena, iso3);
}

json_t *ui_filters_given(const struct request *req, const char *const *params, size_t n)
{
	json_t *echo = json_object();
	for (size_t i = 0; i < n; i++) {
		const char *v = req_query(req, params[i]);
		if (ui_given(v))
			json_object_set_new(echo, params[i], json_string(v));
	}
	return echo;
}

const char *ui_list_url(struct request *req, const char *path, const char *const *params,
                        size_t n, const char *name, const char *value, const char *after)
{
	const char *base = view_link(req, path);
	struct buf b;
	buf_init(&b, UI_URL_MAX);
	buf_puts(&b, base);
	char sep = '?';
	for (size_t i = 0; i < n; i++) {
		const char *v = req_query(req, params[i]);
		if (name && strcmp(name, params[i]) == 0)
			v = value;
		if (!ui_given(v))
			continue;
		buf_printf(&b, "%c%s=%s", sep, params[i], web_url_encode(&req->arena, v));
		sep = '&';
	}
	if (after)
		buf_printf(&b, "%cafter=%s", sep, web_url_encode(&req->arena, after));
	const char *url = b.overflow ? base : arena_strdup(&req->arena, buf_str(&b));
	buf_release(&b);
	return url;
}

bool ui_given(const char *v)
{
	return v && *v;
}

/* ---- errors ----------------------------------------------------------------------- */

void ui_merge_errors(json_t *into, const json_t *from)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)from, key, v)
		if (!json_object_get(into, key))
			json_object_set(into, key, v);
}

void ui_form_refused(struct request *req, struct page *page, const char *template_name,
                     json_t *model, json_t *errors, const char *title)
{
	if (!model) {
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	json_t *values = json_incref(json_object_get(model, "form"));
	json_object_del(model, "form");
	page_invalid(req, page, template_name, model, values, errors, title);
}

/* ---- forms into the domain's input -------------------------------------------------- */

json_t *ui_all_values(const struct request *req, const char *name)
{
	json_t *list = json_array();
	for (size_t i = 0; i < req->form.len; i++)
		if (strcmp(req->form.items[i].name, name) == 0)
			json_array_append_new(list, json_string(req->form.items[i].value));
	return list;
}

static const char *field_of(const struct ui_input_part *parts, const char *param)
{
	for (; parts->prefix; parts++)
		if (str_starts(param, parts->prefix))
			return parts->field;
	return param;
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

json_t *ui_input(const struct request *req, const struct ui_input *fields, size_t n,
                 const struct ui_input_part *parts, json_t *errors)
{
	if (json_is_object(req->json_body))
		return json_deep_copy(req->json_body);
	json_t *input = json_object();
	if (req->json_body)
		return input;
	for (size_t i = 0; i < req->form.len; i++) {
		const char *field = field_of(parts, req->form.items[i].name);
		if (req->form.items[i].invalid && !json_object_get(errors, field))
			valid_error(errors, field, bad_text_msgid);
	}
	for (size_t i = 0; i < n; i++) {
		const struct ui_input *f = &fields[i];
		json_t *values = ui_all_values(req, f->name);
		size_t k;
		json_t *v;
		if (f->kind == UI_IN_MANY) {
			json_t *list = json_array();
			json_array_foreach(values, k, v)
				if (json_string_length(v))
					json_array_append(list, v);
			json_object_set_new(input, f->name, list);
		} else if (json_array_size(values) > 1) {
			valid_error(errors, f->name, N_("This was given more than once."));
		} else if (json_string_length(json_array_get(values, 0))) {
			const char *s = json_string_value(json_array_get(values, 0));
			json_object_set_new(input, f->name,
			                    f->kind == UI_IN_IDS ? split_ids(s) : json_string(s));
		}
		json_decref(values);
	}
	return input;
}

void ui_on_behalf_of(const struct request *req, json_t *model, const char *key)
{
	json_t *actor = req->viewer ? json_object_get(req->viewer, "actor") : NULL;
	if (!actor)
		return;
	json_object_set(model, key, actor);
	json_object_set_new(model, "lead_in", l10n_lead_in(req->locale,
	                    tr(req->locale, "On behalf of"),
	                    json_string_value(json_object_get(actor, "name"))));
}
