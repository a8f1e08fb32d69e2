/* test_request.c — the request parsers: target, query/form, cookies (and
 * their names and Set-Cookie lines by scheme). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "request.h"

static struct arena a;

static int setup(void **state)
{
	arena_init(&a);
	return 0;
}

static int teardown(void **state)
{
	arena_release(&a);
	return 0;
}

static void test_target_canonical(void **state)
{
	const char *path, *query;
	assert_int_equal(target_parse(&a, "/objectives/3?lang=fr", &path, &query), 0);
	assert_string_equal(path, "/objectives/3");
	assert_string_equal(query, "lang=fr");
	assert_int_equal(target_parse(&a, "//countries///MAR/", &path, &query), 0);
	assert_string_equal(path, "/countries/MAR");
	assert_string_equal(query, "");
	assert_int_equal(target_parse(&a, "/", &path, &query), 0);
	assert_string_equal(path, "/");
	assert_int_equal(target_parse(&a, "/c%C3%B4te", &path, &query), 0);
	assert_string_equal(path, "/c\xc3\xb4te");
}

static void test_target_refused(void **state)
{
	const char *path, *query;
	const char *bad[] = {
		"", "objectives", "/static/../Makefile", "/static/%2e%2e/Makefile", "/./x",
		"/a/..", "/x%00y", "/x%ff", "/x%", "/x%4", "/x%zz", "/%c0%af",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(target_parse(&a, bad[i], &path, &query), -1);
	assert_int_equal(target_parse(&a, NULL, &path, &query), -1);
}

static void test_params(void **state)
{
	struct params p;
	const char *why = NULL;
	const char *s = "q=c%C3%B4te+d%27ivoire&region=002&empty=&flag&=skipped&q=second";
	assert_int_equal(params_parse(&a, s, strlen(s), &p, false, &why), 0);
	assert_string_equal(params_get(&p, "q"), "c\xc3\xb4te d'ivoire");
	assert_string_equal(params_get(&p, "region"), "002");
	assert_string_equal(params_get(&p, "empty"), "");
	assert_string_equal(params_get(&p, "flag"), "");
	assert_null(params_get(&p, "missing"));
	assert_int_equal(p.len, 5);
	assert_int_equal(params_parse(&a, "", 0, &p, false, &why), 0);
	assert_int_equal(p.len, 0);
}

static void test_params_refused(void **state)
{
	struct params p;
	const char *why = NULL;
	const char *bad[] = {"q=%ff", "q=%00", "q=%", "q=%g0", "%ff=1", "q=%ed%a0%80"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		why = NULL;
		assert_int_equal(params_parse(&a, bad[i], strlen(bad[i]), &p, false, &why), -1);
		assert_non_null(why);
	}
	/* Too many fields. */
	char many[REQUEST_MAX_PARAMS * 4 + 8] = "";
	size_t n = 0;
	for (int i = 0; i <= REQUEST_MAX_PARAMS; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "a=%d&", i % 10);
	assert_int_equal(params_parse(&a, many, n, &p, false, &why), -1);
	/* One value too long. */
	size_t big = REQUEST_MAX_VALUE + 10;
	char *longv = malloc(big + 3);
	memcpy(longv, "q=", 2);
	memset(longv + 2, 'x', big);
	assert_int_equal(params_parse(&a, longv, big + 2, &p, false, &why), -1);
	free(longv);
}

/* Form bodies keep a bad value as an invalid field, so the form can say
 * which field was wrong; a bad name still fails the whole body. */
static void test_params_lenient(void **state)
{
	struct params p;
	const char *why = NULL;
	const char *s = "title=ok&summary=a%00b&note=%ff";
	assert_int_equal(params_parse(&a, s, strlen(s), &p, true, &why), 0);
	assert_int_equal(p.len, 3);
	assert_false(p.items[0].invalid);
	assert_true(p.items[1].invalid);
	assert_string_equal(p.items[1].value, "");
	assert_true(p.items[2].invalid);
	assert_int_equal(params_add(&a, &p, "extra", "v"), 0);
	assert_string_equal(params_get(&p, "extra"), "v");
	assert_string_equal(params_get(&p, "title"), "ok");
	assert_int_equal(params_parse(&a, "%ff=1", 5, &p, true, &why), -1);
}

