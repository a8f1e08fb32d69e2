/* system.h — the pages that are about the server itself: health, metrics,
 * static files. */
#ifndef PACTE_WEB_SYSTEM_H
#define PACTE_WEB_SYSTEM_H

#include "view.h"

void system_healthz(struct request *req, struct page *page);
void system_metrics(struct request *req, struct page *page);
void system_static(struct request *req, struct page *page);

#endif
