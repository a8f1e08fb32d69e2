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
 * to_be_checked, which its pages say.
 *
 * The events in full (schema/0025_hub_events_funding.sql): around each
 * reference event, what people record — its sessions (title, time,
 * objectives discussed; action event.organise, administrators), its
 * participants (an actor with its delegation's role), the statements
 * actors made there (a title with a text, a link or both, optionally in a
 * session) and the commitments announced there (a commitment names at
 * most one event); these three for an actor by its own people (action
 * event.take_part, OWN). Each write: can() first (a denial audited), one
 * transaction, audit_append. Read by events_program (the event's page)
 * and events_for_actor (an actor's page); events_program.c and
 * events_write.c. */
#ifndef PACTE_EVENTS_H
#define PACTE_EVENTS_H

#include <jansson.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

#define EVENT_TITLE_MAX 300        /* a session's or statement's title, characters */
#define EVENT_TEXT_MAX 20000       /* a statement's text */

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

/* ---- The events in full (events_write.c, events_program.c) ---------------- */

/* Adds a session to event slug: input {title, starts_at, ends_at (both
 * YYYY-MM-DDTHH:MM, ends_at optional and not before starts_at),
 * objectives}. OUTCOME_OK (*id), OUTCOME_INVALID (errors), OUTCOME_DENIED
 * (audited), OUTCOME_NOT_FOUND (no such event), OUTCOME_ERROR. */
enum outcome events_add_session(struct db *db, const struct user *by, const char *slug,
                                const json_t *input, json_t *errors, int64_t *id);

/* Records actor_id taking part in event slug with role (event_roles):
 * input {actor_id, role}; again with another role changes it. Outcomes
 * as events_add_session. */
enum outcome events_join(struct db *db, const struct user *by, const char *slug,
                         const json_t *input, json_t *errors);

/* Records a statement at event slug: input {actor_id, title, body, url,
 * lang, session_id} (a text or a link at least; the session, if named, of
 * this event). Outcomes as events_add_session. */
enum outcome events_state(struct db *db, const struct user *by, const char *slug,
                          const json_t *input, json_t *errors, int64_t *id);

/* Records that commitment_id (input {commitment_id}) was announced at
 * event slug, by its owner's people. OUTCOME_CONFLICT when it already
 * names an event (or is withdrawn); else as events_add_session. */
enum outcome events_announce(struct db *db, const struct user *by, const char *slug,
                             const json_t *input, json_t *errors);

/* Adds to an event page's model (events_get's) "sessions": [{id, title,
 * starts_at, ends_at, objectives: [{number, short_title, url}]}],
 * "participants": [{actor {id, name, url}, role, role_label}] (by name),
 * "statements": [{id, anchor, title, body, url, lang, session_title,
 * actor {…}, created_at}] and "commitments": [{id, title, url, actor
 * {…}}], in locale. 0, or -1 on a database error. */
int events_program(struct db *db, const char *locale, const char *slug, json_t *model);

/* An actor's part in the events, for its page: {"participations": [{slug,
 * title, url, start_date, role, role_label}], "statements": [{title, url
 * (the event page's anchor), event_title, session_title (null outside a
 * session)}], "any", "has_participations",
 * "has_statements"}. NULL on a database error. */
json_t *events_for_actor(struct db *db, const char *locale, int64_t actor_id);

/* The same for a country's page: the part its state's actor (kind
 * "state") took in the events, or JSON null when iso3 has no state actor.
 * NULL on a database error. */
json_t *events_for_state(struct db *db, const char *locale, const char *iso3);

/* A session or a statement as the change feed carries it (changes.c),
 * with "url" its place on the event's page (a statement's own link is
 * then "link"); JSON null when none has this id (or its actor is not
 * public); NULL on a database error. */
json_t *events_session_get(struct db *db, const char *locale, int64_t id);
json_t *events_statement_get(struct db *db, const char *locale, int64_t id);

/* The event commitment_id was announced at, for the commitment's page:
 * {slug, title (in locale), url, start_date}, or JSON null when it names
 * none; NULL on a database error. */
json_t *events_of_commitment(struct db *db, const char *locale, int64_t commitment_id);

/* The commitments actor_id could still announce at an event (not
 * withdrawn, naming none yet), newest first, at most 200: [{id, title}].
 * NULL on a database error. */
json_t *events_announceable(struct db *db, int64_t actor_id);

#endif
