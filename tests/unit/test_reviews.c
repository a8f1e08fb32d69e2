/* test_reviews.c — review cycles and voluntary reviews on the shared
 * fixture (both backends): the cycles `pacte init` loads and their
 * windows; a review drafted, submitted and frozen — a later change to the
 * live commitment does not change it and its hash verifies —, then
 * superseded by a version that keeps the first at its own URL; only the
 * state's focal points prepare it (a denial audited); the comparison of
 * two reviews on hand-built data; a written input through moderation. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "fixture.h"
#include "reviews.h"
#include "users.h"
#include "util.h"

/* Inside the 2030 forum's window; the fixture's records (created now)
 * fall in its period. */
#define OPEN_DAY "2030-01-10"
#define CLOSED_DAY "2030-06-01"
#define CYCLE "imrf-2030"

static void test_cycles(void **state)
{
	struct fixture *f = *state;
	json_t *m = reviews_cycles(f->db, "fr", "2026-03-01");
	assert_non_null(m);
	json_t *cycles = json_object_get(m, "cycles");
	assert_true(json_array_size(cycles) >= 3);
	bool seen2026 = false;
	size_t i;
	json_t *c;
	json_array_foreach(cycles, i, c)
		if (strcmp(json_string_value(json_object_get(c, "id")), "imrf-2026") == 0) {
			seen2026 = true;
			assert_true(json_is_true(json_object_get(c, "open")));
			assert_non_null(strstr(json_string_value(json_object_get(c, "title")),
			                       "Forum d'examen"));
		}
	assert_true(seen2026);
	json_decref(m);
	m = reviews_cycle_get(f->db, "en", "no-such-cycle", NULL);
	assert_true(json_is_null(m));
	json_decref(m);

	/* An administrator edits the dates; an end before its start is refused;
	 * a focal point is refused (audited). */
	json_t *errors = json_object();
	json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "period_start", "2026-05-09",
	                       "period_end", "2030-04-30", "opens", "2029-10-01", "closes", "2029-09-01");
	assert_int_equal(reviews_cycle_update(f->db, &f->op, CYCLE, in, errors), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "closes"));
	json_object_set_new(in, "closes", json_string("2030-04-15"));
	json_object_clear(errors);
	assert_int_equal(reviews_cycle_update(f->db, &f->op, CYCLE, in, errors), OUTCOME_OK);
	assert_int_equal(reviews_cycle_update(f->db, &f->fp_mar, CYCLE, in, errors), OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM audit_log WHERE action = $1",
	                        DB_ARGS(DB_TEXT("denied:review.cycle"))), 1);
	json_decref(in);
	json_decref(errors);
}

static int64_t draft(struct fixture *f, const struct user *by)
{
	json_t *errors = json_object();
	int64_t id = 0;
	assert_int_equal(reviews_start(f->db, by, CYCLE, "MAR", OPEN_DAY, errors, &id), OUTCOME_OK);
	json_decref(errors);
	assert_true(id > 0);
	return id;
}

/* The title of the first commitment of objective 3 in a review's model. */
static const char *first_title(json_t *model)
{
	json_t *objs = json_object_get(json_object_get(model, "review"), "objectives");
	size_t i;
	json_t *o;
	json_array_foreach(objs, i, o)
		if (json_integer_value(json_object_get(o, "number")) == 3)
			return json_string_value(json_object_get(
				json_array_get(json_object_get(o, "commitments"), 0), "title"));
	return NULL;
}

