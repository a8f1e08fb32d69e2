/* practices_list.c — the published practices a page lists: the filtered
 * list with its cursor, an actor's own practices in every status, the
 * Atom feed's entries, and the choices of the form and the filter.
 *
 * The list's SQL is built from constant fragments (query.h), each filter
 * a condition whose value is a parameter. The cursor is "<key>~<id>": the
 * sort's key of the last card (its publication time, or its folded
 * title) and its id, the order the sort's index keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codes.h"
#include "compact.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "names.h"
#include "practices.h"
#include "practices_impl.h"
#include "search.h"
#include "query.h"
#include "util.h"

/* The filter's conditions, each with the filter key whose value it binds
 * (integers or text, as practices_filter_check typed them), in two forms
 * (scope.h's idea): `walk` tests each practice as the page's query goes
 * down its sort's index and stops at the page; `gather` collects the ids
 * from the link table's index, which the count reads (at 100,000
 * practices an objective's count took 360 ms walked, 90 ms gathered).
 * NULL gather: the same as walk. */
static const struct {
	const char *key;
	const char *walk;
	const char *gather;
} conditions[] = {
	{"objective", " AND EXISTS (SELECT 1 FROM practice_objective x WHERE x.practice_id = p.id "
	 "AND x.objective = $?)", " AND p.id IN (SELECT practice_id FROM practice_objective "
	 "WHERE objective = $?)"},
	{"principle", " AND EXISTS (SELECT 1 FROM practice_principle x WHERE x.practice_id = p.id "
	 "AND x.principle = $?)", " AND p.id IN (SELECT practice_id FROM practice_principle "
	 "WHERE principle = $?)"},
	{"country", " AND EXISTS (SELECT 1 FROM practice_country x WHERE x.practice_id = p.id "
	 "AND x.iso3 = $?)", " AND p.id IN (SELECT practice_id FROM practice_country "
	 "WHERE iso3 = $?)"},
	{"region", " AND (EXISTS (SELECT 1 FROM practice_region x WHERE x.practice_id = p.id "
	 "AND x.m49 = $?) OR EXISTS (SELECT 1 FROM practice_country x JOIN country k "
	 "ON k.iso3 = x.iso3 WHERE x.practice_id = p.id AND (k.region_m49 = $? "
	 "OR k.subregion_m49 = $? OR k.intermediate_m49 = $?)))",
	 " AND p.id IN (SELECT practice_id FROM practice_region WHERE m49 = $? UNION "
	 "SELECT x.practice_id FROM practice_country x JOIN country k ON k.iso3 = x.iso3 "
	 "WHERE k.region_m49 = $? OR k.subregion_m49 = $? OR k.intermediate_m49 = $?)"},
	{"level", " AND p.level = $?", NULL},
	{"type", " AND p.type = $?", NULL},
	{"actor", " AND (p.actor_id = $? OR EXISTS (SELECT 1 FROM practice_partner x "
	 "WHERE x.practice_id = p.id AND x.actor_id = $?))", NULL},
	{"language", " AND (p.lang = $? OR EXISTS (SELECT 1 FROM practice_translation x "
	 "WHERE x.practice_id = p.id AND x.status = 'approved' AND x.lang = $?))", NULL},
	{"call", " AND p.call_id = $?", NULL},
	{"year", " AND p.start_year <= $? AND (p.end_year IS NULL OR p.end_year >= $?)", NULL},
};

static struct db_arg value_arg(const json_t *v)
{
	return json_is_integer(v) ? DB_INT(json_integer_value(v)) : DB_TEXT(json_string_value(v));
}

/* The World (001) is every practice: no condition. */
static void add_conditions(struct query *q, const json_t *f, bool gather)
{
	for (size_t i = 0; i < ARRAY_LEN(conditions); i++) {
		const json_t *v = json_object_get(f, conditions[i].key);
		if (!v || json_is_null(v))
			continue;
		if (strcmp(conditions[i].key, "region") == 0 &&
		    strcmp(json_string_value(v), "001") == 0)
			continue;
		query_param(q, gather && conditions[i].gather ? conditions[i].gather :
		            conditions[i].walk, value_arg(v));
	}
}

