/* reviews_read.c — a voluntary review's page and its comparison with the
 * state's previous one. A submitted review is read from its frozen
 * content alone, its hash computed again and compared with the stored
 * one; only a draft reads the live records. Objective titles and status
 * labels are the reader's language's (reference data, not the state's
 * words). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "countries.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "names.h"
#include "permission.h"
#include "reviews.h"
#include "reviews_impl.h"
#include "util.h"

/* Adds "title" (the objective's short title in locale) to each objective
 * of list and labels to its commitments' statuses. -1 on error. */
static int decorate(struct db *db, const char *locale, json_t *list)
{
	json_t *titles = db_json_rows(db, "SELECT o.number, " OBJECTIVE_SHORT_IN("o", "$1")
	                              " AS short FROM objective o ORDER BY o.number",
	                              DB_ARGS(DB_TEXT(locale ? locale : "en")));
	if (!titles)
		return -1;
	const char *col = "short";
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		json_int_t n = json_integer_value(json_object_get(o, "number"));
		json_t *t = json_object_get(json_array_get(titles, (size_t)(n - 1)), col);
		json_object_set(o, "title", t ? t : json_null());
		static const char *const parts[] = {"commitments", "added", "stalled", "dropped"};
		for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
			size_t j;
			json_t *c;
			json_array_foreach(json_object_get(o, parts[k]), j, c)
				json_object_set_new(c, "status_label", code_label_json(locale,
				                    commitment_statuses, commitment_status_labels,
				                    json_string_value(json_object_get(c, "status"))));
			char key[24];
			snprintf(key, sizeof key, "has_%s", parts[k]);
			json_object_set_new(o, key, json_boolean(json_array_size(json_object_get(o,
			                    parts[k]))));
		}
		json_object_set_new(o, "has_practices",
		                    json_boolean(json_array_size(json_object_get(o, "practices"))));
		json_object_set_new(o, "has_progressed",
		                    json_boolean(json_array_size(json_object_get(o, "progressed"))));
	}
	json_decref(titles);
	return 0;
}

static const char SQL_ROW[] =
	"SELECT r.id, r.cycle_id, r.iso3, r.actor_id, r.version, r.status, r.content, r.hash, "
	"r.submitted_at, k.name_ar, k.name_zh, k.name_en, k.name_fr, k.name_ru, k.name_es "
	"FROM voluntary_review r JOIN country k ON k.iso3 = r.iso3 WHERE r.id = $1";

/* The country's name in locale from a row of SQL_ROW. */
static json_t *country_name(const json_t *row, const char *locale)
{
	char key[16];
	snprintf(key, sizeof key, "name_%s", country_langs[country_lang(locale)]);
	json_t *n = json_object_get(row, key);
	return n ? json_incref(n) : json_null();
}

/* A submitted review's frozen content, parsed; *verified when its bytes
 * still hash to the stored hash. */
static json_t *frozen(const json_t *row, bool *verified)
{
	const char *bytes = json_string_value(json_object_get(row, "content"));
	const char *stored = json_string_value(json_object_get(row, "hash"));
	char hash[REVIEW_HASH_LEN + 1];
	reviews_hash(bytes ? bytes : "", bytes ? strlen(bytes) : 0, hash);
	*verified = stored && strcmp(hash, stored) == 0;
	return bytes ? json_loads(bytes, 0, NULL) : NULL;
}

static json_t *versions(struct db *db, const char *cycle, const char *iso3, int64_t current)
{
	json_t *rows = db_json_rows(db, "SELECT id, version, status, submitted_at, hash "
	                            "FROM voluntary_review WHERE cycle_id = $1 AND iso3 = $2 "
	                            "ORDER BY version DESC", DB_ARGS(DB_TEXT(cycle), DB_TEXT(iso3)));
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v) {
		char url[96];
		json_int_t n = json_integer_value(json_object_get(v, "version"));
		json_object_set_new(v, "url", json_string(reviews_url(url, cycle, iso3, n)));
		json_object_set_new(v, "current",
		                    json_boolean(json_integer_value(json_object_get(v, "id")) == current));
		json_object_set_new(v, "submitted", json_boolean(strcmp(json_string_value(
		                    json_object_get(v, "status")), "submitted") == 0));
	}
	return rows;
}

