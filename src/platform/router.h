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

enum route_flags {
	ROUTE_NO_CACHE = 1 << 0,  /* never kept in the page cache (e.g. /metrics) */
	ROUTE_NO_API = 1 << 1,    /* no /api/v1 twin (static files) */
	ROUTE_NO_LOG = 1 << 2,    /* not counted per route in metrics labels */
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

#endif
