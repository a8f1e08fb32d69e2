/* indicators_read.c — the indicators' page models (indicators.h): the
 * catalogue, one indicator with each country's latest value, and one
 * country's series with its breakdowns and progress status. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "compact.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "indicators.h"
#include "names.h"
#include "util.h"

#define SERIES_MAX 200     /* years of one series read (2100 - 1900) */

/* The name in the reader's language is the last parameter, lang. */
#define INDICATOR_COLUMNS(lang) \
	"SELECT i.code, i.sdg, i.name_en, " INDICATOR_NAME_IN("i", lang) ", i.unit, i.direction, " \
	"i.target, i.target_year, i.custodian, i.source, i.source_url, " \
	"(SELECT count(DISTINCT iso3) FROM indicator_value v WHERE v.code = i.code) FROM indicator i "

static json_t *number_or_null(const struct db_res *res, int col)
{
	return db_isnull(res, col) ? json_null() : json_real(db_real(res, col));
}

/* One indicator row as the list shows it; objectives from `compact`. */
static json_t *indicator_item(struct db *db, const struct db_res *res, const char *locale,
                              const json_t *compact)
{
	const char *code = db_text(res, 0), *unit = db_text(res, 4);
	json_t *o = json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:I}",
		"code", code, "sdg", db_text(res, 1), "name", db_text(res, 3),
		"unit", unit, "unit_label", tr(locale, code_label(indicator_units,
		                                                   indicator_unit_labels, unit)),
		"direction", db_text(res, 5), "target", number_or_null(res, 6),
		"target_year", db_isnull(res, 7) ? json_null() : json_integer(db_int(res, 7)),
		"custodian", db_text(res, 8), "source", db_text(res, 9), "source_url", db_text(res, 10),
		"countries", (json_int_t)db_int(res, 11));
	json_object_set_new(o, "url", json_sprintf("/indicators/%s", code));
	json_t *numbers = db_json_rows(db, "SELECT objective FROM indicator_objective WHERE code = $1 "
	                               "ORDER BY objective", DB_ARGS(DB_TEXT(code)));
	json_t *objectives = json_array();
	size_t i;
	json_t *n;
	json_array_foreach(numbers, i, n) {
		json_int_t k = json_integer_value(json_object_get(n, "objective"));
		json_t *c = json_array_get(json_object_get(compact, "objectives"), (size_t)k - 1);
		if (c)
			json_array_append_new(objectives, json_pack("{s:I, s:O, s:O}", "number", k,
				"short_title", json_object_get(c, "short_title"), "url",
				json_object_get(c, "url")));
	}
	json_decref(numbers);
	json_object_set_new(o, "objectives", objectives);
	return o;
}

