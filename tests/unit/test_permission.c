/* test_permission.c — can(): every cell of the roles × actions table, on
 * an object of the user's own actor, on another actor's object and on no
 * object; then the rules above the table (anonymous, disabled, actor not
 * accredited but for admins, the operators' actor out of reach). The
 * expected table is written out here, apart from the one in permission.c,
 * and matches the one printed in docs/security.md. */
#include "unit.h"

#include <stdio.h>

#include "permission.h"
#include "principal.h"
#include "util.h"

#define OWN_ACTOR 7
#define OTHER_ACTOR 8

/* Y: allowed, n: refused — on the own actor's object, another actor's
 * object, and no object at all (NULL). */
static const struct cell {
	enum role role;
	enum action action;
	const char *own_other_none;
} expected[] = {
	{ROLE_ADMIN, ACTION_ACTOR_EDIT, "YYY"},
	{ROLE_ADMIN, ACTION_ACTOR_DECIDE, "nYY"},
	{ROLE_ADMIN, ACTION_USER_MANAGE, "YYY"},
	{ROLE_ADMIN, ACTION_AUDIT_READ, "YYY"},
	{ROLE_ADMIN, ACTION_HISTORY_READ, "YYY"},
	{ROLE_ADMIN, ACTION_COMMITMENT_CREATE, "YYY"},
	{ROLE_ADMIN, ACTION_COMMITMENT_EDIT, "YYY"},
	{ROLE_ADMIN, ACTION_COMMITMENT_WITHDRAW, "YYY"},
	{ROLE_ADMIN, ACTION_PROGRESS_ADD, "YYY"},
	{ROLE_ADMIN, ACTION_PARTICIPATION_ANSWER, "YYY"},
	{ROLE_ADMIN, ACTION_PRACTICE_SUBMIT, "YYY"},
	{ROLE_ADMIN, ACTION_PRACTICE_REVIEW, "nYY"},
	{ROLE_ADMIN, ACTION_PRACTICE_ROSTER, "YYY"},
	{ROLE_ADMIN, ACTION_CALL_OPEN, "YYY"},
	{ROLE_ADMIN, ACTION_TRANSLATION_PROPOSE, "YYY"},
	{ROLE_ADMIN, ACTION_TRANSLATION_APPROVE, "YYY"},
	{ROLE_ADMIN, ACTION_REVIEW_PREPARE, "nnn"},
	{ROLE_ADMIN, ACTION_REVIEW_CYCLE, "YYY"},
	{ROLE_ADMIN, ACTION_INPUT_SUBMIT, "nnn"},
	{ROLE_ADMIN, ACTION_INPUT_MODERATE, "YYY"},
	{ROLE_ADMIN, ACTION_ASSESS, "nYY"},
	{ROLE_ADMIN, ACTION_ASSESSMENT_COMMENT, "YYY"},
	{ROLE_ADMIN, ACTION_HUB_SUBMIT, "YYY"},
	{ROLE_ADMIN, ACTION_HUB_ASSESS, "nYY"},
	{ROLE_ADMIN, ACTION_HUB_CONSENT, "Ynn"},
	{ROLE_ADMIN, ACTION_INDICATOR_IMPORT, "YYY"},
	{ROLE_ADMIN, ACTION_FUNDING_MAINTAIN, "YYY"},
	{ROLE_ADMIN, ACTION_EVENT_ORGANISE, "YYY"},
	{ROLE_ADMIN, ACTION_EVENT_TAKE_PART, "YYY"},
	{ROLE_ADMIN, ACTION_MEMBER_MANAGE, "YYY"},
	{ROLE_ADMIN, ACTION_ACTOR_MERGE, "YYY"},
	{ROLE_ADMIN, ACTION_RECORD_FLAG, "YYY"},
	{ROLE_ADMIN, ACTION_FLAG_DECIDE, "YYY"},

	{ROLE_REVIEWER, ACTION_ACTOR_EDIT, "Ynn"},
	{ROLE_REVIEWER, ACTION_ACTOR_DECIDE, "nYY"},
	{ROLE_REVIEWER, ACTION_USER_MANAGE, "nnn"},
	{ROLE_REVIEWER, ACTION_AUDIT_READ, "nnn"},
	{ROLE_REVIEWER, ACTION_HISTORY_READ, "YYY"},
	{ROLE_REVIEWER, ACTION_COMMITMENT_CREATE, "nnn"},
	{ROLE_REVIEWER, ACTION_COMMITMENT_EDIT, "nnn"},
	{ROLE_REVIEWER, ACTION_COMMITMENT_WITHDRAW, "nnn"},
	{ROLE_REVIEWER, ACTION_PROGRESS_ADD, "nnn"},
	{ROLE_REVIEWER, ACTION_PARTICIPATION_ANSWER, "nnn"},
	{ROLE_REVIEWER, ACTION_PRACTICE_SUBMIT, "nnn"},
	{ROLE_REVIEWER, ACTION_PRACTICE_REVIEW, "nYY"},
	{ROLE_REVIEWER, ACTION_PRACTICE_ROSTER, "nnn"},
	{ROLE_REVIEWER, ACTION_CALL_OPEN, "YYY"},
	{ROLE_REVIEWER, ACTION_TRANSLATION_PROPOSE, "YYY"},
	{ROLE_REVIEWER, ACTION_TRANSLATION_APPROVE, "YYY"},
	{ROLE_REVIEWER, ACTION_REVIEW_PREPARE, "nnn"},
	{ROLE_REVIEWER, ACTION_REVIEW_CYCLE, "nnn"},
	{ROLE_REVIEWER, ACTION_INPUT_SUBMIT, "nnn"},
	{ROLE_REVIEWER, ACTION_INPUT_MODERATE, "YYY"},
	{ROLE_REVIEWER, ACTION_ASSESS, "nYY"},
	{ROLE_REVIEWER, ACTION_ASSESSMENT_COMMENT, "YYY"},
	{ROLE_REVIEWER, ACTION_HUB_SUBMIT, "nnn"},
	{ROLE_REVIEWER, ACTION_HUB_ASSESS, "nYY"},
	{ROLE_REVIEWER, ACTION_HUB_CONSENT, "nnn"},
	{ROLE_REVIEWER, ACTION_INDICATOR_IMPORT, "nnn"},
	{ROLE_REVIEWER, ACTION_FUNDING_MAINTAIN, "nnn"},
	{ROLE_REVIEWER, ACTION_EVENT_ORGANISE, "nnn"},
	{ROLE_REVIEWER, ACTION_EVENT_TAKE_PART, "nnn"},
	{ROLE_REVIEWER, ACTION_MEMBER_MANAGE, "nnn"},
	{ROLE_REVIEWER, ACTION_ACTOR_MERGE, "nnn"},
	{ROLE_REVIEWER, ACTION_RECORD_FLAG, "YYY"},
	{ROLE_REVIEWER, ACTION_FLAG_DECIDE, "nnn"},

	{ROLE_FOCAL_POINT, ACTION_ACTOR_EDIT, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_ACTOR_DECIDE, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_USER_MANAGE, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_AUDIT_READ, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_HISTORY_READ, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_COMMITMENT_CREATE, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_COMMITMENT_EDIT, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_COMMITMENT_WITHDRAW, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_PROGRESS_ADD, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_PARTICIPATION_ANSWER, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_PRACTICE_SUBMIT, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_PRACTICE_REVIEW, "nYY"},
	{ROLE_FOCAL_POINT, ACTION_PRACTICE_ROSTER, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_CALL_OPEN, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_TRANSLATION_PROPOSE, "YYY"},
	{ROLE_FOCAL_POINT, ACTION_TRANSLATION_APPROVE, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_REVIEW_PREPARE, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_REVIEW_CYCLE, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_INPUT_SUBMIT, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_INPUT_MODERATE, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_ASSESS, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_ASSESSMENT_COMMENT, "YYY"},
	{ROLE_FOCAL_POINT, ACTION_HUB_SUBMIT, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_HUB_ASSESS, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_HUB_CONSENT, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_INDICATOR_IMPORT, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_FUNDING_MAINTAIN, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_EVENT_ORGANISE, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_EVENT_TAKE_PART, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_MEMBER_MANAGE, "Ynn"},
	{ROLE_FOCAL_POINT, ACTION_ACTOR_MERGE, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_RECORD_FLAG, "nnn"},
	{ROLE_FOCAL_POINT, ACTION_FLAG_DECIDE, "nnn"},

	{ROLE_EDITOR, ACTION_ACTOR_EDIT, "Ynn"},
	{ROLE_EDITOR, ACTION_ACTOR_DECIDE, "nnn"},
	{ROLE_EDITOR, ACTION_USER_MANAGE, "nnn"},
	{ROLE_EDITOR, ACTION_AUDIT_READ, "nnn"},
	{ROLE_EDITOR, ACTION_HISTORY_READ, "Ynn"},
	{ROLE_EDITOR, ACTION_COMMITMENT_CREATE, "Ynn"},
	{ROLE_EDITOR, ACTION_COMMITMENT_EDIT, "Ynn"},
	{ROLE_EDITOR, ACTION_COMMITMENT_WITHDRAW, "Ynn"},
	{ROLE_EDITOR, ACTION_PROGRESS_ADD, "Ynn"},
	{ROLE_EDITOR, ACTION_PARTICIPATION_ANSWER, "Ynn"},
	{ROLE_EDITOR, ACTION_PRACTICE_SUBMIT, "Ynn"},
	{ROLE_EDITOR, ACTION_PRACTICE_REVIEW, "nYY"},
	{ROLE_EDITOR, ACTION_PRACTICE_ROSTER, "nnn"},
	{ROLE_EDITOR, ACTION_CALL_OPEN, "nnn"},
	{ROLE_EDITOR, ACTION_TRANSLATION_PROPOSE, "YYY"},
	{ROLE_EDITOR, ACTION_TRANSLATION_APPROVE, "Ynn"},
	{ROLE_EDITOR, ACTION_REVIEW_PREPARE, "nnn"},
	{ROLE_EDITOR, ACTION_REVIEW_CYCLE, "nnn"},
	{ROLE_EDITOR, ACTION_INPUT_SUBMIT, "Ynn"},
	{ROLE_EDITOR, ACTION_INPUT_MODERATE, "nnn"},
	{ROLE_EDITOR, ACTION_ASSESS, "nnn"},
	{ROLE_EDITOR, ACTION_ASSESSMENT_COMMENT, "YYY"},
	{ROLE_EDITOR, ACTION_HUB_SUBMIT, "Ynn"},
	{ROLE_EDITOR, ACTION_HUB_ASSESS, "nnn"},
	{ROLE_EDITOR, ACTION_HUB_CONSENT, "Ynn"},
	{ROLE_EDITOR, ACTION_INDICATOR_IMPORT, "nnn"},
	{ROLE_EDITOR, ACTION_FUNDING_MAINTAIN, "nnn"},
	{ROLE_EDITOR, ACTION_EVENT_ORGANISE, "nnn"},
	{ROLE_EDITOR, ACTION_EVENT_TAKE_PART, "Ynn"},
	{ROLE_EDITOR, ACTION_MEMBER_MANAGE, "Ynn"},
	{ROLE_EDITOR, ACTION_ACTOR_MERGE, "nnn"},
	{ROLE_EDITOR, ACTION_RECORD_FLAG, "nnn"},
	{ROLE_EDITOR, ACTION_FLAG_DECIDE, "nnn"},
};

