/* test_db_pg.c — what only the PostgreSQL backend has, beside the contract
 * test_db.c checks on both: the session's settings, PostgreSQL's types in
 * JSON, a transaction that a failed statement aborted, statements the
 * server forgot or must forget, lost connections, queued writers,
 * retryable serialisation failures and deadlocks, the writer lock's
 * timeout, and the details of its error messages.
 *
 * The server is PACTE_TEST_DATABASE_URL (its user must be allowed to create
 * databases): tests/run starts a throwaway one for the unit suite's
 * PostgreSQL pass. Each test gets a database of its own (scratch.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#include "db.h"
#include "db_backend.h"
#include "embed.h"
#include "scratch.h"
#include "util.h"

#define FILE_ENTRY(name, sql) {name, sql, sizeof(sql) - 1}

static const char *row_string(json_t *row, const char *key)
{
	return json_string_value(json_object_get(row, key));
}

/* Checks a run-time setting of the session. */
static void assert_setting(struct db *db, const char *name, const char *want)
{
	json_t *row = db_json_row(db, "SELECT current_setting($1) AS v", DB_ARGS(DB_TEXT(name)));
	if (!row)
		fail_msg("current_setting(%s): %s", name, db_errmsg(db));
	assert_non_null(row_string(row, "v"));
	assert_string_equal(row_string(row, "v"), want);
	json_decref(row);
}

static void sleep_ms(long ms)
{
	nanosleep(&(struct timespec){.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L},
	          NULL);
}

/* The session is set up whatever the server's defaults. */
static void test_session_settings(void **state)
{
	struct db *db = scratch_migrated(state);
	assert_int_equal(db_dialect(db), DB_POSTGRES);
	assert_setting(db, "TimeZone", "UTC");
	assert_setting(db, "client_encoding", "UTF8");
	assert_setting(db, "application_name", "pacte");
	assert_setting(db, "lock_timeout", "10s");
	assert_int_equal(db_begin(db), 0);
	assert_setting(db, "transaction_isolation", "serializable");
	db_rollback(db);
}

/* PostgreSQL's own types, as JSON and through the getters. */
static void test_types(void **state)
{
	struct db *db = scratch_migrated(state);
	json_t *rows = db_json_rows(db,
		"SELECT '\\x00ff'::bytea AS b, true AS t, 10000000000 AS big, 1.5::real AS f4, "
		"2::float8 AS f8, sum(x) AS total, CAST(1 AS SMALLINT) AS small, "
		"'NaN'::float8 AS nan "
		"FROM (VALUES (1::bigint), (2::bigint)) AS v (x) "
		"UNION ALL SELECT NULL, false, 0, 0, 0, 0, 0, 0",
		NO_ARGS);
	assert_non_null(rows);
	json_t *r0 = json_array_get(rows, 0);
	assert_string_equal(row_string(r0, "b"), "\\x00ff");
	assert_true(json_is_true(json_object_get(r0, "t")));
	assert_int_equal(json_integer_value(json_object_get(r0, "big")), 10000000000LL);
	assert_true(json_is_real(json_object_get(r0, "f4")));
	assert_true(json_real_value(json_object_get(r0, "f4")) == 1.5);
	assert_true(json_is_real(json_object_get(r0, "f8")));
	/* sum() of bigints is numeric; integral, it stays an integer. */
	assert_true(json_is_integer(json_object_get(r0, "total")));
	assert_int_equal(json_integer_value(json_object_get(r0, "total")), 3);
	assert_true(json_is_integer(json_object_get(r0, "small")));
	assert_true(json_is_null(json_object_get(r0, "nan")));
	assert_true(json_is_false(json_object_get(json_array_get(rows, 1), "t")));
	json_decref(rows);

	/* Booleans through the other getters. */
	struct db_res *res = db_query(db, "SELECT true, false", NO_ARGS);
	assert_int_equal(db_next(res), 1);
	assert_int_equal(db_int(res, 0), 1);
	assert_int_equal(db_int(res, 1), 0);
	assert_true(db_real(res, 0) == 1.0);
	assert_string_equal(db_text(res, 0), "t");
	db_res_free(res);

	/* An untyped parameter alone is text; in arithmetic it takes the other
	 * operand's type. */
	json_t *row = db_json_row(db, "SELECT $1 AS x, $2 + 0 AS y", DB_ARGS(DB_INT(5), DB_INT(6)));
	assert_string_equal(row_string(row, "x"), "5");
	assert_int_equal(json_integer_value(json_object_get(row, "y")), 6);
	json_decref(row);
	/* A value the column's type refuses. */
	assert_null(db_query(db, "SELECT version FROM data_version WHERE id = $1",
	                     DB_ARGS(DB_TEXT("one"))));
	assert_says(db_errmsg(db), "invalid input syntax");
	/* $01 is $1 to PostgreSQL. */
	res = db_query(db, "SELECT $01 + 0", DB_ARGS(DB_INT(7)));
	assert_non_null(res);
	db_res_free(res);
}

