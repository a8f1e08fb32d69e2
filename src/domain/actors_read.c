/* actors_read.c — the actors as pages and lists show them: the list for
 * /actors, one actor for /actors/{id}, the requests waiting for a
 * decision, and who may see which.
 *
 * Lists are sorted in C by the folded display name, as the countries are,
 * so both backends give the same order.
 *
 * A partner whose request is pending or was declined is nobody's business
 * but its own and the reviewers': anyone could register one, with any
 * name, website and description, and a registration is not an endorsement
 * (issue 11, finding 3). It is on no public list, count or export, and its
 * page answers 404 but to its own users and to those who decide on
 * requests (actors_visible); /admin lists the pending ones
 * (actors_pending). A suspended partner stays listed, with its status: its
 * past commitments are part of the public record, and hiding it would
 * silently take them from their owner. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "actors_impl.h"
#include "buf.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "permission.h"
#include "principal.h"
#include "query.h"
#include "search.h"
#include "util.h"

#define QUERY_MAX_BYTES 400

static json_t *jlabel(const char *locale, const char *const *codes, const char *const *labels,
                      const char *code)
{
	const char *l = actors_label_of(codes, labels, code);
	return l ? json_string(tr(locale, l)) : json_null();
}

/* ---- Reading --------------------------------------------------------------- */

/* A state's name in each language of country_langs, in its order. */
#define NAME_IN(col) \
	"CASE WHEN a.kind = 'state' THEN coalesce((SELECT coalesce(nullif(k." col ", ''), " \
	"k.name_en) FROM country k WHERE k.iso3 = a.country_iso3), a.name) ELSE a.name END"
static const char *const name_sql[COUNTRY_LANGS] = {
	[COUNTRY_AR] = NAME_IN("name_ar"), [COUNTRY_ZH] = NAME_IN("name_zh"),
	[COUNTRY_EN] = NAME_IN("name_en"), [COUNTRY_FR] = NAME_IN("name_fr"),
	[COUNTRY_RU] = NAME_IN("name_ru"), [COUNTRY_ES] = NAME_IN("name_es"),
};

const char *actors_name_sql(const char *locale)
{
	return name_sql[country_lang(locale)];
}

struct db_res *actors_query_named(struct db *db, const char *locale, const char *head,
                                  const char *tail, struct db_arg arg)
{
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_sql(&q, head);
	query_sql(&q, actors_name_sql(locale));
	query_param(&q, tail, arg);
	return q.overflow ? NULL : db_query(db, q.sql, q.nargs, q.args);
}

enum {
	A_ID, A_KIND, A_NAME, A_TYPE, A_STATUS, A_COUNTRY, A_CNAMES,
	A_CREATED = A_CNAMES + COUNTRY_LANGS, A_WEBSITE, A_DESCRIPTION, A_REASON, A_DECIDED,
	A_USERS, A_ORIGIN, A_OPERATORS, A_APPEALED, A_MERGED_INTO,
};

/* The columns of an actor row, around its name in the reader's language
 * (actors_name_sql); a WHERE clause follows. */
#define ACTOR_SELECT_HEAD "SELECT a.id, a.kind, "
#define ACTOR_SELECT_TAIL \
	", a.partner_type, a.status, a.country_iso3, " \
	"c.name_ar, c.name_zh, c.name_en, c.name_fr, c.name_ru, c.name_es, a.created_at, " \
	"a.website, a.description, a.decision_reason, a.decided_at, " \
	"(SELECT count(*) FROM account u WHERE u.actor_id = a.id AND u.disabled = 0), " \
	"a.origin, a.operators, a.appealed_at, a.merged_into " \
	"FROM actor a LEFT JOIN country c ON c.iso3 = a.country_iso3 "

/* The country's name in the locale (English when it has none). */
static const char *country_name(const struct db_res *res, int lang)
{
	const char *s = db_text(res, A_CNAMES + lang);
	return s && *s ? s : db_text(res, A_CNAMES + COUNTRY_EN);
}

