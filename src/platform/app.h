/* app.h — struct app: the read-only, server-wide state every request sees.
 *
 * Apart from server.h so that what a request reaches through req->app (the
 * templates for the view, the cache, the route table) can be read without
 * depending on the server that fills it: view.c renders with
 * app->templates, and the server calls the view, so the two would
 * otherwise include each other. The CLI's `serve` fills one and hands it
 * to server_run. */
#ifndef PACTE_APP_H
#define PACTE_APP_H

#include <stdbool.h>
#include <stddef.h>

struct cache;
struct db_pool;
struct metrics;
struct page;
struct request;
struct route;
struct template_set;

/* Read-only after server_run starts (request.app). */
struct app {
	struct db_pool *pool;
	const struct template_set *templates;
	const char *default_lang;
	const struct route *routes;
	size_t nroutes;
	struct cache *cache;       /* thread-safe */
	struct cache *last;        /* each anonymous page's last rendering whatever the
	                            * data version, for an outage to serve stale
	                            * (server_cache.c); thread-safe; may be NULL */
	struct metrics *metrics;   /* thread-safe */
	bool secure_cookies;       /* every request came over HTTPS (request.secure) */
	bool trust_proxy;          /* believe X-Forwarded-For (the client's address) and
	                            * X-Forwarded-Proto (request.secure) */
	unsigned max_connections;  /* open connections; past 90% new requests get 503 */
	const char *db_label;      /* the database, as shown in the start-up line */
	/* The site's address as others must link to it (--base-url: Atom
	 * entries, the DCAT catalogue), "https://pacte.example" without a
	 * final '/'; NULL: from the first request's Host (web_base_url). */
	const char *base_url;
	/* Where the open-data package /data serves is published (publish.h);
	 * NULL: nothing published. */
	const char *data_dir;
	/* Whether mail is being sent (serve's --smtp-url): without it the
	 * queue is an outbox /admin/mail says is not sent (mail.h). */
	bool mail_sending;
	/* Runs after routing and before the handler for every request: finds
	 * the signed-in user and enforces the route's flags (signed in, CSRF).
	 * Returns false after setting page to the answer (a 401, 403 or a
	 * redirect to sign in). May be NULL (everyone is anonymous). */
	bool (*guard)(struct request *req, struct page *page);
};

#endif
