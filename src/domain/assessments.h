/* assessments.h — the independent assessment of commitments: a reviewer
 * judges a commitment — verifiable or not, its relevance to the objectives
 * it claims (with a note), its completion on the Open Government
 * Partnership's scale (no evidence, not started, limited, substantial,
 * complete), a narrative with evidence links — and publishes it as a
 * draft open for comment; when the period ends, the reviewer finalises it,
 * answering the comments. Shown on the commitment's page beside the
 * owner's self-reported status.
 *
 * The model (schema/0018_reviews.sql, tables assessment and
 * assessment_comment): status comment → final. The comment period runs
 * from the day the draft is published (comment_opens) through
 * comment_closes = opens + ASSESSMENT_COMMENT_DAYS_DEFAULT days (or the
 * days the reviewer gives), both days included; anyone signed in may
 * comment within it (assessment.comment), the owner's people among them.
 * Finalising is possible from the day after it closes.
 *
 * Rules: assessment.write is OTHERS — no reviewer assesses a commitment of
 * their own actor (a denial audited); only the assessor finalises. "today"
 * is an argument of every step that depends on it (NULL: the real one), so
 * tests set it. Every step is one transaction with its audit entry. */
#ifndef PACTE_ASSESSMENTS_H
#define PACTE_ASSESSMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

#define ASSESSMENT_COMMENT_DAYS_DEFAULT 30
#define ASSESSMENT_COMMENT_DAYS_MAX 180
#define ASSESSMENT_NOTE_MAX 2000          /* characters: the relevance note */
#define ASSESSMENT_TEXT_MAX 20000         /* the narrative, a comment, the response */
#define ASSESSMENT_LINKS_MAX 20

/* Publishes a draft assessment of commitment `commitment` by `by`, open
 * for comment from today. input: {"verifiable": bool, "relevance",
 * "relevance_note", "completion", "narrative", "links": [URL] or lines,
 * "comment_days" (optional, 1..ASSESSMENT_COMMENT_DAYS_MAX)}. OUTCOME_OK
 * (*id), OUTCOME_INVALID, OUTCOME_NOT_FOUND (no such commitment),
 * OUTCOME_DENIED (assessment.write on the commitment's owner: audited),
 * OUTCOME_ERROR. */
enum outcome assessments_create(struct db *db, const struct user *by, int64_t commitment,
                                const json_t *input, const char *today, json_t *errors,
                                int64_t *id);

/* A comment on assessment id: {"body"}, within its comment period.
 * OUTCOME_OK, OUTCOME_INVALID (errors "body": empty, too long, or the
 * period not open on today), OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited),
 * OUTCOME_ERROR. */
enum outcome assessments_comment(struct db *db, const struct user *by, int64_t id,
                                 const json_t *input, const char *today, json_t *errors);

/* The assessor finalises assessment id once its period has closed:
 * {"response"} (required when it received comments). OUTCOME_OK,
 * OUTCOME_INVALID (the period still open: errors "response"),
 * OUTCOME_NOT_FOUND, OUTCOME_DENIED (not the assessor, or assessment.write
 * refused: audited), OUTCOME_CONFLICT (final already), OUTCOME_ERROR. */
enum outcome assessments_finalise(struct db *db, const struct user *by, int64_t id,
                                  const json_t *input, const char *today, json_t *errors);

/* The commitment assessment id is of into *commitment (0: no such
 * assessment). 0, or -1 on a database error. */
int assessments_commitment(struct db *db, int64_t id, int64_t *commitment);

/* The assessments of a commitment, newest first, for its page:
 * {"assessments": [{id, assessor: {id, name} (the reviewer's actor),
 * verifiable, relevance, relevance_label, relevance_note, completion,
 * completion_label, narrative, links, status, status_label, final,
 * comment_opens, comment_closes, open (for comment on today), response,
 * comments: [{actor, body, created_at}], finalised_at}]}, labels in
 * locale. NULL on a database error. */
json_t *assessments_of(struct db *db, const char *locale, int64_t commitment, const char *today);

/* One assessment as assessments_of shows it, with its commitment_id and
 * "url" (its place on the commitment's page), for the change feed: every
 * assessment is public from its draft on. JSON null when there is none,
 * NULL on a database error. */
json_t *assessments_get(struct db *db, const char *locale, int64_t id);

/* Self-reported beside assessed for the commitments owned by iso3's
 * state: {"commitments", "assessed" (with a final assessment),
 * "completion": [{code, label, count}] (of the latest final assessment of
 * each)}. NULL on a database error. */
json_t *assessments_country_counts(struct db *db, const char *locale, const char *iso3);

/* The same counts for a scope's commitments: an objective's (region
 * NULL) or a region's (M49: the countries in it at any level):
 * {"assessed", "completion"}. NULL on a database error. */
json_t *assessments_scope_counts(struct db *db, const char *locale, int64_t objective,
                                 const char *region);

/* The newest assessments (either status), for the Atom feed: [{id,
 * commitment_id, commitment_title, completion_label, status, created_at}],
 * at most limit. NULL on a database error. */
json_t *assessments_latest(struct db *db, const char *locale, int limit);

/* For the demo: a final assessment of commitment by assessor_actor, its
 * comment period opens .. closes (dates), finalised on closes, marked
 * origin. 0 or -1. */
int assessments_insert(struct db *db, int64_t commitment, int64_t assessor_actor,
                       const char *relevance, const char *completion, const char *narrative,
                       const char *opens, const char *closes, const char *origin);

#endif