/* The count of a filter by one objective or one country alone (the scope
 * sections of the objective and country pages, /practices?objective=n):
 * migration 0023's running counts of published practices, one row,
 * instead of counting the link table's range, which grows with the
 * practices (issue 19). A practice hidden by a flag is counted there
 * under 'hidden', not 'published' (migration 0040). 1 with *total set, 0
 * when the filter is another (count the rows), -1 on a database error. */
static int tally_total(struct db *db, const json_t *f, int64_t *total)
{
	static const struct {
		const char *key, *sql;
	} tallies[] = {
		{"objective", "SELECT coalesce(sum(n), 0) FROM tally_practice_objective "
		 "WHERE objective = $1 AND status = 'published'"},
		{"country", "SELECT coalesce(sum(n), 0) FROM tally_practice_country "
		 "WHERE iso3 = $1 AND status = 'published'"},
	};
	const char *words = json_string_value(json_object_get(f, "q"));
	if (words && *words)
		return 0;
	int which = -1;
	for (size_t i = 0; i < ARRAY_LEN(conditions); i++) {
		const json_t *v = json_object_get(f, conditions[i].key);
		if (!v || json_is_null(v))
			continue;
		int t = -1;
		for (size_t k = 0; k < ARRAY_LEN(tallies); k++)
			if (strcmp(conditions[i].key, tallies[k].key) == 0)
				t = (int)k;
		if (t < 0 || which >= 0)
			return 0;
		which = t;
	}
	if (which < 0)
		return 0;
	const json_t *v = json_object_get(f, tallies[which].key);
	return db_scalar_int(db, total, 0, tallies[which].sql, DB_ARGS(value_arg(v))) < 0 ? -1 : 1;
}

/* The columns of a card; the last is the sort's key, which a cursor
 * carries (the folded title, or the publication time). */
#define CARD_HEAD "p.id, p.title, p.summary, p.level, p.type, p.start_year, p.end_year, " \
	"p.lang, p.published_at, p.origin, p.status, a.id, a.name, "
#define CARD_COLS CARD_HEAD "p.sort_title"
#define CARD_COLS_PUBLISHED CARD_HEAD "p.published_at"

static json_t *card(struct db_res *res, const char *locale)
{
	char url[48], aurl[48];
	int64_t id = db_int(res, 0);
	snprintf(aurl, sizeof aurl, "/actors/%lld", (long long)db_int(res, 11));
	const char *origin = db_text(res, 9);
	return json_pack("{s:I, s:s, s:o, s:o, s:{s:I, s:o, s:s}, s:s, s:o, s:s, s:o, s:I, s:o, "
	                 "s:o, s:o, s:b, s:s, s:o, s:[], s:[]}",
	                 "id", (json_int_t)id, "url", practice_url(url, id),
	                 "title", pcol_str(res, 1), "summary", pcol_str(res, 2),
	                 "actor", "id", (json_int_t)db_int(res, 11), "name", pcol_str(res, 12),
	                 "url", aurl,
	                 "level", db_text(res, 3), "level_label",
	                 code_label_json(locale, practice_levels, practice_level_labels,
	                                 db_text(res, 3)),
	                 "type", db_text(res, 4), "type_label",
	                 code_label_json(locale, practice_types, practice_type_labels,
	                                 db_text(res, 4)),
	                 "start_year", (json_int_t)db_int(res, 5), "end_year", db_json(res, 6),
	                 "lang", pcol_str(res, 7), "published_at", pcol_str(res, 8),
	                 "sample", origin && strcmp(origin, "real") != 0,
	                 "status", db_text(res, 10), "status_label",
	                 code_label_json(locale, practice_statuses, practice_status_labels,
	                                 db_text(res, 10)),
	                 "objectives", "countries");
}

/* Fills each card's objectives and countries: two small indexed reads a
 * card (its ids are scattered over the table when the page is sorted by
 * date, so a range read would pass over the whole table). */
static int add_children(struct db *db, json_t *cards)
{
	static const struct {
		const char *key, *sql;
	} lists[] = {
		{"objectives", "SELECT objective FROM practice_objective WHERE practice_id = $1 "
		 "ORDER BY objective"},
		{"countries", "SELECT iso3 FROM practice_country WHERE practice_id = $1 ORDER BY iso3"},
	};
	size_t i;
	json_t *c;
	json_array_foreach(cards, i, c) {
		int64_t id = json_integer_value(json_object_get(c, "id"));
		for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
			struct db_res *res = db_query(db, lists[k].sql, DB_ARGS(DB_INT(id)));
			if (!res)
				return -1;
			int r;
			while ((r = db_next(res)) == 1)
				json_array_append_new(json_object_get(c, lists[k].key), db_json(res, 0));
			db_res_free(res);
			if (r < 0)
				return -1;
		}
	}
	return 0;
}

