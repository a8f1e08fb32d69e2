/* tokens.c — personal API tokens: creating (with a scope and an expiry),
 * listing, revoking (one, or all of an account's), and the lookup behind
 * Authorization: Bearer. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "principal.h"
#include "sessions.h"
#include "i18n.h"
#include "tokens.h"
#include "util.h"
#include "validate.h"

#define TOUCH_EVERY_SECONDS 60

static void id_text(char out[24], int64_t id)
{
	snprintf(out, 24, "%lld", (long long)id);
}

const char *const token_scopes[] = {"read", "write", NULL};

const struct field tokens_fields[] = {
	{"label", FIELD_TEXT, 0, 0, TOKEN_LABEL_MAX_CHARS, NULL},
	{"scope", FIELD_CHOICE, 0, 0, 0, token_scopes, 0, NULL,
	 N_("The scope is read (the token may only read) or write (it may also change data).")},
	{"expires_in_days", FIELD_INT, 0, 1, TOKEN_EXPIRY_MAX_DAYS, NULL, 0, NULL,
	 N_("A token expires after a whole number of days from {min} to {max}.")},
};
const size_t tokens_nfields = ARRAY_LEN(tokens_fields);

struct create {
	const struct user *u;
	const char *label;
	const char *scope;
	int64_t days;
	char *token;
	int64_t id;
	char created_at[AUDIT_TIME_LEN + 1];
	char expires_at[AUDIT_TIME_LEN + 1];
};

static enum outcome create_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct create *c = ctx;
	int64_t active = 0;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_scalar_int(db, &active, 0, "SELECT count(*) FROM api_token "
	                  "WHERE user_id = $1 AND revoked_at IS NULL "
	                  "AND (expires_at IS NULL OR expires_at > $2)",
	                  DB_ARGS(DB_INT(c->u->id), DB_TEXT(now))) < 0)
		return OUTCOME_ERROR;
	if (active >= TOKENS_PER_USER_MAX)
		return OUTCOME_CONFLICT;
	char hash[AUTH_HASH_LEN + 1];
	audit_time(c->created_at, 0);
	audit_time(c->expires_at, c->days * 86400);
	auth_token_new(c->token);
	auth_token_hash(c->token, hash);
	if (db_scalar_int(db, &c->id, 0,
	                  "INSERT INTO api_token (token_hash, user_id, label, created_at, scope, "
	                  "expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	                  DB_ARGS(DB_TEXT(hash), DB_INT(c->u->id), DB_TEXT(c->label),
	                          DB_TEXT(c->created_at), DB_TEXT(c->scope),
	                          DB_TEXT(c->expires_at))) < 0 || c->id <= 0)
		return OUTCOME_ERROR;
	char oid[24];
	id_text(oid, c->id);
	json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:s}, s:{s:n, s:s}}",
	                            "label", "before", "after", c->label,
	                            "scope", "before", "after", c->scope,
	                            "expires_at", "before", "after", c->expires_at);
	struct audit_event ev = {.user = c->u, .action = "token.create", .object_type = "api_token",
	                         .object_id = oid, .changes = changes};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome tokens_make(struct db *db, const struct user *u, const json_t *input,
                         json_t *errors, char token[AUTH_TOKEN_LEN + 1], json_t **made)
{
	token[0] = '\0';
	if (made)
		*made = NULL;
	if (!u || u->disabled || u->id <= 0)
		return OUTCOME_DENIED;
	json_t *clean = NULL;
	if (valid_check(tokens_fields, tokens_nfields, input, NULL, errors, &clean) > 0 ||
	    json_object_size(errors) > 0) {
		json_decref(clean);
		return OUTCOME_INVALID;
	}
	const char *label = json_string_value(json_object_get(clean, "label"));
	const char *scope = json_string_value(json_object_get(clean, "scope"));
	int64_t days = json_integer_value(json_object_get(clean, "expires_in_days"));
	struct create c = {.u = u, .label = label ? label : "", .scope = scope ? scope : "read",
	                   .days = days ? days : TOKEN_EXPIRY_DEFAULT_DAYS, .token = token};
	enum outcome rc = audit_transaction(db, true, create_body, &c);
	if (rc != OUTCOME_OK)
		token[0] = '\0';
	else if (made)
		*made = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)c.id,
		                  "label", c.label, "scope", c.scope, "created_at", c.created_at,
		                  "expires_at", c.expires_at);
	json_decref(clean);
	return rc;
}

enum outcome tokens_create(struct db *db, const struct user *u, const char *label,
                           char token[AUTH_TOKEN_LEN + 1], int64_t *id)
{
	json_t *input = json_pack("{s:s, s:s}", "label", label ? label : "", "scope", "write");
	if (!input) {
		token[0] = '\0';
		return OUTCOME_INVALID;    /* not UTF-8: no JSON string holds it */
	}
	json_t *errors = json_object(), *made = NULL;
	enum outcome rc = tokens_make(db, u, input, errors, token, &made);
	if (rc == OUTCOME_OK && id)
		*id = json_integer_value(json_object_get(made, "id"));
	json_decref(made);
	json_decref(errors);
	json_decref(input);
	return rc;
}

