/* chart.h — the geometry of the bar charts the server draws as SVG
 * (the dashboard, an indicator's series), as a JSON model that
 * templates/charts/bar.html renders: this module knows nothing of what is
 * counted, and writes no markup (the template engine escapes everything).
 *
 * A chart is a list of categories (a bar each, with an optional link),
 * one or more series (stacked segments of the bar, or grouped bars when
 * `grouped`), and a value per category and series. Every series gets a
 * colour of the Okabe–Ito palette (distinguishable by readers with any
 * common colour-vision deficiency) *and* a pattern of its own, and every
 * bar its total written beside it, so colour never carries meaning alone;
 * the same numbers are the model's table (rows × series), which the page
 * shows under the chart and the JSON twin carries.
 *
 * The model:
 *   {"id", "title", "summary", "empty": bool, "width", "height",
 *    "series": [{"key", "label", "colour", "pattern", "index"}],
 *    "bars": [{"label", "label_y", "total", "total_x", "y", "h",
 *              "segments": [{"x", "y", "w", "h", "value", "series"}]}],
 *    "ticks": [{"x", "value"}],
 *    "rows": [{"label", "url"|absent, "total", "cells": [{"value"}]}],
 *    "legend_y", "legend_box_x", "empty_x", "direction": "ltr"|"rtl"}
 * Each number also as "text" (totals: "total_text"), written with
 * `decimals` decimals: what the SVG and the table show; "value" and
 * "total" stay the integers given. All geometry in whole pixels. id names the chart's SVG ids (its
 * patterns, title), so two charts on one page never share one: letters,
 * digits and '-' only. */
#ifndef PACTE_CHART_H
#define PACTE_CHART_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHART_SERIES_MAX 8          /* the palette's colours and patterns */
#define CHART_CATEGORIES_MAX 200

struct chart_series {
	const char *key;
	const char *label;              /* already translated */
};

struct chart_category {
	const char *label;              /* already translated */
	const char *url;                /* NULL: none */
};

struct chart_spec {
	const char *id, *title, *summary;
	const struct chart_category *categories;
	size_t ncategories;
	const struct chart_series *series;
	size_t nseries;
	const int64_t *values;          /* ncategories × nseries, row by row */
	bool grouped;                   /* a bar per series instead of stacked segments */
	int decimals;                   /* values are fixed-point: value / 10^decimals (0–3) */
	char decimal_mark;              /* the reader's ('.' or ','); 0: '.' */
	const char *dir;                /* the reader's direction (i18n_dir): "rtl" mirrors
	                                 * the chart, labels on the right; NULL: "ltr" */
};

/* The chart's model (a new reference), or NULL when the spec is out of
 * bounds (no series, more than CHART_SERIES_MAX series or
 * CHART_CATEGORIES_MAX categories, a negative value). A chart whose
 * values are all 0 has "empty": true and no bars: the page says there
 * is nothing to draw. */
json_t *chart_bars(const struct chart_spec *spec);

/* The i-th colour of the palette, "#RRGGBB" (i modulo the palette). */
const char *chart_colour(size_t i);

#endif