/* After a failed statement PostgreSQL refuses the rest of the transaction:
 * the commit fails, rolls back, and nothing is bumped. */
static void test_aborted_transaction(void **state)
{
	struct db *db = scratch_migrated(state);
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	int64_t v0 = db_data_version(db);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (3)", NO_ARGS), 1);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ('x')", NO_ARGS), -1);
	assert_int_equal(db_commit(db), -1);
	assert_says(db_errmsg(db), "aborted");
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM t", NO_ARGS), 0);
	assert_int_equal(db_data_version(db), v0);
}

/* What PostgreSQL's messages say beyond the contract: a connection's
 * failure without the password, a unique key's value, a script's line. */
static void test_error_details(void **state)
{
	struct scratch *t = *state;
	char err[512] = "";
	assert_null(db_open("postgres://pacte:s3cret@127.0.0.1:1/pacte?connect_timeout=2",
	                    err, sizeof(err)));
	assert_says(err, "cannot connect");
	assert_says(err, "127.0.0.1");
	assert_null(strstr(err, "s3cret"));
	assert_null(strchr(err, '\n'));
	assert_null(db_open("postgresql://127.0.0.1/x?nonsense=1", err, sizeof(err)));
	assert_says(err, "nonsense");
	char missing[sizeof t->url];
	snprintf(missing, sizeof missing, "%s", t->url);
	char *name = strstr(missing, t->pg_name);
	assert_non_null(name);
	memcpy(name, "pacte_no_such", strlen("pacte_no_such"));
	assert_null(db_open(missing, err, sizeof(err)));
	assert_says(err, "pacte_no_such");

	struct db *db = t->db;
	assert_int_equal(db_exec(db, "CREATE TABLE u (k TEXT PRIMARY KEY)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), 1);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), -1);
	assert_says(db_errmsg(db), "Key (k)=(a) already exists");

	/* A script points at the failing line; it ran as one transaction. */
	assert_int_equal(db_exec_script(db, "CREATE TABLE v (x INTEGER);\n"
	                                "-- é is two bytes, one character\n  BOGUS é"), -1);
	assert_says(db_errmsg(db), "line 3");
	assert_int_equal(table_exists(db, "v"), 0);
	assert_int_equal(db_exec_script(db, "CREATE TABLE IF NOT EXISTS u (k TEXT)"), 0);

	/* So does a migration's. */
	struct embed_file bad[] = {FILE_ENTRY("schema/0001_bad.sql", "SELECT 1;\nSELEC broken")};
	assert_int_equal(db_migrate_files(db, bad, 1, NULL, err, sizeof(err)), -1);
	assert_says(err, "line 2");
}

/* A migration runs in number order: one that refers to a table a later
 * number creates fails (SQLite, which checks references only when rows
 * come, would let it through). */
static void test_migration_order(void **state)
{
	struct db *db = scratch_db_of(state);
	char err[512] = "";
	const struct embed_file *meta = embed_find("schema/0001_meta.sql");
	assert_non_null(meta);
	struct embed_file files[] = {
		*meta,
		FILE_ENTRY("schema/0002_a.sql", "CREATE TABLE a (x INTEGER REFERENCES b (x))"),
		FILE_ENTRY("schema/0010_b.sql", "CREATE TABLE b (x INTEGER PRIMARY KEY)"),
	};
	assert_int_equal(db_migrate_files(db, files, ARRAY_LEN(files), NULL, err, sizeof(err)), -1);
	assert_says(err, "schema/0002_a.sql");
	assert_int_equal(table_exists(db, "b"), 0);
}

/* Statements the cache evicts are deallocated on the server too. */
static void test_evicted_statements(void **state)
{
	struct db *db = scratch_db_of(state);
	for (int i = 0; i < 300; i++) {
		char s[64];
		snprintf(s, sizeof(s), "SELECT %d", i);
		int64_t v;
		assert_int_equal(db_scalar_int(db, &v, -1, s, NO_ARGS), 0);
	}
	assert_true(scratch_scalar(db, "SELECT count(*) FROM pg_prepared_statements",
	                           NO_ARGS) <= 256);
}

/* A migration changes a table under a cached statement, or the server
 * forgets it: the statement is prepared again instead of failing forever. */
static void test_stale_statement(void **state)
{
	struct scratch *t = *state;
	struct db *db = t->db;
	assert_int_equal(db_exec(db, "CREATE TABLE s (a INTEGER)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO s VALUES (1)", NO_ARGS), 1);
	struct db_res *res = db_query(db, "SELECT * FROM s", NO_ARGS);
	assert_int_equal(db_ncols(res), 1);
	db_res_free(res);

	struct db *other = scratch_connect(t);
	assert_int_equal(db_exec(other, "ALTER TABLE s ADD COLUMN b TEXT DEFAULT 'x'", NO_ARGS), 0);
	db_close(other);

	res = db_query(db, "SELECT * FROM s", NO_ARGS);
	assert_non_null(res);
	assert_int_equal(db_ncols(res), 2);
	assert_int_equal(db_next(res), 1);
	assert_string_equal(db_text(res, 1), "x");
	db_res_free(res);

	/* The server forgot every prepared statement of the session. */
	assert_int_equal(db_exec_script(db, "DEALLOCATE ALL"), 0);
	res = db_query(db, "SELECT * FROM s", NO_ARGS);
	assert_non_null(res);
	assert_int_equal(db_next(res), 1);
	db_res_free(res);
}

/* Ends db's session from another connection, as a server restart, a
 * failover or an administrator would, and waits until it is gone (the
 * signal is asynchronous). */
static void terminate_session(struct scratch *t, struct db *db)
{
	int64_t pid = scratch_scalar(db, "SELECT pg_backend_pid()", NO_ARGS);
	struct db *killer = scratch_connect(t);
	assert_int_equal(scratch_scalar(killer, "SELECT pg_terminate_backend($1)::int",
	                                DB_ARGS(DB_INT(pid))), 1);
	int64_t alive = 1;
	for (int i = 0; i < 500 && alive; i++) {
		alive = scratch_scalar(killer, "SELECT count(*) FROM pg_stat_activity "
		                       "WHERE pid = $1", DB_ARGS(DB_INT(pid)));
		if (alive)
			sleep_ms(10);
	}
	assert_int_equal(alive, 0);
	db_close(killer);
}

/* A session the server ended while idle is replaced before the next
 * statement; one ended inside a transaction fails that transaction, and
 * the connection recovers after the rollback. */
static void test_lost_connection(void **state)
{
	struct scratch *t = *state;
	struct db *db = scratch_migrated(state);
	int64_t pid = scratch_scalar(db, "SELECT pg_backend_pid()", NO_ARGS);
	terminate_session(t, db);
	assert_int_equal(scratch_scalar(db, "SELECT 41 + 1", NO_ARGS), 42);
	assert_true(scratch_scalar(db, "SELECT pg_backend_pid()", NO_ARGS) != pid);
	assert_setting(db, "TimeZone", "UTC");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);

	int64_t v0 = db_data_version(db);
	assert_int_equal(db_begin(db), 0);
	terminate_session(t, db);
	assert_int_equal(db_exec(db, "UPDATE data_version SET version = 0", NO_ARGS), -1);
	assert_int_equal(db_commit(db), -1);
	assert_says(db_errmsg(db), "lost");
	db_rollback(db);
	assert_int_equal(db_data_version(db), v0);
	/* The writer lock went with the old session: writers are not stuck. */
	struct db *other = scratch_connect(t);
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_commit(other), 0);
	db_close(other);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_data_version(db), v0 + 2);
}