/* The indicators of sql (INDICATOR_COLUMNS with its parameters args) as list items. */
static json_t *indicator_items(struct db *db, const char *locale, const char *sql,
                               size_t nargs, const struct db_arg *args)
{
	json_t *compact = compact_objectives(db, locale);
	if (!compact)
		return NULL;
	struct db_res *res = db_query(db, sql, nargs, args);
	if (!res) {
		json_decref(compact);
		return NULL;
	}
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(list, indicator_item(db, res, locale, compact));
	db_res_free(res);
	json_decref(compact);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

json_t *indicators_list(struct db *db, const char *locale)
{
	json_t *list = indicator_items(db, locale,
	                               INDICATOR_COLUMNS("$1") "ORDER BY i.position, i.code",
	                               DB_ARGS(DB_TEXT(locale ? locale : "en")));
	return list ? json_pack("{s:o}", "indicators", list) : NULL;
}

/* The indicator `code` as a list item; JSON null when none; NULL on error. */
static json_t *indicator_one(struct db *db, const char *locale, const char *code)
{
	json_t *list = indicator_items(db, locale, INDICATOR_COLUMNS("$2") "WHERE i.code = $1",
	                               DB_ARGS(DB_TEXT(code ? code : ""),
	                                       DB_TEXT(locale ? locale : "en")));
	if (!list)
		return NULL;
	json_t *one = json_array_size(list) ? json_incref(json_array_get(list, 0)) : json_null();
	json_decref(list);
	return one;
}

json_t *indicators_get(struct db *db, const char *locale, const char *code)
{
	json_t *ind = indicator_one(db, locale, code);
	if (!ind || json_is_null(ind))
		return ind;
	/* Each country's latest total: its last year, through the index. */
	struct db_res *res = db_query(db,
		"SELECT k.iso3, k.name_ar, k.name_zh, k.name_en, k.name_fr, k.name_ru, k.name_es, "
		"v.period, v.value FROM indicator_value v JOIN country k ON k.iso3 = v.iso3 "
		"WHERE v.code = $1 AND v.sex = '_T' AND v.age = '_T' AND v.migratory_status = '_T' "
		"AND v.period = (SELECT max(w.period) FROM indicator_value w WHERE w.code = v.code "
		"AND w.iso3 = v.iso3 AND w.sex = '_T' AND w.age = '_T' AND w.migratory_status = '_T') "
		"ORDER BY k.iso3", DB_ARGS(DB_TEXT(code)));
	if (!res) {
		json_decref(ind);
		return NULL;
	}
	int lang = country_lang(locale), rc;
	json_t *countries = json_array();
	while ((rc = db_next(res)) == 1)
		json_array_append_new(countries, json_pack("{s:s, s:s, s:o, s:I, s:f}",
			"iso3", db_text(res, 0), "name", db_text(res, 1 + lang),
			"url", json_sprintf("/indicators/%s/%s", code, db_text(res, 0)),
			"period", (json_int_t)db_int(res, 7), "value", db_real(res, 8)));
	db_res_free(res);
	if (rc < 0) {
		json_decref(ind);
		json_decref(countries);
		return NULL;
	}
	return json_pack("{s:o, s:o}", "indicator", ind, "countries", countries);
}

/* The breakdown values the country's series of `code` has, for one
 * dimension, as [{code, label}]. */
static json_t *breakdown_values(struct db *db, const char *locale, const char *sql,
                                const char *code, const char *iso3,
                                const char *const *codes, const char *const *labels)
{
	json_t *rows = db_json_rows(db, sql, DB_ARGS(DB_TEXT(code), DB_TEXT(iso3)));
	json_t *out = json_array();
	for (size_t i = 0; codes[i]; i++) {
		size_t k;
		json_t *r;
		json_array_foreach(rows, k, r)
			if (strcmp(json_string_value(json_object_get(r, "v")), codes[i]) == 0)
				json_array_append_new(out, json_pack("{s:s, s:s}", "code", codes[i],
					"label", tr(locale, labels[i])));
	}
	json_decref(rows);
	return out;
}

static const char *given_or_total(const char *s)
{
	return s && *s ? s : "_T";
}

json_t *indicators_series(struct db *db, const char *locale, const char *code, const char *iso3,
                          const struct indicator_breakdown *b)
{
	json_t *ind = indicator_one(db, locale, code);
	if (!ind || json_is_null(ind))
		return ind;
	json_t *country = countries_get(db, locale, iso3);
	if (!country || json_is_null(country)) {
		json_decref(ind);
		return country;
	}
	json_t *c = json_object_get(country, "country");
	const char *k3 = json_string_value(json_object_get(c, "iso3"));
	const char *sex = given_or_total(b ? b->sex : NULL), *age = given_or_total(b ? b->age : NULL);
	const char *mig = given_or_total(b ? b->migratory_status : NULL);
	struct db_res *res = db_query(db,
		"SELECT period, value, origin FROM indicator_value WHERE code = $1 AND iso3 = $2 "
		"AND sex = $3 AND age = $4 AND migratory_status = $5 ORDER BY period",
		DB_ARGS(DB_TEXT(code), DB_TEXT(k3), DB_TEXT(sex), DB_TEXT(age), DB_TEXT(mig)));
	if (!res) {
		json_decref(ind);
		json_decref(country);
		return NULL;
	}
	struct indicator_point points[SERIES_MAX];
	size_t n = 0;
	bool sample = false;
	json_t *series = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		json_array_append_new(series, json_pack("{s:I, s:f}", "period",
			(json_int_t)db_int(res, 0), "value", db_real(res, 1)));
		sample |= strcmp(db_text(res, 2), "real") != 0;
		if (n < SERIES_MAX)
			points[n++] = (struct indicator_point){(int)db_int(res, 0), db_real(res, 1)};
	}
	db_res_free(res);
	struct indicator_goal goal = {
		.direction = json_string_value(json_object_get(ind, "direction")),
		.has_target = json_is_number(json_object_get(ind, "target")) &&
		              json_is_integer(json_object_get(ind, "target_year")),
		.target = json_number_value(json_object_get(ind, "target")),
		.target_year = (int)json_integer_value(json_object_get(ind, "target_year")),
	};
	double annual, needed;
	const char *status = indicator_progress(points, n, &goal, &annual, &needed);
	json_t *progress = json_pack("{s:s, s:s, s:I}", "status", status, "label",
		tr(locale, code_label(indicator_progress_statuses, indicator_progress_labels, status)),
		"points", (json_int_t)n);
	if (n >= 2) {
		json_object_set_new(progress, "annual_change", json_real(annual));
		json_object_set_new(progress, "base", json_deep_copy(json_array_get(series, 0)));
		json_object_set_new(progress, "latest", json_deep_copy(json_array_get(series, n - 1)));
	}
	if (needed != 0)
		json_object_set_new(progress, "needed_change", json_real(needed));
	json_t *breakdowns = json_pack("{s:o, s:o, s:o}",
		"sex", breakdown_values(db, locale, "SELECT DISTINCT sex AS v FROM indicator_value "
			"WHERE code = $1 AND iso3 = $2", code, k3, indicator_sexes, indicator_sex_labels),
		"age", breakdown_values(db, locale, "SELECT DISTINCT age AS v FROM indicator_value "
			"WHERE code = $1 AND iso3 = $2", code, k3, indicator_ages, indicator_age_labels),
		"migratory_status", breakdown_values(db, locale, "SELECT DISTINCT migratory_status "
			"AS v FROM indicator_value WHERE code = $1 AND iso3 = $2", code, k3,
			indicator_migratory_statuses, indicator_migratory_status_labels));
	json_t *model = json_pack("{s:o, s:{s:O, s:O, s:O}, s:{s:s, s:s, s:s}, s:o, s:o, s:o, s:b}",
		"indicator", ind, "country", "iso3", json_object_get(c, "iso3"),
		"name", json_object_get(c, "name"), "url", json_object_get(c, "url"),
		"breakdown", "sex", sex, "age", age, "migratory_status", mig,
		"breakdowns", breakdowns, "series", series, "progress", progress, "sample", sample);
	json_decref(country);
	if (rc < 0) {
		json_decref(model);
		return NULL;
	}
	return model;
}
