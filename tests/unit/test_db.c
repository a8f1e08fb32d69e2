/* test_db.c — the database layer on its SQLite backend: parameters,
 * results, transactions, the data version, migrations (also from two
 * processes at once) and the per-thread pool. */
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#include "db.h"
#include "db_backend.h"
#include "embed.h"
#include "util.h"

/* A scratch directory per test, removed with everything in it. */
struct scratch {
	char dir[64];
	char path[128];
	struct db *db;
};

static int scratch_setup(void **state)
{
	struct scratch *t = calloc(1, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "/tmp/pacte-test-db-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/test.db", t->dir);
	*state = t;
	return 0;
}

static int scratch_teardown(void **state)
{
	struct scratch *t = *state;
	db_close(t->db);
	DIR *d = opendir(t->dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char p[PATH_MAX];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", t->dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(t->dir);
	free(t);
	return 0;
}

/* Opens the scratch database, migrated. */
static struct db *open_migrated(struct scratch *t)
{
	char err[256] = "";
	t->db = db_open(t->path, err, sizeof(err));
	if (!t->db)
		fail_msg("db_open: %s", err);
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

static void test_open_and_migrate(void **state)
{
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	assert_int_equal(db_dialect(db), DB_SQLITE);

	int64_t applied = scalar(db, "SELECT count(*) FROM schema_migrations");
	assert_true(applied >= 1);
	json_t *row = db_json_row(db, "SELECT name FROM schema_migrations WHERE version = 1",
	                          NO_ARGS);
	assert_non_null(row);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "0001_meta.sql");
	json_decref(row);

	/* Again, on this connection and a new one: nothing left to do. */
	char err[256] = "";
	assert_int_equal(db_migrate(db, NULL, err, sizeof(err)), 0);
	db_close(db);
	t->db = db_open(t->path, err, sizeof(err));
	assert_non_null(t->db);
	assert_int_equal(db_migrate(t->db, NULL, err, sizeof(err)), 0);
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM schema_migrations"), applied);
	row = db_json_row(t->db, "SELECT journal_mode FROM pragma_journal_mode", NO_ARGS);
	assert_string_equal(json_string_value(json_object_get(row, "journal_mode")), "wal");
	json_decref(row);
	assert_int_equal(scalar(t->db, "SELECT foreign_keys FROM pragma_foreign_keys"), 1);
}

static void test_params(void **state)
{
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER, b TEXT, c REAL)", NO_ARGS), 0);

	static const char *const nasty[] = {
		"it's \"quoted\"",
		"'; DROP TABLE t; --",
		"Marrakech — Déclaration ✓",
	};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(db_exec(db, "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)",
		                         DB_ARGS(DB_INT(i), DB_TEXT(nasty[i]), DB_REAL(i + 0.5))), 1);
	assert_int_equal(db_exec(db, "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)",
	                         DB_ARGS(DB_INT(7), DB_TEXT(NULL), DB_NULL_ARG)), 1);

	/* Stored verbatim, and the table is still there. */
	struct db_res *res = db_query(db, "SELECT b FROM t WHERE a < $1 ORDER BY a",
	                              DB_ARGS(DB_INT(3)));
	assert_non_null(res);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(db_next(res), 1);
		assert_string_equal(db_text(res, 0), nasty[i]);
	}
	assert_int_equal(db_next(res), 0);
	assert_int_equal(db_next(res), 0);      /* finished stays finished */
	db_res_free(res);

	/* NULLs. */
	res = db_query(db, "SELECT b, c FROM t WHERE a = 7", NO_ARGS);
	assert_int_equal(db_next(res), 1);
	assert_true(db_isnull(res, 0));
	assert_null(db_text(res, 0));
	assert_true(db_isnull(res, 1));
	db_res_free(res);

	/* A repeated parameter binds the same value twice. */
	res = db_query(db, "SELECT count(*) FROM t WHERE a = $1 OR a + 1 = $1 OR b = $2",
	               DB_ARGS(DB_INT(1), DB_TEXT(nasty[2])));
	assert_int_equal(db_next(res), 1);
	assert_int_equal(db_int(res, 0), 3);   /* a = 1, a = 0, and the third row by b */
	assert_int_equal(db_ncols(res), 1);
	db_res_free(res);

	/* db_exec counts changed rows, and DDL changes none. */
	assert_int_equal(db_exec(db, "UPDATE t SET c = $1 WHERE a <= $2",
	                         DB_ARGS(DB_REAL(1), DB_INT(1))), 2);
	assert_int_equal(db_exec(db, "CREATE INDEX t_a ON t (a)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "DELETE FROM t WHERE a = $1", DB_ARGS(DB_INT(99))), 0);
}

static void test_param_errors(void **state)
{
	struct scratch *t = *state;
	struct db *db = open_migrated(t);

	/* A parameter beyond the arguments is an error, never a NULL. */
	assert_null(db_query(db, "SELECT $1, $2", DB_ARGS(DB_INT(1))));
	assert_non_null(strstr(db_errmsg(db), "$2"));
	assert_int_equal(db_exec(db, "UPDATE data_version SET version = $3",
	                         DB_ARGS(DB_INT(1), DB_INT(2))), -1);
	assert_non_null(strstr(db_errmsg(db), "$3"));
	assert_int_equal(scalar(db, "SELECT version FROM data_version") > 0, 1);

	/* An argument the SQL never uses (PostgreSQL refuses it too). */
	assert_null(db_query(db, "SELECT $1", DB_ARGS(DB_INT(1), DB_INT(2))));
	assert_non_null(strstr(db_errmsg(db), "2 arguments"));
	/* Other parameter styles. */
	assert_null(db_query(db, "SELECT ?", DB_ARGS(DB_INT(1))));
	assert_non_null(strstr(db_errmsg(db), "$1, $2"));
	assert_null(db_query(db, "SELECT :name", DB_ARGS(DB_INT(1))));
	assert_null(db_query(db, "SELECT $01", DB_ARGS(DB_INT(1))));

	/* The statement is usable afterwards (bindings were cleared). */
	json_t *row = db_json_row(db, "SELECT $1 AS x, $2 AS y", DB_ARGS(DB_INT(5), DB_INT(6)));
	assert_int_equal(json_integer_value(json_object_get(row, "x")), 5);
	json_decref(row);
}

static void test_json(void **state)
{
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	json_t *rows = db_json_rows(db,
		"SELECT 42 AS i, 2.5 AS r, 'texte é' AS s, NULL AS n, x'00ff' AS b "
		"UNION ALL SELECT -1, 0.0, '', NULL, NULL", NO_ARGS);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 2);
	json_t *r0 = json_array_get(rows, 0);
	assert_true(json_is_integer(json_object_get(r0, "i")));
	assert_int_equal(json_integer_value(json_object_get(r0, "i")), 42);
	assert_true(json_is_real(json_object_get(r0, "r")));
	assert_true(json_real_value(json_object_get(r0, "r")) == 2.5);
	assert_string_equal(json_string_value(json_object_get(r0, "s")), "texte é");
	assert_true(json_is_null(json_object_get(r0, "n")));
	assert_true(json_is_null(json_object_get(r0, "b")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 1), "s")), "");
	json_decref(rows);

	/* No rows: an empty array, and a JSON null for a single row. */
	rows = db_json_rows(db, "SELECT 1 AS x WHERE 0", NO_ARGS);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
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
	struct scratch *t = *state;
	struct db *db = open_migrated(t);
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	int64_t v0 = db_data_version(db);
	assert_true(v0 > 0);

	/* Rolled back: nothing stays, the version does not move. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(1))), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 1);
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

	/* Bookkeeping writes commit without moving the version. */
	assert_int_equal(db_begin_unversioned(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(9))), 1);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 2);
	assert_int_equal(db_data_version(db), v0 + 1);
	assert_int_equal(db_exec(db, "DELETE FROM t WHERE a = 9", NO_ARGS), 1);

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

	/* Another connection sees the committed version. */
	char err[256];
	struct db *other = db_open(t->path, err, sizeof(err));
	assert_non_null(other);
	assert_int_equal(db_data_version(other), v0 + 1);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_data_version(other), v0 + 2);

	/* Closing a connection mid-transaction rolls it back. */
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_exec(other, "INSERT INTO t VALUES (3)", NO_ARGS), 1);
	db_close(other);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t"), 1);
}

