/* ui_feeds.h — Atom 1.0 feeds (RFC 4287) people and portals subscribe
 * to, rendered from templates like any page but answered as
 * application/atom+xml. */
#ifndef PACTE_WEB_UI_FEEDS_H
#define PACTE_WEB_UI_FEEDS_H

#include "view.h"

/* GET /feeds/commitments.atom[?country=ISO3][&objective=N] : the newest
 * commitments and progress updates (50), filtered by country and
 * objective together. 400 naming a filter that is not valid. The JSON
 * twin (/api/v1/feeds/commitments.atom) answers the entries as JSON. */
void ui_feeds_commitments(struct request *req, struct page *page);

#endif
