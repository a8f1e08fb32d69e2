/* permission.c — who may do what: the one table of roles × actions and
 * can(), which every write asks first.
 *
 * A cell says NEVER, OWN (only on objects owned by the user's own actor),
 * OTHERS (only on objects not owned by it) or ANY. Before the table come
 * the rules no cell can override, themselves tables: nobody anonymous or
 * disabled may do anything listed here; a role whose standing comes from
 * its actor (`roles`) may do nothing while that actor is not accredited
 * (requested, declined, suspended); an action marked `spares_operators`
 * never applies to the operators' own actor. Signing in, changing one's
 * own password and managing one's own API tokens are not actions of this
 * table: they belong to every account. Nor may an account whose address
 * is not verified yet do anything listed here (recovery.h).
 * docs/security.md prints the same tables and tests/unit/test_permission.c
 * checks each cell. */
#include <string.h>

#include "permission.h"
#include "principal.h"

enum scope { NEVER, OWN, OTHERS, ANY };

/* Whether a role's standing comes from its actor's accreditation. An
 * administrator's does not: the operators' actor, or whichever actor an
 * admin belongs to, could otherwise be suspended by a reviewer and every
 * administrator locked out (issue 11, finding 1). */
static const struct {
	bool needs_accreditation;
} roles[ROLE_COUNT] = {
	[ROLE_ADMIN] = {false},
	[ROLE_REVIEWER] = {true},
	[ROLE_FOCAL_POINT] = {true},
	[ROLE_EDITOR] = {true},
};

