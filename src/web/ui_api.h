/* ui_api.h — the API's own pages: the change feed (/api/v1/changes), the
 * API's description (/api/v1/openapi.json) and the page for people who
 * will use it (/api). */
#ifndef PACTE_WEB_UI_API_H
#define PACTE_WEB_UI_API_H

#include "view.h"

/* GET /api/v1/changes?since=CURSOR&limit=N : one page of the change feed
 * (changes.h) with "next", the URL of the following page. 400 (the one
 * problem shape) for a cursor that is not one (not a whole number from
 * 0) or past the end of the feed, and for a limit out of range. Only
 * under /api/v1 (ROUTE_API_ONLY). */
void ui_api_changes(struct request *req, struct page *page);

#endif
