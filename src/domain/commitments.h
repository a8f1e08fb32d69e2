/* commitments.h — commitments (pledges): what states and partners commit to
 * do for the Compact, their validation, the rules computed from them
 * (SMART flags, overdue, reporting freshness), the filtered list and one
 * commitment's page model.
 *
 * The module's files, one responsibility each (commitments_impl.h is what
 * they share, and nothing outside includes it):
 *   commitments_rules.c   overdue, freshness, SMART flags
 *   commitments_refs.c    the reference sets validation reads once
 *   commitments_check.c   validation of an input and of a list's filter
 *   commitments_write.c   create, edit, the bare insert, the derived columns
 *   commitments_participants.c   the participants' answers (consent)
 *   commitments_read.c    one commitment's page and its form values
 *   commitments_list.c    the list (filters, sorts, cursor) and the choices
 * It depends on the code lists (codes.h) and the scope (scope.h); progress
 * updates (progress.h), the standing of a scope (standing.h), the importer
 * and the feed are built on it, never the other way round: a commitment's
 * page with its timeline is progress_page.
 *
 * The model (schema/0004_commitments.sql):
 *
 *   id                  stable public id; the URL is /commitments/{id}
 *   owner_actor_id      the state or partner that commits (actors.h)
 *   title               1–300 characters, one line
 *   description         Markdown (rendered by markdown.h, cmark safe mode),
 *                       0–20,000 characters
 *   lang                language of title and description ("fr", "en", "pt-BR")
 *   translations        other languages' title and description (child table)
 *   objectives          1–COMPACT_OBJECTIVES (23), at least one (child table)
 *   principles          guiding-principle slugs (child table)
 *   level               national | regional | international
 *   countries           ISO3 codes where it applies (child table); a regional
 *                       one names several, a partner's may name none
 *   start_date          YYYY-MM-DD or null
 *   target_date         YYYY-MM-DD or null; not before start_date
 *   deliverables        list of one-line texts
 *   indicators          name, unit, baseline, target (numbers or null); an
 *                       indicator removed by an edit is kept, hidden, so the
 *                       values reported against it stay readable
 *   status              the CURRENT status: that of the latest progress
 *                       update not itself corrected (progress.h), or the
 *                       initial status while there is none. Kept on the row
 *                       (updated in the transaction that adds an update) so
 *                       lists never read the updates.
 *   kind                individual | common | partnership | matching;
 *                       participants (other actors, child table) for common
 *                       and partnership ones; matches_commitment_id for a
 *                       matching one
 *   participants' answers   each participant named is "invited" until its
 *                       actor's focal points or editors accept (it then
 *                       counts on that actor's page, in its standing and its
 *                       lists) or decline; an accepted one may leave
 *                       (declined). Naming an actor never makes the
 *                       commitment that actor's: only its own people say so.
 *   form                financial | human_resources | technical_assistance |
 *                       process | policy (the IMRF pledge forms)
 *   origin              real | sample | synthetic: sample and synthetic
 *                       records are shown under a banner ("sample": true)
 *   created_at, updated_at   ISO-8601 UTC with milliseconds (audit_time);
 *                       updated_at moves on every edit and every progress update
 *
 * The rules (pure functions below, the same ones the SQL of lists and
 * aggregates applies, with "today" always injectable for tests):
 *
 *   SMART flags         missing measurable deliverable (no deliverable states
 *                       a quantity: none contains a digit), no indicator, no
 *                       target date. Computed, never stored.
 *   overdue             target_date < today and the current status is not
 *                       achieved or discontinued.
 *   freshness           for an open commitment (planned, in_progress,
 *                       delayed), from its last report date (the latest
 *                       reported_at of its updates, or the creation date when
 *                       it has none): "reported" when that date is on or
 *                       after today minus 12 months, "inactive" when on or
 *                       before today minus 24 months, "due" between. A closed
 *                       one (achieved, discontinued) expects no more reports:
 *                       "closed". Aggregates count inactive ones apart.
 *
 * Writes follow DESIGN.md principle 5: one transaction (retried when
 * db_retryable), can() first (a denial is rolled back and audited), then
 * the write and its audit entry with before/after. `by` NULL means the
 * operator at the console (the CLI, init, demo): allowed everything; the
 * web always passes the signed-in user.
 *
 * Validation goes through the one system (validate.h): errors are
 * {field: {"id": msgid, "args": {…}}}, one per field, keyed by the
 * input's top-level field name, translated only by the view. */
