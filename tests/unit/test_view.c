/* test_view.c — the view's helpers: the language switcher's URLs, and
 * what every 429 and 503 says of when to come back. */
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

/* Every 429 and 503 says when to come back: the producer's seconds, or
 * the view's default when it named none; other answers say nothing. */
static void test_retry_after(void **state)
{
	static const struct {
		int status, given, expected;
	} cases[] = {
		{503, 0, 1}, {429, 0, 60}, {429, 840, 840}, {503, 30, 30}, {200, 0, 0}, {404, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct request req = {.format = FORMAT_HTML, .locale = "en", .path = "/"};
		struct page page;
		struct response resp;
		page_init(&page);
		page.status = cases[i].status;
		page.retry_after = cases[i].given;
		page.content_type = "text/plain; charset=utf-8";   /* raw: no template needed */
		response_init(&resp);
		view_render(&req, &page, &resp);
		assert_int_equal(resp.retry_after, cases[i].expected);
		response_release(&resp);
		page_release(&page);
	}
	assert_true(view_retry_after(503) > 0);
	assert_true(view_retry_after(429) > 0);
	assert_int_equal(view_retry_after(500), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_with_lang),
		cmocka_unit_test(test_url_with_lang_truncated),
		cmocka_unit_test(test_retry_after),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
