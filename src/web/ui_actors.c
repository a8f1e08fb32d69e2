/* ui_actors.c — /actors and /actors/{id}. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ui_admin.h"
#include "db.h"
#include "domain/actors.h"
#include "domain/audit.h"
#include "domain/countries.h"
#include "domain/permission.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_actors.h"
#include "ui_events.h"
#include "ui_hub.h"
#include "ui_commitments.h"
#include "ui_scope.h"
#include "ui_practices.h"
#include "util.h"
#include "web.h"

static const char *const kinds[] = {"state", "partner", NULL};
static const char *const kind_labels[] = {N_("States"), N_("Partners"), NULL};

static const struct field filter_fields[] = {
	{"kind", FIELD_CHOICE, 0, 0, 0, kinds},
	{"type", FIELD_CHOICE, 0, 0, 0, actor_partner_types},
	{"status", FIELD_CHOICE, 0, 0, 0, actor_statuses},
	{"country", FIELD_TEXT, 0, 0, 100, NULL},
	{"q", FIELD_TEXT, 0, 0, 100, NULL},
};

static const char *value_str(json_t *values, const char *name)
{
	return json_string_value(json_object_get(values, name));
}

/* Marks a made-up actor (origin "sample" or "synthetic": pacte init
 * --sample, pacte demo) with "sample": true, as commitments are, so its
 * row gets a tag; returns whether it is one. */
static bool mark_sample(json_t *actor)
{
	const char *origin = json_string_value(json_object_get(actor, "origin"));
	bool sample = origin && strcmp(origin, "real") != 0;
	json_object_set_new(actor, "sample", json_boolean(sample));
	return sample;
}

/* "has_sample" (the banner of templates/commitments/sample_banner.html)
 * when any listed actor is made up. */
static void mark_samples(json_t *model)
{
	bool any = false;
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(model, "actors"), i, a)
		any |= mark_sample(a);
	json_object_set_new(model, "has_sample", json_boolean(any));
}


/* The statuses this reader may filter by: the public ones, and for those
 * who decide on requests the pending and declined ones too. */
static json_t *status_options(struct request *req, const char *current)
{
	json_t *all = web_options(req->locale, actor_statuses, actor_status_labels, current);
	json_t *shown = json_array();
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o)
		if (actors_status_listable(req->user, json_string_value(json_object_get(o, "value"))))
			json_array_append(shown, o);
	json_decref(all);
	return shown;
}

/* The list's CSV twin (/actors.csv?…). */
static const struct csv_column csv_columns[] = {
	{"id", "id"}, {"kind", "kind"}, {"name", "name"}, {"type", "type"}, {"status", "status"},
	{"country", "country/iso3"}, {"country_name", "country/name"}, {"origin", "origin"},
	{"url", "url"},
};
static const struct page_csv csv_table = {"actors", csv_columns, ARRAY_LEN(csv_columns)};

void ui_actors_index(struct request *req, struct page *page)
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
	const char *kind = value_str(values, "kind"), *type = value_str(values, "type");
	const char *status = value_str(values, "status"), *q = value_str(values, "q");
	json_t *model = actors_list(req->db, req->locale, req->user, kind, type, status, country, q);
	json_t *countries = model ? ui_country_options(req, country) : NULL;
	if (!countries) {
		json_decref(model);
		json_decref(values);
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	mark_samples(model);
	json_object_set_new(model, "kinds", web_options(req->locale, kinds, kind_labels, kind));
	json_object_set_new(model, "types", web_options(req->locale, actor_partner_types,
	                                                actor_partner_type_labels, type));
	json_object_set_new(model, "statuses", status_options(req, status));
	json_object_set_new(model, "countries", countries);
	json_object_set_new(model, "q", json_string(q ? q : ""));
	json_decref(values);
	json_decref(errors);
	page_set(page, "actors", model, tr(req->locale, "Actors"));
	page_csv(page, &csv_table);
}

/* What a reviewer may see and do on an actor's page: its history and the
 * decision form. Returns -1 on a database error. */
static int add_reviewer_parts(struct request *req, json_t *model, int64_t id)
{
	json_t *actor = json_object_get(model, "actor");
	struct object_ref obj = {"actor", id, id};
	if (admin_add_history(req, model, "actor", id, id) < 0)
		return -1;
	const char *kind = json_string_value(json_object_get(actor, "kind"));
	const char *status = json_string_value(json_object_get(actor, "status"));
	bool partner = !kind || strcmp(kind, "state") != 0;
	if (partner && !json_is_true(json_object_get(actor, "operators")) &&
	    can(req->user, ACTION_ACTOR_MERGE, &obj))
		json_object_set_new(model, "merge_url", json_sprintf("/actors/%lld/merge", (long long)id));
	if (partner && status && can(req->user, ACTION_ACTOR_DECIDE, &obj))
		json_object_set_new(model, "decide",
		                    json_pack("{s:I, s:o, s:s}", "id", (json_int_t)id, "decisions",
		                              admin_decision_options(req->locale, status),
		                              "next", req->path));
	return 0;
}

void ui_actors_show(struct request *req, struct page *page)
{
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("No actor has this number."));
		return;
	}
	json_t *model = actors_get(req->db, req->locale, id, req->user);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		json_decref(model);
		web_not_found(req, page, N_("No actor has this number."));
		return;
	}
	json_t *merged = json_object_get(model, "merged_into");
	if (merged) {
		/* A duplicate merged into another (merge.h): moved for good. */
		const char *q = req->query_string && *req->query_string ? "?" : "";
		page->status = 301;
		page->location = arena_printf(&req->arena, "%s/actors/%lld%s%s",
		                              req->api ? "/api/v1" : "",
		                              (long long)json_integer_value(merged), q,
		                              *q ? req->query_string : "");
		json_decref(model);
		return;
	}
	web_time_texts(json_object_get(model, "actor"), "created_at");
	/* A made-up actor's page has the banner whatever it shows; a real
	 * one's gets it below only if some of its commitments are made up. */
	json_object_set_new(model, "has_sample",
	                    json_boolean(mark_sample(json_object_get(model, "actor"))));
	/* The actor's commitments (owned or joined) and where they stand; a
	 * state's positions at the Compact's events, as on its country's page. */
	struct scope scope = {.actor_id = id};
	json_t *actor = json_object_get(model, "actor");
	const char *kind = json_string_value(json_object_get(actor, "kind"));
	const char *iso3 = json_string_value(json_object_get(json_object_get(actor, "country"),
	                                                     "iso3"));
	bool state = kind && strcmp(kind, "state") == 0 && iso3;
	if (add_reviewer_parts(req, model, id) < 0 || ui_scope_add(req, model, &scope) < 0 ||
	    ui_commitments_invitations(req, model, id) < 0 ||
	    ui_practices_scope(req, model, "actor", arena_printf(&req->arena, "%lld",
	                                                         (long long)id)) < 0 ||
	    ui_hub_actor(req, model, id) < 0 || ui_events_actor(req, model, id) < 0 ||
	    (state && ui_events_country(req, model, iso3) < 0)) {
		json_decref(model);
		web_db_error(req, page);
		return;
	}
	const char *name = json_string_value(json_object_get(json_object_get(model, "actor"), "name"));
	page_set(page, "actor", model, name ? name : tr(req->locale, "Actor"));
}
