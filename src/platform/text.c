/* text.c — strict UTF-8 validation, text fit for a log line or an XML
 * document, and the case/diacritic folding used for search.
 *
 * Folding works code point by code point, in this order:
 *   1. drop: combining marks, Arabic harakat and tatweel (a range table);
 *   2. lower case: ASCII, Greek, Cyrillic (a range table with deltas);
 *   3. an explicit sorted table (binary search) for letters that fold to
 *      something irregular: ß → ss, ё → е, ά → α, أ → ا, ’ → ' …;
 *   4. Latin blocks where each code point maps to one ASCII base letter,
 *      written as one string per block ("aaaaaa*ceeee…": index = cp - first;
 *      a non-letter means "not from this table");
 *   5. full-width ASCII to ASCII;
 * anything else (CJK, Hebrew, Devanagari …) is copied unchanged. */
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "util.h"

/* Decodes one strictly valid UTF-8 sequence (no overlongs, no surrogates,
 * at most U+10FFFF) at s[0..len). Returns its length, or 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		*cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		*cp = c & 0x0F;
		lo = c == 0xE0 ? 0xA0 : 0x80; /* E0 80..9F would be overlong */
		hi = c == 0xED ? 0x9F : 0xBF; /* ED A0..BF are surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		*cp = c & 0x07;
		lo = c == 0xF0 ? 0x90 : 0x80; /* F0 80..8F would be overlong */
		hi = c == 0xF4 ? 0x8F : 0xBF; /* above F4 8F is past U+10FFFF */
	} else {
		return 0; /* a continuation byte, C0/C1 (overlong) or F5..FF */
	}
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(u + i, len - i, &cp);
		if (!n || cp == 0)
			return false;
		i += n;
	}
	return true;
}

/* Characters that would break a message's line or reorder what follows
 * it: C0 and C1 controls, DEL, the line and paragraph separators and the
 * bidirectional embeddings, overrides and isolates. */
static bool unprintable(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int text_printable(const char *s, size_t len, size_t max, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len && i < max) {
		uint32_t cp;
		size_t n = utf8_decode(u + i, len - i, &cp);
		if (n == 1 && cp == '\\')
			buf_puts(out, "\\\\");
		else if (n && !unprintable(cp))
			buf_append(out, s + i, n);
		else if (n) /* every byte of the sequence, so it can be read back */
			for (size_t k = 0; k < n; k++)
				buf_printf(out, "\\x%02X", u[i + k]);
		else
			buf_printf(out, "\\x%02X", u[i]), n = 1;
		i += n;
	}
	if (i < len)
		buf_puts(out, "…");
	return out->overflow ? -1 : 0;
}

/* XML 1.0's production Char; utf8_decode never yields more than U+10FFFF
 * nor a surrogate. */
static bool xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

/* What replaces code point cp in an XML document (escaped or not), or NULL
 * when it goes as it is. */
