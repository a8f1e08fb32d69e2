/* test_db.c — the contract of the database layer (db.h), written once and
 * run on the run's backend (scratch.h): tests/run runs it on SQLite, then
 * again on PostgreSQL. Parameters, results, JSON rows, transactions, the
 * data version, migrations (also several processes at once) and the
 * per-thread pool. Where the backends must differ — an error's wording, a
 * migration's variant, a database that cannot be reached — the difference
 * is one row of `facts`; what only one backend has is tested apart, in
 * test_db_sqlite.c and test_db_pg.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

#include "db.h"
#include "db_backend.h"
#include "embed.h"
#include "scratch.h"
#include "util.h"

/* What the contract lets each backend say or do its own way. */
static const struct facts {
	const char *own, *other;    /* the suffixes of a migration's variants */
	const char *two_statements; /* db_exec's refusal of two statements */
	const char *unreachable;    /* a database db_open cannot reach … */
	const char *unreachable_says; /* … and what its error names */
} all_facts[] = {
	[DB_SQLITE] = {".sqlite.sql", ".pg.sql", "more than one statement",
	               "/nonexistent-dir/x/pacte.db", "/nonexistent-dir/x/pacte.db"},
	[DB_POSTGRES] = {".pg.sql", ".sqlite.sql", "multiple commands",
	                 "postgres://127.0.0.1:1/x?connect_timeout=2", "PostgreSQL"},
};

static const struct facts *facts(struct db *db)
{
	return &all_facts[db_dialect(db)];
}

/* How many distinct migration numbers are embedded: what a full migration
 * of an empty database applies, on either backend. */
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

static void test_open_and_migrate(void **state)
{
	struct scratch *t = *state;
	struct db *db = scratch_migrated(state);
	assert_int_equal(db_dialect(db), scratch_pg_server() ? DB_POSTGRES : DB_SQLITE);

	/* Every embedded migration, in its variant for this backend. */
	int64_t applied = scratch_scalar(db, "SELECT count(*) FROM schema_migrations", NO_ARGS);
	assert_int_equal(applied, embedded_migrations());
	json_t *row = db_json_row(db, "SELECT name FROM schema_migrations WHERE version = 1",
	                          NO_ARGS);
	assert_non_null(row);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "0001_meta.sql");
	json_decref(row);

	/* Again, on this connection and a new one: nothing left to do. */
	char err[512] = "";
	assert_int_equal(db_migrate(db, NULL, err, sizeof(err)), 0);
	db_close(db);
	t->db = scratch_connect(t);
	assert_int_equal(db_migrate(t->db, NULL, err, sizeof(err)), 0);
	assert_int_equal(scratch_scalar(t->db, "SELECT count(*) FROM schema_migrations", NO_ARGS),
	                 applied);
}

static void test_params(void **state)
{
	struct db *db = scratch_migrated(state);
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
	res = db_query(db, "SELECT count(*) AS n FROM t WHERE a = $1 OR a + 1 = $1 OR b = $2",
	               DB_ARGS(DB_INT(1), DB_TEXT(nasty[2])));
	assert_int_equal(db_next(res), 1);
	assert_int_equal(db_int(res, 0), 3);   /* a = 1, a = 0, and the third row by b */
	assert_int_equal(db_ncols(res), 1);
	assert_string_equal(db_colname(res, 0), "n");
	db_res_free(res);

	/* Extreme numbers survive the trip. */
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
		"SELECT CAST($1 AS INTEGER) + $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 + $10 + $11 + "
		"$12 + $13 + $14 + $15 + $16 + $17 + $18 + $19 + $20",
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
	struct db *db = scratch_migrated(state);

	/* A parameter beyond the arguments is an error, never a NULL. */
	assert_null(db_query(db, "SELECT $1, $2", DB_ARGS(DB_INT(1))));
	assert_says(db_errmsg(db), "$2");
	assert_int_equal(db_exec(db, "UPDATE data_version SET version = $3",
	                         DB_ARGS(DB_INT(1), DB_INT(2))), -1);
	assert_says(db_errmsg(db), "parameter $");
	assert_true(scratch_scalar(db, "SELECT version FROM data_version", NO_ARGS) > 0);

	/* An argument the SQL never uses. */
	assert_null(db_query(db, "SELECT $1", DB_ARGS(DB_INT(1), DB_INT(2))));
	assert_says(db_errmsg(db), "2 arguments");
	/* Other parameter styles. */
	assert_null(db_query(db, "SELECT ?", DB_ARGS(DB_INT(1))));
	assert_null(db_query(db, "SELECT :name", DB_ARGS(DB_INT(1))));

	/* The statements are usable afterwards (bindings were cleared). */
	json_t *row = db_json_row(db, "SELECT $1 + 0 AS x, $2 + 0 AS y",
	                          DB_ARGS(DB_INT(5), DB_INT(6)));
	assert_int_equal(json_integer_value(json_object_get(row, "x")), 5);
	assert_int_equal(json_integer_value(json_object_get(row, "y")), 6);
	json_decref(row);
	assert_false(db_retryable(db));
}