#ifndef PACTE_COMMITMENTS_H
#define PACTE_COMMITMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codes.h"
#include "dates.h"
#include "db.h"
#include "outcome.h"

struct db;
struct user;

/* ---- Limits ------------------------------------------------------------- */
#define COMMITMENT_TITLE_MAX 300          /* characters */
#define COMMITMENT_DESCRIPTION_MAX 20000  /* characters */
#define COMMITMENT_ITEM_MAX 500           /* a deliverable, an indicator's name or unit */
#define COMMITMENT_MAX_LIST 50            /* deliverables, indicators, participants, translations */
#define COMMITMENT_MAX_COUNTRIES 250
#define COMMITMENT_PAGE_DEFAULT 20        /* list page size when limit is 0 */
#define COMMITMENT_PAGE_MAX 100
#define COMMITMENT_CURSOR_MAX 2048        /* bytes of a cursor accepted from a client */
#define COMMITMENT_QUERY_MAX 200          /* characters of a list's q= (search words) */
#define COMMITMENT_REASON_MAX 1000        /* characters of a withdrawal's reason */
/* What a withdrawn commitment's link rows (commitment_objective,
 * commitment_country) hold in place of its status, so that the standing
 * and the lists' totals, which read those rows, leave it out
 * (schema/0016_withdrawn); never a commitment's own status. */
#define COMMITMENT_WITHDRAWN_MARK "withdrawn"

/* ---- Rules (dates are dates.h's) ------------------------------------------ */

/* True when a commitment with this target date (NULL: none) and current
 * status is overdue on `today`. */
bool commitment_overdue(const char *target_date, const char *status, const char *today);
/* "reported", "due", "inactive" or "closed" (see the top comment) for a
 * commitment whose current status is `status` and last report date (or
 * creation date when it has no update) is `last_report`, on `today`. */
const char *commitment_freshness(const char *status, const char *last_report, const char *today);
/* The SMART flags of a normalised commitment (as commitment_validate or
 * commitments_get give it: "deliverables", "indicators", "target_date"):
 * {"ok": bool, "missing": [{"code": "measurable_deliverable" |
 * "indicator" | "target_date", "label": msgid translated in locale}]}.
 * New reference. */
json_t *commitment_smart(const json_t *commitment, const char *locale);

/* ---- Validation (shared by the web form, the API and the importer) --------
 *
 * The input is a JSON object; absent keys and null mean "not given":
 *   owner_actor_id   integer (or a string of digits), required
 *   title, description, lang           strings; title and lang required
 *   translations     [{"lang", "title", "description"}]
 *   objectives       [1..COMPACT_OBJECTIVES] (integers or digit strings;
 *                    one value alone is accepted too), at least one
 *   principles       [slug]
 *   level            code, required
 *   countries        [ISO3] in either case
 *   start_date, target_date   "YYYY-MM-DD" or "" / null
 *   deliverables     [string], or one string holding one deliverable per line
 *   indicators       [{"id"?: existing indicator (edits), "name", "unit",
 *                      "baseline", "target"}] — numbers or numeric strings
 *   status           initial status code (default "planned")
 *   kind             code (default "individual")
 *   participants     [actor id] (common and partnership only): members
 *   funders, implementing_partners   [actor id], the same, in those roles
 *                    (an actor takes one part; the owner is the lead)
 *   matches_commitment_id   integer, required for kind "matching" only
 *   form             code, required
 *   updated_at       (edits, optional) the updated_at the editor saw: a
 *                    different current value gives OUTCOME_CONFLICT
 * Unknown keys are ignored. Every string must be valid UTF-8 without NUL;
 * one-line fields refuse control characters. */

/* What validation checks against the database, read once: known country
 * codes, principle slugs and actors (a page of 100,000 imported rows must
 * not ask the database 100,000 times). Owned by the caller. */
struct commitment_refs;

