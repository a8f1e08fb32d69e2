/* commitments_search.c — a commitment as the search sees it: its texts
 * (the original and every translation, each in its language) and its
 * facets, written by search_index_put (search.h) whenever the commitment
 * is written: commitments_insert and commitments_refresh call it, so a
 * creation, an edit, an import and a progress update all keep it current
 * in their own transaction. A withdrawn commitment leaves the index (its
 * page stays; it is no longer found or counted), and so does a flagged
 * one while it is hidden (flags.h). Its deliverables are searched with its
 * description. Every list is read in a set order, so that the document is
 * the same whatever plan (and index) reads it. */
#include <stdio.h>
#include <string.h>

#include "commitments.h"
#include "buf.h"
#include "db.h"
#include "search.h"
#include "util.h"

#define MAX_TEXTS 16      /* the original and its translations (six UN languages and more) */
#define MAX_FACETS 160    /* objectives, principles, countries and their regions … */
/* The description and the deliverables, in bytes: room for the longest
 * of each in UTF-8 (four bytes a character at most). */
#define BODY_MAX ((size_t)4 * (COMMITMENT_DESCRIPTION_MAX + \
	COMMITMENT_MAX_LIST * (COMMITMENT_ITEM_MAX + 1)) + 1)

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* Adds facet = each row's first column. */
static void add_facets(json_t *rows, const char *facet, struct search_facet *f, size_t *n)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *key;
		json_t *v;
		json_object_foreach(row, key, v) {
			if (*n < MAX_FACETS && json_is_string(v))
				f[(*n)++] = (struct search_facet){facet, json_string_value(v)};
		}
	}
}

int commitments_index(struct db *db, int64_t id)
{
	json_t *c = db_json_row(db,
		"SELECT c.title, c.description, c.lang, c.status, c.level, c.form, "
		"substr(COALESCE(c.start_date, c.created_at), 1, 4) AS year, c.updated_at, "
		"CASE WHEN a.kind = 'state' THEN 'state' ELSE a.partner_type END AS owner_type, "
		"c.withdrawn_at, c.hidden_at "
		"FROM commitment c JOIN actor a ON a.id = c.owner_actor_id WHERE c.id = $1",
		DB_ARGS(DB_INT(id)));
	if (!c)
		return -1;
	if (json_is_null(c))
		return 0;
	/* A flagged commitment (flags.h) leaves the index while it is hidden. */
	if (!json_is_null(json_object_get(c, "withdrawn_at")) ||
	    !json_is_null(json_object_get(c, "hidden_at"))) {
		json_decref(c);
		char ref[24];
		snprintf(ref, sizeof ref, "%lld", (long long)id);
		return search_index_delete(db, "commitment", ref);
	}
	json_t *tr = db_json_rows(db, "SELECT lang, title, description FROM commitment_translation "
	                              "WHERE commitment_id = $1 ORDER BY lang", DB_ARGS(DB_INT(id)));
	json_t *objectives = db_json_rows(db,
		"SELECT CAST(objective AS TEXT) AS v FROM commitment_objective WHERE commitment_id = $1 "
		"ORDER BY objective", DB_ARGS(DB_INT(id)));
	json_t *principles = db_json_rows(db,
		"SELECT principle FROM commitment_principle WHERE commitment_id = $1 ORDER BY principle",
		DB_ARGS(DB_INT(id)));
	json_t *countries = db_json_rows(db,
		"SELECT iso3 FROM commitment_country WHERE commitment_id = $1 ORDER BY iso3",
		DB_ARGS(DB_INT(id)));
	json_t *deliverables = db_json_rows(db, "SELECT text FROM commitment_deliverable "
	                                    "WHERE commitment_id = $1 ORDER BY position",
	                                    DB_ARGS(DB_INT(id)));
	json_t *regions = db_json_rows(db,
		"SELECT DISTINCT k.region_m49 AS a, k.subregion_m49 AS b, k.intermediate_m49 AS c "
		"FROM commitment_country cc JOIN country k ON k.iso3 = cc.iso3 "
		"WHERE cc.commitment_id = $1", DB_ARGS(DB_INT(id)));
	int rc = -1;
	struct buf body;
	buf_init(&body, BODY_MAX);
	if (!tr || !objectives || !principles || !countries || !regions || !deliverables)
		goto done;
	/* The deliverables are written in the original's language. */
	buf_puts(&body, str(c, "description"));
	size_t i;
	json_t *t;
	json_array_foreach(deliverables, i, t) {
		buf_puts(&body, "\n");
		buf_puts(&body, str(t, "text"));
	}
	struct search_text texts[MAX_TEXTS];
	size_t nt = 0;
	texts[nt++] = (struct search_text){str(c, "lang"), str(c, "title"), buf_str(&body)};
	json_array_foreach(tr, i, t)
		if (nt < MAX_TEXTS)
			texts[nt++] = (struct search_text){str(t, "lang"), str(t, "title"),
			                                   str(t, "description")};
	struct search_facet f[MAX_FACETS];
	size_t nf = 0;
	f[nf++] = (struct search_facet){"status", str(c, "status")};
	f[nf++] = (struct search_facet){"level", str(c, "level")};
	f[nf++] = (struct search_facet){"form", str(c, "form")};
	f[nf++] = (struct search_facet){"year", str(c, "year")};
	f[nf++] = (struct search_facet){"language", str(c, "lang")};
	f[nf++] = (struct search_facet){"submitter_type", str(c, "owner_type")};
	add_facets(objectives, "objective", f, &nf);
	add_facets(principles, "principle", f, &nf);
	add_facets(countries, "country", f, &nf);
	add_facets(regions, "region", f, &nf);
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	rc = search_index_put(db, &(struct search_doc){
		.kind = "commitment", .ref = ref, .num = id, .lang = str(c, "lang"),
		.date = str(c, "updated_at"), .texts = texts, .ntexts = nt, .facets = f, .nfacets = nf});
done:
	buf_release(&body);
	json_decref(c);
	json_decref(deliverables);
	json_decref(tr);
	json_decref(objectives);
	json_decref(principles);
	json_decref(countries);
	json_decref(regions);
	return rc;
}

int commitments_index_all(struct db *db)
{
	return search_index_each(db, "commitment",
	                         "SELECT id FROM commitment WHERE withdrawn_at IS NULL "
	                         "AND hidden_at IS NULL ORDER BY id",
	                         commitments_index);
}
