/* privacy.c — a person's data: what Pacte holds about them, whether their
 * name is shown, and deleting their account (privacy.h). */
#include <stdio.h>
#include <string.h>


#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "members.h"
#include "principal.h"
#include "privacy.h"
#include "sessions.h"
#include "tokens.h"
#include "users.h"
#include "util.h"
#include "validate.h"

/* ---- Everything held about a person ---------------------------------------------- */

/* Each section but the account and what they wrote: one query of $1, the
 * account's id. Columns are exactly what the section promises. */
static const struct {
	const char *key, *sql;
} sections[] = {
	{"memberships", "SELECT m.actor_id, a.name AS actor, m.role, m.created_at AS since "
	 "FROM membership m JOIN actor a ON a.id = m.actor_id WHERE m.user_id = $1 "
	 "ORDER BY m.created_at, m.actor_id"},
	{"sessions", "SELECT created_at, last_used_at, ended_at, client_addr FROM user_session "
	 "WHERE user_id = $1 ORDER BY id"},
	{"api_tokens", "SELECT label, scope, created_at, last_used_at, revoked_at FROM api_token "
	 "WHERE user_id = $1 ORDER BY id"},
	{"notifications", "SELECT message, args, url, created_at FROM notification "
	 "WHERE user_id = $1 ORDER BY id"},
	{"mail", "SELECT m.subject, m.template, m.status, m.created_at, m.sent_at FROM mail m "
	 "JOIN account u ON u.email = m.recipient WHERE u.id = $1 ORDER BY m.id"},
	{"activity", "SELECT at, action, object_type, object_id, channel, client_addr "
	 "FROM audit_log WHERE user_id = $1 ORDER BY id"},
};

/* What they are the author of, as [{id, url}]. */
static const struct {
	const char *key, *sql;
} written[] = {
	{"progress_updates", "SELECT p.id, '/commitments/' || p.commitment_id AS url "
	 "FROM progress_update p WHERE p.author_user_id = $1 ORDER BY p.id"},
	{"practices", "SELECT id, '/practices/' || id AS url FROM practice "
	 "WHERE created_by = $1 ORDER BY id"},
};

json_t *privacy_export(struct db *db, const struct user *u)
{
	json_t *account = db_json_row(db, "SELECT id, email, name, role, locale, show_name, "
	                              "created_at, last_sign_in, email_verified_at, notify_mail "
	                              "FROM account "
	                              "WHERE id = $1", DB_ARGS(DB_INT(u->id)));
	if (!account || !json_is_object(account)) {
		json_decref(account);
		return NULL;
	}
	json_object_set_new(account, "show_name",
	                    json_boolean(json_integer_value(json_object_get(account, "show_name"))));
	json_t *out = json_pack("{s:o}", "account", account);
	for (size_t i = 0; i < ARRAY_LEN(sections); i++) {
		json_t *rows = db_json_rows(db, sections[i].sql, DB_ARGS(DB_INT(u->id)));
		if (!rows) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, sections[i].key, rows);
	}
	json_t *w = json_object();
	json_object_set_new(out, "written", w);
	for (size_t i = 0; i < ARRAY_LEN(written); i++) {
		json_t *rows = db_json_rows(db, written[i].sql, DB_ARGS(DB_INT(u->id)));
		if (!rows) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(w, written[i].key, rows);
	}
	return out;
}

/* ---- Showing one's name ------------------------------------------------------------------ */

int privacy_name_shown(struct db *db, int64_t user_id)
{
	int64_t shown = 0;
	if (db_scalar_int(db, &shown, 0, "SELECT show_name FROM account WHERE id = $1",
	                  DB_ARGS(DB_INT(user_id))) < 0)
		return -1;
	return shown != 0;
}

struct show {
	const struct user *u;
	bool show;
};

