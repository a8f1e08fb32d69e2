/* test_db_pool.c — outages as the database layer sees them (db.h's enum
 * db_failure, db_pool.c): which failures are outages and which bugs, the
 * counts by kind, the pool's view of the database (down, up, for how
 * long), a request's error state cleared by db_pool_get, and a connection
 * that cannot be opened tried again only after its backoff. On both
 * backends where the failure can be had from a test; a full file, a lock
 * held past the busy timeout and a missing folder on SQLite only, a
 * session the server ended on PostgreSQL only (the fault tests,
 * tests/fault, stop a real PostgreSQL server). And the data version in
 * memory (db_pool_listen, PostgreSQL): another connection's commit heard,
 * the pool's own commit seen at once, and the fallback to asking while the
 * listener is away. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#include "db.h"
#include "scratch.h"

static void sleep_ms(long ms)
{
	nanosleep(&(struct timespec){.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L},
	          NULL);
}

static uint64_t failures_of(enum db_failure kind)
{
	uint64_t counts[DB_FAILURE_KINDS];
	db_failure_counts(counts);
	return counts[kind];
}

/* Bad SQL is a bug, not an outage; and it is counted as such. */
static void test_bug_is_no_outage(void **state)
{
	struct db *db = scratch_migrated(state);
	uint64_t before = failures_of(DB_FAIL_OTHER);
	assert_int_equal(db_exec(db, "UPDATE no_such_table SET x = 1", NO_ARGS), -1);
	assert_int_equal(db_failure(db), DB_FAIL_OTHER);
	assert_false(db_unavailable(db));
	assert_int_equal(failures_of(DB_FAIL_OTHER), before + 1);
	assert_string_equal(db_failure_name(DB_FAIL_OTHER), "other");
	assert_string_equal(db_failure_name(DB_FAIL_UNREACHABLE), "unreachable");
}

/* Makes db's writes fail as on a read-only database: SQLite's query_only,
 * PostgreSQL's read-only transactions (a standby answers the same). */
static void make_read_only(struct db *db)
{
	const char *sql = db_dialect(db) == DB_SQLITE ? "PRAGMA query_only = 1"
	                                              : "SET default_transaction_read_only = on";
	assert_int_equal(db_exec_script(db, sql), 0);
}

/* A read-only database is an outage of kind "readonly"; the pool goes
 * down on it, up again on the next success, and counts the time between;
 * db_pool_get clears the request's error state (and opens a SQLite
 * connection again, which may be writable now). */
static void test_read_only_outage(void **state)
{
	struct scratch *t = *state;
	scratch_migrated(state);
	char err[512];
	struct db_pool *pool = db_pool_open(t->url, err, sizeof err);
	assert_non_null(pool);
	struct db *db = db_pool_get(pool);
	assert_non_null(db);
	make_read_only(db);
	uint64_t before = failures_of(DB_FAIL_READONLY);
	assert_true(db_exec(db, "UPDATE data_version SET version = version + 1", NO_ARGS) < 0);
	assert_int_equal(db_failure(db), DB_FAIL_READONLY);
	assert_true(db_unavailable(db));
	assert_int_equal(failures_of(DB_FAIL_READONLY), before + 1);

	struct db_pool_health h;
	db_pool_report(pool, db);
	db_pool_health(pool, &h);
	assert_true(h.down);
	assert_int_equal(h.outages, 1);
	db_pool_report(pool, db);           /* the same outage, still */
	db_pool_health(pool, &h);
	assert_int_equal(h.outages, 1);

	db = db_pool_get(pool);
	assert_non_null(db);
	assert_false(db_unavailable(db));
	assert_string_equal(db_errmsg(db), "");
	db_pool_report(pool, db);           /* nothing answered yet: no news */
	db_pool_health(pool, &h);
	assert_true(h.down);
	if (db_dialect(db) == DB_POSTGRES)
		assert_int_equal(db_exec_script(db, "SET default_transaction_read_only = off"), 0);
	assert_true(db_exec(db, "UPDATE data_version SET version = version + 1", NO_ARGS) >= 0);
	db_pool_report(pool, db);
	db_pool_health(pool, &h);
	assert_false(h.down);
	assert_int_equal(h.outages, 1);
	assert_true(h.down_seconds > 0);
	db_pool_free(pool);
}

