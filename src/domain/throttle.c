/* throttle.c — sign-in throttling: counting failed password checks per
 * email and per client address, the verdict on the next attempt, and
 * counting the attempts refused.
 *
 * Everything here is bookkeeping that no cached public page shows, so its
 * transactions are unversioned (db_begin_unversioned). A refused attempt
 * is not counted as a failure: counting it would let anyone keep an
 * account locked forever by knocking every few minutes. It is counted as
 * a refusal instead (signin_refusal: per email, per address, per period of
 * SIGNIN_WINDOW_SECONDS), and audited only when it is the first of its
 * period: the moment an account or an address gets shut out is something
 * that happened to the system, which the operator may need to find ("why
 * could she not sign in at ten?"); each further knock on the shut door is
 * not, and auditing each one let anyone grow the trail, one write
 * transaction per request, with emails of their choosing (issue 11,
 * finding 2). The entry costs at most one per email or address and period,
 * and getting there takes SIGNIN_REFUSE_AT failures, each audited. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "throttle.h"

#define FIRST_DELAY_MS 250

static void real_sleep(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Set once by tests before any sign-in; read-only while serving. */
static void (*sleeper)(unsigned ms) = real_sleep;

void throttle_set_sleep(void (*fn)(unsigned ms))
{
	sleeper = fn ? fn : real_sleep;
}

/* ---- The verdict ------------------------------------------------------------ */

enum { BY_EMAIL, BY_ADDRESS, NLIMITS };

static const struct limit {
	const char *scope;       /* signin_refusal.scope */
	const char *count_sql;   /* failures since $2 for the key $1: count, oldest */
	int slow_after, refuse_at;
} limits[NLIMITS] = {
	[BY_EMAIL] = {"email",
	              "SELECT count(*), min(at) FROM signin_failure WHERE email = $1 AND at > $2",
	              SIGNIN_SLOW_AFTER, SIGNIN_REFUSE_AT},
	[BY_ADDRESS] = {"address",
	                "SELECT count(*), min(at) FROM signin_failure "
	                "WHERE client_addr = $1 AND at > $2",
	                SIGNIN_ADDR_SLOW_AFTER, SIGNIN_ADDR_REFUSE_AT},
};

struct verdict {
	bool refused[NLIMITS];   /* by which limit */
	int retry_after;         /* seconds, when refused */
	unsigned delay_ms;       /* before checking the password, otherwise */
};

/* Seconds since the epoch of one of our ISO-8601 UTC timestamps, or -1. */
static int64_t iso_seconds(const char *s)
{
	struct tm tm = {0};
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                 &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

/* 250 ms for the first failure past the limit, doubling, capped. */
static unsigned delay_for(int64_t past_limit)
{
	if (past_limit > 8)
		return SIGNIN_MAX_DELAY_MS;
	unsigned ms = FIRST_DELAY_MS << past_limit;
	return ms < SIGNIN_MAX_DELAY_MS ? ms : SIGNIN_MAX_DELAY_MS;
}

/* Applies limit `which` to key. Returns 0, or -1 on a database error. */
static int judge(struct db *db, int which, const char *key, struct verdict *v)
{
	const struct limit *l = &limits[which];
	char since[AUDIT_TIME_LEN + 1];
	audit_time(since, -SIGNIN_WINDOW_SECONDS);
	struct db_res *res = db_query(db, l->count_sql, DB_ARGS(DB_TEXT(key), DB_TEXT(since)));
	if (!res)
		return -1;
	int rc = db_next(res);
	int64_t count = rc == 1 ? db_int(res, 0) : 0;
	int64_t oldest = rc == 1 ? iso_seconds(db_text(res, 1)) : -1;
	db_res_free(res);
	if (rc < 0)
		return -1;
	if (count >= l->refuse_at) {
		/* Once the oldest failure leaves the window the count drops
		 * below the limit again. */
		int64_t wait = oldest < 0 ? SIGNIN_WINDOW_SECONDS :
		               oldest + SIGNIN_WINDOW_SECONDS - (int64_t)time(NULL) + 1;
		if (wait < 1)
			wait = 1;
		if (wait > SIGNIN_WINDOW_SECONDS)
			wait = SIGNIN_WINDOW_SECONDS;
		v->refused[which] = true;
		if (wait > v->retry_after)
			v->retry_after = (int)wait;
	} else if (count >= l->slow_after) {
		unsigned d = delay_for(count - l->slow_after);
		if (d > v->delay_ms)
			v->delay_ms = d;
	}
	return 0;
}

/* ---- Refusals, counted ------------------------------------------------------- */

/* The attempt refused, and the verdict that refused it. */
struct refusal {
	const struct throttle_attempt *a;
	const struct verdict *v;
};

/* Seconds since 1970 divided by the window: the period a refusal counts in. */
static int64_t period_now(void)
{
	return (int64_t)time(NULL) / SIGNIN_WINDOW_SECONDS;
}

/* The audit entry of an attempt: the email tried (never the password),
 * the account when there is one, and for a refusal the limit that
 * refused ("email" or "address"; NULL otherwise). */
static int audit_entry(struct db *db, const struct throttle_attempt *a, const char *action,
                       const char *limit)
{
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)a->user_id);
	json_t *changes = json_pack("{s:{s:n, s:s}}", "email", "before", "after", a->email);
	if (limit)
		json_object_set_new(changes, "limit", json_pack("{s:n, s:s}", "before", "after",
		                                                limit));
	struct audit_event ev = {.action = action, .object_type = "user",
	                         .object_id = a->user_id ? oid : NULL, .changes = changes,
	                         .channel = a->channel, .client_addr = a->client_addr};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc;
}

