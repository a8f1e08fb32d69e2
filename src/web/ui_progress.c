/* ui_progress.c — progress updates: GET /commitments/{id}/progress (the
 * form, or the correction of an earlier update) and POST, which appends
 * the update to the commitment's timeline. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "domain/commitments.h"
#include "domain/progress.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_commitments.h"
#include "ui_progress.h"
#include "util.h"
#include "web.h"

static const struct ui_input progress_inputs[] = {
	{"reported_at", UI_IN_ONE},
	{"status", UI_IN_ONE},
	{"percent", UI_IN_ONE},
	{"milestone", UI_IN_ONE},
	{"narrative", UI_IN_ONE},
	{"evidence", UI_IN_ONE},
	{"corrects", UI_IN_ONE},
};

/* The indicator fields of the form are its "indicator_values". */
static const struct ui_input_part progress_parts[] = {
	{"indicator_", "indicator_values"},
	{NULL, NULL},
};

/* ---- reading the form ------------------------------------------------------------ */

/* The indicator values of the form: parallel indicator_id and
 * indicator_value fields; an empty value is no report. */
static json_t *read_indicator_values(const struct request *req)
{
	json_t *ids = ui_all_values(req, "indicator_id");
	json_t *values = ui_all_values(req, "indicator_value");
	json_t *list = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(values, i, v) {
		json_t *id = json_array_get(ids, i);
		if (json_string_length(v) && id)
			json_array_append_new(list, json_pack("{s:O, s:O}", "indicator_id", id,
			                                      "value", v));
	}
	json_decref(ids);
	json_decref(values);
	return list;
}

/* The progress input of a request (ui_input). New reference. */
static json_t *progress_input(const struct request *req, json_t *errors)
{
	json_t *input = ui_input(req, progress_inputs, ARRAY_LEN(progress_inputs), progress_parts,
	                         errors);
	if (!req->json_body)
		json_object_set_new(input, "indicator_values", read_indicator_values(req));
	return input;
}

/* ---- the form's model ------------------------------------------------------------ */

/* The update of the timeline with this id, or NULL. */
static json_t *find_update(json_t *updates, int64_t id)
{
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u)
		if (json_integer_value(json_object_get(u, "id")) == id)
			return u;
	return NULL;
}

/* The form's values when correcting update u: what it said, to be fixed. */
static json_t *correction_texts(const json_t *u)
{
	json_t *form = json_object();
	static const char *const keys[] = {"reported_at", "status", "percent", "milestone",
	                                   "narrative"};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		json_object_set_new(form, keys[i], ui_text(json_object_get(u, keys[i])));
	json_object_set_new(form, "evidence", ui_joined(json_object_get(u, "evidence"), "\n"));
	json_object_set_new(form, "corrects", ui_text(json_object_get(u, "id")));
	return form;
}

/* The form's texts from a progress input (as typed). */
static json_t *progress_texts(const json_t *input)
{
	json_t *form = json_object();
	for (size_t i = 0; i < ARRAY_LEN(progress_inputs); i++) {
		const char *name = progress_inputs[i].name;
		const json_t *v = json_object_get(input, name);
		json_object_set_new(form, name, strcmp(name, "evidence") == 0 ? ui_joined(v, "\n")
		                                                             : ui_text(v));
	}
	return form;
}

/* The value an indicator is given in the form: from the input's
 * indicator_values, else from the update being corrected. */
static json_t *indicator_value_of(const json_t *values, json_int_t id)
{
	char want[32];
	snprintf(want, sizeof want, "%lld", (long long)id);
	size_t i;
	json_t *v;
	json_array_foreach(values, i, v) {
		json_t *iid = ui_text(json_object_get(v, "indicator_id"));
		bool same = strcmp(json_string_value(iid), want) == 0;
		json_decref(iid);
		if (same)
			return ui_text(json_object_get(v, "value"));
	}
	return json_string("");
}

/* The commitment's indicators, each with the value the form gives it. */
static json_t *indicator_fields(const json_t *c, const json_t *values)
{
	json_t *indicators = json_array();
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(c, "indicators"), i, ind) {
		json_int_t iid = json_integer_value(json_object_get(ind, "id"));
		json_array_append_new(indicators, json_pack("{s:I, s:O*, s:O*, s:o, s:I}", "id", iid,
		                                            "name", json_object_get(ind, "name"),
		                                            "unit", json_object_get(ind, "unit"),
		                                            "value", indicator_value_of(values, iid),
		                                            "n", (json_int_t)(i + 1)));
	}
	return indicators;
}

/* The updates one may correct (those not corrected yet), the one being
 * corrected (`chosen`, an id as text, or NULL) selected. */
static json_t *correction_options(const json_t *updates, const char *chosen)
{
	json_t *corrections = json_array();
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u) {
		if (json_is_true(json_object_get(u, "corrected")))
			continue;
		json_t *uid = ui_text(json_object_get(u, "id"));
		json_array_append_new(corrections, json_pack(
			"{s:O, s:O*, s:O*, s:O*, s:b}", "value", uid, "reported_at",
			json_object_get(u, "reported_at"), "status_label", json_object_get(u, "status_label"),
			"percent", json_object_get(u, "percent"),
			"selected", chosen && strcmp(chosen, json_string_value(uid)) == 0));
		json_decref(uid);
	}
	ui_mark_numbers(corrections, "percent", "has_percent");
	return corrections;
}