static struct user make_user(enum role role, const char *status)
{
	struct user u = {.id = 42, .role = role, .actor_id = OWN_ACTOR,
	                 .actor_is_state = role == ROLE_FOCAL_POINT};
	snprintf(u.email, sizeof u.email, "someone@example.org");
	snprintf(u.actor_status, sizeof u.actor_status, "%s", status);
	if (u.actor_is_state)
		snprintf(u.actor_country, sizeof u.actor_country, "MAR");
	return u;
}

static const struct object_ref own = {"commitment", 1, OWN_ACTOR};
static const struct object_ref other = {"commitment", 2, OTHER_ACTOR};

static void test_every_cell(void **state)
{
	(void)state;
	/* The expected table covers every role × action exactly once. */
	assert_int_equal(ARRAY_LEN(expected), ROLE_COUNT * ACTION_COUNT);
	bool seen[ROLE_COUNT][ACTION_COUNT] = {{false}};
	for (size_t i = 0; i < ARRAY_LEN(expected); i++) {
		const struct cell *c = &expected[i];
		assert_false(seen[c->role][c->action]);
		seen[c->role][c->action] = true;
		struct user u = make_user(c->role, "accredited");
		const struct object_ref *objs[3] = {&own, &other, NULL};
		for (int k = 0; k < 3; k++) {
			bool want = c->own_other_none[k] == 'Y';
			if (can(&u, c->action, objs[k]) != want)
				fail_msg("%s may%s %s on %s", role_name(c->role), want ? "" : " not",
				         action_name(c->action),
				         k == 0 ? "its own object" : k == 1 ? "another's" : "nothing");
		}
	}
}

