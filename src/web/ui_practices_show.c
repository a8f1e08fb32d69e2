/* ui_practices_show.c — GET /practices/{id}: one practice, its
 * translations and, for those who take part, its review; and the POSTs of
 * each step (submit, answer, declare, decide, archive, translate, approve
 * a translation), each answered with the practice's page.
 *
 * Who sees what: a published or archived practice is public; one in any
 * other status exists only for its actor's people, the roster's reviewers
 * and administrators (anyone else gets 404, as for a practice that does
 * not exist). The review is shown to those same people. A practice
 * hidden by a flag (domain/flags.h) is 404 to the public too; its actor's
 * people, reviewers and administrators see it marked with its flag. */
#include <stdio.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/permission.h"
#include "domain/practices.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_practices.h"
#include "ui_practices_impl.h"
#include "ui_flags.h"
#include "util.h"
#include "web.h"

int64_t ui_practice_id(const struct request *req, size_t i)
{
	const char *s = req_param(req, i);
	int64_t id;
	if (!s || s[0] == '0' || strspn(s, "0123456789") != strlen(s) ||
	    parse_int64(s, 1, INT64_MAX, &id) < 0)
		return -1;
	return id;
}

void ui_practices_not_found(struct request *req, struct page *page)
{
	web_not_found(req, page, N_("There is no practice with this number."));
}

static bool may(const struct request *req, enum action a, int64_t actor)
{
	struct object_ref obj = {"practice", 0, actor};
	return req->user && can(req->user, a, &obj);
}

static bool is(const char *s, const char *code)
{
	return s && strcmp(s, code) == 0;
}

/* Whether the reader takes part in the practice's life: its actor's
 * people, the roster, administrators. -1 on a database error. */
static int insider(struct request *req, int64_t actor, bool *on_roster, bool *tie_break)
{
	*on_roster = false;
	*tie_break = false;
	if (!req->user)
		return 0;
	if (practices_on_roster(req->db, req->user->id, on_roster, tie_break) < 0)
		return -1;
	return may(req, ACTION_PRACTICE_SUBMIT, actor) || *on_roster ||
	       can(req->user, ACTION_PRACTICE_ROSTER, NULL);
}

/* What the reader may do on the review: declare, or decide. */
static void reviewer_steps(struct request *req, json_t *model, json_t *p, int64_t actor,
                           bool on_roster)
{
	const char *status = json_string_value(json_object_get(p, "status"));
	bool open = is(status, "submitted") || is(status, "in_review");
	int64_t me = req->user ? req->user->id : 0;
	bool reviewer = open && on_roster && may(req, ACTION_PRACTICE_REVIEW, actor) &&
	                json_integer_value(json_object_get(p, "created_by")) != me;
	json_t *review = json_object_get(p, "review");
	bool declared = false, conflict = false, decided = false;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(review, "declarations"), i, d)
		if (json_integer_value(json_object_get(d, "user_id")) == me) {
			declared = true;
			conflict = json_integer_value(json_object_get(d, "conflict")) != 0;
		}
	json_int_t round = json_integer_value(json_object_get(p, "round"));
	json_array_foreach(json_object_get(review, "decisions"), i, d)
		decided |= json_integer_value(json_object_get(d, "user_id")) == me &&
		           json_integer_value(json_object_get(d, "round")) == round;
	json_object_set_new(model, "can_declare", json_boolean(reviewer && !declared));
	json_object_set_new(model, "can_decide",
	                    json_boolean(reviewer && declared && !conflict && !decided));
	json_object_set_new(model, "declared_conflict", json_boolean(declared && conflict));
	if (reviewer) {
		json_t *choices = json_array();
		for (size_t k = 0; practice_decisions[k]; k++)
			json_array_append_new(choices, json_pack("{s:s, s:s}", "code",
			                      practice_decisions[k], "label",
			                      tr(req->locale, practice_decision_labels[k])));
		json_object_set_new(model, "decisions", choices);
	}
}

/* A flag's part of the page (ui_flags_decorate, on its hidden_at): 0 when
 * the practice is hidden and the reader may not see it (404 as for any
 * other), else 1 with its flag for those who see it hidden and the flag
 * form for those who may flag it (a public one, not hidden yet); -1 on a
 * database error. */
