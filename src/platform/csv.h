/* csv.h — RFC 4180 CSV: reading, for reference data and imports, and
 * writing one field, for every CSV Pacte writes (the open-data export).
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

/* What a column holds, which decides how its cells are written. */
enum csv_type {
	CSV_TEXT,    /* text, which a spreadsheet must never run as a formula */
	CSV_NUMBER,  /* a number, written as it is */
};

/* Appends one field of a record to out (the caller writes the ',' between
 * fields and the CRLF after a record): quoted when it holds a comma, a
 * quote, CR or LF, a quote doubled.
 *
 * Formula injection: a spreadsheet opening the file runs a cell that
 * starts with = + - @, a tab or a CR as a formula (=HYPERLINK(…),
 * +cmd|…), so a CSV_TEXT field starting with one of them gets an
 * apostrophe (') in front, OWASP's recommendation; one starting with an
 * apostrophe gets another, so the rule reads back without loss: a text
 * field that starts with an apostrophe had one added (drop it). A
 * CSV_NUMBER field that is a number (JSON's grammar: -12, 0.5, 1e-7) is
 * written as it is, so -12 stays a number; anything else in a number
 * column is written as text. Returns 0, or -1 if out overflowed. */
int csv_put_field(struct buf *out, const char *s, size_t len, enum csv_type type);

#endif
