/* search.c — the search index's writes and the search itself, on both
 * backends. See search.h for the model, fts.h for how text becomes terms.
 *
 * The two backends differ in three places only, each a constant fragment
 * chosen by db_dialect(): where the terms are stored (SQLite: the FTS5
 * table search_fts, same rowid as search_doc; PostgreSQL: search_doc.vec),
 * how a document matches (MATCH / @@) and how relevance is ordered (FTS5's
 * rank, bm25 with the title ten times the body / ts_rank). Everything else
 * — documents, facets, filters, counts, excerpts — is one code path (but
 * for PostgreSQL's plan of the pass, see one_pass). */
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
#include "search_pass.h"
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

/* True when the packed facets (lines "facet=value\n") hold the line
 * [line, line + len) (its newline included). */
static bool has_line(const char *packed, const char *line, size_t len)
{
	for (const char *p = packed; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (n == len && memcmp(p, line, len) == 0)
			return true;
		p += n;
	}
	return false;
}

/* For each line of `from` not in `to`, runs sql with the document's id, the
 * facet and the value: the facets' rows follow the packed column (the two
 * are only ever written together, here). 0 or -1. */
static int facet_diff(struct db *db, int64_t id, const char *from, const char *to,
                      const char *sql)
{
	char facet[128];
	for (const char *p = from; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		const char *eq = memchr(p, '=', n);
		if (eq && !has_line(to, p, n) && (size_t)(eq - p) < sizeof facet) {
			memcpy(facet, p, (size_t)(eq - p));
			facet[eq - p] = '\0';
			char *value = xstrndup(eq + 1, (size_t)(p + n - eq - 1) - (nl ? 1 : 0));
			int64_t rc = db_exec(db, sql, DB_ARGS(DB_INT(id), DB_TEXT(facet), DB_TEXT(value)));
			free(value);
			if (rc < 0)
				return -1;
		}
		p += n;
	}
	return 0;
}

static const char facet_insert_sql[] =
	"INSERT INTO search_facet (doc, facet, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

/* A document written before: its row is updated, and its terms and facets
 * rewritten only where they changed. A commitment is indexed again at
 * every progress update (its status is a facet), when usually nothing but
 * its date changed: rewriting its terms (FTS5's segments) and its dozen
 * facets made half the pages such a write added to SQLite's WAL (issue 19,
 * item 6). */
static int update_doc(struct db *db, int64_t id, const struct search_doc *d,
                      const char *packed, const char *texts_s, json_t *old)
{
	const char *old_facets = json_string_value(json_object_get(old, "facets"));
	const char *old_texts = json_string_value(json_object_get(old, "texts"));
	if (db_exec(db, "UPDATE search_doc SET num = $2, lang = $3, sort_date = $4, facets = $5, "
	                "texts = $6 WHERE id = $1",
	            DB_ARGS(DB_INT(id), d->num ? DB_INT(d->num) : DB_NULL_ARG,
	                    DB_TEXT(d->lang ? d->lang : ""), DB_TEXT(d->date ? d->date : ""),
	                    DB_TEXT(packed), DB_TEXT(texts_s))) < 0)
		return -1;
	if (!old_texts || strcmp(old_texts, texts_s) != 0) {
		if (is_sqlite(db) &&
		    db_exec(db, "DELETE FROM search_fts WHERE rowid = $1", DB_ARGS(DB_INT(id))) < 0)
			return -1;
		if (write_terms(db, id, d) < 0)
			return -1;
	}
	if (!old_facets)
		old_facets = "";
	if (facet_diff(db, id, old_facets, packed, "DELETE FROM search_facet WHERE doc = $1 AND "
	               "facet = $2 AND value = $3") < 0)
		return -1;
	return facet_diff(db, id, packed, old_facets, facet_insert_sql);
}

