/* i18n.c — the loaded catalogs, tr()/trc(), and locale negotiation.
 *
 * Each embedded po/LANG.po becomes one catalog (po.h parses it); this file
 * keeps them in a list sorted by code, answers lookups for a locale, and
 * picks a request's locale. The list is built once at start and never
 * changes afterwards, so lookups from many threads need no locking.
 *
 * Negotiation works on the codes of the loaded catalogs only: a request can
 * never select a locale that has no catalog. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dates.h"
#include "embed.h"
#include "i18n.h"
#include "l10n.h"
#include "langtag.h"
#include "po.h"
#include "util.h"

#define LANG_MAX 16            /* bytes in a catalog's code, with the NUL */
#define CATALOGS_MAX 32        /* far more than the UN's six languages */
#define ACCEPT_RANGES_MAX 64   /* Accept-Language ranges read; the rest ignored */
#define QVALUE_ONE 1000        /* q-values in thousandths */

/* Written only by i18n_load, i18n_load_text and i18n_free (before threads
 * start, or in tests); read-only everywhere else. Kept sorted by code. */
static struct po_catalog *catalogs[CATALOGS_MAX];
static size_t ncatalogs;
static const char *locale_list[CATALOGS_MAX + 1];

/* ---- language codes ----------------------------------------------------- */

static struct po_catalog *find_exact(const char *s, size_t len)
{
	for (size_t i = 0; i < ncatalogs; i++)
		if (langtag_equal(s, len, po_lang(catalogs[i])))
			return catalogs[i];
	return NULL;
}

/* RFC 4647 lookup: the tag itself, then without its last subtag, and so on
 * ("zh-Hant-TW", "zh-Hant", "zh"). NULL when no catalog matches. */
static struct po_catalog *find_tag(const char *s, size_t len)
{
	if (!s || len > LANGTAG_MAX || !langtag_valid(s, len))
		return NULL;
	for (; len > 0; len = langtag_parent(s, len)) {
		struct po_catalog *cat = find_exact(s, len);
		if (cat)
			return cat;
	}
	return NULL;
}

static struct po_catalog *find_code(const char *s)
{
	return s ? find_tag(s, strnlen(s, LANGTAG_MAX + 1)) : NULL;
}

/* The part of a code before its first separator ("fr" of "fr-CA"). */
static size_t primary_len(const char *code)
{
	return strcspn(code, "-_");
}

static bool primary_is(const char *code, const char *primary)
{
	size_t n = primary_len(code);
	return n == strlen(primary) && strncasecmp(code, primary, n) == 0;
}

/* ---- public lookups ----------------------------------------------------- */

static const struct po_catalog *catalog_for(const char *locale)
{
	if (!locale)
		return NULL;
	for (size_t i = 0; i < ncatalogs; i++)
		if (strcasecmp(po_lang(catalogs[i]), locale) == 0)
			return catalogs[i];
	return NULL;
}

const char *trc(const char *locale, const char *ctxt, const char *msgid)
{
	if (!msgid)
		return "";
	const struct po_catalog *cat = catalog_for(locale);
	/* A msgid marked with NC_() carries its context: "ctxt\004msgid" is
	 * the very key a msgctxt entry has, so the lookup finds it as it is;
	 * untranslated, the English is what follows the context. */
	const char *s = cat ? po_lookup(cat, ctxt, msgid) : NULL;
	const char *eot = ctxt ? NULL : strchr(msgid, '\004');
	return s ? s : eot ? eot + 1 : msgid;
}

const char *tr(const char *locale, const char *msgid)
{
	return trc(locale, NULL, msgid);
}

const char *trc_n(const char *locale, const char *ctxt, const char *singular,
                  const char *plural, long long n)
{
	if (!singular || !plural)
		return "";
	const struct po_catalog *cat = catalog_for(locale);
	const char *s = cat ? po_lookup_plural(cat, ctxt, singular, l10n_plural(locale, n)) : NULL;
	if (s)
		return s;
	return l10n_plural("en", n) == 0 ? singular : plural; /* the msgids are English */
}

const char *tr_n(const char *locale, const char *singular, const char *plural, long long n)
{
	return trc_n(locale, NULL, singular, plural, n);
}

/* The months' names, with the context "month" ("May" is also a verb). */
static const char *const month_names[12] = {
	NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
	NC_("month", "April"), NC_("month", "May"), NC_("month", "June"),
	NC_("month", "July"), NC_("month", "August"), NC_("month", "September"),
	NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
};

