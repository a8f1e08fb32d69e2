/* scratch.h — a database of its own for one unit test: a temporary SQLite
 * file, or, when PACTE_TEST_DATABASE_URL names a PostgreSQL server whose
 * user may create databases (and the test allows it), a database there,
 * dropped afterwards; named after the test program. */
#ifndef PACTE_SCRATCH_H
#define PACTE_SCRATCH_H

#include <stdbool.h>

#include "db.h"

struct scratch {
	char dir[64];
	char path[96];
	char pg_name[64];
	struct db *admin;           /* PostgreSQL: the base database, to create ours */
	struct db *db;
};

/* Opens s->db, a new empty database (not migrated); on PostgreSQL only
 * unless sqlite_only. Returns 0, or -1 with the reason on stderr. */
int scratch_open(struct scratch *s, bool sqlite_only);
/* Closes s->db and removes the database (s itself is the caller's). */
void scratch_close(struct scratch *s);

#endif