static void test_json(void **state)
{
	struct db *db = scratch_migrated(state);
	json_t *rows = db_json_rows(db,
		"SELECT 42 AS i, 2.5 AS r, 'texte é' AS s, NULL AS n "
		"UNION ALL SELECT -1, 0.0, '', NULL", NO_ARGS);
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 2);
	json_t *r0 = json_array_get(rows, 0);
	assert_true(json_is_integer(json_object_get(r0, "i")));
	assert_int_equal(json_integer_value(json_object_get(r0, "i")), 42);
	assert_true(json_is_real(json_object_get(r0, "r")));
	assert_true(json_real_value(json_object_get(r0, "r")) == 2.5);
	assert_string_equal(json_string_value(json_object_get(r0, "s")), "texte é");
	assert_true(json_is_null(json_object_get(r0, "n")));
	json_t *r1 = json_array_get(rows, 1);
	assert_string_equal(json_string_value(json_object_get(r1, "s")), "");
	assert_true(json_is_real(json_object_get(r1, "r")));
	json_decref(rows);

	/* No rows: an empty array, and a JSON null for a single row. An
	 * integer argument where a boolean stands reads as one. */
	rows = db_json_rows(db, "SELECT 1 AS x WHERE 1 = 0", NO_ARGS);
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
	struct db *db = scratch_migrated(state);
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
	assert_says(db_errmsg(db), "missing_table");
}

static void test_transactions(void **state)
{
	struct scratch *t = *state;
	struct db *db = scratch_migrated(state);
	assert_int_equal(db_exec(db, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	int64_t v0 = db_data_version(db);
	assert_true(v0 > 0);

	/* Rolled back: nothing stays, the version does not move. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(1))), 1);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM t", NO_ARGS), 1);
	db_rollback(db);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM t", NO_ARGS), 0);
	assert_int_equal(db_data_version(db), v0);

	/* Committed: the rows and one bump. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_begin(db), -1);            /* no nesting */
	assert_says(db_errmsg(db), "nested");
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(2))), 1);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM t", NO_ARGS), 1);
	assert_int_equal(db_data_version(db), v0 + 1);

	/* Bookkeeping writes commit without moving the version. */
	assert_int_equal(db_begin_unversioned(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ($1)", DB_ARGS(DB_INT(9))), 1);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM t", NO_ARGS), 2);
	assert_int_equal(db_data_version(db), v0 + 1);
	assert_int_equal(db_exec(db, "DELETE FROM t WHERE a = 9", NO_ARGS), 1);

	/* Outside a transaction commit fails and rollback is harmless. */
	assert_int_equal(db_commit(db), -1);
	assert_says(db_errmsg(db), "no transaction");
	db_rollback(db);

	/* A failed statement inside keeps its message through the rollback. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_exec(db, "INSERT INTO nowhere VALUES (1)", NO_ARGS), -1);
	db_rollback(db);
	assert_says(db_errmsg(db), "nowhere");
	assert_int_equal(db_data_version(db), v0 + 1);

	/* Another connection sees the committed version. */
	struct db *other = scratch_connect(t);
	assert_int_equal(db_data_version(other), v0 + 1);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_data_version(other), v0 + 2);

	/* Closing a connection mid-transaction rolls it back and lets the
	 * next writer in. */
	assert_int_equal(db_begin(other), 0);
	assert_int_equal(db_exec(other, "INSERT INTO t VALUES (3)", NO_ARGS), 1);
	db_close(other);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM t", NO_ARGS), 1);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_data_version(db), v0 + 3);
}

/* The same SQL while a result of it is still open gets its own statement;
 * a statement cache that has to evict keeps answering. */
