/* test_db_pg.c — the database layer on its PostgreSQL backend: the
 * behaviours test_db.c checks on SQLite, plus what only PostgreSQL has
 * (queued writers, retryable serialisation failures and deadlocks, lost
 * connections, the full schema and reference data on a real server).
 *
 * The server is PACTE_TEST_DATABASE_URL when set (its user must be allowed
 * to create databases); otherwise the binary starts a throwaway cluster
 * with scripts/pg-test and a watchdog process that stops it however this
 * process ends. Each test gets a database of its own, dropped afterwards. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#include "db.h"
#include "db_backend.h"
#include "embed.h"
#include "refdata.h"
#include "util.h"

#define PG_BINDIR_DEFAULT "/usr/lib/postgresql/15/bin"

/* ---- The server, for the whole run ------------------------------------ */

static struct {
	char base_url[512];         /* the database we may create others from */
	char cluster_dir[64];       /* ours to stop, when we started it */
	pid_t watchdog;
	int watchdog_fd;            /* closing it tells the watchdog to stop the cluster */
	bool skip;
	char skip_reason[256];
	char script[PATH_MAX];      /* scripts/pg-test */
	unsigned next_db;
} srv = {.watchdog_fd = -1};

/* Finds scripts/pg-test from the working directory (tests/run runs from the
 * project root) or from this binary's place, build/san/tests/. */
static int find_script(void)
{
	if (access("scripts/pg-test", X_OK) == 0) {
		snprintf(srv.script, sizeof(srv.script), "scripts/pg-test");
		return 0;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return -1;
		*slash = '\0';
	}
	int len = snprintf(srv.script, sizeof(srv.script), "%s/scripts/pg-test", exe);
	return len > 0 && (size_t)len < sizeof(srv.script) && access(srv.script, X_OK) == 0 ?
	       0 : -1;
}

/* A child in its own session, deaf to the signals that end a test run,
 * that stops the cluster once the pipe from this process closes — at the
 * end of the run, or when a crash or a sanitizer kills us. */
static void start_watchdog(void)
{
	int fds[2];
	if (pipe(fds) < 0)
		return;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[1]);
		setsid();
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		char c;
		while (read(fds[0], &c, 1) < 0 && errno == EINTR)
			;
		execl(srv.script, srv.script, "stop", srv.cluster_dir, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	srv.watchdog = pid;
	srv.watchdog_fd = fds[1];
}

static int start_cluster(void)
{
	const char *bindir = getenv("PG_BINDIR") ? getenv("PG_BINDIR") : PG_BINDIR_DEFAULT;
	char initdb[PATH_MAX];
	snprintf(initdb, sizeof(initdb), "%s/initdb", bindir);
	if (access(initdb, X_OK) < 0) {
		srv.skip = true;
		snprintf(srv.skip_reason, sizeof(srv.skip_reason),
		         "no PostgreSQL server programs in %s", bindir);
		return 0;
	}
	if (find_script() < 0) {
		fprintf(stderr, "test_db_pg: scripts/pg-test not found\n");
		return -1;
	}
	snprintf(srv.cluster_dir, sizeof(srv.cluster_dir), "/tmp/pacte-pg-XXXXXX");
	if (!mkdtemp(srv.cluster_dir))
		return -1;
	char cmd[PATH_MAX + 128];
	snprintf(cmd, sizeof(cmd), "'%s' start '%s'", srv.script, srv.cluster_dir);
	FILE *f = popen(cmd, "r");
	if (!f)
		return -1;
	bool got = fgets(srv.base_url, sizeof(srv.base_url), f) != NULL;
	int status = pclose(f);
	/* Started or not, the watchdog cleans up the directory. */
	start_watchdog();
	if (!got || status != 0) {
		fprintf(stderr, "test_db_pg: %s failed\n", cmd);
		return -1;
	}
	srv.base_url[strcspn(srv.base_url, "\n")] = '\0';
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	const char *url = getenv("PACTE_TEST_DATABASE_URL");
	if (url && *url) {
		snprintf(srv.base_url, sizeof(srv.base_url), "%s", url);
		return 0;
	}
	if (start_cluster() < 0)
		return -1;
	if (srv.skip)
		printf("test_db_pg: skipped: no PostgreSQL (%s)\n", srv.skip_reason);
	else
		printf("test_db_pg: throwaway cluster %s at %s\n", srv.cluster_dir, srv.base_url);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (srv.watchdog_fd >= 0) {
		close(srv.watchdog_fd);
		int status;
		waitpid(srv.watchdog, &status, 0);
	}
	return 0;
}

/* ---- A database per test ----------------------------------------------- */

struct scratch {
	char name[64];
	char url[600];
	struct db *db;
	struct db *admin;           /* on the base database: creates and drops ours */
};

/* base_url with its database name replaced by name. */
static void url_with_db(char *dst, size_t cap, const char *name)
{
	const char *base = srv.base_url;
	const char *host = strstr(base, "://");
	host = host ? host + 3 : base;
	const char *path = host + strcspn(host, "/?");
	const char *query = path + strcspn(path, "?");
	snprintf(dst, cap, "%.*s/%s%s", (int)(path - base), base, name, query);
}

