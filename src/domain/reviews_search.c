/* reviews_search.c — a submitted voluntary review as the site search sees
 * it (search.h): kind "review", one document per state and cycle (ref
 * "imrf-2030/MAR", the address of the latest version), its frozen summary
 * and narratives as the body under the state's and the cycle's names in
 * English and French, and its country, regions, objectives and year as
 * facets. A draft is never indexed: submission (reviews_submit and the
 * demo's reviews_insert_submitted) puts the document inside its
 * transaction, and a later version's submission replaces it. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "compact.h"
#include "db.h"
#include "reviews.h"
#include "search.h"
#include "util.h"

#define MAX_FACETS (COMPACT_OBJECTIVES + 8)
#define BODY_MAX ((size_t)1 << 20)

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

int reviews_index(struct db *db, int64_t id)
{
	json_t *row = db_json_row(db, "SELECT r.cycle_id, r.iso3, r.content, r.submitted_at, "
	                          "k.region_m49, k.subregion_m49 FROM voluntary_review r "
	                          "JOIN country k ON k.iso3 = r.iso3 "
	                          "WHERE r.id = $1 AND r.status = 'submitted'", DB_ARGS(DB_INT(id)));
	if (!row || json_is_null(row))
		return row ? 0 : -1;
	json_t *content = json_loads(str(row, "content"), 0, NULL);
	if (!content) {
		json_decref(row);
		return -1;
	}
	char ref[REVIEW_CYCLE_ID_MAX + 8], year[5];
	snprintf(ref, sizeof ref, "%s/%s", str(row, "cycle_id"), str(row, "iso3"));
	snprintf(year, sizeof year, "%s", str(row, "submitted_at"));
	struct search_facet facets[MAX_FACETS];
	char numbers[COMPACT_OBJECTIVES][4];
	size_t nf = 0;
	facets[nf++] = (struct search_facet){"country", str(row, "iso3")};
	facets[nf++] = (struct search_facet){"year", year};
	if (*str(row, "region_m49"))
		facets[nf++] = (struct search_facet){"region", str(row, "region_m49")};
	if (*str(row, "subregion_m49"))
		facets[nf++] = (struct search_facet){"region", str(row, "subregion_m49")};
	/* The body: the summary, then each objective's narrative; an objective
	 * with a narrative or a record is a facet. */
	struct buf body;
	buf_init(&body, BODY_MAX);
	buf_printf(&body, "%s\n\n", str(content, "summary"));
	size_t i, nn = 0;
	json_t *o;
	json_array_foreach(json_object_get(content, "objectives"), i, o) {
		buf_printf(&body, "%s\n\n", str(o, "narrative"));
		json_int_t n = json_integer_value(json_object_get(o, "number"));
		if (n >= 1 && n <= COMPACT_OBJECTIVES && nn < COMPACT_OBJECTIVES && nf < MAX_FACETS) {
			snprintf(numbers[nn], sizeof numbers[nn], "%d", (int)n);
			facets[nf++] = (struct search_facet){"objective", numbers[nn++]};
		}
	}
	const json_t *country = json_object_get(content, "country");
	const json_t *cycle = json_object_get(content, "cycle");
	char title_en[512], title_fr[512];
	snprintf(title_en, sizeof title_en, "%s — %s", str(country, "name_en"),
	         str(cycle, "title_en"));
	snprintf(title_fr, sizeof title_fr, "%s — %s", str(country, "name_fr"),
	         str(cycle, "title_fr"));
	/* The state writes in a language Pacte does not record: the body under
	 * both titles, English first. */
	const struct search_text texts[] = {{"en", title_en, buf_str(&body)},
	                                    {"fr", title_fr, buf_str(&body)}};
	int rc = search_index_put(db, &(struct search_doc){
		.kind = "review", .ref = ref, .num = id, .lang = "en",
		.date = str(row, "submitted_at"), .texts = texts, .ntexts = ARRAY_LEN(texts),
		.facets = facets, .nfacets = nf});
	buf_release(&body);
	json_decref(content);
	json_decref(row);
	return rc;
}

int reviews_index_all(struct db *db)
{
	/* The latest submitted version of each state's review of each cycle. */
	return search_index_each(db, "review", "SELECT r.id FROM voluntary_review r "
	                         "WHERE r.status = 'submitted' AND r.version = (SELECT MAX(s.version) "
	                         "FROM voluntary_review s WHERE s.cycle_id = r.cycle_id AND "
	                         "s.iso3 = r.iso3 AND s.status = 'submitted') ORDER BY r.id",
	                         reviews_index);
}
