/* countries.c — models for countries, M49 regions and the country search.
 *
 * The region table is small (a few dozen rows), so each call reads all of
 * it once into a `struct regions` and answers every region question from
 * there (names of a country's areas, the filter list, a region's parent and
 * children) instead of joining three times. Country rows carry their names
 * in all six UN languages; the locale picks one through a fixed table of
 * column indexes, so one constant SQL text serves every language.
 *
 * Lists are sorted in C by the folded name in the locale (text.h), which
 * gives the same order on SQLite and PostgreSQL whatever their collations:
 * "Égypte" sorts with the E's, not after "Zimbabwe". */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "l10n.h"
#include "names.h"
#include "text.h"
#include "util.h"

/* ---- Languages ---------------------------------------------------------- */

const char *const country_langs[COUNTRY_LANGS] = {"ar", "zh", "en", "fr", "ru", "es"};

int country_lang(const char *locale)
{
	for (int i = 0; locale && i < COUNTRY_LANGS; i++)
		if (strcmp(locale, country_langs[i]) == 0)
			return i;
	return COUNTRY_EN;
}

static json_t *jtext(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The folded form of s, for sorting (caller frees). */
static char *fold_key(const char *s)
{
	struct buf b;
	buf_init(&b, 4096);
	if (s)
		text_fold(s, strlen(s), &b);
	char *key = xstrdup(buf_str(&b));
	buf_release(&b);
	return key;
}

bool iso3_code_valid(const char *s)
{
	if (!s || strlen(s) != 3)
		return false;
	for (int i = 0; i < 3; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
			return false;
	return true;
}

bool m49_code_valid(const char *s)
{
	if (!s || strlen(s) != 3)
		return false;
	for (int i = 0; i < 3; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* ---- Regions ------------------------------------------------------------ */

struct region {
	char *m49, *level, *parent, *name, *key;
};

struct regions {
	struct region *items;   /* sorted by key (folded name) */
	size_t len;
};

static int region_cmp(const void *a, const void *b)
{
	const struct region *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->m49, y->m49);
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

enum { R_M49, R_LEVEL, R_PARENT, R_NAME_EN, R_NAME };

/* Reads every region with its name in the locale. 0, or -1 on error. */
static int regions_load(struct db *db, const char *locale, struct regions *rs)
{
	*rs = (struct regions){0};
	struct db_res *res = db_query(db, "SELECT r.m49, r.level, r.parent_m49, r.name_en, "
	                              REGION_NAME_IN("r", "$1") " FROM region r",
	                              DB_ARGS(DB_TEXT(locale ? locale : "en")));
	if (!res)
		return -1;
	int name_col = R_NAME;
	size_t cap = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (rs->len == cap) {
			cap = cap ? cap * 2 : 64;
			rs->items = xrealloc(rs->items, cap * sizeof *rs->items);
		}
		const char *name = db_text(res, name_col);
		if (!name || !*name)
			name = db_text(res, R_NAME_EN);
		struct region *r = &rs->items[rs->len++];
		r->m49 = dup_or_empty(db_text(res, R_M49));
		r->level = dup_or_empty(db_text(res, R_LEVEL));
		r->parent = db_isnull(res, R_PARENT) ? NULL : xstrdup(db_text(res, R_PARENT));
		r->name = dup_or_empty(name);
		r->key = fold_key(r->name);
	}
	db_res_free(res);
	if (rs->len)
		qsort(rs->items, rs->len, sizeof *rs->items, region_cmp);
	return rc < 0 ? -1 : 0;
}

static void regions_release(struct regions *rs)
{
	for (size_t i = 0; i < rs->len; i++) {
		struct region *r = &rs->items[i];
		free(r->m49);
		free(r->level);
		free(r->parent);
		free(r->name);
		free(r->key);
	}
	free(rs->items);
	*rs = (struct regions){0};
}

static const struct region *region_find(const struct regions *rs, const char *m49)
{
	for (size_t i = 0; m49 && i < rs->len; i++)
		if (strcmp(rs->items[i].m49, m49) == 0)
			return &rs->items[i];
	return NULL;
}

/* {m49, name, url} for a region code, or null when there is none. */
static json_t *region_ref(const struct regions *rs, const char *m49)
{
	const struct region *r = region_find(rs, m49);
	if (!r)
		return json_null();
	return json_pack("{s:s, s:s, s:o}", "m49", r->m49, "name", r->name,
	                 "url", json_sprintf("/regions/%s", r->m49));
}

static json_t *region_link(const struct region *r)
{
	return json_pack("{s:s, s:s, s:s, s:o}", "m49", r->m49, "level", r->level,
	                 "name", r->name, "url", json_sprintf("/regions/%s", r->m49));
}

#define REGION_MAX_DEPTH 3   /* region, sub-region, intermediate region */

/* Appends the regions under `parent` depth-first, in name order. */
static void filter_list(const struct regions *rs, const char *parent, int depth,
                        const char *selected, json_t *out)
{
	if (depth >= REGION_MAX_DEPTH)   /* the data is a tree; never loop on a bad one */
		return;
	for (size_t i = 0; i < rs->len; i++) {
		const struct region *r = &rs->items[i];
		if (!r->parent || strcmp(r->parent, parent) != 0)
			continue;
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:i, s:b}",
		                                     "m49", r->m49, "name", r->name,
		                                     "level", r->level, "depth", depth,
		                                     "selected", selected &&
		                                     strcmp(selected, r->m49) == 0));
		filter_list(rs, r->m49, depth + 1, selected, out);
	}
}

