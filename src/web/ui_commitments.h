/* ui_commitments.h — the commitments' pages and their JSON twins: the
 * list with its filters (ui_commitments_list.c), one commitment with its
 * timeline (ui_commitments_show.c), the form that creates and edits one
 * (ui_commitments_form.c), progress updates (ui_progress.c) and the
 * import (ui_import.c). The "where it stands" section other pages show
 * is ui_scope.h.
 *
 * Every handler reads its input, hands it to the domain (domain/
 * commitments.h, progress.h, importer.h), and renders what comes back:
 * the domain validates, checks permissions and audits. Bad input
 * re-renders the form with what was typed and a message beside each
 * field (422), or answers problem+json naming every invalid field. A
 * successful POST ends with a 303 for a browser, or 201 with the model
 * for the API (page_written). */
#ifndef PACTE_WEB_UI_COMMITMENTS_H
#define PACTE_WEB_UI_COMMITMENTS_H

#include "view.h"

/* GET /commitments?objective=&principle=&level=&status=&country=&region=
 * &owner_type=&actor=&freshness=&overdue=&sort=&after=&limit= : one page
 * of the list; every filter optional, all combined. The model, in both
 * formats: the cards, "filters" (as given), "sort_links", "next" (a
 * cursor) with "next_url", and "first_url" past the first page — links in
 * the format asked for. The page also shows the filter form's "choices"
 * (page_html_extra). 400 naming each filter that is not valid (HTML: the
 * page with the messages; API: problem+json). */
void ui_commitments_index(struct request *req, struct page *page);

/* GET /commitments/{id} : the commitment, its SMART flags, overdue and
 * freshness, its timeline; "can_edit" / "can_report" for the signed-in
 * user. 404 when there is no such commitment. */
void ui_commitments_show(struct request *req, struct page *page);

/* GET /commitments/new : the form (signed in). 403 for a user who may not
 * create a commitment for their own actor. */
void ui_commitments_new(struct request *req, struct page *page);
/* POST /commitments/new (and POST /commitments): creates one; the owner
 * is the user's actor unless one who may act for any actor (an admin)
 * names another (owner_actor_id). 303 to the commitment, or 201 with its
 * model (API); 422; 403 (audited by the domain). */
void ui_commitments_create(struct request *req, struct page *page);

/* GET /commitments/{id}/edit : the form with the current values. 403
 * unless the user may edit this commitment's owner's records. */
void ui_commitments_edit(struct request *req, struct page *page);
/* POST /commitments/{id}/edit : replaces the fields. 303 / 200 (API),
 * 422, 403 (audited), 404, 409 when someone saved it meanwhile. */
void ui_commitments_update(struct request *req, struct page *page);

/* GET /commitments/{id}/progress[?corrects=UPDATE] : the form to add a
 * progress update, or a correction of an earlier one. 403 unless the user
 * may report on this commitment. */
void ui_progress_form(struct request *req, struct page *page);
/* POST /commitments/{id}/progress : appends the update. 303 to the
 * commitment's timeline, or 201 with the update (API); 422; 403
 * (audited); 404. */
void ui_progress_report(struct request *req, struct page *page);

/* GET /commitments/import : a form to paste a CSV or JSON file into (the
 * same import for people without an API client; signed in). */
void ui_import_form(struct request *req, struct page *page);
/* POST /commitments/import (meant as /api/v1/commitments/import), for an
 * admin or the owners' users. The file is the body, sent as text/csv (or
 * another non-form type, with ?format=csv|json, or detected from its
 * first byte), or a JSON object {"format", "filename", "data": file
 * text}. All or nothing: 200 with the counts, or 422 problem+json listing
 * every problem ({"line", "field", "detail", "text"}); 403 (audited) for
 * a user who may not create commitments at all. */
void ui_import_file(struct request *req, struct page *page);

#endif
