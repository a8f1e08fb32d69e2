/* test_markdown.c — Markdown in safe mode: raw HTML and scripts dropped,
 * dangerous link schemes emptied, text escaped, headings shifted below the
 * page's own, invalid UTF-8 replaced, empty input. */
#include "unit.h"

#include <stdlib.h>

#include "markdown.h"

static char *html(const char *md)
{
	return markdown_html(md, strlen(md));
}

static void expect(const char *md, const char *present, const char *absent)
{
	char *out = html(md);
	if (present && !strstr(out, present))
		fail_msg("%s: '%s' missing from %s", md, present, out);
	if (absent && strstr(out, absent))
		fail_msg("%s: '%s' found in %s", md, absent, out);
	free(out);
}

static void test_basics(void **state)
{
	(void)state;
	expect("Some **bold** and *em*", "<p>Some <strong>bold</strong> and <em>em</em></p>", NULL);
	expect("- one\n- two", "<li>one</li>", NULL);
	expect("[site](https://example.org/a?b=1&c=2)",
	       "<a href=\"https://example.org/a?b=1&amp;c=2\">site</a>", NULL);
	expect("Accents : éàü — العربية", "Accents : éàü — العربية", NULL);
	char *out = html("");
	assert_string_equal(out, "");
	free(out);
	out = markdown_html(NULL, 0);
	assert_string_equal(out, "");
	free(out);
}

static void test_raw_html_removed(void **state)
{
	(void)state;
	expect("<script>alert(1)</script>", NULL, "<script");
	expect("before <script>alert(1)</script> after", NULL, "<script");
	expect("<div onclick=\"x()\">hi</div>", NULL, "onclick");
	expect("<img src=x onerror=alert(1)>", NULL, "onerror");
	expect("text <b>bold</b>", NULL, "<b>");
	expect("<iframe src=\"https://evil.example\"></iframe>", NULL, "<iframe");
	expect("<!-- comment --><style>body{}</style>", NULL, "<style");
	/* Text that merely looks like markup is escaped. */
	expect("a < b > c & d", "a &lt; b &gt; c &amp; d", NULL);
	expect("`<script>`", "<code>&lt;script&gt;</code>", NULL);
}

static void test_dangerous_links(void **state)
{
	(void)state;
	expect("[x](javascript:alert(1))", "<a href=\"\">x</a>", "javascript");
	expect("[x](JavaScript:alert(1))", NULL, "avaScript:");
	expect("[x](vbscript:msgbox)", NULL, "vbscript");
	expect("[x](file:///etc/passwd)", NULL, "file:");
	expect("[x](data:text/html;base64,PHNjcmlwdD4=)", NULL, "data:text/html");
	expect("![i](javascript:alert(1))", NULL, "javascript");
	expect("<javascript:alert(1)>", NULL, "href=\"javascript");
	expect("[ok](http://example.org)", "href=\"http://example.org\"", NULL);
	expect("[ok](mailto:someone@example.org)", "href=\"mailto:someone@example.org\"", NULL);
}

static void test_headings_and_utf8(void **state)
{
	(void)state;
	expect("# Title", "<h3>Title</h3>", "<h1>");
	expect("## Part", "<h4>Part</h4>", "<h2>");
	expect("##### Deep", "<h6>Deep</h6>", NULL);
	expect("###### Deepest", "<h6>Deepest</h6>", NULL);
	char *out = markdown_html("bad \xff\xfe end", 10);
	assert_non_null(strstr(out, "\xef\xbf\xbd"));   /* U+FFFD */
	free(out);
	json_t *j = markdown_json("*x*");
	assert_string_equal(json_string_value(j), "<p><em>x</em></p>\n");
	json_decref(j);
	j = markdown_json(NULL);
	assert_string_equal(json_string_value(j), "");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basics),
		cmocka_unit_test(test_raw_html_removed),
		cmocka_unit_test(test_dangerous_links),
		cmocka_unit_test(test_headings_and_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