/* SQLite: the write lock held by another connection past the busy
 * timeout is an outage of kind "busy" (and retryable). */
static void test_sqlite_busy(void **state)
{
	struct scratch *t = *state;
	struct db *db = scratch_migrated(state);
	if (db_dialect(db) != DB_SQLITE)
		skip();
	setenv("PACTE_SQLITE_BUSY_MS", "50", 1);
	struct db *other = scratch_connect(t);
	unsetenv("PACTE_SQLITE_BUSY_MS");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_begin(other), -1);
	assert_int_equal(db_failure(other), DB_FAIL_BUSY);
	assert_true(db_retryable(other));
	assert_true(db_unavailable(other));
	db_rollback(db);
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_commit(other), 0);
	db_close(other);
}

/* SQLite: a file at its page limit (max_page_count, as a full disk) is an
 * outage of kind "full"; reads go on. */
static void test_sqlite_full(void **state)
{
	struct scratch *t = *state;
	struct db *db = scratch_migrated(state);
	if (db_dialect(db) != DB_SQLITE)
		skip();
	int64_t pages = scratch_scalar(db, "PRAGMA page_count", NO_ARGS);
	char limit[32];
	snprintf(limit, sizeof limit, "%lld", (long long)pages + 2);
	setenv("PACTE_SQLITE_MAX_PAGES", limit, 1);
	struct db *capped = scratch_connect(t);
	unsetenv("PACTE_SQLITE_MAX_PAGES");
	assert_int_equal(db_exec_script(capped, "CREATE TABLE ballast (b BLOB)"), 0);
	assert_int_equal(db_exec(capped, "INSERT INTO ballast VALUES (zeroblob(200000))", NO_ARGS),
	                 -1);
	assert_int_equal(db_failure(capped), DB_FAIL_FULL);
	assert_true(db_unavailable(capped));
	assert_true(scratch_scalar(capped, "SELECT count(*) FROM country", NO_ARGS) >= 0);
	db_close(capped);
}

/* SQLite: a database that cannot be opened (its folder gone) gives no
 * connection; the next attempt waits for the backoff, so a request in
 * between fails at once without trying; then the connection comes. */
static void test_sqlite_backoff(void **state)
{
	struct db *db = scratch_migrated(state);
	if (db_dialect(db) != DB_SQLITE)
		skip();
	char dir[] = "/tmp/pacte-pool-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/p.db", dir);
	char err[512];
	struct db_pool *pool = db_pool_open(path, err, sizeof err);
	assert_non_null(pool);
	assert_int_equal(unlink(path), 0);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
	assert_int_equal(rmdir(dir), 0);

	uint64_t before = failures_of(DB_FAIL_UNREACHABLE);
	assert_null(db_pool_get(pool));
	assert_int_equal(failures_of(DB_FAIL_UNREACHABLE), before + 1);
	assert_null(db_pool_get(pool));     /* within the backoff: not tried */
	assert_int_equal(failures_of(DB_FAIL_UNREACHABLE), before + 1);
	db_pool_report(pool, NULL);
	struct db_pool_health h;
	db_pool_health(pool, &h);
	assert_true(h.down);

	assert_int_equal(mkdir(dir, 0700), 0);
	sleep_ms(DB_RETRY_MIN_MS + 20);
	struct db *back = db_pool_get(pool);
	assert_non_null(back);
	assert_int_equal(db_exec_script(back, "CREATE TABLE t (x INTEGER)"), 0);
	db_pool_report(pool, back);
	db_pool_health(pool, &h);
	assert_false(h.down);
	db_pool_free(pool);
	unlink(path);
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
	rmdir(dir);
}

/* PostgreSQL: a session the server ends (as a restart or an immediate
 * shutdown would) is an outage of kind "unreachable", not a bug; the next
 * statement connects again at once. */
