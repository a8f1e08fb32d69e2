/* test_participants.c — a commitment's participants and their consent
 * (issue 11, finding 4): named, an actor is only invited; it counts for
 * that actor (its standing, the list filtered by it, its latest updates)
 * once its own people accept; they may decline or leave; the owner and
 * anyone else are refused, audited; an edit keeps every answer. Co-owned
 * commitments (issue 14): each part has a role; one actor takes one part;
 * a changed role asks again, a "no" stays a "no". */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "commitments.h"
#include "db.h"
#include "fixture.h"
#include "permission.h"
#include "progress.h"
#include "scope.h"
#include "standing.h"
#include "util.h"

/* A partnership of Morocco's naming `participants` (a JSON array, stolen). */
static int64_t partnership(struct fixture *f, json_t *participants)
{
	return create_with(f->db, f->mar, json_pack("{s:s, s:s, s:[s, s], s:o}", "kind",
	                                            "partnership", "level", "regional",
	                                            "countries", "MAR", "SEN",
	                                            "participants", participants));
}

/* What counts for actor: its standing's total, the list's total (counted
 * by gathering) and the number of cards of its first page (walked or
 * gathered as scope_access_for chooses), which must agree. */
static int64_t counted(struct fixture *f, int64_t actor)
{
	json_t *st = standing_actor(f->db, "en", actor, 5, "2025-06-01");
	assert_non_null(st);
	int64_t standing = json_integer_value(json_object_get(json_object_get(st, "standing"),
	                                                      "total"));
	json_decref(st);
	struct commitment_filter filter = {.actor_id = actor, .limit = 100, .today = "2025-06-01"};
	json_t *l = commitments_list(f->db, "en", &filter);
	assert_non_null(l);
	int64_t total = json_integer_value(json_object_get(l, "total"));
	assert_int_equal(json_array_size(json_object_get(l, "commitments")), total);
	json_decref(l);
	assert_int_equal(standing, total);
	return total;
}

/* The status of actor's row on commitment id, or "" when there is none. */
static const char *status_of(struct fixture *f, int64_t id, int64_t actor)
{
	static char out[16];
	json_t *row = db_json_row(f->db, "SELECT status FROM commitment_participant "
	                          "WHERE commitment_id = $1 AND actor_id = $2",
	                          DB_ARGS(DB_INT(id), DB_INT(actor)));
	assert_non_null(row);
	snprintf(out, sizeof out, "%s", json_is_null(row) ? "" :
	         json_string_value(json_object_get(row, "status")));
	json_decref(row);
	return out;
}

static enum outcome answer(struct fixture *f, const struct user *by, int64_t id, int64_t actor,
                           const char *what, json_t **errors_out)
{
	json_t *in = json_pack("{s:s}", "answer", what), *errors = json_object();
	enum outcome rc = commitments_answer(f->db, by, id, actor, in, errors);
	json_decref(in);
	if (errors_out)
		*errors_out = errors;
	else
		json_decref(errors);
	return rc;
}

static void test_invited_counts_nowhere(void **state)
{
	struct fixture *f = *state;
	int64_t sen_before = counted(f, f->sen), partner_before = counted(f, f->partner);
	int64_t id = partnership(f, json_pack("[I, I]", (json_int_t)f->sen,
	                                      (json_int_t)f->partner));
	assert_string_equal(status_of(f, id, f->sen), "invited");
	assert_string_equal(status_of(f, id, f->partner), "invited");
	assert_int_equal(counted(f, f->sen), sen_before);
	assert_int_equal(counted(f, f->partner), partner_before);
	/* Nor do its updates among the actor's latest. */
	json_t *u = json_pack("{s:s}", "status", "in_progress"), *errors = json_object();
	assert_int_equal(progress_add(f->db, NULL, id, u, errors, NULL, NULL), OUTCOME_OK);
	json_decref(u);
	json_decref(errors);
	struct scope s = {.actor_id = f->sen};
	json_t *latest = progress_latest(f->db, "en", &s, 10, 0);
	assert_int_equal(json_array_size(latest), 0);
	json_decref(latest);
	/* The page shows both, as invited. */
	json_t *page = commitments_get(f->db, "en", id, NULL);
	json_t *parts = json_object_get(json_object_get(page, "commitment"), "participants");
	assert_int_equal(json_array_size(parts), 2);
	for (size_t i = 0; i < 2; i++) {
		assert_true(json_is_true(json_object_get(json_array_get(parts, i), "invited")));
		assert_string_equal(json_string_value(json_object_get(json_array_get(parts, i),
		                                                      "status_label")), "Invited");
	}
	json_decref(page);
	/* Each actor's people see it among their invitations. */
	json_t *inv = commitments_invitations(f->db, "en", f->sen);
	assert_int_equal(json_array_size(inv), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(inv, 0), "id")), id);
	json_decref(inv);
}

