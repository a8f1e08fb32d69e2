/* ui_commitments_list.c — GET /commitments: one page of the list, its
 * filters, sorts and pages.
 *
 * One model for both formats: the cards, the filters as given, a link
 * for each sort, and the links to the next and first pages — each link
 * in the format asked for (view_link), so an API client follows them as
 * a browser does. The filter form's select options are reference lists
 * the view adds to the page alone (page_html_extra). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain/commitments.h"
#include "domain/compact.h"
#include "domain/users.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_choices.h"
#include "ui_commitments.h"
#include "ui_commitments_impl.h"
#include "util.h"
#include "web.h"

/* The list's query parameters, in the order links repeat them. */
static const char *const list_params[] = {
	"q", "objective", "principle", "level", "status", "country", "region", "owner_type",
	"actor", "freshness", "overdue", "sort", "limit",
};

/* The list's URL with the current filters, sort replaced when `sort` is
 * not NULL, and ?after= when `after` is not NULL, in the answer's format.
 * From the arena. */
static const char *list_url(struct request *req, const char *sort, const char *after)
{
	return ui_list_url(req, "/commitments", list_params, ARRAY_LEN(list_params),
	                   sort ? "sort" : NULL, sort, after);
}

static const char *const overdue_yes[] = {"1", "true", "on", "yes", NULL};
static const char *const overdue_no[] = {"0", "false", "off", "no", NULL};

/* A number parameter in [1, max] into *out; otherwise an error (a msgid
 * with the limit as its {max}) for the parameter. */
static void read_number(const struct request *req, const char *name, int64_t max,
                        const char *msgid, int64_t *out, json_t *errors)
{
	const char *v = req_query(req, name);
	int64_t n;
	if (!ui_given(v))
		return;
	if (parse_int64(v, 1, max, &n) == 0) {
		*out = n;
		return;
	}
	valid_error_int(errors, name, msgid, "max", max);
}

/* Reads the filter from the query. Numbers and the overdue flag are
 * checked here (the struct holds them typed); codes, the cursor and the
 * ranges by commitment_filter_check. Errors as ui_messages takes them. */
static void read_filter(struct request *req, struct commitment_filter *f, json_t *errors)
{
	static const struct {
		const char *name;
		size_t offset;
	} texts[] = {
		{"principle", offsetof(struct commitment_filter, principle)},
		{"level", offsetof(struct commitment_filter, level)},
		{"status", offsetof(struct commitment_filter, status)},
		{"country", offsetof(struct commitment_filter, country)},
		{"region", offsetof(struct commitment_filter, region)},
		{"owner_type", offsetof(struct commitment_filter, owner_type)},
		{"freshness", offsetof(struct commitment_filter, freshness)},
		{"sort", offsetof(struct commitment_filter, sort)},
		{"after", offsetof(struct commitment_filter, after)},
		{"q", offsetof(struct commitment_filter, q)},
	};
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		const char *v = req_query(req, texts[i].name);
		*(const char **)((char *)f + texts[i].offset) = ui_given(v) ? v : NULL;
	}
	f->country = ui_country_param(req, f->country);
	int64_t n = 0;
	read_number(req, "objective", COMPACT_OBJECTIVES,
	            N_("The objective must be a number from 1 to {max}."), &n, errors);
	f->objective = (int)n;
	n = 0;
	read_number(req, "limit", COMMITMENT_PAGE_MAX,
	            N_("The number of commitments per page must be from 1 to {max}."), &n, errors);
	f->limit = (int)n;
	read_number(req, "actor", INT64_MAX, N_("The actor must be given by its number."),
	            &f->actor_id, errors);
	const char *v = req_query(req, "overdue");
	if (ui_given(v)) {
		if (code_index(overdue_yes, v) >= 0)
			f->overdue = true;
		else if (code_index(overdue_no, v) < 0)
			valid_error(errors, "overdue", N_("Overdue is a yes or no: 1 or 0."));
	}
}

/* What the list page shows beside its model (page_html_extra): the filter
 * form's choices, the current values selected. On a database error the
 * page becomes a 500. */
static int add_choices(struct request *req, struct page *page)
{
	json_t *shared = ui_commitment_choices(req);
	if (!shared) {
		web_db_error(req, page);
		return -1;
	}
	/* The lists are shared with other requests: the marked ones are
	 * replaced in a copy of the outer object (ui_marked_copy). */
	json_t *choices = json_copy(shared);
	json_decref(shared);
	/* The filter was valid: objective is a number, perhaps written "07". */
	int64_t n = 0;
	const char *given = req_query(req, "objective");
	if (given && parse_int64(given, 1, COMPACT_OBJECTIVES, &n) < 0)
		n = 0;
	json_t *objective = json_integer(n);
	json_object_set_new(choices, "objectives",
	                    ui_marked_copy(json_object_get(choices, "objectives"), "number",
	                                   objective, "selected"));
	json_decref(objective);
	static const struct {
		const char *list, *key, *param;
	} lists[] = {
		{"principles", "slug", "principle"}, {"levels", "code", "level"},
		{"statuses", "code", "status"}, {"countries", "iso3", "country"},
		{"owner_types", "code", "owner_type"}, {"freshnesses", "code", "freshness"},
		{"sorts", "code", "sort"},
	};
	for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
		given = req_query(req, lists[i].param);
		json_t *cur = json_string(given ? given : "");
		json_object_set_new(choices, lists[i].list,
		                    ui_marked_copy(json_object_get(choices, lists[i].list),
		                                   lists[i].key, cur, "selected"));
		json_decref(cur);
	}
	json_object_set_new(page->model, "choices", choices);
	return 0;
}