json_t *reviews_get(struct db *db, const char *locale, const struct user *viewer, int64_t id)
{
	json_t *row = db_json_row(db, SQL_ROW, DB_ARGS(DB_INT(id)));
	if (!row || json_is_null(row))
		return row;
	const char *cycle = json_string_value(json_object_get(row, "cycle_id"));
	const char *iso3 = json_string_value(json_object_get(row, "iso3"));
	bool submitted = strcmp(json_string_value(json_object_get(row, "status")), "submitted") == 0;
	struct object_ref obj = {"review", id, json_integer_value(json_object_get(row, "actor_id"))};
	bool may = viewer && can(viewer, ACTION_REVIEW_PREPARE, &obj);
	if (!submitted && !may) {
		json_decref(row);
		return json_null();
	}
	bool verified = false;
	json_t *content = submitted ? frozen(row, &verified) : reviews_content(db, id, NULL);
	char today[DATE_LEN + 1];
	dates_today(today);
	json_t *cyc = content ? reviews_cycle_row(db, cycle, locale) : NULL;
	json_t *vers = cyc ? versions(db, cycle, iso3, id) : NULL;
	json_t *inputs = vers ? reviews_inputs(db, locale, cycle, iso3, false) : NULL;
	json_t *objectives = json_object_get(content, "objectives");
	if (!inputs || decorate(db, locale, objectives) < 0) {
		json_decref(row), json_decref(content), json_decref(cyc);
		json_decref(vers), json_decref(inputs);
		return NULL;
	}
	char url[96], stable[96];
	json_int_t version = json_integer_value(json_object_get(row, "version"));
	bool latest = json_integer_value(json_object_get(json_array_get(vers, 0), "id")) == id;
	bool has_draft = !json_is_null(vers) && json_array_size(vers) &&
	                 strcmp(json_string_value(json_object_get(json_array_get(vers, 0),
	                        "status")), "draft") == 0;
	json_t *review = json_pack("{s:I, s:I, s:O, s:b, s:O, s:O, s:O?, s:O?, s:b, s:O, s:s, s:s}",
		"id", (json_int_t)id, "version", version, "status", json_object_get(row, "status"),
		"submitted", submitted, "summary", json_object_get(content, "summary"),
		"links", json_object_get(content, "links"),
		"submitted_at", json_object_get(row, "submitted_at"),
		"hash", json_object_get(row, "hash"), "hash_verified", verified,
		"objectives", objectives,
		"url", reviews_url(url, cycle, iso3, 0), "stable_url", reviews_url(stable, cycle, iso3,
		                                                                  version));
	json_object_set_new(review, "has_links", json_boolean(json_array_size(
		json_object_get(content, "links"))));
	json_object_set_new(review, "has_objectives", json_boolean(json_array_size(objectives)));
	bool open = reviews_window_open(cyc, today);
	json_t *model = json_pack("{s:o, s:{s:s, s:o, s:s}, s:o, s:o, s:o, s:b, s:b, s:b, s:b, s:s}",
		"cycle", reviews_cycle_model(cyc, locale, today),
		"country", "iso3", iso3, "name", country_name(row, locale), "url",
		"", "review", review, "versions", vers, "inputs", json_object_get(inputs, "inputs") ?
		json_incref(json_object_get(inputs, "inputs")) : json_array(),
		"can_edit", may && !submitted && open, "can_submit", may && !submitted && open,
		"can_supersede", may && submitted && latest && !has_draft && open,
		"has_inputs", json_array_size(json_object_get(inputs, "inputs")) > 0,
		"compare_url", "");
	char curl[96];
	snprintf(curl, sizeof curl, "/countries/%s", iso3);
	json_object_set_new(json_object_get(model, "country"), "url", json_string(curl));
	snprintf(curl, sizeof curl, "%s/compare", reviews_url(url, cycle, iso3, version));
	json_object_set_new(model, "compare_url", json_string(curl));
	json_decref(inputs);
	json_decref(cyc);
	json_decref(content);
	json_decref(row);
	return model;
}

/* ---- Comparison ----------------------------------------------------------------------- */

static const char SQL_PREVIOUS[] =
	"SELECT r.id, r.cycle_id, r.version, r.content FROM voluntary_review r "
	"JOIN review_cycle y ON y.id = r.cycle_id WHERE r.iso3 = $1 AND r.status = 'submitted' "
	"AND y.period_end < (SELECT period_end FROM review_cycle WHERE id = $2) "
	"ORDER BY y.period_end DESC, r.version DESC";

/* {cycle, version, url} of a review row. */
static json_t *which(const json_t *row, const char *iso3)
{
	char url[96];
	const char *cycle = json_string_value(json_object_get(row, "cycle_id"));
	json_int_t v = json_integer_value(json_object_get(row, "version"));
	return json_pack("{s:s, s:I, s:s}", "cycle", cycle, "version", v,
	                 "url", reviews_url(url, cycle, iso3, v));
}

