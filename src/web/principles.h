/* principles.h — the pages of the Compact's 10 guiding principles. */
#ifndef PACTE_WEB_PRINCIPLES_H
#define PACTE_WEB_PRINCIPLES_H

#include "view.h"

/* GET /principles : the ten, in paragraph 15's order. */
void principles_index(struct request *req, struct page *page);
/* GET /principles/{slug} : one principle; 404 for an unknown slug. */
void principles_show(struct request *req, struct page *page);

#endif