/* The same SQL while a result of it is still open gets its own statement. */
static void test_nested_same_query(void **state)
{
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

	/* More distinct statements than the cache holds: old ones are evicted
	 * and everything still answers. */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 300; i++) {
			char s[64];
			snprintf(s, sizeof(s), "SELECT %d + $1", i);
			int64_t v;
			assert_int_equal(db_scalar_int(db, &v, -1, s, DB_ARGS(DB_INT(1))), 0);
			assert_int_equal(v, i + 1);
		}
	/* A result left open while the cache churns keeps its statement. */
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
}

static void test_errors(void **state)
{
	struct scratch *t = *state;
	char err[256] = "";

	assert_null(db_open("/nonexistent-dir/x/pacte.db", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent-dir/x/pacte.db"));
	/* Never taken for a file name, whether or not PostgreSQL is built in
	 * (nothing listens on port 1). */
	err[0] = '\0';
	assert_null(db_open("postgres://127.0.0.1:1/pacte", err, sizeof(err)));
	assert_true(err[0] != '\0');
	err[0] = '\0';
	assert_null(db_open("postgresql://127.0.0.1:1/pacte", err, sizeof(err)));
	assert_true(err[0] != '\0');
	assert_null(strstr(err, "unable to open database file"));
	assert_null(db_open("", err, sizeof(err)));

	struct db *db = open_migrated(t);
	assert_int_equal(db_exec(db, "SELEC 1", NO_ARGS), -1);
	assert_non_null(strstr(db_errmsg(db), "syntax error"));
	assert_non_null(strstr(db_errmsg(db), "SELEC 1"));
	assert_int_equal(db_exec(db, "SELECT 1; SELECT 2", NO_ARGS), -1);
	assert_non_null(strstr(db_errmsg(db), "more than one statement"));
	assert_int_equal(db_exec(db, "SELECT 1; -- a comment", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "", NO_ARGS), -1);
	assert_int_equal(db_exec(db, "CREATE TABLE u (k TEXT PRIMARY KEY)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), 1);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), -1);
	assert_non_null(strstr(db_errmsg(db), "UNIQUE constraint failed: u.k"));
	assert_int_equal(db_exec_script(db, "CREATE TABLE v (x); BOGUS"), -1);
	assert_non_null(strstr(db_errmsg(db), "BOGUS"));

	/* Foreign keys are enforced. */
	assert_int_equal(db_exec_script(db, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
	                                "CREATE TABLE c (p INTEGER REFERENCES p (id))"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO c VALUES (1)", NO_ARGS), -1);
	assert_non_null(strstr(db_errmsg(db), "FOREIGN KEY"));

	/* Without migrations there is no data version, and commit says why. */
	db_close(db);
	t->db = NULL;
	char path2[160];
	snprintf(path2, sizeof(path2), "%s/bare.db", t->dir);
	db = db_open(path2, err, sizeof(err));
	assert_non_null(db);
	assert_int_equal(db_data_version(db), -1);
	assert_non_null(strstr(db_errmsg(db), "data_version"));
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), -1);
	assert_non_null(strstr(db_errmsg(db), "data_version"));
	assert_int_equal(db_begin(db), 0);      /* the failed commit closed it */
	db_rollback(db);
	db_close(db);
}

/* ---- Migrations from explicit files ----------------------------------- */

static const char *meta_sql(void)
{
	const struct embed_file *f = embed_find("schema/0001_meta.sql");
	assert_non_null(f);
	return f->data;
}

#define FILE_ENTRY(name, sql) {name, sql, sizeof(sql) - 1}

static void test_migration_variants(void **state)
{
	struct scratch *t = *state;
	char err[256] = "";
	t->db = db_open(t->path, err, sizeof(err));
	struct embed_file files[] = {
		FILE_ENTRY("schema/0010_b.pg.sql", "THIS IS NOT SQLITE"),
		FILE_ENTRY("schema/0010_b.sql", "CREATE TABLE b_plain (x INTEGER)"),
		FILE_ENTRY("templates/0002_x.sql", "NOT A MIGRATION"),
		FILE_ENTRY("schema/0010_b.sqlite.sql", "CREATE TABLE b_lite (x INTEGER)"),
		FILE_ENTRY("schema/0002_a.sql", "CREATE TABLE a (x INTEGER REFERENCES b_lite (x))"),
		FILE_ENTRY("schema/0003_c.pg.sql", "ALSO NOT SQLITE"),
		FILE_ENTRY("schema/0003_c.sql", "CREATE TABLE c (x INTEGER)"),
		FILE_ENTRY("schema/README.md", "ignored"),
		{"schema/0001_meta.sql", NULL, 0},
	};
	files[ARRAY_LEN(files) - 1].data = meta_sql();
	assert_int_equal(db_migrate_files(t->db, files, ARRAY_LEN(files), NULL, err,
	                                  sizeof(err)), 4);
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'b_lite'"), 1);
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'b_plain'"), 0);
	json_t *rows = db_json_rows(t->db, "SELECT version, name FROM schema_migrations "
	                            "ORDER BY version", NO_ARGS);
	char *dump = json_dumps(rows, JSON_COMPACT);
	assert_string_equal(dump, "[{\"version\":1,\"name\":\"0001_meta.sql\"},"
	                    "{\"version\":2,\"name\":\"0002_a.sql\"},"
	                    "{\"version\":3,\"name\":\"0003_c.sql\"},"
	                    "{\"version\":10,\"name\":\"0010_b.sqlite.sql\"}]");
	free(dump);
	json_decref(rows);
	/* Each migration committed and so bumped the version. */
	assert_int_equal(db_data_version(t->db), 1 + 4);
	assert_int_equal(db_migrate_files(t->db, files, ARRAY_LEN(files), NULL, err,
	                                  sizeof(err)), 0);
}

static void test_migration_failures(void **state)
{
	struct scratch *t = *state;
	char err[256] = "";
	t->db = db_open(t->path, err, sizeof(err));
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
	/* 0001 and 0002 stay applied; 0003 left nothing behind; 0004 never ran. */
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM schema_migrations"), 2);
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM sqlite_schema "
	                        "WHERE name IN ('half', 'never')"), 0);
	assert_int_equal(scalar(t->db, "SELECT count(*) FROM sqlite_schema WHERE name = 'ok'"), 1);

	struct embed_file dup[] = {
		FILE_ENTRY("schema/0002_one.sql", "SELECT 1"),
		FILE_ENTRY("schema/0002_two.sql", "SELECT 1"),
	};
	assert_int_equal(db_migrate_files(t->db, dup, 2, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "schema/0002_one.sql"));
	assert_non_null(strstr(err, "schema/0002_two.sql"));

	struct embed_file badname[] = {FILE_ENTRY("schema/init.sql", "SELECT 1")};
	assert_int_equal(db_migrate_files(t->db, badname, 1, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "schema/init.sql"));

	struct embed_file pgonly[] = {FILE_ENTRY("schema/0009_x.pg.sql", "SELECT 1")};
	assert_int_equal(db_migrate_files(t->db, pgonly, 1, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "schema/0009_x.pg.sql"));

	/* Not inside a transaction. */
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
	struct scratch *t = *state;
	char err[256] = "";
	t->db = db_open(t->path, err, sizeof(err));
	log_lines = 0;
	int n = db_migrate(t->db, count_line, err, sizeof(err));
	assert_true(n >= 1);
	assert_int_equal(log_lines, n);
}

/* ---- Two processes migrating one new file at once ---------------------- */

static void test_migrate_two_processes(void **state)
{
	struct scratch *t = *state;
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t pids[2];
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(go[1]);
			char c;
			/* Wait until the parent lets both go at once. */
			(void)!read(go[0], &c, 1);
			char err[256];
			struct db *db = db_open(t->path, err, sizeof(err));
			if (!db) {
				fprintf(stderr, "child: %s\n", err);
				_exit(2);
			}
			int n = db_migrate(db, NULL, err, sizeof(err));
			if (n < 0)
				fprintf(stderr, "child: %s\n", err);
			db_close(db);
			/* 1 and 2 are failures; 10 + n says how many it applied. */
			_exit(n < 0 ? 1 : 10 + (n > 200 ? 200 : n));
		}
	}
	close(go[0]);
	close(go[1]);
	int total = 0;
	for (int i = 0; i < 2; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_true(WEXITSTATUS(status) >= 10);
		total += WEXITSTATUS(status) - 10;
	}
	struct db *db = open_migrated(t);
	int64_t recorded = scalar(db, "SELECT count(*) FROM schema_migrations");
	/* Between them they applied each migration once. */
	assert_int_equal(total, recorded);
	assert_int_equal(scalar(db, "SELECT count(DISTINCT version) FROM schema_migrations"),
	                 recorded);
	assert_int_equal(scalar(db, "SELECT count(*) FROM data_version"), 1);
}

