/* test_audit.c — the hash-chained audit trail: appending, verifying, the
 * tampering verify must find (a changed row, a removed row, a changed
 * link), the transaction runner, and the lists for /admin/audit and an
 * object's history.
 *
 * Each test gets a fresh migrated database: a temporary SQLite file, or,
 * when PACTE_TEST_DATABASE_URL names a PostgreSQL server whose user may
 * create databases, a database of its own there, dropped afterwards. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "audit.h"
#include "auth.h"
#include "db.h"
#include "permission.h"
#include "scratch.h"
#include "principal.h"

/* ---- A database per test ------------------------------------------------ */

static int setup(void **state)
{
	struct scratch *f = calloc(1, sizeof *f);
	char err[512] = "";
	*state = f;
	if (!f || scratch_open(f, false) < 0)
		return -1;
	if (db_migrate(f->db, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	if (*state)
		scratch_close(*state);
	free(*state);
	return 0;
}

static struct db *DB(void **state)
{
	return ((struct scratch *)*state)->db;
}

static int64_t scalar(struct db *db, const char *sql)
{
	int64_t v = -1;
	if (db_scalar_int(db, &v, -1, sql, NO_ARGS) < 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
	return v;
}

static void exec_ok(struct db *db, const char *sql)
{
	if (db_exec(db, sql, NO_ARGS) < 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
}

/* ---- Helpers -------------------------------------------------------------- */

static const struct user alice = {
	.id = 3, .email = "alice@example.org", .name = "Alice", .role = ROLE_EDITOR,
	.actor_id = 11, .actor_status = "accredited", .channel = "web",
	.client_addr = "192.0.2.7",
};

/* Appends n entries, one transaction each, about object ("thing", "1"),
 * ("thing", "2") … in turn. */
static void append_many(struct db *db, int n, const struct user *u)
{
	for (int i = 0; i < n; i++) {
		char oid[16];
		snprintf(oid, sizeof oid, "%d", i % 3 + 1);
		json_t *changes = json_pack("{s:{s:n, s:i}}", "count", "before", "after", i);
		struct audit_event e = {.user = u, .action = "thing.edit", .object_type = "thing",
		                        .object_id = oid, .changes = changes};
		assert_int_equal(db_begin(db), 0);
		assert_int_equal(audit_append(db, &e), 0);
		assert_int_equal(db_commit(db), 0);
		json_decref(changes);
	}
}

static int verify(struct db *db, int64_t *bad, char *reason, size_t len)
{
	int rc = audit_verify(db, bad, reason, len);
	assert_true(rc >= 0);
	return rc;
}

/* ---- Appending and verifying --------------------------------------------- */

static void test_empty_trail_is_intact(void **state)
{
	int64_t bad = -1, n = -1;
	char reason[128] = "x", last[AUDIT_HASH_LEN + 1] = "x";
	assert_int_equal(audit_verify_chain(DB(state), &n, last, &bad, reason, sizeof reason), 0);
	assert_int_equal(n, 0);
	assert_int_equal(bad, 0);
	assert_string_equal(last, "");
	assert_string_equal(reason, "");
}

static void test_append_and_verify(void **state)
{
	struct db *db = DB(state);
	append_many(db, 5, &alice);
	append_many(db, 2, NULL);
	int64_t n = 0, bad = -1;
	char last[AUDIT_HASH_LEN + 1], reason[128];
	assert_int_equal(audit_verify_chain(db, &n, last, &bad, reason, sizeof reason), 0);
	assert_int_equal(n, 7);
	assert_int_equal(bad, 0);

	/* Ids from 1, the first link to 64 zeros, each link to the hash before. */
	json_t *rows = db_json_rows(db, "SELECT id, at, user_id, actor_id, channel, client_addr, "
	                            "prev_hash, hash FROM audit_log ORDER BY id", NO_ARGS);
	assert_int_equal(json_array_size(rows), 7);
	const char *prev = NULL;
	for (size_t i = 0; i < 7; i++) {
		json_t *r = json_array_get(rows, i);
		assert_int_equal(json_integer_value(json_object_get(r, "id")), (int64_t)i + 1);
		const char *ph = json_string_value(json_object_get(r, "prev_hash"));
		if (i == 0)
			assert_string_equal(ph, "00000000000000000000000000000000"
			                        "00000000000000000000000000000000");
		else
			assert_string_equal(ph, prev);
		prev = json_string_value(json_object_get(r, "hash"));
		assert_int_equal(strlen(prev), AUDIT_HASH_LEN);
		/* UTC, milliseconds, fixed width. */
		const char *at = json_string_value(json_object_get(r, "at"));
		assert_int_equal(strlen(at), AUDIT_TIME_LEN);
		assert_int_equal(at[10], 'T');
		assert_int_equal(at[19], '.');
		assert_int_equal(at[23], 'Z');
	}
	assert_string_equal(last, prev);
	json_t *first = json_array_get(rows, 0), *op = json_array_get(rows, 6);
	assert_int_equal(json_integer_value(json_object_get(first, "user_id")), 3);
	assert_int_equal(json_integer_value(json_object_get(first, "actor_id")), 11);
	assert_string_equal(json_string_value(json_object_get(first, "channel")), "web");
	assert_string_equal(json_string_value(json_object_get(first, "client_addr")), "192.0.2.7");
	/* The operator at the console. */
	assert_true(json_is_null(json_object_get(op, "user_id")));
	assert_string_equal(json_string_value(json_object_get(op, "channel")), "cli");
	json_decref(rows);
}

static void test_tampered_changes(void **state)
{
	struct db *db = DB(state);
	append_many(db, 6, &alice);
	exec_ok(db, "UPDATE audit_log SET changes = '{\"count\":{\"after\":99,\"before\":null}}' "
	        "WHERE id = 4");
	int64_t bad = 0;
	char reason[128];
	assert_int_equal(verify(db, &bad, reason, sizeof reason), 1);
	assert_int_equal(bad, 4);
	assert_string_equal(reason, "hash does not match its content");
}

static void test_tampered_other_columns(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit_log SET at = '2019-12-10T09:30:00.000Z' WHERE id = 3",
		"UPDATE audit_log SET user_id = 4 WHERE id = 3",
		"UPDATE audit_log SET user_id = NULL WHERE id = 3",
		"UPDATE audit_log SET actor_id = 12 WHERE id = 3",
		"UPDATE audit_log SET channel = 'cli' WHERE id = 3",
		"UPDATE audit_log SET client_addr = NULL WHERE id = 3",
		"UPDATE audit_log SET action = 'thing.delete' WHERE id = 3",
		"UPDATE audit_log SET object_type = 'other' WHERE id = 3",
		"UPDATE audit_log SET object_id = '9' WHERE id = 3",
		"UPDATE audit_log SET changes = NULL WHERE id = 3",
		"UPDATE audit_log SET hash = (SELECT hash FROM audit_log WHERE id = 2) WHERE id = 3",
	};
	struct db *db = DB(state);
	append_many(db, 5, &alice);
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
		assert_int_equal(db_begin(db), 0);
		exec_ok(db, edits[i]);
		int64_t bad = 0;
		char reason[128];
		if (verify(db, &bad, reason, sizeof reason) != 1 || bad != 3)
			fail_msg("not found: %s", edits[i]);
		db_rollback(db);
	}
	assert_int_equal(verify(db, NULL, NULL, 0), 0);
}

static void test_removed_entry(void **state)
{
	struct db *db = DB(state);
	append_many(db, 6, &alice);
	exec_ok(db, "DELETE FROM audit_log WHERE id = 4");
	int64_t bad = 0;
	char reason[128];
	assert_int_equal(verify(db, &bad, reason, sizeof reason), 1);
	assert_int_equal(bad, 4);
	assert_string_equal(reason, "entry 4 missing");

	/* The first one too. */
	exec_ok(db, "DELETE FROM audit_log WHERE id = 1");
	assert_int_equal(verify(db, &bad, reason, sizeof reason), 1);
	assert_int_equal(bad, 1);
	assert_string_equal(reason, "entry 1 missing");
}

static void test_changed_link(void **state)
{
	struct db *db = DB(state);
	append_many(db, 6, &alice);
	exec_ok(db, "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log WHERE id = 2) "
	        "WHERE id = 5");
	int64_t bad = 0;
	char reason[128];
	assert_int_equal(verify(db, &bad, reason, sizeof reason), 1);
	assert_int_equal(bad, 5);
	assert_string_equal(reason, "prev_hash does not match entry 4");
}

static void test_changed_first_link(void **state)
{
	struct db *db = DB(state);
	append_many(db, 2, &alice);
	exec_ok(db, "UPDATE audit_log SET prev_hash = hash WHERE id = 1");
	int64_t bad = 0;
	char reason[128];
	assert_int_equal(verify(db, &bad, reason, sizeof reason), 1);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(reason, "first entry"));
}

/* More entries than one batch of the walk. */
static void test_long_chain(void **state)
{
	struct db *db = DB(state);
	assert_int_equal(db_begin(db), 0);
	for (int i = 0; i < 1203; i++) {
		struct audit_event e = {.action = "bulk", .object_type = "thing"};
		assert_int_equal(audit_append(db, &e), 0);
	}
	assert_int_equal(db_commit(db), 0);
	int64_t n = 0, bad = 0;
	assert_int_equal(audit_verify_chain(db, &n, NULL, &bad, NULL, 0), 0);
	assert_int_equal(n, 1203);
	exec_ok(db, "UPDATE audit_log SET action = 'bulk!' WHERE id = 1100");
	assert_int_equal(audit_verify_chain(db, &n, NULL, &bad, NULL, 0), 1);
	assert_int_equal(bad, 1100);
}

static void test_rolled_back_entries_leave_no_gap(void **state)
{
	struct db *db = DB(state);
	append_many(db, 2, &alice);
	struct audit_event e = {.action = "thing.edit"};
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(audit_append(db, &e), 0);
	db_rollback(db);
	append_many(db, 2, &alice);
	assert_int_equal(scalar(db, "SELECT max(id) FROM audit_log"), 4);
	assert_int_equal(verify(db, NULL, NULL, 0), 0);
}

static void test_refuses_bad_input(void **state)
{
	struct db *db = DB(state);
	assert_int_equal(db_begin(db), 0);
	struct audit_event no_action = {.object_type = "thing"};
	assert_int_equal(audit_append(db, &no_action), -1);
	struct audit_event bad_utf8 = {.action = "thing.edit", .object_id = "\xff\xfe"};
	assert_int_equal(audit_append(db, &bad_utf8), -1);
	db_rollback(db);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log"), 0);
}

/* ---- The write runner ------------------------------------------------------- */

static enum outcome deny_after_write(struct db *db, struct audit_txn *t, void *ctx)
{
	const struct user *by = ctx;
	if (db_exec(db, "UPDATE data_version SET version = version + 1000", NO_ARGS) < 0)
		return OUTCOME_ERROR;
	struct object_ref obj = {.type = "commitment", .id = 42, .owner_actor_id = 99};
	return audit_txn_deny(t, by, ACTION_COMMITMENT_EDIT, &obj);
}

static enum outcome write_ok(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	(void)ctx;
	struct audit_event e = {.action = "thing.create", .object_type = "thing"};
	return audit_append(db, &e) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

static enum outcome fail_plainly(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	int *calls = ctx;
	(*calls)++;
	struct audit_event e = {.action = "thing.create"};
	if (audit_append(db, &e) < 0)
		return OUTCOME_ERROR;
	/* Not retryable: a statement that is simply wrong. */
	return db_exec(db, "INSERT INTO no_such_table VALUES (1)", NO_ARGS) < 0 ?
	       OUTCOME_ERROR : OUTCOME_OK;
}

static void test_transaction_denial(void **state)
{
	struct db *db = DB(state);
	int64_t v0 = db_data_version(db);
	assert_int_equal(audit_transaction(db, false, deny_after_write, (void *)&alice),
	                 OUTCOME_DENIED);
	/* The write was rolled back; the denial is in the trail, by itself,
	 * without bumping the data version (no public page shows it). */
	assert_int_equal(db_data_version(db), v0);
	json_t *row = db_json_row(db, "SELECT action, object_type, object_id, user_id, channel "
	                          "FROM audit_log", NO_ARGS);
	assert_string_equal(json_string_value(json_object_get(row, "action")),
	                    "denied:commitment.edit");
	assert_string_equal(json_string_value(json_object_get(row, "object_type")), "commitment");
	assert_string_equal(json_string_value(json_object_get(row, "object_id")), "42");
	assert_int_equal(json_integer_value(json_object_get(row, "user_id")), 3);
	assert_string_equal(json_string_value(json_object_get(row, "channel")), "web");
	json_decref(row);
	assert_int_equal(verify(db, NULL, NULL, 0), 0);
}

static void test_transaction_versions(void **state)
{
	struct db *db = DB(state);
	int64_t v0 = db_data_version(db);
	assert_int_equal(audit_transaction(db, true, write_ok, NULL), OUTCOME_OK);
	assert_int_equal(db_data_version(db), v0);
	assert_int_equal(audit_transaction(db, false, write_ok, NULL), OUTCOME_OK);
	assert_true(db_data_version(db) > v0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log"), 2);

	int calls = 0;
	assert_int_equal(audit_transaction(db, false, fail_plainly, &calls), OUTCOME_ERROR);
	assert_int_equal(calls, 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log"), 2);
}

static void test_audit_denied(void **state)
{
	struct db *db = DB(state);
	struct audit_event e = {.user = &alice, .action = "denied:actor.decide",
	                        .object_type = "actor", .object_id = "5"};
	assert_int_equal(audit_denied(db, &e), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log "
	                        "WHERE action = 'denied:actor.decide'"), 1);
}

/* ---- Reading ------------------------------------------------------------------ */

static void test_list_and_filters(void **state)
{
	struct db *db = DB(state);
	append_many(db, 7, &alice);
	append_many(db, 2, NULL);
	json_t *m = audit_list(db, 0, NULL, NULL, NULL, NULL, 0, 4);
	assert_non_null(m);
	json_t *entries = json_object_get(m, "entries");
	assert_int_equal(json_array_size(entries), 4);
	/* Newest first. */
	json_t *e0 = json_array_get(entries, 0);
	assert_int_equal(json_integer_value(json_object_get(e0, "id")), 9);
	assert_int_equal(json_integer_value(json_object_get(m, "next_before")), 6);
	assert_true(json_is_null(json_object_get(e0, "user")));
	assert_string_equal(json_string_value(json_object_get(e0, "channel")), "cli");
	assert_true(json_is_object(json_object_get(e0, "changes")));
	json_decref(m);

	/* The next page, then the last. */
	m = audit_list(db, 0, NULL, NULL, NULL, NULL, 6, 4);
	entries = json_object_get(m, "entries");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(entries, 0), "id")), 5);
	assert_int_equal(json_integer_value(json_object_get(m, "next_before")), 2);
	json_decref(m);
	m = audit_list(db, 0, NULL, NULL, NULL, NULL, 2, 4);
	assert_int_equal(json_array_size(json_object_get(m, "entries")), 1);
	assert_true(json_is_null(json_object_get(m, "next_before")));
	json_decref(m);

	/* By user, by object, by date. */
	m = audit_list(db, 3, NULL, NULL, NULL, NULL, 0, 50);
	assert_int_equal(json_array_size(json_object_get(m, "entries")), 7);
	json_decref(m);
	m = audit_list(db, 0, "thing", "2", NULL, NULL, 0, 50);
	assert_int_equal(json_array_size(json_object_get(m, "entries")), 3);
	json_decref(m);
	char today[AUDIT_TIME_LEN + 1], date[11];
	audit_time(today, 0);
	snprintf(date, sizeof date, "%.10s", today);
	m = audit_list(db, 0, NULL, NULL, date, date, 0, 50);
	assert_int_equal(json_array_size(json_object_get(m, "entries")), 9);
	json_decref(m);
	m = audit_list(db, 0, NULL, NULL, "2019-12-10", "2019-12-10", 0, 50);
	assert_int_equal(json_array_size(json_object_get(m, "entries")), 0);
	json_decref(m);
	m = audit_list(db, 0, NULL, NULL, "2019-12-10", NULL, 0, 50);
	assert_int_equal(json_array_size(json_object_get(m, "entries")), 9);
	json_decref(m);
}

