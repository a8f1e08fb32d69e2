/* events.c — reading the events and the positions states took at them
 * (events.h): the list, one event's page with its positions table and
 * counts, and a country's positions. Nothing here writes: the rows are
 * reference data, written by refdata. */
#include <string.h>

#include "codes.h"
#include "db.h"
#include "events.h"
#include "i18n.h"
#include "names.h"
#include "util.h"

/* An event's columns in the reader's language ($1 the locale). */
#define EVENT_COLS \
	"e.slug, e.kind, " EVENT_TITLE_IN("e", "$1") " AS title, " \
	"e.start_date, e.end_date, e.place, e.region_m49, '/events/' || e.slug AS url, " \
	"e.to_be_checked"

#define COUNTRY_NAME COUNTRY_NAME_IN("k", "$1") /* names.h */

/* Labels and booleans the rows' codes and flags stand for. */
static void decorate(json_t *e, const char *locale)
{
	json_object_set_new(e, "kind_label", code_label_json(locale, event_kinds,
	                    event_kind_labels, json_string_value(json_object_get(e, "kind"))));
	json_object_set_new(e, "to_be_checked", json_boolean(
		json_integer_value(json_object_get(e, "to_be_checked")) != 0));
}

static void label_position(json_t *p, const char *locale)
{
	const char *code = json_string_value(json_object_get(p, "position"));
	json_object_set_new(p, "position_label", code
		? code_label_json(locale, event_positions, event_position_labels, code)
		: json_string(tr(locale, "Not recorded")));
}

json_t *events_list(struct db *db, const char *locale)
{
	json_t *rows = db_json_rows(db, "SELECT " EVENT_COLS " FROM event e "
	                            "ORDER BY e.start_date, e.slug", DB_ARGS(DB_TEXT(locale)));
	if (!rows)
		return NULL;
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e)
		decorate(e, locale);
	return json_pack("{s:o}", "events", rows);
}

/* The vote's totals as the source records them, or null. */
static json_t *recorded_totals(json_t *e)
{
	static const char *const keys[] = {"votes_for", "votes_against", "votes_abstaining",
	                                   "votes_not_voting"};
	json_t *totals = json_object();
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		json_t *v = json_object_get(e, keys[i]);
		if (json_is_integer(v))
			json_object_set(totals, keys[i] + strlen("votes_"), v);
		json_object_del(e, keys[i]);
	}
	if (json_object_size(totals) == 0) {
		json_decref(totals);
		return json_null();
	}
	return totals;
}

json_t *events_get(struct db *db, const char *locale, const char *slug)
{
	json_t *e = db_json_row(db, "SELECT " EVENT_COLS ", e.organiser, e.online, "
	                        NAME_EN_FR("e.note_en", "e.note_fr", "$1") " AS note, "
	                        "e.votes_for, e.votes_against, e.votes_abstaining, "
	                        "e.votes_not_voting, e.source, e.source_url FROM event e "
	                        "WHERE e.slug = $2", DB_ARGS(DB_TEXT(locale), DB_TEXT(slug)));
	if (!e || json_is_null(e))
		return e;
	decorate(e, locale);
	json_object_set_new(e, "online", json_boolean(
		json_integer_value(json_object_get(e, "online")) != 0));
	json_object_set_new(e, "recorded_totals", recorded_totals(e));
	json_t *positions = db_json_rows(db, "SELECT k.iso3, " COUNTRY_NAME " AS name, "
	                                 "'/countries/' || k.iso3 AS url, p.position, p.source "
	                                 "FROM event_position p JOIN country k ON k.iso3 = p.iso3 "
	                                 "WHERE p.event_slug = $2 ORDER BY 2, k.iso3",
	                                 DB_ARGS(DB_TEXT(locale), DB_TEXT(slug)));
	int64_t members = 0, recorded_members = 0;
	if (!positions ||
	    db_scalar_int(db, &members, 0, "SELECT count(*) FROM country WHERE un_status = 'member'",
	                  NO_ARGS) < 0 ||
	    db_scalar_int(db, &recorded_members, 0, "SELECT count(*) FROM event_position p "
	                  "JOIN country k ON k.iso3 = p.iso3 WHERE p.event_slug = $1 "
	                  "AND k.un_status = 'member'", DB_ARGS(DB_TEXT(slug))) < 0) {
		json_decref(e);
		json_decref(positions);
		return NULL;
	}
	json_t *counts = json_array();
	for (size_t c = 0; event_positions[c]; c++) {
		json_int_t n = 0;
		size_t i;
		json_t *p;
		json_array_foreach(positions, i, p)
			n += strcmp(json_string_value(json_object_get(p, "position")),
			            event_positions[c]) == 0;
		json_array_append_new(counts, json_pack("{s:s, s:s, s:I}", "position",
		                      event_positions[c], "label",
		                      tr(locale, event_position_labels[c]), "count", n));
	}
	size_t i;
	json_t *p;
	json_array_foreach(positions, i, p)
		label_position(p, locale);
	return json_pack("{s:o, s:o, s:o, s:I, s:b}", "event", e, "positions", positions,
	                 "counts", counts, "not_recorded", (json_int_t)(members - recorded_members),
	                 "has_positions", json_array_size(positions) > 0);
}

json_t *events_country_positions(struct db *db, const char *locale, const char *iso3)
{
	json_t *rows = db_json_rows(db, "SELECT e.slug, " EVENT_TITLE_IN("e", "$1") " "
	                            "AS title, '/events/' || e.slug AS url, "
	                            "e.start_date, p.position, p.source FROM event e "
	                            "LEFT JOIN event_position p ON p.event_slug = e.slug "
	                            "AND p.iso3 = $2 WHERE e.region_m49 IS NULL OR e.region_m49 = "
	                            "(SELECT region_m49 FROM country WHERE iso3 = $2) "
	                            "ORDER BY e.start_date, e.slug",
	                            DB_ARGS(DB_TEXT(locale), DB_TEXT(iso3)));
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p)
		label_position(p, locale);
	return rows;
}
