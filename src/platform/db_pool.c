/* db_pool.c — the per-thread connection pool of db.h (db_pool_*).
 *
 * Each thread's connection hangs off a pthread key, so the hot path is one
 * pthread_getspecific. The connections are also kept in a list, because a
 * key's destructor runs only when a thread exits: the main thread's and any
 * still-running thread's are closed by db_pool_free.
 *
 * A thread whose connection cannot be opened keeps its slot without one
 * (db NULL) and tries again after a backoff; a PostgreSQL connection the
 * server dropped reconnects in its backend with the same backoff
 * (db_pg.c). The pool also keeps the node's view of the database, from
 * what requests report (db_pool_report): /readyz and /metrics read it.
 *
 * Where the backend can listen for commits (PostgreSQL), the pool runs one
 * listener (db_pg_listen.c) and tells its connections of its watch, so
 * that the data version is known in memory (db_pool_data_version). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "db_backend.h"
#include "util.h"

struct pool_conn {
	struct db *db;                  /* NULL: not open now, next try at retry_at_us */
	struct db_pool *pool;
	struct pool_conn *prev, *next;
	_Atomic size_t cache_bytes;     /* written by its thread, read by /metrics */
	unsigned uses;                  /* by its thread */
	int64_t retry_at_us;            /* by its thread */
	int backoff_ms;                 /* by its thread; 0 after a success */
	int64_t reopen_at_us;           /* by its thread: no reopening before then */
};

/* How often a thread measures its connection for /metrics: asking SQLite
 * walks every prepared statement, too much for every request. */
#define MEASURE_EVERY 64

struct db_pool {
	char *url;
	pthread_key_t key;
	pthread_mutex_t lock;
	struct pool_conn *conns;
	_Atomic int64_t down_since_us;  /* 0 while the database is seen up */
	_Atomic int64_t down_total_us;  /* past outages, added when each ends */
	_Atomic uint64_t outages;
	struct db_watch watch;          /* the data version in memory (db_backend.h) */
	const struct db_ops *ops;
	struct db_listener *listener;   /* NULL where the backend has none */
};

