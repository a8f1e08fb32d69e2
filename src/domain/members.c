/* members.c — an actor's members and invitations, and which actor a
 * person acts for (members.h). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "actors.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "i18n.h"
#include "mail.h"
#include "members.h"
#include "permission.h"
#include "sessions.h"
#include "tokens.h"
#include "users.h"
#include "util.h"
#include "validate.h"

/* The roles that manage an actor's members: an actor always keeps one. */
#define MANAGING_ROLES "('editor', 'focal_point')"

static bool managing(enum role r)
{
	return r == ROLE_EDITOR || r == ROLE_FOCAL_POINT;
}

/* The actor as can() sees it: 1 found (obj filled), 0 none, -1 error. */
static int actor_ref(struct db *db, int64_t actor_id, struct object_ref *obj)
{
	json_t *row = db_json_row(db, "SELECT operators FROM actor WHERE id = $1",
	                          DB_ARGS(DB_INT(actor_id)));
	if (!row)
		return -1;
	int found = json_is_object(row);
	if (found)
		*obj = (struct object_ref){.type = "actor", .id = actor_id, .owner_actor_id = actor_id,
		                           .operators = json_integer_value(json_object_get(row,
		                                        "operators")) != 0};
	json_decref(row);
	return found;
}

int64_t members_other_managers(struct db *db, int64_t actor_id, int64_t user_id)
{
	int64_t n = 0;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM membership m "
	                  "JOIN account u ON u.id = m.user_id WHERE m.actor_id = $1 "
	                  "AND m.user_id <> $2 AND m.role IN " MANAGING_ROLES " "
	                  "AND u.disabled = 0 AND u.deleted_at IS NULL",
	                  DB_ARGS(DB_INT(actor_id), DB_INT(user_id))) < 0)
		return -1;
	return n;
}

/* ---- Inviting ----------------------------------------------------------------- */

struct invite {
	const struct user *by;
	int64_t actor_id;
	const char *email;      /* normalised */
	enum role role;
	json_t *errors;
	int64_t id;
};

/* Revokes the live invitations of email into actor_id, makes a new one
 * and mails it. 0 or -1. */
static int insert_invitation(struct db *db, struct invite *in)
{
	char now[AUDIT_TIME_LEN + 1], until[AUDIT_TIME_LEN + 1], hash[AUTH_HASH_LEN + 1];
	char token[AUTH_TOKEN_LEN + 1];
	audit_time(now, 0);
	audit_time(until, MEMBERS_INVITE_SECONDS);
	auth_token_new(token);
	auth_token_hash(token, hash);
	json_t *actor = db_json_row(db, "SELECT name FROM actor WHERE id = $1",
	                            DB_ARGS(DB_INT(in->actor_id)));
	json_t *model = json_pack("{s:s, s:O}", "token", token, "actor",
	                          json_object_get(actor, "name"));
	sodium_memzero(token, sizeof token);
	int rc = actor && json_is_object(actor) &&
	         db_exec(db, "UPDATE invitation SET revoked_at = $3 WHERE email = $1 "
	                 "AND actor_id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
	                 DB_ARGS(DB_TEXT(in->email), DB_INT(in->actor_id), DB_TEXT(now))) >= 0 &&
	         db_scalar_int(db, &in->id, 0, "INSERT INTO invitation (actor_id, email, role, "
	                       "token_hash, invited_by, created_at, expires_at) VALUES "
	                       "($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	                       DB_ARGS(DB_INT(in->actor_id), DB_TEXT(in->email),
	                               DB_TEXT(role_name(in->role)), DB_TEXT(hash),
	                               in->by ? DB_INT(in->by->id) : DB_NULL_ARG,
	                               DB_TEXT(now), DB_TEXT(until))) == 0 &&
	         mail_queue(db, in->email, NULL, "invitation",
	                    N_("You are invited to join {actor} on Pacte"), model) > 0 ? 0 : -1;
	json_decref(model);
	json_decref(actor);
	return rc;
}

