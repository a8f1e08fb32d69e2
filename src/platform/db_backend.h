/* db_backend.h — what a database backend provides to db.c (private to the
 * db module: only db.c and the backends' files, db_sqlite.c and db_pg*.c,
 * include it; and the db tests).
 *
 * db.c holds everything that is the same on every backend (the convenience
 * calls, transactions' data-version bump, migrations), db_pool.c the pool; a backend
 * implements the small table of operations below. Each backend's connection
 * struct starts with a `struct db` and each result struct with a
 * `struct db_res`, so db.c can hand them back to their backend. */
#ifndef PACTE_DB_BACKEND_H
#define PACTE_DB_BACKEND_H

#include <stdatomic.h>

#include "db.h"

struct db_listener;
struct db_watch;

struct db_ops {
	enum db_dialect dialect;
	struct db *(*open)(const char *url, char *err, size_t errlen);
	void (*close)(struct db *db);
	int64_t (*exec)(struct db *db, const char *sql, size_t nargs, const struct db_arg *args);
	int (*exec_script)(struct db *db, const char *sql);
	struct db_res *(*query)(struct db *db, const char *sql, size_t nargs,
	                        const struct db_arg *args);
	int (*next)(struct db_res *res);
	int (*ncols)(const struct db_res *res);
	const char *(*colname)(const struct db_res *res, int col);
	bool (*isnull)(const struct db_res *res, int col);
	int64_t (*get_int)(const struct db_res *res, int col);
	double (*get_real)(const struct db_res *res, int col);
	const char *(*get_text)(const struct db_res *res, int col);
	json_t *(*get_json)(const struct db_res *res, int col);
	void (*res_free)(struct db_res *res);
	/* Transaction control: begin a write transaction, commit, roll back. */
	int (*begin)(struct db *db);
	/* Begin a read-only transaction on one snapshot, taking no write lock
	 * (db_begin_read). */
	int (*begin_read)(struct db *db);
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	/* Runs after a successful commit, once the writer lock and the gate
	 * are released (SQLite: the WAL's checkpoint, which must not make the
	 * next writer wait). May be NULL. */
	void (*after_commit)(struct db *db);
	/* Serialises migrations between processes (PostgreSQL: an advisory
	 * lock; SQLite: BEGIN IMMEDIATE already does). May be NULL. */
	int (*lock_migrations)(struct db *db);
	void (*unlock_migrations)(struct db *db);
	/* Bytes the connection holds by design (page cache, prepared
	 * statements, schema). May be NULL (none worth counting). */
	size_t (*cache_bytes)(struct db *db);
	/* Starts a thread that follows the data version without being asked
	 * (db_watch below); NULL where the backend cannot (SQLite: a request
	 * reads its own file, no round trip to save). */
	struct db_listener *(*listen)(const char *url, struct db_watch *watch);
	void (*unlisten)(struct db_listener *l);
};

/* A node's data version known in memory, so that a cache hit needs no
 * round trip to the server (db_pool_data_version). The listener raises
 * `version` to each version a commit anywhere announces; this node's own
 * commits raise it too, at once (db_commit). `live` is true only while the
 * listener is connected and has re-read the version since it connected:
 * otherwise every request asks the server, as without a listener. */
struct db_watch {
	_Atomic int64_t version;
	_Atomic bool live;
	_Atomic uint64_t reconnects;    /* times the listener lost its connection */
};

/* Raises *seen to v if v is newer (versions only grow). */
void db_watch_saw(struct db_watch *w, int64_t v);

struct db {
	const struct db_ops *ops;
	char errmsg[512];
	int txn_depth;             /* > 0 inside db_begin … db_commit/rollback */
	bool txn_versioned;        /* this transaction's commit bumps the data version */
	bool txn_write;            /* a write transaction (db_write_stats counts it) */
	int64_t txn_started_us;    /* when its begin returned (db_now_us) */
	struct db_gate *gate;      /* this process's queue of writers (db_gate.c); NULL: none */
	bool gate_held;            /* this connection holds it (db_begin … commit/rollback) */
	int gate_ms;               /* how long a writer waits for it: the backend's lock
	                            * timeout (0: DB_GATE_MS) */
	bool retryable;            /* the last error is worth retrying (set by the backend
	                            * after db_set_error, which clears it) */
	enum db_failure failure;   /* the last error's kind (set by the backend after
	                            * db_set_error, which clears it; retryable means
	                            * DB_FAIL_BUSY whatever this says) */
	bool answered;             /* a call succeeded since db_pool_get */
	bool commit_unknown;       /* the last COMMIT's answer was lost (db_commit_unknown) */
	bool reopen;               /* the pool must open this connection again (a SQLite
	                            * file opened read-only may be writable now) */
	struct db_watch *watch;    /* the pool's, told of each commit's version; NULL
	                            * outside a pool with a listener */
};

struct db_res {
	const struct db_ops *ops;
	struct db *db;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

struct embed_file;

/* db_migrate() over an explicit list of files instead of the embedded ones
 * (entries not named schema/…sql are ignored), so the tests can feed it
 * broken or out-of-order migrations. Same results as db_migrate(). */
int db_migrate_files(struct db *db, const struct embed_file *files, size_t nfiles,
                     void (*log)(const char *line), char *err, size_t errlen);

/* The gate in front of a database's writer lock (db_gate.c): the writers
 * of this process take the lock one after the other, in the order they
 * asked for it. db_gate_for gives the gate of a database URL (the same for
 * every connection to it; NULL for an in-memory database, or past the
 * gates a process can hold); db_gate_enter waits until the gate is this
 * caller's, at most timeout_ms (0, or -1 when the time ran out);
 * db_gate_leave hands it to the next in line. */
#define DB_GATE_MS 10000
struct db_gate;
struct db_gate *db_gate_for(const char *url);
int db_gate_enter(struct db_gate *g, int timeout_ms);
void db_gate_leave(struct db_gate *g);
/* How many wait for the gate now (0 for NULL). */
size_t db_gate_queued(struct db_gate *g);

/* Records an error message on the connection (printf-style). */
__attribute__((format(printf, 2, 3)))
void db_set_error(struct db *db, const char *fmt, ...);

/* Counts one failed call of that kind (db_failure_counts). */
void db_count_failure(enum db_failure f);

/* A monotonic clock in microseconds, for backoffs and outage times. */
int64_t db_now_us(void);
/* The next backoff after `prev_ms` (0 at the first failure): DB_RETRY_MIN_MS,
 * doubling, at most DB_RETRY_MAX_MS. */
int db_backoff_next(int prev_ms);

#endif
