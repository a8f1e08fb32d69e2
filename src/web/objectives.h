/* objectives.h — the pages of the Compact's 23 objectives. */
#ifndef PACTE_WEB_OBJECTIVES_H
#define PACTE_WEB_OBJECTIVES_H

#include "view.h"

/* GET /objectives : the 23, numbered; those with commitments carry their
 * counts ("commitments": total, achieved, overdue…). */
void objectives_index(struct request *req, struct page *page);
/* GET /objectives/{n} : one objective, with where its commitments stand
 * (commitments_add_scope); 404 unless n is 1 … 23 written plainly (no
 * sign, no leading zero). */
void objectives_show(struct request *req, struct page *page);

#endif
