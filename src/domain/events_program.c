/* events_program.c — reading what people recorded around an event
 * (events.h): its sessions with the objectives discussed, its
 * participants with their roles, the statements made there and the
 * commitments announced there, for the event's page; an actor's
 * participations and statements, for the actor's page. Only actors anyone
 * may see are shown (accredited or suspended, never the operators'). */
#include <stdio.h>

#include "codes.h"
#include "db.h"
#include "events.h"
#include "i18n.h"
#include "markdown.h"
#include "names.h"
#include "util.h"

#define ACTOR_SEEN "a.operators = 0 AND a.status IN ('accredited', 'suspended')"

/* {id, name, url} of the row's actor_id / actor_name, which it replaces. */
static void actor_of(json_t *row)
{
	int64_t id = json_integer_value(json_object_get(row, "actor_id"));
	char url[48];
	snprintf(url, sizeof url, "/actors/%lld", (long long)id);
	json_object_set_new(row, "actor", json_pack("{s:I, s:O, s:s}", "id", (json_int_t)id,
	                    "name", json_object_get(row, "actor_name"), "url", url));
	json_object_del(row, "actor_name");
}

static void role_label(json_t *row, const char *locale)
{
	json_object_set_new(row, "role_label", code_label_json(locale, event_roles,
	                    event_role_labels, json_string_value(json_object_get(row, "role"))));
}

/* The lists of an event's page ($1 the slug, $2 the locale). */
static const struct {
	const char *key;
	const char *sql;
} parts[] = {
	{"sessions", "SELECT s.id, s.title, s.starts_at, s.ends_at FROM event_session s "
	 "WHERE s.event_slug = $1 AND $2 = $2 ORDER BY s.starts_at, s.id"},
	{"participants", "SELECT p.actor_id, a.name AS actor_name, p.role FROM event_participant p "
	 "JOIN actor a ON a.id = p.actor_id WHERE p.event_slug = $1 AND $2 = $2 AND " ACTOR_SEEN
	 " ORDER BY a.name, a.id"},
	{"statements", "SELECT t.id, t.title, t.body, t.url, t.lang, t.created_at, t.actor_id, "
	 "a.name AS actor_name, s.title AS session_title FROM event_statement t "
	 "JOIN actor a ON a.id = t.actor_id LEFT JOIN event_session s ON s.id = t.session_id "
	 "WHERE t.event_slug = $1 AND $2 = $2 AND " ACTOR_SEEN " ORDER BY t.created_at, t.id"},
	{"commitments", "SELECT c.id, c.title, '/commitments/' || c.id AS url, c.owner_actor_id "
	 "AS actor_id, a.name AS actor_name FROM event_commitment x JOIN commitment c "
	 "ON c.id = x.commitment_id JOIN actor a ON a.id = c.owner_actor_id "
	 "WHERE x.event_slug = $1 AND $2 = $2 AND " ACTOR_SEEN " ORDER BY c.id"},
};

/* Each session's objectives with their short titles in locale. */
static int session_objectives(struct db *db, const char *locale, json_t *sessions)
{
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s) {
		json_t *o = db_json_rows(db, "SELECT o.number, CASE WHEN $2 = 'fr' THEN o.short_fr "
		                         "ELSE o.short_en END AS short_title, '/objectives/' || "
		                         "o.number AS url FROM event_session_objective x JOIN objective "
		                         "o ON o.number = x.objective WHERE x.session_id = $1 "
		                         "ORDER BY o.number", DB_ARGS(DB_INT(json_integer_value(
		                         json_object_get(s, "id"))), DB_TEXT(locale)));
		if (!o)
			return -1;
		json_object_set_new(s, "objectives", o);
	}
	return 0;
}

int events_program(struct db *db, const char *locale, const char *slug, json_t *model)
{
	for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
		json_t *rows = db_json_rows(db, parts[k].sql, DB_ARGS(DB_TEXT(slug), DB_TEXT(locale)));
		if (!rows)
			return -1;
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r) {
			if (json_object_get(r, "actor_name"))
				actor_of(r);
			if (json_object_get(r, "role"))
				role_label(r, locale);
			if (k == 2) {
				char anchor[40];
				snprintf(anchor, sizeof anchor, "statement-%lld",
				         (long long)json_integer_value(json_object_get(r, "id")));
				json_object_set_new(r, "anchor", json_string(anchor));
				json_object_set_new(r, "body_html", markdown_json(json_string_value(
					json_object_get(r, "body"))));
			}
		}
		json_object_set_new(model, parts[k].key, rows);
		if (k == 0 && session_objectives(db, locale, rows) < 0)
			return -1;
	}
	return 0;
}