json_t *reviews_comparison(struct db *db, const char *locale, int64_t id)
{
	json_t *row = db_json_row(db, SQL_ROW, DB_ARGS(DB_INT(id)));
	if (!row || json_is_null(row))
		return row;
	if (strcmp(json_string_value(json_object_get(row, "status")), "submitted") != 0) {
		json_decref(row);
		return json_null();
	}
	const char *iso3 = json_string_value(json_object_get(row, "iso3"));
	const char *cycle = json_string_value(json_object_get(row, "cycle_id"));
	json_t *prev = db_json_row(db, SQL_PREVIOUS, DB_ARGS(DB_TEXT(iso3), DB_TEXT(cycle)));
	if (!prev) {
		json_decref(row);
		return NULL;
	}
	bool ok;
	json_t *cur = frozen(row, &ok), *old = json_is_null(prev) ? NULL : frozen(prev, &ok);
	json_t *objectives = reviews_compare(old, cur);
	json_decref(cur);
	json_decref(old);
	if (decorate(db, locale, objectives) < 0) {
		json_decref(objectives), json_decref(row), json_decref(prev);
		return NULL;
	}
	json_t *model = json_pack("{s:o, s:o, s:{s:s, s:o}, s:o, s:b}",
		"review", which(row, iso3), "previous", json_is_null(prev) ? json_null() :
		which(prev, iso3), "country", "iso3", iso3, "name", country_name(row, locale),
		"objectives", objectives, "has_objectives", json_array_size(objectives) > 0);
	json_decref(prev);
	json_decref(row);
	return model;
}

/* ---- A country's reviews ---------------------------------------------------------------- */

json_t *reviews_of_country(struct db *db, const char *locale, const char *iso3)
{
	json_t *rows = db_json_rows(db,
		"SELECT r.cycle_id, r.version, r.submitted_at, r.hash, y.title_en, y.title_fr, "
		"y.kind, y.period_end, " REVIEWS_CYCLE_REGION_NAME("y", "$2") " AS region_name "
		"FROM voluntary_review r JOIN review_cycle y ON y.id = r.cycle_id "
		"WHERE r.iso3 = $1 AND r.status = 'submitted' AND r.version = (SELECT MAX(l.version) "
		"FROM voluntary_review l WHERE l.cycle_id = r.cycle_id AND l.iso3 = r.iso3 "
		"AND l.status = 'submitted') ORDER BY y.period_end DESC",
		DB_ARGS(DB_TEXT(iso3), DB_TEXT(locale ? locale : "en")));
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		char url[96];
		json_object_set_new(r, "title", reviews_cycle_title(r, locale));
		for (const char *const *k = (const char *const[]){"title_en", "title_fr", "kind",
		     "period_end", "region_name", NULL}; *k; k++)
			json_object_del(r, *k);
		json_object_set_new(r, "url", json_string(reviews_url(url, json_string_value(
		                    json_object_get(r, "cycle_id")), iso3, 0)));
	}
	return rows;
}

/* ---- The feed ------------------------------------------------------------------------------ */

json_t *reviews_feed(struct db *db, const char *locale, int limit)
{
	/* The state's name in the reader's language (a column named from
	 * country_langs, a fixed table: no input reaches the statement). */
	char sql[400];
	snprintf(sql, sizeof sql,
	         "SELECT r.id, r.cycle_id, r.iso3, r.version, r.submitted_at AS at, "
	         "coalesce(k.name_%s, k.name_en) AS name "
	         "FROM voluntary_review r JOIN country k ON k.iso3 = r.iso3 "
	         "WHERE r.status = 'submitted' ORDER BY r.submitted_at DESC, r.id DESC LIMIT $1",
	         country_langs[country_lang(locale)]);
	json_t *reviews = db_json_rows(db, sql, DB_ARGS(DB_INT(limit)));
	json_t *inputs = reviews ? db_json_rows(db,
		"SELECT id, cycle_id, title, body, decided_at AS at FROM review_input "
		"WHERE " REVIEW_INPUT_LISTED("review_input") " ORDER BY decided_at DESC, id DESC "
		"LIMIT $1",
		DB_ARGS(DB_INT(limit))) : NULL;
	if (!inputs) {
		json_decref(reviews);
		return NULL;
	}
	size_t i;
	json_t *r;
	json_array_foreach(reviews, i, r) {
		char url[96];
		json_object_set_new(r, "url", json_string(reviews_url(url, json_string_value(
			json_object_get(r, "cycle_id")), json_string_value(json_object_get(r, "iso3")),
			json_integer_value(json_object_get(r, "version")))));
	}
	json_array_foreach(inputs, i, r) {
		char url[96];
		snprintf(url, sizeof url, "/reviews/%s/inputs",
		         json_string_value(json_object_get(r, "cycle_id")));
		json_object_set_new(r, "url", json_string(url));
	}
	return json_pack("{s:o, s:o}", "reviews", reviews, "inputs", inputs);
}