/* The progress form's model for the commitment page model `cm` (stolen):
 * the commitment, "form" texts, the indicators with the values typed,
 * the statuses and the updates one may correct. `input` is what was
 * typed (NULL for a fresh form, corrects_id then preselects). */
static json_t *progress_form(struct request *req, json_t *cm, const json_t *input,
                             int64_t corrects_id)
{
	assert(cm && corrects_id >= 0);
	json_t *c = json_object_get(cm, "commitment");
	json_t *updates = json_object_get(cm, "updates");
	json_t *corrected = corrects_id ? find_update(updates, corrects_id) : NULL;
	json_t *form;
	if (input) {
		form = progress_texts(input);
	} else if (corrected) {
		form = correction_texts(corrected);
	} else {
		char today[DATE_LEN + 1];
		dates_today(today);
		form = json_pack("{s:s, s:O}", "reported_at", today, "status",
		                 json_object_get(c, "status"));
	}
	const json_t *values = input ? json_object_get(input, "indicator_values")
	                             : json_object_get(corrected, "indicator_values");
	json_t *model = ui_form_model(req);
	json_object_set_new(model, "commitment", json_pack(
		"{s:O*, s:O*, s:O*, s:s}", "id", json_object_get(c, "id"), "url", json_object_get(c, "url"),
		"title", json_object_get(json_object_get(c, "display"), "title"),
		"action", arena_printf(&req->arena, "/commitments/%lld/progress",
		                       (long long)json_integer_value(json_object_get(c, "id")))));
	json_object_set_new(model, "form", form);
	json_object_set_new(model, "indicators", indicator_fields(c, values));
	json_object_set_new(model, "statuses",
	                    web_options(req->locale, commitment_statuses, commitment_status_labels,
	                                json_string_value(json_object_get(form, "status"))));
	json_object_set_new(model, "corrections",
	                    correction_options(updates,
	                                       json_string_value(json_object_get(form, "corrects"))));
	json_object_set_new(model, "correcting", json_boolean(corrected != NULL));
	if (json_is_true(json_object_get(c, "sample")))
		json_object_set_new(model, "has_sample", json_true());
	json_decref(cm);
	return model;
}

/* The commitment page model of commitment id; NULL after setting the
 * page (404, 500). */
static json_t *commitment_model(struct request *req, struct page *page, int64_t id)
{
	json_t *cm = progress_page(req->db, req->locale, id, NULL);
	if (cm && !json_is_null(cm))
		return cm;
	if (cm)
		ui_commitments_not_found(req, page);
	else
		web_db_error(req, page);
	json_decref(cm);
	return NULL;
}

/* ---- the pages --------------------------------------------------------------------- */

void ui_progress_form(struct request *req, struct page *page)
{
	int64_t id = ui_commitments_for(req, page, ACTION_PROGRESS_ADD);
	json_t *cm = id < 0 ? NULL : commitment_model(req, page, id);
	if (!cm)
		return;
	int64_t corrects = 0;
	const char *q = req_query(req, "corrects");
	if (q && parse_int64(q, 1, INT64_MAX, &corrects) < 0)
		corrects = 0;
	json_t *model = progress_form(req, cm, NULL, corrects);
	const char *title = corrects && json_is_true(json_object_get(model, "correcting"))
	                    ? tr(req->locale, "Correct a progress update")
	                    : tr(req->locale, "Report progress");
	page_set(page, "commitments/progress", model, title);
}

/* Answers a refused progress input: the form again with what was typed,
 * or problem+json. Steals errors. */
static void progress_invalid(struct request *req, struct page *page, int64_t id,
                             const json_t *input, json_t *errors)
{
	json_t *cm = progress_page(req->db, req->locale, id, NULL);
	if (!cm || json_is_null(cm)) {
		json_decref(cm);
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	json_t *model = progress_form(req, cm, input, 0);
	json_t *values = json_incref(json_object_get(model, "form"));
	json_object_del(model, "form");
	page_invalid(req, page, "commitments/progress", model, values, errors,
	           tr(req->locale, "Report progress"));
}

void ui_progress_report(struct request *req, struct page *page)
{
	int64_t owner;
	int64_t id = ui_commitments_exists(req, page, &owner);
	if (id < 0)
		return;
	json_t *errors = json_object();
	json_t *input = progress_input(req, errors);
	int64_t uid = 0;
	enum outcome o = OUTCOME_INVALID;
	if (json_object_size(errors)) {
		json_t *more = json_object();
		progress_validate(input, NULL, more, NULL);
		ui_merge_errors(errors, more);
		json_decref(more);
	} else {
		o = progress_add(req->db, req->user, id, input, errors, NULL, &uid);
	}
	if (o == OUTCOME_INVALID) {
		progress_invalid(req, page, id, input, errors);
		json_decref(input);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = progress_get(req->db, req->locale, uid);
	if (!model || json_is_null(model)) {
		json_decref(model);
		model = json_pack("{s:I}", "id", (json_int_t)uid);
	}
	page_written(req, page, 201,
	             arena_printf(&req->arena, "/commitments/%lld#update-%lld", (long long)id,
	                          (long long)uid),
	             "commitments/show", model);
}
