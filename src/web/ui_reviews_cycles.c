/* ui_reviews_cycles.c — GET /reviews (the cycles), GET /reviews/{cycle}
 * (one cycle and its reviews) with the administrators' edit of its dates,
 * the written inputs of a cycle and their moderation (and flagging, an
 * accepted one: domain/flags.h), and the Atom feed of reviews, inputs and
 * assessments. */
#include <stdio.h>
#include <string.h>

#include "domain/assessments.h"
#include "domain/codes.h"
#include "domain/flags.h"
#include "domain/permission.h"
#include "domain/reviews.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_flags.h"
#include "ui_reviews.h"
#include "util.h"
#include "web.h"

#define FEED_ENTRIES 50
#define FEED_TAG "tag:pacte,2018-12-10:"

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

void ui_reviews_index(struct request *req, struct page *page)
{
	json_t *model = reviews_cycles(req->db, req->locale, NULL);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "feed_url", json_string("/feeds/reviews.atom"));
	page_set(page, "reviews/cycles", model, tr(req->locale, "Review cycles"));
}

static void cycle_not_found(struct request *req, struct page *page)
{
	web_not_found(req, page, N_("There is no review cycle with this name."));
}

/* The cycle's page model for this reader: can_start (a focal point whose
 * state may start a review: the form names it), can_edit (the dates). */
static json_t *cycle_model(struct request *req, struct page *page, const char *id)
{
	json_t *model = reviews_cycle_get(req->db, req->locale, id, NULL);
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		cycle_not_found(req, page);
		return NULL;
	}
	json_t *cycle = json_object_get(model, "cycle");
	const struct user *u = req->user;
	struct object_ref own = {"review", 0, u ? u->actor_id : 0};
	bool prepare = u && u->actor_is_state && can(u, ACTION_REVIEW_PREPARE, &own);
	json_object_set_new(model, "can_start", json_boolean(prepare &&
	                    json_is_true(json_object_get(cycle, "open"))));
	if (prepare)
		json_object_set_new(model, "my_iso3", json_string(u->actor_country));
	json_object_set_new(model, "can_edit", json_boolean(u && can(u, ACTION_REVIEW_CYCLE, NULL)));
	json_object_set_new(model, "has_reviews",
	                    json_boolean(json_array_size(json_object_get(model, "reviews"))));
	json_object_set_new(model, "feed_url", json_string("/feeds/reviews.atom"));
	json_object_set(model, "page_title", json_object_get(cycle, "title"));
	return model;
}

static const char *cycle_title(const json_t *model)
{
	return json_string_value(json_object_get(json_object_get(model, "cycle"), "title"));
}

void ui_reviews_cycle(struct request *req, struct page *page)
{
	json_t *model = cycle_model(req, page, req_param(req, 0));
	if (model)
		page_set(page, "reviews/cycle", model, cycle_title(model));
}

/* One of this file's pages, what it is about (a cycle), and what to say
 * when a write finds nothing. */
struct cycle_page {
	json_t *(*model)(struct request *req, struct page *page, const char *cycle);
	const char *template_name, *path_suffix, *missing_msgid;
};

/* The end of a write on a cycle's page p: the page with the errors (422),
 * 404, 403, 409, or the page again (303 for a browser, 200 with its model
 * for the API). Steals input and errors. */
