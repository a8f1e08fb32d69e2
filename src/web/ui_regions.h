/* ui_regions.h — the pages of the UN M49 regions. */
#ifndef PACTE_WEB_UI_REGIONS_H
#define PACTE_WEB_UI_REGIONS_H

#include "view.h"

/* GET /regions/{m49} : a region, its parent, sub-regions and countries,
 * and where the commitments applying there stand (ui_scope_add); 404
 * for anything but a known three-digit code. */
void ui_regions_show(struct request *req, struct page *page);

#endif
