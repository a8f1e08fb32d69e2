/* ui_map.h — the world map (data/world_map.tsv, drawn once from
 * world-atlas by data/generate-map.mjs) coloured by a count, as a model
 * templates/charts/map.html renders: each state a link named in the
 * reader's language with its count, small states as dots, a legend, and
 * the same numbers as a table. */
#ifndef PACTE_WEB_UI_MAP_H
#define PACTE_WEB_UI_MAP_H

#include <jansson.h>
#include <stdbool.h>

#include "view.h"

/* Adds "map" to model from counts' "countries" (dashboard.h's model:
 * iso3, name, url, total), the whole world's frame, or framed to the
 * states given when `framed`; the state `current` (an ISO3, or NULL)
 * marked; title NULL: "Commitments by country". The map model:
 *   {"id", "title", "summary", "empty", "viewbox", "legend": [{"label",
 *    "colour", "pattern"}], "states": [{"iso3", "name", "url", "label",
 *    "total", "colour", "current"?, "d" | "cx", "cy"}], "rows": [{"name", "url",
 *    "total"}] (states with a commitment, by ISO3)}. */
void ui_map_add(struct request *req, json_t *model, json_t *counts, bool framed,
                const char *current, const char *title);

/* The codes of what /dashboard's map may be coloured by (?measure=):
 * commitments (how many name the state), active (the share of those in
 * progress, in whole percents), overdue (the share not closed and without
 * a report for a year: counts' countries need dashboard_overdue's
 * "overdue"), practices (published ones naming it),
 * needs (the hub's open ones naming it), NULL-terminated. */
extern const char *const ui_map_measures[];

/* ui_map_add for the whole world coloured by `measure` (one of
 * ui_map_measures; NULL or another: commitments), counts holding
 * dashboard.h's "countries" with their practices and needs. The map model
 * adds "measure" (the code drawn) and "measures": [{"value", "label",
 * "selected"}] for the reader's choice; "rows" then lists the states
 * counted (for a share, those with a commitment), "total" each state's
 * value under the measure, "column" the table's heading. */
void ui_map_measured(struct request *req, json_t *model, json_t *counts, const char *measure);

/* The whole world coloured by an indicator's latest values: countries,
 * indicators.h's [{"iso3", "url" (the country's series), "value"}];
 * values shown with `decimals` decimals; states without one are white and
 * named "no value"; title already translated. "rows" lists the states
 * with a value, "text" the value as written. Nothing added on a database
 * error (the page keeps its table). */
void ui_map_indicator(struct request *req, json_t *model, json_t *countries, int decimals,
                      const char *title);

/* The same for a page about one scope: the states of M49 area `area` (any
 * level; NULL: the world), counting the commitments under `objective`
 * (0: all), `current` marked, under `title` (translated). Returns 0, or -1
 * on a database error (the caller answers web_db_error). */
int ui_map_scope(struct request *req, json_t *model, const char *area, int objective,
                 const char *current, const char *title);

#endif
