/* hub.h — the connection hub (the Compact's paragraph 43): needs, offers,
 * their matching with reasons in words, the consent of both sides, and the
 * partnerships a match starts.
 *
 * The module's files, one responsibility each (hub_impl.h is what they
 * share, and nothing outside includes it):
 *   hub_check.c     validation of a need's or offer's input, of an
 *                   assessment, a step and the list's filter (field tables)
 *   hub_write.c     create, edit (a returned item submitted again), assess,
 *                   the owner's steps (implementation, closing), the bare
 *                   insert the demo uses
 *   hub_score.c     the score of an offer for a need and its reasons: pure,
 *                   no database (unit-tested on hand-built cases)
 *   hub_match.c     the ranking of offers for a need, proposing a match,
 *                   each side's consent, the partnership a made match starts
 *   hub_actors.c    the ranking of actors for a need, on their published
 *                   practices and commitments
 *   hub_read.c      an item's page, the list (/hub), an actor's or a
 *                   country's items, the feed
 *   hub_search.c    an item as the site search sees it (public ones only)
 *   hub_partnerships.c  partnerships: the list, one with its members and
 *                   history, a member withdrawing
 *   hub_partnerships_write.c  a partnership recorded on its own: created,
 *                   edited, its members added by its lead (issue 14)
 *
 * The model (schema/0017_hub.sql):
 *
 *   id, side        need | offer; the URL is /hub/needs/{id} or /hub/offers/{id}
 *   actor_id        who asks (a need: a state, or a local government) or
 *                   who provides (an offer: any accredited actor)
 *   title           1–HUB_TITLE_MAX characters; description (Markdown) up to
 *                   HUB_TEXT_MAX
 *   support         technical_assistance | funding | training | data |
 *                   peer_exchange | policy_advice
 *   objectives      1–COMPACT_OBJECTIVES, at least one
 *   countries       ISO3 codes, at least one; languages: language codes
 *   start_date, end_date   the timeframe, either open
 *   budget          a range code (codes.h hub_budgets)
 *   capacity, conditions   an offer's (empty for a need)
 *
 * The workflow (each step audited, can() first, a denial audited):
 *
 *   submitted → (a reviewer assesses) accepted with notes | returned with
 *   questions → (the owner edits: submitted again) … accepted → matching
 *   (a match proposed) → matched (both sides consented) → in_implementation
 *   (the owner says so) → closed with an outcome note (the owner, from any
 *   open status). Submitted and returned items are seen only by their
 *   actor's people and the reviewers; from accepted on they are public.
 *
 * A match is made only with both sides' consent: a side consents through
 * an account of its own actor (action hub.consent), each consent its own
 * audit entry; a reviewer may propose a match but consents for nobody.
 * The database refuses a made match without both consents (a CHECK), so
 * no path — page, API or CLI — makes one. A made match starts a
 * partnership: the need's actor as lead, the offer's as implementing
 * partner. A member withdrawing keeps its row (withdrawn_at, reason): the
 * history stays.
 *
 * `by` NULL is the operator at the console (demo): allowed everything. */
#ifndef PACTE_HUB_H
#define PACTE_HUB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

/* ---- Limits ------------------------------------------------------------- */
#define HUB_TITLE_MAX 300            /* characters */
#define HUB_TEXT_MAX 5000            /* description, capacity, conditions, notes, outcome */
#define PARTNERSHIP_MAX_LINKS 50     /* commitments, practices a partnership links */
#define HUB_MAX_COUNTRIES 50
#define HUB_MAX_LANGS 10
#define HUB_SUGGESTIONS 10           /* offers ranked on a need's page */
#define HUB_PAGE 50                  /* items on /hub */
#define HUB_QUERY_MAX 200            /* characters of /hub's q= (search words) */

/* ---- Validation (hub_check.c) ---------------------------------------------
 *
 * A need's or offer's input, a JSON object: actor_id (the web sets the
 * user's own actor), title, description, support, objectives, countries,
 * languages, start_date, end_date (YYYY-MM-DD, either empty), budget,
 * capacity, conditions (an offer's). For a need the actor must be a state
 * or a local government. Adds one error per bad field to errors and
 * returns the number of fields in error; -1 on a database error. When it
 * returns 0, *clean (if not NULL) is the normalised input. */
