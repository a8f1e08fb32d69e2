/* home.h — the home page: what the Compact is, key figures, the objectives. */
#ifndef PACTE_WEB_HOME_H
#define PACTE_WEB_HOME_H

#include "view.h"

/* GET / : model from compact_overview with the country figures added. */
void home_show(struct request *req, struct page *page);

#endif
