/* db.h — the one door to the database.
 *
 * Every SQL statement in Pacte goes through this interface; no sqlite3_* or
 * PQ* call exists outside the backend files (db_sqlite.c, db_pg.c). SQL text
 * is always a constant written by us: values travel only as parameters,
 * written $1, $2 … in the SQL on both backends (a number may repeat).
 *
 * A `struct db` is one connection, used by one thread at a time. A server
 * opens a `struct db_pool` once and each worker thread takes its own
 * connection from it with db_pool_get(); the connection lives as long as the
 * thread. Commands open a single connection with db_open().
 *
 * Transactions: db_begin() starts a write transaction (SQLite: BEGIN
 * IMMEDIATE, so writers queue at the start instead of failing at commit;
 * PostgreSQL: the same isolation as SQLite's, serialisable). db_commit()
 * bumps the data version (see db_data_version) inside the same transaction,
 * so every committed write invalidates the page cache of every node.
 *
 * Errors: functions return 0 / -1 (or NULL); db_errmsg() then says what the
 * database said, and db_failure() what kind of failure it was: an outage
 * (the database unreachable, busy past its timeouts, full, read-only),
 * which the server answers 503 with Retry-After, or anything else (bad
 * SQL, a broken constraint: a bug), which stays a 500. Nothing here prints
 * or aborts on a database error.
 *
 * Example:
 *     json_t *rows = db_json_rows(db,
 *         "SELECT iso3, name_en FROM country WHERE region_m49 = $1",
 *         DB_ARGS(DB_INT(2)));
 */
#ifndef PACTE_DB_H
#define PACTE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct db;
struct db_res;
struct db_pool;

enum db_dialect { DB_SQLITE, DB_POSTGRES };

enum db_kind { DB_KIND_NULL, DB_KIND_INT, DB_KIND_REAL, DB_KIND_TEXT };

/* One parameter value. A TEXT with s == NULL binds SQL NULL. */
struct db_arg {
	enum db_kind kind;
	int64_t i;
	double r;
	const char *s;
};

#define DB_NULL_ARG ((struct db_arg){.kind = DB_KIND_NULL})
#define DB_INT(v) ((struct db_arg){.kind = DB_KIND_INT, .i = (int64_t)(v)})
#define DB_REAL(v) ((struct db_arg){.kind = DB_KIND_REAL, .r = (double)(v)})
#define DB_TEXT(v) ((struct db_arg){.kind = DB_KIND_TEXT, .s = (v)})

/* DB_ARGS(a, b, …) expands to the (count, array) pair the calls below take;
 * NO_ARGS is the pair for a statement without parameters. */
#define DB_ARGS(...) \
	(sizeof((struct db_arg[]){__VA_ARGS__}) / sizeof(struct db_arg)), \
	((const struct db_arg[]){__VA_ARGS__})
#define NO_ARGS 0, NULL

/* A parameter from a member of a JSON object (a normalised input): its
 * text, or its integer, or SQL NULL when the member is absent, null or of
 * another type. The text stays the object's: it must outlive the run. */
struct db_arg db_arg_text(const json_t *o, const char *key);
struct db_arg db_arg_int(const json_t *o, const char *key);

/* Opens one connection. `url` is a file path (SQLite; created if absent) or
 * postgres://… / postgresql://… (PostgreSQL). On failure returns NULL and
 * writes the reason into err. */
struct db *db_open(const char *url, char *err, size_t errlen);
void db_close(struct db *db);

enum db_dialect db_dialect(const struct db *db);
/* The last error of this connection, never NULL. */
const char *db_errmsg(const struct db *db);
/* Right after a failure: true when it may succeed if the whole transaction
 * is rolled back and run again — on PostgreSQL a serialisation failure
 * (SQLSTATE 40001), a deadlock (40P01) or a lock wait beyond the lock
 * timeout (55P03); on SQLite the write lock held past the busy timeout.
 * The message then says so. False after any other failure. */
bool db_retryable(const struct db *db);

/* What kind of failure the last error was. Every kind but DB_FAIL_OTHER is
 * an outage, not a bug: the request may succeed later without any change. */
