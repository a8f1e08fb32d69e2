/* test_markdown.c — Markdown in safe mode: raw HTML and scripts dropped,
 * dangerous link schemes emptied, text escaped, headings shifted below the
 * page's own, invalid UTF-8 replaced, empty input; images that fetch
 * turned into links, links marked rel="nofollow noopener ugc". */
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
	       "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener ugc\">site</a>",
	       NULL);
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
	expect("[x](javascript:alert(1))", "<a href=\"\" rel=\"nofollow noopener ugc\">x</a>",
	       "javascript");
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

#define REL " rel=\"nofollow noopener ugc\""

/* md renders exactly as want (a paragraph's content). */
static void expect_p(const char *md, const char *want)
{
	char *out = html(md);
	char full[1024];
	snprintf(full, sizeof full, "<p>%s</p>\n", want);
	assert_string_equal(out, full);
	free(out);
}

static void test_images_become_links(void **state)
{
	(void)state;
	/* issue 11, finding 15: no image fetched from elsewhere (a tracking
	 * pixel in the JSON and the feeds): a link to it instead */
	expect_p("![a pixel](https://tracker.example/p.gif)",
	         "<a href=\"https://tracker.example/p.gif\"" REL ">a pixel</a>");
	expect_p("![a *pixel*](https://tracker.example/p.gif \"T <1>\")",
	         "<a href=\"https://tracker.example/p.gif\" title=\"T &lt;1&gt;\"" REL ">a pixel</a>");
	expect_p("![](//tracker.example/p.gif)",
	         "<a href=\"//tracker.example/p.gif\"" REL ">//tracker.example/p.gif</a>");
	expect_p("![local](/static/x.png)", "<a href=\"/static/x.png\"" REL ">local</a>");
	expect_p("![line\nbreak `code`](x.png)", "<a href=\"x.png\"" REL ">line break code</a>");
	/* inside a link, where links may not nest: the description alone */
	expect_p("[![badge](https://badge.example/b.svg)](https://example.org)",
	         "<a href=\"https://example.org\"" REL ">badge</a>");
	expect_p("[![](https://badge.example/b.svg) x](https://example.org)",
	         "<a href=\"https://example.org\"" REL ">https://badge.example/b.svg x</a>");
	/* images and links in an image's description become its text */
	expect_p("![outer ![inner](i.png) [l](u)](o.png)",
	         "<a href=\"o.png\"" REL ">outer inner l</a>");
	/* a dangerous URL stays emptied */
	expect_p("![x](javascript:alert(1))", "<a href=\"\"" REL ">x</a>");
	/* reference-style images too */
	expect_p("![ref][r]\n\n[r]: https://tracker.example/r.gif",
	         "<a href=\"https://tracker.example/r.gif\"" REL ">ref</a>");
	/* data: images fetch nothing: they stay */
	expect("![dot](data:image/png;base64,iVBORw0KGgo=)",
	       "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\" />", "<a");
	expect("text ![a](https://t.example/a.gif) more ![b](https://t.example/b.gif)", NULL, "<img");
}

static void test_links_marked(void **state)
{
	(void)state;
	expect_p("<https://example.net/y>",
	         "<a href=\"https://example.net/y\"" REL ">https://example.net/y</a>");
	expect_p("[t](https://example.org \"title\")",
	         "<a href=\"https://example.org\" title=\"title\"" REL ">t</a>");
	expect_p("<someone@example.org>",
	         "<a href=\"mailto:someone@example.org\"" REL ">someone@example.org</a>");
	/* an autolink in a link's text, which cmark nests: its text alone */
	expect_p("[a <https://x.example> b](u)", "<a href=\"u\"" REL ">a https://x.example b</a>");
	expect_p("[![i](p.png) <me@x.example>](u)", "<a href=\"u\"" REL ">i me@x.example</a>");
	expect_p("![a <https://x.example> b](u)", "<a href=\"u\"" REL ">a https://x.example b</a>");
	/* what looks like a link in text or code is escaped, not marked */
	expect_p("<a href=\"x\">y</a>", "<!-- raw HTML omitted -->y<!-- raw HTML omitted -->");
	expect_p("`<a href=\"x\">`", "<code>&lt;a href=&quot;x&quot;&gt;</code>");
	/* '>' in a URL or a title is escaped: the tag ends at its own '>' */
	expect_p("a > b [c](d>e)", "a &gt; b <a href=\"d%3Ee\"" REL ">c</a>");
	expect_p("[c](u \"a>b\")", "<a href=\"u\" title=\"a&gt;b\"" REL ">c</a>");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basics),
		cmocka_unit_test(test_raw_html_removed),
		cmocka_unit_test(test_dangerous_links),
		cmocka_unit_test(test_headings_and_utf8),
		cmocka_unit_test(test_images_become_links),
		cmocka_unit_test(test_links_marked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
