/* users.c — managing accounts: adding, listing and disabling users, and
 * password changes.
 *
 * Passwords are hashed before any transaction starts: Argon2id takes a
 * tenth of a second on purpose, and holding the write lock that long would
 * stall every other writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "i18n.h"
#include "permission.h"
#include "sessions.h"
#include "text.h"
#include "throttle.h"
#include "tokens.h"
#include "users.h"
#include "util.h"
#include "validate.h"

#define NAME_MAX_CHARS 200

/* ---- Validation ----------------------------------------------------------- */

const char *users_password_problem(const char *password)
{
	size_t len = password ? strlen(password) : 0;
	if (len > PASSWORD_MAX_BYTES)
		return N_("This password is too long.");
	if (!utf8_valid(password ? password : "", len))
		return N_("This password is not valid text.");
	if (utf8_length(password ? password : "", len) < PASSWORD_MIN_CHARS)
		return N_("Use at least 10 characters.");
	return NULL;
}

/* One line of text, 1 to NAME_MAX_CHARS characters, no control characters. */
static bool name_valid(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (!len || !utf8_valid(s, len) || utf8_length(s, len) > NAME_MAX_CHARS)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			return false;
	return true;
}

const char *users_name_problem(const char *name)
{
	return name_valid(name) ? NULL : N_("Enter a name of 1 to 200 characters on one line.");
}

static void add_error(json_t *errors, const char *field, const char *msgid)
{
	if (errors)
		valid_error(errors, field, msgid);
}

/* ---- Reading ------------------------------------------------------------- */

bool users_have_admin(struct db *db)
{
	int64_t n = 0;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM account "
	                  "WHERE role = 'admin' AND disabled = 0", NO_ARGS) < 0)
		return false;
	return n > 0;
}

json_t *users_list(struct db *db)
{
	struct db_res *res = db_query(db,
		"SELECT u.id, u.email, u.name, u.role, u.actor_id, a.name, u.disabled, "
		"u.created_at, u.last_sign_in FROM account u JOIN actor a ON a.id = u.actor_id "
		"ORDER BY u.id", NO_ARGS);
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		int role = role_parse(db_text(res, 3));
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(db_int(res, 0)));
		json_object_set_new(o, "email", db_json(res, 1));
		json_object_set_new(o, "name", db_json(res, 2));
		json_object_set_new(o, "role", db_json(res, 3));
		json_object_set_new(o, "role_label", json_string(role < 0 ? "" :
		                                                 role_label((enum role)role)));
		json_object_set_new(o, "actor", json_pack("{s:I, s:o}", "id",
		                                          (json_int_t)db_int(res, 4),
		                                          "name", db_json(res, 5)));
		json_object_set_new(o, "disabled", json_boolean(db_int(res, 6) != 0));
		json_object_set_new(o, "created_at", db_json(res, 7));
		json_object_set_new(o, "last_sign_in", db_json(res, 8));
		json_array_append_new(list, o);
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* ---- Adding --------------------------------------------------------------- */

/* {"before": before, "after": after}, stealing both references. */
static json_t *change(json_t *before, json_t *after)
{
	return json_pack("{s:o, s:o}", "before", before ? before : json_null(),
	                 "after", after ? after : json_null());
}

static void id_text(char out[24], int64_t id)
{
	snprintf(out, 24, "%lld", (long long)id);
}

struct add {
	const struct user *by;
	const char *email, *name, *hash;
	const char *channel, *client_addr;   /* for an anonymous registrant */
	enum role role;
	int64_t actor_id;
	json_t *errors;
	int64_t id;
	/* Whether the address counts as the owner's from the start: an
	 * account the operator or an administrator adds (they vouch for it);
	 * a registrant's must be shown first (recovery.h). */
	bool verified;
};

/* Writes the actor's kind ("state", "partner") into kind. Returns 1, 0
 * when there is no such actor, -1 on error. */
