/* server_impl.h — what server.c (a request's life), server_listen.c (the
 * daemons) and server_cache.c (cache keys, gzip, stale copies) share;
 * nothing else includes it. */
#ifndef PACTE_SERVER_IMPL_H
#define PACTE_SERVER_IMPL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#include "app.h"
#include "buf.h"

struct cache_item;
struct request;

/* What each libmicrohttpd daemon hands its callbacks as `cls`: which
 * listener a request came in on. Lives as long as its daemon. */
struct listener {
	const struct app *app;
	bool internal;            /* the --metrics-listen one: ROUTE_INTERNAL routes only */
	bool internal_elsewhere;  /* the public one while an internal one runs */
};

/* libmicrohttpd's callbacks (server.c), each given a struct listener as
 * cls: the request line is in (allocates the request), every call of the
 * access handler, the request is done (logs, counts and frees it), and
 * the public listener's connections opening and closing (counted, for
 * the overload check; the internal listener passes none). */
void *server_uri_log(void *cls, const char *uri, struct MHD_Connection *conn);
enum MHD_Result server_on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version,
                                 const char *upload_data, size_t *upload_size, void **req_cls);
void server_on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe);
void server_on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode code);

/* Requests begun and not yet completed, on every listener. */
int server_in_flight(void);

/* Fills req from the request libmicrohttpd holds (server_parse.c): its
 * method, headers, client, path, query and cookies; *local: a loopback
 * peer with no proxy in between. Returns 0, or -1 with req->bad_input
 * saying why the request cannot be read. */
int server_parse_request(struct MHD_Connection *conn, struct request *req, bool *local,
                         const char *method);
/* A request header's value, NULL when absent. */
const char *server_header(struct MHD_Connection *conn, const char *name);

/* Adds the headers every answer carries (security policy; server.c). */
void server_common_headers(struct MHD_Response *r);

/* What the page cache holds for a page: the response every hit queues,
 * and what a stale copy needs. The body belongs to the response (freed
 * with it, by libmicrohttpd's free callback), so it lives as long as a
 * reference to this is held. */
struct cached_answer {
	atomic_int refs;           /* the caches holding it (cached_answer_ref) */
	struct MHD_Response *response;
	const char *body;
	size_t len;
	char *content_type;        /* owned; NULL when none */
	bool gzip;                 /* body is gzip-compressed */
};
/* A new one (one reference) for response, whose body is body[0..len). */
struct cached_answer *cached_answer_new(struct MHD_Response *response, const char *body,
                                        size_t len, const char *content_type, bool gzip);
/* One more reference, for a second cache: returns a. */
struct cached_answer *cached_answer_ref(struct cached_answer *a);
/* The caches' destroy function: drops a reference, frees on the last. */
void cached_answer_free(void *value);

/* The page cache's key for req's answer at a data version: everything the
 * answer depends on. From the request's arena. */
char *server_cache_key(struct request *req, int64_t version);
/* The weak ETag of req's answer at a data version (so a 304 needs no
 * rendering). From the request's arena. */
char *server_etag(struct request *req, int64_t version);
/* True when an If-None-Match header (may be NULL) lists etag, or is "*". */
bool server_etag_matches(const char *header, const char *etag);

/* The response to queue for req from a cached answer: a's own, or, when
 * a is gzipped and req refuses gzip, a new one unzipped with the same
 * headers but the encoding (*made true: the caller destroys it after
 * queueing). NULL when it cannot be made. */
struct MHD_Response *server_cached_response(struct request *req, const struct cached_answer *a,
                                            bool *made);

/* gzip-compresses in into out (libdeflate, level GZIP_LEVEL); -1 if it
 * fails or out's maximum is too small (then send it plain). */
int server_gzip(const char *in, size_t len, struct buf *out);

/* The header a stale answer carries. */
#define STALE_WARNING "110 - \"Response is Stale\""

/* Keeps a page just stored in the page cache as req's page's last rendering
 * too (app.last), whatever the data version. */
void server_keep_last(struct request *req, struct cached_answer *a, const char *etag);

/* While the database is away: a stale copy of req's page as last rendered
 * (made and kept on first use, see server_cache.c), as a cache item to
 * queue and release; NULL when no rendering of the page is held. */
struct cache_item *server_stale_item(struct request *req);

#endif
