/* server.c — libmicrohttpd glue: one request's life from bytes to answer.
 *
 * Life of a request:
 *   uri_log      (libmicrohttpd has read the request line) allocate the
 *                struct request and its arena; keep the raw target
 *   on_access #1 headers are in: parse what handlers need (server_parse.c);
 *                return MHD_YES
 *                without answering (an answer on the first call would be an
 *                "early response" that closes the keep-alive connection)
 *   on_access #n body chunks: appended to req->body, capped
 *   on_access    last call: dispatch() → route → cache or handler → view
 *   completed    log one logfmt line, count metrics, free the arena
 *
 * The page cache (cache.h) keeps finished libmicrohttpd responses for
 * anonymous GET/HEAD requests; libmicrohttpd reference-counts responses, so
 * one response object is queued to many connections at once.
 *
 * Two listeners may run (server_listen.c starts them): the public one
 * (--listen) and, with --metrics-listen, an internal one that answers only
 * the ROUTE_INTERNAL routes (/metrics). Without it those routes answer
 * only a loopback client whose request came through no proxy
 * (reachable()). */
#include <assert.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "cache.h"
#include "db.h"
#include "i18n.h"
#include "metrics.h"
#include "router.h"
#include "server.h"
#include "server_impl.h"
#include "util.h"
#include "view.h"

#define BODY_MAX ((size_t)1 << 20)        /* form and JSON bodies */
#define UPLOAD_DROP_MAX (16 * BODY_MAX)  /* then the connection is closed */
#define GZIP_MIN 512                      /* smaller bodies are not worth it */

/* Per-request state beyond struct request, owned by the server. */
struct exchange {
	struct request req;
	const struct listener *listener;
	bool local;               /* a loopback peer, and no proxy in between */
	int status;
	size_t bytes;
	size_t uploaded;
	bool started;
	bool stale;               /* answered stale while the database was away */
};

static atomic_int in_flight;
static atomic_int open_connections;

/* Counts connections, so that past capacity a request is refused at once
 * (503 + Retry-After) instead of waiting behind thousands of others. */
void server_on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&open_connections, 1);
	else if (code == MHD_CONNECTION_NOTIFY_CLOSED)
		atomic_fetch_sub(&open_connections, 1);
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int server_in_flight(void)
{
	return atomic_load(&in_flight);
}

void *server_uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
	const struct listener *l = cls;
	struct exchange *ex = xcalloc(1, sizeof *ex);
	ex->listener = l;
	arena_init(&ex->req.arena);
	buf_init(&ex->req.body, BODY_MAX);
	ex->req.target = arena_strdup(&ex->req.arena, uri ? uri : "");
	ex->req.app = l->app;
	ex->req.start_us = now_us();
	ex->req.query_string = "";
	ex->req.path = "";
	ex->req.locale = "en";
	atomic_fetch_add(&in_flight, 1);
	return ex;
}

/* ---- answering ---------------------------------------------------------- */

static const char CSP[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
	"frame-ancestors 'none'";

void server_common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "strict-origin-when-cross-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
}

/* True when the answer depends on who asks: a signed-in reader, a route
 * only they reach (ROUTE_SIGNED_IN, whatever the answer: a sign-in
 * redirect too), a token for the reader's forms, a cookie being set. Such
 * an answer is never shared: not by the page cache, and not by any cache
 * on the way (Cache-Control: private, no-store, in build_response). */
static bool personal(const struct request *req)
{
	return req->user || req->csrf_token || req->nset_cookie > 0 ||
	       (req->route && (req->route->flags & ROUTE_SIGNED_IN));
}

/* The Cache-Control of an answer, decided here only: "private, no-store"
 * for a personal one (a browser's history and a proxy keep none of it);
 * else the handler's own (static files: public, max-age); else
 * "no-cache" (anyone may keep it, revalidating with its ETag). */
static const char *cache_control(const struct request *req, const struct response *resp)
{
	if (personal(req))
		return "private, no-store";
	return resp->cache_control ? resp->cache_control : "no-cache";
}

static enum MHD_Result queue(struct MHD_Connection *conn, struct exchange *ex, int status,
                             struct MHD_Response *r, size_t bytes)
{
	assert(r && status >= 100 && status <= 599);
	ex->status = status;
	ex->bytes = bytes;
	return MHD_queue_response(conn, (unsigned)status, r);
}

/* The answer when libmicrohttpd cannot make a response (out of memory): a
 * fixed 500 that needs no rendering, or, if even that cannot be made, the
 * connection closed (MHD_NO). Either way the access log says 500. */