/* ---- The pool: a connection per thread -------------------------------- */

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
	/* Asked twice, the same thread gets the same connection. */
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
	struct scratch *t = *state;
	struct db *setup = open_migrated(t);
	assert_int_equal(db_exec(setup, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	assert_int_equal(db_exec(setup, "INSERT INTO t VALUES (1)", NO_ARGS), 1);

	char err[256] = "";
	assert_null(db_pool_open("/nonexistent-dir/x.db", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent-dir/x.db"));

	struct pool_test pt = {0};
	pt.pool = db_pool_open(t->path, err, sizeof(err));
	assert_non_null(pt.pool);
	struct db *mine = db_pool_get(pt.pool);     /* this thread's, closed by db_pool_free */
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
	assert_ptr_not_equal(pt.conn[1], mine);
	assert_int_equal(pt.seen[0], 2);
	assert_int_equal(pt.seen[1], 2);
	assert_int_equal(db_pool_get(pt.pool), mine);
	assert_int_equal(scalar(mine, "SELECT count(*) FROM t"), 2);
	db_pool_free(pt.pool);
	/* The workers' connections were closed when they exited, this thread's
	 * by db_pool_free: ASan's leak check would say otherwise. */
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
		T(test_migration_variants),
		T(test_migration_failures),
		T(test_migration_log),
		T(test_migrate_two_processes),
		T(test_pool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
