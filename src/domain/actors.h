/* actors.h — who acts in Pacte: every state, and the partners the Compact
 * names (paragraph 15(j)) plus the UN system.
 *
 * A state actor exists for every country of the reference data (kind
 * "state", created by actors_sync_states at init); a partner is created by
 * a registration request and accredited by a reviewer. Only an accredited
 * actor's users may publish anything. Writes go through can() and the
 * audit trail in the same transaction. */
#ifndef PACTE_ACTORS_H
#define PACTE_ACTORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

/* The partner types: their codes (stored, in URLs and the API) and English
 * labels (msgids), NULL-terminated, in display order. */
extern const char *const actor_partner_types[];
extern const char *const actor_partner_type_labels[];
/* The statuses: requested, accredited, declined, suspended. */
extern const char *const actor_statuses[];
extern const char *const actor_status_labels[];

/* Creates the missing state actors, one per country (idempotent). Returns
 * the number created, or -1. Runs inside its own transaction. */
int actors_sync_states(struct db *db);

/* The list for /actors: filters (each may be NULL or ""): kind ("state",
 * "partner"), partner type, status, country ISO3, q (name, folded like
 * country search). Model {"actors": [...], "count", "filters": {...}} with
 * labels in locale. The operators' actor is never listed (it is no
 * partner). NULL on database error. */
json_t *actors_list(struct db *db, const char *locale, const char *kind, const char *type,
                    const char *status, const char *country, const char *q);

/* One actor for /actors/{id}: {"actor": {...}}; JSON null when none, NULL on
 * error. The operators' actor comes as kind "operators", "operators": true,
 * with no partner type and no accreditation status. */
json_t *actors_get(struct db *db, const char *locale, int64_t id);

/* A registration request (from /account/register): the organisation (name,
 * partner type, country ISO3 or NULL, website or NULL, description) and its
 * first user (email, display name, password), who gets the role "editor".
 * The actor starts as "requested". Fields come validated by the caller; the
 * checks that need the database (email already registered, unknown country)
 * add messages to errors and return OUTCOME_INVALID. Audited. On success
 * *actor_id is the new actor. */
enum outcome actors_register(struct db *db, json_t *org, json_t *first_user, json_t *errors,
                             const char *channel, const char *client_addr, int64_t *actor_id);

/* A reviewer's decision on a partner: "accredit", "decline" (with a reason),
 * "suspend", "reinstate". Checked with can() (nobody decides on their own
 * actor nor on the operators'); audited with before/after. OUTCOME_DENIED
 * (audited), OUTCOME_INVALID (not a decision, no reason to decline, not a
 * partner), OUTCOME_NOT_FOUND, OUTCOME_CONFLICT (does not fit the status),
 * OUTCOME_ERROR. */
enum outcome actors_decide(struct db *db, const struct user *by, int64_t actor_id,
                           const char *decision, const char *reason);

/* The same decision taken by the operator at the console (`pacte actor
 * decide`): no can() check — whoever runs the command owns the instance —
 * and audited with no user, channel "cli". A NULL `by` in actors_decide is
 * still refused, so no web path can reach this by accident. The operators'
 * actor is no partner here either (OUTCOME_INVALID). */
enum outcome actors_decide_as_operator(struct db *db, int64_t actor_id, const char *decision,
                                       const char *reason);

/* The partners waiting for a decision, oldest first, for /admin:
 * {"actors": [{…as actors_get's actor…, "accounts": [{id, name, email}]}],
 * "count"}. NULL on error. */
json_t *actors_pending(struct db *db, const char *locale);

/* The actor an operator names at the console (`pacte user add --actor`):
 * an actor id (returned as is: the caller's write says whether it exists),
 * a state's ISO3 code ("MAR", any case), or "operators" for the
 * operators' own actor. Returns the id, 0 when there is no such actor, -1
 * on a database error. */
int64_t actors_resolve(struct db *db, const char *ref);

/* The operators' own actor: stored as an accredited partner of type
 * "other" named "Instance operators" and marked `operators` (migration
 * 0007), created (and audited) when missing; `pacte init` puts the first
 * admin there. Not a partner for anyone: no decision applies to it, no
 * public list or export shows it. Returns its id, or -1. */
int64_t actors_ensure_operator(struct db *db);

#endif
