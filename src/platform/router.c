/* router.c — matches a request's method and path against the route table. */
#include <assert.h>
#include <string.h>

#include "router.h"

/* Matches one pattern against a canonical path, segment by segment. On a
 * match fills caps[0..*ncaps) with pointers/lengths into path. */
static bool match(const char *pattern, const char *path, const char **caps, size_t *caplen,
                  size_t *ncaps)
{
	const char *p = pattern, *s = path;
	*ncaps = 0;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pend = strchr(p, '/');
		const char *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
			/* The route table's own mistake, not the request's. */
			assert(*ncaps < ROUTE_MAX_PARAMS && "more {captures} than ROUTE_MAX_PARAMS");
			if (slen == 0)
				return false;
			caps[*ncaps] = s;
			caplen[(*ncaps)++] = slen;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return false;
		}
		p += plen;
		s += slen;
	}
	return *p == '\0' && *s == '\0';
}

enum route_result router_match(const struct route *table, size_t n, struct request *req,
                               const struct route **out, unsigned *allowed)
{
	const char *caps[ROUTE_MAX_PARAMS];
	size_t caplen[ROUTE_MAX_PARAMS], ncaps;
	*allowed = 0;
	for (size_t i = 0; i < n; i++) {
		if (!match(table[i].pattern, req->path, caps, caplen, &ncaps))
			continue;
		if (!(table[i].methods & req->method)) {
			*allowed |= table[i].methods;
			continue;
		}
		for (size_t k = 0; k < ncaps; k++)
			req->route_params[k] = arena_strndup(&req->arena, caps[k], caplen[k]);
		req->nroute_params = ncaps;
		*out = &table[i];
		return ROUTE_FOUND;
	}
	return *allowed ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

enum route_result router_match_twin(const struct route *table, size_t n, struct request *req,
                                    const struct route **out, unsigned *allowed)
{
	enum route_result r = router_match(table, n, req, out, allowed);
	size_t len = strlen(req->path);
	if (r != ROUTE_NOT_FOUND || len <= 4 || strcmp(req->path + len - 4, ".csv") != 0)
		return r;
	const char *whole = req->path;
	req->path = arena_strndup(&req->arena, whole, len - 4);
	const struct route *twin;
	unsigned twin_allowed;
	if (router_match(table, n, req, &twin, &twin_allowed) == ROUTE_FOUND &&
	    (twin->flags & ROUTE_CSV)) {
		req->csv = true;
		req->format = FORMAT_JSON;
		*out = twin;
		return ROUTE_FOUND;
	}
	req->path = whole;
	return ROUTE_NOT_FOUND;
}
