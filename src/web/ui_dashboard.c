/* ui_dashboard.c — /dashboard and its charts: dashboard.h's counts made
 * into chart.h's models, with titles and summaries in the reader's
 * language. The page and each /dashboard/charts/{id}.svg build the same
 * charts from the same counts, so an embedded chart and the page agree. */
#include <string.h>

#include "chart.h"
#include "domain/codes.h"
#include "domain/compact.h"
#include "domain/dashboard.h"
#include "guard.h"
#include "i18n.h"
#include "ui_dashboard.h"
#include "ui_map.h"
#include "util.h"
#include "validate.h"
#include "web.h"

#define NSTATUS 5

/* A bar per objective of the list (dashboard.h's "objectives"), stacked
 * by status, each linked to its "list_url", or else to the list of its
 * commitments. */
static json_t *objective_bars(struct request *req, json_t *objectives, const char *id,
                              const char *title, const char *summary)
{
	struct chart_category cats[COMPACT_OBJECTIVES];
	struct chart_series series[NSTATUS];
	int64_t values[COMPACT_OBJECTIVES * NSTATUS];
	for (size_t s = 0; s < NSTATUS; s++)
		series[s] = (struct chart_series){commitment_statuses[s],
		                                  tr(req->locale, commitment_status_labels[s])};
	size_t n = 0, i;
	json_t *o;
	json_array_foreach(objectives, i, o) {
		if (n == COMPACT_OBJECTIVES)
			break;
		json_int_t number = json_integer_value(json_object_get(o, "number"));
		cats[n].label = arena_printf(&req->arena, "%lld. %s", (long long)number,
			json_string_value(json_object_get(o, "short_title")));
		cats[n].url = json_string_value(json_object_get(o, "list_url"));
		if (!cats[n].url)
			cats[n].url = arena_printf(&req->arena, "/commitments?objective=%lld",
			                           (long long)number);
		json_t *by = json_object_get(o, "by_status");
		for (size_t s = 0; s < NSTATUS; s++)
			values[n * NSTATUS + s] =
				json_integer_value(json_object_get(json_array_get(by, s), "count"));
		n++;
	}
	return chart_bars(&(struct chart_spec){
		.dir = i18n_dir(req->locale),
		.id = id, .title = title, .summary = summary, .categories = cats, .ncategories = n,
		.series = series, .nseries = NSTATUS, .values = values});
}

/* Commitments by objective, a bar each, stacked by status. */
static json_t *objectives_chart(struct request *req, json_t *counts)
{
	json_t *args = json_pack("{s:O}", "total", json_object_get(counts, "total"));
	const char *summary = web_format(req, N_("Commitments under each of the Compact's "
		"objectives, by current status ({total} commitments in all; a commitment under "
		"several objectives counts under each)."), args);
	json_decref(args);
	return objective_bars(req, json_object_get(counts, "objectives"), "objectives",
	                      tr(req->locale, "Commitments by objective and status"), summary);
}

/* Commitments by reporting freshness, one bar each. */
static json_t *freshness_chart(struct request *req, json_t *counts)
{
	json_t *list = json_object_get(counts, "freshness");
	struct chart_category cats[8];
	int64_t values[8];
	size_t n = 0, i;
	json_t *f;
	json_array_foreach(list, i, f) {
		if (n == ARRAY_LEN(cats))
			break;
		cats[n].label = json_string_value(json_object_get(f, "label"));
		cats[n].url = arena_printf(&req->arena, "/commitments?freshness=%s",
			json_string_value(json_object_get(f, "freshness")));
		values[n++] = json_integer_value(json_object_get(f, "count"));
	}
	struct chart_series series[] = {{"commitments", tr(req->locale, "Commitments")}};
	return chart_bars(&(struct chart_spec){
		.dir = i18n_dir(req->locale),
		.id = "freshness", .title = tr(req->locale, "Reporting freshness"),
		.summary = tr(req->locale, "Commitments by when they last reported: within the last "
		              "12 months, a report due (12 to 24 months), inactive (no report for "
		              "24 months), or closed (achieved or discontinued)."),
		.categories = cats, .ncategories = n, .series = series, .nseries = 1,
		.values = values});
}