static void test_nested_same_query(void **state)
{
	struct db *db = scratch_migrated(state);
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
	struct db *db = scratch_migrated(state);
	const struct facts *f = facts(db);
	char err[512] = "";

	assert_null(db_open(f->unreachable, err, sizeof(err)));
	assert_says(err, f->unreachable_says);
	assert_null(db_open("", err, sizeof(err)));

	assert_int_equal(db_exec(db, "SELEC 1", NO_ARGS), -1);
	assert_says(db_errmsg(db), "syntax error");
	assert_says(db_errmsg(db), "SELEC 1");
	assert_int_equal(db_exec(db, "SELECT 1; SELECT 2", NO_ARGS), -1);
	assert_says(db_errmsg(db), f->two_statements);
	assert_int_equal(db_exec(db, "SELECT 1; -- a comment", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "", NO_ARGS), -1);
	assert_int_equal(db_exec(db, "CREATE TABLE u (k TEXT PRIMARY KEY)", NO_ARGS), 0);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), 1);
	assert_int_equal(db_exec(db, "INSERT INTO u VALUES ($1)", DB_ARGS(DB_TEXT("a"))), -1);
	assert_says(db_errmsg(db), "unique constraint");
	assert_false(db_retryable(db));
	assert_int_equal(db_exec_script(db, "CREATE TABLE v (x INTEGER); BOGUS"), -1);
	assert_says(db_errmsg(db), "BOGUS");
	assert_int_equal(db_exec_script(db, ""), 0);

	/* Foreign keys are enforced. */
	assert_int_equal(db_exec_script(db, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
	                                "CREATE TABLE c (p INTEGER REFERENCES p (id))"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO c VALUES (1)", NO_ARGS), -1);
	assert_says(db_errmsg(db), "foreign key");
}

/* Without migrations there is no data version, and commit says why. */
static void test_unmigrated(void **state)
{
	struct db *db = scratch_db_of(state);
	assert_int_equal(db_data_version(db), -1);
	assert_says(db_errmsg(db), "data_version");
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_commit(db), -1);
	assert_says(db_errmsg(db), "data_version");
	assert_int_equal(db_begin(db), 0);      /* the failed commit closed it */
	db_rollback(db);
}

/* ---- Migrations from explicit files ----------------------------------- */

static const char *meta_sql(void)
{
	const struct embed_file *f = embed_find("schema/0001_meta.sql");
	assert_non_null(f);
	return f->data;
}

#define FILE_ENTRY(name, sql) {name, sql, sizeof(sql) - 1}

/* A migration file named schema/NUMBER_NAME plus suffix ("" or a
 * backend's), with its text; in buffers that live as long as the test. */
struct mfile {
	char name[64];
	struct embed_file file;
};

static void mfile(struct mfile *m, const char *name, const char *suffix, const char *sql)
{
	snprintf(m->name, sizeof m->name, "%s%s", name, suffix);
	m->file = (struct embed_file){m->name, sql, strlen(sql)};
}

static void test_migration_variants(void **state)
{
	struct db *db = scratch_db_of(state);
	const struct facts *f = facts(db);
	char err[512] = "";
	struct mfile m[9];
	mfile(&m[0], "schema/0010_b", f->other, "THIS IS NOT SQL FOR THIS BACKEND");
	mfile(&m[1], "schema/0010_b", ".sql", "CREATE TABLE b_plain (x INTEGER)");
	mfile(&m[2], "templates/0002_x", ".sql", "NOT A MIGRATION");
	mfile(&m[3], "schema/0010_b", f->own, "CREATE TABLE b_own (x INTEGER PRIMARY KEY)");
	mfile(&m[4], "schema/0002_a", ".sql", "CREATE TABLE a (x INTEGER)");
	mfile(&m[5], "schema/0003_c", f->other, "ALSO NOT SQL FOR THIS BACKEND");
	mfile(&m[6], "schema/0003_c", ".sql", "CREATE TABLE c (x INTEGER)");
	mfile(&m[7], "schema/README", ".md", "ignored");
	mfile(&m[8], "schema/0001_meta", ".sql", meta_sql());
	struct embed_file files[ARRAY_LEN(m)];
	for (size_t i = 0; i < ARRAY_LEN(m); i++)
		files[i] = m[i].file;

	assert_int_equal(db_migrate_files(db, files, ARRAY_LEN(files), NULL, err, sizeof(err)), 4);
	assert_int_equal(table_exists(db, "b_own"), 1);
	assert_int_equal(table_exists(db, "b_plain"), 0);
	json_t *rows = db_json_rows(db, "SELECT version, name FROM schema_migrations "
	                            "ORDER BY version", NO_ARGS);
	char *dump = json_dumps(rows, JSON_COMPACT), want[512];
	snprintf(want, sizeof want, "[{\"version\":1,\"name\":\"0001_meta.sql\"},"
	         "{\"version\":2,\"name\":\"0002_a.sql\"},"
	         "{\"version\":3,\"name\":\"0003_c.sql\"},"
	         "{\"version\":10,\"name\":\"0010_b%s\"}]", f->own);
	assert_string_equal(dump, want);
	free(dump);
	json_decref(rows);
	/* Each migration committed and so bumped the version. */
	assert_int_equal(db_data_version(db), 1 + 4);
	assert_int_equal(db_migrate_files(db, files, ARRAY_LEN(files), NULL, err, sizeof(err)), 0);
}