static int scratch_setup(void **state)
{
	if (srv.skip)
		return 0;
	struct scratch *t = calloc(1, sizeof(*t));
	char err[512] = "";
	t->admin = db_open(srv.base_url, err, sizeof(err));
	if (!t->admin) {
		fprintf(stderr, "test_db_pg: %s\n", err);
		free(t);
		return -1;
	}
	snprintf(t->name, sizeof(t->name), "pacte_unit_%ld_%u", (long)getpid(), ++srv.next_db);
	/* The name is ours, made of digits and letters: CREATE DATABASE takes
	 * no parameters. */
	char sql[128];
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t->name);
	if (db_exec_script(t->admin, sql) < 0) {
		fprintf(stderr, "test_db_pg: %s: %s\n", sql, db_errmsg(t->admin));
		db_close(t->admin);
		free(t);
		return -1;
	}
	url_with_db(t->url, sizeof(t->url), t->name);
	*state = t;
	return 0;
}

static int scratch_teardown(void **state)
{
	if (srv.skip)
		return 0;
	struct scratch *t = *state;
	db_close(t->db);
	char sql[128];
	snprintf(sql, sizeof(sql), "DROP DATABASE %s WITH (FORCE)", t->name);
	if (db_exec_script(t->admin, sql) < 0)
		fprintf(stderr, "test_db_pg: %s: %s\n", sql, db_errmsg(t->admin));
	db_close(t->admin);
	free(t);
	return 0;
}

#define NEED_SERVER() \
	do { \
		if (srv.skip) \
			skip(); \
	} while (0)

static struct db *open_db(const char *url)
{
	char err[512] = "";
	struct db *db = db_open(url, err, sizeof(err));
	if (!db)
		fail_msg("db_open: %s", err);
	return db;
}

/* Opens the test's database, migrated. */
static struct db *open_migrated(struct scratch *t)
{
	char err[512] = "";
	t->db = open_db(t->url);
	if (db_migrate(t->db, NULL, err, sizeof(err)) < 0)
		fail_msg("db_migrate: %s", err);
	return t->db;
}

