/* export.h — the open-data export: everything public, as files anyone can
 * download, load into a spreadsheet or harvest into a data portal.
 *
 * One Frictionless Tabular Data Package (datapackage.json) describing one
 * CSV file per table (RFC 4180: UTF-8, a header row, CRLF line ends, fields
 * quoted only when they must be, an empty field for null; a text field a
 * spreadsheet would run as a formula neutralised by a leading apostrophe,
 * csv_put_field, which the package's description explains) and the same
 * rows as JSON Lines (NAME.jsonl: one object per line, every value
 * unchanged). Each table's schema gives every field's type, description
 * and constraints, its primary key and its foreign keys; the package gives
 * the licence, the time it was made and the data version it was taken at
 * (db_data_version), all of it read in one read-only transaction, a
 * consistent snapshot that never blocks a writer.
 *
 * Only public data leaves: the tables of export_tables.c, each with its
 * public columns named one by one and only its public rows (an actor
 * awaiting accreditation, a declined participation are not); never
 * accounts, sessions, tokens, e-mails or the audit trail. Every table of
 * the database is either exported or excluded with a reason
 * (export_exclusion), and a test fails for a table that is neither.
 *
 * Streaming: each table is read a page of rows at a time in primary-key
 * order (keyset, text compared byte by byte on both backends) and written
 * as it is read, so memory stays flat whatever the size. Two exports of
 * the same data — on SQLite or PostgreSQL — give the same bytes but for
 * the package's "created" and "data_version". */
#ifndef PACTE_EXPORT_H
#define PACTE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum export_format {
	EXPORT_ALL,                 /* CSV and JSON Lines (the default) */
	EXPORT_CSV,                 /* CSV only */
	EXPORT_JSONL,               /* JSON Lines only */
};

/* A licence the package may carry: its SPDX identifier, its name and the
 * address of its text. */
struct export_licence {
	const char *id;
	const char *title;
	const char *url;
};

#define EXPORT_DEFAULT_LICENCE "CC-BY-4.0"
/* The identifiers export_licence_find knows, for messages. */
#define EXPORT_LICENCE_NAMES \
	"CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0, ODbL-1.0, PDDL-1.0, etalab-2.0"

struct export_options {
	enum export_format format;
	const struct export_licence *licence;  /* NULL: EXPORT_DEFAULT_LICENCE */
	const char *created;        /* the package's "created" (RFC 3339, UTC); NULL: now */
	const char *homepage;       /* the site's address, for the package; NULL: none */
};

struct export_stats {
	int64_t tables;
	int64_t rows;
	int64_t files;
	int64_t bytes;              /* of every file written, the package included */
	int64_t data_version;       /* the snapshot the package holds */
};

/* "csv", "jsonl" or "all" into *out. Returns 0, or -1 for another name. */
int export_format_parse(const char *name, enum export_format *out);

/* The licence with SPDX identifier id (compared without regard to case),
 * or NULL for one not in the list above. */
const struct export_licence *export_licence_find(const char *id);

/* Writes the package into dir (created if absent; its parent must exist).
 * Each file is first written under a temporary name in dir, flushed and
 * synced; only when all are complete are they renamed into place, so a
 * failure (a full disk, a database error) leaves dir as it was. Files of
 * earlier exports that this one does not write are left alone. opt may be
 * NULL (the defaults). Returns 0, or -1 with err saying what failed. */
int export_write(struct db *db, const char *dir, const struct export_options *opt,
                 struct export_stats *stats, char *err, size_t errlen);

/* The tables the package holds, in its order: name (the file stem) and
 * title (English; the package's). i < export_table_count(). */
size_t export_table_count(void);
const char *export_table_name(size_t i);
const char *export_table_title(size_t i);
const char *export_table_description(size_t i);
/* The index of the table named `name`, or -1. */
long export_table_find(const char *name);
/* True when `table` (a database table) is one of them. */
bool export_publishes(const char *table);

/* Why a database table is left out of the export, or NULL when it is not
 * (it is exported, or nobody decided yet: a test fails then). */
const char *export_exclusion(const char *table);

/* For export_tables.c: the tables left out, with their reasons. */
struct export_exclusion {
	const char *table;
	const char *reason;
};
extern const struct export_exclusion export_excluded[];
extern const size_t export_nexcluded;

#endif
