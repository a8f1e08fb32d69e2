/* events.h — the Compact's events (its adoption at Marrakech, the General
 * Assembly's endorsement, the review forums, the regional review rounds)
 * and each state's recorded position at them.
 *
 * Reference data: data/events.csv and data/positions.csv, loaded by
 * `pacte init` through refdata (tables event and event_position,
 * schema/0017_hub.sql), each row citing its source. The rule the pages
 * keep: a state's position is shown only where the record names it; every
 * other state is "not recorded", never assumed to have voted in favour. A
 * vote's totals as the source gives them (152 in favour …) are shown apart
 * from the positions Pacte holds state by state, so the two are never
 * confused. An event whose facts rest on one unchecked source carries
 * to_be_checked, which its pages say. */
#ifndef PACTE_EVENTS_H
#define PACTE_EVENTS_H

#include <jansson.h>

struct db;

/* Every event, oldest first: {"events": [{slug, kind, kind_label, title,
 * start_date, end_date, place, region, url, to_be_checked}]}, titles and
 * labels in locale. NULL on a database error (db_errmsg says why). */
json_t *events_list(struct db *db, const char *locale);

/* One event's page model: {"event": {… as in the list, organiser, online,
 * note, source, source_url, recorded_totals (null when nothing was
 * voted)}, "positions": [{iso3, name, url, position, position_label,
 * source}] (by country name), "counts": [{position, label, count}] (every
 * position, zeros included), "not_recorded": member states without one}.
 * JSON null when no event has this slug; NULL on a database error. */
json_t *events_get(struct db *db, const char *locale, const char *slug);

/* A country's positions, for its page: one row per event that concerns it
 * (every event but the regional reviews of other regions), oldest first:
 * [{slug, title, url, start_date, position, position_label, source}], with
 * position null and position_label "Not recorded" where the record names
 * none. NULL on a database error. */
json_t *events_country_positions(struct db *db, const char *locale, const char *iso3);

#endif
