/* reviews.h — review cycles and voluntary reviews: what a state tells a
 * review forum it has done, assembled from its records, written up by its
 * focal points, frozen and hashed on submission; and the written inputs
 * civil society adds to a cycle, published after moderation.
 *
 * The module's files, one responsibility each (reviews_impl.h is what
 * they share, and nothing outside includes it):
 *   reviews_cycles.c   the cycles: list, one cycle's page, an edit
 *   reviews_check.c    the field tables of every input (validate.h)
 *   reviews_draft.c    a draft's records per objective, read live
 *   reviews_freeze.c   canonical JSON, SHA-256, and the comparison of two
 *                      frozen reviews (pure functions, no database)
 *   reviews_write.c    start a version, save it, submit it
 *   reviews_read.c     a review's page (a draft live, a submitted one from
 *                      its frozen content) and its comparison
 *   reviews_inputs.c   written inputs: submitted, moderated, listed
 *   reviews_search.c   a submitted review's document in the site search
 *
 * The model (schema/0018_reviews.sql):
 *
 *   review_cycle    id (a slug: "imrf-2026"), kind (global | regional),
 *                   title in English and French, region (M49, regional
 *                   rounds), the period a review reports on, the window
 *                   (opens .. closes, inclusive) in which reviews and
 *                   inputs are submitted. Loaded by the migration that
 *                   `pacte init` applies; administrators edit the dates.
 *   voluntary_review  one per (cycle, country, version). A draft holds the
 *                   summary, links and a narrative per objective
 *                   (review_narrative); its records are read live. On
 *                   submission its content — cycle, country, version,
 *                   summary, links, and per objective the narrative and the
 *                   records of that moment — is written once as canonical
 *                   JSON (keys sorted, no white space) with its SHA-256;
 *                   it never changes again. A later version supersedes it
 *                   (the latest shown at /reviews/{cycle}/{ISO3}, each at
 *                   /reviews/{cycle}/{ISO3}/v/{n}), never an edit.
 *   review_input    a partner's written input on the cycle, an objective or
 *                   a state's review: pending → accepted | declined (with a
 *                   reason), by a moderator (input.moderate).
 *
 * Rules: only the state's focal points prepare and submit its review
 * (review.prepare, OWN on the state's actor); reviews and inputs are
 * submitted within the cycle's window ("today" is an argument, so tests set
 * it); every step is one transaction with its audit entry. `by` NULL is the
 * operator at the console (demo): allowed everything. */
#ifndef PACTE_REVIEWS_H
#define PACTE_REVIEWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

/* ---- Limits ------------------------------------------------------------- */
#define REVIEW_CYCLE_ID_MAX 40          /* bytes of a cycle's slug */
#define REVIEW_SUMMARY_MAX 20000        /* characters */
#define REVIEW_NARRATIVE_MAX 20000
#define REVIEW_LINKS_MAX 20
#define REVIEW_INPUT_TITLE_MAX 300
#define REVIEW_INPUT_BODY_MAX 20000

/* The one test of a written input the public reads (the cycle's inputs,
 * their count and feed, the change feed, the country report, the open
 * data): accepted, and not hidden by a flag (flags.h, migration 0039).
 * alias: the review_input's table or alias in the query, a string
 * literal. */
#define REVIEW_INPUT_LISTED(alias) alias ".status = 'accepted' AND " alias ".hidden_at IS NULL"
#define REVIEW_REASON_MAX 2000
#define REVIEW_HASH_LEN 64              /* hex SHA-256 */

/* The message of a submission outside its cycle's window (a msgid). */
extern const char REVIEW_MSG_WINDOW[];

/* ---- Cycles (reviews_cycles.c) --------------------------------------------- */

/* {"cycles": [{id, kind, title, region: {m49, name} | null, period_start,
 * period_end, opens, closes, open (today within the window), url}]},
 * newest period first, titles in locale. today NULL: the real today.
 * NULL on a database error. */
json_t *reviews_cycles(struct db *db, const char *locale, const char *today);

/* One cycle's page: {"cycle": as above, "reviews": the latest submitted
 * review of each state [{iso3, country, version, submitted_at, hash,
 * url}], "inputs_count": accepted inputs}. JSON null when there is no such
 * cycle, NULL on a database error. */
