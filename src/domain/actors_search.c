/* actors_search.c — an actor as the search sees it: its name and
 * description (a state's also its country's names in the six languages),
 * its type, country and region as facets. Only a public actor
 * (ACTOR_PUBLIC_SQL) has a document: actors_index removes the others', so
 * a decision that hides an actor hides it from the search in the same
 * transaction. */
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "actors_impl.h"
#include "countries.h"
#include "db.h"
#include "search.h"
#include "util.h"

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

int actors_index(struct db *db, int64_t id)
{
	char ref[24];
	actors_id_text(ref, id);
	json_t *a = db_json_row(db,
		"SELECT a.name, a.description, a.created_at, a.country_iso3, "
		"CASE WHEN a.kind = 'state' THEN 'state' ELSE a.partner_type END AS type, "
		"CASE WHEN a.kind = 'state' THEN 1 ELSE 0 END AS state, "
		"k.region_m49, k.subregion_m49, k.intermediate_m49, k.name_ar, k.name_zh, k.name_en, "
		"k.name_fr, k.name_ru, k.name_es "
		"FROM actor a LEFT JOIN country k ON k.iso3 = a.country_iso3 "
		"WHERE a.id = $1 AND " ACTOR_PUBLIC_SQL, DB_ARGS(DB_INT(id)));
	if (!a)
		return -1;
	if (json_is_null(a))
		return search_index_delete(db, "actor", ref);
	struct search_text texts[64];
	size_t nt = 0;
	json_t *aliases = NULL;
	texts[nt++] = (struct search_text){"", str(a, "name"), str(a, "description")};
	if (json_integer_value(json_object_get(a, "state"))) {
		static const char *const langs[] = {"ar", "zh", "en", "fr", "ru", "es"};
		static const char *const cols[] = {"name_ar", "name_zh", "name_en",
		                                   "name_fr", "name_ru", "name_es"};
		for (size_t i = 0; i < ARRAY_LEN(langs); i++)
			texts[nt++] = (struct search_text){langs[i], str(a, cols[i]), NULL};
		/* the names people type for its country ("USA", "Turquie" …) */
		aliases = countries_aliases(str(a, "country_iso3"));
		size_t i;
		json_t *al;
		json_array_foreach(aliases, i, al)
			if (nt < ARRAY_LEN(texts))
				texts[nt++] = (struct search_text){str(al, "lang"), str(al, "alias"), NULL};
	}
	struct search_facet f[] = {
		{"submitter_type", str(a, "type")}, {"country", str(a, "country_iso3")},
		{"region", str(a, "region_m49")}, {"region", str(a, "subregion_m49")},
		{"region", str(a, "intermediate_m49")},
	};
	int rc = search_index_put(db, &(struct search_doc){
		.kind = "actor", .ref = ref, .num = id, .date = str(a, "created_at"), .texts = texts,
		.ntexts = nt, .facets = f, .nfacets = ARRAY_LEN(f)});
	json_decref(a);
	json_decref(aliases);
	return rc;
}

int actors_index_all(struct db *db)
{
	return search_index_each(db, "actor", "SELECT id FROM actor a WHERE " ACTOR_PUBLIC_SQL
	                         " ORDER BY id", actors_index);
}