/* Adds one to the refusals of each limit that refused; the first of its
 * period is audited, and older periods than a day are forgotten then. */
static enum outcome refusal_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct refusal *r = ctx;
	int64_t period = period_now();
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	for (int i = 0; i < NLIMITS; i++) {
		if (!r->v->refused[i])
			continue;
		const char *subject = i == BY_EMAIL ? r->a->email : r->a->client_addr;
		int64_t n = 0;
		if (db_scalar_int(db, &n, 0,
		                  "INSERT INTO signin_refusal (scope, subject, period, refusals, "
		                  "first_at, last_at) VALUES ($1, $2, $3, 1, $4, $4) "
		                  "ON CONFLICT (scope, subject, period) DO UPDATE SET "
		                  "refusals = signin_refusal.refusals + 1, last_at = $4 "
		                  "RETURNING refusals",
		                  DB_ARGS(DB_TEXT(limits[i].scope), DB_TEXT(subject), DB_INT(period),
		                          DB_TEXT(now))) < 0 || n <= 0)
			return OUTCOME_ERROR;
		if (n > 1)
			continue;
		if (audit_entry(db, r->a, "session.sign_in_throttled", limits[i].scope) < 0 ||
		    db_exec(db, "DELETE FROM signin_refusal WHERE period < $1",
		            DB_ARGS(DB_INT(period - 24 * 3600 / SIGNIN_WINDOW_SECONDS))) < 0)
			return OUTCOME_ERROR;
	}
	return OUTCOME_OK;
}

int throttle_may_try(struct db *db, const struct throttle_attempt *a, int *retry_after)
{
	struct verdict v = {0};
	*retry_after = 0;
	if (judge(db, BY_EMAIL, a->email, &v) < 0)
		return -1;
	/* No address (the console): only the account's limit applies. */
	if (*a->client_addr && judge(db, BY_ADDRESS, a->client_addr, &v) < 0)
		return -1;
	if (v.refused[BY_EMAIL] || v.refused[BY_ADDRESS]) {
		*retry_after = v.retry_after;
		struct refusal r = {.a = a, .v = &v};
		return audit_transaction(db, true, refusal_body, &r) == OUTCOME_OK ? 0 : -1;
	}
	if (v.delay_ms)
		sleeper(v.delay_ms);
	return 1;
}

/* ---- Failures, counted -------------------------------------------------------- */

int throttle_audit_attempt(struct db *db, const struct throttle_attempt *a)
{
	return audit_entry(db, a, a->action, NULL);
}

static enum outcome failure_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct throttle_attempt *a = ctx;
	char now[AUDIT_TIME_LEN + 1], old[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	audit_time(old, -SIGNIN_WINDOW_SECONDS);
	/* Failures that left the window count no more: forget them. */
	if (db_exec(db, "DELETE FROM signin_failure WHERE at < $1", DB_ARGS(DB_TEXT(old))) < 0 ||
	    db_exec(db, "INSERT INTO signin_failure (email, client_addr, at) VALUES ($1, $2, $3)",
	            DB_ARGS(DB_TEXT(a->email), DB_TEXT(a->client_addr), DB_TEXT(now))) != 1)
		return OUTCOME_ERROR;
	return throttle_audit_attempt(db, a) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

int throttle_count_failure(struct db *db, const struct throttle_attempt *a)
{
	return audit_transaction(db, true, failure_body, (void *)a) == OUTCOME_OK ? 0 : -1;
}

int throttle_forgive(struct db *db, const char *email)
{
	return db_exec(db, "DELETE FROM signin_failure WHERE email = $1",
	               DB_ARGS(DB_TEXT(email))) < 0 ? -1 : 0;
}
