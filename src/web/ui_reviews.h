/* ui_reviews.h — the review cycles' pages and their JSON twins: the cycles
 * and one cycle, its written inputs and their moderation
 * (ui_reviews_cycles.c); a state's voluntary review, its versions, its
 * comparison with the previous one and the steps of its preparation
 * (ui_reviews_show.c); the assessments of a commitment
 * (ui_commitments_assess.c, a part of the commitments' pages);
 * a country's printable report (ui_reviews_report.c); the Atom feed of reviews,
 * inputs and assessments (ui_reviews_cycles.c).
 *
 * Every handler reads its input, hands it to the domain (reviews.h,
 * assessments.h), and renders what comes back: the domain validates,
 * checks permissions and audits. A successful POST ends with a 303 for a
 * browser, or 200/201 with the page's model for the API (page_written);
 * refused input re-renders the page with the errors (422) or answers
 * problem+json naming each field. */
#ifndef PACTE_WEB_UI_REVIEWS_H
#define PACTE_WEB_UI_REVIEWS_H

#include <stdint.h>

#include <jansson.h>

#include "view.h"

/* GET /reviews : the cycles, newest first, each saying whether its window
 * is open. GET /reviews/{cycle} : one cycle, the latest submitted review
 * of each state, a form to start one's own state's (focal points), and the
 * dates' form (administrators); 404 for an unknown cycle. POST
 * /reviews/{cycle}/edit (period_start, period_end, opens, closes):
 * administrators. */
void ui_reviews_index(struct request *req, struct page *page);
void ui_reviews_cycle(struct request *req, struct page *page);
void ui_reviews_cycle_edit(struct request *req, struct page *page);

/* GET /reviews/{cycle}/inputs : the published written inputs (and, for
 * moderators, those awaiting a decision); a partner's form. POST
 * /reviews/{cycle}/inputs (about, objective, iso3, title, body): submit
 * one. POST /review-inputs/{id}/decide (decision, reason): moderate. */
void ui_reviews_inputs(struct request *req, struct page *page);
void ui_reviews_input_submit(struct request *req, struct page *page);
void ui_reviews_input_decide(struct request *req, struct page *page);
/* POST /review-inputs/{id}/flag : reason. Flags an accepted input as
 * inappropriate (domain/flags.h), hiding it from the public until an
 * administrator decides: 201 (a 303 to the cycle's inputs for a browser),
 * 400 with the inputs page, 403 (audited), 404, 409 when flagged already. */
void ui_reviews_input_flag(struct request *req, struct page *page);

/* GET /reviews/{cycle}/{iso3} : the state's review — the latest
 * submitted version, or the draft for its focal points; 404 when there is
 * none to show. GET /reviews/{cycle}/{iso3}/v/{n} : version n, forever.
 * GET .../v/{n}/compare : its comparison with the previous review. POST
 * /reviews/{cycle}/{iso3} : start a draft (or the next version). POST
 * .../v/{n}/edit (summary, links, narrative_1 … narrative_N): save the
 * draft. POST .../v/{n}/submit : freeze it. */
void ui_reviews_show(struct request *req, struct page *page);
void ui_reviews_version(struct request *req, struct page *page);
void ui_reviews_compare(struct request *req, struct page *page);
/* GET /reviews/{cycle}/{iso3}/v/{n}/print : submitted version n as a
 * printable document (the country report's print stylesheet: A4, page
 * numbers, a table of contents; its hash, the data version and the date it
 * was made); 404 for a draft. GET /reviews/{cycle}/{iso3}/print : the
 * latest submitted version's (`pacte report ISO3 --review CYCLE`). */
void ui_reviews_print(struct request *req, struct page *page);
void ui_reviews_print_version(struct request *req, struct page *page);
void ui_reviews_start(struct request *req, struct page *page);
void ui_reviews_save(struct request *req, struct page *page);
void ui_reviews_submit(struct request *req, struct page *page);

/* GET /feeds/reviews.atom : newly submitted reviews, published inputs and
 * assessments. */
void ui_reviews_feed(struct request *req, struct page *page);

/* POST /commitments/{id}/assessments (verifiable, relevance,
 * relevance_note, completion, narrative, links, comment_days): a
 * reviewer's assessment. POST /assessments/{id}/comments (body), POST
 * /assessments/{id}/finalise (response). Each answers with the
 * commitment's page. */
void ui_assessments_create(struct request *req, struct page *page);
void ui_assessments_comment(struct request *req, struct page *page);
void ui_assessments_finalise(struct request *req, struct page *page);

/* For the commitment's page: adds "assessments" (assessments_of),
 * "can_assess" and the choices of the assessment form to model. 0, or -1
 * on a database error. */
int ui_assessments_add(struct request *req, json_t *model, int64_t commitment, int64_t owner);

/* GET /countries/{iso3}/report : everything Pacte holds on a state in one
 * printable document (A4, page numbers, table of contents, the data
 * version and the date it was made). */
void ui_report_country(struct request *req, struct page *page);

/* For the country's page: adds "review_section" (the state's submitted
 * reviews, its commitments self-reported beside assessed, the report's
 * link) to model. 0, or -1 on a database error. */
int ui_reviews_country(struct request *req, json_t *model, const char *iso3);

/* For an objective's page (region NULL) or a region's: adds
 * "assessed_section" (assessments_scope_counts: the commitments with a
 * final independent assessment, by completion, beside the self-reported
 * standing the page shows) to model. 0, or -1 on a database error. */
int ui_reviews_scope(struct request *req, json_t *model, int64_t objective, const char *region);

#endif
