/* i18n.c — gettext .po catalogs parsed from the binary, lookup, negotiation.
 *
 * Each embedded po/LANG.po becomes one catalog: an open-addressing hash
 * table from msgid (or "msgctxt\004msgid", as gettext keys it) to msgstr.
 * Catalogs are built once at start and never change afterwards, so lookups
 * from many threads need no locking. The parser follows the PO format as
 * GNU gettext writes it: comments, flags ("#, fuzzy" entries are skipped),
 * msgctxt, strings continued over several lines, C escapes; anything else
 * is an error naming the file and line, so a broken catalog stops the
 * program at start rather than showing English to French readers.
 *
 * Negotiation works on the codes of the loaded catalogs only: a request can
 * never select a locale that has no catalog. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "embed.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#define LANG_MAX 16            /* bytes in a catalog's code, with the NUL */
#define CATALOGS_MAX 32        /* far more than the UN's six languages */
#define PO_STRING_MAX 65536    /* bytes in one msgid or msgstr */
#define TAG_MAX 64             /* longest language tag worth matching */
#define ACCEPT_RANGES_MAX 64   /* Accept-Language ranges read; the rest ignored */
#define QVALUE_ONE 1000        /* q-values in thousandths */

struct entry {
	char *key;             /* msgid, or msgctxt "\004" msgid; NULL: empty slot */
	size_t keylen;
	char *str;             /* msgstr; "" when not translated yet */
	uint64_t hash;
};

struct catalog {
	char lang[LANG_MAX];
	struct entry *slots;
	size_t mask;           /* slot count - 1; the count is a power of two */
	size_t count;
};

/* Written only by i18n_load, i18n_load_text and i18n_free (before threads
 * start, or in tests); read-only everywhere else. Kept sorted by code. */
static struct catalog *catalogs[CATALOGS_MAX];
static size_t ncatalogs;
static const char *locale_list[CATALOGS_MAX + 1];

/* ---- hash table --------------------------------------------------------- */

/* FNV-1a over the key's parts, so a msgctxt key needs no concatenation. */
static uint64_t fnv(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t key_hash(const char *ctxt, size_t clen, const char *id, size_t idlen)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	if (ctxt) {
		h = fnv(h, ctxt, clen);
		h = fnv(h, "\004", 1);
	}
	return fnv(h, id, idlen);
}

static bool key_equal(const struct entry *e, const char *ctxt, size_t clen, const char *id,
                      size_t idlen)
{
	if (!ctxt)
		return e->keylen == idlen && memcmp(e->key, id, idlen) == 0;
	return e->keylen == clen + 1 + idlen && memcmp(e->key, ctxt, clen) == 0 &&
	       e->key[clen] == '\004' && memcmp(e->key + clen + 1, id, idlen) == 0;
}

/* The slot holding this key, or the empty slot where it would go. */
static struct entry *slot_for(const struct catalog *cat, uint64_t h, const char *ctxt,
                              size_t clen, const char *id, size_t idlen)
{
	size_t i = (size_t)h & cat->mask;
	for (;;) {
		struct entry *e = &cat->slots[i];
		if (!e->key || (e->hash == h && key_equal(e, ctxt, clen, id, idlen)))
			return e;
		i = (i + 1) & cat->mask;
	}
}

static struct catalog *catalog_new(const char *lang)
{
	struct catalog *cat = xcalloc(1, sizeof(*cat));
	snprintf(cat->lang, sizeof(cat->lang), "%s", lang);
	cat->mask = 63;
	cat->slots = xcalloc(cat->mask + 1, sizeof(*cat->slots));
	return cat;
}

static void catalog_free(struct catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i <= cat->mask; i++) {
		free(cat->slots[i].key);
		free(cat->slots[i].str);
	}
	free(cat->slots);
	free(cat);
}

/* Doubles the table; keeps the load under one half so probes stay short. */
static void catalog_grow(struct catalog *cat)
{
	size_t old_n = cat->mask + 1;
	struct entry *old = cat->slots;
	cat->mask = old_n * 2 - 1;
	cat->slots = xcalloc(old_n * 2, sizeof(*cat->slots));
	for (size_t i = 0; i < old_n; i++) {
		if (!old[i].key)
			continue;
		size_t j = (size_t)old[i].hash & cat->mask;
		while (cat->slots[j].key)
			j = (j + 1) & cat->mask;
		cat->slots[j] = old[i];
	}
	free(old);
}

