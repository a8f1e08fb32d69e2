/* ui_acting.c (web) — the acting-actor choice of write forms: reading it
 * (a write is made for the chosen actor, membership checked) and offering
 * it (the choices the partial templates/acting.html shows). See
 * ui_acting.h. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "domain/audit.h"
#include "domain/members.h"
#include "i18n.h"
#include "ui_acting.h"
#include "util.h"
#include "web.h"

#define ACTING_FIELD "acting_for"

/* The refusal of a forged or foreign acting_for: audited, then 403. */
static bool refuse(struct request *req, struct page *page, const char *given)
{
	struct audit_event e = {
		.user = req->user, .action = "denied:member.act_for", .object_type = "actor",
		.object_id = given, .changes = NULL, .channel = req->user->channel,
		.client_addr = req->user->client_addr,
	};
	if (audit_denied(req->db, &e) < 0)
		fprintf(stderr, "pacte: %s %s: could not audit a refused acting actor: %s\n",
		        req->method_name, req->path, db_errmsg(req->db));
	page_error(req, page, 403, "Forbidden",
	           tr(req->locale, "You may not do this. The attempt has been recorded."));
	return false;
}

bool ui_acting_apply(struct request *req, struct page *page)
{
	const char *given = req_form(req, ACTING_FIELD);
	if (!req->user || !given || !*given)
		return true;
	int64_t actor_id;
	/* Only an actor id can name an actor: anything else is forged. The
	 * audited object id is ours then, never the sender's text. */
	if (parse_int64(given, 1, INT64_MAX, &actor_id) != 0)
		return refuse(req, page, "0");
	if (actor_id == req->user->actor_id)
		return true;
	struct user *as = arena_alloc(&req->arena, sizeof *as);
	enum outcome o = members_acting_as(req->db, req->user, actor_id, as);
	if (o == OUTCOME_NOT_FOUND)
		return refuse(req, page, arena_printf(&req->arena, "%lld", (long long)actor_id));
	if (o != OUTCOME_OK) {
		web_db_error(req, page);
		return false;
	}
	req->user = as;
	return true;
}

void ui_acting_offer(struct request *req)
{
	if (!req->user || !req->viewer || !req->user->session_id)
		return;
	json_t *mine = members_of_user(req->db, req->user->id);
	if (json_array_size(mine) > 1) {
		json_t *actors = json_array();
		size_t i;
		json_t *m;
		json_array_foreach(mine, i, m) {
			json_t *actor = json_object_get(m, "actor");
			int64_t id = json_integer_value(json_object_get(actor, "id"));
			json_array_append_new(actors, json_pack("{s:I, s:O, s:b}", "id", (json_int_t)id,
			                                        "name", json_object_get(actor, "name"),
			                                        "selected", id == req->user->actor_id));
		}
		json_object_set_new(req->viewer, "acting", json_pack("{s:o}", "actors", actors));
	}
	json_decref(mine);
}