/* Nothing at all for the anonymous and the disabled, nor for users of an
 * actor that is not accredited (not even what their role's cells allow),
 * except administrators, whose standing hangs on no actor's status. */
static void test_above_the_table(void **state)
{
	(void)state;
	static const char *const not_accredited[] = {"requested", "declined", "suspended", ""};
	const struct object_ref *objs[3] = {&own, &other, NULL};
	for (int r = 0; r < ROLE_COUNT; r++) {
		for (int a = 0; a < ACTION_COUNT; a++) {
			for (int k = 0; k < 3; k++) {
				assert_false(can(NULL, (enum action)a, objs[k]));
				struct user u = make_user((enum role)r, "accredited");
				bool accredited = can(&u, (enum action)a, objs[k]);
				u.disabled = true;
				assert_false(can(&u, (enum action)a, objs[k]));
				for (size_t s = 0; s < ARRAY_LEN(not_accredited); s++) {
					u = make_user((enum role)r, not_accredited[s]);
					assert_int_equal(can(&u, (enum action)a, objs[k]),
					                 r == ROLE_ADMIN && accredited);
				}
			}
		}
		assert_int_equal(permission_needs_accreditation((enum role)r), r != ROLE_ADMIN);
	}
	assert_true(permission_needs_accreditation(ROLE_COUNT));
}