static int64_t scalar(struct db *db, const char *sql)
{
	int64_t v = 0;
	if (db_scalar_int(db, &v, -999, sql, NO_ARGS) < 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
	return v;
}

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

/* How many distinct migration numbers are embedded: what a full migration
 * of an empty database applies. */
static int64_t embedded_migrations(void)
{
	int64_t seen[256];
	size_t n = 0;
	for (size_t i = 0; i < embed_count; i++) {
		const char *name = embed_files[i].name;
		if (!str_starts(name, "schema/") || !strstr(name, ".sql"))
			continue;
		int64_t v = strtoll(name + strlen("schema/"), NULL, 10);
		bool dup = false;
		for (size_t j = 0; j < n; j++)
			dup |= seen[j] == v;
		if (!dup && n < ARRAY_LEN(seen))
			seen[n++] = v;
	}
	return (int64_t)n;
}

/* ---- The same behaviours as on SQLite ---------------------------------- */

static void test_open_and_migrate(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	assert_int_equal(db_dialect(db), DB_POSTGRES);

	/* Every embedded migration runs on PostgreSQL. */
	int64_t applied = scalar(db, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(applied, embedded_migrations());
	json_t *row = db_json_row(db, "SELECT name FROM schema_migrations WHERE version = 1",
	                          NO_ARGS);
	assert_non_null(row);
	assert_string_equal(row_string(row, "name"), "0001_meta.sql");
	json_decref(row);

	/* Again, on this connection and a new one: nothing left to do. */
	char err[512] = "";
	assert_int_equal(db_migrate(db, NULL, err, sizeof(err)), 0);
	db_close(db);
	t->db = open_db(t->url);
	assert_int_equal(db_migrate(t->db, NULL, err, sizeof(err)), 0);
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM schema_migrations"), applied);

	/* The session is set up whatever the server's defaults. */
	assert_setting(t->db, "TimeZone", "UTC");
	assert_setting(t->db, "client_encoding", "UTF8");
	assert_setting(t->db, "application_name", "pacte");
	assert_setting(t->db, "lock_timeout", "10s");
}

static void test_params(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER, b TEXT, c DOUBLE PRECISION)",
	                         NO_ARGS), 0);

	static const char *const nasty[] = {
		"it's \"quoted\"",
		"'; DROP TABLE t; --",
		"Marrakech — Déclaration ✓ $1 \\x00 E'\\n'",
	};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(db_exec(db, "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)",
		                         DB_ARGS(DB_INT(i), DB_TEXT(nasty[i]), DB_REAL(i + 0.5))), 1);
	assert_int_equal(db_exec(db, "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)",
	                         DB_ARGS(DB_INT(7), DB_TEXT(NULL), DB_NULL_ARG)), 1);

	/* Stored verbatim, and the table is still there. */
	struct db_res *res = db_query(db, "SELECT b, c FROM t WHERE a < $1 ORDER BY a",
	                              DB_ARGS(DB_INT(3)));
	assert_non_null(res);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(db_next(res), 1);
		assert_string_equal(db_text(res, 0), nasty[i]);
		assert_true(db_real(res, 1) == i + 0.5);
	}
	assert_int_equal(db_next(res), 0);
	assert_int_equal(db_next(res), 0);      /* finished stays finished */
	assert_null(db_text(res, 0));           /* no current row */
	db_res_free(res);

	/* NULLs. */
	res = db_query(db, "SELECT b, c FROM t WHERE a = 7", NO_ARGS);
	assert_int_equal(db_next(res), 1);
	assert_true(db_isnull(res, 0));
	assert_null(db_text(res, 0));
	assert_true(db_isnull(res, 1));
	assert_int_equal(db_int(res, 1), 0);
	db_res_free(res);

	/* A repeated parameter binds the same value twice. */
	res = db_query(db, "SELECT count(*) FROM t WHERE a = $1 OR a + 1 = $1 OR b = $2",
	               DB_ARGS(DB_INT(1), DB_TEXT(nasty[2])));
	assert_int_equal(db_next(res), 1);
	assert_int_equal(db_int(res, 0), 3);   /* a = 1, a = 0, and the third row by b */
	assert_int_equal(db_ncols(res), 1);
	assert_string_equal(db_colname(res, 0), "count");
	db_res_free(res);

	/* Extreme numbers survive the trip as text. */
	assert_int_equal(db_exec(db, "CREATE TABLE n (i BIGINT, r DOUBLE PRECISION)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO n VALUES ($1, $2), ($3, $4)",
	                         DB_ARGS(DB_INT(INT64_MIN), DB_REAL(0.1),
	                                 DB_INT(INT64_MAX), DB_REAL(-1e300))), 2);
	res = db_query(db, "SELECT i, r FROM n ORDER BY i", NO_ARGS);
	assert_int_equal(db_next(res), 1);
	assert_true(db_int(res, 0) == INT64_MIN);
	assert_true(db_real(res, 1) == 0.1);
	assert_int_equal(db_next(res), 1);
	assert_true(db_int(res, 0) == INT64_MAX);
	assert_true(db_real(res, 1) == -1e300);
	db_res_free(res);

	/* More arguments than fit on the stack. */
	int64_t sum = 0;
	assert_int_equal(db_scalar_int(db, &sum, -1,
		"SELECT $1::int + $2::int + $3::int + $4::int + $5::int + $6::int + $7::int + "
		"$8::int + $9::int + $10::int + $11::int + $12::int + $13::int + $14::int + "
		"$15::int + $16::int + $17::int + $18::int + $19::int + $20::int",
		DB_ARGS(DB_INT(1), DB_INT(2), DB_INT(3), DB_INT(4), DB_INT(5), DB_INT(6),
		        DB_INT(7), DB_INT(8), DB_INT(9), DB_INT(10), DB_INT(11), DB_INT(12),
		        DB_INT(13), DB_INT(14), DB_INT(15), DB_INT(16), DB_INT(17), DB_INT(18),
		        DB_INT(19), DB_INT(20))), 0);
	assert_int_equal(sum, 210);

	/* db_exec counts changed rows; DDL and SELECT change none. */
	assert_int_equal(db_exec(db, "UPDATE t SET c = $1 WHERE a <= $2",
	                         DB_ARGS(DB_REAL(1), DB_INT(1))), 2);
	assert_int_equal(db_exec(db, "CREATE INDEX t_a ON t (a)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "DELETE FROM t WHERE a = $1", DB_ARGS(DB_INT(99))), 0);
	assert_int_equal(db_exec(db, "SELECT a FROM t", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t (a) VALUES (8) RETURNING a", NO_ARGS), 1);
}

static void test_param_errors(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);

	/* A parameter beyond the arguments is an error, never a NULL. */
	assert_null(db_query(db, "SELECT $1, $2", DB_ARGS(DB_INT(1))));
	assert_non_null(strstr(db_errmsg(db), "$2"));
	assert_int_equal(db_exec(db, "UPDATE data_version SET version = $2",
	                         DB_ARGS(DB_INT(1), DB_INT(2))), -1);
	assert_non_null(strstr(db_errmsg(db), "parameter $1"));
	assert_int_equal(scalar(db, "SELECT version FROM data_version") > 0, 1);

	/* An argument the SQL never uses. */
	assert_null(db_query(db, "SELECT $1", DB_ARGS(DB_INT(1), DB_INT(2))));
	assert_non_null(strstr(db_errmsg(db), "2 arguments"));
	/* Other parameter styles. */
	assert_null(db_query(db, "SELECT ?", DB_ARGS(DB_INT(1))));
	assert_null(db_query(db, "SELECT :name", DB_ARGS(DB_INT(1))));

	/* A value the column's type refuses. */
	assert_null(db_query(db, "SELECT version FROM data_version WHERE id = $1",
	                     DB_ARGS(DB_TEXT("one"))));
	assert_non_null(strstr(db_errmsg(db), "invalid input syntax"));

	/* The statements are usable afterwards. */
	json_t *row = db_json_row(db, "SELECT $1 AS x, $2 + 0 AS y",
	                          DB_ARGS(DB_INT(5), DB_INT(6)));
	/* An untyped parameter alone is text on PostgreSQL; in arithmetic it
	 * takes the other operand's type. */
	assert_string_equal(row_string(row, "x"), "5");
	assert_int_equal(json_integer_value(json_object_get(row, "y")), 6);
	json_decref(row);
	assert_true(db_retryable(db) == false);
}

static void test_json(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	json_t *rows = db_json_rows(db,
		"SELECT 42 AS i, 2.5 AS r, 'texte é' AS s, NULL AS n, '\\x00ff'::bytea AS b, "
		"true AS t, 10000000000 AS big, 1.5::real AS f4, 2::float8 AS f8, "
		"sum(x) AS total, CAST(1 AS SMALLINT) AS small, 'NaN'::float8 AS nan "
		"FROM (VALUES (1::bigint), (2::bigint)) AS v (x) "
		"UNION ALL SELECT -1, 0.0, '', NULL, NULL, false, 0, 0, 0, 0, 0, 0",
		NO_ARGS);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 2);
	json_t *r0 = json_array_get(rows, 0);
	assert_true(json_is_integer(json_object_get(r0, "i")));
	assert_int_equal(json_integer_value(json_object_get(r0, "i")), 42);
	assert_true(json_is_real(json_object_get(r0, "r")));
	assert_true(json_real_value(json_object_get(r0, "r")) == 2.5);
	assert_string_equal(row_string(r0, "s"), "texte é");
	assert_true(json_is_null(json_object_get(r0, "n")));
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
	json_t *r1 = json_array_get(rows, 1);
	assert_string_equal(row_string(r1, "s"), "");
	assert_true(json_is_false(json_object_get(r1, "t")));
	assert_true(json_is_real(json_object_get(r1, "r")));
	json_decref(rows);

	/* Booleans through the other getters. */
	struct db_res *res = db_query(db, "SELECT true, false", NO_ARGS);
	assert_int_equal(db_next(res), 1);
	assert_int_equal(db_int(res, 0), 1);
	assert_int_equal(db_int(res, 1), 0);
	assert_true(db_real(res, 0) == 1.0);
	assert_string_equal(db_text(res, 0), "t");
	db_res_free(res);

	/* No rows: an empty array, and a JSON null for a single row. */
	rows = db_json_rows(db, "SELECT 1 AS x WHERE false", NO_ARGS);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	/* An integer argument where a boolean stands reads as one, as on SQLite. */
	json_t *row = db_json_row(db, "SELECT 1 AS x WHERE $1", DB_ARGS(DB_INT(0)));
	assert_non_null(row);
	assert_true(json_is_null(row));
	json_decref(row);

	/* Errors are NULL, not null. */
	assert_null(db_json_rows(db, "SELECT nope FROM nowhere", NO_ARGS));
	assert_null(db_json_row(db, "SELECT nope FROM nowhere", NO_ARGS));
}

static void test_scalar(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	int64_t v = 0;
	assert_int_equal(db_scalar_int(db, &v, 17, "SELECT 5 WHERE $1", DB_ARGS(DB_INT(0))), 0);
	assert_int_equal(v, 17);
	assert_int_equal(db_scalar_int(db, &v, 17, "SELECT 5 WHERE $1", DB_ARGS(DB_INT(1))), 0);
	assert_int_equal(v, 5);
	assert_int_equal(db_scalar_int(db, &v, 3, "SELECT max(version) FROM schema_migrations "
	                               "WHERE version < 0", NO_ARGS), 0);
	assert_int_equal(v, 3);
	v = 1234;
	assert_int_equal(db_scalar_int(db, &v, 0, "SELECT * FROM missing_table", NO_ARGS), -1);
	assert_int_equal(v, 1234);
	assert_non_null(strstr(db_errmsg(db), "missing_table"));
}

static void test_transactions(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	int64_t v0 = db_data_version(db);
	assert_true(v0 > 0);

	/* Rolled back: nothing stays, the version does not move. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(1))), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 1);
	assert_setting(db, "transaction_isolation", "serializable");
	db_rollback(db);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 0);
	assert_int_equal(db_data_version(db), v0);

	/* Committed: the rows and one bump. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_begin(db), -1);            /* no nesting */
	assert_non_null(strstr(db_errmsg(db), "nested"));
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(2))), 1);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 1);
	assert_int_equal(db_data_version(db), v0 + 1);

	/* Outside a transaction commit fails and rollback is harmless. */
	assert_int_equal(db_commit(db), -1);
	assert_non_null(strstr(db_errmsg(db), "no transaction"));
	db_rollback(db);

	/* A failed statement inside keeps its message through the rollback. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO nowhere VALUES (1)", NO_ARGS), -1);
	db_rollback(db);
	assert_non_null(strstr(db_errmsg(db), "nowhere"));
	assert_int_equal(db_data_version(db), v0 + 1);

	/* After a failed statement PostgreSQL refuses the rest: the commit
	 * fails, rolls back, and nothing is bumped. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (3)", NO_ARGS), 1);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ('x')", NO_ARGS), -1);
	assert_int_equal(db_commit(db), -1);
	assert_non_null(strstr(db_errmsg(db), "aborted"));
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 1);
	assert_int_equal(db_data_version(db), v0 + 1);

	/* Another connection sees the committed version. */
	struct db *other = open_db(t->url);
	assert_int_equal(db_data_version(other), v0 + 1);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_data_version(other), v0 + 2);

	/* Closing a connection mid-transaction rolls it back and lets the
	 * next writer in. */
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_exec(other, "INSERT INTO t VALUES (3)", NO_ARGS), 1);
	db_close(other);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 1);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_data_version(db), v0 + 3);
}

