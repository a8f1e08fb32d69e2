/* test_view.c — the view's helpers: the language switcher's URLs. */
#include "unit.h"

#include "view.h"

static void test_url_with_lang(void **state)
{
	struct param items[] = {
		{"q", "côte d'ivoire", false},
		{"lang", "en", false},
		{"page", "2", false},
	};
	struct params query = {items, 3};
	struct buf b;
	buf_init(&b, 256);
	assert_int_equal(url_with_lang(&b, "/commitments", &query, "fr"), 0);
	assert_string_equal(buf_str(&b),
	                    "/commitments?q=c%C3%B4te%20d%27ivoire&page=2&lang=fr");

	/* No query; the path encoded but for its slashes. */
	buf_reset(&b);
	assert_int_equal(url_with_lang(&b, "/a b/c?d", NULL, "pt-BR"), 0);
	assert_string_equal(buf_str(&b), "/a%20b/c%3Fd?lang=pt-BR");
	buf_release(&b);
}

/* A URL past the buffer's maximum is reported, never handed out cut. */
static void test_url_with_lang_truncated(void **state)
{
	struct param items[] = {{"q", "a long search that will not fit", false}};
	struct params query = {items, 1};
	struct buf b;
	buf_init(&b, 24);
	assert_int_equal(url_with_lang(&b, "/commitments", &query, "fr"), -1);
	assert_true(b.overflow);

	/* Exactly at the maximum is no truncation. */
	struct buf exact;
	buf_init(&exact, strlen("/commitments?lang=fr"));
	assert_int_equal(url_with_lang(&exact, "/commitments", NULL, "fr"), 0);
	assert_string_equal(buf_str(&exact), "/commitments?lang=fr");
	buf_release(&exact);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_with_lang),
		cmocka_unit_test(test_url_with_lang_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
