/* ui_commitments.h — the commitments' pages and their JSON twins: the
 * list with its filters (ui_commitments_list.c), one commitment with its
 * timeline (ui_commitments_show.c), the form that creates and edits one
 * (ui_commitments_form.c), the participants' answers
 * (ui_commitments_participants.c), and the commitment in the path, which the
 * progress pages (ui_progress.h) share. The import is ui_import.h, the
 * "where it stands" section other pages show ui_scope.h.
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

#include <stdint.h>

#include <jansson.h>

#include "domain/permission.h"
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

/* PATCH /commitments/{id} (API): changes the fields the JSON body names,
 * the others keep their values; 200 with the commitment's model. 400
 * naming each field that is read-only or unknown (nothing written), 422
 * for bad values, 403 (audited), 404, 409 (stale updated_at, or
 * withdrawn). */
void ui_commitments_patch(struct request *req, struct page *page);
/* POST /commitments/{id}/withdraw : withdraws it, with a reason (required);
 * it stays, shown as withdrawn. 303 to it, or 200 with its model (API);
 * 422 without a reason, 403 (audited), 404, 409 when already withdrawn. */
void ui_commitments_withdraw(struct request *req, struct page *page);

/* POST /commitments/{id}/flag and /commitments/{id}/updates/{update}/flag
 * : reason. Flags the commitment or its report as inappropriate
 * (domain/flags.h): 303 to the commitment's page (201 for the API); 422
 * without a reason; 403 (audited) for whoever may not flag; 404; 409 when
 * it is flagged already. ui_commitments_flag.c. */
void ui_commitments_flag(struct request *req, struct page *page);
void ui_commitments_flag_update(struct request *req, struct page *page);

/* POST /commitments/{id}/participants/{actor}/answer : the answer of a
 * participant's focal points or editors (or an admin) to being named on
 * the commitment: answer=accept or answer=decline (after accepting:
 * leave). 303 to the commitment, or 200 with its model (API); 422 for an
 * answer that is neither; 403 (audited by the domain); 404 when the
 * commitment does not name that actor. */
void ui_commitments_answer(struct request *req, struct page *page);

/* For actor actor_id's page: when the reader may answer for that actor,
 * adds "invitations" to model — the commitments that name it and await
 * its answer (commitments_invitations) — and "has_invitations". 0, or -1
 * on a database error. */
int ui_commitments_invitations(struct request *req, json_t *model, int64_t actor_id);

/* Sets the page to 404 "There is no commitment with this number." */
void ui_commitments_not_found(struct request *req, struct page *page);

/* The commitment in the path, if there is one: its id and *owner; or -1
 * after setting the page (404, 500). For a write whose permission the
 * domain checks (and audits), so that 404 comes before 422. */
int64_t ui_commitments_exists(struct request *req, struct page *page, int64_t *owner);

/* The commitment in the path when the user may do `a` to it: its id, or
 * -1 after setting the page (404, 403, 500). */
int64_t ui_commitments_for(struct request *req, struct page *page, enum action a);

#endif