/* The filter's options: every region below World, depth-first. */
static json_t *region_options(const struct regions *rs, const char *selected)
{
	json_t *out = json_array();
	for (size_t i = 0; i < rs->len; i++) {
		const struct region *r = &rs->items[i];
		if (strcmp(r->level, "world") == 0)
			filter_list(rs, r->m49, 0, selected, out);
	}
	return out;
}

/* ---- Countries ---------------------------------------------------------- */

enum {
	C_ISO3, C_ISO2, C_NUMERIC, C_STATUS,
	C_NAMES,   /* COUNTRY_LANGS columns, in country_langs order */
	C_REGION = C_NAMES + COUNTRY_LANGS, C_SUBREGION, C_INTERMEDIATE,
};

#define COUNTRY_SELECT \
	"SELECT c.iso3, c.iso2, c.numeric, c.un_status, c.name_ar, c.name_zh, c.name_en, " \
	"c.name_fr, c.name_ru, c.name_es, c.region_m49, c.subregion_m49, c.intermediate_m49 " \
	"FROM country c "

/* Both filters are always bound; "" switches one off. The pattern is the
 * query's key (countries_query_key: letters and digits only, so no LIKE
 * wildcard), matched from the start of a word of a name or an alias. */
static const char search_sql[] = COUNTRY_SELECT
	"WHERE ($1 = '' OR c.match_key LIKE '%|_' || $1 || '%') "
	"AND ($2 = '' OR c.region_m49 = $2 OR c.subregion_m49 = $2 OR c.intermediate_m49 = $2)";

static const char get_sql[] = COUNTRY_SELECT "WHERE c.iso3 = $1";

static const char *name_of(const struct db_res *res, int lang)
{
	const char *s = db_text(res, C_NAMES + lang);
	return s && *s ? s : db_text(res, C_NAMES + COUNTRY_EN);
}

/* One country row as a list item, or with `detail` as the country page's
 * object (adding the names in every language and the intermediate region). */
static json_t *country_item(const struct db_res *res, int lang, const struct regions *rs,
                            bool detail)
{
	const char *iso3 = db_text(res, C_ISO3);
	json_t *o = json_object();
	json_object_set_new(o, "iso3", jtext(iso3));
	json_object_set_new(o, "iso2", jtext(db_text(res, C_ISO2)));
	json_object_set_new(o, "numeric", jtext(db_text(res, C_NUMERIC)));
	json_object_set_new(o, "un_status", jtext(db_text(res, C_STATUS)));
	json_object_set_new(o, "name", jtext(name_of(res, lang)));
	if (detail) {
		json_t *names = json_object();
		for (int i = 0; i < COUNTRY_LANGS; i++)
			json_object_set_new(names, country_langs[i], jtext(db_text(res, C_NAMES + i)));
		json_object_set_new(o, "names", names);
	}
	json_object_set_new(o, "region", region_ref(rs, db_text(res, C_REGION)));
	json_object_set_new(o, "subregion", region_ref(rs, db_text(res, C_SUBREGION)));
	if (detail)
		json_object_set_new(o, "intermediate",
		                    region_ref(rs, db_text(res, C_INTERMEDIATE)));
	json_object_set_new(o, "url", json_sprintf("/countries/%s", iso3 ? iso3 : ""));
	return o;
}

struct sort_entry {
	char *key;
	json_t *item;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct sort_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return strcmp(json_string_value(json_object_get(x->item, "iso3")),
	              json_string_value(json_object_get(y->item, "iso3")));
}

/* Runs a country query and returns its rows as list items sorted by name
 * in the locale, or NULL on error. */
static json_t *country_list(struct db *db, const char *sql, size_t nargs,
                            const struct db_arg *args, int lang, const struct regions *rs)
{
	struct db_res *res = db_query(db, sql, nargs, args);
	if (!res)
		return NULL;
	struct sort_entry *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (len == cap) {
			cap = cap ? cap * 2 : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[len].item = country_item(res, lang, rs, false);
		v[len].key = fold_key(name_of(res, lang));
		len++;
	}
	db_res_free(res);
	if (len)
		qsort(v, len, sizeof *v, entry_cmp);
	json_t *list = rc < 0 ? NULL : json_array();
	for (size_t i = 0; i < len; i++) {
		if (list)
			json_array_append(list, v[i].item);
		json_decref(v[i].item);
		free(v[i].key);
	}
	free(v);
	return list;
}

