/* ui_commitments_participants.c — a participant's answer to being named
 * on a commitment (POST /commitments/{id}/participants/{actor}/answer),
 * the answer buttons the commitment's page shows to those who may give
 * it, and the invitations awaiting an answer on the actor's own page. */
#include "domain/commitments.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_commitments.h"
#include "ui_commitments_impl.h"
#include "util.h"
#include "web.h"

void ui_participants_decorate(const struct request *req, json_t *c)
{
	int64_t id = json_integer_value(json_object_get(c, "id"));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(c, "participants"), i, p) {
		int64_t actor = json_integer_value(json_object_get(p, "id"));
		bool may = req->user && ui_may(req, ACTION_PARTICIPATION_ANSWER, id, actor);
		json_object_set_new(p, "can_answer", json_boolean(may));
		if (may)
			json_object_set_new(p, "answer_url",
			                    json_sprintf("/commitments/%lld/participants/%lld/answer",
			                                 (long long)id, (long long)actor));
	}
}

int ui_commitments_invitations(struct request *req, json_t *model, int64_t actor_id)
{
	struct object_ref obj = {"actor", actor_id, actor_id};
	if (!req->user || !can(req->user, ACTION_PARTICIPATION_ANSWER, &obj))
		return 0;
	json_t *list = commitments_invitations(req->db, req->locale, actor_id);
	if (!list)
		return -1;
	json_object_set_new(model, "has_invitations", json_boolean(json_array_size(list) > 0));
	json_object_set_new(model, "invitations", list);
	return 0;
}

static const struct ui_input answer_inputs[] = {
	{"answer", UI_IN_ONE},
};
static const struct ui_input_part no_parts[] = {{NULL, NULL}};

static const char MSG_NOT_NAMED[] = N_("This commitment does not name this actor as a participant.");

void ui_commitments_answer(struct request *req, struct page *page)
{
	int64_t owner, actor;
	int64_t id = ui_commitments_exists(req, page, &owner);
	if (id < 0)
		return;
	if (parse_int64(req_param(req, 1), 1, INT64_MAX, &actor) < 0) {
		web_not_found(req, page, MSG_NOT_NAMED);
		return;
	}
	json_t *errors = json_object();
	json_t *input = ui_input(req, answer_inputs, ARRAY_LEN(answer_inputs), no_parts, errors);
	enum outcome o = commitments_answer(req->db, req->user, id, actor, input, errors);
	if (o == OUTCOME_INVALID) {
		ui_commitments_refuse(req, page, id, input, errors);
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, MSG_NOT_NAMED);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = ui_commitments_model(req, page, id);
	if (model)
		page_written(req, page, 200, arena_printf(&req->arena, "/commitments/%lld", (long long)id),
		             "commitments/show", model);
}