static void test_frozen_review(void **state)
{
	struct fixture *f = *state;
	int64_t c = create_with(f->db, f->mar, json_pack("{s:s}", "title", "Twelve desks"));
	json_t *errors = json_object();
	int64_t id = 0;

	/* Outside the window, and for another state: refused. */
	assert_int_equal(reviews_start(f->db, &f->fp_mar, CYCLE, "MAR", CLOSED_DAY, errors, &id),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "cycle"));
	assert_int_equal(reviews_start(f->db, &f->fp_sen, CYCLE, "MAR", OPEN_DAY, errors, &id),
	                 OUTCOME_DENIED);
	assert_int_equal(reviews_start(f->db, &f->op, CYCLE, "MAR", OPEN_DAY, errors, &id),
	                 OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM audit_log WHERE action = $1",
	                        DB_ARGS(DB_TEXT("denied:review.prepare"))), 2);

	id = draft(f, &f->fp_mar);
	assert_int_equal(draft(f, &f->fp_mar), id);        /* one draft at a time */
	json_t *in = json_pack("{s:s, s:s, s:{s:s, s:s}}", "summary", "We opened desks.",
	                       "links", "https://example.org/vr\n", "narratives",
	                       "3", "Information for migrants.", "7", "Less vulnerable.");
	json_object_clear(errors);
	assert_int_equal(reviews_save(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	assert_int_equal(reviews_save(f->db, &f->fp_sen, id, in, errors), OUTCOME_DENIED);
	json_t *bad = json_pack("{s:{s:s}}", "narratives", "99", "x");
	assert_int_equal(reviews_save(f->db, &f->fp_mar, id, bad, errors), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "narratives"));
	json_decref(bad);

	/* A draft is its preparers' only. */
	json_t *m = reviews_get(f->db, "en", NULL, id);
	assert_true(json_is_null(m));
	json_decref(m);
	m = reviews_get(f->db, "en", &f->fp_mar, id);
	assert_string_equal(first_title(m), "Twelve desks");
	json_decref(m);

	json_object_clear(errors);
	assert_int_equal(reviews_submit(f->db, &f->fp_mar, id, CLOSED_DAY, errors), OUTCOME_INVALID);
	assert_int_equal(reviews_submit(f->db, &f->fp_mar, id, OPEN_DAY, errors), OUTCOME_OK);
	assert_int_equal(reviews_submit(f->db, &f->fp_mar, id, OPEN_DAY, errors), OUTCOME_CONFLICT);
	assert_int_equal(reviews_save(f->db, &f->fp_mar, id, in, errors), OUTCOME_CONFLICT);

	/* The live commitment changes; the frozen review does not. */
	assert_true(db_exec(f->db, "UPDATE commitment SET title = 'Renamed', status = 'achieved' "
	                    "WHERE id = $1", DB_ARGS(DB_INT(c))) == 1);
	m = reviews_get(f->db, "en", NULL, id);
	assert_non_null(m);
	json_t *r = json_object_get(m, "review");
	assert_string_equal(first_title(m), "Twelve desks");
	assert_true(json_is_true(json_object_get(r, "hash_verified")));
	assert_int_equal(strlen(json_string_value(json_object_get(r, "hash"))), REVIEW_HASH_LEN);
	assert_string_equal(json_string_value(json_object_get(r, "summary")), "We opened desks.");
	/* The hash is the SHA-256 of the stored canonical bytes, recomputed here. */
	json_t *row = db_json_row(f->db, "SELECT content, hash FROM voluntary_review WHERE id = $1",
	                          DB_ARGS(DB_INT(id)));
	const char *bytes = json_string_value(json_object_get(row, "content"));
	char hash[REVIEW_HASH_LEN + 1];
	reviews_hash(bytes, strlen(bytes), hash);
	assert_string_equal(hash, json_string_value(json_object_get(row, "hash")));
	json_t *parsed = json_loads(bytes, 0, NULL);
	char *again = reviews_canonical(parsed);
	assert_string_equal(again, bytes);             /* canonical: the same bytes again */
	free(again);
	json_decref(parsed);
	json_decref(row);
	json_decref(m);

	/* A tampered content no longer verifies. */
	assert_true(db_exec(f->db, "UPDATE voluntary_review SET content = REPLACE(content, "
	                    "'Twelve', 'Twenty') WHERE id = $1", DB_ARGS(DB_INT(id))) == 1);
	m = reviews_get(f->db, "en", NULL, id);
	assert_true(json_is_false(json_object_get(json_object_get(m, "review"), "hash_verified")));
	json_decref(m);

	/* Superseded, never edited: version 2 starts from version 1's text. */
	int64_t v2 = draft(f, &f->fp_mar);
	assert_true(v2 != id);
	assert_int_equal(scalar(f->db, "SELECT version FROM voluntary_review WHERE id = $1",
	                        DB_ARGS(DB_INT(v2))), 2);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM review_narrative WHERE review_id = $1",
	                        DB_ARGS(DB_INT(v2))), 2);
	assert_int_equal(reviews_submit(f->db, &f->fp_mar, v2, OPEN_DAY, errors), OUTCOME_OK);
	int64_t found = 0;
	assert_int_equal(reviews_find(f->db, NULL, CYCLE, "MAR", 0, &found), 0);
	assert_int_equal(found, v2);
	assert_int_equal(reviews_find(f->db, NULL, CYCLE, "MAR", 1, &found), 0);
	assert_int_equal(found, id);
	m = reviews_get(f->db, "en", NULL, v2);
	assert_string_equal(first_title(m), "Renamed");
	json_decref(m);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM audit_log WHERE action = $1",
	                        DB_ARGS(DB_TEXT("review.submit"))), 2);
	json_decref(in);
	json_decref(errors);
}

static json_t *hand_built(const char *status3, json_int_t percent3, bool with_new)
{
	json_t *o = json_pack("{s:[{s:i, s:[{s:i, s:s, s:s, s:I}, {s:i, s:s, s:s, s:n}]}]}",
		"objectives", "number", 3, "commitments",
		"id", 10, "title", "Desks", "status", status3, "percent", percent3,
		"id", 11, "title", "Helpline", "status", "planned", "percent");
	if (with_new)
		json_array_append_new(json_object_get(json_array_get(json_object_get(o, "objectives"),
		                      0), "commitments"), json_pack("{s:i, s:s, s:s, s:n}", "id", 12,
		                      "title", "Portal", "status", "planned", "percent"));
	json_array_append_new(json_object_get(o, "objectives"), json_pack(
		"{s:i, s:[{s:i, s:s, s:s, s:n}]}", "number", 21, "commitments", "id", 20,
		"title", "Return", "status", with_new ? "achieved" : "in_progress", "percent"));
	return o;
}