enum db_failure {
	DB_FAIL_OTHER,       /* a bug or bad SQL: anything not below */
	DB_FAIL_UNREACHABLE, /* connection refused or lost; the server shutting down,
	                      * starting up or in recovery; too many connections;
	                      * SQLite: the file cannot be opened, an I/O error */
	DB_FAIL_BUSY,        /* a lock held, or a serialisation failure, past the
	                      * timeouts and retries (db_retryable) */
	DB_FAIL_FULL,        /* the disk (or the file's page limit) is full */
	DB_FAIL_READONLY,    /* a read-only file, file system or server (a standby) */
};
#define DB_FAILURE_KINDS 5

/* Right after a failure: its kind (see above); DB_FAIL_OTHER otherwise. */
enum db_failure db_failure(const struct db *db);
/* True when the last failure was an outage (db_failure != DB_FAIL_OTHER). */
bool db_unavailable(const struct db *db);
/* The kind as a short word for logs and /metrics: "other", "unreachable",
 * "busy", "full", "readonly". */
const char *db_failure_name(enum db_failure f);
/* How many calls failed since the process started, by kind (every backend,
 * every connection, the pool's failed attempts to connect included). */
void db_failure_counts(uint64_t counts[DB_FAILURE_KINDS]);

/* Where write transactions spend their time, summed over every connection
 * since the process started (issue 19, item 6; /metrics): `lock_wait_us`,
 * in db_begin/db_begin_unversioned until the writer lock was held (SQLite's
 * BEGIN IMMEDIATE with its busy waits; PostgreSQL's advisory lock and
 * BEGIN); `body_us`, from then until db_commit or db_rollback was called;
 * `commit_us`, in db_commit (the version's bump and the durable commit);
 * `lock_wait_max_us` and `commit_max_us`, the longest single wait and commit;
 * `after_us`, after the commit, the lock released (SQLite: the WAL's
 * checkpoints). `committed` and `rolled_back`
 * count the transactions that ended each way (a rolled back one's body is
 * counted, its commit not). */
struct db_write_stats {
	uint64_t committed, rolled_back;
	uint64_t lock_wait_us, body_us, commit_us, lock_wait_max_us, commit_max_us, after_us;
};
void db_write_stats(struct db_write_stats *out);

/* Runs one statement that returns no rows. Returns the number of rows
 * changed (>= 0), or -1. */
int64_t db_exec(struct db *db, const char *sql, size_t nargs, const struct db_arg *args);

/* Runs several ;-separated statements without parameters (migrations). */
int db_exec_script(struct db *db, const char *sql);

/* Runs a query. Returns a result to iterate with db_next() and free with
 * db_res_free(), or NULL on error. */
struct db_res *db_query(struct db *db, const char *sql, size_t nargs, const struct db_arg *args);
/* Advances to the next row: 1 a row, 0 no more rows, -1 error. */
int db_next(struct db_res *res);
int db_ncols(const struct db_res *res);
const char *db_colname(const struct db_res *res, int col);
bool db_isnull(const struct db_res *res, int col);
int64_t db_int(const struct db_res *res, int col);
double db_real(const struct db_res *res, int col);
/* The column as text (NULL for SQL NULL); valid until the next db_next. */
const char *db_text(const struct db_res *res, int col);
/* The column as a JSON value: integer, real, string or null. New reference. */
json_t *db_json(const struct db_res *res, int col);
void db_res_free(struct db_res *res);

/* Convenience: every row as an object keyed by column name, in an array
 * (new reference), or NULL on error. */
json_t *db_json_rows(struct db *db, const char *sql, size_t nargs, const struct db_arg *args);
/* The first row as an object, JSON null when there is no row, NULL on error. */
json_t *db_json_row(struct db *db, const char *sql, size_t nargs, const struct db_arg *args);
/* The first column of the first row as an integer; `dflt` when no row.
 * Returns 0, or -1 on error. */
int db_scalar_int(struct db *db, int64_t *out, int64_t dflt, const char *sql,
                  size_t nargs, const struct db_arg *args);

/* Write transactions; see the top comment. db_rollback never fails in a way
 * the caller can act on, so it returns nothing. */
int db_begin(struct db *db);
/* A write transaction whose commit leaves the data version alone: for
 * bookkeeping no cached page shows (sessions, sign-in counters, tokens,
 * their audit entries). Anything a public page shows uses db_begin. */
