/* ui_countries.h — the country list with its search, and country pages. */
#ifndef PACTE_WEB_UI_COUNTRIES_H
#define PACTE_WEB_UI_COUNTRIES_H

#include "view.h"

/* GET /countries?q=&region= : the search; 400 for a search text longer
 * than COUNTRIES_MAX_QUERY or a region that is not an M49 code. */
void ui_countries_index(struct request *req, struct page *page);
/* GET /countries/{iso3} : one country (code in either case), with where
 * the commitments applying there stand (ui_scope_add); 404 if none. */
void ui_countries_show(struct request *req, struct page *page);

#endif