/* A new document: its row, its terms and a row per facet. */
static int insert_doc(struct db *db, const struct search_doc *d, const char *packed,
                      const char *texts_s)
{
	/* ON CONFLICT: the document keeps its id from one write to the next */
	struct db_res *res = db_query(db,
		"INSERT INTO search_doc (kind, ref, num, lang, sort_date, facets, texts) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kind, ref) DO UPDATE SET "
		"num = excluded.num, lang = excluded.lang, sort_date = excluded.sort_date, "
		"facets = excluded.facets, texts = excluded.texts RETURNING id",
		DB_ARGS(DB_TEXT(d->kind), DB_TEXT(d->ref), d->num ? DB_INT(d->num) : DB_NULL_ARG,
		        DB_TEXT(d->lang ? d->lang : ""), DB_TEXT(d->date ? d->date : ""),
		        DB_TEXT(packed), DB_TEXT(texts_s)));
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
		if (db_exec(db, facet_insert_sql,
		            DB_ARGS(DB_INT(id), DB_TEXT(d->facets[i].facet),
		                    DB_TEXT(d->facets[i].value))) < 0)
			return -1;
	}
	return 0;
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
	int rc = -1;
	json_t *old = packed.overflow || !texts_s ? NULL :
	              db_json_row(db, "SELECT id, facets, texts FROM search_doc "
	                          "WHERE kind = $1 AND ref = $2",
	                          DB_ARGS(DB_TEXT(d->kind), DB_TEXT(d->ref)));
	if (json_is_object(old))
		rc = update_doc(db, json_integer_value(json_object_get(old, "id")), d,
		                buf_str(&packed), texts_s, old);
	else if (old)
		rc = insert_doc(db, d, buf_str(&packed), texts_s);
	json_decref(old);
	free(texts_s);
	buf_release(&packed);
	return rc;
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

