/* progress.h — progress updates: dated, append-only reports on one
 * commitment, their corrections, and the commitment's timeline.
 *
 * An update (schema/0004_commitments.sql, table progress_update):
 *
 *   id, commitment_id
 *   reported_at     the date the report speaks for (YYYY-MM-DD, not after
 *                   today); default today, or for a correction the date of
 *                   the update it corrects
 *   status          the commitment's status as of this report (code list in
 *                   commitments.h), required
 *   percent         0–100 or null
 *   milestone       a named milestone (one line, ≤ 300 characters) or null
 *   narrative       Markdown, ≤ 20,000 characters ("" allowed)
 *   indicator values   a number per indicator of the commitment
 *   evidence        http:// or https:// links (≤ 20, ≤ 2,000 bytes each)
 *   corrects        the id of an earlier update of the same commitment that
 *                   this one corrects, or null. An update can be corrected
 *                   once (a later fix corrects the correction).
 *   author_user_id  null for the operator; never shown: a report is shown
 *                   as made by the author's actor (progress_timeline)
 *   created_at
 *
 * History is never rewritten: no UPDATE or DELETE of progress_update (or
 * its child tables) exists anywhere in the code. A correction is a new row
 * that says what it corrects; the corrected update stays in the timeline,
 * marked as corrected.
 *
 * The commitment's current status is the status of its latest update that
 * no other update corrects — latest by reported_at, then id — or its
 * initial status when none remains. progress_add recomputes it (with the
 * latest percent and milestone, the last report date and updated_at) on the
 * commitment row in the same transaction, through commitments_refresh: the
 * commitment owns those columns. This module is built on commitments.h,
 * never the other way round. */
#ifndef PACTE_PROGRESS_H
#define PACTE_PROGRESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"
#include "scope.h"

struct db;
struct user;

#define PROGRESS_NARRATIVE_MAX 20000   /* characters */
#define PROGRESS_MILESTONE_MAX 300     /* characters */
#define PROGRESS_MAX_EVIDENCE 20
#define PROGRESS_URL_MAX 2000          /* bytes */

/* Validates an update's input — a JSON object; absent keys and null mean
 * "not given":
 *   reported_at        "YYYY-MM-DD" (not after today)
 *   status             code, required
 *   percent            integer 0–100 (or a digit string)
 *   milestone          one line
 *   narrative          Markdown
 *   indicator_values   [{"indicator_id": id, "value": number}] (numbers or
 *                      numeric strings; an empty value is skipped): the one
 *                      shape of an indicator value, in the API's bodies and
 *                      answers and in imports (importer.h); another shape is
 *                      refused with a message that shows this one
 *   evidence           [url] (http or https with a host), or one string
 *                      with one link per line
 *   corrects           update id
 * A field table (validate.h): adds an error {"id", "args"} per bad field
 * to errors (a field errors already names keeps its error) and returns
 * the number of fields errors names, those it held on entry included.
 * When 0, *clean (if not NULL) is the normalised object (every key present,
 * reported_at possibly null: the write fills it). Whether indicator ids
 * and `corrects` belong to the commitment is checked by the write. today
 * NULL: now. */
int progress_validate(const json_t *input, const char *today, json_t *errors, json_t **clean);

/* Appends an update to commitment `commitment_id`. Checks
 * ACTION_PROGRESS_ADD on the commitment's owner (by NULL: the operator),
 * validates (errors as above, plus "corrects" when it names no earlier
 * update of this commitment or one already corrected, "indicator_values"
 * for an indicator of another commitment; errors may already hold the
 * form's own findings, and any entry means nothing is written), writes
 * the update and its
 * child rows, recomputes the commitment's current status, and audits —
 * all in one transaction. OUTCOME_OK (*id set when id is not NULL),
 * OUTCOME_INVALID, OUTCOME_NOT_FOUND (no such commitment), OUTCOME_DENIED
 * (audited), OUTCOME_CONFLICT (the commitment is withdrawn), OUTCOME_ERROR. */
enum outcome progress_add(struct db *db, const struct user *by, int64_t commitment_id,
                          const json_t *input, json_t *errors, const char *today, int64_t *id);

