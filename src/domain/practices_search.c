/* practices_search.c — a practice as the search sees it: its texts (the
 * original and every approved translation, each in its language) and its
 * facets, written by search_index_put (search.h). Only a published
 * practice not hidden by a flag (PRACTICE_LISTED) is public, so only it is
 * in the index (flags.c reindexes on hiding and on restoring): practices_text_changed
 * (the one place its text is announced as changed, inside the writing
 * transaction) and every change of status call practices_index, which
 * puts or removes the document. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "practices.h"
#include "search.h"
#include "util.h"

#define MAX_TEXTS 16      /* the original and its translations */
#define MAX_FACETS 160    /* objectives, principles, countries, regions … */
#define BODY_MAX ((size_t)1 << 20)

/* The body fields of a practice, in the order a reader meets them. */
static const char *const body_fields[] = {"summary", "context", "actions", "results", "lessons"};

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Adds facet = each row's string columns. */
static void add_facets(json_t *rows, const char *facet, struct search_facet *f, size_t *n)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *key;
		json_t *v;
		json_object_foreach(row, key, v)
			if (*n < MAX_FACETS && json_is_string(v))
				f[(*n)++] = (struct search_facet){facet, json_string_value(v)};
	}
}

/* The facets' rows: each a query on the practice's id, one string column
 * (or a few: a country's regions). */
static const struct {
	const char *facet, *sql;
} facet_rows[] = {
	{"objective", "SELECT CAST(objective AS TEXT) AS v FROM practice_objective "
	              "WHERE practice_id = $1"},
	{"principle", "SELECT principle FROM practice_principle WHERE practice_id = $1"},
	{"country", "SELECT iso3 FROM practice_country WHERE practice_id = $1"},
	{"region", "SELECT m49 FROM practice_region WHERE practice_id = $1"},
	{"region", "SELECT DISTINCT k.region_m49 AS a, k.subregion_m49 AS b, "
	           "k.intermediate_m49 AS c FROM practice_country pc "
	           "JOIN country k ON k.iso3 = pc.iso3 WHERE pc.practice_id = $1"},
};

/* Writes the practice's document from its texts (practices_search_text)
 * and facets. */
static int put(struct db *db, int64_t id, const json_t *text, const json_t *row)
{
	json_t *rows[ARRAY_LEN(facet_rows)] = {0};
	struct buf bodies[MAX_TEXTS];
	struct search_text texts[MAX_TEXTS];
	size_t nt = 0;
	int rc = -1;
	for (size_t k = 0; k < ARRAY_LEN(facet_rows); k++)
		if (!(rows[k] = db_json_rows(db, facet_rows[k].sql, DB_ARGS(DB_INT(id)))))
			goto done;
	/* The original first: search_doc's texts[0]. */
	const char *lang = str(text, "lang");
	json_t *by_lang = json_object_get(text, "texts");
	const char *order[MAX_TEXTS];
	size_t n = 0;
	if (json_object_get(by_lang, lang))
		order[n++] = lang;
	const char *l;
	json_t *t;
	json_object_foreach(by_lang, l, t)
		if (n < MAX_TEXTS && strcmp(l, lang) != 0)
			order[n++] = l;
	for (; nt < n; nt++) {
		t = json_object_get(by_lang, order[nt]);
		buf_init(&bodies[nt], BODY_MAX);
		for (size_t k = 0; k < ARRAY_LEN(body_fields); k++)
			buf_printf(&bodies[nt], "%s\n\n", str(t, body_fields[k]));
		texts[nt] = (struct search_text){order[nt], str(t, "title"), buf_str(&bodies[nt])};
	}
	struct search_facet f[MAX_FACETS];
	size_t nf = 0;
	f[nf++] = (struct search_facet){"type", str(row, "type")};
	f[nf++] = (struct search_facet){"level", str(row, "level")};
	f[nf++] = (struct search_facet){"year", str(row, "year")};
	f[nf++] = (struct search_facet){"language", lang};
	f[nf++] = (struct search_facet){"submitter_type", str(row, "submitter_type")};
	for (size_t k = 0; k < ARRAY_LEN(facet_rows); k++)
		add_facets(rows[k], facet_rows[k].facet, f, &nf);
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	rc = search_index_put(db, &(struct search_doc){
		.kind = "practice", .ref = ref, .num = id, .lang = lang,
		.date = str(row, "published_at"), .texts = texts, .ntexts = nt, .facets = f,
		.nfacets = nf});
done:
	for (size_t k = 0; k < nt; k++)
		buf_release(&bodies[k]);
	for (size_t k = 0; k < ARRAY_LEN(facet_rows); k++)
		json_decref(rows[k]);
	return rc;
}

int practices_index(struct db *db, int64_t id)
{
	json_t *row = db_json_row(db,
		"SELECT CASE WHEN " PRACTICE_LISTED("p") " THEN 1 ELSE 0 END AS listed, p.type, "
		"p.level, CAST(p.start_year AS TEXT) AS year, p.published_at, "
		"CASE WHEN a.kind = 'state' THEN 'state' ELSE a.partner_type END AS submitter_type "
		"FROM practice p JOIN actor a ON a.id = p.actor_id WHERE p.id = $1",
		DB_ARGS(DB_INT(id)));
	if (!row)
		return -1;
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	/* Only a listed practice has a document: a flagged one (flags.h)
	 * leaves the index while it is hidden and comes back on restore. */
	if (json_is_null(row) || json_integer_value(json_object_get(row, "listed")) != 1) {
		json_decref(row);
		return search_index_delete(db, "practice", ref);
	}
	json_t *text = practices_search_text(db, id);
	int rc = text && !json_is_null(text) ? put(db, id, text, row) : text ? 0 : -1;
	json_decref(text);
	json_decref(row);
	return rc;
}

int practices_index_all(struct db *db)
{
	return search_index_each(db, "practice",
	                         "SELECT id FROM practice WHERE " PRACTICE_LISTED("practice")
	                         " ORDER BY id",
	                         practices_index);
}
