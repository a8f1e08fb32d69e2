/* fuzz_form.c — libFuzzer target for form bodies and JSON bodies through
 * the declarative validators: the input is parsed as a urlencoded form and
 * validated against a field list covering every kind; the same bytes are
 * then parsed as JSON the way the server flattens request bodies. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request req;
	memset(&req, 0, sizeof req);
	req.locale = "en";
	arena_init(&req.arena);
	const char *why;
	if (params_parse(&req.arena, (const char *)data, size, &req.form, true, &why) == 0) {
		json_t *values, *errors;
		int n = form_validate(&req, fields, sizeof fields / sizeof *fields, &values, &errors);
		if (n != (int)json_object_size(errors) || !json_is_object(values))
			abort();
		struct page page;
		page_init(&page);
		req.format = FORMAT_JSON;
		page_invalid(&req, &page, "form", NULL, values, errors, "t");
		page_release(&page);
	}
	json_error_t jerr;
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	json_decref(body);
	arena_release(&req.arena);
	return 0;
}
