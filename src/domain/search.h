/* search.h — one search across every kind of record: the index and the
 * query, on SQLite (FTS5) and PostgreSQL (tsvector) alike.
 *
 * A record a search can find is a *document*: its kind ("commitment",
 * "actor", "country" …), its id as text, its texts (the original and each
 * translation, each in its language: words are folded and stemmed in that
 * language by fts.h), a date for the date sort, and facet values
 * ("objective" = "3", "country" = "MAR" …) that a search counts and
 * filters by. A noun keeps its documents current with ONE call in the
 * transaction of each of its writes:
 *
 *     search_index_put(db, &(struct search_doc){.kind = "practice",
 *         .ref = id_text, .num = id, .lang = lang, .date = updated_at,
 *         .texts = texts, .ntexts = n, .facets = facets, .nfacets = k});
 *
 * (search_index_delete when the record leaves public view), and a line in
 * reindex.c so that `pacte migrate` can build its documents from its
 * tables. Only what the public may see is indexed: a search never checks
 * permissions, so a record that is not public must not be put.
 *
 * What a person types is never query syntax (fts.h): quotes, `*` inside a
 * word, NEAR(, -, : are separators; a trailing `*` makes a prefix. */
#ifndef PACTE_SEARCH_H
#define PACTE_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

struct buf;
struct db;
struct query;

#define SEARCH_MAX_FILTERS 8      /* facet filters in one search */
#define SEARCH_PAGE_DEFAULT 20
#define SEARCH_PAGE_MAX 100
#define SEARCH_OFFSET_MAX 1000    /* results past this are not paged to */
#define SEARCH_EXCERPT_CHARS 240
#define SEARCH_FACET_VALUE_MAX 64 /* bytes of a facet's value (codes) */

struct search_text {
	const char *lang;    /* BCP 47 code; the stemmer is chosen by it */
	const char *title;
	const char *body;    /* may be NULL */
};

struct search_facet {
	const char *facet;   /* "objective", "country", "region", "status" … */
	const char *value;   /* a code, as the filters take it */
};

struct search_doc {
	const char *kind;
	const char *ref;                  /* the record's id as text */
	int64_t num;                      /* the id when a number, else 0 */
	const char *lang;                 /* the original's language */
	const char *date;                 /* ISO 8601 for the date sort, or NULL */
	const struct search_text *texts;  /* texts[0] is the original */
	size_t ntexts;
	const struct search_facet *facets;
	size_t nfacets;
};

/* Writes (or rewrites) one document and its terms, inside the caller's
 * transaction. Returns 0, or -1 (db_errmsg says why). */
int search_index_put(struct db *db, const struct search_doc *doc);

/* Removes the document of (kind, ref) if there is one. 0 or -1. */
int search_index_delete(struct db *db, const char *kind, const char *ref);

/* Removes every document of a kind (before rebuilding it). 0 or -1. */
int search_index_clear(struct db *db, const char *kind);

/* Rebuilds a kind: clears it, then calls index_one for each id the
 * constant query ids_sql returns (one integer column). 0 or -1. What a
 * noun's *_index_all is made of. */
int search_index_each(struct db *db, const char *kind, const char *ids_sql,
                      int (*index_one)(struct db *db, int64_t id));

/* Whether the index has been built since migration 0015 (1), not yet (0),
 * or -1 on error; search_mark_built records that it has. */
int search_built(struct db *db);
int search_mark_built(struct db *db);
/* Asks for a rebuild (after a restore wrote the tables directly). 0 or -1. */
int search_mark_stale(struct db *db);

struct search_request {
	const char *q;                    /* what the person typed; NULL or "": browse */
	const char *kind;                 /* NULL or "": every kind */
	const char *sort;                 /* "relevance" (default with words) or "date" */
	struct search_facet filters[SEARCH_MAX_FILTERS];
	size_t nfilters;
	const char *cursor;               /* a previous answer's "next", or NULL */
	int limit;                        /* 0: SEARCH_PAGE_DEFAULT */
	const char *locale;               /* the excerpt's preferred language */
};

/* Checks a request's sort, limit and cursor; adds {field: message} errors
 * (validate.h's form) and returns their number. */
int search_request_check(const struct search_request *r, json_t *errors);

/* One page of results: {"q", "sort", "kind", "count": all matching,
 * "results": [{"kind", "ref", "lang", "date", "title", "excerpt":
 * [{"text", "hit"}…], "matched_lang"}], "facets": {"kind": [{"value",
 * "count"}…], "<facet>": […] …}, "next": cursor | null}. Facet counts are
 * over every result with the filters applied, so a value's count is the
 * number of results once it is chosen too. NULL on a database error. */
json_t *search_run(struct db *db, const struct search_request *r);

/* For a list that filters on words in one constant statement: the
 * documents' numeric ids (search_doc.num) of a kind that match, as an SQL
 * subquery per backend. match names the parameter that holds
 * search_match's string ("$7"), kind is an SQL string constant. */
#define SEARCH_NUMS_SQLITE(match, kind) \
	"SELECT d.num FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid " \
	"WHERE search_fts MATCH " match " AND d.kind = " kind
#define SEARCH_NUMS_PG(match, kind) \
	"SELECT d.num FROM search_doc d WHERE d.vec @@ CAST(" match " AS tsquery) " \
	"AND d.kind = " kind

/* Writes into out what the backend matches for q (fts.h). Returns the
 * number of words of q: 0 means no word, and no condition to add. */
int search_match(struct db *db, const char *q, struct buf *out);

/* Appends to a list's query the condition "the record's numeric id (the
 * column id_col, a constant) is a document of kind matching q". Appends
 * nothing when q has no word. For commitments_list, actors' lists … */
void search_list_condition(struct db *db, struct query *qb, const char *kind,
                           const char *id_col, const char *q, char *buf, size_t buflen);

#endif
