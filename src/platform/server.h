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
 * `listen` is IPv4-HOST:PORT, served by `threads` worker threads.
 * `internal_listen` (NULL: none) is a second address, for the operators,
 * that answers only the routes flagged ROUTE_INTERNAL (/metrics); while it
 * runs, `listen` answers none of them. Without it they answer only local
 * clients (a loopback peer, and no proxy in between) on `listen`. Returns
 * 0 after a clean shutdown, -1 if the server could not start (the reason
 * is on stderr). */
int server_run(struct app *app, const char *listen, const char *internal_listen,
               unsigned threads);

#endif
