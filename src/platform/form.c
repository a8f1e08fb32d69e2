/* form.c — field validators, and the 422 answer that keeps what was typed. */
#include <ctype.h>
#include <string.h>

#include "form.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#define TEXT_MAX_DEFAULT 1000

void form_error(const struct request *req, json_t *errors, const char *field, const char *msgid)
{
	if (!json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(tr(req->locale, msgid)));
}

static bool has_control(const char *s, bool multiline)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
			return true;
	}
	return false;
}

static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == '"' || *p == ',')
			return false;
	return true;
}

static bool valid_url(const char *s)
{
	const char *host = str_starts(s, "https://") ? s + 8 : str_starts(s, "http://") ? s + 7 : NULL;
	if (!host || !*host || *host == '/' || *host == ':' || strlen(s) > 2000)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
			return false;
	return true;
}

static bool valid_date(const char *s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

/* Validates one raw value; returns the typed value, or NULL with *why set
 * to a msgid. */
static json_t *check_value(const struct field *f, const struct param *p, const char **why)
{
	const char *v = p->value;
	if (p->invalid) {
		*why = N_("This is not valid text: it must be UTF-8 without NUL characters.");
		return NULL;
	}
	switch (f->kind) {
	case FIELD_TEXT:
	case FIELD_TEXTAREA: {
		int64_t max = f->max ? f->max : TEXT_MAX_DEFAULT;
		size_t len = utf8_length(v, strlen(v));
		if (has_control(v, f->kind == FIELD_TEXTAREA)) {
			*why = N_("This contains control characters.");
			return NULL;
		}
		if ((int64_t)len > max) {
			*why = N_("This is too long.");
			return NULL;
		}
		if ((int64_t)len < f->min) {
			*why = N_("This is too short.");
			return NULL;
		}
		return json_string(v);
	}
	case FIELD_PASSWORD:
		if ((int64_t)strlen(v) > (f->max ? f->max : 1024)) {
			*why = N_("This is too long.");
			return NULL;
		}
		if ((int64_t)utf8_length(v, strlen(v)) < f->min) {
			*why = N_("This is too short.");
			return NULL;
		}
		return json_string(v);
	case FIELD_EMAIL: {
		if (!valid_email(v)) {
			*why = N_("This is not a valid email address.");
			return NULL;
		}
		char *lower = xstrdup(v);
		for (char *c = lower; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		json_t *j = json_string(lower);
		free(lower);
		return j;
	}
	case FIELD_INT: {
		int64_t n;
		if (parse_int64(v, f->min, f->max, &n) < 0) {
			*why = N_("This must be a whole number in the allowed range.");
			return NULL;
		}
		return json_integer(n);
	}
	case FIELD_CHOICE:
		for (const char *const *c = f->choices; c && *c; c++)
			if (strcmp(*c, v) == 0)
				return json_string(v);
		*why = N_("This is not one of the allowed choices.");
		return NULL;
	case FIELD_URL:
		if (!valid_url(v)) {
			*why = N_("This must be a web address starting with http:// or https://.");
			return NULL;
		}
		return json_string(v);
	case FIELD_DATE:
		if (!valid_date(v)) {
			*why = N_("This must be a date written YYYY-MM-DD.");
			return NULL;
		}
		return json_string(v);
	case FIELD_BOOL:
		return json_boolean(strcmp(v, "0") != 0 && strcmp(v, "false") != 0);
	}
	*why = N_("This value is not accepted.");
	return NULL;
}

/* Whether a raw value counts as given: an empty text box is not. */
static bool given(const struct param *p)
{
	return p->invalid || p->value[0] != '\0';
}

int form_validate(const struct request *req, const struct field *fields, size_t n,
                  json_t **values, json_t **errors)
{
	*values = json_object();
	*errors = json_object();
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &fields[i];
		json_t *multi = (f->flags & FIELD_MULTI) ? json_array() : NULL;
		json_t *single = NULL;
		const char *why = NULL;
		/* Fields are read in the form's order, so a repeated name is a
		 * list for MULTI fields and an error otherwise. */
		for (size_t k = 0; k < req->form.len && !why; k++) {
			const struct param *p = &req->form.items[k];
			if (strcmp(p->name, f->name) != 0 || (!given(p) && f->kind != FIELD_BOOL))
				continue;
			if (single && !multi) {
				why = N_("This was given more than once.");
				break;
			}
			json_t *v = check_value(f, p, &why);
			if (!v)
				break;
			if (multi) {
				json_array_append_new(multi, v);
			} else {
				single = v;
			}
		}
		json_t *value = multi ? multi : single;
		if (!why && f->kind == FIELD_BOOL && !value)
			value = json_false();
		bool empty = !value || (multi && json_array_size(multi) == 0);
		if (!why && empty && (f->flags & FIELD_REQUIRED))
			why = N_("This is required.");
		if (why) {
			form_error(req, *errors, f->name, why);
			/* Keep what was typed so the form shows it again. */
			const char *raw = params_get(&req->form, f->name);
			json_decref(value);
			value = raw && f->kind != FIELD_PASSWORD ? json_string(raw) : json_null();
		}
		json_object_set_new(*values, f->name, value ? value : json_null());
	}
	return (int)json_object_size(*errors);
}

void page_invalid(struct request *req, struct page *page, const char *template_name,
                  json_t *model, json_t *values, json_t *errors, const char *title)
{
	/* Passwords are never sent back. */
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(values, tmp, key, v)
		if (strstr(key, "password"))
			json_object_del(values, key);
	if (req->format == FORMAT_JSON) {
		json_t *list = json_array();
		json_object_foreach(errors, key, v)
			json_array_append_new(list, json_pack("{s:s, s:O}", "field", key, "detail", v));
		json_t *problem = json_pack("{s:s, s:s, s:i, s:o}", "type", "about:blank",
		                            "title", tr(req->locale, "The data is not valid"),
		                            "status", 422, "errors", list);
		json_decref(model);
		json_decref(values);
		json_decref(errors);
		page_set(page, "error", problem, tr(req->locale, "The data is not valid"));
	} else {
		if (!model)
			model = json_object();
		json_object_set_new(model, "form", values);
		json_object_set_new(model, "errors", errors);
		json_object_set_new(model, "has_errors", json_true());
		page_set(page, template_name, model, title);
	}
	page->status = 422;
	page->no_cache = true;
}
