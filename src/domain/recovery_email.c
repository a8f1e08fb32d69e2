/* recovery_email.c — a change of address, confirmed from the new address
 * and announced at the old one (recovery.h). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "i18n.h"
#include "mail.h"
#include "principal.h"
#include "recovery.h"
#include "sessions.h"
#include "users.h"
#include "validate.h"

/* The id of an account (deleted ones included: their placeholder is
 * taken too) with this address, 0 when none, -1 on error. */
static int64_t taken_by(struct db *db, const char *email)
{
	int64_t id = 0;
	return db_scalar_int(db, &id, 0, "SELECT id FROM account WHERE email = $1",
	                     DB_ARGS(DB_TEXT(email))) < 0 ? -1 : id;
}

struct request_change {
	const struct user *u;
	const char *email;     /* normalised */
	json_t *errors;
};

static enum outcome request_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct request_change *r = ctx;
	int64_t other = taken_by(db, r->email);
	if (other < 0)
		return OUTCOME_ERROR;
	if (other) {
		valid_error(r->errors, "email", other == r->u->id ?
		            N_("This is your address already.") :
		            N_("This email is already registered."));
		return OUTCOME_INVALID;
	}
	char now[AUDIT_TIME_LEN + 1], until[AUDIT_TIME_LEN + 1], hash[AUTH_HASH_LEN + 1];
	char token[AUTH_TOKEN_LEN + 1];
	audit_time(now, 0);
	audit_time(until, RECOVERY_EMAIL_CHANGE_SECONDS);
	auth_token_new(token);
	auth_token_hash(token, hash);
	json_t *model = json_pack("{s:s}", "token", token);
	sodium_memzero(token, sizeof token);
	json_t *acc = db_json_row(db, "SELECT locale FROM account WHERE id = $1",
	                          DB_ARGS(DB_INT(r->u->id)));
	int rc = acc && json_is_object(acc) &&
	         db_exec(db, "UPDATE email_change SET revoked_at = $2 WHERE user_id = $1 "
	                 "AND used_at IS NULL AND revoked_at IS NULL",
	                 DB_ARGS(DB_INT(r->u->id), DB_TEXT(now))) >= 0 &&
	         db_exec(db, "INSERT INTO email_change (user_id, new_email, token_hash, created_at, "
	                 "expires_at) VALUES ($1, $2, $3, $4, $5)",
	                 DB_ARGS(DB_INT(r->u->id), DB_TEXT(r->email), DB_TEXT(hash), DB_TEXT(now),
	                         DB_TEXT(until))) == 1 &&
	         mail_queue(db, r->email, json_string_value(json_object_get(acc, "locale")),
	                    "email_change", N_("Confirm your new address for Pacte"), model) > 0 &&
	         audit_record(db, r->u, "user.email_change_requested", "user", r->u->id, NULL) == 0;
	json_decref(model);
	json_decref(acc);
	return rc ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome recovery_request_email_change(struct db *db, const struct user *u,
                                           const char *new_email, const char *password,
                                           json_t *errors)
{
	if (!u || u->disabled)
		return OUTCOME_DENIED;
	char norm[EMAIL_MAX + 1];
	int bad = 0;
	if (principal_email_normalise(new_email, norm) < 0) {
		valid_error(errors, "email", N_("Enter an email address such as name@example.org."));
		bad++;
	}
	enum outcome checked = users_confirm_password(db, u, password, "password", errors);
	if (checked != OUTCOME_OK && checked != OUTCOME_INVALID && checked != OUTCOME_CONFLICT)
		return checked;
	if (checked != OUTCOME_OK || bad)
		return OUTCOME_INVALID;
	struct request_change r = {u, norm, errors};
	return audit_transaction(db, false, request_body, &r);
}

/* The live change's {id, user_id, new_email}: 1 found, 0 not, -1 error. */
static int find_live(struct db *db, const char *token, json_t **out)
{
	*out = NULL;
	if (!token || !sessions_token_wellformed(token))
		return 0;
	char now[AUDIT_TIME_LEN + 1], hash[AUTH_HASH_LEN + 1];
	audit_time(now, 0);
	auth_token_hash(token, hash);
	json_t *row = db_json_row(db, "SELECT c.id, c.user_id, c.new_email FROM email_change c "
	                          "JOIN account u ON u.id = c.user_id WHERE c.token_hash = $1 "
	                          "AND c.used_at IS NULL AND c.revoked_at IS NULL "
	                          "AND c.expires_at > $2 AND u.disabled = 0",
	                          DB_ARGS(DB_TEXT(hash), DB_TEXT(now)));
	if (!row)
		return -1;
	if (json_is_object(row)) {
		*out = row;
		return 1;
	}
	json_decref(row);
	return 0;
}

int recovery_email_token_live(struct db *db, const char *token)
{
	json_t *row;
	int f = find_live(db, token, &row);
	json_decref(row);
	return f;
}

struct confirm {
	const char *token, *channel, *client_addr;
};

static enum outcome confirm_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct confirm *c = ctx;
	json_t *row;
	int f = find_live(db, c->token, &row);
	if (f <= 0)
		return f < 0 ? OUTCOME_ERROR : OUTCOME_NOT_FOUND;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	int64_t uid = json_integer_value(json_object_get(row, "user_id"));
	const char *email = json_string_value(json_object_get(row, "new_email"));
	enum outcome o = OUTCOME_OK;
	int64_t other = taken_by(db, email);
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	json_t *announce = json_pack("{s:s}", "new_email", email);
	if (other)
		o = other < 0 ? OUTCOME_ERROR : OUTCOME_CONFLICT;
	/* The old address is told first, while the account still has it. */
	else if (mail_queue_user(db, uid, "email_changed", N_("The address of your Pacte account was changed"),
	                         announce) < 0 ||
	         db_exec(db, "UPDATE email_change SET used_at = $2 WHERE id = $1",
	                 DB_ARGS(DB_INT(id), DB_TEXT(now))) != 1 ||
	         db_exec(db, "UPDATE account SET email = $2, email_verified_at = $3 WHERE id = $1",
	                 DB_ARGS(DB_INT(uid), DB_TEXT(email), DB_TEXT(now))) != 1 ||
	         db_exec(db, "UPDATE account_token SET revoked_at = $2 WHERE user_id = $1 "
	                 "AND used_at IS NULL AND revoked_at IS NULL",
	                 DB_ARGS(DB_INT(uid), DB_TEXT(now))) < 0)
		o = OUTCOME_ERROR;
	json_decref(announce);
	json_decref(row);
	if (o != OUTCOME_OK)
		return o;
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)uid);
	struct audit_event ev = {.action = "user.email_change", .object_type = "user",
	                         .object_id = oid, .channel = c->channel,
	                         .client_addr = c->client_addr};
	return audit_append(db, &ev) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome recovery_confirm_email_change(struct db *db, const char *token,
                                           const char *channel, const char *client_addr)
{
	struct confirm c = {token, channel, client_addr};
	return audit_transaction(db, false, confirm_body, &c);
}
