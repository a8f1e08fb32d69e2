/* ui_home.c — the home page: what the Compact is, key figures, the objectives. */
#include "domain/compact.h"
#include "domain/countries.h"
#include "i18n.h"
#include "ui_home.h"
#include "web.h"

void ui_home_show(struct request *req, struct page *page)
{
	json_t *model = compact_overview(req->db, req->locale);
	json_t *figures = model ? countries_figures(req->db) : NULL;
	if (!figures) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	json_object_update(json_object_get(model, "figures"), figures);
	json_decref(figures);
	page_set(page, "home", model, tr(req->locale, "The Global Compact for Migration"));
}
