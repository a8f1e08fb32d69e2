/* test_view.c — the view's helpers: the language switcher's URLs, and
 * what every 429 and 503 says of when to come back. */
#include "unit.h"

#include "app.h"
#include "i18n.h"
#include "template.h"
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

#define PO(lang, nplurals, body) \
	"msgid \"\"\nmsgstr \"\"\n\"Language: " lang "\\n\"\n" \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n" \
	"\"Plural-Forms: nplurals=" nplurals "; plural=0;\\n\"\n\n" body

static int load(const char *lang, const char *text)
{
	char err[256];
	int r = i18n_load_text(lang, text, strlen(text), err, sizeof(err));
	if (r < 0)
		print_error("%s\n", err);
	return r;
}

/* A catalog present is a language offered: ?lang=es picks it, the page says
 * lang="es", and the switcher lists every catalog in its own language with
 * lang= and dir= on each link (Arabic right to left). */
static void test_switcher_offers_every_catalog(void **state)
{
	(void)state;
	assert_int_equal(load("en", PO("en", "2", "")), 0);
	assert_int_equal(load("es", PO("es", "2", "msgid \"Error\"\nmsgstr \"Error (es)\"\n")), 0);
	assert_int_equal(load("ar", PO("ar", "6", "msgid \"Error\"\nmsgstr \"خطأ\"\n")), 0);
	const char *locale = i18n_negotiate("es", NULL, "fr", "en");
	assert_string_equal(locale, "es");

	char err[256];
	struct template_set *set = template_set_new();
	assert_int_equal(template_add_embedded(set, err, sizeof(err)), 0);
	struct app app = {.templates = set};
	struct request req = {.format = FORMAT_HTML, .locale = locale, .path = "/countries",
	                      .app = &app};
	struct page page;
	struct response resp;
	page_init(&page);
	page_set(&page, "error", json_pack("{s:i}", "status", 404), "Not found");
	page.status = 404;
	response_init(&resp);
	view_render(&req, &page, &resp);
	const char *html = buf_str(&resp.body);
	assert_non_null(strstr(html, "<html lang=\"es\" dir=\"ltr\">"));
	assert_non_null(strstr(html, "Error (es)"));
	assert_non_null(strstr(html, "<a href=\"/countries?lang=ar\" lang=\"ar\" dir=\"rtl\" "
	                             "hreflang=\"ar\">العربية</a>"));
	assert_non_null(strstr(html, "lang=\"es\" dir=\"ltr\" hreflang=\"es\" "
	                             "aria-current=\"true\">Español</a>"));
	assert_non_null(strstr(html, ">English</a>"));
	response_release(&resp);
	page_release(&page);

	/* The model of the switcher, for the JSON a client may want. */
	json_t *locales = view_locales(&req);
	assert_int_equal(json_array_size(locales), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(locales, 0), "code")),
	                    "ar");
	json_decref(locales);
	template_set_free(set);
	i18n_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_with_lang),
		cmocka_unit_test(test_url_with_lang_truncated),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_switcher_offers_every_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