static void test_answers(void **state)
{
	struct fixture *f = *state;
	int64_t before = counted(f, f->sen);
	int64_t id = partnership(f, json_pack("[I]", (json_int_t)f->sen));

	/* Nobody answers for another actor: the owner, another state, a
	 * partner, a reviewer — each refused, each audited with the target. */
	const struct user *others[] = {&f->fp_mar, &f->editor, &f->reviewer, &f->pending_editor};
	for (size_t i = 0; i < ARRAY_LEN(others); i++)
		assert_int_equal(answer(f, others[i], id, f->sen, "accept", NULL), OUTCOME_DENIED);
	assert_string_equal(status_of(f, id, f->sen), "invited");
	json_t *denials = db_json_rows(f->db, "SELECT changes FROM audit_log WHERE action = "
	                               "'denied:participation.answer' AND object_id = CAST($1 AS TEXT)",
	                               DB_ARGS(DB_INT(id)));
	assert_int_equal(json_array_size(denials), ARRAY_LEN(others));
	json_t *c = json_loads(json_string_value(json_object_get(json_array_get(denials, 0),
	                                                         "changes")), 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "participant"),
	                                                    "after")), f->sen);
	json_decref(c);
	json_decref(denials);
	assert_int_equal(counted(f, f->sen), before);

	/* A bad answer; an actor the commitment does not name; no commitment. */
	json_t *errors = NULL;
	assert_int_equal(answer(f, &f->fp_sen, id, f->sen, "maybe", &errors), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "answer"));
	json_decref(errors);
	assert_int_equal(answer(f, &f->op, id, f->fra, "accept", NULL), OUTCOME_NOT_FOUND);
	assert_int_equal(answer(f, &f->fp_sen, id + 1000, f->sen, "accept", NULL),
	                 OUTCOME_NOT_FOUND);

	/* Senegal's focal point accepts: it counts. */
	assert_int_equal(answer(f, &f->fp_sen, id, f->sen, "accept", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f, id, f->sen), "accepted");
	assert_int_equal(counted(f, f->sen), before + 1);
	json_t *inv = commitments_invitations(f->db, "en", f->sen);
	assert_int_equal(json_array_size(inv), 0);
	json_decref(inv);

	/* An edit keeps the answer; removing a participant removes its row;
	 * naming a new one invites it. */
	json_t *in = commitments_form_values(f->db, id);
	json_object_set_new(in, "title", json_string("Renamed"));
	json_object_set_new(in, "participants", json_pack("[I, I]", (json_int_t)f->sen,
	                                                  (json_int_t)f->partner));
	errors = json_object();
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	assert_string_equal(status_of(f, id, f->sen), "accepted");
	assert_string_equal(status_of(f, id, f->partner), "invited");
	json_object_set_new(in, "participants", json_pack("[I]", (json_int_t)f->sen));
	json_object_del(in, "updated_at");
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	assert_string_equal(status_of(f, id, f->partner), "");
	json_decref(errors);

	/* Leaving: declined, counted nowhere, shown nowhere; a later edit that
	 * still names Senegal does not ask again. */
	assert_int_equal(answer(f, &f->fp_sen, id, f->sen, "decline", NULL), OUTCOME_OK);
	assert_int_equal(counted(f, f->sen), before);
	json_object_set_new(in, "title", json_string("Renamed again"));
	errors = json_object();
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	assert_string_equal(status_of(f, id, f->sen), "declined");
	json_decref(errors);
	json_decref(in);
	json_t *page = commitments_get(f->db, "en", id, NULL);
	assert_int_equal(json_array_size(json_object_get(json_object_get(page, "commitment"),
	                                                 "participants")), 0);
	json_decref(page);
	/* An answer may be changed again; the same answer twice is no change. */
	assert_int_equal(answer(f, &f->fp_sen, id, f->sen, "accept", NULL), OUTCOME_OK);
	assert_int_equal(answer(f, &f->fp_sen, id, f->sen, "accept", NULL), OUTCOME_OK);
	assert_int_equal(counted(f, f->sen), before + 1);

	/* Every change of answer is in the commitment's history. */
	json_t *history = db_json_rows(f->db, "SELECT user_id, changes FROM audit_log WHERE action = "
	                               "'participation.answer' AND object_id = CAST($1 AS TEXT) "
	                               "ORDER BY id", DB_ARGS(DB_INT(id)));
	assert_int_equal(json_array_size(history), 3);
	static const char *const steps[][2] = {
		{"invited", "accepted"}, {"accepted", "declined"}, {"declined", "accepted"},
	};
	char key[48];
	snprintf(key, sizeof key, "participants.%lld", (long long)f->sen);
	for (size_t i = 0; i < 3; i++) {
		json_t *e = json_array_get(history, i);
		assert_int_equal(json_integer_value(json_object_get(e, "user_id")), f->fp_sen.id);
		json_t *ch = json_loads(json_string_value(json_object_get(e, "changes")), 0, NULL);
		json_t *step = json_object_get(ch, key);
		assert_string_equal(json_string_value(json_object_get(step, "before")), steps[i][0]);
		assert_string_equal(json_string_value(json_object_get(step, "after")), steps[i][1]);
		json_decref(ch);
	}
	json_decref(history);
}

