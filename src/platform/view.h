/* view.h — a handler's result (a page) and its rendering.
 *
 * A handler builds one model (a JSON object) and names a template; the view
 * renders it as HTML through that template inside the site's layout, or as
 * JSON for /api/v1/… and Accept: application/json (DESIGN.md principle 1).
 * Errors are pages too: page_error() makes an HTML error page or an RFC 9457
 * application/problem+json body from the same model.
 *
 * A handler that answers with bytes of its own (static files, /metrics)
 * fills `raw` and `content_type` instead of a model. */
#ifndef PACTE_VIEW_H
#define PACTE_VIEW_H

#include <jansson.h>
#include <stdbool.h>

#include "buf.h"
#include "request.h"

struct page {
	int status;                /* 200 unless set */
	const char *template;      /* "objective" → templates/objective.html */
	json_t *model;             /* owned by the page; NULL until set */
	const char *title;         /* the <title>, already translated */
	const char *location;      /* for redirects */
	/* Raw answers */
	const char *content_type;
	struct buf raw;
	const char *cache_control; /* overrides the default policy when set */
	bool no_cache;             /* this answer must not enter the page cache */
	int retry_after;           /* seconds, for 503 and 429 answers; 0: none */
};

struct response {
	int status;
	const char *content_type;
	struct buf body;
	const char *cache_control;
	const char *location;
	const char *allow;         /* for 405 */
	int retry_after;
	bool cacheable;
};

void page_init(struct page *page);
void page_release(struct page *page);

/* Sets the page to an error: status, a translated title from the msgid and
 * an optional detail (already translated; may be NULL). */
void page_error(struct request *req, struct page *page, int status, const char *title_msgid,
                const char *detail);

/* Answers 303 See Other to location (which must live as long as the
 * request: a literal or a string from the request's arena). The way a
 * browser form ends after a successful write. */
void page_redirect(struct page *page, const char *location);

/* Sets the page's model (stealing the reference) and template. */
void page_set(struct page *page, const char *template_name, json_t *model, const char *title);

/* Appends to out the URL of path with query's parameters (NULL: none) and
 * lang=code, each percent-encoded ('/' kept in the path), any lang already
 * in query dropped: the language switcher's link to this page. Returns 0,
 * or -1 when out's maximum was reached: out then holds a truncated URL,
 * which must not be used. */
int url_with_lang(struct buf *out, const char *path, const struct params *query,
                  const char *code);

/* Renders the page for req into resp (HTML, JSON, problem+json or raw). */
void view_render(struct request *req, struct page *page, struct response *resp);

void response_init(struct response *resp);
void response_release(struct response *resp);

#endif
