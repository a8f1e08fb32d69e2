/* ui_hub_partnerships.c — GET /partnerships and /partnerships/{id}, and POST
 * /partnerships/{id}/withdraw: a member leaves (or declines), its row kept
 * so the partnership's history stays; POST /partnerships/{id}/confirm: a
 * member the lead added confirms. One model per page for HTML and JSON; the
 * lead's forms are ui_hub_partnerships_form.c's. */
#include <string.h>

#include "domain/codes.h"
#include "domain/hub.h"
#include "domain/permission.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_hub.h"
#include "ui_hub_impl.h"
#include "util.h"
#include "web.h"

void ui_partnerships_index(struct request *req, struct page *page)
{
	json_t *model = partnerships_list(req->db, req->locale);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "hub/partnerships", model, tr(req->locale, "Partnerships"));
}

json_t *ui_partnerships_model(struct request *req, struct page *page, int64_t id)
{
	json_t *model = id < 0 ? json_null() : partnerships_get(req->db, req->locale, id);
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no partnership with this number."));
		return NULL;
	}
	/* The reader's actor may withdraw while it is a current member, and
	 * confirm (or decline, withdrawing) while the lead's addition awaits it. */
	bool member = false, awaiting = false;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(json_object_get(model, "partnership"), "members"), i, m)
		if (req->user && json_integer_value(json_object_get(m, "actor_id")) ==
		    req->user->actor_id && !json_is_true(json_object_get(m, "withdrawn"))) {
			member = true;
			awaiting = json_is_true(json_object_get(m, "awaiting"));
		}
	struct object_ref own = {"partnership", id, req->user ? req->user->actor_id : 0};
	bool may = member && can(req->user, ACTION_HUB_CONSENT, &own);
	json_object_set_new(model, "can_withdraw", json_boolean(may));
	json_object_set_new(model, "can_confirm", json_boolean(may && awaiting));
	/* The lead's people edit it, add members and remove current ones. */
	bool lead = partnerships_may_lead(req->db, req->user, id);
	json_object_set_new(model, "can_edit", json_boolean(lead));
	json_array_foreach(json_object_get(json_object_get(model, "partnership"), "members"), i, m)
		if (lead && !json_is_true(json_object_get(m, "withdrawn")) &&
		    strcmp(json_string_value(json_object_get(m, "role")), "lead") != 0)
			json_object_set_new(m, "remove_url", json_sprintf("/partnerships/%lld/members/"
			                    "%lld/withdraw", (long long)id,
			                    (long long)json_integer_value(json_object_get(m, "actor_id"))));
	if (lead)
		/* The roles a member may take: all but the lead's, the first. */
		json_object_set_new(model, "member_roles", web_options(req->locale,
		                    partnership_roles + 1, partnership_role_labels + 1, NULL));
	return model;
}

static const char *title_of(const json_t *model)
{
	return json_string_value(json_object_get(json_object_get(model, "partnership"), "name"));
}

void ui_partnerships_show(struct request *req, struct page *page)
{
	json_t *model = ui_partnerships_model(req, page, ui_hub_id(req, 0));
	if (model)
		page_set(page, "hub/partnership", model, title_of(model));
}

/* After a member's write on partnership id: its error page, or the
 * partnership's page as it now stands. */
static void written(struct request *req, struct page *page, int64_t id, enum outcome o)
{
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = ui_partnerships_model(req, page, id);
	if (model)
		page_written(req, page, 200, arena_printf(&req->arena, "/partnerships/%lld",
		             (long long)id), "hub/partnership", model);
}

void ui_partnerships_withdraw(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"reason", UI_IN_ONE}};
	static const struct ui_input_part no_parts[] = {{NULL, NULL}};
	int64_t id = ui_hub_id(req, 0);
	json_t *errors = json_object();
	json_t *input = ui_input(req, in, ARRAY_LEN(in), no_parts, errors);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND : json_object_size(errors) ? OUTCOME_INVALID :
	                 partnerships_withdraw(req->db, req->user, id, req->user->actor_id, input,
	                                       errors);
	if (o == OUTCOME_INVALID) {
		json_t *model = ui_partnerships_model(req, page, id);
		if (model)
			page_invalid(req, page, "hub/partnership", model, input, errors,
			             title_of(model));
		else {
			json_decref(input);
			json_decref(errors);
		}
		return;
	}
	json_decref(input);
	json_decref(errors);
	written(req, page, id, o);
}

void ui_partnerships_confirm(struct request *req, struct page *page)
{
	int64_t id = ui_hub_id(req, 0);
	enum outcome o = id < 0 ? OUTCOME_NOT_FOUND :
	                 partnerships_confirm(req->db, req->user, id, req->user->actor_id);
	written(req, page, id, o);
}
