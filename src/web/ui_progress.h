/* ui_progress.h — progress updates on a commitment: the form (or the
 * correction of an earlier update) and the report that appends one to
 * the commitment's timeline; and the list of every update. */
#ifndef PACTE_WEB_UI_PROGRESS_H
#define PACTE_WEB_UI_PROGRESS_H

#include "view.h"

/* GET /commitments/{id}/progress[?corrects=UPDATE] : the form to add a
 * progress update, or a correction of an earlier one. 403 unless the user
 * may report on this commitment. */
void ui_progress_form(struct request *req, struct page *page);
/* POST /commitments/{id}/progress : appends the update. 303 to the
 * commitment's timeline, or 201 with the update (API); 422; 403
 * (audited); 404. */
void ui_progress_report(struct request *req, struct page *page);

/* GET /progress (and its JSON and .csv twins): every progress update,
 * newest recorded first, filtered by the commitments' objective, country,
 * region or actor, the status reported and the dates reported for; a page
 * at a time (?after=), the CSV twin up to PROGRESS_CSV_MAX rows. 400 for
 * a bad filter (ui_progress_list.c). */
void ui_progress_index(struct request *req, struct page *page);

#endif
