/* ui_api.h — the API's own pages: the change feed (/api/v1/changes), the
 * API's description (/api/v1/openapi.json) and the page for people who
 * will use it (/api). */
#ifndef PACTE_WEB_UI_API_H
#define PACTE_WEB_UI_API_H

#include "router.h"
#include "view.h"

/* GET /api/v1/changes?since=CURSOR&limit=N : one page of the change feed
 * (changes.h) with "next", the URL of the following page. 400 (the one
 * problem shape) for a cursor that is not one (not a whole number from
 * 0) or past the end of the feed, and for a limit out of range. Only
 * under /api/v1 (ROUTE_API_ONLY). */
void ui_api_changes(struct request *req, struct page *page);

/* GET /api/v1/openapi.json : the OpenAPI 3.1 description of the API, built
 * by ui_api_document from the server's route table. Only under /api/v1. */
void ui_api_openapi(struct request *req, struct page *page);

/* GET /api : the page for people who will use the API, with examples in
 * curl (no JSON twin: the API describes itself at /api/v1/openapi.json). */
void ui_api_page(struct request *req, struct page *page);

/* The OpenAPI document of the routes[0..n) that answer under /api/v1 (not
 * ROUTE_NO_API nor ROUTE_INTERNAL), from the embedded description
 * data/api/openapi.json: its "x-pacte-operations" names each operation as
 * "METHOD /pattern" (summary, parameters, request body, the answer's
 * schema); this adds the path parameters, the credentials each route's
 * flags ask for and the problem answer every operation may give. *missing
 * (when not NULL) is a new array of the "METHOD /pattern" of every route
 * without a description and of every description without a route: the
 * unit test fails on any, so a route cannot be added undescribed. New
 * reference; NULL when the description does not parse. */
json_t *ui_api_document(const struct route *routes, size_t n, json_t **missing);

#endif
