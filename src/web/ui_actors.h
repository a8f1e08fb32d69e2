/* ui_actors.h — the list of actors (states and partners) and one page
 * per actor, with its history for those who may edit it. */
#ifndef PACTE_WEB_UI_ACTORS_H
#define PACTE_WEB_UI_ACTORS_H

#include "view.h"

/* GET /actors?kind=&type=&status=&country=&q= : the list with its filters
 * (each optional); 400 naming the filters that are not valid. */
void ui_actors_index(struct request *req, struct page *page);
/* GET /actors/{id} : one actor; its history (audit trail) only for a user
 * who may read it, and the reviewers' decision form for those who may
 * decide. 404 if there is no such actor. */
void ui_actors_show(struct request *req, struct page *page);

/* GET /actors/{id}/merge?into= : an administrator merges a duplicate
 * organisation (merge.h): choose the organisation kept, then the list of
 * what moves and the confirmation. POST /actors/{id}/merge (into): the
 * merge; then to the organisation kept (the API: 200 with the counts),
 * 422 or 409 with the reason when refused, 403 (audited) for anyone but
 * an administrator. ui_actors_merge.c. */
void ui_actors_merge_page(struct request *req, struct page *page);
void ui_actors_merge(struct request *req, struct page *page);

#endif
