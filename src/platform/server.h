/* server.h — the HTTP server: libmicrohttpd with an epoll thread pool.
 *
 * The server owns the connection handling: it parses each request once
 * (request.h), finds its route, answers from the page cache when it can,
 * calls the handler, renders the page (view.h), adds the security and cache
 * headers, compresses, logs one logfmt line and counts metrics. It knows
 * nothing of the domain: the route table comes in `struct app` (app.h). */
#ifndef PACTE_SERVER_H
#define PACTE_SERVER_H

#include "app.h"   /* struct app, which server_run serves */

/* Serves until SIGTERM or SIGINT, then lets in-flight requests finish.
 * `listen` is HOST:PORT. Returns 0 after a clean shutdown, -1 if the
 * server could not start (the reason is on stderr). */
int server_run(struct app *app, const char *listen, unsigned threads);

#endif
