/* routes.c — the route table: every URL of the site, its handler and flags.
 *
 * Each pattern also answers under /api/v1 with the page's model as JSON,
 * unless the route says ROUTE_NO_API. Handlers live one file per noun. */
#include <stdio.h>

#include "countries.h"
#include "db.h"
#include "home.h"
#include "i18n.h"
#include "objectives.h"
#include "principles.h"
#include "regions.h"
#include "routes.h"
#include "system.h"
#include "util.h"

#define GET (HTTP_GET | HTTP_HEAD)

const struct route web_routes[] = {
	{GET, "/", home_show, 0},
	{GET, "/objectives", objectives_index, 0},
	{GET, "/objectives/{n}", objectives_show, 0},
	{GET, "/principles", principles_index, 0},
	{GET, "/principles/{slug}", principles_show, 0},
	{GET, "/countries", countries_index, 0},
	{GET, "/countries/{iso3}", countries_show, 0},
	{GET, "/regions/{m49}", regions_show, 0},
	{GET, "/healthz", system_healthz, ROUTE_NO_CACHE},
	{GET, "/metrics", system_metrics, ROUTE_NO_CACHE | ROUTE_NO_API},
	{GET, "/static/{name}", system_static, ROUTE_NO_API},
};

const size_t web_routes_len = ARRAY_LEN(web_routes);

void web_db_error(struct request *req, struct page *page)
{
	fprintf(stderr, "pacte: %s %s: database error: %s\n", req->method_name, req->path,
	        req->db ? db_errmsg(req->db) : "no connection");
	page_error(req, page, 500, "Database error",
	           tr(req->locale, "The page could not be read from the database. Please try again in a moment."));
}

void web_not_found(struct request *req, struct page *page, const char *detail_msgid)
{
	page_error(req, page, 404, "Not found", tr(req->locale, detail_msgid));
}
