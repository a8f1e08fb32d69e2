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

struct page;

/* A column of a page's CSV twin (page_csv): its header, and where each
 * row's value is: a key of the row object, or "a/b" for key b of the
 * object under key a. */
struct csv_column {
	const char *header;
	const char *path;
};

/* The table a list page's CSV twin holds: the array under key `rows` of
 * the page's model, one record per element. */
struct page_csv {
	const char *rows;
	const struct csv_column *columns;
	size_t ncolumns;
};

/* Adds to page->model what only its HTML shows (page_html_extra).
 * Returns 0, or -1 after setting the page to an error. */
typedef int (*page_extra_fn)(struct request *req, struct page *page);

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
	/* A document of its own (page_document): the template renders a whole
	 * answer of this type, outside the layout; the JSON twin is the model. */
	const char *document_type;
	bool no_cache;             /* this answer must not enter the page cache */
	int retry_after;           /* seconds, for 503 and 429 answers; 0: the view's
	                            * default (view_retry_after) */
	/* What only the HTML page shows beside the model (page_html_extra). */
	page_extra_fn html_extra;
	/* The table of the page's CSV twin (page_csv); NULL: it has none. */
	const struct page_csv *csv;
	/* A file answered as it is (page_file): an open descriptor the page
	 * owns until the server takes it, and its size; -1 when none. */
	int file_fd;
	long long file_size;
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
	int file_fd;               /* a file to send instead of body (-1: none); the
	                            * server takes it over (and closes it) */
	long long file_size;
};

void page_init(struct page *page);
void page_release(struct page *page);

/* Sets the page to an error: status, a translated title from the msgid and
 * an optional detail (already translated; may be NULL). */
void page_error(struct request *req, struct page *page, int status, const char *title_msgid,
                const char *detail);

/* Sets the page to the answer of a database outage (db_unavailable, or no
 * connection to be had): 503 with Retry-After, an error page in the
 * reader's language that does not blame them, or problem+json whose
 * "reason" is "database_unavailable". A write's page says nothing was
 * saved ("saved": false), unless the connection was lost under its
 * COMMIT (db_commit_unknown): then that it may have been ("saved": null). */
void page_unavailable(struct request *req, struct page *page);
#define DB_UNAVAILABLE_RETRY_S 2

/* Answers 303 See Other to location (which must live as long as the
 * request: a literal or a string from the request's arena). The way a
 * browser form ends after a successful write. */
void page_redirect(struct page *page, const char *location);

/* Sets the page's model (stealing the reference) and template. */
void page_set(struct page *page, const char *template_name, json_t *model, const char *title);

/* The language switcher: one object per catalog present, in the catalogs'
 * order, {code, name (the language's own name), dir ("ltr"/"rtl"), url
 * (this page with ?lang=code), current}. New reference. */
json_t *view_locales(const struct request *req);

/* Appends to out the URL of path with query's parameters (NULL: none) and
 * lang=code, each percent-encoded ('/' kept in the path), any lang already
 * in query dropped: the language switcher's link to this page. Returns 0,
 * or -1 when out's maximum was reached: out then holds a truncated URL,
 * which must not be used. */
int url_with_lang(struct buf *out, const char *path, const struct params *query,
                  const char *code);

/* The few answers whose shape depends on the format: a handler calls one
 * of these and never tests req->format itself, so it builds one model
 * whoever asks. */

/* The end of a successful write: a 303 See Other to location for a
 * browser; for the API, status (200, or 201 for something created, whose
 * URL then goes in Location) with `model` rendered through template_name.
 * location lives as long as the request (a literal or the arena). Never
 * cached. Steals model. */
void page_written(struct request *req, struct page *page, int status, const char *location,
                  const char *template_name, json_t *model);

/* A refusal whose problem the handler writes itself (an import's list
 * of problems by line, where form.h's page_refuse lists fields): for the
 * API the RFC 9457 `problem` ({"type", "title", "status", …}; its
 * "status", a 4xx, is the answer's), as application/problem+json; for a
 * browser the page template_name with `model` (the form again, with the
 * problems). Never cached. Steals model and problem. */
void page_problem(struct request *req, struct page *page, const char *template_name,
                  json_t *model, json_t *problem, const char *title);

/* Sets a page that is a document of its own, such as an Atom feed:
 * template_name renders the whole answer, served as content_type (a
 * literal), without the site's layout; its only context besides model is
 * "lang". The JSON twin is the model, as for any page. Steals model. */
void page_document(struct page *page, const char *template_name, json_t *model,
                   const char *title, const char *content_type);

/* Declares the page's CSV twin: asked for as PATH.csv (request.csv), the
 * answer is table's rows of the model as CSV (RFC 4180, a header row, text
 * a spreadsheet would run as a formula neutralised: csv_put_field), an
 * array of plain values in a cell joined by "; ". table must outlive the
 * request (a static). Without it a .csv request answers 404. */
void page_csv(struct page *page, const struct page_csv *table);

/* Answers the file open on fd (taken: closed with the page or by the
 * server) of `size` bytes as content_type (a literal), never cached by
 * the page cache. */
void page_file(struct page *page, int fd, long long size, const char *content_type);

/* Names what the page's HTML shows beside its model: the options of a
 * form's selects, reference lists the same for every reader, which the
 * JSON twin leaves out (it carries the values chosen; a client reads the
 * lists from their own pages, /api/v1/objectives …) because building
 * them would double the cost of an API answer. The view calls fn when it
 * renders the page's template, never for JSON. Set it after the model. */
void page_html_extra(struct page *page, page_extra_fn fn);

/* path as a link in the format of the answer: the path itself for a
 * page, its /api/v1 twin for JSON, so that a client following a "next"
 * link stays in the format it asked for. path starts with '/'. From the
 * request's arena. */
const char *view_link(struct request *req, const char *path);

/* Renders the page for req into resp (HTML, JSON, problem+json or raw).
 * A 429 or 503 always gets a retry_after (page->retry_after, or
 * view_retry_after's default): every such answer says when to come back. */
void view_render(struct request *req, struct page *page, struct response *resp);

/* The seconds a `status` answer tells the client to wait when its
 * producer named none: 1 for a 503 (the server is busy or its database
 * away for a moment), 60 for a 429 (the client asked too often: less
 * often, please); 0 (no Retry-After) for any other status. */
int view_retry_after(int status);

void response_init(struct response *resp);
void response_release(struct response *resp);

#endif
