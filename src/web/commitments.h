/* commitments.h (web) — the commitments' pages and their JSON twins: the
 * list with its filters, one commitment with its timeline, the forms that
 * create and edit a commitment and add a progress update, the import
 * through the API, and the "where it stands" sections other pages show.
 *
 * Every handler reads its input, hands it to the domain (domain/
 * commitments.h, progress.h, standing.h, importer.h), and renders what
 * comes back: the domain validates, checks permissions and audits. Bad
 * input re-renders the form with what was typed and a message beside each
 * field (422), or answers problem+json naming every invalid field. A
 * successful POST ends with a 303 for a browser, or 201 with the model
 * for the API. */
#ifndef PACTE_WEB_COMMITMENTS_H
#define PACTE_WEB_COMMITMENTS_H

#include <jansson.h>
#include <stdint.h>

#include "domain/scope.h"
#include "view.h"

/* GET /commitments?objective=&principle=&level=&status=&country=&region=
 * &owner_type=&actor=&freshness=&overdue=&sort=&after=&limit= : one page
 * of the list; every filter optional, all combined. 400 naming each filter
 * that is not valid (HTML: the page with the messages; API: problem+json).
 * The HTML model also carries the choices of the filter form ("choices");
 * the JSON twin carries "next" (a cursor) and "next_url". */
void commitments_page_index(struct request *req, struct page *page);

/* GET /commitments/{id} : the commitment, its SMART flags, overdue and
 * freshness, its timeline; "can_edit" / "can_report" for the signed-in
 * user. 404 when there is no such commitment. */
void commitments_page_show(struct request *req, struct page *page);

/* GET /commitments/new : the form (signed in). 403 for a user who may not
 * create a commitment for their own actor. */
void commitments_page_new(struct request *req, struct page *page);
/* POST /commitments/new (and POST /commitments): creates one; the owner
 * is the user's actor unless an admin names another (owner_actor_id).
 * 303 to the commitment, or 201 with its model (API); 422; 403 (audited
 * by the domain). */
void commitments_page_create(struct request *req, struct page *page);

/* GET /commitments/{id}/edit : the form with the current values. 403
 * unless the user may edit this commitment's owner's records. */
void commitments_page_edit(struct request *req, struct page *page);
/* POST /commitments/{id}/edit : replaces the fields. 303 / 200 (API),
 * 422, 403 (audited), 404, 409 when someone saved it meanwhile. */
void commitments_page_update(struct request *req, struct page *page);

/* GET /commitments/{id}/progress[?corrects=UPDATE] : the form to add a
 * progress update, or a correction of an earlier one. 403 unless the user
 * may report on this commitment. */
void commitments_page_progress(struct request *req, struct page *page);
/* POST /commitments/{id}/progress : appends the update. 303 to the
 * commitment's timeline, or 201 with the update (API); 422; 403
 * (audited); 404. */
void commitments_page_report(struct request *req, struct page *page);

/* GET /commitments/import : a form to paste a CSV or JSON file into (the
 * same import for people without an API client; signed in). */
void commitments_page_import_form(struct request *req, struct page *page);
/* POST /commitments/import (meant as /api/v1/commitments/import), for an
 * admin or the owners' users. The file is the body, sent as text/csv (or
 * another non-form type, with ?format=csv|json, or detected from its
 * first byte), or a JSON object {"format", "filename", "data": file
 * text}. All or nothing: 200 with the counts, or 422 problem+json listing
 * every problem ({"line", "field", "detail", "text"}); 403 (audited) for
 * a user who may not create commitments at all. */
void commitments_page_import(struct request *req, struct page *page);

/* Adds to model, for the scope of a page about an objective, a country,
 * a region or an actor (struct scope, exactly one member set), and only
 * when the scope holds at least one commitment: "standing" (standing.h's counts, with "by_status" and "by_level"),
 * "latest_updates", "scope_commitments" (the five most recently updated
 * cards), and "has_sample" true when any of these is sample data — so a
 * page without commitments shows no empty section. Returns 0, or -1 on a
 * database error (the caller answers web_db_error). */
int commitments_add_scope(struct request *req, json_t *model, const struct scope *s);

#endif