/* The same SQL while a result of it is still open, and a cache that has
 * to evict statements. */
static void test_nested_same_query(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	static const char q[] =
		"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $1) "
		"SELECT x FROM n";
	struct db_res *outer = db_query(db, q, DB_ARGS(DB_INT(3)));
	assert_non_null(outer);
	int64_t sum = 0;
	while (db_next(outer) == 1) {
		struct db_res *inner = db_query(db, q, DB_ARGS(DB_INT(db_int(outer, 0))));
		assert_non_null(inner);
		while (db_next(inner) == 1)
			sum += db_int(inner, 0);
		db_res_free(inner);
	}
	db_res_free(outer);
	assert_int_equal(sum, 1 + 3 + 6);

	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 300; i++) {
			char s[64];
			snprintf(s, sizeof(s), "SELECT %d + $1", i);
			int64_t v;
			assert_int_equal(db_scalar_int(db, &v, -1, s, DB_ARGS(DB_INT(1))), 0);
			assert_int_equal(v, i + 1);
		}
	struct db_res *held = db_query(db, "SELECT 'held'", NO_ARGS);
	for (int i = 0; i < 300; i++) {
		char s[64];
		snprintf(s, sizeof(s), "SELECT %d", i + 1000);
		int64_t v;
		assert_int_equal(db_scalar_int(db, &v, -1, s, NO_ARGS), 0);
	}
	assert_int_equal(db_next(held), 1);
	assert_string_equal(db_text(held, 0), "held");
	db_res_free(held);
	/* Evicted statements were deallocated on the server too. */
	assert_true(scalar(db, "SELECT count(*) FROM pg_prepared_statements") <= 256);
}

