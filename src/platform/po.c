/* po.c — a gettext .po catalog: the parser, and the hash table it fills.
 *
 * A catalog is an open-addressing hash table from msgid (or
 * "msgctxt\004msgid", as gettext keys it) to msgstr, built once by the
 * parser and read-only afterwards. The parser reads line by line, keeping
 * the entry being read in struct po_parser; an entry ends when the next one
 * begins (a comment, msgctxt or msgid after a msgstr) or at the end. */
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "langtag.h"
#include "po.h"
#include "text.h"
#include "util.h"

#define PO_STRING_MAX 65536    /* bytes in one msgid or msgstr */

struct entry {
	char *key;             /* msgid, or msgctxt "\004" msgid; NULL: empty slot */
	size_t keylen;
	char *str;             /* msgstr; "" when not translated yet. A plural
	                        * entry's msgstr[0..nforms-1], each NUL-ended */
	size_t nforms;         /* 0: not a plural entry */
	uint64_t hash;
};

struct po_catalog {
	char *lang;
	struct entry *slots;
	size_t mask;           /* slot count - 1; the count is a power of two */
	size_t count;
	int nplurals;          /* the header's Plural-Forms nplurals; 0: none */
};

/* ---- the hash table ----------------------------------------------------- */

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
static struct entry *slot_for(const struct po_catalog *cat, uint64_t h, const char *ctxt,
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

static struct po_catalog *catalog_new(const char *lang)
{
	struct po_catalog *cat = xcalloc(1, sizeof(*cat));
	cat->lang = xstrdup(lang);
	cat->mask = 63;
	cat->slots = xcalloc(cat->mask + 1, sizeof(*cat->slots));
	return cat;
}

void po_free(struct po_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i <= cat->mask; i++) {
		free(cat->slots[i].key);
		free(cat->slots[i].str);
	}
	free(cat->slots);
	free(cat->lang);
	free(cat);
}

/* Doubles the table; keeps the load under one half so probes stay short. */
static void catalog_grow(struct po_catalog *cat)
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
static int catalog_add(struct po_catalog *cat, const struct buf *ctxt, const struct buf *id,
                       const struct buf *str, size_t nforms)
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
	e->str = xmalloc(str->len + 1);
	memcpy(e->str, buf_str(str), str->len + 1);
	e->nforms = nforms;
	e->hash = h;
	cat->count++;
	return 0;
}

const char *po_lookup(const struct po_catalog *cat, const char *ctxt, const char *id)
{
	size_t clen = ctxt ? strlen(ctxt) : 0, idlen = strlen(id);
	uint64_t h = key_hash(ctxt, clen, id, idlen);
	const struct entry *e = slot_for(cat, h, ctxt, clen, id, idlen);
	return e->key && e->str[0] ? e->str : NULL;
}

const char *po_lookup_plural(const struct po_catalog *cat, const char *ctxt, const char *id,
                             int form)
{
	size_t clen = ctxt ? strlen(ctxt) : 0, idlen = strlen(id);
	uint64_t h = key_hash(ctxt, clen, id, idlen);
	const struct entry *e = slot_for(cat, h, ctxt, clen, id, idlen);
	if (!e->key || form < 0 || (size_t)form >= e->nforms)
		return NULL;
	const char *s = e->str;
	for (int i = 0; i < form; i++)
		s += strlen(s) + 1;
	return s[0] ? s : NULL;
}

int po_nplurals(const struct po_catalog *cat)
{
	return cat->nplurals;
}

/* ---- the .po parser ----------------------------------------------------- */

enum po_field { F_NONE, F_CTXT, F_ID, F_PLURAL, F_STR, F_STRN };

struct po_parser {
	const char *file;      /* "po/fr.po", for messages */
	const char *lang;
	struct po_catalog *cat;
	char *err;
	size_t errlen;
	int line;
	/* The entry being read. */
	struct buf ctxt, id, str, scratch;
	bool has_ctxt, has_id, has_plural, has_str, fuzzy;
	size_t nforms;         /* msgstr[N] read in this entry */
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
	ps->nforms = 0;
	ps->last = F_NONE;
}

