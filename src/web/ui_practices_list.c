/* ui_practices_list.c — GET /practices (the published practices, their
 * filters and pages), the Atom feed of newly published ones, and the few
 * a scope's page (objective, country, region, actor) lists.
 *
 * One model for both formats: the cards, the filters as given, the link
 * to the next page in the format asked for (view_link). The filter form's
 * choices are added to the HTML page alone (page_html_extra). */
#include <stdio.h>
#include <string.h>

#include "domain/permission.h"
#include "domain/practices.h"
#include "guard.h"
#include "i18n.h"
#include "text.h"
#include "ui.h"
#include "ui_practices.h"
#include "util.h"
#include "web.h"

#define FEED_ENTRIES 50
#define FEED_TAG "tag:pacte,2018-12-10:"
#define SCOPE_CARDS 5          /* practices a scope's page lists */

/* The list's query parameters, in the order links repeat them. */
static const char *const list_params[] = {
	"q", "objective", "principle", "country", "region", "level", "type", "actor", "language",
	"call", "year", "sort", "limit",
};

/* The query as the filter check takes it: each parameter given, as text. */
static json_t *query_input(const struct request *req)
{
	json_t *in = json_object();
	for (size_t i = 0; i < ARRAY_LEN(list_params); i++) {
		const char *v = req_query(req, list_params[i]);
		if (ui_given(v))
			json_object_set_new(in, list_params[i], json_stringn_nocheck(v, strlen(v)));
	}
	const char *after = req_query(req, "after");
	if (ui_given(after))
		json_object_set_new(in, "after", json_stringn_nocheck(after, strlen(after)));
	return in;
}

/* The list's URL with the current filters and ?after=, in the answer's
 * format. From the arena. */
static const char *list_url(struct request *req, const char *after)
{
	return ui_list_url(req, "/practices", list_params, ARRAY_LEN(list_params), NULL, NULL,
	                   after);
}

/* The filter form's choices, the current values selected. */
static int add_choices(struct request *req, struct page *page)
{
	json_t *choices = practices_choices(req->db, req->locale);
	if (!choices) {
		web_db_error(req, page);
		return -1;
	}
	static const struct {
		const char *list, *key, *param;
	} lists[] = {
		{"objectives", "number", "objective"}, {"principles", "slug", "principle"},
		{"countries", "iso3", "country"}, {"regions", "m49", "region"},
		{"levels", "code", "level"}, {"types", "code", "type"}, {"sorts", "code", "sort"},
	};
	for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
		const char *given = req_query(req, lists[i].param);
		json_t *cur = json_string(given && utf8_valid(given, strlen(given)) ? given : "");
		ui_mark(json_object_get(choices, lists[i].list), lists[i].key, cur, "selected");
		json_decref(cur);
	}
	json_object_set_new(page->model, "choices", choices);
	return 0;
}

void ui_practices_index(struct request *req, struct page *page)
{
	json_t *in = query_input(req), *errors = json_object(), *filter = NULL;
	practices_filter_check(in, errors, &filter);
	json_decref(in);
	if (json_object_size(errors)) {
		json_decref(filter);
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	json_t *model = practices_list(req->db, req->locale, filter);
	json_decref(filter);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "filters", ui_filters_given(req, list_params,
	                                                       ARRAY_LEN(list_params)));
	const char *next = json_string_value(json_object_get(model, "next"));
	if (next)
		json_object_set_new(model, "next_url", json_string(list_url(req, next)));
	if (ui_given(req_query(req, "after")))
		json_object_set_new(model, "first_url", json_string(list_url(req, NULL)));
	ui_mark_numbers(json_object_get(model, "practices"), "end_year", "has_end_year");
	bool writer = req->user && can(req->user, ACTION_PRACTICE_SUBMIT,
	                               &(struct object_ref){"practice", 0, req->user->actor_id});
	json_object_set_new(model, "can_submit", json_boolean(writer));
	bool on_roster = false;
	if (req->user && practices_on_roster(req->db, req->user->id, &on_roster, NULL) < 0) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "on_roster", json_boolean(on_roster));
	/* A writer finds here their own actor's drafts and practices under
	 * review, which no public list shows. */
	if (writer) {
		json_t *own = practices_of_actor(req->db, req->locale, req->user->actor_id);
		if (!own) {
			json_decref(model);
			web_db_error(req, page);
			return;
		}
		json_object_set_new(model, "has_own", json_boolean(json_array_size(own) > 0));
		json_object_set_new(model, "own", own);
	}
	page_set(page, "practices/list", model, tr(req->locale, "Good practices"));
	page_html_extra(page, add_choices);
}

void ui_practices_feed(struct request *req, struct page *page)
{
	json_t *model = practices_feed(req->db, FEED_ENTRIES);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(model, "entries"), i, e) {
		char id[96];
		snprintf(id, sizeof id, FEED_TAG "practice/%lld",
		         (long long)json_integer_value(json_object_get(e, "id")));
		json_object_set_new(e, "entry_id", json_string(id));
	}
	const char *title = tr(req->locale, "Pacte: newly published good practices");
	json_object_set_new(model, "feed_title", json_string(title));
	json_object_set_new(model, "feed_id", json_string(FEED_TAG "feeds/practices"));
	page_document(page, "feeds/practices.atom", model, title,
	              "application/atom+xml; charset=utf-8");
}

int ui_practices_scope(struct request *req, json_t *model, const char *filter_key,
                       const char *value)
{
	json_t *filter = json_pack("{s:s, s:i}", filter_key, value, "limit", SCOPE_CARDS);
	json_t *errors = json_object(), *clean = NULL;
	int bad = practices_filter_check(filter, errors, &clean);
	json_decref(filter);
	json_decref(errors);
	if (bad) {
		json_decref(clean);
		return 0;      /* a page whose key is no filter lists none */
	}
	json_t *list = practices_list(req->db, req->locale, clean);
	json_decref(clean);
	if (!list)
		return -1;
	json_object_set(model, "practices", json_object_get(list, "practices"));
	json_object_set_new(model, "has_practices",
	                    json_boolean(json_array_size(json_object_get(list, "practices")) > 0));
	json_object_set(model, "practices_total", json_object_get(list, "total"));
	json_object_set_new(model, "practices_url", json_string(arena_printf(&req->arena,
	                    "/practices?%s=%s", filter_key, web_url_encode(&req->arena, value))));
	json_decref(list);
	return 0;
}
