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
#include <stdint.h>

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

/* Entries for /admin/audit, newest first, filtered by user id (0: any),
 * object type and id (NULL: any), and date range (YYYY-MM-DD, inclusive;
 * NULL: open), at most `limit` from before entry `before_id` (0: the
 * newest). {"entries": [...], "next_before": id|null}. */
json_t *audit_list(struct db *db, int64_t user_id, const char *object_type,
                   const char *object_id, const char *from, const char *to,
                   int64_t before_id, int limit);

/* One object's history, oldest first, for its page. */
json_t *audit_history(struct db *db, const char *object_type, const char *object_id);

#endif