/* One actor row: the list's fields, and with `detail` the page's. The
 * operators' actor is no partner: kind "operators", with neither a partner
 * type nor an accreditation status (nobody decides on it), and
 * "operators": true for the page to say what it is. */
static json_t *actor_item(const struct db_res *res, const char *locale, bool detail)
{
	int lang = country_lang(locale);
	int64_t id = db_int(res, A_ID);
	bool operators = db_int(res, A_OPERATORS) != 0;
	const char *type = operators ? NULL : db_text(res, A_TYPE);
	const char *status = operators ? NULL : db_text(res, A_STATUS);
	const char *iso3 = db_text(res, A_COUNTRY);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "kind", operators ? json_string("operators") :
	                                actors_jtext(db_text(res, A_KIND)));
	if (operators)
		json_object_set_new(o, "operators", json_true());
	json_object_set_new(o, "name", actors_jtext(db_text(res, A_NAME)));
	json_object_set_new(o, "type", actors_jtext(type));
	json_object_set_new(o, "type_label",
	                    jlabel(locale, actor_partner_types, actor_partner_type_labels, type));
	json_object_set_new(o, "status", actors_jtext(status));
	json_object_set_new(o, "status_label",
	                    jlabel(locale, actor_statuses, actor_status_labels, status));
	json_object_set_new(o, "country", iso3 ?
	                    json_pack("{s:s, s:o, s:o}", "iso3", iso3,
	                              "name", actors_jtext(country_name(res, lang)),
	                              "url", json_sprintf("/countries/%s", iso3)) :
	                    json_null());
	json_object_set_new(o, "url", json_sprintf("/actors/%lld", (long long)id));
	/* "real", or "sample" / "synthetic" for the made-up partners of
	 * pacte init --sample and pacte demo, which pages must not pass off
	 * as real organisations. */
	json_object_set_new(o, "origin", actors_jtext(db_text(res, A_ORIGIN)));
	if (!detail)
		return o;
	json_object_set_new(o, "website", actors_jtext(db_text(res, A_WEBSITE)));
	json_object_set_new(o, "description", actors_jtext(db_text(res, A_DESCRIPTION)));
	json_object_set_new(o, "created_at", actors_jtext(db_text(res, A_CREATED)));
	json_object_set_new(o, "decided_at", operators ? json_null() :
	                    actors_jtext(db_text(res, A_DECIDED)));
	json_object_set_new(o, "users", json_integer(db_int(res, A_USERS)));
	/* Why a request was declined is part of the public answer to it. */
	bool declined = status && strcmp(status, "declined") == 0;
	json_object_set_new(o, "decision_reason",
	                    declined ? actors_jtext(db_text(res, A_REASON)) : json_null());
	/* A decline may be appealed once (actors_appeal); a purged one has no
	 * accounts left to ask. */
	json_object_set_new(o, "may_appeal", json_boolean(declined && db_isnull(res, A_APPEALED)));
	if (!db_isnull(res, A_MERGED_INTO))
		json_object_set_new(o, "merged_into", json_integer(db_int(res, A_MERGED_INTO)));
	return o;
}

