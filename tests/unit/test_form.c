/* test_form.c — declarative field validation and the 422 answer. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "form.h"

static const char *const levels[] = {"national", "regional", "international", NULL};

static const struct field fields[] = {
	{"title", FIELD_TEXT, FIELD_REQUIRED, 3, 10, NULL},
	{"summary", FIELD_TEXTAREA, 0, 0, 0, NULL},
	{"email", FIELD_EMAIL, 0, 0, 0, NULL},
	{"password", FIELD_PASSWORD, 0, 10, 0, NULL},
	{"percent", FIELD_INT, 0, 0, 100, NULL},
	{"level", FIELD_CHOICE, 0, 0, 0, levels},
	{"link", FIELD_URL, 0, 0, 0, NULL},
	{"start", FIELD_DATE, 0, 0, 0, NULL},
	{"public", FIELD_BOOL, 0, 0, 0, NULL},
	{"objective", FIELD_INT, FIELD_MULTI, 1, 23, NULL},
};

/* Runs form_validate on a urlencoded body; returns the error count. */
static int validate(struct request *req, const char *body, json_t **values, json_t **errors)
{
	const char *why = NULL;
	assert_int_equal(params_parse(&req->arena, body, strlen(body), &req->form, true, &why), 0);
	return form_validate(req, fields, sizeof fields / sizeof *fields, values, errors);
}

static void test_valid(void **state)
{
	struct request req = {.locale = "en"};
	arena_init(&req.arena);
	json_t *v, *e;
	int n = validate(&req,
	                 "title=Hello&summary=line1%0Aline2&email=Ana%40Example.ORG&password=0123456789"
	                 "&percent=42&level=regional&link=https%3A%2F%2Fexample.org%2Fx&start=2024-02-29"
	                 "&public=on&objective=7&objective=23",
	                 &v, &e);
	assert_int_equal(n, 0);
	assert_string_equal(json_string_value(json_object_get(v, "title")), "Hello");
	assert_string_equal(json_string_value(json_object_get(v, "summary")), "line1\nline2");
	assert_string_equal(json_string_value(json_object_get(v, "email")), "ana@example.org");
	assert_int_equal(json_integer_value(json_object_get(v, "percent")), 42);
	assert_true(json_is_true(json_object_get(v, "public")));
	json_t *objs = json_object_get(v, "objective");
	assert_int_equal(json_array_size(objs), 2);
	assert_int_equal(json_integer_value(json_array_get(objs, 1)), 23);
	json_decref(v);
	json_decref(e);
	arena_release(&req.arena);
}

static void expect_error(const char *body, const char *field)
{
	struct request req = {.locale = "en"};
	arena_init(&req.arena);
	json_t *v, *e;
	int n = validate(&req, body, &v, &e);
	if (!json_object_get(e, field)) {
		char *dump = json_dumps(e, 0);
		fail_msg("%s: expected an error on %s, got %s", body, field, dump);
	}
	assert_true(n >= 1);
	json_decref(v);
	json_decref(e);
	arena_release(&req.arena);
}

static void test_invalid(void **state)
{
	expect_error("summary=x", "title");                       /* required */
	expect_error("title=ab", "title");                        /* too short */
	expect_error("title=abcdefghijk", "title");               /* 11 > 10 characters */
	expect_error("title=ab%01c", "title");                    /* control character */
	expect_error("title=ab%00cd", "title");                   /* NUL */
	expect_error("title=ab%FFcd", "title");                   /* invalid UTF-8 */
	expect_error("title=abc&title=def", "title");             /* given twice */
	expect_error("title=abc&email=nobody", "email");
	expect_error("title=abc&email=a%40b", "email");
	expect_error("title=abc&password=short", "password");
	expect_error("title=abc&percent=101", "percent");
	expect_error("title=abc&percent=-1", "percent");
	expect_error("title=abc&percent=4x", "percent");
	expect_error("title=abc&level=planetary", "level");
	expect_error("title=abc&link=javascript%3Aalert(1)", "link");
	expect_error("title=abc&link=ftp%3A%2F%2Fx.org", "link");
	expect_error("title=abc&start=2023-02-29", "start");      /* not a leap year */
	expect_error("title=abc&start=2024-13-01", "start");
	expect_error("title=abc&start=24-01-01", "start");
	expect_error("title=abc&objective=24", "objective");
	expect_error("title=abc&objective=7&objective=0", "objective");
}

/* Accented characters count as one character each. */
static void test_length_in_characters(void **state)
{
	struct request req = {.locale = "en"};
	arena_init(&req.arena);
	json_t *v, *e;
	/* "éééééééééé": 10 characters, 20 bytes */
	assert_int_equal(validate(&req, "title=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9",
	                          &v, &e), 0);
	json_decref(v);
	json_decref(e);
	arena_release(&req.arena);
}

static void test_page_invalid(void **state)
{
	struct request req = {.locale = "en", .format = FORMAT_JSON};
	arena_init(&req.arena);
	json_t *v, *e;
	assert_true(validate(&req, "title=a&password=short&percent=300", &v, &e) >= 2);
	struct page page;
	page_init(&page);
	page_invalid(&req, &page, "form", NULL, v, e, "Form");
	assert_int_equal(page.status, 422);
	assert_int_equal(json_integer_value(json_object_get(page.model, "status")), 422);
	json_t *list = json_object_get(page.model, "errors");
	assert_true(json_array_size(list) >= 3);
	assert_non_null(json_string_value(json_object_get(json_array_get(list, 0), "field")));
	page_release(&page);

	/* HTML: the form comes back with what was typed, but never a password. */
	req.format = FORMAT_HTML;
	req.form.len = 0;
	assert_true(validate(&req, "title=a&password=short", &v, &e) >= 1);
	page_init(&page);
	page_invalid(&req, &page, "form", json_object(), v, e, "Form");
	json_t *form = json_object_get(page.model, "form");
	assert_string_equal(json_string_value(json_object_get(form, "title")), "a");
	assert_null(json_object_get(form, "password"));
	assert_non_null(json_object_get(json_object_get(page.model, "errors"), "title"));
	page_release(&page);
	arena_release(&req.arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_length_in_characters),
		cmocka_unit_test(test_page_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