/* Checks one header field ("Language: fr", "Content-Type: …; charset=…"). */
static int header_field(struct po_parser *ps, const char *name, size_t nlen, const char *val,
                        size_t vlen)
{
	if (nlen == 8 && strncasecmp(name, "Language", 8) == 0) {
		if (vlen > 0 && !langtag_names(val, vlen, ps->lang))
			return po_fail(ps, ps->entry_line, "Language \"%.*s\" does not match the file name",
			               (int)(vlen > LANGTAG_MAX ? LANGTAG_MAX : vlen), val);
	} else if (nlen == 12 && strncasecmp(name, "Content-Type", 12) == 0) {
		const char *cs = strcasestr(val, "charset=");
		if (cs && (size_t)(cs - val) < vlen && strncasecmp(cs + 8, "UTF-8", 5) != 0)
			return po_fail(ps, ps->entry_line, "charset must be UTF-8");
	} else if (nlen == 12 && strncasecmp(name, "Plural-Forms", 12) == 0) {
		const char *np = strstr(val, "nplurals=");
		if (!np || (size_t)(np - val) >= vlen || np[9] < '1' || np[9] > '6' ||
		    (np[10] >= '0' && np[10] <= '9'))
			return po_fail(ps, ps->entry_line, "Plural-Forms needs nplurals=1..6");
		ps->cat->nplurals = np[9] - '0';
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
	} else if (ps->fuzzy) {
		r = 0; /* a guess nobody checked */
	} else if (ps->has_plural && ps->cat->nplurals && ps->nforms != (size_t)ps->cat->nplurals) {
		r = po_fail(ps, ps->entry_line, "%zu plural forms, Plural-Forms says nplurals=%d",
		            ps->nforms, ps->cat->nplurals);
	} else if (catalog_add(ps->cat, ps->has_ctxt ? &ps->ctxt : NULL, &ps->id, &ps->str,
	                       ps->has_plural ? ps->nforms : 0) < 0) {
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
	case F_STRN: return &ps->str; /* the forms one after the other, NUL between */
	default: return &ps->scratch; /* msgid_plural: read, checked, dropped (the
	                               * key is the singular msgid, as in gettext) */
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
	case F_STRN: {
		if (!ps->has_plural)
			return po_fail(ps, ps->line, "msgstr[N] without msgid_plural");
		p++;
		size_t idx = 0;
		while (p < end && *p >= '0' && *p <= '9' && idx < 100)
			idx = idx * 10 + (size_t)(*p++ - '0');
		if (p == end || *p != ']' || p[-1] == '[')
			return po_fail(ps, ps->line, "msgstr[N] needs a number and ]");
		if (idx != ps->nforms)
			return po_fail(ps, ps->line, "msgstr[%zu] where msgstr[%zu] was expected", idx,
			               ps->nforms);
		p++;
		ps->has_str = true;
		ps->last = f;
		/* The forms are kept one after the other, each ended by a NUL. */
		if (ps->nforms++ > 0 && buf_putc(&ps->str, '\0') < 0)
			return po_fail(ps, ps->line, "string longer than %d bytes", PO_STRING_MAX);
		return parse_string(ps, p, end, &ps->str);
	}
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

/* ---- the catalog -------------------------------------------------------- */

struct po_catalog *po_parse(const char *file, const char *lang, const char *text, size_t len,
                            char *err, size_t errlen)
{
	assert(file && lang && langtag_valid(lang, strlen(lang)));
	struct po_parser ps = {.file = file, .lang = lang, .err = err, .errlen = errlen};
	buf_init(&ps.ctxt, PO_STRING_MAX);
	buf_init(&ps.id, PO_STRING_MAX);
	buf_init(&ps.str, PO_STRING_MAX);
	buf_init(&ps.scratch, PO_STRING_MAX);
	ps.cat = catalog_new(lang);
	int r = parse_po(&ps, text, len);
	buf_release(&ps.ctxt);
	buf_release(&ps.id);
	buf_release(&ps.str);
	buf_release(&ps.scratch);
	if (r < 0) {
		po_free(ps.cat);
		return NULL;
	}
	return ps.cat;
}

const char *po_lang(const struct po_catalog *cat)
{
	return cat->lang;
}
