/* compact.c — models for the Compact's overview, objectives and principles.
 *
 * The objective and principle tables are small (23 and 10 rows) and every
 * language's columns are read at once: the titles object needs them all,
 * and choosing the locale's column in C from a fixed table keeps one
 * constant SQL text per query (the statement cache likes that, and no
 * column name is ever derived from input). */
#include <stdio.h>
#include <string.h>

#include "compact.h"
#include "db.h"
#include "names.h"
#include "util.h"

/* Languages the reference tables carry, as indexes into per-row columns. */
enum lang { LANG_EN, LANG_FR, LANG_ES };

static const struct {
	const char *code;
	enum lang lang;
} langs[] = {
	{"en", LANG_EN},
	{"fr", LANG_FR},
	{"es", LANG_ES},
};

static enum lang lang_of(const char *locale)
{
	for (size_t i = 0; locale && i < ARRAY_LEN(langs); i++)
		if (strcmp(locale, langs[i].code) == 0)
			return langs[i].lang;
	return LANG_EN;
}

/* A JSON string, or null for SQL NULL. */
static json_t *jtext(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The column `col`, or `fallback` when it is NULL or empty (a translation
 * not written yet must not leave a blank title). */
static const char *text_or(const struct db_res *res, int col, int fallback)
{
	const char *s = db_text(res, col);
	return s && *s ? s : db_text(res, fallback);
}

/* ---- The Compact itself ------------------------------------------------ */

/* The Compact's title in each UN language, by locale code; English first,
 * as the fallback. The official text is the UN's document system's page
 * for A/RES/73/195 in the same language (compact_facts composes the link
 * from the code), so a language is one line here. */
static const struct {
	const char *code;
	const char *title;
} compact_texts[] = {
	{"en", "Global Compact for Safe, Orderly and Regular Migration"},
	{"fr", "Pacte mondial pour des migrations sûres, ordonnées et régulières"},
	{"es", "Pacto Mundial para la Migración Segura, Ordenada y Regular"},
	{"ar", "الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية"},
	{"ru", "Глобальный договор о безопасной, упорядоченной и легальной миграции"},
	{"zh", "安全、有序和正常移民全球契约"},
};

/* The review forums held or planned every four years from 2022. */
static const int review_forums[] = {2022, 2026, 2030};

static json_t *compact_facts(const char *locale)
{
	size_t t = 0;
	for (size_t i = 0; locale && i < ARRAY_LEN(compact_texts); i++)
		if (strcmp(compact_texts[i].code, locale) == 0)
			t = i;
	char text_url[64];
	snprintf(text_url, sizeof text_url, "https://undocs.org/%s/A/RES/73/195",
	         compact_texts[t].code);
	json_t *forums = json_array();
	for (size_t i = 0; i < ARRAY_LEN(review_forums); i++)
		json_array_append_new(forums, json_integer(review_forums[i]));
	/* A/RES/73/195 was a recorded vote (reference/compact.md). */
	json_t *vote = json_pack("{s:i, s:i, s:i, s:i}", "in_favour", 152, "against", 5,
	                         "abstentions", 12, "not_voting", 24);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}",
	                 "title", compact_texts[t].title,
	                 "adopted", "2018-12-10",
	                 "place", "Marrakech",
	                 "resolution", "A/RES/73/195",
	                 "endorsed", "2018-12-19",
	                 "text_url", text_url,
	                 "review_forums", forums,
	                 "general_assembly_vote", vote);
}

/* ---- Objectives -------------------------------------------------------- */

enum { OBJ_NUMBER, OBJ_PARAGRAPH, OBJ_TITLE_EN, OBJ_TITLE_FR, OBJ_VERIFIED, OBJ_TITLE,
       OBJ_SHORT };

