/* ui_home.h — the home page: what the Compact is, key figures, the objectives. */
#ifndef PACTE_WEB_UI_HOME_H
#define PACTE_WEB_UI_HOME_H

#include "view.h"

/* GET / : model from compact_overview with the country figures added. */
void ui_home_show(struct request *req, struct page *page);

#endif