static const char *xml_replacement(uint32_t cp, bool escape)
{
	if (!xml_char(cp))
		return "\xEF\xBF\xBD"; /* U+FFFD */
	if (!escape)
		return NULL;
	switch (cp) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

int text_xml(const char *s, size_t len, bool escape, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(u + i, len - i, &cp);
		/* A byte that is not valid UTF-8 is replaced like a noncharacter. */
		if (!n) {
			cp = 0xFFFE;
			n = 1;
		}
		const char *rep = xml_replacement(cp, escape);
		if (rep) {
			buf_append(out, s + start, i - start);
			buf_puts(out, rep);
			start = i + n;
		}
		i += n;
	}
	buf_append(out, s + start, len - start);
	return out->overflow ? -1 : 0;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int put_utf8(struct buf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return buf_append(out, b, n);
}

struct range {
	uint32_t first, last;
};

/* Marks that carry no letter of their own: dropped. */
static const struct range dropped[] = {
	{0x0300, 0x036F}, /* combining diacritical marks (decomposed accents) */
	{0x0640, 0x0640}, /* Arabic tatweel */
	{0x064B, 0x065F}, /* Arabic harakat: fathatan … wavy hamza below */
	{0x0670, 0x0670}, /* Arabic superscript alef */
};

/* Upper case → lower case by a fixed delta; `pairs` ranges alternate
 * upper/lower, starting with an upper case letter at `first`. */
static const struct {
	uint32_t first, last;
	int32_t delta;
	bool pairs;
} lower_ranges[] = {
	{0x0391, 0x03AB, 0x20, false}, /* Greek Α–Ϋ */
	{0x0400, 0x040F, 0x50, false}, /* Cyrillic Ѐ–Џ */
	{0x0410, 0x042F, 0x20, false}, /* Cyrillic А–Я */
	{0x0460, 0x0481, 1, true},     /* historic Cyrillic Ѡ–ҁ */
	{0x048A, 0x04BF, 1, true},     /* Ҋ–ҿ (Kazakh, Tatar, Bashkir …) */
	{0x04C1, 0x04CE, 1, true},     /* Ӂ–ӎ */
	{0x04D0, 0x04FF, 1, true},     /* Ӑ–ӿ */
};

/* Irregular folds, sorted by code point. Greek and Cyrillic entries are
 * for lower case letters (step 2 has run first); Latin has both cases. */
static const struct {
	uint32_t cp;
	const char *to;
} special[] = {
	{0x00C6, "ae"}, {0x00DE, "th"}, {0x00DF, "ss"}, {0x00E6, "ae"}, {0x00FE, "th"},
	{0x0132, "ij"}, {0x0133, "ij"}, {0x0149, "'n"}, {0x0152, "oe"}, {0x0153, "oe"},
	/* Latin Extended-B: Vietnamese ơ ư, pinyin ǎ ǐ ǒ ǔ ǖ, Romanian ș ț … */
	{0x0180, "b"}, {0x0181, "b"}, {0x0187, "c"}, {0x0188, "c"}, {0x018A, "d"},
	{0x018F, "ə"}, {0x0191, "f"}, {0x0192, "f"}, {0x0193, "g"}, {0x0197, "i"},
	{0x0198, "k"}, {0x0199, "k"}, {0x019A, "l"}, {0x019D, "n"}, {0x019E, "n"},
	{0x01A0, "o"}, {0x01A1, "o"}, {0x01AB, "t"}, {0x01AC, "t"}, {0x01AD, "t"},
	{0x01AE, "t"}, {0x01AF, "u"}, {0x01B0, "u"}, {0x01B3, "y"}, {0x01B4, "y"},
	{0x01B5, "z"}, {0x01B6, "z"},
	{0x01C4, "dz"}, {0x01C5, "dz"}, {0x01C6, "dz"}, {0x01C7, "lj"}, {0x01C8, "lj"},
	{0x01C9, "lj"}, {0x01CA, "nj"}, {0x01CB, "nj"}, {0x01CC, "nj"},
	{0x01CD, "a"}, {0x01CE, "a"}, {0x01CF, "i"}, {0x01D0, "i"}, {0x01D1, "o"},
	{0x01D2, "o"}, {0x01D3, "u"}, {0x01D4, "u"}, {0x01D5, "u"}, {0x01D6, "u"},
	{0x01D7, "u"}, {0x01D8, "u"}, {0x01D9, "u"}, {0x01DA, "u"}, {0x01DB, "u"},
	{0x01DC, "u"}, {0x01DE, "a"}, {0x01DF, "a"}, {0x01E0, "a"}, {0x01E1, "a"},
	{0x01E2, "ae"}, {0x01E3, "ae"}, {0x01E4, "g"}, {0x01E5, "g"}, {0x01E6, "g"},
	{0x01E7, "g"}, {0x01E8, "k"}, {0x01E9, "k"}, {0x01EA, "o"}, {0x01EB, "o"},
	{0x01EC, "o"}, {0x01ED, "o"}, {0x01F0, "j"}, {0x01F1, "dz"}, {0x01F2, "dz"},
	{0x01F3, "dz"}, {0x01F4, "g"}, {0x01F5, "g"}, {0x01F8, "n"}, {0x01F9, "n"},
	{0x01FA, "a"}, {0x01FB, "a"}, {0x01FC, "ae"}, {0x01FD, "ae"}, {0x01FE, "o"},
	{0x01FF, "o"}, {0x0200, "a"}, {0x0201, "a"}, {0x0202, "a"}, {0x0203, "a"},
	{0x0204, "e"}, {0x0205, "e"}, {0x0206, "e"}, {0x0207, "e"}, {0x0208, "i"},
	{0x0209, "i"}, {0x020A, "i"}, {0x020B, "i"}, {0x020C, "o"}, {0x020D, "o"},
	{0x020E, "o"}, {0x020F, "o"}, {0x0210, "r"}, {0x0211, "r"}, {0x0212, "r"},
	{0x0213, "r"}, {0x0214, "u"}, {0x0215, "u"}, {0x0216, "u"}, {0x0217, "u"},
	{0x0218, "s"}, {0x0219, "s"}, {0x021A, "t"}, {0x021B, "t"}, {0x021E, "h"},
	{0x021F, "h"}, {0x0226, "a"}, {0x0227, "a"}, {0x0228, "e"}, {0x0229, "e"},
	{0x022A, "o"}, {0x022B, "o"}, {0x022C, "o"}, {0x022D, "o"}, {0x022E, "o"},
	{0x022F, "o"}, {0x0230, "o"}, {0x0231, "o"}, {0x0232, "y"}, {0x0233, "y"},
	/* the modifier letter apostrophe */
	{0x02BC, "'"},
	/* Greek, after lower-casing: tonos and dialytika, final sigma */
	{0x0386, "α"}, {0x0388, "ε"}, {0x0389, "η"}, {0x038A, "ι"}, {0x038C, "ο"},
	{0x038E, "υ"}, {0x038F, "ω"}, {0x0390, "ι"}, {0x03AC, "α"}, {0x03AD, "ε"},
	{0x03AE, "η"}, {0x03AF, "ι"}, {0x03B0, "υ"}, {0x03C2, "σ"}, {0x03CA, "ι"},
	{0x03CB, "υ"}, {0x03CC, "ο"}, {0x03CD, "υ"}, {0x03CE, "ω"},
	/* Cyrillic, after lower-casing */
	{0x0439, "и"}, {0x0450, "е"}, {0x0451, "е"}, {0x045D, "и"},
	/* Arabic: alef with madda, hamza above/below, wasla; alef maqsura;
	 * teh marbuta */
	{0x0622, "ا"}, {0x0623, "ا"}, {0x0625, "ا"}, {0x0629, "ه"}, {0x0649, "ي"},
	{0x0671, "ا"},
	/* Latin Extended Additional: capital sharp s */
	{0x1E9E, "ss"},
	/* apostrophes: left and right single quotation marks */
	{0x2018, "'"}, {0x2019, "'"},
};

/* Base letters of whole Latin blocks; see the file's top comment. */
static const struct {
	uint32_t first;
	const char *bases;
} latin_blocks[] = {
	{0x00C0, "aaaaaa*ceeeeiiii" "dnooooo ouuuuy**" /* À–ß */
	         "aaaaaa*ceeeeiiii" "dnooooo ouuuuy*y"}, /* à–ÿ */
	{0x0100, "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii**jjkkklllllll"
	         "lllnnnnnn*nnoooo" "oo**rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs"},
	{0x1E00, "aabbbbbbccdddddd" "ddddeeeeeeeeeeff" "gghhhhhhhhhhiiii" "kkkkkkllllllllmm"
	         "mmmmnnnnnnnnoooo" "oooopppprrrrrrrr" "sssssssssstttttt" "ttuuuuuuuuuuvvvv"
	         "wwwwwwwwwwxxxxyy" "zzzzzzhtwyas  * " "aaaaaaaaaaaaaaaa" "aaaaaaaaeeeeeeee"
	         "eeeeeeeeiiiioooo" "oooooooooooooooo" "oooouuuuuuuuuuuu" "uuyyyyyyyy"},
};

static bool in_ranges(const struct range *r, size_t n, uint32_t cp)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].first && cp <= r[i].last)
			return true;
	return false;
}

