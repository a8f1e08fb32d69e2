/* l10n.c — data/locales.json read into a table, and the functions that
 * apply it: plural form of a number, numbers, percentages, date patterns.
 *
 * The table is small (one row per language) and searched linearly. It is
 * filled once, before threads start, and never written again. */
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "embed.h"
#include "l10n.h"
#include "util.h"

#define L10N_FILE "data/locales.json"
#define LANGS_MAX 32
#define RULES_MAX 8            /* rules per language (Arabic has five) */
#define CONDS_MAX 4            /* conditions per rule */
#define SEP_MAX 16             /* bytes of a separator or percent sign */
#define PATTERN_MAX 64
#define DECIMALS_MAX 6

struct cond {
	long long mod;         /* 0: n itself */
	long long lo, hi;
	bool negate;           /* not_in */
};

struct prule {
	int form;
	struct cond conds[CONDS_MAX];
	int nconds;
};

struct lang_rules {
	char code[16];
	int nplurals;
	struct prule rules[RULES_MAX];
	int nrules;
	char decimal[SEP_MAX], group[SEP_MAX], percent[SEP_MAX];
	char digits[10][SEP_MAX];  /* "" when the Latin digits are kept */
	int min_grouping;          /* digits before the first group separator shows */
	char date[PATTERN_MAX];
	char day_one[SEP_MAX];     /* the 1st of a month ("1er"); "" for "1" */
	char elide_words[8][SEP_MAX]; /* "de", "que": elided before a vowel */
	int nelide;
	char vowels[128];          /* the letters (UTF-8) that make a word elide */
};

static struct lang_rules langs[LANGS_MAX];
static size_t nlangs;
static bool loaded;

/* English's rules: what a language without an entry follows. */
static const struct lang_rules english = {
	.code = "en", .nplurals = 2, .rules = {{.form = 0, .conds = {{0, 1, 1, false}}, .nconds = 1}},
	.nrules = 1, .decimal = ".", .group = ",", .percent = "%", .min_grouping = 1,
	.date = "{d} {month} {y}",
};

/* ---- loading ------------------------------------------------------------ */

