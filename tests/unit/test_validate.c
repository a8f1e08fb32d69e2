/* test_validate.c — the one validation system: kinds, limits as message
 * arguments, characters refused in every text field, lists, a field's own
 * check, and the translated shapes the view gives. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "validate.h"

static const char *const levels[] = {"national", "regional", "international", NULL};

/* A field's own check: the objectives come back sorted. */
static int sorted(struct valid *v, const struct field *f, json_t **value)
{
	json_int_t prev = 0;
	size_t i;
	json_t *n;
	json_array_foreach(*value, i, n) {
		if (json_integer_value(n) <= prev) {
			valid_error(v->errors, f->name, "In order, please.");
			return -1;
		}
		prev = json_integer_value(n);
	}
	return 0;
}

static const struct field fields[] = {
	{"title", FIELD_TEXT, FIELD_REQUIRED, 3, 10, NULL, 0, NULL, NULL},
	{"summary", FIELD_TEXTAREA, 0, 0, 0, NULL, 0, NULL, NULL},
	{"percent", FIELD_INT, 0, 0, 100, NULL, 0, NULL, NULL},
	{"amount", FIELD_NUMBER, 0, 0, 0, NULL, 0, NULL, NULL},
	{"level", FIELD_CHOICE, 0, 0, 0, levels, 0, NULL, NULL},
	{"start", FIELD_DATE, 0, 0, 0, NULL, 0, NULL, NULL},
	{"country", FIELD_TEXT, FIELD_UPPER, 3, 3, NULL, 0, NULL, NULL},
	{"objectives", FIELD_INT, FIELD_MULTI, 1, 23, NULL, 3, sorted,
	 "Objectives are numbered from {min} to {max}."},
	{"public", FIELD_BOOL, 0, 0, 0, NULL, 0, NULL, NULL},
};
#define NFIELDS (sizeof fields / sizeof *fields)

/* Checks input (JSON text); returns the error count, the clean object in
 * *clean and the errors in *errors. */
static int check(const char *text, json_t **clean, json_t **errors)
{
	json_t *input = json_loads(text, 0, NULL);
	assert_non_null(input);
	*errors = json_object();
	int n = valid_check(fields, NFIELDS, input, NULL, *errors, clean);
	json_decref(input);
	return n;
}

static void test_valid_input(void **state)
{
	json_t *c, *e;
	assert_int_equal(check("{\"title\": \"  Hello \", \"percent\": \"42\", \"amount\": \"1.5\","
	                       " \"level\": \"regional\", \"start\": \"2024-02-29\", \"country\": \"mar\","
	                       " \"objectives\": [7, \"9\"], \"public\": \"on\", \"extra\": 1}",
	                       &c, &e),
	                 0);
	assert_string_equal(json_string_value(json_object_get(c, "title")), "Hello");
	assert_int_equal(json_integer_value(json_object_get(c, "percent")), 42);
	assert_true(json_number_value(json_object_get(c, "amount")) == 1.5);
	assert_string_equal(json_string_value(json_object_get(c, "country")), "MAR");
	assert_int_equal(json_array_size(json_object_get(c, "objectives")), 2);
	assert_true(json_is_true(json_object_get(c, "public")));
	/* Not given: null, [] for a list, false for a flag; unknown keys dropped. */
	assert_true(json_is_null(json_object_get(c, "summary")));
	assert_null(json_object_get(c, "extra"));
	json_decref(c);
	json_decref(e);
	assert_int_equal(check("{\"title\": \"abc\"}", &c, &e), 0);
	assert_int_equal(json_array_size(json_object_get(c, "objectives")), 0);
	assert_true(json_is_false(json_object_get(c, "public")));
	json_decref(c);
	json_decref(e);
}

/* The id recorded for field after checking text, and its "max" argument. */
static void expect(const char *text, const char *field, const char *id, json_int_t max)
{
	json_t *c, *e;
	assert_true(check(text, &c, &e) >= 1);
	const char *got = valid_error_id(e, field);
	if (!got || strcmp(got, id) != 0)
		fail_msg("%s: %s: expected \"%s\", got \"%s\"", text, field, id, got ? got : "(none)");
	if (max)
		assert_int_equal(json_integer_value(json_object_get(
		                     json_object_get(json_object_get(e, field), "args"), "max")),
		                 max);
	/* What was typed is kept for the form. */
	json_t *kept = json_object_get(c, field);
	assert_non_null(kept);
	json_decref(c);
	json_decref(e);
}