void i18n_date(const char *locale, const char *date, struct buf *out)
{
	char day[DATE_LEN + 1] = "";
	if (date && strlen(date) >= DATE_LEN)
		memcpy(day, date, DATE_LEN); /* a timestamp's date part */
	if (!date_valid(day)) {
		buf_puts(out, date ? date : "");
		return;
	}
	/* date_valid checked the digits: read them as they are. */
	int y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
	int m = (day[5] - '0') * 10 + (day[6] - '0'), d = (day[8] - '0') * 10 + (day[9] - '0');
	l10n_date(locale, y, m, d, tr(locale, month_names[m - 1]), out);
}

bool i18n_has(const char *locale)
{
	return catalog_for(locale) != NULL;
}

const char *const *i18n_locales(void)
{
	return locale_list;
}

static const char *const rtl_languages[] = {
	"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb",
};

const char *i18n_dir(const char *locale)
{
	if (locale)
		for (size_t i = 0; i < ARRAY_LEN(rtl_languages); i++)
			if (primary_is(locale, rtl_languages[i]))
				return "rtl";
	return "ltr";
}

static const struct {
	const char *code;
	const char *name;
} native_names[] = {
	{"ar", "العربية"},
	{"en", "English"},
	{"es", "Español"},
	{"fr", "Français"},
	{"ru", "Русский"},
	{"zh", "中文"},
	{"pt", "Português"},
	{"de", "Deutsch"},
};

const char *i18n_native_name(const char *locale)
{
	if (!locale)
		return "";
	for (size_t i = 0; i < ARRAY_LEN(native_names); i++)
		if (strcasecmp(locale, native_names[i].code) == 0)
			return native_names[i].name;
	for (size_t i = 0; i < ARRAY_LEN(native_names); i++)
		if (primary_is(locale, native_names[i].code))
			return native_names[i].name;
	return locale;
}

/* ---- negotiation -------------------------------------------------------- */

struct lang_range {
	const char *tag;       /* points into the header; "*" for the wildcard */
	size_t len;
	int q;                 /* 1..1000 */
};

