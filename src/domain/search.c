/* search.c — the search index's writes and the search itself, on both
 * backends. See search.h for the model, fts.h for how text becomes terms.
 *
 * The two backends differ in three places only, each a constant fragment
 * chosen by db_dialect(): where the terms are stored (SQLite: the FTS5
 * table search_fts, same rowid as search_doc; PostgreSQL: search_doc.vec),
 * how a document matches (MATCH / @@) and how relevance is ordered (FTS5's
 * rank, bm25 with the title ten times the body / ts_rank). Everything else
 * — documents, facets, filters, counts, excerpts — is one code path. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "fts.h"
#include "i18n.h"
#include "query.h"
#include "search.h"
#include "text.h"
#include "util.h"
#include "validate.h"

#define TERMS_MAX ((size_t)16 << 20) /* the terms of one document */

static bool is_sqlite(struct db *db)
{
	return db_dialect(db) == DB_SQLITE;
}

/* ---- Writing -------------------------------------------------------------- */

static int doc_id(struct db *db, const char *kind, const char *ref, int64_t *id)
{
	return db_scalar_int(db, id, 0, "SELECT id FROM search_doc WHERE kind = $1 AND ref = $2",
	                     DB_ARGS(DB_TEXT(kind), DB_TEXT(ref)));
}

static int remove_doc(struct db *db, int64_t id)
{
	if (db_exec(db, "DELETE FROM search_facet WHERE doc = $1", DB_ARGS(DB_INT(id))) < 0)
		return -1;
	if (is_sqlite(db) &&
	    db_exec(db, "DELETE FROM search_fts WHERE rowid = $1", DB_ARGS(DB_INT(id))) < 0)
		return -1;
	return db_exec(db, "DELETE FROM search_doc WHERE id = $1", DB_ARGS(DB_INT(id))) < 0 ? -1 : 0;
}

int search_index_delete(struct db *db, const char *kind, const char *ref)
{
	int64_t id = 0;
	if (doc_id(db, kind, ref, &id) < 0)
		return -1;
	return id ? remove_doc(db, id) : 0;
}

int search_index_clear(struct db *db, const char *kind)
{
	if (db_exec(db, "DELETE FROM search_facet WHERE doc IN "
	                "(SELECT id FROM search_doc WHERE kind = $1)", DB_ARGS(DB_TEXT(kind))) < 0)
		return -1;
	if (is_sqlite(db) &&
	    db_exec(db, "DELETE FROM search_fts WHERE rowid IN "
	                "(SELECT id FROM search_doc WHERE kind = $1)", DB_ARGS(DB_TEXT(kind))) < 0)
		return -1;
	return db_exec(db, "DELETE FROM search_doc WHERE kind = $1", DB_ARGS(DB_TEXT(kind))) < 0
	               ? -1 : 0;
}

int search_index_each(struct db *db, const char *kind, const char *ids_sql,
                      int (*index_one)(struct db *db, int64_t id))
{
	if (search_index_clear(db, kind) < 0)
		return -1;
	struct db_res *res = db_query(db, ids_sql, NO_ARGS);
	if (!res)
		return -1;
	/* the ids first: index_one runs queries of its own on this connection */
	size_t n = 0, cap = 1024;
	int64_t *ids = xmalloc(cap * sizeof *ids);
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (n == cap)
			ids = xrealloc(ids, (cap *= 2) * sizeof *ids);
		ids[n++] = db_int(res, 0);
	}
	db_res_free(res);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = index_one(db, ids[i]);
	free(ids);
	return rc < 0 ? -1 : 0;
}

static json_t *texts_json(const struct search_doc *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->ntexts; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "lang",
		                                   d->texts[i].lang ? d->texts[i].lang : "",
		                                   "title", d->texts[i].title ? d->texts[i].title : "",
		                                   "body", d->texts[i].body ? d->texts[i].body : ""));
	return a;
}