static enum outcome invite_body(struct db *db, struct audit_txn *t, void *ctx)
{
	struct invite *in = ctx;
	struct object_ref obj;
	int found = actor_ref(db, in->actor_id, &obj);
	if (found < 0)
		return OUTCOME_ERROR;
	if (!found) {
		valid_error(in->errors, "actor", N_("There is no such actor."));
		return OUTCOME_INVALID;
	}
	if (in->by && !can(in->by, ACTION_MEMBER_MANAGE, &obj))
		return audit_txn_deny(t, in->by, ACTION_MEMBER_MANAGE, &obj);
	/* Staff roles are given by administrators (or the console) only. */
	if (!managing(in->role) && in->by && in->by->role != ROLE_ADMIN) {
		valid_error(in->errors, "role", N_("Choose the organisation's own role."));
		return OUTCOME_INVALID;
	}
	int fits = users_role_check(db, in->role, in->actor_id, in->errors);
	if (fits <= 0)
		return fits < 0 ? OUTCOME_ERROR : OUTCOME_INVALID;
	int64_t member = 0;
	if (db_scalar_int(db, &member, 0, "SELECT count(*) FROM membership m "
	                  "JOIN account u ON u.id = m.user_id WHERE u.email = $1 AND m.actor_id = $2",
	                  DB_ARGS(DB_TEXT(in->email), DB_INT(in->actor_id))) < 0)
		return OUTCOME_ERROR;
	if (member) {
		valid_error(in->errors, "email", N_("This person is already a member of this organisation."));
		return OUTCOME_INVALID;
	}
	if (insert_invitation(db, in) < 0)
		return OUTCOME_ERROR;
	/* The invitee's address stays out of the trail: the invitation's id
	 * leads to it while the invitation is kept. */
	json_t *changes = json_pack("{s:{s:n, s:I}, s:{s:n, s:s}}",
	                            "actor_id", "before", "after", (json_int_t)in->actor_id,
	                            "role", "before", "after", role_name(in->role));
	int rc = audit_record(db, in->by, "member.invite", "invitation", in->id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome members_invite(struct db *db, const struct user *by, int64_t actor_id,
                            const char *email, enum role role, json_t *errors, int64_t *id)
{
	char norm[EMAIL_MAX + 1];
	if (principal_email_normalise(email, norm) < 0) {
		valid_error(errors, "email", N_("Enter an email address such as name@example.org."));
		return OUTCOME_INVALID;
	}
	if ((unsigned)role >= ROLE_COUNT) {
		valid_error(errors, "role", N_("Choose a role."));
		return OUTCOME_INVALID;
	}
	struct invite in = {.by = by, .actor_id = actor_id, .email = norm, .role = role,
	                    .errors = errors};
	enum outcome o = audit_transaction(db, false, invite_body, &in);
	if (o == OUTCOME_OK && id)
		*id = in.id;
	return o;
}

/* ---- Reading an invitation ------------------------------------------------------- */

enum { I_ID, I_EMAIL, I_ROLE, I_ACTOR, I_EXPIRES, I_ACCEPTED, I_REVOKED, I_NAME };

/* The live invitation of token as {id, email, role, actor: {id, name}}:
 * 1 found (*out a new reference), 0 not live, -1 error. */
static int find_invitation(struct db *db, const char *locale, const char *token, json_t **out)
{
	*out = NULL;
	if (!token || !sessions_token_wellformed(token))
		return 0;
	char hash[AUTH_HASH_LEN + 1], now[AUDIT_TIME_LEN + 1];
	auth_token_hash(token, hash);
	audit_time(now, 0);
	struct db_res *res = actors_query_named(db, locale,
		"SELECT i.id, i.email, i.role, i.actor_id, i.expires_at, i.accepted_at, "
		"i.revoked_at, ", " FROM invitation i JOIN actor a ON a.id = i.actor_id "
		"WHERE i.token_hash = $?", DB_TEXT(hash));
	if (!res)
		return -1;
	int rc = db_next(res);
	if (rc == 1 && db_isnull(res, I_ACCEPTED) && db_isnull(res, I_REVOKED) &&
	    strcmp(db_text(res, I_EXPIRES), now) > 0)
		*out = json_pack("{s:I, s:s, s:s, s:{s:I, s:s}}", "id", (json_int_t)db_int(res, I_ID),
		                 "email", db_text(res, I_EMAIL), "role", db_text(res, I_ROLE),
		                 "actor", "id", (json_int_t)db_int(res, I_ACTOR), "name",
		                 db_text(res, I_NAME));
	db_res_free(res);
	return rc < 0 ? -1 : *out != NULL;
}

/* The id of the live account with this (normalised) address, 0, or -1. */
static int64_t account_of(struct db *db, const char *email)
{
	int64_t id = 0;
	if (db_scalar_int(db, &id, 0, "SELECT id FROM account WHERE email = $1 "
	                  "AND deleted_at IS NULL", DB_ARGS(DB_TEXT(email))) < 0)
		return -1;
	return id;
}

json_t *members_invitation(struct db *db, const char *token)
{
	json_t *inv;
	int f = find_invitation(db, NULL, token, &inv);
	if (f <= 0)
		return f < 0 ? NULL : json_null();
	int64_t owner = account_of(db, json_string_value(json_object_get(inv, "email")));
	int role = role_parse(json_string_value(json_object_get(inv, "role")));
	if (owner < 0) {
		json_decref(inv);
		return NULL;
	}
	json_object_set_new(inv, "has_account", json_boolean(owner > 0));
	json_object_set_new(inv, "role_label", json_string(role < 0 ? "" :
	                                                   role_label((enum role)role)));
	json_object_del(inv, "id");
	return inv;
}

/* ---- Accepting ------------------------------------------------------------------------ */

struct accept {
	const char *token, *name, *hash, *channel, *client_addr;
	const struct user *u;
	json_t *errors;
	int64_t user_id;
};

static enum outcome accept_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct accept *a = ctx;
	json_t *inv;
	int f = find_invitation(db, NULL, a->token, &inv);
	if (f <= 0)
		return f < 0 ? OUTCOME_ERROR : OUTCOME_NOT_FOUND;
	const char *email = json_string_value(json_object_get(inv, "email"));
	int role = role_parse(json_string_value(json_object_get(inv, "role")));
	int64_t inv_id = json_integer_value(json_object_get(inv, "id"));
	int64_t actor_id = json_integer_value(json_object_get(json_object_get(inv, "actor"), "id"));
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	enum outcome o = OUTCOME_OK;
	int64_t owner = account_of(db, email);
	if (owner < 0 || role < 0) {
		o = OUTCOME_ERROR;
	} else if (owner > 0) {
		int64_t member = 0;
		if (!a->u || a->u->id != owner)
			o = OUTCOME_DENIED;
		else if (db_scalar_int(db, &member, 0, "SELECT count(*) FROM membership WHERE "
		                       "user_id = $1 AND actor_id = $2",
		                       DB_ARGS(DB_INT(owner), DB_INT(actor_id))) < 0)
			o = OUTCOME_ERROR;
		else if (member)
			o = OUTCOME_CONFLICT;
		else if (db_exec(db, "INSERT INTO membership (user_id, actor_id, role, created_at) "
		                 "VALUES ($1, $2, $3, $4)", DB_ARGS(DB_INT(owner), DB_INT(actor_id),
		                 DB_TEXT(role_name((enum role)role)), DB_TEXT(now))) != 1)
			o = OUTCOME_ERROR;
		a->user_id = owner;
	} else if (!a->hash) {
		o = OUTCOME_INVALID;     /* the page asks for a name and a password */
	} else {
		o = users_insert_in_txn(db, email, a->name, a->hash, (enum role)role, actor_id,
		                        a->channel, a->client_addr, a->errors, &a->user_id);
		/* The link reached the address: it is the invitee's. */
		if (o == OUTCOME_OK &&
		    db_exec(db, "UPDATE account SET email_verified_at = $2 WHERE id = $1",
		            DB_ARGS(DB_INT(a->user_id), DB_TEXT(now))) != 1)
			o = OUTCOME_ERROR;
	}
	json_decref(inv);
	if (o != OUTCOME_OK)
		return o;
	if (db_exec(db, "UPDATE invitation SET accepted_at = $2, accepted_by = $3 WHERE id = $1",
	            DB_ARGS(DB_INT(inv_id), DB_TEXT(now), DB_INT(a->user_id))) != 1)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:n, s:I}, s:{s:n, s:s}, s:{s:n, s:I}}",
	                            "user_id", "before", "after", (json_int_t)a->user_id,
	                            "role", "before", "after", role_name((enum role)role),
	                            "invitation", "before", "after", (json_int_t)inv_id);
	struct audit_event ev = {.action = "member.join", .object_type = "actor",
	                         .changes = changes, .channel = a->channel,
	                         .client_addr = a->client_addr};
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)actor_id);
	ev.object_id = oid;
	int rc = audit_append(db, &ev);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome members_accept(struct db *db, const char *token, const struct user *u,
                            const char *name, const char *password, const char *channel,
                            const char *client_addr, json_t *errors, int64_t *user_id)
{
	json_t *inv = members_invitation(db, token);
	if (!inv)
		return OUTCOME_ERROR;
	if (json_is_null(inv))
		return OUTCOME_NOT_FOUND;
	bool has_account = json_is_true(json_object_get(inv, "has_account"));
	json_decref(inv);
	char hash[AUTH_PASSWORD_HASH_MAX];
	struct accept a = {.token = token, .name = name, .channel = channel,
	                   .client_addr = client_addr, .u = u, .errors = errors};
	if (!has_account) {
		/* A new person: what users_add checks, before the slow hash. */
		int bad = 0;
		const char *why = users_name_problem(name);
		if (why) {
			valid_error(errors, "name", why);
			bad++;
		}
		const char *problem = users_password_problem(password);
		if (problem) {
			valid_error(errors, "password", problem);
			bad++;
		}
		if (bad)
			return OUTCOME_INVALID;
		if (auth_password_hash(password, hash) < 0)
			return OUTCOME_ERROR;
		a.hash = hash;
	}
	enum outcome o = audit_transaction(db, false, accept_body, &a);
	sodium_memzero(hash, sizeof hash);
	if (o == OUTCOME_OK && user_id)
		*user_id = a.user_id;
	return o;
}