static const enum scope table[ROLE_COUNT][ACTION_COUNT] = {
	/* Deciding on accreditation is OTHERS for everyone who may: nobody
	 * accredits, suspends or reinstates their own organisation. */
	/* An administrator consents to a match only for their own actor: the
	 * two sides' consent is theirs to give (hub.h). */
	[ROLE_ADMIN] = {
		[ACTION_ACTOR_EDIT] = ANY,
		[ACTION_ACTOR_DECIDE] = OTHERS,
		[ACTION_USER_MANAGE] = ANY,
		[ACTION_AUDIT_READ] = ANY,
		[ACTION_HISTORY_READ] = ANY,
		[ACTION_COMMITMENT_CREATE] = ANY,
		[ACTION_COMMITMENT_EDIT] = ANY,
		[ACTION_COMMITMENT_WITHDRAW] = ANY,
		[ACTION_PROGRESS_ADD] = ANY,
		[ACTION_PARTICIPATION_ANSWER] = ANY,
		[ACTION_PRACTICE_SUBMIT] = ANY,
		[ACTION_PRACTICE_REVIEW] = OTHERS,
		[ACTION_PRACTICE_ROSTER] = ANY,
		[ACTION_CALL_OPEN] = ANY,
		[ACTION_TRANSLATION_PROPOSE] = ANY,
		[ACTION_TRANSLATION_APPROVE] = ANY,
		/* Reviews (issue 15): only a state's focal points prepare its
		 * review; nobody assesses their own actor's commitments. */
		[ACTION_REVIEW_PREPARE] = NEVER,
		[ACTION_REVIEW_CYCLE] = ANY,
		[ACTION_INPUT_SUBMIT] = NEVER,
		[ACTION_INPUT_MODERATE] = ANY,
		[ACTION_ASSESS] = OTHERS,
		[ACTION_ASSESSMENT_COMMENT] = ANY,
		[ACTION_HUB_SUBMIT] = ANY,
		[ACTION_HUB_ASSESS] = OTHERS,
		[ACTION_HUB_CONSENT] = OWN,
		[ACTION_INDICATOR_IMPORT] = ANY,
		[ACTION_FUNDING_MAINTAIN] = ANY,
		[ACTION_EVENT_ORGANISE] = ANY,
		[ACTION_EVENT_TAKE_PART] = ANY,
		[ACTION_MEMBER_MANAGE] = ANY,
		[ACTION_ACTOR_MERGE] = ANY,
		[ACTION_RECORD_FLAG] = ANY,
		[ACTION_FLAG_DECIDE] = ANY,
	},
	/* The secretariat: decides on partners and sees every object's
	 * history, but records no commitments itself and does not browse the
	 * whole trail (client addresses, failed sign-ins): that is the
	 * operator's. */
	[ROLE_REVIEWER] = {
		[ACTION_ACTOR_EDIT] = OWN,
		[ACTION_ACTOR_DECIDE] = OTHERS,
		[ACTION_USER_MANAGE] = NEVER,
		[ACTION_AUDIT_READ] = NEVER,
		[ACTION_HISTORY_READ] = ANY,
		[ACTION_COMMITMENT_CREATE] = NEVER,
		[ACTION_COMMITMENT_EDIT] = NEVER,
		[ACTION_COMMITMENT_WITHDRAW] = NEVER,
		[ACTION_PROGRESS_ADD] = NEVER,
		[ACTION_PARTICIPATION_ANSWER] = NEVER,
		[ACTION_PRACTICE_SUBMIT] = NEVER,
		[ACTION_PRACTICE_REVIEW] = OTHERS,
		[ACTION_PRACTICE_ROSTER] = NEVER,
		[ACTION_CALL_OPEN] = ANY,
		[ACTION_TRANSLATION_PROPOSE] = ANY,
		[ACTION_TRANSLATION_APPROVE] = ANY,
		[ACTION_REVIEW_PREPARE] = NEVER,
		[ACTION_REVIEW_CYCLE] = NEVER,
		[ACTION_INPUT_SUBMIT] = NEVER,
		[ACTION_INPUT_MODERATE] = ANY,
		[ACTION_ASSESS] = OTHERS,
		[ACTION_ASSESSMENT_COMMENT] = ANY,
		[ACTION_HUB_SUBMIT] = NEVER,
		[ACTION_HUB_ASSESS] = OTHERS,
		[ACTION_HUB_CONSENT] = NEVER,
		[ACTION_INDICATOR_IMPORT] = NEVER,
		[ACTION_FUNDING_MAINTAIN] = NEVER,
		[ACTION_EVENT_ORGANISE] = NEVER,
		[ACTION_EVENT_TAKE_PART] = NEVER,
		[ACTION_MEMBER_MANAGE] = NEVER,
		[ACTION_ACTOR_MERGE] = NEVER,
		[ACTION_RECORD_FLAG] = ANY,
		[ACTION_FLAG_DECIDE] = NEVER,
	},
	/* A state's focal point and a partner's editor: their own actor's
	 * records, nothing else — but they may sit on the practices' reviewer
	 * roster (practice.review on others' practices) and propose
	 * translations of anyone's. Reviewing is OTHERS for every role: nobody
	 * reviews their own actor's practice, so its submitter never publishes
	 * it. */
	[ROLE_FOCAL_POINT] = {
		[ACTION_ACTOR_EDIT] = OWN,
		[ACTION_ACTOR_DECIDE] = NEVER,
		[ACTION_USER_MANAGE] = NEVER,
		[ACTION_AUDIT_READ] = NEVER,
		[ACTION_HISTORY_READ] = OWN,
		[ACTION_COMMITMENT_CREATE] = OWN,
		[ACTION_COMMITMENT_EDIT] = OWN,
		[ACTION_COMMITMENT_WITHDRAW] = OWN,
		[ACTION_PROGRESS_ADD] = OWN,
		[ACTION_PARTICIPATION_ANSWER] = OWN,
		[ACTION_PRACTICE_SUBMIT] = OWN,
		[ACTION_PRACTICE_REVIEW] = OTHERS,
		[ACTION_PRACTICE_ROSTER] = NEVER,
		[ACTION_CALL_OPEN] = NEVER,
		[ACTION_TRANSLATION_PROPOSE] = ANY,
		[ACTION_TRANSLATION_APPROVE] = OWN,
		[ACTION_REVIEW_PREPARE] = OWN,
		[ACTION_REVIEW_CYCLE] = NEVER,
		[ACTION_INPUT_SUBMIT] = NEVER,
		[ACTION_INPUT_MODERATE] = NEVER,
		[ACTION_ASSESS] = NEVER,
		[ACTION_ASSESSMENT_COMMENT] = ANY,
		[ACTION_HUB_SUBMIT] = OWN,
		[ACTION_HUB_ASSESS] = NEVER,
		[ACTION_HUB_CONSENT] = OWN,
		[ACTION_INDICATOR_IMPORT] = OWN,
		[ACTION_FUNDING_MAINTAIN] = NEVER,
		[ACTION_EVENT_ORGANISE] = NEVER,
		[ACTION_EVENT_TAKE_PART] = OWN,
		[ACTION_MEMBER_MANAGE] = OWN,
		[ACTION_ACTOR_MERGE] = NEVER,
		[ACTION_RECORD_FLAG] = NEVER,
		[ACTION_FLAG_DECIDE] = NEVER,
	},
	[ROLE_EDITOR] = {
		[ACTION_ACTOR_EDIT] = OWN,
		[ACTION_ACTOR_DECIDE] = NEVER,
		[ACTION_USER_MANAGE] = NEVER,
		[ACTION_AUDIT_READ] = NEVER,
		[ACTION_HISTORY_READ] = OWN,
		[ACTION_COMMITMENT_CREATE] = OWN,
		[ACTION_COMMITMENT_EDIT] = OWN,
		[ACTION_COMMITMENT_WITHDRAW] = OWN,
		[ACTION_PROGRESS_ADD] = OWN,
		[ACTION_PARTICIPATION_ANSWER] = OWN,
		[ACTION_PRACTICE_SUBMIT] = OWN,
		[ACTION_PRACTICE_REVIEW] = OTHERS,
		[ACTION_PRACTICE_ROSTER] = NEVER,
		[ACTION_CALL_OPEN] = NEVER,
		[ACTION_TRANSLATION_PROPOSE] = ANY,
		[ACTION_TRANSLATION_APPROVE] = OWN,
		[ACTION_REVIEW_PREPARE] = NEVER,
		[ACTION_REVIEW_CYCLE] = NEVER,
		[ACTION_INPUT_SUBMIT] = OWN,
		[ACTION_INPUT_MODERATE] = NEVER,
		[ACTION_ASSESS] = NEVER,
		[ACTION_ASSESSMENT_COMMENT] = ANY,
		[ACTION_HUB_SUBMIT] = OWN,
		[ACTION_HUB_ASSESS] = NEVER,
		[ACTION_HUB_CONSENT] = OWN,
		[ACTION_INDICATOR_IMPORT] = NEVER,
		[ACTION_FUNDING_MAINTAIN] = NEVER,
		[ACTION_EVENT_ORGANISE] = NEVER,
		[ACTION_EVENT_TAKE_PART] = OWN,
		[ACTION_MEMBER_MANAGE] = OWN,
		[ACTION_ACTOR_MERGE] = NEVER,
		[ACTION_RECORD_FLAG] = NEVER,
		[ACTION_FLAG_DECIDE] = NEVER,
	},
};