static const char *skip_ows(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in
 * thousandths. Returns the position after it, or NULL when malformed. */
static const char *parse_qvalue(const char *p, const char *end, int *q)
{
	if (p >= end || (*p != '0' && *p != '1'))
		return NULL;
	int whole = *p++ - '0', frac = 0, scale = 100;
	if (p < end && *p == '.') {
		p++;
		for (int n = 0; n < 3 && p < end && *p >= '0' && *p <= '9'; n++, p++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (whole == 1 && frac != 0)
		return NULL;
	*q = whole * QVALUE_ONE + frac;
	return p;
}

/* Parses one list element [p, end) ("fr-CA;q=0.8"). Returns 0, or -1 when it
 * is malformed (and is then skipped, as RFC 9110 lets a recipient do). */
static int parse_range(const char *p, const char *end, struct lang_range *r)
{
	p = skip_ows(p, end);
	const char *tag = p;
	while (p < end && (langtag_char(*p) || *p == '*'))
		p++;
	r->tag = tag;
	r->len = (size_t)(p - tag);
	r->q = QVALUE_ONE;
	if (!(r->len == 1 && *tag == '*') && (r->len > LANGTAG_MAX || !langtag_valid(tag, r->len)))
		return -1;
	p = skip_ows(p, end);
	if (p < end && *p == ';') {
		p = skip_ows(p + 1, end);
		if (end - p < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
			return -1;
		p = parse_qvalue(p + 2, end, &r->q);
		if (!p)
			return -1;
		p = skip_ows(p, end);
	}
	return p == end ? 0 : -1;
}

/* Splits the header into at most ACCEPT_RANGES_MAX well-formed ranges.
 * Empty and malformed elements count towards the limit, so the work done
 * for a header is bounded whatever its content. */
static size_t parse_accept(const char *s, struct lang_range *out)
{
	size_t n = 0;
	for (size_t seen = 0; *s && seen < ACCEPT_RANGES_MAX; seen++) {
		const char *end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		if (parse_range(s, end, &out[n]) == 0)
			n++;
		s = *end ? end + 1 : end;
	}
	return n;
}

static bool named_by_ranges(const struct po_catalog *cat, const struct lang_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].tag[0] != '*' && find_tag(r[i].tag, r[i].len) == cat)
			return true;
	return false;
}

/* "*" stands for every language the header does not name: the default if it
 * is one of those, else the first such catalog. */
static struct po_catalog *wildcard_choice(const struct lang_range *r, size_t n, const char *dflt)
{
	struct po_catalog *cat = find_code(dflt);
	if (cat && !named_by_ranges(cat, r, n))
		return cat;
	for (size_t i = 0; i < ncatalogs; i++)
		if (!named_by_ranges(catalogs[i], r, n))
			return catalogs[i];
	return NULL;
}

static struct po_catalog *negotiate_header(const char *header, const char *dflt)
{
	struct lang_range ranges[ACCEPT_RANGES_MAX];
	size_t n = parse_accept(header, ranges);
	struct po_catalog *best = NULL;
	int best_q = 0;
	for (size_t i = 0; i < n; i++) {
		/* Strictly greater: among equal q-values the header's order wins. */
		if (ranges[i].q <= best_q)
			continue;
		struct po_catalog *cat = ranges[i].tag[0] == '*' ? wildcard_choice(ranges, n, dflt)
		                                             : find_tag(ranges[i].tag, ranges[i].len);
		if (cat) {
			best = cat;
			best_q = ranges[i].q;
		}
	}
	return best;
}

const char *i18n_negotiate(const char *query_lang, const char *cookie_lang,
                           const char *accept_language, const char *dflt)
{
	struct po_catalog *cat = find_code(query_lang);
	if (!cat)
		cat = find_code(cookie_lang);
	if (!cat && accept_language)
		cat = negotiate_header(accept_language, dflt);
	if (!cat)
		cat = find_code(dflt);
	if (!cat)
		cat = find_code("en");
	if (!cat && ncatalogs > 0)
		cat = catalogs[0];
	return cat ? po_lang(cat) : "en";
}

/* ---- loading ------------------------------------------------------------ */

static void locales_rebuild(void)
{
	for (size_t i = 0; i < ncatalogs; i++)
		locale_list[i] = po_lang(catalogs[i]);
	locale_list[ncatalogs] = NULL;
}

/* Puts cat in the sorted list, replacing one with the same code. */
static int catalog_install(struct po_catalog *cat)
{
	size_t i = 0;
	while (i < ncatalogs && strcasecmp(po_lang(catalogs[i]), po_lang(cat)) < 0)
		i++;
	if (i < ncatalogs && strcasecmp(po_lang(catalogs[i]), po_lang(cat)) == 0) {
		po_free(catalogs[i]);
		catalogs[i] = cat;
	} else {
		if (ncatalogs == CATALOGS_MAX)
			return -1;
		memmove(&catalogs[i + 1], &catalogs[i], (ncatalogs - i) * sizeof(*catalogs));
		catalogs[i] = cat;
		ncatalogs++;
	}
	locales_rebuild();
	return 0;
}

int i18n_load_text(const char *lang, const char *text, size_t len, char *err, size_t errlen)
{
	char file[LANGTAG_MAX + 8];
	snprintf(file, sizeof(file), "po/%.*s.po", LANGTAG_MAX, lang ? lang : "");
	if (!lang || strlen(lang) >= LANG_MAX || !langtag_valid(lang, strlen(lang))) {
		snprintf(err, errlen, "%s: not a language code", file);
		return -1;
	}
	char code[LANG_MAX];
	size_t n = strlen(lang);
	for (size_t i = 0; i <= n; i++)
		code[i] = lang[i] == '_' ? '-' : lang[i];

	if (l10n_load(err, errlen) < 0)
		return -1;
	struct po_catalog *cat = po_parse(file, code, text, len, err, errlen);
	if (!cat)
		return -1;
	/* A catalog's count of plural forms, when its header gives one, must
	 * be its language's (data/locales.json), or a number would pick a form
	 * the catalog does not have. */
	int want = l10n_nplurals(code), have = po_nplurals(cat);
	if (want && have && have != want) {
		snprintf(err, errlen, "%s: Plural-Forms says nplurals=%d, %s has %d plural forms", file,
		         have, code, want);
		po_free(cat);
		return -1;
	}
	if (catalog_install(cat) < 0) {
		snprintf(err, errlen, "%s: more than %d catalogs", file, CATALOGS_MAX);
		po_free(cat);
		return -1;
	}
	return 0;
}

/* "po/fr.po" -> "fr"; false for anything else (po/README, po/x/y.po). */
static bool catalog_file_code(const char *name, char *code, size_t size)
{
	size_t len = strlen(name);
	if (!str_starts(name, "po/") || len < 7 || strcmp(name + len - 3, ".po") != 0)
		return false;
	size_t n = len - 6;
	if (n >= size || memchr(name + 3, '/', n))
		return false;
	memcpy(code, name + 3, n);
	code[n] = '\0';
	return true;
}

int i18n_load(char *err, size_t errlen)
{
	i18n_free();
	for (size_t i = 0; i < embed_count; i++) {
		char code[LANGTAG_MAX];
		if (!catalog_file_code(embed_files[i].name, code, sizeof(code)))
			continue;
		if (i18n_load_text(code, embed_files[i].data, embed_files[i].len, err, errlen) < 0) {
			i18n_free();
			return -1;
		}
	}
	return 0;
}

void i18n_free(void)
{
	for (size_t i = 0; i < ncatalogs; i++)
		po_free(catalogs[i]);
	ncatalogs = 0;
	locales_rebuild();
}
