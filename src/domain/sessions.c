/* sessions.c — signing in and out, and session lookup.
 *
 * Everything here is bookkeeping that no cached public page shows, so its
 * transactions are unversioned (db_begin_unversioned): signing in must not
 * flush the page cache of every node. The session row holds the token's
 * hash and the CSRF token; expiry is decided by comparing the row's
 * timestamps with bounds computed here, so the same SQL works on both
 * backends. Failed sign-ins are counted and judged by throttle.c. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "principal.h"
#include "sessions.h"
#include "throttle.h"
#include "util.h"

#define TOUCH_EVERY_SECONDS 60

/* ---- Tokens' form ----------------------------------------------------------- */

bool sessions_token_wellformed(const char *token)
{
	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return false;
	for (const char *p = token; *p; p++) {
		char c = *p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* ---- Signing in ----------------------------------------------------------------- */

struct attempt {
	struct throttle_attempt t;   /* email normalised, or "" when not an address */
	char *token;                 /* the new session's, on success */
};

static void id_text(char out[24], int64_t id)
{
	snprintf(out, 24, "%lld", (long long)id);
}

static enum outcome disabled_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct attempt *a = ctx;
	return throttle_audit_attempt(db, &a->t) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

static enum outcome success_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct attempt *a = ctx;
	struct user u;
	enum outcome rc = principal_get(db, a->t.user_id, &u);
	if (rc != OUTCOME_OK)
		return rc;
	char now[AUDIT_TIME_LEN + 1], max_age[AUDIT_TIME_LEN + 1], idle[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	audit_time(max_age, -SESSION_MAX_SECONDS);
	audit_time(idle, -SESSION_IDLE_SECONDS);
	char hash[AUTH_HASH_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	auth_token_new(a->token);
	auth_token_hash(a->token, hash);
	auth_token_new(csrf);
	const char *addr = a->t.client_addr;
	int64_t sid = 0;
	if (db_scalar_int(db, &sid, 0,
	                  "INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, "
	                  "last_used_at, client_addr) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
	                  DB_ARGS(DB_TEXT(hash), DB_INT(a->t.user_id), DB_TEXT(csrf), DB_TEXT(now),
	                          DB_TEXT(*addr ? addr : NULL))) < 0 || sid <= 0)
		return OUTCOME_ERROR;
	/* The account's failures are forgiven; its dead sessions are cleared
	 * away (the audit trail keeps the sign-ins). */
	if (principal_signed_in(db, a->t.user_id, now) < 0 ||
	    throttle_forgive(db, a->t.email) < 0 ||
	    db_exec(db, "DELETE FROM user_session WHERE user_id = $1 AND (ended_at IS NOT NULL "
	            "OR created_at < $2 OR last_used_at < $3)",
	            DB_ARGS(DB_INT(a->t.user_id), DB_TEXT(max_age), DB_TEXT(idle))) < 0)
		return OUTCOME_ERROR;
	char oid[24];
	id_text(oid, sid);
	struct audit_event ev = {.user = &u, .action = "session.sign_in", .object_type = "session",
	                         .object_id = oid, .channel = a->t.channel, .client_addr = addr};
	return audit_append(db, &ev) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

/* Checks the password against the account, or burns the same time when
 * there is none. Sets a->t.user_id and *disabled. Returns 1 when it
 * matches, 0 when not, -1 on a database error. */
static int check_password(struct db *db, struct attempt *a, const char *password,
                          bool *disabled)
{
	struct principal_secret secret;
	enum outcome found = principal_secret_email(db, a->t.email, &secret);
	if (found == OUTCOME_ERROR)
		return -1;
	a->t.user_id = secret.id;
	size_t plen = strlen(password);
	if (found == OUTCOME_NOT_FOUND || plen > PASSWORD_MAX_BYTES) {
		auth_password_burn(plen > PASSWORD_MAX_BYTES ? "" : password);
		sodium_memzero(secret.password_hash, sizeof secret.password_hash);
		return 0;
	}
	*disabled = secret.disabled;
	bool ok = auth_password_verify(secret.password_hash, password);
	sodium_memzero(secret.password_hash, sizeof secret.password_hash);
	return ok;
}

enum signin_result sessions_sign_in(struct db *db, const char *email, const char *password,
                                    const char *channel, const char *client_addr,
                                    char token[AUTH_TOKEN_LEN + 1], int *retry_after)
{
	token[0] = '\0';
	*retry_after = 0;
	char norm[EMAIL_MAX + 1];
	/* Not an address: no account can match, but it still counts, under
	 * "" (and under the client's address). */
	if (principal_email_normalise(email, norm) < 0)
		norm[0] = '\0';
	struct attempt a = {.t = {.email = norm, .channel = channel ? channel : "web",
	                          .client_addr = client_addr ? client_addr : ""},
	                    .token = token};
	switch (throttle_may_try(db, &a.t, retry_after)) {
	case THROTTLE_MAY:
		break;
	case THROTTLE_WAIT:
		return SIGNIN_WAIT;          /* the client waits, not this thread */
	case THROTTLE_REFUSED:
		return SIGNIN_THROTTLED;     /* counted, not audited (throttle.c) */
	case THROTTLE_ERROR:
		return SIGNIN_ERROR;
	}
	bool disabled = false;
	int ok = check_password(db, &a, password ? password : "", &disabled);
	if (ok < 0)
		return SIGNIN_ERROR;
	if (!ok) {
		a.t.action = "session.sign_in_failed";
		return throttle_count_failure(db, &a.t) == 0 ? SIGNIN_BAD_CREDENTIALS : SIGNIN_ERROR;
	}
	if (disabled) {
		a.t.action = "session.sign_in_disabled";
		return audit_transaction(db, true, disabled_body, &a) == OUTCOME_OK ?
		       SIGNIN_DISABLED : SIGNIN_ERROR;
	}
	if (audit_transaction(db, true, success_body, &a) != OUTCOME_OK) {
		token[0] = '\0';
		return SIGNIN_ERROR;
	}
	return SIGNIN_OK;
}

/* ---- Using a session ----------------------------------------------------------- */

enum { S_ID, S_CSRF, S_LAST_USED, S_USER };

static const char lookup_sql[] =
	"SELECT s.id, s.csrf_token, s.last_used_at, " PRINCIPAL_COLUMNS " "
	"FROM user_session s JOIN account u ON u.id = s.user_id "
	"JOIN actor a ON a.id = u.actor_id "
	"WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.created_at > $2 "
	"AND s.last_used_at > $3 AND u.disabled = 0";

/* Moves last_used_at forward, at most once a minute: a write per request
 * would cost more than the session is worth. A failure only means the next
 * request tries again. */
static void touch(struct db *db, int64_t id, const char *last_used)
{
	char recent[AUDIT_TIME_LEN + 1], now[AUDIT_TIME_LEN + 1];
	audit_time(recent, -TOUCH_EVERY_SECONDS);
	if (last_used && strcmp(last_used, recent) > 0)
		return;
	audit_time(now, 0);
	if (db_begin_unversioned(db) < 0)
		return;
	if (db_exec(db, "UPDATE user_session SET last_used_at = $1 WHERE id = $2",
	            DB_ARGS(DB_TEXT(now), DB_INT(id))) < 0 || db_commit(db) < 0)
		db_rollback(db);
}

enum outcome sessions_lookup(struct db *db, const char *token, struct user *out)
{
	if (!sessions_token_wellformed(token))
		return OUTCOME_NOT_FOUND;
	char hash[AUTH_HASH_LEN + 1], max_age[AUDIT_TIME_LEN + 1], idle[AUDIT_TIME_LEN + 1];
	auth_token_hash(token, hash);
	audit_time(max_age, -SESSION_MAX_SECONDS);
	audit_time(idle, -SESSION_IDLE_SECONDS);
	struct db_res *res = db_query(db, lookup_sql,
	                              DB_ARGS(DB_TEXT(hash), DB_TEXT(max_age), DB_TEXT(idle)));
	if (!res)
		return OUTCOME_ERROR;
	int rc = db_next(res);
	int64_t sid = 0;
	char last_used[AUDIT_TIME_LEN + 1] = "";
	if (rc == 1) {
		principal_read_row(res, S_USER, out);
		sid = db_int(res, S_ID);
		out->session_id = sid;
		snprintf(out->csrf_token, sizeof out->csrf_token, "%s",
		         db_text(res, S_CSRF) ? db_text(res, S_CSRF) : "");
		snprintf(last_used, sizeof last_used, "%s",
		         db_text(res, S_LAST_USED) ? db_text(res, S_LAST_USED) : "");
	}
	db_res_free(res);
	if (rc < 0)
		return OUTCOME_ERROR;
	if (rc == 0)
		return OUTCOME_NOT_FOUND;
	touch(db, sid, last_used);
	return OUTCOME_OK;
}

int64_t sessions_end_all(struct db *db, int64_t user_id, int64_t keep)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	return db_exec(db, "UPDATE user_session SET ended_at = $1 "
	               "WHERE user_id = $2 AND id <> $3 AND ended_at IS NULL",
	               DB_ARGS(DB_TEXT(now), DB_INT(user_id), DB_INT(keep)));
}

static enum outcome end_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct user *u = ctx;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int64_t n = db_exec(db, "UPDATE user_session SET ended_at = $1 "
	                    "WHERE id = $2 AND user_id = $3 AND ended_at IS NULL",
	                    DB_ARGS(DB_TEXT(now), DB_INT(u->session_id), DB_INT(u->id)));
	if (n < 0)
		return OUTCOME_ERROR;
	if (n == 0)
		return OUTCOME_NOT_FOUND;
	char oid[24];
	id_text(oid, u->session_id);
	struct audit_event ev = {.user = u, .action = "session.sign_out", .object_type = "session",
	                         .object_id = oid};
	return audit_append(db, &ev) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome sessions_end(struct db *db, const struct user *u)
{
	if (!u || u->session_id <= 0)
		return OUTCOME_NOT_FOUND;
	return audit_transaction(db, true, end_body, (void *)u);
}