/* Adds a message. Returns 0, or -1 when the key is already there. */
static int catalog_add(struct catalog *cat, const struct buf *ctxt, const struct buf *id,
                       const struct buf *str)
{
	if ((cat->count + 1) * 2 > cat->mask + 1)
		catalog_grow(cat);
	const char *c = ctxt ? buf_str(ctxt) : NULL;
	size_t clen = ctxt ? ctxt->len : 0;
	uint64_t h = key_hash(c, clen, buf_str(id), id->len);
	struct entry *e = slot_for(cat, h, c, clen, buf_str(id), id->len);
	if (e->key)
		return -1;
	struct buf key;
	buf_init(&key, BUF_MAX_LINE);
	if (ctxt) {
		buf_append(&key, c, clen);
		buf_putc(&key, '\004');
	}
	buf_append(&key, buf_str(id), id->len);
	e->key = buf_detach(&key, &e->keylen);
	e->str = xstrndup(buf_str(str), str->len);
	e->hash = h;
	cat->count++;
	return 0;
}

static const char *catalog_lookup(const struct catalog *cat, const char *ctxt, const char *id)
{
	size_t clen = ctxt ? strlen(ctxt) : 0, idlen = strlen(id);
	uint64_t h = key_hash(ctxt, clen, id, idlen);
	const struct entry *e = slot_for(cat, h, ctxt, clen, id, idlen);
	return e->key && e->str[0] ? e->str : NULL;
}

/* ---- language codes ----------------------------------------------------- */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* True for a BCP 47-shaped tag: 1*8ALPHA *( ("-" / "_") 1*8alphanum ).
 * '_' is accepted because gettext names files and locales "pt_BR". */
static bool tag_valid(const char *s, size_t len)
{
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '-' || s[i] == '_') {
			if (run == 0)
				return false;
			run = 0;
		} else if (i == run ? is_alpha(s[i]) : is_alnum(s[i])) {
			/* The first subtag is letters only; the others may hold digits. */
			if (++run > 8)
				return false;
		} else {
			return false;
		}
	}
	return run > 0;
}

/* Case-insensitive comparison of a tag of len bytes with a catalog's code,
 * where '-' and '_' are the same separator. */
