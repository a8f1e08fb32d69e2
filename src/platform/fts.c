/* fts.c — words cut, folded and stemmed for the full-text index and for
 * queries; queries written in FTS5's and PostgreSQL's syntax; excerpts.
 * See fts.h for the rules; this file is how they are kept.
 *
 * A word's terms: the folded word, then (with a stemmer) the stem of the
 * folded word and the folded stem of the lower-cased word, each kept once.
 * A term is "sanitised" last: ASCII that is not a letter or digit (the
 * apostrophe text_fold writes for ’) is dropped, and it is cut to
 * FTS_TERM_MAX bytes at a character boundary. */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "fts.h"
#include "text.h"
#include "util.h"

#define WORD_RAW_MAX 256 /* bytes of one word read; the rest of a longer one is ignored */

/* ---- Characters ----------------------------------------------------------- */

enum cls { SEP, WORD, CJK };

struct range {
	uint32_t first, last;
};

/* Separators outside ASCII: punctuation, symbols, spaces, private use. */
static const struct range separators[] = {
	{0x0080, 0x00A9}, {0x00AB, 0x00B4}, {0x00B6, 0x00B9}, {0x00BB, 0x00BF},
	{0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x02BC, 0x02BC}, {0x037E, 0x037E},
	{0x0387, 0x0387}, {0x055A, 0x055F}, {0x0589, 0x058A}, {0x05BE, 0x05BE},
	{0x05C0, 0x05C0}, {0x05F3, 0x05F4}, {0x060C, 0x060D}, {0x061B, 0x061F},
	{0x066A, 0x066D}, {0x06D4, 0x06D4}, {0x0964, 0x0965}, {0x2000, 0x2BFF},
	{0x2E00, 0x2E7F}, {0x3000, 0x303F}, {0xE000, 0xF8FF}, {0xFE10, 0xFE1F},
	{0xFE30, 0xFE6F}, {0xFEFF, 0xFEFF}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20},
	{0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FFFF},
	{0xE0000, 0x10FFFF},
};

/* Chinese ideographs and Japanese kana: no spaces between words. */
static const struct range cjk[] = {
	{0x3040, 0x30FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
	{0xF900, 0xFAFF}, {0x20000, 0x2FFFF},
};

static bool in(const struct range *r, size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].first && cp <= r[i].last)
			return true;
	return false;
}

static enum cls classify(uint32_t cp)
{
	if (cp < 0x80)
		return isalnum((int)cp) ? WORD : SEP;
	if (in(cjk, ARRAY_LEN(cjk), cp))
		return CJK;
	return in(separators, ARRAY_LEN(separators), cp) ? SEP : WORD;
}

/* The next span of s[*pos..len): a word, a run of CJK characters, or a run
 * of separators (and invalid bytes). Returns false at the end. */
static bool next_span(const char *s, size_t len, size_t *pos, size_t *start, size_t *end,
                      enum cls *kind)
{
	if (*pos >= len)
		return false;
	*start = *pos;
	enum cls first = SEP;
	size_t i = *pos;
	bool have = false;
	while (i < len) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		enum cls c = n ? classify(cp) : SEP;
		if (!have) {
			first = c;
			have = true;
		} else if (c != first) {
			break;
		}
		i += n ? n : 1;
	}
	*pos = *end = i;
	*kind = first;
	return true;
}

/* ---- Stemmers --------------------------------------------------------------- */

static const struct {
	const char *code, *algorithm;
} stemmer_langs[] = {
	{"en", "english"}, {"fr", "french"}, {"es", "spanish"}, {"ar", "arabic"}, {"ru", "russian"},
};
#define NSTEMMERS ARRAY_LEN(stemmer_langs)

struct stemmers {
	struct sb_stemmer *s[NSTEMMERS];
};

static pthread_key_t stem_key;
static pthread_once_t stem_once = PTHREAD_ONCE_INIT;