static void test_cookies(void **state)
{
	struct params c;
	const char *why = NULL;
	assert_int_equal(
		cookies_parse(&a, "lang=fr; session=\"abc\";  theme=dark ;broken; =x", &c, &why), 0);
	assert_string_equal(params_get(&c, "lang"), "fr");
	assert_string_equal(params_get(&c, "session"), "abc");
	assert_string_equal(params_get(&c, "theme"), "dark");
	assert_null(params_get(&c, "broken"));
	assert_int_equal(cookies_parse(&a, NULL, &c, &why), 0);
	assert_int_equal(c.len, 0);
	assert_null(why);
}

/* More cookies than REQUEST_MAX_PARAMS: the first are kept and the parser
 * says it stopped; as many, or more pairs of which some are malformed, is
 * no truncation. */
static void test_cookies_truncated(void **state)
{
	char header[REQUEST_MAX_PARAMS * 16];
	size_t n = 0;
	for (int i = 0; i < REQUEST_MAX_PARAMS; i++)
		n += (size_t)snprintf(header + n, sizeof header - n, "c%d=%d; ", i, i);
	struct params c;
	const char *why = NULL;
	assert_int_equal(cookies_parse(&a, header, &c, &why), 0);
	assert_int_equal(c.len, REQUEST_MAX_PARAMS);

	/* Malformed pairs past the limit are skipped, not counted. */
	snprintf(header + n, sizeof header - n, "broken; =x; ;");
	assert_int_equal(cookies_parse(&a, header, &c, &why), 0);
	assert_int_equal(c.len, REQUEST_MAX_PARAMS);
	assert_null(why);

	snprintf(header + n, sizeof header - n, "one=more");
	assert_int_equal(cookies_parse(&a, header, &c, &why), -1);
	assert_string_equal(why, "The request has too many cookies.");
	assert_int_equal(c.len, REQUEST_MAX_PARAMS);
	assert_string_equal(params_get(&c, "c0"), "0");
	assert_null(params_get(&c, "one"));
}

/* Over HTTPS only __Host- cookies count, by their bare names: an
 * unprefixed one may have been planted by a sibling subdomain or an answer
 * over plain HTTP. Over plain HTTP the cookies are as they came. */
static void test_cookies_for_scheme(void **state)
{
	const char *header = "pacte_session=planted; __Host-pacte_session=real; __Host-=x; "
	                     "__Host-lang=fr; theme=dark";
	struct params c;
	const char *why = NULL;
	assert_int_equal(cookies_parse(&a, header, &c, &why), 0);
	cookies_for_scheme(&c, false);
	assert_int_equal(c.len, 5);
	assert_string_equal(params_get(&c, "pacte_session"), "planted");

	cookies_for_scheme(&c, true);
	assert_int_equal(c.len, 2);
	assert_string_equal(params_get(&c, "pacte_session"), "real");
	assert_string_equal(params_get(&c, "lang"), "fr");
	assert_null(params_get(&c, "theme"));
	assert_null(params_get(&c, "__Host-pacte_session"));
	assert_null(params_get(&c, ""));
}

/* Every Set-Cookie line goes out named and marked for the scheme. */
static void test_cookie_line(void **state)
{
	struct request req = {0};
	arena_init(&req.arena);
	const char *line = "pacte_csrf=abc; Path=/; HttpOnly; SameSite=Lax";
	assert_ptr_equal(req_cookie_line(&req, line), line);

	req.secure = true;
	assert_string_equal(req_cookie_line(&req, line),
	                    "__Host-pacte_csrf=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
	/* Secure already there (a handler that still adds it): not twice. */
	assert_string_equal(req_cookie_line(&req, "s=; Path=/; Max-Age=0; Secure"),
	                    "__Host-s=; Path=/; Max-Age=0; Secure");
	assert_string_equal(req_cookie_line(&req, "s=1; Secure; Path=/"),
	                    "__Host-s=1; Secure; Path=/");
	/* "SecureX" is not Secure. */
	assert_string_equal(req_cookie_line(&req, "s=1; Path=/; SecureX"),
	                    "__Host-s=1; Path=/; SecureX; Secure");

	req_set_cookie(&req, line);
	assert_int_equal(req.nset_cookie, 1);
	assert_string_equal(req.set_cookie[0],
	                    "__Host-pacte_csrf=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
	arena_release(&req.arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_target_canonical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_lenient, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies_for_scheme, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_line, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
