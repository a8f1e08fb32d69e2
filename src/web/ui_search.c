/* ui_search.c — /search: one search across every kind of record in the
 * index (commitments, actors, countries; practices and the nouns to come
 * by the same door), the kind and the facets counted beside the results.
 *
 * One model for both formats: search_run's (results, counts, the next
 * page's cursor) with what a reader needs added here — each result's link,
 * each facet value's label and the link that adds (or, when chosen,
 * removes) it. Excerpts are pieces of plain text; the template marks a hit
 * around an escaped piece, so nothing typed or stored becomes markup. */
#include <stdbool.h>
#include <string.h>

#include "domain/actors.h"
#include "domain/codes.h"
#include "domain/compact.h"
#include "domain/countries.h"
#include "domain/search.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_search.h"
#include "util.h"
#include "validate.h"
#include "web.h"

#define SEARCH_Q_MAX 200       /* characters of q */

/* The facets a search may filter by, in the order the page shows them. */
static const struct {
	const char *name, *label;
} facets[] = {
	{"objective", N_("Objective")}, {"principle", N_("Guiding principle")},
	{"region", N_("Region")}, {"country", N_("Country")}, {"status", N_("Status")},
	{"level", N_("Level")}, {"form", N_("Form of pledge")}, {"type", N_("Type of practice")},
	{"year", N_("Year")},
	{"language", N_("Language")}, {"submitter_type", N_("Submitter type")},
};

/* The kinds, their label and where a result of each leads: the path, then
 * the ref URL-encoded, or as it is when ref_is_path (a ref of several
 * URL-safe segments, a review's "imrf-2030/MAR"). */
static const struct {
	const char *kind, *label, *path;
	bool ref_is_path;
} kinds[] = {
	{"commitment", N_("Commitments"), "/commitments/"},
	{"practice", N_("Good practices"), "/practices/"},
	{"need", N_("Needs"), "/hub/needs/"},
	{"offer", N_("Offers"), "/hub/offers/"},
	{"actor", N_("Actors"), "/actors/"},
	{"country", N_("Countries"), "/countries/"},
	{"review", N_("Voluntary reviews"), "/reviews/", true},
};

static const struct {
	const char *code, *label;
} languages[] = {
	{"ar", N_("Arabic")}, {"zh", N_("Chinese")}, {"en", N_("English")},
	{"fr", N_("French")}, {"ru", N_("Russian")}, {"es", N_("Spanish")},
};

static const char *const sorts[] = {"relevance", "date", NULL};
static const char *const sort_labels[] = {N_("Relevance"), N_("Date"), NULL};

static const struct field search_fields[] = {
	{"q", FIELD_TEXT, 0, 0, SEARCH_Q_MAX},
	{"kind", FIELD_TEXT, 0, 0, 32},
	{"sort", FIELD_CHOICE, 0, .choices = sorts},
	{"after", FIELD_TEXT, 0, 0, 16},
	{"limit", FIELD_INT, 0, 1, SEARCH_PAGE_MAX},
	{"objective", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"principle", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"region", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"country", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"status", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"level", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"form", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"type", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"year", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"language", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
	{"submitter_type", FIELD_TEXT, 0, 0, SEARCH_FACET_VALUE_MAX},
};

/* The search's own parameters, in the order links repeat them. */
static const char *const link_params[] = {
	"q", "kind", "sort", "objective", "principle", "region", "country", "status", "level",
	"form", "type", "year", "language", "submitter_type", "limit",
};

static const char *value_of(json_t *values, const char *name)
{
	const char *s = json_string_value(json_object_get(values, name));
	return s && *s ? s : NULL;
}

/* The search's URL with the current parameters, `name` set to `value`
 * (NULL: removed) and `after` when not NULL, in the answer's format. */
static const char *search_url(struct request *req, const char *name, const char *value,
                              const char *after)
{
	return ui_list_url(req, "/search", link_params, ARRAY_LEN(link_params), name, value, after);
}

/* Labels of the reference values, read once per page when a facet needs
 * them. */
struct labels {
	json_t *objectives, *principles, *places;
};

static const char *find_label(json_t *list, const char *key, const char *value,
                              const char *label_key)
{
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		json_t *k = json_object_get(o, key);
		char num[24];
		const char *ks = json_string_value(k);
		if (json_is_integer(k)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(k));
			ks = num;
		}
		if (ks && strcmp(ks, value) == 0)
			return json_string_value(json_object_get(o, label_key));
	}
	return NULL;
}