/* Each action's name (audit entries, the docs), and whether the
 * operators' actor is out of its reach: its standing is what every
 * administrator's account hangs on, so nobody decides on it. */
static const struct {
	const char *name;
	bool spares_operators;
} actions[ACTION_COUNT] = {
	[ACTION_ACTOR_EDIT] = {"actor.edit", false},
	[ACTION_ACTOR_DECIDE] = {"actor.decide", true},
	[ACTION_USER_MANAGE] = {"user.manage", false},
	[ACTION_AUDIT_READ] = {"audit.read", false},
	[ACTION_HISTORY_READ] = {"history.read", false},
	[ACTION_COMMITMENT_CREATE] = {"commitment.create", false},
	[ACTION_COMMITMENT_EDIT] = {"commitment.edit", false},
	[ACTION_COMMITMENT_WITHDRAW] = {"commitment.withdraw", false},
	[ACTION_PROGRESS_ADD] = {"progress.add", false},
	[ACTION_PARTICIPATION_ANSWER] = {"participation.answer", false},
	[ACTION_PRACTICE_SUBMIT] = {"practice.submit", false},
	[ACTION_PRACTICE_REVIEW] = {"practice.review", false},
	[ACTION_PRACTICE_ROSTER] = {"practice.roster", false},
	[ACTION_CALL_OPEN] = {"call.open", false},
	[ACTION_TRANSLATION_PROPOSE] = {"translation.propose", false},
	[ACTION_TRANSLATION_APPROVE] = {"translation.approve", false},
	[ACTION_REVIEW_PREPARE] = {"review.prepare", false},
	[ACTION_REVIEW_CYCLE] = {"review.cycle", false},
	[ACTION_INPUT_SUBMIT] = {"input.submit", false},
	[ACTION_INPUT_MODERATE] = {"input.moderate", false},
	[ACTION_ASSESS] = {"assessment.write", false},
	[ACTION_ASSESSMENT_COMMENT] = {"assessment.comment", false},
	[ACTION_HUB_SUBMIT] = {"hub.submit", false},
	[ACTION_HUB_ASSESS] = {"hub.assess", false},
	[ACTION_HUB_CONSENT] = {"hub.consent", false},
	[ACTION_INDICATOR_IMPORT] = {"indicator.import", false},
	[ACTION_FUNDING_MAINTAIN] = {"funding.maintain", false},
	[ACTION_EVENT_ORGANISE] = {"event.organise", false},
	[ACTION_EVENT_TAKE_PART] = {"event.take_part", false},
	[ACTION_MEMBER_MANAGE] = {"member.manage", false},
	[ACTION_ACTOR_MERGE] = {"actor.merge", true},
	[ACTION_RECORD_FLAG] = {"record.flag", false},
	[ACTION_FLAG_DECIDE] = {"flag.decide", false},
};

const char *action_name(enum action a)
{
	if ((unsigned)a >= ACTION_COUNT)
		return "unknown";
	return actions[a].name;
}

bool permission_needs_accreditation(enum role r)
{
	return (unsigned)r >= ROLE_COUNT || roles[r].needs_accreditation;
}

bool can(const struct user *u, enum action a, const struct object_ref *obj)
{
	if (!u || u->disabled || u->unverified || (unsigned)a >= ACTION_COUNT ||
	    (unsigned)u->role >= ROLE_COUNT)
		return false;
	if (roles[u->role].needs_accreditation && strcmp(u->actor_status, "accredited") != 0)
		return false;
	if (obj && obj->operators && actions[a].spares_operators)
		return false;
	bool own = obj && u->actor_id > 0 && obj->owner_actor_id == u->actor_id;
	switch (table[u->role][a]) {
	case ANY:
		return true;
	case OTHERS:
		return !own;
	case OWN:
		return own;
	case NEVER:
		break;
	}
	return false;
}
