/* names.h — "the name of this thing in this locale", the one pattern every
 * query that shows a state, a region, an objective, a principle, an event
 * or an indicator uses, and the loading of data/names/LANG.csv.
 *
 * English and French names are columns of each reference table; the other
 * languages' names are rows of name_translation (migration 0030), loaded by
 * `pacte init` from data/names/LANG.csv (data/names/README.md says the
 * format). A name missing in the reader's language falls back to English,
 * so a page is never blank, only partly English until the translators'
 * file has the name. Countries have their six UN names as columns. */
#ifndef PACTE_NAMES_H
#define PACTE_NAMES_H

#include <stddef.h>

struct db;

/* SQL: the English column en, or the French one fr when the parameter
 * lang (e.g. "$1") is 'fr'. */
#define NAME_EN_FR(en, fr, lang) "CASE WHEN " lang " = 'fr' THEN " fr " ELSE " en " END"

/* SQL: the name of a thing of kind (a literal: "objective", "principle",
 * "region", "event", "indicator") whose key is the SQL text expression key
 * ("CAST(o.number AS TEXT)", "r.m49"), for field ("title", "short",
 * "description", "name") in the language the parameter lang names: its
 * row of name_translation, else the expression cols (NAME_EN_FR: the
 * table's own columns). Every value is a parameter or a literal of the
 * code, never text from a request. */
#define NAME_IN(kind, key, field, cols, lang) \
	"COALESCE((SELECT nt.text FROM name_translation nt WHERE nt.kind = '" kind "' " \
	"AND nt.key = " key " AND nt.field = '" field "' AND nt.lang = " lang "), " cols ")"

/* The usual cases, alias being the table's alias in the query. */
#define OBJECTIVE_SHORT_IN(alias, lang) \
	NAME_IN("objective", "CAST(" alias ".number AS TEXT)", "short", \
	        NAME_EN_FR(alias ".short_en", alias ".short_fr", lang), lang)
#define OBJECTIVE_TITLE_IN(alias, lang) \
	NAME_IN("objective", "CAST(" alias ".number AS TEXT)", "title", \
	        NAME_EN_FR(alias ".title_en", alias ".title_fr", lang), lang)
#define REGION_NAME_IN(alias, lang) \
	NAME_IN("region", alias ".m49", "name", NAME_EN_FR(alias ".name_en", alias ".name_fr", lang), \
	        lang)
#define EVENT_TITLE_IN(alias, lang) \
	NAME_IN("event", alias ".slug", "title", \
	        NAME_EN_FR(alias ".title_en", alias ".title_fr", lang), lang)
#define INDICATOR_NAME_IN(alias, lang) \
	NAME_IN("indicator", alias ".code", "name", \
	        NAME_EN_FR(alias ".name_en", alias ".name_fr", lang), lang)
/* Principles have a Spanish column too (data/principles.csv). */
#define PRINCIPLE_TITLE_IN(alias, lang) \
	NAME_IN("principle", alias ".slug", "title", "CASE " lang " WHEN 'fr' THEN " alias \
	        ".title_fr WHEN 'es' THEN " alias ".title_es ELSE " alias ".title_en END", lang)
/* A country: one of its six columns. */
#define COUNTRY_NAME_IN(alias, lang) \
	"CASE " lang " WHEN 'fr' THEN " alias ".name_fr WHEN 'es' THEN " alias ".name_es " \
	"WHEN 'ar' THEN " alias ".name_ar WHEN 'ru' THEN " alias ".name_ru WHEN 'zh' THEN " \
	alias ".name_zh ELSE " alias ".name_en END"

/* Replaces the names of language lang (a language code, not "en") with
 * those of one data/names/LANG.csv whose text is text[0..len), file naming
 * it in messages, in one transaction. Returns the rows written, or -1 with
 * "FILE:LINE: reason" (a format problem, nothing written) or the
 * database's error in err. */
int names_load_text(struct db *db, const char *lang, const char *file, const char *text,
                    size_t len, char *err, size_t errlen);

/* names_load_text for every embedded data/names/LANG.csv (what `pacte
 * init` runs). Returns 0, or -1 with err. */
int names_load(struct db *db, char *err, size_t errlen);

#endif
