/* ui_feeds.c — the Atom feed of new commitments and progress updates.
 *
 * The feed is a template like any page (templates/feeds/commitments.atom
 * .html), a document of its own (page_document): rendered outside the
 * HTML layout, its JSON twin the model as for any page. The template
 * engine escapes & < > " ' as &amp; &lt; &gt; &quot; &#39;, all valid in
 * XML, so the feed is escaped by the same code as the site; a template
 * that starts with <?xml is an XML document, in which the engine also
 * replaces the characters XML 1.0 forbids (text_xml).
 * Atom wants absolute IRIs for ids: entries are named by tag URIs (RFC
 * 4151), stable whatever host serves them. Links are absolute too (the
 * model's base_url before each path: --base-url, or the first request's
 * host, web_base_url), since many feed readers resolve no relative link. */
#include <stdio.h>
#include <string.h>

#include "domain/commitments.h"
#include "domain/compact.h"
#include "domain/countries.h"
#include "domain/feed.h"
#include "guard.h"
#include "i18n.h"
#include "ui_feeds.h"
#include "util.h"
#include "validate.h"
#include "web.h"

#define FEED_ENTRIES 50
#define FEED_TAG "tag:pacte,2018-12-10:"
/* A feed with no entry yet still needs an <updated>: the Compact's
 * adoption. */
#define FEED_EPOCH "2018-12-10T00:00:00Z"

static const struct {
	const char *type;
	const char *label;
	const char *tag;
} entry_kinds[] = {
	{"commitment", N_("New commitment"), "commitment"},
	{"update", N_("Progress update"), "update"},
};

/* Adds to each entry its tag URI and the translated word for its kind. */
static void decorate_entries(const char *locale, json_t *entries)
{
	size_t i;
	json_t *e;
	json_array_foreach(entries, i, e) {
		const char *type = json_string_value(json_object_get(e, "type"));
		for (size_t k = 0; type && k < ARRAY_LEN(entry_kinds); k++) {
			if (strcmp(type, entry_kinds[k].type) != 0)
				continue;
			char id[96];
			snprintf(id, sizeof id, FEED_TAG "%s/%lld", entry_kinds[k].tag,
			         (long long)json_integer_value(json_object_get(e, "id")));
			json_object_set_new(e, "entry_id", json_string(id));
			json_object_set_new(e, "kind_label", json_string(tr(locale, entry_kinds[k].label)));
		}
	}
}

/* The feed's id, self link and the list page it mirrors, from the
 * filters (each may be absent). */
static void feed_links(struct request *req, json_t *model, const char *country, int objective)
{
	char query[64] = "", tag[96];
	if (country && objective)
		snprintf(query, sizeof query, "?country=%s&objective=%d", country, objective);
	else if (country)
		snprintf(query, sizeof query, "?country=%s", country);
	else if (objective)
		snprintf(query, sizeof query, "?objective=%d", objective);
	snprintf(tag, sizeof tag, FEED_TAG "feeds/commitments%s%s%s%s", country ? "/country/" : "",
	         country ? country : "", objective ? "/objective/" : "",
	         objective ? arena_printf(&req->arena, "%d", objective) : "");
	json_object_set_new(model, "feed_id", json_string(tag));
	json_object_set_new(model, "self_url",
	                    json_string(arena_printf(&req->arena, "/feeds/commitments.atom%s", query)));
	json_object_set_new(model, "list_url",
	                    json_string(arena_printf(&req->arena, "/commitments%s", query)));
}

/* The country filter: an ISO3 code (upper-cased by its field). */
static int check_iso3(struct valid *v, const struct field *f, json_t **value)
{
	if (!json_is_string(*value) || iso3_code_valid(json_string_value(*value)))
		return 0;
	valid_error(v->errors, f->name, f->msgid);
	return -1;
}

static const struct field filter_fields[] = {
	{"country", FIELD_TEXT, FIELD_UPPER, 0, 3, NULL, 0, check_iso3,
	 N_("The country must be an ISO 3166 alpha-3 code, such as MAR.")},
	{"objective", FIELD_INT, 0, 1, COMPACT_OBJECTIVES, NULL, 0, NULL,
	 N_("The objective must be a number from 1 to {max}.")},
};

/* Reads ?country= and ?objective=; answers 400 and returns -1 when one
 * is not valid. */
static int read_filters(struct request *req, struct page *page, const char **country,
                        int *objective)
{
	json_t *values, *errors;
	if (web_query_validate(req, filter_fields, ARRAY_LEN(filter_fields), &values, &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return -1;
	}
	const char *c = json_string_value(json_object_get(values, "country"));
	*country = c ? arena_strdup(&req->arena, c) : NULL;
	*objective = (int)json_integer_value(json_object_get(values, "objective"));
	json_decref(values);
	json_decref(errors);
	return 0;
}

void ui_feeds_commitments(struct request *req, struct page *page)
{
	const char *country;
	int objective;
	if (read_filters(req, page, &country, &objective) < 0)
		return;
	json_t *model = feed_entries(req->db, req->locale, country, objective, FEED_ENTRIES);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	decorate_entries(req->locale, json_object_get(model, "entries"));
	feed_links(req, model, country, objective);
	if (!json_string_value(json_object_get(model, "updated")))
		json_object_set_new(model, "updated", json_string(FEED_EPOCH));
	const char *title = tr(req->locale, "Pacte: new commitments and progress updates");
	json_object_set_new(model, "feed_title", json_string(title));
	json_object_set_new(model, "base_url", json_string(web_base_url(req)));
	page_document(page, "feeds/commitments.atom", model, title,
	              "application/atom+xml; charset=utf-8");
}
