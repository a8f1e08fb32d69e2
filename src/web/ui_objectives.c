/* ui_objectives.c — the list of the Compact's objectives and one page per
 * objective, each with where the commitments made under it stand. */
#include <string.h>

#include "domain/compact.h"
#include "domain/standing.h"
#include "i18n.h"
#include "ui_map.h"
#include "ui_objectives.h"
#include "ui_scope.h"
#include "ui_practices.h"
#include "ui_reviews.h"
#include "util.h"
#include "web.h"

/* Gives each objective of the list that has commitments their counts
 * ("commitments": {number, total, achieved, overdue, …}). Returns 0 or -1. */
static int add_counts(struct request *req, json_t *objectives)
{
	json_t *counts = standing_objectives(req->db, req->locale, NULL);
	if (!counts)
		return -1;
	size_t i, k;
	json_t *o, *c;
	json_array_foreach(objectives, i, o) {
		json_int_t n = json_integer_value(json_object_get(o, "number"));
		json_array_foreach(json_object_get(counts, "objectives"), k, c)
			if (json_integer_value(json_object_get(c, "number")) == n &&
			    json_integer_value(json_object_get(c, "total")) > 0)
				json_object_set(o, "commitments", c);
	}
	json_decref(counts);
	return 0;
}

/* The list's CSV twin (/objectives.csv). */
static const struct csv_column csv_columns[] = {
	{"number", "number"}, {"paragraph", "paragraph"}, {"title", "title"},
	{"short_title", "short_title"}, {"commitments", "commitments/total"},
	{"active", "commitments/active"}, {"achieved", "commitments/achieved"},
	{"overdue", "commitments/overdue"}, {"url", "url"},
};
static const struct page_csv csv_table = {"objectives", csv_columns, ARRAY_LEN(csv_columns)};

void ui_objectives_index(struct request *req, struct page *page)
{
	json_t *model = compact_objectives(req->db, req->locale);
	if (!model || add_counts(req, json_object_get(model, "objectives")) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	page_set(page, "objectives", model,
	         web_format_n(req, "The {n} objective", "The {n} objectives", COMPACT_OBJECTIVES));
	page_csv(page, &csv_table);
}

/* The objective number in the path, written as the site writes it: digits
 * only, no leading zero, so each objective has exactly one URL. */
static int objective_number(const char *s, int64_t *n)
{
	if (!s || s[0] == '0' || strspn(s, "0123456789") != strlen(s))
		return -1;
	return parse_int64(s, 1, COMPACT_OBJECTIVES, n);
}

/* 404: there is no such objective (the detail says how many there are). */
static void no_objective(struct request *req, struct page *page)
{
	page_error(req, page, 404, "Not found",
	           web_format_n(req, "The Compact has {n} objective, numbered 1 to {n}.",
	                        "The Compact has {n} objectives, numbered 1 to {n}.",
	                        COMPACT_OBJECTIVES));
}

void ui_objectives_show(struct request *req, struct page *page)
{
	int64_t n;
	if (objective_number(req_param(req, 0), &n) < 0) {
		no_objective(req, page);
		return;
	}
	json_t *model = compact_objective(req->db, req->locale, n);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		no_objective(req, page);
		return;
	}
	struct scope scope = {.objective = (int)n};
	if (ui_scope_add(req, model, &scope) < 0 ||
	    ui_practices_scope(req, model, "objective", arena_printf(&req->arena, "%lld",
	                                                             (long long)n)) < 0 ||
	    ui_reviews_scope(req, model, n, NULL) < 0 ||
	    ui_map_scope(req, model, NULL, (int)n, NULL,
	                 tr(req->locale, "Commitments under this objective by country")) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	/* "Objective 1 — Collect and utilize …": the full title, as people search. */
	const char *full = json_string_value(json_object_get(json_object_get(model, "objective"),
	                                                     "title"));
	const char *title = arena_printf(&req->arena, "%s %lld — %s", tr(req->locale, "Objective"),
	                                 (long long)n, full ? full : "");
	/* Its own Atom feed, which the layout links. */
	json_object_set_new(model, "feed_url", json_string(arena_printf(
		&req->arena, "/feeds/commitments.atom?objective=%lld", (long long)n)));
	page_set(page, "objective", model, title);
}
