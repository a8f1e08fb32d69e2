/* ui_commitments_change.c — the API's edit of part of a commitment (PATCH
 * /commitments/{id}) and the withdrawal of one (POST
 * /commitments/{id}/withdraw, from the API or the commitment's page). */
#include <string.h>

#include "domain/commitments.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_commitments.h"
#include "ui_commitments_impl.h"
#include "util.h"
#include "validate.h"
#include "web.h"

static const char MSG_READ_ONLY[] =
	N_("This field cannot be changed by an edit: it is computed, or fixed when the commitment is made.");
static const char MSG_UNKNOWN[] =
	N_("A commitment has no such field. The fields an edit may change are those of a new commitment (see /api/v1/openapi.json).");
static const char MSG_NOT_OBJECT[] =
	N_("Send a JSON object (Content-Type: application/json) with the fields to change.");

/* Names what a PATCH body may not hold: each field that is not one an
 * edit may change gets an error, read-only for what the commitment's model
 * shows, unknown for anything else. Returns how many. */
static int check_patch_fields(const json_t *body, const json_t *current, json_t *errors)
{
	int bad = 0;
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)body, key, value) {
		if (commitment_field_editable(key))
			continue;
		bad += valid_error(errors, key, json_object_get(current, key) ? MSG_READ_ONLY
		                                                             : MSG_UNKNOWN);
	}
	return bad;
}

void ui_commitments_patch(struct request *req, struct page *page)
{
	int64_t owner;
	int64_t id = ui_commitments_exists(req, page, &owner);
	if (id < 0)
		return;
	json_t *errors = json_object();
	if (!json_is_object(req->json_body) || json_object_size(req->json_body) == 0) {
		valid_error(errors, "(body)", MSG_NOT_OBJECT);
		page_refuse(req, page, 400, "commitments/show", NULL, NULL, errors, NULL);
		return;
	}
	json_t *shown = commitments_get(req->db, req->locale, id, NULL);
	json_t *input = shown ? commitments_form_values(req->db, id) : NULL;
	if (!input || json_is_null(input)) {
		json_decref(shown);
		json_decref(input);
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	int bad = check_patch_fields(req->json_body, json_object_get(shown, "commitment"), errors);
	json_decref(shown);
	if (bad) {
		json_decref(input);
		page_refuse(req, page, 400, "commitments/show", NULL, NULL, errors, NULL);
		return;
	}
	/* What is not named keeps its value: the edit is the current fields
	 * with the body's over them, checked as a whole. */
	json_object_update(input, req->json_body);
	enum outcome o = commitments_update(req->db, req->user, id, input, errors);
	json_decref(input);
	if (o == OUTCOME_INVALID) {
		page_invalid(req, page, "commitments/show", NULL, NULL, errors, NULL);
		return;
	}
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, arena_printf(&req->arena, "/commitments/%lld", (long long)id),
	             "commitments/show", ui_commitments_written(req, id));
}

static const struct ui_input withdraw_inputs[] = {
	{"reason", UI_IN_ONE},
};
static const struct ui_input_part no_parts[] = {{NULL, NULL}};

void ui_commitments_withdraw(struct request *req, struct page *page)
{
	int64_t owner;
	int64_t id = ui_commitments_exists(req, page, &owner);
	if (id < 0)
		return;
	json_t *errors = json_object();
	json_t *input = ui_input(req, withdraw_inputs, ARRAY_LEN(withdraw_inputs), no_parts, errors);
	enum outcome o = commitments_withdraw(req->db, req->user, id, input, errors);
	if (o == OUTCOME_INVALID) {
		ui_commitments_refuse(req, page, id, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, N_("Conflict"),
		           tr(req->locale, "This commitment has already been withdrawn."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, arena_printf(&req->arena, "/commitments/%lld", (long long)id),
	             "commitments/show", ui_commitments_written(req, id));
}
