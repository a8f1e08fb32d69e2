/* ui_system.c — /healthz, /metrics and /static/{name}. */
#include <string.h>
#include <time.h>

#include "auth.h"
#include "cache.h"
#include "db.h"
#include "embed.h"
#include "i18n.h"
#include "metrics.h"
#include "server.h"
#include "ui_system.h"
#include "util.h"

/* Liveness: the process answers. It asks the database nothing (a load
 * balancer must not restart a node for its database's outage); "database"
 * says how the node last found it (db_pool_report). */
void ui_system_healthz(struct request *req, struct page *page)
{
	/* Load balancers and monitors ask without saying what they accept:
	 * they get JSON; a browser asking for HTML gets the page. */
	if (!req->accept || !strstr(req->accept, "text/html"))
		req->format = FORMAT_JSON;
	struct db_pool_health h;
	db_pool_health(req->app->pool, &h);
	page_set(page, "healthz",
	         json_pack("{s:s, s:s, s:b, s:b}", "status", "ok",
	                   "database", h.down ? "unavailable" : "ok", "healthy", 1,
	                   "database_ok", !h.down),
	         tr(req->locale, "Service status"));
	page->no_cache = true;
}

/* The longest /readyz lets the database take to answer before the node
 * counts as not ready: slower than this, a load balancer should send its
 * readers elsewhere. */
#define READY_BOUND_MS 2000

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Readiness: the database answers (within READY_BOUND_MS) and every
 * embedded migration has run on it. 200 or 503; the connection is the
 * pool's, asked here rather than by the server (ROUTE_NO_DB), so that
 * an outage is this page's answer, not an error page. */
void ui_system_readyz(struct request *req, struct page *page)
{
	if (!req->accept || !strstr(req->accept, "text/html"))
		req->format = FORMAT_JSON;
	int64_t start = monotonic_ms();
	struct db *db = db_pool_get(req->app->pool);
	int64_t one = 0;
	bool answers = db && db_scalar_int(db, &one, 0, "SELECT 1", NO_ARGS) == 0 && one == 1;
	int pending = answers ? db_migrations_pending(db) : -1;
	int64_t ms = monotonic_ms() - start;
	db_pool_report(req->app->pool, db);
	const char *database = !answers || pending < 0 ? "unavailable"
	                       : ms > READY_BOUND_MS ? "slow" : "ok";
	bool ready = strcmp(database, "ok") == 0 && pending == 0;
	page_set(page, "healthz",
	         json_pack("{s:s, s:s, s:i, s:I, s:b, s:b}", "status", ready ? "ready" : "unavailable",
	                   "database", database, "migrations_pending", pending,
	                   "ms", (json_int_t)ms, "healthy", ready, "database_ok",
	                   strcmp(database, "ok") == 0),
	         tr(req->locale, "Service status"));
	page->status = ready ? 200 : 503;
	page->no_cache = true;
}

/* What the database layer counts about outages: failed calls by kind, and
 * the node's view of its database (db_pool_health). */