/* ---- Listing --------------------------------------------------------------------------- */

/* Adds role_label (a msgid) beside each row's role. */
static void label_roles(json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		int role = role_parse(json_string_value(json_object_get(r, "role")));
		json_object_set_new(r, "role_label", json_string(role < 0 ? "" :
		                                                 role_label((enum role)role)));
	}
}

json_t *members_list(struct db *db, const char *locale, int64_t actor_id)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	struct db_res *res = actors_query_named(db, locale, "SELECT a.id, a.kind, a.operators, ",
	                                        " FROM actor a WHERE a.id = $?", DB_INT(actor_id));
	if (!res)
		return NULL;
	int rc = db_next(res);
	json_t *actor = rc == 1 ? json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)db_int(res, 0),
	                                    "name", db_text(res, 3), "kind", db_text(res, 1),
	                                    "operators", (int)(db_int(res, 2) != 0)) : NULL;
	db_res_free(res);
	if (rc <= 0)
		return rc < 0 ? NULL : json_null();
	json_t *members = db_json_rows(db, "SELECT u.id, u.name, u.email, m.role, "
	                               "m.created_at AS since, u.disabled FROM membership m "
	                               "JOIN account u ON u.id = m.user_id WHERE m.actor_id = $1 "
	                               "AND u.deleted_at IS NULL ORDER BY u.name, u.id",
	                               DB_ARGS(DB_INT(actor_id)));
	json_t *invitations = members ? db_json_rows(db, "SELECT id, email, role, created_at, "
	                                             "expires_at FROM invitation WHERE actor_id = $1 "
	                                             "AND accepted_at IS NULL AND revoked_at IS NULL "
	                                             "AND expires_at > $2 ORDER BY id",
	                                             DB_ARGS(DB_INT(actor_id), DB_TEXT(now))) : NULL;
	if (!invitations) {
		json_decref(members);
		json_decref(actor);
		return NULL;
	}
	label_roles(members);
	label_roles(invitations);
	return json_pack("{s:o, s:o, s:o}", "actor", actor, "members", members,
	                 "invitations", invitations);
}

