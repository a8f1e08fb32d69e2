/* commitments_read.c — reading one commitment: its page model
 * (commitments_get) and its values for an edit form
 * (commitments_form_values). Names are given in the reader's locale;
 * child rows are read one query per child table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "commitments.h"
#include "commitments_impl.h"
#include "countries.h"
#include "db.h"
#include "i18n.h"
#include "markdown.h"
#include "names.h"
#include "util.h"

/* ---- Reads: the form's values ------------------------------------------------ */

/* The first column of every row as a JSON array of integers or strings. */
static json_t *column_list(struct db *db, const char *sql, int64_t id, bool integers)
{
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(a, integers ? json_integer(db_int(res, 0)) : col_str(res, 0));
	db_res_free(res);
	if (rc < 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* Every row as an object of the named columns (names[i] for column i). */
static json_t *rows_as(struct db *db, const char *sql, int64_t id, const char *const *names,
                       size_t n)
{
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		json_t *o = json_object();
		for (size_t i = 0; i < n; i++)
			json_object_set_new(o, names[i], db_json(res, (int)i));
		json_array_append_new(a, o);
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static const char *const indicator_cols[] = {"id", "name", "unit", "baseline", "target"};
static const char *const translation_cols[] = {"lang", "title", "description"};

/* The child lists of the normalised shape: key, query, integers. */
static const struct {
	const char *key;
	const char *sql;
	bool integers;
} form_lists[] = {
	{"objectives", "SELECT objective FROM commitment_objective WHERE commitment_id = $1 "
	 "ORDER BY objective", true},
	{"principles", "SELECT principle FROM commitment_principle WHERE commitment_id = $1 "
	 "ORDER BY principle", false},
	{"countries", "SELECT iso3 FROM commitment_country WHERE commitment_id = $1 ORDER BY iso3",
	 false},
	/* One list per role (commitment_participant_roles): an edit that moves
	 * an actor from one to another shows in the audit's diff. */
	{"participants", "SELECT actor_id FROM commitment_participant WHERE commitment_id = $1 "
	 "AND role = 'member' ORDER BY actor_id", true},
	{"funders", "SELECT actor_id FROM commitment_participant WHERE commitment_id = $1 "
	 "AND role = 'funder' ORDER BY actor_id", true},
	{"implementing_partners", "SELECT actor_id FROM commitment_participant "
	 "WHERE commitment_id = $1 AND role = 'implementing_partner' ORDER BY actor_id", true},
	{"deliverables", "SELECT text FROM commitment_deliverable WHERE commitment_id = $1 "
	 "ORDER BY position", false},
};

/* Baselines and targets come back as reals on both backends. */
static void reals(json_t *indicators)
{
	size_t i;
	json_t *ind;
	json_array_foreach(indicators, i, ind)
		for (int k = 0; k < 2; k++) {
			const char *key = k ? "target" : "baseline";
			json_t *v = json_object_get(ind, key);
			if (json_is_integer(v))
				json_object_set_new(ind, key, json_real((double)json_integer_value(v)));
		}
}

json_t *commitments_form_values(struct db *db, int64_t id)
{
	json_t *c = db_json_row(db, "SELECT owner_actor_id, title, description, lang, level, kind, "
	                        "form, matches_commitment_id, start_date, target_date, "
	                        "initial_status AS status, updated_at FROM commitment WHERE id = $1",
	                        DB_ARGS(DB_INT(id)));
	if (!c || json_is_null(c))
		return c;
	for (size_t i = 0; i < ARRAY_LEN(form_lists); i++) {
		json_t *a = column_list(db, form_lists[i].sql, id, form_lists[i].integers);
		if (!a) {
			json_decref(c);
			return NULL;
		}
		json_object_set_new(c, form_lists[i].key, a);
	}
	json_t *ind = rows_as(db, "SELECT id, name, unit, baseline, target FROM commitment_indicator "
	                      "WHERE commitment_id = $1 AND hidden = 0 ORDER BY position", id,
	                      indicator_cols, ARRAY_LEN(indicator_cols));
	json_t *tr_ = rows_as(db, "SELECT lang, title, description FROM commitment_translation "
	                      "WHERE commitment_id = $1 ORDER BY lang", id, translation_cols,
	                      ARRAY_LEN(translation_cols));
	if (!ind || !tr_) {
		json_decref(ind);
		json_decref(tr_);
		json_decref(c);
		return NULL;
	}
	reals(ind);
	json_object_set_new(c, "indicators", ind);
	json_object_set_new(c, "translations", tr_);
	return c;
}

/* ---- Reads: names in the locale ----------------------------------------------- */

/* What a page links to, one per row of a query whose $1 is the
 * commitment: {key: the code in column 0 (an integer when `number`),
 * name_key: the name in column name_col, "url": prefix and the code}. */
struct ref_shape {
	const char *key;
	bool number;
	const char *name_key;
	const char *prefix;
};

/* sql's $1 is id and, when locale is not NULL, $2 the locale (names.h's
 * patterns name things in it). */
static json_t *named_refs(struct db *db, const char *sql, int64_t id, const char *locale,
                          const struct ref_shape *r, int name_col)
{
	struct db_res *res = locale ? db_query(db, sql, DB_ARGS(DB_INT(id), DB_TEXT(locale)))
	                            : db_query(db, sql, DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		char url[160];
		snprintf(url, sizeof url, "%s%s", r->prefix, db_text(res, 0));
		json_array_append_new(a, json_pack("{s:o, s:o, s:s}", r->key, r->number ?
		                      json_integer(db_int(res, 0)) : col_str(res, 0), r->name_key,
		                      col_str(res, name_col), "url", url));
	}
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

static const struct ref_shape objective_shape = {"number", true, "short_title", "/objectives/"};
static const struct ref_shape principle_shape = {"slug", false, "title", "/principles/"};
static const struct ref_shape country_shape = {"iso3", false, "name", "/countries/"};
static const struct ref_shape commitment_shape = {"id", true, "title", "/commitments/"};

/* The latest value of each indicator comes from the latest update that
 * reported it and is not corrected. */
static json_t *indicator_refs(struct db *db, int64_t id)
{
	static const char *const cols[] = {
		"id", "name", "unit", "baseline", "target", "latest", "latest_reported_at",
	};
	json_t *a = rows_as(db,
		"SELECT i.id, i.name, i.unit, i.baseline, i.target, "
		"(SELECT v.value FROM progress_indicator_value v JOIN progress_update u "
		"  ON u.id = v.update_id WHERE v.indicator_id = i.id AND NOT EXISTS "
		"  (SELECT 1 FROM progress_update x WHERE x.corrects = u.id) "
		"  ORDER BY u.reported_at DESC, u.id DESC LIMIT 1), "
		"(SELECT u.reported_at FROM progress_indicator_value v JOIN progress_update u "
		"  ON u.id = v.update_id WHERE v.indicator_id = i.id AND NOT EXISTS "
		"  (SELECT 1 FROM progress_update x WHERE x.corrects = u.id) "
		"  ORDER BY u.reported_at DESC, u.id DESC LIMIT 1) "
		"FROM commitment_indicator i WHERE i.commitment_id = $1 AND i.hidden = 0 "
		"ORDER BY i.position", id, cols, ARRAY_LEN(cols));
	reals(a);
	return a;
}

static json_t *translation_refs(struct db *db, int64_t id)
{
	json_t *a = rows_as(db, "SELECT lang, title, description FROM commitment_translation "
	                    "WHERE commitment_id = $1 ORDER BY lang", id, translation_cols,
	                    ARRAY_LEN(translation_cols));
	size_t i;
	json_t *t;
	json_array_foreach(a, i, t)
		json_object_set_new(t, "description_html",
		                    markdown_json(jget_str(t, "description")));
	return a;
}

/* The text to show in locale: a translation into it, else the original. */
static json_t *display_text(const json_t *c, const char *locale)
{
	const json_t *pick = NULL;
	const char *lang = jget_str(c, "lang");
	if (locale && lang && strcmp(lang, locale) != 0) {
		size_t i;
		json_t *t;
		json_array_foreach(json_object_get(c, "translations"), i, t)
			if (strcmp(jget_str(t, "lang"), locale) == 0)
				pick = t;
	}
	const json_t *src = pick ? pick : c;
	return json_pack("{s:s, s:s, s:O, s:b}", "lang", jget_str(src, "lang"),
	                 "title", jget_str(src, "title"),
	                 "description_html", json_object_get(src, "description_html"),
	                 "translated", pick != NULL);
}

static json_t *owner_json(struct db_res *res, int col, const char *locale)
{
	/* col: id, name, kind, partner_type, country_iso3 */
	json_t *o = actor_ref(res, col, col + 1);
	const char *type = db_text(res, col + 3);
	bool state = strcmp(db_text(res, col + 2), "state") == 0;
	json_object_set_new(o, "kind", col_str(res, col + 2));
	json_object_set_new(o, "partner_type", col_str(res, col + 3));
	json_object_set_new(o, "country", col_str(res, col + 4));
	json_object_set_new(o, "type_label", state ? json_string(tr(locale, N_("State"))) :
	                    code_label_json(locale, actor_partner_types,
	                                    actor_partner_type_labels, type));
	return o;
}

/* ---- Reads: one commitment ------------------------------------------------------ */

enum {
	G_ID, G_OWNER, G_OWNER_NAME, G_OWNER_KIND, G_OWNER_TYPE, G_OWNER_COUNTRY, G_TITLE,
	G_DESCRIPTION, G_LANG, G_LEVEL, G_KIND, G_FORM, G_MATCHES, G_MATCHES_TITLE, G_START,
	G_TARGET, G_INITIAL, G_STATUS, G_PERCENT, G_MILESTONE, G_LAST_REPORT, G_ACTIVITY,
	G_UPDATES, G_ORIGIN, G_CREATED, G_UPDATED, G_WITHDRAWN_AT, G_WITHDRAWN_REASON, G_HIDDEN,
};

/* The commitment's columns, around its owner's name in the reader's
 * language (actors_name_sql). */
static const char get_head[] = "SELECT c.id, c.owner_actor_id, ";
static const char get_tail[] =
	", a.kind, a.partner_type, a.country_iso3, c.title, "
	"c.description, c.lang, c.level, c.kind, c.form, c.matches_commitment_id, m.title, "
	"c.start_date, c.target_date, c.initial_status, c.status, c.percent, c.milestone, "
	"c.last_report_date, c.activity_date, c.update_count, c.origin, c.created_at, c.updated_at, "
	"c.withdrawn_at, c.withdrawn_reason, c.hidden_at "
	"FROM commitment c JOIN actor a ON a.id = c.owner_actor_id "
	"LEFT JOIN commitment m ON m.id = c.matches_commitment_id WHERE c.id = $?";

/* The row's own columns, with labels and the rules applied. */
static json_t *commitment_row(struct db_res *res, const char *locale, const char *today)
{
	const char *status = db_text(res, G_STATUS);
	const char *origin = db_text(res, G_ORIGIN);
	json_t *c = json_object();
	json_object_set_new(c, "id", json_integer(db_int(res, G_ID)));
	json_object_set_new(c, "url", url_json("/commitments/", db_int(res, G_ID)));
	json_object_set_new(c, "title", col_str(res, G_TITLE));
	json_object_set_new(c, "description", col_str(res, G_DESCRIPTION));
	json_object_set_new(c, "description_html", markdown_json(db_text(res, G_DESCRIPTION)));
	json_object_set_new(c, "lang", col_str(res, G_LANG));
	json_object_set_new(c, "owner", owner_json(res, G_OWNER, locale));
	json_object_set_new(c, "level", col_str(res, G_LEVEL));
	json_object_set_new(c, "level_label", code_label_json(locale, commitment_levels,
	                    commitment_level_labels, db_text(res, G_LEVEL)));
	json_object_set_new(c, "start_date", col_str(res, G_START));
	json_object_set_new(c, "target_date", col_str(res, G_TARGET));
	json_object_set_new(c, "status", col_str(res, G_STATUS));
	json_object_set_new(c, "status_label", code_label_json(locale, commitment_statuses,
	                    commitment_status_labels, status));
	json_object_set_new(c, "initial_status", col_str(res, G_INITIAL));
	json_object_set_new(c, "percent", col_int(res, G_PERCENT));
	json_object_set_new(c, "milestone", col_str(res, G_MILESTONE));
	json_object_set_new(c, "kind", col_str(res, G_KIND));
	json_object_set_new(c, "kind_label", code_label_json(locale, commitment_kinds,
	                    commitment_kind_labels, db_text(res, G_KIND)));
	json_object_set_new(c, "matches", db_isnull(res, G_MATCHES) ? json_null() :
	                    json_pack("{s:I, s:o, s:o}", "id", (json_int_t)db_int(res, G_MATCHES),
	                              "title", col_str(res, G_MATCHES_TITLE), "url",
	                              url_json("/commitments/", db_int(res, G_MATCHES))));
	json_object_set_new(c, "form", col_str(res, G_FORM));
	json_object_set_new(c, "form_label", code_label_json(locale, commitment_forms,
	                    commitment_form_labels, db_text(res, G_FORM)));
	json_object_set_new(c, "origin", col_str(res, G_ORIGIN));
	json_object_set_new(c, "sample", json_boolean(strcmp(origin, "real") != 0));
	commitment_rules_json(c, locale, status, db_text(res, G_TARGET), db_text(res, G_ACTIVITY),
	                      today);
	json_object_set_new(c, "last_report_date", col_str(res, G_LAST_REPORT));
	json_object_set_new(c, "update_count", json_integer(db_int(res, G_UPDATES)));
	json_object_set_new(c, "created_at", col_str(res, G_CREATED));
	json_object_set_new(c, "updated_at", col_str(res, G_UPDATED));
	json_object_set_new(c, "withdrawn", db_isnull(res, G_WITHDRAWN_AT) ? json_null() :
	                    json_pack("{s:o, s:o}", "at", col_str(res, G_WITHDRAWN_AT),
	                              "reason", col_str(res, G_WITHDRAWN_REASON)));
	/* Flagged (flags.h): whoever shows it checks who may see it. */
	json_object_set_new(c, "hidden", json_boolean(!db_isnull(res, G_HIDDEN)));
	return c;
}

/* Adds the child lists of the page model; -1 on a database error. */
static int commitment_children(struct db *db, const char *locale, int64_t id, json_t *c)
{
	const char *lang = locale ? locale : "en";
	struct {
		const char *key;
		json_t *v;
	} parts[] = {
		{"objectives", named_refs(db, "SELECT o.objective, " OBJECTIVE_SHORT_IN("j", "$2")
		 " FROM commitment_objective o JOIN objective j ON j.number = o.objective "
		 "WHERE o.commitment_id = $1 ORDER BY o.objective", id, lang, &objective_shape, 1)},
		{"principles", named_refs(db, "SELECT p.slug, " PRINCIPLE_TITLE_IN("p", "$2")
		 " FROM commitment_principle cp JOIN principle p ON p.slug = cp.principle "
		 "WHERE cp.commitment_id = $1 ORDER BY p.letter", id, lang, &principle_shape, 1)},
		{"countries", named_refs(db, "SELECT k.iso3, " COUNTRY_NAME_IN("k", "$2")
		 " FROM commitment_country cc "
		 "JOIN country k ON k.iso3 = cc.iso3 WHERE cc.commitment_id = $1 ORDER BY k.iso3",
		 id, lang, &country_shape, 1)},
		{"participants", participants_json(db, locale, id)},
		{"matched_by", named_refs(db, "SELECT id, title FROM commitment "
		 "WHERE matches_commitment_id = $1 ORDER BY id", id, NULL, &commitment_shape, 1)},
		{"translations", translation_refs(db, id)},
		{"deliverables", column_list(db, "SELECT text FROM commitment_deliverable "
		 "WHERE commitment_id = $1 ORDER BY position", id, false)},
		{"indicators", indicator_refs(db, id)},
	};
	int rc = 0;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		if (!parts[i].v)
			rc = -1;
		else
			json_object_set_new(c, parts[i].key, parts[i].v);
	}
	return rc;
}

json_t *commitments_get(struct db *db, const char *locale, int64_t id, const char *today)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	struct db_res *res = actors_query_named(db, locale, get_head, get_tail, DB_INT(id));
	if (!res)
		return NULL;
	int rc = db_next(res);
	if (rc <= 0) {
		db_res_free(res);
		return rc < 0 ? NULL : json_null();
	}
	json_t *c = commitment_row(res, locale, today);
	db_res_free(res);
	if (commitment_children(db, locale, id, c) < 0) {
		json_decref(c);
		return NULL;
	}
	json_object_set_new(c, "display", display_text(c, locale));
	json_object_set_new(c, "smart", commitment_smart(c, locale));
	bool sample = json_is_true(json_object_get(c, "sample"));
	return json_pack("{s:o, s:b}", "commitment", c, "has_sample", sample);
}
