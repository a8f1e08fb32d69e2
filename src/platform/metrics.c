/* metrics.c — lock-free request counters rendered as Prometheus text. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "metrics.h"
#include "router.h"
#include "util.h"

/* Upper bounds of the latency buckets, in seconds (+Inf is implicit). */
static const double bucket_le[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKETS (ARRAY_LEN(bucket_le) + 1)
#define NSTATUS 600

struct route_metrics {
	_Atomic uint64_t status[NSTATUS];
	_Atomic uint64_t bucket[NBUCKETS];
	_Atomic uint64_t sum_us;
	_Atomic uint64_t count;
};

struct metrics {
	const struct route *routes;
	size_t n;
	struct route_metrics *slots;   /* n + 1: the last is "no route" */
	_Atomic uint64_t stale;        /* answers served stale (metrics_stale) */
};

struct metrics *metrics_new(const struct route *routes, size_t n)
{
	struct metrics *m = xcalloc(1, sizeof *m);
	m->routes = routes;
	m->n = n;
	m->slots = xcalloc(n + 1, sizeof *m->slots);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m);
}

void metrics_observe(struct metrics *m, const struct route *route, int status, double seconds)
{
	size_t i = route ? (size_t)(route - m->routes) : m->n;
	if (i > m->n)
		i = m->n;
	struct route_metrics *s = &m->slots[i];
	if (status < 0 || status >= NSTATUS)
		status = 0;
	atomic_fetch_add_explicit(&s->status[status], 1, memory_order_relaxed);
	size_t b = 0;
	while (b < ARRAY_LEN(bucket_le) && seconds > bucket_le[b])
		b++;
	atomic_fetch_add_explicit(&s->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&s->sum_us, (uint64_t)(seconds * 1e6), memory_order_relaxed);
	atomic_fetch_add_explicit(&s->count, 1, memory_order_relaxed);
}

void metrics_stale(struct metrics *m)
{
	atomic_fetch_add_explicit(&m->stale, 1, memory_order_relaxed);
}

static const char *label(struct metrics *m, size_t i)
{
	return i < m->n ? m->routes[i].pattern : "unmatched";
}

void metrics_render(struct metrics *m, struct buf *out)
{
	buf_printf(out, "# HELP pacte_http_stale_answers_total Pages served from the page cache, "
	           "marked stale, while the database was unavailable.\n"
	           "# TYPE pacte_http_stale_answers_total counter\npacte_http_stale_answers_total %llu\n",
	           (unsigned long long)atomic_load_explicit(&m->stale, memory_order_relaxed));
	buf_puts(out, "# HELP pacte_http_requests_total HTTP requests answered, by route and status.\n"
	              "# TYPE pacte_http_requests_total counter\n");
	for (size_t i = 0; i <= m->n; i++)
		for (int st = 0; st < NSTATUS; st++) {
			uint64_t v = atomic_load_explicit(&m->slots[i].status[st], memory_order_relaxed);
			if (v)
				buf_printf(out, "pacte_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
				           label(m, i), st, (unsigned long long)v);
		}
	buf_puts(out, "# HELP pacte_http_request_duration_seconds Time to answer, by route.\n"
	              "# TYPE pacte_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= m->n; i++) {
		struct route_metrics *s = &m->slots[i];
		uint64_t count = atomic_load_explicit(&s->count, memory_order_relaxed);
		if (!count)
			continue;
		uint64_t cumulative = 0;
		for (size_t b = 0; b < NBUCKETS; b++) {
			cumulative += atomic_load_explicit(&s->bucket[b], memory_order_relaxed);
			if (b < ARRAY_LEN(bucket_le))
				buf_printf(out, "pacte_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
				           label(m, i), bucket_le[b], (unsigned long long)cumulative);
			else
				buf_printf(out, "pacte_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
				           label(m, i), (unsigned long long)cumulative);
		}
		buf_printf(out, "pacte_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", label(m, i),
		           (double)atomic_load_explicit(&s->sum_us, memory_order_relaxed) / 1e6);
		buf_printf(out, "pacte_http_request_duration_seconds_count{route=\"%s\"} %llu\n", label(m, i),
		           (unsigned long long)count);
	}
}
