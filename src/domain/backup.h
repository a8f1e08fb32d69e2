/* backup.h — a whole instance in one portable file, and back.
 *
 * A backup holds every table, private ones too (accounts, sessions,
 * tokens, the audit trail), so that `pacte restore` on another machine, or
 * on the other backend, gives back the same instance: the same rows with
 * the same ids, an audit chain that still verifies, sessions that still
 * sign their users in. It is not the open-data export (export.h), which
 * holds only public columns.
 *
 * The file is JSON lines, one JSON value per line:
 *
 *     {"pacte_backup": 1, "schema": ["0001_meta", …], "created_at": "…"}
 *     {"table": "region", "columns": ["m49", "level", …]}
 *     ["001", "world", null, …]                  one array per row
 *     …                                          the next table, and so on
 *     {"pacte_backup_end": {"tables": 6, "rows": 1234}}
 *
 * "schema" names the applied migrations without their backend suffix
 * (0003_accounts, not 0003_accounts.pg.sql), so a SQLite backup restores
 * on PostgreSQL and back. Tables come in dependency order (a table after
 * those it references) and rows in an order that satisfies the references
 * too (a table's own parents first), so a restore can insert them as they
 * come with every foreign key checked. Values are what db_json gives —
 * integer, real, text or null — the same on both backends. The closing
 * line tells a whole file from a truncated one.
 *
 * The one list of tables is backup_tables[]; tests/unit/test_backup.c
 * checks that it names every table the migrations create, so a new table
 * cannot be left out of the backups by mistake. */
#ifndef PACTE_BACKUP_H
#define PACTE_BACKUP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

struct db;

#define BACKUP_FORMAT 1

enum backup_kind {
	/* User data: backed up; a restore needs the table empty. */
	BACKUP_DATA,
	/* Reference data (`pacte init` loads it from the binary): backed up;
	 * a restore replaces whatever rows the target has. */
	BACKUP_REFERENCE,
	/* Bookkeeping, not backed up: schema_migrations (the header lists the
	 * migrations instead) and data_version (a cache key, which the restore
	 * bumps like any write). */
	BACKUP_SKIP,
};

struct backup_table {
	const char *name;
	enum backup_kind kind;
	/* The ORDER BY of its rows: the primary key, with a table's own parents
	 * first when it references itself. Constant SQL, never data. */
	const char *order_by;
};

/* Every table the migrations create, in dependency order. */
extern const struct backup_table backup_tables[];
extern const size_t backup_ntables;

/* What a backup or a restore moved. */
struct backup_stats {
	int64_t tables;
	int64_t rows;
};

/* Writes the whole instance to out, read in one transaction so the tables
 * agree with each other (writers wait meanwhile: a PostgreSQL writer up to
 * its lock timeout). created_at goes into the header as given. Does not
 * close or flush out; the caller checks its errors (see backup_to_file).
 * Returns 0, or -1 with err saying what failed. */
int backup_write(struct db *db, FILE *out, const char *created_at, struct backup_stats *stats,
                 char *err, size_t errlen);

/* backup_write into a new file at path, written under a temporary name in
 * the same folder, synced and renamed into place: a failure (a full disk,
 * a database error) leaves no file, and an existing one untouched. Returns
 * 0, or -1 with err saying what failed. */
int backup_to_file(struct db *db, const char *path, const char *created_at,
                   struct backup_stats *stats, char *err, size_t errlen);

/* Restores a backup read from in (`name` is the file name for messages)
 * into db, which must be migrated and empty: every BACKUP_DATA table
 * without rows (BACKUP_REFERENCE tables are emptied and refilled), as a
 * new database is and one made by `pacte init` is not (it has the state
 * actors, the first admin and their audit entries). Checks
 * that the header's migrations are the ones db has applied, then inserts
 * every row in one transaction; on PostgreSQL it moves each identity or
 * serial column's sequence past the largest restored value. On any
 * problem returns -1 with nothing written and err = "NAME:LINE: reason"
 * (LINE 0 when the problem is not on one line, e.g. the target is not
 * empty). Returns 0 on success. */
int backup_restore(struct db *db, FILE *in, const char *name, struct backup_stats *stats,
                   char *err, size_t errlen);

/* The applied migrations as backups name them ("0001_meta"), in order: a
 * new JSON array, or NULL on a database error. */
json_t *backup_schema(struct db *db);

#endif
