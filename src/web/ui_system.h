/* ui_system.h — the pages that are about the server itself: health, metrics,
 * static files. */
#ifndef PACTE_WEB_UI_SYSTEM_H
#define PACTE_WEB_UI_SYSTEM_H

#include "view.h"

/* GET /healthz : liveness, 200 {"status": "ok", "database", "healthy"}
 * whenever the process answers, "database" saying how the node last
 * found it ("ok" or "unavailable"); it asks the database nothing. JSON
 * unless the client asks for text/html (monitors say nothing of what they
 * accept). Never cached. */
void ui_system_healthz(struct request *req, struct page *page);
/* GET /readyz : readiness, 200 {"status": "ready", …} when the database
 * answers within a bound and no migration is pending, else 503 with
 * "database" ("unavailable", "slow") and "migrations_pending". Same
 * formats as /healthz. */
void ui_system_readyz(struct request *req, struct page *page);
/* GET /metrics : the Prometheus text format (metrics.h), with the page
 * cache's and the database connections' memory. Never cached. Flagged
 * ROUTE_INTERNAL: the server shows it to operators only (on
 * --metrics-listen, or to local clients), and it reads no req->db, which
 * such routes do not get. */
void ui_system_metrics(struct request *req, struct page *page);
/* GET /static/{name} : an embedded file of static/ by its extension's
 * type (css, js, svg, ico), cached for a day; 404 for anything else. */
void ui_system_static(struct request *req, struct page *page);

#endif
