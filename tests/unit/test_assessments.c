/* test_assessments.c — the independent assessment of commitments on the
 * shared fixture (both backends): a reviewer never assesses their own
 * actor's commitment (the refusal audited); the comment period opens on
 * the day the draft is published and closes 30 days later, both days
 * included, with "today" set by the test; finalising waits for the close,
 * answers the comments and is the assessor's only; a country's counts; a
 * country's report lists its first commitments up to the bound it is
 * given and counts the rest, a withdrawn one in neither. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "assessments.h"
#include "db.h"
#include "fixture.h"
#include "report.h"
#include "users.h"

#define PUBLISHED "2027-01-10"
#define LAST_DAY "2027-02-09"      /* PUBLISHED + 30 days */
#define DAY_AFTER "2027-02-10"

static json_t *valid(void)
{
	return json_pack("{s:b, s:s, s:s, s:s, s:s, s:s}", "verifiable", 1,
	                 "relevance", "partly_relevant", "relevance_note", "Objective 15 only.",
	                 "completion", "limited", "narrative", "Four desks of twelve are open.",
	                 "links", "https://example.org/evidence\n");
}

static void test_assessment(void **state)
{
	struct fixture *f = *state;
	int64_t mine = create_with(f->db, f->partner, NULL);   /* the reviewer's own actor's */
	int64_t c = create_with(f->db, f->mar, NULL);
	json_t *in = valid(), *errors = json_object();
	int64_t id = 0;

	assert_int_equal(assessments_create(f->db, &f->reviewer, mine, in, PUBLISHED, errors, &id),
	                 OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM audit_log WHERE action = $1",
	                        DB_ARGS(DB_TEXT("denied:assessment.write"))), 1);
	assert_int_equal(assessments_create(f->db, &f->fp_mar, c, in, PUBLISHED, errors, &id),
	                 OUTCOME_DENIED);
	json_t *bad = json_pack("{s:s}", "completion", "almost");
	assert_int_equal(assessments_create(f->db, &f->reviewer, c, bad, PUBLISHED, errors, &id),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "completion"));
	assert_non_null(json_object_get(errors, "narrative"));
	json_decref(bad);
	json_object_clear(errors);
	assert_int_equal(assessments_create(f->db, &f->reviewer, c, in, PUBLISHED, errors, &id),
	                 OUTCOME_OK);
	assert_int_equal(scalar(f->db, "SELECT COUNT(*) FROM assessment WHERE id = $1 AND "
	                        "comment_opens = $2 AND comment_closes = $3",
	                        DB_ARGS(DB_INT(id), DB_TEXT(PUBLISHED), DB_TEXT(LAST_DAY))), 1);

	/* The period: closed the day before, open on its first and last days,
	 * closed the day after. */
	json_t *comment = json_pack("{s:s}", "body", "Two more desks opened in May.");
	assert_int_equal(assessments_comment(f->db, &f->fp_mar, id, comment, "2027-01-09", errors),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "body"));
	json_object_clear(errors);
	assert_int_equal(assessments_comment(f->db, &f->fp_mar, id, comment, PUBLISHED, errors),
	                 OUTCOME_OK);
	assert_int_equal(assessments_comment(f->db, &f->editor2, id, comment, LAST_DAY, errors),
	                 OUTCOME_OK);
	assert_int_equal(assessments_comment(f->db, &f->editor2, id, comment, DAY_AFTER, errors),
	                 OUTCOME_INVALID);
	json_object_clear(errors);
	assert_int_equal(assessments_comment(f->db, NULL, id, comment, PUBLISHED, errors),
	                 OUTCOME_OK);   /* the operator at the console */
	json_object_clear(errors);

	json_t *m = assessments_of(f->db, "en", c, LAST_DAY);
	json_t *a = json_array_get(json_object_get(m, "assessments"), 0);
	assert_true(json_is_true(json_object_get(a, "open")));
	assert_int_equal(json_array_size(json_object_get(a, "comments")), 3);
	assert_string_equal(json_string_value(json_object_get(a, "completion_label")), "Limited");
	json_decref(m);

	/* Finalising: not while open, not without answering, not by another. */
	json_t *empty = json_object();
	assert_int_equal(assessments_finalise(f->db, &f->reviewer, id, empty, LAST_DAY, errors),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "response"));
	json_object_clear(errors);
	assert_int_equal(assessments_finalise(f->db, &f->reviewer, id, empty, DAY_AFTER, errors),
	                 OUTCOME_INVALID);
	json_object_clear(errors);
	json_t *answer = json_pack("{s:s}", "response", "Counted: six desks now.");
	assert_int_equal(assessments_finalise(f->db, &f->op, id, answer, DAY_AFTER, errors),
	                 OUTCOME_DENIED);
	assert_int_equal(assessments_finalise(f->db, &f->reviewer, id, answer, DAY_AFTER, errors),
	                 OUTCOME_OK);
	assert_int_equal(assessments_finalise(f->db, &f->reviewer, id, answer, DAY_AFTER, errors),
	                 OUTCOME_CONFLICT);
	m = assessments_of(f->db, "en", c, DAY_AFTER);
	a = json_array_get(json_object_get(m, "assessments"), 0);
	assert_true(json_is_true(json_object_get(a, "final")));
	assert_true(json_is_false(json_object_get(a, "open")));
	json_decref(m);

	/* Counted on the objective's and the region's pages. */
	m = assessments_scope_counts(f->db, "en", 3, NULL);
	assert_int_equal(json_integer_value(json_object_get(m, "assessed")), 1);
	json_decref(m);
	m = assessments_scope_counts(f->db, "en", 0, "002");       /* Africa: MAR */
	assert_int_equal(json_integer_value(json_object_get(m, "assessed")), 1);
	json_decref(m);
	m = assessments_scope_counts(f->db, "en", 0, "150");       /* Europe */
	assert_int_equal(json_integer_value(json_object_get(m, "assessed")), 0);
	json_decref(m);
	m = assessments_country_counts(f->db, "en", "MAR");
	assert_int_equal(json_integer_value(json_object_get(m, "assessed")), 1);
	assert_true(json_integer_value(json_object_get(m, "commitments")) >= 1);
	json_decref(m);
	json_decref(answer);
	json_decref(empty);
	json_decref(comment);
	json_decref(in);
	json_decref(errors);
}

