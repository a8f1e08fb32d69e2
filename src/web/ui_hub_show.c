/* ui_hub_show.c — GET /hub/needs/{id} and /hub/offers/{id}: one need or
 * offer, what the reader may do with it, its matches and (a need's) the
 * offers ranked for it with their reasons; and the POSTs of the workflow
 * (assess, step, propose, answer), each answered with the item's page.
 *
 * Who sees what: from accepted on an item is public; submitted or
 * returned, only its actor's people and the reviewers (anyone else gets
 * 404, as for an item that does not exist). A public item may be flagged
 * (POST …/flag, domain/flags.h): while hidden it is 404 to the public too,
 * and its actor's people, reviewers and administrators see it marked with
 * its flag; a match with a hidden item is shown only to those who may see
 * that item, and a hidden need is ranked no offers. */
#include <stdio.h>
#include <string.h>

#include "domain/flags.h"
#include "domain/hub.h"
#include "domain/permission.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_flags.h"
#include "ui_hub.h"
#include "ui_hub_impl.h"
#include "util.h"
#include "web.h"

int64_t ui_hub_id(const struct request *req, size_t i)
{
	const char *s = req_param(req, i);
	int64_t id;
	if (!s || s[0] == '0' || strspn(s, "0123456789") != strlen(s) ||
	    parse_int64(s, 1, INT64_MAX, &id) < 0)
		return -1;
	return id;
}

const char *ui_hub_side(const struct request *req)
{
	return strncmp(req->path, "/hub/offers", 11) == 0 ? "offer" : "need";
}

static bool may(const struct request *req, enum action a, int64_t actor)
{
	struct object_ref obj = {"hub_item", 0, actor};
	return req->user && can(req->user, a, &obj);
}

static bool is(const json_t *o, const char *key, const char *code)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && strcmp(s, code) == 0;
}

/* What the reader may do on the item and on each of its matches. */
static void steps(struct request *req, json_t *model, json_t *it, int64_t actor)
{
	bool owner = may(req, ACTION_HUB_SUBMIT, actor);
	bool assessor = may(req, ACTION_HUB_ASSESS, actor);
	bool early = is(it, "status", "submitted") || is(it, "status", "returned");
	const char *status = json_string_value(json_object_get(it, "status"));
	json_object_set_new(model, "can_edit", json_boolean(owner && early));
	json_object_set_new(model, "can_assess", json_boolean(assessor &&
	                    is(it, "status", "submitted")));
	json_object_set_new(model, "can_implement", json_boolean(owner &&
	                    is(it, "status", "matched")));
	json_object_set_new(model, "can_close", json_boolean(owner && hub_public_status(status) &&
	                    !is(it, "status", "closed")));
	int64_t me = req->user ? req->user->actor_id : 0;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(model, "matches"), i, m) {
		bool need_side = json_integer_value(json_object_get(m, "need_actor")) == me &&
		                 may(req, ACTION_HUB_CONSENT, me);
		bool offer_side = json_integer_value(json_object_get(m, "offer_actor")) == me &&
		                  may(req, ACTION_HUB_CONSENT, me);
		bool waiting = json_is_true(json_object_get(m, "proposed")) &&
		               ((need_side && !json_is_true(json_object_get(m, "need_consent"))) ||
		                (offer_side && !json_is_true(json_object_get(m, "offer_consent"))));
		json_object_set_new(m, "can_answer", json_boolean(waiting));
		json_object_set_new(m, "answer_url", json_string(arena_printf(&req->arena,
		                    "/hub/matches/%lld/answer",
		                    (long long)json_integer_value(json_object_get(m, "id")))));
	}
	/* A need open to matching: the offers ranked for it, which its people
	 * and the reviewers may propose. */
	bool open = is(it, "status", "accepted") || is(it, "status", "matching") ||
	            is(it, "status", "matched");
	json_object_set_new(model, "can_propose", json_boolean(open &&
	                    is(it, "side", "need") && !json_is_true(json_object_get(it, "hidden")) &&
	                    (owner || may(req, ACTION_HUB_ASSESS, actor))));
}

/* Whether the reader may see side ("need" or "offer") of match m: shown,
 * or hidden by a flag (flags.h) from all but those who see it. */