static void stemmers_free(void *p)
{
	struct stemmers *st = p;
	for (size_t i = 0; i < NSTEMMERS; i++)
		if (st->s[i])
			sb_stemmer_delete(st->s[i]);
	free(st);
}

static void stem_key_init(void)
{
	if (pthread_key_create(&stem_key, stemmers_free) != 0)
		abort(); /* defensive: only fails when the process is out of keys */
}

/* Index of lang's stemmer ("fr", "fr-CA", "FR"), or -1. */
static int stemmer_index(const char *lang)
{
	if (!lang || strlen(lang) < 2 || (lang[2] && lang[2] != '-' && lang[2] != '_'))
		return -1;
	for (size_t i = 0; i < NSTEMMERS; i++)
		if (tolower((unsigned char)lang[0]) == stemmer_langs[i].code[0] &&
		    tolower((unsigned char)lang[1]) == stemmer_langs[i].code[1])
			return (int)i;
	return -1;
}

/* This thread's stemmer number i, created on first use. */
static struct sb_stemmer *stemmer(int i)
{
	pthread_once(&stem_once, stem_key_init);
	struct stemmers *st = pthread_getspecific(stem_key);
	if (!st) {
		st = xcalloc(1, sizeof *st);
		if (pthread_setspecific(stem_key, st) != 0)
			abort(); /* defensive: the key exists */
	}
	if (!st->s[i])
		st->s[i] = sb_stemmer_new(stemmer_langs[i].algorithm, "UTF_8");
	return st->s[i];
}

/* ---- Terms ---------------------------------------------------------------- */

/* Cuts to FTS_TERM_MAX bytes and drops ASCII that is neither a letter nor a
 * digit, into term (FTS_TERM_MAX + 1 bytes). */
static void sanitise(const char *s, size_t len, char *term)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (i + k > len)
			break;
		if (c < 0x80 && !isalnum(c)) {
			i++;
			continue;
		}
		if (n + k > FTS_TERM_MAX)
			break;
		memcpy(term + n, s + i, k);
		n += k;
		i += k;
	}
	term[n] = '\0';
}

/* Adds term to forms unless empty or already there; false when full. */
static bool add_form(char forms[][FTS_TERM_MAX + 1], size_t *n, size_t max, const char *term)
{
	if (!*term)
		return true;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(forms[i], term) == 0)
			return true;
	if (*n == max)
		return false;
	memcpy(forms[(*n)++], term, strlen(term) + 1);
	return true;
}

/* The folded form of a word, sanitised. */
static void fold_term(const char *w, size_t len, char *term)
{
	struct buf b;
	buf_init(&b, 8 * WORD_RAW_MAX);
	text_fold(w, len, &b);
	sanitise(b.data ? b.data : "", b.len, term);
	buf_release(&b);
}

/* Adds the stems of the word w (folded: folded) by stemmer i to forms. */
static void add_stems(int i, const char *w, size_t len, const char *folded,
                      char forms[][FTS_TERM_MAX + 1], size_t *n, size_t max)
{
	struct sb_stemmer *st = stemmer(i);
	if (!st)
		return;
	char term[FTS_TERM_MAX + 1];
	const sb_symbol *out = sb_stemmer_stem(st, (const sb_symbol *)folded, (int)strlen(folded));
	if (out) {
		sanitise((const char *)out, (size_t)sb_stemmer_length(st), term);
		add_form(forms, n, max, term);
	}
	struct buf lower;
	buf_init(&lower, 4 * WORD_RAW_MAX);
	text_lower(w, len, &lower);
	out = lower.len ? sb_stemmer_stem(st, (const sb_symbol *)lower.data, (int)lower.len) : NULL;
	if (out) {
		fold_term((const char *)out, (size_t)sb_stemmer_length(st), term);
		add_form(forms, n, max, term);
	}
	buf_release(&lower);
}

/* The forms of one word: folded, then stems (one language, or all when
 * lang_index is -2). Returns the count. */
