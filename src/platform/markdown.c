/* markdown.c — Markdown to HTML through cmark, in safe mode, headings
 * shifted below the page's own. */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "markdown.h"
#include "util.h"

/* A description's "# Title" is a section of the page, which has its own
 * <h1> (the page) and <h2> (its parts). */
#define HEADING_SHIFT 2
#define HEADING_DEEPEST 6

/* Safe mode is cmark's default since 0.29; CMARK_OPT_UNSAFE is never set
 * here. VALIDATE_UTF8 replaces invalid sequences with U+FFFD. */
static const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

static void shift_headings(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		int level = cmark_node_get_heading_level(n) + HEADING_SHIFT;
		cmark_node_set_heading_level(n, level > HEADING_DEEPEST ? HEADING_DEEPEST : level);
	}
	cmark_iter_free(it);
}

char *markdown_html(const char *text, size_t len)
{
	if (!text || len == 0)
		return xstrdup("");
	cmark_node *doc = cmark_parse_document(text, len, options);
	if (!doc)
		abort();   /* cmark's allocator aborts first; defensive */
	shift_headings(doc);
	char *html = cmark_render_html(doc, options);
	cmark_node_free(doc);
	if (!html)
		abort();   /* as above */
	/* Ours to free with free(): copy so the caller need not know that
	 * cmark's default allocator is malloc. */
	char *out = xstrdup(html);
	free(html);
	return out;
}

json_t *markdown_json(const char *text)
{
	char *html = markdown_html(text, text ? strlen(text) : 0);
	json_t *j = json_string(html);
	free(html);
	return j ? j : json_string("");
}