static int write_terms(struct db *db, int64_t id, const struct search_doc *d)
{
	struct buf title, body, vec;
	buf_init(&title, TERMS_MAX);
	buf_init(&body, TERMS_MAX);
	buf_init(&vec, 2 * TERMS_MAX);
	for (size_t i = 0; i < d->ntexts; i++) {
		const struct search_text *t = &d->texts[i];
		if (t->title)
			fts_terms(t->title, strlen(t->title), t->lang, &title);
		if (t->body)
			fts_terms(t->body, strlen(t->body), t->lang, &body);
	}
	int rc = -1;
	if (title.overflow || body.overflow)
		goto done; /* defensive: every text's length is capped by its own checks */
	if (is_sqlite(db)) {
		rc = db_exec(db, "INSERT INTO search_fts (rowid, title, body) VALUES ($1, $2, $3)",
		             DB_ARGS(DB_INT(id), DB_TEXT(buf_str(&title)), DB_TEXT(buf_str(&body))))
		             < 0 ? -1 : 0;
	} else if (fts_tsvector(buf_str(&title), buf_str(&body), &vec) == 0) {
		rc = db_exec(db, "UPDATE search_doc SET vec = CAST($2 AS tsvector) WHERE id = $1",
		             DB_ARGS(DB_INT(id), DB_TEXT(buf_str(&vec)))) < 0 ? -1 : 0;
	}
done:
	buf_release(&title);
	buf_release(&body);
	buf_release(&vec);
	return rc;
}

int search_index_put(struct db *db, const struct search_doc *d)
{
	json_t *texts = texts_json(d);
	char *texts_s = json_dumps(texts, JSON_COMPACT);
	json_decref(texts);
	struct buf packed;
	buf_init(&packed, BUF_MAX_LINE);
	for (size_t i = 0; i < d->nfacets; i++)
		if (d->facets[i].value && *d->facets[i].value)
			buf_printf(&packed, "%s=%s\n", d->facets[i].facet, d->facets[i].value);
	/* the document keeps its id from one write to the next */
	struct db_res *res = packed.overflow ? NULL : db_query(db,
		"INSERT INTO search_doc (kind, ref, num, lang, sort_date, facets, texts) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, ref) DO UPDATE SET "
		"num = excluded.num, lang = excluded.lang, sort_date = excluded.sort_date, "
		"facets = excluded.facets, texts = excluded.texts RETURNING id",
		DB_ARGS(DB_TEXT(d->kind), DB_TEXT(d->ref), d->num ? DB_INT(d->num) : DB_NULL_ARG,
		        DB_TEXT(d->lang ? d->lang : ""), DB_TEXT(d->date ? d->date : ""),
		        DB_TEXT(buf_str(&packed)), DB_TEXT(texts_s)));
	free(texts_s);
	buf_release(&packed);
	if (!res)
		return -1;
	int64_t id = db_next(res) == 1 ? db_int(res, 0) : 0;
	db_res_free(res);
	if (!id || db_exec(db, "DELETE FROM search_facet WHERE doc = $1", DB_ARGS(DB_INT(id))) < 0)
		return -1;
	if (is_sqlite(db) &&
	    db_exec(db, "DELETE FROM search_fts WHERE rowid = $1", DB_ARGS(DB_INT(id))) < 0)
		return -1;
	if (write_terms(db, id, d) < 0)
		return -1;
	/* a row per facet: measured faster on SQLite than one statement over
	 * a JSON array of them (json_each), 0.23 against 0.44 ms a document */
	for (size_t i = 0; i < d->nfacets; i++) {
		if (!d->facets[i].value || !*d->facets[i].value)
			continue;
		if (db_exec(db, "INSERT INTO search_facet (doc, facet, value) VALUES ($1, $2, $3) "
		                "ON CONFLICT DO NOTHING",
		            DB_ARGS(DB_INT(id), DB_TEXT(d->facets[i].facet),
		                    DB_TEXT(d->facets[i].value))) < 0)
			return -1;
	}
	return 0;
}