static size_t word_forms(const char *w, size_t len, int lang_index,
                         char forms[FTS_MAX_FORMS][FTS_TERM_MAX + 1])
{
	if (len > WORD_RAW_MAX)
		len = WORD_RAW_MAX;
	size_t n = 0;
	char folded[FTS_TERM_MAX + 1];
	fold_term(w, len, folded);
	if (!*folded)
		return 0;
	add_form(forms, &n, FTS_MAX_FORMS, folded);
	for (int i = 0; i < (int)NSTEMMERS; i++)
		if (lang_index == -2 || i == lang_index)
			add_stems(i, w, len, folded, forms, &n, FTS_MAX_FORMS);
	return n;
}

/* The byte offsets of the first max code points of a CJK run, and in
 * offs[n] the offset just past the last one (offs holds max + 1). Returns
 * the count n. */
static size_t cjk_chars(const char *s, size_t len, size_t *offs, size_t max)
{
	size_t n = 0, i = 0;
	while (i < len && n < max) {
		uint32_t cp;
		size_t k = text_decode(s + i, len - i, &cp);
		offs[n++] = i;
		i += k ? k : 1;
	}
	offs[n] = i;
	return n;
}

int fts_terms(const char *text, size_t len, const char *lang, struct buf *out)
{
	int li = stemmer_index(lang);
	size_t pos = 0, a, b;
	enum cls kind;
	char forms[FTS_MAX_FORMS][FTS_TERM_MAX + 1];
	while (next_span(text, len, &pos, &a, &b, &kind)) {
		if (kind == WORD) {
			size_t n = word_forms(text + a, b - a, li, forms);
			for (size_t i = 0; i < n; i++) {
				buf_puts(out, forms[i]);
				buf_putc(out, ' ');
			}
		} else if (kind == CJK) {
			/* bigrams, in slices so that a long run needs no big array */
			size_t offs[65];
			for (size_t s = a; s < b;) {
				size_t n = cjk_chars(text + s, b - s, offs, 64);
				if (n == 1 && s == a) {
					buf_append(out, text + s, offs[1]);
					buf_putc(out, ' ');
				}
				for (size_t i = 0; i + 1 < n; i++) {
					buf_append(out, text + s + offs[i], offs[i + 2] - offs[i]);
					buf_putc(out, ' ');
				}
				if (n < 64)
					break;
				s += offs[n - 1]; /* the next slice starts at this one's last character */
			}
		}
	}
	return out->overflow ? -1 : 0;
}

/* ---- Queries -------------------------------------------------------------- */

void fts_query_parse(const char *q, struct fts_query *out)
{
	memset(out, 0, sizeof *out);
	if (!q)
		return;
	size_t len = strnlen(q, FTS_QUERY_MAX);
	size_t pos = 0, a, b;
	enum cls kind;
	while (out->nwords < FTS_MAX_WORDS && next_span(q, len, &pos, &a, &b, &kind)) {
		if (kind == WORD) {
			struct fts_word *w = &out->words[out->nwords];
			w->prefix = b < len && q[b] == '*';
			if (w->prefix) {
				fold_term(q + a, b - a > WORD_RAW_MAX ? WORD_RAW_MAX : b - a, w->form[0]);
				w->nforms = *w->form[0] ? 1 : 0;
			} else {
				w->nforms = word_forms(q + a, b - a, -2, w->form);
			}
			if (w->nforms)
				out->nwords++;
		} else if (kind == CJK) {
			size_t offs[FTS_MAX_WORDS + 2];
			size_t n = cjk_chars(q + a, b - a, offs, FTS_MAX_WORDS + 1);
			for (size_t i = 0; (n == 1 ? i < 1 : i + 1 < n) && out->nwords < FTS_MAX_WORDS; i++) {
				struct fts_word *w = &out->words[out->nwords++];
				size_t end = n == 1 ? offs[1] : offs[i + 2];
				size_t k = end - offs[i];
				memcpy(w->form[0], q + a + offs[i], k);
				w->form[0][k] = '\0';
				w->nforms = 1;
				w->prefix = n == 1; /* a lone character: the bigrams it starts */
			}
		}
	}
}

