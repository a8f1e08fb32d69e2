/* ui_practices_review.c — GET /review (each reviewer's queue), the roster
 * administrators keep (/review/roster, /review/settings), and the calls
 * for practices (/calls, /calls/new, /calls/{id}). */
#include <string.h>

#include "domain/permission.h"
#include "domain/practices.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_practices.h"
#include "ui_practices_impl.h"
#include "util.h"
#include "web.h"

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

/* ---- The queue ------------------------------------------------------------------- */

void ui_practices_review(struct request *req, struct page *page)
{
	bool on, tie_break;
	bool admin = can(req->user, ACTION_PRACTICE_ROSTER, NULL);
	if (practices_on_roster(req->db, req->user->id, &on, &tie_break) < 0) {
		web_db_error(req, page);
		return;
	}
	if (!on && !admin) {
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "Only the reviewers on the roster have a review queue."));
		return;
	}
	json_t *queue = on ? practices_queue(req->db, req->locale, req->user->id) : json_array();
	if (!queue) {
		web_db_error(req, page);
		return;
	}
	web_time_texts(queue, "submitted_at");
	json_t *model = json_pack("{s:o, s:b, s:b, s:b, s:b}", "queue", queue, "on_roster", on,
	                          "tie_break", tie_break, "can_keep_roster", admin,
	                          "has_queue", json_array_size(queue) > 0);
	page_set(page, "practices/review", model, tr(req->locale, "Review queue"));
}

/* ---- The roster ------------------------------------------------------------------- */

static bool keeper(struct request *req, struct page *page)
{
	if (can(req->user, ACTION_PRACTICE_ROSTER, NULL))
		return true;
	page_error(req, page, 403, "Forbidden",
	           tr(req->locale, "Only administrators keep the reviewer roster."));
	return false;
}

static json_t *roster_model(struct request *req)
{
	json_t *roster = practices_roster(req->db);
	if (!roster)
		return NULL;
	json_t *model = ui_form_model(req);
	json_object_update(model, roster);
	json_decref(roster);
	json_object_set_new(model, "has_reviewers",
	                    json_boolean(json_array_size(json_object_get(model, "reviewers")) > 0));
	return model;
}

static void show_roster(struct request *req, struct page *page, json_t *values, json_t *errors)
{
	json_t *model = roster_model(req);
	if (!model) {
		json_decref(values);
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	if (errors)
		page_invalid(req, page, "practices/roster", model, values, errors,
		             tr(req->locale, "Reviewer roster"));
	else
		page_set(page, "practices/roster", model, tr(req->locale, "Reviewer roster"));
}

void ui_practices_roster(struct request *req, struct page *page)
{
	if (keeper(req, page))
		show_roster(req, page, NULL, NULL);
}

/* A roster write's end: the roster page again, or the refusal. */
static void roster_written(struct request *req, struct page *page, enum outcome o,
                           json_t *input, json_t *errors)
{
	if (o == OUTCOME_INVALID) {
		show_roster(req, page, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("This account is not on the roster."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = roster_model(req);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_written(req, page, 200, "/review/roster", "practices/roster", model);
}

void ui_practices_roster_add(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {{"email", UI_IN_ONE}, {"tie_break", UI_IN_ONE}};
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 practices_roster_add(req->db, req->user, input, errors);
	roster_written(req, page, o, input, errors);
}

void ui_practices_roster_remove(struct request *req, struct page *page)
{
	int64_t user = ui_practice_id(req, 0);
	enum outcome o = user < 0 ? OUTCOME_NOT_FOUND :
	                 practices_roster_remove(req->db, req->user, user);
	roster_written(req, page, o, NULL, NULL);
}

void ui_practices_settings(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {{"required_approvals", UI_IN_ONE}};
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 practices_set_approvals(req->db, req->user, input, errors);
	roster_written(req, page, o, input, errors);
}

/* ---- Calls for practices ------------------------------------------------------------ */

void ui_calls_index(struct request *req, struct page *page)
{
	json_t *model = calls_list(req->db, req->locale, NULL);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "can_open", json_boolean(req->user &&
	                    can(req->user, ACTION_CALL_OPEN, NULL)));
	json_object_set_new(model, "has_calls",
	                    json_boolean(json_array_size(json_object_get(model, "calls")) > 0));
	page_set(page, "practices/calls", model, tr(req->locale, "Calls for practices"));
}

void ui_calls_show(struct request *req, struct page *page)
{
	int64_t id = ui_practice_id(req, 0);
	json_t *model = id > 0 ? calls_get(req->db, req->locale, id, NULL) : json_null();
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no call for practices with this number."));
		return;
	}
	json_t *c = json_object_get(model, "call");
	json_object_set_new(c, "has_received", json_boolean(json_array_size(json_object_get(c,
	                    "received")) > 0));
	json_object_set_new(c, "has_published", json_boolean(json_array_size(json_object_get(c,
	                    "published")) > 0));
	const char *title = json_string_value(json_object_get(c, "theme"));
	page_set(page, "practices/call", model, title ? title : tr(req->locale, "Call for practices"));
}

static bool opener(struct request *req, struct page *page)
{
	if (can(req->user, ACTION_CALL_OPEN, NULL))
		return true;
	page_error(req, page, 403, "Forbidden",
	           tr(req->locale, "Only reviewers and administrators open calls for practices."));
	return false;
}

static json_t *call_form(struct request *req)
{
	json_t *choices = practices_choices(req->db, req->locale);
	if (!choices)
		return NULL;
	json_t *model = ui_form_model(req);
	json_object_set(model, "objectives", json_object_get(choices, "objectives"));
	json_decref(choices);
	return model;
}

void ui_calls_new(struct request *req, struct page *page)
{
	if (!opener(req, page))
		return;
	json_t *model = call_form(req);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "practices/call_form", model, tr(req->locale, "Open a call for practices"));
}

void ui_calls_create(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {
		{"theme", UI_IN_ONE}, {"description", UI_IN_ONE}, {"objectives", UI_IN_MANY},
		{"langs", UI_IN_IDS}, {"deadline", UI_IN_ONE},
	};
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	int64_t id = 0;
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 calls_open(req->db, req->user, input, errors, &id);
	if (o == OUTCOME_INVALID) {
		json_t *model = call_form(req);
		if (!model) {
			json_decref(input);
			json_decref(errors);
			web_db_error(req, page);
			return;
		}
		ui_mark(json_object_get(model, "objectives"), "number",
		        json_object_get(input, "objectives"), "checked");
		json_t *values = json_object();
		json_object_set_new(values, "theme", ui_text(json_object_get(input, "theme")));
		json_object_set_new(values, "description",
		                    ui_text(json_object_get(input, "description")));
		json_object_set_new(values, "langs", ui_joined(json_object_get(input, "langs"), ", "));
		json_object_set_new(values, "deadline", ui_text(json_object_get(input, "deadline")));
		json_decref(input);
		page_invalid(req, page, "practices/call_form", model, values, errors,
		             tr(req->locale, "Open a call for practices"));
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = calls_get(req->db, req->locale, id, NULL);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_written(req, page, 201, arena_printf(&req->arena, "/calls/%lld", (long long)id),
	             "practices/call", model);
}