static int copy_str(const json_t *obj, const char *key, char *dst, size_t size, bool required)
{
	const json_t *v = json_object_get(obj, key);
	if (!v && !required)
		return 0;
	if (!json_is_string(v) || json_string_length(v) >= size)
		return -1;
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int parse_cond(const json_t *c, struct cond *out)
{
	const json_t *in = json_object_get(c, "in"), *not_in = json_object_get(c, "not_in");
	const json_t *range = in ? in : not_in;
	if (!json_is_array(range) || json_array_size(range) != 2 ||
	    !json_is_integer(json_array_get(range, 0)) || !json_is_integer(json_array_get(range, 1)))
		return -1;
	const json_t *mod = json_object_get(c, "mod");
	if (mod && (!json_is_integer(mod) || json_integer_value(mod) < 0))
		return -1;
	out->mod = mod ? json_integer_value(mod) : 0;
	out->lo = json_integer_value(json_array_get(range, 0));
	out->hi = json_integer_value(json_array_get(range, 1));
	out->negate = in == NULL;
	return 0;
}

static int parse_plural(const json_t *p, struct lang_rules *l)
{
	const json_t *n = json_object_get(p, "nplurals"), *rules = json_object_get(p, "rules");
	if (!json_is_integer(n) || json_integer_value(n) < 1 || json_integer_value(n) > 6 ||
	    !json_is_array(rules) || json_array_size(rules) > RULES_MAX)
		return -1;
	l->nplurals = (int)json_integer_value(n);
	size_t i;
	const json_t *r;
	json_array_foreach(rules, i, r) {
		struct prule *pr = &l->rules[l->nrules++];
		const json_t *form = json_object_get(r, "form"), *all = json_object_get(r, "all");
		if (!json_is_integer(form) || json_integer_value(form) < 0 ||
		    json_integer_value(form) >= l->nplurals || !json_is_array(all) ||
		    json_array_size(all) == 0 || json_array_size(all) > CONDS_MAX)
			return -1;
		pr->form = (int)json_integer_value(form);
		size_t k;
		const json_t *c;
		json_array_foreach(all, k, c)
			if (parse_cond(c, &pr->conds[pr->nconds++]) < 0)
				return -1;
	}
	return 0;
}

static int parse_number(const json_t *num, struct lang_rules *l)
{
	if (copy_str(num, "decimal", l->decimal, SEP_MAX, true) < 0 ||
	    copy_str(num, "group", l->group, SEP_MAX, true) < 0 ||
	    copy_str(num, "percent", l->percent, SEP_MAX, true) < 0)
		return -1;
	const json_t *mg = json_object_get(num, "min_grouping");
	l->min_grouping = json_is_integer(mg) ? (int)json_integer_value(mg) : 1;
	const json_t *digits = json_object_get(num, "digits");
	if (!digits)
		return 0;
	/* Ten characters, each one code point of up to four bytes. */
	if (!json_is_string(digits))
		return -1;
	const char *s = json_string_value(digits);
	for (int d = 0; d < 10; d++) {
		size_t len = 1;
		while (s[len] && (s[len] & 0xC0) == 0x80)
			len++;
		if (!*s || len >= SEP_MAX)
			return -1;
		memcpy(l->digits[d], s, len);
		l->digits[d][len] = '\0';
		s += len;
	}
	return *s ? -1 : 0;
}

static int parse_elision(const json_t *e, struct lang_rules *l)
{
	if (!e)
		return 0;
	const json_t *words = json_object_get(e, "words");
	if (!json_is_array(words) || json_array_size(words) > 8 ||
	    copy_str(e, "vowels", l->vowels, sizeof(l->vowels), true) < 0)
		return -1;
	size_t i;
	const json_t *w;
	json_array_foreach(words, i, w) {
		if (!json_is_string(w) || json_string_length(w) < 2 || json_string_length(w) >= SEP_MAX)
			return -1;
		memcpy(l->elide_words[l->nelide++], json_string_value(w), json_string_length(w) + 1);
	}
	return 0;
}

static int parse_lang(const char *code, const json_t *v, struct lang_rules *l)
{
	if (strlen(code) >= sizeof(l->code))
		return -1;
	memcpy(l->code, code, strlen(code) + 1);
	if (!json_is_object(v) || parse_plural(json_object_get(v, "plural"), l) < 0 ||
	    parse_number(json_object_get(v, "number"), l) < 0 ||
	    copy_str(v, "date", l->date, PATTERN_MAX, true) < 0 ||
	    copy_str(v, "day_one", l->day_one, SEP_MAX, false) < 0 ||
	    parse_elision(json_object_get(v, "elision"), l) < 0)
		return -1;
	return 0;
}

int l10n_load(char *err, size_t errlen)
{
	if (loaded)
		return 0;
	const struct embed_file *f = embed_find(L10N_FILE);
	if (!f) {
		snprintf(err, errlen, "%s: not embedded", L10N_FILE);
		return -1;
	}
	json_error_t jerr;
	json_t *root = json_loadb(f->data, f->len, 0, &jerr);
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s:%d: %s", L10N_FILE, jerr.line, jerr.text);
		json_decref(root);
		return -1;
	}
	const char *code;
	json_t *v;
	nlangs = 0;
	json_object_foreach(root, code, v) {
		if (code[0] == '_')
			continue; /* "_comment" */
		if (nlangs == LANGS_MAX || parse_lang(code, v, &langs[nlangs]) < 0) {
			snprintf(err, errlen, "%s: the entry \"%.16s\" is malformed", L10N_FILE, code);
			json_decref(root);
			nlangs = 0;
			return -1;
		}
		nlangs++;
	}
	json_decref(root);
	loaded = true;
	return 0;
}

/* ---- lookups ------------------------------------------------------------ */

static const struct lang_rules *find(const char *locale)
{
	if (!locale)
		return NULL;
	for (size_t i = 0; i < nlangs; i++)
		if (strcasecmp(langs[i].code, locale) == 0)
			return &langs[i];
	size_t primary = strcspn(locale, "-_");
	for (size_t i = 0; i < nlangs; i++)
		if (strlen(langs[i].code) == primary && strncasecmp(langs[i].code, locale, primary) == 0)
			return &langs[i];
	return NULL;
}

static const struct lang_rules *rules_for(const char *locale)
{
	const struct lang_rules *l = find(locale);
	return l ? l : &english;
}

int l10n_nplurals(const char *locale)
{
	const struct lang_rules *l = find(locale);
	return l ? l->nplurals : 0;
}

static bool cond_holds(const struct cond *c, long long n)
{
	long long x = c->mod ? n % c->mod : n;
	bool in = x >= c->lo && x <= c->hi;
	return in != c->negate;
}

int l10n_plural(const char *locale, long long n)
{
	const struct lang_rules *l = rules_for(locale);
	if (n < 0)
		n = n == LLONG_MIN ? LLONG_MAX : -n;
	for (int i = 0; i < l->nrules; i++) {
		const struct prule *r = &l->rules[i];
		bool all = true;
		for (int k = 0; all && k < r->nconds; k++)
			all = cond_holds(&r->conds[k], n);
		if (all)
			return r->form;
	}
	return l->nplurals - 1;
}

