/* ui_practices_impl.h — what the files of the practices pages
 * (ui_practices*.c) share beside ui_practices.h. Nothing outside them
 * includes it. */
#ifndef PACTE_WEB_UI_PRACTICES_IMPL_H
#define PACTE_WEB_UI_PRACTICES_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/outcome.h"
#include "view.h"

/* The id in the path's i-th parameter: digits only, no leading zero, so
 * each practice (call, translation) has one URL. -1 when it is not one. */
int64_t ui_practice_id(const struct request *req, size_t i);

/* Sets the page to 404 "There is no practice with this number." */
void ui_practices_not_found(struct request *req, struct page *page);

/* The model of practice id's page for this reader (ui_practices_show.c):
 * the practice, what the reader may do, the review for those who take
 * part. NULL after setting the page (404 — a practice the reader may not
 * see too —, 500). New reference. */
json_t *ui_practices_model(struct request *req, struct page *page, int64_t id);
/* The page title of such a model. */
const char *ui_practices_title(struct request *req, const json_t *model);

/* The end of a write on practice id whose outcome is o (not
 * OUTCOME_INVALID): 404, 403, 409 or 500, or the practice's page — a 303
 * to it for a browser, status (200, 201) with its model for the API. */
void ui_practices_written(struct request *req, struct page *page, enum outcome o, int64_t id,
                          int status);

#endif