/* Issue 11, finding 1: nobody decides on the operators' own actor, on
 * which every administrator's account stood, nor on their own actor. */
static void test_operators_out_of_reach(void **state)
{
	(void)state;
	struct object_ref operators = {"actor", 3, 3, true};
	struct object_ref partner = {"actor", OTHER_ACTOR, OTHER_ACTOR};
	struct object_ref self = {"actor", OWN_ACTOR, OWN_ACTOR};
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct user u = make_user((enum role)r, "accredited");
		assert_false(can(&u, ACTION_ACTOR_DECIDE, &operators));
		assert_false(can(&u, ACTION_ACTOR_MERGE, &operators));
		assert_false(can(&u, ACTION_ACTOR_DECIDE, &self));
		/* Even a member of the operators' actor. */
		u.actor_id = 3;
		assert_false(can(&u, ACTION_ACTOR_DECIDE, &operators));
		bool decides = r == ROLE_ADMIN || r == ROLE_REVIEWER;
		assert_int_equal(can(&u, ACTION_ACTOR_DECIDE, &partner), decides);
		assert_int_equal(can(&u, ACTION_ACTOR_DECIDE, NULL), decides);
	}
	/* The operators' actor stays an object like any other for the rest. */
	struct user admin = make_user(ROLE_ADMIN, "accredited");
	assert_true(can(&admin, ACTION_ACTOR_EDIT, &operators));
	assert_true(can(&admin, ACTION_HISTORY_READ, &operators));
}

