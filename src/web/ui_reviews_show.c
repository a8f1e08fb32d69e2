/* ui_reviews_show.c — a state's voluntary review: the latest version (or
 * the draft, for its focal points), each version at its own URL forever,
 * its comparison with the previous review, and the POSTs of its
 * preparation (start a version, save the draft, submit it). */
#include <stdio.h>
#include <string.h>

#include "domain/compact.h"
#include "domain/reviews.h"
#include "dates.h"
#include "db.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_reviews.h"
#include "util.h"
#include "web.h"

static const struct ui_input_part no_parts[] = {{NULL, NULL}};

static void review_not_found(struct request *req, struct page *page)
{
	web_not_found(req, page, N_("There is no voluntary review here."));
}

/* The path's cycle and country (upper-cased: "mar" is MAR), and version
 * (0 when the path has none; -1 when it is not a number). */
struct where {
	const char *cycle;
	char iso3[4];
	int64_t version;
};

static bool where_of(const struct request *req, struct where *w, bool versioned)
{
	w->cycle = req_param(req, 0);
	const char *iso3 = req_param(req, 1);
	if (!w->cycle || !iso3 || strlen(iso3) != 3)
		return false;
	for (int i = 0; i < 3; i++)
		w->iso3[i] = (char)(iso3[i] >= 'a' && iso3[i] <= 'z' ? iso3[i] - 32 : iso3[i]);
	w->iso3[3] = '\0';
	w->version = 0;
	const char *v = versioned ? req_param(req, 2) : NULL;
	if (v && (v[0] == '0' || strspn(v, "0123456789") != strlen(v) ||
	          parse_int64(v, 1, INT32_MAX, &w->version) < 0))
		return false;
	return true;
}

/* The review's page model, NULL after setting the page (404, 500). */
static json_t *review_model(struct request *req, struct page *page, const struct where *w)
{
	int64_t id = 0;
	if (reviews_find(req->db, req->user, w->cycle, w->iso3, w->version, &id) < 0) {
		web_db_error(req, page);
		return NULL;
	}
	json_t *model = id ? reviews_get(req->db, req->locale, req->user, id) : json_null();
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(model)) {
		review_not_found(req, page);
		return NULL;
	}
	json_object_set_new(model, "feed_url", json_string("/feeds/reviews.atom"));
	return model;
}

static const char *review_title(struct request *req, const json_t *model)
{
	json_t *args = json_pack("{s:O, s:O}", "country", json_object_get(json_object_get(model,
	                         "country"), "name"), "cycle", json_object_get(json_object_get(model,
	                         "cycle"), "title"));
	const char *t = web_format(req, N_("Voluntary review of {country}: {cycle}"), args);
	json_decref(args);
	return t;
}

/* The draft's form: every objective with its narrative as written (HTML
 * only: the JSON twin has the narratives in the review's objectives). */
static int form_objectives(struct request *req, struct page *page)
{
	json_t *model = page->model;
	if (!json_is_true(json_object_get(model, "can_edit")))
		return 0;
	json_t *all = compact_objectives(req->db, req->locale);
	if (!all) {
		web_db_error(req, page);
		return -1;
	}
	json_t *have = json_object_get(json_object_get(model, "review"), "objectives");
	json_t *form = json_array();
	size_t i, k;
	json_t *o, *h;
	json_array_foreach(json_object_get(all, "objectives"), i, o) {
		json_int_t n = json_integer_value(json_object_get(o, "number"));
		const char *text = "";
		json_array_foreach(have, k, h)
			if (json_integer_value(json_object_get(h, "number")) == n)
				text = json_string_value(json_object_get(h, "narrative"));
		json_array_append_new(form, json_pack("{s:I, s:O, s:s, s:s}", "number", n,
		                      "short_title", json_object_get(o, "short_title"),
		                      "field", arena_printf(&req->arena, "narrative_%lld", (long long)n),
		                      "text", text ? text : ""));
	}
	json_decref(all);
	json_object_set_new(model, "form_objectives", form);
	return 0;
}

static void show(struct request *req, struct page *page, bool versioned)
{
	struct where w;
	if (!where_of(req, &w, versioned)) {
		review_not_found(req, page);
		return;
	}
	json_t *model = review_model(req, page, &w);
	if (!model)
		return;
	page_set(page, "reviews/show", model, review_title(req, model));
	page_html_extra(page, form_objectives);
}

void ui_reviews_show(struct request *req, struct page *page)
{
	show(req, page, false);
}

void ui_reviews_version(struct request *req, struct page *page)
{
	show(req, page, true);
}

/* The submitted review the path names, as an anonymous reader finds it
 * (never a draft); false after setting the page (404, 500). */
static bool public_id(struct request *req, struct page *page, bool versioned, int64_t *id)
{
	struct where w;
	*id = 0;
	if (!where_of(req, &w, versioned)) {
		review_not_found(req, page);
		return false;
	}
	if (reviews_find(req->db, NULL, w.cycle, w.iso3, w.version, id) < 0) {
		web_db_error(req, page);
		return false;
	}
	if (!*id)
		review_not_found(req, page);
	return *id != 0;
}