/* ---- Concurrency -------------------------------------------------------- */

struct writer_test {
	const char *url;
	pthread_barrier_t a_began;
	int64_t b_saw;              /* rows B's transaction saw */
	int b_rc;
	int64_t b_waited_ms;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *second_writer(void *arg)
{
	struct writer_test *w = arg;
	char err[512];
	struct db *db = db_open(w->url, err, sizeof(err));
	w->b_rc = -1;
	pthread_barrier_wait(&w->a_began);
	if (!db)
		return NULL;
	int64_t t0 = now_ms();
	if (db_begin(db) == 0) {
		w->b_waited_ms = now_ms() - t0;
		if (db_scalar_int(db, &w->b_saw, -1, "SELECT count(*) FROM t", NO_ARGS) == 0 &&
		    db_exec(db, "INSERT INTO t VALUES (2)", NO_ARGS) == 1 && db_commit(db) == 0)
			w->b_rc = 0;
		else
			fprintf(stderr, "second writer: %s\n", db_errmsg(db));
	}
	db_close(db);
	return NULL;
}

/* Writers queue as on SQLite: the second waits for the first and then sees
 * its rows, with no serialisation failure although both bump the one
 * data_version row. */
static void test_writers_queue(void **state)
{
	struct scratch *t = *state;
	struct db *db = scratch_migrated(state);
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	int64_t v0 = db_data_version(db);

	struct writer_test w = {.url = t->url};
	pthread_barrier_init(&w.a_began, NULL, 2);
	pthread_t th;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(pthread_create(&th, NULL, second_writer, &w), 0);
	pthread_barrier_wait(&w.a_began);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)", NO_ARGS), 1);
	sleep_ms(300);
	assert_int_equal(db_commit(db), 0);
	pthread_join(th, NULL);
	pthread_barrier_destroy(&w.a_began);