static void test_errors(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	char err[512] = "";

	/* Nobody listens on port 1; the password never shows. */
	assert_null(db_open("postgres://pacte:s3cret@127.0.0.1:1/pacte?connect_timeout=2",
	                    err, sizeof(err)));
	assert_non_null(strstr(err, "PostgreSQL"));
	assert_non_null(strstr(err, "cannot connect"));
	assert_non_null(strstr(err, "127.0.0.1"));
	assert_null(strstr(err, "s3cret"));
	assert_null(strchr(err, '\n'));
	assert_null(db_open("postgresql://127.0.0.1/x?nonsense=1", err, sizeof(err)));
	assert_non_null(strstr(err, "nonsense"));
	char missing[640];
	url_with_db(missing, sizeof(missing), "pacte_no_such_database");
	assert_null(db_open(missing, err, sizeof(err)));
	assert_non_null(strstr(err, "pacte_no_such_database"));

	struct db *db = open_migrated(t);
	assert_int_equal(db_exec(db, "SELEC 1", NO_ARGS), -1);
	assert_non_null(strstr(db_errmsg(db), "syntax error"));
	assert_non_null(strstr(db_errmsg(db), "\"SELEC 1\""));
	assert_int_equal(db_exec(db, "SELECT 1; SELECT 2", NO_ARGS), -1);
	assert_non_null(strstr(db_errmsg(db), "multiple commands"));
	assert_int_equal(db_exec(db, "SELECT 1; -- a comment", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "", NO_ARGS), -1);
	assert_int_equal(db_exec(db, "CREATE TABLE u (k TEXT PRIMARY KEY)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), 1);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), -1);
	assert_non_null(strstr(db_errmsg(db), "duplicate key value violates unique constraint"));
	assert_non_null(strstr(db_errmsg(db), "Key (k)=(a) already exists"));
	assert_false(db_retryable(db));

	/* A script points at the failing line; it ran as one transaction. */
	assert_int_equal(db_exec_script(db, "CREATE TABLE v (x INTEGER);\n"
	                                "-- é is two bytes, one character\n  BOGUS é"), -1);
	assert_non_null(strstr(db_errmsg(db), "BOGUS"));
	assert_non_null(strstr(db_errmsg(db), "line 3"));
	assert_int_equal(scalar(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'v'"), 0);
	assert_int_equal(db_exec_script(db, ""), 0);
	assert_int_equal(db_exec_script(db, "CREATE TABLE IF NOT EXISTS u (k TEXT)"), 0);

	/* Foreign keys are enforced. */
	assert_int_equal(db_exec_script(db, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
	                                "CREATE TABLE c (p INTEGER REFERENCES p (id))"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO c VALUES (1)", NO_ARGS), -1);
	assert_non_null(strstr(db_errmsg(db), "foreign key"));

	/* Without migrations there is no data version, and commit says why. */
	db_close(db);
	t->db = db = open_db(t->url);
	assert_int_equal(db_exec_script(db, "DROP TABLE data_version"), 0);
	assert_int_equal(db_data_version(db), -1);
	assert_non_null(strstr(db_errmsg(db), "data_version"));
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), -1);
	assert_non_null(strstr(db_errmsg(db), "data_version"));
	assert_int_equal(db_begin(db), 0);      /* the failed commit closed it */
	db_rollback(db);
}

/* A migration changes a table under a cached statement, or the server
 * forgets it: the statement is prepared again instead of failing forever. */
static void test_stale_statement(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	assert_int_equal(db_exec(db, "CREATE TABLE s (a INTEGER)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO s VALUES (1)", NO_ARGS), 1);
	struct db_res *res = db_query(db, "SELECT * FROM s", NO_ARGS);
	assert_int_equal(db_ncols(res), 1);
	db_res_free(res);

	struct db *other = open_db(t->url);
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
	int64_t pid = scalar(db, "SELECT pg_backend_pid()");
	struct db *killer = open_db(t->url);
	int64_t ok = 0;
	assert_int_equal(db_scalar_int(killer, &ok, 0, "SELECT pg_terminate_backend($1)::int",
	                               DB_ARGS(DB_INT(pid))), 0);
	assert_int_equal(ok, 1);
	int64_t alive = 1;
	for (int i = 0; i < 500 && alive; i++) {
		assert_int_equal(db_scalar_int(killer, &alive, 0, "SELECT count(*) FROM "
		                               "pg_stat_activity WHERE pid = $1",
		                               DB_ARGS(DB_INT(pid))), 0);
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
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	int64_t pid = scalar(db, "SELECT pg_backend_pid()");
	terminate_session(t, db);
	assert_int_equal(scalar(db, "SELECT 41 + 1"), 42);
	assert_true(scalar(db, "SELECT pg_backend_pid()") != pid);
	assert_setting(db, "TimeZone", "UTC");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);

	int64_t v0 = db_data_version(db);
	assert_int_equal(db_begin(db), 0);
	terminate_session(t, db);
	assert_int_equal(db_exec(db, "UPDATE data_version SET version = 0", NO_ARGS), -1);
	assert_int_equal(db_commit(db), -1);
	assert_non_null(strstr(db_errmsg(db), "lost"));
	db_rollback(db);
	assert_int_equal(db_data_version(db), v0);
	/* The writer lock went with the old session: writers are not stuck. */
	struct db *other = open_db(t->url);
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
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
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
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 2);
	assert_int_equal(db_data_version(db), v0 + 2);
}

/* A write outside db_begin slips between a transaction's snapshot and its
 * own write: the transaction fails, retryably, and says so. */
static void test_serialisation_failure(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *a = open_migrated(t);
	struct db *b = open_db(t->url);
	assert_int_equal(db_exec_script(a, "CREATE TABLE acct (id INTEGER PRIMARY KEY, "
	                                "balance INTEGER); INSERT INTO acct VALUES (1, 100)"), 0);
	int64_t v0 = db_data_version(a);

	assert_int_equal(db_begin(a), 0);
	assert_int_equal(scalar(a, "SELECT balance FROM acct WHERE id = 1"), 100);
	assert_int_equal(db_exec(b, "UPDATE acct SET balance = balance + 1 WHERE id = 1",
	                         NO_ARGS), 1);
	assert_int_equal(db_exec(a, "UPDATE acct SET balance = balance - 10 WHERE id = 1",
	                         NO_ARGS), -1);
	assert_true(db_retryable(a));
	assert_non_null(strstr(db_errmsg(a), "serialisation failure"));
	assert_non_null(strstr(db_errmsg(a), "40001"));
	assert_non_null(strstr(db_errmsg(a), "retry"));
	db_rollback(a);
	/* The rollback keeps both the message and the flag. */
	assert_true(db_retryable(a));
	assert_non_null(strstr(db_errmsg(a), "40001"));
	assert_int_equal(db_data_version(a), v0);
	assert_false(db_retryable(a));          /* a success clears it */

	/* Retried, it goes through. */
	assert_int_equal(db_begin(a), 0);
	assert_int_equal(db_exec(a, "UPDATE acct SET balance = balance - 10 WHERE id = 1",
	                         NO_ARGS), 1);
	assert_int_equal(db_commit(a), 0);
	assert_int_equal(scalar(a, "SELECT balance FROM acct WHERE id = 1"), 91);

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
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *a = open_migrated(t);
	struct db *b = open_db(t->url);
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
	assert_non_null(strstr(db_errmsg(victim), "deadlock"));
	assert_non_null(strstr(db_errmsg(victim), "40P01"));
	assert_int_equal(db_exec_script(b, "ROLLBACK"), 0);
	db_close(b);
}

/* A writer that waits too long for the writer lock gets a retryable error,
 * as SQLite's SQLITE_BUSY after the busy timeout. */
static void test_writer_lock_timeout(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *a = open_migrated(t);
	struct db *b = open_db(t->url);
	assert_int_equal(db_exec_script(b, "SET lock_timeout = '100ms'"), 0);
	assert_int_equal(db_begin(a), 0);
	assert_int_equal(db_begin(b), -1);
	assert_true(db_retryable(b));
	assert_non_null(strstr(db_errmsg(b), "write lock"));
	assert_int_equal(db_commit(a), 0);
	assert_int_equal(db_begin(b), 0);
	assert_false(db_retryable(b));
	assert_int_equal(db_commit(b), 0);
	db_close(b);

	/* SQLite never reports its errors as retryable but for SQLITE_BUSY. */
	char dir[] = "/tmp/pacte-pg-sqlite-XXXXXX", path[64], err[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.db", dir);
	struct db *lite = db_open(path, err, sizeof(err));
	assert_non_null(lite);
	assert_int_equal(db_exec(lite, "SELECT * FROM nowhere", NO_ARGS), -1);
	assert_false(db_retryable(lite));
	db_close(lite);
	unlink(path);
	snprintf(path, sizeof(path), "%s/x.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/x.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

/* ---- Migrations ---------------------------------------------------------- */

static const char *meta_sql(void)
{
	const struct embed_file *f = embed_find("schema/0001_meta.sql");
	assert_non_null(f);
	return f->data;
}

#define FILE_ENTRY(name, sql) {name, sql, sizeof(sql) - 1}

static int64_t table_exists(struct db *db, const char *name)
{
	int64_t n = 0;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM pg_tables WHERE tablename = $1",
	                  DB_ARGS(DB_TEXT(name))) < 0)
		fail_msg("pg_tables: %s", db_errmsg(db));
	return n;
}

static void test_migration_variants(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	char err[512] = "";
	t->db = open_db(t->url);
	struct embed_file files[] = {
		FILE_ENTRY("schema/0010_b.sqlite.sql", "THIS IS NOT POSTGRESQL"),
		FILE_ENTRY("schema/0010_b.sql", "CREATE TABLE b_plain (x INTEGER)"),
		FILE_ENTRY("templates/0002_x.sql", "NOT A MIGRATION"),
		FILE_ENTRY("schema/0010_b.pg.sql", "CREATE TABLE b_pg (x INTEGER PRIMARY KEY)"),
		FILE_ENTRY("schema/0002_a.sql", "CREATE TABLE a (x INTEGER REFERENCES b_pg (x))"),
		FILE_ENTRY("schema/0003_c.sqlite.sql", "ALSO NOT POSTGRESQL"),
		FILE_ENTRY("schema/0003_c.sql", "CREATE TABLE c (x INTEGER)"),
		FILE_ENTRY("schema/README.md", "ignored"),
		{"schema/0001_meta.sql", NULL, 0},
	};
	files[ARRAY_LEN(files) - 1].data = meta_sql();
	/* 0002 refers to a table 0010 creates: run in number order, it fails. */
	assert_int_equal(db_migrate_files(t->db, files, ARRAY_LEN(files), NULL, err,
	                                  sizeof(err)), -1);
	assert_non_null(strstr(err, "schema/0002_a.sql"));
	assert_non_null(strstr(err, "b_pg"));
	files[4] = (struct embed_file)FILE_ENTRY("schema/0002_a.sql", "CREATE TABLE a (x INTEGER)");
	assert_int_equal(db_migrate_files(t->db, files, ARRAY_LEN(files), NULL, err,
	                                  sizeof(err)), 3);
	assert_int_equal(table_exists(t->db, "b_pg"), 1);
	assert_int_equal(table_exists(t->db, "b_plain"), 0);
	json_t *rows = db_json_rows(t->db, "SELECT version, name FROM schema_migrations "
	                            "ORDER BY version", NO_ARGS);
	char *dump = json_dumps(rows, JSON_COMPACT);
	assert_string_equal(dump, "[{\"version\":1,\"name\":\"0001_meta.sql\"},"
	                    "{\"version\":2,\"name\":\"0002_a.sql\"},"
	                    "{\"version\":3,\"name\":\"0003_c.sql\"},"
	                    "{\"version\":10,\"name\":\"0010_b.pg.sql\"}]");
	free(dump);
	json_decref(rows);
	/* Each migration committed and so bumped the version. */
	assert_int_equal(db_data_version(t->db), 1 + 4);
	assert_int_equal(db_migrate_files(t->db, files, ARRAY_LEN(files), NULL, err,
	                                  sizeof(err)), 0);
}

static void test_migration_failures(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	char err[512] = "";
	t->db = open_db(t->url);
	struct embed_file files[] = {
		{"schema/0001_meta.sql", NULL, 0},
		FILE_ENTRY("schema/0002_ok.sql", "CREATE TABLE ok (x INTEGER)"),
		FILE_ENTRY("schema/0003_bad.sql", "CREATE TABLE half (x INTEGER);\nSELEC broken"),
		FILE_ENTRY("schema/0004_never.sql", "CREATE TABLE never (x INTEGER)"),
	};
	files[0].data = meta_sql();
	assert_int_equal(db_migrate_files(t->db, files, 4, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "schema/0003_bad.sql"));
	assert_non_null(strstr(err, "SELEC"));
	assert_non_null(strstr(err, "line 2"));
	/* 0001 and 0002 stay applied; 0003 left nothing behind; 0004 never ran. */
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM schema_migrations"), 2);
	assert_int_equal(table_exists(t->db, "half"), 0);
	assert_int_equal(table_exists(t->db, "never"), 0);
	assert_int_equal(table_exists(t->db, "ok"), 1);

	struct embed_file sqlite_only[] = {FILE_ENTRY("schema/0009_x.sqlite.sql", "SELECT 1")};
	assert_int_equal(db_migrate_files(t->db, sqlite_only, 1, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "schema/0009_x.sqlite.sql"));

	/* The advisory lock was released: another connection migrates. */
	struct db *other = open_db(t->url);
	assert_int_equal(db_migrate_files(other, files, 2, NULL, err, sizeof(err)), 0);
	db_close(other);

	assert_int_equal(db_begin(t->db), 0);
	assert_int_equal(db_migrate(t->db, NULL, err, sizeof(err)), -1);
	db_rollback(t->db);
}

static int log_lines;

static void count_line(const char *line)
{
	assert_non_null(strstr(line, "schema/"));
	log_lines++;
}

static void test_migration_log(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	char err[512] = "";
	t->db = open_db(t->url);
	log_lines = 0;
	int n = db_migrate(t->db, count_line, err, sizeof(err));
	assert_true(n >= 1);
	assert_int_equal(log_lines, n);
}

#define MIGRATORS 4

struct migrator {
	const char *url;
	pthread_barrier_t *go;
	int applied;
	char err[512];
};

static void *migrate_thread(void *arg)
{
	struct migrator *m = arg;
	struct db *db = db_open(m->url, m->err, sizeof(m->err));
	pthread_barrier_wait(m->go);
	m->applied = db ? db_migrate(db, NULL, m->err, sizeof(m->err)) : -1;
	db_close(db);
	return NULL;
}

/* Several connections migrating one empty database at once: between them
 * they apply each migration exactly once. */
static void test_migrate_concurrently(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, MIGRATORS);
	struct migrator m[MIGRATORS];
	pthread_t th[MIGRATORS];
	for (int i = 0; i < MIGRATORS; i++) {
		m[i] = (struct migrator){.url = t->url, .go = &go};
		assert_int_equal(pthread_create(&th[i], NULL, migrate_thread, &m[i]), 0);
	}
	int total = 0;
	for (int i = 0; i < MIGRATORS; i++) {
		pthread_join(th[i], NULL);
		if (m[i].applied < 0)
			fail_msg("migrator %d: %s", i, m[i].err);
		total += m[i].applied;
	}
	pthread_barrier_destroy(&go);
	struct db *db = open_migrated(t);
	int64_t recorded = scalar(db, "SELECT count(*) FROM schema_migrations");
	assert_int_equal(total, recorded);
	assert_int_equal(recorded, embedded_migrations());
	assert_int_equal(scalar(db, "SELECT count(DISTINCT version) FROM schema_migrations"),
	                 recorded);
	assert_int_equal(scalar(db, "SELECT count(*) FROM data_version"), 1);
	assert_int_equal(db_data_version(db), 1 + recorded);
}

/* ---- The pool ------------------------------------------------------------ */

struct pool_test {
	struct db_pool *pool;
	pthread_barrier_t both_open, a_wrote;
	struct db *conn[2];
	int64_t seen[2];
	int ok[2];
};

struct worker {
	struct pool_test *pt;
	int id;
};

static void *pool_worker(void *p)
{
	struct worker *w = p;
	struct pool_test *pt = w->pt;
	struct db *db = db_pool_get(pt->pool);
	pt->conn[w->id] = db;
	pt->ok[w->id] = db && db_pool_get(pt->pool) == db;
	pthread_barrier_wait(&pt->both_open);
	if (db && w->id == 0) {
		pt->ok[0] &= db_begin(db) == 0 &&
		             db_exec(db, "INSERT INTO t VALUES (2)", NO_ARGS) == 1 &&
		             db_commit(db) == 0;
	}
	pthread_barrier_wait(&pt->a_wrote);
	if (db && db_scalar_int(db, &pt->seen[w->id], -1, "SELECT count(*) FROM t",
	                        NO_ARGS) < 0)
		pt->ok[w->id] = 0;
	return NULL;
}

static void test_pool(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *setup = open_migrated(t);
	assert_int_equal(db_exec(setup, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	assert_int_equal(db_exec(setup, "INSERT INTO t VALUES (1)", NO_ARGS), 1);

	char err[512] = "";
	assert_null(db_pool_open("postgres://127.0.0.1:1/x?connect_timeout=2", err, sizeof(err)));
	assert_non_null(strstr(err, "PostgreSQL"));

	struct pool_test pt = {0};
	pt.pool = db_pool_open(t->url, err, sizeof(err));
	assert_non_null(pt.pool);
	struct db *mine = db_pool_get(pt.pool);
	assert_non_null(mine);
	pthread_barrier_init(&pt.both_open, NULL, 2);
	pthread_barrier_init(&pt.a_wrote, NULL, 2);
	struct worker w[2] = {{&pt, 0}, {&pt, 1}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, pool_worker, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&pt.both_open);
	pthread_barrier_destroy(&pt.a_wrote);

	assert_true(pt.ok[0]);
	assert_true(pt.ok[1]);
	assert_ptr_not_equal(pt.conn[0], pt.conn[1]);
	assert_ptr_not_equal(pt.conn[0], mine);
	assert_int_equal(pt.seen[0], 2);
	assert_int_equal(pt.seen[1], 2);
	assert_int_equal(db_pool_get(pt.pool), mine);
	assert_int_equal(scalar(mine, "SELECT count(*) FROM t"), 2);
	db_pool_free(pt.pool);
}

/* ---- The reference data, as on SQLite ---------------------------------- */

static const char *const refdata_counts[] = {
	"SELECT count(*) FROM country WHERE un_status = 'member'",
	"SELECT count(*) FROM country WHERE un_status = 'observer'",
	"SELECT count(*) FROM objective",
	"SELECT count(*) FROM principle",
	"SELECT count(*) FROM region",
	"SELECT count(*) FROM country WHERE intermediate_m49 IS NOT NULL",
};

static void count_refdata(struct db *db, int64_t *out)
{
	for (size_t i = 0; i < ARRAY_LEN(refdata_counts); i++)
		out[i] = scalar(db, refdata_counts[i]);
}

static void test_refdata(void **state)
{
	NEED_SERVER();
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	char err[1024] = "";
	if (refdata_load(db, err, sizeof(err)) < 0)
		fail_msg("refdata_load: %s", err);
	int64_t pg[ARRAY_LEN(refdata_counts)];
	count_refdata(db, pg);
	assert_int_equal(pg[0], 193);
	assert_int_equal(pg[1], 2);
	assert_int_equal(pg[2], 23);
	assert_int_equal(pg[3], 10);
	/* Idempotent. */
	assert_int_equal(refdata_load(db, err, sizeof(err)), 0);
	int64_t again[ARRAY_LEN(refdata_counts)];
	count_refdata(db, again);
	assert_memory_equal(pg, again, sizeof(pg));

	/* The same rows as on SQLite. */
	char dir[] = "/tmp/pacte-pg-refdata-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ref.db", dir);
	struct db *lite = open_db(path);
	assert_true(db_migrate(lite, NULL, err, sizeof(err)) >= 0);
	assert_int_equal(refdata_load(lite, err, sizeof(err)), 0);
	int64_t sq[ARRAY_LEN(refdata_counts)];
	count_refdata(lite, sq);
	db_close(lite);
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
		snprintf(path, sizeof(path), "%s/ref.db%s", dir, suffixes[i]);
		unlink(path);
	}
	rmdir(dir);
	assert_memory_equal(pg, sq, sizeof(pg));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, scratch_setup, scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_and_migrate),
		T(test_params),
		T(test_param_errors),
		T(test_json),
		T(test_scalar),
		T(test_transactions),
		T(test_nested_same_query),
		T(test_errors),
		T(test_stale_statement),
		T(test_lost_connection),
		T(test_writers_queue),
		T(test_serialisation_failure),
		T(test_deadlock),
		T(test_writer_lock_timeout),
		T(test_migration_variants),
		T(test_migration_failures),
		T(test_migration_log),
		T(test_migrate_concurrently),
		T(test_pool),
		T(test_refdata),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