static enum outcome show_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct show *s = ctx;
	json_t *row = db_json_row(db, "SELECT show_name FROM account WHERE id = $1",
	                          DB_ARGS(DB_INT(s->u->id)));
	if (!row || !json_is_object(row)) {
		json_decref(row);
		return OUTCOME_ERROR;
	}
	bool before = json_integer_value(json_object_get(row, "show_name")) != 0;
	json_decref(row);
	if (before == s->show)
		return OUTCOME_OK;
	if (db_exec(db, "UPDATE account SET show_name = $2 WHERE id = $1",
	            DB_ARGS(DB_INT(s->u->id), DB_INT(s->show))) != 1)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:b, s:b}}", "show_name", "before", before,
	                            "after", s->show);
	int rc = audit_record(db, s->u, "user.show_name", "user", s->u->id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome privacy_show_name(struct db *db, const struct user *u, bool show)
{
	if (!u || u->disabled)
		return OUTCOME_DENIED;
	struct show s = {u, show};
	return audit_transaction(db, false, show_body, &s);
}

/* ---- Deleting an account ----------------------------------------------------------------- */

/* What goes with an account: rows that are nothing but theirs, found by
 * its id ($1)… */
static const char *const forget_by_id[] = {
	"DELETE FROM user_session WHERE user_id = $1",
	"DELETE FROM api_token WHERE user_id = $1",
	"DELETE FROM account_token WHERE user_id = $1",
	"DELETE FROM email_change WHERE user_id = $1",
	"DELETE FROM notification WHERE user_id = $1",
	"DELETE FROM membership WHERE user_id = $1",
};

/* … and by its address ($1, the old one). */
static const char *const forget_by_email[] = {
	"DELETE FROM mail_attempt WHERE mail_id IN (SELECT id FROM mail WHERE recipient = $1)",
	"DELETE FROM mail WHERE recipient = $1",
	"DELETE FROM invitation WHERE email = $1 AND accepted_at IS NULL",
	"DELETE FROM signin_failure WHERE email = $1",
	"DELETE FROM signin_refusal WHERE scope = 'email' AND subject = $1",
	"DELETE FROM recovery_request WHERE email = $1",
};

/* The actors u is the last manager of while others remain: 1 some, 0
 * none, -1 error. */
static int last_manager_somewhere(struct db *db, int64_t user_id)
{
	json_t *rows = db_json_rows(db, "SELECT m.actor_id FROM membership m WHERE m.user_id = $1 "
	                            "AND m.role IN ('editor', 'focal_point') AND EXISTS (SELECT 1 "
	                            "FROM membership o JOIN account x ON x.id = o.user_id "
	                            "WHERE o.actor_id = m.actor_id AND o.user_id <> m.user_id "
	                            "AND x.deleted_at IS NULL)", DB_ARGS(DB_INT(user_id)));
	if (!rows)
		return -1;
	int found = 0;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		int64_t n = members_other_managers(db, json_integer_value(json_object_get(r, "actor_id")),
		                                   user_id);
		if (n < 0) {
			found = -1;
			break;
		}
		if (n == 0)
			found = 1;
	}
	json_decref(rows);
	return found;
}

static enum outcome delete_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	const struct user *u = ctx;
	int last = last_manager_somewhere(db, u->id);
	if (last)
		return last < 0 ? OUTCOME_ERROR : OUTCOME_CONFLICT;
	json_t *row = db_json_row(db, "SELECT email FROM account WHERE id = $1 "
	                          "AND deleted_at IS NULL", DB_ARGS(DB_INT(u->id)));
	if (!row || !json_is_object(row)) {
		json_decref(row);
		return row ? OUTCOME_NOT_FOUND : OUTCOME_ERROR;
	}
	char email[EMAIL_MAX + 1], placeholder[64], now[AUDIT_TIME_LEN + 1];
	snprintf(email, sizeof email, "%s", json_string_value(json_object_get(row, "email")));
	json_decref(row);
	/* Unique, not an address anyone can receive mail at (RFC 2606), so
	 * nobody signs in with it nor resets its password. */
	snprintf(placeholder, sizeof placeholder, "deleted-%lld@deleted.invalid", (long long)u->id);
	audit_time(now, 0);
	for (size_t i = 0; i < ARRAY_LEN(forget_by_id); i++)
		if (db_exec(db, forget_by_id[i], DB_ARGS(DB_INT(u->id))) < 0)
			return OUTCOME_ERROR;
	for (size_t i = 0; i < ARRAY_LEN(forget_by_email); i++)
		if (db_exec(db, forget_by_email[i], DB_ARGS(DB_TEXT(email))) < 0)
			return OUTCOME_ERROR;
	if (db_exec(db, "UPDATE account SET email = $2, name = '', password_hash = '!', "
	            "disabled = 1, locale = NULL, show_name = 0, last_sign_in = NULL, "
	            "deleted_at = $3 WHERE id = $1",
	            DB_ARGS(DB_INT(u->id), DB_TEXT(placeholder), DB_TEXT(now))) != 1)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:n, s:s}}", "deleted_at", "before", "after", now);
	int rc = audit_record(db, u, "user.delete", "user", u->id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome privacy_delete(struct db *db, const struct user *u, const char *password,
                            json_t *errors)
{
	enum outcome checked = users_confirm_password(db, u, password, "password", errors);
	if (checked != OUTCOME_OK)
		return checked == OUTCOME_CONFLICT ? OUTCOME_INVALID : checked;
	return audit_transaction(db, false, delete_body, (void *)u);
}