static void test_history(void **state)
{
	struct db *db = DB(state);
	append_many(db, 6, &alice);
	json_t *h = audit_history(db, "thing", "1");
	assert_non_null(h);
	json_t *entries = json_object_get(h, "entries");
	assert_int_equal(json_array_size(entries), 2);
	json_t *e0 = json_array_get(entries, 0), *e1 = json_array_get(entries, 1);
	/* Oldest first; nothing private. */
	assert_int_equal(json_integer_value(json_object_get(e0, "id")), 1);
	assert_int_equal(json_integer_value(json_object_get(e1, "id")), 4);
	assert_null(json_object_get(e0, "client_addr"));
	assert_null(json_object_get(json_object_get(e0, "user"), "email"));
	json_t *count = json_object_get(json_object_get(e1, "changes"), "count");
	assert_int_equal(json_integer_value(json_object_get(count, "after")), 3);
	json_decref(h);
	h = audit_history(db, "thing", "404");
	assert_int_equal(json_array_size(json_object_get(h, "entries")), 0);
	json_decref(h);
}

static void test_time_format(void **state)
{
	(void)state;
	char a[AUDIT_TIME_LEN + 1], b[AUDIT_TIME_LEN + 1];
	audit_time(a, -3600);
	audit_time(b, 0);
	assert_int_equal(strlen(a), AUDIT_TIME_LEN);
	assert_true(strcmp(a, b) < 0);
	assert_int_equal(b[AUDIT_TIME_LEN - 1], 'Z');
}

#define DB_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	if (auth_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		DB_TEST(test_empty_trail_is_intact),
		DB_TEST(test_append_and_verify),
		DB_TEST(test_tampered_changes),
		DB_TEST(test_tampered_other_columns),
		DB_TEST(test_removed_entry),
		DB_TEST(test_changed_link),
		DB_TEST(test_changed_first_link),
		DB_TEST(test_long_chain),
		DB_TEST(test_rolled_back_entries_leave_no_gap),
		DB_TEST(test_refuses_bad_input),
		DB_TEST(test_transaction_denial),
		DB_TEST(test_transaction_versions),
		DB_TEST(test_audit_denied),
		DB_TEST(test_list_and_filters),
		DB_TEST(test_history),
		cmocka_unit_test(test_time_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
