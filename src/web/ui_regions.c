/* ui_regions.c — one page per UN M49 region: its parent, sub-regions,
 * countries, and where the commitments that apply there stand. */
#include <string.h>

#include "domain/countries.h"
#include "i18n.h"
#include "ui_map.h"
#include "ui_regions.h"
#include "ui_scope.h"
#include "ui_practices.h"
#include "ui_reviews.h"
#include "util.h"
#include "web.h"

/* How each M49 level reads on a page. */
static const struct {
	const char *level;
	const char *label;
} levels[] = {
	{"world", N_("World")},
	{"region", N_("Region")},
	{"subregion", N_("Sub-region")},
	{"intermediate", N_("Intermediate region")},
};

static void add_level_label(const char *locale, json_t *region)
{
	const char *level = json_string_value(json_object_get(region, "level"));
	for (size_t i = 0; level && i < ARRAY_LEN(levels); i++)
		if (strcmp(level, levels[i].level) == 0)
			json_object_set_new(region, "level_label",
			                    json_string(tr(locale, levels[i].label)));
}

void ui_regions_show(struct request *req, struct page *page)
{
	json_t *model = regions_get(req->db, req->locale, req_param(req, 0));
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no M49 region with this code."));
		return;
	}
	json_t *r = json_object_get(model, "region");
	struct scope scope = {.region = json_string_value(json_object_get(r, "m49"))};
	if (ui_scope_add(req, model, &scope) < 0 ||
	    ui_practices_scope(req, model, "region", scope.region) < 0 ||
	    ui_reviews_scope(req, model, 0, scope.region) < 0 ||
	    ui_map_scope(req, model, strcmp(scope.region, "001") == 0 ? NULL : scope.region, 0,
	                 NULL, tr(req->locale, "Commitments by country in this region")) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	add_level_label(req->locale, r);
	page_set(page, "region", model, json_string_value(json_object_get(r, "name")));
}
