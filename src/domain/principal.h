/* principal.h — who acts: an account as the request, the CLI and can() see
 * it (struct user), its role, and reading it by id or by email.
 *
 * The accounts modules all stand on this one and it on none of them:
 * permission (can() reads a struct user), audit (an entry names its user),
 * throttle, sessions and tokens (each loads the user behind a credential),
 * users (adding, disabling, changing passwords). Reading an account lives
 * here so that none of those needs another to know who is acting. What
 * each role may do is permission.c's table, nowhere else. */
#ifndef PACTE_PRINCIPAL_H
#define PACTE_PRINCIPAL_H

#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "outcome.h"

struct db;
struct db_res;

/* admin (the operator), reviewer (accredits partners, reviews),
 * focal_point (of a state actor), editor (of a partner actor). */
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
	/* For a bearer token (tokens.h): what it may do ("read", "write"), and
	 * when it stops working (ISO-8601; "" never); both "" otherwise. */
	char token_scope[8];
	char token_expires_at[32];
	/* Where the user acts from, for the audit trail: set by the guard
	 * ("web" or "api", and the peer's address) or the CLI ("cli", NULL). */
	const char *channel;
	const char *client_addr;
	/* The account's address has not been shown to be its owner's yet
	 * (recovery.h): it may sign in, read and verify, but can() refuses
	 * it every action. */
	bool unverified;
};

/* "admin", "reviewer", "focal_point", "editor" ("unknown" out of range);
 * and back (-1 if unknown, NULL included). */
const char *role_name(enum role r);
int role_parse(const char *name);
/* The role's label msgid ("Focal point") for pages, to translate. */
const char *role_label(enum role r);

#define EMAIL_MAX 254              /* bytes, as SMTP allows */
#define PASSWORD_MIN_CHARS 10      /* for every new password */
#define PASSWORD_MAX_BYTES 1024    /* longer ones are refused, not truncated */

/* Writes email lower-cased into out: the form every account's email is
 * stored and looked up in. Returns 0, or -1 when it is not an address
 * (empty, too long, no single @ between two non-empty parts, spaces or
 * control characters, invalid UTF-8). */
int principal_email_normalise(const char *email, char out[EMAIL_MAX + 1]);

/* Loads the account with this id into *out (session_id, csrf_token,
 * channel and client_addr left empty for the caller). OUTCOME_OK,
 * OUTCOME_NOT_FOUND or OUTCOME_ERROR. A disabled account loads too, with
 * disabled set: can() refuses it everything. */
enum outcome principal_get(struct db *db, int64_t id, struct user *out);

/* The same for the account with this email (any case). OUTCOME_NOT_FOUND
 * when there is none, the email not being an address included. */
enum outcome principal_get_email(struct db *db, const char *email, struct user *out);

/* The id of the account with this email (any case), or 0 when there is
 * none; -1 on a database error. */
int64_t principal_find_email(struct db *db, const char *email);

/* For sessions and tokens, which load a user with their own joins:
 * PRINCIPAL_COLUMNS lists what principal_read_row reads, starting at
 * column `first`, from a query that joins account u and actor a. */
#define PRINCIPAL_COLUMNS \
	"u.id, u.email, u.name, u.role, u.disabled, u.actor_id, a.kind, a.status, " \
	"a.country_iso3, u.email_verified_at"
#define PRINCIPAL_NCOLUMNS 10
void principal_read_row(const struct db_res *res, int first, struct user *out);

/* What checking an account's password needs: its id, whether it is
 * disabled, and the Argon2id string (auth_password_verify). */
struct principal_secret {
	int64_t id;
	bool disabled;
	char password_hash[AUTH_PASSWORD_HASH_MAX];
};

/* Reads the secret of the account with this email (normalised) or id.
 * OUTCOME_OK, OUTCOME_NOT_FOUND or OUTCOME_ERROR. */
enum outcome principal_secret_email(struct db *db, const char *email,
                                    struct principal_secret *out);
enum outcome principal_secret_id(struct db *db, int64_t id, struct principal_secret *out);

/* Records that the account signed in at `at` (an audit_time), inside the
 * caller's write transaction. Returns 0, or -1 when it failed or there is
 * no such account. */
int principal_signed_in(struct db *db, int64_t id, const char *at);

#endif
