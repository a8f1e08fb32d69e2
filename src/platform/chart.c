/* chart.c — bar charts as a model of whole-pixel geometry (chart.h).
 *
 * Horizontal bars: a category's label on the left, its bar, its total on
 * the right; long label lists read better this way than under columns,
 * and the labels stay text a screen reader and a translation can use.
 * Ticks are round numbers (1, 2 or 5 × 10^k) so the axis reads at once.
 * In a right-to-left language the chart is mirrored (mirror()): labels on
 * the right, bars growing leftwards, as such a reader scans a line. */
#include <string.h>

#include "chart.h"

#define LABEL_W 260     /* the category labels' column */
#define PLOT_W 400      /* the bars' area */
#define TOTAL_W 70      /* the totals' column */
#define BAR_H 18
#define GAP 8
#define TOP 8
#define AXIS_H 24       /* the ticks' labels under the bars */
#define LEGEND_ROW 20    /* a series' line in the legend */
#define LEGEND_BOX 14    /* a series' swatch in the legend */

/* Okabe & Ito (2008), "Color Universal Design": eight colours told apart
 * under protanopia, deuteranopia and tritanopia; black last. */
static const char *const palette[CHART_SERIES_MAX] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
};
/* The pattern each series wears over its colour, as the path drawn on an
 * 8 × 8 tile (templates/charts/bar_svg.html), and the ink it is drawn in
 * (white on the dark colours, black on the light ones): the second cue,
 * which never depends on telling colours apart. The first is plain. */
static const char *const patterns[CHART_SERIES_MAX] = {
	"", "M0 8L8 0", "M3 3h2v2h-2z", "M0 4H8", "M0 0L8 8M8 0L0 8", "M4 0V8", "M0 0L8 8",
	"M0 4H8M4 0V8",
};
static const char *const inks[CHART_SERIES_MAX] = {
	"#ffffff", "#000000", "#000000", "#000000", "#000000", "#ffffff", "#000000", "#ffffff",
};

const char *chart_colour(size_t i)
{
	return palette[i % CHART_SERIES_MAX];
}

/* The tick step: the smallest 1, 2 or 5 × 10^k giving at most 5 ticks. */
static int64_t tick_step(int64_t max)
{
	int64_t step = 1;
	for (;;) {
		static const int mult[] = {1, 2, 5};
		for (size_t i = 0; i < 3; i++)
			if (max / (step * mult[i]) <= 5)
				return step * mult[i];
		step *= 10;
	}
}

/* v / 10^decimals as text with the decimal mark, e.g. 725 with 2
 * decimals: "7.25" (or "7,25"), as spec says. */
static json_t *fixed_text(int64_t v, const struct chart_spec *spec)
{
	static const int64_t pow10[] = {1, 10, 100, 1000};
	int decimals = spec->decimals;
	char mark = spec->decimal_mark;
	if (decimals <= 0 || decimals > 3)
		return json_sprintf("%lld", (long long)v);
	int64_t p = pow10[decimals], a = v < 0 ? -v : v;
	return json_sprintf("%s%lld%c%0*lld", v < 0 ? "-" : "", (long long)(a / p),
	                    mark ? mark : '.', decimals, (long long)(a % p));
}

/* Sets the integer member key of o to width - its value (- w when given:
 * a box's left edge, not a point). */
static void flip(json_t *o, const char *key, int width, const char *w)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		return;
	json_int_t x = width - json_integer_value(v);
	if (w)
		x -= json_integer_value(json_object_get(o, w));
	json_integer_set(v, x);
}

/* Mirrors the model's geometry left to right. Its text keeps its anchors:
 * the SVG says direction="rtl", under which "start" and "end" swap sides
 * too, so a label still ends at the axis and a total still starts at its
 * bar's end. */
static void mirror(json_t *model)
{
	int width = (int)json_integer_value(json_object_get(model, "width"));
	static const char *const points[] = {"plot_x", "plot_end", "label_x", "legend_x", "empty_x"};
	for (size_t i = 0; i < sizeof points / sizeof *points; i++)
		flip(model, points[i], width, NULL);
	json_object_set_new(model, "legend_box_x", json_integer(width - LABEL_W - LEGEND_BOX));
	size_t i, j;
	json_t *bar, *seg, *tick;
	json_array_foreach(json_object_get(model, "bars"), i, bar) {
		flip(bar, "total_x", width, NULL);
		json_array_foreach(json_object_get(bar, "segments"), j, seg) {
			flip(seg, "x", width, "w");
			flip(seg, "text_x", width, NULL);
		}
	}
	json_array_foreach(json_object_get(model, "ticks"), i, tick)
		flip(tick, "x", width, NULL);
}

static int scale(int64_t v, int64_t max)
{
	return max > 0 ? (int)((v * PLOT_W + max / 2) / max) : 0;
}

