/* test_demo.c — the demo generator (demo.h): what it makes, the same for
 * the same seed on another database, different for another seed, and a
 * list over its data like any other. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "actors.h"
#include "audit.h"
#include "buf.h"
#include "commitments.h"
#include "db.h"
#include "demo.h"
#include "fixture.h"
#include "reviews.h"
#include "refdata.h"
#include "scratch.h"
#include "util.h"

/* What the demo made, as text, without ids (which depend on what the
 * database held before). */
static char *demo_dump(struct db *db)
{
	json_t *rows = db_json_rows(db,
		"SELECT c.title, c.lang, c.level, c.status, c.start_date, c.target_date, c.origin, "
		"a.name, (SELECT count(*) FROM progress_update p WHERE p.commitment_id = c.id) AS n, "
		"(SELECT max(p.reported_at) FROM progress_update p WHERE p.commitment_id = c.id) AS r "
		"FROM commitment c JOIN actor a ON a.id = c.owner_actor_id ORDER BY c.id", NO_ARGS);
	char *s = json_dumps(rows, JSON_COMPACT);
	json_decref(rows);
	return s;
}

static struct db *scratch_db(char *dir, size_t dirlen)
{
	char path[128], err[256];
	snprintf(dir, dirlen, "/tmp/pacte-demo-XXXXXX");
	if (!mkdtemp(dir))
		return NULL;
	snprintf(path, sizeof path, "%s/demo.db", dir);
	struct db *db = db_open(path, err, sizeof err);
	if (!db || db_migrate(db, NULL, err, sizeof err) < 0 ||
	    refdata_load(db, err, sizeof err) < 0 || actors_sync_states(db) < 0)
		fail_msg("scratch: %s", err);
	return db;
}

static void scratch_free(struct db *db, const char *dir)
{
	char cmd[160];
	db_close(db);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_demo(void **state)
{
	struct fixture *f = *state;
	struct demo_options o = {.scale = 41, .seed = 7, .practices = -1};
	struct demo_result r;
	int64_t before = scalar(f->db, "SELECT count(*) FROM actor", NO_ARGS);
	assert_int_equal(demo_generate(f->db, &o, &r), 0);
	assert_int_equal(r.commitments, 41);
	assert_int_equal(r.updates, 410);
	assert_int_equal(r.actors, 2);
	/* Good practices too (scale/10), published and marked synthetic. */
	assert_int_equal(r.practices, 4);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM practice WHERE status = 'published' "
	                        "AND origin = 'synthetic'", NO_ARGS), 4);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM actor", NO_ARGS), before + 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM progress_update", NO_ARGS), 410);
	/* Every record it made is in the change feed, once. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM change_log WHERE kind = "
	                        "'progress_update'", NO_ARGS), 410);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM change_log WHERE kind = 'commitment'",
	                        NO_ARGS), scalar(f->db, "SELECT count(*) FROM commitment", NO_ARGS));
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM change_log WHERE kind = 'actor' AND "
	                        "record_id IN (SELECT id FROM actor WHERE origin = 'synthetic')",
	                        NO_ARGS), 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment WHERE origin <> 'synthetic'",
	                        NO_ARGS), 0);
	/* Pledges made together: a funder and an implementing partner, both
	 * confirmed; a partnership delivering a commitment, with a practice. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_participant WHERE role = "
	                        "'funder' AND status = 'accepted'", NO_ARGS), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_participant WHERE role = "
	                        "'implementing_partner' AND status = 'accepted'", NO_ARGS), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment c JOIN "
	                        "commitment_participant p ON p.commitment_id = c.id WHERE "
	                        "p.actor_id = c.owner_actor_id", NO_ARGS), 0);
	assert_true(r.partnerships >= 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM partnership", NO_ARGS), r.partnerships);
	assert_int_equal(scalar(f->db, "SELECT count(DISTINCT partnership_id) FROM "
	                        "partnership_practice", NO_ARGS), r.partnerships);
	assert_true(scalar(f->db, "SELECT count(*) FROM partnership_commitment", NO_ARGS) >= 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM change_log WHERE kind = 'partnership'",
	                        NO_ARGS), r.partnerships);
	/* Several languages, with their letters. */
	assert_true(scalar(f->db, "SELECT count(DISTINCT lang) FROM commitment", NO_ARGS) >= 3);
	/* The reviews' part: frozen reviews whose hash verifies, inputs, an
	 * assessment. */
	assert_true(r.reviews >= 2);
	assert_int_equal(r.inputs, r.reviews);
	assert_int_equal(r.assessments, 1);
	json_t *vr = db_json_row(f->db, "SELECT content, hash FROM voluntary_review ORDER BY id",
	                         NO_ARGS);
	const char *bytes = json_string_value(json_object_get(vr, "content"));
	char hash[REVIEW_HASH_LEN + 1];
	reviews_hash(bytes, strlen(bytes), hash);
	assert_string_equal(hash, json_string_value(json_object_get(vr, "hash")));
	json_decref(vr);
	char *a = demo_dump(f->db);

	char dir[64];
	struct db *other = scratch_db(dir, sizeof dir);
	assert_int_equal(demo_generate(other, &o, &r), 0);
	char *b = demo_dump(other);
	assert_string_equal(a, b);
	free(b);
	scratch_free(other, dir);

	other = scratch_db(dir, sizeof dir);
	o.seed = 8;
	assert_int_equal(demo_generate(other, &o, &r), 0);
	b = demo_dump(other);
	assert_string_not_equal(a, b);
	free(b);
	scratch_free(other, dir);
	free(a);
	/* The demo's data answers the list like any other. */
	json_t *l = commitments_list(f->db, "en", &(struct commitment_filter){.objective = 7,
	                             .status = "in_progress"});
	assert_non_null(l);
	assert_true(json_is_true(json_object_get(l, "has_sample")) ||
	            json_array_size(json_object_get(l, "commitments")) == 0);
	json_decref(l);
}