static int flags_decorate(struct request *req, json_t *model, json_t *p, int64_t id,
                          int64_t actor, bool public)
{
	bool hidden = !json_is_null(json_object_get(p, "hidden_at"));
	json_object_del(p, "hidden_at");
	json_object_set_new(p, "hidden", json_boolean(hidden));
	return ui_flags_decorate(req, model, p, "practice", id, actor, public ?
	                         arena_printf(&req->arena, "/practices/%lld/flag", (long long)id) :
	                         NULL);
}

json_t *ui_practices_model(struct request *req, struct page *page, int64_t id)
{
	json_t *model = id > 0 ? practices_get(req->db, req->locale, id) : json_null();
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		ui_practices_not_found(req, page);
		return NULL;
	}
	json_t *p = json_object_get(model, "practice");
	int64_t actor = json_integer_value(json_object_get(json_object_get(p, "actor"), "id"));
	const char *status = json_string_value(json_object_get(p, "status"));
	bool public = is(status, "published") || is(status, "archived");
	bool on_roster, tie_break;
	int in = insider(req, actor, &on_roster, &tie_break);
	if (in < 0) {
		json_decref(model);
		web_db_error(req, page);
		return NULL;
	}
	int seen = public || in ? flags_decorate(req, model, p, id, actor, public) : 0;
	if (seen <= 0) {
		json_decref(model);
		if (seen < 0)
			web_db_error(req, page);
		else
			ui_practices_not_found(req, page);
		return NULL;
	}
	if (!in) {
		json_object_del(p, "review");
		json_object_del(p, "created_by");
	}
	else
		json_object_set_new(model, "show_review", json_true());
	bool writer = may(req, ACTION_PRACTICE_SUBMIT, actor);
	json_object_set_new(model, "can_edit", json_boolean(writer && (is(status, "draft") ||
	                    is(status, "changes_requested") || is(status, "published"))));
	json_object_set_new(model, "can_submit", json_boolean(writer && (is(status, "draft") ||
	                    is(status, "changes_requested"))));
	json_object_set_new(model, "can_answer", json_boolean(writer &&
	                    is(status, "changes_requested")));
	json_object_set_new(model, "can_archive", json_boolean(writer && (is(status, "published") ||
	                    is(status, "rejected"))));
	json_object_set_new(model, "can_translate", json_boolean(is(status, "published") &&
	                    may(req, ACTION_TRANSLATION_PROPOSE, actor)));
	bool approver = may(req, ACTION_TRANSLATION_APPROVE, actor);
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(p, "proposed"), i, t)
		json_object_set_new(t, "can_approve", json_boolean(approver &&
		                    json_integer_value(json_object_get(t, "proposed_by")) !=
		                    req->user->id));
	if (!in && !approver)
		json_object_set_new(p, "proposed", json_array());
	reviewer_steps(req, model, p, actor, on_roster);
	json_object_set_new(p, "has_end_year", json_boolean(json_is_integer(
		json_object_get(p, "end_year"))));
	static const char *const lists[] = {"partners", "links", "commitments", "translations",
	                                    "proposed", "regions", "countries", "principles"};
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		char key[32];
		snprintf(key, sizeof key, "has_%s", lists[k]);
		json_object_set_new(p, key, json_boolean(json_array_size(json_object_get(p, lists[k]))));
	}
	json_t *review = json_object_get(p, "review");
	static const char *const parts[] = {"messages", "decisions", "declarations"};
	for (size_t k = 0; review && k < ARRAY_LEN(parts); k++) {
		char key[32];
		snprintf(key, sizeof key, "has_%s", parts[k]);
		json_object_set_new(review, key,
		                    json_boolean(json_array_size(json_object_get(review, parts[k]))));
	}
	web_time_texts(p, "published_at");
	web_time_texts(json_object_get(json_object_get(p, "review"), "messages"), "created_at");
	web_time_texts(json_object_get(p, "translations"), "approved_at");
	return model;
}

const char *ui_practices_title(struct request *req, const json_t *model)
{
	const char *title = json_string_value(json_object_get(json_object_get(model, "practice"),
	                                                      "title"));
	return title ? title : tr(req->locale, "Good practice");
}

void ui_practices_show(struct request *req, struct page *page)
{
	json_t *model = ui_practices_model(req, page, ui_practice_id(req, 0));
	if (model)
		page_set(page, "practices/show", model, ui_practices_title(req, model));
}