int hub_validate(struct db *db, const char *side, const json_t *input, json_t *errors,
                 json_t **clean);

/* /hub's filter: side (need|offer), objective, country (ISO3), support,
 * q (words, found through the site search: hub_search.c's documents).
 * Returns the number of fields in error (errors filled); *clean the
 * normalised filter when 0. */
int hub_filter_check(const json_t *input, json_t *errors, json_t **clean);

/* ---- Writes (hub_write.c) ------------------------------------------------- */

/* Records a need or an offer (side "need" | "offer"), status submitted.
 * OUTCOME_OK with *id set, OUTCOME_INVALID (errors filled), OUTCOME_DENIED
 * (audited), OUTCOME_ERROR. */
enum outcome hub_create(struct db *db, const struct user *by, const char *side,
                        const json_t *input, json_t *errors, int64_t *id);

/* Edits item id (its actor's people), allowed while it is submitted or
 * returned; a returned item goes back to submitted. The actor does not
 * change. OUTCOME_CONFLICT in any later status; else as hub_create. */
enum outcome hub_edit(struct db *db, const struct user *by, int64_t id, const json_t *input,
                      json_t *errors);

/* A reviewer's assessment of a submitted item: input {"decision":
 * "accept" | "return", "notes"} (notes required to return: the
 * questions). OUTCOME_CONFLICT when the item is not submitted. */
enum outcome hub_assess(struct db *db, const struct user *by, int64_t id, const json_t *input,
                        json_t *errors);

/* The owner's steps: input {"step": "implement"} (matched →
 * in_implementation) or {"step": "close", "outcome": text} (any status
 * from accepted on → closed with its outcome note). OUTCOME_CONFLICT when
 * the step does not apply to the item's status. */
enum outcome hub_step(struct db *db, const struct user *by, int64_t id, const json_t *input,
                      json_t *errors);

/* The bare insert the demo and the bench use: a validated-shape input
 * (hub_validate's clean) written as is, with status and origin, no audit
 * entry. 0 with *id set, or -1. */
int hub_insert(struct db *db, const char *side, const json_t *clean, const char *status,
               const char *origin, int64_t *id);

/* Announces item id's new state inside the write's transaction: the
 * search's document (hub_index) and, once public, a note in the change
 * feed (changelog.h; a tombstone while a flag hides it). Every change of
 * status calls it, and flags.c on hiding and restoring an item. 0 or -1. */
int hub_published(struct db *db, int64_t id);

/* ---- Scoring (hub_score.c) ---------------------------------------------------
 *
 * What the score compares of a need and an offer. Codes are borrowed (they
 * must outlive the profile). */
struct hub_profile {
	int64_t id;
	int64_t actor_id;
	uint32_t objectives;                 /* bit n - 1 for objective n */
	int support;                         /* index in hub_supports, -1 if unknown */
	const char *countries[HUB_MAX_COUNTRIES];
	const char *subregions[HUB_MAX_COUNTRIES];   /* each country's M49 sub-region */
	size_t ncountries;
	const char *langs[HUB_MAX_LANGS];
	size_t nlangs;
	char start[11], end[11];             /* YYYY-MM-DD, "" when open */
};

/* The points of each reason, in the order they are given. */
#define HUB_POINTS_OBJECTIVE 30   /* per objective shared */
#define HUB_POINTS_SUPPORT 25     /* the offer gives the support the need asks for */
#define HUB_POINTS_COUNTRY 20     /* a country in common */
#define HUB_POINTS_REGION 10      /* no country in common, a sub-region in common */
#define HUB_POINTS_LANG 15        /* a language in common */
#define HUB_POINTS_TIME 10        /* the timeframes overlap (an open end overlaps) */

/* The score of offer for need: 0 when they share no objective (an offer
 * that serves none of the need's objectives is no match, whatever else
 * they share), else the sum of the points above. When reasons is not
 * NULL, appends one {"id": msgid, "args": {…}} per reason (hub_reasons_text
 * puts them in words): "same objective {n}", "offers {support}", "works in
 * {country}", "active in {region}", "works in {lang}", "available in the
 * timeframe". */
int hub_score(const struct hub_profile *need, const struct hub_profile *offer, json_t *reasons);

/* What an actor has done that a need may call on, for hub_score_actor:
 * where.objectives unused; where.countries its own country and those of
 * its published practices and current commitments (with their
 * sub-regions), where.langs the languages of its records on the need's
 * objectives; the objectives of each kind of record. hub_actors.c loads
 * only what can score for one need. */