/* A bar group per quarter of dashboard.h's "quarters" (the latest
 * CHART_CATEGORIES_MAX), a bar per series, each the quarter's `key`. */
static json_t *quarter_bars(struct request *req, json_t *counts, const char *id,
                            const char *title, const char *summary,
                            const struct chart_series *series, size_t nseries)
{
	json_t *list = json_object_get(counts, "quarters");
	size_t n = json_array_size(list);
	if (n > CHART_CATEGORIES_MAX)
		n = CHART_CATEGORIES_MAX;
	struct chart_category *cats = arena_alloc(&req->arena, (n ? n : 1) * sizeof(*cats));
	int64_t *values = arena_alloc(&req->arena, (n ? n : 1) * nseries * sizeof(*values));
	size_t skip = json_array_size(list) - n;
	for (size_t i = 0; i < n; i++) {
		json_t *q = json_array_get(list, skip + i);
		cats[i] = (struct chart_category){json_string_value(json_object_get(q, "quarter")),
		                                  NULL};
		for (size_t s = 0; s < nseries; s++)
			values[nseries * i + s] = json_integer_value(json_object_get(q, series[s].key));
	}
	return chart_bars(&(struct chart_spec){
		.dir = i18n_dir(req->locale),
		.id = id, .title = title, .summary = summary, .categories = cats, .ncategories = n,
		.series = series, .nseries = nseries, .values = values, .grouped = true});
}

/* New commitments and progress reports, quarter by quarter. */
static json_t *quarters_chart(struct request *req, json_t *counts)
{
	struct chart_series series[] = {
		{"created", tr(req->locale, "New commitments")},
		{"reported", tr(req->locale, "Progress reports")},
	};
	return quarter_bars(req, counts, "quarters",
		tr(req->locale, "Commitments and reports by quarter"),
		tr(req->locale, "How many commitments were made, and how many progress "
		   "reports were filed, in each quarter."), series, ARRAY_LEN(series));
}

/* Published practices, open needs and final assessments, quarter by
 * quarter (migration 0028's tallies). */
static json_t *quarters_more_chart(struct request *req, json_t *counts)
{
	struct chart_series series[] = {
		{"practices", tr(req->locale, "Published practices")},
		{"needs", tr(req->locale, "Open needs")},
		{"assessments", tr(req->locale, "Independent assessments")},
	};
	return quarter_bars(req, counts, "quarters-practices",
		tr(req->locale, "Practices, needs and assessments by quarter"),
		tr(req->locale, "In each quarter: the practices published then (those still in the "
		   "repository), the needs for support posted then that are still open in the hub, "
		   "and the independent assessments of commitments made final."),
		series, ARRAY_LEN(series));
}

/* Published practices and open needs under each objective, a pair of bars
 * each. */
static json_t *practices_needs_chart(struct request *req, json_t *counts)
{
	struct chart_category cats[COMPACT_OBJECTIVES];
	int64_t values[COMPACT_OBJECTIVES * 2];
	size_t n = 0, i;
	json_t *o;
	json_array_foreach(json_object_get(counts, "practices_needs"), i, o) {
		if (n == COMPACT_OBJECTIVES)
			break;
		json_int_t number = json_integer_value(json_object_get(o, "number"));
		cats[n].label = arena_printf(&req->arena, "%lld. %s", (long long)number,
			json_string_value(json_object_get(o, "short_title")));
		cats[n].url = arena_printf(&req->arena, "/practices?objective=%lld",
		                           (long long)number);
		values[2 * n] = json_integer_value(json_object_get(o, "practices"));
		values[2 * n + 1] = json_integer_value(json_object_get(o, "needs"));
		n++;
	}
	struct chart_series series[] = {
		{"practices", tr(req->locale, "Published practices")},
		{"needs", tr(req->locale, "Open needs")},
	};
	return chart_bars(&(struct chart_spec){
		.dir = i18n_dir(req->locale),
		.id = "practices-needs", .title = tr(req->locale, "Practices and needs by objective"),
		.summary = tr(req->locale, "For each objective, the practices published in the "
		              "repository and the needs for support still open in the hub (a "
		              "practice or a need under several objectives counts under each)."),
		.categories = cats, .ncategories = n, .series = series, .nseries = 2,
		.values = values, .grouped = true});
}

