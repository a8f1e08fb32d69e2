/* ui_principles.c — the list of the 10 guiding principles and one page each. */
#include "domain/compact.h"
#include "i18n.h"
#include "ui_principles.h"
#include "web.h"

void ui_principles_index(struct request *req, struct page *page)
{
	json_t *model = compact_principles(req->db, req->locale);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "principles", model, tr(req->locale, "Guiding principles"));
}

void ui_principles_show(struct request *req, struct page *page)
{
	json_t *model = compact_principle(req->db, req->locale, req_param(req, 0));
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no guiding principle at this address."));
		return;
	}
	json_t *p = json_object_get(model, "principle");
	page_set(page, "principle", model, json_string_value(json_object_get(p, "title")));
}
