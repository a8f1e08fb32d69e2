/* cache.c — a bounded, reference-counted, thread-safe hash map of answers.
 *
 * One mutex guards the table: lookups are a hash and a short chain walk,
 * far cheaper than the rendering they save, and this machine has two cores.
 * Insertion order is kept in a FIFO list for eviction. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "util.h"

#define NBUCKETS 4096

struct cache_item {
	struct cache_item *chain;            /* next in the bucket */
	struct cache_item *older, *newer;    /* FIFO list */
	atomic_int refs;
	char *key;
	char *etag;
	uint64_t hash;
	void *value;
	size_t cost;
	void (*destroy)(void *value);
};

struct cache {
	pthread_mutex_t lock;
	struct cache_item *buckets[NBUCKETS];
	struct cache_item *oldest, *newest;
	size_t entries, bytes, max_bytes;
	int64_t generation;
};

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct cache *cache_new(size_t max_bytes)
{
	struct cache *c = xcalloc(1, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	c->generation = -1;
	return c;
}

void cache_item_release(struct cache_item *item)
{
	if (!item)
		return;
	int refs = atomic_fetch_sub(&item->refs, 1);
	assert(refs > 0); /* released more often than it was taken */
	if (refs != 1)
		return;
	item->destroy(item->value);
	free(item->key);
	free(item->etag);
	free(item);
}

/* Unlinks item from the table and the FIFO; the caller holds the lock and
 * then drops the table's reference. */
static void unlink_item(struct cache *c, struct cache_item *item)
{
	struct cache_item **pp = &c->buckets[item->hash % NBUCKETS];
	while (*pp != item)
		pp = &(*pp)->chain;
	*pp = item->chain;
	if (item->older)
		item->older->newer = item->newer;
	else
		c->oldest = item->newer;
	if (item->newer)
		item->newer->older = item->older;
	else
		c->newest = item->older;
	assert(c->entries > 0 && c->bytes >= item->cost);
	c->entries--;
	c->bytes -= item->cost;
}

/* Empties the table; returns the list of items to release outside the lock. */
static struct cache_item *take_all(struct cache *c)
{
	struct cache_item *list = c->oldest;
	memset(c->buckets, 0, sizeof c->buckets);
	c->oldest = c->newest = NULL;
	c->entries = c->bytes = 0;
	return list;
}

static void release_list(struct cache_item *item)
{
	while (item) {
		struct cache_item *next = item->newer;
		cache_item_release(item);
		item = next;
	}
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	release_list(take_all(c));
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void cache_set_generation(struct cache *c, int64_t generation)
{
	struct cache_item *dropped = NULL;
	pthread_mutex_lock(&c->lock);
	if (c->generation != generation) {
		dropped = take_all(c);
		c->generation = generation;
	}
	pthread_mutex_unlock(&c->lock);
	release_list(dropped);
}

int64_t cache_generation(struct cache *c)
{
	pthread_mutex_lock(&c->lock);
	int64_t g = c->generation;
	pthread_mutex_unlock(&c->lock);
	return g;
}

struct cache_item *cache_get(struct cache *c, const char *key)
{
	uint64_t h = hash_key(key);
	pthread_mutex_lock(&c->lock);
	struct cache_item *item = c->buckets[h % NBUCKETS];
	while (item && (item->hash != h || strcmp(item->key, key) != 0))
		item = item->chain;
	if (item)
		atomic_fetch_add(&item->refs, 1);
	pthread_mutex_unlock(&c->lock);
	return item;
}

void *cache_item_value(const struct cache_item *item)
{
	return item->value;
}

const char *cache_item_etag(const struct cache_item *item)
{
	return item->etag;
}

/* cache_put and cache_replace: when key is present, the new value is
 * dropped (put) or takes the old one's place (replace). */
static void store(struct cache *c, const char *key, const char *etag, void *value, size_t cost,
                  void (*destroy)(void *value), bool replace)
{
	if (cost > c->max_bytes / 4) {   /* one huge answer must not flush the rest */
		destroy(value);
		return;
	}
	struct cache_item *item = xcalloc(1, sizeof *item);
	item->key = xstrdup(key);
	item->etag = xstrdup(etag ? etag : "");
	item->hash = hash_key(key);
	item->value = value;
	item->cost = cost;
	item->destroy = destroy;
	atomic_init(&item->refs, 1);

	struct cache_item *evicted = NULL, **tail = &evicted;
	pthread_mutex_lock(&c->lock);
	struct cache_item *old = c->buckets[item->hash % NBUCKETS];
	while (old && (old->hash != item->hash || strcmp(old->key, key) != 0))
		old = old->chain;
	if (old && !replace) {
		pthread_mutex_unlock(&c->lock);
		cache_item_release(item);
		return;
	}
	if (old) {
		unlink_item(c, old);
		old->newer = NULL;
		*tail = old;
		tail = &old->newer;
	}
	while (c->oldest && c->bytes + cost > c->max_bytes) {
		struct cache_item *victim = c->oldest;
		unlink_item(c, victim);
		victim->newer = NULL;
		*tail = victim;
		tail = &victim->newer;
	}
	item->chain = c->buckets[item->hash % NBUCKETS];
	c->buckets[item->hash % NBUCKETS] = item;
	item->older = c->newest;
	if (c->newest)
		c->newest->newer = item;
	else
		c->oldest = item;
	c->newest = item;
	c->entries++;
	c->bytes += cost;
	pthread_mutex_unlock(&c->lock);
	release_list(evicted);
}

void cache_put(struct cache *c, const char *key, const char *etag, void *value, size_t cost,
               void (*destroy)(void *value))
{
	store(c, key, etag, value, cost, destroy, false);
}

void cache_replace(struct cache *c, const char *key, const char *etag, void *value, size_t cost,
                   void (*destroy)(void *value))
{
	store(c, key, etag, value, cost, destroy, true);
}

size_t cache_budget(const struct cache *c)
{
	return c->max_bytes;   /* set once by cache_new */
}

void cache_stats(struct cache *c, size_t *entries, size_t *bytes)
{
	pthread_mutex_lock(&c->lock);
	*entries = c->entries;
	*bytes = c->bytes;
	pthread_mutex_unlock(&c->lock);
}