/* FROM … WHERE …: the documents the request selects. */
static void from_where(struct query *qb, const struct plan *p, const struct search_request *r)
{
	bool words = p->words.nwords > 0;
	query_sql(qb, words && p->sqlite
	                  ? " FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid"
	                  : " FROM search_doc d");
	query_sql(qb, " WHERE 1 = 1");
	if (words)
		query_param(qb, p->sqlite ? " AND search_fts MATCH $?" : " AND d.vec @@ CAST($? AS tsquery)",
		            DB_TEXT(buf_str(&p->match)));
	if (r->kind && *r->kind)
		query_param(qb, " AND d.kind = $?", DB_TEXT(r->kind));
	for (size_t i = 0; i < r->nfilters && i < SEARCH_MAX_FILTERS; i++) {
		query_param(qb, " AND EXISTS (SELECT 1 FROM search_facet f WHERE f.doc = d.id"
		                " AND f.facet = $?", DB_TEXT(r->filters[i].facet));
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

/* The one pass over the matches: a statement returning, for each document
 * the request selects, its id, its sort key (the relevance score, or the
 * date), its kind and its packed facets — in no order. Each row goes to
 * the page's bounded heap and to the facet tally, so the MATCH is
 * evaluated and the matches visited once; before, a ranked-page statement
 * and a facet statement did so twice (docs/performance-notes.md, "One pass
 * over the matches"). The texts are read afterwards for the page's rows
 * only (page()). 0, or -1 on a database error. */
static int one_pass(struct db *db, const struct plan *p, const struct search_request *r,
                    struct search_top *top, struct search_tally *tally)
{
	struct db_arg args[QUERY_ARGS];
	struct query qb;
	query_init(&qb, args);
	bool by_score = p->words.nwords && !p->by_date;
	if (!by_score)
		query_sql(&qb, "SELECT d.id, d.sort_date, d.kind, d.facets");
	else if (p->sqlite)
		query_sql(&qb, "SELECT d.id, search_fts.rank, d.kind, d.facets");
	else
		query_param(&qb, "SELECT d.id, ts_rank(d.vec, CAST($? AS tsquery)), d.kind, d.facets",
		            DB_TEXT(buf_str(&p->match)));
	from_where(&qb, p, r);
	if (qb.overflow)
		return -1; /* defensive: the fragments above fit QUERY_MAX */
	/* PostgreSQL: a plan made for these words. The statement is prepared
	 * once per connection; after five runs PostgreSQL may keep a generic
	 * plan, which guesses a thousand matches and reads the GIN index then
	 * the table, 35% slower than reading the table in order for a word in
	 * half the documents (docs/performance-notes.md, "One pass over the
	 * matches"). The result is whole when db_query returns: the setting
	 * is back before the rows are read. */
	bool custom = !p->sqlite && p->words.nwords;
	if (custom && db_exec_script(db, "SET plan_cache_mode = force_custom_plan") < 0)
		return -1;
	struct db_res *res = db_query(db, qb.sql, qb.nargs, qb.args);
	if (custom && db_exec_script(db, "RESET plan_cache_mode") < 0 && res) {
		db_res_free(res);
		return -1;
	}
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (by_score)
			search_top_offer(top, db_int(res, 0), db_real(res, 1), NULL);
		else
			search_top_offer(top, db_int(res, 0), 0, db_text(res, 1));
		search_tally_row(tally, db_text(res, 2), db_text(res, 3));
	}
	db_res_free(res);
	return rc;
}

/* The ids of a page as one parameter: a JSON array both backends read. */
static const char *const page_sql[2] = {
	[DB_SQLITE] = "SELECT d.id, d.kind, d.ref, d.lang, d.sort_date, d.texts FROM search_doc d "
	              "WHERE d.id IN (SELECT value FROM json_each($1))",
	[DB_POSTGRES] = "SELECT d.id, d.kind, d.ref, d.lang, d.sort_date, d.texts FROM search_doc d "
	                "WHERE d.id IN (SELECT CAST(value AS BIGINT) FROM "
	                "json_array_elements_text(CAST($1 AS json)))",
};

/* The results of the page: the rows of the sorted top from p->offset, at
 * most p->limit + 1 of them (one more says there is a next page), their
 * texts read by id. A document gone since the pass is left out. */
static json_t *page(struct db *db, const struct plan *p, const struct search_request *r,
                    const struct search_top *top)
{
	size_t from = (size_t)p->offset < top->n ? (size_t)p->offset : top->n;
	size_t n = top->n - from;
	json_t *ids = json_array(), *slots = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(ids, json_integer(top->hits[from + i].id));
		json_array_append_new(slots, json_null());
	}
	char *ids_s = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	struct db_res *res = n ? db_query(db, page_sql[db_dialect(db)], DB_ARGS(DB_TEXT(ids_s)))
	                       : NULL;
	free(ids_s);
	int rc = 0;
	if (n && !res)
		rc = -1;
	while (res && (rc = db_next(res)) == 1) {
		int64_t id = db_int(res, 0);
		for (size_t i = 0; i < n; i++)
			if (top->hits[from + i].id == id) {
				json_array_set_new(slots, i, result(p, res, r->locale));
				break;
			}
	}
	db_res_free(res);
	json_t *list = NULL;
	if (rc == 0) {
		list = json_array();
		size_t i;
		json_t *o;
		json_array_foreach(slots, i, o)
			if (!json_is_null(o))
				json_array_append(list, o);
	}
	json_decref(slots);
	return list;
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
	enum search_order order = p.by_date || !p.words.nwords ? SEARCH_BY_DATE_DESC
	                          : p.sqlite                   ? SEARCH_BY_SCORE_ASC
	                                                       : SEARCH_BY_SCORE_DESC;
	struct search_top top;
	struct search_tally tally;
	search_top_init(&top, (size_t)(p.offset + p.limit + 1), order);
	search_tally_init(&tally, SEARCH_FACET_VALUE_MAX);
	if (one_pass(db, &p, r, &top, &tally) == 0) {
		search_top_sort(&top);
		list = page(db, &p, r, &top);
		fac = list ? search_tally_json(&tally) : NULL;
	}
	search_top_release(&top);
	search_tally_release(&tally);
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