json_t *members_of_user(struct db *db, int64_t user_id)
{
	struct db_res *res = actors_query_named(db, NULL,
		"SELECT m.actor_id, m.role, CASE WHEN u.actor_id = m.actor_id THEN 1 ELSE 0 END, ",
		" FROM membership m JOIN account u ON u.id = m.user_id JOIN actor a ON a.id = m.actor_id "
		"WHERE m.user_id = $? ORDER BY m.created_at, m.actor_id", DB_INT(user_id));
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		char url[48];
		snprintf(url, sizeof url, "/actors/%lld", (long long)db_int(res, 0));
		json_array_append_new(list, json_pack("{s:{s:I, s:s, s:s}, s:s, s:b}", "actor",
		                      "id", (json_int_t)db_int(res, 0), "name", db_text(res, 3),
		                      "url", url, "role", db_text(res, 1),
		                      "current", (int)(db_int(res, 2) != 0)));
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	label_roles(list);
	return list;
}

/* ---- Removing ---------------------------------------------------------------------------- */

struct removal {
	const struct user *by;
	int64_t actor_id, user_id;
};

/* user_id no longer acts for actor_id: another of their memberships, or,
 * with none left, their account is disabled (sessions and tokens ended).
 * 0 or -1. */
static int move_away(struct db *db, int64_t user_id, int64_t actor_id)
{
	json_t *acc = db_json_row(db, "SELECT actor_id FROM account WHERE id = $1",
	                          DB_ARGS(DB_INT(user_id)));
	if (!acc)
		return -1;
	bool acting = json_integer_value(json_object_get(acc, "actor_id")) == actor_id;
	json_decref(acc);
	if (!acting)
		return 0;
	json_t *next = db_json_row(db, "SELECT actor_id, role FROM membership WHERE user_id = $1 "
	                           "ORDER BY created_at, actor_id LIMIT 1", DB_ARGS(DB_INT(user_id)));
	if (!next)
		return -1;
	int rc;
	if (json_is_object(next))
		rc = db_exec(db, "UPDATE account SET actor_id = $2, role = $3 WHERE id = $1",
		             DB_ARGS(DB_INT(user_id),
		                     DB_INT(json_integer_value(json_object_get(next, "actor_id"))),
		                     DB_TEXT(json_string_value(json_object_get(next, "role"))))) == 1 ?
		     0 : -1;
	else
		rc = db_exec(db, "UPDATE account SET disabled = 1 WHERE id = $1",
		             DB_ARGS(DB_INT(user_id))) == 1 && sessions_end_all(db, user_id, 0) >= 0 &&
		     tokens_revoke_all(db, user_id) >= 0 ? 0 : -1;
	json_decref(next);
	return rc;
}

