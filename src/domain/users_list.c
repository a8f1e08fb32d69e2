/* users_list.c — the administrators' list of accounts: search, filters
 * and pages (users.h). */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "principal.h"
#include "users.h"
#include "util.h"
#include "validate.h"

static const char *const role_codes[] = {"admin", "reviewer", "focal_point", "editor", NULL};
static const char *const state_codes[] = {"active", "disabled", "unverified", NULL};

const struct field users_filter_fields[] = {
	{"q", FIELD_TEXT, 0, 0, 200, NULL},
	{"role", FIELD_CHOICE, 0, 0, 0, role_codes},
	{"actor", FIELD_INT, 0, 1, INT64_MAX, NULL},
	{"state", FIELD_CHOICE, 0, 0, 0, state_codes},
	{"page", FIELD_INT, 0, 1, 1000000, NULL},
};
const size_t users_nfilter_fields = ARRAY_LEN(users_filter_fields);

/* One condition for every filter, each off when its parameter is empty
 * (or 0): $1 the pattern of q, $2 role, $3 actor, $4 state. */
#define FILTERS \
	"FROM account u JOIN actor a ON a.id = u.actor_id WHERE u.deleted_at IS NULL " \
	"AND (CAST($1 AS TEXT) = '' OR lower(u.email) LIKE $1 ESCAPE '\\' " \
	"OR lower(u.name) LIKE $1 ESCAPE '\\') " \
	"AND (CAST($2 AS TEXT) = '' OR u.role = $2) " \
	"AND (CAST($3 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM membership m " \
	"WHERE m.user_id = u.id AND m.actor_id = $3)) " \
	"AND (CAST($4 AS TEXT) = '' " \
	"OR ($4 = 'disabled' AND u.disabled = 1) " \
	"OR ($4 = 'active' AND u.disabled = 0 AND u.email_verified_at IS NOT NULL) " \
	"OR ($4 = 'unverified' AND u.disabled = 0 AND u.email_verified_at IS NULL))"

/* q lower-cased (ASCII: text_fold is not needed for a part of an address)
 * as a LIKE pattern: %q%, with % _ and \ escaped. */
static void pattern(const char *q, char *out, size_t cap)
{
	size_t n = 0;
	if (!*q) {
		out[0] = '\0';
		return;
	}
	out[n++] = '%';
	for (; *q && n + 3 < cap; q++) {
		char c = *q >= 'A' && *q <= 'Z' ? (char)(*q - 'A' + 'a') : *q;
		if (c == '%' || c == '_' || c == '\\')
			out[n++] = '\\';
		out[n++] = c;
	}
	out[n++] = '%';
	out[n] = '\0';
}

static const char *text_of(const json_t *filters, const char *key)
{
	const char *s = json_string_value(json_object_get(filters, key));
	return s ? s : "";
}

json_t *users_search(struct db *db, const json_t *filters)
{
	char like[1024];
	pattern(text_of(filters, "q"), like, sizeof like);
	int64_t actor = json_integer_value(json_object_get(filters, "actor"));
	int64_t page = json_integer_value(json_object_get(filters, "page"));
	if (page < 1)
		page = 1;
	struct db_arg args[] = {DB_TEXT(like), DB_TEXT(text_of(filters, "role")), DB_INT(actor),
	                        DB_TEXT(text_of(filters, "state")), DB_INT(USERS_PAGE_SIZE),
	                        DB_INT((page - 1) * USERS_PAGE_SIZE)};
	int64_t count = 0;
	if (db_scalar_int(db, &count, 0, "SELECT count(*) " FILTERS, 4, args) < 0)
		return NULL;
	json_t *users = db_json_rows(db, "SELECT u.id, u.email, u.name, u.role, u.actor_id, "
	                             "a.name AS actor_name, u.disabled, u.created_at, u.last_sign_in, "
	                             "u.email_verified_at " FILTERS " ORDER BY u.id LIMIT $5 OFFSET $6",
	                             ARRAY_LEN(args), args);
	if (!users)
		return NULL;
	size_t i;
	json_t *o;
	json_array_foreach(users, i, o) {
		int role = role_parse(json_string_value(json_object_get(o, "role")));
		json_object_set_new(o, "role_label", json_string(role < 0 ? "" :
		                                                 role_label((enum role)role)));
		json_object_set_new(o, "actor", json_pack("{s:O, s:O}", "id",
		                    json_object_get(o, "actor_id"), "name",
		                    json_object_get(o, "actor_name")));
		json_object_del(o, "actor_id");
		json_object_del(o, "actor_name");
		json_object_set_new(o, "disabled",
		                    json_boolean(json_integer_value(json_object_get(o, "disabled"))));
		json_object_set_new(o, "unverified",
		                    json_boolean(json_is_null(json_object_get(o, "email_verified_at"))));
		json_object_del(o, "email_verified_at");
	}
	int64_t pages = (count + USERS_PAGE_SIZE - 1) / USERS_PAGE_SIZE;
	return json_pack("{s:o, s:I, s:I, s:I}", "users", users, "count", (json_int_t)count,
	                 "page", (json_int_t)page, "pages", (json_int_t)(pages ? pages : 1));
}
