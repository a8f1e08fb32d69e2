/* csv.c — an RFC 4180 CSV reader that says where input is malformed, and
 * the writer of one field that neutralises spreadsheet formulas.
 *
 * The reader walks the input once. A record's field bytes are copied into
 * c->storage, each followed by a NUL; only when the record is complete are
 * c->fields pointed into it (storage may move while it grows). Input holding
 * a NUL byte is refused, so the NULs in storage always separate fields.
 *
 * What is accepted: fields separated by ',', records ended by LF or CRLF (or
 * the end of input); quoted fields with "" for a quote and line breaks kept
 * as written; '#' comment lines and a UTF-8 byte-order mark before the
 * header; blank lines, which are skipped anywhere outside quotes. What is refused, with the line: a
 * quote inside an unquoted field, anything but a separator after a closing
 * quote, an unterminated quoted field, a CR not followed by LF outside
 * quotes, a NUL byte. After an error every further csv_next returns -1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "util.h"

#define CSV_RECORD_MAX ((size_t)16 << 20) /* one record; data files are far smaller */

/* Skips the rest of the line at c->p, including its LF. */
static void skip_line(struct csv *c)
{
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	c->p = nl ? nl + 1 : c->end;
	c->next_line++;
}

/* True when the line at c->p is empty (LF or CRLF right away). */
static bool blank_line(const struct csv *c)
{
	return *c->p == '\n' ||
	       (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n');
}

void csv_init(struct csv *c, const char *data, size_t len)
{
	*c = (struct csv){.p = data, .end = data + len, .line = 1, .next_line = 1};
	buf_init(&c->storage, CSV_RECORD_MAX);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
	while (c->p < c->end && (*c->p == '#' || blank_line(c)))
		skip_line(c);
}

void csv_release(struct csv *c)
{
	free(c->fields);
	buf_release(&c->storage);
	c->fields = NULL;
	c->nfields = c->cap = 0;
}

/* Records the error at `line` and makes the reader stop there. */
static int fail(struct csv *c, size_t line, const char *why)
{
	snprintf(c->err, sizeof(c->err), "%s", why);
	c->line = line;
	c->p = c->end;
	return -1;
}

/* Ends the current field: a NUL in storage and one more field counted. */
static void end_field(struct csv *c)
{
	buf_putc(&c->storage, '\0');
	c->nfields++;
}

/* Points c->fields at the NUL-separated fields now in storage. */
static void index_fields(struct csv *c)
{
	if (c->nfields > c->cap) {
		c->cap = c->nfields;
		c->fields = xrealloc(c->fields, c->cap * sizeof(*c->fields));
	}
	char *s = c->storage.data;
	for (size_t i = 0; i < c->nfields; i++) {
		c->fields[i] = s;
		s += strlen(s) + 1;
	}
}

/* Reads a quoted field whose opening quote is at c->p. Returns 0 with c->p
 * just past the closing quote, or -1. */
static int read_quoted(struct csv *c)
{
	size_t open_line = c->next_line;
	c->p++;
	for (;;) {
		const char *q = c->p;
		while (q < c->end && *q != '"' && *q != '\n' && *q != '\0')
			q++;
		buf_append(&c->storage, c->p, (size_t)(q - c->p));
		c->p = q;
		if (q == c->end)
			return fail(c, open_line, "unterminated quoted field");
		if (*q == '\0')
			return fail(c, c->next_line, "NUL byte in input");
		if (*q == '\n') {
			buf_putc(&c->storage, '\n');
			c->next_line++;
			c->p++;
			continue;
		}
		if (q + 1 < c->end && q[1] == '"') {
			buf_putc(&c->storage, '"');
			c->p += 2;
			continue;
		}
		c->p++;
		return 0;
	}
}

/* Reads an unquoted field starting at c->p, up to a separator. */
static int read_plain(struct csv *c)
{
	const char *q = c->p;
	while (q < c->end && *q != ',' && *q != '\n' && *q != '\r') {
		if (*q == '"')
			return fail(c, c->next_line, "quote inside an unquoted field");
		if (*q == '\0')
			return fail(c, c->next_line, "NUL byte in input");
		q++;
	}
	buf_append(&c->storage, c->p, (size_t)(q - c->p));
	c->p = q;
	return 0;
}

/* After a field: consumes a ',' (returns 1: another field follows) or a
 * record end (returns 0), or fails (-1). */
static int after_field(struct csv *c)
{
	if (c->p == c->end)
		return 0;
	switch (*c->p) {
	case ',':
		c->p++;
		return 1;
	case '\n':
		c->p++;
		c->next_line++;
		return 0;
	case '\r':
		if (c->p + 1 < c->end && c->p[1] == '\n') {
			c->p += 2;
			c->next_line++;
			return 0;
		}
		return fail(c, c->next_line, "carriage return not followed by line feed");
	default:
		return fail(c, c->next_line, "unexpected character after a closing quote");
	}
}

int csv_next(struct csv *c)
{
	if (c->err[0])
		return -1;
	while (c->p < c->end && blank_line(c))
		skip_line(c);
	if (c->p >= c->end)
		return 0;
	c->line = c->next_line;
	c->nfields = 0;
	buf_reset(&c->storage);
	int more;
	do {
		/* A record may end on a separator at the very end of the input. */
		int rc = c->p < c->end && *c->p == '"' ? read_quoted(c) : read_plain(c);
		if (rc < 0)
			return -1;
		end_field(c);
		more = after_field(c);
		if (more < 0)
			return -1;
	} while (more);
	if (c->storage.overflow)
		return fail(c, c->line, "record too long");
	index_fields(c);
	return 1;
}

int csv_column(char *const *header, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(header[i], name) == 0)
			return (int)i;
	return -1;
}

/* ---- Writing ---------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Skips the digits at s[*i..len); true when there was at least one. */
static bool digits(const char *s, size_t len, size_t *i)
{
	size_t start = *i;
	while (*i < len && is_digit(s[*i]))
		(*i)++;
	return *i > start;
}

/* True when s[0..len) is a number in JSON's grammar: -?(0|[1-9]d*)(.d+)?
 * ([eE][+-]?d+)? — no leading '+', no spaces, nothing after. */
static bool is_number(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && s[i] == '-')
		i++;
	if (i < len && s[i] == '0')
		i++;
	else if (!digits(s, len, &i))
		return false;
	if (i < len && s[i] == '.') {
		i++;
		if (!digits(s, len, &i))
			return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!digits(s, len, &i))
			return false;
	}
	return i == len;
}

/* True when a spreadsheet could read the text s[0..len) as a formula, or
 * it starts with the apostrophe that marks the ones that could. */
static bool needs_apostrophe(const char *s, size_t len)
{
	return len > 0 && s[0] != '\0' && strchr("=+-@\t\r'", s[0]);
}

int csv_put_field(struct buf *out, const char *s, size_t len, enum csv_type type)
{
	if (type == CSV_NUMBER && is_number(s, len))
		return buf_append(out, s, len);
	bool quote = false;
	for (size_t i = 0; i < len && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (quote)
		buf_putc(out, '"');
	if (needs_apostrophe(s, len))
		buf_putc(out, '\'');
	size_t start = 0;
	for (size_t i = 0; i < len && quote; i++) {
		if (s[i] == '"') {
			buf_append(out, s + start, i + 1 - start);
			start = i; /* the quote again: doubled */
		}
	}
	buf_append(out, s + start, len - start);
	if (quote)
		buf_putc(out, '"');
	return out->overflow ? -1 : 0;
}
