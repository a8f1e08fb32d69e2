/* commitments_list.c — the list of commitments: filters, sorts, the keyset
 * cursor that pages it, and the choices a filter offers.
 *
 * A list is built from constant SQL fragments (query.h) with every value
 * a parameter, sorted by an index and paged by a keyset cursor; the
 * scope's conditions are written to walk or to gather (scope.h), and the
 * child rows of a page are read in one query per child table. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "commitments.h"
#include "commitments_impl.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "names.h"
#include "query.h"
#include "scope.h"
#include "search.h"
#include "util.h"

/* ---- Sorts and cursors ------------------------------------------------------------ */

static const struct sort_def sorts[] = {
	{"updated", "c.updated_at", " ORDER BY c.updated_at DESC, c.id DESC",
	 " AND (c.updated_at, c.id) < (CAST($? AS TEXT)", ", CAST($? AS BIGINT))"},
	{"created", "c.created_at", " ORDER BY c.created_at DESC, c.id DESC",
	 " AND (c.created_at, c.id) < (CAST($? AS TEXT)", ", CAST($? AS BIGINT))"},
	{"target_date", "COALESCE(c.target_date, '9999-12-31')",
	 " ORDER BY COALESCE(c.target_date, '9999-12-31'), c.id",
	 " AND (COALESCE(c.target_date, '9999-12-31'), c.id) > (CAST($? AS TEXT)",
	 ", CAST($? AS BIGINT))"},
	{"title", "c.sort_title", " ORDER BY c.sort_title, c.id",
	 " AND (c.sort_title, c.id) > (CAST($? AS TEXT)", ", CAST($? AS BIGINT))"},
};

const struct sort_def *commitments_find_sort(const char *code)
{
	for (size_t i = 0; i < ARRAY_LEN(sorts); i++)
		if (strcmp(sorts[i].code, code ? code : "updated") == 0)
			return &sorts[i];
	return NULL;
}