json_t *countries_search(struct db *db, const char *locale, const char *q, const char *region)
{
	if (!q)
		q = "";
	if (region && !*region)
		region = NULL;
	struct regions rs;
	if (regions_load(db, locale, &rs) < 0) {
		regions_release(&rs);
		return NULL;
	}
	struct buf pattern;
	buf_init(&pattern, 32 * COUNTRIES_MAX_QUERY);
	countries_query_key(q, &pattern);
	/* punctuation alone ("%", "-") names no country: nothing, not all */
	bool none = !pattern.len && q[strspn(q, " \t\r\n")];
	if (none)
		buf_puts(&pattern, "^^"); /* in no key: no row */
	json_t *list = country_list(db, search_sql,
	                            DB_ARGS(DB_TEXT(buf_str(&pattern)), DB_TEXT(region ? region : "")),
	                            country_lang(locale), &rs);
	buf_release(&pattern);
	json_t *model = NULL;
	if (list)
		model = json_pack("{s:o, s:I, s:s, s:o, s:o}", "countries", list,
		                  "count", (json_int_t)json_array_size(list), "q", q,
		                  "region", jtext(region), "regions", region_options(&rs, region));
	regions_release(&rs);
	return model;
}

json_t *countries_get(struct db *db, const char *locale, const char *iso3)
{
	if (!iso3_code_valid(iso3))
		return json_null();
	char code[4];
	for (int i = 0; i < 3; i++)
		code[i] = (char)toupper((unsigned char)iso3[i]);
	code[3] = '\0';
	struct regions rs;
	if (regions_load(db, locale, &rs) < 0) {
		regions_release(&rs);
		return NULL;
	}
	struct db_res *res = db_query(db, get_sql, DB_ARGS(DB_TEXT(code)));
	json_t *model = NULL;
	int rc = res ? db_next(res) : -1;
	if (rc == 0)
		model = json_null();
	if (rc == 1) {
		model = json_pack("{s:o}", "country",
		                  country_item(res, country_lang(locale), &rs, true));
	}
	db_res_free(res);
	regions_release(&rs);
	return model;
}

json_t *countries_figures(struct db *db)
{
	struct db_res *res = db_query(db, "SELECT un_status, count(*) FROM country "
	                                  "GROUP BY un_status", NO_ARGS);
	if (!res)
		return NULL;
	int64_t members = 0, observers = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		const char *status = db_text(res, 0);
		if (status && strcmp(status, "member") == 0)
			members = db_int(res, 1);
		else if (status && strcmp(status, "observer") == 0)
			observers = db_int(res, 1);
	}
	db_res_free(res);
	if (rc < 0)
		return NULL;
	return json_pack("{s:I, s:I}", "member_states", (json_int_t)members,
	                 "observer_states", (json_int_t)observers);
}

/* ---- A region's page ------------------------------------------------------ */

static json_t *region_children(const struct regions *rs, const char *m49)
{
	json_t *out = json_array();
	for (size_t i = 0; i < rs->len; i++)
		if (rs->items[i].parent && strcmp(rs->items[i].parent, m49) == 0)
			json_array_append_new(out, region_link(&rs->items[i]));
	return out;
}

json_t *regions_get(struct db *db, const char *locale, const char *m49)
{
	if (!m49_code_valid(m49))
		return json_null();
	struct regions rs;
	if (regions_load(db, locale, &rs) < 0) {
		regions_release(&rs);
		return NULL;
	}
	const struct region *r = region_find(&rs, m49);
	if (!r) {
		regions_release(&rs);
		return json_null();
	}
	/* World holds every country without being any country's region. */
	const char *filter = strcmp(r->level, "world") == 0 ? "" : r->m49;
	json_t *list = country_list(db, search_sql, DB_ARGS(DB_TEXT(""), DB_TEXT(filter)),
	                            country_lang(locale), &rs);
	json_t *model = NULL;
	if (list) {
		json_t *self = region_link(r);
		json_t *parent = region_ref(&rs, r->parent);
		/* "Fait partie d'Afrique…": the template cannot elide (l10n.h). */
		if (json_is_object(parent))
			json_object_set_new(parent, "lead_in", l10n_lead_in(locale, tr(locale, "Part of"),
			                    json_string_value(json_object_get(parent, "name"))));
		json_object_set_new(self, "parent", parent);
		json_t *children = region_children(&rs, r->m49);
		model = json_pack("{s:o, s:I, s:o, s:I, s:o}", "region", self,
		                  "child_count", (json_int_t)json_array_size(children),
		                  "children", children,
		                  "count", (json_int_t)json_array_size(list), "countries", list);
	}
	regions_release(&rs);
	return model;
}
