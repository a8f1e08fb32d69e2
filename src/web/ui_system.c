/* ui_system.c — /healthz, /metrics and /static/{name}. */
#include <string.h>

#include "auth.h"
#include "cache.h"
#include "db.h"
#include "embed.h"
#include "i18n.h"
#include "metrics.h"
#include "server.h"
#include "ui_system.h"
#include "util.h"

/* Healthy when the database answers; a load balancer reads the status. */
void ui_system_healthz(struct request *req, struct page *page)
{
	/* Load balancers and monitors ask without saying what they accept:
	 * they get JSON; a browser asking for HTML gets the page. */
	if (!req->accept || !strstr(req->accept, "text/html"))
		req->format = FORMAT_JSON;
	int64_t one = 0;
	bool ok = db_scalar_int(req->db, &one, 0, "SELECT 1", NO_ARGS) == 0 && one == 1;
	page_set(page, "healthz",
	         json_pack("{s:s, s:s, s:b}", "status", ok ? "ok" : "unavailable",
	                   "database", ok ? "ok" : "unavailable", "healthy", ok),
	         tr(req->locale, "Service status"));
	page->status = ok ? 200 : 503;
	page->no_cache = true;
}

/* Gauges of the memory held by design: the page cache (its budget is
 * fixed) and what the database connections keep (db_pool_cache_bytes).
 * The soak test subtracts them to tell a leak from a cache filling up. */
static void memory_gauges(const struct app *app, struct buf *out)
{
	size_t entries = 0, bytes = 0;
	cache_stats(app->cache, &entries, &bytes);
	buf_printf(out, "# HELP pacte_page_cache_bytes Bytes held by the page cache.\n"
	           "# TYPE pacte_page_cache_bytes gauge\npacte_page_cache_bytes %zu\n"
	           "# HELP pacte_page_cache_entries Answers held by the page cache.\n"
	           "# TYPE pacte_page_cache_entries gauge\npacte_page_cache_entries %zu\n"
	           "# HELP pacte_database_cache_bytes Bytes held by the database connections "
	           "(page caches, prepared statements, schema).\n# TYPE pacte_database_cache_bytes gauge\n"
	           "pacte_database_cache_bytes %zu\n", bytes, entries,
	           db_pool_cache_bytes(app->pool));
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