/* Cursors: base64url (no padding) of "SORT\nKEY\nID". Opaque to clients,
 * checked when they come back. */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *cursor_encode(const char *sort, const char *key, int64_t id)
{
	struct buf raw, out;
	buf_init(&raw, 4 * COMMITMENT_CURSOR_MAX);
	buf_init(&out, 8 * COMMITMENT_CURSOR_MAX);
	buf_printf(&raw, "%s\n%s\n%lld", sort, key ? key : "", (long long)id);
	const unsigned char *p = (const unsigned char *)raw.data;
	for (size_t i = 0; i < raw.len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t n = raw.len - i < 3 ? raw.len - i : 3;
		if (n > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (n > 2)
			v |= p[i + 2];
		for (size_t k = 0; k <= n; k++)
			buf_putc(&out, b64[(v >> (18 - 6 * k)) & 63]);
	}
	buf_release(&raw);
	return buf_detach(&out, NULL);
}

int commitments_cursor_decode(const char *s, struct cursor *c)
{
	size_t len = strlen(s);
	if (len == 0 || len > COMMITMENT_CURSOR_MAX || len % 4 == 1)
		return -1;
	char raw[COMMITMENT_CURSOR_MAX];
	size_t n = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		const char *hit = strchr(b64, s[i]);
		if (!hit || !s[i])
			return -1;
		acc = (acc << 6) | (uint32_t)(hit - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	raw[n] = '\0';
	if (memchr(raw, '\0', n))
		return -1;
	char *nl1 = strchr(raw, '\n');
	char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
	if (!nl2 || (size_t)(nl1 - raw) >= sizeof c->sort)
		return -1;
	*nl1 = *nl2 = '\0';
	if (!commitments_find_sort(raw) || !utf8_valid(nl1 + 1, strlen(nl1 + 1)) ||
	    parse_int64(nl2 + 1, 1, INT64_MAX, &c->id) < 0)
		return -1;
	memcpy(c->sort, raw, (size_t)(nl1 - raw) + 1);
	memcpy(c->key, nl1 + 1, (size_t)(nl2 - nl1));
	return 0;
}

/* ---- The page ----------------------------------------------------------------------- */

/* The dates a filter compares with; they must outlive the query that
 * binds them. */
struct cutoffs {
	char since[DATE_LEN + 1];    /* reported on or after: today - 12 months */
	char before[DATE_LEN + 1];   /* inactive on or before: today - 24 months */
};

/* " AND col rest": a condition on a range of a column (dates, statuses
 * left out). When the query walks an index in the page's order, the
 * column is written (col || '') so that the planner cannot read the range
 * through its own index (commitment_standing, commitment_activity) and
 * sort everything it found: that is what walking avoids (at N=100,000,
 * Europe's national reports due: 48 ms through the range, 4 ms walking). */
static void range_cond(struct query *q, enum scope_access how, const char *col,
                       const char *rest, const struct db_arg *a)
{
	char sql[160];
	snprintf(sql, sizeof sql, how == SCOPE_WALK ? " AND (%s || '')%s" : " AND %s%s", col, rest);
	if (a)
		query_param(q, sql, *a);
	else
		query_sql(q, sql);
}

static void apply_filters(struct query *q, const struct commitment_filter *f,
                          const char *today, struct cutoffs *cut, enum scope_access how)
{
	date_minus_months(today, 12, cut->since);
	date_minus_months(today, 24, cut->before);
	struct db_arg since = DB_TEXT(cut->since), before = DB_TEXT(cut->before), now = DB_TEXT(today);
	static const char open_status[] = " NOT IN ('achieved', 'discontinued')";
	struct scope scope = {f->objective, f->country, f->region, f->actor_id};
	scope_conditions(q, &scope, how);
	if (given(f->principle))
		scope_member(q, how, " AND c.id IN (SELECT commitment_id FROM commitment_principle "
		             "WHERE principle = $?)", " AND EXISTS (SELECT 1 FROM commitment_principle x "
		             "WHERE x.commitment_id = c.id AND x.principle = $?)", DB_TEXT(f->principle));
	/* Equalities keep their indexes: (level | status, updated_at, id)
	 * serve the newest-first walk as well. */
	if (given(f->level))
		query_param(q, " AND c.level = $?", DB_TEXT(f->level));
	if (given(f->status))
		query_param(q, " AND c.status = $?", DB_TEXT(f->status));
	/* By owner, through the owner index (no join needed to count); a walk
	 * keeps that index out of the planner's choice (the unary plus). */
	if (given(f->owner_type)) {
		query_sql(q, how == SCOPE_WALK ? " AND +c.owner_actor_id" : " AND c.owner_actor_id");
		if (strcmp(f->owner_type, "state") == 0)
			query_sql(q, " IN (SELECT id FROM actor WHERE kind = 'state')");
		else
			query_param(q, " IN (SELECT id FROM actor WHERE partner_type = $?)",
			         DB_TEXT(f->owner_type));
	}
	if (f->overdue) {
		range_cond(q, how, "c.target_date", " < $?", &now);
		range_cond(q, how, "c.status", open_status, NULL);
	}
	if (!given(f->freshness))
		return;
	if (strcmp(f->freshness, "closed") == 0) {
		range_cond(q, how, "c.status", " IN ('achieved', 'discontinued')", NULL);
		return;
	}
	range_cond(q, how, "c.status", open_status, NULL);
	if (strcmp(f->freshness, "reported") == 0) {
		range_cond(q, how, "c.activity_date", " >= $?", &since);
	} else if (strcmp(f->freshness, "inactive") == 0) {
		range_cond(q, how, "c.activity_date", " <= $?", &before);
	} else {
		range_cond(q, how, "c.activity_date", " < $?", &since);
		range_cond(q, how, "c.activity_date", " > $?", &before);
	}
}

/* The ids of a page as one parameter: a JSON array both backends read. */
static const char *const ids_in[2] = {
	[DB_SQLITE] = " IN (SELECT value FROM json_each($1))",
	[DB_POSTGRES] = " IN (SELECT CAST(value AS BIGINT) FROM "
	                "json_array_elements_text(CAST($1 AS json)))",
};

/* Reads (commitment_id, value) rows into card[key] arrays, cards found by
 * id through `index` (an object "id" → card). */
static int page_children(struct db *db, const char *sql_head, const char *sql_tail,
                         const char *ids, json_t *index, const char *key, bool integers)
{
	char sql[512];
	int n = snprintf(sql, sizeof sql, "%s%s%s", sql_head, ids_in[db_dialect(db)], sql_tail);
	if (n < 0 || (size_t)n >= sizeof sql)
		return -1;
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_TEXT(ids)));
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		char k[24];
		snprintf(k, sizeof k, "%lld", (long long)db_int(res, 0));
		json_t *card = json_object_get(index, k);
		if (card)
			json_array_append_new(json_object_get(card, key), integers ?
			                      json_integer(db_int(res, 1)) : col_str(res, 1));
	}
	db_res_free(res);
	return rc;
}

