/* ui_principles.h — the pages of the Compact's 10 guiding principles. */
#ifndef PACTE_WEB_UI_PRINCIPLES_H
#define PACTE_WEB_UI_PRINCIPLES_H

#include "view.h"

/* GET /principles : the ten, in paragraph 15's order. */
void ui_principles_index(struct request *req, struct page *page);
/* GET /principles/{slug} : one principle; 404 for an unknown slug. */
void ui_principles_show(struct request *req, struct page *page);

#endif
