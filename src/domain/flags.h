/* flags.h — records flagged as inappropriate (issue 18, item 6): a
 * reviewer or an administrator flags a commitment, a progress report, a
 * public good practice, an accepted review input or a public need or
 * offer of the hub (migration 0039) with
 * a reason, which hides it from the public at once; an administrator
 * then decides: restore (public again) or remove (hidden for good).
 *
 * The model (schema/0033_flags.sql): a row of `flag` per flag (kind,
 * record_id, the record's owner actor, reason, flagged_by, flagged_at,
 * state open | restored | removed, decided_by, decision_reason,
 * decided_at), and `hidden_at` on the record's own row, set while a flag
 * is open or removed. Every public read path tests hidden_at on the row it
 * reads anyway: the lists (commitments_list.c, progress_list), the feeds
 * (feed.c, progress_latest and progress_recent), the search (the record's
 * document is deleted while hidden and put back on restore), the change
 * feed (the record is noted on each change, and its loader answers null
 * while hidden: a tombstone) and the open-data export (export_tables.c).
 * A hidden record's page is 404 to the public; its owner's people,
 * reviewers and administrators still see it, marked "hidden" with its
 * flag (flags_may_see, flags_on). A practice's, a review input's and a
 * hub item's public reads test one condition each: PRACTICE_LISTED
 * (practices.h), REVIEW_INPUT_LISTED (reviews.h) and HUB_LISTED or
 * HUB_OPEN (hub.h).
 *
 * Counts: a hidden commitment counts nowhere (the standings, the lists'
 * totals, the dashboard, the map): migration 0040's triggers treat it as
 * withdrawn in every copy and tally, moved by the same UPDATE of hidden_at
 * that hides or restores it; a hidden progress report leaves the reports'
 * series (docs/moderation.md says what is left).
 *
 * Rules: one flag at a time on a record (a second is OUTCOME_CONFLICT
 * while the first is open or removed); only an open flag is decided; every
 * step asks can() (record.flag, flag.decide; a denial audited) and writes
 * its audit entry, on the record ("record.flag", "flag.restore",
 * "flag.remove"), in the write's transaction; the record's owner is told
 * (notifications.h). */
#ifndef PACTE_FLAGS_H
#define PACTE_FLAGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

#define FLAG_REASON_MAX 1000   /* characters of a flag's or a decision's reason */
#define FLAG_QUEUE_MAX 200     /* flags the administrators' queue lists at once */

/* Flags record `id` of `kind` ("commitment", "progress_update",
 * "practice": a published or archived one, "review_input": an accepted
 * one, or "hub_item": a need or an offer from accepted on) with
 * input {"reason": 1–FLAG_REASON_MAX characters}: hides it (hidden_at),
 * drops it from the search, notes it in the change feed, tells its owner.
 * by NULL: the operator. *flag_id (may be NULL) set on success.
 * OUTCOME_OK, OUTCOME_INVALID (errors: "reason"), OUTCOME_NOT_FOUND (no
 * such kind or record), OUTCOME_DENIED (audited), OUTCOME_CONFLICT (the
 * record is flagged already), OUTCOME_ERROR. */
enum outcome flags_raise(struct db *db, const struct user *by, const char *kind, int64_t id,
                         const json_t *input, json_t *errors, int64_t *flag_id);

/* Decides open flag flag_id with input {"decision": "restore" | "remove",
 * "reason": 1–FLAG_REASON_MAX characters}: restore makes the record
 * public again (search and change feed follow), remove keeps it hidden
 * for good. The owner is told either way. OUTCOME_OK, OUTCOME_INVALID,
 * OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited), OUTCOME_CONFLICT (decided
 * already), OUTCOME_ERROR. */
enum outcome flags_decide(struct db *db, const struct user *by, int64_t flag_id,
                          const json_t *input, json_t *errors);

/* The administrators' queue, newest first, at most FLAG_QUEUE_MAX:
 * {"state": state, "flags": [{id, kind, record_id, url, title, owner: {id,
 * name}, reason, flagged_by: {id, name}|null, flagged_at, state,
 * decided_by: {id, name}|null, decision_reason|null, decided_at|null}]}.
 * state: "open", "restored", "removed" (anything else: "open"). Owner
 * names in locale. NULL on a database error. */
json_t *flags_queue(struct db *db, const char *locale, const char *state);

/* The flag that hides record id of kind (open or removed): {id, state,
 * reason, flagged_at, decision_reason|null, decided_at|null}, or JSON
 * null when none does. NULL on a database error. */
json_t *flags_on(struct db *db, const char *kind, int64_t id);

/* True when u may see a hidden record owned by actor owner: its own
 * people (u's actor is the owner), and whoever may flag or decide on it. */
bool flags_may_see(const struct user *u, const char *kind, int64_t id, int64_t owner);

#endif
