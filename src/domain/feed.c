/* feed.c — the Atom feed's entries: new commitments and progress updates
 * merged newest first (feed.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "buf.h"
#include "db.h"
#include "feed.h"
#include "progress.h"
#include "query.h"
#include "scope.h"
#include "util.h"

/* A string or null (and null for text jansson refuses: never stored). */
static json_t *jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

static const char *jget_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Plain text of at most max bytes, cut at a character boundary, with an
 * ellipsis when cut. Markdown marks are left as typed: a feed reader shows
 * text. */
static json_t *summary(const char *s, size_t max)
{
	if (!s)
		return json_string("");
	size_t n = strlen(s);
	if (n <= max)
		return jstr(s);
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	struct buf b;
	buf_init(&b, max + 8);
	buf_append(&b, s, max);
	buf_puts(&b, "…");
	json_t *j = jstr(buf_str(&b));
	buf_release(&b);
	return j;
}

#define FEED_SUMMARY 400

/* Newest first; within one millisecond an update before a commitment (an
 * update always follows its commitment), then the higher id first. */
static int cmp_published(const void *a, const void *b)
{
	const json_t *ea = *(json_t *const *)a, *eb = *(json_t *const *)b;
	const char *x = jget_str(ea, "published"), *y = jget_str(eb, "published");
	int c = strcmp(y ? y : "", x ? x : "");
	if (c)
		return c;
	c = strcmp(jget_str(eb, "type"), jget_str(ea, "type"));
	if (c)
		return c;
	json_int_t i = json_integer_value(json_object_get(ea, "id"));
	json_int_t j = json_integer_value(json_object_get(eb, "id"));
	return (j > i) - (j < i);
}

static json_t *feed_commitments(struct db *db, const char *locale, const char *country,
                                int objective, int limit)
{
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_sql(&q, "SELECT c.id, c.title, c.description, c.created_at, c.updated_at, c.origin, ");
	query_sql(&q, actors_name_sql(locale));
	query_sql(&q, " FROM commitment c JOIN actor a ON a.id = c.owner_actor_id "
	          "WHERE c.withdrawn_at IS NULL AND c.hidden_at IS NULL");
	struct scope scope = {.objective = objective, .country = country};
	scope_conditions(&q, &scope, SCOPE_GATHER);
	query_sql(&q, " ORDER BY c.created_at DESC, c.id DESC");
	query_param(&q, " LIMIT $?", DB_INT(limit));
	struct db_res *res = q.overflow ? NULL : db_query(db, q.sql, q.nargs, q.args);
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		char url[64];
		snprintf(url, sizeof url, "/commitments/%lld", (long long)db_int(res, 0));
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:b}",
			"type", "commitment", "id", (json_int_t)db_int(res, 0),
			"commitment_id", (json_int_t)db_int(res, 0), "title", jstr(db_text(res, 1)),
			"summary", summary(db_text(res, 2), FEED_SUMMARY),
			"url", url, "author", jstr(db_text(res, 6)),
			"published", jstr(db_text(res, 3)), "updated", jstr(db_text(res, 3)),
			"sample", strcmp(db_text(res, 5), "real") != 0));
	}
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

/* An update's entry. Its title is the commitment's, as a commitment's
 * entry has: the reader's words for the kind of entry ("Progress update:
 * …") are the view's to add, once. */
static json_t *update_entry(const json_t *u)
{
	const json_t *c = json_object_get(u, "commitment");
	const char *narrative = jget_str(u, "narrative");
	json_t *sum = narrative && *narrative ? summary(narrative, FEED_SUMMARY) :
	              json_string(jget_str(u, "status_label"));
	return json_pack("{s:s, s:O, s:O, s:O, s:o, s:O, s:O, s:O, s:O, s:O}",
		"type", "update", "id", json_object_get(u, "id"),
		"commitment_id", json_object_get(c, "id"), "title", json_object_get(c, "title"),
		"summary", sum, "url", json_object_get(u, "url"),
		"author", json_object_get(json_object_get(c, "owner"), "name"),
		"published", json_object_get(u, "created_at"),
		"updated", json_object_get(u, "created_at"), "sample", json_object_get(u, "sample"));
}

json_t *feed_entries(struct db *db, const char *locale, const char *country, int objective,
                     int limit)
{
	if (limit < 1 || limit > 100)
		limit = 20;
	json_t *entries = feed_commitments(db, locale, country, objective, limit);
	struct scope scope = {.objective = objective, .country = country};
	json_t *updates = entries ? progress_recent(db, locale, &scope, limit) : NULL;
	if (!updates) {
		json_decref(entries);
		return NULL;
	}
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u)
		json_array_append_new(entries, update_entry(u));
	json_decref(updates);
	size_t n = json_array_size(entries);
	json_t **v = xmalloc((n + 1) * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(entries, i));
	qsort(v, n, sizeof(*v), cmp_published);
	json_array_clear(entries);
	for (i = 0; i < n; i++) {
		if (i < (size_t)limit)
			json_array_append(entries, v[i]);
		json_decref(v[i]);
	}
	free(v);
	json_t *newest = json_array_size(entries) ?
	                 json_incref(json_object_get(json_array_get(entries, 0), "published")) :
	                 json_null();
	return json_pack("{s:o, s:o}", "entries", entries, "updated", newest);
}
