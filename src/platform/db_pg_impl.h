/* db_pg_impl.h — what the PostgreSQL backend's files share (private to
 * db_pg.c, db_pg_result.c and db_pg_listen.c): db_pg.c runs statements and
 * hands their PGresult to db_pg_result.c, whose readers its table of
 * operations names, as it names db_pg_listen.c's listener. */
#ifndef PACTE_DB_PG_IMPL_H
#define PACTE_DB_PG_IMPL_H

#include <libpq-fe.h>

#include "db_backend.h"

/* Wraps a result of rows, positioned before the first (db_next moves to
 * it). Takes r, which pg_res_free clears. Never NULL: aborts on memory
 * exhaustion, as every small allocation does. */
struct db_res *pg_result_new(PGresult *r);

/* The struct db_ops result entries for PostgreSQL (db_backend.h says what
 * each does). */
int pg_next(struct db_res *res);
int pg_ncols(const struct db_res *res);
const char *pg_colname(const struct db_res *res, int col);
bool pg_isnull(const struct db_res *res, int col);
int64_t pg_get_int(const struct db_res *res, int col);
double pg_get_real(const struct db_res *res, int col);
const char *pg_get_text(const struct db_res *res, int col);
json_t *pg_get_json(const struct db_res *res, int col);
void pg_res_free(struct db_res *res);

/* The struct db_ops listener entries (db_pg_listen.c). */
struct db_listener *pg_listen(const char *url, struct db_watch *watch);
void pg_unlisten(struct db_listener *l);

#endif