/* Writes the query with the given quote, OR and AND words, prefix mark. */
static int query_write(const struct fts_query *q, struct buf *out, char quote, const char *or_,
                       const char *and_, const char *prefix)
{
	for (size_t i = 0; i < q->nwords; i++) {
		const struct fts_word *w = &q->words[i];
		if (i)
			buf_puts(out, and_);
		buf_putc(out, '(');
		for (size_t j = 0; j < w->nforms; j++) {
			if (j)
				buf_puts(out, or_);
			buf_putc(out, quote);
			buf_puts(out, w->form[j]);
			buf_putc(out, quote);
			if (w->prefix)
				buf_puts(out, prefix);
		}
		buf_putc(out, ')');
	}
	return out->overflow ? -1 : 0;
}

int fts_query_fts5(const struct fts_query *q, struct buf *out)
{
	return query_write(q, out, '"', " OR ", " AND ", "*");
}

int fts_query_tsquery(const struct fts_query *q, struct buf *out)
{
	return query_write(q, out, '\'', " | ", " & ", ":*");
}

/* Appends 'term':posW for each term of terms, positions from *pos. */
static void vector_terms(const char *terms, char weight, int *pos, struct buf *out)
{
	const char *p = terms ? terms : "";
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n) {
			buf_printf(out, "'%.*s':%d", (int)n, p, *pos);
			if (weight != 'D')
				buf_putc(out, weight);
			buf_putc(out, ' ');
			if (*pos < 16383)
				(*pos)++;
		}
		p += n + (e ? 1 : 0);
	}
}

int fts_tsvector(const char *title_terms, const char *body_terms, struct buf *out)
{
	int pos = 1;
	vector_terms(title_terms, 'A', &pos, out);
	vector_terms(body_terms, 'D', &pos, out);
	return out->overflow ? -1 : 0;
}

/* ---- Excerpts --------------------------------------------------------------- */

static bool term_matches(const char *term, const struct fts_query *q)
{
	for (size_t i = 0; i < q->nwords; i++)
		for (size_t j = 0; j < q->words[i].nforms; j++) {
			const char *f = q->words[i].form[j];
			if (q->words[i].prefix ? strncmp(term, f, strlen(f)) == 0 : strcmp(term, f) == 0)
				return true;
		}
	return false;
}

struct piece {
	size_t start, end;
	bool hit;
};

/* Cuts text into pieces (words, CJK characters, separators) and marks the
 * hits. Returns the count; *pieces is the caller's to free. */
static size_t pieces_of(const char *text, size_t len, int li, const struct fts_query *q,
                        struct piece **pieces)
{
	size_t n = 0, cap = 64;
	struct piece *p = xmalloc(cap * sizeof *p);
	size_t pos = 0, a, b;
	enum cls kind;
	char forms[FTS_MAX_FORMS][FTS_TERM_MAX + 1];
	while (next_span(text, len, &pos, &a, &b, &kind)) {
		size_t offs[65];
		size_t nc = 1;
		if (kind == CJK)
			nc = cjk_chars(text + a, b - a, offs, 64);
		if (n + nc + 1 > cap) {
			cap = 2 * (n + nc + 1);
			p = xrealloc(p, cap * sizeof *p);
		}
		if (kind != CJK) {
			bool hit = false;
			if (kind == WORD) {
				size_t nf = word_forms(text + a, b - a, li, forms);
				for (size_t i = 0; i < nf && !hit; i++)
					hit = term_matches(forms[i], q);
			}
			p[n++] = (struct piece){a, b, hit};
			continue;
		}
		size_t first = n;
		for (size_t i = 0; i < nc; i++)
			p[n++] = (struct piece){a + offs[i], a + offs[i + 1], false};
		p[n - 1].end = b; /* past 64 characters, the rest of the run, unmarked */
		for (size_t i = first; i < n; i++) {
			char gram[16];
			size_t end = i + 1 < n ? p[i + 1].end : p[i].end;
			size_t k = end - p[i].start;
			if (k >= sizeof gram)
				continue;
			memcpy(gram, text + p[i].start, k);
			gram[k] = '\0';
			if (term_matches(gram, q)) {
				p[i].hit = true;
				if (i + 1 < n)
					p[i + 1].hit = true;
			}
		}
	}
	*pieces = p;
	return n;
}