int search_built(struct db *db)
{
	int64_t built = 0;
	if (db_scalar_int(db, &built, 0, "SELECT built FROM search_state WHERE id = 1", NO_ARGS) < 0)
		return -1;
	return built ? 1 : 0;
}

int search_mark_built(struct db *db)
{
	return db_exec(db, "UPDATE search_state SET built = 1 WHERE id = 1", NO_ARGS) < 0 ? -1 : 0;
}

int search_mark_stale(struct db *db)
{
	return db_exec(db, "UPDATE search_state SET built = 0 WHERE id = 1", NO_ARGS) < 0 ? -1 : 0;
}

/* ---- Searching -------------------------------------------------------------- */

/* The parsed request: the words, and the backend's match string. */
struct plan {
	struct fts_query words;
	struct buf match;
	bool sqlite;
	bool by_date;
	int64_t offset;
	int limit;
};

static const char *const sorts[] = {"relevance", "date", NULL};

static bool cursor_offset(const char *c, int64_t *off)
{
	if (!c || c[0] != 'o' || !c[1] || strlen(c) > 8)
		return false;
	int64_t v = 0;
	for (const char *p = c + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v > SEARCH_OFFSET_MAX)
		return false;
	*off = v;
	return true;
}

int search_request_check(const struct search_request *r, json_t *errors)
{
	int n = 0;
	if (r->sort && *r->sort) {
		bool ok = false;
		for (size_t i = 0; sorts[i]; i++)
			ok = ok || strcmp(sorts[i], r->sort) == 0;
		if (!ok)
			n++, valid_error(errors, "sort", N_("Choose one"));
	}
	int64_t off;
	if (r->cursor && *r->cursor && !cursor_offset(r->cursor, &off))
		n++, valid_error(errors, "after",
		                 N_("This page link is not valid any more: start from the first page."));
	if (r->limit < 0 || r->limit > SEARCH_PAGE_MAX)
		n++, valid_error_int(errors, "limit", N_("At most {max} results per page."), "max",
		                     SEARCH_PAGE_MAX);
	return n;
}

/* FROM … WHERE …: the documents the request selects. With fts_only (SQLite,
 * words, no kind), the FTS5 table alone: a facet filter reads search_facet
 * by the FTS rowid, which is the document's id, and search_doc is not read
 * at all (see rows()). */
static void from_where(struct query *qb, const struct plan *p, const struct search_request *r,
                       bool fts_only)
{
	bool words = p->words.nwords > 0;
	const char *doc = fts_only ? "search_fts.rowid" : "d.id";
	query_sql(qb, fts_only ? " FROM search_fts"
	              : words && p->sqlite
	                  ? " FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid"
	                  : " FROM search_doc d");
	query_sql(qb, " WHERE 1 = 1");
	if (words)
		query_param(qb, p->sqlite ? " AND search_fts MATCH $?" : " AND d.vec @@ CAST($? AS tsquery)",
		            DB_TEXT(buf_str(&p->match)));
	if (r->kind && *r->kind)
		query_param(qb, " AND d.kind = $?", DB_TEXT(r->kind));
	for (size_t i = 0; i < r->nfilters && i < SEARCH_MAX_FILTERS; i++) {
		query_sql(qb, " AND EXISTS (SELECT 1 FROM search_facet f WHERE f.doc = ");
		query_sql(qb, doc);
		query_param(qb, " AND f.facet = $?", DB_TEXT(r->filters[i].facet));
		query_param(qb, " AND f.value = $?)", DB_TEXT(r->filters[i].value));
	}
}

/* Long texts are Markdown (cmark): an excerpt shows their words, not the
 * marks — '*' and '`' dropped, a heading's '#'s, a link's "(url)" after
 * its "[text]" (the brackets too). Caller frees. */
