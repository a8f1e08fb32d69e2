/* countries_alias.c — country names as people type them.
 *
 * data/country_aliases.csv (compiled in; its header says where each alias
 * comes from) adds to the six official names of each country the names in
 * common use: "Laos", "USA", "Turquie", "Cap-Vert", "Birmanie" … Every
 * place a country is typed matches through the same key (fts.h,
 * fts_name_keys): case, accents, punctuation and spaces ignored, a query
 * matching a name from the start of one of its words — so "Laos" is Laos,
 * not Palau ("Palaos"), and "etats unis" is the United States of America.
 *
 * country.match_key holds every name's and alias's keys; it is written
 * by countries_refresh_keys when the reference data is loaded and when
 * the index is rebuilt (reindex.h). Countries are also documents of the
 * search (kind "country"), their aliases among their texts. */
#include <stdio.h>
#include <string.h>

#include "countries.h"
#include "csv.h"
#include "db.h"
#include "embed.h"
#include "fts.h"
#include "search.h"
#include "util.h"

#define ALIAS_FILE "data/country_aliases.csv"
#define MATCH_KEY_MAX ((size_t)64 << 10)
#define MAX_TEXTS 48    /* six names and a country's aliases */

static const char *const langs[] = {"ar", "zh", "en", "fr", "ru", "es"};

/* Calls fn for each alias of iso3 (every alias when iso3 is NULL). */
static void each_alias(const char *iso3,
                       void (*fn)(const char *iso3, const char *lang, const char *alias, void *ctx),
                       void *ctx)
{
	const struct embed_file *f = embed_find(ALIAS_FILE);
	if (!f)
		return; /* defensive: the build embeds each data file */
	struct csv c;
	csv_init(&c, f->data, f->len);
	int rc = csv_next(&c); /* the header: iso3, lang, alias, source */
	while (rc == 1 && (rc = csv_next(&c)) == 1) {
		if (c.nfields < 3)
			continue;
		if (!iso3 || strcmp(c.fields[0], iso3) == 0)
			fn(c.fields[0], c.fields[1], c.fields[2], ctx);
	}
	csv_release(&c);
}

static void add_keys(const char *iso3, const char *lang, const char *alias, void *ctx)
{
	fts_name_keys(alias, ctx);
}

struct alias_texts {
	struct search_text *texts;
	size_t n;
	char *store[MAX_TEXTS];
};

static void add_text(const char *iso3, const char *lang, const char *alias, void *ctx)
{
	struct alias_texts *t = ctx;
	if (t->n >= MAX_TEXTS)
		return;
	t->store[t->n] = xstrdup(alias);
	/* lang lives in the reader's buffer: keep only known codes' constants */
	const char *l = "";
	for (size_t i = 0; i < ARRAY_LEN(langs); i++)
		if (strcmp(lang, langs[i]) == 0)
			l = langs[i];
	t->texts[t->n] = (struct search_text){l, t->store[t->n], NULL};
	t->n++;
}

static void add_json(const char *iso3, const char *lang, const char *alias, void *ctx)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s}", "lang", lang, "alias", alias));
}

json_t *countries_aliases(const char *iso3)
{
	json_t *out = json_array();
	each_alias(iso3, add_json, out);
	return out;
}

void countries_query_key(const char *q, struct buf *out)
{
	fts_squeeze(q, strnlen(q, COUNTRIES_MAX_QUERY), out);
}

static json_t *country_rows(struct db *db)
{
	return db_json_rows(db, "SELECT iso3, name_ar, name_zh, name_en, name_fr, name_ru, name_es, "
	                        "region_m49, subregion_m49, intermediate_m49 FROM country "
	                        "ORDER BY iso3", NO_ARGS);
}

static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* A country row's name in langs[l]. */
static const char *name_in(const json_t *row, size_t l)
{
	char col[8];
	snprintf(col, sizeof col, "name_%s", langs[l]);
	return str(row, col);
}

/* Calls fn for every country row until one fails. 0 or -1. */
static int each_country(struct db *db, int (*fn)(struct db *db, const json_t *row))
{
	json_t *rows = country_rows(db);
	if (!rows)
		return -1;
	size_t i;
	json_t *row;
	int rc = 0;
	json_array_foreach(rows, i, row)
		if (rc == 0)
			rc = fn(db, row);
	json_decref(rows);
	return rc;
}

