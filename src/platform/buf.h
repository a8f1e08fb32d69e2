/* buf.h — the one growable byte buffer, always with a maximum.
 *
 * Invariants: data is NUL-terminated whenever it is non-NULL; len never
 * exceeds max; once an append would pass max, nothing more is appended and
 * `overflow` stays set, so a caller can append freely and check once at the
 * end (a truncated response or body is never mistaken for a whole one). */
#ifndef PACTE_BUF_H
#define PACTE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	bool overflow;
};

/* Caps named for their use; every buf_init names one (or its own), never 0. */
#define BUF_MAX_PAGE ((size_t)64 << 20)   /* 64 MiB: a rendered page, an export chunk */
#define BUF_MAX_LINE ((size_t)64 << 10)   /* 64 KiB: a key, a label, one line of text */

/* Starts an empty buffer that will never hold more than max bytes
 * (max > 0: asserted). Allocates nothing until the first append. */
void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);

/* Each append returns 0, or -1 (and sets overflow) if it would pass max. */
int buf_append(struct buf *b, const void *data, size_t len);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
__attribute__((format(printf, 2, 3)))
int buf_printf(struct buf *b, const char *fmt, ...);
__attribute__((format(printf, 2, 0)))
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Room for up to n more bytes that a library writes in place: returns
 * where to write them, or NULL (and sets overflow) if n would pass max;
 * buf_wrote(b, k) then counts the k of them written (k <= n). */
char *buf_room(struct buf *b, size_t n);
void buf_wrote(struct buf *b, size_t k);

/* Appends s with HTML's five special characters escaped (& < > " '). */
int buf_html(struct buf *b, const char *s, size_t len);

/* Hands the bytes to the caller (who frees them) and leaves b empty; the
 * block is cut to what it holds (plus the NUL) when growth left it slack. */
char *buf_detach(struct buf *b, size_t *len);

/* The contents as a C string ("" when empty); valid until the next append. */
const char *buf_str(const struct buf *b);

#endif