struct hub_record {
	struct hub_profile where;
	uint32_t practice_objectives;        /* of its published practices */
	uint32_t commitment_objectives;      /* of its commitments not withdrawn */
};

#define HUB_POINTS_PRACTICE 20    /* a published practice on an objective of the need */
#define HUB_POINTS_COMMITMENT 10  /* a commitment on an objective of the need */
#define HUB_ACTOR_SUGGESTIONS 10  /* actors ranked on a need's page */

/* The score of an actor for need: 0 when none of its published practices
 * and commitments serves an objective of the need; else
 * HUB_POINTS_OBJECTIVE per objective shared, HUB_POINTS_PRACTICE when a
 * practice serves one, HUB_POINTS_COMMITMENT when a commitment does, and
 * the country (or sub-region) and language points of hub_score. Reasons as
 * hub_score's, plus "a published practice on objective {n}" and "a
 * commitment on objective {n}" (n the lowest such). */
int hub_score_actor(const struct hub_profile *need, const struct hub_record *actor,
                    json_t *reasons);

/* Inserts candidate i scoring s into the top list idx[]/score[] of k
 * entries (at most limit, best first; on a tie the earlier candidate stays
 * ahead) and returns the new k. */
size_t hub_top_insert(size_t *idx, int *score, size_t k, size_t limit, size_t i, int s);

/* ---- Actors for a need (hub_actors.c) ------------------------------------------
 *
 * The accredited actors (the need's own excepted) whose published practices
 * or current commitments serve an objective of need need_id, each loaded
 * as a hub_record in two queries whatever their number, ranked by
 * hub_score_actor: [{actor_id, actor_name, url, score, reasons: [text],
 * reason_codes}] best first, at most limit (≤ HUB_ACTOR_SUGGESTIONS), reasons
 * in locale. An empty array for an unknown need; NULL on a database error. */
json_t *hub_actor_suggestions(struct db *db, const char *locale, int64_t need_id,
                              size_t limit);

/* The ranking alone, for the bench: the records of need_id's candidates
 * loaded (*n of them, free() the array, json_decref *keep), or NULL on
 * error. hub_actor_suggestions is this, hub_score_actor and the names. */
struct hub_record *hub_records_load(struct db *db, int64_t need_id, size_t *n,
                                    json_t **keep);

/* ---- Matching (hub_match.c) ------------------------------------------------- */

/* The open offers (accepted, matching, matched; not hidden by a flag),
 * loaded once to rank many needs against: hub_pool_load reads them all in
 * four queries (need_id 0), or only those sharing an objective with need
 * need_id (the rest would score 0). NULL on a database error. */
struct hub_pool;
struct hub_pool *hub_pool_load(struct db *db, int64_t need_id);
void hub_pool_free(struct hub_pool *pool);
size_t hub_pool_size(const struct hub_pool *pool);

/* Loads item id's profile into *out (its strings owned by *keep: a JSON
 * value to json_decref after use). OUTCOME_OK, OUTCOME_NOT_FOUND, OUTCOME_ERROR. */
enum outcome hub_profile_load(struct db *db, int64_t id, struct hub_profile *out, json_t **keep);

/* Ranks the pool's offers for need: at most limit of those scoring above
 * 0, best first (ties: the older offer first), other actors' only. Writes
 * their indexes and scores into idx[]/score[] (limit entries each) and
 * returns how many. */
size_t hub_rank(const struct hub_pool *pool, const struct hub_profile *need, size_t limit,
                size_t *idx, int *score);

/* A need's suggestions as its page shows them: [{offer_id, title, url,
 * actor {id, name, url}, score, reasons: [text]}] with reasons in locale.
 * NULL on a database error. */
json_t *hub_suggestions(struct db *db, const char *locale, int64_t need_id, size_t limit);

/* The reasons (hub_score's) in words, in locale: a new array of strings. */
json_t *hub_reasons_text(struct db *db, const char *locale, const json_t *reasons);

/* Proposes a match of need_id and offer_id: by is a reviewer (consents for
 * nobody) or one of either side's people (that side's consent recorded at
 * once, audited as such). Both items must be open (accepted, matching or
 * matched) and of two different actors. The need and offer become
 * "matching". OUTCOME_OK with *match_id, OUTCOME_NOT_FOUND,
 * OUTCOME_CONFLICT (not open, hidden by a flag, same actor, already
 * proposed), OUTCOME_DENIED. */