static void database_gauges(const struct app *app, struct buf *out)
{
	uint64_t counts[DB_FAILURE_KINDS];
	db_failure_counts(counts);
	buf_puts(out, "# HELP pacte_database_errors_total Failed database calls, by kind "
	         "(other: a bug; the rest: an outage).\n"
	         "# TYPE pacte_database_errors_total counter\n");
	for (int k = 0; k < DB_FAILURE_KINDS; k++)
		buf_printf(out, "pacte_database_errors_total{kind=\"%s\"} %llu\n",
		           db_failure_name((enum db_failure)k), (unsigned long long)counts[k]);
	struct db_pool_health h;
	db_pool_health(app->pool, &h);
	buf_printf(out, "# HELP pacte_database_up Whether the database answered the last "
	           "request that asked it (1) or not (0).\n# TYPE pacte_database_up gauge\n"
	           "pacte_database_up %d\n"
	           "# HELP pacte_database_outages_total Times the database became unavailable.\n"
	           "# TYPE pacte_database_outages_total counter\npacte_database_outages_total %llu\n"
	           "# HELP pacte_database_unavailable_seconds_total Time the database was "
	           "unavailable, the current outage included.\n"
	           "# TYPE pacte_database_unavailable_seconds_total counter\n"
	           "pacte_database_unavailable_seconds_total %.3f\n",
	           h.down ? 0 : 1, (unsigned long long)h.outages, h.down_seconds);
	buf_printf(out, "# HELP pacte_database_listening Whether the data version is known in "
	           "memory from the commits' notifications (1; PostgreSQL) or asked on every "
	           "request (0).\n# TYPE pacte_database_listening gauge\n"
	           "pacte_database_listening %d\n"
	           "# HELP pacte_database_listener_losses_total Times the commit listener lost "
	           "its connection.\n# TYPE pacte_database_listener_losses_total counter\n"
	           "pacte_database_listener_losses_total %llu\n",
	           h.listening ? 1 : 0, (unsigned long long)h.listener_losses);
}

/* Where write transactions spend their time (db_write_stats; issue 19,
 * item 6): divided by the count, each phase's mean per write. */
static void write_counters(struct buf *out)
{
	struct db_write_stats w;
	db_write_stats(&w);
	buf_printf(out, "# HELP pacte_write_transactions_total Write transactions, by how they "
	           "ended.\n# TYPE pacte_write_transactions_total counter\n"
	           "pacte_write_transactions_total{end=\"commit\"} %llu\n"
	           "pacte_write_transactions_total{end=\"rollback\"} %llu\n"
	           "# HELP pacte_write_seconds_total Time write transactions spent, by phase "
	           "(lock_wait: taking the writer lock; body: the statements; commit: the "
	           "durable commit; after_commit: the lock released, SQLite's checkpoints).\n# TYPE pacte_write_seconds_total counter\n"
	           "pacte_write_seconds_total{phase=\"lock_wait\"} %.6f\n"
	           "pacte_write_seconds_total{phase=\"body\"} %.6f\n"
	           "pacte_write_seconds_total{phase=\"commit\"} %.6f\n"
	           "pacte_write_seconds_total{phase=\"after_commit\"} %.6f\n"
	           "# HELP pacte_write_lock_wait_max_seconds The longest wait for the writer lock.\n"
	           "# TYPE pacte_write_lock_wait_max_seconds gauge\n"
	           "pacte_write_lock_wait_max_seconds %.6f\n"
	           "# HELP pacte_write_commit_max_seconds The longest commit.\n"
	           "# TYPE pacte_write_commit_max_seconds gauge\n"
	           "pacte_write_commit_max_seconds %.6f\n",
	           (unsigned long long)w.committed, (unsigned long long)w.rolled_back,
	           (double)w.lock_wait_us / 1e6, (double)w.body_us / 1e6,
	           (double)w.commit_us / 1e6, (double)w.after_us / 1e6,
	           (double)w.lock_wait_max_us / 1e6,
	           (double)w.commit_max_us / 1e6);
}

/* Gauges of the memory held by design: the page cache (its budget is
 * fixed) and what the database connections keep (db_pool_cache_bytes).
 * The soak test subtracts them to tell a leak from a cache filling up. */