json_t *chart_bars(const struct chart_spec *spec)
{
	if (!spec || spec->nseries == 0 || spec->nseries > CHART_SERIES_MAX ||
	    spec->ncategories > CHART_CATEGORIES_MAX)
		return NULL;
	size_t ns = spec->nseries, nc = spec->ncategories;
	int64_t max = 0, all = 0;
	for (size_t c = 0; c < nc; c++) {
		int64_t total = 0;
		for (size_t s = 0; s < ns; s++) {
			int64_t v = spec->values[c * ns + s];
			if (v < 0)
				return NULL;
			total += v;
			if (spec->grouped && v > max)
				max = v;
		}
		if (!spec->grouped && total > max)
			max = total;
		all += total;
	}
	int64_t step = tick_step(max > 0 ? max : 1);
	int64_t axis_max = ((max + step - 1) / step) * step;
	if (axis_max == 0)
		axis_max = step;

	json_t *series = json_array();

	int band = spec->grouped ? (int)ns * BAR_H : BAR_H;
	json_t *bars = json_array(), *rows = json_array();
	int y = TOP;
	for (size_t c = 0; c < nc; c++) {
		const int64_t *v = &spec->values[c * ns];
		int64_t total = 0;
		for (size_t s = 0; s < ns; s++)
			total += v[s];
		json_t *segments = json_array(), *cells = json_array();
		int x = LABEL_W, end = LABEL_W;
		for (size_t s = 0; s < ns; s++) {
			json_array_append_new(cells, json_pack("{s:I, s:o}", "value", (json_int_t)v[s],
			                                       "text", fixed_text(v[s], spec)));
			int w = scale(v[s], axis_max);
			if (v[s] == 0)
				continue;
			int sy = spec->grouped ? y + (int)s * BAR_H : y;
			int sx = spec->grouped ? LABEL_W : x;
			json_array_append_new(segments, json_pack("{s:i, s:i, s:i, s:i, s:I, s:I, s:s, s:i, s:i}",
				"x", sx, "y", sy, "w", w > 0 ? w : 1, "h", BAR_H - 2,
				"value", (json_int_t)v[s], "series", (json_int_t)s,
				"series_label", spec->series[s].label, "text_x", sx + (w > 0 ? w : 1) + 4,
				"text_y", sy + BAR_H / 2 + 3));
			json_object_set_new(json_array_get(segments, json_array_size(segments) - 1), "text",
			                    fixed_text(v[s], spec));
			x += w;
			if (sx + w > end)
				end = sx + w;
		}
		json_array_append_new(bars, json_pack("{s:s, s:i, s:I, s:i, s:i, s:i, s:o}",
			"label", spec->categories[c].label, "label_y", y + band / 2 + 3,
			"total", (json_int_t)total, "total_x", end + 6, "y", y, "h", band,
			"segments", segments));
		json_object_set_new(json_array_get(bars, json_array_size(bars) - 1), "total_text",
		                    fixed_text(total, spec));
		json_t *row = json_pack("{s:s, s:I, s:o, s:o}", "label", spec->categories[c].label,
		                        "total", (json_int_t)total, "total_text",
		                        fixed_text(total, spec), "cells", cells);
		if (spec->categories[c].url)
			json_object_set_new(row, "url", json_string(spec->categories[c].url));
		json_array_append_new(rows, row);
		y += band + GAP;
	}
	json_t *ticks = json_array();
	for (int64_t t = 0; t <= axis_max; t += step)
		json_array_append_new(ticks, json_pack("{s:i, s:I, s:o}", "x",
			LABEL_W + scale(t, axis_max), "value", (json_int_t)t, "text",
			fixed_text(t, spec)));
	int axis_y = y, legend_y = axis_y + AXIS_H;
	for (size_t s = 0; s < ns; s++)
		json_array_append_new(series, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:i, s:i}",
			"key", spec->series[s].key, "label", spec->series[s].label,
			"colour", palette[s], "pattern", patterns[s], "ink", inks[s], "index", (json_int_t)s,
			"legend_y", legend_y + (int)s * LEGEND_ROW, "legend_text_y",
			legend_y + (int)s * LEGEND_ROW + 11));
	if (all == 0)
		json_array_clear(bars);
	json_t *model = json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:i, s:i, s:i, s:i, s:i, s:i, s:i, "
	                          "s:i, s:i, s:o, s:o, s:o, s:o}",
		"id", spec->id, "title", spec->title, "summary", spec->summary, "empty", all == 0,
		"multi", ns > 1, "grouped", spec->grouped, "width", LABEL_W + PLOT_W + TOTAL_W,
		"height", legend_y + (ns > 1 ? (int)ns * LEGEND_ROW : 0) + 4,
		"top", TOP, "axis_y", axis_y, "tick_y", axis_y + 4, "tick_label_y", axis_y + 16,
		"plot_x", LABEL_W, "plot_end", LABEL_W + PLOT_W, "label_x", LABEL_W - 6,
		"series", series, "bars", bars, "ticks", ticks, "rows", rows);
	json_object_set_new(model, "legend_x", json_integer(LABEL_W + 20));
	json_object_set_new(model, "legend_box_x", json_integer(LABEL_W));
	json_object_set_new(model, "empty_x", json_integer(10));
	bool rtl = spec->dir && strcmp(spec->dir, "rtl") == 0;
	json_object_set_new(model, "direction", json_string(rtl ? "rtl" : "ltr"));
	if (rtl)
		mirror(model);
	return model;
}
