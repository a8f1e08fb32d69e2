/* db_sqlite.c — the SQLite backend of db.h.
 *
 * One connection per thread (SQLITE_CONFIG_MULTITHREAD: no mutexes inside
 * SQLite), in WAL mode so readers never wait for the writer. Every request
 * runs a few queries, so each connection keeps its prepared statements in a
 * small hash table keyed by SQL text: a repeated query costs a lookup, a
 * reset and its binds. A cached statement carries its own result struct, so
 * a query on the hot path allocates nothing of ours either. A statement
 * still held by an open result is never handed out twice: the second user
 * gets a fresh statement that is finalized when its result is freed.
 *
 * Parameters are written $1, $2 … as on PostgreSQL; each is bound by its
 * name, so a number may repeat, and every argument must be used exactly as
 * PostgreSQL would insist. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "db.h"
#include "db_backend.h"
#include "util.h"

#define BUSY_TIMEOUT_MS 10000
#define CHECKPOINT_PAGES 1000      /* SQLite's own default (wal_hook below) */
#define STMT_BUCKETS 128        /* power of two */
#define STMT_CACHE_MAX 256      /* statements kept per connection */
#define SQL_QUOTE_MAX 120       /* how much SQL an error message quotes */

struct cached_stmt;

struct sqlite_res {
	struct db_res base;
	struct sqlite_db *s;
	sqlite3_stmt *stmt;
	struct cached_stmt *owner;  /* NULL: a fresh statement this result owns */
	bool done;                  /* stepped past the last row, or failed */
};

struct cached_stmt {
	struct cached_stmt *next;   /* in its bucket */
	uint64_t hash;
	uint64_t last_use;          /* for evicting the least recently used */
	bool in_use;                /* held by an open result */
	sqlite3_stmt *stmt;
	struct sqlite_res res;      /* the result handed out while in_use */
	char sql[];
};

struct sqlite_db {
	struct db base;
	sqlite3 *conn;
	struct cached_stmt *buckets[STMT_BUCKETS];
	size_t ncached;
	uint64_t tick;
	int busy_ms;                /* the busy timeout */
	int wal_pages;              /* the WAL's pages after the last commit (wal_hook) */
	int checkpoint_pages;       /* checkpoint once the WAL holds that many */
	bool in_commit;             /* inside sqlite_commit: the checkpoint waits */
};

static struct sqlite_db *sdb(struct db *db)
{
	return (struct sqlite_db *)db;
}

static const struct sqlite_res *sres(const struct db_res *res)
{
	return (const struct sqlite_res *)res;
}

/* ---- Errors ------------------------------------------------------------ */

/* The kind of a failure (db.h's enum db_failure) from its result code. A
 * read-only file may have been opened so and be writable again: the pool
 * opens such a connection again (at most every DB_RETRY_MAX_MS). */
static enum db_failure sqlite_failure(struct sqlite_db *s, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_FAIL_BUSY;
	case SQLITE_FULL:
		return DB_FAIL_FULL;
	case SQLITE_READONLY:
		s->base.reopen = true;
		return DB_FAIL_READONLY;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return DB_FAIL_UNREACHABLE;
	default:
		return DB_FAIL_OTHER;
	}
}

/* Records SQLite's last error on the connection; `what` says which call. */
static void set_sqlite_error(struct sqlite_db *s, int rc, const char *what)
{
	if ((rc & 0xff) == SQLITE_BUSY) {
		db_set_error(&s->base, "%s: the database is locked: another connection "
		             "held the write lock for more than %d ms", what, s->busy_ms);
		s->base.retryable = true;
	} else
		db_set_error(&s->base, "%s: %s", what, sqlite3_errmsg(s->conn));
	s->base.failure = sqlite_failure(s, rc);
}

/* As above, quoting the start of the SQL (our own text, never user data). */
static void set_sql_error(struct sqlite_db *s, const char *msg, const char *sql)
{
	size_t len = strlen(sql);
	db_set_error(&s->base, "%s in \"%.*s%s\"", msg, SQL_QUOTE_MAX, sql,
	             len > SQL_QUOTE_MAX ? "…" : "");
}

/* ---- Statement cache --------------------------------------------------- */

