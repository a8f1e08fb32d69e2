/* search_pass.c — what one pass over a search's matches keeps: the page's
 * best rows in a bounded heap, and the facet counts (search_pass.h). One
 * statement visits every match once and search.c hands each row to both;
 * before, a ranked-page statement and a facet statement each evaluated the
 * MATCH and visited every match (docs/performance-notes.md, "One pass over
 * the matches"). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_pass.h"
#include "util.h"

/* ---- The page: the best rows, in a heap ------------------------------------- */

/* Whether a comes before b in the results: the very order of the ORDER BY
 * clauses this replaces (search_pass.h), ties broken by id, so that the
 * pages are the same whichever way the rows arrive. */
static bool before(enum search_order o, const struct search_hit *a, const struct search_hit *b)
{
	if (o == SEARCH_BY_DATE_DESC) {
		int c = strcmp(a->date, b->date);
		return c ? c > 0 : a->id > b->id;
	}
	if (a->score != b->score)
		return o == SEARCH_BY_SCORE_ASC ? a->score < b->score : a->score > b->score;
	return a->id < b->id;
}

void search_top_init(struct search_top *t, size_t cap, enum search_order order)
{
	*t = (struct search_top){.hits = xmalloc(cap * sizeof *t->hits), .cap = cap, .order = order};
}

void search_top_release(struct search_top *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->hits[i].date);
	free(t->hits);
	t->hits = NULL;
	t->n = 0;
}

static void swap(struct search_hit *a, struct search_hit *b)
{
	struct search_hit x = *a;
	*a = *b;
	*b = x;
}

/* Restores the heap (each parent after its children in the result order,
 * so the worst row at the root) below position i, among the first n. */
static void sift_down(struct search_top *t, size_t i, size_t n)
{
	for (;;) {
		size_t worst = i, l = 2 * i + 1, r = l + 1;
		if (l < n && before(t->order, &t->hits[worst], &t->hits[l]))
			worst = l;
		if (r < n && before(t->order, &t->hits[worst], &t->hits[r]))
			worst = r;
		if (worst == i)
			return;
		swap(&t->hits[i], &t->hits[worst]);
		i = worst;
	}
}

void search_top_offer(struct search_top *t, int64_t id, double score, const char *date)
{
	bool by_date = t->order == SEARCH_BY_DATE_DESC;
	struct search_hit h = {.id = id, .score = score, .date = (char *)(date ? date : "")};
	if (t->n == t->cap) {
		if (!before(t->order, &h, &t->hits[0]))
			return; /* the common case once the heap is full: one comparison */
		free(t->hits[0].date);
		t->hits[0] = h;
		t->hits[0].date = by_date ? xstrdup(h.date) : NULL;
		sift_down(t, 0, t->n);
		return;
	}
	size_t i = t->n++;
	t->hits[i] = h;
	t->hits[i].date = by_date ? xstrdup(h.date) : NULL;
	while (i > 0 && before(t->order, &t->hits[(i - 1) / 2], &t->hits[i])) {
		swap(&t->hits[(i - 1) / 2], &t->hits[i]);
		i = (i - 1) / 2;
	}
}

void search_top_sort(struct search_top *t)
{
	/* heapsort: the worst goes to the end, and so on */
	for (size_t n = t->n; n > 1; n--) {
		swap(&t->hits[0], &t->hits[n - 1]);
		sift_down(t, 0, n - 1);
	}
}

/* ---- The facet counts ------------------------------------------------------- */

/* An open-addressing table keyed by (facet, value) bytes: a match's packed
 * facets are counted without copying or formatting them. It replaced a
 * jansson object per facet fed through snprintf, which took some 40% of a
 * large search's CPU (docs/performance-notes.md, "The search within 1.5×
 * of its floor"). */
struct search_tally_slot {
	uint64_t hash;
	const char *key; /* facet bytes then value bytes, owned; NULL: empty */
	size_t flen, vlen;
	json_int_t n;
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

void search_tally_init(struct search_tally *t, size_t value_max)
{
	t->value_max = value_max;
	t->cap = TALLY_START;
	t->used = 0;
	t->slots = xcalloc(t->cap, sizeof *t->slots);
}

void search_tally_release(struct search_tally *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free((char *)t->slots[i].key);
	free(t->slots);
}

static struct search_tally_slot *tally_find(struct search_tally_slot *slots, size_t cap, uint64_t h,
                                     const char *facet, size_t flen, const char *value,
                                     size_t vlen)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
		struct search_tally_slot *s = &slots[i];
		if (!s->key || (s->hash == h && s->flen == flen && s->vlen == vlen &&
		                memcmp(s->key, facet, flen) == 0 &&
		                memcmp(s->key + flen, value, vlen) == 0))
			return s;
	}
}

static void tally_grow(struct search_tally *t)
{
	size_t cap = t->cap * 2;
	struct search_tally_slot *slots = xcalloc(cap, sizeof *slots);
	for (size_t i = 0; i < t->cap; i++) {
		struct search_tally_slot *o = &t->slots[i];
		if (o->key)
			*tally_find(slots, cap, o->hash, o->key, o->flen, o->key + o->flen, o->vlen) = *o;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}

/* Adds one to the count of (facet, value); a value longer than
 * t->value_max counts under its first t->value_max bytes. */
static void tally_add(struct search_tally *t, const char *facet, size_t flen, const char *value,
                      size_t vlen)
{
	if (vlen > t->value_max)
		vlen = t->value_max;
	uint64_t h = tally_hash(facet, flen, value, vlen);
	struct search_tally_slot *s = tally_find(t->slots, t->cap, h, facet, flen, value, vlen);
	if (s->key) {
		s->n++;
		return;
	}
	char *key = xmalloc(flen + vlen + 1);
	memcpy(key, facet, flen);
	memcpy(key + flen, value, vlen);
	key[flen + vlen] = '\0';
	*s = (struct search_tally_slot){.hash = h, .key = key, .flen = flen, .vlen = vlen, .n = 1};
	if (++t->used * 2 > t->cap)
		tally_grow(t);
}

/* {facet: {value: n}}, what count_lists sorts. */
static json_t *tally_object(const struct search_tally *t)
{
	json_t *counts = json_object();
	for (size_t i = 0; i < t->cap; i++) {
		const struct search_tally_slot *s = &t->slots[i];
		if (!s->key)
			continue;
		char facet[32];
		snprintf(facet, sizeof facet, "%.*s", (int)s->flen, s->key);
		const char *value = s->key + s->flen; /* the key ends with a NUL */
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

void search_tally_row(struct search_tally *t, const char *kind, const char *packed)
{
	if (kind)
		tally_add(t, "kind", 4, kind, strlen(kind));
	for (const char *line = packed ? packed : ""; *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		const char *eq = memchr(line, '=', (size_t)(end - line));
		if (eq && (size_t)(eq - line) < 32)
			tally_add(t, line, (size_t)(eq - line), eq + 1, (size_t)(end - eq - 1));
		line = *end ? end + 1 : end;
	}
}

json_t *search_tally_json(const struct search_tally *t)
{
	json_t *c = tally_object(t);
	json_t *out = count_lists(c);
	json_decref(c);
	return out;
}
