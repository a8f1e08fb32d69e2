/* ui_indicators.c — the indicators' pages (ui_indicators.h). The series'
 * page and its chart.svg build the chart from the same model, the values
 * in hundredths (chart.h's fixed point), so the table and the SVG show the
 * numbers the JSON gives. */
#include <math.h>
#include <string.h>

#include "chart.h"
#include "domain/indicators.h"
#include "guard.h"
#include "i18n.h"
#include "ui_indicators.h"
#include "ui_map.h"
#include "ui_numbers.h"
#include "util.h"
#include "validate.h"
#include "web.h"

#define CHART_DECIMALS 2
#define CHART_SCALE 100.0

static const struct field breakdown_fields[] = {
	{"sex", FIELD_CHOICE, FIELD_UPPER, .choices = indicator_sexes},
	{"age", FIELD_CHOICE, FIELD_UPPER, .choices = indicator_ages},
	{"migratory_status", FIELD_CHOICE, FIELD_UPPER, .choices = indicator_migratory_statuses},
};

void ui_indicators_index(struct request *req, struct page *page)
{
	json_t *model = indicators_list(req->db, req->locale);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "indicators/list", model, tr(req->locale, "Indicators"));
}

/* The indicator of the path's {code} (indicators_get's model), or NULL
 * after answering 404 or a database error. */
static json_t *indicator_model(struct request *req, struct page *page)
{
	json_t *model = indicators_get(req->db, req->locale, req_param(req, 0));
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("No indicator of the catalogue has this code."));
		return NULL;
	}
	return model;
}

/* Gives each object of list a "value_text": its "value" as the reader
 * writes it (the templates show that, the JSON keeps the number). */
static void value_texts(struct request *req, json_t *list)
{
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o)
		if (json_is_number(json_object_get(o, "value")))
			json_object_set_new(o, "value_text", json_string(ui_number_text(req,
				json_number_value(json_object_get(o, "value")))));
}

void ui_indicators_show(struct request *req, struct page *page)
{
	json_t *model = indicator_model(req, page);
	if (!model)
		return;
	json_t *ind = json_object_get(model, "indicator");
	json_object_set_new(model, "sdmx_url", json_sprintf("/indicators/%s/sdmx.csv",
		json_string_value(json_object_get(ind, "code"))));
	json_object_set_new(model, "has_countries",
	                    json_boolean(json_array_size(json_object_get(model, "countries")) > 0));
	value_texts(req, json_object_get(model, "countries"));
	if (json_array_size(json_object_get(model, "countries")) > 0) {
		json_t *args = json_pack("{s:O}", "name", json_object_get(ind, "name"));
		const char *title = web_format(req, N_("{name}: latest value by country"), args);
		json_decref(args);
		ui_map_indicator(req, model, json_object_get(model, "countries"), CHART_DECIMALS,
		                 title);
	}
	page_set(page, "indicators/show", model, json_string_value(json_object_get(ind, "name")));
}

/* The series' bar chart (a bar per year), or NULL when a value is negative
 * or out of the chart's range (the table alone then). */
static json_t *series_chart(struct request *req, json_t *model)
{
	json_t *series = json_object_get(model, "series");
	size_t n = json_array_size(series);
	if (n > CHART_CATEGORIES_MAX)
		return NULL;
	struct chart_category *cats = arena_alloc(&req->arena, (n ? n : 1) * sizeof(*cats));
	int64_t *values = arena_alloc(&req->arena, (n ? n : 1) * sizeof(*values));
	for (size_t i = 0; i < n; i++) {
		json_t *p = json_array_get(series, i);
		double v = json_number_value(json_object_get(p, "value")) * CHART_SCALE;
		if (!(v >= 0 && v < 1e15))
			return NULL;
		cats[i] = (struct chart_category){arena_printf(&req->arena, "%lld",
			(long long)json_integer_value(json_object_get(p, "period"))), NULL};
		values[i] = llround(v);
	}
	json_t *ind = json_object_get(model, "indicator");
	struct chart_series s[] = {{"value", json_string_value(json_object_get(ind, "unit_label"))}};
	json_t *args = json_pack("{s:O, s:O}", "indicator", json_object_get(ind, "name"),
	                         "country", json_object_get(json_object_get(model, "country"), "name"));
	const char *title = web_format(req, N_("{indicator} — {country}"), args);
	json_decref(args);
	return chart_bars(&(struct chart_spec){
		.dir = i18n_dir(req->locale),
		.id = "series", .title = title,
		.summary = tr(req->locale, "The value of each year reported, the breakdown chosen "
		              "above; the table below gives the same numbers."),
		.categories = cats, .ncategories = n, .series = s, .nseries = 1, .values = values,
		.decimals = CHART_DECIMALS, .decimal_mark = ui_decimal_mark(req->locale)});
}