static bool tag_equal(const char *s, size_t len, const char *code)
{
	size_t i = 0;
	for (; i < len && code[i]; i++) {
		char a = s[i] == '_' ? '-' : s[i], b = code[i] == '_' ? '-' : code[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return i == len && code[i] == '\0';
}

/* True when code is the tag or one of its prefixes ("fr" for "fr_FR"). */
static bool tag_names(const char *s, size_t len, const char *code)
{
	while (len > 0) {
		if (tag_equal(s, len, code))
			return true;
		while (len > 0 && s[len - 1] != '-' && s[len - 1] != '_')
			len--;
		if (len > 0)
			len--;
	}
	return false;
}

static struct catalog *find_exact(const char *s, size_t len)
{
	for (size_t i = 0; i < ncatalogs; i++)
		if (tag_equal(s, len, catalogs[i]->lang))
			return catalogs[i];
	return NULL;
}

/* RFC 4647 lookup: the tag itself, then without its last subtag, and so on
 * ("zh-Hant-TW", "zh-Hant", "zh"). NULL when no catalog matches. */
static struct catalog *find_tag(const char *s, size_t len)
{
	if (!s || len > TAG_MAX || !tag_valid(s, len))
		return NULL;
	while (len > 0) {
		struct catalog *cat = find_exact(s, len);
		if (cat)
			return cat;
		while (len > 0 && s[len - 1] != '-' && s[len - 1] != '_')
			len--;
		if (len > 0)
			len--;
	}
	return NULL;
}

static struct catalog *find_code(const char *s)
{
	return s ? find_tag(s, strnlen(s, TAG_MAX + 1)) : NULL;
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

static const struct catalog *catalog_for(const char *locale)
{
	if (!locale)
		return NULL;
	for (size_t i = 0; i < ncatalogs; i++)
		if (strcasecmp(catalogs[i]->lang, locale) == 0)
			return catalogs[i];
	return NULL;
}

const char *trc(const char *locale, const char *ctxt, const char *msgid)
{
	if (!msgid)
		return "";
	const struct catalog *cat = catalog_for(locale);
	const char *s = cat ? catalog_lookup(cat, ctxt, msgid) : NULL;
	return s ? s : msgid;
}

const char *tr(const char *locale, const char *msgid)
{
	return trc(locale, NULL, msgid);
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
	while (p < end && (is_alnum(*p) || *p == '-' || *p == '_' || *p == '*'))
		p++;
	r->tag = tag;
	r->len = (size_t)(p - tag);
	r->q = QVALUE_ONE;
	if (!(r->len == 1 && *tag == '*') && (r->len > TAG_MAX || !tag_valid(tag, r->len)))
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

static bool named_by_ranges(const struct catalog *cat, const struct lang_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].tag[0] != '*' && find_tag(r[i].tag, r[i].len) == cat)
			return true;
	return false;
}

/* "*" stands for every language the header does not name: the default if it
 * is one of those, else the first such catalog. */
static struct catalog *wildcard_choice(const struct lang_range *r, size_t n, const char *dflt)
{
	struct catalog *cat = find_code(dflt);
	if (cat && !named_by_ranges(cat, r, n))
		return cat;
	for (size_t i = 0; i < ncatalogs; i++)
		if (!named_by_ranges(catalogs[i], r, n))
			return catalogs[i];
	return NULL;
}

static struct catalog *negotiate_header(const char *header, const char *dflt)
{
	struct lang_range ranges[ACCEPT_RANGES_MAX];
	size_t n = parse_accept(header, ranges);
	struct catalog *best = NULL;
	int best_q = 0;
	for (size_t i = 0; i < n; i++) {
		/* Strictly greater: among equal q-values the header's order wins. */
		if (ranges[i].q <= best_q)
			continue;
		struct catalog *cat = ranges[i].tag[0] == '*' ? wildcard_choice(ranges, n, dflt)
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
	struct catalog *cat = find_code(query_lang);
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
	return cat ? cat->lang : "en";
}

/* ---- the .po parser ----------------------------------------------------- */

enum po_field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR, F_STRN };

struct po_parser {
	const char *file;      /* "po/fr.po", for messages */
	const char *lang;
	struct catalog *cat;
	char *err;
	size_t errlen;
	int line;
	/* The entry being read. */
	struct buf ctxt, id, str, scratch;
	bool has_ctxt, has_id, has_plural, has_str, fuzzy;
	bool header_seen;
	int entry_line;
	enum po_field last;    /* which string a continuation line extends */
};

__attribute__((format(printf, 3, 4)))
static int po_fail(struct po_parser *ps, int line, const char *fmt, ...)
{
	int n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->file, line);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void entry_reset(struct po_parser *ps)
{
	buf_reset(&ps->ctxt);
	buf_reset(&ps->id);
	buf_reset(&ps->str);
	ps->has_ctxt = ps->has_id = ps->has_plural = ps->has_str = ps->fuzzy = false;
	ps->last = F_NONE;
}

/* Checks one header field ("Language: fr", "Content-Type: …; charset=…"). */
static int header_field(struct po_parser *ps, const char *name, size_t nlen, const char *val,
                        size_t vlen)
{
	if (nlen == 8 && strncasecmp(name, "Language", 8) == 0) {
		if (vlen > 0 && !tag_names(val, vlen, ps->lang))
			return po_fail(ps, ps->entry_line, "Language \"%.*s\" does not match the file name",
			               (int)(vlen > TAG_MAX ? TAG_MAX : vlen), val);
	} else if (nlen == 12 && strncasecmp(name, "Content-Type", 12) == 0) {
		const char *cs = strcasestr(val, "charset=");
		if (cs && (size_t)(cs - val) < vlen && strncasecmp(cs + 8, "UTF-8", 5) != 0)
			return po_fail(ps, ps->entry_line, "charset must be UTF-8");
	}
	return 0;
}

/* The header entry (msgid "") holds "Name: value\n" lines. */
static int parse_header(struct po_parser *ps)
{
	const char *p = buf_str(&ps->str);
	while (*p) {
		size_t len = strcspn(p, "\n");
		const char *colon = memchr(p, ':', len);
		if (colon) {
			const char *val = colon + 1;
			while (*val == ' ' || *val == '\t')
				val++;
			size_t vlen = len - (size_t)(val - p);
			while (vlen > 0 && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t'))
				vlen--;
			if (header_field(ps, p, (size_t)(colon - p), val, vlen) < 0)
				return -1;
		}
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

/* Ends the entry being read: stores it, or skips it (fuzzy, plural). */
static int entry_finish(struct po_parser *ps)
{
	if (!ps->has_ctxt && !ps->has_id)
		return 0;
	if (!ps->has_id)
		return po_fail(ps, ps->entry_line, "msgctxt without msgid");
	if (!ps->has_str)
		return po_fail(ps, ps->entry_line, "msgid without msgstr");
	bool header = !ps->has_ctxt && ps->id.len == 0;
	int r = 0;
	if (header && ps->header_seen) {
		r = po_fail(ps, ps->entry_line, "second header entry (msgid \"\")");
	} else if (header) {
		ps->header_seen = true;
		r = parse_header(ps);
	} else if (ps->fuzzy || ps->has_plural) {
		r = 0; /* fuzzy: a guess nobody checked; plural: not supported yet */
	} else if (catalog_add(ps->cat, ps->has_ctxt ? &ps->ctxt : NULL, &ps->id, &ps->str) < 0) {
		r = po_fail(ps, ps->entry_line, "duplicate message definition");
	}
	entry_reset(ps);
	return r;
}

static const struct {
	char c;
	char out;
} escapes[] = {
	{'n', '\n'}, {'t', '\t'}, {'r', '\r'}, {'"', '"'}, {'\\', '\\'},
	{'\'', '\''}, {'?', '?'}, {'a', '\a'}, {'b', '\b'}, {'f', '\f'}, {'v', '\v'},
};

static int unescape(char c, char *out)
{
	for (size_t i = 0; i < ARRAY_LEN(escapes); i++) {
		if (escapes[i].c == c) {
			*out = escapes[i].out;
			return 0;
		}
	}
	return -1;
}

/* Appends the quoted string at p (a line's rest) to out. Only blanks may
 * follow the closing quote. */
static int parse_string(struct po_parser *ps, const char *p, const char *end, struct buf *out)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p != '"')
		return po_fail(ps, ps->line, "expected a string in double quotes");
	for (p++; p < end && *p != '"'; p++) {
		char c = *p;
		if (c == '\\') {
			if (++p == end)
				break;
			if (unescape(*p, &c) < 0)
				return po_fail(ps, ps->line, "invalid escape sequence \"\\%c\"", *p);
		}
		if (buf_putc(out, c) < 0)
			return po_fail(ps, ps->line, "string longer than %d bytes", PO_STRING_MAX);
	}
	if (p == end)
		return po_fail(ps, ps->line, "unterminated string");
	for (p++; p < end; p++)
		if (*p != ' ' && *p != '\t')
			return po_fail(ps, ps->line, "unexpected text after the closing quote");
	return 0;
}

static struct buf *field_buf(struct po_parser *ps, enum po_field f)
{
	switch (f) {
	case F_CTXT: return &ps->ctxt;
	case F_ID: return &ps->id;
	case F_STR: return &ps->str;
	default: return &ps->scratch; /* plural strings: read, checked, dropped */
	}
}

/* A flags comment: "#, fuzzy, c-format". */
static void parse_flags(struct po_parser *ps, const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ',' || *p == ' ' || *p == '\t'))
			p++;
		const char *w = p;
		while (p < end && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		if (p - w == 5 && memcmp(w, "fuzzy", 5) == 0)
			ps->fuzzy = true;
	}
}

static int parse_comment(struct po_parser *ps, const char *p, const char *end)
{
	/* A comment opens the next entry's block. */
	if (ps->has_str && entry_finish(ps) < 0)
		return -1;
	if (ps->has_id || ps->has_ctxt)
		return po_fail(ps, ps->line, "comment between msgid and msgstr");
	if (end - p >= 2 && p[1] == ',')
		parse_flags(ps, p + 2, end);
	return 0;
}

/* msgctxt, msgid, msgid_plural, msgstr, msgstr[N], each with what must come
 * before it. */
static int parse_keyword(struct po_parser *ps, const char *p, const char *end)
{
	const char *w = p;
	while (p < end && ((*p >= 'a' && *p <= 'z') || *p == '_'))
		p++;
	size_t n = (size_t)(p - w);
	enum po_field f;
	if (n == 7 && memcmp(w, "msgctxt", 7) == 0)
		f = F_CTXT;
	else if (n == 5 && memcmp(w, "msgid", 5) == 0)
		f = F_ID;
	else if (n == 12 && memcmp(w, "msgid_plural", 12) == 0)
		f = F_PLURAL;
	else if (n == 6 && memcmp(w, "msgstr", 6) == 0)
		f = p < end && *p == '[' ? F_STRN : F_STR;
	else if (n > 0)
		return po_fail(ps, ps->line, "unknown keyword \"%.*s\"", (int)n, w);
	else
		return po_fail(ps, ps->line, "expected a keyword, a string or a comment");

	if ((f == F_CTXT || f == F_ID) && ps->has_str && entry_finish(ps) < 0)
		return -1;
	switch (f) {
	case F_CTXT:
		if (ps->has_ctxt || ps->has_id)
			return po_fail(ps, ps->line, "msgctxt must come first in an entry");
		ps->has_ctxt = true;
		ps->entry_line = ps->line;
		break;
	case F_ID:
		if (ps->has_id)
			return po_fail(ps, ps->entry_line, "msgid without msgstr");
		if (!ps->has_ctxt)
			ps->entry_line = ps->line;
		ps->has_id = true;
		break;
	case F_PLURAL:
		if (!ps->has_id || ps->has_plural || ps->has_str)
			return po_fail(ps, ps->line, "msgid_plural must follow msgid");
		ps->has_plural = true;
		break;
	case F_STR:
		if (!ps->has_id)
			return po_fail(ps, ps->line, "msgstr without msgid");
		if (ps->has_str)
			return po_fail(ps, ps->line, "second msgstr in one entry");
		if (ps->has_plural)
			return po_fail(ps, ps->line, "msgid_plural needs msgstr[N]");
		ps->has_str = true;
		break;
	case F_STRN:
		if (!ps->has_plural)
			return po_fail(ps, ps->line, "msgstr[N] without msgid_plural");
		p++;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		if (p == end || *p != ']' || p[-1] == '[')
			return po_fail(ps, ps->line, "msgstr[N] needs a number and ]");
		p++;
		ps->has_str = true;
		break;
	case F_NONE:
		break;
	}
	ps->last = f;
	struct buf *out = field_buf(ps, f);
	buf_reset(out);
	return parse_string(ps, p, end, out);
}

static int parse_line(struct po_parser *ps, const char *p, const char *end)
{
	if (!utf8_valid(p, (size_t)(end - p)))
		return po_fail(ps, ps->line, "invalid UTF-8 or NUL byte");
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end)
		return 0;
	if (*p == '#')
		return parse_comment(ps, p, end);
	if (*p == '"') {
		if (ps->last == F_NONE)
			return po_fail(ps, ps->line, "string without a keyword");
		return parse_string(ps, p, end, field_buf(ps, ps->last));
	}
	return parse_keyword(ps, p, end);
}

