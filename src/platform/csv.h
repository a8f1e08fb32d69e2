/* csv.h — RFC 4180 CSV reading, for reference data and imports.
 *
 * Fields may be quoted ("a ""b"", c"), quoted fields may span lines; CRLF
 * and LF both end a record. Lines starting with '#' before the header are
 * comments (our data files say there where their columns came from); after
 * the header a '#' is ordinary data. A UTF-8 byte-order mark at the start
 * and blank lines outside quotes are skipped. The reader reports line
 * numbers so errors can say file:line: field: reason.
 *
 * Malformed input: a quote inside an unquoted field, text after a closing
 * quote, an unterminated quoted field, a CR without LF outside quotes, a
 * NUL byte, a record over 16 MiB. The reader does not check UTF-8 or that
 * records have the header's number of fields: callers do, per field. */
#ifndef PACTE_CSV_H
#define PACTE_CSV_H

#include <stddef.h>

#include "buf.h"

struct csv {
	const char *p, *end;
	size_t line;          /* line where the current record started (1-based) */
	size_t next_line;
	char **fields;        /* the current record's fields, NUL-terminated */
	size_t nfields, cap;
	struct buf storage;
	char err[128];
};

/* Starts reading data[0..len), skipping '#' comment lines at the top.
 * data must outlive the reader; nothing is copied until csv_next. */
void csv_init(struct csv *c, const char *data, size_t len);
/* Frees the reader's memory (the fields of the last record with it). */
void csv_release(struct csv *c);

/* Reads the next record into c->fields[0..nfields), NUL-terminated strings
 * owned by the reader and valid until the next call. Returns 1 a record, 0
 * end of input, -1 malformed input (c->err says why, c->line on which line;
 * every later call returns -1 too). */
int csv_next(struct csv *c);

/* Index of the column named `name` in a header record, or -1. */
int csv_column(char *const *header, size_t n, const char *name);

#endif
