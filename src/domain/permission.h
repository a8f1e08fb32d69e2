/* permission.h — the one permission function, can(), and its tables.
 *
 * Every write of the site, the API and the CLI asks can(user, action,
 * object) first (DESIGN.md principle 5). The answer comes from one table of
 * roles × actions in permission.c, whose cells say: never, on the user's
 * own actor's objects, on any other actor's objects, or on any object;
 * before it, the rules no cell overrides: a disabled user may not write, a
 * user whose standing comes from their actor (every role but admin) may not
 * while that actor is not accredited, and actions marked so never apply to
 * the operators' actor. docs/security.md prints the same tables;
 * tests/unit/test_permission.c checks every cell. A denial is audited by
 * the caller (audit.h). */
#ifndef PACTE_PERMISSION_H
#define PACTE_PERMISSION_H

#include <stdbool.h>
#include <stdint.h>

#include "principal.h"

enum action {
	ACTION_ACTOR_EDIT,          /* edit an actor's profile */
	ACTION_ACTOR_DECIDE,        /* accredit, decline, suspend, reinstate a partner */
	ACTION_USER_MANAGE,         /* add and disable accounts */
	ACTION_AUDIT_READ,          /* browse the whole audit trail */
	ACTION_HISTORY_READ,        /* see an object's history */
	ACTION_COMMITMENT_CREATE,   /* create a commitment owned by an actor */
	ACTION_COMMITMENT_EDIT,     /* edit a commitment */
	ACTION_COMMITMENT_WITHDRAW, /* withdraw a commitment (it stays, shown withdrawn) */
	ACTION_PROGRESS_ADD,        /* report progress on a commitment */
	ACTION_PARTICIPATION_ANSWER, /* accept, decline or leave a commitment an actor is
	                              * named in (the object's owner: the participant) */
	ACTION_PRACTICE_SUBMIT,     /* write, submit, answer for and archive a practice of an
	                             * actor (the object's owner: the submitting actor) */
	ACTION_PRACTICE_REVIEW,     /* declare an interest, ask, approve or reject a practice:
	                             * never one's own actor's (practices.h adds the roster,
	                             * the declaration and the submitting account) */
	ACTION_PRACTICE_ROSTER,     /* keep the reviewer roster and the approvals required */
	ACTION_CALL_OPEN,           /* open a call for practices */
	ACTION_TRANSLATION_PROPOSE, /* propose a translation of a published practice */
	ACTION_TRANSLATION_APPROVE, /* approve one (never one's own proposal: practices.h) */
	/* Reviews (issue 15, reviews.h and assessments.h). */
	ACTION_REVIEW_PREPARE,      /* write and submit a state's voluntary review (the
	                             * object's owner: the state's actor) */
	ACTION_REVIEW_CYCLE,        /* edit a review cycle's dates */
	ACTION_INPUT_SUBMIT,        /* submit a written input for one's own actor (a partner) */
	ACTION_INPUT_MODERATE,      /* accept or decline a written input */
	ACTION_ASSESS,              /* assess a commitment, finalise the assessment: never
	                             * one's own actor's (the owner: the commitment's) */
	ACTION_ASSESSMENT_COMMENT,  /* comment on an assessment in its comment period */
	/* The connection hub (hub.h); the object's owner: the need's or offer's
	 * actor, or the partnership member. */
	ACTION_HUB_SUBMIT,          /* record, edit, advance and close an actor's need or offer */
	ACTION_HUB_ASSESS,          /* accept or return a need or offer; propose a match */
	ACTION_HUB_CONSENT,         /* accept or decline a match for an actor's side; withdraw
	                             * an actor from a partnership */
	ACTION_INDICATOR_IMPORT,    /* import an indicator's national values (its country's
	                             * state owns them) */
	ACTION_FUNDING_MAINTAIN,    /* add, edit and archive the hub's funding pointers (issue 14) */
	ACTION_EVENT_ORGANISE,      /* add a session to an event's programme */
	ACTION_EVENT_TAKE_PART,     /* for an actor: take part in an event, make a statement
	                             * there, announce one of its commitments there */
	/* Organisations' members (issue 18, members.h); the object's owner:
	 * the actor. */
	ACTION_MEMBER_MANAGE,       /* invite colleagues into an actor, remove its members */
	/* Duplicate organisations (issue 18, merge.h); the object: the actor
	 * merged away. */
	ACTION_ACTOR_MERGE,         /* merge a duplicate actor into another */
	/* Flagging records (issue 18, flags.h); the object's owner: the record's. */
	ACTION_RECORD_FLAG,         /* flag a record as inappropriate, hiding it from the public */
	ACTION_FLAG_DECIDE,         /* restore a flagged record or remove it for good */
	ACTION_COUNT
};

/* What an action is done to: its type ("actor", "commitment" …), its id,
 * the actor that owns it (for an actor, itself), and whether that owner is
 * the operators' own actor (actors.h), which the caller read with it. */
struct object_ref {
	const char *type;
	int64_t id;
	int64_t owner_actor_id;
	bool operators;
};

/* True when user u may do action a on obj. u NULL (anonymous) may do
 * nothing. obj NULL asks whether u may do a beyond their own actor's
 * objects (cells ANY and OTHERS; OWN says no): /admin asks it of
 * actor.decide, and the commitment form asks it of commitment.create to
 * offer a choice of owner ("for another actor") — which is then checked
 * again on the owner chosen. */
bool can(const struct user *u, enum action a, const struct object_ref *obj);

/* True when users of role r may act only while their actor is accredited
 * (every role but admin: an administrator's standing must not hang on a
 * status that someone else can change). The guard tells such a user why
 * they may not publish. */
bool permission_needs_accreditation(enum role r);

/* "actor.edit", "commitment.create" … for audit entries and the docs. */
const char *action_name(enum action a);

#endif
