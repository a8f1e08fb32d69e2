/* ui_countries.c — the country search page and one page per country,
 * with where the commitments that apply there stand. */
#include <string.h>

#include "domain/countries.h"
#include "guard.h"
#include "i18n.h"
#include "ui_countries.h"
#include "ui_dashboard.h"
#include "ui_events.h"
#include "ui_hub.h"
#include "ui_scope.h"
#include "ui_practices.h"
#include "ui_reviews.h"
#include "util.h"
#include "validate.h"
#include "web.h"

/* How the UN status reads on a page. */
static const struct {
	const char *status;
	const char *label;
} statuses[] = {
	{"member", N_("Member State")},
	{"observer", N_("Non-member observer State")},
};

static const char *status_label(const char *locale, const char *status)
{
	for (size_t i = 0; status && i < ARRAY_LEN(statuses); i++)
		if (strcmp(status, statuses[i].status) == 0)
			return tr(locale, statuses[i].label);
	return status ? status : "";
}

/* The region filter: an M49 code. */
static int check_m49(struct valid *v, const struct field *f, json_t **value)
{
	if (!json_is_string(*value) || m49_code_valid(json_string_value(*value)))
		return 0;
	valid_error(v->errors, f->name, f->msgid);
	return -1;
}

static const struct field search_fields[] = {
	{"q", FIELD_TEXT, 0, 0, COUNTRIES_MAX_QUERY, NULL, 0, NULL,
	 N_("The search text is too long: please shorten it.")},
	{"region", FIELD_TEXT, 0, 0, 3, NULL, 0, check_m49,
	 N_("The region must be a three-digit M49 code, such as 002 for Africa.")},
};

/* The list's CSV twin (/countries.csv?…). */
static const struct csv_column csv_columns[] = {
	{"iso3", "iso3"}, {"iso2", "iso2"}, {"numeric", "numeric"}, {"un_status", "un_status"},
	{"name", "name"}, {"region_m49", "region/m49"}, {"region", "region/name"},
	{"subregion_m49", "subregion/m49"}, {"subregion", "subregion/name"}, {"url", "url"},
};
static const struct page_csv csv_table = {"countries", csv_columns, ARRAY_LEN(csv_columns)};

void ui_countries_index(struct request *req, struct page *page)
{
	json_t *values, *errors;
	if (web_query_validate(req, search_fields, ARRAY_LEN(search_fields), &values, &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	const char *q = req_query(req, "q");
	const char *region = json_string_value(json_object_get(values, "region"));
	json_t *model = countries_search(req->db, req->locale, q, region);
	json_decref(values);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "countries", model, tr(req->locale, "Countries"));
	page_csv(page, &csv_table);
}

void ui_countries_show(struct request *req, struct page *page)
{
	json_t *model = countries_get(req->db, req->locale, req_param(req, 0));
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("No country has this ISO 3166 alpha-3 code."));
		return;
	}
	json_t *c = json_object_get(model, "country");
	struct scope scope = {.country = json_string_value(json_object_get(c, "iso3"))};
	if (ui_scope_add(req, model, &scope) < 0 ||
	    ui_practices_scope(req, model, "country", scope.country) < 0 ||
	    ui_reviews_country(req, model, scope.country) < 0 ||
	    ui_events_country(req, model, scope.country) < 0 ||
	    ui_events_state(req, model, scope.country) < 0 ||
	    ui_hub_country(req, model, scope.country) < 0 ||
	    ui_dashboard_country(req, model, scope.country, json_string_value(json_object_get(
	        json_object_get(c, "subregion"), "m49"))) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	const char *status = json_string_value(json_object_get(c, "un_status"));
	json_object_set_new(c, "un_status_label", json_string(status_label(req->locale, status)));
	/* Its own Atom feed, which the layout links. */
	json_object_set_new(model, "feed_url", json_string(arena_printf(
		&req->arena, "/feeds/commitments.atom?country=%s", scope.country)));
	page_set(page, "country", model, json_string_value(json_object_get(c, "name")));
}
