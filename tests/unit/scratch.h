/* scratch.h — a database of its own for one unit test, on the run's
 * backend: a temporary SQLite file, or, when PACTE_TEST_DATABASE_URL names
 * a PostgreSQL server whose user may create databases, a database there,
 * dropped afterwards; named after the test program. tests/run runs the unit
 * suite once without that variable and once with a throwaway server of its
 * own, so a test written on scratch runs on both backends. */
#ifndef PACTE_SCRATCH_H
#define PACTE_SCRATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

struct scratch {
	char dir[64];
	char path[96];
	char pg_name[64];
	char url[700];              /* what db_open took: the file, or the database's URL */
	struct db *admin;           /* PostgreSQL: the base database, to create ours */
	struct db *db;
};

/* The run's PostgreSQL server (PACTE_TEST_DATABASE_URL), or NULL when the
 * run is on SQLite. */
const char *scratch_pg_server(void);

/* Opens s->db, a new empty database (not migrated), on the run's backend:
 * PostgreSQL when scratch_pg_server() names one, unless sqlite_only.
 * Returns 0, or -1 with the reason on stderr; scratch_close cleans up
 * either way. */
int scratch_open(struct scratch *s, bool sqlite_only);
/* Migrates s->db and, when refdata, loads the reference data into it.
 * Returns 0, or -1 with the reason on stderr. */
int scratch_load(struct scratch *s, bool refdata);
/* Another connection to s's database (the caller closes it); fails the
 * test if it cannot be opened. */
struct db *scratch_connect(const struct scratch *s);
/* Closes s->db and removes the database (s itself is the caller's). */
void scratch_close(struct scratch *s);

/* cmocka setups: *state becomes an allocated struct scratch on the run's
 * backend, its database empty, migrated, or migrated with the reference
 * data loaded; scratch_teardown closes and frees it. */
int scratch_setup_empty(void **state);
int scratch_setup_migrated(void **state);
int scratch_setup_loaded(void **state);
int scratch_teardown(void **state);
/* The database of a test those set up. */
struct db *scratch_db_of(void **state);
/* That database, migrated now (for a test set up empty); fails the test
 * if the migration fails. */
struct db *scratch_migrated(void **state);

/* ---- Looking into a database -------------------------------------------- */

/* A scalar query's integer, -1 when it returns no row; fails the test on
 * a database error. */
int64_t scratch_scalar(struct db *db, const char *sql, size_t n, const struct db_arg *a);
/* 1 when the table exists, 0 when not, on either backend. */
int64_t table_exists(struct db *db, const char *name);
/* Fails the test unless s contains part, whatever the case of either (the
 * backends word the same error differently). */
void assert_says(const char *s, const char *part);

#endif
