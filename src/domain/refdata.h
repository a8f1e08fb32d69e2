/* refdata.h — loading the reference data (regions, countries, objectives,
 * principles, events and positions) from the CSV files embedded from data/
 * into the database.
 *
 * Loading is two steps kept apart so a test can feed a broken file to the
 * first: refdata_read() parses and validates every file, collecting
 * every problem as a "data/countries.csv:LINE: FIELD: reason" line;
 * refdata_write() then upserts every row in one transaction. A load is
 * all-or-nothing and idempotent: loading the same files twice leaves the
 * same rows. Rows no longer in the files are not deleted. */
#ifndef PACTE_REFDATA_H
#define PACTE_REFDATA_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct db;
struct refdata;

/* One input file: its name as in the errors and as embedded
 * ("data/countries.csv") and its bytes (not copied; must outlive the call). */
struct refdata_file {
	const char *name;
	const char *data;
	size_t len;
};

/* Parses and validates the reference files (refdata_impl.h lists them). Each is taken from
 * `files[0..nfiles)` when one there has its name, otherwise from the copy
 * embedded in the binary. On success returns 0 and sets *out to the parsed
 * rows (free with refdata_free). On failure returns -1, sets *out to NULL
 * and appends one "file:line: field: reason\n" line per problem to errors
 * (may be NULL), sorted by file and line: the first 1000, as far as errors'
 * maximum allows. *nerrors (when nerrors is not NULL) gets the number of
 * problems, all counted. */
int refdata_read(const struct refdata_file *files, size_t nfiles, struct refdata **out,
                 struct buf *errors, size_t *nerrors);

/* Upserts every row of rd in one transaction (regions first, parents before
 * children). Returns 0, or -1 with nothing written and err saying which
 * row failed and what the database said. */
int refdata_write(struct db *db, const struct refdata *rd, char *err, size_t errlen);

void refdata_free(struct refdata *rd);

/* Reads, validates and writes the embedded reference data (what `pacte
 * init` runs). Returns 0, or -1 with nothing written and err holding the
 * first problems, one per line, truncated to errlen ("… N more" says how
 * many were left out). */
int refdata_load(struct db *db, char *err, size_t errlen);

/* How many rows of each kind of reference data a database holds. */
struct refdata_counts {
	int64_t countries, objectives, principles;
};

/* Counts the reference rows in the database (what `pacte init` reports
 * after loading them; `pacte serve` refuses a database without them).
 * Returns 0, or -1 with db_errmsg(db) saying why; *out is then zeroed. */
int refdata_count(struct db *db, struct refdata_counts *out);

/* refdata_load with some files replaced (see refdata_read), for tests and
 * for loading a corrected file without rebuilding. */
int refdata_load_files(struct db *db, const struct refdata_file *files, size_t nfiles,
                       char *err, size_t errlen);

#endif