json_t *reviews_cycle_get(struct db *db, const char *locale, const char *id, const char *today);

/* An administrator's edit of a cycle's dates (period_start, period_end,
 * opens, closes: YYYY-MM-DD, the ends not before the starts). OUTCOME_OK,
 * OUTCOME_INVALID, OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited),
 * OUTCOME_ERROR. */
enum outcome reviews_cycle_update(struct db *db, const struct user *by, const char *id,
                                  const json_t *input, json_t *errors);

/* ---- Voluntary reviews (reviews_write.c) ------------------------------------ */

/* Starts the next version of iso3's review for cycle: a draft, copying the
 * summary, links and narratives of the latest version when there is one.
 * When a draft exists already, *id is that draft's and nothing is written.
 * OUTCOME_OK, OUTCOME_NOT_FOUND (no such cycle or state), OUTCOME_DENIED
 * (review.prepare on the state's actor; audited), OUTCOME_INVALID (the
 * window is closed: errors names "cycle"), OUTCOME_ERROR. */
enum outcome reviews_start(struct db *db, const struct user *by, const char *cycle,
                           const char *iso3, const char *today, json_t *errors, int64_t *id);

/* Saves a draft's summary, links and narratives. input: {"summary",
 * "links": [URL] or a text of one per line, "narratives": {"N": text}}
 * (an empty narrative removes it). OUTCOME_OK, OUTCOME_INVALID,
 * OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited), OUTCOME_CONFLICT (already
 * submitted), OUTCOME_ERROR. */
enum outcome reviews_save(struct db *db, const struct user *by, int64_t id, const json_t *input,
                          json_t *errors);

/* Submits draft id: its content assembled (reviews_draft.c) and frozen
 * with its hash, within the cycle's window. OUTCOME_OK, OUTCOME_INVALID
 * (window closed), OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited),
 * OUTCOME_CONFLICT (already submitted), OUTCOME_ERROR. */
enum outcome reviews_submit(struct db *db, const struct user *by, int64_t id,
                            const char *today, json_t *errors);

/* Finds the review of (cycle, iso3) at version (0: a draft if the viewer
 * may prepare it, otherwise the latest submitted). 0 with *id (0: none),
 * or -1 on a database error. */
int reviews_find(struct db *db, const struct user *viewer, const char *cycle, const char *iso3,
                 int64_t version, int64_t *id);

/* ---- Reading (reviews_read.c) ------------------------------------------------ */

/* Review id's page model for viewer: {"cycle", "country": {iso3, name},
 * "review": {id, version, status, summary, links, submitted_at, hash,
 * hash_verified, objectives: [{number, title, narrative, commitments,
 * progress, practices}]}, "versions": [...], "inputs": accepted inputs
 * about it, "can_prepare"}. A submitted review is read from its frozen
 * content only (hash checked again); a draft's records live, and a draft
 * is null for anyone who may not prepare it. JSON null when there is none
 * to show, NULL on a database error. */
json_t *reviews_get(struct db *db, const char *locale, const struct user *viewer, int64_t id);

/* The comparison of submitted review id with the same state's previous
 * submitted review (of an earlier cycle): {"review", "previous" (null when
 * none), "objectives": as reviews_compare}. JSON null when id is not a
 * submitted review, NULL on a database error. */
json_t *reviews_comparison(struct db *db, const char *locale, int64_t id);

/* ---- Freezing (reviews_freeze.c): no database ----------------------------------- */

/* The canonical bytes of v: keys sorted, compact, UTF-8 as it is. New
 * string (free()); NULL when v cannot be encoded. */
char *reviews_canonical(const json_t *v);
/* The hex SHA-256 of bytes[0..len) (libsodium's crypto_hash_sha256). */
void reviews_hash(const char *bytes, size_t len, char out[REVIEW_HASH_LEN + 1]);

/* Compares two frozen contents per objective: [{number, added: [commitment],
 * progressed: [{commitment, from, to}], stalled: [commitment], dropped:
 * [commitment]}] for each objective where either has a commitment.
 * Progressed: a commitment in both whose status moved forward (planned <
 * in_progress < achieved) or whose percent rose; stalled: in both, neither,
 * and not achieved. previous NULL: every commitment is added. New
 * reference. */
