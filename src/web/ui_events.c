/* ui_events.c — GET /events and /events/{slug} (the event, its positions,
 * its sessions, participants, statements and the commitments announced
 * there), the POSTs that record those four, and the events' sections of
 * country and actor pages: one model per page, the same for HTML and
 * JSON. The domain (events.h) validates, asks can() and audits. */
#include <string.h>

#include "domain/codes.h"
#include "domain/compact.h"
#include "domain/events.h"
#include "domain/permission.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_events.h"
#include "util.h"
#include "web.h"

void ui_events_index(struct request *req, struct page *page)
{
	json_t *model = events_list(req->db, req->locale);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "events/list", model, tr(req->locale, "Events"));
}

/* What the reader may record here: a session (administrators), and for
 * their own actor a participation, a statement, one of its commitments
 * not yet announced anywhere. 0 or -1. */
static int add_forms(struct request *req, json_t *model)
{
	if (!req->user)
		return 0;
	bool organise = can(req->user, ACTION_EVENT_ORGANISE, NULL);
	bool take_part = req->user->actor_id > 0 &&
	                 can(req->user, ACTION_EVENT_TAKE_PART,
	                     &(struct object_ref){"actor", 0, req->user->actor_id});
	json_object_set_new(model, "can_organise", json_boolean(organise));
	json_object_set_new(model, "can_take_part", json_boolean(take_part));
	if (organise) {
		json_t *o = compact_objectives(req->db, req->locale);
		if (!o)
			return -1;
		json_object_set(model, "objectives", json_object_get(o, "objectives"));
		json_decref(o);
	}
	if (take_part) {
		json_object_set_new(model, "roles", web_options(req->locale, event_roles,
		                    event_role_labels, NULL));
		json_t *mine = events_announceable(req->db, req->user->actor_id);
		if (!mine)
			return -1;
		json_object_set_new(model, "my_commitments", mine);
	}
	return 0;
}

/* The event page's model; NULL when the answer is written (404, 500). */
static json_t *event_model(struct request *req, struct page *page, const char *slug)
{
	json_t *model = events_get(req->db, req->locale, slug);
	if (model && !json_is_null(model) &&
	    (events_program(req->db, req->locale, slug, model) < 0 || add_forms(req, model) < 0)) {
		json_decref(model);
		model = NULL;
	}
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no event with this name."));
		return NULL;
	}
	return model;
}

static const char *title_of(const json_t *model)
{
	return json_string_value(json_object_get(json_object_get(model, "event"), "title"));
}

void ui_events_show(struct request *req, struct page *page)
{
	json_t *model = event_model(req, page, req_param(req, 0));
	if (model)
		page_set(page, "events/show", model, title_of(model));
}

/* ---- Recording around an event ----------------------------------------------------- */

typedef enum outcome (*record_fn)(struct request *req, const char *slug, const json_t *input,
                                  json_t *errors);

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

/* Gathers the input (the form's fields, or the API's body; the reader's
 * actor by default), records it, and answers: the event's page (303, or
 * 200/201 with its model), or the page again with the errors (422). */
static void record(struct request *req, struct page *page, const struct ui_input *fields,
                   size_t n, record_fn fn, int status)
{
	const char *slug = req_param(req, 0);
	json_t *errors = json_object();
	json_t *input = ui_input(req, fields, n, no_parts, errors);
	if (!json_object_get(input, "actor_id") && req->user->actor_id > 0)
		json_object_set_new(input, "actor_id", json_integer(req->user->actor_id));
	if (!json_object_get(input, "lang"))
		json_object_set_new(input, "lang", json_string(req->locale));
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID : fn(req, slug, input, errors);
	if (o == OUTCOME_INVALID) {
		json_t *model = event_model(req, page, slug);
		if (model)
			page_invalid(req, page, "events/show", model, input, errors, title_of(model));
		else {
			json_decref(input);
			json_decref(errors);
		}
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = event_model(req, page, slug);
	if (model)
		page_written(req, page, status, arena_printf(&req->arena, "/events/%s", slug),
		             "events/show", model);
}

static enum outcome do_session(struct request *req, const char *slug, const json_t *in,
                               json_t *errors)
{
	return events_add_session(req->db, req->user, slug, in, errors, NULL);
}

static enum outcome do_join(struct request *req, const char *slug, const json_t *in,
                            json_t *errors)
{
	return events_join(req->db, req->user, slug, in, errors);
}

static enum outcome do_state(struct request *req, const char *slug, const json_t *in,
                             json_t *errors)
{
	return events_state(req->db, req->user, slug, in, errors, NULL);
}

static enum outcome do_announce(struct request *req, const char *slug, const json_t *in,
                                json_t *errors)
{
	return events_announce(req->db, req->user, slug, in, errors);
}

void ui_events_session(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"title", UI_IN_ONE}, {"starts_at", UI_IN_ONE},
	                                     {"ends_at", UI_IN_ONE}, {"objectives", UI_IN_MANY}};
	record(req, page, in, ARRAY_LEN(in), do_session, 201);
}

void ui_events_join(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"actor_id", UI_IN_ONE}, {"role", UI_IN_ONE}};
	record(req, page, in, ARRAY_LEN(in), do_join, 200);
}

void ui_events_statement(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"actor_id", UI_IN_ONE}, {"title", UI_IN_ONE},
	                                     {"body", UI_IN_ONE}, {"url", UI_IN_ONE},
	                                     {"lang", UI_IN_ONE}, {"session_id", UI_IN_ONE}};
	record(req, page, in, ARRAY_LEN(in), do_state, 201);
}

void ui_events_announce(struct request *req, struct page *page)
{
	static const struct ui_input in[] = {{"commitment_id", UI_IN_ONE}};
	record(req, page, in, ARRAY_LEN(in), do_announce, 200);
}

/* ---- Sections of other pages --------------------------------------------------------- */

int ui_events_country(struct request *req, json_t *model, const char *iso3)
{
	json_t *rows = events_country_positions(req->db, req->locale, iso3);
	if (!rows)
		return -1;
	json_object_set_new(model, "has_event_positions", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(model, "event_positions", rows);
	return 0;
}

int ui_events_state(struct request *req, json_t *model, const char *iso3)
{
	json_t *e = events_for_state(req->db, req->locale, iso3);
	if (!e)
		return -1;
	if (json_is_null(e))
		json_decref(e);
	else
		json_object_set_new(model, "events", e);
	return 0;
}

int ui_events_actor(struct request *req, json_t *model, int64_t actor_id)
{
	json_t *e = events_for_actor(req->db, req->locale, actor_id);
	if (!e)
		return -1;
	json_object_set_new(model, "events", e);
	return 0;
}