static void test_migration_failures(void **state)
{
	struct scratch *t = *state;
	struct db *db = t->db;
	const struct facts *f = facts(db);
	char err[512] = "";
	struct embed_file files[] = {
		{"schema/0001_meta.sql", meta_sql(), strlen(meta_sql())},
		FILE_ENTRY("schema/0002_ok.sql", "CREATE TABLE ok (x INTEGER)"),
		FILE_ENTRY("schema/0003_bad.sql", "CREATE TABLE half (x INTEGER);\nSELEC broken"),
		FILE_ENTRY("schema/0004_never.sql", "CREATE TABLE never (x INTEGER)"),
	};
	assert_int_equal(db_migrate_files(db, files, 4, NULL, err, sizeof(err)), -1);
	assert_says(err, "schema/0003_bad.sql");
	assert_says(err, "SELEC");
	/* 0001 and 0002 stay applied; 0003 left nothing behind; 0004 never ran. */
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM schema_migrations", NO_ARGS), 2);
	assert_int_equal(table_exists(db, "half"), 0);
	assert_int_equal(table_exists(db, "never"), 0);
	assert_int_equal(table_exists(db, "ok"), 1);

	/* Whatever held other migrators off was released: another connection
	 * migrates. */
	struct db *other = scratch_connect(t);
	assert_int_equal(db_migrate_files(other, files, 2, NULL, err, sizeof(err)), 0);
	db_close(other);

	struct embed_file dup[] = {
		FILE_ENTRY("schema/0002_one.sql", "SELECT 1"),
		FILE_ENTRY("schema/0002_two.sql", "SELECT 1"),
	};
	assert_int_equal(db_migrate_files(db, dup, 2, NULL, err, sizeof(err)), -1);
	assert_says(err, "schema/0002_one.sql");
	assert_says(err, "schema/0002_two.sql");

	struct embed_file badname[] = {FILE_ENTRY("schema/init.sql", "SELECT 1")};
	assert_int_equal(db_migrate_files(db, badname, 1, NULL, err, sizeof(err)), -1);
	assert_says(err, "schema/init.sql");

	/* A migration only the other backend has. */
	struct mfile theirs;
	mfile(&theirs, "schema/0009_x", f->other, "SELECT 1");
	assert_int_equal(db_migrate_files(db, &theirs.file, 1, NULL, err, sizeof(err)), -1);
	assert_says(err, theirs.name);

	/* Not inside a transaction. */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_migrate(db, NULL, err, sizeof(err)), -1);
	db_rollback(db);
}

static int log_lines;

static void count_line(const char *line)
{
	assert_non_null(strstr(line, "schema/"));
	log_lines++;
}

static void test_migration_log(void **state)
{
	struct db *db = scratch_db_of(state);
	char err[512] = "";
	log_lines = 0;
	int n = db_migrate(db, count_line, err, sizeof(err));
	assert_int_equal(n, embedded_migrations());
	assert_int_equal(log_lines, n);
}

/* ---- Several processes migrating one new database at once -------------- */

#define MIGRATORS 3