static void put_digits(const struct lang_rules *l, const char *s, size_t len, struct buf *out)
{
	for (size_t i = 0; i < len; i++) {
		if (l->digits[0][0] && s[i] >= '0' && s[i] <= '9')
			buf_puts(out, l->digits[s[i] - '0']);
		else
			buf_putc(out, s[i]);
	}
}

void l10n_number(const char *locale, double v, int decimals, struct buf *out)
{
	const struct lang_rules *l = rules_for(locale);
	if (decimals < 0)
		decimals = 0;
	if (decimals > DECIMALS_MAX)
		decimals = DECIMALS_MAX;
	if (!isfinite(v)) {
		buf_puts(out, "–");
		return;
	}
	char tmp[64];
	int n = snprintf(tmp, sizeof(tmp), "%.*f", decimals, fabs(v));
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		buf_puts(out, "–");
		return;
	}
	const char *dot = strchr(tmp, '.');
	size_t ilen = dot ? (size_t)(dot - tmp) : (size_t)n;
	bool zero = strspn(tmp, "0.") == (size_t)n;
	if (v < 0 && !zero)
		buf_putc(out, '-');
	/* Groups of three from the right, once the number has min_grouping
	 * digits beyond the first group (Spanish writes 1000, 10.000). */
	bool group = ilen >= (size_t)(3 + l->min_grouping);
	for (size_t i = 0; i < ilen; i++) {
		if (group && i > 0 && (ilen - i) % 3 == 0)
			buf_puts(out, l->group);
		put_digits(l, tmp + i, 1, out);
	}
	if (dot) {
		buf_puts(out, l->decimal);
		put_digits(l, dot + 1, strlen(dot + 1), out);
	}
}

void l10n_percent(const char *locale, double v, int decimals, struct buf *out)
{
	l10n_number(locale, v, decimals, out);
	buf_puts(out, rules_for(locale)->percent);
}

void l10n_date(const char *locale, int y, int m, int d, const char *month_name,
               struct buf *out)
{
	const struct lang_rules *l = rules_for(locale);
	for (const char *p = l->date; *p; p++) {
		char num[16];
		const char *field = NULL;
		if (strncmp(p, "{d}", 3) == 0) {
			snprintf(num, sizeof(num), "%d", d);
			field = d == 1 && l->day_one[0] ? l->day_one : num;
			p += 2;
		} else if (strncmp(p, "{m}", 3) == 0) {
			snprintf(num, sizeof(num), "%d", m);
			field = num;
			p += 2;
		} else if (strncmp(p, "{y}", 3) == 0) {
			snprintf(num, sizeof(num), "%d", y);
			field = num;
			p += 2;
		} else if (strncmp(p, "{month}", 7) == 0) {
			field = month_name;
			p += 6;
		}
		if (!field)
			buf_putc(out, *p);
		else if (field == month_name)
			buf_puts(out, field);
		else
			put_digits(l, field, strlen(field), out);
	}
}

/* True when s starts with one of the letters of set (UTF-8 characters). */
static bool starts_with_one_of(const char *s, const char *set)
{
	size_t n = 1;
	while (s[0] && s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	for (const char *p = set; s[0] && *p;) {
		size_t m = 1;
		while (p[m] && ((unsigned char)p[m] & 0xC0) == 0x80)
			m++;
		if (m == n && memcmp(p, s, n) == 0)
			return true;
		p += m;
	}
	return false;
}

void l10n_elide(const char *locale, struct buf *b, const char *next)
{
	const struct lang_rules *l = find(locale);
	if (!l || !l->nelide || !next || !starts_with_one_of(next, l->vowels))
		return;
	for (int i = 0; i < l->nelide; i++) {
		size_t wl = strlen(l->elide_words[i]);
		if (b->len < wl + 1 || b->data[b->len - 1] != ' ')
			continue;
		size_t at = b->len - 1 - wl;  /* where the word starts */
		bool word_start = at == 0 || b->data[at - 1] == ' ' || b->data[at - 1] == '(';
		/* The word as written, or with a capital ("De" opening a sentence). */
		bool same = strncmp(b->data + at + 1, l->elide_words[i] + 1, wl - 1) == 0 &&
		            (b->data[at] == l->elide_words[i][0] ||
		             b->data[at] == l->elide_words[i][0] - 'a' + 'A');
		if (word_start && same) {
			b->len -= 2;               /* its last vowel and the space */
			buf_putc(b, '\'');
			return;
		}
	}
}

json_t *l10n_lead_in(const char *locale, const char *text, const char *next)
{
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	buf_puts(&b, text ? text : "");
	buf_putc(&b, ' ');
	l10n_elide(locale, &b, next);
	json_t *s = json_stringn(b.data ? b.data : "", b.len);
	buf_release(&b);
	return s;
}
