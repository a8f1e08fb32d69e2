/* test_funding.c — the hub's funding pointers (funding.h) on the shared
 * fixture (both backends): the seeded Migration Multi-Partner Trust Fund
 * citing its source; an administrator adding, editing and archiving a
 * pointer, each audited; anyone else denied (audited) and bad input
 * refused with nothing written; the pointers relevant to a need — those
 * sharing an objective or naming none, the kind of support the need asks
 * for first, an archived one never. */
#include "unit.h"

#include <string.h>

#include "db.h"
#include "fixture.h"
#include "funding.h"
#include "hub.h"
#include "users.h"
#include "validate.h"

static int64_t audited(struct db *db, const char *action)
{
	return scalar(db, "SELECT count(*) FROM audit_log WHERE action = $1",
	              DB_ARGS(DB_TEXT(action)));
}

static json_t *pointer(const char *name, int objective, const char *support)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:[], s:[]}", "name", name, "url",
	                      "https://fund.example.org/", "description", "Grants for inspectors.",
	                      "source", "The fund's annual report, 2025.", "objectives",
	                      "supports");
	if (objective)
		json_array_append_new(json_object_get(p, "objectives"), json_integer(objective));
	if (support)
		json_array_append_new(json_object_get(p, "supports"), json_string(support));
	return p;
}

/* An accepted need of Morocco (objective, support); bare insert. */
static int64_t need(struct fixture *f, int objective, const char *support)
{
	json_t *in = json_pack("{s:I, s:s, s:s, s:s, s:[i], s:[s], s:[s], s:n, s:n, s:s, "
	                       "s:n, s:n}", "actor_id", (json_int_t)f->mar, "title", "Inspectors",
	                       "description", "Training.", "support", support, "objectives",
	                       objective, "countries", "MAR", "languages", "fr", "start_date",
	                       "end_date", "budget", "unspecified", "capacity", "conditions");
	int64_t id = 0;
	assert_int_equal(hub_insert(f->db, "need", in, "accepted", "real", &id), 0);
	json_decref(in);
	return id;
}

static const char *name_at(const json_t *list, size_t i)
{
	return json_string_value(json_object_get(json_array_get(list, i), "name"));
}

static void test_seeded(void **state)
{
	struct fixture *f = *state;
	json_t *l = funding_list(f->db, "en", false);
	assert_non_null(l);
	json_t *ps = json_object_get(l, "pointers");
	assert_int_equal(json_array_size(ps), 1);
	json_t *p = json_array_get(ps, 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")),
	                    "Migration Multi-Partner Trust Fund");
	assert_non_null(strstr(json_string_value(json_object_get(p, "source")), "73/195"));
	assert_true(json_is_true(json_object_get(p, "all_objectives")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(p, "supports"), 0), "value")), "funding");
	json_decref(l);
}

