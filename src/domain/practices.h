/* practices.h — good practices and national experiences: what states and
 * partners did, how it went and what they learned, peer-reviewed before it
 * is published, answered to calls for practices, and translated.
 *
 * The module's files, one responsibility each (practices_impl.h is what
 * they share, and nothing outside includes it):
 *   practices_check.c      validation of a practice's input and of the
 *                          list's filter (field tables, validate.h)
 *   practices_write.c      create, edit, the bare insert (demo), publishing,
 *                          and the one place a practice's searchable text is
 *                          announced as changed (practices_text_changed)
 *   practices_review.c     the workflow: submit, declare an interest, ask,
 *                          answer, decide, tie-break, publish, archive
 *   practices_roster.c     the reviewer roster, the approvals required, and
 *                          each reviewer's queue (/review)
 *   practices_read.c       one practice's page, its form values, its
 *                          searchable text in every language
 *   practices_list.c       the list (filters, cursor), the feed, the choices
 *   practices_calls.c      calls for practices
 *   practices_translate.c  translations: proposed, approved
 * It depends on the code lists (codes.h), the notifications (notifications.h)
 * and the audit trail; nothing else in the domain depends on it.
 *
 * The model (schema/0014_practices.sql):
 *
 *   id              stable public id; the URL is /practices/{id}
 *   actor_id        the submitting actor (a state or an accredited partner)
 *   created_by      the account that created it: it never reviews it
 *   partners        implementing partners: actors in Pacte ({"actor_id"}) or
 *                   organisations named ({"name"}), at most PRACTICE_MAX_LIST
 *   title           1–PRACTICE_TITLE_MAX characters, one line
 *   summary         required, Markdown, at most PRACTICE_SUMMARY_MAX
 *   context, actions ("what was done"), results (with figures where there
 *                   are any), lessons ("lessons learned")
 *                   Markdown (cmark, safe mode), each at most PRACTICE_TEXT_MAX
 *   start_year, end_year   the timeframe; end_year may be empty (ongoing),
 *                   never before start_year
 *   countries, regions     ISO3 codes and M49 codes; at least one of either
 *   level           local | national | regional | international
 *   objectives      1–COMPACT_OBJECTIVES, at least one
 *   principles      guiding-principle slugs
 *   type            policy | programme | project | tool | partnership | other
 *   links           http(s) URLs
 *   lang            language of the original
 *   commitments     ids of the commitments it delivered
 *   call_id         the call for practices it answers, or null
 *   translations    practices_translate.c: proposed by anyone signed in, one
 *                   approval publishes one
 *
 * The review (practices_review.c):
 *
 *   draft → submitted → in_review → changes_requested → (submitted again:
 *   in_review, next round) … → published | rejected (with a reason) →
 *   archived.
 *   Reviewers come from the roster administrators keep. Before deciding on
 *   a practice each declares whether they have a conflict of interest; a
 *   reviewer who declares one, whose actor submitted the practice or is one
 *   of its implementing partners, or who created it, is refused (the
 *   refusal audited as denied:practice.review). A decision is approve,
 *   reject, or changes (a question: the practice goes back to its submitter,
 *   who answers and submits again; decisions count within one round).
 *   Publication needs the configured approvals (PRACTICE_APPROVALS_DEFAULT
 *   when not set), at least one from a reviewer of a UN entity whenever the
 *   roster has one; as many rejections, none approving, reject it. A split
 *   round (an approval and a rejection) waits on a tie-break reviewer (one
 *   marked so on the roster; any other roster reviewer when none is marked),
 *   whose decision settles it. Every step is audited and its parties told
 *   in-app (notifications.h).
 *
 * Writes follow DESIGN.md principle 5: one transaction, can() first (a
 * denial rolled back and audited), the write and its audit entry. `by`
 * NULL is the operator at the console (demo, CLI): allowed everything. */
#ifndef PACTE_PRACTICES_H
#define PACTE_PRACTICES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

/* ---- Limits ------------------------------------------------------------- */
#define PRACTICE_TITLE_MAX 300          /* characters */
#define PRACTICE_SUMMARY_MAX 2000
#define PRACTICE_TEXT_MAX 20000         /* context, actions, results, lessons */
#define PRACTICE_NAME_MAX 300           /* a partner named, a call's theme */
#define PRACTICE_MESSAGE_MAX 5000       /* a question, an answer, a reason, a statement */
#define PRACTICE_MAX_LIST 50            /* partners, links, commitments, regions */
#define PRACTICE_MAX_COUNTRIES 250
#define PRACTICE_YEAR_MIN 1950
#define PRACTICE_YEAR_MAX 2100
#define PRACTICE_APPROVALS_DEFAULT 2
#define PRACTICE_APPROVALS_MAX 9
#define PRACTICE_PAGE_DEFAULT 20
#define PRACTICE_PAGE_MAX 100
#define PRACTICE_CURSOR_MAX 2048        /* bytes of a cursor accepted from a client */