/* The titles in the reader's language (the parameter lang) are names.h's. */
#define OBJECTIVE_COLUMNS(lang) \
	"SELECT o.number, o.paragraph, o.title_en, o.title_fr, o.title_fr_verified, " \
	OBJECTIVE_TITLE_IN("o", lang) ", " OBJECTIVE_SHORT_IN("o", lang) " FROM objective o "

static const char objectives_sql[] = OBJECTIVE_COLUMNS("$1") "ORDER BY o.number";
static const char objective_window_sql[] =
	OBJECTIVE_COLUMNS("$3") "WHERE o.number BETWEEN $1 AND $2 ORDER BY o.number";

/* One objective row as a list item in `lang`. */
static json_t *objective_item(const struct db_res *res, enum lang lang)
{
	bool fr = lang == LANG_FR;
	int64_t n = db_int(res, OBJ_NUMBER);
	json_t *o = json_object();
	json_object_set_new(o, "number", json_integer(n));
	json_object_set_new(o, "paragraph", json_integer(db_int(res, OBJ_PARAGRAPH)));
	json_object_set_new(o, "title", jtext(db_text(res, OBJ_TITLE)));
	json_object_set_new(o, "short_title", jtext(db_text(res, OBJ_SHORT)));
	/* Only the French titles are still being checked against the text. */
	json_object_set_new(o, "title_verified",
	                    json_boolean(!fr || db_int(res, OBJ_VERIFIED) != 0));
	json_object_set_new(o, "url", json_sprintf("/objectives/%lld", (long long)n));
	return o;
}

json_t *compact_objectives(struct db *db, const char *locale)
{
	enum lang lang = lang_of(locale);
	struct db_res *res = db_query(db, objectives_sql, DB_ARGS(DB_TEXT(locale ? locale : "en")));
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(list, objective_item(res, lang));
	db_res_free(res);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return json_pack("{s:o}", "objectives", list);
}

json_t *compact_objective(struct db *db, const char *locale, int64_t number)
{
	if (number < 1 || number > COMPACT_OBJECTIVES)
		return json_null();
	enum lang lang = lang_of(locale);
	/* One query reads the objective and its two neighbours. */
	struct db_res *res = db_query(db, objective_window_sql,
	                              DB_ARGS(DB_INT(number - 1), DB_INT(number + 1),
	                                      DB_TEXT(locale ? locale : "en")));
	if (!res)
		return NULL;
	json_t *prev = json_null(), *next = json_null(), *self = NULL;
	int rc;
	while ((rc = db_next(res)) == 1) {
		int64_t n = db_int(res, OBJ_NUMBER);
		json_t *item = objective_item(res, lang);
		if (n < number) {
			json_decref(prev);
			prev = item;
		} else if (n > number) {
			json_decref(next);
			next = item;
		} else {
			json_object_set_new(item, "titles",
			                    json_pack("{s:o, s:o}",
			                              "en", jtext(db_text(res, OBJ_TITLE_EN)),
			                              "fr", jtext(db_text(res, OBJ_TITLE_FR))));
			self = item;
		}
	}
	db_res_free(res);
	if (rc < 0 || !self) {
		json_decref(prev);
		json_decref(next);
		json_decref(self);
		return rc < 0 ? NULL : json_null();
	}
	return json_pack("{s:o, s:o, s:o}", "objective", self, "previous", prev, "next", next);
}

json_t *compact_overview(struct db *db, const char *locale)
{
	json_t *objectives = compact_objectives(db, locale);
	if (!objectives)
		return NULL;
	int64_t nprinciples;
	if (db_scalar_int(db, &nprinciples, 0, "SELECT count(*) FROM principle", NO_ARGS) < 0) {
		json_decref(objectives);
		return NULL;
	}
	json_t *list = json_incref(json_object_get(objectives, "objectives"));
	json_decref(objectives);
	json_t *figures = json_pack("{s:I, s:I}", "objectives", (json_int_t)json_array_size(list),
	                            "principles", (json_int_t)nprinciples);
	return json_pack("{s:o, s:o, s:o}", "compact", compact_facts(locale),
	                 "figures", figures, "objectives", list);
}

