/* ui_commitments_flag.c (web) — flagging a commitment or one of its
 * progress reports as inappropriate (POST /commitments/{id}/flag and
 * /commitments/{id}/updates/{update}/flag), and what a commitment's page
 * shows of flags: 404 to the public while it is hidden, the flag to those
 * who may see it, its hidden reports taken out for everyone else.
 * domain/flags.h decides, asks can() and audits. */
#include <stdio.h>
#include <string.h>

#include "domain/flags.h"
#include "domain/permission.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_commitments.h"
#include "ui_commitments_impl.h"
#include "ui_flags.h"
#include "util.h"
#include "web.h"

/* What the flag forms send, as valid_check reads it (flags.h checks it). */
static const struct field flag_inputs[] = {
	{"reason", FIELD_TEXTAREA},
};

static void flag(struct request *req, struct page *page, const char *kind, int64_t id,
                 int64_t commitment)
{
	if (id <= 0 || commitment <= 0) {
		ui_commitments_not_found(req, page);
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
	ui_flags_answer(req, page, o, location, json_pack("{s:I, s:s, s:I}", "flag",
	       (json_int_t)flag_id, "kind", kind, "record_id", (json_int_t)id));
}

void ui_commitments_flag(struct request *req, struct page *page)
{
	int64_t id = ui_path_id(req);
	flag(req, page, "commitment", id, id);
}

void ui_commitments_flag_update(struct request *req, struct page *page)
{
	int64_t update;
	if (parse_int64(req_param(req, 1), 1, INT64_MAX, &update) < 0)
		update = -1;
	flag(req, page, "progress_update", update, ui_path_id(req));
}

int ui_commitments_flags_decorate(struct request *req, json_t *model, int64_t id, int64_t owner)
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
