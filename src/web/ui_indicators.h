/* ui_indicators.h — the indicators' pages: the catalogue, one indicator
 * with each country's latest value, one country's series (its chart, its
 * table, the breakdown filters, its progress status), the series' chart
 * alone as SVG, and an indicator's values as SDMX-CSV. */
#ifndef PACTE_WEB_UI_INDICATORS_H
#define PACTE_WEB_UI_INDICATORS_H

#include "view.h"

/* GET /indicators: indicators_list's model. */
void ui_indicators_index(struct request *req, struct page *page);
/* GET /indicators/{code}: indicators_get's model, "sdmx_url" added. */
void ui_indicators_show(struct request *req, struct page *page);
/* GET /indicators/{code}/{iso3}?sex=&age=&migratory_status=:
 * indicators_series's model with "chart" (chart.h's) and "filters". */
void ui_indicators_series(struct request *req, struct page *page);
/* GET /indicators/{code}/{iso3}/chart.svg (the same query): the chart as
 * an SVG document; its JSON twin the chart's model. */
void ui_indicators_chart(struct request *req, struct page *page);
/* GET /indicators/{code}/sdmx.csv: the indicator's values as SDMX-CSV. */
void ui_indicators_sdmx(struct request *req, struct page *page);

#endif