/* The ids of a report's listed commitments, "1,2,". */
static void listed_ids(const json_t *report, char *out, size_t cap)
{
	size_t i, n = 0;
	json_t *c;
	out[0] = '\0';
	json_array_foreach(json_object_get(report, "commitments"), i, c)
		n += (size_t)snprintf(out + n, cap - n, "%lld,",
		                      (long long)json_integer_value(json_object_get(c, "id")));
}

static void test_report_bounded(void **state)
{
	struct fixture *f = *state;
	int64_t before = scalar(f->db, "SELECT count(*) FROM commitment_country WHERE iso3 = 'MAR'",
	                        NO_ARGS);
	int64_t id[4];
	for (size_t i = 0; i < 4; i++)
		id[i] = create_with(f->db, f->mar, json_object());
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "UPDATE commitment SET withdrawn_at = '2026-01-01T00:00:00.000Z' "
	                    "WHERE id = $1", DB_ARGS(DB_INT(id[1]))) == 1);
	assert_int_equal(db_commit(f->db), 0);
	int64_t total = before + 3;
	json_t *all = report_country(f->db, "en", "MAR", -1);
	assert_non_null(all);
	assert_int_equal(json_integer_value(json_object_get(all, "commitments_total")), total);
	assert_int_equal(json_integer_value(json_object_get(all, "commitments_more")), 0);
	assert_int_equal((int64_t)json_array_size(json_object_get(all, "commitments")), total);
	json_t *two = report_country(f->db, "en", "MAR", (int)total - 1);
	assert_non_null(two);
	assert_int_equal(json_integer_value(json_object_get(two, "commitments_total")), total);
	assert_int_equal(json_integer_value(json_object_get(two, "commitments_more")), 1);
	/* The first ones by number, the withdrawn one left out: the whole
	 * list's prefix. */
	char a[256], b[256], last[32];
	listed_ids(all, a, sizeof a);
	listed_ids(two, b, sizeof b);
	snprintf(last, sizeof last, "%lld,", (long long)id[3]);
	assert_int_equal(strncmp(a, b, strlen(b)), 0);
	assert_string_equal(a + strlen(b), last);
	snprintf(last, sizeof last, "%lld,", (long long)id[1]);
	assert_null(strstr(a, last));
	json_decref(all);
	json_decref(two);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_assessment, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_report_bounded, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
