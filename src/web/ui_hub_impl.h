/* ui_hub_impl.h — what the files of the hub's pages (ui_hub*.c)
 * share beside ui_hub.h. Nothing outside them
 * includes it. */
#ifndef PACTE_WEB_UI_HUB_IMPL_H
#define PACTE_WEB_UI_HUB_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/outcome.h"
#include "view.h"

/* The id in the path's i-th parameter: digits only, no leading zero, so
 * each item has one URL. -1 when it is not one. */
int64_t ui_hub_id(const struct request *req, size_t i);

/* "need" or "offer", from the path (/hub/needs/… or /hub/offers/…). */
const char *ui_hub_side(const struct request *req);

/* The model of item id's page for this reader (ui_hub_show.c). NULL after
 * setting the page (404 — an item the reader may not see too —, 500). */
json_t *ui_hub_model(struct request *req, struct page *page, const char *side, int64_t id);

/* Partnership id's page model, with what the reader may do (withdraw;
 * as the lead: edit, add and remove members); NULL after setting the
 * page (404, 500). ui_hub_partnerships.c. */
json_t *ui_partnerships_model(struct request *req, struct page *page, int64_t id);

/* The end of a write on item id whose outcome is o (not OUTCOME_INVALID):
 * 404, 403, 409 or 500, or the item's page — a 303 to it for a browser,
 * status (200, 201) with its model for the API. */
void ui_hub_written(struct request *req, struct page *page, enum outcome o, const char *side,
                    int64_t id, int status);

#endif