json_t *reviews_compare(const json_t *previous, const json_t *current);

/* ---- Written inputs (reviews_inputs.c) --------------------------------------- */

/* A partner's written input to cycle: {"about": cycle | objective |
 * review, "objective", "iso3" (of a state whose review it is about),
 * "title", "body"}, from by's own actor, within the window. OUTCOME_OK
 * (*id), OUTCOME_INVALID, OUTCOME_NOT_FOUND, OUTCOME_DENIED (input.submit;
 * a state's people too; audited), OUTCOME_ERROR. */
enum outcome reviews_input_submit(struct db *db, const struct user *by, const char *cycle,
                                  const json_t *input, const char *today, json_t *errors,
                                  int64_t *id);
/* A moderator's decision: {"decision": accept | decline, "reason"
 * (required to decline)}. OUTCOME_OK, OUTCOME_INVALID, OUTCOME_NOT_FOUND,
 * OUTCOME_DENIED (audited), OUTCOME_CONFLICT (decided already),
 * OUTCOME_ERROR. */
enum outcome reviews_input_decide(struct db *db, const struct user *by, int64_t id,
                                  const json_t *input, json_t *errors);
/* Accepted input id as its cycle's list shows it, with "cycle_id" and "url"
 * (its place on /reviews/{cycle}/inputs), for the change feed. JSON null
 * when it is not accepted (or not there), NULL on a database error. */
json_t *reviews_input_get(struct db *db, const char *locale, int64_t id);
/* The cycle of written input id into cycle ("" when there is no such
 * input). 0, or -1 on a database error. */
int reviews_input_cycle(struct db *db, int64_t id, char cycle[REVIEW_CYCLE_ID_MAX + 1]);
/* The inputs of cycle: {"inputs": [{id, about, objective, iso3, actor,
 * title, body, status, reason, created_at}]}: accepted ones for everyone,
 * pending and declined ones too when all is true (a moderator). iso3 not
 * NULL: only those about that state's review. NULL on a database error. */
json_t *reviews_inputs(struct db *db, const char *locale, const char *cycle, const char *iso3,
                       bool all);

/* ---- For the feed, the demo and the report ---------------------------------------- */

/* The newest submitted reviews and published inputs, at most limit of
 * each, the states named in locale's language: {"reviews": [{id,
 * cycle_id, iso3, version, at, name, url}],
 * "inputs": [{id, cycle_id, title, body, at, url}]}. NULL on error. */
json_t *reviews_feed(struct db *db, const char *locale, int limit);

/* For the demo, inside its transaction: a submitted review of iso3's
 * state (actor) for cycle, the next version of it, with summary and
 * narratives ({"N": text}), frozen as reviews_submit freezes one,
 * submitted at submitted_at (an ISO time), marked origin. 0 (*id set) or
 * -1. */
int reviews_insert_submitted(struct db *db, const char *cycle, const char *iso3, int64_t actor,
                             const char *summary, const json_t *narratives,
                             const char *submitted_at, const char *origin, int64_t *id);
/* For the demo: a published written input of partner actor on iso3's
 * review of cycle, dated at. 0 or -1. */
int reviews_input_insert(struct db *db, const char *cycle, const char *iso3, int64_t actor,
                         const char *title, const char *body, const char *at, const char *origin);

/* ---- The site search (reviews_search.c) -------------------------------------------- */

/* Puts submitted review id's document in the search index (kind "review",
 * ref "{cycle}/{ISO3}": one per state and cycle, the latest version's),
 * inside the caller's transaction; a draft is left out. 0 or -1
 * (db_errmsg). reviews_index_all rebuilds every one (reindex.h). */
int reviews_index(struct db *db, int64_t id);
int reviews_index_all(struct db *db);

/* Every submitted review of iso3, newest first: [{cycle, title, version,
 * submitted_at, hash, url}]. NULL on a database error. */
json_t *reviews_of_country(struct db *db, const char *locale, const char *iso3);

#endif