/* Reads the reference sets. NULL on a database error (db_errmsg). */
struct commitment_refs *commitment_refs_load(struct db *db);
void commitment_refs_free(struct commitment_refs *refs);
/* The actor an import file names as owner or participant: an ISO3 code
 * (that country's state actor), a number (an actor id) or an actor's exact
 * name. 0 when none matches. */
int64_t commitment_refs_actor(const struct commitment_refs *refs, const char *name);

/* Validates input against refs (not NULL), through a field table
 * (validate.h). Adds one error per bad field to errors (a field errors
 * already names keeps its error) and returns the number of fields errors
 * names, those it held on entry included. When it returns 0, *clean (if not
 * NULL) is a new object in normalised form: every key above present,
 * countries upper-cased, objectives sorted integers, dates or null,
 * deliverables an array, numbers as reals or null, defaults applied. The
 * existence of matches_commitment_id and of indicator ids is checked by
 * the write (it needs the database), not here. */
int commitment_validate(const struct commitment_refs *refs, const json_t *input,
                        json_t *errors, json_t **clean);

/* ---- Writes -------------------------------------------------------------- */

/* Creates a commitment from input (see Validation) with origin "real".
 * errors may already hold the form's own findings: any entry in it, old
 * or new, means nothing is written (OUTCOME_INVALID).
 * OUTCOME_OK (*id set), OUTCOME_INVALID (errors filled), OUTCOME_DENIED
 * (by may not create for that owner: ACTION_COMMITMENT_CREATE; audited
 * with the owner targeted, {"owner_actor_id": {"after": id}}),
 * OUTCOME_ERROR (database; db_errmsg). */
enum outcome commitments_create(struct db *db, const struct user *by, const json_t *input,
                                json_t *errors, int64_t *id);

/* Replaces a commitment's fields with input (the whole set, as the form
 * sends it; the owner cannot change: owner_actor_id may be absent, or must
 * be the current owner). Indicators with an "id" are updated in place, new
 * ones added, missing ones hidden. The initial status may change; the
 * current status is then recomputed. Audited with the changed fields'
 * before/after. OUTCOME_OK, OUTCOME_INVALID, OUTCOME_NOT_FOUND,
 * OUTCOME_DENIED (ACTION_COMMITMENT_EDIT on the owner), OUTCOME_CONFLICT
 * (input.updated_at given and stale, or the commitment withdrawn),
 * OUTCOME_ERROR. */
enum outcome commitments_update(struct db *db, const struct user *by, int64_t id,
                                const json_t *input, json_t *errors);

/* For the importer and the demo, which run their own transaction, check
 * permissions and write the audit entries: inserts one commitment already
 * normalised by commitment_validate (owner and participants must exist;
 * matches_commitment_id is checked), with origin ("real", "sample",
 * "synthetic") and created_at (NULL: now). Returns 0 (*id set) or -1: a
 * database error (db_errmsg) or, with *bad_field set to "matches_commitment_id",
 * a matched commitment that does not exist. */
int commitments_insert(struct db *db, const json_t *clean, const char *origin,
                       const char *created_at, int64_t *id, const char **bad_field);
/* As commitments_insert without the search document, for a caller that
 * calls commitments_refresh (which writes it) on the same id before its
 * transaction ends: pacte demo's bulk load, which so writes each
 * document once instead of twice. */
int commitments_insert_bare(struct db *db, const json_t *clean, const char *origin,
                            const char *created_at, int64_t *id, const char **bad_field);

/* Withdraws commitment id: input {"reason": why, 1–COMMITMENT_REASON_MAX
 * characters, required} through a field table (validate.h). The
 * commitment stays, with its history: its page and the API show
 * "withdrawn": {at, reason}, the change feed its tombstone; it can no
 * longer be edited. Checks ACTION_COMMITMENT_WITHDRAW on the owner (by
 * NULL: the operator); audited as "commitment.withdraw" with withdrawn_at
 * and withdrawn_reason before/after. OUTCOME_OK, OUTCOME_INVALID (errors:
 * "reason"), OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited), OUTCOME_CONFLICT
 * (withdrawn already), OUTCOME_ERROR. */
enum outcome commitments_withdraw(struct db *db, const struct user *by, int64_t id,
                                  const json_t *input, json_t *errors);

