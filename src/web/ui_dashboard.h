/* ui_dashboard.h — /dashboard: where the Compact stands at a glance, as
 * charts the server draws (SVG, no script), each with its text summary
 * and its data table; and each chart alone at its own URL, to embed. */
#ifndef PACTE_WEB_UI_DASHBOARD_H
#define PACTE_WEB_UI_DASHBOARD_H

#include <jansson.h>

#include "view.h"

/* GET /dashboard: {"counts": dashboard.h's model, "charts": [chart.h's
 * models: "objectives", "freshness", "quarters"], "map", "matrix"}. */
void ui_dashboard_show(struct request *req, struct page *page);
/* GET /dashboard/charts/{id}.svg: one chart as an SVG document (its JSON
 * twin the chart's model); 404 for an unknown id. */
void ui_dashboard_chart(struct request *req, struct page *page);

/* Adds to a country's page model "by_objective" (a chart of its
 * commitments by objective and status; absent when it has none) and "map"
 * (the states of M49 area `area`, the country marked). Returns 0, or -1 on
 * a database error. */
int ui_dashboard_country(struct request *req, json_t *model, const char *iso3,
                         const char *area);

#endif