static char *markdown_words(const char *md)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	bool line_start = true;
	for (const char *p = md ? md : ""; *p; p++) {
		if (*p == '*' || *p == '`' || *p == '[' || (*p == '#' && line_start))
			continue;
		if (*p == ']' && p[1] == '(') {
			const char *close = strchr(p, ')');
			if (close) {
				p = close;
				continue;
			}
		}
		line_start = *p == '\n';
		buf_putc(&b, *p);
	}
	return buf_detach(&b, NULL);
}

/* The text to show of a document: the locale's if it has one, else the
 * original; then, for the excerpt, the first text where a word matched. */
static json_t *result(const struct plan *p, struct db_res *res, const char *locale)
{
	json_t *texts = json_loads(db_text(res, 5) ? db_text(res, 5) : "[]", 0, NULL);
	if (!json_is_array(texts)) {
		json_decref(texts);
		texts = json_array(); /* defensive: search_index_put writes an array */
	}
	size_t shown = 0, i;
	json_t *text;
	json_array_foreach(texts, i, text) {
		const char *lang = json_string_value(json_object_get(text, "lang"));
		if (locale && lang && strcmp(lang, locale) == 0) {
			shown = i;
			break;
		}
	}
	json_t *t = json_array_get(texts, shown);
	const char *title = json_string_value(json_object_get(t, "title"));
	json_t *excerpt = NULL;
	const char *matched = NULL;
	size_t n = json_array_size(texts);
	for (size_t k = 0; k < n && p->words.nwords; k++) {
		json_t *u = json_array_get(texts, (shown + k) % n);
		const char *lang = json_string_value(json_object_get(u, "lang"));
		char *body = markdown_words(json_string_value(json_object_get(u, "body")));
		const char *parts[2] = {body, json_string_value(json_object_get(u, "title"))};
		for (size_t j = 0; j < 2 && !excerpt; j++) {
			bool found;
			json_t *e = fts_excerpt(parts[j], lang, &p->words, SEARCH_EXCERPT_CHARS, &found);
			if (found) {
				excerpt = e;
				matched = lang;
			} else {
				json_decref(e);
			}
		}
		free(body);
		if (excerpt)
			break;
	}
	if (!excerpt) {
		bool found;
		char *body = markdown_words(json_string_value(json_object_get(t, "body")));
		excerpt = fts_excerpt(body, json_string_value(json_object_get(t, "lang")), &p->words,
		                      SEARCH_EXCERPT_CHARS, &found);
		free(body);
	}
	json_t *o = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:s?}", "kind", db_text(res, 1),
	                      "ref", db_text(res, 2), "lang", db_text(res, 3), "date",
	                      db_text(res, 4) && *db_text(res, 4) ? db_text(res, 4) : NULL,
	                      "title", title, "excerpt", excerpt, "matched_lang", matched);
	json_decref(texts);
	return o;
}