static void memory_gauges(const struct app *app, struct buf *out)
{
	size_t entries = 0, bytes = 0, last_entries = 0, last_bytes = 0;
	cache_stats(app->cache, &entries, &bytes);
	if (app->last)
		cache_stats(app->last, &last_entries, &last_bytes);
	buf_printf(out, "# HELP pacte_last_pages_bytes Bytes held by the pages' last renderings "
	           "kept for an outage (those also in the page cache counted in both).\n"
	           "# TYPE pacte_last_pages_bytes gauge\npacte_last_pages_bytes %zu\n"
	           "# HELP pacte_last_pages_budget_bytes The most bytes the last renderings may "
	           "hold.\n# TYPE pacte_last_pages_budget_bytes gauge\n"
	           "pacte_last_pages_budget_bytes %zu\n", last_bytes,
	           app->last ? cache_budget(app->last) : 0);
	buf_printf(out, "# HELP pacte_page_cache_budget_bytes The most bytes the page cache may "
	           "hold (pages kept gzipped: compressed bytes).\n"
	           "# TYPE pacte_page_cache_budget_bytes gauge\npacte_page_cache_budget_bytes %zu\n",
	           cache_budget(app->cache));
	buf_printf(out, "# HELP pacte_page_cache_bytes Bytes held by the page cache.\n"
	           "# TYPE pacte_page_cache_bytes gauge\npacte_page_cache_bytes %zu\n"
	           "# HELP pacte_page_cache_entries Answers held by the page cache.\n"
	           "# TYPE pacte_page_cache_entries gauge\npacte_page_cache_entries %zu\n"
	           "# HELP pacte_database_cache_bytes Bytes held by the database connections "
	           "(page caches, prepared statements, schema).\n# TYPE pacte_database_cache_bytes gauge\n"
	           "pacte_database_cache_bytes %zu\n", bytes, entries,
	           db_pool_cache_bytes(app->pool));
	buf_printf(out, "# HELP pacte_process_own_bytes The process's own resident memory "
	           "(anonymous pages; mapped files such as the database not counted).\n"
	           "# TYPE pacte_process_own_bytes gauge\npacte_process_own_bytes %zu\n",
	           process_anon_bytes());
}

/* The password hashes' gate (auth_hashing): its width is the budget of
 * Argon2id's 64 MiB blocks held at once. */
static void hashing_gauges(struct buf *out)
{
	struct auth_hashing h = auth_hashing();
	buf_printf(out, "# HELP pacte_password_hash_width Password hashes allowed to run at once.\n"
	           "# TYPE pacte_password_hash_width gauge\npacte_password_hash_width %u\n"
	           "# HELP pacte_password_hash_running Password hashes running now.\n"
	           "# TYPE pacte_password_hash_running gauge\npacte_password_hash_running %u\n"
	           "# HELP pacte_password_hash_waiting Password hashes waiting for their turn.\n"
	           "# TYPE pacte_password_hash_waiting gauge\npacte_password_hash_waiting %u\n"
	           "# HELP pacte_password_hash_peak The most password hashes that ran at once.\n"
	           "# TYPE pacte_password_hash_peak gauge\npacte_password_hash_peak %u\n",
	           h.width, h.running, h.waiting, h.peak);
}

void ui_system_metrics(struct request *req, struct page *page)
{
	metrics_render(req->app->metrics, &page->raw);
	memory_gauges(req->app, &page->raw);
	hashing_gauges(&page->raw);
	database_gauges(req->app, &page->raw);
	write_counters(&page->raw);
	page->content_type = "text/plain; version=0.0.4; charset=utf-8";
	page->no_cache = true;
}

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".ico", "image/x-icon"},
};

/* Embedded files under static/; names are one path segment (the router
 * guarantees it), so nothing outside static/ can be reached. */
void ui_system_static(struct request *req, struct page *page)
{
	const char *name = req_param(req, 0);
	const char *dot = strrchr(name, '.');
	const char *type = NULL;
	for (size_t i = 0; dot && i < ARRAY_LEN(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			type = types[i].type;
	const struct embed_file *f =
		type ? embed_find(arena_printf(&req->arena, "static/%s", name)) : NULL;
	if (!f) {
		page_error(req, page, 404, "Not found", NULL);
		return;
	}
	buf_append(&page->raw, f->data, f->len);
	page->content_type = type;
	page->cache_control = "public, max-age=86400";
}
