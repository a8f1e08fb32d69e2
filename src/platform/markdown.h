/* markdown.h — Markdown to HTML with cmark in safe mode: the only source of
 * raw HTML in a page (templates print raw only keys ending in "_html").
 *
 * Safe mode: raw HTML blocks and inline HTML are dropped (cmark writes a
 * "<!-- raw HTML omitted -->" comment in their place), and links or images
 * whose URL is javascript:, vbscript:, file: or data: (but for data:
 * images in png, gif, jpeg or webp) lose the URL. Text is escaped. Invalid
 * UTF-8 is replaced by U+FFFD before parsing. Headings are shifted down
 * so a description never competes with the page's own <h1>/<h2>: # becomes
 * <h3>, and deeper levels stop at <h6>.
 *
 * What the HTML carries to other readers (the JSON, the feeds, where the
 * site's CSP does not apply): an image that would be fetched from its URL
 * (a tracking pixel) becomes a link to that URL, its description the
 * link's text (the URL when it has none; inside a link, the text alone);
 * only data: images, which fetch nothing, stay images. Every link gets
 * rel="nofollow noopener ugc": the text is a user's. A link inside a link
 * (cmark makes one of an autolink in a link's text) is its text alone. */
#ifndef PACTE_MARKDOWN_H
#define PACTE_MARKDOWN_H

#include <stddef.h>

#include <jansson.h>

/* The HTML for text[0..len) (NUL-terminated, malloc'ed: the caller frees).
 * Empty input gives "". Never NULL (out of memory aborts, util.h). */
char *markdown_html(const char *text, size_t len);

/* The same as a JSON string (new reference), for a model's *_html key;
 * text NULL gives "". */
json_t *markdown_json(const char *text);

#endif