/* The one test of a practice the public finds in a list, a count, a feed,
 * the search or the open data: published, and not hidden by a flag
 * (flags.h, migration 0039). alias: the practice's table or alias in the
 * query, a string literal. (Its page also shows an archived one:
 * ui_practices_show.c tests hidden_at there.) */
#define PRACTICE_LISTED(alias) alias ".status = 'published' AND " alias ".hidden_at IS NULL"
#define PRACTICE_QUERY_MAX 200          /* characters of the list's q= (search words) */

/* ---- Validation (practices_check.c) ---------------------------------------
 *
 * The input is a JSON object; absent keys and null mean "not given":
 *   actor_id        integer, required (the web sets the user's own actor)
 *   title, summary, lang       required; context, actions, results, lessons
 *   start_year      required, PRACTICE_YEAR_MIN–PRACTICE_YEAR_MAX; end_year
 *   level, type     codes, required
 *   objectives      [1..COMPACT_OBJECTIVES], at least one
 *   principles      [slug]; countries [ISO3]; regions [M49] (one of the two)
 *   partners        [actor id | name | {"actor_id"} | {"name"}], or a text
 *                   of one per line (a number is an actor's id)
 *   links           [URL] or a text of one per line
 *   commitments     [commitment id]; call_id   a call's id or null
 *   updated_at      (edits) the updated_at the editor saw
 * Checks that read the database (countries, regions, principles, actors,
 * commitments, calls) run against db. Adds one error per bad field to
 * errors and returns the number of fields errors names (those it held on
 * entry included); -1 on a database error. When it returns 0, *clean (if
 * not NULL) is the normalised input: every key present, lists as arrays,
 * partners as [{"actor_id": n | null, "name": s | null}]. */
int practice_validate(struct db *db, const json_t *input, json_t *errors, json_t **clean);

/* ---- Writes (practices_write.c) -------------------------------------------- */

/* Creates a draft from input, created by `by`. errors may already hold the
 * form's findings: any entry means nothing is written. OUTCOME_OK (*id
 * set), OUTCOME_INVALID, OUTCOME_DENIED (ACTION_PRACTICE_SUBMIT on the
 * actor; audited), OUTCOME_ERROR. */
enum outcome practices_create(struct db *db, const struct user *by, const json_t *input,
                              json_t *errors, int64_t *id);

/* Replaces a practice's fields (the actor cannot change). Allowed while it
 * is a draft, has changes requested, or is published (a correction: it
 * stays published, and its searchable text is announced as changed).
 * OUTCOME_OK, OUTCOME_INVALID, OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited),
 * OUTCOME_CONFLICT (under review, rejected or archived, or updated_at
 * given and stale), OUTCOME_ERROR. */
enum outcome practices_update(struct db *db, const struct user *by, int64_t id,
                              const json_t *input, json_t *errors);

/* For the demo, inside its own transaction: inserts a practice already
 * normalised by practice_validate, with that status ("draft" or
 * "published"), origin and created_at (NULL: now). 0 (*id set) or -1. */
int practices_insert(struct db *db, const json_t *clean, const char *status, const char *origin,
                     const char *created_at, int64_t *id);

/* THE place where "this practice's searchable text changed" is announced,
 * inside the transaction that changed it: called when a practice is
 * published, when a published one is edited, and when a translation of it
 * is approved. The search index (issue 13, item 5) hooks here: it reads
 * practices_search_text and reindexes the practice. 0 or -1 (db_errmsg). */
int practices_text_changed(struct db *db, int64_t id);

/* Puts practice id's search document (search.h) when it is published,
 * removes it otherwise; inside the caller's transaction. 0, or -1
 * (db_errmsg). practices_index_all rebuilds every practice's (reindex.h). */
int practices_index(struct db *db, int64_t id);
int practices_index_all(struct db *db);

/* The submitting actor, status and creating account of practice id.
 * OUTCOME_OK, OUTCOME_NOT_FOUND or OUTCOME_ERROR. Any pointer may be NULL;
 * status is copied into a buffer of at least 24 bytes. */
enum outcome practices_owner(struct db *db, int64_t id, int64_t *actor_id, char *status,
                             int64_t *created_by);

