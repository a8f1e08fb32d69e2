/* ui_map.h — the world map (data/world_map.tsv, drawn once from
 * world-atlas by data/generate-map.mjs) coloured by a count, as a model
 * templates/charts/map.html renders: each state a link named in the
 * reader's language with its count, small states as dots, a legend, and
 * the same numbers as a table. */
#ifndef PACTE_WEB_UI_MAP_H
#define PACTE_WEB_UI_MAP_H

#include <jansson.h>

#include "view.h"

/* Adds "map" to model from counts' "countries" (dashboard.h's model:
 * iso3, name, url, total): the whole world, or only the states of M49
 * region `region` (a region of level 'region', e.g. "002"), framed to
 * them. The map model:
 *   {"id", "title", "summary", "empty", "viewbox", "legend": [{"label",
 *    "colour", "pattern"}], "states": [{"iso3", "name", "url", "label",
 *    "total", "colour", "d" | "cx", "cy"}], "rows": [{"name", "url",
 *    "total"}] (states with a commitment, by ISO3)}. */
void ui_map_add(struct request *req, json_t *model, json_t *counts, const char *region);

#endif