/* The series' model with its chart, or NULL after answering. */
static json_t *series_model(struct request *req, struct page *page)
{
	json_t *values, *errors;
	if (web_query_validate(req, breakdown_fields, ARRAY_LEN(breakdown_fields), &values,
	                       &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return NULL;
	}
	json_decref(errors);
	struct indicator_breakdown b = {
		json_string_value(json_object_get(values, "sex")),
		json_string_value(json_object_get(values, "age")),
		json_string_value(json_object_get(values, "migratory_status")),
	};
	json_t *model = indicators_series(req->db, req->locale, req_param(req, 0), req_param(req, 1),
	                                  &b);
	json_decref(values);
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("There is no such indicator, or no such country."));
		return NULL;
	}
	json_object_set_new(model, "has_series",
	                    json_boolean(json_array_size(json_object_get(model, "series")) > 0));
	value_texts(req, json_object_get(model, "series"));
	json_t *progress = json_pack("[O?, O?]",
		json_object_get(json_object_get(model, "progress"), "latest"),
		json_object_get(json_object_get(model, "progress"), "base"));
	value_texts(req, progress);
	json_decref(progress);
	json_t *chart = series_chart(req, model);
	if (chart) {
		json_t *bd = json_object_get(model, "breakdown");
		json_object_set_new(chart, "svg_url", json_sprintf(
			"/indicators/%s/%s/chart.svg?sex=%s&age=%s&migratory_status=%s",
			json_string_value(json_object_get(json_object_get(model, "indicator"), "code")),
			json_string_value(json_object_get(json_object_get(model, "country"), "iso3")),
			json_string_value(json_object_get(bd, "sex")),
			json_string_value(json_object_get(bd, "age")),
			json_string_value(json_object_get(bd, "migratory_status"))));
		json_object_set_new(model, "chart", chart);
	}
	/* The filters' options, the one shown selected. */
	static const char *const dims[] = {"sex", "age", "migratory_status"};
	for (size_t i = 0; i < ARRAY_LEN(dims); i++) {
		const char *chosen = json_string_value(json_object_get(
			json_object_get(model, "breakdown"), dims[i]));
		size_t k;
		json_t *o;
		json_array_foreach(json_object_get(json_object_get(model, "breakdowns"), dims[i]), k, o)
			json_object_set_new(o, "selected", json_boolean(
				strcmp(json_string_value(json_object_get(o, "code")), chosen) == 0));
	}
	return model;
}

void ui_indicators_series(struct request *req, struct page *page)
{
	json_t *model = series_model(req, page);
	if (!model)
		return;
	json_t *args = json_pack("{s:O, s:O}", "indicator", json_object_get(json_object_get(model,
		"indicator"), "name"), "country", json_object_get(json_object_get(model, "country"),
		"name"));
	const char *title = web_format(req, N_("{indicator} — {country}"), args);
	json_decref(args);
	page_set(page, "indicators/series", model, title);
}

void ui_indicators_chart(struct request *req, struct page *page)
{
	json_t *model = series_model(req, page);
	if (!model)
		return;
	json_t *chart = json_incref(json_object_get(model, "chart"));
	json_decref(model);
	if (!chart) {
		web_not_found(req, page, N_("This series cannot be drawn: the table gives its values."));
		return;
	}
	page_document(page, "charts/chart.svg", chart,
	              json_string_value(json_object_get(chart, "title")), "image/svg+xml");
}

void ui_indicators_sdmx(struct request *req, struct page *page)
{
	json_t *model = indicator_model(req, page);
	if (!model)
		return;
	const char *code = json_string_value(json_object_get(json_object_get(model, "indicator"),
	                                                     "code"));
	if (indicators_export_sdmx(req->db, code, &page->raw) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	json_decref(model);
	page->content_type = "text/csv; charset=utf-8; header=present";
}
