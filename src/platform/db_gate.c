/* db_gate.c — the writers of one process queue for the database's writer
 * lock in the order they came (issue 19, item 6).
 *
 * Every write transaction takes the database's one writer lock (SQLite's
 * BEGIN IMMEDIATE; PostgreSQL's advisory lock, db_pg.c). On SQLite the
 * threads that find it taken wait in SQLite's busy handler, which sleeps
 * and polls (1, 2, 5 … up to 100 ms between tries): the writer that just
 * committed or one that happens to wake at the right moment takes the lock
 * again, and an unlucky one sleeps through several commits. Under 64
 * concurrent writers that is the tail of the write's latency. The gate puts
 * the writers of this process in a FIFO queue in front of the lock: each
 * waits on a condition variable of its own and is handed the gate by the
 * writer before it, the instant that one's transaction ends. Writers of
 * other processes (the console, another node) still meet at the lock
 * itself, as before.
 *
 * One gate per database URL (two spellings of one file get two gates: the
 * lock then queues them as before). In-memory SQLite databases get none:
 * each connection is a database of its own. A waiter gives up after the
 * connection's lock timeout (db->gate_ms) with a retryable "busy" error,
 * exactly as the lock itself would. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_backend.h"
#include "util.h"

#define MAX_GATES 16          /* databases one process writes to (tests open a few) */

struct waiter {
	struct waiter *next;
	pthread_cond_t cond;
	bool granted;
};

struct db_gate {
	char *url;
	bool held;
	struct waiter *head, *tail;
	size_t queued;              /* waiters between head and tail */
};

static pthread_mutex_t gates_mu = PTHREAD_MUTEX_INITIALIZER;  /* guards everything below */
static struct db_gate gates[MAX_GATES];
static size_t ngates;

struct db_gate *db_gate_for(const char *url)
{
	/* PACTE_WRITE_GATE=0: no gate, the writers meet at the lock as they did
	 * before it (for measuring one beside the other). */
	const char *off = getenv("PACTE_WRITE_GATE");
	if (!url || !*url || strstr(url, ":memory:") || strstr(url, "mode=memory") ||
	    (off && strcmp(off, "0") == 0))
		return NULL;
	struct db_gate *g = NULL;
	pthread_mutex_lock(&gates_mu);
	for (size_t i = 0; i < ngates && !g; i++)
		if (strcmp(gates[i].url, url) == 0)
			g = &gates[i];
	if (!g && ngates < MAX_GATES) {
		g = &gates[ngates++];
		g->url = xstrdup(url);
	}
	pthread_mutex_unlock(&gates_mu);
	return g;   /* NULL past MAX_GATES: that database's writers meet at the lock */
}

static void deadline_after(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Removes w from g's queue (w timed out before it was granted). */
static void unlink_waiter(struct db_gate *g, struct waiter *w)
{
	struct waiter **p = &g->head, *prev = NULL;
	while (*p && *p != w) {
		prev = *p;
		p = &(*p)->next;
	}
	if (!*p)
		return;
	*p = w->next;
	if (g->tail == w)
		g->tail = prev;
	g->queued--;
}

int db_gate_enter(struct db_gate *g, int timeout_ms)
{
	pthread_mutex_lock(&gates_mu);
	if (!g->held && !g->head) {
		g->held = true;
		pthread_mutex_unlock(&gates_mu);
		return 0;
	}
	struct waiter w = {.next = NULL, .granted = false};
	pthread_cond_init(&w.cond, NULL);
	if (g->tail)
		g->tail->next = &w;
	else
		g->head = &w;
	g->tail = &w;
	g->queued++;
	struct timespec deadline;
	deadline_after(&deadline, timeout_ms);
	int rc = 0;
	while (!w.granted && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&w.cond, &gates_mu, &deadline);
	if (!w.granted)
		unlink_waiter(g, &w);
	pthread_mutex_unlock(&gates_mu);
	pthread_cond_destroy(&w.cond);
	return w.granted ? 0 : -1;
}

void db_gate_leave(struct db_gate *g)
{
	pthread_mutex_lock(&gates_mu);
	struct waiter *w = g->head;
	if (w) {
		/* Handed over: the gate stays held, by the next in line. */
		g->head = w->next;
		if (!g->head)
			g->tail = NULL;
		g->queued--;
		w->granted = true;
		pthread_cond_signal(&w->cond);
	} else {
		g->held = false;
	}
	pthread_mutex_unlock(&gates_mu);
}

size_t db_gate_queued(struct db_gate *g)
{
	pthread_mutex_lock(&gates_mu);
	size_t n = g ? g->queued : 0;
	pthread_mutex_unlock(&gates_mu);
	return n;
}