/* ---- The bulk load writes the same rows ------------------------------------ */

/* Tables whose content depends on when or how the run happened, not on
 * what it generated: the audit trail (its times), the data version (one
 * more per commit: the bulk load commits its index work), ANALYZE's
 * statistics and FTS5's own tables (SQLite: segments laid out by the
 * order of writes; the documents are compared through search_doc). */
static bool incidental(const char *table)
{
	static const char *const skip[] = {"audit_log", "data_version", NULL};
	for (size_t i = 0; skip[i]; i++)
		if (strcmp(skip[i], table) == 0)
			return true;
	return strncmp(table, "sqlite_", 7) == 0 || strncmp(table, "search_fts", 10) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows the scratch database's set-up wrote (the states, the
 * migrations) carry the time of the run; the demo's own dates are all
 * before DEMO_EPOCH. */
static void blank_today(json_t *row, const char *today)
{
	const char *key;
	json_t *v;
	json_object_foreach(row, key, v)
		if (json_is_string(v) && strncmp(json_string_value(v), today, DATE_LEN) == 0)
			json_object_set_new(row, key, json_string("(today)"));
}

/* Every row of every table, as sorted JSON lines under the table's name:
 * the database's content whatever the order it was written in. */
static char *whole_dump(struct db *db)
{
	char today[AUDIT_TIME_LEN + 1];
	audit_time(today, 0);
	json_t *tables = db_json_rows(db, db_dialect(db) == DB_POSTGRES ?
		"SELECT table_name AS t FROM information_schema.tables WHERE table_schema = "
		"current_schema() AND table_type = 'BASE TABLE' ORDER BY 1" :
		"SELECT name AS t FROM sqlite_master WHERE type = 'table' ORDER BY 1", NO_ARGS);
	assert_non_null(tables);
	struct buf out;
	buf_init(&out, (size_t)1 << 30);
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t) {
		const char *name = json_string_value(json_object_get(t, "t"));
		if (incidental(name))
			continue;
		char sql[160];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
		/* A search document's id is a surrogate: PostgreSQL's upsert takes
		 * a number from the sequence even when it updates, so writing a
		 * document twice (the plain path) moves the later ones' ids. */
		const char *surrogate = strcmp(name, "search_doc") == 0 ? "id" : NULL;
		if (strcmp(name, "search_facet") == 0) {
			snprintf(sql, sizeof sql, "SELECT d.kind AS doc_kind, d.ref AS doc_ref, f.* "
			         "FROM search_facet f JOIN search_doc d ON d.id = f.doc");
			surrogate = "doc";
		}
		json_t *rows = db_json_rows(db, sql, NO_ARGS);
		assert_non_null(rows);
		size_t n = json_array_size(rows);
		for (size_t k = 0; k < n; k++) {
			blank_today(json_array_get(rows, k), today);
			if (surrogate)
				json_object_del(json_array_get(rows, k), surrogate);
		}
		char **lines = calloc(n + 1, sizeof(char *));
		for (size_t k = 0; k < n; k++)
			lines[k] = json_dumps(json_array_get(rows, k), JSON_COMPACT | JSON_SORT_KEYS);
		qsort(lines, n, sizeof(char *), cmp_str);
		buf_printf(&out, "== %s %zu\n", name, n);
		for (size_t k = 0; k < n; k++) {
			buf_puts(&out, lines[k]);
			buf_putc(&out, '\n');
			free(lines[k]);
		}
		free(lines);
		json_decref(rows);
	}
	json_decref(tables);
	char *s = xstrdup(buf_str(&out));
	buf_release(&out);
	return s;
}