static int refresh_key(struct db *db, const json_t *row)
{
	struct buf key;
	buf_init(&key, MATCH_KEY_MAX);
	for (size_t l = 0; l < ARRAY_LEN(langs); l++)
		fts_name_keys(name_in(row, l), &key);
	each_alias(str(row, "iso3"), add_keys, &key);
	int rc = key.overflow || db_exec(db, "UPDATE country SET match_key = $2 WHERE iso3 = $1",
	                                 DB_ARGS(DB_TEXT(str(row, "iso3")),
	                                         DB_TEXT(buf_str(&key)))) < 0 ? -1 : 0;
	buf_release(&key);
	return rc;
}

int countries_refresh_keys(struct db *db)
{
	return each_country(db, refresh_key);
}

int countries_resolve(struct db *db, const char *text, char iso3[4])
{
	iso3[0] = '\0';
	if (!text)
		return 0;
	if (iso3_code_valid(text)) {
		for (int i = 0; i < 3; i++)
			iso3[i] = (char)(text[i] & ~0x20); /* upper case: ASCII letters only */
		iso3[3] = '\0';
		int64_t n = 0;
		if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM country WHERE iso3 = $1",
		                  DB_ARGS(DB_TEXT(iso3))) < 0)
			return -1;
		if (n == 1)
			return 1;
		iso3[0] = '\0';
	}
	struct buf key;
	buf_init(&key, 8 * COUNTRIES_MAX_QUERY);
	countries_query_key(text, &key);
	json_t *rows = key.len ? db_json_rows(db, "SELECT iso3 FROM country "
	                                          "WHERE match_key LIKE '%|^' || $1 || '|%'",
	                                      DB_ARGS(DB_TEXT(buf_str(&key))))
	                       : json_array();
	buf_release(&key);
	if (!rows)
		return -1;
	int n = (int)json_array_size(rows);
	if (n == 1)
		snprintf(iso3, 4, "%s", str(json_array_get(rows, 0), "iso3"));
	json_decref(rows);
	return n;
}

static int index_country(struct db *db, const json_t *row)
{
	struct search_text texts[MAX_TEXTS];
	struct alias_texts at = {.texts = texts};
	/* the official names first: a result shows the one of its locale */
	for (size_t l = 0; l < ARRAY_LEN(langs); l++) {
		at.store[at.n] = NULL;
		texts[at.n++] = (struct search_text){langs[l], name_in(row, l), NULL};
	}
	each_alias(str(row, "iso3"), add_text, &at);
	/* every name once more without its spaces and punctuation, so that
	 * "Vietnam" finds "Viet Nam" and "cotedivoire" Côte d'Ivoire here too */
	struct buf squeezed;
	buf_init(&squeezed, MATCH_KEY_MAX);
	for (size_t k = 0; k < at.n; k++) {
		fts_squeeze(texts[k].title, strlen(texts[k].title), &squeezed);
		buf_putc(&squeezed, ' ');
	}
	if (at.n < MAX_TEXTS) {
		at.store[at.n] = buf_detach(&squeezed, NULL);
		texts[at.n] = (struct search_text){"", at.store[at.n] ? at.store[at.n] : "", NULL};
		at.n++;
	}
	buf_release(&squeezed);
	struct search_facet f[] = {
		{"region", str(row, "region_m49")}, {"region", str(row, "subregion_m49")},
		{"region", str(row, "intermediate_m49")}, {"country", str(row, "iso3")},
	};
	int rc = search_index_put(db, &(struct search_doc){
		.kind = "country", .ref = str(row, "iso3"), .lang = "en", .texts = texts,
		.ntexts = at.n, .facets = f, .nfacets = ARRAY_LEN(f)});
	for (size_t k = 0; k < at.n; k++)
		free(at.store[k]);
	return rc;
}

int countries_index_all(struct db *db)
{
	if (search_index_clear(db, "country") < 0)
		return -1;
	return each_country(db, index_country);
}