/* True when `name` is a field of commitment_validate's input that an edit
 * may change (all of them but the owner): what a PATCH may name. */
bool commitment_field_editable(const char *name);

/* Recomputes the columns a commitment derives from its progress updates
 * (inside the caller's transaction): the current status, percent and
 * milestone of the latest uncorrected update (reported_at, then id; the
 * initial status when none), the last report date, the activity date
 * (that date or the creation date), the update count, the newest
 * update's id (last_update_id: the last recorded) and the id of the
 * latest report (last_report_id: newest reported_at, then id). progress.h
 * calls it after each update it writes; an edit calls it when the initial
 * status may have changed. Returns 0 or -1 (db_errmsg). */
int commitments_refresh(struct db *db, int64_t id);
/* commitments_refresh that also sets updated_at to `at` (ISO-8601,
 * audit_time; NULL: left as it is), in the same statement: a progress
 * update is news of the commitment, lists sort by it, and the search
 * document written after it carries the new date. Inside the caller's
 * transaction. Returns 0 or -1 (db_errmsg). */
int commitments_refresh_at(struct db *db, int64_t id, const char *at);

/* The owner actor of commitment id, for can() before showing an edit form.
 * OUTCOME_OK, OUTCOME_NOT_FOUND or OUTCOME_ERROR. */
enum outcome commitments_owner(struct db *db, int64_t id, int64_t *owner_actor_id);

/* Participant actor_id's answer to being named on commitment id. input:
 * {"answer": "accept" | "decline"} (participation_answers, codes.h):
 * accept makes the participation "accepted", decline "declined" (from
 * accepted: leaving); an answer may be changed later. Checks
 * ACTION_PARTICIPATION_ANSWER on an object owned by actor_id (by NULL:
 * the operator), then audits "participation.answer" on the commitment
 * with {"participants.<actor_id>": {"before", "after"}} (nothing when the
 * status does not change). A denial is audited with the participant
 * targeted ({"participant": {"after": actor_id}}). OUTCOME_OK,
 * OUTCOME_INVALID (errors: "answer"; errors may already hold the form's
 * findings), OUTCOME_NOT_FOUND (no such commitment, or it does not name
 * actor_id), OUTCOME_DENIED, OUTCOME_ERROR. */
enum outcome commitments_answer(struct db *db, const struct user *by, int64_t id,
                                int64_t actor_id, const json_t *input, json_t *errors);

/* The commitments that name actor_id as a participant and await its
 * answer (invited), newest first, at most COMMITMENT_PAGE_MAX:
 * [{id, title, url, owner: {id, name, url}, answer_url, role_label (the
 * part asked of it, in locale)}] — for the
 * actor's own people. NULL on a database error. */
json_t *commitments_invitations(struct db *db, const char *locale, int64_t actor_id);

/* ---- Reads --------------------------------------------------------------- */

/* One commitment's page: {"commitment": C, "has_sample": bool} (its
 * progress timeline is progress_page's to add). C has:
 *   id, url, title, description, description_html, lang,
 *   display: {lang, title, description_html, translated: bool} — the
 *     translation in locale when there is one, else the original,
 *   translations: [{lang, title, description, description_html}],
 *   owner: {id, name, kind, partner_type|null, country|null, url},
 *   objectives: [{number, short_title, url}], principles: [{slug, title, url}],
 *   level, level_label, countries: [{iso3, name, url}],
 *   start_date|null, target_date|null, deliverables: [string],
 *   indicators: [{id, name, unit, baseline, target, latest: number|null,
 *     latest_reported_at|null}],
 *   status, status_label, initial_status, percent|null, milestone|null
 *     (from the latest update),
 *   kind, kind_label, participants: [{id, name, url, status ("invited" |
 *     "accepted"), status_label, invited: bool, role ("member" | "funder" |
 *     "implementing_partner"), role_label}] (declined ones left out),
 *   matches: {id, title, url}|null, matched_by: [{id, title, url}],
 *   form, form_label, origin, sample: bool,
 *   overdue: bool, freshness, freshness_label, last_report_date|null,
 *   smart: as commitment_smart, update_count, created_at, updated_at.
 * Labels are translated into locale. JSON null when there is no such
 * commitment; NULL on a database error. today NULL: now. */
