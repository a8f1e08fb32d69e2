/* form.c — a request's parameters through validate.h, and the answer that
 * refuses them with what was typed kept. */
#include <string.h>

#include "form.h"
#include "i18n.h"
#include "util.h"

/* Whether a raw value counts as given: an empty text box is not. */
static bool given(const struct param *p)
{
	return p->invalid || p->value[0] != '\0';
}

json_t *form_input(const struct params *params, const struct field *fields, size_t n,
                   json_t *errors)
{
	json_t *input = json_object();
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &fields[i];
		bool multi = f->flags & FIELD_MULTI;
		json_t *value = multi ? json_array() : NULL;
		for (size_t k = 0; k < params->len; k++) {
			const struct param *p = &params->items[k];
			if (strcmp(p->name, f->name) != 0 || (!given(p) && f->kind != FIELD_BOOL))
				continue;
			if (p->invalid)
				valid_error(errors, f->name,
				            N_("This is not valid text: it must be UTF-8 without NUL characters."));
			else if (value && !multi)
				valid_error(errors, f->name, N_("This was given more than once."));
			if (multi)
				json_array_append_new(value, json_string(p->value));
			else if (!value)
				value = json_string(p->value);
		}
		if (value)
			json_object_set_new(input, f->name, value);
	}
	return input;
}

int form_validate(const struct request *req, const struct field *fields, size_t n,
                  json_t **values, json_t **errors)
{
	*errors = json_object();
	json_t *input = form_input(&req->form, fields, n, *errors);
	int bad = valid_check(fields, n, input, NULL, *errors, values);
	json_decref(input);
	return bad;
}

void page_refuse(struct request *req, struct page *page, int status, const char *template_name,
                 json_t *model, json_t *values, json_t *errors, const char *title)
{
	const char *what = status == 400 ? N_("The filters are not valid") : N_("The data is not valid");
	if (req->format == FORMAT_JSON) {
		json_t *problem = json_pack("{s:s, s:s, s:i, s:o}", "type", "about:blank",
		                            "title", tr(req->locale, what), "status", status,
		                            "errors", valid_problems(req->locale, errors));
		json_decref(model);
		json_decref(values);
		page_set(page, "error", problem, tr(req->locale, what));
	} else {
		if (!model)
			model = json_object();
		/* Passwords are never sent back. */
		const char *key;
		json_t *v;
		void *tmp;
		json_object_foreach_safe(values, tmp, key, v)
			if (strstr(key, "password"))
				json_object_del(values, key);
		json_t *messages = valid_messages(req->locale, errors);
		json_t *list = json_array();
		json_object_foreach(messages, key, v)
			json_array_append_new(list, json_pack("{s:s, s:O, s:O}", "field", key, "message", v,
			                                      "text", v));
		json_object_set_new(model, "form", values ? values : json_object());
		json_object_set_new(model, "errors", messages);
		json_object_set_new(model, "error_list", list);
		json_object_set_new(model, "has_errors", json_true());
		page_set(page, template_name, model, title);
	}
	json_decref(errors);
	page->status = status;
	page->no_cache = true;
}

void page_invalid(struct request *req, struct page *page, const char *template_name,
                  json_t *model, json_t *values, json_t *errors, const char *title)
{
	page_refuse(req, page, 422, template_name, model, values, errors, title);
}
