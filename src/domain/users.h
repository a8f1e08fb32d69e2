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
struct db_res;

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

/* users_add's checks and insert for a caller already inside a write
 * transaction, which made any permission check itself: actors_register
 * adds an organisation's first user with it. The password comes hashed
 * (auth_password_hash, before the transaction). The database checks go
 * into errors (OUTCOME_INVALID); audited as "user.add" by the anonymous
 * registrant from channel and client_addr. */
enum outcome users_insert_in_txn(struct db *db, const char *email, const char *name,
                                 const char *password_hash, enum role role, int64_t actor_id,
                                 const char *channel, const char *client_addr,
                                 json_t *errors, int64_t *id);

/* Every user, for `pacte user list` and /admin: [{id, email, name, role,
 * actor: {id, name}, disabled, created_at, last_sign_in}]. */
json_t *users_list(struct db *db);

/* Disables an account (and ends its sessions and tokens). Audited. */
enum outcome users_disable(struct db *db, const struct user *by, int64_t id);

/* Changes the user's own password after checking the current one; ends
 * their other sessions. Audited (without the passwords). A wrong current
 * password counts as a failed sign-in of the account, and past the
 * sign-in limits the check is refused (throttle.h). */
enum outcome users_change_password(struct db *db, const struct user *u, const char *current,
                                   const char *new_password, json_t *errors);

/* True when an admin account exists (init creates the first one). */
bool users_have_admin(struct db *db);

/* The id of the account with this email (any case), or 0 when there is
 * none; -1 on a database error. */
int64_t users_find_email(struct db *db, const char *email);

#define EMAIL_MAX 254   /* bytes, as SMTP allows */

/* Writes email lower-cased into out. Returns 0, or -1 when it is not an
 * address (empty, too long, no single @ between two non-empty parts,
 * spaces or control characters, invalid UTF-8). */
int users_email_normalise(const char *email, char out[EMAIL_MAX + 1]);

#define PASSWORD_MIN_CHARS 10     /* for every new password */
#define PASSWORD_MAX_BYTES 1024   /* longer ones are refused, not truncated */

/* NULL when password is acceptable as a new password, else the msgid
 * saying why (too short, too long, not UTF-8). */
const char *users_password_problem(const char *password);

/* For sessions.c and tokens.c, which load a user with their own joins:
 * USERS_COLUMNS lists what users_read_row reads, starting at column
 * `first`, from a query that joins account u and actor a. */
#define USERS_COLUMNS \
	"u.id, u.email, u.name, u.role, u.disabled, u.actor_id, a.kind, a.status, " \
	"a.country_iso3"
#define USERS_NCOLUMNS 9
void users_read_row(const struct db_res *res, int first, struct user *out);

#endif