struct sort_entry {
	char *key;
	int64_t id;
	json_t *item;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct sort_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Runs the actor query ending with `where` (its parameters args); its rows
 * as list items, with `sorted` by display name; NULL on error. */
static json_t *actor_rows(struct db *db, const char *where, size_t nargs,
                          const struct db_arg *args, const char *locale, bool sorted)
{
	struct buf sql;
	buf_init(&sql, BUF_MAX_LINE);
	buf_printf(&sql, ACTOR_SELECT_HEAD "%s" ACTOR_SELECT_TAIL "%s", actors_name_sql(locale), where);
	struct db_res *res = db_query(db, buf_str(&sql), nargs, args);
	buf_release(&sql);
	if (!res)
		return NULL;
	struct sort_entry *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[len].item = actor_item(res, locale, !sorted);
		v[len].key = actors_fold(db_text(res, A_NAME));
		v[len].id = db_int(res, A_ID);
		len++;
	}
	db_res_free(res);
	if (sorted && len)
		qsort(v, len, sizeof *v, entry_cmp);
	json_t *list = rc < 0 ? NULL : json_array();
	for (size_t i = 0; i < len; i++) {
		if (list)
			json_array_append(list, v[i].item);
		json_decref(v[i].item);
		free(v[i].key);
	}
	free(v);
	return list;
}

/* Every filter is always bound; '' switches it off. Without a status
 * filter the list holds the public statuses; pending and declined requests
 * are there only for a reader who decides on them ($6 = 1) and asks for
 * them by status. The operators' actor never is on it (it is no partner). */
/* The list's WHERE clause (actor_rows puts the columns before it). */
#define LIST_WHERE(words) \
	"WHERE a.operators = 0 AND a.merged_into IS NULL " \
	"AND (CAST($1 AS TEXT) = '' OR a.kind = $1) " \
	"AND (CAST($2 AS TEXT) = '' OR a.partner_type = $2) " \
	"AND (" ACTOR_PUBLIC_SQL " OR $6 = 1) " \
	"AND ((CAST($3 AS TEXT) = '' AND " ACTOR_PUBLIC_SQL ") " \
	"     OR a.status = $3) " \
	"AND (CAST($4 AS TEXT) = '' OR a.country_iso3 = $4) " \
	"AND (CAST($5 AS TEXT) = '' OR a.search_key LIKE '%' || CAST($5 AS TEXT) || '%' " \
	"     ESCAPE '\\'" words ")"

/* q also finds a public actor through the search (search.h: stems, the
 * description, the names people type for a state's country); the name's
 * substring still finds a pending request for those who decide on it. */
static const char list_where[] = LIST_WHERE(" AND CAST($7 AS TEXT) = ''");
static const char *const list_where_words[2] = {
	[DB_SQLITE] = LIST_WHERE(" OR a.id IN (" SEARCH_NUMS_SQLITE("$7", "'actor'") ")"),
	[DB_POSTGRES] = LIST_WHERE(" OR a.id IN (" SEARCH_NUMS_PG("$7", "'actor'") ")"),
};

/* The LIKE pattern for q: folded, white space collapsed, % _ \ escaped. */
static void search_pattern(const char *q, struct buf *out)
{
	char *folded = actors_fold_n(q, QUERY_MAX_BYTES);
	bool space = false;
	for (const char *p = folded; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_putc(out, ' ');
		space = false;
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
	free(folded);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

bool actors_status_public(const char *status)
{
	return status && (strcmp(status, "accredited") == 0 || strcmp(status, "suspended") == 0);
}

/* Whether u decides on requests (reviewers and admins), and so sees them. */
static bool reviews(const struct user *u)
{
	return can(u, ACTION_ACTOR_DECIDE, NULL);
}

bool actors_status_listable(const struct user *u, const char *status)
{
	return actors_status_public(status) || reviews(u);
}

bool actors_visible(const struct user *u, int64_t actor_id, const char *status)
{
	if (actors_status_public(status))
		return true;
	return u && !u->disabled && (u->actor_id == actor_id || reviews(u));
}

/* Options for a filter: [{code, label, selected}], the codes `u` may not
 * filter by (`listable`, for the statuses) left out. */
static json_t *options(const char *locale, const char *const *codes, const char *const *labels,
                       const char *selected, const struct user *u,
                       bool (*listable)(const struct user *u, const char *code))
{
	json_t *out = json_array();
	for (size_t i = 0; codes[i]; i++)
		if (!listable || listable(u, codes[i]))
			json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "code", codes[i],
			                                     "label", tr(locale, labels[i]),
			                                     "selected", selected &&
			                                     strcmp(selected, codes[i]) == 0));
	return out;
}

