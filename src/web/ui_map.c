/* ui_map.c — the world map's model (ui_map.h).
 *
 * The geometry is read from the embedded data/world_map.tsv at each call:
 * 195 lines, already projected and rounded, so a map costs a pass over
 * 73 KB and no arithmetic on shapes. The colours are ColorBrewer's
 * sequential "Blues" (safe for colour-blind readers and in grey), a class
 * per fifth of the largest count; a state with none is white and hatched
 * in the legend; the count is in each state's accessible name and in the
 * table, so no reader depends on the colour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/dashboard.h"
#include "embed.h"
#include "i18n.h"
#include "ui_map.h"
#include "ui_numbers.h"
#include "util.h"
#include "web.h"

#define MAP_FILE "data/world_map.tsv"
#define MAP_W 960
#define MAP_H 470
#define NCLASS 5
#define MAP_MARGIN 10

static const char *const blues[NCLASS] = {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"};
#define NONE_COLOUR "#ffffff"

/* The class of n among counts up to max: 0 for none, 1..NCLASS-1 else. */
static int class_of(int64_t n, int64_t max)
{
	if (n <= 0 || max <= 0)
		return 0;
	int c = 1 + (int)((n - 1) * (NCLASS - 1) / max);
	return c < NCLASS ? c : NCLASS - 1;
}

/* One line of the file: its fields (pointers into the embedded bytes). */
struct shape {
	char iso3[4];
	int box[4];
	const char *geo;
	size_t geo_len;
};

static int parse_line(const char *line, size_t len, struct shape *s)
{
	const char *tab1 = memchr(line, '\t', len);
	if (!tab1 || tab1 - line != 3)
		return -1;
	const char *tab2 = memchr(tab1 + 1, '\t', len - (size_t)(tab1 + 1 - line));
	if (!tab2)
		return -1;
	memcpy(s->iso3, line, 3);
	s->iso3[3] = '\0';
	if (sscanf(tab1 + 1, "%d,%d,%d,%d", &s->box[0], &s->box[1], &s->box[2], &s->box[3]) != 4)
		return -1;
	s->geo = tab2 + 1;
	s->geo_len = len - (size_t)(s->geo - line);
	return 0;
}

static json_t *state_of(json_t *by_iso3, const char *iso3)
{
	return json_object_get(by_iso3, iso3);
}

/* What a map may be coloured by (ui_map.h's measures, in that order):
 * the count or share each state gets, its words, and which states the
 * table lists (those counted: a share needs a commitment, a count one). */
static const struct measure {
	const char *code, *choice, *title, *summary, *label, *none, *column;
	const char *key, *of;            /* the value; a share: key's part of `of` */
	int decimals;                    /* key holds value × 10^decimals */
	bool present;                    /* counted when key is there, whatever its value */
} measures[] = {
	{"commitments", N_("Commitments"), N_("Commitments by country"),
	 N_("Each state coloured by the number of commitments that name it; small states are "
	    "drawn as dots. The table below gives the same numbers."),
	 N_("{name}, commitments: {n}"), N_("No commitment"), N_("Commitments"), "total", NULL},
	{"active", N_("Share in progress"), N_("Share of commitments in progress by country"),
	 N_("Each state coloured by the share, in percent, of the commitments naming it that "
	    "are in progress; white where none is. The table below gives the same numbers."),
	 N_("{name}, commitments in progress: {n}%"), N_("None in progress"),
	 N_("In progress (%)"), "in_progress", "total"},
	{"overdue", N_("Share overdue"), N_("Share of commitments overdue by country"),
	 N_("Each state coloured by the share, in percent, of the commitments naming it, not "
	    "closed, whose last report is more than a year old; white where none is. The table "
	    "below gives the same numbers."),
	 N_("{name}, commitments overdue: {n}%"), N_("None overdue"), N_("Overdue (%)"),
	 "overdue", "total"},
	{"practices", N_("Published practices"), N_("Published practices by country"),
	 N_("Each state coloured by the number of published good practices that name it. "
	    "The table below gives the same numbers."),
	 N_("{name}, published practices: {n}"), N_("No published practice"),
	 N_("Published practices"), "practices", NULL},
	{"needs", N_("Open needs"), N_("Open needs by country"),
	 N_("Each state coloured by the number of the hub's open needs for support that name "
	    "it. The table below gives the same numbers."),
	 N_("{name}, open needs: {n}"), N_("No open need"), N_("Open needs"), "needs", NULL},
};
const char *const ui_map_measures[] = {"commitments", "active", "overdue", "practices", "needs",
                                       NULL};