/* The filter form's choices beside refused filters, none selected (and
 * none at all if the database fails: the page says what was wrong). */
static int add_plain_choices(struct request *req, struct page *page)
{
	json_t *choices = ui_commitment_choices(req);
	if (choices)            /* shared, read only: the template only reads it */
		json_object_set_new(page->model, "choices", choices);
	return 0;
}

/* A link to the list sorted each way, the current one marked. */
static json_t *sort_links(struct request *req, const struct commitment_filter *f)
{
	const char *cur = f->sort ? f->sort : commitment_sorts[0];
	json_t *sorts = json_array();
	for (size_t i = 0; commitment_sorts[i]; i++)
		json_array_append_new(sorts, json_pack("{s:s, s:s, s:s, s:b}", "code", commitment_sorts[i],
		                                       "label", tr(req->locale, commitment_sort_labels[i]),
		                                       "url", list_url(req, commitment_sorts[i], NULL),
		                                       "current", strcmp(cur, commitment_sorts[i]) == 0));
	return sorts;
}

/* The current filters, echoed in the model (and kept by the HTML form). */
static json_t *filter_echo(const struct request *req)
{
	json_t *echo = json_object();
	for (size_t i = 0; i < ARRAY_LEN(list_params); i++) {
		const char *v = req_query(req, list_params[i]);
		if (ui_given(v))
			json_object_set_new(echo, list_params[i], json_string(v));
	}
	return echo;
}

/* A refused filter: 400, the list page with the messages and the filter
 * form, or problem+json naming each parameter. Steals errors. */
static void filter_invalid(struct request *req, struct page *page, json_t *errors)
{
	json_t *model = json_pack("{s:o}", "filters", filter_echo(req));
	page_refuse(req, page, 400, "commitments/list", model, NULL, errors,
	            tr(req->locale, "Commitments"));
	page_html_extra(page, add_plain_choices);
}

/* The Atom feed with the filters it knows (country and objective). */
static const char *feed_url(struct request *req, const struct commitment_filter *f)
{
	const char *country = f->country ? web_url_encode(&req->arena, f->country) : NULL;
	if (country && f->objective)
		return arena_printf(&req->arena, "/feeds/commitments.atom?country=%s&objective=%d",
		                    country, f->objective);
	if (country)
		return arena_printf(&req->arena, "/feeds/commitments.atom?country=%s", country);
	if (f->objective)
		return arena_printf(&req->arena, "/feeds/commitments.atom?objective=%d", f->objective);
	return "/feeds/commitments.atom";
}

/* The list's CSV twin (/commitments.csv?…): every row of the filtered
 * list, up to COMMITMENT_CSV_MAX (commitments_list_all). */
static const struct csv_column csv_columns[] = {
	{"id", "id"}, {"title", "title"}, {"owner_id", "owner/id"}, {"owner", "owner/name"},
	{"status", "status"}, {"level", "level"}, {"objectives", "objectives"},
	{"countries", "countries"}, {"target_date", "target_date"}, {"overdue", "overdue"},
	{"freshness", "freshness"}, {"percent", "percent"}, {"origin", "origin"},
	{"created_at", "created_at"}, {"updated_at", "updated_at"}, {"url", "url"},
};
static const struct page_csv csv_table = {"commitments", csv_columns, ARRAY_LEN(csv_columns)};

void ui_commitments_index(struct request *req, struct page *page)
{
	struct commitment_filter f;
	json_t *errors = json_object();
	read_filter(req, &f, errors);
	json_t *more = json_object();
	commitment_filter_check(&f, more);
	ui_merge_errors(errors, more);
	json_decref(more);
	if (json_object_size(errors)) {
		filter_invalid(req, page, errors);
		return;
	}
	json_decref(errors);
	/* The CSV twin is the whole list, not a page (up to a cap). */
	json_t *model = req->csv ? commitments_list_all(req->db, req->locale, &f) :
	                commitments_list(req->db, req->locale, &f);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	ui_mark_numbers(json_object_get(model, "commitments"), "percent", "has_percent");
	const char *next = json_string_value(json_object_get(model, "next"));
	json_object_set_new(model, "filters", filter_echo(req));
	if (next)
		json_object_set_new(model, "next_url", json_string(list_url(req, NULL, next)));
	json_object_set_new(model, "overdue_only", json_boolean(f.overdue));
	json_object_set_new(model, "paged", json_boolean(next || f.after));
	json_object_set_new(model, "feed_url", json_string(feed_url(req, &f)));
	json_object_set_new(model, "sort_links", sort_links(req, &f));
	if (f.after)
		json_object_set_new(model, "first_url", json_string(list_url(req, NULL, NULL)));
	/* Whether the reader may record one for their own actor (an admin may
	 * for any: the same cell of can()'s table). */
	json_object_set_new(model, "can_create",
	                    json_boolean(req->user && ui_may(req, ACTION_COMMITMENT_CREATE, 0,
	                                                     req->user->actor_id)));
	page_set(page, "commitments/list", model, tr(req->locale, "Commitments"));
	page_html_extra(page, add_choices);
	page_csv(page, &csv_table);
}
