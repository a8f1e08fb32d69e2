/* cache.h — the page cache (DESIGN.md principle 8): finished answers to
 * anonymous requests, kept in memory and shared by all worker threads.
 *
 * Keys are built by the server from everything an answer depends on
 * (format, locale, encoding, path, query, data version). The cache holds a
 * generation — the database's data version — and drops every entry when a
 * request observes a newer one, so a committed write is visible on the
 * next request and stale answers never pile up. Values are opaque to the
 * cache (the server stores libmicrohttpd responses) and reference-counted:
 * an entry evicted while a thread is still sending it stays alive until
 * that thread releases it. Memory is bounded by a byte budget; past it the
 * oldest entries go first. */
#ifndef PACTE_CACHE_H
#define PACTE_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct cache;
struct cache_item;

/* A cache holding at most max_bytes of values (by the cost given to put). */
struct cache *cache_new(size_t max_bytes);
void cache_free(struct cache *c);

/* Drops every entry if generation differs from the cache's, then adopts it. */
void cache_set_generation(struct cache *c, int64_t generation);

/* The generation adopted last (-1 before any): what the server keys the
 * answers of routes that read no database (static files) with. */
int64_t cache_generation(struct cache *c);

/* The item stored under key with one more reference (release it with
 * cache_item_release), or NULL. */
struct cache_item *cache_get(struct cache *c, const char *key);
void *cache_item_value(const struct cache_item *item);
const char *cache_item_etag(const struct cache_item *item);
void cache_item_release(struct cache_item *item);

/* Stores value under key unless the key is already present (then value is
 * destroyed). `destroy` frees the value when its last reference goes. */
void cache_put(struct cache *c, const char *key, const char *etag, void *value, size_t cost,
               void (*destroy)(void *value));

/* The same, but a value already under key is replaced (released) and the
 * key becomes the newest entry. */
void cache_replace(struct cache *c, const char *key, const char *etag, void *value,
                   size_t cost, void (*destroy)(void *value));

/* Entries and bytes held now (for /metrics). */
void cache_stats(struct cache *c, size_t *entries, size_t *bytes);
/* The most bytes it holds (cache_new's max_bytes), for /metrics. */
size_t cache_budget(const struct cache *c);

#endif