/* A state's value under m, and whether it is counted at all. */
static int64_t value_of(const struct measure *m, json_t *c, bool *counted)
{
	int64_t n = json_integer_value(json_object_get(c, m->key));
	if (m->present) {
		*counted = json_object_get(c, m->key) != NULL;
		return n;
	}
	if (!m->of) {
		*counted = n > 0;
		return n;
	}
	int64_t of = json_integer_value(json_object_get(c, m->of));
	*counted = of > 0;
	return of > 0 ? (n * 100 + of / 2) / of : 0;
}

static void draw(struct request *req, json_t *model, json_t *counts, bool framed,
                 const char *current, const char *title, const struct measure *m);

void ui_map_add(struct request *req, json_t *model, json_t *counts, bool framed,
                const char *current, const char *title)
{
	draw(req, model, counts, framed, current, title, &measures[0]);
}

void ui_map_measured(struct request *req, json_t *model, json_t *counts, const char *measure)
{
	size_t k = 0;
	while (k + 1 < ARRAY_LEN(measures) && (!measure || strcmp(measures[k].code, measure) != 0))
		k++;
	if (!measure || strcmp(measures[k].code, measure) != 0)
		k = 0;
	draw(req, model, counts, false, NULL, NULL, &measures[k]);
	json_t *choices = json_array();
	for (size_t i = 0; i < ARRAY_LEN(measures); i++)
		json_array_append_new(choices, json_pack("{s:s, s:s, s:b}", "value", measures[i].code,
			"label", tr(req->locale, measures[i].choice), "selected", i == k));
	json_t *map = json_object_get(model, "map");
	json_object_set_new(map, "measures", choices);
	json_object_set_new(map, "measure", json_string(measures[k].code));
	json_object_set_new(map, "choose", json_true());
}

