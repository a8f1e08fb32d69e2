/* users.h — accounts: a person with an email, a display name, a password
 * hashed with Argon2id, one role, belonging to one actor.
 *
 * Roles: admin (the operator), reviewer (accredits partners, reviews),
 * focal_point (of a state actor), editor (of a partner actor). What each
 * may do is the table in permission.c, nowhere else. */
#ifndef PACTE_USERS_H
#define PACTE_USERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;

enum role { ROLE_ADMIN, ROLE_REVIEWER, ROLE_FOCAL_POINT, ROLE_EDITOR, ROLE_COUNT };

/* A signed-in user as the request and can() see them: the account and what
 * permissions depend on (its actor's kind, status and country). */
struct user {
	int64_t id;
	char email[256];
	char name[256];
	enum role role;
	bool disabled;
	int64_t actor_id;
	bool actor_is_state;
	char actor_status[16];     /* requested, accredited, declined, suspended */
	char actor_country[4];     /* ISO3 for a state actor, "" otherwise */
	int64_t session_id;        /* the session it came from, 0 for a token or the CLI */
	char csrf_token[48];       /* the session's CSRF token, "" for a token or the CLI */
	/* Where the user acts from, for the audit trail: set by the guard
	 * ("web" or "api", and the peer's address) or the CLI ("cli", NULL). */
	const char *channel;
	const char *client_addr;
};

/* "admin", "reviewer", "focal_point", "editor"; and back (-1 if unknown). */
const char *role_name(enum role r);
int role_parse(const char *name);
/* The role's label msgid ("Focal point") for pages. */
const char *role_label(enum role r);

/* Loads a user by id into *out. OUTCOME_OK, OUTCOME_NOT_FOUND or
 * OUTCOME_ERROR. */
enum outcome users_get(struct db *db, int64_t id, struct user *out);

/* Creates a user (the CLI's `pacte user add`, and the first admin at init).
 * `by` is NULL for the CLI and init (the operator at the console). The
 * role must fit the actor (focal_point → a state, editor → a partner,
 * admin/reviewer → any). Audited. On success *id is set. Errors (email
 * taken, unknown actor, role not fitting) go into errors as field →
 * message (msgid) and return OUTCOME_INVALID. */
enum outcome users_add(struct db *db, const struct user *by, const char *email,
                       const char *name, enum role role, int64_t actor_id,
                       const char *password, json_t *errors, int64_t *id);

/* Every user, for `pacte user list` and /admin: [{id, email, name, role,
 * actor: {id, name}, disabled, created_at, last_sign_in}]. */
json_t *users_list(struct db *db);

/* Disables an account (and ends its sessions and tokens). Audited. */
enum outcome users_disable(struct db *db, const struct user *by, int64_t id);

/* Changes the user's own password after checking the current one; ends
 * their other sessions. Audited (without the passwords). */
enum outcome users_change_password(struct db *db, const struct user *u, const char *current,
                                   const char *new_password, json_t *errors);

/* True when an admin account exists (init creates the first one). */
bool users_have_admin(struct db *db);

#endif
