/* fuzz_markdown.c — libFuzzer target for markdown.h, the one producer of
 * raw HTML in a page: any bytes must give valid UTF-8 HTML with no tag a
 * description could use to run script, no dangerous link, no heading
 * above <h3>, no image fetched from elsewhere, and links marked
 * rel="nofollow noopener ugc", never nested (markdown.h's promises). */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "markdown.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why, const char *html)
{
	fprintf(stderr, "fuzz_markdown: %s\n--- output:\n%s\n", why, html);
	abort();
}

/* Tags cmark writes in safe mode; anything else after a raw '<' would be
 * input leaking through unescaped. */
static const char *const allowed_tags[] = {
	"p", "em", "strong", "code", "pre", "a", "img", "ul", "ol", "li", "blockquote",
	"h3", "h4", "h5", "h6", "hr", "br", "!--", NULL,
};

static bool tag_allowed(const char *s)
{
	if (*s == '/')
		s++;
	for (size_t i = 0; allowed_tags[i]; i++) {
		size_t n = strlen(allowed_tags[i]);
		if (strncmp(s, allowed_tags[i], n) == 0 &&
		    (s[n] == '>' || s[n] == ' ' || s[n] == '/' || strcmp(allowed_tags[i], "!--") == 0))
			return true;
	}
	return false;
}

/* A link target a browser would run or load from the machine. cmark
 * percent-encodes control bytes and spaces in URLs, so the scheme is what
 * starts the attribute value. */
static bool url_dangerous(const char *v)
{
	static const char *const bad[] = {"javascript:", "vbscript:", "file:", "data:", NULL};
	for (size_t i = 0; bad[i]; i++)
		if (strncasecmp(v, bad[i], strlen(bad[i])) == 0)
			return strncasecmp(v, "data:image/", 11) != 0;
	return false;
}

static void check(const char *html)
{
	size_t len = strlen(html);
	if (!utf8_valid(html, len))
		fail("output is not valid UTF-8", html);
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<'))
		if (!tag_allowed(p + 1))
			fail("a tag cmark does not write in safe mode", p);
	static const char *const attrs[] = {" href=\"", " src=\"", NULL};
	for (size_t i = 0; attrs[i]; i++)
		for (const char *p = strstr(html, attrs[i]); p; p = strstr(p + 1, attrs[i]))
			if (url_dangerous(p + strlen(attrs[i])))
				fail("a dangerous URL kept", p);
	/* Images: only data: ones (or none, a dangerous URL emptied). */
	for (const char *p = strstr(html, "<img src=\""); p; p = strstr(p + 1, "<img src=\"")) {
		const char *v = p + strlen("<img src=\"");
		if (*v != '"' && strncasecmp(v, "data:", 5) != 0)
			fail("an image fetched from elsewhere", p);
	}
	/* Links: each marked, none inside another. */
	int depth = 0;
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		if (strncmp(p, "</a>", 4) == 0) {
			depth--;
			continue;
		}
		if (strncmp(p, "<a ", 3) != 0)
			continue;
		const char *end = strchr(p, '>');
		const char *rel = strstr(p, " rel=\"nofollow noopener ugc\">");
		if (!end || rel != end - strlen(" rel=\"nofollow noopener ugc\""))
			fail("a link without its rel", p);
		if (++depth > 1)
			fail("a link inside a link", p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *html = markdown_html((const char *)data, size);
	check(html);
	free(html);
	/* The model's path: NUL-terminated text, a JSON string out. */
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	json_t *j = markdown_json(s);
	if (!json_is_string(j))
		abort();
	check(json_string_value(j));
	json_decref(j);
	free(s);
	return 0;
}
