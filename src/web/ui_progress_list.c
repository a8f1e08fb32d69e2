/* ui_progress_list.c — GET /progress: every progress update, newest
 * recorded first, with the filters a reader of reports asks for (the
 * commitments' objective, country, region and actor; the status reported;
 * the dates reported for), a page at a time, and its CSV twin, which
 * holds the whole filtered list up to PROGRESS_CSV_MAX rows (the open
 * data's progress_update.csv holds every one). One model for the three
 * formats (progress_list's). */
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "compact.h"
#include "domain/countries.h"
#include "domain/progress.h"
#include "fields.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_progress.h"
#include "util.h"
#include "web.h"

static const struct field filter_fields[] = {
	{"objective", FIELD_INT, 0, 1, COMPACT_OBJECTIVES, NULL, 0, NULL,
	 N_("Objectives are numbered from 1 to {max}.")},
	{"country", FIELD_TEXT, 0, 0, 100, NULL},
	{"region", FIELD_TEXT, 0, 0, 3, NULL, 0, fields_m49,
	 N_("The region must be a three-digit M49 code, such as 002 for Africa.")},
	{"actor", FIELD_INT, 0, 1, INT64_MAX, NULL},
	{"status", FIELD_CHOICE, 0, 0, 0, commitment_statuses},
	{"since", FIELD_DATE, 0, 0, 0, NULL},
	{"until", FIELD_DATE, 0, 0, 0, NULL},
	{"after", FIELD_INT, 0, 1, INT64_MAX, NULL},
	{"limit", FIELD_INT, 0, 1, PROGRESS_PAGE_MAX, NULL},
};

/* The list's query parameters, in the order links repeat them. */
static const char *const list_params[] = {
	"objective", "country", "region", "actor", "status", "since", "until", "limit",
};

/* The list's CSV twin (/progress.csv?…). */
static const struct csv_column csv_columns[] = {
	{"id", "id"}, {"commitment_id", "commitment/id"}, {"commitment", "commitment/title"},
	{"owner_id", "commitment/owner/id"}, {"owner", "commitment/owner/name"},
	{"reported_at", "reported_at"}, {"status", "status"}, {"percent", "percent"},
	{"milestone", "milestone"}, {"narrative", "narrative"}, {"origin", "commitment/origin"},
	{"created_at", "created_at"}, {"url", "url"},
};
static const struct page_csv csv_table = {"updates", csv_columns, ARRAY_LEN(csv_columns)};

static const char *value_str(json_t *values, const char *name)
{
	return json_string_value(json_object_get(values, name));
}

void ui_progress_index(struct request *req, struct page *page)
{
	json_t *values, *errors;
	web_query_validate(req, filter_fields, ARRAY_LEN(filter_fields), &values, &errors);
	const char *country = ui_country_param(req, value_str(values, "country"));
	if (country && !iso3_code_valid(country))
		valid_error(errors, "country", N_("Choose a country from the list."));
	if (json_object_size(errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	struct progress_filter f = {
		.scope = {
			.objective = (int)json_integer_value(json_object_get(values, "objective")),
			.country = country, .region = value_str(values, "region"),
			.actor_id = json_integer_value(json_object_get(values, "actor")),
		},
		.status = value_str(values, "status"), .since = value_str(values, "since"),
		.until = value_str(values, "until"),
		.after = json_integer_value(json_object_get(values, "after")),
		.limit = (int)json_integer_value(json_object_get(values, "limit")),
	};
	/* The CSV twin is the whole list, not a page (up to its cap). */
	if (req->csv)
		f.limit = PROGRESS_CSV_MAX;
	json_t *model = progress_list(req->db, req->locale, &f);
	if (!model) {
		json_decref(values);
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "filters", ui_filters_given(req, list_params,
	                                                       ARRAY_LEN(list_params)));
	json_t *next = json_object_get(model, "next");
	if (json_is_integer(next)) {
		char after[24];
		snprintf(after, sizeof after, "%lld", (long long)json_integer_value(next));
		json_object_set_new(model, "next_url", json_string(ui_list_url(
			req, "/progress", list_params, ARRAY_LEN(list_params), NULL, NULL, after)));
	}
	if (f.after)
		json_object_set_new(model, "first_url", json_string(ui_list_url(
			req, "/progress", list_params, ARRAY_LEN(list_params), NULL, NULL, NULL)));
	json_object_set_new(model, "statuses", web_options(req->locale, commitment_statuses,
	                                                   commitment_status_labels, f.status));
	ui_mark_numbers(json_object_get(model, "updates"), "percent", "has_percent");
	json_decref(values);
	page_set(page, "progress/list", model, tr(req->locale, "Progress updates"));
	page_csv(page, &csv_table);
}