static uint64_t hash_sql(const char *sql)
{
	uint64_t h = 0xcbf29ce484222325ULL;     /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return h;
}

/* Prepares exactly one statement; a second one in the text is an error
 * (a caller meaning a script wants db_exec_script). */
static sqlite3_stmt *prepare(struct sqlite_db *s, const char *sql, unsigned flags)
{
	sqlite3_stmt *stmt = NULL, *extra = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v3(s->conn, sql, -1, flags, &stmt, &tail);
	if (rc != SQLITE_OK) {
		set_sql_error(s, sqlite3_errmsg(s->conn), sql);
		s->base.failure = sqlite_failure(s, rc);
		return NULL;
	}
	if (!stmt) {
		set_sql_error(s, "no SQL statement", sql);
		return NULL;
	}
	/* What follows the statement must be blanks or comments. */
	if (tail && *tail) {
		rc = sqlite3_prepare_v2(s->conn, tail, -1, &extra, NULL);
		sqlite3_finalize(extra);
		if (rc != SQLITE_OK || extra) {
			sqlite3_finalize(stmt);
			set_sql_error(s, "more than one statement (use db_exec_script)", sql);
			return NULL;
		}
	}
	return stmt;
}

static void cache_remove(struct sqlite_db *s, struct cached_stmt *e)
{
	struct cached_stmt **pp = &s->buckets[e->hash & (STMT_BUCKETS - 1)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	sqlite3_finalize(e->stmt);
	free(e);
	s->ncached--;
}

/* Makes room for one more statement. Returns false when every cached
 * statement is in use (then the new one is simply not cached). */
static bool cache_make_room(struct sqlite_db *s)
{
	if (s->ncached < STMT_CACHE_MAX)
		return true;
	struct cached_stmt *lru = NULL;
	for (size_t b = 0; b < STMT_BUCKETS; b++)
		for (struct cached_stmt *e = s->buckets[b]; e; e = e->next)
			if (!e->in_use && (!lru || e->last_use < lru->last_use))
				lru = e;
	if (!lru)
		return false;
	cache_remove(s, lru);
	return true;
}

/* Finds or prepares the statement for sql and marks it in use. *owner is
 * the cache entry to give back with stmt_release, or NULL for a fresh
 * statement the caller must finalize. Returns NULL on error. */
static sqlite3_stmt *stmt_acquire(struct sqlite_db *s, const char *sql,
                                  struct cached_stmt **owner)
{
	uint64_t h = hash_sql(sql);
	struct cached_stmt **bucket = &s->buckets[h & (STMT_BUCKETS - 1)];
	*owner = NULL;
	for (struct cached_stmt *e = *bucket; e; e = e->next) {
		if (e->hash != h || strcmp(e->sql, sql) != 0)
			continue;
		if (e->in_use)
			return prepare(s, sql, 0);
		e->in_use = true;
		e->last_use = ++s->tick;
		*owner = e;
		return e->stmt;
	}
	if (!cache_make_room(s))
		return prepare(s, sql, 0);
	sqlite3_stmt *stmt = prepare(s, sql, SQLITE_PREPARE_PERSISTENT);
	if (!stmt)
		return NULL;
	size_t len = strlen(sql);
	struct cached_stmt *e = xmalloc(sizeof(*e) + len + 1);
	*e = (struct cached_stmt){
		.next = *bucket, .hash = h, .last_use = ++s->tick, .in_use = true,
		.stmt = stmt,
	};
	memcpy(e->sql, sql, len + 1);
	*bucket = e;
	s->ncached++;
	*owner = e;
	return stmt;
}

static void stmt_release(sqlite3_stmt *stmt, struct cached_stmt *owner)
{
	if (!owner) {
		sqlite3_finalize(stmt);
		return;
	}
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	owner->in_use = false;
}

/* ---- Binding ----------------------------------------------------------- */

/* The argument number in a parameter name "$N", or 0 if it is not one. */
static size_t param_number(const char *name)
{
	if (!name || name[0] != '$' || name[1] < '1' || name[1] > '9')
		return 0;
	size_t n = 0;
	for (const char *p = name + 1; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return 0;
		n = n * 10 + (size_t)(*p - '0');
	}
	return n;
}

static int bind_one(sqlite3_stmt *stmt, int i, const struct db_arg *a,
                    sqlite3_destructor_type text_mode)
{
	switch (a->kind) {
	case DB_KIND_NULL:
		return sqlite3_bind_null(stmt, i);
	case DB_KIND_INT:
		return sqlite3_bind_int64(stmt, i, a->i);
	case DB_KIND_REAL:
		return sqlite3_bind_double(stmt, i, a->r);
	case DB_KIND_TEXT:
		if (!a->s)
			return sqlite3_bind_null(stmt, i);
		return sqlite3_bind_text(stmt, i, a->s, -1, text_mode);
	}
	return SQLITE_MISUSE;
}

/* Binds args to the statement's $N parameters. Every parameter must name an
 * argument and every argument must be used: PostgreSQL refuses both
 * mistakes, so SQLite does too. text_mode is SQLITE_STATIC when the
 * statement is done with before the caller's strings can go away. */
static int bind_args(struct sqlite_db *s, sqlite3_stmt *stmt, size_t nargs,
                     const struct db_arg *args, sqlite3_destructor_type text_mode)
{
	int count = sqlite3_bind_parameter_count(stmt);
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(stmt, i);
		size_t n = param_number(name);
		if (n == 0) {
			db_set_error(&s->base, "parameter %s: write parameters as $1, $2 …",
			             name ? name : "?");
			return -1;
		}
		if (n > nargs) {
			db_set_error(&s->base, "parameter %s but only %zu argument%s given",
			             name, nargs, nargs == 1 ? "" : "s");
			return -1;
		}
		int rc = bind_one(stmt, i, &args[n - 1], text_mode);
		if (rc != SQLITE_OK) {
			set_sqlite_error(s, rc, name);
			return -1;
		}
	}
	/* Distinct names, each at most nargs: fewer names than arguments means
	 * one went unused. */
	if ((size_t)count != nargs) {
		db_set_error(&s->base, "%zu argument%s given but the SQL uses %d parameter%s",
		             nargs, nargs == 1 ? "" : "s", count, count == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

/* ---- Connection -------------------------------------------------------- */

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Must run before SQLite initialises: the memory-statistics mutex would
 * serialise every thread, and one connection per thread needs no more
 * locking than MULTITHREAD gives. Both fail harmlessly if something
 * initialised SQLite first. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_initialize();
}

/* Settings for every connection. journal_mode comes first and apart: it
 * returns a row, and changing it needs a moment alone with the file. */
static const char *const connection_pragmas =
	"PRAGMA synchronous = NORMAL;"
	"PRAGMA foreign_keys = ON;"
	/* Reads come straight from the kernel's page cache through the map, shared
	 * by every connection, so each connection's own cache holds little more
	 * than the pages a write changes: 2 MiB, not 16 (issue 19, memory). The
	 * map's size is only an upper bound (SQLite caps it at its compile-time
	 * SQLITE_MAX_MMAP_SIZE, 2 GiB in Debian's build). */
	"PRAGMA mmap_size = 4294967296;"
	"PRAGMA cache_size = -2048;"
	"PRAGMA temp_store = MEMORY;";

/* Switches to WAL. Two processes opening a new file at once can find it
 * locked for an instant; the busy handler does not cover this pragma, so
 * it is retried for up to the busy timeout. */
static int set_wal(struct sqlite_db *s)
{
	int rc = SQLITE_OK;
	for (int tries = 0; tries < s->busy_ms / 10; tries++) {
		rc = sqlite3_exec(s->conn, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
	}
	return rc;
}

/* PACTE_SQL_PROFILE=1 in the environment: every statement's run time and
 * text on standard error, to find what a slow page spends its time on. */
static int profile_statement(unsigned type, void *ctx, void *stmt, void *ns)
{
	fprintf(stderr, "sql %8.3f ms  %s\n", (double)*(sqlite3_int64 *)ns / 1e6,
	        sqlite3_sql(stmt));
	return 0;
}

/* An integer from the environment, or dflt when unset or not a number in
 * [lo, hi]. */
static int64_t env_int(const char *name, int64_t dflt, int64_t lo, int64_t hi)
{
	const char *v = getenv(name);
	int64_t n;
	return v && parse_int64(v, lo, hi, &n) == 0 ? n : dflt;
}

/* Two settings the fault tests (tests/fault) need, from the environment:
 * PACTE_SQLITE_BUSY_MS, the busy timeout (default 10 s), so that a lock
 * held past it takes seconds, not a minute, to show; and
 * PACTE_SQLITE_MAX_PAGES, a cap on the file's pages (max_page_count), so
 * that a full disk can be had without a file system of its own. */
static int sqlite_limits(struct sqlite_db *s)
{
	s->busy_ms = (int)env_int("PACTE_SQLITE_BUSY_MS", BUSY_TIMEOUT_MS, 10, 3600 * 1000);
	sqlite3_busy_timeout(s->conn, s->busy_ms);
	s->base.gate_ms = s->busy_ms;   /* the gate waits as long as the lock would */
	s->checkpoint_pages = (int)env_int("PACTE_SQLITE_CHECKPOINT_PAGES", CHECKPOINT_PAGES, 1,
	                                   INT32_MAX);
	int64_t pages = env_int("PACTE_SQLITE_MAX_PAGES", 0, 1, INT32_MAX);
	if (!pages)
		return SQLITE_OK;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages);
	return sqlite3_exec(s->conn, sql, NULL, NULL, NULL);
}

static int wal_hook(void *arg, sqlite3 *conn, const char *name, int pages);

static struct db *sqlite_open(const char *url, char *err, size_t errlen)
{
	pthread_once(&sqlite_once, sqlite_setup);
	struct sqlite_db *s = xcalloc(1, sizeof(*s));
	int rc = sqlite3_open_v2(url, &s->conn,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                         SQLITE_OPEN_NOMUTEX, NULL);
	const char *step = "cannot open database";
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(s->conn, 1);
		rc = sqlite_limits(s);
	}
	if (rc == SQLITE_OK) {
		if (getenv("PACTE_SQL_PROFILE"))
			sqlite3_trace_v2(s->conn, SQLITE_TRACE_PROFILE, profile_statement, NULL);
		step = "cannot switch database to WAL";
		rc = set_wal(s);
		sqlite3_wal_hook(s->conn, wal_hook, s);
	}
	if (rc == SQLITE_OK) {
		step = "cannot configure database";
		rc = sqlite3_exec(s->conn, connection_pragmas, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s: %s", url, step,
			         s->conn ? sqlite3_errmsg(s->conn) : sqlite3_errstr(rc));
		sqlite3_close_v2(s->conn);
		free(s);
		return NULL;
	}
	s->base.ops = &db_sqlite_ops;
	return &s->base;
}

static void sqlite_close(struct db *db)
{
	struct sqlite_db *s = sdb(db);
	for (size_t b = 0; b < STMT_BUCKETS; b++) {
		struct cached_stmt *e = s->buckets[b];
		while (e) {
			struct cached_stmt *next = e->next;
			sqlite3_finalize(e->stmt);
			free(e);
			e = next;
		}
	}
	/* _v2: a result the caller forgot keeps its statement valid instead of
	 * making the close fail. */
	sqlite3_close_v2(s->conn);
	free(s);
}

/* ---- Statements -------------------------------------------------------- */

static int64_t sqlite_exec(struct db *db, const char *sql, size_t nargs,
                           const struct db_arg *args)
{
	struct sqlite_db *s = sdb(db);
	struct cached_stmt *owner;
	sqlite3_stmt *stmt = stmt_acquire(s, sql, &owner);
	if (!stmt)
		return -1;
	int64_t changes = -1;
	/* The statement is reset before we return, so the caller's strings
	 * need not be copied. */
	if (bind_args(s, stmt, nargs, args, SQLITE_STATIC) == 0) {
		int64_t before = sqlite3_total_changes64(s->conn);
		int rc;
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
			;
		if (rc == SQLITE_DONE)
			/* changes64 still holds the last DML count after DDL;
			 * the total tells whether this statement changed anything. */
			changes = sqlite3_total_changes64(s->conn) == before ?
			          0 : sqlite3_changes64(s->conn);
		else
			set_sqlite_error(s, rc, "db_exec");
	}
	stmt_release(stmt, owner);
	return changes;
}

static int sqlite_exec_script(struct db *db, const char *sql)
{
	struct sqlite_db *s = sdb(db);
	char *msg = NULL;
	int rc = sqlite3_exec(s->conn, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_BUSY)
		set_sqlite_error(s, rc, "db_exec_script");
	else {
		db_set_error(db, "%s", msg ? msg : sqlite3_errstr(rc));
		db->failure = sqlite_failure(s, rc);
	}
	sqlite3_free(msg);
	return -1;
}

static struct db_res *sqlite_query(struct db *db, const char *sql, size_t nargs,
                                   const struct db_arg *args)
{
	struct sqlite_db *s = sdb(db);
	struct cached_stmt *owner;
	sqlite3_stmt *stmt = stmt_acquire(s, sql, &owner);
	if (!stmt)
		return NULL;
	/* Text is copied: a result may be stepped after the caller's
	 * argument strings are gone. */
	if (bind_args(s, stmt, nargs, args, SQLITE_TRANSIENT) < 0) {
		stmt_release(stmt, owner);
		return NULL;
	}
	struct sqlite_res *r = owner ? &owner->res : xmalloc(sizeof(*r));
	*r = (struct sqlite_res){.s = s, .stmt = stmt, .owner = owner};
	return &r->base;
}

static int sqlite_next(struct db_res *res)
{
	struct sqlite_res *r = (struct sqlite_res *)res;
	/* Stepping a finished statement would start it over. */
	if (r->done)
		return 0;
	int rc = sqlite3_step(r->stmt);
	if (rc == SQLITE_ROW)
		return 1;
	r->done = true;
	if (rc == SQLITE_DONE)
		return 0;
	set_sqlite_error(r->s, rc, "db_next");
	return -1;
}

static int sqlite_ncols(const struct db_res *res)
{
	return sqlite3_column_count(sres(res)->stmt);
}

static const char *sqlite_colname(const struct db_res *res, int col)
{
	return sqlite3_column_name(sres(res)->stmt, col);
}

static bool sqlite_isnull(const struct db_res *res, int col)
{
	return sqlite3_column_type(sres(res)->stmt, col) == SQLITE_NULL;
}

static int64_t sqlite_get_int(const struct db_res *res, int col)
{
	return sqlite3_column_int64(sres(res)->stmt, col);
}

static double sqlite_get_real(const struct db_res *res, int col)
{
	return sqlite3_column_double(sres(res)->stmt, col);
}

static const char *sqlite_get_text(const struct db_res *res, int col)
{
	return (const char *)sqlite3_column_text(sres(res)->stmt, col);
}

/* A value JSON cannot hold (a BLOB, an infinite REAL, text that is not
 * UTF-8, which input validation keeps out) comes back as null. */
static json_t *sqlite_get_json(const struct db_res *res, int col)
{
	sqlite3_stmt *stmt = sres(res)->stmt;
	json_t *v = NULL;
	switch (sqlite3_column_type(stmt, col)) {
	case SQLITE_INTEGER:
		v = json_integer(sqlite3_column_int64(stmt, col));
		break;
	case SQLITE_FLOAT:
		v = json_real(sqlite3_column_double(stmt, col));
		break;
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_column_text(stmt, col);
		v = json_stringn(t, (size_t)sqlite3_column_bytes(stmt, col));
		break;
	}
	default:
		break;
	}
	return v ? v : json_null();
}