enum {
	L_ID, L_TITLE, L_STATUS, L_LEVEL, L_TARGET, L_ACTIVITY, L_PERCENT, L_ORIGIN, L_CREATED,
	L_UPDATED, L_OWNER, L_OWNER_NAME, L_KEY, L_LANG,
};

static json_t *card(struct db_res *res, const char *locale, const char *today)
{
	const char *status = db_text(res, L_STATUS);
	json_t *c = json_object();
	json_object_set_new(c, "id", json_integer(db_int(res, L_ID)));
	json_object_set_new(c, "url", url_json("/commitments/", db_int(res, L_ID)));
	json_object_set_new(c, "title", col_str(res, L_TITLE));
	/* The language it is written in: lists say it (issue 17, item 5). */
	json_object_set_new(c, "lang", col_str(res, L_LANG));
	json_object_set_new(c, "lang_name", json_string(i18n_native_name(db_text(res, L_LANG))));
	json_object_set_new(c, "owner", actor_ref(res, L_OWNER, L_OWNER_NAME));
	json_object_set_new(c, "status", col_str(res, L_STATUS));
	json_object_set_new(c, "status_label", code_label_json(locale, commitment_statuses,
	                    commitment_status_labels, status));
	json_object_set_new(c, "level", col_str(res, L_LEVEL));
	json_object_set_new(c, "level_label", code_label_json(locale, commitment_levels,
	                    commitment_level_labels, db_text(res, L_LEVEL)));
	json_object_set_new(c, "objectives", json_array());
	json_object_set_new(c, "countries", json_array());
	json_object_set_new(c, "target_date", col_str(res, L_TARGET));
	commitment_rules_json(c, locale, status, db_text(res, L_TARGET), db_text(res, L_ACTIVITY),
	                      today);
	json_object_set_new(c, "percent", col_int(res, L_PERCENT));
	json_object_set_new(c, "origin", col_str(res, L_ORIGIN));
	json_object_set_new(c, "sample", json_boolean(strcmp(db_text(res, L_ORIGIN), "real") != 0));
	json_object_set_new(c, "created_at", col_str(res, L_CREATED));
	json_object_set_new(c, "updated_at", col_str(res, L_UPDATED));
	return c;
}

/* A filter on one objective, country or region, whatever it asks of
 * status, level and dates, is counted on that scope's link rows: they
 * carry copies of those four columns under the same names (migration
 * 0005_standing), so with the link aliased c the same conditions apply,
 * through one narrow index instead of every commitment in scope. Writes
 * the scope's condition into q and clears it from rest; returns false
 * when the filter asks more (a principle, an owner) or has no such scope. */
