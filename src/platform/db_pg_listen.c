/* db_pg_listen.c — a PostgreSQL node's listener: the data version kept in
 * memory from the commits' notifications (db_backend.h, struct db_watch).
 *
 * Every versioned commit on any node updates the data_version row, and a
 * trigger (schema/0021_version_notify.pg.sql) sends its new value on the
 * channel pacte_data_version, delivered when the commit is. One thread per
 * node holds a connection of its own that LISTENs there, so that a request
 * learns the version from memory instead of asking the server: a cache hit
 * costs no round trip.
 *
 * Correctness before speed: the watch is `live` only once the listener is
 * listening *and* has read the version after it started to listen (in that
 * order, so no commit falls between the two unheard). While not live, the
 * pool asks the server on every request (db_pool_data_version). The
 * listener also reads the version every HEARTBEAT_MS of quiet: a
 * notification lost in some way no one foresaw costs at most that long,
 * and a connection that no longer answers (a network gone silent, not
 * closed) is found within HEARTBEAT_MS + ANSWER_MS and dropped, after
 * which the node asks on every request until it has connected again. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "background.h"
#include "db_pg_impl.h"
#include "util.h"

#define CHANNEL "pacte_data_version"
#define HEARTBEAT_MS 1000     /* quiet this long: read the version again */
#define ANSWER_MS 5000        /* a read of the version not answered by then: drop */

struct db_listener {
	char *url;
	struct db_watch *watch;
	pthread_t thread;
	int wake[2];              /* a byte on wake[1] stops the thread */
};

/* Waits until the connection has something to read (1), the timeout passes
 * (0), or the listener is told to stop (-1). */
static int wait_input(struct db_listener *l, PGconn *conn, int timeout_ms)
{
	struct pollfd fds[2] = {
		{.fd = PQsocket(conn), .events = POLLIN},
		{.fd = l->wake[0], .events = POLLIN},
	};
	int n;
	do
		n = poll(fds, 2, timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n < 0 || fds[1].revents)
		return -1;
	return n > 0 ? 1 : 0;
}

/* Takes in what arrived and raises the watch to every version announced.
 * Returns false when the connection is gone. */
static bool hear(struct db_listener *l, PGconn *conn)
{
	if (!PQconsumeInput(conn))
		return false;
	PGnotify *n;
	while ((n = PQnotifies(conn))) {
		char *end;
		long long v = strtoll(n->extra, &end, 10);
		if (end != n->extra && *end == '\0')
			db_watch_saw(l->watch, v);
		PQfreemem(n);
	}
	return PQstatus(conn) == CONNECTION_OK;
}

/* Sends sql and waits up to ANSWER_MS for its last result, hearing the
 * notifications that come meanwhile. Returns the first column of the first
 * row (0 when none), or -1 when the statement failed, the connection is
 * gone, the answer is late or the listener must stop. */
static int64_t ask(struct db_listener *l, PGconn *conn, const char *sql)
{
	if (!PQsendQuery(conn, sql))
		return -1;
	int64_t deadline = db_now_us() + (int64_t)ANSWER_MS * 1000, value = 0;
	bool ok = true;
	for (;;) {
		while (PQisBusy(conn)) {
			int64_t left_ms = (deadline - db_now_us()) / 1000;
			if (left_ms <= 0 || wait_input(l, conn, (int)left_ms) <= 0 || !hear(l, conn))
				return -1;
		}
		PGresult *res = PQgetResult(conn);
		if (!res)
			break;
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_TUPLES_OK && PQntuples(res) > 0 && !value)
			value = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
			ok = false;
		PQclear(res);
	}
	return ok && hear(l, conn) ? value : -1;
}

/* The server's goodbye when it ends the session (a restart, a kill) is
 * the listener's to handle, not libpq's to print. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Keywords before dbname are defaults the URL may override; the name
 * after it is imposed, so an administrator can tell the listener in
 * pg_stat_activity (and the tests can end its session). */
static PGconn *listen_connect(const char *url)
{
	static const char *const keys[] = {
		"connect_timeout", "dbname", "application_name", NULL,
	};
	const char *values[] = {"5", url, "pacte listener", NULL};
	PGconn *conn = PQconnectdbParams(keys, values, 1);
	if (conn && PQstatus(conn) != CONNECTION_OK) {
		PQfinish(conn);
		return NULL;
	}
	if (conn)
		PQsetNoticeProcessor(conn, quiet, NULL);
	return conn;
}

/* One connection's life: listen, read the version, go live, follow.
 * Returns whether it went live. */
static bool follow(struct db_listener *l, PGconn *conn)
{
	int64_t v;
	if (ask(l, conn, "LISTEN " CHANNEL) < 0 ||
	    (v = ask(l, conn, "SELECT version FROM data_version WHERE id = 1")) <= 0)
		return false;
	db_watch_saw(l->watch, v);
	atomic_store(&l->watch->live, true);
	for (;;) {
		int r = wait_input(l, conn, HEARTBEAT_MS);
		if (r < 0)
			break;
		if (r > 0) {
			if (!hear(l, conn))
				break;
		} else if ((v = ask(l, conn, "SELECT version FROM data_version WHERE id = 1")) > 0) {
			db_watch_saw(l->watch, v);
		} else {
			break;
		}
	}
	atomic_store(&l->watch->live, false);
	return true;
}

/* Whether the listener is told to stop, waiting up to timeout_ms for it
 * (the byte is left in the pipe: every later look sees it too). */
static bool stopping(struct db_listener *l, int timeout_ms)
{
	struct pollfd fd = {.fd = l->wake[0], .events = POLLIN};
	int n;
	do
		n = poll(&fd, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	return n != 0;
}

/* Connects, follows, and after a loss connects again at once, then with
 * the pool's backoff while the server stays away. */
static void *listener_main(void *arg)
{
	struct db_listener *l = arg;
	int backoff_ms = 0;
	while (!stopping(l, backoff_ms)) {
		PGconn *conn = listen_connect(l->url);
		bool was_live = conn && follow(l, conn);
		PQfinish(conn);
		if (stopping(l, 0))
			break;
		if (was_live) {
			atomic_fetch_add(&l->watch->reconnects, 1);
			fprintf(stderr, "pacte: database: the commit listener lost its connection; "
			        "requests ask for the data version until it is back\n");
			backoff_ms = 0;
		} else {
			backoff_ms = db_backoff_next(backoff_ms);
		}
	}
	return NULL;
}

struct db_listener *pg_listen(const char *url, struct db_watch *watch)
{
	struct db_listener *l = xcalloc(1, sizeof(*l));
	l->url = xstrdup(url);
	l->watch = watch;
	if (pipe(l->wake) != 0) {
		free(l->url);
		free(l);
		return NULL;
	}
	if (background_start(&l->thread, listener_main, l, "pacte-listen") != 0) {
		close(l->wake[0]);
		close(l->wake[1]);
		free(l->url);
		free(l);
		return NULL;
	}
	return l;
}

void pg_unlisten(struct db_listener *l)
{
	if (!l)
		return;
	ssize_t w;
	do
		w = write(l->wake[1], "x", 1);
	while (w < 0 && errno == EINTR);
	pthread_join(l->thread, NULL);
	close(l->wake[0]);
	close(l->wake[1]);
	free(l->url);
	free(l);
}