static void test_errors_name_the_reason(void **state)
{
	expect("{}", "title", "This is required.", 0);
	expect("{\"title\": \"   \"}", "title", "This is required.", 0);
	expect("{\"title\": \"ab\"}", "title", "At least {min} characters.", 10);
	expect("{\"title\": \"abcdefghijk\"}", "title", "At most {max} characters.", 10);
	expect("{\"title\": 12}", "title", "This must be text.", 0);
	expect("{\"title\": \"a\\tbc\"}", "title", "This contains control characters.", 0);
	expect("{\"title\": \"abc\", \"percent\": 101}", "percent",
	       "This must be a whole number from {min} to {max}.", 100);
	expect("{\"title\": \"abc\", \"amount\": \"1e999\"}", "amount", "This must be a number.", 0);
	expect("{\"title\": \"abc\", \"level\": \"global\"}", "level",
	       "This is not one of the allowed choices.", 0);
	expect("{\"title\": \"abc\", \"start\": \"2023-02-29\"}", "start",
	       "This must be a date written YYYY-MM-DD.", 0);
	/* A field's own message, with the limits of its table. */
	expect("{\"title\": \"abc\", \"objectives\": [24]}", "objectives",
	       "Objectives are numbered from {min} to {max}.", 23);
	expect("{\"title\": \"abc\", \"objectives\": [1, 2, 3, 4]}", "objectives",
	       "At most {max} items.", 3);
	expect("{\"title\": \"abc\", \"objectives\": {\"a\": 1}}", "objectives",
	       "This must be a list.", 0);
	/* The field's own check runs after its kind's. */
	expect("{\"title\": \"abc\", \"objectives\": [9, 7]}", "objectives", "In order, please.", 0);
}

/* Security finding 9 of issue 11: noncharacters and C1 controls in any
 * text field; bidi overrides on one line. */
static void test_characters_refused(void **state)
{
	const char *bad = "This contains characters that are not allowed.";
	expect("{\"title\": \"ab\\uFFFFc\"}", "title", bad, 0);
	expect("{\"title\": \"ab\\uFDD0c\"}", "title", bad, 0);
	expect("{\"title\": \"ab\\u0085c\"}", "title", bad, 0);
	expect("{\"title\": \"abc\", \"summary\": \"ok\\n\\uFFFE\"}", "summary", bad, 0);
	expect("{\"title\": \"ab\\u202Ec\"}", "title",
	       "This contains bidirectional control characters, which are not allowed on one line.", 0);
	json_t *c, *e;
	/* Several lines may hold a right-to-left mark and line breaks. */
	assert_int_equal(check("{\"title\": \"abc\", \"summary\": \"a\\n\\u202Eb\\tc\"}", &c, &e), 0);
	json_decref(c);
	json_decref(e);
}

static void test_first_error_kept(void **state)
{
	json_t *e = json_object();
	assert_int_equal(valid_error(e, "title", "first"), 1);
	assert_int_equal(valid_error_int(e, "title", "second", "max", 3), 0);
	assert_string_equal(valid_error_id(e, "title"), "first");
	/* An error held on entry stays and counts. */
	json_t *input = json_pack("{s:s}", "title", "Hello");
	assert_int_equal(valid_check(fields, NFIELDS, input, NULL, e, NULL), 1);
	json_decref(input);
	json_decref(e);
}

static void test_messages_translated_with_arguments(void **state)
{
	static const char fr[] = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
	                         "msgid \"At most {max} characters.\"\nmsgstr \"{max} caractères au plus.\"\n";
	char err[256];
	assert_int_equal(i18n_load_text("fr", fr, sizeof fr - 1, err, sizeof err), 0);
	json_t *e = json_object();
	valid_error_int(e, "title", "At most {max} characters.", "max", 300);
	valid_error_str(e, "country", "Unknown country {code}.", "code", "XYZ");
	valid_error(e, "lang", "Bad {nothing} here.");
	json_t *m = valid_messages("fr", e);
	assert_string_equal(json_string_value(json_object_get(m, "title")), "300 caractères au plus.");
	assert_string_equal(json_string_value(json_object_get(m, "country")), "Unknown country XYZ.");
	assert_string_equal(json_string_value(json_object_get(m, "lang")), "Bad {nothing} here.");
	json_t *p = valid_problems("fr", e);
	assert_int_equal(json_array_size(p), 3);
	json_t *first = json_array_get(p, 0);
	assert_string_equal(json_string_value(json_object_get(first, "field")), "title");
	assert_string_equal(json_string_value(json_object_get(first, "message_id")),
	                    "At most {max} characters.");
	assert_string_equal(json_string_value(json_object_get(first, "detail")),
	                    "300 caractères au plus.");
	json_decref(m);
	json_decref(p);
	json_decref(e);
	i18n_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_input),
		cmocka_unit_test(test_errors_name_the_reason),
		cmocka_unit_test(test_characters_refused),
		cmocka_unit_test(test_first_error_kept),
		cmocka_unit_test(test_messages_translated_with_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