static void test_compare(void **state)
{
	(void)state;
	json_t *prev = hand_built("in_progress", 40, false);
	json_t *cur = hand_built("in_progress", 70, true);
	json_t *cmp = reviews_compare(prev, cur);
	assert_int_equal(json_array_size(cmp), 2);
	json_t *o3 = json_array_get(cmp, 0), *o21 = json_array_get(cmp, 1);
	assert_int_equal(json_integer_value(json_object_get(o3, "number")), 3);
	assert_int_equal(json_array_size(json_object_get(o3, "added")), 1);         /* 12 */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		json_object_get(o3, "added"), 0), "id")), 12);
	assert_int_equal(json_array_size(json_object_get(o3, "progressed")), 1);    /* 10: 40 → 70 */
	assert_int_equal(json_array_size(json_object_get(o3, "stalled")), 1);       /* 11 */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		json_object_get(o3, "stalled"), 0), "id")), 11);
	assert_int_equal(json_array_size(json_object_get(o21, "progressed")), 1);   /* achieved */
	assert_int_equal(json_array_size(json_object_get(o21, "stalled")), 0);
	json_decref(cmp);
	/* No previous review: everything is added. */
	cmp = reviews_compare(NULL, cur);
	assert_int_equal(json_array_size(json_object_get(json_array_get(cmp, 0), "added")), 3);
	json_decref(cmp);
	json_decref(prev);
	json_decref(cur);
}

static void test_inputs(void **state)
{
	struct fixture *f = *state;
	json_t *errors = json_object();
	json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "about", "review", "iso3", "mar",
	                       "title", "Our account", "body", "The desks opened late.");
	int64_t id = 0;
	assert_int_equal(reviews_input_submit(f->db, &f->fp_mar, CYCLE, in, OPEN_DAY, errors, &id),
	                 OUTCOME_DENIED);
	assert_int_equal(reviews_input_submit(f->db, &f->editor, CYCLE, in, CLOSED_DAY, errors, &id),
	                 OUTCOME_INVALID);
	json_object_clear(errors);
	json_t *no_objective = json_pack("{s:s, s:s, s:s}", "about", "objective", "title", "t",
	                                 "body", "b");
	assert_int_equal(reviews_input_submit(f->db, &f->editor, CYCLE, no_objective, OPEN_DAY,
	                                      errors, &id), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "objective"));
	json_decref(no_objective);
	json_object_clear(errors);
	assert_int_equal(reviews_input_submit(f->db, &f->editor, CYCLE, in, OPEN_DAY, errors, &id),
	                 OUTCOME_OK);
	json_t *list = reviews_inputs(f->db, "en", CYCLE, "MAR", false);
	assert_int_equal(json_array_size(json_object_get(list, "inputs")), 0);   /* not yet */
	json_decref(list);
	list = reviews_inputs(f->db, "en", CYCLE, NULL, true);
	assert_int_equal(json_array_size(json_object_get(list, "inputs")), 1);
	json_decref(list);

	json_t *decline = json_pack("{s:s}", "decision", "decline");
	assert_int_equal(reviews_input_decide(f->db, &f->editor2, id, decline, errors),
	                 OUTCOME_DENIED);
	assert_int_equal(reviews_input_decide(f->db, &f->reviewer, id, decline, errors),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "reason"));
	json_object_clear(errors);
	json_t *accept = json_pack("{s:s}", "decision", "accept");
	assert_int_equal(reviews_input_decide(f->db, &f->reviewer, id, accept, errors), OUTCOME_OK);
	assert_int_equal(reviews_input_decide(f->db, &f->reviewer, id, accept, errors),
	                 OUTCOME_CONFLICT);
	list = reviews_inputs(f->db, "en", CYCLE, "MAR", false);
	assert_int_equal(json_array_size(json_object_get(list, "inputs")), 1);
	json_decref(list);

	/* A second one declined with its reason: never public. */
	assert_int_equal(reviews_input_submit(f->db, &f->editor, CYCLE, in, OPEN_DAY, errors, &id),
	                 OUTCOME_OK);
	json_object_set_new(decline, "reason", json_string("Off topic."));
	assert_int_equal(reviews_input_decide(f->db, &f->reviewer, id, decline, errors), OUTCOME_OK);
	list = reviews_inputs(f->db, "en", CYCLE, "MAR", false);
	assert_int_equal(json_array_size(json_object_get(list, "inputs")), 1);
	json_decref(list);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM audit_log WHERE action = $1",
	                        DB_ARGS(DB_TEXT("input.moderate"))), 2);
	json_decref(decline);
	json_decref(accept);
	json_decref(in);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cycles, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_frozen_review, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_compare),
		cmocka_unit_test_setup_teardown(test_inputs, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
