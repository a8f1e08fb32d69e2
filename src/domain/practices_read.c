/* practices_read.c — one practice: its page's model (with its review and
 * translations), the values of its edit form, and its searchable text in
 * every language it is published in. */
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "db.h"
#include "i18n.h"
#include "markdown.h"
#include "names.h"
#include "practices.h"
#include "practices_impl.h"
#include "util.h"

/* Names in the reader's language ($2): names.h. */
#define COUNTRY_NAME COUNTRY_NAME_IN("k", "$2")

/* The long fields, Markdown, each shown as *_html. */
static const char *const long_fields[] = {"summary", "context", "actions", "results", "lessons"};

/* Adds KEY_html for each long field of o. */
static void render_long(json_t *o)
{
	for (size_t i = 0; i < ARRAY_LEN(long_fields); i++) {
		char key[32];
		snprintf(key, sizeof key, "%s_html", long_fields[i]);
		json_object_set_new(o, key, markdown_json(json_string_value(
			json_object_get(o, long_fields[i]))));
	}
}

/* Who translated, as the public sees them: their organisation, or their
 * own name when they chose to show it (privacy.h). */
#define TRANSLATOR_NAME \
	"CASE WHEN u.show_name = 1 AND u.deleted_at IS NULL THEN u.name ELSE ta.name END"

/* The child lists of a practice's page: key, query ($1 the practice, and
 * $2 the locale in those that name things: PostgreSQL refuses a parameter
 * a statement does not use). */
static const struct {
	const char *key;
	const char *sql;
} page_lists[] = {
	{"objectives", "SELECT o.number, " OBJECTIVE_SHORT_IN("o", "$2") " "
	 "AS short_title, '/objectives/' || o.number AS url FROM practice_objective x "
	 "JOIN objective o ON o.number = x.objective WHERE x.practice_id = $1 ORDER BY o.number"},
	{"principles", "SELECT p.slug, " PRINCIPLE_TITLE_IN("p", "$2") " "
	 "AS title, '/principles/' || p.slug AS url FROM practice_principle x "
	 "JOIN principle p ON p.slug = x.principle WHERE x.practice_id = $1 ORDER BY p.letter"},
	{"countries", "SELECT k.iso3, " COUNTRY_NAME " AS name, '/countries/' || k.iso3 AS url "
	 "FROM practice_country x JOIN country k ON k.iso3 = x.iso3 WHERE x.practice_id = $1 "
	 "ORDER BY k.iso3"},
	{"regions", "SELECT r.m49, " REGION_NAME_IN("r", "$2") " AS name, "
	 "'/regions/' || r.m49 AS url FROM practice_region x JOIN region r ON r.m49 = x.m49 "
	 "WHERE x.practice_id = $1 ORDER BY r.m49"},
	{"partners", "SELECT COALESCE(a.name, x.name) AS name, CASE WHEN a.id IS NULL THEN NULL "
	 "ELSE '/actors/' || a.id END AS url FROM practice_partner x LEFT JOIN actor a "
	 "ON a.id = x.actor_id WHERE x.practice_id = $1 ORDER BY x.position"},
	{"links", "SELECT url FROM practice_link WHERE practice_id = $1 "
	 "ORDER BY position"},
	{"commitments", "SELECT c.id, c.title, '/commitments/' || c.id AS url "
	 "FROM practice_commitment x JOIN commitment c ON c.id = x.commitment_id "
	 "WHERE x.practice_id = $1 ORDER BY c.id"},
	{"translations", "SELECT t.id, t.lang, t.title, t.summary, t.context, t.actions, t.results, "
	 "t.lessons, t.approved_at, t.source_updated_at, u.id AS translator_id, "
	 TRANSLATOR_NAME " AS translator_name FROM practice_translation t LEFT JOIN account u "
	 "ON u.id = t.proposed_by LEFT JOIN actor ta ON ta.id = u.actor_id "
	 "WHERE t.practice_id = $1 AND t.status = 'approved' "
	 "ORDER BY t.lang"},
	{"proposed", "SELECT t.id, t.lang, t.title, t.created_at, t.proposed_by, "
	 TRANSLATOR_NAME " AS translator_name FROM practice_translation t LEFT JOIN account u "
	 "ON u.id = t.proposed_by LEFT JOIN actor ta ON ta.id = u.actor_id "
	 "WHERE t.practice_id = $1 AND t.status = 'proposed' "
	 "ORDER BY t.id"},
	{"declarations", "SELECT d.user_id, u.name, d.conflict, d.statement, d.created_at "
	 "FROM practice_declaration d JOIN account u ON u.id = d.user_id "
	 "WHERE d.practice_id = $1 ORDER BY d.created_at, d.user_id"},
	{"decisions", "SELECT d.user_id, u.name, d.round, d.decision, d.comment, d.tie_break, "
	 "d.created_at FROM practice_decision d JOIN account u ON u.id = d.user_id "
	 "WHERE d.practice_id = $1 ORDER BY d.id"},
	{"messages", "SELECT m.id, m.round, m.kind, m.body, m.created_at, u.name "
	 "FROM practice_message m LEFT JOIN account u ON u.id = m.user_id "
	 "WHERE m.practice_id = $1 ORDER BY m.id"},
};

