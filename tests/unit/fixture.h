/* fixture.h — the database fixture of the domain unit tests (commitments,
 * progress, standing, importer): a scratch database (scratch.h) migrated,
 * with the reference data, the state actors, a few partners and accounts. Use fixture_setup and
 * fixture_teardown as a cmocka test's setup and teardown; *state is then
 * the struct fixture. */
#ifndef PACTE_FIXTURE_H
#define PACTE_FIXTURE_H

#include <stdint.h>

#include <jansson.h>

#include "db.h"
#include "scratch.h"
#include "users.h"

struct fixture {
	struct scratch s;
	struct db *db;                  /* s.db */
	int64_t mar, sen, fra;          /* state actors */
	int64_t partner, partner2;      /* accredited partners */
	int64_t pending;                /* a partner still waiting */
	struct user fp_mar, fp_sen, editor, editor2, pending_editor, op, reviewer;
};

int fixture_setup(void **state);
int fixture_teardown(void **state);

/* The first column of the first row, or -1 (the SQL and the error shown). */
int64_t one_int(struct db *db, const char *sql, size_t n, const struct db_arg *a);
/* A partner actor of that type and status; its id. */
int64_t add_partner(struct db *db, const char *name, const char *type, const char *status);
/* An account in u, for actor (a state's when country is its ISO3). */
void add_user(struct db *db, struct user *u, const char *email, enum role role,
              int64_t actor, const char *status, const char *country);
/* The state actor of iso3. */
int64_t state_actor(struct db *db, const char *iso3);
/* A scalar query's integer; fails the test on a database error
 * (scratch_scalar). */
int64_t scalar(struct db *db, const char *sql, size_t n, const struct db_arg *a);
/* A valid commitment's input, owned by `owner`. */
json_t *valid_input(int64_t owner);
/* Creates a commitment as the operator from valid_input plus changes
 * (taken); fails the test if it is refused. */
int64_t create_with(struct db *db, int64_t owner, json_t *changes);
/* Inserts a practice of actor's in `status` (objective 21, Morocco) as the
 * operator; fails the test if it is refused. */
int64_t practice_with(struct db *db, int64_t actor, const char *status);

#endif