static int actor_kind(struct db *db, int64_t actor_id, char kind[16])
{
	struct db_res *res = db_query(db, "SELECT kind FROM actor WHERE id = $1",
	                              DB_ARGS(DB_INT(actor_id)));
	if (!res)
		return -1;
	int rc = db_next(res);
	if (rc == 1)
		snprintf(kind, 16, "%s", db_text(res, 0) ? db_text(res, 0) : "");
	db_res_free(res);
	return rc;
}

/* Focal points speak for a state, editors for a partner; admins and
 * reviewers may belong to any actor. */
int users_role_check(struct db *db, enum role role, int64_t actor_id, json_t *errors)
{
	char kind[16] = "";
	int rc = actor_kind(db, actor_id, kind);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		add_error(errors, "actor", N_("There is no such actor."));
		return 0;
	}
	if (role == ROLE_FOCAL_POINT && strcmp(kind, "state") != 0) {
		add_error(errors, "role", N_("A focal point belongs to a state."));
		return 0;
	}
	if (role == ROLE_EDITOR && strcmp(kind, "partner") != 0) {
		add_error(errors, "role", N_("An editor belongs to a partner organisation."));
		return 0;
	}
	return 1;
}

/* Inserts the account and its audit entry; the checks against the
 * database go into a->errors. Shared with actors_register, which runs it
 * inside its own transaction. */
static enum outcome insert_user(struct db *db, struct add *a)
{
	int fits = users_role_check(db, a->role, a->actor_id, a->errors);
	if (fits < 0)
		return OUTCOME_ERROR;
	int64_t taken = 0;
	if (db_scalar_int(db, &taken, 0, "SELECT count(*) FROM account WHERE email = $1",
	                  DB_ARGS(DB_TEXT(a->email))) < 0)
		return OUTCOME_ERROR;
	if (taken)
		add_error(a->errors, "email", N_("This email is already registered."));
	if (!fits || taken)
		return OUTCOME_INVALID;

	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_scalar_int(db, &a->id, 0,
	                  "INSERT INTO account (email, name, password_hash, role, actor_id, "
	                  "disabled, created_at, email_verified_at) "
	                  "VALUES ($1, $2, $3, $4, $5, 0, $6, $7) RETURNING id",
	                  DB_ARGS(DB_TEXT(a->email), DB_TEXT(a->name), DB_TEXT(a->hash),
	                          DB_TEXT(role_name(a->role)), DB_INT(a->actor_id),
	                          DB_TEXT(now), DB_TEXT(a->verified ? now : NULL))) < 0 ||
	    a->id <= 0)
		return OUTCOME_ERROR;
	/* Its actor is its first membership (members.h). */
	if (db_exec(db, "INSERT INTO membership (user_id, actor_id, role, created_at) "
	            "VALUES ($1, $2, $3, $4)", DB_ARGS(DB_INT(a->id), DB_INT(a->actor_id),
	            DB_TEXT(role_name(a->role)), DB_TEXT(now))) != 1)
		return OUTCOME_ERROR;
	char oid[24];
	id_text(oid, a->id);
	json_t *changes = json_pack("{s:o, s:o, s:o, s:o}",
	                            "email", change(NULL, json_string(a->email)),
	                            "name", change(NULL, json_string(a->name)),
	                            "role", change(NULL, json_string(role_name(a->role))),
	                            "actor_id", change(NULL, json_integer(a->actor_id)));
	struct audit_event ev = {.user = a->by, .action = "user.add", .object_type = "user",
	                         .object_id = oid, .changes = changes, .channel = a->channel,
	                         .client_addr = a->client_addr};
	int arc = audit_append(db, &ev);
	json_decref(changes);
	return arc == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

static enum outcome add_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	return insert_user(db, ctx);
}

/* Checks the fields that need no database; the first problem of each goes
 * into errors. Returns the number of problems. */
