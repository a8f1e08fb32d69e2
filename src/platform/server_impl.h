/* server_impl.h — what server.c (a request's life) and server_listen.c
 * (the daemons) share; nothing else includes it. */
#ifndef PACTE_SERVER_IMPL_H
#define PACTE_SERVER_IMPL_H

#include <stdbool.h>

#include <microhttpd.h>

#include "app.h"

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

#endif
