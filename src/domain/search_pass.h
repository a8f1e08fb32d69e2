/* search_pass.h — what one pass over a search's matches keeps: the best
 * rows for the page (a bounded heap, search_top) and the facet counts
 * (search_tally). search.c runs one statement that returns every match's
 * id, sort key, kind and packed facets, and feeds each row to both, so
 * the matches are visited once (docs/performance-notes.md, "One pass over
 * the matches"). Internal to the search: only search.c includes it. */
#ifndef PACTE_SEARCH_PASS_H
#define PACTE_SEARCH_PASS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* The order of the results, as the SQL ORDER BY it replaces says it. */
enum search_order {
	SEARCH_BY_SCORE_ASC,  /* FTS5's rank (lower is better), then id ascending */
	SEARCH_BY_SCORE_DESC, /* ts_rank (higher is better), then id ascending */
	SEARCH_BY_DATE_DESC,  /* sort_date descending (bytes), then id descending */
};

struct search_hit {
	int64_t id;
	double score; /* the score orders */
	char *date;   /* the date order: the sort date, owned; else NULL */
};

/* The `cap` best rows seen so far; hits[0] is the worst of them (a heap
 * ordered from worst) until search_top_sort. */
struct search_top {
	struct search_hit *hits;
	size_t n, cap;
	enum search_order order;
};

/* An empty top of at most cap rows (cap > 0). Release with search_top_release. */
void search_top_init(struct search_top *t, size_t cap, enum search_order order);
void search_top_release(struct search_top *t);

/* Offers one row: kept if fewer than cap are kept or it comes before the
 * worst kept one (then that one goes). date is read for the date order
 * only, and copied when kept (NULL reads as ""). */
void search_top_offer(struct search_top *t, int64_t id, double score, const char *date);

/* Puts the rows kept in the result order: hits[0] first. After it, the
 * top is only read (and released). */
void search_top_sort(struct search_top *t);

/* Facet counts keyed by the (facet, value) bytes as they lie in a packed
 * column: counted without copying or formatting them. */
struct search_tally {
	struct search_tally_slot *slots;
	size_t cap, used; /* cap a power of two, at most half used */
	size_t value_max; /* bytes of a value counted */
};

/* An empty tally; a value longer than value_max bytes counts under its
 * first value_max bytes. Release with search_tally_release. */
void search_tally_init(struct search_tally *t, size_t value_max);
void search_tally_release(struct search_tally *t);

/* Counts one match: its kind (under the facet "kind", if not NULL) and
 * each "facet=value" line of its packed facets (search_doc.facets; NULL
 * reads as none). */
void search_tally_row(struct search_tally *t, const char *kind, const char *packed);

/* {facet: [{"value", "count"}…]}, each list most frequent first, then by
 * value (numbers as numbers, codes as text). New reference. */
json_t *search_tally_json(const struct search_tally *t);

#endif
