/* web.c — what every page handler shares: the answers to a database
 * error and to a missing object, and messages with arguments (web.h). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "form.h"
#include "i18n.h"
#include "validate.h"
#include "web.h"

void web_db_error(struct request *req, struct page *page)
{
	/* An outage is no bug: 503, and the pool logs it once (db_pool_report)
	 * rather than every request that meets it. */
	if (!req->db || db_unavailable(req->db)) {
		page_unavailable(req, page);
		return;
	}
	fprintf(stderr, "pacte: %s %s: database error: %s\n", req->method_name, req->path,
	        req->db ? db_errmsg(req->db) : "no connection");
	page_error(req, page, 500, "Database error",
	           tr(req->locale, "The page could not be read from the database. Please try again in a moment."));
}

void web_not_found(struct request *req, struct page *page, const char *detail_msgid)
{
	page_error(req, page, 404, "Not found", tr(req->locale, detail_msgid));
}

void web_bad_query(struct request *req, struct page *page, json_t *errors)
{
	const char *title = tr(req->locale, "The filters are not valid");
	json_t *model = json_pack("{s:i, s:s}", "status", 400, "title", title);
	page_refuse(req, page, 400, "error", model, NULL, errors, title);
}

const char *web_format(struct request *req, const char *msgid, const json_t *args)
{
	char *m = valid_format(req->locale, msgid, args);
	const char *text = arena_strdup(&req->arena, m);
	free(m);
	return text;
}

const char *web_format_n(struct request *req, const char *singular, const char *plural,
                         int64_t n)
{
	char *m = valid_format_n(req->locale, singular, plural, n);
	const char *text = arena_strdup(&req->arena, m);
	free(m);
	return text;
}

const char *web_format_int(struct request *req, const char *msgid, const char *name,
                           int64_t value)
{
	json_t *args = json_pack("{s:I}", name, (json_int_t)value);
	const char *text = web_format(req, msgid, args);
	json_decref(args);
	return text;
}

/* A Host header a link may carry: a name or address and a port, nothing
 * else (no '/', '@', quotes or spaces). */
static bool host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;
	if (n == 0 || n > 255)
		return false;
	for (; *h; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') || (*h >= '0' && *h <= '9') ||
		      *h == '.' || *h == '-' || *h == ':' || *h == '[' || *h == ']'))
			return false;
	return true;
}

/* The one value of the web layer set after start: once, by the first
 * request that can (web_base_url), never changed afterwards. */
static _Atomic(char *) first_base;

const char *web_base_url(struct request *req)
{
	if (req->app->base_url)
		return req->app->base_url;
	char *seen = atomic_load(&first_base);
	if (seen || !host_ok(req->host))
		return seen ? seen : "";
	size_t n = strlen(req->host) + 16;
	char *mine = malloc(n);
	if (!mine)
		return "";
	snprintf(mine, n, "%s://%s", req->secure ? "https" : "http", req->host);
	char *expected = NULL;
	if (!atomic_compare_exchange_strong(&first_base, &expected, mine)) {
		free(mine);     /* another request was first */
		return expected;
	}
	return mine;
}