static const char main_sql[] =
	"SELECT p.id, p.title, p.summary, p.context, p.actions, p.results, p.lessons, p.lang, "
	"p.start_year, p.end_year, p.level, p.type, p.status, p.round, p.tie_break, p.reason, "
	"p.origin, p.submitted_at, p.published_at, p.text_updated_at, p.created_at, "
	"p.updated_at, p.created_by, p.hidden_at, a.id AS actor_id, a.name AS actor_name, "
	"c.id AS call_id, c.theme AS call_theme "
	"FROM practice p JOIN actor a ON a.id = p.actor_id "
	"LEFT JOIN practice_call c ON c.id = p.call_id WHERE p.id = $1";

/* Decorates the approved translations: rendered texts, who translated,
 * and whether the original changed since. */
static void decorate_translations(json_t *list, const char *text_updated_at)
{
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) {
		render_long(t);
		const char *src = json_string_value(json_object_get(t, "source_updated_at"));
		json_object_set_new(t, "outdated", json_boolean(src && text_updated_at &&
		                                                strcmp(src, text_updated_at) < 0));
		json_object_set_new(t, "translator", json_pack("{s:O, s:O}", "id",
		                    json_object_get(t, "translator_id"), "name",
		                    json_object_get(t, "translator_name")));
		json_object_del(t, "translator_id");
		json_object_del(t, "translator_name");
	}
}

/* The review's counts in the current round. */
static void review_counts(json_t *p, json_t *review, int64_t required)
{
	json_int_t round = json_integer_value(json_object_get(p, "round"));
	int approvals = 0, rejections = 0;
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(review, "decisions"), i, d) {
		if (json_integer_value(json_object_get(d, "round")) != round)
			continue;
		const char *code = json_string_value(json_object_get(d, "decision"));
		approvals += strcmp(code, "approve") == 0;
		rejections += strcmp(code, "reject") == 0;
	}
	json_object_set_new(review, "approvals", json_integer(approvals));
	json_object_set_new(review, "rejections", json_integer(rejections));
	json_object_set_new(review, "required", json_integer(required));
}

json_t *practices_get(struct db *db, const char *locale, int64_t id)
{
	json_t *p = db_json_row(db, main_sql, DB_ARGS(DB_INT(id)));
	if (!p || json_is_null(p))
		return p;
	const char *loc = locale ? locale : "en";
	json_t *review = json_object();
	for (size_t i = 0; i < ARRAY_LEN(page_lists); i++) {
		json_t *rows = strstr(page_lists[i].sql, "$2") ?
			db_json_rows(db, page_lists[i].sql, DB_ARGS(DB_INT(id), DB_TEXT(loc))) :
			db_json_rows(db, page_lists[i].sql, DB_ARGS(DB_INT(id)));
		if (!rows) {
			json_decref(p);
			json_decref(review);
			return NULL;
		}
		const char *key = page_lists[i].key;
		bool in_review = strcmp(key, "declarations") == 0 || strcmp(key, "decisions") == 0 ||
		                 strcmp(key, "messages") == 0;
		json_object_set_new(in_review ? review : p, key, rows);
	}
	int64_t required;
	if (practices_required_approvals(db, &required) < 0) {
		json_decref(p);
		json_decref(review);
		return NULL;
	}
	/* links: a list of URLs, not of rows */
	json_t *links = json_array();
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(p, "links"), i, l)
		json_array_append(links, json_object_get(l, "url"));
	json_object_set_new(p, "links", links);
	char url[48], aurl[48];
	json_object_set_new(p, "url", json_string(practice_url(url, id)));
	snprintf(aurl, sizeof aurl, "/actors/%lld",
	         (long long)json_integer_value(json_object_get(p, "actor_id")));
	json_object_set_new(p, "actor", json_pack("{s:O, s:O, s:s}", "id",
	                    json_object_get(p, "actor_id"), "name", json_object_get(p, "actor_name"),
	                    "url", aurl));
	json_object_del(p, "actor_id");
	json_object_del(p, "actor_name");
	json_t *call = json_null();
	if (json_is_integer(json_object_get(p, "call_id"))) {
		char curl[48];
		snprintf(curl, sizeof curl, "/calls/%lld",
		         (long long)json_integer_value(json_object_get(p, "call_id")));
		call = json_pack("{s:O, s:O, s:s}", "id", json_object_get(p, "call_id"), "theme",
		                 json_object_get(p, "call_theme"), "url", curl);
	}
	json_object_set_new(p, "call", call);
	json_object_del(p, "call_id");
	json_object_del(p, "call_theme");
	const char *level = json_string_value(json_object_get(p, "level"));
	const char *type = json_string_value(json_object_get(p, "type"));
	const char *status = json_string_value(json_object_get(p, "status"));
	json_object_set_new(p, "level_label", code_label_json(loc, practice_levels,
	                                                      practice_level_labels, level));
	json_object_set_new(p, "type_label", code_label_json(loc, practice_types,
	                                                     practice_type_labels, type));
	json_object_set_new(p, "status_label", code_label_json(loc, practice_statuses,
	                                                       practice_status_labels, status));
	json_object_set_new(p, "tie_break", json_boolean(json_integer_value(
		json_object_get(p, "tie_break")) != 0));
	const char *origin = json_string_value(json_object_get(p, "origin"));
	json_object_set_new(p, "sample", json_boolean(origin && strcmp(origin, "real") != 0));
	render_long(p);
	decorate_translations(json_object_get(p, "translations"),
	                      json_string_value(json_object_get(p, "text_updated_at")));
	json_array_foreach(json_object_get(review, "decisions"), i, l) {
		const char *d = json_string_value(json_object_get(l, "decision"));
		json_object_set_new(l, "decision_label", code_label_json(loc, practice_decisions,
		                                                         practice_decision_labels, d));
	}
	review_counts(p, review, required);
	json_object_set_new(p, "review", review);
	return json_pack("{s:o}", "practice", p);
}