/* Runs q and appends a card per row to cards (at most limit; *more: a
 * row beyond). 0 or -1. */
static int read_cards(struct db *db, const char *locale, struct query *q, int64_t limit,
                      json_t *cards, bool *more, char **last_key)
{
	struct db_res *res = db_query(db, q->sql, q->nargs, q->args);
	if (!res)
		return -1;
	int r;
	int64_t n = 0;
	*more = false;
	while ((r = db_next(res)) == 1) {
		if (n == limit) {
			*more = true;
			break;
		}
		json_t *c = card(res, locale);
		/* The language it is written in, named in that language. */
		json_object_set_new(c, "lang_name", json_string(i18n_native_name(db_text(res, 7))));
		json_array_append_new(cards, c);
		if (last_key) {
			free(*last_key);
			*last_key = xstrdup(db_text(res, 13) ? db_text(res, 13) : "");
		}
		n++;
	}
	db_res_free(res);
	return r < 0 ? -1 : 0;
}

json_t *practices_list(struct db *db, const char *locale, const json_t *f)
{
	const char *sort = json_string_value(json_object_get(f, "sort"));
	bool by_title = sort && strcmp(sort, "title") == 0;
	int64_t limit = json_integer_value(json_object_get(f, "limit"));
	if (limit <= 0)
		limit = PRACTICE_PAGE_DEFAULT;
	struct db_arg args[QUERY_ARGS], cargs[QUERY_ARGS];
	struct query q, cq;
	query_init(&q, args);
	query_init(&cq, cargs);
	query_sql(&q, by_title ?
	          "SELECT " CARD_COLS " FROM practice p JOIN actor a ON a.id = p.actor_id "
	          "WHERE " PRACTICE_LISTED("p") :
	          "SELECT " CARD_COLS_PUBLISHED " FROM practice p JOIN actor a ON a.id = p.actor_id "
	          "WHERE " PRACTICE_LISTED("p"));
	query_sql(&cq, "SELECT count(*) FROM practice p WHERE " PRACTICE_LISTED("p"));
	add_conditions(&q, f, false);
	add_conditions(&cq, f, true);
	/* q=: the practices the one search finds for the words (search.h). */
	const char *words = json_string_value(json_object_get(f, "q"));
	char match[BUF_MAX_LINE], cmatch[BUF_MAX_LINE];
	if (words && *words) {
		search_list_condition(db, &q, "practice", "p.id", words, match, sizeof match);
		search_list_condition(db, &cq, "practice", "p.id", words, cmatch, sizeof cmatch);
	}
	const char *after = json_string_value(json_object_get(f, "after"));
	char *key = NULL;
	if (after) {
		const char *tilde = strrchr(after, '~');
		key = xstrndup(after, (size_t)(tilde - after));
		int64_t id = strtoll(tilde + 1, NULL, 10);
		query_param(&q, by_title ? " AND (p.sort_title > $? OR (p.sort_title = $?" :
		            " AND (p.published_at < $? OR (p.published_at = $?", DB_TEXT(key));
		query_param(&q, by_title ? " AND p.id > $?))" : " AND p.id < $?))", DB_INT(id));
	}
	query_sql(&q, by_title ? " ORDER BY p.sort_title, p.id" :
	          " ORDER BY p.published_at DESC, p.id DESC");
	query_param(&q, " LIMIT $?", DB_INT(limit + 1));
	json_t *cards = json_array();
	bool more = false;
	char *last = NULL;
	int64_t total = 0;
	int rc = q.overflow || cq.overflow ? -1 :
	         read_cards(db, locale, &q, limit, cards, &more, &last);
	free(key);
	int tallied = rc == 0 ? tally_total(db, f, &total) : 0;
	if (tallied < 0)
		rc = -1;
	if (rc == 0 && tallied == 0)
		rc = db_scalar_int(db, &total, 0, cq.sql, cq.nargs, cq.args);
	if (rc == 0)
		rc = add_children(db, cards);
	if (rc < 0) {
		free(last);
		json_decref(cards);
		return NULL;
	}
	json_t *next = json_null();
	if (more && last) {
		json_t *lastc = json_array_get(cards, json_array_size(cards) - 1);
		char *cursor = NULL;
		if (asprintf(&cursor, "%s~%lld", last,
		             (long long)json_integer_value(json_object_get(lastc, "id"))) >= 0) {
			json_decref(next);
			next = json_string(cursor);
			free(cursor);
		}
	}
	free(last);
	size_t count = json_array_size(cards);
	return json_pack("{s:o, s:I, s:I, s:o, s:s}", "practices", cards, "count", (json_int_t)count,
	                 "total", (json_int_t)total, "next", next ? next : json_null(),
	                 "sort", by_title ? "title" : "published");
}

