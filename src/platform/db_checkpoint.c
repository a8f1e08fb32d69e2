/* db_checkpoint.c — SQLite's WAL checkpoints in a thread of their own, not
 * in the request that happened to commit the thousandth page (issue 19,
 * item 6).
 *
 * A checkpoint copies the WAL's pages into the database file and syncs
 * both: tens of milliseconds on a busy disk. SQLite runs it in the
 * connection whose commit took the WAL past its threshold, so one write in
 * thirty or so (a progress update adds about thirty pages) waited for it:
 * that was the p99 of the writes on SQLite, in the floor as in the server,
 * and a server's worker thread stuck in it kept every connection pinned to
 * it waiting too. Here a commit that takes the WAL past the threshold only
 * wakes the database's checkpointer, a thread with a connection of its
 * own, which checkpoints (PASSIVE, as SQLite's own: it never blocks a
 * reader or a writer) while the writers go on.
 *
 * Durability is unchanged: a commit is in the WAL (synchronous = NORMAL
 * keeps it through a crash of the process) whenever the checkpoint runs,
 * and a checkpoint cut short by a crash is redone from the WAL. One
 * checkpointer per database file, started at its first checkpoint and
 * kept for the process's life. When it cannot run (its connection did not
 * open, or too many databases) db_checkpoint_later says so and the caller
 * checkpoints itself, as before. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db_backend.h"
#include "util.h"

#define MAX_CHECKPOINTERS 16

struct checkpointer {
	char *path;                 /* NULL: a free slot */
	int users;                  /* the process's own connections open on it */
	const struct db_checkpoint_ops *ops;
	void *conn;                 /* the backend's connection (ops->open) */
	bool running;               /* the thread runs (its connection open) */
	bool wanted;                /* a checkpoint was asked for since the last began */
	bool retire;                /* the last user closed: the thread closes and ends */
	bool broken;                /* the thread could not start: callers checkpoint */
	pthread_cond_t wake, done;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;   /* guards everything below */
static struct checkpointer checkpointers[MAX_CHECKPOINTERS];

static void *run(void *arg)
{
	struct checkpointer *c = arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		while (!c->wanted && !c->retire)
			pthread_cond_wait(&c->wake, &mu);
		if (c->retire)
			break;
		c->wanted = false;
		pthread_mutex_unlock(&mu);
		c->ops->run(c->conn);
		pthread_mutex_lock(&mu);
	}
	void *conn = c->conn;
	c->conn = NULL;
	pthread_mutex_unlock(&mu);
	c->ops->close(conn);
	pthread_mutex_lock(&mu);
	c->running = c->retire = c->wanted = false;
	pthread_cond_broadcast(&c->done);
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* Opens c's connection and starts its thread; c->broken when either
 * failed. Called with mu held. */
static void start(struct checkpointer *c, const struct db_checkpoint_ops *ops)
{
	c->ops = ops;
	c->conn = ops->open(c->path);
	if (!c->conn) {
		c->broken = true;
		return;
	}
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t th;
	c->running = pthread_create(&th, &attr, run, c) == 0;
	pthread_attr_destroy(&attr);
	if (!c->running) {
		ops->close(c->conn);
		c->conn = NULL;
		c->broken = true;
	}
}

/* The slot of path, or NULL. Called with mu held. */
static struct checkpointer *find(const char *path)
{
	for (size_t i = 0; i < MAX_CHECKPOINTERS; i++)
		if (checkpointers[i].path && strcmp(checkpointers[i].path, path) == 0)
			return &checkpointers[i];
	return NULL;
}

void db_checkpoint_attach(const char *path)
{
	if (!path || !*path)
		return;
	pthread_mutex_lock(&mu);
	struct checkpointer *c = find(path);
	for (size_t i = 0; i < MAX_CHECKPOINTERS && !c; i++)
		if (!checkpointers[i].path) {
			c = &checkpointers[i];
			c->path = xstrdup(path);
			c->broken = false;
			pthread_cond_init(&c->wake, NULL);
			pthread_cond_init(&c->done, NULL);
		}
	if (c)
		c->users++;
	pthread_mutex_unlock(&mu);
}

void db_checkpoint_detach(const char *path)
{
	if (!path || !*path)
		return;
	pthread_mutex_lock(&mu);
	struct checkpointer *c = find(path);
	if (c && --c->users <= 0) {
		/* The last connection closes after this: SQLite then checkpoints
		 * the whole WAL and removes it, as when there was no checkpointer,
		 * provided the checkpointer's own connection is closed first. */
		if (c->running) {
			c->retire = true;
			pthread_cond_signal(&c->wake);
			while (c->running)
				pthread_cond_wait(&c->done, &mu);
		}
		free(c->path);
		c->path = NULL;
		c->users = 0;
		pthread_cond_destroy(&c->wake);
		pthread_cond_destroy(&c->done);
	}
	pthread_mutex_unlock(&mu);
}

int db_checkpoint_later(const char *path, const struct db_checkpoint_ops *ops)
{
	if (!path || !*path)
		return -1;
	pthread_mutex_lock(&mu);
	struct checkpointer *c = find(path);
	if (c && !c->running && !c->broken)
		start(c, ops);
	int rc = -1;
	if (c && c->running) {
		c->wanted = true;
		pthread_cond_signal(&c->wake);
		rc = 0;
	}
	pthread_mutex_unlock(&mu);
	return rc;
}
