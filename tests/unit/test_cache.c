/* test_cache.c — the page cache: hits, generations, eviction, references. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "cache.h"

static int destroyed;

static void destroy(void *v)
{
	destroyed++;
	free(v);
}

static void test_cache(void **state)
{
	destroyed = 0;
	struct cache *c = cache_new(100 * 1024);
	cache_set_generation(c, 1);
	cache_put(c, "a", "W/\"1\"", strdup("A"), 100, destroy);
	struct cache_item *it = cache_get(c, "a");
	assert_non_null(it);
	assert_string_equal(cache_item_value(it), "A");
	assert_string_equal(cache_item_etag(it), "W/\"1\"");
	assert_null(cache_get(c, "b"));

	/* A second put of the same key keeps the first and frees the new value. */
	cache_put(c, "a", "x", strdup("A2"), 100, destroy);
	assert_int_equal(destroyed, 1);

	/* A new generation drops everything, but the item we hold survives
	 * until released. */
	cache_set_generation(c, 2);
	assert_null(cache_get(c, "a"));
	assert_int_equal(destroyed, 1);
	assert_string_equal(cache_item_value(it), "A");
	cache_item_release(it);
	assert_int_equal(destroyed, 2);

	/* Past the budget the oldest go first. */
	for (int i = 0; i < 20; i++) {
		char key[16];
		snprintf(key, sizeof key, "k%d", i);
		cache_put(c, key, "", strdup(key), 10 * 1024, destroy);
	}
	size_t entries, bytes;
	cache_stats(c, &entries, &bytes);
	assert_true(bytes <= 100 * 1024);
	assert_null(cache_get(c, "k0"));
	struct cache_item *last = cache_get(c, "k19");
	assert_non_null(last);
	cache_item_release(last);

	/* An answer bigger than a quarter of the budget is not kept. */
	cache_put(c, "huge", "", strdup("h"), 60 * 1024, destroy);
	assert_null(cache_get(c, "huge"));
	cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