static bool side_seen(const struct request *req, const json_t *m, const char *side)
{
	char hidden[16], id[16], actor[16];
	snprintf(hidden, sizeof hidden, "%s_hidden", side);
	snprintf(id, sizeof id, "%s_id", side);
	snprintf(actor, sizeof actor, "%s_actor", side);
	return !json_is_true(json_object_get(m, hidden)) ||
	       flags_may_see(req->user, "hub_item", json_integer_value(json_object_get(m, id)),
	                     json_integer_value(json_object_get(m, actor)));
}

/* Leaves out of the item's matches those with a hidden item the reader
 * may not see. */
static void matches_seen(const struct request *req, json_t *model)
{
	json_t *ms = json_object_get(model, "matches");
	for (size_t i = json_array_size(ms); i-- > 0;) {
		json_t *m = json_array_get(ms, i);
		if (!side_seen(req, m, "need") || !side_seen(req, m, "offer"))
			json_array_remove(ms, i);
	}
}

/* The flag's part of the page (ui_flags_decorate): 0 when the item is
 * hidden from this reader. */
static int flags_part(struct request *req, json_t *model, json_t *it, const char *side,
                      int64_t id, int64_t actor)
{
	bool public = hub_public_status(json_string_value(json_object_get(it, "status")));
	const char *action = public ? arena_printf(&req->arena, "/hub/%s/%lld/flag",
	                                           strcmp(side, "need") == 0 ? "needs" : "offers",
	                                           (long long)id) : NULL;
	int rc = ui_flags_decorate(req, model, it, "hub_item", id, actor, action);
	if (rc > 0)
		matches_seen(req, model);
	return rc;
}

json_t *ui_hub_model(struct request *req, struct page *page, const char *side, int64_t id)
{
	json_t *model = id < 0 ? json_null() : hub_get(req->db, req->locale, side, id);
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	json_t *it = json_object_get(model, "item");
	int64_t actor = json_integer_value(json_object_get(it, "actor_id"));
	/* Not yet public: its people's and the reviewers'; then, hidden by a
	 * flag: those flags_may_see lets see it. */
	bool visible = !json_is_null(model) &&
	               (hub_public_status(json_string_value(json_object_get(it, "status"))) ||
	                may(req, ACTION_HUB_SUBMIT, actor) || may(req, ACTION_HUB_ASSESS, actor));
	int seen = visible ? flags_part(req, model, it, side, id, actor) : 0;
	if (seen < 0) {
		json_decref(model);
		web_db_error(req, page);
		return NULL;
	}
	if (seen == 0) {
		json_decref(model);
		web_not_found(req, page, strcmp(side, "need") == 0 ?
		              N_("There is no need with this number.") :
		              N_("There is no offer with this number."));
		return NULL;
	}
	if (strcmp(side, "need") == 0 && hub_item_public(it) && !is(it, "status", "closed")) {
		json_t *s = hub_suggestions(req->db, req->locale, id, HUB_SUGGESTIONS);
		if (!s) {
			json_decref(model);
			web_db_error(req, page);
			return NULL;
		}
		json_object_set_new(model, "suggestions", s);
		json_t *a = hub_actor_suggestions(req->db, req->locale, id, HUB_ACTOR_SUGGESTIONS);
		if (!a) {
			json_decref(model);
			web_db_error(req, page);
			return NULL;
		}
		json_object_set_new(model, "actor_suggestions", a);
	}
	if (strcmp(side, "need") == 0 && ui_hub_funding_need(req, model, id) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return NULL;
	}
	steps(req, model, it, actor);
	return model;
}

static const char *title_of(const json_t *model)
{
	return json_string_value(json_object_get(json_object_get(model, "item"), "title"));
}

static void show(struct request *req, struct page *page, const char *side)
{
	json_t *model = ui_hub_model(req, page, side, ui_hub_id(req, 0));
	if (model)
		page_set(page, "hub/show", model, title_of(model));
}

void ui_hub_need_show(struct request *req, struct page *page)
{
	show(req, page, "need");
}

void ui_hub_offer_show(struct request *req, struct page *page)
{
	show(req, page, "offer");
}

void ui_hub_written(struct request *req, struct page *page, enum outcome o, const char *side,
                    int64_t id, int status)
{
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = ui_hub_model(req, page, side, id);
	if (model)
		page_written(req, page, status, arena_printf(&req->arena, "/hub/%s/%lld",
		             strcmp(side, "need") == 0 ? "needs" : "offers", (long long)id),
		             "hub/show", model);
}

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

/* A refused step: the item's page again with the errors (422). Steals
 * input and errors. */
