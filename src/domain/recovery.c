/* recovery.c — password reset and address verification by mailed,
 * single-use tokens (recovery.h). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "mail.h"
#include "principal.h"
#include "recovery.h"
#include "sessions.h"
#include "throttle.h"
#include "users.h"
#include "validate.h"

static void id_text(char out[24], int64_t id)
{
	snprintf(out, 24, "%lld", (long long)id);
}

/* ---- Counting requests ------------------------------------------------------- */

/* Counts one request for email (normalised, or "") from client_addr ("":
 * the console, not limited by address), in an unversioned transaction of
 * its own. 1 may go on, 0 refused (*retry_after set; not counted), -1. */
static int count_request(struct db *db, const char *email, const char *client_addr,
                         int *retry_after)
{
	char now[AUDIT_TIME_LEN + 1], since[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	audit_time(since, -RECOVERY_WINDOW_SECONDS);
	*retry_after = 0;
	if (db_begin_unversioned(db) < 0)
		return -1;
	int64_t by_email = 0, by_addr = 0;
	if (db_scalar_int(db, &by_email, 0, "SELECT count(*) FROM recovery_request "
	                  "WHERE email = $1 AND at > $2", DB_ARGS(DB_TEXT(email), DB_TEXT(since))) < 0 ||
	    (*client_addr &&
	     db_scalar_int(db, &by_addr, 0, "SELECT count(*) FROM recovery_request "
	                   "WHERE client_addr = $1 AND at > $2",
	                   DB_ARGS(DB_TEXT(client_addr), DB_TEXT(since))) < 0)) {
		db_rollback(db);
		return -1;
	}
	if (by_email >= RECOVERY_EMAIL_LIMIT || by_addr >= RECOVERY_ADDR_LIMIT) {
		db_rollback(db);
		/* The window slides: say the whole of it, an upper bound. */
		*retry_after = RECOVERY_WINDOW_SECONDS;
		return 0;
	}
	if (db_exec(db, "INSERT INTO recovery_request (email, client_addr, at) VALUES ($1, $2, $3)",
	            DB_ARGS(DB_TEXT(email), DB_TEXT(client_addr), DB_TEXT(now))) < 0 ||
	    db_exec(db, "DELETE FROM recovery_request WHERE at < $1", DB_ARGS(DB_TEXT(since))) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) < 0 ? -1 : 1;
}

/* ---- Tokens ------------------------------------------------------------------ */

/* Inside a transaction: revokes user_id's live tokens of purpose, makes a
 * new one lasting `seconds`, writes it in clear into token. 0 or -1. */
static int issue(struct db *db, int64_t user_id, const char *purpose, int seconds,
                 char token[AUTH_TOKEN_LEN + 1])
{
	char now[AUDIT_TIME_LEN + 1], until[AUDIT_TIME_LEN + 1], hash[AUTH_HASH_LEN + 1];
	audit_time(now, 0);
	audit_time(until, seconds);
	auth_token_new(token);
	auth_token_hash(token, hash);
	if (db_exec(db, "UPDATE account_token SET revoked_at = $3 WHERE user_id = $1 "
	            "AND purpose = $2 AND used_at IS NULL AND revoked_at IS NULL",
	            DB_ARGS(DB_INT(user_id), DB_TEXT(purpose), DB_TEXT(now))) < 0)
		return -1;
	return db_exec(db, "INSERT INTO account_token (user_id, purpose, token_hash, created_at, "
	               "expires_at) VALUES ($1, $2, $3, $4, $5)",
	               DB_ARGS(DB_INT(user_id), DB_TEXT(purpose), DB_TEXT(hash), DB_TEXT(now),
	                       DB_TEXT(until))) == 1 ? 0 : -1;
}

/* The live token's id and account: 1 found, 0 not, -1 error. */
static int find_live(struct db *db, const char *purpose, const char *token, int64_t *id,
                     int64_t *user_id)
{
	if (!token || !sessions_token_wellformed(token))
		return 0;
	char now[AUDIT_TIME_LEN + 1], hash[AUTH_HASH_LEN + 1];
	audit_time(now, 0);
	auth_token_hash(token, hash);
	json_t *row = db_json_row(db, "SELECT t.id, t.user_id FROM account_token t "
	                          "JOIN account u ON u.id = t.user_id "
	                          "WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL "
	                          "AND t.revoked_at IS NULL AND t.expires_at > $3 AND u.disabled = 0",
	                          DB_ARGS(DB_TEXT(hash), DB_TEXT(purpose), DB_TEXT(now)));
	if (!row)
		return -1;
	int found = json_is_object(row);
	if (found) {
		*id = json_integer_value(json_object_get(row, "id"));
		*user_id = json_integer_value(json_object_get(row, "user_id"));
	}
	json_decref(row);
	return found;
}

int recovery_token_live(struct db *db, const char *purpose, const char *token)
{
	int64_t id, uid;
	return find_live(db, purpose, token, &id, &uid);
}

static int spend(struct db *db, int64_t token_id)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	return db_exec(db, "UPDATE account_token SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
	               DB_ARGS(DB_INT(token_id), DB_TEXT(now))) == 1 ? 0 : -1;
}

