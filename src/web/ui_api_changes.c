/* ui_api_changes.c — GET /api/v1/changes: the change feed, a page at a
 * time, after a cursor (changes.h). */
#include <stdint.h>

#include "domain/changes.h"
#include "guard.h"
#include "i18n.h"
#include "ui_api.h"
#include "util.h"
#include "validate.h"
#include "web.h"

static const struct field feed_fields[] = {
	{"since", FIELD_INT, 0, 0, INT64_MAX, NULL, 0, NULL,
	 N_("A cursor is the next_cursor of a page of this feed: a whole number from 0 (the start).")},
	{"limit", FIELD_INT, 0, 1, CHANGES_PAGE_MAX, NULL, 0, NULL,
	 N_("The limit must be a whole number from {min} to {max}.")},
};

void ui_api_changes(struct request *req, struct page *page)
{
	json_t *values, *errors;
	if (web_query_validate(req, feed_fields, ARRAY_LEN(feed_fields), &values, &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return;
	}
	int64_t since = json_integer_value(json_object_get(values, "since"));
	int limit = (int)json_integer_value(json_object_get(values, "limit"));
	json_decref(values);
	if (limit == 0)
		limit = CHANGES_PAGE_DEFAULT;
	json_t *model = NULL;
	enum outcome o = changes_page(req->db, req->locale, since, limit, errors, &model);
	if (o == OUTCOME_INVALID) {
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	if (o != OUTCOME_OK) {
		web_db_error(req, page);
		return;
	}
	const char *next = json_string_value(json_object_get(model, "next_cursor"));
	json_object_set_new(model, "limit", json_integer(limit));
	json_object_set_new(model, "next",
	                    json_is_true(json_object_get(model, "more"))
	                    ? json_string(view_link(req, arena_printf(&req->arena,
	                                                              "/changes?since=%s&limit=%d",
	                                                              next, limit)))
	                    : json_null());
	page_set(page, NULL, model, tr(req->locale, "Changes"));
}
