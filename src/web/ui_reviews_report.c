/* ui_reviews_report.c — GET /countries/{iso3}/report: a country's printable
 * report, the country's page (its figures: ui_scope_add) and the domain's
 * report (report.h) in one model, rendered with the print stylesheet's
 * A4 pages, page numbers and table of contents (static/style.css,
 * "report"). `pacte report ISO3 --pdf FILE` prints this page. And the
 * country page's section on reviews (ui_reviews_country). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/assessments.h"
#include "domain/countries.h"
#include "domain/report.h"
#include "domain/reviews.h"
#include "domain/scope.h"
#include "i18n.h"
#include "ui_reviews.h"
#include "ui_scope.h"
#include "util.h"
#include "web.h"

void ui_report_country(struct request *req, struct page *page)
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
	/* ?all=1 (the print form, `pacte report`): every commitment; else the
	 * screen's first hundred and links to the rest. */
	const char *all = req_query(req, "all");
	bool whole = all && strcmp(all, "1") == 0;
	json_t *report = report_country(req->db, req->locale, scope.country,
	                                whole ? REPORT_COMMITMENTS_MAX : REPORT_SCREEN_COMMITMENTS);
	if (!report || ui_scope_add(req, model, &scope) < 0) {
		json_decref(report);
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	if (!whole && json_integer_value(json_object_get(report, "commitments_more")) > 0)
		json_object_set_new(report, "screen", json_pack("{s:s, s:s}",
			"list_url", arena_printf(&req->arena, "/commitments?country=%s", scope.country),
			"all_url", arena_printf(&req->arena, "/countries/%s/report?all=1",
			                        scope.country)));
	json_object_set_new(model, "report", report);
	json_t *args = json_pack("{s:O}", "country", json_object_get(c, "name"));
	const char *title = web_format(req, N_("Country report: {country}"), args);
	json_decref(args);
	page_set(page, "reviews/report", model, title);
}

int ui_reviews_country(struct request *req, json_t *model, const char *iso3)
{
	json_t *reviews = reviews_of_country(req->db, req->locale, iso3);
	json_t *counts = reviews ? assessments_country_counts(req->db, req->locale, iso3) : NULL;
	if (!counts) {
		json_decref(reviews);
		return -1;
	}
	json_object_set_new(model, "review_section", json_pack("{s:o, s:b, s:o, s:s}",
		"reviews", reviews, "has_reviews", json_array_size(reviews) > 0,
		"assessments", counts, "report_url",
		arena_printf(&req->arena, "/countries/%s/report", iso3)));
	return 0;
}

int ui_reviews_scope(struct request *req, json_t *model, int64_t objective, const char *region)
{
	json_t *counts = assessments_scope_counts(req->db, req->locale, objective, region);
	if (!counts)
		return -1;
	json_object_set_new(counts, "has_assessed", json_boolean(json_integer_value(
		json_object_get(counts, "assessed")) > 0));
	json_object_set_new(model, "assessed_section", counts);
	return 0;
}