	assert_int_equal(w.b_rc, 0);
	assert_int_equal(w.b_saw, 1);
	assert_true(w.b_waited_ms >= 200);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM t", NO_ARGS), 2);
	assert_int_equal(db_data_version(db), v0 + 2);
}

/* A write outside db_begin slips between a transaction's snapshot and its
 * own write: the transaction fails, retryably, and says so. */
static void test_serialisation_failure(void **state)
{
	struct scratch *t = *state;
	struct db *a = scratch_migrated(state);
	struct db *b = scratch_connect(t);
	assert_int_equal(db_exec_script(a, "CREATE TABLE acct (id INTEGER PRIMARY KEY, "
	                                "balance INTEGER); INSERT INTO acct VALUES (1, 100)"), 0);
	int64_t v0 = db_data_version(a);

	assert_int_equal(db_begin(a), 0);
	assert_int_equal(scratch_scalar(a, "SELECT balance FROM acct WHERE id = 1", NO_ARGS), 100);
	assert_int_equal(db_exec(b, "UPDATE acct SET balance = balance + 1 WHERE id = 1",
	                         NO_ARGS), 1);
	assert_int_equal(db_exec(a, "UPDATE acct SET balance = balance - 10 WHERE id = 1",
	                         NO_ARGS), -1);
	assert_true(db_retryable(a));
	assert_says(db_errmsg(a), "serialisation failure");
	assert_says(db_errmsg(a), "40001");
	assert_says(db_errmsg(a), "retry");
	db_rollback(a);
	/* The rollback keeps both the message and the flag. */
	assert_true(db_retryable(a));
	assert_says(db_errmsg(a), "40001");
	assert_int_equal(db_data_version(a), v0);
	assert_false(db_retryable(a));          /* a success clears it */

	/* Retried, it goes through. */
	assert_int_equal(db_begin(a), 0);
	assert_int_equal(db_exec(a, "UPDATE acct SET balance = balance - 10 WHERE id = 1",
	                         NO_ARGS), 1);
	assert_int_equal(db_commit(a), 0);
	assert_int_equal(scratch_scalar(a, "SELECT balance FROM acct WHERE id = 1", NO_ARGS), 91);

	/* A non-retryable error clears the flag too. */
	assert_int_equal(db_exec(a, "SELECT * FROM nowhere", NO_ARGS), -1);
	assert_false(db_retryable(a));
	db_close(b);
}

