/* countries.h — the world as the Compact sees it: countries (UN member and
 * observer states), their M49 regions, and the country search.
 *
 * Every function takes a connection and a locale and returns a new JSON
 * object (the caller owns the reference) with names in that locale: the six
 * UN languages exist for countries, French and English for regions (others
 * fall back to English). On a database error they return NULL and
 * db_errmsg(db) says why; a thing that does not exist is JSON null. Nothing
 * here knows about HTTP. */
#ifndef PACTE_COUNTRIES_H
#define PACTE_COUNTRIES_H

#include <stdbool.h>

#include <jansson.h>

struct buf;
struct db;

/* Country names come in the six UN languages, in the order of the country
 * table's columns name_ar, name_zh, name_en, name_fr, name_ru, name_es. */
enum { COUNTRY_AR, COUNTRY_ZH, COUNTRY_EN, COUNTRY_FR, COUNTRY_RU, COUNTRY_ES, COUNTRY_LANGS };
extern const char *const country_langs[COUNTRY_LANGS];
/* The index in country_langs of locale's language: English's when the
 * names have none for it (or locale is NULL). */
int country_lang(const char *locale);

/* Longest search text accepted, in bytes: the form allows 100 characters
 * of up to four bytes each. Callers refuse longer input (countries_search
 * would otherwise search for its first bytes only). */
#define COUNTRIES_MAX_QUERY 400

/* True when s is an ISO 3166-1 alpha-3 code in either case ("MAR", "mar"). */
bool iso3_code_valid(const char *s);
/* True when s is an M49 area code: exactly three ASCII digits ("002"). */
bool m49_code_valid(const char *s);

/* {"member_states": N, "observer_states": N} for the home page's figures.
 * NULL on a database error. */
json_t *countries_figures(struct db *db);

/* The countries page's model: {"countries": [{"iso3", "iso2", "numeric",
 * "name", "un_status", "region": {m49, name, url} | null, "subregion": …,
 * "url"}, …], "count", "q", "region", "regions": [{"m49", "name", "level",
 * "depth", "selected"}, …]}.
 *
 * q (may be NULL or empty: every country) is matched against the names in
 * all six languages and the aliases (countries_query_key: case, diacritics,
 * punctuation and spaces ignored; from the start of a name's word); region (NULL or "" for
 * all; otherwise a code the caller checked with m49_code_valid) keeps the
 * countries whose region, sub-region or intermediate region it is. The list
 * is sorted by name in the locale; "regions" lists every region under World
 * depth-first (depth 0 region, 1 sub-region, 2 intermediate) for a filter.
 * NULL on a database error. */
json_t *countries_search(struct db *db, const char *locale, const char *q, const char *region);

/* {"country": {"iso3", "iso2", "numeric", "un_status", "name", "names":
 * {"ar", "zh", "en", "fr", "ru", "es"}, "region": {m49, name, url},
 * "subregion": …, "intermediate": … | null, "url"}} for an ISO3 code in
 * either case; JSON null when no country has it; NULL on a database error. */
json_t *countries_get(struct db *db, const char *locale, const char *iso3);

/* {"region": {"m49", "level", "name", "url", "parent": {m49, name, url} |
 * null}, "child_count", "children": [{m49, level, name, url}, …], "count",
 * "countries": [as in countries_search]} — for World every country. JSON null when there is no
 * such region; NULL on a database error. */
json_t *regions_get(struct db *db, const char *locale, const char *m49);

/* ---- Names as people type them (countries_alias.c) ----------------------
 * Names in the six languages and the aliases of data/country_aliases.csv,
 * compared with case, accents, punctuation and spaces ignored (fts.h's
 * name keys). Every place a country is typed uses these. */

/* The key of what a person typed, to match against country.match_key. */
void countries_query_key(const char *q, struct buf *out);

/* The country whose name or alias is exactly text (or whose ISO3 code it
 * is, in either case), into iso3. Returns the number of countries that
 * match (1: iso3 is set; 0 or 2+: it is ""), or -1 on a database error. */
int countries_resolve(struct db *db, const char *text, char iso3[4]);

/* A country's aliases: a new array of {"lang", "alias"}. */
json_t *countries_aliases(const char *iso3);

/* Rewrites every country's match_key from its names and aliases. 0 or -1. */
int countries_refresh_keys(struct db *db);

/* Rebuilds every country's search document (search.h): names and aliases,
 * regions as facets. 0 or -1. */
int countries_index_all(struct db *db);

#endif
