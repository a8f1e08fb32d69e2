/* i18n.h — UI strings in several languages, from gettext .po catalogs.
 *
 * Every string a person reads is written in English in the source (a
 * template's {{_ …}} or tr(locale, "…") in C) and that English text is the
 * msgid. The catalogs po/LANG.po are embedded in the binary and loaded once
 * at start; after that they are read-only and safe across threads.
 *
 * Locale negotiation (DESIGN.md principle 4): ?lang= > cookie "lang" >
 * Accept-Language (with q-values) > the instance default (--lang).
 *
 * The catalogs present decide the locales: adding po/es.po is all it takes
 * to offer Spanish. Each is parsed by po.h: fuzzy entries are ignored and an
 * empty msgstr means "not translated yet" (tr() returns the msgid). Plural
 * entries (msgid_plural, msgstr[N]) are read by tr_n(), which picks the form
 * by the language's rule in data/locales.json (l10n.h); loading a catalog
 * whose Plural-Forms nplurals differs from that rule's is an error. */
#ifndef PACTE_I18N_H
#define PACTE_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Loads every embedded po/LANG.po, replacing whatever was loaded. Returns 0,
 * or -1 with "po/x.po:LINE: reason" in err (nothing is loaded then). Call
 * once before any other function here, before other threads start. */
int i18n_load(char *err, size_t errlen);
/* Frees every catalog; strings returned earlier become invalid. */
void i18n_free(void);

/* Parses the text of one catalog (what po/LANG.po holds) and adds it,
 * replacing a catalog already loaded for lang. i18n_load uses it for each
 * embedded file; tests use it directly. lang is a language code ("fr",
 * "pt_BR"). Returns 0, or -1 with "po/LANG.po:LINE: reason" in err, and
 * then adds nothing. Not safe while other threads read the catalogs. */
int i18n_load_text(const char *lang, const char *text, size_t len, char *err, size_t errlen);

/* The translation of msgid in locale ("fr", "en" …), or msgid itself when
 * the catalog has none (a msgid made by NC_() without its context). Never
 * NULL. The result lives as long as the
 * catalogs. */
const char *tr(const char *locale, const char *msgid);

/* tr() for a msgid given a context (gettext's msgctxt, pgettext): for short
 * strings whose translation depends on where they appear ("May" the month
 * or the verb). ctxt NULL is tr(). Same result rules as tr(). */
const char *trc(const char *locale, const char *ctxt, const char *msgid);

/* ngettext: the form of a message that depends on the number n, e.g.
 * tr_n(locale, "{n} commitment", "{n} commitments", n). singular is the
 * msgid; the catalog's msgstr[l10n_plural(locale, n)] is the answer, or,
 * when it is missing or empty, singular for n = 1 and plural otherwise (the
 * English rule). The placeholder is the caller's to fill (valid_format,
 * web_format_int). Never NULL. */
const char *tr_n(const char *locale, const char *singular, const char *plural, long long n);
/* tr_n() with a context (npgettext). */
const char *trc_n(const char *locale, const char *ctxt, const char *singular,
                  const char *plural, long long n);

/* Appends a date ("2026-12-06", or a timestamp's first ten characters)
 * written for locale: "6 December 2026", "6 décembre 2026", with the
 * month's name from the catalog (msgctxt "month") and the pattern of
 * data/locales.json. Anything that is not a valid date is appended as it
 * is. */
void i18n_date(const char *locale, const char *date, struct buf *out);

/* Marks a string for extraction without translating it here (for tables of
 * strings translated later with tr()). */
#define N_(s) (s)
/* N_() with a context, for tables of labels where one English word needs
 * two translations (French "Refusé" for a participant, "Refusée" for a
 * contribution): the string is "c\004s", which tr() looks up as the
 * msgctxt entry c and, untranslated, shows as s. Literals only. */
#define NC_(c, s) (c "\004" s)

/* True when a catalog exists for this language code. */
bool i18n_has(const char *locale);
/* The languages with a catalog, in a stable order, NULL-terminated. */
const char *const *i18n_locales(void);
/* "rtl" for right-to-left scripts (ar, he, fa, ur), else "ltr". */
const char *i18n_dir(const char *locale);
/* The language's own name ("Français", "English"), for the switcher. */
const char *i18n_native_name(const char *locale);

/* Picks the locale for a request from its parts; any may be NULL. The first
 * of query_lang, cookie_lang that names a catalog (exactly, or by a prefix:
 * "fr-CA" -> "fr"; case-insensitive) wins; then Accept-Language (RFC 9110
 * q-values, "*", q=0 excluded, ties in header order, malformed ranges
 * skipped, only the first 64 ranges read); then dflt; then "en" (or the
 * first catalog when there is no English one). Never NULL: returns a code
 * with a catalog, valid until i18n_free ("en" when nothing is loaded). */
const char *i18n_negotiate(const char *query_lang, const char *cookie_lang,
                           const char *accept_language, const char *dflt);

#endif