json_t *practices_of_actor(struct db *db, const char *locale, int64_t actor_id)
{
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_param(&q, "SELECT " CARD_COLS " FROM practice p JOIN actor a ON a.id = p.actor_id "
	            "WHERE p.actor_id = $? AND p.status <> 'published' ORDER BY p.id DESC",
	            DB_INT(actor_id));
	query_param(&q, " LIMIT $?", DB_INT(PRACTICE_PAGE_MAX));
	json_t *cards = json_array();
	bool more;
	if (read_cards(db, locale, &q, PRACTICE_PAGE_MAX, cards, &more, NULL) < 0 ||
	    add_children(db, cards) < 0) {
		json_decref(cards);
		return NULL;
	}
	return cards;
}

json_t *practices_feed(struct db *db, int limit)
{
	json_t *rows = db_json_rows(db, "SELECT p.id, p.title, p.summary, a.name AS actor_name, "
	                            "p.published_at, p.updated_at FROM practice p "
	                            "JOIN actor a ON a.id = p.actor_id WHERE " PRACTICE_LISTED("p") " "
	                            "ORDER BY p.published_at DESC, p.id DESC LIMIT $1",
	                            DB_ARGS(DB_INT(limit)));
	if (!rows)
		return NULL;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		char url[48];
		json_object_set_new(r, "url", json_string(practice_url(url,
		                    json_integer_value(json_object_get(r, "id")))));
	}
	/* A feed with no entry yet still needs an <updated>: the Compact's
	 * adoption. */
	const char *updated = json_string_value(json_object_get(json_array_get(rows, 0),
	                                                        "published_at"));
	return json_pack("{s:o, s:s}", "entries", rows, "updated",
	                 updated ? updated : "2018-12-10T00:00:00.000Z");
}

/* {code, label} for each code of a list. */
static json_t *code_choices(const char *locale, const char *const *codes,
                            const char *const *labels)
{
	json_t *list = json_array();
	for (size_t i = 0; codes[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "code", codes[i], "label",
		                                      tr(locale, labels[i])));
	return list;
}

json_t *practices_choices(struct db *db, const char *locale)
{
	const char *loc = locale ? locale : "en";
	static const struct {
		const char *key, *sql;
	} lists[] = {
		{"objectives", "SELECT o.number, " OBJECTIVE_SHORT_IN("o", "$1") " AS short_title "
		 "FROM objective o ORDER BY o.number"},
		{"principles", "SELECT p.slug, " PRINCIPLE_TITLE_IN("p", "$1") " AS title "
		 "FROM principle p ORDER BY p.letter"},
		{"countries", "SELECT k.iso3, " COUNTRY_NAME_IN("k", "$1") " AS name FROM country k "
		 "ORDER BY 2"},
		{"regions", "SELECT r.m49, " REGION_NAME_IN("r", "$1") " AS name FROM region r "
		 "WHERE r.level IN ('region', 'subregion') ORDER BY r.level, 2"},
		{"calls", "SELECT id, theme FROM practice_call WHERE deadline >= $1 "
		 "ORDER BY deadline, id"},
	};
	json_t *out = json_pack("{s:o, s:o, s:o}",
	                        "levels", code_choices(loc, practice_levels, practice_level_labels),
	                        "types", code_choices(loc, practice_types, practice_type_labels),
	                        "sorts", code_choices(loc, practice_sorts, practice_sort_labels));
	char today[DATE_LEN + 1];
	dates_today(today);
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		bool calls = strcmp(lists[k].key, "calls") == 0;
		json_t *rows = db_json_rows(db, lists[k].sql, DB_ARGS(DB_TEXT(calls ? today : loc)));
		if (!rows) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, lists[k].key, rows);
	}
	return out;
}
