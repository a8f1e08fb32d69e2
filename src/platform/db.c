/* db.c — the backend-independent half of the database layer.
 *
 * A backend (db_sqlite.c, db_pg.c) implements the small table of
 * operations in db_backend.h; this file picks the backend from the URL,
 * dispatches through the table and builds everything else on the generic
 * calls: the JSON conveniences, transactions with their data-version bump,
 * the failures' kinds and counts, and the migrations. The per-thread
 * connection pool is db_pool.c. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_backend.h"
#include "embed.h"
#include "util.h"

void db_set_error(struct db *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
	va_end(ap);
	db->retryable = false;
	db->failure = DB_FAIL_OTHER;
}

bool db_retryable(const struct db *db)
{
	return db->retryable;
}

enum db_failure db_failure(const struct db *db)
{
	return db->retryable ? DB_FAIL_BUSY : db->failure;
}

bool db_unavailable(const struct db *db)
{
	return db_failure(db) != DB_FAIL_OTHER;
}

static const char *const failure_names[DB_FAILURE_KINDS] = {
	[DB_FAIL_OTHER] = "other", [DB_FAIL_UNREACHABLE] = "unreachable",
	[DB_FAIL_BUSY] = "busy", [DB_FAIL_FULL] = "full", [DB_FAIL_READONLY] = "readonly",
};

const char *db_failure_name(enum db_failure f)
{
	return (unsigned)f < DB_FAILURE_KINDS ? failure_names[f] : "other";
}

/* Failed calls by kind, process-wide: counters only, for /metrics. */
static _Atomic uint64_t failure_counts[DB_FAILURE_KINDS];

void db_count_failure(enum db_failure f)
{
	atomic_fetch_add_explicit(&failure_counts[(unsigned)f < DB_FAILURE_KINDS ? f : 0], 1,
	                          memory_order_relaxed);
}

void db_failure_counts(uint64_t counts[DB_FAILURE_KINDS])
{
	for (int i = 0; i < DB_FAILURE_KINDS; i++)
		counts[i] = atomic_load_explicit(&failure_counts[i], memory_order_relaxed);
}

/* Every call below ends here: counts a failure by kind, notes a success. */
static int outcome(struct db *db, bool ok)
{
	if (ok)
		db->answered = true;
	else
		db_count_failure(db_failure(db));
	return ok ? 0 : -1;
}

int64_t db_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int db_backoff_next(int prev_ms)
{
	return prev_ms <= 0 ? DB_RETRY_MIN_MS
	       : prev_ms >= DB_RETRY_MAX_MS / 2 ? DB_RETRY_MAX_MS : prev_ms * 2;
}

/* URL schemes that name a backend other than SQLite. */
static const struct {
	const char *prefix;
	const struct db_ops *ops;
} url_schemes[] = {
	{"postgres://", &db_pg_ops},
	{"postgresql://", &db_pg_ops},
};

struct db *db_open(const char *url, char *err, size_t errlen)
{
	if (!url || !*url) {
		put_err(err, errlen, "no database given");
		return NULL;
	}
	const struct db_ops *ops = &db_sqlite_ops;
	for (size_t i = 0; i < ARRAY_LEN(url_schemes); i++) {
		if (!str_starts(url, url_schemes[i].prefix))
			continue;
		ops = url_schemes[i].ops;
		break;
	}
	struct db *db = ops->open(url, err, errlen);
	if (db) {
		db->ops = ops;
		db->errmsg[0] = '\0';
		db->txn_depth = 0;
		db->gate = db_gate_for(url);
		db->gate_held = false;
	}
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->txn_depth)
		db_rollback(db);
	db->ops->close(db);
}

enum db_dialect db_dialect(const struct db *db)
{
	return db->ops->dialect;
}

const char *db_errmsg(const struct db *db)
{
	return db->errmsg;
}

int64_t db_exec(struct db *db, const char *sql, size_t nargs, const struct db_arg *args)
{
	int64_t n = db->ops->exec(db, sql, nargs, args);
	outcome(db, n >= 0);
	return n;
}

int db_exec_script(struct db *db, const char *sql)
{
	return outcome(db, db->ops->exec_script(db, sql) == 0);
}

struct db_res *db_query(struct db *db, const char *sql, size_t nargs, const struct db_arg *args)
{
	struct db_res *res = db->ops->query(db, sql, nargs, args);
	if (res) {
		res->ops = db->ops;
		res->db = db;
	}
	outcome(db, res != NULL);
	return res;
}

