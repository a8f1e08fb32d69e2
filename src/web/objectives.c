/* objectives.c — the list of the 23 objectives and one page per objective. */
#include <string.h>

#include "domain/compact.h"
#include "i18n.h"
#include "objectives.h"
#include "routes.h"
#include "util.h"

void objectives_index(struct request *req, struct page *page)
{
	json_t *model = compact_objectives(req->db, req->locale);
	if (!model) {
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
	/* "Objective 1 — Collect and utilize …": the full title, as people search. */
	const char *full = json_string_value(json_object_get(json_object_get(model, "objective"),
	                                                     "title"));
	const char *title = arena_printf(&req->arena, "%s %lld — %s", tr(req->locale, "Objective"),
	                                 (long long)n, full ? full : "");
	page_set(page, "objective", model, title);
}
