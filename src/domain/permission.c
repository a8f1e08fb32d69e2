/* permission.c — who may do what: the one table of roles × actions and
 * can(), which every write asks first.
 *
 * A cell says NEVER, OWN (only on objects owned by the user's own actor)
 * or ANY. Before the table come the rules no cell can override: nobody
 * anonymous, disabled, or belonging to an actor that is not accredited
 * (requested, declined, suspended) may do anything listed here. Signing
 * in, changing one's own password and managing one's own API tokens are
 * not actions of this table: they belong to every account. docs/security.md
 * prints the same table and tests/unit/test_permission.c checks each cell. */
#include <string.h>

#include "permission.h"
#include "users.h"

enum scope { NEVER, OWN, ANY };

static const enum scope table[ROLE_COUNT][ACTION_COUNT] = {
	[ROLE_ADMIN] = {
		[ACTION_ACTOR_EDIT] = ANY,
		[ACTION_ACTOR_DECIDE] = ANY,
		[ACTION_USER_MANAGE] = ANY,
		[ACTION_AUDIT_READ] = ANY,
		[ACTION_HISTORY_READ] = ANY,
		[ACTION_COMMITMENT_CREATE] = ANY,
		[ACTION_COMMITMENT_EDIT] = ANY,
		[ACTION_PROGRESS_ADD] = ANY,
	},
	/* The secretariat: decides on partners and sees every object's
	 * history, but records no commitments itself and does not browse the
	 * whole trail (client addresses, failed sign-ins): that is the
	 * operator's. */
	[ROLE_REVIEWER] = {
		[ACTION_ACTOR_EDIT] = OWN,
		[ACTION_ACTOR_DECIDE] = ANY,
		[ACTION_USER_MANAGE] = NEVER,
		[ACTION_AUDIT_READ] = NEVER,
		[ACTION_HISTORY_READ] = ANY,
		[ACTION_COMMITMENT_CREATE] = NEVER,
		[ACTION_COMMITMENT_EDIT] = NEVER,
		[ACTION_PROGRESS_ADD] = NEVER,
	},
	/* A state's focal point and a partner's editor: their own actor's
	 * records, nothing else. */
	[ROLE_FOCAL_POINT] = {
		[ACTION_ACTOR_EDIT] = OWN,
		[ACTION_ACTOR_DECIDE] = NEVER,
		[ACTION_USER_MANAGE] = NEVER,
		[ACTION_AUDIT_READ] = NEVER,
		[ACTION_HISTORY_READ] = OWN,
		[ACTION_COMMITMENT_CREATE] = OWN,
		[ACTION_COMMITMENT_EDIT] = OWN,
		[ACTION_PROGRESS_ADD] = OWN,
	},
	[ROLE_EDITOR] = {
		[ACTION_ACTOR_EDIT] = OWN,
		[ACTION_ACTOR_DECIDE] = NEVER,
		[ACTION_USER_MANAGE] = NEVER,
		[ACTION_AUDIT_READ] = NEVER,
		[ACTION_HISTORY_READ] = OWN,
		[ACTION_COMMITMENT_CREATE] = OWN,
		[ACTION_COMMITMENT_EDIT] = OWN,
		[ACTION_PROGRESS_ADD] = OWN,
	},
};

static const char *const action_names[ACTION_COUNT] = {
	[ACTION_ACTOR_EDIT] = "actor.edit",
	[ACTION_ACTOR_DECIDE] = "actor.decide",
	[ACTION_USER_MANAGE] = "user.manage",
	[ACTION_AUDIT_READ] = "audit.read",
	[ACTION_HISTORY_READ] = "history.read",
	[ACTION_COMMITMENT_CREATE] = "commitment.create",
	[ACTION_COMMITMENT_EDIT] = "commitment.edit",
	[ACTION_PROGRESS_ADD] = "progress.add",
};

const char *action_name(enum action a)
{
	if ((unsigned)a >= ACTION_COUNT)
		return "unknown";
	return action_names[a];
}

bool can(const struct user *u, enum action a, const struct object_ref *obj)
{
	if (!u || u->disabled || (unsigned)a >= ACTION_COUNT || (unsigned)u->role >= ROLE_COUNT)
		return false;
	if (strcmp(u->actor_status, "accredited") != 0)
		return false;
	switch (table[u->role][a]) {
	case ANY:
		return true;
	case OWN:
		return obj && u->actor_id > 0 && obj->owner_actor_id == u->actor_id;
	case NEVER:
		break;
	}
	return false;
}
