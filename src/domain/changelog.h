/* changelog.h — the change feed's log: which public record changed, in
 * commit order (schema/0013_changes.sql).
 *
 * The one call a noun's write path makes: changelog_note(db, kind, id),
 * inside the write's transaction, for a record that is public (or was,
 * and is no longer: the feed then shows its tombstone). Never for a
 * record nobody but its owners may see (a pending actor, an account): the
 * feed would show that it exists. What the feed shows of each record is
 * read when the feed is read (changes.h), so this module knows nothing of
 * the nouns and every noun may call it (it sits under them all).
 *
 * Each record has one row: a new note moves it to the end of the feed, so
 * reading from a cursor finds every record changed since, once. */
#ifndef PACTE_CHANGELOG_H
#define PACTE_CHANGELOG_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* The kinds of record the feed carries (changes.c's table reads them). */
#define CHANGE_KIND_ACTOR "actor"
#define CHANGE_KIND_COMMITMENT "commitment"
#define CHANGE_KIND_PROGRESS_UPDATE "progress_update"
#define CHANGE_KIND_NEED "need"        /* the connection hub's (hub.h) */
#define CHANGE_KIND_OFFER "offer"
/* The review cycles' (reviews.h, assessments.h): a voluntary review from
 * its submission, a written input from its acceptance, an assessment from
 * its draft published for comment. */
#define CHANGE_KIND_REVIEW "review"
#define CHANGE_KIND_REVIEW_INPUT "review_input"
#define CHANGE_KIND_ASSESSMENT "assessment"
#define CHANGE_KIND_EVENT_SESSION "event_session"      /* events.h: an event's programme */
#define CHANGE_KIND_EVENT_STATEMENT "event_statement"  /* a statement made at an event */
#define CHANGE_KIND_PARTNERSHIP "partnership"  /* hub.h: a partnership, its members */
#define CHANGE_KIND_MAX 32     /* bytes of a kind's name */

/* Records that record `id` of `kind` changed (was created, edited or
 * withdrawn): moves it to the end of the feed. Must run inside the
 * write's transaction (db_begin … db_commit), after whatever the write
 * changed. Returns 0 or -1 (db_errmsg). */
int changelog_note(struct db *db, const char *kind, int64_t id);

/* changelog_note for n records of `kind` just created in this transaction
 * (none of them noted yet), in one statement per CHANGELOG_BATCH: for the
 * writers that insert rows in bulk (the demo's progress updates). Returns
 * 0 or -1 (db_errmsg). */
#define CHANGELOG_BATCH 32
int changelog_note_created(struct db *db, const char *kind, const int64_t *ids, size_t n);

/* The last seq of the feed (0 when empty), or -1 on a database error. */
int64_t changelog_last(struct db *db);

/* At most limit rows after seq `since`, in feed order:
 * [{"seq", "kind", "record_id", "first_seq", "changed_at"}]. New
 * reference; NULL on a database error. */
json_t *changelog_rows(struct db *db, int64_t since, int limit);

#endif
