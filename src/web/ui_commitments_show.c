/* ui_commitments_show.c — GET /commitments/{id}: one commitment, its SMART
 * flags, indicators and timeline, and what the reader may do to it. */
#include <assert.h>
#include <stdio.h>

#include "ui_admin.h"
#include "domain/commitments.h"
#include "domain/events.h"
#include "domain/progress.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_commitments.h"
#include "ui_commitments_impl.h"
#include "ui_reviews.h"
#include "util.h"
#include "web.h"

/* Sets "has_KEY" on obj for each of its array keys that is not empty, so
 * a template shows a list's heading only with the list. */
static void mark_lists(json_t *obj, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char has[64];
		int len = snprintf(has, sizeof has, "has_%s", keys[i]);
		assert(len > 0 && (size_t)len < sizeof has);
		json_object_set_new(obj, has, json_boolean(json_array_size(json_object_get(obj, keys[i])) > 0));
	}
}

/* What the page adds to each update of the timeline: whether a number is
 * there to show, and whether the reader may correct it. */
static void decorate_timeline(json_t *updates, bool can_report)
{
	static const char *const lists[] = {"indicator_values", "evidence"};
	ui_mark_numbers(updates, "percent", "has_percent");
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u) {
		json_object_set_new(u, "can_correct",
		                    json_boolean(can_report && !json_is_true(json_object_get(u, "corrected"))));
		ui_mark_numbers(json_object_get(u, "indicator_values"), "value", "has_value");
		mark_lists(u, lists, ARRAY_LEN(lists));
	}
}

json_t *ui_commitments_model(struct request *req, struct page *page, int64_t id)
{
	json_t *model = id > 0 ? progress_page(req->db, req->locale, id, NULL) : json_null();
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		ui_commitments_not_found(req, page);
		return NULL;
	}
	json_t *c = json_object_get(model, "commitment");
	int64_t owner = json_integer_value(json_object_get(json_object_get(c, "owner"), "id"));
	/* A flagged commitment is 404 to the public; its owner's people,
	 * reviewers and administrators see it marked (ui_commitments_flag.c). */
	int seen = ui_commitments_flags_decorate(req, model, id, owner);
	if (seen <= 0) {
		json_decref(model);
		if (seen < 0)
			web_db_error(req, page);
		else
			ui_commitments_not_found(req, page);
		return NULL;
	}
	/* A withdrawn commitment is kept as it was: nothing more is done to it. */
	bool open = json_is_null(json_object_get(c, "withdrawn"));
	bool can_edit = open && ui_may(req, ACTION_COMMITMENT_EDIT, id, owner);
	bool can_report = open && ui_may(req, ACTION_PROGRESS_ADD, id, owner);
	json_object_set_new(model, "can_edit", json_boolean(can_edit));
	json_object_set_new(model, "can_report", json_boolean(can_report));
	json_object_set_new(model, "can_withdraw",
	                    json_boolean(open && ui_may(req, ACTION_COMMITMENT_WITHDRAW, id, owner)));
	web_time_texts(json_object_get(c, "withdrawn"), "at");
	json_object_set_new(c, "has_percent", json_boolean(json_is_number(json_object_get(c, "percent"))));
	json_t *indicators = json_object_get(c, "indicators");
	ui_mark_numbers(indicators, "baseline", "has_baseline");
	ui_mark_numbers(indicators, "target", "has_target");
	ui_mark_numbers(indicators, "latest", "has_latest");
	static const char *const lists[] = {"deliverables", "indicators", "translations", "matched_by"};
	mark_lists(c, lists, ARRAY_LEN(lists));
	decorate_timeline(json_object_get(model, "updates"), can_report);
	ui_participants_decorate(req, c);
	web_time_texts(c, "created_at");
	web_time_texts(c, "updated_at");
	web_time_texts(json_object_get(model, "updates"), "created_at");
	if (json_is_true(json_object_get(c, "sample")))
		json_object_set_new(model, "has_sample", json_true());
	/* The event it was announced at (or null), on the page and its JSON twin. */
	json_t *announced = events_of_commitment(req->db, req->locale, id);
	if (announced)
		json_object_set_new(c, "announced_at", announced);
	if (!announced || admin_add_history(req, model, "commitment", id, owner) < 0 ||
	    ui_assessments_add(req, model, id, owner) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return NULL;
	}
	return model;
}

void ui_commitments_refuse(struct request *req, struct page *page, int64_t id, json_t *input,
                           json_t *errors)
{
	json_t *model = ui_commitments_model(req, page, id);
	if (model)
		page_invalid(req, page, "commitments/show", model, input, errors,
		             ui_commitments_title(req, model));
	else
		json_decref(input), json_decref(errors);
}

const char *ui_commitments_title(struct request *req, const json_t *model)
{
	const json_t *c = json_object_get(model, "commitment");
	const char *title = json_string_value(json_object_get(json_object_get(c, "display"), "title"));
	return title ? title : tr(req->locale, "Commitment");
}

void ui_commitments_show(struct request *req, struct page *page)
{
	json_t *model = ui_commitments_model(req, page, ui_path_id(req));
	if (model)
		page_set(page, "commitments/show", model, ui_commitments_title(req, model));
}