/* ---- Reset ------------------------------------------------------------------- */

struct reset_request {
	int64_t user_id;
	const char *channel, *client_addr;
};

static enum outcome reset_request_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct reset_request *r = ctx;
	char token[AUTH_TOKEN_LEN + 1], oid[24];
	if (issue(db, r->user_id, "reset", RECOVERY_RESET_SECONDS, token) < 0)
		return OUTCOME_ERROR;
	json_t *model = json_pack("{s:s}", "token", token);
	sodium_memzero(token, sizeof token);
	int64_t mail = mail_queue_user(db, r->user_id, "reset",
	                               N_("Reset your Pacte password"), model);
	json_decref(model);
	id_text(oid, r->user_id);
	struct audit_event ev = {.action = "user.reset_requested", .object_type = "user",
	                         .object_id = oid, .channel = r->channel,
	                         .client_addr = r->client_addr};
	return mail < 0 || audit_append(db, &ev) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome recovery_request_reset(struct db *db, const char *email, const char *channel,
                                    const char *client_addr, int *retry_after)
{
	char norm[EMAIL_MAX + 1];
	if (principal_email_normalise(email, norm) < 0)
		norm[0] = '\0';
	int c = count_request(db, norm, client_addr ? client_addr : "", retry_after);
	if (c < 0)
		return OUTCOME_ERROR;
	if (c == 0)
		return OUTCOME_CONFLICT;
	if (!*norm)
		return OUTCOME_OK;
	struct user u;
	enum outcome found = principal_get_email(db, norm, &u);
	if (found == OUTCOME_NOT_FOUND || (found == OUTCOME_OK && u.disabled))
		return OUTCOME_OK;       /* the same answer: nothing to learn */
	if (found != OUTCOME_OK)
		return OUTCOME_ERROR;
	struct reset_request r = {u.id, channel, client_addr};
	return audit_transaction(db, true, reset_request_body, &r);
}

struct reset {
	const char *token, *hash, *channel, *client_addr;
};

static enum outcome reset_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct reset *r = ctx;
	int64_t tid, uid;
	int f = find_live(db, "reset", r->token, &tid, &uid);
	if (f <= 0)
		return f < 0 ? OUTCOME_ERROR : OUTCOME_NOT_FOUND;
	char now[AUDIT_TIME_LEN + 1], oid[24];
	audit_time(now, 0);
	json_t *row = db_json_row(db, "SELECT email FROM account WHERE id = $1",
	                          DB_ARGS(DB_INT(uid)));
	const char *email = json_string_value(json_object_get(row, "email"));
	int64_t ended = -1;
	bool ok = email && spend(db, tid) == 0 &&
	          db_exec(db, "UPDATE account_token SET revoked_at = $2 WHERE user_id = $1 "
	                  "AND purpose = 'reset' AND used_at IS NULL AND revoked_at IS NULL",
	                  DB_ARGS(DB_INT(uid), DB_TEXT(now))) >= 0 &&
	          db_exec(db, "UPDATE account SET password_hash = $2, "
	                  "email_verified_at = COALESCE(email_verified_at, $3) WHERE id = $1",
	                  DB_ARGS(DB_INT(uid), DB_TEXT(r->hash), DB_TEXT(now))) == 1 &&
	          (ended = sessions_end_all(db, uid, 0)) >= 0 && throttle_forgive(db, email) == 0 &&
	          mail_queue_user(db, uid, "password_changed",
	                          N_("Your Pacte password was changed"), NULL) >= 0;
	json_decref(row);
	if (!ok)
		return OUTCOME_ERROR;
	id_text(oid, uid);
	json_t *changes = json_pack("{s:{s:n, s:I}}", "sessions_ended", "before", "after",
	                            (json_int_t)ended);
	struct audit_event ev = {.action = "user.password_reset", .object_type = "user",
	                         .object_id = oid, .changes = changes, .channel = r->channel,
	                         .client_addr = r->client_addr};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome recovery_reset(struct db *db, const char *token, const char *new_password,
                            const char *channel, const char *client_addr, json_t *errors)
{
	int live = recovery_token_live(db, "reset", token);
	if (live <= 0)
		return live < 0 ? OUTCOME_ERROR : OUTCOME_NOT_FOUND;
	const char *problem = users_password_problem(new_password);
	if (problem) {
		valid_error(errors, "password", problem);
		return OUTCOME_INVALID;
	}
	char hash[AUTH_PASSWORD_HASH_MAX];
	if (auth_password_hash(new_password, hash) < 0)
		return OUTCOME_ERROR;
	struct reset r = {token, hash, channel, client_addr};
	enum outcome o = audit_transaction(db, false, reset_body, &r);
	sodium_memzero(hash, sizeof hash);
	return o;
}