static int check_new_user(const char *email, const char *name, const char *password,
                          char norm[EMAIL_MAX + 1], json_t *errors)
{
	int bad = 0;
	if (principal_email_normalise(email, norm) < 0) {
		add_error(errors, "email", N_("Enter an email address such as name@example.org."));
		bad++;
	}
	if (!name_valid(name)) {
		add_error(errors, "name", N_("Enter a name of 1 to 200 characters on one line."));
		bad++;
	}
	const char *problem = users_password_problem(password);
	if (problem) {
		add_error(errors, "password", problem);
		bad++;
	}
	return bad;
}

/* Audits a denial decided before any transaction: one needing nothing from
 * the database (the object's owner is given). */
static enum outcome deny_now(struct db *db, const struct user *by, enum action a,
                             const struct object_ref *obj)
{
	struct audit_txn t = {0};
	audit_txn_deny(&t, by, a, obj);
	audit_denied(db, &t.denial);
	return OUTCOME_DENIED;
}

enum outcome users_insert_in_txn(struct db *db, const char *email, const char *name,
                                 const char *password_hash, enum role role, int64_t actor_id,
                                 const char *channel, const char *client_addr,
                                 json_t *errors, int64_t *id)
{
	char norm[EMAIL_MAX + 1];
	if (principal_email_normalise(email, norm) < 0) {
		add_error(errors, "email", N_("Enter an email address such as name@example.org."));
		return OUTCOME_INVALID;
	}
	struct add a = {.email = norm, .name = name, .hash = password_hash, .role = role,
	                .actor_id = actor_id, .channel = channel, .client_addr = client_addr,
	                .errors = errors};
	enum outcome rc = insert_user(db, &a);
	if (rc == OUTCOME_OK && id)
		*id = a.id;
	return rc;
}

enum outcome users_add(struct db *db, const struct user *by, const char *email,
                       const char *name, enum role role, int64_t actor_id,
                       const char *password, json_t *errors, int64_t *id)
{
	struct object_ref obj = {.type = "user", .id = 0, .owner_actor_id = actor_id};
	if (by && !can(by, ACTION_USER_MANAGE, &obj))
		return deny_now(db, by, ACTION_USER_MANAGE, &obj);
	char norm[EMAIL_MAX + 1];
	int bad = check_new_user(email, name, password, norm, errors);
	if ((unsigned)role >= ROLE_COUNT) {
		add_error(errors, "role", N_("Choose a role."));
		bad++;
	}
	if (bad)
		return OUTCOME_INVALID;
	char hash[AUTH_PASSWORD_HASH_MAX];
	if (auth_password_hash(password, hash) < 0)
		return OUTCOME_ERROR;
	struct add a = {.by = by, .email = norm, .name = name, .hash = hash, .role = role,
	                .actor_id = actor_id, .errors = errors, .verified = true};
	enum outcome rc = audit_transaction(db, false, add_body, &a);
	if (rc == OUTCOME_OK && id)
		*id = a.id;
	return rc;
}

/* ---- Disabling ------------------------------------------------------------ */

struct disable {
	const struct user *by;
	int64_t id;
	bool enable;     /* re-enable a disabled account instead */
};

