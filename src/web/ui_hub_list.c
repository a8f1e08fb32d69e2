/* ui_hub_list.c — GET /hub (the open needs and offers, filtered), the
 * feeds of new needs and offers, and the hub's sections of actor and
 * country pages: one model per page for HTML and JSON. */
#include <stdio.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/hub.h"
#include "domain/permission.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_hub.h"
#include "util.h"
#include "web.h"

#define FEED_ENTRIES 50
#define FEED_TAG "tag:pacte,2018-12-10:"

static const char *const list_params[] = {"side", "objective", "country", "support", "q"};
static const char *const sides[] = {"need", "offer", NULL};
static const char *const side_labels[] = {N_("Needs"), N_("Offers"), NULL};

void ui_hub_index(struct request *req, struct page *page)
{
	json_t *in = json_object(), *errors = json_object(), *filter = NULL;
	for (size_t i = 0; i < ARRAY_LEN(list_params); i++) {
		const char *v = req_query(req, list_params[i]);
		if (ui_given(v))
			json_object_set_new(in, list_params[i], json_stringn_nocheck(v, strlen(v)));
	}
	hub_filter_check(in, errors, &filter);
	json_decref(in);
	if (json_object_size(errors)) {
		json_decref(filter);
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	json_t *model = hub_list(req->db, req->locale, filter);
	json_decref(filter);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "supports", web_options(req->locale, hub_supports,
	                    hub_support_labels, json_string_value(json_object_get(
	                    json_object_get(model, "filters"), "support"))));
	json_object_set_new(model, "sides", web_options(req->locale, sides, side_labels,
	                    json_string_value(json_object_get(json_object_get(model, "filters"),
	                                                      "side"))));
	bool writer = req->user && can(req->user, ACTION_HUB_SUBMIT,
	                               &(struct object_ref){"hub_item", 0, req->user->actor_id});
	json_object_set_new(model, "can_submit", json_boolean(writer));
	page_set(page, "hub/list", model, tr(req->locale, "Connection hub"));
}

static void feed(struct request *req, struct page *page, const char *side)
{
	json_t *model = hub_feed(req->db, side, FEED_ENTRIES);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(model, "entries"), i, e) {
		char id[96];
		snprintf(id, sizeof id, FEED_TAG "%s/%lld", side,
		         (long long)json_integer_value(json_object_get(e, "id")));
		json_object_set_new(e, "entry_id", json_string(id));
	}
	bool need = strcmp(side, "need") == 0;
	const char *title = need ? tr(req->locale, "Pacte: new needs in the connection hub") :
	                    tr(req->locale, "Pacte: new offers in the connection hub");
	json_object_set_new(model, "feed_title", json_string(title));
	json_object_set_new(model, "feed_id", json_string(need ? FEED_TAG "feeds/needs" :
	                                                  FEED_TAG "feeds/offers"));
	json_object_set_new(model, "self", json_string(need ? "/feeds/needs.atom" :
	                                               "/feeds/offers.atom"));
	page_document(page, "feeds/hub.atom", model, title, "application/atom+xml; charset=utf-8");
}

void ui_hub_needs_feed(struct request *req, struct page *page)
{
	feed(req, page, "need");
}

void ui_hub_offers_feed(struct request *req, struct page *page)
{
	feed(req, page, "offer");
}

int ui_hub_actor(struct request *req, json_t *model, int64_t actor_id)
{
	json_t *hub = hub_for_actor(req->db, req->locale, actor_id);
	if (!hub)
		return -1;
	json_object_set_new(hub, "has_items", json_boolean(
		json_array_size(json_object_get(hub, "items")) > 0));
	json_object_set_new(hub, "has_partnerships", json_boolean(
		json_array_size(json_object_get(hub, "partnerships")) > 0));
	json_object_set_new(model, "hub", hub);
	return 0;
}

int ui_hub_country(struct request *req, json_t *model, const char *iso3)
{
	json_t *hub = hub_for_country(req->db, req->locale, iso3);
	if (!hub)
		return -1;
	json_object_set_new(hub, "has_items", json_boolean(
		json_array_size(json_object_get(hub, "items")) > 0));
	json_object_set_new(model, "hub", hub);
	return 0;
}