json_t *actors_list(struct db *db, const char *locale, const struct user *viewer,
                    const char *kind, const char *type, const char *status,
                    const char *country, const char *q)
{
	char iso3[4] = "";
	if (country && *country) {
		/* A malformed code matches nothing rather than everything. */
		snprintf(iso3, sizeof iso3, "%s", iso3_code_valid(country) ? country : "-");
		for (int i = 0; iso3[i]; i++)
			iso3[i] = (char)toupper((unsigned char)iso3[i]);
	}
	struct buf pattern, match;
	buf_init(&pattern, 32 * QUERY_MAX_BYTES);
	buf_init(&match, BUF_MAX_LINE);
	int words = 0;
	if (q) {
		search_pattern(q, &pattern);
		words = search_match(db, q, &match);
	}
	json_t *list = actor_rows(db, words ? list_where_words[db_dialect(db)] : list_where,
	                          DB_ARGS(DB_TEXT(or_empty(kind)), DB_TEXT(or_empty(type)),
	                                  DB_TEXT(or_empty(status)), DB_TEXT(iso3),
	                                  DB_TEXT(buf_str(&pattern)), DB_INT(reviews(viewer)),
	                                  DB_TEXT(buf_str(&match))),
	                          locale, true);
	buf_release(&pattern);
	buf_release(&match);
	if (!list)
		return NULL;
	json_t *filters = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", or_empty(kind),
	                            "type", or_empty(type), "status", or_empty(status),
	                            "country", iso3, "q", or_empty(q));
	return json_pack("{s:o, s:I, s:o, s:o, s:o}", "actors", list,
	                 "count", (json_int_t)json_array_size(list), "filters", filters,
	                 "types", options(locale, actor_partner_types, actor_partner_type_labels,
	                                  type, viewer, NULL),
	                 "statuses", options(locale, actor_statuses, actor_status_labels, status,
	                                     viewer, actors_status_listable));
}

json_t *actors_get(struct db *db, const char *locale, int64_t id, const struct user *viewer)
{
	json_t *rows = actor_rows(db, "WHERE a.id = $1", DB_ARGS(DB_INT(id)),
	                          locale, false);
	if (!rows)
		return NULL;
	json_t *actor = json_array_get(rows, 0);
	json_t *merged = json_object_get(actor, "merged_into");
	if (merged) {
		/* A redirect, whatever its status was (merge.h). */
		json_t *model = json_pack("{s:O}", "merged_into", merged);
		json_decref(rows);
		return model;
	}
	/* The operators' actor has no status in the model: it is public. */
	const char *status = json_string_value(json_object_get(actor, "status"));
	bool visible = actor && (json_is_true(json_object_get(actor, "operators")) ||
	                         actors_visible(viewer, id, status));
	json_t *model = visible ? json_pack("{s:O}", "actor", actor) : json_null();
	json_decref(rows);
	return model;
}

json_t *actors_pending(struct db *db, const char *locale)
{
	json_t *list = actor_rows(db, "WHERE a.status = 'requested' AND a.merged_into IS NULL "
	                          "ORDER BY a.created_at, a.id", NO_ARGS, locale, false);
	if (!list)
		return NULL;
	/* A reviewer needs to know whom to ask: the request's users. */
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		json_t *users = db_json_rows(db, "SELECT id, name, email FROM account "
		                             "WHERE actor_id = $1 ORDER BY id",
		                             DB_ARGS(DB_INT(json_integer_value(
		                                     json_object_get(item, "id")))));
		if (!users) {
			json_decref(list);
			return NULL;
		}
		json_object_set_new(item, "accounts", users);
	}
	return json_pack("{s:o, s:I}", "actors", list, "count", (json_int_t)json_array_size(list));
}
