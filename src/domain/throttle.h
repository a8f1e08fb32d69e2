/* throttle.h — sign-in throttling: failed password checks counted per
 * email and per client address, slowed down past a few, refused past more;
 * the refusals counted, not audited one by one.
 *
 * The counts live in the database (signin_failure, signin_refusal), so
 * every node sees the same ones. Signing in (sessions.c) and the current password of a
 * password change (users.c) are held to the same limits: a stolen session
 * cannot be used to guess its account's password. */
#ifndef PACTE_THROTTLE_H
#define PACTE_THROTTLE_H

#include <stdint.h>

struct db;

/* Over a sliding window: past SIGNIN_SLOW_AFTER failures of an email each
 * attempt waits (250 ms, doubling, at most SIGNIN_MAX_DELAY_MS); at
 * SIGNIN_REFUSE_AT it is refused until the oldest failure leaves the
 * window. An address (behind which many people may sit) gets larger
 * limits. A success clears the account's failures. */
#define SIGNIN_WINDOW_SECONDS (15 * 60)
#define SIGNIN_SLOW_AFTER 5
#define SIGNIN_REFUSE_AT 10
#define SIGNIN_ADDR_SLOW_AFTER 20
#define SIGNIN_ADDR_REFUSE_AT 50
#define SIGNIN_MAX_DELAY_MS 2000

/* One password check: what the count and the audit trail need of it. */
struct throttle_attempt {
	const char *email;          /* normalised; "" when it is not an address */
	const char *client_addr;    /* "" at the console */
	const char *channel;        /* "web", "api", "cli" */
	int64_t user_id;            /* the account it names, 0 when none */
	const char *action;         /* its audit entry's action */
};

/* Whether this email may have its password checked from this address now.
 * Returns 1 when it may (after the growing pause past the slow-down
 * limit); 0 when refused (*retry_after: seconds until it may again), the
 * refusal counted per email and per address in signin_refusal and only
 * the first of its period audited (session.sign_in_throttled); -1 on a
 * database error (db_errmsg). */
int throttle_may_try(struct db *db, const struct throttle_attempt *a, int *retry_after);

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

/* For tests: replaces the pause of a slowed attempt (NULL restores the
 * real sleep), so a test can see the delay without waiting for it. Set it
 * before any sign-in runs; it is not meant to change while serving. */
void throttle_set_sleep(void (*fn)(unsigned ms));

#endif