static json_t *rows(struct db *db, const struct plan *p, const struct search_request *r)
{
	struct db_arg args[QUERY_ARGS];
	struct query qb;
	query_init(&qb, args);
	if (p->sqlite && p->words.nwords && !p->by_date) {
		/* The page's ids ranked first, then their texts: a sort carries
		 * every column it returns, so ranking with d.texts in the row read
		 * every match's texts (kilobytes each, overflow pages) to keep 21
		 * of them (docs/performance-notes.md, "The search within 1.5× of its floor"). */
		bool fts_only = !(r->kind && *r->kind);
		query_sql(&qb, "SELECT d.id, d.kind, d.ref, d.lang, d.sort_date, d.texts FROM "
		               "(SELECT search_fts.rowid AS id, search_fts.rank AS r");
		from_where(&qb, p, r, fts_only);
		query_sql(&qb, " ORDER BY search_fts.rank, search_fts.rowid");
		query_param(&qb, " LIMIT $?", DB_INT(p->limit + 1));
		query_param(&qb, " OFFSET $?", DB_INT(p->offset));
		query_sql(&qb, ") m JOIN search_doc d ON d.id = m.id ORDER BY m.r, d.id");
	} else {
		query_sql(&qb, "SELECT d.id, d.kind, d.ref, d.lang, d.sort_date, d.texts");
		from_where(&qb, p, r, false);
		if (p->by_date || !p->words.nwords)
			query_sql(&qb, " ORDER BY d.sort_date DESC, d.id DESC");
		else
			query_param(&qb, " ORDER BY ts_rank(d.vec, CAST($? AS tsquery)) DESC, d.id",
			            DB_TEXT(buf_str(&p->match)));
		query_param(&qb, " LIMIT $?", DB_INT(p->limit + 1));
		query_param(&qb, " OFFSET $?", DB_INT(p->offset));
	}
	if (qb.overflow)
		return NULL; /* defensive: the fragments above fit QUERY_MAX */
	struct db_res *res = db_query(db, qb.sql, qb.nargs, qb.args);
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(list, result(p, res, r->locale));
	db_res_free(res);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* The facet counts of one search, tallied in an open-addressing table
 * keyed by (facet, value) bytes: a match's packed facets are counted
 * without copying or formatting them. It replaced a jansson object per
 * facet fed through snprintf, which took some 40% of a large search's CPU
 * (docs/performance-notes.md, "The search within 1.5× of its floor"). */
struct tally_slot {
	uint64_t hash;
	const char *key; /* facet bytes then value bytes, owned; NULL: empty */
	size_t flen, vlen;
	json_int_t n;
};

struct tally {
	struct tally_slot *slots;
	size_t cap, used; /* cap a power of two, at most half used */
};

#define TALLY_START 256

static uint64_t tally_hash(const char *facet, size_t flen, const char *value, size_t vlen)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a; '=' between the two parts */
	for (size_t i = 0; i < flen; i++)
		h = (h ^ (unsigned char)facet[i]) * 1099511628211ULL;
	h = (h ^ '=') * 1099511628211ULL;
	for (size_t i = 0; i < vlen; i++)
		h = (h ^ (unsigned char)value[i]) * 1099511628211ULL;
	return h;
}

static void tally_init(struct tally *t)
{
	t->cap = TALLY_START;
	t->used = 0;
	t->slots = xcalloc(t->cap, sizeof *t->slots);
}

static void tally_free(struct tally *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free((char *)t->slots[i].key);
	free(t->slots);
}

static struct tally_slot *tally_find(struct tally_slot *slots, size_t cap, uint64_t h,
                                     const char *facet, size_t flen, const char *value,
                                     size_t vlen)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		struct tally_slot *s = &slots[i];
		if (!s->key || (s->hash == h && s->flen == flen && s->vlen == vlen &&
		                memcmp(s->key, facet, flen) == 0 &&
		                memcmp(s->key + flen, value, vlen) == 0))
			return s;
	}
}

static void tally_grow(struct tally *t)
{
	size_t cap = t->cap * 2;
	struct tally_slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < t->cap; i++) {
		struct tally_slot *o = &t->slots[i];
		if (o->key)
			*tally_find(slots, cap, o->hash, o->key, o->flen, o->key + o->flen, o->vlen) = *o;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}

/* Adds one to the count of (facet, value); a value longer than
 * SEARCH_FACET_VALUE_MAX counts under its first SEARCH_FACET_VALUE_MAX bytes. */
static void tally_add(struct tally *t, const char *facet, size_t flen, const char *value,
                      size_t vlen)
{
	if (vlen > SEARCH_FACET_VALUE_MAX)
		vlen = SEARCH_FACET_VALUE_MAX;
	uint64_t h = tally_hash(facet, flen, value, vlen);
	struct tally_slot *s = tally_find(t->slots, t->cap, h, facet, flen, value, vlen);
	if (s->key) {
		s->n++;
		return;
	}
	char *key = xmalloc(flen + vlen + 1);
	memcpy(key, facet, flen);
	memcpy(key + flen, value, vlen);
	key[flen + vlen] = '\0';
	*s = (struct tally_slot){.hash = h, .key = key, .flen = flen, .vlen = vlen, .n = 1};
	if (++t->used * 2 > t->cap)
		tally_grow(t);
}

