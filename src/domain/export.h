/* export.h — the open-data export: everything public, as files anyone can
 * download, load into a spreadsheet or harvest into a data portal.
 *
 * One CSV file per table (RFC 4180: UTF-8, a header row, CRLF line ends,
 * fields quoted only when they must be, an empty field for null; a text
 * field a spreadsheet would run as a formula neutralised by a leading
 * apostrophe, csv_put_field, which the package's description explains) and a
 * datapackage.json describing them as a Frictionless Tabular Data Package:
 * each resource's path, its fields with their types and descriptions, its
 * primary key and its foreign keys. With the JSON format each table is
 * also written as NAME.json, an array of objects (one per line), listed in
 * the package as plain resources.
 *
 * Only public data leaves: the reference tables and the public columns of
 * the tables the export lists (never emails, password hashes, sessions,
 * tokens or the audit trail). A table's columns are named one by one in
 * export.c, so a column added to a table later stays private until someone
 * adds it there.
 *
 * The output is deterministic: rows in primary-key order (compared byte by
 * byte, whatever the database's collation), no time stamp anywhere, so two
 * exports of the same data — on SQLite or PostgreSQL — are byte-identical. */
#ifndef PACTE_EXPORT_H
#define PACTE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

struct db;

enum export_format { EXPORT_CSV, EXPORT_JSON };

struct export_stats {
	int64_t tables;
	int64_t rows;
	int64_t files;
};

/* "csv" or "json" into *out. Returns 0, or -1 for another name. */
int export_format_parse(const char *name, enum export_format *out);

/* Writes the export into dir (created if absent; its parent must exist),
 * reading every table in one transaction. Each file is first written under
 * a temporary name in dir, flushed and synced; only when all are complete
 * are they renamed into place, so a failure (a full disk, a database
 * error) leaves dir as it was. Files of earlier exports that this one does
 * not write are left alone. Returns 0, or -1 with err saying what failed. */
int export_write(struct db *db, const char *dir, enum export_format format,
                 struct export_stats *stats, char *err, size_t errlen);

#endif
