/* ui_search.h — /search: every kind of record, one search (search.h). */
#ifndef PACTE_WEB_UI_SEARCH_H
#define PACTE_WEB_UI_SEARCH_H

#include "view.h"

/* GET /search?q=&kind=&sort=relevance|date&after=&limit=&<facet>=… : the
 * results of q (none: every record, newest first) with the kind and the
 * facets counted; 400 for a refused parameter, never for what q holds. */
void ui_search(struct request *req, struct page *page);

#endif
