/* buf.c — growable byte buffer with a hard maximum. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

void buf_init(struct buf *b, size_t max)
{
	assert(max > 0);
	*b = (struct buf){.max = max};
}

void buf_release(struct buf *b)
{
	free(b->data);
	size_t max = b->max;
	*b = (struct buf){.max = max};
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->overflow = false;
	if (b->data)
		b->data[0] = '\0';
}

/* Makes room for `extra` more bytes plus the NUL; -1 past max. */
static int grow(struct buf *b, size_t extra)
{
	if (b->overflow || extra > b->max - b->len) {
		b->overflow = true;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

int buf_append(struct buf *b, const void *data, size_t len)
{
	if (grow(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

char *buf_room(struct buf *b, size_t n)
{
	return grow(b, n) < 0 ? NULL : b->data + b->len;
}

void buf_wrote(struct buf *b, size_t k)
{
	assert(b->len + k < b->cap);
	b->len += k;
	b->data[b->len] = '\0';
}

int buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

int buf_html(struct buf *b, const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	return buf_append(b, s + start, len - start);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->data ? b->data : xstrdup("");
	/* Growth doubles and gzip writes into its worst-case bound, so a block
	 * may be twice or more what it holds; a detached buffer often lives on
	 * (a cached page), so its slack goes back to the allocator now. */
	if (b->data && b->cap - b->len - 1 > b->len / 8)
		p = xrealloc(p, b->len + 1);
	if (len)
		*len = b->len;
	size_t max = b->max;
	*b = (struct buf){.max = max};
	return p;
}

const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}