/* ---- Principles -------------------------------------------------------- */

enum { PR_SLUG, PR_LETTER, PR_PARAGRAPH, PR_TITLE_EN, PR_TITLE_FR, PR_TITLE_ES, PR_TITLE,
       PR_DESC };

/* The title and description in the reader's language ($1): names.h. */
static const char principles_sql[] =
	"SELECT p.slug, p.letter, p.paragraph, p.title_en, p.title_fr, p.title_es, "
	PRINCIPLE_TITLE_IN("p", "$1") ", "
	NAME_IN("principle", "p.slug", "description",
	        NAME_EN_FR("p.description_en", "p.description_fr", "$1"), "$1")
	" FROM principle p ORDER BY p.letter";

static json_t *principle_item(const struct db_res *res)
{
	const char *slug = db_text(res, PR_SLUG);
	json_t *o = json_object();
	json_object_set_new(o, "slug", jtext(slug));
	json_object_set_new(o, "letter", jtext(db_text(res, PR_LETTER)));
	json_object_set_new(o, "paragraph", jtext(db_text(res, PR_PARAGRAPH)));
	json_object_set_new(o, "title", jtext(text_or(res, PR_TITLE, PR_TITLE_EN)));
	json_object_set_new(o, "description", jtext(db_text(res, PR_DESC)));
	json_object_set_new(o, "url", json_sprintf("/principles/%s", slug ? slug : ""));
	return o;
}

/* Every principle as list items, or NULL on a database error. When slug is
 * not NULL, *found is set to the index of the principle with that slug (or
 * -1) and its item gets the titles in every language. */
static json_t *principle_list(struct db *db, const char *locale, const char *slug, long *found)
{
	struct db_res *res = db_query(db, principles_sql, DB_ARGS(DB_TEXT(locale ? locale : "en")));
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	if (found)
		*found = -1;
	while ((rc = db_next(res)) == 1) {
		json_t *item = principle_item(res);
		const char *s = db_text(res, PR_SLUG);
		if (slug && s && strcmp(s, slug) == 0) {
			*found = (long)json_array_size(list);
			json_object_set_new(item, "titles",
			                    json_pack("{s:o, s:o, s:o}",
			                              "en", jtext(db_text(res, PR_TITLE_EN)),
			                              "fr", jtext(db_text(res, PR_TITLE_FR)),
			                              "es", jtext(db_text(res, PR_TITLE_ES))));
		}
		json_array_append_new(list, item);
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

json_t *compact_principles(struct db *db, const char *locale)
{
	json_t *list = principle_list(db, locale, NULL, NULL);
	return list ? json_pack("{s:o}", "principles", list) : NULL;
}

/* The neighbour of a principle, as a short link. */
static json_t *principle_link(json_t *list, long i)
{
	json_t *p = i >= 0 ? json_array_get(list, (size_t)i) : NULL;
	if (!p)
		return json_null();
	return json_pack("{s:O, s:O, s:O, s:O}", "slug", json_object_get(p, "slug"),
	                 "letter", json_object_get(p, "letter"),
	                 "title", json_object_get(p, "title"),
	                 "url", json_object_get(p, "url"));
}

json_t *compact_principle(struct db *db, const char *locale, const char *slug)
{
	if (!slug || strlen(slug) > COMPACT_MAX_SLUG)
		return json_null();
	long i;
	json_t *list = principle_list(db, locale, slug, &i);
	if (!list)
		return NULL;
	json_t *model = json_null();
	if (i >= 0)
		model = json_pack("{s:O, s:o, s:o}", "principle", json_array_get(list, (size_t)i),
		                  "previous", principle_link(list, i - 1),
		                  "next", principle_link(list, i + 1));
	json_decref(list);
	return model;
}