static void written(struct request *req, struct page *page, const struct cycle_page *p,
                    const char *cycle, enum outcome o, json_t *input, json_t *errors)
{
	if (o == OUTCOME_INVALID) {
		json_t *model = p->model(req, page, cycle);
		if (model)
			page_invalid(req, page, p->template_name, model, input, errors,
			             json_string_value(json_object_get(model, "page_title")));
		else
			json_decref(input), json_decref(errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, p->missing_msgid);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = p->model(req, page, cycle);
	if (model)
		page_written(req, page, 200, arena_printf(&req->arena, "/reviews/%s%s", cycle,
		             p->path_suffix),
		             p->template_name, model);
}

static const struct cycle_page cycle_page = {
	cycle_model, "reviews/cycle", "", N_("There is no review cycle with this name."),
};

void ui_reviews_cycle_edit(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {
		{"period_start", UI_IN_ONE}, {"period_end", UI_IN_ONE}, {"opens", UI_IN_ONE},
		{"closes", UI_IN_ONE},
	};
	const char *id = req_param(req, 0);
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 reviews_cycle_update(req->db, req->user, id, input, errors);
	written(req, page, &cycle_page, id, o, input, errors);
}

/* ---- Written inputs ------------------------------------------------------------------- */

/* A flag's part of an input in the list: the flag of a hidden one (only
 * a moderator's list holds those), the flag form on an accepted one for
 * whoever may flag it. -1 on a database error. */
static int input_flags(struct request *req, json_t *in)
{
	json_int_t id = json_integer_value(json_object_get(in, "id"));
	if (json_is_true(json_object_get(in, "hidden"))) {
		json_t *f = flags_on(req->db, "review_input", id);
		if (!f)
			return -1;
		json_object_set_new(in, "flag", f);
		return 0;
	}
	struct object_ref obj = {"review_input", id,
	                         json_integer_value(json_object_get(in, "actor_id"))};
	const char *status = json_string_value(json_object_get(in, "status"));
	if (req->user && status && strcmp(status, "accepted") == 0 &&
	    can(req->user, ACTION_RECORD_FLAG, &obj))
		json_object_set_new(in, "flag_action", json_string(arena_printf(&req->arena,
		                    "/review-inputs/%lld/flag", (long long)id)));
	return 0;
}

static json_t *inputs_model(struct request *req, struct page *page, const char *id)
{
	json_t *model = cycle_model(req, page, id);
	if (!model)
		return NULL;
	bool moderator = req->user && can(req->user, ACTION_INPUT_MODERATE, NULL);
	json_t *inputs = reviews_inputs(req->db, req->locale, id, NULL, moderator);
	if (!inputs) {
		json_decref(model);
		web_db_error(req, page);
		return NULL;
	}
	json_t *list = json_object_get(inputs, "inputs");
	size_t i;
	json_t *in;
	json_array_foreach(list, i, in) {
		json_object_set_new(in, "about_label", code_label_json(req->locale, review_input_abouts,
		                    review_input_about_labels,
		                    json_string_value(json_object_get(in, "about"))));
		json_object_set_new(in, "status_label", code_label_json(req->locale,
		                    review_input_statuses, review_input_status_labels,
		                    json_string_value(json_object_get(in, "status"))));
		json_object_set_new(in, "can_decide", json_boolean(moderator &&
		                    json_is_true(json_object_get(in, "pending"))));
		if (input_flags(req, in) < 0) {
			json_decref(inputs);
			json_decref(model);
			web_db_error(req, page);
			return NULL;
		}
	}
	json_object_set(model, "inputs", list);
	json_object_set_new(model, "has_inputs", json_boolean(json_array_size(list)));
	json_decref(inputs);
	const struct user *u = req->user;
	struct object_ref own = {"review_input", 0, u ? u->actor_id : 0};
	json_object_set_new(model, "can_submit_input", json_boolean(u && !u->actor_is_state &&
	                    can(u, ACTION_INPUT_SUBMIT, &own) &&
	                    json_is_true(json_object_get(json_object_get(model, "cycle"), "open"))));
	json_t *abouts = json_array();
	for (size_t k = 0; review_input_abouts[k]; k++)
		json_array_append_new(abouts, json_pack("{s:s, s:s}", "value", review_input_abouts[k],
		                      "label", tr(req->locale, review_input_about_labels[k])));
	json_object_set_new(model, "abouts", abouts);
	json_object_set_new(model, "page_title", json_string(tr(req->locale, "Written inputs")));
	return model;
}

void ui_reviews_inputs(struct request *req, struct page *page)
{
	json_t *model = inputs_model(req, page, req_param(req, 0));
	if (model)
		page_set(page, "reviews/inputs", model, tr(req->locale, "Written inputs"));
}

static const struct cycle_page inputs_page = {
	inputs_model, "reviews/inputs", "/inputs",
	N_("There is no written input with this number."),
};

void ui_reviews_input_submit(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {
		{"about", UI_IN_ONE}, {"objective", UI_IN_ONE}, {"iso3", UI_IN_ONE},
		{"title", UI_IN_ONE}, {"body", UI_IN_ONE},
	};
	const char *cycle = req_param(req, 0);
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 reviews_input_submit(req->db, req->user, cycle, input, NULL, errors, NULL);
	written(req, page, &inputs_page, cycle, o, input, errors);
}

void ui_reviews_input_decide(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {{"decision", UI_IN_ONE}, {"reason", UI_IN_ONE}};
	const char *s = req_param(req, 0);
	int64_t id = 0;
	if (!s || strspn(s, "0123456789") != strlen(s) || parse_int64(s, 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("There is no written input with this number."));
		return;
	}
	char cycle[REVIEW_CYCLE_ID_MAX + 1];
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 reviews_input_decide(req->db, req->user, id, input, errors);
	/* The list to answer with is the input's cycle's. */
	if (reviews_input_cycle(req->db, id, cycle) < 0) {
		json_decref(input), json_decref(errors);
		web_db_error(req, page);
		return;
	}
	if (!*cycle)
		o = OUTCOME_NOT_FOUND;
	written(req, page, &inputs_page, cycle, o, input, errors);
}

void ui_reviews_input_flag(struct request *req, struct page *page)
{
	const char *s = req_param(req, 0);
	int64_t id = 0;
	char cycle[REVIEW_CYCLE_ID_MAX + 1];
	if (!s || strspn(s, "0123456789") != strlen(s) || parse_int64(s, 1, INT64_MAX, &id) < 0 ||
	    reviews_input_cycle(req->db, id, cycle) < 0 || !*cycle) {
		web_not_found(req, page, N_("There is no written input with this number."));
		return;
	}
	json_t *errors = json_object(), *input = NULL;
	if (ui_flags_raise(req, page, "review_input", id, arena_printf(&req->arena,
	                   "/reviews/%s/inputs#input-%lld", cycle, (long long)id), &input,
	                   errors) == OUTCOME_INVALID)
		written(req, page, &inputs_page, cycle, OUTCOME_INVALID, input, errors);
}

/* ---- The feed ------------------------------------------------------------------------ */

void ui_reviews_feed(struct request *req, struct page *page)
{
	json_t *model = reviews_feed(req->db, req->locale, FEED_ENTRIES);
	json_t *assessed = model ? assessments_latest(req->db, req->locale, FEED_ENTRIES) : NULL;
	if (!assessed) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	json_t *entries = json_array();
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(model, "reviews"), i, e) {
		json_t *args = json_pack("{s:O, s:O}", "country", json_object_get(e, "name"),
		                         "cycle", json_object_get(e, "cycle_id"));
		json_array_append_new(entries, json_pack("{s:s, s:s, s:O, s:O, s:s}",
			"entry_id", arena_printf(&req->arena, FEED_TAG "review/%lld",
			                         (long long)json_integer_value(json_object_get(e, "id"))),
			"title", web_format(req, N_("Voluntary review: {country}, {cycle}"), args),
			"url", json_object_get(e, "url"), "at", json_object_get(e, "at"), "summary", ""));
		json_decref(args);
	}
	json_array_foreach(json_object_get(model, "inputs"), i, e)
		json_array_append_new(entries, json_pack("{s:s, s:O, s:O, s:O, s:O}",
			"entry_id", arena_printf(&req->arena, FEED_TAG "review_input/%lld",
			                         (long long)json_integer_value(json_object_get(e, "id"))),
			"title", json_object_get(e, "title"), "url", json_object_get(e, "url"),
			"at", json_object_get(e, "at"), "summary", json_object_get(e, "body")));
	json_array_foreach(assessed, i, e)
		json_array_append_new(entries, json_pack("{s:s, s:O, s:s, s:O, s:O}",
			"entry_id", arena_printf(&req->arena, FEED_TAG "assessment/%lld",
			                         (long long)json_integer_value(json_object_get(e, "id"))),
			"title", json_object_get(e, "commitment_title"),
			"url", arena_printf(&req->arena, "/commitments/%lld", (long long)
			                    json_integer_value(json_object_get(e, "commitment_id"))),
			"at", json_object_get(e, "created_at"), "summary",
			json_object_get(e, "completion_label")));
	json_decref(assessed);
	json_decref(model);
	const char *title = tr(req->locale, "Pacte: voluntary reviews, written inputs and assessments");
	/* A feed with no entry yet still needs an <updated>: the Compact's day. */
	const char *updated = "2018-12-10T00:00:00.000Z";
	json_array_foreach(entries, i, e) {
		const char *at = json_string_value(json_object_get(e, "at"));
		if (at && strcmp(at, updated) > 0)
			updated = at;
	}
	json_t *doc = json_pack("{s:o, s:s, s:s, s:s}", "entries", entries, "feed_title", title,
	                        "feed_id", FEED_TAG "feeds/reviews", "updated", updated);
	page_document(page, "feeds/reviews.atom", doc, title, "application/atom+xml; charset=utf-8");
}