/* ---- The edit form's values ----------------------------------------------------- */

static const struct {
	const char *key;
	const char *sql;
} form_lists[] = {
	{"objectives", "SELECT objective FROM practice_objective WHERE practice_id = $1 "
	 "ORDER BY objective"},
	{"principles", "SELECT principle FROM practice_principle WHERE practice_id = $1 "
	 "ORDER BY principle"},
	{"countries", "SELECT iso3 FROM practice_country WHERE practice_id = $1 ORDER BY iso3"},
	{"regions", "SELECT m49 FROM practice_region WHERE practice_id = $1 ORDER BY m49"},
	{"links", "SELECT url FROM practice_link WHERE practice_id = $1 ORDER BY position"},
	{"commitments", "SELECT commitment_id FROM practice_commitment WHERE practice_id = $1 "
	 "ORDER BY commitment_id"},
};

json_t *practices_form_values(struct db *db, int64_t id)
{
	json_t *v = db_json_row(db, "SELECT actor_id, title, summary, context, actions, results, "
	                        "lessons, lang, start_year, end_year, level, type, call_id, "
	                        "updated_at FROM practice WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!v || json_is_null(v))
		return v;
	for (size_t k = 0; k < ARRAY_LEN(form_lists); k++) {
		json_t *rows = db_json_rows(db, form_lists[k].sql, DB_ARGS(DB_INT(id)));
		if (!rows) {
			json_decref(v);
			return NULL;
		}
		json_t *list = json_array();
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r) {
			const char *col;
			json_t *x;
			json_object_foreach(r, col, x)
				json_array_append(list, x);
		}
		json_decref(rows);
		json_object_set_new(v, form_lists[k].key, list);
	}
	json_t *partners = db_json_rows(db, "SELECT actor_id, name FROM practice_partner "
	                                "WHERE practice_id = $1 ORDER BY position",
	                                DB_ARGS(DB_INT(id)));
	if (!partners) {
		json_decref(v);
		return NULL;
	}
	json_object_set_new(v, "partners", partners);
	return v;
}

/* ---- The searchable text ------------------------------------------------------------ */

json_t *practices_search_text(struct db *db, int64_t id)
{
	json_t *p = db_json_row(db, "SELECT id, status, lang, title, summary, context, actions, "
	                        "results, lessons FROM practice WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!p || json_is_null(p))
		return p;
	json_t *rows = db_json_rows(db, "SELECT lang, title, summary, context, actions, results, "
	                            "lessons FROM practice_translation WHERE practice_id = $1 "
	                            "AND status = 'approved' ORDER BY lang", DB_ARGS(DB_INT(id)));
	if (!rows) {
		json_decref(p);
		return NULL;
	}
	static const char *const parts[] = {"title", "summary", "context", "actions", "results",
	                                    "lessons"};
	json_t *texts = json_object();
	json_array_append(rows, p);     /* the original last: it wins over a translation */
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		json_t *t = json_object();
		for (size_t k = 0; k < ARRAY_LEN(parts); k++)
			json_object_set(t, parts[k], json_object_get(r, parts[k]));
		json_object_set_new(texts, json_string_value(json_object_get(r, "lang")), t);
	}
	json_decref(rows);
	json_t *out = json_pack("{s:O, s:O, s:O, s:o}", "id", json_object_get(p, "id"), "status",
	                        json_object_get(p, "status"), "lang", json_object_get(p, "lang"),
	                        "texts", texts);
	json_decref(p);
	return out;
}