enum outcome hub_propose(struct db *db, const struct user *by, int64_t need_id,
                         int64_t offer_id, int64_t *match_id);

/* A side's answer to match_id: answer "accept" | "decline", given for the
 * side whose actor is by's (by NULL: side must be "need" or "offer";
 * else side NULL). Accepting records the consent (audited hub.consent);
 * with both consents the match is made (audited), both items become
 * matched and a partnership starts (*partnership_id). Declining closes the
 * match (declined). OUTCOME_DENIED for someone of neither side (audited),
 * OUTCOME_CONFLICT when the match is no longer proposed, that side
 * answered already, or (accepting) a flag hides either item. */
enum outcome hub_answer(struct db *db, const struct user *by, int64_t match_id,
                        const char *side, const char *answer, int64_t *partnership_id);

/* The need of match_id into *need_id: OUTCOME_OK, OUTCOME_NOT_FOUND or
 * OUTCOME_ERROR (the page a match's answer returns to). */
enum outcome hub_match_need(struct db *db, int64_t match_id, int64_t *need_id);

/* ---- Reads (hub_read.c) --------------------------------------------------- */

/* Item id's page model: {"item": {id, side, url, title, description,
 * description_html, support, support_label, status, status_label, budget,
 * budget_label, capacity, conditions, assessment, outcome, start_date,
 * end_date, actor {id, name, url}, objectives, countries, languages,
 * created_at, updated_at}, "matches": [{id, need, offer, score, reasons,
 * status, status_label, need_consent, offer_consent}], "practices":
 * similar published practices}; item.hidden true while a flag hides it
 * (flags.h), a match's need_hidden and offer_hidden true while its need
 * or its offer is. JSON null when none of that side has this id; NULL on
 * a database error. Who may see it is the caller's question
 * (hub_item_public; a hidden item: flags_may_see). */
json_t *hub_get(struct db *db, const char *locale, const char *side, int64_t id);

/* Whether status is public (accepted and later). */
bool hub_public_status(const char *status);

/* The one test of an item the public finds anywhere — its page, a list, a
 * count, a feed, the search, the change feed, the open data, matching:
 * public from accepted on (HUB_LISTED; HUB_OPEN without the closed ones),
 * and not hidden by a flag (flags.h, hidden_at: migration 0039). alias:
 * the item's table or alias in the query, a string literal. */
#define HUB_PUBLIC_STATUSES "('accepted', 'matching', 'matched', 'in_implementation', 'closed')"
#define HUB_OPEN_STATUSES "('accepted', 'matching', 'matched', 'in_implementation')"
#define HUB_LISTED(alias) alias ".status IN " HUB_PUBLIC_STATUSES " AND " alias \
	".hidden_at IS NULL"
#define HUB_OPEN(alias) alias ".status IN " HUB_OPEN_STATUSES " AND " alias ".hidden_at IS NULL"
/* An item's id column (a partnership's need_id, offer_id) as the public
 * sees it: NULL while that item is hidden, so that nothing links to it. */
#define HUB_SHOWN_ID(col) "(SELECT h.id FROM hub_item h WHERE h.id = " col \
	" AND h.hidden_at IS NULL)"

/* The same test on a row of hub_get's "item": a public status, and its
 * "hidden" false. */
bool hub_item_public(const json_t *item);

/* /hub's model: {"items": [...open items, newest first...], "total",
 * "filters"}. filter as hub_filter_check's clean. NULL on error. */
json_t *hub_list(struct db *db, const char *locale, const json_t *filter);

/* An actor's open items and partnerships, or a country's open items, for
 * their pages: {"needs": [...], "offers": [...], "partnerships": [...]}
 * (the actor's) or {"needs", "offers"} (a country's). NULL on error. */
json_t *hub_for_actor(struct db *db, const char *locale, int64_t actor_id);
json_t *hub_for_country(struct db *db, const char *locale, const char *iso3);

/* The feed's entries: the newest public items of side, {"entries": [{id,
 * title, url, summary, updated, author}], "updated"}. NULL on error. */
json_t *hub_feed(struct db *db, const char *side, size_t limit);

