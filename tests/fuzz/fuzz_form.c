/* fuzz_form.c — libFuzzer target for form bodies and JSON bodies through
 * the declarative validators: the input is parsed as a urlencoded form,
 * then as a JSON body (request_json_body, as the server reads it: an
 * object's fields flattened into the form), and each time validated
 * against a field list covering every kind, the refusal rendered as the
 * API would. What must hold: no crash, no leak, and form_validate's count
 * equal to the errors it lists. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const choices[] = {"a", "b", NULL};
static const struct field fields[] = {
	{"t", FIELD_TEXT, FIELD_REQUIRED, 1, 50, NULL},
	{"x", FIELD_TEXTAREA, 0, 0, 0, NULL},
	{"e", FIELD_EMAIL, 0, 0, 0, NULL},
	{"p", FIELD_PASSWORD, 0, 10, 0, NULL},
	{"i", FIELD_INT, FIELD_MULTI, -5, 23, NULL},
	{"c", FIELD_CHOICE, 0, 0, 0, choices},
	{"u", FIELD_URL, 0, 0, 0, NULL},
	{"d", FIELD_DATE, 0, 0, 0, NULL},
	{"b", FIELD_BOOL, 0, 0, 0, NULL},
};

/* Validates req->form against the field list and renders the refusal. */
static void validate(struct request *req)
{
	json_t *values, *errors;
	int n = form_validate(req, fields, sizeof fields / sizeof *fields, &values, &errors);
	if (n != (int)json_object_size(errors) || !json_is_object(values))
		abort();
	struct page page;
	page_init(&page);
	req->format = FORMAT_JSON;
	page_invalid(req, &page, "form", NULL, values, errors, "t");
	page_release(&page);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req;
	memset(&req, 0, sizeof req);
	req.locale = "en";
	arena_init(&req.arena);
	const char *why;
	if (params_parse(&req.arena, (const char *)data, size, &req.form, true, &why) == 0)
		validate(&req);
	memset(&req.form, 0, sizeof req.form);
	if (request_json_body(&req, (const char *)data, size, &why) == 0 &&
	    json_is_object(req.json_body))
		validate(&req);
	json_decref(req.json_body);
	arena_release(&req.arena);
	return 0;
}
