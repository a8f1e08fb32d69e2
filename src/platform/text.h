/* text.h — UTF-8 validation, text fit for a log line or an XML document,
 * and the folding used for search.
 *
 * Folding makes "cote d'ivoire" find "Côte d'Ivoire" and "KOTE" find "Коте":
 * lower case, diacritics removed (Latin, Greek, Cyrillic), Arabic
 * diacritics (harakat) and tatweel dropped; CJK and other scripts pass
 * through unchanged. Stored search keys and user queries are folded by the
 * same function so they always compare equal. */
#ifndef PACTE_TEXT_H
#define PACTE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and contains no NUL byte. */
bool utf8_valid(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_length(const char *s, size_t len);

/* Appends s[0..len) fit for one line of a message or log: printable
 * UTF-8 as it is; control characters (C0, DEL, C1), line separators,
 * bidirectional overrides and bytes that are not valid UTF-8 as \xNN, a backslash as \\. At most max bytes of s are
 * shown, then "…". Returns 0, or -1 if out overflowed. */
int text_printable(const char *s, size_t len, size_t max, struct buf *out);

/* Appends s[0..len) holding only the characters XML 1.0 allows (its
 * production Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and
 * U+10000–U+10FFFF), for a document another program parses: every other
 * character (the other C0 controls and NUL, U+FFFE, U+FFFF) and every byte
 * that is not part of valid UTF-8 (a lone surrogate's included) becomes
 * U+FFFD, so what is stored can never make the document unparseable. With
 * escape, XML's special characters are escaped as buf_html does (& < > "
 * ' as &amp; &lt; &gt; &quot; &#39;). Returns 0, or -1 if out overflowed. */
int text_xml(const char *s, size_t len, bool escape, struct buf *out);

/* Appends the folded form of s[0..len) to out. Invalid sequences are
 * skipped. Returns 0, or -1 if out overflowed. */
int text_fold(const char *s, size_t len, struct buf *out);

/* Decodes one strictly valid UTF-8 sequence at s[0..len) into *cp.
 * Returns its length in bytes, or 0 when s does not start with one. */
size_t text_decode(const char *s, size_t len, uint32_t *cp);

/* Appends s[0..len) in lower case (ASCII, Latin-1, Latin Extended-A,
 * Greek, Cyrillic), diacritics kept, for a stemmer that expects lower
 * case words. Invalid sequences are skipped. Returns 0, or -1 if out
 * overflowed. */
int text_lower(const char *s, size_t len, struct buf *out);

#endif