/* An administrator may answer for any actor (the operators act for the
 * instance); a partner's editor for their own partner. */
static void test_who_answers(void **state)
{
	struct fixture *f = *state;
	int64_t id = partnership(f, json_pack("[I, I]", (json_int_t)f->partner,
	                                      (json_int_t)f->partner2));
	assert_int_equal(answer(f, &f->editor, id, f->partner2, "accept", NULL), OUTCOME_DENIED);
	assert_int_equal(answer(f, &f->editor, id, f->partner, "accept", NULL), OUTCOME_OK);
	assert_int_equal(answer(f, &f->op, id, f->partner2, "decline", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f, id, f->partner), "accepted");
	assert_string_equal(status_of(f, id, f->partner2), "declined");
	/* The console (by NULL) is the operator too. */
	assert_int_equal(answer(f, NULL, id, f->partner2, "accept", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f, id, f->partner2), "accepted");
}

/* The role of actor's row on commitment id, or "" when there is none. */
static const char *role_of(struct fixture *f, int64_t id, int64_t actor)
{
	static char out[32];
	json_t *row = db_json_row(f->db, "SELECT role FROM commitment_participant "
	                          "WHERE commitment_id = $1 AND actor_id = $2",
	                          DB_ARGS(DB_INT(id), DB_INT(actor)));
	assert_non_null(row);
	snprintf(out, sizeof out, "%s", json_is_null(row) ? "" :
	         json_string_value(json_object_get(row, "role")));
	json_decref(row);
	return out;
}

static void test_roles(void **state)
{
	struct fixture *f = *state;
	int64_t id = partnership(f, json_pack("[I]", (json_int_t)f->sen));
	assert_string_equal(role_of(f, id, f->sen), "member");
	assert_int_equal(answer(f, &f->fp_sen, id, f->sen, "accept", NULL), OUTCOME_OK);

	/* One actor, one part: refused in the second list that names it. */
	json_t *in = commitments_form_values(f->db, id);
	json_object_set_new(in, "funders", json_pack("[I]", (json_int_t)f->sen));
	json_t *errors = json_object();
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "funders"));
	json_decref(errors);

	/* Senegal becomes a funder: asked again; a new funder is invited; the
	 * edit's audit entry shows the move between the lists. */
	json_object_set_new(in, "participants", json_array());
	json_object_set_new(in, "funders", json_pack("[I]", (json_int_t)f->sen));
	json_object_set_new(in, "implementing_partners", json_pack("[I]", (json_int_t)f->partner));
	errors = json_object();
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	json_decref(errors);
	assert_string_equal(role_of(f, id, f->sen), "funder");
	assert_string_equal(status_of(f, id, f->sen), "invited");
	assert_string_equal(role_of(f, id, f->partner), "implementing_partner");
	json_t *e = db_json_row(f->db, "SELECT changes FROM audit_log WHERE action = "
	                        "'commitment.edit' ORDER BY id DESC LIMIT 1", NO_ARGS);
	json_t *ch = json_loads(json_string_value(json_object_get(e, "changes")), 0, NULL);
	assert_non_null(json_object_get(ch, "funders"));
	assert_non_null(json_object_get(ch, "participants"));
	json_decref(ch);
	json_decref(e);

	/* A "no" stays a "no" whatever the role. */
	assert_int_equal(answer(f, &f->fp_sen, id, f->sen, "decline", NULL), OUTCOME_OK);
	json_object_del(in, "updated_at");
	json_object_set_new(in, "funders", json_array());
	json_object_set_new(in, "participants", json_pack("[I]", (json_int_t)f->sen));
	errors = json_object();
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	json_decref(errors);
	json_decref(in);
	assert_string_equal(role_of(f, id, f->sen), "member");
	assert_string_equal(status_of(f, id, f->sen), "declined");

	/* The page gives each part's role, in words. */
	json_t *page = commitments_get(f->db, "en", id, NULL);
	json_t *p = json_array_get(json_object_get(json_object_get(page, "commitment"),
	                                           "participants"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "role_label")),
	                    "Implementing partner");
	json_decref(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_invited_counts_nowhere, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_answers, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_who_answers, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_roles, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