/* For the importer and the demo, inside the caller's transaction, no
 * permission check and no audit entry: inserts one update already
 * normalised by progress_validate (reported_at must be set) and refreshes
 * the commitment's current status when `refresh` (the demo refreshes once
 * per commitment after its last update). author_user_id 0: none;
 * actor_id: the actor the report is written for (the author's acting
 * actor), 0 for the author account's current one; created_at NULL: now.
 * Returns 0 or -1 (db_errmsg). */
int progress_insert(struct db *db, int64_t commitment_id, const json_t *clean,
                    int64_t author_user_id, int64_t actor_id, const char *created_at,
                    bool refresh, int64_t *id);

/* The timeline of a commitment, newest first (reported_at, then id):
 * {"updates": [{id, url ("/commitments/{c}#update-{id}"), reported_at,
 *  status, status_label, percent|null, milestone|null, narrative,
 *  narrative_html, indicator_values: [{indicator_id, name, unit, value}],
 *  evidence: [url], corrects: id|null, corrected_by: id|null,
 *  corrected: bool, reported_by: {id, name, url}|null, created_at}]}.
 * reported_by is the actor (the organisation) the author's account belongs
 * to — null for the operator at the console; the person is not named
 * (no account chooses yet to be shown on its reports). 
 * Labels in locale. NULL on a database error (a commitment without
 * updates, or none at all, gives an empty list). */
json_t *progress_timeline(struct db *db, const char *locale, int64_t commitment_id);

/* One commitment's page with its progress: commitments_get's model with
 * "updates" (the timeline, as above) beside "commitment":
 * {"commitment": C, "updates": [...], "has_sample": bool}. JSON null when
 * there is no such commitment; NULL on a database error. today NULL:
 * now. */
json_t *progress_page(struct db *db, const char *locale, int64_t commitment_id,
                      const char *today);

/* The latest reports of the commitments in a scope, newest first by the
 * date they report for (reported_at), then id — what a country's,
 * objective's, region's or actor's page shows. s: every member optional
 * (scope.h; NULL: every commitment). At most limit (1–100; another value:
 * 10): [{id, url, reported_at, status, status_label, percent|null,
 *   milestone|null, narrative, created_at, sample, commitment: {id, title,
 *   url, origin, owner: {id, name, url}}}]. Reads only the updates of the
 * `limit` commitments reported on last (commitment.last_report_date and
 * last_report_id), so it stays fast at a million updates. in_scope: how many commitments the
 * scope holds when the caller knows (0: not), to choose how the scope is
 * read (scope_access_for). NULL on a database error. */
json_t *progress_latest(struct db *db, const char *locale, const struct scope *s,
                        int limit, int64_t in_scope);

/* The same list, but the updates recorded last (by id, the order they
 * were written in, whatever date they report for): what is new, for the
 * feed. The scope is gathered (the feed's filters are a country and an
 * objective). */
json_t *progress_recent(struct db *db, const char *locale, const struct scope *s, int limit);

/* The list of updates (/progress): newest recorded first (by id), of
 * commitments not withdrawn, filtered by the commitments' scope (every
 * member optional), the status they report, and the dates they report
 * for (since and until inclusive, YYYY-MM-DD; NULL: any); after the
 * update numbered `after` (0: from the newest); at most limit
 * (1–PROGRESS_CSV_MAX; 0: PROGRESS_PAGE_DEFAULT). The caller checks the
 * values. {"updates": [items as progress_latest's], "count": on this
 * page, "next": the last one's id, to pass as after, or null}. There is
 * no total: counting a million updates on every miss would cost more
 * than the page. NULL on a database error. */
#define PROGRESS_PAGE_DEFAULT 20
#define PROGRESS_PAGE_MAX 100
#define PROGRESS_CSV_MAX 10000      /* rows of /progress.csv */
struct progress_filter {
	struct scope scope;
	const char *status;
	const char *since, *until;
	int64_t after;
	int limit;
};
json_t *progress_list(struct db *db, const char *locale, const struct progress_filter *f);

/* One update with its commitment's id, title and owner, as in the timeline
 * plus {"commitment": {id, title, url, owner: {id, name, url}, sample}}.
 * JSON null when none; NULL on a database error. */
json_t *progress_get(struct db *db, const char *locale, int64_t id);

#endif