static bool count_on_links(struct query *q, const struct commitment_filter *f,
                           struct commitment_filter *rest)
{
	bool region = given(f->region) && strcmp(f->region, "001") != 0;
	int scopes = (f->objective > 0) + given(f->country) + region;
	if (scopes != 1 || given(f->principle) || given(f->owner_type) || f->actor_id > 0)
		return false;
	*rest = *f;
	rest->objective = 0, rest->country = NULL, rest->region = NULL;
	if (f->objective > 0)
		query_param(q, "SELECT count(*) FROM commitment_objective c WHERE c.objective = $?",
		         DB_INT(f->objective));
	else if (given(f->country))
		query_param(q, "SELECT count(*) FROM commitment_country c WHERE c.iso3 = upper($?)",
		         DB_TEXT(f->country));
	else /* a commitment once per region, by the marks on its first country there */
		query_param(q, "SELECT count(*) FROM commitment_country c WHERE (c.region_once = $? "
		         "OR c.subregion_once = $? OR c.intermediate_once = $?)", DB_TEXT(f->region));
	/* A withdrawn or flagged (hidden) commitment's links say so in place
	 * of its status (schema/0016_withdrawn, 0040_hidden_counts). */
	query_sql(q, " AND c.status <> '" COMMITMENT_WITHDRAWN_MARK "'");
	return true;
}

static int list_total(struct db *db, const struct commitment_filter *f, const char *today,
                      int64_t *total)
{
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	struct commitment_filter rest;
	if (given(f->q) || !count_on_links(&q, f, &rest)) {
		query_sql(&q, "SELECT count(*) FROM commitment c WHERE c.withdrawn_at IS NULL "
		          "AND c.hidden_at IS NULL");
		rest = *f;
	}
	struct cutoffs cut;
	apply_filters(&q, &rest, today, &cut, SCOPE_GATHER);
	char match[BUF_MAX_LINE];
	if (given(f->q))
		search_list_condition(db, &q, "commitment", "c.id", f->q, match, sizeof match);
	if (q.overflow)
		return -1;
	return db_scalar_int(db, total, 0, q.sql, q.nargs, q.args);
}

/* The list of one country and no other filter, newest first (a country
 * page's cards, /commitments?country=…): read from the country's index of
 * its rows' copies of updated_at (schema/0036_scope_reads), the first
 * entries whatever the country's size, in the same order as by_updated. */
static const struct sort_def by_country_updated = {
	"updated", "c.updated_at", " ORDER BY x.updated_at DESC, x.commitment_id DESC",
	" AND (x.updated_at, x.commitment_id) < (CAST($? AS TEXT)", ", CAST($? AS BIGINT))"};

static bool country_alone(const struct commitment_filter *f, const struct sort_def *s)
{
	struct scope scope = {f->objective, f->country, f->region, f->actor_id};
	return scope_country_alone(&scope) && strcmp(s->code, "updated") == 0 &&
	       !given(f->principle) && !given(f->level) && !given(f->status) &&
	       !given(f->owner_type) && !f->overdue && !given(f->freshness) && !given(f->q);
}

/* Runs the page query; fills cards (in order) and index (id → card), and
 * the last row's cursor key. Returns the number of rows read (limit + 1
 * means there is a next page), or -1. */
