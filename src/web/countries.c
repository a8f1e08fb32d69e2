/* countries.c (web) — the country search page and one page per country,
 * with where the commitments that apply there stand. */
#include <string.h>

#include "commitments.h"
#include "countries.h"
#include "domain/countries.h"
#include "i18n.h"
#include "routes.h"
#include "util.h"

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

void countries_index(struct request *req, struct page *page)
{
	const char *q = req_query(req, "q");
	const char *region = req_query(req, "region");
	if (q && strlen(q) > COUNTRIES_MAX_QUERY) {
		page_error(req, page, 400, "Bad request",
		           tr(req->locale, "The search text is too long: please shorten it."));
		return;
	}
	if (region && *region && !m49_code_valid(region)) {
		page_error(req, page, 400, "Bad request",
		           tr(req->locale, "The region must be a three-digit M49 code, such as 002 for Africa."));
		return;
	}
	json_t *model = countries_search(req->db, req->locale, q, region);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "countries", model, tr(req->locale, "Countries"));
}

void countries_show(struct request *req, struct page *page)
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
	if (commitments_add_scope(req, model, &scope) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	const char *status = json_string_value(json_object_get(c, "un_status"));
	json_object_set_new(c, "un_status_label", json_string(status_label(req->locale, status)));
	page_set(page, "country", model, json_string_value(json_object_get(c, "name")));
}
