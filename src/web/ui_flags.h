/* ui_flags.h (web) — flagging records as inappropriate (issue 18, item 6;
 * domain/flags.h decides, checks can() and audits): the flag forms on a
 * commitment's page and the administrators' queue. */
#ifndef PACTE_WEB_UI_FLAGS_H
#define PACTE_WEB_UI_FLAGS_H

#include <jansson.h>
#include <stdint.h>

#include "view.h"

/* POST /commitments/{id}/flag and /commitments/{id}/updates/{update}/flag
 * : reason. 303 to the commitment's page (201 with the flag for the API);
 * 400 without a reason; 403 (audited) for whoever may not flag; 404; 409
 * when the record is flagged already. */
void ui_flags_commitment(struct request *req, struct page *page);
void ui_flags_update(struct request *req, struct page *page);

/* GET /admin/flags?state=open|restored|removed : the flags, newest first,
 * each with its decision form while open. 403 unless the user may decide. */
void ui_flags_admin(struct request *req, struct page *page);

/* POST /admin/flags/{id} : decision (restore, remove), reason. 303 to
 * /admin/flags; 400; 403 (audited); 404; 409 when decided already. */
void ui_flags_decide(struct request *req, struct page *page);

/* What a commitment's page model gains (ui_commitments_model): false when
 * the commitment is hidden and the reader may not see it (the page is
 * then 404); otherwise "can_flag", the hiding flag under
 * commitment.flag for those who see a hidden one, and its hidden updates
 * taken out of "updates" for those who may not see them. -1 on a
 * database error. */
int ui_flags_decorate(struct request *req, json_t *model, int64_t id, int64_t owner);

#endif