static void test_object_level(void **state)
{
	(void)state;
	/* A focal point of Morocco (actor 7) and Mexico's commitment (actor 9). */
	struct user fp = make_user(ROLE_FOCAL_POINT, "accredited");
	struct object_ref mexico = {"commitment", 5, 9};
	struct object_ref morocco = {"commitment", 6, OWN_ACTOR};
	assert_false(can(&fp, ACTION_COMMITMENT_EDIT, &mexico));
	assert_true(can(&fp, ACTION_COMMITMENT_EDIT, &morocco));
	/* Creating for another actor is editing another's records. */
	struct object_ref new_for_mexico = {"commitment", 0, 9};
	assert_false(can(&fp, ACTION_COMMITMENT_CREATE, &new_for_mexico));
	/* What the commitment form asks: may the user create for an actor
	 * other than their own (a choice of owner)? Only an admin, whatever
	 * their own actor's status. */
	assert_false(can(&fp, ACTION_COMMITMENT_CREATE, NULL));
	struct user admin = make_user(ROLE_ADMIN, "suspended");
	assert_true(can(&admin, ACTION_COMMITMENT_CREATE, NULL));
	assert_true(can(&admin, ACTION_COMMITMENT_CREATE, &new_for_mexico));
	/* An actor's own profile is owned by the actor itself. */
	struct object_ref self = {"actor", OWN_ACTOR, OWN_ACTOR};
	assert_true(can(&fp, ACTION_ACTOR_EDIT, &self));
	/* A user with no actor owns nothing, even objects with no owner. */
	struct user orphan = make_user(ROLE_EDITOR, "accredited");
	orphan.actor_id = 0;
	struct object_ref ownerless = {"commitment", 3, 0};
	assert_false(can(&orphan, ACTION_COMMITMENT_EDIT, &ownerless));
	/* Out-of-range values refuse rather than read past the table. */
	assert_false(can(&fp, ACTION_COUNT, &morocco));
	assert_false(can(&fp, (enum action)-1, &morocco));
	struct user odd = make_user(ROLE_ADMIN, "accredited");
	odd.role = ROLE_COUNT;
	assert_false(can(&odd, ACTION_ACTOR_EDIT, &morocco));
}

static void test_action_names(void **state)
{
	(void)state;
	static const char *const names[ACTION_COUNT] = {
		"actor.edit", "actor.decide", "user.manage", "audit.read", "history.read",
		"commitment.create", "commitment.edit", "commitment.withdraw", "progress.add",
		"participation.answer", "practice.submit", "practice.review", "practice.roster",
		"call.open", "translation.propose", "translation.approve",
		"review.prepare", "review.cycle", "input.submit", "input.moderate",
		"assessment.write", "assessment.comment", "hub.submit", "hub.assess", "hub.consent",
		"indicator.import", "funding.maintain", "event.organise", "event.take_part",
		"member.manage",
		"actor.merge", "record.flag", "flag.decide",
	};
	for (int a = 0; a < ACTION_COUNT; a++)
		assert_string_equal(action_name((enum action)a), names[a]);
	assert_string_equal(action_name(ACTION_COUNT), "unknown");
}

static void test_roles(void **state)
{
	(void)state;
	static const char *const names[ROLE_COUNT] = {"admin", "reviewer", "focal_point", "editor"};
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_string_equal(role_name((enum role)r), names[r]);
		assert_int_equal(role_parse(names[r]), r);
		assert_true(strlen(role_label((enum role)r)) > 0);
	}
	assert_int_equal(role_parse("Admin"), -1);
	assert_int_equal(role_parse(""), -1);
	assert_int_equal(role_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_cell),
		cmocka_unit_test(test_above_the_table),
		cmocka_unit_test(test_operators_out_of_reach),
		cmocka_unit_test(test_object_level),
		cmocka_unit_test(test_action_names),
		cmocka_unit_test(test_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
