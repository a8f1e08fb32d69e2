/* test_ui_choices.c — the commitment list's shared filter choices
 * (ui_choices.h) and the marks made on copies of them (ui_marked_copy). */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/commitments.h"
#include "fixture.h"
#include "ui.h"
#include "ui_choices.h"

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);
	if (!v)
		fail_msg("bad test JSON: %s", e.text);
	return v;
}

/* The copy carries the marks; the list it came from is left as it was. */
static void test_marked_copy(void **state)
{
	(void)state;
	json_t *list = parse("[{\"code\": \"MAR\"}, {\"code\": \"sen\"}, {\"n\": 7}]");
	char *before = json_dumps(list, JSON_SORT_KEYS);
	json_t *value = json_string("SEN");
	json_t *marked = ui_marked_copy(list, "code", value, "selected");
	char *after = json_dumps(marked, JSON_SORT_KEYS);
	assert_string_equal(after, "[{\"code\": \"MAR\"}, {\"code\": \"sen\", \"selected\": true},"
	                           " {\"n\": 7}]");
	char *again = json_dumps(list, JSON_SORT_KEYS);
	assert_string_equal(again, before);
	/* unmarked items are the list's own (shared, not copied) */
	assert_ptr_equal(json_array_get(marked, 0), json_array_get(list, 0));
	json_decref(marked);
	json_decref(value);
	/* nothing selected: the list itself */
	value = json_string("FRA");
	marked = ui_marked_copy(list, "code", value, "selected");
	assert_ptr_equal(marked, list);
	json_decref(marked);
	json_decref(value);
	/* a number against numbers, and an array of values, as ui_mark */
	json_t *nums = parse("[{\"number\": 6}, {\"number\": 7}]");
	value = parse("[\"7\", \"x\"]");
	marked = ui_marked_copy(nums, "number", value, "selected");
	free(after);
	after = json_dumps(marked, JSON_SORT_KEYS);
	assert_string_equal(after, "[{\"number\": 6}, {\"number\": 7, \"selected\": true}]");
	json_decref(marked);
	json_decref(value);
	json_decref(nums);
	free(before);
	free(after);
	free(again);
	json_decref(list);
}

static const char *country_name(json_t *choices, const char *iso3)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(choices, "countries"), i, c)
		if (strcmp(json_string_value(json_object_get(c, "iso3")), iso3) == 0)
			return json_string_value(json_object_get(c, "name"));
	return NULL;
}

/* One object per language and data version: a write makes the next
 * request read the choices again. */
static void test_shared_until_a_write(void **state)
{
	struct fixture *fx = *state;
	struct app app = {0};   /* no pool: the version is asked of the connection */
	struct request req = {.db = fx->db, .app = &app, .locale = "en"};
	json_t *a = ui_commitment_choices(&req);
	json_t *b = ui_commitment_choices(&req);
	assert_non_null(a);
	assert_ptr_equal(a, b);
	req.locale = "fr";
	json_t *fr = ui_commitment_choices(&req);
	assert_true(fr != a);
	assert_string_equal(country_name(fr, "MAR"), "Maroc");
	/* a write as every write is made: in a transaction, whose commit
	 * bumps the data version */
	assert_int_equal(db_begin(fx->db), 0);
	assert_true(db_exec(fx->db, "UPDATE country SET name_fr = 'Royaume du Maroc' "
	                    "WHERE iso3 = 'MAR'", NO_ARGS) >= 0);
	assert_int_equal(db_commit(fx->db), 0);
	json_t *fr2 = ui_commitment_choices(&req);
	assert_true(fr2 != fr);
	assert_string_equal(country_name(fr2, "MAR"), "Royaume du Maroc");
	assert_string_equal(country_name(fr, "MAR"), "Maroc");  /* the old one unchanged */
	/* the same as commitments_choices builds */
	json_t *direct = commitments_choices(fx->db, "fr");
	assert_true(json_equal(direct, fr2));
	json_decref(direct);
	json_decref(a);
	json_decref(b);
	json_decref(fr);
	json_decref(fr2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marked_copy),
		cmocka_unit_test_setup_teardown(test_shared_until_a_write, fixture_setup,
		                                fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
