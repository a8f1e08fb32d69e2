/* throttle.h — how often the door may be knocked on: failed password
 * checks counted per email and per client address (the next attempt made
 * to wait a moment past a few, refused past more, the refusals counted
 * and not audited one by one), and registrations counted per client
 * address.
 *
 * The counts live in the database (signin_failure, signin_refusal,
 * registration_count), so every node sees the same ones. Signing in
 * (sessions.c) and the current password of a password change (users.c)
 * are held to the same limits: a stolen session cannot be used to guess
 * its account's password. Registering an organisation (actors.c) is held
 * to its own.
 *
 * Nothing here ever sleeps: an attempt that comes too soon is answered at
 * once with the number of seconds to wait (the web says 429 with
 * Retry-After), so the client waits, not a worker thread of the server
 * (issue 11, finding 7). */
#ifndef PACTE_THROTTLE_H
#define PACTE_THROTTLE_H

#include <stdint.h>

struct db;

/* Over a sliding window: past SIGNIN_SLOW_AFTER failures of an email, the
 * next attempt must come a pause after the last failure (250 ms, doubling
 * with each further failure, at most SIGNIN_MAX_DELAY_MS); at
 * SIGNIN_REFUSE_AT it is refused until the oldest failure leaves the
 * window. An address (behind which many people may sit) gets larger
 * limits. A success clears the account's failures. */
#define SIGNIN_WINDOW_SECONDS (15 * 60)
#define SIGNIN_SLOW_AFTER 5
#define SIGNIN_REFUSE_AT 10
#define SIGNIN_ADDR_SLOW_AFTER 20
#define SIGNIN_ADDR_REFUSE_AT 50
#define SIGNIN_MAX_DELAY_MS 2000

/* Registrations from one client address: at most REGISTER_ADDR_LIMIT per
 * period of REGISTER_WINDOW_SECONDS (periods are fixed: the hour since
 * 1970 divided by the window). An organisation registers once; a few from
 * one office or one conference's network still fit; a script publishing
 * dozens a minute does not (issue 11, finding 3). */
#define REGISTER_WINDOW_SECONDS (60 * 60)
#define REGISTER_ADDR_LIMIT 10

/* One password check: what the count and the audit trail need of it. */
struct throttle_attempt {
	const char *email;          /* normalised; "" when it is not an address */
	const char *client_addr;    /* "" at the console */
	const char *channel;        /* "web", "api", "cli" */
	int64_t user_id;            /* the account it names, 0 when none */
	const char *action;         /* its audit entry's action */
};

/* What throttle_may_try and throttle_registration answer. */
enum throttle_verdict {
	THROTTLE_ERROR = -1,   /* the database failed (db_errmsg) */
	THROTTLE_REFUSED,      /* over the limit: *retry_after seconds until it may again */
	THROTTLE_WAIT,         /* too soon after the last failure: *retry_after seconds */
	THROTTLE_MAY,          /* go on */
};

/* Whether this email may have its password checked from this address now.
 * THROTTLE_MAY; THROTTLE_WAIT when it comes before the pause since the
 * last failure is over (nothing written: it tested no password);
 * THROTTLE_REFUSED past the refusal limit, the refusal counted per email
 * and per address in signin_refusal and only the first of its period
 * audited (session.sign_in_throttled); THROTTLE_ERROR. *retry_after is
 * the number of seconds to wait (at least 1) when not THROTTLE_MAY, else
 * 0. */
enum throttle_verdict throttle_may_try(struct db *db, const struct throttle_attempt *a,
                                       int *retry_after);

/* Counts a wrong password of a->email from a->client_addr and audits it
 * as a->action (the email tried, never the password), in a transaction of
 * its own. Returns 0 or -1. */
int throttle_count_failure(struct db *db, const struct throttle_attempt *a);

/* Forgets the failures of an email (a successful sign-in), inside the
 * caller's write transaction. Returns 0 or -1. */
int throttle_forgive(struct db *db, const char *email);

/* Appends the audit entry of an attempt that opened no session (a->action,
 * the email tried, the account when there is one), inside the caller's
 * write transaction. Returns 0 or -1. */
int throttle_audit_attempt(struct db *db, const struct throttle_attempt *a);

/* Counts one registration request from client_addr, in an unversioned
 * transaction of its own, and says whether it may go on: THROTTLE_MAY, or
 * THROTTLE_REFUSED when the address has made REGISTER_ADDR_LIMIT in this
 * period already (*retry_after: seconds until the next period; a refused
 * request is not counted, nor audited: it changed nothing), or
 * THROTTLE_ERROR. No address (NULL or "", the console) is not limited.
 * Every request is counted, whatever it then becomes (a new organisation,
 * or nothing because its email has an account): the count must not tell
 * one from the other. */
enum throttle_verdict throttle_registration(struct db *db, const char *client_addr,
                                            int *retry_after);

#endif