/* {facet: {value: n}}, what count_lists sorts. */
static json_t *tally_json(const struct tally *t)
{
	json_t *counts = json_object();
	for (size_t i = 0; i < t->cap; i++) {
		const struct tally_slot *s = &t->slots[i];
		if (!s->key)
			continue;
		char facet[32], value[SEARCH_FACET_VALUE_MAX + 1];
		snprintf(facet, sizeof facet, "%.*s", (int)s->flen, s->key);
		snprintf(value, sizeof value, "%.*s", (int)s->vlen, s->key + s->flen);
		json_t *per = json_object_get(counts, facet);
		if (!per) {
			per = json_object();
			json_object_set_new(counts, facet, per);
		}
		json_object_set_new(per, value, json_integer(s->n));
	}
	return counts;
}

static int by_count(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t cx = json_integer_value(json_object_get(x, "count"));
	json_int_t cy = json_integer_value(json_object_get(y, "count"));
	if (cx != cy)
		return cx > cy ? -1 : 1;
	/* then by value: numbers as numbers (objectives 3 before 13), codes as text */
	const char *vx = json_string_value(json_object_get(x, "value"));
	const char *vy = json_string_value(json_object_get(y, "value"));
	size_t dx = strspn(vx, "0123456789"), dy = strspn(vy, "0123456789");
	if (dx && dy && !vx[dx] && !vy[dy] && dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(vx, vy);
}

/* {facet: {value: n}} → {facet: [{value, count}…]}, most frequent first. */
static json_t *count_lists(json_t *counts)
{
	json_t *out = json_object();
	const char *facet;
	json_t *per;
	json_object_foreach(counts, facet, per) {
		size_t n = json_object_size(per), k = 0;
		json_t **items = xmalloc((n ? n : 1) * sizeof *items);
		const char *value;
		json_t *c;
		json_object_foreach(per, value, c)
			items[k++] = json_pack("{s:s, s:O}", "value", value, "count", c);
		qsort(items, n, sizeof *items, by_count);
		json_t *list = json_array();
		for (k = 0; k < n; k++)
			json_array_append_new(list, items[k]);
		free(items);
		json_object_set_new(out, facet, list);
	}
	return out;
}

/* {"kind": [{value, count}…], facet: […] …}, counted over the selection:
 * one narrow column per matching document (search_doc.facets), counted
 * here — a GROUP BY over the facet rows sorted ten times as many rows and
 * cost about ten times the CPU (docs/performance-notes.md). */
static json_t *facets(struct db *db, const struct plan *p, const struct search_request *r)
{
	struct db_arg args[QUERY_ARGS];
	struct query qb;
	query_init(&qb, args);
	query_sql(&qb, "SELECT d.kind, d.facets");
	from_where(&qb, p, r, false);
	struct db_res *res = qb.overflow ? NULL : db_query(db, qb.sql, qb.nargs, qb.args);
	if (!res)
		return NULL;
	struct tally counts;
	tally_init(&counts);
	int rc;
	while ((rc = db_next(res)) == 1) {
		const char *kind = db_text(res, 0), *packed = db_text(res, 1);
		if (kind)
			tally_add(&counts, "kind", 4, kind, strlen(kind));
		for (const char *line = packed ? packed : ""; *line;) {
			const char *end = strchr(line, '\n');
			if (!end)
				end = line + strlen(line);
			const char *eq = memchr(line, '=', (size_t)(end - line));
			if (eq && (size_t)(eq - line) < 32)
				tally_add(&counts, line, (size_t)(eq - line), eq + 1, (size_t)(end - eq - 1));
			line = *end ? end + 1 : end;
		}
	}
	db_res_free(res);
	json_t *out = NULL;
	if (rc == 0) {
		json_t *c = tally_json(&counts);
		out = count_lists(c);
		json_decref(c);
	}
	tally_free(&counts);
	return out;
}

/* Every result has one kind: the total is the sum of the kind counts. */
static int64_t total_of(json_t *facets)
{
	int64_t n = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(facets, "kind"), i, v)
		n += json_integer_value(json_object_get(v, "count"));
	return n;
}

