/* ui_objectives.h — the pages of the Compact's objectives. */
#ifndef PACTE_WEB_UI_OBJECTIVES_H
#define PACTE_WEB_UI_OBJECTIVES_H

#include "view.h"

/* GET /objectives : all COMPACT_OBJECTIVES, numbered; those with commitments carry their
 * counts ("commitments": total, achieved, overdue…). */
void ui_objectives_index(struct request *req, struct page *page);
/* GET /objectives/{n} : one objective, with where its commitments stand
 * (ui_scope_add); 404 unless n is 1 … COMPACT_OBJECTIVES written
 * plainly (no sign, no leading zero). */
void ui_objectives_show(struct request *req, struct page *page);

#endif
