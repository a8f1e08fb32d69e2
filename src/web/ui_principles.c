/* ui_principles.c — the list of the 10 guiding principles and one page each. */
#include "domain/compact.h"
#include "i18n.h"
#include "ui_principles.h"
#include "util.h"
#include "web.h"

/* The list's CSV twin (/principles.csv). */
static const struct csv_column csv_columns[] = {
	{"slug", "slug"}, {"letter", "letter"}, {"paragraph", "paragraph"}, {"title", "title"},
	{"description", "description"}, {"url", "url"},
};
static const struct page_csv csv_table = {"principles", csv_columns, ARRAY_LEN(csv_columns)};

void ui_principles_index(struct request *req, struct page *page)
{
	json_t *model = compact_principles(req->db, req->locale);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "principles", model, tr(req->locale, "Guiding principles"));
	page_csv(page, &csv_table);
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