static void test_migrate_concurrently(void **state)
{
	struct scratch *t = *state;
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t pids[MIGRATORS];
	for (int i = 0; i < MIGRATORS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(go[1]);
			char c;
			/* Wait until the parent lets them all go at once. */
			(void)!read(go[0], &c, 1);
			char err[512];
			struct db *db = db_open(t->url, err, sizeof(err));
			if (!db) {
				fprintf(stderr, "migrator: %s\n", err);
				_exit(2);
			}
			int n = db_migrate(db, NULL, err, sizeof(err));
			if (n < 0)
				fprintf(stderr, "migrator: %s\n", err);
			db_close(db);
			/* 1 and 2 are failures; 10 + n says how many it applied. */
			_exit(n < 0 ? 1 : 10 + (n > 200 ? 200 : n));
		}
	}
	close(go[0]);
	close(go[1]);
	int total = 0;
	for (int i = 0; i < MIGRATORS; i++) {
		int status;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_true(WEXITSTATUS(status) >= 10);
		total += WEXITSTATUS(status) - 10;
	}
	struct db *db = scratch_migrated(state);
	int64_t recorded = scratch_scalar(db, "SELECT count(*) FROM schema_migrations", NO_ARGS);
	/* Between them they applied each migration exactly once. */
	assert_int_equal(total, recorded);
	assert_int_equal(recorded, embedded_migrations());
	assert_int_equal(scratch_scalar(db, "SELECT count(DISTINCT version) "
	                                "FROM schema_migrations", NO_ARGS), recorded);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM data_version", NO_ARGS), 1);
	assert_int_equal(db_data_version(db), 1 + recorded);
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
	struct db *setup = scratch_migrated(state);
	assert_int_equal(db_exec(setup, "CREATE TABLE t (a INTEGER)", NO_ARGS), 0);
	assert_int_equal(db_exec(setup, "INSERT INTO t VALUES (1)", NO_ARGS), 1);

	char err[512] = "";
	const struct facts *f = facts(setup);
	assert_null(db_pool_open(f->unreachable, err, sizeof(err)));
	assert_says(err, f->unreachable_says);

	struct pool_test pt = {0};
	pt.pool = db_pool_open(t->url, err, sizeof(err));
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
	assert_int_equal(scratch_scalar(mine, "SELECT count(*) FROM t", NO_ARGS), 2);
	db_pool_free(pt.pool);
	/* The workers' connections were closed when they exited, this thread's
	 * by db_pool_free: ASan's leak check would say otherwise. */
}

/* Every migration over a database that already holds records, as a real
 * upgrade meets them: the schema up to the commitments' (0004), one actor,
 * account, commitment and progress update written there, then every later
 * migration. A backfill that a trigger refuses fails here: 0026's of
 * progress_update.actor_id once did (the updates are append-only). */
static void test_migrate_over_records(void **state)
{
	struct scratch *t = *state;
	struct db *db = t->db;
	char err[512] = "";
	struct embed_file early[32];
	size_t n = 0;
	for (size_t i = 0; i < embed_count && n < ARRAY_LEN(early); i++) {
		const char *name = embed_files[i].name;
		if (str_starts(name, "schema/") && strtoll(name + strlen("schema/"), NULL, 10) <= 4)
			early[n++] = embed_files[i];
	}
	assert_int_equal(db_migrate_files(db, early, n, NULL, err, sizeof(err)), 4);
	static const char *const rows[] = {
		"INSERT INTO actor (id, kind, name, search_key, partner_type, status, created_at) "
		"VALUES (7, 'partner', 'An NGO', 'an ngo', 'civil_society', 'accredited', "
		"'2025-01-01T00:00:00.000Z')",
		"INSERT INTO account (id, email, name, password_hash, role, actor_id, created_at) "
		"VALUES (3, 'a@example.org', 'A', 'x', 'editor', 7, '2025-01-01T00:00:00.000Z')",
		"INSERT INTO commitment (id, owner_actor_id, title, sort_title, lang, level, kind, form, "
		"initial_status, status, activity_date, origin, created_at, updated_at) VALUES (1, 7, "
		"'Shelters', 'shelters', 'en', 'national', 'individual', 'policy', 'planned', "
		"'planned', '2025-01-01', 'real', '2025-01-01T00:00:00.000Z', "
		"'2025-01-01T00:00:00.000Z')",
		"INSERT INTO progress_update (id, commitment_id, reported_at, status, author_user_id, "
		"created_at) VALUES (1, 1, '2025-06-01', 'in_progress', 3, '2025-06-01T00:00:00.000Z')",
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++)
		assert_int_equal(db_exec(db, rows[i], NO_ARGS), 1);

	assert_true(db_migrate(db, NULL, err, sizeof(err)) > 0);
	assert_string_equal(err, "");
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM schema_migrations", NO_ARGS),
	                 embedded_migrations());
	/* 0026's backfill: the update is its author's actor's. */
	assert_int_equal(scratch_scalar(db, "SELECT actor_id FROM progress_update WHERE id = 1",
	                                NO_ARGS), 7);
	/* And the updates are append-only again afterwards. */
	assert_int_equal(db_exec(db, "UPDATE progress_update SET narrative = 'changed'", NO_ARGS),
	                 -1);
}

/* Each test on a new, empty database of its own (migrated() migrates it). */
#define T(fn) cmocka_unit_test_setup_teardown(fn, scratch_setup_empty, scratch_teardown)

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
		T(test_unmigrated),
		T(test_migration_variants),
		T(test_migration_failures),
		T(test_migration_log),
		T(test_migrate_over_records),
		T(test_migrate_concurrently),
		T(test_pool),
	};
	printf("test_db: on %s\n", scratch_pg_server() ? "PostgreSQL" : "SQLite");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
