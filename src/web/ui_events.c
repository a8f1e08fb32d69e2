/* ui_events.c — GET /events and /events/{slug}, and the positions of a
 * country on its page: one model per page, the same for HTML and JSON. */
#include "domain/events.h"
#include "i18n.h"
#include "ui_events.h"
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

void ui_events_show(struct request *req, struct page *page)
{
	json_t *model = events_get(req->db, req->locale, req_param(req, 0));
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no event with this name."));
		return;
	}
	json_t *e = json_object_get(model, "event");
	page_set(page, "events/show", model, json_string_value(json_object_get(e, "title")));
}

int ui_events_country(struct request *req, json_t *model, const char *iso3)
{
	json_t *rows = events_country_positions(req->db, req->locale, iso3);
	if (!rows)
		return -1;
	json_object_set_new(model, "has_event_positions", json_boolean(json_array_size(rows) > 0));
	json_object_set_new(model, "event_positions", rows);
	return 0;
}
