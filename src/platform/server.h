/* server.h — the HTTP server: libmicrohttpd with an epoll thread pool.
 *
 * The server owns the connection handling: it parses each request once
 * (request.h), finds its route, answers from the page cache when it can,
 * calls the handler, renders the page (view.h), adds the security and cache
 * headers, compresses, logs one logfmt line and counts metrics. It knows
 * nothing of the domain: the route table comes in `struct app`. */
#ifndef PACTE_SERVER_H
#define PACTE_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct db_pool;
struct page;
struct request;
struct template_set;
struct route;
struct cache;
struct metrics;

/* Read-only, server-wide state every request can see (request.app). */
struct app {
	struct db_pool *pool;
	const struct template_set *templates;
	const char *default_lang;
	const struct route *routes;
	size_t nroutes;
	struct cache *cache;       /* thread-safe */
	struct metrics *metrics;   /* thread-safe */
	bool secure_cookies;
	bool trust_proxy;          /* take the client's address from X-Forwarded-For */
	unsigned max_connections;  /* open connections; past 90% new requests get 503 */
	const char *db_label;      /* the database, as shown in the start-up line */
	/* Runs after routing and before the handler for every request: finds
	 * the signed-in user and enforces the route's flags (signed in, CSRF).
	 * Returns false after setting page to the answer (a 401, 403 or a
	 * redirect to sign in). May be NULL (everyone is anonymous). */
	bool (*guard)(struct request *req, struct page *page);
};

/* Serves until SIGTERM or SIGINT, then lets in-flight requests finish.
 * `listen` is HOST:PORT. Returns 0 after a clean shutdown, -1 if the
 * server could not start (the reason is on stderr). */
int server_run(struct app *app, const char *listen, unsigned threads);

#endif