static const char *value_label(struct request *req, struct labels *l, const char *facet,
                               const char *value)
{
	const char *loc = req->locale;
	if (strcmp(facet, "kind") == 0) {
		for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
			if (strcmp(kinds[i].kind, value) == 0)
				return tr(loc, kinds[i].label);
	} else if (strcmp(facet, "objective") == 0) {
		if (!l->objectives)
			l->objectives = compact_objectives(req->db, loc);
		const char *s = find_label(json_object_get(l->objectives, "objectives"), "number",
		                           value, "short_title");
		if (s)
			return arena_printf(&req->arena, "%s. %s", value, s);
	} else if (strcmp(facet, "principle") == 0) {
		if (!l->principles)
			l->principles = compact_principles(req->db, loc);
		return find_label(json_object_get(l->principles, "principles"), "slug", value, "title");
	} else if (strcmp(facet, "country") == 0 || strcmp(facet, "region") == 0) {
		if (!l->places)
			l->places = countries_search(req->db, loc, "", NULL);
		bool country = facet[0] == 'c';
		return find_label(json_object_get(l->places, country ? "countries" : "regions"),
		                  country ? "iso3" : "m49", value, "name");
	} else if (strcmp(facet, "status") == 0) {
		const char *s = code_label(commitment_statuses, commitment_status_labels, value);
		return s ? tr(loc, s) : NULL;
	} else if (strcmp(facet, "level") == 0) {
		const char *s = code_label(commitment_levels, commitment_level_labels, value);
		if (!s)
			s = code_label(practice_levels, practice_level_labels, value);
		return s ? tr(loc, s) : NULL;
	} else if (strcmp(facet, "form") == 0) {
		const char *s = code_label(commitment_forms, commitment_form_labels, value);
		return s ? tr(loc, s) : NULL;
	} else if (strcmp(facet, "type") == 0) {
		const char *s = code_label(practice_types, practice_type_labels, value);
		return s ? tr(loc, s) : NULL;
	} else if (strcmp(facet, "submitter_type") == 0) {
		if (strcmp(value, "state") == 0)
			return tr(loc, "State");
		const char *s = code_label(actor_partner_types, actor_partner_type_labels, value);
		return s ? tr(loc, s) : NULL;
	} else if (strcmp(facet, "language") == 0) {
		for (size_t i = 0; i < ARRAY_LEN(languages); i++)
			if (strcmp(languages[i].code, value) == 0)
				return tr(loc, languages[i].label);
	}
	return NULL;
}

/* One facet as the page shows it: {"facet", "label", "values": [{"value",
 * "label", "count", "selected", "url"}]}. */
static json_t *facet_group(struct request *req, struct labels *l, json_t *values,
                           const char *facet, const char *label, json_t *counts)
{
	const char *current = value_of(values, facet);
	json_t *out = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(counts, i, c) {
		const char *v = json_string_value(json_object_get(c, "value"));
		if (!v)
			continue;
		const char *lab = value_label(req, l, facet, v);
		bool selected = current && strcmp(current, v) == 0;
		json_array_append_new(out, json_pack("{s:s, s:s, s:O, s:b, s:s}", "value", v,
		                                     "label", lab ? lab : v, "count",
		                                     json_object_get(c, "count"), "selected", selected,
		                                     "url", search_url(req, facet,
		                                                       selected ? NULL : v, NULL)));
	}
	return json_pack("{s:s, s:s, s:o}", "facet", facet, "label", tr(req->locale, label),
	                 "values", out);
}

static void decorate(struct request *req, json_t *model, json_t *values)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(model, "results"), i, r) {
		const char *kind = json_string_value(json_object_get(r, "kind"));
		const char *ref = json_string_value(json_object_get(r, "ref"));
		for (size_t k = 0; kind && ref && k < ARRAY_LEN(kinds); k++)
			if (strcmp(kinds[k].kind, kind) == 0) {
				json_object_set_new(r, "url", json_string(arena_printf(
					&req->arena, "%s%s", kinds[k].path, kinds[k].ref_is_path ? ref :
					web_url_encode(&req->arena, ref))));
				json_object_set_new(r, "kind_label", json_string(tr(req->locale,
				                                                     kinds[k].label)));
			}
	}
	json_t *raw = json_object_get(model, "facets");
	struct labels l = {0};
	json_t *groups = json_array();
	if (json_array_size(json_object_get(raw, "kind")))
		json_array_append_new(groups, facet_group(req, &l, values, "kind", N_("Kind"),
		                                          json_object_get(raw, "kind")));
	for (size_t f = 0; f < ARRAY_LEN(facets); f++)
		if (json_array_size(json_object_get(raw, facets[f].name)))
			json_array_append_new(groups, facet_group(req, &l, values, facets[f].name,
			                                          facets[f].label,
			                                          json_object_get(raw, facets[f].name)));
	json_decref(l.objectives);
	json_decref(l.principles);
	json_decref(l.places);
	json_object_set_new(model, "has_facets", json_boolean(json_array_size(groups) > 0));
	json_object_set_new(model, "facets", groups);
	const char *next = json_string_value(json_object_get(model, "next"));
	json_object_set_new(model, "next_url", next ? json_string(search_url(req, NULL, NULL,
	                                                                   next))
	                                            : json_null());
	const char *sort = json_string_value(json_object_get(model, "sort"));
	json_t *sort_links = json_array();
	for (size_t k = 0; sorts[k]; k++)
		json_array_append_new(sort_links, json_pack("{s:s, s:s, s:s, s:b}", "code", sorts[k],
		                                            "label", tr(req->locale, sort_labels[k]),
		                                            "url", search_url(req, "sort",
		                                                              sorts[k], NULL),
		                                            "current", sort && strcmp(sort, sorts[k]) == 0));
	json_object_set_new(model, "sorts", sort_links);
}

void ui_search(struct request *req, struct page *page)
{
	json_t *values, *errors;
	web_query_validate(req, search_fields, ARRAY_LEN(search_fields), &values, &errors);
	struct search_request r = {
		.q = value_of(values, "q"), .kind = value_of(values, "kind"),
		.sort = value_of(values, "sort"), .cursor = value_of(values, "after"),
		.limit = (int)json_integer_value(json_object_get(values, "limit")),
		.locale = req->locale,
	};
	for (size_t f = 0; f < ARRAY_LEN(facets) && r.nfilters < SEARCH_MAX_FILTERS; f++) {
		const char *v = value_of(values, facets[f].name);
		if (v)
			r.filters[r.nfilters++] = (struct search_facet){facets[f].name, v};
	}
	search_request_check(&r, errors);
	if (json_object_size(errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	json_t *model = search_run(req->db, &r);
	if (!model) {
		json_decref(values);
		web_db_error(req, page);
		return;
	}
	decorate(req, model, values);
	json_decref(values);
	page_set(page, "search", model, tr(req->locale, "Search"));
}
