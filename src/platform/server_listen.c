/* server_listen.c — the listeners: parsing their addresses, starting the
 * libmicrohttpd daemons (the public one and, with --metrics-listen, the
 * internal one), and the graceful stop on SIGTERM or SIGINT. What happens
 * to each request is server.c's. */
#include <errno.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "server.h"
#include "server_impl.h"
#include "util.h"

#define SHUTDOWN_GRACE_SECONDS 10
/* Connections one address may hold, so one client cannot take them all.
 * Behind a reverse proxy every client shares the proxy's address: the
 * proxy's upstream connection pool must stay below this (deployment.md). */
#define PER_IP_CONNECTIONS 512
/* Connections the internal listener takes: a scraper or two. */
#define INTERNAL_CONNECTIONS 16

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	const char *colon = strrchr(listen, ':');
	if (!colon)
		return -1;
	char host[64];
	size_t hlen = (size_t)(colon - listen);
	if (hlen == 0 || hlen >= sizeof host)
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	int64_t port;
	if (parse_int64(colon + 1, 0, 65535, &port) < 0)
		return -1;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* libmicrohttpd's own messages: their format comes from the library. */
__attribute__((format(printf, 2, 0)))
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	fputs("pacte: libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* Prints what a daemon listens on, the port it was given included (port
 * 0 picks a free one): "pacte: <what> http://HOST:PORT<path>". */
static void announce(struct MHD_Daemon *d, const char *listen, const struct sockaddr_in *sa,
                     const char *what, const char *path, const char *after)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "pacte: %s http://%.*s:%u%s%s\n", what,
	        (int)(strrchr(listen, ':') - listen), listen,
	        info ? info->port : ntohs(sa->sin_port), path, after);
}

/* The public daemon: a pool of worker threads. */
static struct MHD_Daemon *start_public(const struct listener *l, struct sockaddr_in *sa,
                                       unsigned threads)
{
	const struct app *app = l->app;
	return MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG,
		0, NULL, NULL, server_on_access, (void *)l,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_URI_LOG_CALLBACK, server_uri_log, (void *)l,
		MHD_OPTION_NOTIFY_COMPLETED, server_on_completed, (void *)l,
		/* A slow client (slowloris) holds a connection, not a worker: with
		 * epoll no thread waits on it. These bound how many it may hold
		 * and for how long. */
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)15,
		MHD_OPTION_CONNECTION_LIMIT, app->max_connections ? app->max_connections : 1024u,
		MHD_OPTION_NOTIFY_CONNECTION, server_on_connection, NULL,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_CONNECTIONS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
		MHD_OPTION_END);
}

/* The internal daemon (--metrics-listen): one thread, a few connections,
 * uncounted by the public listener's overload check. */
static struct MHD_Daemon *start_internal(const struct listener *l, struct sockaddr_in *sa)
{
	return MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG,
		0, NULL, NULL, server_on_access, (void *)l,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)sa,
		MHD_OPTION_URI_LOG_CALLBACK, server_uri_log, (void *)l,
		MHD_OPTION_NOTIFY_COMPLETED, server_on_completed, (void *)l,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)15,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)INTERNAL_CONNECTIONS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_END);
}

/* Stops taking connections, lets the requests in flight finish (at most
 * SHUTDOWN_GRACE_SECONDS), then stops the daemons. */
static void stop_daemons(struct MHD_Daemon *const *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		MHD_socket ls = d[i] ? MHD_quiesce_daemon(d[i]) : MHD_INVALID_SOCKET;
		if (ls != MHD_INVALID_SOCKET)
			close(ls);
	}
	/* In-flight requests finish; idle keep-alive connections are closed by
	 * MHD_stop_daemon. */
	for (int i = 0; i < SHUTDOWN_GRACE_SECONDS * 100 && server_in_flight() > 0; i++)
		usleep(10000);
	for (size_t i = 0; i < n; i++)
		if (d[i])
			MHD_stop_daemon(d[i]);
}

int server_run(struct app *app, const char *listen, const char *internal_listen,
               unsigned threads)
{
	struct sockaddr_in sa, internal_sa;
	if (parse_listen(listen, &sa) < 0) {
		fprintf(stderr, "pacte: serve: --listen '%s': expected IPv4-HOST:PORT\n", listen);
		return -1;
	}
	if (internal_listen && parse_listen(internal_listen, &internal_sa) < 0) {
		fprintf(stderr, "pacte: serve: --metrics-listen '%s': expected IPv4-HOST:PORT\n",
		        internal_listen);
		return -1;
	}
	/* Signals are taken by sigwait() in this thread only: block them before
	 * libmicrohttpd starts its threads so they inherit the mask. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* The daemons' callbacks read these until they are stopped, below. */
	const struct listener public_l = {app, false, internal_listen != NULL};
	const struct listener internal_l = {app, true, false};
	struct MHD_Daemon *d[2] = {start_public(&public_l, &sa, threads), NULL};
	if (d[0] && internal_listen) {
		d[1] = start_internal(&internal_l, &internal_sa);
		if (!d[1]) {
			fprintf(stderr, "pacte: serve: cannot listen on %s: %s\n", internal_listen,
			        errno ? strerror(errno) : "libmicrohttpd refused to start");
			MHD_stop_daemon(d[0]);
			return -1;
		}
	}
	if (!d[0]) {
		fprintf(stderr, "pacte: serve: cannot listen on %s: %s\n", listen,
		        errno ? strerror(errno) : "libmicrohttpd refused to start");
		return -1;
	}
	char about[160];
	snprintf(about, sizeof about, " (%u threads, database %s)", threads,
	         app->db_label ? app->db_label : "?");
	announce(d[0], listen, &sa, "serving", "/", about);
	if (d[1])
		announce(d[1], internal_listen, &internal_sa, "metrics on", "/metrics", "");

	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "pacte: %s received, finishing %d request(s) in flight\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT", server_in_flight());
	stop_daemons(d, ARRAY_LEN(d));
	fprintf(stderr, "pacte: stopped\n");
	return 0;
}
