/* audit.h — the tamper-evident audit trail.
 *
 * Every write appends one entry in the same transaction as the write: time,
 * user, actor, action, object, the changed fields (before/after), the
 * channel (web, api, cli) and the client address. Sign-ins (successful or
 * not), accreditation decisions and permission denials of writes are
 * entries too. Each entry stores the hash of the previous one and its own
 * hash over its content and that link, so changing, removing or inserting
 * an entry breaks the chain at that point; audit_verify finds it. */
#ifndef PACTE_AUDIT_H
#define PACTE_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outcome.h"
#include "permission.h"

struct db;
struct user;

struct audit_event {
	const struct user *user;    /* NULL: the operator at the console, or anonymous */
	const char *action;         /* "actor.decide", "session.sign_in", "denied:commitment.edit" */
	const char *object_type;    /* "actor", "user", "commitment" … or NULL */
	const char *object_id;      /* as text, or NULL */
	json_t *changes;            /* {"field": {"before": x, "after": y}} or NULL; borrowed */
	const char *channel;        /* "web", "api", "cli" */
	const char *client_addr;    /* or NULL */
};

/* Appends an entry. Must run inside db_begin … db_commit (the entry commits
 * or rolls back with the write it records). Returns 0 or -1. */
int audit_append(struct db *db, const struct audit_event *e);

/* Records a permission denial in a transaction of its own (the denied write
 * was never started or was rolled back). Returns 0 or -1. */
int audit_denied(struct db *db, const struct audit_event *e);

/* Walks the chain from the first entry. Returns 0 when intact, 1 when
 * broken (*bad_id is the first entry that does not verify, reason says
 * how), -1 on a database error. */
int audit_verify(struct db *db, int64_t *bad_id, char *reason, size_t reasonlen);

#define AUDIT_HASH_LEN 64   /* hex SHA-256 */

/* audit_verify that also says how many entries it walked (all of them when
 * intact) and the last entry's hash ("" for an empty trail): written down
 * elsewhere, that hash shows later whether the newest entries were cut
 * off, which no chain can show by itself. */
int audit_verify_chain(struct db *db, int64_t *entries, char last_hash[AUDIT_HASH_LEN + 1],
                       int64_t *bad_id, char *reason, size_t reasonlen);

/* Entries for /admin/audit, newest first, filtered by user id (0: any),
 * object type and id (NULL: any), and date range (YYYY-MM-DD, inclusive;
 * NULL: open), at most `limit` from before entry `before_id` (0: the
 * newest). {"entries": [...], "next_before": id|null}. */
json_t *audit_list(struct db *db, int64_t user_id, const char *object_type,
                   const char *object_id, const char *from, const char *to,
                   int64_t before_id, int limit);

/* One object's history, oldest first, for its page: {"entries": [{id, at,
 * user: {id, name} | null, actor: {id, name} | null, action, changes}]}
 * (no emails, no addresses: editors of the object see it). NULL on error. */
json_t *audit_history(struct db *db, const char *object_type, const char *object_id);

/* ---- Helpers for every domain write ------------------------------------ */

/* The changes of an edit as an entry records them: {"field": {"before": x,
 * "after": y}} for every key of after whose value differs from before's
 * (updated_at left out: it always does). before NULL: a creation, whose
 * empty values (null, []) are left out. New reference. */
json_t *audit_changes(const json_t *before, const json_t *after);

/* Appends the entry of `by` (NULL: the operator at the console) doing
 * action on object type/id with changes (borrowed, may be NULL), from
 * by's channel and address. Inside the write's transaction. 0 or -1. */
int audit_record(struct db *db, const struct user *by, const char *action, const char *type,
                 int64_t id, json_t *changes);
/* audit_record of an edit: the changes from before to after
 * (audit_changes; both borrowed). 0 or -1. */
int audit_record_edit(struct db *db, const struct user *by, const char *action, const char *type,
                      int64_t id, const json_t *before, const json_t *after);

#define AUDIT_TIME_LEN 24   /* "2019-12-10T09:30:00.000Z" */

/* Writes the UTC time offset_seconds from now (negative: in the past) as
 * ISO-8601 with milliseconds, the form every timestamp of the accounts
 * tables and the audit trail takes: fixed width, so text order is time
 * order. */
void audit_time(char out[AUDIT_TIME_LEN + 1], int64_t offset_seconds);

/* What one attempt of a write transaction may leave for the runner: a
 * denial to audit after the rollback (set with audit_txn_deny). */
struct audit_txn {
	bool denied;
	struct audit_event denial;
	char denial_action[64];
	char denial_object_id[24];
};

/* The body of a write: runs inside the transaction, returns OUTCOME_OK to
 * commit, anything else to roll back. It may run more than once (see
 * below), so it must not keep anything from a failed attempt. */
typedef enum outcome (*audit_txn_fn)(struct db *db, struct audit_txn *t, void *ctx);

/* Runs a domain write the one way (DESIGN.md principle 5): db_begin (or
 * db_begin_unversioned for bookkeeping no public page shows), fn, db_commit;
 * when a statement, the begin or the commit fails with db_retryable(), the
 * whole transaction runs again, up to 4 times. When fn returns
 * OUTCOME_DENIED after audit_txn_deny, the denial is audited (audit_denied)
 * after the rollback. Returns fn's outcome, or OUTCOME_ERROR when the
 * begin or commit failed (db_errmsg says why). */
enum outcome audit_transaction(struct db *db, bool unversioned, audit_txn_fn fn, void *ctx);

/* For an fn: records that `by` was refused action a on obj (obj may be
 * NULL), to be audited as "denied:<action name>" once rolled back, and
 * returns OUTCOME_DENIED. */
enum outcome audit_txn_deny(struct audit_txn *t, const struct user *by, enum action a,
                            const struct object_ref *obj);

#endif
