/* principal.c — the account as everyone reads it: roles, the email's
 * stored form, and loading a user or its password hash by id or email. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "principal.h"
#include "text.h"

static const struct {
	const char *name;
	const char *label;
} roles[ROLE_COUNT] = {
	[ROLE_ADMIN] = {"admin", N_("Administrator")},
	[ROLE_REVIEWER] = {"reviewer", N_("Reviewer")},
	[ROLE_FOCAL_POINT] = {"focal_point", N_("Focal point")},
	[ROLE_EDITOR] = {"editor", N_("Editor")},
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].name : "unknown";
}

const char *role_label(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].label : "unknown";
}

int role_parse(const char *name)
{
	for (int i = 0; name && i < ROLE_COUNT; i++)
		if (strcmp(name, roles[i].name) == 0)
			return i;
	return -1;
}

int principal_email_normalise(const char *email, char out[EMAIL_MAX + 1])
{
	size_t len = email ? strlen(email) : 0;
	if (len < 3 || len > EMAIL_MAX || !utf8_valid(email, len))
		return -1;
	const char *at = strchr(email, '@');
	if (!at || at == email || !at[1] || strchr(at + 1, '@'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)email[i];
		if (c <= ' ' || c == 0x7f)
			return -1;
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	out[len] = '\0';
	return 0;
}

/* ---- Loading a user ------------------------------------------------------- */

void principal_read_row(const struct db_res *res, int first, struct user *out)
{
	*out = (struct user){0};
	const char *s;
	out->id = db_int(res, first);
	s = db_text(res, first + 1);
	snprintf(out->email, sizeof out->email, "%s", s ? s : "");
	s = db_text(res, first + 2);
	snprintf(out->name, sizeof out->name, "%s", s ? s : "");
	int role = role_parse(db_text(res, first + 3));
	/* A role the CHECK constraint would refuse: treat as the weakest. */
	out->role = role < 0 ? ROLE_EDITOR : (enum role)role;
	out->disabled = db_int(res, first + 4) != 0 || role < 0;
	out->actor_id = db_int(res, first + 5);
	s = db_text(res, first + 6);
	out->actor_is_state = s && strcmp(s, "state") == 0;
	s = db_text(res, first + 7);
	snprintf(out->actor_status, sizeof out->actor_status, "%s", s ? s : "");
	s = db_text(res, first + 8);
	snprintf(out->actor_country, sizeof out->actor_country, "%s",
	         s && out->actor_is_state ? s : "");
	out->unverified = db_isnull(res, first + 9);
}

#define SELECT_USER \
	"SELECT " PRINCIPAL_COLUMNS " FROM account u JOIN actor a ON a.id = u.actor_id "

/* The one row of a query by id or by email, into *out. */
static enum outcome get_one(struct db *db, const char *sql, struct db_arg key,
                            struct user *out)
{
	struct db_res *res = db_query(db, sql, DB_ARGS(key));
	if (!res)
		return OUTCOME_ERROR;
	int rc = db_next(res);
	if (rc == 1)
		principal_read_row(res, 0, out);
	db_res_free(res);
	return rc == 1 ? OUTCOME_OK : rc == 0 ? OUTCOME_NOT_FOUND : OUTCOME_ERROR;
}

enum outcome principal_get(struct db *db, int64_t id, struct user *out)
{
	return get_one(db, SELECT_USER "WHERE u.id = $1", DB_INT(id), out);
}

enum outcome principal_get_email(struct db *db, const char *email, struct user *out)
{
	char norm[EMAIL_MAX + 1];
	if (principal_email_normalise(email, norm) < 0)
		return OUTCOME_NOT_FOUND;
	return get_one(db, SELECT_USER "WHERE u.email = $1", DB_TEXT(norm), out);
}

int64_t principal_find_email(struct db *db, const char *email)
{
	char norm[EMAIL_MAX + 1];
	if (principal_email_normalise(email, norm) < 0)
		return 0;
	int64_t id = 0;
	if (db_scalar_int(db, &id, 0, "SELECT id FROM account WHERE email = $1",
	                  DB_ARGS(DB_TEXT(norm))) < 0)
		return -1;
	return id;
}

/* ---- Its password ---------------------------------------------------------- */

#define SELECT_SECRET "SELECT id, disabled, password_hash FROM account "

static enum outcome secret_one(struct db *db, const char *sql, struct db_arg key,
                               struct principal_secret *out)
{
	*out = (struct principal_secret){0};
	struct db_res *res = db_query(db, sql, DB_ARGS(key));
	if (!res)
		return OUTCOME_ERROR;
	int rc = db_next(res);
	if (rc == 1) {
		const char *hash = db_text(res, 2);
		out->id = db_int(res, 0);
		out->disabled = db_int(res, 1) != 0;
		snprintf(out->password_hash, sizeof out->password_hash, "%s", hash ? hash : "");
	}
	db_res_free(res);
	return rc == 1 ? OUTCOME_OK : rc == 0 ? OUTCOME_NOT_FOUND : OUTCOME_ERROR;
}

enum outcome principal_secret_email(struct db *db, const char *email,
                                    struct principal_secret *out)
{
	return secret_one(db, SELECT_SECRET "WHERE email = $1", DB_TEXT(email), out);
}

enum outcome principal_secret_id(struct db *db, int64_t id, struct principal_secret *out)
{
	return secret_one(db, SELECT_SECRET "WHERE id = $1", DB_INT(id), out);
}

int principal_signed_in(struct db *db, int64_t id, const char *at)
{
	return db_exec(db, "UPDATE account SET last_sign_in = $1 WHERE id = $2",
	               DB_ARGS(DB_TEXT(at), DB_INT(id))) == 1 ? 0 : -1;
}