struct deadlock_side {
	struct db *db;
	int rc;
};

static void *deadlock_b(void *arg)
{
	struct deadlock_side *s = arg;
	/* Waits for a's row lock on 1 while holding 2. */
	s->rc = (int)db_exec(s->db, "UPDATE acct SET balance = 0 WHERE id = 1", NO_ARGS);
	return NULL;
}

/* Two transactions waiting for each other: PostgreSQL picks a victim, whose
 * error is retryable and says "deadlock". b uses a raw BEGIN to step past
 * the writer lock that would otherwise keep the two apart. */
static void test_deadlock(void **state)
{
	struct scratch *t = *state;
	struct db *a = scratch_migrated(state);
	struct db *b = scratch_connect(t);
	assert_int_equal(db_exec_script(a, "CREATE TABLE acct (id INTEGER PRIMARY KEY, "
	                                "balance INTEGER); "
	                                "INSERT INTO acct VALUES (1, 100), (2, 100)"), 0);
	assert_int_equal(db_exec_script(b, "SET deadlock_timeout = '100ms'"), 0);
	assert_int_equal(db_begin(a), 0);
	assert_int_equal(db_exec_script(b, "BEGIN"), 0);
	assert_int_equal(db_exec(b, "UPDATE acct SET balance = 1 WHERE id = 2", NO_ARGS), 1);
	assert_int_equal(db_exec(a, "UPDATE acct SET balance = 1 WHERE id = 1", NO_ARGS), 1);

	struct deadlock_side side = {.db = b};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, deadlock_b, &side), 0);
	sleep_ms(200);              /* b is now waiting for row 1 */
	int rc_a = (int)db_exec(a, "UPDATE acct SET balance = 1 WHERE id = 2", NO_ARGS);
	/* Aborted or not, a holds its locks until it ends: end it so b can. */
	db_rollback(a);
	pthread_join(th, NULL);

	struct db *victim = rc_a < 0 ? a : b;
	assert_true((rc_a < 0) != (side.rc < 0));
	assert_true(db_retryable(victim));
	assert_says(db_errmsg(victim), "deadlock");
	assert_says(db_errmsg(victim), "40P01");
	assert_int_equal(db_exec_script(b, "ROLLBACK"), 0);
	db_close(b);
}

/* A writer that waits too long for the writer lock gets a retryable error,
 * as SQLite's SQLITE_BUSY after the busy timeout. */
static void test_writer_lock_timeout(void **state)
{
	struct scratch *t = *state;
	struct db *a = scratch_migrated(state);
	struct db *b = scratch_connect(t);
	assert_int_equal(db_exec_script(b, "SET lock_timeout = '100ms'"), 0);
	assert_int_equal(db_begin(a), 0);
	assert_int_equal(db_begin(b), -1);
	assert_true(db_retryable(b));
	assert_says(db_errmsg(b), "write lock");
	assert_int_equal(db_commit(a), 0);
	assert_int_equal(db_begin(b), 0);
	assert_false(db_retryable(b));
	assert_int_equal(db_commit(b), 0);
	db_close(b);
}

/* Each test on a new, empty database of its own (scratch_migrated migrates
 * it). */
#define T(fn) cmocka_unit_test_setup_teardown(fn, scratch_setup_empty, scratch_teardown)

int main(void)
{
	if (!scratch_pg_server()) {
		fprintf(stderr, "test_db_pg: needs PACTE_TEST_DATABASE_URL, a PostgreSQL server "
		        "whose user may create databases (tests/run unit starts one)\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		T(test_session_settings),
		T(test_types),
		T(test_aborted_transaction),
		T(test_error_details),
		T(test_migration_order),
		T(test_evicted_statements),
		T(test_stale_statement),
		T(test_lost_connection),
		T(test_writers_queue),
		T(test_serialisation_failure),
		T(test_deadlock),
		T(test_writer_lock_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
