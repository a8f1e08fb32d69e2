/* ui_commitments_impl.h — what the files of the commitments pages
 * (ui_commitments*.c) share beside ui_commitments.h. Nothing outside
 * them includes it. */
#ifndef PACTE_WEB_UI_COMMITMENTS_IMPL_H
#define PACTE_WEB_UI_COMMITMENTS_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/permission.h"
#include "view.h"

/* The commitment id in the path: digits only, no leading zero, so each
 * commitment has one URL. -1 when it is not one. */
int64_t ui_path_id(const struct request *req);

/* can(req->user, a, the commitment id of owner); id 0 for one to be
 * created. */
bool ui_may(const struct request *req, enum action a, int64_t id, int64_t owner);

/* Sets the page to 403 "Only the focal points or editors…". */
void ui_forbidden(struct request *req, struct page *page);

#endif
