/* test_scope.c — a scope read by walking an index or by gathering its ids
 * (scope.h): the choice between the two, and that both read the same
 * commitments in the same order, for the list and the latest updates. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "commitments.h"
#include "db.h"
#include "demo.h"
#include "fixture.h"
#include "progress.h"
#include "scope.h"
#include "util.h"

static json_t *list(struct db *db, const struct commitment_filter *f)
{
	json_t *l = commitments_list(db, "en", f);
	if (!l)
		fail_msg("commitments_list: %s", db_errmsg(db));
	return l;
}

/* The ids of a list page and its next cursor, as one string. */
static char *page_ids(struct db *db, struct commitment_filter f)
{
	json_t *l = list(db, &f), *ids = json_array(), *c;
	size_t i;
	json_array_foreach(json_object_get(l, "commitments"), i, c)
		json_array_append(ids, json_object_get(c, "id"));
	json_array_append(ids, json_object_get(l, "next"));
	char *out = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	json_decref(l);
	return out;
}

/* Gathered or walked, a scope reads the same commitments in the same order
 * (the list's total given as 1 makes it gather, as 2^40 makes it walk). */
static void test_scope_access(void **state)
{
	struct fixture *f = *state;
	struct demo_options o = {.scale = 400, .seed = 3};
	struct demo_result r;
	assert_int_equal(demo_generate(f->db, &o, &r), 0);
	assert_int_equal(scope_access_for(f->db, 0), SCOPE_GATHER);
	assert_int_equal(scope_access_for(f->db, 5), SCOPE_GATHER);
	assert_int_equal(scope_access_for(f->db, 400), SCOPE_WALK);
	static const struct commitment_filter filters[] = {
		{.objective = 7}, {.country = "MAR"}, {.region = "002"}, {.region = "150"},
		{.principle = "human-rights"}, {.owner_type = "state"}, {.owner_type = "civil_society"},
		{.objective = 7, .status = "in_progress"}, {.objective = 3, .sort = "title"},
		{.region = "019", .sort = "target_date"}, {.country = "FRA", .sort = "created"},
		{.objective = 12, .freshness = "reported", .level = "national"},
		{.region = "150", .freshness = "due"}, {.objective = 5, .freshness = "inactive"},
		{.country = "MAR", .freshness = "closed"}, {.region = "002", .overdue = true},
	};
	/* The totals counted on the links agree with the rows of the list. */
	for (size_t i = 0; i < ARRAY_LEN(filters); i++) {
		struct commitment_filter g = filters[i];
		g.today = "2026-01-01";
		g.limit = 100;
		json_t *l = list(f->db, &g);
		int64_t want = json_integer_value(json_object_get(l, "total")), seen = 0;
		static char cursor[256];
		for (;;) {
			seen += (int64_t)json_array_size(json_object_get(l, "commitments"));
			const char *next = json_string_value(json_object_get(l, "next"));
			if (!next)
				break;
			snprintf(cursor, sizeof cursor, "%s", next);
			json_decref(l);
			g.after = cursor;
			l = list(f->db, &g);
		}
		json_decref(l);
		if (seen != want)
			fail_msg("filter %zu: a total of %lld, %lld rows", i, (long long)want, (long long)seen);
	}
	int64_t big = (int64_t)1 << 40;
	for (size_t i = 0; i < ARRAY_LEN(filters); i++) {
		struct commitment_filter g = filters[i], w = filters[i];
		g.total = 1, w.total = big;
		g.limit = w.limit = 7;
		g.today = w.today = "2026-01-01";
		for (int page = 0; page < 3; page++) {
			char *a = page_ids(f->db, g), *b = page_ids(f->db, w);
			if (strcmp(a, b) != 0)
				fail_msg("filter %zu, page %d: gathered %s, walked %s", i, page, a, b);
			/* the next page, from the cursor (the last element) */
			json_t *ids = json_loads(a, 0, NULL);
			const char *next = json_string_value(json_array_get(ids, json_array_size(ids) - 1));
			static char cursor[256];
			snprintf(cursor, sizeof cursor, "%s", next ? next : "");
			json_decref(ids);
			free(a);
			free(b);
			if (!next)
				break;
			g.after = w.after = cursor;
		}
	}
	struct scope scopes[] = {{.objective = 7}, {.region = "002"}, {.country = "MAR"}};
	for (size_t i = 0; i < ARRAY_LEN(scopes); i++) {
		json_t *a = progress_latest(f->db, "en", &scopes[i], 10, 0);
		json_t *b = progress_latest(f->db, "en", &scopes[i], 10, big);
		assert_non_null(a);
		assert_true(json_array_size(a) > 0);
		assert_true(json_equal(a, b));
		json_decref(a);
		json_decref(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scope_access, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