static void pool_unlink(struct db_pool *pool, struct pool_conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		pool->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

/* The key's destructor: the thread owning c is exiting. */
static void pool_conn_free(void *p)
{
	struct pool_conn *c = p;
	pthread_mutex_lock(&c->pool->lock);
	pool_unlink(c->pool, c);
	pthread_mutex_unlock(&c->pool->lock);
	db_close(c->db);
	free(c);
}

struct db_pool *db_pool_open(const char *url, char *err, size_t errlen)
{
	struct db *db = db_open(url, err, errlen);
	if (!db)
		return NULL;
	const struct db_ops *ops = db->ops;
	db_close(db);
	struct db_pool *pool = xcalloc(1, sizeof(*pool));
	pool->ops = ops;
	if (pthread_key_create(&pool->key, pool_conn_free) != 0) {
		put_err(err, errlen, "database pool: out of thread-specific keys");
		free(pool);
		return NULL;
	}
	pthread_mutex_init(&pool->lock, NULL);
	pool->url = xstrdup(url);
	return pool;
}

void db_pool_listen(struct db_pool *pool)
{
	if (pool->ops->listen && !pool->listener)
		pool->listener = pool->ops->listen(pool->url, &pool->watch);
}

int64_t db_pool_data_version(struct db_pool *pool, struct db *db)
{
	if (atomic_load(&pool->watch.live))
		return atomic_load(&pool->watch.version);
	return db ? db_data_version(db) : -1;
}

/* This thread's slot, made on first use; NULL if it cannot be attached. */
static struct pool_conn *pool_slot(struct db_pool *pool)
{
	struct pool_conn *c = pthread_getspecific(pool->key);
	if (c)
		return c;
	c = xcalloc(1, sizeof(*c));
	c->pool = pool;
	pthread_mutex_lock(&pool->lock);
	c->next = pool->conns;
	if (c->next)
		c->next->prev = c;
	pool->conns = c;
	pthread_mutex_unlock(&pool->lock);
	if (pthread_setspecific(pool->key, c) != 0) {
		pool_conn_free(c);
		fprintf(stderr, "pacte: database: cannot attach a connection to this thread\n");
		return NULL;
	}
	return c;
}

/* Opens the slot's connection unless its backoff is still running.
 * Returns the connection or NULL (logged, counted, backoff lengthened). */
static struct db *pool_connect(struct pool_conn *c)
{
	int64_t now = db_now_us();
	if (c->retry_at_us && now < c->retry_at_us)
		return NULL;
	char err[512];
	c->db = db_open(c->pool->url, err, sizeof(err));
	if (!c->db) {
		db_count_failure(DB_FAIL_UNREACHABLE);
		c->backoff_ms = db_backoff_next(c->backoff_ms);
		c->retry_at_us = now + (int64_t)c->backoff_ms * 1000;
		fprintf(stderr, "pacte: database: %s (next attempt in %d ms)\n", err, c->backoff_ms);
		return NULL;
	}
	c->backoff_ms = 0;
	c->retry_at_us = 0;
	if (c->pool->listener)
		c->db->watch = &c->pool->watch;
	return c->db;
}

struct db *db_pool_get(struct db_pool *pool)
{
	struct pool_conn *c = pool_slot(pool);
	if (!c)
		return NULL;
	/* A connection that must be opened again (db_backend.h) is, at most
	 * every DB_RETRY_MAX_MS; until then it still serves what it can. */
	if (c->db && c->db->reopen && db_now_us() >= c->reopen_at_us) {
		db_close(c->db);
		c->db = NULL;
		c->reopen_at_us = db_now_us() + (int64_t)DB_RETRY_MAX_MS * 1000;
	}
	if (!c->db && !pool_connect(c))
		return NULL;
	struct db *db = c->db;
	db->errmsg[0] = '\0';
	db->retryable = false;
	db->failure = DB_FAIL_OTHER;
	db->answered = false;
	db->commit_unknown = false;
	/* Only this thread may ask its connection; others read the copy. */
	if (db->ops->cache_bytes && c->uses++ % MEASURE_EVERY == 0)
		atomic_store(&c->cache_bytes, db->ops->cache_bytes(db));
	return db;
}

void db_pool_report(struct db_pool *pool, struct db *db)
{
	int64_t since = atomic_load(&pool->down_since_us);
	/* Logged once per outage, at each end: the requests that met it are
	 * in the access log, 503 or served stale. */
	if (!db || db_unavailable(db)) {
		if (since == 0 && atomic_compare_exchange_strong(&pool->down_since_us, &since,
		                                                 db_now_us())) {
			atomic_fetch_add(&pool->outages, 1);
			fprintf(stderr, "pacte: database unavailable (%s): %s\n",
			        db ? db_failure_name(db_failure(db)) : "unreachable",
			        db ? db_errmsg(db) : "no connection");
		}
		return;
	}
	if (since != 0 && db->answered &&
	    atomic_compare_exchange_strong(&pool->down_since_us, &since, 0)) {
		int64_t down = db_now_us() - since;
		atomic_fetch_add(&pool->down_total_us, down);
		fprintf(stderr, "pacte: database available again after %.3f s\n", (double)down / 1e6);
	}
}

void db_pool_health(struct db_pool *pool, struct db_pool_health *out)
{
	int64_t since = atomic_load(&pool->down_since_us);
	int64_t total = atomic_load(&pool->down_total_us);
	if (since)
		total += db_now_us() - since;
	out->down = since != 0;
	out->outages = atomic_load(&pool->outages);
	out->down_seconds = (double)total / 1e6;
	out->listening = atomic_load(&pool->watch.live);
	out->listener_losses = atomic_load(&pool->watch.reconnects);
}

size_t db_pool_cache_bytes(struct db_pool *pool)
{
	size_t sum = 0;
	pthread_mutex_lock(&pool->lock);
	for (struct pool_conn *c = pool->conns; c; c = c->next)
		sum += atomic_load(&c->cache_bytes);
	pthread_mutex_unlock(&pool->lock);
	return sum;
}

/* Call once the worker threads have stopped: a thread exiting during
 * db_pool_free would run its destructor on a pool being freed. */
void db_pool_free(struct db_pool *pool)
{
	if (!pool)
		return;
	if (pool->listener)
		pool->ops->unlisten(pool->listener);
	/* This thread may hold a connection too; detach it so nothing points at
	 * it after the key is gone. */
	pthread_setspecific(pool->key, NULL);
	pthread_key_delete(pool->key);
	struct pool_conn *c = pool->conns;
	while (c) {
		struct pool_conn *next = c->next;
		db_close(c->db);
		free(c);
		c = next;
	}
	pthread_mutex_destroy(&pool->lock);
	free(pool->url);
	free(pool);
}