/* The assessed commitments by their assessment's completion, each bar
 * stacked by the owner's own status: self-reported beside assessed. */
static json_t *assessed_chart(struct request *req, json_t *counts)
{
	struct chart_category cats[8];
	struct chart_series series[NSTATUS];
	int64_t values[8 * NSTATUS];
	for (size_t s = 0; s < NSTATUS; s++)
		series[s] = (struct chart_series){commitment_statuses[s],
		                                  tr(req->locale, commitment_status_labels[s])};
	size_t n = 0, i;
	json_t *a;
	json_array_foreach(json_object_get(counts, "assessed"), i, a) {
		if (n == ARRAY_LEN(cats))
			break;
		cats[n] = (struct chart_category){json_string_value(json_object_get(a, "label")), NULL};
		json_t *by = json_object_get(a, "by_status");
		for (size_t s = 0; s < NSTATUS; s++)
			values[n * NSTATUS + s] =
				json_integer_value(json_object_get(json_array_get(by, s), "count"));
		n++;
	}
	json_t *args = json_pack("{s:O}", "total", json_object_get(counts, "assessed_total"));
	const char *summary = web_format(req, N_("The commitments with a final independent "
		"assessment ({total} in all), by the completion the latest one found, each bar "
		"divided by the status their owners report."), args);
	json_decref(args);
	return chart_bars(&(struct chart_spec){
		.dir = i18n_dir(req->locale),
		.id = "assessed", .title = tr(req->locale, "Self-reported and assessed completion"),
		.summary = summary, .categories = cats, .ncategories = n, .series = series,
		.nseries = NSTATUS, .values = values});
}

/* Published practices and open needs in each region, a pair of bars each. */
static json_t *regions_chart(struct request *req, json_t *counts)
{
	struct chart_category cats[8];
	int64_t values[8 * 2];
	size_t n = 0, i;
	json_t *r;
	json_array_foreach(json_object_get(counts, "regions"), i, r) {
		if (n == ARRAY_LEN(cats))
			break;
		cats[n].label = json_string_value(json_object_get(r, "name"));
		cats[n].url = arena_printf(&req->arena, "/practices?region=%s",
		                           json_string_value(json_object_get(r, "m49")));
		values[2 * n] = json_integer_value(json_object_get(r, "practices"));
		values[2 * n + 1] = json_integer_value(json_object_get(r, "needs"));
		n++;
	}
	struct chart_series series[] = {
		{"practices", tr(req->locale, "Published practices")},
		{"needs", tr(req->locale, "Open needs")},
	};
	return chart_bars(&(struct chart_spec){
		.dir = i18n_dir(req->locale),
		.id = "practices-needs-regions", .title = tr(req->locale,
		"Practices and needs by region"),
		.summary = tr(req->locale, "For each region, the practices published in the "
		              "repository and the needs for support still open in the hub that name "
		              "it or one of its countries (each once, however many of its countries "
		              "they name)."),
		.categories = cats, .ncategories = n, .series = series, .nseries = 2,
		.values = values, .grouped = true});
}

static json_t *(*const chart_builders[])(struct request *, json_t *) = {
	objectives_chart, freshness_chart, quarters_chart, practices_needs_chart, regions_chart,
	assessed_chart, quarters_more_chart,
};
static const char *const chart_ids[] = {"objectives", "freshness", "quarters",
                                        "practices-needs", "practices-needs-regions",
                                        "assessed", "quarters-practices"};

/* Gives each cell of the objective × region table its list's link, the
 * share in progress in whole percents and its shade (0 for none, then 1–4
 * by quarters of the largest cell). */