json_t *tokens_list(struct db *db, const struct user *u)
{
	if (!u)
		return json_array();
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	json_t *list = db_json_rows(db, "SELECT id, label, scope, created_at, expires_at, "
	                            "last_used_at FROM api_token "
	                            "WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id",
	                            DB_ARGS(DB_INT(u->id)));
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) {
		const char *exp = json_string_value(json_object_get(t, "expires_at"));
		json_object_set_new(t, "expired", json_boolean(exp && strcmp(exp, now) <= 0));
	}
	return list;
}

struct revoke {
	const struct user *u;
	int64_t id;
};

static enum outcome revoke_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct revoke *r = ctx;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	/* Only the owner's own tokens: another's id is "not found". */
	int64_t n = db_exec(db, "UPDATE api_token SET revoked_at = $1 "
	                    "WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
	                    DB_ARGS(DB_TEXT(now), DB_INT(r->id), DB_INT(r->u->id)));
	if (n < 0)
		return OUTCOME_ERROR;
	if (n == 0)
		return OUTCOME_NOT_FOUND;
	char oid[24];
	id_text(oid, r->id);
	struct audit_event ev = {.user = r->u, .action = "token.revoke", .object_type = "api_token",
	                         .object_id = oid};
	return audit_append(db, &ev) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome tokens_revoke(struct db *db, const struct user *u, int64_t id)
{
	if (!u || u->id <= 0)
		return OUTCOME_DENIED;
	struct revoke r = {.u = u, .id = id};
	return audit_transaction(db, true, revoke_body, &r);
}

int64_t tokens_revoke_all(struct db *db, int64_t user_id)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	return db_exec(db, "UPDATE api_token SET revoked_at = $1 "
	               "WHERE user_id = $2 AND revoked_at IS NULL",
	               DB_ARGS(DB_TEXT(now), DB_INT(user_id)));
}

enum { T_ID, T_LAST_USED, T_SCOPE, T_EXPIRES, T_USER };

static const char lookup_sql[] =
	"SELECT t.id, t.last_used_at, t.scope, t.expires_at, " PRINCIPAL_COLUMNS " "
	"FROM api_token t JOIN account u ON u.id = t.user_id JOIN actor a ON a.id = u.actor_id "
	"WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = 0";

/* Records the token's last use, at most once a minute; a failure only
 * means the next request tries again. */
static void touch(struct db *db, int64_t id, const char *last_used)
{
	char recent[AUDIT_TIME_LEN + 1], now[AUDIT_TIME_LEN + 1];
	audit_time(recent, -TOUCH_EVERY_SECONDS);
	if (*last_used && strcmp(last_used, recent) > 0)
		return;
	audit_time(now, 0);
	if (db_begin_unversioned(db) < 0)
		return;
	if (db_exec(db, "UPDATE api_token SET last_used_at = $1 WHERE id = $2",
	            DB_ARGS(DB_TEXT(now), DB_INT(id))) < 0 || db_commit(db) < 0)
		db_rollback(db);
}

enum outcome tokens_lookup(struct db *db, const char *token, struct user *out)
{
	if (!sessions_token_wellformed(token))
		return OUTCOME_NOT_FOUND;
	char hash[AUTH_HASH_LEN + 1];
	auth_token_hash(token, hash);
	struct db_res *res = db_query(db, lookup_sql, DB_ARGS(DB_TEXT(hash)));
	if (!res)
		return OUTCOME_ERROR;
	int rc = db_next(res);
	int64_t tid = 0;
	char last_used[AUDIT_TIME_LEN + 1] = "";
	if (rc == 1) {
		principal_read_row(res, T_USER, out);
		tid = db_int(res, T_ID);
		snprintf(last_used, sizeof last_used, "%s",
		         db_text(res, T_LAST_USED) ? db_text(res, T_LAST_USED) : "");
		snprintf(out->token_scope, sizeof out->token_scope, "%s",
		         db_text(res, T_SCOPE) ? db_text(res, T_SCOPE) : "read");
		snprintf(out->token_expires_at, sizeof out->token_expires_at, "%s",
		         db_text(res, T_EXPIRES) ? db_text(res, T_EXPIRES) : "");
	}
	db_res_free(res);
	if (rc < 0)
		return OUTCOME_ERROR;
	if (rc == 0)
		return OUTCOME_NOT_FOUND;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (out->token_expires_at[0] && strcmp(out->token_expires_at, now) <= 0)
		return OUTCOME_DENIED;
	touch(db, tid, last_used);
	return OUTCOME_OK;
}
