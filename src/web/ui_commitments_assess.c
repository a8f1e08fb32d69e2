/* ui_commitments_assess.c — the independent assessments on a commitment's page:
 * what the page shows of them (ui_assessments_add, beside the owner's
 * self-reported status) and the POSTs of their steps — a reviewer's
 * assessment, a comment in its period, the assessor's final answer —
 * each answered with the commitment's page. A part of the commitments'
 * pages (it shares their model, ui_commitments_impl.h); declared in
 * ui_reviews.h with the rest of the reviews' pages. */
#include <stdio.h>
#include <string.h>

#include "domain/assessments.h"
#include "domain/codes.h"
#include "domain/permission.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_commitments_impl.h"
#include "ui_reviews.h"
#include "util.h"
#include "web.h"

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

static json_t *choices(const char *locale, const char *const *codes, const char *const *labels)
{
	json_t *list = json_array();
	for (size_t k = 0; codes[k]; k++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "value", codes[k], "label",
		                      tr(locale, labels[k])));
	return list;
}

int ui_assessments_add(struct request *req, json_t *model, int64_t commitment, int64_t owner)
{
	json_t *a = assessments_of(req->db, req->locale, commitment, NULL);
	if (!a)
		return -1;
	bool signed_in = req->user != NULL;
	struct object_ref obj = {"commitment", commitment, owner};
	bool assess = signed_in && can(req->user, ACTION_ASSESS, &obj);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(a, "assessments"), i, x) {
		json_object_set_new(x, "can_comment", json_boolean(signed_in &&
		                    json_is_true(json_object_get(x, "open")) &&
		                    can(req->user, ACTION_ASSESSMENT_COMMENT, &obj)));
		/* Its assessor only, in the end (the domain checks who). */
		json_object_set_new(x, "can_finalise", json_boolean(assess &&
		                    !json_is_true(json_object_get(x, "open")) &&
		                    !json_is_true(json_object_get(x, "final"))));
		json_object_set_new(x, "has_links",
		                    json_boolean(json_array_size(json_object_get(x, "links"))));
	}
	json_object_set_new(a, "can_assess", json_boolean(assess));
	if (assess) {
		json_object_set_new(a, "relevances", choices(req->locale, assessment_relevances,
		                                             assessment_relevance_labels));
		json_object_set_new(a, "completions", choices(req->locale, assessment_completions,
		                                              assessment_completion_labels));
	}
	json_object_set_new(model, "assessment", a);
	return 0;
}

/* The commitment an assessment is of, or 0 (none), -1 (error). */
static int64_t commitment_of(struct request *req, int64_t assessment)
{
	int64_t c = 0;
	return assessments_commitment(req->db, assessment, &c) < 0 ? -1 : c;
}

/* The end of a step on commitment c: the page with the errors, or again. */
static void written(struct request *req, struct page *page, int64_t c, enum outcome o,
                    json_t *input, json_t *errors, int status)
{
	if (o == OUTCOME_INVALID) {
		ui_commitments_refuse(req, page, c, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no assessment with this number."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = ui_commitments_model(req, page, c);
	if (model)
		page_written(req, page, status, arena_printf(&req->arena, "/commitments/%lld",
		             (long long)c), "commitments/show", model);
}

void ui_assessments_create(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {
		{"verifiable", UI_IN_ONE}, {"relevance", UI_IN_ONE}, {"relevance_note", UI_IN_ONE},
		{"completion", UI_IN_ONE}, {"narrative", UI_IN_ONE}, {"links", UI_IN_ONE},
		{"comment_days", UI_IN_ONE},
	};
	int64_t c = ui_path_id(req);
	if (c < 0) {
		web_not_found(req, page, N_("There is no commitment with this number."));
		return;
	}
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 assessments_create(req->db, req->user, c, input, NULL, errors, NULL);
	if (o == OUTCOME_NOT_FOUND) {
		json_decref(input), json_decref(errors);
		web_not_found(req, page, N_("There is no commitment with this number."));
		return;
	}
	written(req, page, c, o, input, errors, 201);
}

typedef enum outcome (*step_fn)(struct db *db, const struct user *by, int64_t id,
                                const json_t *input, const char *today, json_t *errors);

static void step(struct request *req, struct page *page, const char *field, step_fn fn)
{
	const struct ui_input inputs[] = {{field, UI_IN_ONE}};
	int64_t id = ui_path_id(req);
	int64_t c = id > 0 ? commitment_of(req, id) : 0;
	if (c < 0) {
		web_db_error(req, page);
		return;
	}
	if (c == 0) {
		web_not_found(req, page, N_("There is no assessment with this number."));
		return;
	}
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, 1, no_parts, errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 fn(req->db, req->user, id, input, NULL, errors);
	written(req, page, c, o, input, errors, 200);
}

void ui_assessments_comment(struct request *req, struct page *page)
{
	step(req, page, "body", assessments_comment);
}

void ui_assessments_finalise(struct request *req, struct page *page)
{
	step(req, page, "response", assessments_finalise);
}