static size_t chars(const char *s, size_t start, size_t end)
{
	size_t n = 0;
	for (size_t i = start; i < end; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static void add_piece(json_t *arr, const char *s, size_t len, bool hit)
{
	if (!len)
		return;
	json_t *last = json_array_size(arr) ? json_array_get(arr, json_array_size(arr) - 1) : NULL;
	if (last && !hit && !json_is_true(json_object_get(last, "hit"))) {
		json_t *t = json_object_get(last, "text");
		struct buf b;
		buf_init(&b, BUF_MAX_LINE);
		buf_puts(&b, json_string_value(t));
		buf_append(&b, s, len);
		json_object_set_new(last, "text", json_stringn(b.data, b.len));
		buf_release(&b);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "text", json_stringn(s, len));
	json_object_set_new(o, "hit", json_boolean(hit));
	json_array_append_new(arr, o);
}

json_t *fts_excerpt(const char *text, const char *lang, const struct fts_query *q,
                    size_t max_chars, bool *found)
{
	json_t *arr = json_array();
	*found = false;
	if (!text)
		return arr;
	size_t len = strlen(text);
	if (!utf8_valid(text, len))
		return arr; /* defensive: stored text was checked on the way in */
	struct piece *p;
	size_t n = pieces_of(text, len, stemmer_index(lang), q, &p);
	size_t hit = 0;
	while (hit < n && !p[hit].hit)
		hit++;
	*found = hit < n;
	size_t first = 0;
	if (*found) {
		/* about a third of the room before the first hit */
		size_t room = max_chars / 3, used = 0;
		first = hit;
		while (first > 0 && used + chars(text, p[first - 1].start, p[first - 1].end) <= room) {
			used += chars(text, p[first - 1].start, p[first - 1].end);
			first--;
		}
	}
	if (first > 0)
		add_piece(arr, "…", strlen("…"), false);
	size_t used = 0, i = first;
	for (; i < n; i++) {
		size_t c = chars(text, p[i].start, p[i].end);
		if (used + c > max_chars && i > first)
			break;
		used += c;
		add_piece(arr, text + p[i].start, p[i].end - p[i].start, p[i].hit);
	}
	if (i < n)
		add_piece(arr, "…", strlen("…"), false);
	free(p);
	return arr;
}

/* ---- Names ---------------------------------------------------------------- */

int fts_squeeze(const char *s, size_t len, struct buf *out)
{
	size_t pos = 0, a, b;
	enum cls kind;
	while (next_span(s, len, &pos, &a, &b, &kind)) {
		if (kind == SEP)
			continue;
		struct buf f;
		buf_init(&f, 8 * (b - a) + 8);
		text_fold(s + a, b - a, &f);
		for (size_t i = 0; i < f.len; i++) {
			unsigned char c = (unsigned char)f.data[i];
			if (c >= 0x80 || isalnum(c))
				buf_putc(out, (char)c);
		}
		buf_release(&f);
	}
	return out->overflow ? -1 : 0;
}

int fts_name_keys(const char *name, struct buf *out)
{
	size_t len = strlen(name), pos = 0, a, b;
	enum cls kind;
	bool first = true;
	while (next_span(name, len, &pos, &a, &b, &kind)) {
		if (kind == SEP)
			continue;
		buf_puts(out, first ? "|^" : "|~");
		fts_squeeze(name + a, len - a, out);
		buf_putc(out, '|');
		first = false;
	}
	return out->overflow ? -1 : 0;
}