static struct db *loaded(struct scratch *s)
{
	if (scratch_open(s, false) < 0 || scratch_load(s, true) < 0 ||
	    actors_sync_states(s->db) < 0)
		fail_msg("scratch database");
	return s->db;
}

/* pacte demo's bulk load (indexes built after, each search document
 * written once) leaves the very rows the plain path does, and every
 * index it dropped is back. */
static void test_demo_bulk_same_rows(void **state)
{
	struct scratch a = {0}, b = {0};
	struct demo_options o = {.scale = 120, .seed = 3, .practices = -1};
	struct demo_result r;
	struct db *plain = loaded(&a);
	const char *indexes = db_dialect(plain) == DB_POSTGRES ?
		"SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()" :
		"SELECT count(*) FROM sqlite_master WHERE type = 'index'";
	int64_t nindexes = scalar(plain, indexes, NO_ARGS);
	assert_int_equal(demo_generate(plain, &o, &r), 0);
	char *want = whole_dump(plain);
	scratch_close(&a);
	struct db *bulk = loaded(&b);
	o.bulk = true;
	assert_int_equal(demo_generate(bulk, &o, &r), 0);
	assert_int_equal(r.commitments, 120);
	char *got = whole_dump(bulk);
	assert_int_equal(scalar(bulk, indexes, NO_ARGS), nindexes);
	scratch_close(&b);
	assert_string_equal(want, got);
	free(want);
	free(got);
}

/* A stop asked (Ctrl-C) before a batch: the batches before it stay,
 * nothing after them is made, the indexes dropped for the load are back. */
static void test_demo_bulk_stop(void **state)
{
	struct scratch a = {0};
	struct db *db = loaded(&a);
	const char *indexes = db_dialect(db) == DB_POSTGRES ?
		"SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()" :
		"SELECT count(*) FROM sqlite_master WHERE type = 'index'";
	int64_t nindexes = scalar(db, indexes, NO_ARGS);
	volatile sig_atomic_t stop = 1;
	struct demo_options o = {.scale = 5, .seed = 3, .practices = -1, .bulk = true,
	                         .stop = &stop};
	struct demo_result r;
	assert_int_equal(demo_generate(db, &o, &r), DEMO_STOPPED);
	assert_int_equal(r.commitments, 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM commitment", NO_ARGS), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM practice", NO_ARGS), 0);
	assert_int_equal(scalar(db, indexes, NO_ARGS), nindexes);
	scratch_close(&a);
}

/* The bulk load's ANALYZE schedule (demo_bulk_progress): on PostgreSQL at
 * 64, 512, 4096 … commitments, inside the batch's open transaction (where
 * ANALYZE is allowed and counts its rows; VACUUM would not be); on SQLite
 * nothing. */
static void test_demo_bulk_analyze(void **state)
{
	struct scratch a = {0};
	struct db *db = loaded(&a);
	bool pg = db_dialect(db) == DB_POSTGRES;
	struct demo_bulk b;
	assert_int_equal(demo_bulk_begin(db, &b), 0);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(demo_bulk_progress(db, &b, 63), 0);
	assert_int_equal(b.next_analyze, 64);
	assert_int_equal(demo_bulk_progress(db, &b, 64), 0);
	assert_int_equal(b.next_analyze, pg ? 512 : 64);
	assert_int_equal(demo_bulk_progress(db, &b, 511), 0);
	assert_int_equal(b.next_analyze, pg ? 512 : 64);
	assert_int_equal(demo_bulk_progress(db, &b, 600), 0);
	assert_int_equal(b.next_analyze, pg ? 4800 : 64);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(demo_bulk_end(db, &b), 0);
	scratch_close(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_demo, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_demo_bulk_same_rows),
		cmocka_unit_test(test_demo_bulk_stop),
		cmocka_unit_test(test_demo_bulk_analyze),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
