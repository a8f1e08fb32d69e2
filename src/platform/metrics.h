/* metrics.h — request counters and latency histograms, in Prometheus text.
 *
 * One slot per route (plus one for requests that matched none), counted
 * with relaxed atomics from every worker thread; /metrics renders them. */
#ifndef PACTE_METRICS_H
#define PACTE_METRICS_H

#include <stddef.h>

#include "buf.h"

struct metrics;
struct route;

/* Counters for routes[0..n); route labels are their patterns. */
struct metrics *metrics_new(const struct route *routes, size_t n);
void metrics_free(struct metrics *m);

/* Counts one answered request. `route` is NULL when nothing matched. */
void metrics_observe(struct metrics *m, const struct route *route, int status, double seconds);

/* Counts one answer served stale from the page cache while the database
 * was unavailable. */
void metrics_stale(struct metrics *m);

/* Appends the Prometheus text exposition (version 0.0.4) to out. */
void metrics_render(struct metrics *m, struct buf *out);

#endif