static enum outcome remove_body(struct db *db, struct audit_txn *t, void *ctx)
{
	struct removal *r = ctx;
	struct object_ref obj;
	int found = actor_ref(db, r->actor_id, &obj);
	if (found <= 0)
		return found < 0 ? OUTCOME_ERROR : OUTCOME_NOT_FOUND;
	if (r->by && !can(r->by, ACTION_MEMBER_MANAGE, &obj))
		return audit_txn_deny(t, r->by, ACTION_MEMBER_MANAGE, &obj);
	json_t *m = db_json_row(db, "SELECT role FROM membership WHERE user_id = $1 "
	                        "AND actor_id = $2", DB_ARGS(DB_INT(r->user_id), DB_INT(r->actor_id)));
	if (!m)
		return OUTCOME_ERROR;
	if (json_is_null(m))
		return OUTCOME_NOT_FOUND;
	int role = role_parse(json_string_value(json_object_get(m, "role")));
	json_decref(m);
	if (role < 0)
		return OUTCOME_ERROR;
	if (managing((enum role)role)) {
		int64_t others = members_other_managers(db, r->actor_id, r->user_id);
		if (others < 0)
			return OUTCOME_ERROR;
		if (others == 0)
			return OUTCOME_CONFLICT;
	}
	if (db_exec(db, "DELETE FROM membership WHERE user_id = $1 AND actor_id = $2",
	            DB_ARGS(DB_INT(r->user_id), DB_INT(r->actor_id))) != 1 ||
	    move_away(db, r->user_id, r->actor_id) < 0)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:I, s:n}, s:{s:s, s:n}}",
	                            "user_id", "before", (json_int_t)r->user_id, "after",
	                            "role", "before", role_name((enum role)role), "after");
	int rc = audit_record(db, r->by, "member.remove", "actor", r->actor_id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome members_remove(struct db *db, const struct user *by, int64_t actor_id,
                            int64_t user_id)
{
	struct removal r = {by, actor_id, user_id};
	return audit_transaction(db, false, remove_body, &r);
}

/* ---- Acting for one's actors ----------------------------------------------------------------- */

struct act_for {
	const struct user *u;
	int64_t actor_id;
};

static enum outcome act_for_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct act_for *a = ctx;
	json_t *m = db_json_row(db, "SELECT role FROM membership WHERE user_id = $1 "
	                        "AND actor_id = $2", DB_ARGS(DB_INT(a->u->id), DB_INT(a->actor_id)));
	if (!m)
		return OUTCOME_ERROR;
	if (json_is_null(m))
		return OUTCOME_NOT_FOUND;
	const char *role = json_string_value(json_object_get(m, "role"));
	int rc = db_exec(db, "UPDATE account SET actor_id = $2, role = $3 WHERE id = $1",
	                 DB_ARGS(DB_INT(a->u->id), DB_INT(a->actor_id), DB_TEXT(role))) == 1 ? 0 : -1;
	json_t *changes = json_pack("{s:{s:I, s:I}, s:{s:s, s:s}}", "actor_id",
	                            "before", (json_int_t)a->u->actor_id,
	                            "after", (json_int_t)a->actor_id,
	                            "role", "before", role_name(a->u->role), "after", role);
	json_decref(m);
	if (rc == 0)
		rc = audit_record(db, a->u, "member.act_for", "user", a->u->id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome members_act_for(struct db *db, const struct user *u, int64_t actor_id)
{
	if (!u || u->disabled)
		return OUTCOME_DENIED;
	struct act_for a = {u, actor_id};
	return audit_transaction(db, false, act_for_body, &a);
}

/* The same columns as principal_read_row reads, with the membership's
 * actor and role in place of the account's current ones. */
#define ACTING_AS_SQL \
	"SELECT u.id, u.email, u.name, m.role, u.disabled, m.actor_id, a.kind, a.status, " \
	"a.country_iso3, u.email_verified_at FROM account u " \
	"JOIN membership m ON m.user_id = u.id JOIN actor a ON a.id = m.actor_id " \
	"WHERE u.id = $1 AND m.actor_id = $2"

enum outcome members_acting_as(struct db *db, const struct user *u, int64_t actor_id,
                               struct user *out)
{
	if (!u || u->disabled || actor_id <= 0)
		return OUTCOME_NOT_FOUND;
	struct db_res *res = db_query(db, ACTING_AS_SQL, DB_ARGS(DB_INT(u->id), DB_INT(actor_id)));
	if (!res)
		return OUTCOME_ERROR;
	int rc = db_next(res);
	if (rc == 1) {
		principal_read_row(res, 0, out);
		/* The credential it came with stays the request's. */
		out->session_id = u->session_id;
		memcpy(out->csrf_token, u->csrf_token, sizeof out->csrf_token);
		memcpy(out->token_scope, u->token_scope, sizeof out->token_scope);
		memcpy(out->token_expires_at, u->token_expires_at, sizeof out->token_expires_at);
		out->channel = u->channel;
		out->client_addr = u->client_addr;
	}
	db_res_free(res);
	return rc == 1 ? OUTCOME_OK : rc == 0 ? OUTCOME_NOT_FOUND : OUTCOME_ERROR;
}