static int parse_po(struct po_parser *ps, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		ps->line++;
		const char *stop = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
		if (parse_line(ps, p, stop) < 0)
			return -1;
		p = nl ? nl + 1 : end;
	}
	return entry_finish(ps);
}

/* ---- loading ------------------------------------------------------------ */

static void locales_rebuild(void)
{
	for (size_t i = 0; i < ncatalogs; i++)
		locale_list[i] = catalogs[i]->lang;
	locale_list[ncatalogs] = NULL;
}

/* Puts cat in the sorted list, replacing one with the same code. */
static int catalog_install(struct catalog *cat)
{
	size_t i = 0;
	while (i < ncatalogs && strcasecmp(catalogs[i]->lang, cat->lang) < 0)
		i++;
	if (i < ncatalogs && strcasecmp(catalogs[i]->lang, cat->lang) == 0) {
		catalog_free(catalogs[i]);
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
	char file[TAG_MAX + 8];
	snprintf(file, sizeof(file), "po/%.*s.po", TAG_MAX, lang ? lang : "");
	if (!lang || strlen(lang) >= LANG_MAX || !tag_valid(lang, strlen(lang))) {
		snprintf(err, errlen, "%s: not a language code", file);
		return -1;
	}
	char code[LANG_MAX];
	size_t n = strlen(lang);
	for (size_t i = 0; i <= n; i++)
		code[i] = lang[i] == '_' ? '-' : lang[i];

	struct po_parser ps = {.file = file, .lang = code, .err = err, .errlen = errlen};
	buf_init(&ps.ctxt, PO_STRING_MAX);
	buf_init(&ps.id, PO_STRING_MAX);
	buf_init(&ps.str, PO_STRING_MAX);
	buf_init(&ps.scratch, PO_STRING_MAX);
	ps.cat = catalog_new(code);
	int r = parse_po(&ps, text, len);
	buf_release(&ps.ctxt);
	buf_release(&ps.id);
	buf_release(&ps.str);
	buf_release(&ps.scratch);
	if (r == 0 && catalog_install(ps.cat) < 0) {
		snprintf(err, errlen, "%s: more than %d catalogs", file, CATALOGS_MAX);
		r = -1;
	}
	if (r < 0)
		catalog_free(ps.cat);
	return r;
}

/* "po/fr.po" -> "fr"; false for anything else (po/README, po/x/y.po). */
static bool po_name(const char *name, char *code, size_t size)
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
		char code[TAG_MAX];
		if (!po_name(embed_files[i].name, code, sizeof(code)))
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
		catalog_free(catalogs[i]);
	ncatalogs = 0;
	locales_rebuild();
}