json_t *events_for_actor(struct db *db, const char *locale, int64_t actor_id)
{
	json_t *joined = db_json_rows(db, "SELECT e.slug, CASE WHEN $2 = 'fr' THEN e.title_fr "
	                              "ELSE e.title_en END AS title, '/events/' || e.slug AS url, "
	                              "e.start_date, p.role FROM event_participant p JOIN event e "
	                              "ON e.slug = p.event_slug WHERE p.actor_id = $1 "
	                              "ORDER BY e.start_date DESC, e.slug",
	                              DB_ARGS(DB_INT(actor_id), DB_TEXT(locale)));
	json_t *said = db_json_rows(db, "SELECT t.title, '/events/' || e.slug || '#statement-' || "
	                            "t.id AS url, CASE WHEN $2 = 'fr' THEN e.title_fr ELSE "
	                            "e.title_en END AS event_title, s.title AS session_title "
	                            "FROM event_statement t JOIN event e ON e.slug = t.event_slug "
	                            "LEFT JOIN event_session s ON s.id = t.session_id "
	                            "WHERE t.actor_id = $1 "
	                            "ORDER BY t.created_at DESC, t.id DESC LIMIT 50",
	                            DB_ARGS(DB_INT(actor_id), DB_TEXT(locale)));
	if (!joined || !said) {
		json_decref(joined);
		json_decref(said);
		return NULL;
	}
	size_t i;
	json_t *r;
	json_array_foreach(joined, i, r)
		role_label(r, locale);
	return json_pack("{s:o, s:o, s:b, s:b, s:b}", "participations", joined, "statements", said,
	                 "any", json_array_size(joined) + json_array_size(said) > 0,
	                 "has_participations", json_array_size(joined) > 0,
	                 "has_statements", json_array_size(said) > 0);
}

json_t *events_for_state(struct db *db, const char *locale, const char *iso3)
{
	json_t *a = db_json_row(db, "SELECT id FROM actor WHERE kind = 'state' AND country_iso3 = $1",
	                        DB_ARGS(DB_TEXT(iso3)));
	if (!a || json_is_null(a))
		return a;
	int64_t id = json_integer_value(json_object_get(a, "id"));
	json_decref(a);
	return events_for_actor(db, locale, id);
}

json_t *events_announceable(struct db *db, int64_t actor_id)
{
	return db_json_rows(db, "SELECT c.id, c.title FROM commitment c WHERE c.owner_actor_id = $1 "
	                    "AND c.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
	                    "event_commitment x WHERE x.commitment_id = c.id) "
	                    "ORDER BY c.id DESC LIMIT 200", DB_ARGS(DB_INT(actor_id)));
}

json_t *events_of_commitment(struct db *db, const char *locale, int64_t commitment_id)
{
	return db_json_row(db, "SELECT e.slug, " EVENT_TITLE_IN("e", "$2") " AS title, "
	                   "'/events/' || e.slug AS url, e.start_date FROM event_commitment x "
	                   "JOIN event e ON e.slug = x.event_slug WHERE x.commitment_id = $1",
	                   DB_ARGS(DB_INT(commitment_id), DB_TEXT(locale)));
}

json_t *events_session_get(struct db *db, const char *locale, int64_t id)
{
	json_t *s = db_json_row(db, "SELECT s.id, s.event_slug, s.title, s.starts_at, s.ends_at, "
	                        "'/events/' || s.event_slug AS url FROM event_session s "
	                        "WHERE s.id = $1", DB_ARGS(DB_INT(id)));
	if (!s || json_is_null(s))
		return s;
	json_t *one = json_pack("[O]", s);
	int rc = session_objectives(db, locale, one);
	json_decref(one);
	if (rc < 0) {
		json_decref(s);
		return NULL;
	}
	return s;
}

json_t *events_statement_get(struct db *db, const char *locale, int64_t id)
{
	json_t *t = db_json_row(db, "SELECT t.id, t.event_slug, t.session_id, t.title, t.body, "
	                        "t.url AS link, t.lang, t.created_at, t.actor_id, a.name AS "
	                        "actor_name, '/events/' || t.event_slug || '#statement-' || t.id "
	                        "AS url FROM event_statement t JOIN actor a ON a.id = t.actor_id "
	                        "WHERE t.id = $1 AND $2 = $2 AND " ACTOR_SEEN,
	                        DB_ARGS(DB_INT(id), DB_TEXT(locale)));
	if (t && json_is_object(t))
		actor_of(t);
	return t;
}
