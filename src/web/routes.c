/* routes.c — the route table: every URL of the site, its handler and flags.
 *
 * Each pattern also answers under /api/v1 with the page's model as JSON,
 * unless the route says ROUTE_NO_API. Handlers live one file per noun. */
#include <stdio.h>

#include "ui_account.h"
#include "actors.h"
#include "ui_admin.h"
#include "commitments.h"
#include "countries.h"
#include "db.h"
#include "feeds.h"
#include "home.h"
#include "i18n.h"
#include "objectives.h"
#include "principles.h"
#include "regions.h"
#include "routes.h"
#include "system.h"
#include "util.h"

#define GET (HTTP_GET | HTTP_HEAD)
/* A page showing a form (never cached: it carries a CSRF token) and the
 * POST that form sends. */
#define FORM (ROUTE_FORM | ROUTE_NO_CACHE)
#define WRITE (ROUTE_WRITE | ROUTE_NO_CACHE)
/* A page whose content depends on who reads it. */
#define PRIVATE (ROUTE_SIGNED_IN | ROUTE_NO_CACHE)

const struct route web_routes[] = {
	{GET, "/", home_show, 0},
	{GET, "/objectives", objectives_index, 0},
	{GET, "/objectives/{n}", objectives_show, 0},
	{GET, "/principles", principles_index, 0},
	{GET, "/principles/{slug}", principles_show, 0},
	{GET, "/countries", countries_index, 0},
	{GET, "/countries/{iso3}", countries_show, 0},
	{GET, "/regions/{m49}", regions_show, 0},
	{GET, "/actors", actors_index, 0},
	{GET, "/actors/{id}", actors_show, 0},
	/* Commitments: the literal segments (new, import) come before {id}. */
	{GET, "/commitments", commitments_page_index, 0},
	{HTTP_POST, "/commitments", commitments_page_create, PRIVATE | FORM | WRITE},
	{GET, "/commitments/new", commitments_page_new, PRIVATE | FORM},
	{HTTP_POST, "/commitments/new", commitments_page_create, PRIVATE | FORM | WRITE},
	{GET, "/commitments/import", commitments_page_import_form, PRIVATE | FORM},
	{HTTP_POST, "/commitments/import", commitments_page_import, PRIVATE | FORM | WRITE},
	{GET, "/commitments/{id}", commitments_page_show, 0},
	{GET, "/commitments/{id}/edit", commitments_page_edit, PRIVATE | FORM},
	{HTTP_POST, "/commitments/{id}/edit", commitments_page_update, PRIVATE | FORM | WRITE},
	{GET, "/commitments/{id}/progress", commitments_page_progress, PRIVATE | FORM},
	{HTTP_POST, "/commitments/{id}/progress", commitments_page_report, PRIVATE | FORM | WRITE},
	{GET, "/feeds/commitments.atom", feeds_commitments, 0},
	{GET, "/account/login", account_login_form, FORM},
	{HTTP_POST, "/account/login", account_login, FORM | WRITE},
	{HTTP_POST, "/account/logout", account_logout, PRIVATE | WRITE},
	{GET, "/account/register", account_register_form, FORM},
	{HTTP_POST, "/account/register", account_register, FORM | WRITE},
	{GET, "/account", account_show, PRIVATE | FORM},
	{HTTP_POST, "/account/password", account_password, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/account/tokens", account_token_create, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/account/tokens/{id}/revoke", account_token_revoke, PRIVATE | WRITE},
	{GET, "/admin", admin_index, PRIVATE | FORM},
	{HTTP_POST, "/admin/actors/{id}/decision", admin_decide, PRIVATE | FORM | WRITE},
	{GET, "/admin/audit", admin_audit, PRIVATE},
	{GET, "/admin/users", admin_users, PRIVATE},
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