static int list_rows(struct db *db, const char *locale, const struct commitment_filter *f,
                     const char *today, const struct sort_def *s, int limit,
                     enum scope_access how, json_t *cards, json_t *index, char **last_key,
                     int64_t *last_id)
{
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_sql(&q, "SELECT c.id, c.title, c.status, c.level, c.target_date, c.activity_date, "
	       "c.percent, c.origin, c.created_at, c.updated_at, a.id, ");
	query_sql(&q, actors_name_sql(locale));
	query_sql(&q, ", ");
	query_sql(&q, s->key);
	struct cutoffs cut;
	char match[BUF_MAX_LINE];
	if (country_alone(f, s)) {
		s = &by_country_updated;
		query_param(&q, ", c.lang FROM commitment_country x CROSS JOIN commitment c "
		            "JOIN actor a ON a.id = +c.owner_actor_id WHERE c.id = x.commitment_id "
		            "AND c.withdrawn_at IS NULL AND c.hidden_at IS NULL AND x.iso3 = upper($?)",
		            DB_TEXT(f->country));
	} else {
		/* A flagged commitment is hidden from every list (flags.h). */
		query_sql(&q, ", c.lang FROM commitment c JOIN actor a ON a.id = +c.owner_actor_id "
		          "WHERE c.withdrawn_at IS NULL AND c.hidden_at IS NULL");
		apply_filters(&q, f, today, &cut, how);
		if (given(f->q))
			search_list_condition(db, &q, "commitment", "c.id", f->q, match, sizeof match);
	}
	struct cursor cur;
	if (given(f->after) && commitments_cursor_decode(f->after, &cur) == 0) {
		query_param(&q, s->after, DB_TEXT(cur.key));
		query_param(&q, s->after_id, DB_INT(cur.id));
	}
	query_sql(&q, s->order);
	query_param(&q, " LIMIT $?", DB_INT(limit + 1));
	if (q.overflow)
		return -1;
	struct db_res *res = db_query(db, q.sql, q.nargs, q.args);
	if (!res)
		return -1;
	int n = 0, rc;
	while ((rc = db_next(res)) == 1) {
		if (++n > limit)
			break;
		json_t *c = card(res, locale, today);
		char k[24];
		snprintf(k, sizeof k, "%lld", (long long)db_int(res, L_ID));
		json_object_set(index, k, c);
		json_array_append_new(cards, c);
		free(*last_key);
		*last_key = xstrdup(db_text(res, L_KEY) ? db_text(res, L_KEY) : "");
		*last_id = db_int(res, L_ID);
	}
	db_res_free(res);
	return rc < 0 ? -1 : n;
}

json_t *commitments_list(struct db *db, const char *locale, const struct commitment_filter *f)
{
	json_t *errors = json_object();
	int nbad = commitment_filter_check(f, errors);
	json_decref(errors);
	if (nbad)
		return NULL;
	char buf[DATE_LEN + 1];
	const char *today = dates_resolve_today(f->today, buf);
	const struct sort_def *s = commitments_find_sort(given(f->sort) ? f->sort : NULL);
	assert(s);   /* commitment_filter_check refused any other sort */
	int limit = f->limit ? f->limit : COMMITMENT_PAGE_DEFAULT;
	json_t *cards = json_array(), *index = json_object();
	char *last_key = NULL;
	int64_t last_id = 0, total = f->total;
	int n = total > 0 || list_total(db, f, today, &total) == 0 ?
	        list_rows(db, locale, f, today, s, limit, scope_access_for(db, total),
	                  cards, index, &last_key, &last_id) : -1;
	json_t *ids = json_array();
	size_t i;
	json_t *c;
	bool sample = false;
	json_array_foreach(cards, i, c) {
		json_array_append(ids, json_object_get(c, "id"));
		sample |= json_is_true(json_object_get(c, "sample"));
	}
	char *ids_text = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	if (n < 0 || !ids_text ||
	    page_children(db, "SELECT commitment_id, objective FROM commitment_objective "
	                  "WHERE commitment_id", " ORDER BY commitment_id, objective", ids_text,
	                  index, "objectives", true) < 0 ||
	    page_children(db, "SELECT commitment_id, iso3 FROM commitment_country "
	                  "WHERE commitment_id", " ORDER BY commitment_id, iso3", ids_text,
	                  index, "countries", false) < 0) {
		free(ids_text);
		free(last_key);
		json_decref(cards);
		json_decref(index);
		return NULL;
	}
	free(ids_text);
	json_decref(index);
	json_t *next = json_null();
	if (n > limit) {
		char *cur = cursor_encode(s->code, last_key, last_id);
		next = json_string(cur);
		free(cur);
	}
	free(last_key);
	return json_pack("{s:o, s:I, s:I, s:o, s:s, s:b}", "commitments", cards,
	                 "count", (json_int_t)json_array_size(cards), "total", (json_int_t)total,
	                 "next", next, "sort", s->code, "has_sample", sample);
}