json_t *commitments_get(struct db *db, const char *locale, int64_t id, const char *today);

/* The normalised input of an existing commitment (the shape
 * commitment_validate produces, with indicator ids and updated_at), to
 * fill an edit form. JSON null when none; NULL on a database error. */
json_t *commitments_form_values(struct db *db, int64_t id);

/* Writes commitment id's search document (search.h): its texts in every
 * language it has, its facets (objective, principle, country, region,
 * status, level, form, year, language, submitter_type). Inside the caller's
 * transaction; commitments_insert and commitments_refresh call it, so every
 * write path does. 0, or -1 (db_errmsg). commitments_index_all rebuilds
 * every commitment's (reindex.h). */
int commitments_index(struct db *db, int64_t id);
int commitments_index_all(struct db *db);

/* A list's filters; every member is optional (0 / NULL / false: no filter).
 * All given filters apply together. */
struct commitment_filter {
	int objective;              /* 1–COMPACT_OBJECTIVES */
	const char *principle;      /* slug */
	const char *level;          /* code */
	const char *status;         /* current status code */
	const char *country;        /* ISO3, either case */
	const char *region;         /* M49 code: region, sub-region or intermediate
	                             * region of one of its countries ("001": any) */
	const char *owner_type;     /* "state", or a partner type (actors.h) */
	int64_t actor_id;           /* owned by, or an accepted participant in */
	const char *freshness;      /* reported | due | inactive | closed */
	bool overdue;               /* only overdue ones */
	const char *q;              /* words (search.h): the commitments they find */
	const char *sort;           /* commitment_sorts; NULL: "updated" */
	const char *after;          /* a previous page's "next" cursor */
	int limit;                  /* 1–100; 0: COMMITMENT_PAGE_DEFAULT */
	const char *today;          /* YYYY-MM-DD; NULL: now */
	int64_t total;              /* how many match, when the caller knows (a scope
	                             * page's standing counted them); 0: counted here */
};

/* Checks a filter's values (codes, ranges, the cursor's form and that it
 * belongs to the same sort) through a field table (validate.h). Adds an
 * error per bad value to errors (named as the query parameters:
 * objective, principle, level, status, country, region, owner_type,
 * actor, freshness, sort, limit, after) and returns the number of fields
 * errors names, those it held on entry included. commitments_list
 * refuses a filter that fails it. */
int commitment_filter_check(const struct commitment_filter *f, json_t *errors);

/* One page of the list, sorted: "updated" (newest first), "created"
 * (newest first), "target_date" (soonest first, none last), "title"
 * (alphabetical, case and accents ignored); ties by id.
 * {"commitments": [card…], "count": items on this page, "total": all
 *  matching, "next": cursor string | null (pass it as `after` for the next
 *  page; the HTML page uses it as ?after=), "sort", "has_sample": bool}.
 * A card: {id, url, title, owner: {id, name, url}, status, status_label,
 * level, level_label, objectives: [numbers], countries: [ISO3], target_date,
 * overdue, freshness, freshness_label, percent|null, origin, sample,
 * created_at, updated_at}. Child rows are read once per page, never per
 * row. NULL on a database error or a filter commitment_filter_check
 * refuses. */
json_t *commitments_list(struct db *db, const char *locale, const struct commitment_filter *f);

/* The rows a list's CSV twin holds: the whole filtered list from f->after
 * (f->limit ignored), read COMMITMENT_PAGE_MAX at a time, at most
 * COMMITMENT_CSV_MAX rows — the same model as commitments_list, "next"
 * the cursor after the last row when more match (the JSON twin continues
 * from it; /data/commitment.csv holds every commitment). NULL as
 * commitments_list. */
#define COMMITMENT_CSV_MAX 10000
json_t *commitments_list_all(struct db *db, const char *locale,
                             const struct commitment_filter *f);

/* The choices a form or a filter offers, labels in locale:
 * {"levels", "statuses", "kinds", "forms", "freshnesses", "sorts",
 *  "owner_types": [{code, label}], "objectives": [{number, short_title}],
 *  "principles": [{slug, title}], "countries": [{iso3, name}] (by name)}.
 * NULL on a database error. */
json_t *commitments_choices(struct db *db, const char *locale);

#endif