int db_next(struct db_res *res)
{
	int rc = res->ops->next(res);
	if (rc < 0)
		outcome(res->db, false);
	return rc;
}

int db_ncols(const struct db_res *res)
{
	return res->ops->ncols(res);
}

const char *db_colname(const struct db_res *res, int col)
{
	return res->ops->colname(res, col);
}

bool db_isnull(const struct db_res *res, int col)
{
	return res->ops->isnull(res, col);
}

int64_t db_int(const struct db_res *res, int col)
{
	return res->ops->get_int(res, col);
}

double db_real(const struct db_res *res, int col)
{
	return res->ops->get_real(res, col);
}

const char *db_text(const struct db_res *res, int col)
{
	return res->ops->get_text(res, col);
}

json_t *db_json(const struct db_res *res, int col)
{
	return res->ops->get_json(res, col);
}

void db_res_free(struct db_res *res)
{
	if (res)
		res->ops->res_free(res);
}

/* The current row as an object keyed by column name (new reference). */
static json_t *row_object(const struct db_res *res)
{
	json_t *obj = json_object();
	int n = db_ncols(res);
	for (int i = 0; i < n; i++)
		json_object_set_new(obj, db_colname(res, i), db_json(res, i));
	return obj;
}

json_t *db_json_rows(struct db *db, const char *sql, size_t nargs, const struct db_arg *args)
{
	struct db_res *res = db_query(db, sql, nargs, args);
	if (!res)
		return NULL;
	json_t *rows = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(rows, row_object(res));
	db_res_free(res);
	if (rc < 0) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

struct db_arg db_arg_text(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? DB_TEXT(s) : DB_NULL_ARG;
}

struct db_arg db_arg_int(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? DB_INT(json_integer_value(v)) : DB_NULL_ARG;
}

json_t *db_json_row(struct db *db, const char *sql, size_t nargs, const struct db_arg *args)
{
	struct db_res *res = db_query(db, sql, nargs, args);
	if (!res)
		return NULL;
	int rc = db_next(res);
	json_t *row = rc == 1 ? row_object(res) : rc == 0 ? json_null() : NULL;
	db_res_free(res);
	return row;
}

/* A NULL in the first column counts as "no value", like no row: that is
 * what SELECT max(x) over an empty table means. */
int db_scalar_int(struct db *db, int64_t *out, int64_t dflt, const char *sql,
                  size_t nargs, const struct db_arg *args)
{
	struct db_res *res = db_query(db, sql, nargs, args);
	if (!res)
		return -1;
	int rc = db_next(res);
	if (rc == 1)
		*out = db_isnull(res, 0) ? dflt : db_int(res, 0);
	else if (rc == 0)
		*out = dflt;
	db_res_free(res);
	return rc < 0 ? -1 : 0;
}

/* The write transaction is over (or never began): the next writer of this
 * process may take the lock. */
static void gate_leave(struct db *db)
{
	if (!db->gate_held)
		return;
	db->gate_held = false;
	db_gate_leave(db->gate);
}

/* db_write_stats' sums: relaxed atomics, a handful of adds per write. */
static _Atomic uint64_t ws_committed, ws_rolled_back, ws_lock_wait_us, ws_body_us, ws_commit_us,
                        ws_lock_wait_max_us, ws_commit_max_us, ws_after_us;

static void stat_max(_Atomic uint64_t *a, int64_t us)
{
	uint64_t v = us > 0 ? (uint64_t)us : 0;
	uint64_t max = atomic_load_explicit(a, memory_order_relaxed);
	while (v > max && !atomic_compare_exchange_weak_explicit(a, &max, v, memory_order_relaxed,
	                                                         memory_order_relaxed))
		;
}

static void stat_add(_Atomic uint64_t *a, int64_t us)
{
	atomic_fetch_add_explicit(a, us > 0 ? (uint64_t)us : 0, memory_order_relaxed);
}

/* The write transaction ends now: its body's time, and which way it went. */
static void stat_end(struct db *db, int64_t now, bool committed)
{
	if (!db->txn_write)
		return;
	stat_add(&ws_body_us, now - db->txn_started_us);
	atomic_fetch_add_explicit(committed ? &ws_committed : &ws_rolled_back, 1,
	                          memory_order_relaxed);
	db->txn_write = false;
}

void db_write_stats(struct db_write_stats *out)
{
	out->committed = atomic_load_explicit(&ws_committed, memory_order_relaxed);
	out->rolled_back = atomic_load_explicit(&ws_rolled_back, memory_order_relaxed);
	out->lock_wait_us = atomic_load_explicit(&ws_lock_wait_us, memory_order_relaxed);
	out->body_us = atomic_load_explicit(&ws_body_us, memory_order_relaxed);
	out->commit_us = atomic_load_explicit(&ws_commit_us, memory_order_relaxed);
	out->lock_wait_max_us = atomic_load_explicit(&ws_lock_wait_max_us, memory_order_relaxed);
	out->commit_max_us = atomic_load_explicit(&ws_commit_max_us, memory_order_relaxed);
	out->after_us = atomic_load_explicit(&ws_after_us, memory_order_relaxed);
}

static int begin(struct db *db, bool versioned, bool read_only)
{
	if (db->txn_depth) {
		db_set_error(db, "db_begin: a transaction is already open "
		             "(nested transactions are not supported)");
		return -1;
	}
	int64_t t0 = read_only ? 0 : db_now_us();
	if (!read_only && db->gate) {
		if (db_gate_enter(db->gate, db->gate_ms > 0 ? db->gate_ms : DB_GATE_MS) < 0) {
			db_set_error(db, "db_begin: another writer of this process held the write "
			             "lock for more than %d ms", db->gate_ms > 0 ? db->gate_ms : DB_GATE_MS);
			db->retryable = true;
			return outcome(db, false);
		}
		db->gate_held = true;
	}
	if (outcome(db, (read_only ? db->ops->begin_read(db) : db->ops->begin(db)) == 0) < 0) {
		gate_leave(db);
		return -1;
	}
	db->txn_depth = 1;
	db->txn_versioned = versioned;
	db->txn_write = !read_only;
	if (!read_only) {
		db->txn_started_us = db_now_us();
		stat_add(&ws_lock_wait_us, db->txn_started_us - t0);
		stat_max(&ws_lock_wait_max_us, db->txn_started_us - t0);
	}
	return 0;
}

int db_begin(struct db *db)
{
	return begin(db, true, false);
}

int db_begin_unversioned(struct db *db)
{
	return begin(db, false, false);
}

int db_begin_read(struct db *db)
{
	return begin(db, false, true);
}

/* Bumps the data version inside the open transaction; *version gets the
 * new one when a watch wants it (a round trip's answer either way), else 0. */
static int bump_version(struct db *db, int64_t *version)
{
	*version = 0;
	if (!db->watch)
		return db_exec(db, "UPDATE data_version SET version = version + 1", NO_ARGS) < 0
		       ? -1 : 0;
	return db_scalar_int(db, version, -1, "UPDATE data_version SET version = version + 1 "
	                     "WHERE id = 1 RETURNING version", NO_ARGS) < 0 ? -1 : 0;
}

/* The bump runs inside the transaction, so the new version becomes visible
 * to other connections at the same instant as the data it stands for. */
int db_commit(struct db *db)
{
	int64_t version = 0;   /* stays 0 when the commit leaves the version alone */
	if (!db->txn_depth) {
		db_set_error(db, "db_commit: no transaction is open");
		return -1;
	}
	int64_t t0 = db_now_us();
	bool write = db->txn_write;
	if ((db->txn_versioned && bump_version(db, &version) < 0) ||
	    outcome(db, db->ops->commit(db) == 0) < 0) {
		/* The backend's rollback keeps the message that explains why. */
		db->ops->rollback(db);
		db->txn_depth = 0;
		gate_leave(db);
		stat_end(db, t0, false);
		return -1;
	}
	db->txn_depth = 0;
	gate_leave(db);
	stat_end(db, t0, true);
	if (write) {
		int64_t t1 = db_now_us();
		stat_add(&ws_commit_us, t1 - t0);
		stat_max(&ws_commit_max_us, t1 - t0);
		if (db->ops->after_commit) {
			db->ops->after_commit(db);
			stat_add(&ws_after_us, db_now_us() - t1);
		}
	}
	/* The writer's node sees its own write at once, not when the
	 * listener hears of it. */
	if (db->watch && version > 0)
		db_watch_saw(db->watch, version);
	return 0;
}

void db_watch_saw(struct db_watch *w, int64_t v)
{
	int64_t cur = atomic_load(&w->version);
	while (v > cur && !atomic_compare_exchange_weak(&w->version, &cur, v))
		;
}

bool db_commit_unknown(const struct db *db)
{
	return db->commit_unknown;
}

void db_rollback(struct db *db)
{
	if (!db->txn_depth)
		return;
	stat_end(db, db_now_us(), false);
	db->ops->rollback(db);
	db->txn_depth = 0;
	gate_leave(db);
}

int64_t db_data_version(struct db *db)
{
	int64_t v;
	if (db_scalar_int(db, &v, -1, "SELECT version FROM data_version WHERE id = 1",
	                  NO_ARGS) < 0)
		return -1;
	if (v < 0)
		db_set_error(db, "data_version has no row (run the migrations)");
	return v;
}

/* ---- Migrations ---------------------------------------------------------
 *
 * A migration is an embedded file schema/NNNN_name.sql; NNNN_name.sqlite.sql
 * and NNNN_name.pg.sql are variants that replace the plain file on their
 * backend. Every number must come with one stem, and with a file this
 * backend can run: a migration silently skipped on one backend would leave
 * the two schemas apart without anyone noticing. */

#define SCHEMA_DIR "schema/"

struct migration {
	int64_t version;
	const struct embed_file *file;
	const char *base;        /* file name after schema/ */
	size_t stem_len;         /* NNNN_name, without the suffix */
	int dialect;             /* -1 plain, else the enum db_dialect it is for */
};

static const struct {
	const char *suffix;
	int dialect;
} migration_suffixes[] = {
	/* Longest first: ".sql" also ends the variants. */
	{".sqlite.sql", DB_SQLITE},
	{".pg.sql", DB_POSTGRES},
	{".sql", -1},
};

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Fills m from a file name; returns 1 for a migration, 0 for a file that is
 * not one (outside schema/), -1 for a badly named one. */
static int parse_migration(const struct embed_file *f, struct migration *m,
                           char *err, size_t errlen)
{
	if (!str_starts(f->name, SCHEMA_DIR))
		return 0;
	const char *base = f->name + strlen(SCHEMA_DIR);
	size_t len = strlen(base);
	size_t i;
	for (i = 0; i < ARRAY_LEN(migration_suffixes); i++)
		if (ends_with(base, len, migration_suffixes[i].suffix))
			break;
	if (i == ARRAY_LEN(migration_suffixes))
		return 0;
	size_t digits = strspn(base, "0123456789");
	char num[16];
	if (digits == 0 || digits >= sizeof(num) || base[digits] != '_') {
		put_err(err, errlen, "%s: a migration must be named NNNN_name.sql", f->name);
		return -1;
	}
	memcpy(num, base, digits);
	num[digits] = '\0';
	*m = (struct migration){
		.file = f,
		.base = base,
		.stem_len = len - strlen(migration_suffixes[i].suffix),
		.dialect = migration_suffixes[i].dialect,
	};
	if (parse_int64(num, 1, INT32_MAX, &m->version) < 0) {
		put_err(err, errlen, "%s: migration number out of range", f->name);
		return -1;
	}
	return 1;
}

static int migration_cmp(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	if (x->version != y->version)
		return x->version < y->version ? -1 : 1;
	return strcmp(x->base, y->base);
}

/* Picks, for each number in the sorted list all[0..n), the file this
 * backend runs; writes them to out (ascending) and returns how many, or -1. */
static int choose_migrations(struct migration *all, size_t n, int dialect,
                             struct migration *out, char *err, size_t errlen)
{
	size_t nout = 0;
	for (size_t i = 0, j; i < n; i = j) {
		const struct migration *pick = NULL, *plain = NULL;
		for (j = i; j < n && all[j].version == all[i].version; j++) {
			if (all[j].stem_len != all[i].stem_len ||
			    memcmp(all[j].base, all[i].base, all[i].stem_len) != 0) {
				put_err(err, errlen, "%s and %s: two migrations numbered %lld",
				        all[i].file->name, all[j].file->name,
				        (long long)all[i].version);
				return -1;
			}
			if (all[j].dialect == dialect)
				pick = &all[j];
			else if (all[j].dialect < 0)
				plain = &all[j];
		}
		if (!pick)
			pick = plain;
		if (!pick) {
			put_err(err, errlen, "%s: no plain .sql file nor variant for this "
			        "database backend", all[i].file->name);
			return -1;
		}
		out[nout++] = *pick;
	}
	return (int)nout;
}

/* The migrations this backend runs, in order (caller frees *out), or -1. */
static int plan_migrations(const struct embed_file *files, size_t nfiles, int dialect,
                           struct migration **out, char *err, size_t errlen)
{
	struct migration *all = xcalloc(nfiles, sizeof(*all));
	size_t n = 0;
	for (size_t i = 0; i < nfiles; i++) {
		int rc = parse_migration(&files[i], &all[n], err, errlen);
		if (rc < 0) {
			free(all);
			return -1;
		}
		n += (size_t)rc;
	}
	if (n)
		qsort(all, n, sizeof(*all), migration_cmp);
	*out = xcalloc(n, sizeof(**out));
	int count = choose_migrations(all, n, dialect, *out, err, errlen);
	free(all);
	if (count < 0) {
		free(*out);
		*out = NULL;
	}
	return count;
}

static const char applied_sql[] =
	"SELECT count(*) FROM schema_migrations WHERE version = $1";

/* 1 when m is recorded as applied, 0 when not, -1 on error. */
static int is_applied(struct db *db, const struct migration *m)
{
	int64_t n;
	if (db_scalar_int(db, &n, 0, applied_sql, DB_ARGS(DB_INT(m->version))) < 0)
		return -1;
	return n > 0;
}

/* Runs m's SQL and records it, inside the caller's transaction. */
static int run_migration(struct db *db, const struct migration *m)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (db_exec_script(db, m->file->data) < 0)
		return -1;
	return db_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) "
	               "VALUES ($1, $2, $3)",
	               DB_ARGS(DB_INT(m->version), DB_TEXT(m->base), DB_TEXT(now))) < 0 ? -1 : 0;
}