static void test_pg_session_ended(void **state)
{
	struct db *db = scratch_migrated(state);
	if (db_dialect(db) != DB_POSTGRES)
		skip();
	uint64_t before = failures_of(DB_FAIL_UNREACHABLE);
	assert_int_equal(db_begin(db), 0);
	assert_true(db_exec(db, "SELECT pg_terminate_backend(pg_backend_pid())", NO_ARGS) < 0);
	assert_int_equal(db_failure(db), DB_FAIL_UNREACHABLE);
	assert_true(db_unavailable(db));
	assert_false(db_commit_unknown(db));
	db_rollback(db);
	assert_int_equal(failures_of(DB_FAIL_UNREACHABLE), before + 1);
	assert_int_equal(scratch_scalar(db, "SELECT 41 + 1", NO_ARGS), 42);
}

/* Waits up to 20 s for the pool's listener to be (or not be) live. */
static bool wait_listening(struct db_pool *pool, bool want)
{
	for (int i = 0; i < 400; i++) {
		struct db_pool_health h;
		db_pool_health(pool, &h);
		if (h.listening == want)
			return true;
		sleep_ms(50);
	}
	return false;
}

/* Waits up to 20 s for the listener to have lost its connection n times. */
static bool wait_losses(struct db_pool *pool, uint64_t n)
{
	for (int i = 0; i < 400; i++) {
		struct db_pool_health h;
		db_pool_health(pool, &h);
		if (h.listener_losses >= n)
			return true;
		sleep_ms(50);
	}
	return false;
}

/* Waits up to 20 s for the pool to know version v. */
static bool wait_version(struct db_pool *pool, int64_t v)
{
	for (int i = 0; i < 400; i++) {
		if (db_pool_data_version(pool, NULL) >= v)
			return true;
		sleep_ms(50);
	}
	return false;
}

static int64_t bump(struct db *db)
{
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	return db_data_version(db);
}

/* PostgreSQL: a listening pool knows the version without asking: another
 * node's commit is heard (the trigger's notification), its own commit is
 * known at once, and when the listener's session ends the pool asks the
 * server on every request (never a stale answer while away) until it has
 * listened and read the version again. */
static void test_pg_version_in_memory(void **state)
{
	struct db *db = scratch_migrated(state);
	if (db_dialect(db) != DB_POSTGRES)
		skip();
	const struct scratch *s = *state;
	char err[512];
	struct db_pool *pool = db_pool_open(s->url, err, sizeof err);
	assert_non_null(pool);
	db_pool_listen(pool);
	assert_true(wait_listening(pool, true));
	assert_int_equal(db_pool_data_version(pool, NULL), db_data_version(db));

	/* Another node (db, outside the pool) commits: heard. */
	int64_t v = bump(db);
	assert_true(wait_version(pool, v));

	/* This node commits: known before any notification could be heard,
	 * since nothing has been read from the listener's socket yet. */
	struct db *mine = db_pool_get(pool);
	assert_non_null(mine);
	int64_t own = bump(mine);
	assert_true(own > v);
	assert_true(db_pool_data_version(pool, NULL) >= own);
	/* A commit that leaves the version alone leaves the memory alone (it
	 * once raised it to whatever its stack held: every page stale). */
	assert_int_equal(db_begin_unversioned(mine), 0);
	assert_int_equal(db_commit(mine), 0);
	assert_int_equal(db_pool_data_version(pool, NULL), own);

	/* The listener's session ended: every request asks until it is back. */
	assert_true(scratch_scalar(db, "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) "
	                           "FROM pg_stat_activity WHERE application_name = "
	                           "'pacte listener' AND datname = current_database()) t",
	                           NO_ARGS) == 1);
	assert_true(wait_losses(pool, 1));
	v = bump(db);
	/* Still away after that commit: the answer is asked, so it is never
	 * stale; back already: it re-read the version after the commit (live
	 * turns true only after that read), fresh either way. */
	struct db_pool_health h;
	db_pool_health(pool, &h);
	if (!h.listening)
		assert_true(db_pool_data_version(pool, mine) >= v);
	assert_true(wait_listening(pool, true));
	v = bump(db);
	assert_true(wait_version(pool, v));
	db_pool_free(pool);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, scratch_setup_empty, scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bug_is_no_outage),
		T(test_read_only_outage),
		T(test_sqlite_busy),
		T(test_sqlite_full),
		T(test_sqlite_backoff),
		T(test_pg_session_ended),
		T(test_pg_version_in_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