/* ---- The site search (hub_search.c) ------------------------------------------ */

/* Puts item id in the search index (kind "need" or "offer") when it is
 * public, removes it otherwise; inside the caller's transaction. 0 or -1. */
int hub_index(struct db *db, int64_t id);
/* Rebuilds both kinds from the table (reindex.c's table). 0 or -1. */
int hub_index_all(struct db *db);

/* ---- Partnerships (hub_partnerships.c) ----------------------------------------- */

/* Every partnership, newest first: {"partnerships": [{id, name, url,
 * members: [{actor {id,name,url}, role, role_label, withdrawn}]}]}. */
json_t *partnerships_list(struct db *db, const char *locale);

/* One partnership: {"partnership": {id, name, description, url, need_id,
 * need_url, offer_id, offer_url, created_at, lead_actor_id, members:
 * [{actor, role, role_label, joined_at, withdrawn_at, withdrawn_reason,
 * withdrawn, awaiting (added by the lead, not yet confirmed), declined}]
 * (current first, then withdrawn), commitments: [{id, title, url}] (those
 * it delivers), practices: [{id, title, url}] (published ones it
 * produced)}}.
 * JSON null when none has this id; NULL on error. */
json_t *partnerships_get(struct db *db, const char *locale, int64_t id);

/* Inserts a partnership with its two first members (the lead and an
 * implementing partner), inside the caller's transaction. 0 with *id or -1.
 * Every write of a partnership (this one, create, edit, a member added,
 * confirmed or withdrawn) notes it in the change feed, kind "partnership"
 * (changelog.h): all partnerships are public. */
int partnerships_start(struct db *db, const char *name, int64_t need_id, int64_t offer_id,
                       int64_t match_id, int64_t lead, int64_t partner, int64_t created_by,
                       int64_t *id);

/* Member actor_id withdraws from partnership id (by one of that actor's
 * people, or the lead's, who removes it): its row kept with withdrawn_at
 * and the reason. OUTCOME_CONFLICT
 * when it is not a current member; OUTCOME_INVALID when the reason is too
 * long (errors filled). */
enum outcome partnerships_withdraw(struct db *db, const struct user *by, int64_t id,
                                   int64_t actor_id, const json_t *input, json_t *errors);

/* Member actor_id, added by the lead and awaiting, confirms its
 * membership of partnership id (by one of that actor's people: can()
 * ACTION_HUB_CONSENT, a denial audited); audited partnership.confirm.
 * Declining is partnerships_withdraw while awaiting. OUTCOME_OK,
 * OUTCOME_CONFLICT (not awaiting: never added, confirmed already or
 * withdrew), OUTCOME_DENIED, OUTCOME_NOT_FOUND, OUTCOME_ERROR. */
enum outcome partnerships_confirm(struct db *db, const struct user *by, int64_t id,
                                  int64_t actor_id);

/* ---- A partnership on its own (hub_partnerships_write.c) ----------------------- */

/* Records a partnership: input {name, description?, lead_actor_id,
 * need_id?, offer_id?, commitments?: [id], practices?: [id]} (a need and
 * an offer of that side; commitments that exist; published practices).
 * The lead becomes its first member; by must act for the lead (can()
 * ACTION_HUB_SUBMIT). Audited partnership.create. OUTCOME_OK with *id,
 * OUTCOME_INVALID (errors filled), OUTCOME_DENIED (audited), _ERROR. */
enum outcome partnerships_create(struct db *db, const struct user *by, const json_t *input,
                                 json_t *errors, int64_t *id);
/* Edits partnership id's name, description and links (the same input, the
 * lead unchanged), by the lead's people; audited partnership.edit with
 * before and after. OUTCOME_NOT_FOUND too. */
enum outcome partnerships_edit(struct db *db, const struct user *by, int64_t id,
                               const json_t *input, json_t *errors);
/* The lead adds a member: input {actor_id, role: member | funder |
 * implementing_partner}. A current member, or one who withdrew (its row
 * is its history), is refused (OUTCOME_INVALID). Audited
 * partnership.member. */
enum outcome partnerships_add_member(struct db *db, const struct user *by, int64_t id,
                                     const json_t *input, json_t *errors);
/* Whether by acts for partnership id's current lead (the page's forms). */
bool partnerships_may_lead(struct db *db, const struct user *by, int64_t id);

#endif