static void draw(struct request *req, json_t *model, json_t *counts, bool framed,
                 const char *current, const char *title, const struct measure *m)
{
	const struct embed_file *f = embed_find(MAP_FILE);
	json_t *list = json_object_get(counts, "countries");
	json_t *by_iso3 = json_object();
	int64_t max = 0;
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		json_object_set(by_iso3, json_string_value(json_object_get(c, "iso3")), c);
		bool counted;
		int64_t n = value_of(m, c, &counted);
		if (n > max)
			max = n;
	}
	json_t *states = json_array();
	int x0 = MAP_W, y0 = MAP_H, x1 = 0, y1 = 0;
	for (const char *p = f ? f->data : "", *end = p + (f ? f->len : 0); p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct shape s;
		const char *line = p;
		p += len + 1;
		if (len == 0 || line[0] == '#' || parse_line(line, len, &s) < 0)
			continue;
		json_t *c0 = state_of(by_iso3, s.iso3);
		if (!c0)
			continue;
		bool counted;
		int64_t n = value_of(m, c0, &counted);
		const char *name = json_string_value(json_object_get(c0, "name"));
		const char *text = ui_fixed_text(req, n, m->decimals);
		json_t *args = json_pack("{s:s, s:s}", "name", name, "n", text);
		json_t *st = json_pack("{s:s, s:O, s:O, s:I, s:s, s:s, s:s, s:b}", "iso3", s.iso3,
			"name", json_object_get(c0, "name"), "url", json_object_get(c0, "url"),
			"total", (json_int_t)n, "text", text, "colour",
			class_of(n, max) ? blues[class_of(n, max)] : NONE_COLOUR,
			"label", counted || !m->present ? web_format(req, m->label, args) :
			         web_format(req, N_("{name}: no value"), args), "counted", counted);
		json_decref(args);
		if (current && strcmp(current, s.iso3) == 0)
			json_object_set_new(st, "current", json_true());
		int cx, cy;
		if (s.geo[0] == '@' && sscanf(s.geo, "@%d,%d", &cx, &cy) == 2) {
			json_object_set_new(st, "cx", json_integer(cx));
			json_object_set_new(st, "cy", json_integer(cy));
		} else {
			json_object_set_new(st, "d", json_stringn(s.geo, s.geo_len));
		}
		json_array_append_new(states, st);
		x0 = s.box[0] < x0 ? s.box[0] : x0;
		y0 = s.box[1] < y0 ? s.box[1] : y0;
		x1 = s.box[2] > x1 ? s.box[2] : x1;
		y1 = s.box[3] > y1 ? s.box[3] : y1;
	}
	if (!framed || x1 <= x0 || y1 <= y0) {
		x0 = MAP_MARGIN;
		y0 = MAP_MARGIN;
		x1 = MAP_W - MAP_MARGIN;
		y1 = MAP_H - MAP_MARGIN;
	}
	json_t *legend = json_array();
	json_array_append_new(legend, json_pack("{s:s, s:s}", "label",
		tr(req->locale, m->none), "colour", NONE_COLOUR));
	for (int k = 1; k < NCLASS && max > 0; k++) {
		int64_t lo = (k - 1) * max / (NCLASS - 1) + 1, hi = k * max / (NCLASS - 1);
		if (hi < lo)
			continue;
		json_array_append_new(legend, json_pack("{s:s, s:s}", "label",
			arena_printf(&req->arena, "%s–%s", ui_fixed_text(req, lo, m->decimals),
			             ui_fixed_text(req, hi, m->decimals)), "colour", blues[k]));
	}
	json_t *rows = json_array();
	json_t *st;
	json_array_foreach(states, i, st)
		if (json_is_true(json_object_get(st, "counted")))
			json_array_append_new(rows, json_pack("{s:O, s:O, s:O, s:O}", "name",
				json_object_get(st, "name"), "url", json_object_get(st, "url"),
				"total", json_object_get(st, "total"), "text", json_object_get(st, "text")));
	json_decref(by_iso3);
	json_object_set_new(model, "map", json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o}",
		"id", "map", "title", title ? title : tr(req->locale, m->title),
		"summary", tr(req->locale, m->summary), "column", tr(req->locale, m->column),
		"empty", json_array_size(rows) == 0,
		"viewbox", arena_printf(&req->arena, "%d %d %d %d", x0 - MAP_MARGIN, y0 - MAP_MARGIN,
		                        x1 - x0 + 2 * MAP_MARGIN, y1 - y0 + 2 * MAP_MARGIN),
		"legend", legend, "states", states, "rows", rows));
}

int ui_map_scope(struct request *req, json_t *model, const char *area, int objective,
                 const char *current, const char *title)
{
	json_t *counts = dashboard_countries(req->db, req->locale, area, objective);
	if (!counts)
		return -1;
	ui_map_add(req, model, counts, area != NULL, current, title);
	json_decref(counts);
	return 0;
}

void ui_map_indicator(struct request *req, json_t *model, json_t *countries, int decimals,
                      const char *title)
{
	json_t *counts = dashboard_countries(req->db, req->locale, NULL, 0);
	if (!counts)
		return;
	json_t *by_iso3 = json_object();
	size_t i;
	json_t *c;
	json_array_foreach(countries, i, c)
		json_object_set(by_iso3, json_string_value(json_object_get(c, "iso3")), c);
	double scale = 1;
	for (int k = 0; k < decimals; k++)
		scale *= 10;
	json_array_foreach(json_object_get(counts, "countries"), i, c) {
		json_t *v = json_object_get(by_iso3, json_string_value(json_object_get(c, "iso3")));
		if (!v)
			continue;
		double x = json_number_value(json_object_get(v, "value")) * scale;
		json_object_set_new(c, "scaled", json_integer((json_int_t)(x < 0 ? x - 0.5 : x + 0.5)));
		json_object_set(c, "url", json_object_get(v, "url"));
	}
	json_decref(by_iso3);
	const struct measure m = {"indicator", NULL, title,
		N_("Each state coloured by its latest value of the indicator, for all people; white "
		   "where there is none (or where it is zero or less). The table below gives the "
		   "same numbers."),
		N_("{name}: {n}"), N_("No value"), N_("Latest value"), "scaled", NULL, decimals, true};
	draw(req, model, counts, false, NULL, title, &m);
	json_decref(counts);
}
