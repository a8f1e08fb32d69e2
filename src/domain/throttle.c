/* throttle.c — how often the door may be knocked on: counting failed
 * password checks per email and per client address, the verdict on the
 * next attempt, counting the attempts refused, and counting registrations
 * per client address.
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
 * and getting there takes SIGNIN_REFUSE_AT failures, each audited.
 *
 * Past the slow-down limit, the next attempt must come a pause after the
 * last failure. The pause used to be slept inside the request, holding one
 * of the server's few worker threads: eight slowed sign-ins made /healthz
 * wait 5.6 s (issue 11, finding 7). Now an attempt that comes too soon is
 * answered at once with the seconds left (THROTTLE_WAIT), and written
 * nowhere: it tested no password, and a pause of two seconds at most is no
 * event. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "throttle.h"

#define FIRST_DELAY_MS 250

/* ---- The verdict ------------------------------------------------------------ */

enum { BY_EMAIL, BY_ADDRESS, NLIMITS };

static const struct limit {
	const char *scope;       /* signin_refusal.scope */
	const char *count_sql;   /* failures since $2 for the key $1: count, oldest, latest */
	int slow_after, refuse_at;
} limits[NLIMITS] = {
	[BY_EMAIL] = {"email",
	              "SELECT count(*), min(at), max(at) FROM signin_failure "
	              "WHERE email = $1 AND at > $2",
	              SIGNIN_SLOW_AFTER, SIGNIN_REFUSE_AT},
	[BY_ADDRESS] = {"address",
	                "SELECT count(*), min(at), max(at) FROM signin_failure "
	                "WHERE client_addr = $1 AND at > $2",
	                SIGNIN_ADDR_SLOW_AFTER, SIGNIN_ADDR_REFUSE_AT},
};

struct verdict {
	bool refused[NLIMITS];   /* by which limit */
	int retry_after;         /* seconds, when refused */
	int64_t wait_ms;         /* until the pause after the last failure is over */
};

/* Milliseconds since the epoch of one of our ISO-8601 UTC timestamps
 * ("2026-12-10T09:30:00.123Z", audit_time), or -1. */
static int64_t iso_ms(const char *s)
{
	struct tm tm = {0};
	int ms = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	                 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) < 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

/* The same clock as audit_time's, in milliseconds. */
static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000L;
}

/* The pause after the last failure: 250 ms for the first failure past the
 * limit, doubling, capped. */
static int64_t delay_for(int64_t past_limit)
{
	if (past_limit > 8)
		return SIGNIN_MAX_DELAY_MS;
	int64_t ms = (int64_t)FIRST_DELAY_MS << past_limit;
	return ms < SIGNIN_MAX_DELAY_MS ? ms : SIGNIN_MAX_DELAY_MS;
}

/* Whole seconds to wait for ms milliseconds: at least 1, rounded up. */
static int seconds_for(int64_t ms)
{
	int64_t s = (ms + 999) / 1000;
	return s < 1 ? 1 : (int)s;
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
	int64_t oldest = rc == 1 ? iso_ms(db_text(res, 1)) : -1;
	int64_t latest = rc == 1 ? iso_ms(db_text(res, 2)) : -1;
	db_res_free(res);
	if (rc < 0)
		return -1;
	int64_t now = now_ms();
	if (count >= l->refuse_at) {
		/* Once the oldest failure leaves the window the count drops
		 * below the limit again. */
		int64_t wait = oldest < 0 ? SIGNIN_WINDOW_SECONDS :
		               seconds_for(oldest + SIGNIN_WINDOW_SECONDS * 1000LL - now);
		if (wait > SIGNIN_WINDOW_SECONDS)
			wait = SIGNIN_WINDOW_SECONDS;
		v->refused[which] = true;
		if (wait > v->retry_after)
			v->retry_after = (int)wait;
	} else if (count >= l->slow_after && latest >= 0) {
		int64_t left = latest + delay_for(count - l->slow_after) - now;
		if (left > v->wait_ms)
			v->wait_ms = left;
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

enum throttle_verdict throttle_may_try(struct db *db, const struct throttle_attempt *a,
                                       int *retry_after)
{
	struct verdict v = {0};
	*retry_after = 0;
	if (judge(db, BY_EMAIL, a->email, &v) < 0)
		return THROTTLE_ERROR;
	/* No address (the console): only the account's limit applies. */
	if (*a->client_addr && judge(db, BY_ADDRESS, a->client_addr, &v) < 0)
		return THROTTLE_ERROR;
	if (v.refused[BY_EMAIL] || v.refused[BY_ADDRESS]) {
		*retry_after = v.retry_after;
		struct refusal r = {.a = a, .v = &v};
		return audit_transaction(db, true, refusal_body, &r) == OUTCOME_OK ?
		       THROTTLE_REFUSED : THROTTLE_ERROR;
	}
	if (v.wait_ms > 0) {
		*retry_after = seconds_for(v.wait_ms);
		return THROTTLE_WAIT;
	}
	return THROTTLE_MAY;
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

/* ---- Registrations, counted -------------------------------------------------- */

struct registration_count {
	const char *addr;
	int64_t period;
};

/* Adds one to the address's registrations of the period, unless it has
 * made the most already (OUTCOME_CONFLICT, nothing written). The first of
 * a period clears the periods older than a day away. */
static enum outcome registration_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct registration_count *c = ctx;
	int64_t n = 0;
	if (db_scalar_int(db, &n, 0, "SELECT registrations FROM registration_count "
	                  "WHERE client_addr = $1 AND period = $2",
	                  DB_ARGS(DB_TEXT(c->addr), DB_INT(c->period))) < 0)
		return OUTCOME_ERROR;
	if (n >= REGISTER_ADDR_LIMIT)
		return OUTCOME_CONFLICT;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "INSERT INTO registration_count (client_addr, period, registrations, "
	            "first_at, last_at) VALUES ($1, $2, 1, $3, $3) "
	            "ON CONFLICT (client_addr, period) DO UPDATE SET "
	            "registrations = registration_count.registrations + 1, last_at = $3",
	            DB_ARGS(DB_TEXT(c->addr), DB_INT(c->period), DB_TEXT(now))) != 1)
		return OUTCOME_ERROR;
	if (n == 0 &&
	    db_exec(db, "DELETE FROM registration_count WHERE period < $1",
	            DB_ARGS(DB_INT(c->period - 24 * 3600 / REGISTER_WINDOW_SECONDS))) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum throttle_verdict throttle_registration(struct db *db, const char *client_addr,
                                            int *retry_after)
{
	*retry_after = 0;
	if (!client_addr || !*client_addr)
		return THROTTLE_MAY;
	time_t now = time(NULL);
	struct registration_count c = {.addr = client_addr,
	                               .period = (int64_t)now / REGISTER_WINDOW_SECONDS};
	enum outcome o = audit_transaction(db, true, registration_body, &c);
	if (o == OUTCOME_CONFLICT) {
		int64_t left = (c.period + 1) * REGISTER_WINDOW_SECONDS - (int64_t)now;
		*retry_after = left < 1 ? 1 : (int)left;
		return THROTTLE_REFUSED;
	}
	return o == OUTCOME_OK ? THROTTLE_MAY : THROTTLE_ERROR;
}
