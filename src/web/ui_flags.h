/* ui_flags.h (web) — flagged records (issue 18, item 6; domain/flags.h
 * decides, checks can() and audits): the administrators' queue and its
 * decisions. The flag forms are the commitments pages'
 * (ui_commitments_flag.c). */
#ifndef PACTE_WEB_UI_FLAGS_H
#define PACTE_WEB_UI_FLAGS_H

#include <jansson.h>
#include <stdint.h>

#include "domain/outcome.h"

#include "view.h"

/* GET /admin/flags?state=open|restored|removed : the flags, newest first,
 * each with its decision form while open. 403 unless the user may decide. */
void ui_flags_admin(struct request *req, struct page *page);

/* POST /admin/flags/{id} : decision (restore, remove), reason. 303 to
 * /admin/flags; 400; 403 (audited); 404; 409 when decided already. */
void ui_flags_decide(struct request *req, struct page *page);

/* The end of a flag write (ui_commitments_flag.c, ui_flags_decide) other
 * than refused input: 409 for a record flagged already or a flag decided
 * already, web_outcome_error's answers, else page_written to location
 * (201 for a flag, 200 for a decision) with `written`, which it steals. */
void ui_flags_answer(struct request *req, struct page *page, enum outcome o,
                     const char *location, json_t *written);

/* A flag form's POST on record id of kind (a practice, a review input):
 * reads its reason and calls flags_raise. OUTCOME_INVALID leaves the page
 * to the caller, to show its form again with *input and errors (both its
 * to free); any other outcome is answered (ui_flags_answer, 201 to
 * location) and frees them. */
enum outcome ui_flags_raise(struct request *req, struct page *page, const char *kind, int64_t id,
                            const char *location, json_t **input, json_t *errors);

/* A flaggable record's part of its page's model (a practice's, a need's
 * or an offer's page): record's "hidden" (a boolean its read set)
 * decides. Hidden, the reader must be one who sees hidden records
 * (flags_may_see) and the record gets its "flag"; else 0 (the caller
 * answers 404, as for no such record). model's "can_flag", and record's "flag_action" = action, when
 * action is not NULL (the record may be flagged: it is public), it is not
 * hidden and the reader may flag it. 1, or -1 on a database error. */
int ui_flags_decorate(struct request *req, json_t *model, json_t *record, const char *kind,
                      int64_t id, int64_t owner, const char *action);

#endif