static void test_writes(void **state)
{
	struct fixture *f = *state;
	json_t *errors = json_object();
	int64_t id = 0;
	/* bad input: refused, nothing written */
	json_t *bad = json_pack("{s:s, s:s, s:[i], s:[s]}", "name", "", "url", "ftp://x",
	                        "objectives", 99, "supports", "cash");
	assert_int_equal(funding_save(f->db, &f->op, 0, bad, errors, &id), OUTCOME_INVALID);
	for (const char *const *k = (const char *const[]){"name", "url", "source", "objectives",
	                                                  "supports", NULL}; *k; k++)
		assert_non_null(json_object_get(errors, *k));
	json_decref(bad);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM funding_pointer", NO_ARGS), 1);
	/* anyone but an administrator: denied and audited, whatever the input */
	json_t *in = pointer("Inspection fund", 6, "training");
	json_object_clear(errors);
	assert_int_equal(funding_save(f->db, &f->fp_mar, 0, in, errors, &id), OUTCOME_DENIED);
	assert_int_equal(audited(f->db, "denied:funding.maintain"), 1);
	json_t *empty = json_object();
	assert_int_equal(funding_save(f->db, &f->reviewer, 0, empty, errors, &id), OUTCOME_DENIED);
	json_decref(empty);
	assert_int_equal(audited(f->db, "denied:funding.maintain"), 2);
	/* an administrator adds, edits, archives: each audited */
	json_object_clear(errors);
	assert_int_equal(funding_save(f->db, &f->op, 0, in, errors, &id), OUTCOME_OK);
	assert_true(id > 1);
	assert_int_equal(audited(f->db, "funding.create"), 1);
	json_object_set_new(in, "name", json_string("Labour inspection fund"));
	assert_int_equal(funding_save(f->db, &f->op, id, in, errors, NULL), OUTCOME_OK);
	assert_int_equal(audited(f->db, "funding.edit"), 1);
	json_t *one = funding_get(f->db, "en", id);
	json_t *p = json_object_get(one, "pointer");
	assert_string_equal(json_string_value(json_object_get(p, "name")), "Labour inspection fund");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		json_object_get(p, "objectives"), 0), "number")), 6);
	json_decref(one);
	assert_int_equal(funding_save(f->db, &f->op, 999999, in, errors, NULL), OUTCOME_NOT_FOUND);
	assert_int_equal(funding_archive(f->db, &f->editor, id), OUTCOME_DENIED);
	assert_int_equal(funding_archive(f->db, &f->op, id), OUTCOME_OK);
	assert_int_equal(funding_archive(f->db, &f->op, id), OUTCOME_CONFLICT);
	assert_int_equal(audited(f->db, "funding.archive"), 1);
	/* archived: off the list, on the administrators' */
	json_t *l = funding_list(f->db, "en", false);
	assert_int_equal(json_array_size(json_object_get(l, "pointers")), 1);
	json_decref(l);
	l = funding_list(f->db, "en", true);
	assert_int_equal(json_array_size(json_object_get(l, "pointers")), 2);
	json_decref(l);
	json_decref(in);
	json_decref(errors);
}

static void test_for_need(void **state)
{
	struct fixture *f = *state;
	json_t *errors = json_object();
	int64_t training = 0, other = 0, archived = 0;
	json_t *in = pointer("Inspection fund", 6, "training");
	assert_int_equal(funding_save(f->db, &f->op, 0, in, errors, &training), OUTCOME_OK);
	json_decref(in);
	in = pointer("Border fund", 11, "funding");
	assert_int_equal(funding_save(f->db, &f->op, 0, in, errors, &other), OUTCOME_OK);
	json_decref(in);
	in = pointer("Closed fund", 6, "training");
	assert_int_equal(funding_save(f->db, &f->op, 0, in, errors, &archived), OUTCOME_OK);
	assert_int_equal(funding_archive(f->db, &f->op, archived), OUTCOME_OK);
	json_decref(in);
	/* a training need on objective 6: the inspection fund (its objective,
	 * its support) first, then the Trust Fund (every objective); never the
	 * border fund (objective 11) nor the archived one */
	json_t *r = funding_for_need(f->db, "en", need(f, 6, "training"));
	assert_non_null(r);
	assert_int_equal(json_array_size(r), 2);
	assert_string_equal(name_at(r, 0), "Inspection fund");
	assert_true(json_is_true(json_object_get(json_array_get(r, 0), "gives_support")));
	assert_string_equal(name_at(r, 1), "Migration Multi-Partner Trust Fund");
	json_decref(r);
	/* a funding need on objective 11: the Trust Fund and the border fund
	 * both give funding; the one sharing an objective first */
	r = funding_for_need(f->db, "en", need(f, 11, "funding"));
	assert_int_equal(json_array_size(r), 2);
	assert_string_equal(name_at(r, 0), "Border fund");
	assert_string_equal(name_at(r, 1), "Migration Multi-Partner Trust Fund");
	json_decref(r);
	r = funding_for_need(f->db, "en", 999999);
	assert_int_equal(json_array_size(r), 1);   /* only the fund for every objective */
	json_decref(r);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seeded, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_writes, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_for_need, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
