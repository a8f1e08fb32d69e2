/* ui_practices.h — the good practices' pages and their JSON twins: the
 * list with its filters and the Atom feed (ui_practices_list.c), one
 * practice with the steps of its review (ui_practices_show.c), the form
 * that writes one (ui_practices_form.c), each reviewer's queue, the
 * roster and the calls for practices (ui_practices_review.c).
 *
 * Every handler reads its input, hands it to the domain (domain/
 * practices.h), and renders what comes back: the domain validates,
 * checks permissions and audits. Refused input re-renders the form with
 * what was typed (422) or answers problem+json naming each field; a
 * successful POST ends with a 303 for a browser, or 201/200 with the
 * model for the API (page_written). */
#ifndef PACTE_WEB_UI_PRACTICES_H
#define PACTE_WEB_UI_PRACTICES_H

#include <stdint.h>

#include <jansson.h>

#include "view.h"

/* GET /practices?objective=&principle=&country=&region=&level=&type=
 * &actor=&language=&call=&year=&sort=&after=&limit= : one page of the
 * published practices; 400 naming each filter that is not valid. The word
 * search (q=) is the site search's (issue 13, item 5). */
void ui_practices_index(struct request *req, struct page *page);
/* GET /feeds/practices.atom : the newest published practices. */
void ui_practices_feed(struct request *req, struct page *page);

/* GET /practices/{id} : a published (or archived) practice for anyone; a
 * practice in any other status for its actor's people, the roster's
 * reviewers and administrators only (404 for anyone else). The review
 * (declarations, decisions, questions and answers) is shown to those
 * same people; "can_*" say which steps the reader may take. */
void ui_practices_show(struct request *req, struct page *page);

/* GET /practices/new and POST /practices/new (and POST /practices):
 * a draft for the user's own actor (an administrator may name another,
 * actor_id). 303 to the practice, or 201 with its model; 422; 403. */
void ui_practices_new(struct request *req, struct page *page);
void ui_practices_create(struct request *req, struct page *page);
/* GET and POST /practices/{id}/edit : 403 unless the user may write for
 * its actor; 409 when it is under review, rejected or archived. */
void ui_practices_edit(struct request *req, struct page *page);
void ui_practices_update(struct request *req, struct page *page);

/* POST /practices/{id}/submit, /answer (body), /declare (conflict,
 * statement), /decide (decision, comment), /archive, /translations
 * (lang, title, summary, context, actions, results, lessons) and
 * /translations/{tid}/approve : the steps of the review and of
 * translation. 303 to the practice, or 200 with its model; 422 naming
 * each bad field; 403 (audited by the domain); 404; 409 when the
 * practice is not in a status that allows the step. */
void ui_practices_submit(struct request *req, struct page *page);
void ui_practices_answer(struct request *req, struct page *page);
void ui_practices_declare(struct request *req, struct page *page);
void ui_practices_decide(struct request *req, struct page *page);
void ui_practices_archive(struct request *req, struct page *page);
void ui_practices_translate(struct request *req, struct page *page);
void ui_practices_approve_translation(struct request *req, struct page *page);
/* POST /practices/{id}/flag : reason. Flags a public practice as
 * inappropriate (domain/flags.h: reviewers and administrators), hiding it
 * from the public until an administrator decides: 201 (a 303 to the page
 * for a browser), 400 with the page, 403 (audited), 404, 409 when it is
 * flagged already. */
void ui_practices_flag(struct request *req, struct page *page);

/* GET /review : the signed-in reviewer's queue, oldest first, with what
 * waits on them; 403 for anyone not on the roster (an administrator sees
 * the roster's page link). */
void ui_practices_review(struct request *req, struct page *page);
/* GET /review/roster : the roster and the approvals required (for
 * administrators); POST /review/roster (email, tie_break) adds one,
 * POST /review/roster/{user}/remove takes one off, POST /review/settings
 * (required_approvals) sets the approvals. */
void ui_practices_roster(struct request *req, struct page *page);
void ui_practices_roster_add(struct request *req, struct page *page);
void ui_practices_roster_remove(struct request *req, struct page *page);
void ui_practices_settings(struct request *req, struct page *page);

/* GET /calls : the calls for practices, open ones first; GET /calls/new
 * and POST /calls : open one (reviewers, administrators); GET /calls/{id}:
 * one call, what it received and published once its deadline passed. */
void ui_calls_index(struct request *req, struct page *page);
void ui_calls_new(struct request *req, struct page *page);
void ui_calls_create(struct request *req, struct page *page);
void ui_calls_show(struct request *req, struct page *page);

/* For objective, country, region and actor pages: adds "practices" (the
 * newest published practices of that scope, at most a few) and
 * "practices_url" (the list filtered so) to model. filter_key is the
 * list's parameter ("objective", "country", "region", "actor"), value
 * its value. 0, or -1 on a database error. */
int ui_practices_scope(struct request *req, json_t *model, const char *filter_key,
                       const char *value);

#endif
