/* router.h — routes are a table: method + pattern -> handler, with flags.
 *
 * A pattern is a path whose segments are literal or "{name}" (one whole
 * segment, captured in order into request.route_params). The web's table
 * lives in src/web/routes.c; this module only matches. */
#ifndef PACTE_ROUTER_H
#define PACTE_ROUTER_H

#include <stddef.h>

#include "request.h"

struct page;

typedef void (*handler_fn)(struct request *req, struct page *page);

/* Preconditions a route declares; the guard (app.guard, src/web/guard.c)
 * enforces them before any handler runs. */
enum route_flags {
	ROUTE_NO_CACHE = 1 << 0,  /* never kept in the page cache (e.g. /metrics) */
	ROUTE_NO_API = 1 << 1,    /* no /api/v1 twin (static files) */
	ROUTE_SIGNED_IN = 1 << 2, /* anonymous: 303 to the sign-in page (HTML) or 401 (API) */
	ROUTE_WRITE = 1 << 3,     /* changes state: CSRF-checked when the credential is a
	                           * cookie, never cached */
	ROUTE_FORM = 1 << 4,      /* renders a form: the guard provides a CSRF token,
	                           * so the page is never cached */
	ROUTE_SESSION = 1 << 5,   /* signed in with a password (a session cookie): a
	                           * bearer token is refused 403 */
	ROUTE_INTERNAL = 1 << 6,  /* about the server, for its operators (/metrics): only
	                           * on the internal listener (--metrics-listen) or, with
	                           * none, to local clients; 404 for anyone else. Its
	                           * handler gets no database (req->db NULL) */
	ROUTE_NO_DB = 1 << 7,     /* answers without the request's database connection
	                           * (req->db NULL), so that it answers during an outage
	                           * too: /healthz, /readyz (which asks the pool itself),
	                           * static files */
	ROUTE_CSV = 1 << 8,       /* a list page: PATH.csv answers its table as CSV
	                           * (request.csv, page_csv) */
	ROUTE_API_ONLY = 1 << 9,  /* only under /api/v1 (the change feed, the API's
	                           * description): no page of the site, 404 there */
};

struct route {
	unsigned methods;         /* HTTP_GET | HTTP_HEAD … */
	const char *pattern;      /* "/objectives/{n}" */
	handler_fn handler;
	unsigned flags;
};

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

/* Finds the route for method and path in table[0..n). On ROUTE_FOUND sets
 * *out and fills req->route_params / nroute_params with the captured
 * segments (allocated from req->arena). ROUTE_BAD_METHOD means a pattern
 * matched but not with this method; *allowed then holds the methods that
 * would have. */
enum route_result router_match(const struct route *table, size_t n, struct request *req,
                               const struct route **out, unsigned *allowed);

/* router_match, and when nothing matches and the path ends in ".csv", the
 * route of the path without it if that route has ROUTE_CSV: the list's
 * CSV twin (req->path is then the list's, req->csv set, req->format
 * JSON for whatever is not the table: errors). */
enum route_result router_match_twin(const struct route *table, size_t n, struct request *req,
                                    const struct route **out, unsigned *allowed);

#endif