static uint32_t to_lower(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	for (size_t i = 0; i < ARRAY_LEN(lower_ranges); i++) {
		if (cp < lower_ranges[i].first || cp > lower_ranges[i].last)
			continue;
		bool upper = !lower_ranges[i].pairs || (cp - lower_ranges[i].first) % 2 == 0;
		return upper ? (uint32_t)((int32_t)cp + lower_ranges[i].delta) : cp;
	}
	return cp;
}

static const char *special_fold(uint32_t cp)
{
	size_t lo = 0, hi = ARRAY_LEN(special);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (special[mid].cp == cp)
			return special[mid].to;
		if (special[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The ASCII base letter of a Latin letter with diacritics, or 0. */
static char latin_base(uint32_t cp)
{
	for (size_t i = 0; i < ARRAY_LEN(latin_blocks); i++) {
		uint32_t first = latin_blocks[i].first;
		if (cp < first || cp - first >= strlen(latin_blocks[i].bases))
			continue;
		char c = latin_blocks[i].bases[cp - first];
		return c >= 'a' && c <= 'z' ? c : 0;
	}
	return 0;
}

static int fold_one(uint32_t cp, struct buf *out)
{
	if (cp == 0 || in_ranges(dropped, ARRAY_LEN(dropped), cp))
		return 0;
	cp = to_lower(cp);
	if (cp < 0x80)
		return buf_putc(out, (char)cp);
	const char *s = special_fold(cp);
	if (s)
		return buf_puts(out, s);
	char base = latin_base(cp);
	if (base)
		return buf_putc(out, base);
	if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ! … ~ */
		return buf_putc(out, (char)to_lower(cp - 0xFEE0));
	return put_utf8(out, cp);
}

int text_fold(const char *s, size_t len, struct buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(u + i, len - i, &cp);
		if (!n) {
			i++; /* skip one byte and resynchronise */
			continue;
		}
		fold_one(cp, out);
		i += n;
	}
	return out->overflow ? -1 : 0;
}

size_t text_decode(const char *s, size_t len, uint32_t *cp)
{
	return len ? utf8_decode((const unsigned char *)s, len, cp) : 0;
}

/* Lower case only: to_lower's tables, and the Latin blocks whose upper and
 * lower case letters sit at a fixed distance (Latin-1: +0x20; Latin
 * Extended-A: pairs, upper case first, with ı, ĸ, ŉ, ſ off the pattern). */
static uint32_t lower_keep_accents(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return cp + 0x20;
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
		return cp % 2 == 0 ? cp + 1 : cp;
	if (cp >= 0x139 && cp <= 0x148)
		return cp % 2 == 1 ? cp + 1 : cp;
	if (cp == 0x178)
		return 0xFF;
	if (cp == 0x179 || cp == 0x17B || cp == 0x17D)
		return cp + 1;
	return to_lower(cp);
}

int text_lower(const char *s, size_t len, struct buf *out)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (!n) {
			i++;
			continue;
		}
		put_utf8(out, lower_keep_accents(cp));
		i += n;
	}
	return out->overflow ? -1 : 0;
}
