/* markdown.c — Markdown to HTML through cmark, in safe mode: headings
 * shifted below the page's own, images that would load from elsewhere
 * turned into links, links never nested, user links marked
 * rel="nofollow noopener ugc".
 *
 * The tree cmark parses is rewritten in one walk before it is rendered
 * (headings, images, nested links); the links' rel is added to the
 * rendered HTML, since
 * cmark's renderer has no way to give a link an attribute of our own. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "buf.h"
#include "markdown.h"
#include "util.h"

/* A description's "# Title" is a section of the page, which has its own
 * <h1> (the page) and <h2> (its parts). */
#define HEADING_SHIFT 2
#define HEADING_DEEPEST 6

/* Safe mode is cmark's default since 0.29; CMARK_OPT_UNSAFE is never set
 * here. VALIDATE_UTF8 replaces invalid sequences with U+FFFD. */
static const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

static void shift_heading(cmark_node *n)
{
	int level = cmark_node_get_heading_level(n) + HEADING_SHIFT;
	cmark_node_set_heading_level(n, level > HEADING_DEEPEST ? HEADING_DEEPEST : level);
}

/* Appends the plain text of root's children, as cmark writes an image's
 * description in alt="…": the literal text, a space for a line break. */
static void plain_text(cmark_node *root, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_puts(out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static bool inside_link(cmark_node *n)
{
	for (n = cmark_node_parent(n); n; n = cmark_node_parent(n))
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			return true;
	return false;
}

/* An image loads from wherever its URL points, in every reader of the
 * JSON and the feeds that carry the HTML (the site's CSP stops it there,
 * nothing stops it elsewhere): a tracking pixel. Only a data: URL, whose
 * bytes are in the text itself, fetches nothing. */
static bool image_fetches(cmark_node *image)
{
	const char *url = cmark_node_get_url(image);
	return !url || strncasecmp(url, "data:", 5) != 0;
}

/* A new text node holding n's plain text, or fallback when it has none. */
static cmark_node *text_of(cmark_node *n, const char *fallback)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	plain_text(n, &b);
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node_set_literal(text, b.len ? buf_str(&b) : fallback ? fallback : "");
	buf_release(&b);
	return text;
}

/* The node that takes an image's place: a link to its URL, whose text is
 * the image's description (or the URL when it has none); inside a link,
 * where links may not nest, that text alone. */
static cmark_node *image_replacement(cmark_node *image)
{
	const char *url = cmark_node_get_url(image);
	cmark_node *text = text_of(image, url);
	if (inside_link(image))
		return text;
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
	cmark_node_set_url(link, url ? url : "");
	const char *title = cmark_node_get_title(image);
	if (title && *title)
		cmark_node_set_title(link, title);
	cmark_node_append_child(link, text);
	return link;
}

/* What replaces node n when the walk leaves it, or NULL when it stays:
 * an image that fetches (image_replacement); a link inside a link, which
 * cmark makes of an autolink in a link's text ("[a <https://b>](c)") and
 * HTML forbids, by its text. */
static cmark_node *replacement(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_IMAGE:
		return image_fetches(n) ? image_replacement(n) : NULL;
	case CMARK_NODE_LINK:
		return inside_link(n) ? text_of(n, NULL) : NULL;
	default:
		return NULL;
	}
}

/* Shifts the headings and replaces what must not stay (replacement). A
 * node is replaced when the walk leaves it (cmark allows changing a node
 * then), after what it holds, whose text it then takes in. */
static void rewrite(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node *repl;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			shift_heading(n);
		} else if (ev == CMARK_EVENT_EXIT && (repl = replacement(n))) {
			cmark_node_replace(n, repl);
			/* The walk goes on after the replacement, never in it. */
			cmark_iter_reset(it, repl, CMARK_EVENT_EXIT);
			cmark_node_free(n);
		}
	}
	cmark_iter_free(it);
}

#define LINK_OPEN "<a href=\""
#define LINK_REL " rel=\"nofollow noopener ugc\""

/* html with rel="nofollow noopener ugc" in every link: the text is a
 * user's, so search engines give the links no weight (ugc, nofollow) and
 * a page they open gets no hold on ours (noopener). In safe mode every
 * "<a href=\"" of the output is a link cmark wrote (text is escaped, raw
 * HTML omitted) and its tag ends at the first '>' (cmark escapes '>' in
 * attributes). Malloc'ed. */
static char *mark_links(const char *html)
{
	size_t links = 0;
	for (const char *p = html; (p = strstr(p, LINK_OPEN)); p += strlen(LINK_OPEN))
		links++;
	struct buf out;
	buf_init(&out, strlen(html) + links * strlen(LINK_REL) + 1);
	const char *p = html, *a, *end;
	while ((a = strstr(p, LINK_OPEN)) && (end = strchr(a + strlen(LINK_OPEN), '>'))) {
		buf_append(&out, p, (size_t)(end - p));
		buf_puts(&out, LINK_REL);
		p = end;
	}
	buf_puts(&out, p);
	return buf_detach(&out, NULL);
}

char *markdown_html(const char *text, size_t len)
{
	if (!text || len == 0)
		return xstrdup("");
	cmark_node *doc = cmark_parse_document(text, len, options);
	if (!doc)
		abort();   /* cmark's allocator aborts first; defensive */
	rewrite(doc);
	char *html = cmark_render_html(doc, options);
	cmark_node_free(doc);
	if (!html)
		abort();   /* as above */
	/* Ours to free with free(), whatever cmark's allocator is. */
	char *out = mark_links(html);
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