/* ---- Verification -------------------------------------------------------------- */

int recovery_send_verification(struct db *db, int64_t user_id)
{
	char token[AUTH_TOKEN_LEN + 1];
	if (issue(db, user_id, "verify", RECOVERY_VERIFY_SECONDS, token) < 0)
		return -1;
	json_t *model = json_pack("{s:s}", "token", token);
	sodium_memzero(token, sizeof token);
	int64_t id = mail_queue_user(db, user_id, "verify",
	                             N_("Confirm your address for Pacte"), model);
	json_decref(model);
	return id < 0 ? -1 : 0;
}

struct verify {
	const char *token, *channel, *client_addr;
	int64_t user_id;       /* for the operator: the account, no token */
};

static enum outcome mark_verified(struct db *db, int64_t uid, const struct verify *v)
{
	char now[AUDIT_TIME_LEN + 1], oid[24];
	audit_time(now, 0);
	int64_t n = db_exec(db, "UPDATE account SET email_verified_at = $2 WHERE id = $1 "
	                    "AND email_verified_at IS NULL", DB_ARGS(DB_INT(uid), DB_TEXT(now)));
	if (n < 0)
		return OUTCOME_ERROR;
	if (n == 0)
		return OUTCOME_OK;     /* verified already: nothing to record */
	id_text(oid, uid);
	json_t *changes = json_pack("{s:{s:n, s:s}}", "email_verified_at", "before", "after", now);
	struct audit_event ev = {.action = "user.verify", .object_type = "user", .object_id = oid,
	                         .changes = changes, .channel = v->channel,
	                         .client_addr = v->client_addr};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

static enum outcome verify_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct verify *v = ctx;
	if (v->user_id)
		return mark_verified(db, v->user_id, v);
	int64_t tid, uid;
	int f = find_live(db, "verify", v->token, &tid, &uid);
	if (f <= 0)
		return f < 0 ? OUTCOME_ERROR : OUTCOME_NOT_FOUND;
	if (spend(db, tid) < 0)
		return OUTCOME_ERROR;
	return mark_verified(db, uid, v);
}

enum outcome recovery_verify(struct db *db, const char *token, const char *channel,
                             const char *client_addr)
{
	struct verify v = {.token = token, .channel = channel, .client_addr = client_addr};
	return audit_transaction(db, false, verify_body, &v);
}

enum outcome recovery_verify_by_operator(struct db *db, const char *email)
{
	int64_t id = principal_find_email(db, email);
	if (id <= 0)
		return id < 0 ? OUTCOME_ERROR : OUTCOME_NOT_FOUND;
	struct verify v = {.channel = "cli", .user_id = id};
	return audit_transaction(db, false, verify_body, &v);
}

static enum outcome resend_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct user *u = ctx;
	return recovery_send_verification(db, u->id) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome recovery_resend_verification(struct db *db, const struct user *u,
                                          int *retry_after)
{
	if (!u->unverified)
		return OUTCOME_INVALID;
	int c = count_request(db, u->email, u->client_addr ? u->client_addr : "", retry_after);
	if (c <= 0)
		return c < 0 ? OUTCOME_ERROR : OUTCOME_CONFLICT;
	return audit_transaction(db, true, resend_body, (void *)u);
}
