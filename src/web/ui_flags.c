/* ui_flags.c (web) — the flag forms and the administrators' queue of
 * flagged records (/admin/flags and its JSON twin, one model). The domain
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
#include "ui_commitments_impl.h"
#include "util.h"
#include "web.h"

static const char *const states[] = {"open", "restored", "removed", NULL};

static const struct field queue_params[] = {
	{"state", FIELD_CHOICE, 0, 0, 0, states},
};

/* What the forms send, as valid_check reads it (flags.h checks it). */
static const struct field flag_inputs[] = {
	{"reason", FIELD_TEXTAREA},
};
static const struct field decide_inputs[] = {
	{"decision", FIELD_TEXT},
	{"reason", FIELD_TEXTAREA},
};

/* The answer to a write other than a refused input. */
static void answer(struct request *req, struct page *page, enum outcome o,
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

static void flag(struct request *req, struct page *page, const char *kind, int64_t id,
                 int64_t commitment)
{
	if (id <= 0 || commitment <= 0) {
		web_not_found(req, page, N_("There is no such commitment."));
		return;
	}
	json_t *errors = json_object();
	json_t *input = form_input(&req->form, flag_inputs, ARRAY_LEN(flag_inputs), errors);
	int64_t flag_id = 0;
	enum outcome o = flags_raise(req->db, req->user, kind, id, input, errors, &flag_id);
	if (o == OUTCOME_INVALID) {
		ui_commitments_refuse(req, page, commitment, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	const char *location = arena_printf(&req->arena, "/commitments/%lld", (long long)commitment);
	answer(req, page, o, location, json_pack("{s:I, s:s, s:I}", "flag",
	       (json_int_t)flag_id, "kind", kind, "record_id", (json_int_t)id));
}

void ui_flags_commitment(struct request *req, struct page *page)
{
	int64_t id = ui_path_id(req);
	flag(req, page, "commitment", id, id);
}

void ui_flags_update(struct request *req, struct page *page)
{
	int64_t update;
	if (parse_int64(req_param(req, 1), 1, INT64_MAX, &update) < 0)
		update = -1;
	flag(req, page, "progress_update", update, ui_path_id(req));
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
	answer(req, page, o, "/admin/flags", json_pack("{s:I}", "flag", (json_int_t)id));
}

int ui_flags_decorate(struct request *req, json_t *model, int64_t id, int64_t owner)
{
	json_t *c = json_object_get(model, "commitment");
	bool sees = flags_may_see(req->user, "commitment", id, owner);
	if (json_is_true(json_object_get(c, "hidden"))) {
		if (!sees)
			return 0;
		json_t *f = flags_on(req->db, "commitment", id);
		if (!f)
			return -1;
		json_object_set_new(c, "flag", f);
	}
	json_t *updates = json_object_get(model, "updates");
	for (size_t i = json_array_size(updates); i-- > 0;) {
		json_t *u = json_array_get(updates, i);
		if (!json_is_true(json_object_get(u, "hidden")))
			continue;
		if (!sees) {
			json_array_remove(updates, i);
			continue;
		}
		json_t *f = flags_on(req->db, "progress_update",
		                     json_integer_value(json_object_get(u, "id")));
		if (!f)
			return -1;
		json_object_set_new(u, "flag", f);
	}
	bool can_flag = ui_may(req, ACTION_RECORD_FLAG, id, owner);
	json_object_set_new(model, "can_flag", json_boolean(can_flag));
	if (!can_flag)
		return 1;
	char action[96];
	snprintf(action, sizeof action, "/commitments/%lld/flag", (long long)id);
	json_object_set_new(c, "flag_action", json_string(action));
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u) {
		snprintf(action, sizeof action, "/commitments/%lld/updates/%lld/flag", (long long)id,
		         (long long)json_integer_value(json_object_get(u, "id")));
		json_object_set_new(u, "flag_action", json_string(action));
	}
	return 1;
}
