/* fuzz_csv.c — libFuzzer target for the CSV reader used by reference data
 * and imports: any input must give records or a clean error, never a crash,
 * and every field must be a NUL-terminated string inside the record. Each
 * record read is written again with csv_put_field, which the reader must
 * read back field for field (but for the apostrophe a text field gains),
 * with no field that a spreadsheet would run as a formula. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes the record c holds, every other field as a number, and checks
 * that the reader reads it back. */
static void write_back(const struct csv *c)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	/* A header first: before it, a BOM or a '#' line is not data. */
	buf_puts(&b, "header\r\n");
	for (size_t i = 0; i < c->nfields; i++) {
		if (i)
			buf_putc(&b, ',');
		if (csv_put_field(&b, c->fields[i], strlen(c->fields[i]),
		                  i % 2 ? CSV_NUMBER : CSV_TEXT) < 0)
			abort();
	}
	buf_puts(&b, "\r\n");
	struct csv again;
	csv_init(&again, b.data, b.len);
	/* A record of one empty field writes a blank line, which the reader skips. */
	bool blank = c->nfields == 1 && !c->fields[0][0];
	if (csv_next(&again) != 1 || csv_next(&again) != (blank ? 0 : 1) ||
	    (!blank && again.nfields != c->nfields))
		abort();
	for (size_t i = 0; !blank && i < c->nfields; i++) {
		const char *got = again.fields[i];
		bool number = i % 2 && got[0] != '+' && strcmp(got, c->fields[i]) == 0 &&
		              strspn(got, "-0123456789.eE+") == strlen(got);
		if (got[0] && strchr("=+-@\t\r", got[0]) && !number)
			abort();   /* a formula left as it was */
		if (got[0] == '\'' && strcmp(got, c->fields[i]) != 0)
			got++;
		if (strcmp(got, c->fields[i]) != 0)
			abort();
	}
	csv_release(&again);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	csv_init(&c, (const char *)data, size);
	int rc;
	size_t records = 0;
	while ((rc = csv_next(&c)) == 1) {
		for (size_t i = 0; i < c.nfields; i++)
			(void)strlen(c.fields[i]);
		if (records == 0)
			(void)csv_column(c.fields, c.nfields, "iso3");
		write_back(&c);
		/* Each record consumes input, so the loop ends. */
		if (++records > size + 1)
			abort();
	}
	if (rc < 0 && c.err[0] == '\0')
		abort();   /* an error always says why */
	csv_release(&c);
	return 0;
}