/* ---- The review (practices_review.c) ---------------------------------------
 *
 * A reviewer's steps (declare, decide) need an account: `by` is never NULL
 * there (the operator at the console reviews nothing).
 * Each: OUTCOME_OK; OUTCOME_NOT_FOUND; OUTCOME_DENIED (can(), the roster,
 * a conflict: audited); OUTCOME_CONFLICT (not in a status that allows it,
 * or already done); OUTCOME_INVALID (errors filled; errors may hold the
 * form's findings); OUTCOME_ERROR. */

/* A draft, or a practice with changes requested, goes to review: the next
 * round starts; the roster is told. ACTION_PRACTICE_SUBMIT. */
enum outcome practices_submit(struct db *db, const struct user *by, int64_t id);
/* input {"conflict": bool, "statement": text}: the reviewer's declaration,
 * once per practice. A conflict declared is recorded, and that reviewer is
 * refused any decision on it from then on. */
enum outcome practices_declare(struct db *db, const struct user *by, int64_t id,
                               const json_t *input, json_t *errors);
/* input {"decision": approve | reject | changes, "comment": text (required
 * for reject, the reason, and changes, the question)}. Needs a declaration
 * without conflict first ("declaration" error otherwise). */
enum outcome practices_decide(struct db *db, const struct user *by, int64_t id,
                              const json_t *input, json_t *errors);
/* input {"body": text}: the submitter's answer to the questions of the
 * round, while changes are requested. ACTION_PRACTICE_SUBMIT. */
enum outcome practices_answer(struct db *db, const struct user *by, int64_t id,
                              const json_t *input, json_t *errors);
/* A published or rejected practice is archived. ACTION_PRACTICE_SUBMIT. */
enum outcome practices_archive(struct db *db, const struct user *by, int64_t id);

/* ---- The roster and the queue (practices_roster.c) -------------------------- */

/* Whether user_id is on the roster (*tie_break: marked tie-break). 0 or -1. */
int practices_on_roster(struct db *db, int64_t user_id, bool *on, bool *tie_break);
/* The approvals publication needs (the setting, or the default). 0 or -1. */
int practices_required_approvals(struct db *db, int64_t *n);
/* input {"email", "tie_break": bool}: adds (or re-marks) that account.
 * ACTION_PRACTICE_ROSTER. OUTCOME_INVALID names "email" for no such
 * account. */
enum outcome practices_roster_add(struct db *db, const struct user *by, const json_t *input,
                                  json_t *errors);
/* Takes user_id off the roster. OUTCOME_NOT_FOUND when not on it. */
enum outcome practices_roster_remove(struct db *db, const struct user *by, int64_t user_id);
/* input {"required_approvals": 1–PRACTICE_APPROVALS_MAX}. */
enum outcome practices_set_approvals(struct db *db, const struct user *by, const json_t *input,
                                     json_t *errors);
/* {"reviewers": [{id, name, email, actor: {id, name, url}, un_entity,
 * tie_break}], "required_approvals": n, "has_un": bool}. NULL on error. */
json_t *practices_roster(struct db *db);
/* user_id's queue: the practices submitted or in review, oldest
 * submission first, that user_id may review (not their actor's, not
 * theirs, not declared conflicted, not yet decided this round), each with
 * what waits on them ("waiting": declare | decide | tie_break, its label
 * in locale) — [{id, url, title, actor: {…}, status, status_label, round,
 * submitted_at, waiting, waiting_label, approvals, required}]. NULL on
 * error. */
json_t *practices_queue(struct db *db, const char *locale, int64_t user_id);

/* ---- Reads (practices_read.c) ----------------------------------------------- */

/* One practice's page: {"practice": P} or JSON null when there is none.
 * P: {id, url, title, summary_html, context_html, actions_html,
 * results_html, lessons_html, (and the Markdown sources), lang,
 * start_year, end_year, level, level_label, type, type_label, status,
 * status_label, round, tie_break, reason, actor: {id, name, url},
 * created_by, partners: [{name, url|null}], objectives: [{number,
 * short_title, url}], principles: [{slug, title}], countries: [{iso3, name,
 * url}], regions: [{m49, name, url}], links: [url], commitments: [{id,
 * title, url}], call: {id, theme, url}|null, translations: [{id, lang,
 * title, summary_html, …, translator: {id, name}, approved_at, outdated}],
 * proposed: [pending translations], review: {declarations, decisions,
 * messages, approvals, rejections, required}, submitted_at, published_at,
 * text_updated_at, created_at, updated_at, origin, sample}. The review is
 * all there: the pages decide who may read it. NULL on error. */
json_t *practices_get(struct db *db, const char *locale, int64_t id);

/* The values of the edit form, in the input's shape (practice_validate),
 * with updated_at. JSON null when there is none; NULL on error. */
json_t *practices_form_values(struct db *db, int64_t id);

