/* test_cache_replace.c — the page cache's replacing store (cache_replace),
 * which keeps each page's last rendering for a database outage
 * (server_cache.c), and the generation static files are keyed with. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"

static int destroyed;

static void destroy(void *v)
{
	destroyed++;
	free(v);
}

/* A replaced value is released (once nobody holds it), the new one takes
 * its key and becomes the newest entry; the bytes follow. */
static void test_replace(void **state)
{
	destroyed = 0;
	struct cache *c = cache_new(1000);
	assert_int_equal(cache_generation(c), -1);
	cache_set_generation(c, 7);
	assert_int_equal(cache_generation(c), 7);
	cache_replace(c, "a", "W/\"1\"", strdup("A1"), 100, destroy);
	cache_replace(c, "b", "W/\"1\"", strdup("B1"), 100, destroy);
	struct cache_item *held = cache_get(c, "a");
	cache_replace(c, "a", "W/\"2\"", strdup("A2"), 150, destroy);
	assert_int_equal(destroyed, 0);            /* still held */
	assert_string_equal(cache_item_value(held), "A1");
	cache_item_release(held);
	assert_int_equal(destroyed, 1);
	struct cache_item *it = cache_get(c, "a");
	assert_string_equal(cache_item_value(it), "A2");
	assert_string_equal(cache_item_etag(it), "W/\"2\"");
	cache_item_release(it);
	size_t entries, bytes;
	cache_stats(c, &entries, &bytes);
	assert_int_equal(entries, 2);
	assert_int_equal(bytes, 250);

	/* "a" is now newer than "b": past the budget, "b" goes first. */
	cache_replace(c, "c", "", strdup("C"), 240, destroy);
	cache_replace(c, "d", "", strdup("D"), 240, destroy);
	cache_replace(c, "e", "", strdup("E"), 240, destroy);   /* 970 of 1000 */
	cache_replace(c, "f", "", strdup("F"), 100, destroy);
	assert_null(cache_get(c, "b"));
	it = cache_get(c, "a");
	assert_non_null(it);
	cache_item_release(it);
	cache_free(c);
	assert_int_equal(destroyed, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