/* Applies m unless it already is. Returns 1 applied, 0 already there, -1. */
static int apply_migration(struct db *db, const struct migration *m,
                           void (*log)(const char *line), char *err, size_t errlen)
{
	/* A cheap look first, so a server starting on an up-to-date database
	 * takes no write lock; then again under the lock, because another
	 * process may have applied it in between. */
	int done = is_applied(db, m);
	if (done > 0)
		return 0;
	if (done < 0 || db_begin(db) < 0)
		goto fail;
	done = is_applied(db, m);
	if (done != 0) {
		db_rollback(db);
		if (done < 0)
			goto fail;
		return 0;
	}
	if (run_migration(db, m) < 0) {
		db_rollback(db);
		goto fail;
	}
	if (db_commit(db) < 0)
		goto fail;
	if (log) {
		char line[256];
		snprintf(line, sizeof(line), "applied migration %s", m->file->name);
		log(line);
	}
	return 1;
fail:
	put_err(err, errlen, "%s: %s", m->file->name, db_errmsg(db));
	return -1;
}

static const char create_migrations_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" applied_at TEXT NOT NULL)";

int db_migrate_files(struct db *db, const struct embed_file *files, size_t nfiles,
                     void (*log)(const char *line), char *err, size_t errlen)
{
	if (db->txn_depth) {
		put_err(err, errlen, "migrations cannot run inside a transaction");
		return -1;
	}
	struct migration *list;
	int n = plan_migrations(files, nfiles, (int)db->ops->dialect, &list, err, errlen);
	if (n < 0)
		return -1;
	int applied = 0;
	if (db->ops->lock_migrations && db->ops->lock_migrations(db) < 0) {
		put_err(err, errlen, "locking migrations: %s", db_errmsg(db));
		free(list);
		return -1;
	}
	if (db_exec_script(db, create_migrations_sql) < 0) {
		put_err(err, errlen, "creating schema_migrations: %s", db_errmsg(db));
		applied = -1;
	}
	for (int i = 0; i < n && applied >= 0; i++) {
		int rc = apply_migration(db, &list[i], log, err, errlen);
		applied = rc < 0 ? -1 : applied + rc;
	}
	if (db->ops->unlock_migrations)
		db->ops->unlock_migrations(db);
	free(list);
	return applied;
}

int db_migrate(struct db *db, void (*log)(const char *line), char *err, size_t errlen)
{
	return db_migrate_files(db, embed_files, embed_count, log, err, errlen);
}

int db_migrations_pending(struct db *db)
{
	struct migration *list;
	char err[256];
	int n = plan_migrations(embed_files, embed_count, (int)db->ops->dialect, &list, err,
	                        sizeof err);
	if (n < 0) {
		db_set_error(db, "%s", err);
		return -1;
	}
	int pending = 0;
	for (int i = 0; i < n && pending >= 0; i++) {
		int done = is_applied(db, &list[i]);
		pending = done < 0 ? -1 : pending + !done;
	}
	free(list);
	return pending;
}
