/* ui_hub.h — the connection hub's pages: /hub (open needs and offers),
 * a need's or offer's page with its workflow and matches, the forms, the
 * feeds, and the partnerships (hub.h has the model). */
#ifndef PACTE_WEB_UI_HUB_H
#define PACTE_WEB_UI_HUB_H

#include <jansson.h>

#include "view.h"

/* GET /hub?side=&objective=&country=&support= : the open needs and
 * offers, filtered; 400 for a bad filter. */
void ui_hub_index(struct request *req, struct page *page);
/* GET /feeds/needs.atom, /feeds/offers.atom : the newest public items. */
void ui_hub_needs_feed(struct request *req, struct page *page);
void ui_hub_offers_feed(struct request *req, struct page *page);

/* GET /hub/needs/new, /hub/offers/new : the form; POST /hub/needs,
 * /hub/offers : record one (201 with its page for the API, 303 for a
 * browser, 422 with the form again). */
void ui_hub_need_new(struct request *req, struct page *page);
void ui_hub_offer_new(struct request *req, struct page *page);
void ui_hub_need_create(struct request *req, struct page *page);
void ui_hub_offer_create(struct request *req, struct page *page);
/* GET and POST /hub/{needs,offers}/{id}/edit : while submitted or
 * returned (409 after). */
void ui_hub_edit(struct request *req, struct page *page);
void ui_hub_update(struct request *req, struct page *page);

/* GET /hub/needs/{id}, /hub/offers/{id} : the item, its matches and, for a
 * need, the ranked offers with their reasons; 404 for an item not public
 * that the reader may not see. */
void ui_hub_need_show(struct request *req, struct page *page);
void ui_hub_offer_show(struct request *req, struct page *page);
/* POST /hub/{needs,offers}/{id}/assess {decision, notes} (a reviewer),
 * POST …/step {step, outcome} (the owner), POST /hub/needs/{id}/propose
 * {offer_id} (the need's people or a reviewer), POST
 * /hub/matches/{id}/answer {answer: accept|decline} (a side's people). */
void ui_hub_assess(struct request *req, struct page *page);
void ui_hub_step(struct request *req, struct page *page);
void ui_hub_propose(struct request *req, struct page *page);
void ui_hub_answer(struct request *req, struct page *page);
/* POST /hub/{needs,offers}/{id}/flag : reason. Flags a public need or
 * offer as inappropriate (domain/flags.h: reviewers and administrators),
 * hiding it from the public until an administrator decides: 201 (a 303
 * to the page for a browser), 400 with the page, 403 (audited), 404, 409
 * when it is flagged already. */
void ui_hub_flag(struct request *req, struct page *page);

/* GET /partnerships, /partnerships/{id}; POST /partnerships/{id}/withdraw
 * {reason}: the reader's actor leaves it (its row kept). */
void ui_partnerships_index(struct request *req, struct page *page);
void ui_partnerships_show(struct request *req, struct page *page);
void ui_partnerships_withdraw(struct request *req, struct page *page);
/* POST /partnerships/{id}/confirm: the reader's actor, added by the lead,
 * confirms its membership (declining is withdrawing). */
void ui_partnerships_confirm(struct request *req, struct page *page);
/* A partnership on its own (ui_hub_partnerships_form.c): GET /partnerships/new,
 * POST /partnerships, GET and POST /partnerships/{id}/edit, POST
 * /partnerships/{id}/members and /partnerships/{id}/members/{actor}/withdraw
 * (the lead removes a member: a withdrawal, its row kept). */
void ui_partnerships_new(struct request *req, struct page *page);
void ui_partnerships_create(struct request *req, struct page *page);
void ui_partnerships_edit(struct request *req, struct page *page);
void ui_partnerships_update(struct request *req, struct page *page);
void ui_partnerships_add_member(struct request *req, struct page *page);
void ui_partnerships_remove(struct request *req, struct page *page);

/* The funding pointers (ui_hub_funding.c): GET /hub/funding, POST
 * /hub/funding {name, url, description, source, source_url, objectives,
 * supports}, GET /hub/funding/{id}, POST /hub/funding/{id}/edit (the same
 * input), POST /hub/funding/{id}/archive. Writes: administrators only
 * (funding.maintain). */
void ui_hub_funding_index(struct request *req, struct page *page);
void ui_hub_funding_create(struct request *req, struct page *page);
void ui_hub_funding_show(struct request *req, struct page *page);
void ui_hub_funding_update(struct request *req, struct page *page);
void ui_hub_funding_archive(struct request *req, struct page *page);
/* Adds to a need's page model "funding": the pointers relevant to it. 0,
 * or -1 on a database error. */
int ui_hub_funding_need(struct request *req, json_t *model, int64_t need_id);

/* Adds the hub's section to an actor's page ("hub": its needs, offers and
 * partnerships) or a country's ("hub": the open items naming it). 0, or
 * -1 on a database error. */
int ui_hub_actor(struct request *req, json_t *model, int64_t actor_id);
int ui_hub_country(struct request *req, json_t *model, const char *iso3);

#endif