static void decorate_matrix(struct request *req, json_t *counts)
{
	json_int_t max = 0;
	size_t i, k;
	json_t *row, *cell;
	json_array_foreach(json_object_get(counts, "matrix"), i, row)
		json_array_foreach(json_object_get(row, "cells"), k, cell)
			if (json_integer_value(json_object_get(cell, "total")) > max)
				max = json_integer_value(json_object_get(cell, "total"));
	json_array_foreach(json_object_get(counts, "matrix"), i, row) {
		json_int_t number = json_integer_value(json_object_get(row, "number"));
		json_array_foreach(json_object_get(row, "cells"), k, cell) {
			json_int_t n = json_integer_value(json_object_get(cell, "total"));
			json_int_t active = json_integer_value(json_object_get(cell, "in_progress"));
			json_object_set_new(cell, "percent", json_integer(n > 0 ? (active * 100 + n / 2) / n : 0));
			json_object_set_new(cell, "heat", json_integer(n > 0 ? 1 + (n - 1) * 4 / max : 0));
			json_object_set_new(cell, "list_url", json_string(arena_printf(&req->arena,
				"/commitments?objective=%lld&region=%s", (long long)number,
				json_string_value(json_object_get(cell, "m49")))));
		}
	}
}

/* The reader's choice of what colours the map. */
static const struct field map_fields[] = {
	{"measure", FIELD_CHOICE, 0, .choices = ui_map_measures},
};

/* The page's model, or NULL after answering a bad query or a database
 * error. */
static json_t *dashboard_model(struct request *req, struct page *page)
{
	json_t *values, *errors;
	if (web_query_validate(req, map_fields, ARRAY_LEN(map_fields), &values, &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return NULL;
	}
	json_decref(errors);
	json_t *counts = dashboard_counts(req->db, req->locale, NULL);
	if (!counts) {
		json_decref(values);
		web_db_error(req, page);
		return NULL;
	}
	decorate_matrix(req, counts);
	json_t *charts = json_array();
	for (size_t i = 0; i < ARRAY_LEN(chart_builders); i++) {
		json_t *chart = chart_builders[i](req, counts);
		json_object_set_new(chart, "svg_url", json_string(arena_printf(&req->arena,
			"/dashboard/charts/%s.svg", chart_ids[i])));
		json_array_append_new(charts, chart);
	}
	json_t *model = json_pack("{s:o, s:o}", "counts", counts, "charts", charts);
	const char *measure = json_string_value(json_object_get(values, "measure"));
	if (measure && strcmp(measure, "overdue") == 0 &&
	    dashboard_overdue(req->db, NULL, counts) < 0) {
		json_decref(values);
		json_decref(model);
		web_db_error(req, page);
		return NULL;
	}
	ui_map_measured(req, model, counts, measure);
	json_decref(values);
	return model;
}

void ui_dashboard_show(struct request *req, struct page *page)
{
	json_t *model = dashboard_model(req, page);
	if (model)
		page_set(page, "dashboard", model, tr(req->locale, "Dashboard"));
}

void ui_dashboard_chart(struct request *req, struct page *page)
{
	const char *name = req_param(req, 0);
	for (size_t i = 0; name && i < ARRAY_LEN(chart_ids); i++) {
		size_t len = strlen(chart_ids[i]);
		if (strncmp(name, chart_ids[i], len) != 0 || strcmp(name + len, ".svg") != 0)
			continue;
		json_t *counts = dashboard_counts(req->db, req->locale, NULL);
		if (!counts) {
			web_db_error(req, page);
			return;
		}
		json_t *chart = chart_builders[i](req, counts);
		json_decref(counts);
		page_document(page, "charts/chart.svg", chart,
		              json_string_value(json_object_get(chart, "title")), "image/svg+xml");
		return;
	}
	web_not_found(req, page, N_("There is no chart with this name."));
}

int ui_dashboard_country(struct request *req, json_t *model, const char *iso3,
                         const char *area)
{
	json_t *counts = dashboard_country_objectives(req->db, req->locale, iso3);
	if (!counts)
		return -1;
	json_t *objectives = json_object_get(counts, "objectives");
	if (json_array_size(objectives) > 0)
		json_object_set_new(model, "by_objective", objective_bars(req, objectives,
			"country-objectives", tr(req->locale, "The objectives its commitments act on"),
			tr(req->locale, "The commitments that name this state, made by the state or its "
			   "partners, under each objective they act on, by current status.")));
	json_decref(counts);
	return ui_map_scope(req, model, area, 0, iso3,
	                    tr(req->locale, "Commitments by country in its region"));
}
