/* test_demo.c — the demo generator (demo.h): what it makes, the same for
 * the same seed on another database, different for another seed, and a
 * list over its data like any other. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "actors.h"
#include "commitments.h"
#include "db.h"
#include "demo.h"
#include "fixture.h"
#include "reviews.h"
#include "refdata.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_demo, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