static void sqlite_res_free(struct db_res *res)
{
	struct sqlite_res *r = (struct sqlite_res *)res;
	struct cached_stmt *owner = r->owner;
	stmt_release(r->stmt, owner);
	if (!owner)
		free(r);
}

/* ---- Transactions ------------------------------------------------------ */

/* Runs a parameterless statement through the cache; 0 or -1. */
static int run_simple(struct sqlite_db *s, const char *sql, const char *what)
{
	struct cached_stmt *owner;
	sqlite3_stmt *stmt = stmt_acquire(s, sql, &owner);
	if (!stmt)
		return -1;
	int rc = sqlite3_step(stmt);
	stmt_release(stmt, owner);
	if (rc == SQLITE_DONE)
		return 0;
	set_sqlite_error(s, rc, what);
	return -1;
}

/* IMMEDIATE takes the write lock now: writers queue here, waiting up to the
 * busy timeout, instead of failing later when a read turns into a write. */
static int sqlite_begin(struct db *db)
{
	return run_simple(sdb(db), "BEGIN IMMEDIATE", "db_begin");
}

/* Deferred: the snapshot is taken by the first read, and in WAL mode a
 * reader never makes a writer wait. */
static int sqlite_begin_read(struct db *db)
{
	return run_simple(sdb(db), "BEGIN DEFERRED", "db_begin_read");
}