static enum outcome disable_body(struct db *db, struct audit_txn *t, void *ctx)
{
	struct disable *d = ctx;
	json_t *row = db_json_row(db, "SELECT actor_id, disabled FROM account WHERE id = $1",
	                          DB_ARGS(DB_INT(d->id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	int64_t actor_id = json_integer_value(json_object_get(row, "actor_id"));
	bool disabled = json_integer_value(json_object_get(row, "disabled")) != 0;
	json_decref(row);
	struct object_ref obj = {.type = "user", .id = d->id, .owner_actor_id = actor_id};
	if (d->by && !can(d->by, ACTION_USER_MANAGE, &obj))
		return audit_txn_deny(t, d->by, ACTION_USER_MANAGE, &obj);
	if (disabled == !d->enable)
		return OUTCOME_CONFLICT;
	char oid[24];
	id_text(oid, d->id);
	if (d->enable) {
		/* Its sessions and tokens stay ended: the person signs in again. */
		json_t *changes = json_pack("{s:o}", "disabled", change(json_true(), json_false()));
		struct audit_event ev = {.user = d->by, .action = "user.enable", .object_type = "user",
		                         .object_id = oid, .changes = changes};
		int rc = db_exec(db, "UPDATE account SET disabled = 0 WHERE id = $1",
		                 DB_ARGS(DB_INT(d->id))) == 1 ? audit_append(db, &ev) : -1;
		json_decref(changes);
		return rc == 0 ? OUTCOME_OK : OUTCOME_ERROR;
	}
	if (db_exec(db, "UPDATE account SET disabled = 1 WHERE id = $1",
	            DB_ARGS(DB_INT(d->id))) != 1)
		return OUTCOME_ERROR;
	int64_t sessions = sessions_end_all(db, d->id, 0);
	int64_t tokens = tokens_revoke_all(db, d->id);
	if (sessions < 0 || tokens < 0)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:o, s:o, s:o}",
	                            "disabled", change(json_false(), json_true()),
	                            "sessions_ended", change(NULL, json_integer(sessions)),
	                            "tokens_revoked", change(NULL, json_integer(tokens)));
	struct audit_event ev = {.user = d->by, .action = "user.disable", .object_type = "user",
	                         .object_id = oid, .changes = changes};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome users_disable(struct db *db, const struct user *by, int64_t id)
{
	struct disable d = {.by = by, .id = id};
	return audit_transaction(db, false, disable_body, &d);
}

enum outcome users_enable(struct db *db, const struct user *by, int64_t id)
{
	struct disable d = {.by = by, .id = id, .enable = true};
	return audit_transaction(db, false, disable_body, &d);
}

/* ---- Changing a role ------------------------------------------------------ */

struct set_role {
	const struct user *by;
	int64_t id;
	enum role role;
	json_t *errors;
};

static enum outcome set_role_body(struct db *db, struct audit_txn *t, void *ctx)
{
	struct set_role *r = ctx;
	json_t *row = db_json_row(db, "SELECT actor_id, role FROM account WHERE id = $1 "
	                          "AND deleted_at IS NULL", DB_ARGS(DB_INT(r->id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	int64_t actor_id = json_integer_value(json_object_get(row, "actor_id"));
	int before = role_parse(json_string_value(json_object_get(row, "role")));
	json_decref(row);
	struct object_ref obj = {.type = "user", .id = r->id, .owner_actor_id = actor_id};
	if (r->by && !can(r->by, ACTION_USER_MANAGE, &obj))
		return audit_txn_deny(t, r->by, ACTION_USER_MANAGE, &obj);
	if (before == (int)r->role)
		return OUTCOME_CONFLICT;
	int fits = users_role_check(db, r->role, actor_id, r->errors);
	if (fits <= 0)
		return fits < 0 ? OUTCOME_ERROR : OUTCOME_INVALID;
	if (db_exec(db, "UPDATE account SET role = $2 WHERE id = $1",
	            DB_ARGS(DB_INT(r->id), DB_TEXT(role_name(r->role)))) != 1 ||
	    db_exec(db, "UPDATE membership SET role = $3 WHERE user_id = $1 AND actor_id = $2",
	            DB_ARGS(DB_INT(r->id), DB_INT(actor_id), DB_TEXT(role_name(r->role)))) < 0)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:o}", "role", change(json_string(role_name((enum role)before)),
	                                                    json_string(role_name(r->role))));
	int rc = audit_record(db, r->by, "user.role", "user", r->id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome users_set_role(struct db *db, const struct user *by, int64_t id, enum role role,
                            json_t *errors)
{
	if ((unsigned)role >= ROLE_COUNT) {
		add_error(errors, "role", N_("Choose a role."));
		return OUTCOME_INVALID;
	}
	struct set_role r = {by, id, role, errors};
	return audit_transaction(db, false, set_role_body, &r);
}

/* ---- Changing one's password ---------------------------------------------- */

struct change_pw {
	const struct user *u;
	const char *hash;
	int64_t ended;
};

static enum outcome change_pw_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct change_pw *c = ctx;
	if (db_exec(db, "UPDATE account SET password_hash = $1 WHERE id = $2 AND disabled = 0",
	            DB_ARGS(DB_TEXT(c->hash), DB_INT(c->u->id))) != 1)
		return OUTCOME_NOT_FOUND;
	/* Whoever else holds a session of this account is signed out. */
	c->ended = sessions_end_all(db, c->u->id, c->u->session_id);
	if (c->ended < 0)
		return OUTCOME_ERROR;
	char oid[24];
	id_text(oid, c->u->id);
	json_t *changes = json_pack("{s:o}", "sessions_ended",
	                            change(NULL, json_integer(c->ended)));
	struct audit_event ev = {.user = c->u, .action = "user.change_password",
	                         .object_type = "user", .object_id = oid, .changes = changes};
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome users_confirm_password(struct db *db, const struct user *u, const char *password,
                                    const char *field, json_t *errors)
{
	if (!u || u->disabled)
		return OUTCOME_DENIED;
	struct throttle_attempt attempt = {
		.email = u->email, .client_addr = u->client_addr ? u->client_addr : "",
		.channel = u->channel ? u->channel : "web", .user_id = u->id,
		.action = "user.password_change_failed",
	};
	int retry_after;
	switch (throttle_may_try(db, &attempt, &retry_after)) {
	case THROTTLE_MAY:
		break;
	case THROTTLE_WAIT:
		add_error(errors, field,
		          N_("Too many wrong passwords: wait a few seconds, then try again."));
		return OUTCOME_CONFLICT;
	case THROTTLE_REFUSED:
		add_error(errors, field,
		          N_("Too many wrong passwords: try again in a few minutes."));
		return OUTCOME_CONFLICT;
	case THROTTLE_ERROR:
		return OUTCOME_ERROR;
	}
	struct principal_secret secret;
	enum outcome found = principal_secret_id(db, u->id, &secret);
	if (found != OUTCOME_OK)
		return found;
	if (secret.disabled)
		return OUTCOME_NOT_FOUND;
	bool ok = auth_password_verify(secret.password_hash, password ? password : "");
	sodium_memzero(secret.password_hash, sizeof secret.password_hash);
	if (ok)
		return OUTCOME_OK;
	if (throttle_count_failure(db, &attempt) < 0)
		return OUTCOME_ERROR;
	add_error(errors, field, N_("The current password is not right."));
	return OUTCOME_INVALID;
}

enum outcome users_change_password(struct db *db, const struct user *u, const char *current,
                                   const char *new_password, json_t *errors)
{
	enum outcome checked = users_confirm_password(db, u, current, "current_password", errors);
	if (checked == OUTCOME_CONFLICT)
		return OUTCOME_INVALID;      /* throttled: said on the field, nothing else checked */
	if (checked != OUTCOME_OK && checked != OUTCOME_INVALID)
		return checked;
	int bad = checked == OUTCOME_INVALID;
	const char *problem = users_password_problem(new_password);
	if (problem) {
		add_error(errors, "new_password", problem);
		bad++;
	}
	if (bad)
		return OUTCOME_INVALID;
	char hash[AUTH_PASSWORD_HASH_MAX];
	if (auth_password_hash(new_password, hash) < 0)
		return OUTCOME_ERROR;
	struct change_pw c = {.u = u, .hash = hash};
	return audit_transaction(db, true, change_pw_body, &c);
}
