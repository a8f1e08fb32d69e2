/* sessions.h — signing in and out, and sessions.
 *
 * A session is a random 256-bit token in an HttpOnly, SameSite=Lax cookie;
 * the database holds only its hash, so any `pacte serve` node can serve any
 * user. Sessions expire after SESSION_IDLE_SECONDS without use and
 * SESSION_MAX_SECONDS after sign-in, whichever comes first; signing in
 * always makes a new one. Failed sign-ins are counted in the database per
 * account and per address (throttle.h): past a few, the next attempt must
 * wait a moment after the last one; past more, they are refused for a
 * while. Neither holds the server: the caller is told how long to wait. */
#ifndef PACTE_SESSIONS_H
#define PACTE_SESSIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth.h"
#include "outcome.h"
#include "principal.h"

#define SESSION_COOKIE "pacte_session"
#define CSRF_COOKIE "pacte_csrf"            /* anonymous forms (sign in, register) */
#define SESSION_IDLE_SECONDS (2 * 3600)
#define SESSION_MAX_SECONDS (12 * 3600)

enum signin_result {
	SIGNIN_OK,
	SIGNIN_BAD_CREDENTIALS,  /* wrong password or unknown email: one message for both */
	SIGNIN_THROTTLED,        /* too many failures: refused for *retry_after seconds */
	SIGNIN_WAIT,             /* too soon after the last failures: wait *retry_after seconds */
	SIGNIN_DISABLED,         /* the account is disabled */
	SIGNIN_ERROR,
};

/* Checks email and password, counting failures per email and per address,
 * and on success creates a session: *token receives the cookie value (the
 * only time it exists in clear). Audited (success and failure, without the
 * password); an attempt the throttle refuses (SIGNIN_THROTTLED) is counted
 * and not audited, but for the first of its period, and one that comes too
 * soon (SIGNIN_WAIT) is answered at once, written nowhere (throttle.h).
 * Takes the same time for an unknown email as for a wrong password. */
enum signin_result sessions_sign_in(struct db *db, const char *email, const char *password,
                                    const char *channel, const char *client_addr,
                                    char token[AUTH_TOKEN_LEN + 1], int *retry_after);

/* The user behind a session cookie value, with its CSRF token; touches the
 * session's last use. OUTCOME_NOT_FOUND when the token is unknown, expired,
 * or its user disabled (the caller treats the request as anonymous). */
enum outcome sessions_lookup(struct db *db, const char *token, struct user *out);

/* Ends u's session, the one u->session_id names (sign out). Audited.
 * OUTCOME_NOT_FOUND when it is not a live session of u's. */
enum outcome sessions_end(struct db *db, const struct user *u);

/* Ends every live session of account user_id but `keep` (0: none), inside
 * the caller's write transaction, which audits why (a password change, a
 * disabled account). Returns how many, or -1. */
int64_t sessions_end_all(struct db *db, int64_t user_id, int64_t keep);

/* The fixed form of a token: AUTH_TOKEN_LEN base64url characters. Anything
 * else is refused before any database work. */
bool sessions_token_wellformed(const char *token);

#endif
