/* permission.h — the one permission function, can(), and its table.
 *
 * Every write of the site, the API and the CLI asks can(user, action,
 * object) first (DESIGN.md principle 5). The answer comes from one table of
 * roles × actions in permission.c, whose cells say: never, on the user's
 * own actor's objects, or on any object; then the object-level rules: a
 * disabled user, or a user whose actor is not accredited, may not write.
 * docs/security.md prints the same table; tests/unit/test_permission.c
 * checks every cell. A denial is audited by the caller (audit.h). */
#ifndef PACTE_PERMISSION_H
#define PACTE_PERMISSION_H

#include <stdbool.h>
#include <stdint.h>

struct user;

enum action {
	ACTION_ACTOR_EDIT,          /* edit an actor's profile */
	ACTION_ACTOR_DECIDE,        /* accredit, decline, suspend, reinstate a partner */
	ACTION_USER_MANAGE,         /* add and disable accounts */
	ACTION_AUDIT_READ,          /* browse the whole audit trail */
	ACTION_HISTORY_READ,        /* see an object's history */
	ACTION_COMMITMENT_CREATE,   /* create a commitment owned by an actor */
	ACTION_COMMITMENT_EDIT,     /* edit a commitment */
	ACTION_PROGRESS_ADD,        /* report progress on a commitment */
	ACTION_COUNT
};

/* What an action is done to: its type ("actor", "commitment" …), its id,
 * and the actor that owns it (for an actor, itself). */
struct object_ref {
	const char *type;
	int64_t id;
	int64_t owner_actor_id;
};

/* True when user u may do action a on obj (obj may be NULL for actions on
 * nothing in particular). u NULL (anonymous) may do nothing. */
bool can(const struct user *u, enum action a, const struct object_ref *obj);

/* "actor.edit", "commitment.create" … for audit entries and the docs. */
const char *action_name(enum action a);

#endif
