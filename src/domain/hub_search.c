/* hub_search.c — a need or an offer as the site search sees it (search.h):
 * kind "need" or "offer", its title and description, its objectives,
 * countries and their regions as facets. Only a public item (accepted and
 * later, not hidden by a flag: HUB_LISTED) is in the index: every change
 * of status goes through hub_set_status, and a flag's hiding and restoring
 * through flags.c, which call hub_index inside the writing transaction, so
 * the index is never stale. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "hub.h"
#include "search.h"
#include "util.h"

#define MAX_FACETS 160

/* The facets' rows: a query on the item's id, string columns. */
static const char *const facet_sql[] = {
	"SELECT 'objective' AS f, CAST(objective AS TEXT) AS v FROM hub_item_objective "
	"WHERE item_id = $1",
	"SELECT 'country' AS f, iso3 AS v FROM hub_item_country WHERE item_id = $1",
	"SELECT DISTINCT 'region' AS f, k.region_m49 AS v FROM hub_item_country x "
	"JOIN country k ON k.iso3 = x.iso3 WHERE x.item_id = $1",
	"SELECT DISTINCT 'region' AS f, k.subregion_m49 AS v FROM hub_item_country x "
	"JOIN country k ON k.iso3 = x.iso3 WHERE x.item_id = $1",
};

int hub_index(struct db *db, int64_t id)
{
	json_t *it = db_json_row(db, "SELECT side, title, description, created_at, "
	                         "CASE WHEN " HUB_LISTED("i") " THEN 1 ELSE 0 END AS listed, "
	                         "(SELECT min(lang) FROM hub_item_lang WHERE item_id = $1) AS lang "
	                         "FROM hub_item i WHERE i.id = $1", DB_ARGS(DB_INT(id)));
	if (!it)
		return -1;
	if (json_is_null(it))
		return 0;
	const char *side = json_string_value(json_object_get(it, "side"));
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	int rc;
	if (json_integer_value(json_object_get(it, "listed")) != 1) {
		rc = search_index_delete(db, side, ref);
		json_decref(it);
		return rc;
	}
	json_t *rows = json_array();
	struct search_facet facets[MAX_FACETS];
	size_t nf = 0;
	rc = 0;
	for (size_t k = 0; k < ARRAY_LEN(facet_sql) && rc == 0; k++) {
		json_t *r = db_json_rows(db, facet_sql[k], DB_ARGS(DB_INT(id)));
		if (!r) {
			rc = -1;
			break;
		}
		json_array_append_new(rows, r);
		size_t i;
		json_t *row;
		json_array_foreach(r, i, row)
			if (nf < MAX_FACETS && json_is_string(json_object_get(row, "v")))
				facets[nf++] = (struct search_facet){
					json_string_value(json_object_get(row, "f")),
					json_string_value(json_object_get(row, "v"))};
	}
	/* The text's language: its first working language, else English. */
	const char *lang = json_string_value(json_object_get(it, "lang"));
	struct search_text text = {lang ? lang : "en",
	                           json_string_value(json_object_get(it, "title")),
	                           json_string_value(json_object_get(it, "description"))};
	if (rc == 0)
		rc = search_index_put(db, &(struct search_doc){
			.kind = side, .ref = ref, .num = id, .lang = text.lang,
			.date = json_string_value(json_object_get(it, "created_at")),
			.texts = &text, .ntexts = 1, .facets = facets, .nfacets = nf});
	json_decref(rows);
	json_decref(it);
	return rc;
}

int hub_index_all(struct db *db)
{
	if (search_index_each(db, "need", "SELECT id FROM hub_item i WHERE side = 'need' AND "
	                      HUB_LISTED("i") " ORDER BY id", hub_index) < 0)
		return -1;
	return search_index_each(db, "offer", "SELECT id FROM hub_item i WHERE side = 'offer' AND "
	                         HUB_LISTED("i") " ORDER BY id", hub_index);
}