/* A submitted version as a printable document: read as an anonymous
 * reader reads it, so a draft is never printed (a draft changes), even for
 * its focal points; no version in the path: the latest submitted. */
static void print(struct request *req, struct page *page, bool versioned)
{
	int64_t id;
	if (!public_id(req, page, versioned, &id))
		return;
	json_t *model = reviews_get(req->db, req->locale, NULL, id);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		review_not_found(req, page);
		return;
	}
	char today[DATE_LEN + 1];
	dates_today(today);
	json_object_set_new(model, "print", json_pack("{s:s, s:I}", "generated_on", today,
	                    "data_version", (json_int_t)db_data_version(req->db)));
	page_set(page, "reviews/print", model, review_title(req, model));
}

void ui_reviews_print(struct request *req, struct page *page)
{
	print(req, page, false);
}

void ui_reviews_print_version(struct request *req, struct page *page)
{
	print(req, page, true);
}

void ui_reviews_compare(struct request *req, struct page *page)
{
	int64_t id;
	if (!public_id(req, page, true, &id))
		return;
	json_t *model = reviews_comparison(req->db, req->locale, id);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	if (json_is_null(model)) {
		review_not_found(req, page);
		return;
	}
	page_set(page, "reviews/compare", model, tr(req->locale, "Compared with the previous review"));
}

/* ---- The steps ------------------------------------------------------------------------ */

/* The end of a step on the review at w (version w->version, 0 for the
 * latest): errors shown on its page, or the page again. */
static void written(struct request *req, struct page *page, const struct where *w,
                    enum outcome o, json_t *input, json_t *errors)
{
	if (o == OUTCOME_INVALID) {
		json_t *model = review_model(req, page, w);
		if (model) {
			page_invalid(req, page, "reviews/show", model, input, errors,
			             review_title(req, model));
			page_html_extra(page, form_objectives);
		} else {
			json_decref(input), json_decref(errors);
		}
		return;
	}
	json_decref(input);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		review_not_found(req, page);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	json_t *model = review_model(req, page, w);
	if (model)
		page_written(req, page, 200, arena_printf(&req->arena, "/reviews/%s/%s", w->cycle,
		             w->iso3), "reviews/show", model);
}

void ui_reviews_start(struct request *req, struct page *page)
{
	struct where w;
	if (!where_of(req, &w, false)) {
		review_not_found(req, page);
		return;
	}
	json_t *errors = json_object();
	enum outcome o = reviews_start(req->db, req->user, w.cycle, w.iso3, NULL, errors, NULL);
	if (o == OUTCOME_INVALID) {
		/* The window is closed: the cycle's page says so. */
		json_decref(errors);
		page_error(req, page, 409, "Conflict", tr(req->locale, REVIEW_MSG_WINDOW));
		return;
	}
	written(req, page, &w, o, json_object(), errors);
}

/* The review at the path's version (w filled), or 0 after a 404 or -1
 * after a 500. */
static int64_t version_id(struct request *req, struct page *page, struct where *w)
{
	int64_t id = 0;
	if (!where_of(req, w, true)) {
		review_not_found(req, page);
		return 0;
	}
	if (reviews_find(req->db, NULL, w->cycle, w->iso3, w->version, &id) < 0) {
		web_db_error(req, page);
		return -1;
	}
	if (!id)
		review_not_found(req, page);
	return id;
}

void ui_reviews_save(struct request *req, struct page *page)
{
	static const struct ui_input inputs[] = {
		{"summary", UI_IN_ONE}, {"links", UI_IN_ONE}, {"narratives", UI_IN_ONE},
	};
	struct where w;
	int64_t id = version_id(req, page, &w);
	if (id <= 0)
		return;
	json_t *errors = json_object();
	json_t *input = ui_input(req, inputs, ARRAY_LEN(inputs), no_parts, errors);
	if (!req->json_body) {
		/* The form gives one field per objective. */
		json_t *narratives = json_object();
		for (int n = 1; n <= COMPACT_OBJECTIVES; n++) {
			char field[24], key[16];
			snprintf(field, sizeof field, "narrative_%d", n);
			snprintf(key, sizeof key, "%d", n);
			json_t *v = ui_all_values(req, field);
			if (json_array_size(v))
				json_object_set(narratives, key, json_array_get(v, 0));
			json_decref(v);
		}
		json_object_set_new(input, "narratives", narratives);
	}
	enum outcome o = json_object_size(errors) ? OUTCOME_INVALID :
	                 reviews_save(req->db, req->user, id, input, errors);
	w.version = 0;
	written(req, page, &w, o, input, errors);
}

void ui_reviews_submit(struct request *req, struct page *page)
{
	struct where w;
	int64_t id = version_id(req, page, &w);
	if (id <= 0)
		return;
	json_t *errors = json_object();
	enum outcome o = reviews_submit(req->db, req->user, id, NULL, errors);
	written(req, page, &w, o, json_object(), errors);
}