/* ---- The steps ---------------------------------------------------------------------- */

void ui_practices_written(struct request *req, struct page *page, enum outcome o, int64_t id,
                          int status)
{
	if (o == OUTCOME_NOT_FOUND) {
		ui_practices_not_found(req, page);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = ui_practices_model(req, page, id);
	if (model)
		page_written(req, page, status, arena_printf(&req->arena, "/practices/%lld",
		             (long long)id), "practices/show", model);
}

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

/* Refused input to a step on practice id: its page again, with input and
 * errors (taken). */
static void refuse(struct request *req, struct page *page, int64_t id, json_t *input,
                   json_t *errors)
{
	json_t *model = ui_practices_model(req, page, id);
	if (model)
		page_invalid(req, page, "practices/show", model, input, errors,
		             ui_practices_title(req, model));
	else
		json_decref(input), json_decref(errors);
}

/* One step: a domain call on the practice in the path, with the request's
 * input read through `inputs` (none: n 0). */
typedef enum outcome (*step_fn)(struct request *req, int64_t id, const json_t *input,
                                json_t *errors);

static void step(struct request *req, struct page *page, const struct ui_input *inputs, size_t n,
                 step_fn fn)
{
	int64_t id = ui_practice_id(req, 0);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : practices_owner(req->db, id, NULL, NULL, NULL);
	if (o == OUTCOME_NOT_FOUND) {
		ui_practices_not_found(req, page);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *errors = json_object();
	json_t *input = n ? ui_input(req, inputs, n, no_parts, errors) : json_object();
	o = json_object_size(errors) ? OUTCOME_INVALID : fn(req, id, input, errors);
	if (o == OUTCOME_INVALID) {
		refuse(req, page, id, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	ui_practices_written(req, page, o, id, 200);
}

static enum outcome do_submit(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return practices_submit(req->db, req->user, id);
}

static enum outcome do_archive(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return practices_archive(req->db, req->user, id);
}

static enum outcome do_answer(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return practices_answer(req->db, req->user, id, in, e);
}

static enum outcome do_declare(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return practices_declare(req->db, req->user, id, in, e);
}

static enum outcome do_decide(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return practices_decide(req->db, req->user, id, in, e);
}

static enum outcome do_translate(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	return practices_translation_propose(req->db, req->user, id, in, e, NULL);
}

static enum outcome do_approve(struct request *req, int64_t id, const json_t *in, json_t *e)
{
	int64_t tid = ui_practice_id(req, 1);
	return tid < 0 ? OUTCOME_NOT_FOUND :
	       practices_translation_approve(req->db, req->user, id, tid);
}

void ui_practices_submit(struct request *req, struct page *page)
{
	step(req, page, NULL, 0, do_submit);
}

void ui_practices_archive(struct request *req, struct page *page)
{
	step(req, page, NULL, 0, do_archive);
}

void ui_practices_answer(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {{"body", UI_IN_ONE}};
	step(req, page, inputs, ARRAY_LEN(inputs), do_answer);
}

void ui_practices_declare(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {{"conflict", UI_IN_ONE}, {"statement", UI_IN_ONE}};
	step(req, page, inputs, ARRAY_LEN(inputs), do_declare);
}

void ui_practices_decide(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {{"decision", UI_IN_ONE}, {"comment", UI_IN_ONE}};
	step(req, page, inputs, ARRAY_LEN(inputs), do_decide);
}

void ui_practices_translate(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {
		{"lang", UI_IN_ONE}, {"title", UI_IN_ONE}, {"summary", UI_IN_ONE},
		{"context", UI_IN_ONE}, {"actions", UI_IN_ONE}, {"results", UI_IN_ONE},
		{"lessons", UI_IN_ONE},
	};
	step(req, page, inputs, ARRAY_LEN(inputs), do_translate);
}

void ui_practices_approve_translation(struct request *req, struct page *page)
{
	step(req, page, NULL, 0, do_approve);
}

void ui_practices_flag(struct request *req, struct page *page)
{
	int64_t id = ui_practice_id(req, 0);
	json_t *errors = json_object(), *input = NULL;
	if (ui_flags_raise(req, page, "practice", id, arena_printf(&req->arena, "/practices/%lld",
	                   (long long)id), &input, errors) == OUTCOME_INVALID)
		refuse(req, page, id, input, errors);
}
