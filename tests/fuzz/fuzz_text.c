/* fuzz_text.c — libFuzzer target for text.h: UTF-8 validation, the
 * search folding applied to every query a visitor types and the text of
 * XML documents. Checks that the validator agrees with a plain reference
 * decoder, that folding never writes invalid UTF-8, that folding twice
 * changes nothing (a stored key and a query typed already folded must
 * compare equal), and that text_xml writes only characters XML allows
 * and, escaping, no markup. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Unicode's definition, written the slow obvious way (Table 3-7). */
static bool reference_valid(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = s[i];
		size_t k;
		uint32_t cp;
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			k = 2;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			k = 3;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			k = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + k > n)
			return false;
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < least[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k;
	}
	return true;
}

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_text: %s\n", why);
	abort();
}

/* True when s[0..n) (valid UTF-8) holds only XML 1.0 characters and,
 * when escaped, no & that does not open an entity and no < > " '. */
static bool xml_text(const uint8_t *s, size_t n, bool escaped)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return false;
		/* U+FFFE and U+FFFF: EF BF BE, EF BF BF */
		if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF))
			return false;
		if (escaped && (c == '<' || c == '>' || c == '"' || c == '\''))
			return false;
		if (escaped && c == '&' && !memchr(s + i, ';', n - i < 6 ? n - i : 6))
			return false;
	}
	return true;
}

static void check_xml(const char *s, size_t size, bool escape)
{
	struct buf out;
	buf_init(&out, 1 << 22);
	if (text_xml(s, size, escape, &out) < 0)
		fail("text_xml overflowed a 4 MiB buffer");
	const uint8_t *o = (const uint8_t *)buf_str(&out);
	if (out.len && !reference_valid(o, out.len))
		fail("text_xml wrote invalid UTF-8");
	if (!xml_text(o, out.len, escape))
		fail("text_xml wrote a character XML does not allow");
	/* Characters are replaced, never dropped; allowed text is unchanged. */
	if (out.len < size)
		fail("text_xml dropped text");
	if (!escape && xml_text((const uint8_t *)s, size, false) &&
	    reference_valid((const uint8_t *)s, size) &&
	    (out.len != size || memcmp(o, s, size) != 0))
		fail("text_xml changed text XML allows");
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	bool valid = utf8_valid(s, size);
	if (valid != reference_valid(data, size))
		fail("utf8_valid disagrees with the reference decoder");
	if (valid && utf8_length(s, size) > size)
		fail("more code points than bytes");
	struct buf once, twice;
	buf_init(&once, 1 << 20);
	buf_init(&twice, 1 << 20);
	if (text_fold(s, size, &once) < 0)
		fail("folding overflowed a 1 MiB buffer");
	/* Skipped sequences aside, the output is text a page can show. */
	if (once.len && !utf8_valid(buf_str(&once), once.len) && !memchr(buf_str(&once), 0, once.len))
		fail("folding wrote invalid UTF-8");
	if (text_fold(buf_str(&once), once.len, &twice) < 0)
		fail("folding the folded text overflowed");
	if (once.len != twice.len || memcmp(buf_str(&once), buf_str(&twice), once.len) != 0)
		fail("folding is not idempotent");
	buf_release(&once);
	buf_release(&twice);
	check_xml(s, size, true);
	check_xml(s, size, false);
	return 0;
}
