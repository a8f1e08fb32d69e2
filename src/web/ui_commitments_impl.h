/* ui_commitments_impl.h — what the files of the commitments pages
 * (ui_commitments*.c) share beside ui_commitments.h. Nothing outside
 * them includes it. */
#ifndef PACTE_WEB_UI_COMMITMENTS_IMPL_H
#define PACTE_WEB_UI_COMMITMENTS_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

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

/* The model of commitment id's page (ui_commitments_show.c): the
 * commitment, its timeline and what the reader may do to it. NULL after
 * setting the page (404, 500). New reference. */
json_t *ui_commitments_model(struct request *req, struct page *page, int64_t id);
/* Refuses a form of commitment id's page (an answer, a withdrawal): the
 * page again (422) with what was typed and each error beside its field,
 * or the problem for the API. Steals input and errors. */
void ui_commitments_refuse(struct request *req, struct page *page, int64_t id, json_t *input,
                           json_t *errors);
/* The page title of such a model (the title shown, or "Commitment"). */
const char *ui_commitments_title(struct request *req, const json_t *model);

/* The answer to a write of commitment id: its page's model, with its id
 * and URL at the top as every write's answer has them (a client need not
 * know each model's shape to find what it made). New reference. */
json_t *ui_commitments_written(struct request *req, int64_t id);

/* Adds to each participant of commitment page model c whether the reader
 * may answer for it ("can_answer") and where ("answer_url")
 * (ui_commitments_participants.c). */
void ui_participants_decorate(const struct request *req, json_t *c);

/* What a commitment's page model gains from flags (ui_commitments_flag.c):
 * 0 when the commitment is hidden and the reader may not see it (the page
 * is then 404); otherwise 1, with "can_flag", the hiding flag under
 * commitment.flag (and each hidden update's "flag") for those who see
 * hidden records, the hidden updates taken out of "updates" for the
 * others. -1 on a database error. */
int ui_commitments_flags_decorate(struct request *req, json_t *model, int64_t id, int64_t owner);

#endif