int db_begin_unversioned(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* After a failed db_commit: true when the COMMIT was sent and the
 * connection lost before its answer came (PostgreSQL), so the transaction
 * may have been committed; the caller must not say it was not. Cleared by
 * db_pool_get. */
bool db_commit_unknown(const struct db *db);

/* A read-only transaction: every query until db_rollback (or db_commit)
 * sees one consistent snapshot of the database, and writers are never
 * blocked by it (SQLite: a deferred BEGIN, in WAL mode a reader holds no
 * lock writers wait on; PostgreSQL: REPEATABLE READ READ ONLY, without
 * the writer lock db_begin takes). For reads that must agree with each
 * other across many statements, such as the open-data export. A write in
 * it fails (PostgreSQL) or is the caller's bug. Returns 0, or -1. */
int db_begin_read(struct db *db);

/* A number that changes whenever any committed write happened, in this
 * process or any other sharing the database. Returns -1 on error. */
int64_t db_data_version(struct db *db);

/* Applies the embedded migrations (schema/NNNN_name.sql, with a
 * NNNN_name.sqlite.sql or NNNN_name.pg.sql variant taking precedence on its
 * backend) that have not run yet, each in its own transaction, in order.
 * Safe to run from two processes at once. Writes progress lines to `log`
 * when non-NULL. Returns the number applied, or -1 (err names the file). */
int db_migrate(struct db *db, void (*log)(const char *line), char *err, size_t errlen);

/* The pending migrations: how many of the embedded migrations this
 * database has not applied, or -1 on error. /readyz asks it. */
int db_migrations_pending(struct db *db);

/* A pool hands each thread its own connection to one database. */
struct db_pool *db_pool_open(const char *url, char *err, size_t errlen);
/* This thread's connection, opened on first use, with its last error
 * cleared (so db_failure speaks of this request only); NULL when it cannot
 * be had now (an outage: the reason is logged). A connection that cannot be
 * opened, or that the server dropped, is tried again with a backoff of its
 * own (DB_RETRY_MIN_MS doubling up to DB_RETRY_MAX_MS): until then a
 * request fails at once, so none pays for more than one failed attempt.
 * Closed when the thread exits or the pool is freed. */
struct db *db_pool_get(struct db_pool *pool);
#define DB_RETRY_MIN_MS 50
#define DB_RETRY_MAX_MS 500

/* Tells the pool how a request's database work went: down when it met an
 * outage (db_unavailable), up when a statement succeeded and none met an
 * outage; db NULL (no connection could be had) is down. The pool keeps
 * the node's view of its database from these: up or down since when. */
void db_pool_report(struct db_pool *pool, struct db *db);
/* Starts following commits where the backend can (PostgreSQL: a thread
 * with a connection of its own LISTENs for each commit's new data version,
 * db_pg_listen.c); nothing on SQLite. For a server: a command that runs
 * and exits has nothing to save. Stopped by db_pool_free. */
void db_pool_listen(struct db_pool *pool);
/* The data version as this node knows it: from memory while the pool
 * listens (no round trip; another node's commit may be seen a little
 * late: the bound is in docs/deployment.md, this node's own at once),
 * else asked of the server on db (db_data_version). -1 on error, and
 * when it must be asked but db is NULL (no connection). */
int64_t db_pool_data_version(struct db_pool *pool, struct db *db);
/* The node's view, for /healthz and /metrics: whether the database was
 * last seen down, how many times it went down, and the seconds spent down
 * (the current outage included). */
struct db_pool_health {
	bool down;
	uint64_t outages;
	double down_seconds;
	bool listening;            /* the data version is known in memory now */
	uint64_t listener_losses;  /* times the commit listener lost its connection */
};
void db_pool_health(struct db_pool *pool, struct db_pool_health *out);
void db_pool_free(struct db_pool *pool);
/* Bytes the pool's connections hold by design (SQLite: the page cache, up
 * to cache_size, the prepared statements, up to 256, and the schema, for
 * each; PostgreSQL: counted by the server, not here), as each stood at
 * one of its thread's last 64 uses. /metrics shows it, so that memory bounded by
 * design can be told from memory that grows. */
size_t db_pool_cache_bytes(struct db_pool *pool);

#endif
