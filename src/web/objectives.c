/* objectives.c — the list of the 23 objectives and one page per objective,
 * each with where the commitments made under it stand. */
#include <string.h>

#include "commitments.h"
#include "domain/compact.h"
#include "domain/standing.h"
#include "i18n.h"
#include "objectives.h"
#include "routes.h"
#include "util.h"

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

void objectives_index(struct request *req, struct page *page)
{
	json_t *model = compact_objectives(req->db, req->locale);
	if (!model || add_counts(req, json_object_get(model, "objectives")) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	page_set(page, "objectives", model, tr(req->locale, "The 23 objectives"));
}

/* The objective number in the path, written as the site writes it: digits
 * only, no leading zero, so each objective has exactly one URL. */
static int objective_number(const char *s, int64_t *n)
{
	if (!s || s[0] == '0' || strspn(s, "0123456789") != strlen(s))
		return -1;
	return parse_int64(s, 1, COMPACT_OBJECTIVES, n);
}

void objectives_show(struct request *req, struct page *page)
{
	int64_t n;
	if (objective_number(req_param(req, 0), &n) < 0) {
		web_not_found(req, page, N_("The Compact has 23 objectives, numbered 1 to 23."));
		return;
	}
	json_t *model = compact_objective(req->db, req->locale, n);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		web_not_found(req, page, N_("The Compact has 23 objectives, numbered 1 to 23."));
		return;
	}
	struct scope scope = {.objective = (int)n};
	if (commitments_add_scope(req, model, &scope) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	/* "Objective 1 — Collect and utilize …": the full title, as people search. */
	const char *full = json_string_value(json_object_get(json_object_get(model, "objective"),
	                                                     "title"));
	const char *title = arena_printf(&req->arena, "%s %lld — %s", tr(req->locale, "Objective"),
	                                 (long long)n, full ? full : "");
	page_set(page, "objective", model, title);
}
