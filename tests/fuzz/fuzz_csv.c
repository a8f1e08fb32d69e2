/* fuzz_csv.c — libFuzzer target for the CSV reader used by reference data
 * and imports: any input must give records or a clean error, never a crash,
 * and every field must be a NUL-terminated string inside the record. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
		/* Each record consumes input, so the loop ends. */
		if (++records > size + 1)
			abort();
	}
	if (rc < 0 && c.err[0] == '\0')
		abort();   /* an error always says why */
	csv_release(&c);
	return 0;
}
