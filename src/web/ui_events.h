/* ui_events.h — the events pages (/events, /events/{slug}) and the
 * positions section of a country's page (events.h has the model). */
#ifndef PACTE_WEB_UI_EVENTS_H
#define PACTE_WEB_UI_EVENTS_H

#include <jansson.h>
#include <stdint.h>

#include "view.h"

/* GET /events : every event, oldest first. */
void ui_events_index(struct request *req, struct page *page);
/* GET /events/{slug} : one event, its source, its recorded totals, and the
 * positions table with its counts; 404 if no event has this slug. */
void ui_events_show(struct request *req, struct page *page);

/* Adds "event_positions" (events_country_positions) to a country page's
 * model, for the partial events/country. Returns 0, or -1 on a database
 * error. */
int ui_events_country(struct request *req, json_t *model, const char *iso3);

/* Adds "events" (events_for_state: the part the country's state took in
 * the events, its participations, statements and their sessions) to a
 * country page's model, for the partial events/actor. 0, or -1. */
int ui_events_state(struct request *req, json_t *model, const char *iso3);

/* Adds "events" (events_for_actor: its participations and statements) to
 * an actor page's model, for the partial events/actor. 0, or -1. */
int ui_events_actor(struct request *req, json_t *model, int64_t actor_id);

/* POST /events/{slug}/sessions {title, starts_at, ends_at, objectives}
 * (administrators), /participants {actor_id, role}, /statements
 * {actor_id, title, body, url, lang, session_id}, /commitments
 * {commitment_id} (an actor's own people; actor_id defaults to the
 * reader's): the event's page, or it again with the errors (422). */
void ui_events_session(struct request *req, struct page *page);
void ui_events_join(struct request *req, struct page *page);
void ui_events_statement(struct request *req, struct page *page);
void ui_events_announce(struct request *req, struct page *page);

#endif
