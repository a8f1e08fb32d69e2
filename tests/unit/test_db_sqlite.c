/* test_db_sqlite.c — what only the SQLite backend has, beside the contract
 * test_db.c checks on both: the pragmas every connection sets, its own
 * parameter parser's messages, blobs in JSON, errors that are never
 * retryable, and a URL never taken for a file name. Always on SQLite,
 * whatever the run's backend. */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

#include "db.h"
#include "scratch.h"

static int setup(void **state)
{
	struct scratch *s = calloc(1, sizeof *s);
	*state = s;
	if (!s || scratch_open(s, true) < 0 || scratch_load(s, false) < 0)
		return -1;
	return 0;
}

/* Every connection, not only the first, writes ahead and checks foreign
 * keys. */
static void test_pragmas(void **state)
{
	struct scratch *t = *state;
	struct db *dbs[] = {t->db, scratch_connect(t)};
	for (size_t i = 0; i < 2; i++) {
		json_t *row = db_json_row(dbs[i], "SELECT journal_mode FROM pragma_journal_mode",
		                          NO_ARGS);
		assert_string_equal(json_string_value(json_object_get(row, "journal_mode")), "wal");
		json_decref(row);
		assert_int_equal(scratch_scalar(dbs[i], "SELECT foreign_keys FROM "
		                                "pragma_foreign_keys", NO_ARGS), 1);
	}
	db_close(dbs[1]);
}

/* The backend reads $N itself: its refusals name the parameter and say how
 * to write one. */
static void test_parameters(void **state)
{
	struct db *db = scratch_db_of(state);
	assert_int_equal(db_exec(db, "UPDATE data_version SET version = $3",
	                         DB_ARGS(DB_INT(1), DB_INT(2))), -1);
	assert_says(db_errmsg(db), "parameter $3");
	assert_null(db_query(db, "SELECT ?", DB_ARGS(DB_INT(1))));
	assert_says(db_errmsg(db), "$1, $2");
	assert_null(db_query(db, "SELECT $01", DB_ARGS(DB_INT(1))));
	assert_says(db_errmsg(db), "$01");
	/* An untyped parameter alone keeps its type (PostgreSQL's is text). */
	json_t *row = db_json_row(db, "SELECT $1 AS x", DB_ARGS(DB_INT(5)));
	assert_int_equal(json_integer_value(json_object_get(row, "x")), 5);
	json_decref(row);
}

/* A blob has no JSON form: it reads as null. */
static void test_blob(void **state)
{
	json_t *row = db_json_row(scratch_db_of(state), "SELECT x'00ff' AS b", NO_ARGS);
	assert_true(json_is_null(json_object_get(row, "b")));
	json_decref(row);
}

/* Only SQLITE_BUSY after the busy timeout is retryable. */
static void test_not_retryable(void **state)
{
	struct db *db = scratch_db_of(state);
	assert_int_equal(db_exec(db, "SELECT * FROM nowhere", NO_ARGS), -1);
	assert_false(db_retryable(db));
	assert_int_equal(db_exec(db, "SELEC 1", NO_ARGS), -1);
	assert_false(db_retryable(db));
}

/* A PostgreSQL URL is never opened as a file, whether or not PostgreSQL is
 * built in (nothing listens on port 1). */
static void test_url_is_no_file(void **state)
{
	(void)state;
	static const char *const urls[] = {"postgres://127.0.0.1:1/pacte",
	                                   "postgresql://127.0.0.1:1/pacte"};
	for (size_t i = 0; i < 2; i++) {
		char err[512] = "";
		assert_null(db_open(urls[i], err, sizeof(err)));
		assert_true(err[0] != '\0');
		assert_null(strstr(err, "unable to open database file"));
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pragmas),
		T(test_parameters),
		T(test_blob),
		T(test_not_retryable),
		cmocka_unit_test(test_url_is_no_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