static enum MHD_Result answer_500(struct MHD_Connection *conn, struct exchange *ex)
{
	static const char body[] = "Internal error: the answer could not be built.\n";
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
	                                                         MHD_RESPMEM_PERSISTENT);
	if (!r) {
		ex->status = 500;
		ex->bytes = 0;
		return MHD_NO;
	}
	server_common_headers(r);
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Connection", "close");
	enum MHD_Result ret = queue(conn, ex, 500, r, sizeof body - 1);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer_304(struct MHD_Connection *conn, struct exchange *ex,
                                  const char *etag)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!r)
		return answer_500(conn, ex);
	MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	MHD_add_response_header(r, "Vary", "Accept, Accept-Encoding, Accept-Language, Cookie");
	enum MHD_Result ret = queue(conn, ex, 304, r, 0);
	MHD_destroy_response(r);
	return ret;
}

/* Turns a rendered response into a libmicrohttpd one with every header,
 * its body gzipped when zip asks and it is worth it. NULL when
 * libmicrohttpd cannot make one (out of memory). When keep is not NULL,
 * sets *keep to it as the page cache holds it. resp's body is handed over
 * when sent plain, left to the caller when gzipped. */
static struct MHD_Response *build_response(struct request *req, struct response *resp,
                                           const char *etag, bool zip, size_t *bytes,
                                           struct cached_answer **keep)
{
	struct MHD_Response *r;
	if (resp->file_fd >= 0) {
		/* A file (page_file): sent from the descriptor, which
		 * libmicrohttpd closes with the response. */
		r = MHD_create_response_from_fd((uint64_t)resp->file_size, resp->file_fd);
		if (!r)
			return NULL;
		if (keep)
			*keep = NULL;   /* a file is never cached (page_file: no_cache) */
		resp->file_fd = -1;
		*bytes = (size_t)resp->file_size;
		goto headers;
	}
	struct buf gz;
	buf_init(&gz, resp->body.max);
	bool zipped = zip && resp->body.len >= GZIP_MIN && resp->status != 304 &&
	              server_gzip(buf_str(&resp->body), resp->body.len, &gz) == 0;
	struct buf *body = zipped ? &gz : &resp->body;
	*bytes = body->len;
	size_t len;
	char *data = buf_detach(body, &len);
	buf_release(&gz);
	r = MHD_create_response_from_buffer_with_free_callback(len, data, free);
	if (!r) {
		free(data); /* handed over only with a response */
		return NULL;
	}
	if (keep)
		*keep = cached_answer_new(r, data, len, resp->content_type, zipped);
	if (zipped)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
headers:
	server_common_headers(r);
	if (resp->content_type)
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	MHD_add_response_header(r, "Vary", "Accept, Accept-Encoding, Accept-Language, Cookie");
	MHD_add_response_header(r, "Content-Language", req->locale);
	if (etag)
		MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Cache-Control", cache_control(req, resp));
	if (resp->location)
		MHD_add_response_header(r, "Location", resp->location);
	if (resp->allow)
		MHD_add_response_header(r, "Allow", resp->allow);
	/* Every 429 and 503 says when to come back: view_render gives one a
	 * default when its producer named none. */
	assert((resp->status != 429 && resp->status != 503) || resp->retry_after > 0);
	if (resp->retry_after > 0) {
		char secs[16];
		snprintf(secs, sizeof secs, "%d", resp->retry_after);
		MHD_add_response_header(r, "Retry-After", secs);
	}
	if (resp->status == 503)
		MHD_add_response_header(r, "Connection", "close");
	/* CORS: an anonymous read of the API may be made by a web page of any
	 * site, so browser apps elsewhere can show the data. "*" is never
	 * honoured by a browser for a request with credentials (cookies), and
	 * one with an Authorization header would need a preflight, which is
	 * not answered: only what anybody may read is shared. */
	if (req->api && (req->method & (HTTP_GET | HTTP_HEAD)) && !req->user && !req->bearer) {
		MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
		MHD_add_response_header(r, "Access-Control-Expose-Headers", "ETag, Retry-After");
	}
	for (size_t i = 0; i < req->nset_cookie; i++)
		MHD_add_response_header(r, "Set-Cookie", req->set_cookie[i]);
	/* ?lang= is a choice the reader made: remember it. */
	const char *qlang = req_query(req, "lang");
	if (qlang && strcmp(qlang, req->locale) == 0)
		MHD_add_response_header(r, "Set-Cookie", req_cookie_line(req, arena_printf(
			&req->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax", req->locale)));
	return r;
}

static const char *allow_header(struct arena *a, unsigned methods)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{HTTP_GET, "GET"}, {HTTP_HEAD, "HEAD"}, {HTTP_POST, "POST"}, {HTTP_PUT, "PUT"},
		{HTTP_PATCH, "PATCH"}, {HTTP_DELETE, "DELETE"},
	};
	char *s = arena_strdup(a, "");
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (methods & names[i].bit)
			s = arena_printf(a, "%s%s%s", s, *s ? ", " : "", names[i].name);
	return s;
}

/* Renders page, queues it, and stores it in the cache when it may be. */
static enum MHD_Result respond(struct MHD_Connection *conn, struct exchange *ex,
                               struct page *page, const char *allow, const char *cache_key_s,
                               const char *etag)
{
	struct request *req = &ex->req;
	struct response resp;
	response_init(&resp);
	view_render(req, page, &resp);
	resp.allow = allow;
	bool cacheable = cache_key_s && resp.cacheable && resp.status == 200 && !personal(req);
	size_t bytes, kept_bytes = 0;
	struct cached_answer *keep = NULL;
	/* What the caches keep is gzipped whoever asked (server_cache_key);
	 * a client that refuses gzip is sent a plain answer of its own. */
	struct MHD_Response *kept = cacheable ? build_response(req, &resp, etag, true, &kept_bytes,
	                                                       &keep) : NULL;
	bool send_kept = kept && (req->accepts_gzip || !keep->gzip);
	struct MHD_Response *r = send_kept ? kept
	                         : build_response(req, &resp, etag, req->accepts_gzip, &bytes, NULL);
	if (send_kept)
		bytes = kept_bytes;
	if (!r || (cacheable && !kept)) {
		if (r && r != kept)
			MHD_destroy_response(r);
		response_release(&resp);
		return answer_500(conn, ex);
	}
	enum MHD_Result ret = queue(conn, ex, resp.status, r, bytes);
	if (r != kept)
		MHD_destroy_response(r);
	if (kept) {
		server_keep_last(req, keep, etag);
		cache_put(req->app->cache, cache_key_s, etag, keep, kept_bytes + 1024,
		          cached_answer_free);
	}
	response_release(&resp);
	return ret;
}

/* An error page; title and detail are msgids, translated here. */
static enum MHD_Result respond_error(struct MHD_Connection *conn, struct exchange *ex, int status,
                                     const char *title_msgid, const char *detail,
                                     const char *allow)
{
	struct page page;
	page_init(&page);
	page_error(&ex->req, &page, status, title_msgid,
	           detail ? tr(ex->req.locale, detail) : NULL);
	enum MHD_Result ret = respond(conn, ex, &page, allow, NULL, NULL);
	page_release(&page);
	return ret;
}

/* ---- dispatch ----------------------------------------------------------- */

static void negotiate_locale(struct request *req)
{
	req->locale = i18n_negotiate(req_query(req, "lang"), params_get(&req->cookies, "lang"),
	                             req->accept_language, req->app->default_lang);
}

static bool is_form(const char *content_type)
{
	return content_type && str_starts(content_type, "application/x-www-form-urlencoded");
}

static bool is_json(const char *content_type)
{
	return content_type && (str_starts(content_type, "application/json") ||
	                        str_starts(content_type, "application/problem+json"));
}

/* True when this listener answers route for this client: ROUTE_INTERNAL
 * routes on the internal listener, or, when none runs, to a local client;
 * every other route on the public listener only. */
static bool reachable(const struct exchange *ex, const struct route *route)
{
	const struct listener *l = ex->listener;
	if (route->flags & ROUTE_INTERNAL)
		return l->internal || (!l->internal_elsewhere && ex->local);
	return !l->internal;
}

/* True when a GET of this path would find a route this client may not
 * reach (a POST /metrics from afar). */
static bool hidden_path(struct exchange *ex)
{
	struct request *req = &ex->req;
	enum http_method method = req->method;
	const struct route *as_get;
	unsigned ignored;
	req->method = HTTP_GET;
	bool hidden = router_match(req->app->routes, req->app->nroutes, req, &as_get, &ignored) ==
	              ROUTE_FOUND && !reachable(ex, as_get);
	req->method = method;
	req->nroute_params = 0;
	return hidden;
}

/* router_match as this listener and this client see the table: a route
 * they may not reach is not there at all (404, not a 405 naming its
 * methods), and the internal listener has nothing else. */
static enum route_result find_route(struct exchange *ex, const struct route **route,
                                    unsigned *allowed)
{
	struct request *req = &ex->req;
	enum route_result r = router_match_twin(req->app->routes, req->app->nroutes, req, route,
	                                        allowed);
	if (r == ROUTE_FOUND)
		return reachable(ex, *route) ? ROUTE_FOUND : ROUTE_NOT_FOUND;
	if (r == ROUTE_BAD_METHOD && (ex->listener->internal || hidden_path(ex)))
		return ROUTE_NOT_FOUND;
	return r;
}

/* Renders and queues a handler's (or the guard's) page, frees it, and
 * tells the pool how the request's database work went. */
static enum MHD_Result answer(struct MHD_Connection *conn, struct exchange *ex,
                              struct page *page, bool reported, const char *key,
                              const char *etag)
{
	struct request *req = &ex->req;
	if (reported)
		db_pool_report(req->app->pool, req->db);
	enum MHD_Result ret = respond(conn, ex, page, NULL, key, etag);
	page_release(page);
	return ret;
}

/* An anonymous read while the database is away: the page as the node last
 * rendered it, marked stale (server_cache.c), or 503. */
/* Queues a cached answer, unzipped for a client that refuses gzip. */
static enum MHD_Result queue_cached(struct MHD_Connection *conn, struct exchange *ex,
                                    const struct cached_answer *a)
{
	bool made;
	struct MHD_Response *r = server_cached_response(&ex->req, a, &made);
	if (!r)
		return answer_500(conn, ex);
	enum MHD_Result ret = queue(conn, ex, 200, r, made ? 0 : a->len);
	if (made)
		MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer_stale(struct MHD_Connection *conn, struct exchange *ex)
{
	struct request *req = &ex->req;
	struct cache_item *item = server_stale_item(req);
	if (item) {
		ex->stale = true;
		metrics_stale(req->app->metrics);
		const struct cached_answer *a = cache_item_value(item);
		enum MHD_Result ret = queue_cached(conn, ex, a);
		cache_item_release(item);
		return ret;
	}
	struct page page;
	page_init(&page);
	page_unavailable(req, &page);
	enum MHD_Result ret = respond(conn, ex, &page, NULL, NULL, NULL);
	page_release(&page);
	return ret;
}

static enum MHD_Result dispatch(struct MHD_Connection *conn, struct exchange *ex)
{
	struct request *req = &ex->req;
	const struct app *app = req->app;
	if (req->bad_input) {
		negotiate_locale(req);
		return respond_error(conn, ex, 400, N_("Bad request"), req->bad_input, NULL);
	}
	negotiate_locale(req);
	if (req->body.overflow)
		return respond_error(conn, ex, 413, N_("Request too large"), NULL, NULL);
	const char *why = NULL;
	if (is_form(req->content_type) &&
	    params_parse(&req->arena, buf_str(&req->body), req->body.len, &req->form, true, &why) < 0)
		return respond_error(conn, ex, 400, N_("Bad request"), why, NULL);
	if (is_json(req->content_type) && req->body.len &&
	    request_json_body(req, buf_str(&req->body), req->body.len, &why) < 0)
		return respond_error(conn, ex, 400, N_("Bad request"), why, NULL);

	const struct route *route;
	unsigned allowed;
	switch (find_route(ex, &route, &allowed)) {
	case ROUTE_NOT_FOUND:
		return respond_error(conn, ex, 404, N_("Not found"), NULL, NULL);
	case ROUTE_BAD_METHOD:
		return respond_error(conn, ex, 405, N_("Method not allowed"), NULL,
		                     allow_header(&req->arena, allowed));
	case ROUTE_FOUND:
		break;
	}
	req->route = route;
	if (req->api ? (route->flags & ROUTE_NO_API) : (route->flags & ROUTE_API_ONLY))
		return respond_error(conn, ex, 404, N_("Not found"), NULL, NULL);

	/* What the server says about itself must not wait on the database:
	 * internal and ROUTE_NO_DB routes get none (and the internal listener's
	 * thread opens no connection of its own). Without a connection (an
	 * outage, db_pool_get) a request goes as far as it can: the guard for
	 * an anonymous reader, then a page the cache holds (served stale), or
	 * a 503 that says the database is away. */
	bool needs_db = !(route->flags & (ROUTE_INTERNAL | ROUTE_NO_DB));
	if (needs_db)
		req->db = db_pool_get(app->pool);

	struct page page;
	page_init(&page);
	if (app->guard && !app->guard(req, &page))
		return answer(conn, ex, &page, needs_db, NULL, NULL);

	/* Only anonymous reads are shared: a signed-in page shows its reader
	 * (and an API client's answers, even under a forged token, are not
	 * worth a place). */
	const char *key = NULL, *etag = NULL;
	bool cacheable = (req->method & (HTTP_GET | HTTP_HEAD)) &&
	                 !(route->flags & ROUTE_NO_CACHE) && !personal(req) && !req->bearer;
	if (cacheable) {
		/* A route without the database (static files) is keyed by the
		 * generation the cache holds. */
		int64_t version = !needs_db ? cache_generation(app->cache)
		                  : db_pool_data_version(app->pool, req->db);
		if (needs_db)
			db_pool_report(app->pool, req->db);
		if (version < 0 && needs_db && (!req->db || db_unavailable(req->db))) {
			page_release(&page);
			return answer_stale(conn, ex);
		}
		if (version >= 0) {
			if (needs_db)
				cache_set_generation(app->cache, version);
			key = server_cache_key(req, version);
			etag = server_etag(req, version);
			struct cache_item *hit = cache_get(app->cache, key);
			if (hit) {
				req->cache_hit = true;
				enum MHD_Result ret;
				if (server_etag_matches(req->if_none_match, cache_item_etag(hit)))
					ret = answer_304(conn, ex, cache_item_etag(hit));
				else
					ret = queue_cached(conn, ex, cache_item_value(hit));
				cache_item_release(hit);
				page_release(&page);
				return ret;
			}
			if (server_etag_matches(req->if_none_match, etag)) {
				page_release(&page);
				return answer_304(conn, ex, etag);
			}
		}
	}

	if (needs_db && !req->db)
		page_unavailable(req, &page);
	else
		route->handler(req, &page);
	/* The net under every handler: an outage is never a 500. */
	if (page.status == 500 && req->db && db_unavailable(req->db))
		page_unavailable(req, &page);
	return answer(conn, ex, &page, needs_db, key, etag);
}

enum MHD_Result server_on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version,
                                 const char *upload_data, size_t *upload_size, void **req_cls)
{
	struct exchange *ex = *req_cls;
	if (!ex->started) {
		ex->started = true;
		if (server_parse_request(conn, &ex->req, &ex->local, method) < 0)
			ex->req.bad_input = ex->req.bad_input ? ex->req.bad_input : N_("Bad request");
		/* Past capacity: answer now and close, before any work. The
		 * count is the public listener's. */
		const struct app *app = ex->req.app;
		if (!ex->listener->internal && app->max_connections &&
		    (unsigned)atomic_load(&open_connections) > app->max_connections / 10 * 9) {
			negotiate_locale(&ex->req);
			return respond_error(conn, ex, 503, N_("Service unavailable"),
			                     N_("The site is busy: please try again in a moment."), NULL);
		}
		/* A body announced too large is refused before it is read; this
		 * early answer closes the connection, which is what we want. */
		int64_t announced;
		const char *cl = server_header(conn, "Content-Length");
		if (cl && parse_int64(cl, 0, INT64_MAX, &announced) == 0 && (uint64_t)announced > BODY_MAX) {
			negotiate_locale(&ex->req);
			return respond_error(conn, ex, 413, N_("Request too large"), NULL, NULL);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		/* A chunked body past the limit is read and dropped (the answer,
		 * 413, can only be queued once it ends), up to a point where the
		 * connection is simply closed. */
		ex->uploaded += *upload_size;
		buf_append(&ex->req.body, upload_data, *upload_size);
		*upload_size = 0;
		return ex->uploaded > UPLOAD_DROP_MAX ? MHD_NO : MHD_YES;
	}
	return dispatch(conn, ex);
}

void server_on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct exchange *ex = *req_cls;
	if (!ex)
		return;
	struct request *req = &ex->req;
	const struct app *app = req->app;
	double seconds = (double)(now_us() - req->start_us) / 1e6;
	if (ex->status) {
		metrics_observe(app->metrics, req->route, ex->status, seconds);
		/* One logfmt line; values we did not produce are quoted with %s of
		 * a sanitised copy (no quotes or control characters). */
		char target[256];
		size_t n = 0;
		for (const char *p = req->target; *p && n < sizeof target - 1; p++)
			target[n++] = (*p == '"' || (unsigned char)*p < 0x20) ? '?' : *p;
		target[n] = '\0';
		fprintf(stderr, "method=%s target=\"%s\" status=%d bytes=%zu ms=%.3f cache=%s lang=%s\n",
		        req->method_name ? req->method_name : "-", target, ex->status, ex->bytes,
		        seconds * 1e3, ex->stale ? "stale" : req->cache_hit ? "hit" : "miss", req->locale);
	}
	json_decref(req->json_body);
	json_decref(req->viewer);
	buf_release(&req->body);
	arena_release(&req->arena);
	free(ex);
	*req_cls = NULL;
	int before = atomic_fetch_sub(&in_flight, 1);
	assert(before > 0); /* one completion per uri_log */
	(void)before;
}