json_t *search_run(struct db *db, const struct search_request *r)
{
	struct plan p = {.sqlite = is_sqlite(db)};
	fts_query_parse(r->q, &p.words);
	buf_init(&p.match, BUF_MAX_LINE);
	if (p.words.nwords)
		(p.sqlite ? fts_query_fts5 : fts_query_tsquery)(&p.words, &p.match);
	p.by_date = r->sort && strcmp(r->sort, "date") == 0;
	p.limit = r->limit > 0 && r->limit <= SEARCH_PAGE_MAX ? r->limit : SEARCH_PAGE_DEFAULT;
	if (!cursor_offset(r->cursor, &p.offset))
		p.offset = 0;
	json_t *model = NULL, *list = NULL, *fac = NULL;
	int64_t total = 0;
	if (p.match.overflow)
		goto done; /* defensive: FTS_MAX_WORDS × FTS_MAX_FORMS terms fit a line */
	list = rows(db, &p, r);
	fac = list ? facets(db, &p, r) : NULL;
	if (!fac)
		goto done;
	total = total_of(fac);
	json_t *next = json_null();
	if (json_array_size(list) > (size_t)p.limit) {
		json_array_remove(list, (size_t)p.limit);
		if (p.offset + p.limit <= SEARCH_OFFSET_MAX) {
			char c[24];
			snprintf(c, sizeof c, "o%lld", (long long)(p.offset + p.limit));
			next = json_string(c);
		}
	}
	/* q is echoed only when it is text (the web layer refused anything else) */
	const char *q = r->q && utf8_valid(r->q, strlen(r->q)) ? r->q : "";
	const char *kind = r->kind && utf8_valid(r->kind, strlen(r->kind)) ? r->kind : "";
	model = json_pack("{s:s, s:s, s:s, s:I, s:O, s:O, s:o}", "q", q, "sort",
	                  p.by_date || !p.words.nwords ? "date" : "relevance", "kind",
	                  kind, "count", (json_int_t)total, "results", list,
	                  "facets", fac, "next", next);
done:
	json_decref(list);
	json_decref(fac);
	buf_release(&p.match);
	return model;
}

int search_match(struct db *db, const char *q, struct buf *out)
{
	struct fts_query words;
	fts_query_parse(q, &words);
	if (!words.nwords)
		return 0;
	(is_sqlite(db) ? fts_query_fts5 : fts_query_tsquery)(&words, out);
	return (int)words.nwords;
}

void search_list_condition(struct db *db, struct query *qb, const char *kind, const char *id_col,
                           const char *q, char *buf, size_t buflen)
{
	struct buf m;
	buf_init(&m, BUF_MAX_LINE);
	int n = search_match(db, q, &m);
	if (n == 0 || m.overflow || m.len >= buflen) {
		/* no word: no condition; a match string past BUF_MAX_LINE cannot
		 * happen (FTS_MAX_WORDS × FTS_MAX_FORMS short terms): no row then */
		if (n)
			query_sql(qb, " AND 1 = 0");
		buf_release(&m);
		return;
	}
	memcpy(buf, m.data, m.len + 1);
	buf_release(&m);
	query_sql(qb, " AND ");
	query_sql(qb, id_col);
	query_param(qb, is_sqlite(db) ? " IN (" SEARCH_NUMS_SQLITE("$?", "") 
	                              : " IN (" SEARCH_NUMS_PG("$?", ""),
	            DB_TEXT(buf));
	query_param(qb, "$?)", DB_TEXT(kind));
}
