/* l10n.h — the rules of each language that are data: plural forms, how a
 * number, a percentage and a date are written.
 *
 * The rules come from data/locales.json (embedded), one entry per language
 * code: the CLDR plural categories for whole numbers as conditions on n, the
 * decimal and group separators, the percent sign's place, the date pattern.
 * scripts/po-check reads the same file, so the catalog check and the server
 * agree on how many forms each language's plural entries have.
 *
 * A locale is matched by its code, then by its primary language ("fr-CA"
 * reads "fr"); a language without an entry is written as English is. The
 * rules are loaded once (l10n_load, called by i18n's loaders before threads
 * start) and read-only afterwards. Nothing here translates: month names come
 * from the catalogs (i18n_date in i18n.h). */
#ifndef PACTE_L10N_H
#define PACTE_L10N_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"

/* Parses the embedded data/locales.json (once; later calls return 0).
 * Returns 0, or -1 with "data/locales.json: reason" in err. */
int l10n_load(char *err, size_t errlen);

/* How many plural forms the language has (msgstr[0..N-1]), or 0 when
 * data/locales.json has no entry for it. */
int l10n_nplurals(const char *locale);

/* Which plural form (index into msgstr[]) the whole number n takes in
 * locale; negative n counts as its absolute value. A language without an
 * entry follows English (form 0 for 1, else 1). */
int l10n_plural(const char *locale, long long n);

/* Appends v written for locale with exactly `decimals` digits after the
 * separator (0..6; rounded), its integer part grouped by thousands. */
void l10n_number(const char *locale, double v, int decimals, struct buf *out);

/* l10n_number followed by the locale's percent sign ("42 %" in French,
 * with a narrow no-break space). v is already a percentage (42, not 0.42). */
void l10n_percent(const char *locale, double v, int decimals, struct buf *out);

/* Appends the date y-m-d written by the locale's pattern ("6 December
 * 2026", "1er décembre 2026", "2026年12月6日"), month_name being the
 * month's name in that language (the caller translates it). */
void l10n_date(const char *locale, int y, int m, int d, const char *month_name,
               struct buf *out);

/* Elision before a value (French "de" + "Awa Diop" is "d'Awa Diop"): when
 * b ends with one of the locale's elided words and a space, and next
 * starts with one of its vowels, the word loses its last letter and the
 * space becomes an apostrophe. Nothing for a language without the rule.
 * Called by whoever puts a value after translated text (valid_format). */
void l10n_elide(const char *locale, struct buf *b, const char *next);

/* What a template writes straight before a name it puts in markup of its
 * own ("{{lead_in}}<strong>{{name}}</strong>"): text (translated already)
 * and a space, or elided before next ("Au nom de" + "Awa Diop" is "Au nom
 * d'"). A template cannot elide "{{_ On behalf of}} {{name}}" itself. New
 * reference. */
json_t *l10n_lead_in(const char *locale, const char *text, const char *next);

#endif