/* What the search indexes of one practice: {"id", "status", "lang" (of the
 * original), "texts": {lang: {title, summary, context, actions, results,
 * lessons}}} — the original and each approved translation, by language.
 * JSON null when there is none; NULL on error. */
json_t *practices_search_text(struct db *db, int64_t id);

/* ---- The list (practices_list.c) -------------------------------------------- */

/* Checks a list's query (a JSON object of the parameters as given, strings)
 * through a field table: objective, principle, country, region, level,
 * type, actor, language (of the original or an approved translation),
 * call, year (a year the practice ran in), q (words: the practices the
 * search finds for them, search.h), sort
 * (practice_sorts), limit, after (a cursor of the same sort). Adds an
 * error per bad parameter; returns how many errors names. *clean (if not
 * NULL, and only when it returns 0) is the typed filter. */
int practices_filter_check(const json_t *query, json_t *errors, json_t **clean);

/* One page of published practices for a clean filter, newest published
 * first or by title: {"practices": [card], "count", "total", "next":
 * cursor|null, "sort"}. A card: {id, url, title, summary, actor: {id,
 * name, url}, level, level_label, type, type_label, start_year, end_year,
 * objectives: [numbers], countries: [ISO3], lang, published_at, sample}.
 * NULL on error. */
json_t *practices_list(struct db *db, const char *locale, const json_t *filter);

/* The practices a workflow page lists for an actor's own people: every
 * status but published, newest first, at most PRACTICE_PAGE_MAX. Cards as
 * practices_list's, with status and status_label. NULL on error. */
json_t *practices_of_actor(struct db *db, const char *locale, int64_t actor_id);

/* The newest published practices for the Atom feed: {"entries": [{id,
 * url, title, summary, actor_name, published_at, updated_at}], "updated"}.
 * NULL on error. */
json_t *practices_feed(struct db *db, int limit);

/* The choices a form or a filter offers, labels in locale: {"levels",
 * "types", "sorts": [{code, label}], "objectives": [{number,
 * short_title}], "principles": [{slug, title}], "countries": [{iso3,
 * name}], "regions": [{m49, name}], "calls": [{id, theme}] (open ones)}.
 * NULL on error. */
json_t *practices_choices(struct db *db, const char *locale);

/* ---- Calls for practices (practices_calls.c) -------------------------------- */

#define CALL_DESCRIPTION_MAX 5000

/* input {"theme", "description", "objectives": [n], "langs": [code],
 * "deadline": YYYY-MM-DD (not before today)}. ACTION_CALL_OPEN. OUTCOME_OK
 * (*id set), OUTCOME_INVALID, OUTCOME_DENIED, OUTCOME_ERROR. */
enum outcome calls_open(struct db *db, const struct user *by, const json_t *input,
                        json_t *errors, int64_t *id);
/* Every call, open ones (deadline on or after today, YYYY-MM-DD; NULL:
 * now) first: {"calls": [{id, url, theme, deadline, open, objectives,
 * langs}]}. NULL on error. */
json_t *calls_list(struct db *db, const char *locale, const char *today);
/* One call: {"call": {…, open, received: [cards with status] (only once
 * closed), published: [cards], received_count, published_count}} or JSON
 * null. NULL on error. */
json_t *calls_get(struct db *db, const char *locale, int64_t id, const char *today);
/* Whether a call exists and is open on today (a submission may answer
 * it). 0 or -1. */
int calls_open_on(struct db *db, int64_t id, const char *today, bool *exists, bool *open);

/* ---- Translations (practices_translate.c) ----------------------------------- */

/* input {"lang", "title", "summary", "context", "actions", "results",
 * "lessons"}: a translation of published practice id into a language other
 * than the original's. ACTION_TRANSLATION_PROPOSE. OUTCOME_OK (*tid),
 * OUTCOME_INVALID, OUTCOME_NOT_FOUND, OUTCOME_CONFLICT (not published),
 * OUTCOME_DENIED, OUTCOME_ERROR. */
enum outcome practices_translation_propose(struct db *db, const struct user *by, int64_t id,
                                           const json_t *input, json_t *errors, int64_t *tid);
/* Approves proposed translation tid of practice id: it is published (an
 * older one of its language superseded) and the searchable text announced.
 * ACTION_TRANSLATION_APPROVE on the practice's actor; never by its
 * proposer (denied, audited). OUTCOME_OK, OUTCOME_NOT_FOUND,
 * OUTCOME_CONFLICT (not proposed any more), OUTCOME_DENIED, OUTCOME_ERROR. */
enum outcome practices_translation_approve(struct db *db, const struct user *by, int64_t id,
                                           int64_t tid);

#endif