static void refused(struct request *req, struct page *page, const char *side, int64_t id,
                    json_t *input, json_t *errors)
{
	json_t *model = ui_hub_model(req, page, side, id);
	if (model) {
		page_invalid(req, page, "hub/show", model, input, errors, title_of(model));
		return;
	}
	json_decref(input);
	json_decref(errors);
}

typedef enum outcome (*step_fn)(struct request *req, int64_t id, const json_t *input,
                                json_t *errors);

/* One step on the item in the path: its input read through inputs, the
 * domain call, then the item's page (or the page again with the errors). */
static void step(struct request *req, struct page *page, const struct ui_input *inputs,
                 size_t n, step_fn fn)
{
	const char *side = ui_hub_side(req);
	int64_t id = ui_hub_id(req, 0);
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, n, no_parts, errors);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND :
	                 json_object_size(errors) ? OUTCOME_INVALID : fn(req, id, input, errors);
	if (o == OUTCOME_INVALID) {
		refused(req, page, side, id, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	ui_hub_written(req, page, o, side, id, 200);
}

static enum outcome do_assess(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return hub_assess(req->db, req->user, id, in, e);
}

static enum outcome do_step(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return hub_step(req->db, req->user, id, in, e);
}

static enum outcome do_propose(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	const json_t *offer = json_object_get(in, "offer_id");
	int64_t offer_id = 0;
	if (json_is_integer(offer))
		offer_id = json_integer_value(offer);
	else if (json_is_string(offer) && parse_int64(json_string_value(offer), 1, INT64_MAX,
	                                              &offer_id) < 0)
		offer_id = 0;
	if (offer_id <= 0) {
		valid_error(e, "offer_id", N_("Choose an offer."));
		return OUTCOME_INVALID;
	}
	return hub_propose(req->db, req->user, id, offer_id, NULL);
}

void ui_hub_assess(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"decision", UI_IN_ONE}, {"notes", UI_IN_ONE}};
	step(req, page, in, ARRAY_LEN(in), do_assess);
}

void ui_hub_step(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"step", UI_IN_ONE}, {"outcome", UI_IN_ONE}};
	step(req, page, in, ARRAY_LEN(in), do_step);
}

void ui_hub_propose(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"offer_id", UI_IN_ONE}};
	step(req, page, in, ARRAY_LEN(in), do_propose);
}

/* POST /hub/needs/{id}/flag and /hub/offers/{id}/flag: the item's page
 * again with the errors for refused input, else ui_flags_raise's answer. */
void ui_hub_flag(struct request *req, struct page *page)
{
	const char *side = ui_hub_side(req);
	int64_t id = ui_hub_id(req, 0);
	/* The path names the item's side: /hub/offers/{a need} is no item. */
	json_t *it = id > 0 ? hub_get(req->db, req->locale, side, id) : json_null();
	if (!it) {
		web_db_error(req, page);
		return;
	}
	bool none = json_is_null(it);
	json_decref(it);
	json_t *errors = json_object(), *input = NULL;
	if (none) {
		json_decref(errors);
		web_outcome_error(req, page, OUTCOME_NOT_FOUND);
		return;
	}
	if (ui_flags_raise(req, page, "hub_item", id, arena_printf(&req->arena, "/hub/%s/%lld",
	                   strcmp(side, "need") == 0 ? "needs" : "offers", (long long)id),
	                   &input, errors) == OUTCOME_INVALID)
		refused(req, page, side, id, input, errors);
}

/* POST /hub/matches/{id}/answer: answered with the need's page. */
void ui_hub_answer(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"answer", UI_IN_ONE}};
	int64_t id = ui_hub_id(req, 0);
	json_t *errors = json_object();
	json_t *input = ui_input(req, in, ARRAY_LEN(in), no_parts, errors);
	const char *answer = json_string_value(json_object_get(input, "answer"));
	int64_t need = 0;
	enum outcome o = id > 0 ? hub_match_need(req->db, id, &need) : OUTCOME_NOT_FOUND;
	if (o == OUTCOME_OK)
		o = json_object_size(errors) ? OUTCOME_INVALID :
		    hub_answer(req->db, req->user, id, NULL, answer, NULL);
	if (o == OUTCOME_INVALID) {
		valid_error(errors, "answer", N_("Answer accept or decline."));
		refused(req, page, "need", need, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	ui_hub_written(req, page, o, "need", need, 200);
}