/* SQLite checkpoints the WAL into the database file (and syncs both) in
 * the connection whose commit took the WAL past 1000 pages, before that
 * commit returns: on a busy server every other writer of the process would
 * wait for it at the gate (db_gate.c). This hook, which replaces SQLite's
 * own, notes the WAL's size after a commit made by sqlite_commit and
 * leaves the checkpoint to sqlite_after_commit, once the lock and the gate
 * are free; a commit made any other way (a migration's script) checkpoints
 * at once, as SQLite would. The checkpoint is PASSIVE, as SQLite's own:
 * it never waits for a reader or a writer. A commit is durable in the WAL
 * (synchronous = NORMAL survives a crash of the process) whenever the
 * checkpoint runs. */

static int wal_hook(void *arg, sqlite3 *conn, const char *name, int pages)
{
	struct sqlite_db *s = arg;
	s->wal_pages = pages;
	if (!s->in_commit && pages >= s->checkpoint_pages)
		sqlite3_wal_checkpoint_v2(conn, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

static int sqlite_commit(struct db *db)
{
	struct sqlite_db *s = sdb(db);
	s->in_commit = true;
	int rc = run_simple(s, "COMMIT", "db_commit");
	s->in_commit = false;
	return rc;
}

static void sqlite_after_commit(struct db *db)
{
	struct sqlite_db *s = sdb(db);
	if (s->wal_pages < s->checkpoint_pages)
		return;
	s->wal_pages = 0;
	sqlite3_wal_checkpoint_v2(s->conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

/* Leaves the connection's error message alone: it explains why the caller
 * is rolling back. SQLite may have rolled back already (after some errors),
 * hence the autocommit check. */
static void sqlite_rollback(struct db *db)
{
	struct sqlite_db *s = sdb(db);
	if (sqlite3_get_autocommit(s->conn))
		return;
	char saved[sizeof(db->errmsg)];
	bool retry = db->retryable;
	enum db_failure failure = db->failure;
	memcpy(saved, db->errmsg, sizeof(saved));
	run_simple(s, "ROLLBACK", "db_rollback");
	memcpy(db->errmsg, saved, sizeof(saved));
	db->retryable = retry;
	db->failure = failure;
}

/* What the connection holds by design: its page cache (cache_size), its
 * prepared statements (STMT_CACHE_MAX of them) and the schema. */
static size_t sqlite_cache_bytes(struct db *db)
{
	static const int ops[] = {SQLITE_DBSTATUS_CACHE_USED, SQLITE_DBSTATUS_STMT_USED,
	                          SQLITE_DBSTATUS_SCHEMA_USED};
	size_t sum = 0;
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		int used = 0, high = 0;
		if (sqlite3_db_status(sdb(db)->conn, ops[i], &used, &high, 0) == SQLITE_OK && used > 0)
			sum += (size_t)used;
	}
	return sum;
}

const struct db_ops db_sqlite_ops = {
	.dialect = DB_SQLITE,
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.exec_script = sqlite_exec_script,
	.query = sqlite_query,
	.next = sqlite_next,
	.ncols = sqlite_ncols,
	.colname = sqlite_colname,
	.isnull = sqlite_isnull,
	.get_int = sqlite_get_int,
	.get_real = sqlite_get_real,
	.get_text = sqlite_get_text,
	.get_json = sqlite_get_json,
	.res_free = sqlite_res_free,
	.begin = sqlite_begin,
	.begin_read = sqlite_begin_read,
	.commit = sqlite_commit,
	.after_commit = sqlite_after_commit,
	.rollback = sqlite_rollback,
	/* BEGIN IMMEDIATE already serialises migrations between processes. */
	.lock_migrations = NULL,
	.unlock_migrations = NULL,
	.cache_bytes = sqlite_cache_bytes,
};
