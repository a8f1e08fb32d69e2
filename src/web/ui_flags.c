/* ui_flags.c (web) — the administrators' queue of flagged records
 * (/admin/flags and its JSON twin, one model), the answer every flag
 * write ends with (the flag forms are ui_commitments_flag.c's), and a
 * flaggable record's part of its page (ui_flags_decorate). The domain
 * (flags.h) decides, asks can() and audits; these handlers only parse and
 * answer. */
#include <stdio.h>
#include <string.h>

#include "ui_flags.h"
#include "domain/flags.h"
#include "domain/permission.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "util.h"
#include "web.h"

static const char *const states[] = {"open", "restored", "removed", NULL};

static const struct field queue_params[] = {
	{"state", FIELD_CHOICE, 0, 0, 0, states},
};

/* What the decision form sends, as valid_check reads it (flags.h checks it). */
static const struct field decide_inputs[] = {
	{"decision", FIELD_TEXT},
	{"reason", FIELD_TEXTAREA},
};

void ui_flags_answer(struct request *req, struct page *page, enum outcome o,
                     const char *location, json_t *written)
{
	if (o == OUTCOME_CONFLICT) {
		json_decref(written);
		page_error(req, page, 409, "Conflict", tr(req->locale,
		           N_("This record is flagged already, or its flag was decided.")));
		return;
	}
	if (web_outcome_error(req, page, o)) {
		json_decref(written);
		return;
	}
	page_written(req, page, strncmp(location, "/admin", 6) == 0 ? 200 : 201, location,
	             "admin_flags", written);
}

enum outcome ui_flags_raise(struct request *req, struct page *page, const char *kind, int64_t id,
                            const char *location, json_t **input, json_t *errors)
{
	static const struct ui_input inputs[] = {{"reason", UI_IN_ONE}};
	static const struct ui_input_part no_parts[] = {{NULL, NULL}};
	*input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	int64_t flag_id = 0;
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 flags_raise(req->db, req->user, kind, id, *input, errors, &flag_id);
	if (o == OUTCOME_INVALID)
		return o;
	json_decref(*input);
	json_decref(errors);
	*input = NULL;
	ui_flags_answer(req, page, o, location, json_pack("{s:I, s:s, s:I}", "flag",
	                (json_int_t)flag_id, "kind", kind, "record_id", (json_int_t)id));
	return o;
}

int ui_flags_decorate(struct request *req, json_t *model, json_t *record, const char *kind,
                      int64_t id, int64_t owner, const char *action)
{
	bool hidden = json_is_true(json_object_get(record, "hidden"));
	if (hidden) {
		if (!flags_may_see(req->user, kind, id, owner))
			return 0;
		json_t *f = flags_on(req->db, kind, id);
		if (!f)
			return -1;
		json_object_set_new(record, "flag", f);
	}
	struct object_ref obj = {kind, id, owner, false};
	bool can_flag = action && !hidden && req->user && can(req->user, ACTION_RECORD_FLAG, &obj);
	json_object_set_new(model, "can_flag", json_boolean(can_flag));
	if (can_flag)
		json_object_set_new(record, "flag_action", json_string(action));
	return 1;
}

/* The queue's model, for the page, its JSON twin and a refused decision;
 * NULL on a database error. */
static json_t *queue_model(struct request *req, const char *state)
{
	json_t *model = flags_queue(req->db, req->locale, state);
	if (!model)
		return NULL;
	json_object_set_new(model, "is_open", json_boolean(
	                    strcmp(json_string_value(json_object_get(model, "state")), "open") == 0));
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(model, "flags"), i, f) {
		const char *st = json_string_value(json_object_get(f, "state"));
		const char *label = strcmp(st, "open") == 0 ? N_("Waiting") :
		                    strcmp(st, "restored") == 0 ? N_("Restored") : N_("Removed");
		json_object_set_new(f, "state_label", json_string(tr(req->locale, label)));
	}
	web_time_texts(json_object_get(model, "flags"), "flagged_at");
	web_time_texts(json_object_get(model, "flags"), "decided_at");
	if (req->csrf_token)
		json_object_set_new(model, "csrf_token", json_string(req->csrf_token));
	return model;
}

void ui_flags_admin(struct request *req, struct page *page)
{
	if (!can(req->user, ACTION_FLAG_DECIDE, NULL)) {
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, N_("The flagged records are for administrators.")));
		return;
	}
	json_t *values, *errors;
	if (web_query_validate(req, queue_params, ARRAY_LEN(queue_params), &values, &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	json_t *model = queue_model(req, json_string_value(json_object_get(values, "state")));
	json_decref(values);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "admin_flags", model, tr(req->locale, N_("Flagged records")));
}

void ui_flags_decide(struct request *req, struct page *page)
{
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0)
		id = 0;
	json_t *errors = json_object();
	json_t *input = form_input(&req->form, decide_inputs, ARRAY_LEN(decide_inputs), errors);
	enum outcome o = flags_decide(req->db, req->user, id, input, errors);
	if (o == OUTCOME_INVALID) {
		json_t *model = queue_model(req, "open");
		if (!model) {
			json_decref(input), json_decref(errors);
			web_db_error(req, page);
			return;
		}
		page_invalid(req, page, "admin_flags", model, input, errors,
		             tr(req->locale, N_("Flagged records")));
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no such flag."));
		return;
	}
	ui_flags_answer(req, page, o, "/admin/flags", json_pack("{s:I}", "flag", (json_int_t)id));
}

