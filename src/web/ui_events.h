/* ui_events.h — the events pages (/events, /events/{slug}) and the
 * positions section of a country's page (events.h has the model). */
#ifndef PACTE_WEB_UI_EVENTS_H
#define PACTE_WEB_UI_EVENTS_H

#include <jansson.h>

#include "view.h"

/* GET /events : every event, oldest first. */
void ui_events_index(struct request *req, struct page *page);
/* GET /events/{slug} : one event, its source, its recorded totals, and the
 * positions table with its counts; 404 if no event has this slug. */
void ui_events_show(struct request *req, struct page *page);

/* Adds "event_positions" (events_country_positions) to a country page's
 * model, for the partial events/country. Returns 0, or -1 on a database
 * error. */
int ui_events_country(struct request *req, json_t *model, const char *iso3);

#endif