json_t *commitments_list_all(struct db *db, const char *locale,
                             const struct commitment_filter *f)
{
	struct commitment_filter g = *f;
	g.limit = COMMITMENT_PAGE_MAX;
	json_t *model = commitments_list(db, locale, &g);
	if (!model)
		return NULL;
	json_t *rows = json_object_get(model, "commitments");
	g.total = json_integer_value(json_object_get(model, "total"));
	json_t *next = json_incref(json_object_get(model, "next"));
	while (json_is_string(next) && json_array_size(rows) < COMMITMENT_CSV_MAX) {
		g.after = json_string_value(next);
		json_t *more = commitments_list(db, locale, &g);
		json_decref(next);
		if (!more) {
			json_decref(model);
			return NULL;
		}
		json_array_extend(rows, json_object_get(more, "commitments"));
		next = json_incref(json_object_get(more, "next"));
		json_decref(more);
	}
	json_object_set_new(model, "next", next);
	json_object_set_new(model, "count", json_integer((json_int_t)json_array_size(rows)));
	return model;
}

/* ---- The choices a form or a filter offers ------------------------------------------ */

static json_t *code_choices(const char *locale, const char *const *codes,
                            const char *const *labels)
{
	json_t *a = json_array();
	for (size_t i = 0; codes[i]; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", codes[i], "label",
		                                   tr(locale, labels[i])));
	return a;
}

struct named {
	char *key;
	json_t *item;
};

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->key, ((const struct named *)b)->key);
}

/* Countries by their folded name in the locale (the order countries.c
 * gives, whatever the database's collation). */
static json_t *country_choices(struct db *db, const char *locale)
{
	struct db_res *res = db_query(db, "SELECT iso3, name_ar, name_zh, name_en, name_fr, "
	                              "name_ru, name_es FROM country", NO_ARGS);
	if (!res)
		return NULL;
	int col = 1 + country_lang(locale);
	size_t n = 0, cap = 256;
	struct named *v = xmalloc(cap * sizeof(*v));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n].key = fold(db_text(res, col));
		v[n++].item = json_pack("{s:o, s:o}", "iso3", col_str(res, 0), "name",
		                        col_str(res, col));
	}
	db_res_free(res);
	qsort(v, n, sizeof(*v), cmp_named);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(a, v[i].item);
		free(v[i].key);
	}
	free(v);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

json_t *commitments_choices(struct db *db, const char *locale)
{
	const char *lang = locale ? locale : "en";
	json_t *objectives = db_json_rows(db, "SELECT o.number, " OBJECTIVE_SHORT_IN("o", "$1")
		" AS short_title FROM objective o ORDER BY o.number", DB_ARGS(DB_TEXT(lang)));
	json_t *principles = db_json_rows(db, "SELECT p.slug, " PRINCIPLE_TITLE_IN("p", "$1")
		" AS title FROM principle p ORDER BY p.letter", DB_ARGS(DB_TEXT(lang)));
	json_t *countries = country_choices(db, locale);
	if (!objectives || !principles || !countries) {
		json_decref(objectives);
		json_decref(principles);
		json_decref(countries);
		return NULL;
	}
	json_t *owner_types = code_choices(locale, actor_partner_types, actor_partner_type_labels);
	json_array_insert_new(owner_types, 0, json_pack("{s:s, s:s}", "code", "state", "label",
	                                                tr(locale, N_("State"))));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	                 "levels", code_choices(locale, commitment_levels, commitment_level_labels),
	                 "statuses", code_choices(locale, commitment_statuses,
	                                          commitment_status_labels),
	                 "kinds", code_choices(locale, commitment_kinds, commitment_kind_labels),
	                 "forms", code_choices(locale, commitment_forms, commitment_form_labels),
	                 "freshnesses", code_choices(locale, commitment_freshnesses,
	                                             commitment_freshness_labels),
	                 "sorts", code_choices(locale, commitment_sorts, commitment_sort_labels),
	                 "owner_types", owner_types, "objectives", objectives,
	                 "principles", principles, "countries", countries);
}
