/* actors_retention.c — how long a declined applicant's data is kept (issue
 * 18, item 6): a partner declined more than the retention period ago, whose
 * decline was not appealed, has its data deleted. A declined partner never
 * published anything (decline applies only to a request), so what it
 * leaves is its registration and its people's accounts: those are emptied
 * in place. The actor and account rows stay as nameless tombstones
 * (purged_at, migration 0027), so that the audit trail's references and
 * the foreign keys still point at a row; their sessions, tokens,
 * notifications and the mail written to them are deleted.
 *
 * An appeal (actors_appeal) puts a declined request back in the reviewers'
 * queue, once; an appealed decline is never purged. */
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "actors_impl.h"
#include "audit.h"
#include "dates.h"
#include "db.h"
#include "principal.h"
#include "util.h"

/* At most this many actors per transaction: a long backlog is purged in
 * several short transactions rather than one that holds the write lock. */
#define PURGE_BATCH 50

/* What a purged organisation is called where a reviewer's list still shows
 * its row: stored data, not a page's text. */
#define PURGED_NAME "Deleted organisation"

struct purge {
	const char *cutoff;   /* decided before this date (YYYY-MM-DD) */
	const char *channel;
	int64_t done;         /* purged by this transaction */
};

/* The statements that empty one actor's data, $1 its id; the mail first
 * (it is found by its recipients' addresses), the account rows last. */
static const char *const purge_sql[] = {
	"DELETE FROM mail_attempt WHERE mail_id IN (SELECT m.id FROM mail m WHERE m.recipient IN "
	"(SELECT u.email FROM account u WHERE u.actor_id = $1))",
	"DELETE FROM mail WHERE recipient IN (SELECT u.email FROM account u WHERE u.actor_id = $1)",
	"DELETE FROM user_session WHERE user_id IN (SELECT u.id FROM account u WHERE u.actor_id = $1)",
	"DELETE FROM api_token WHERE user_id IN (SELECT u.id FROM account u WHERE u.actor_id = $1)",
	"DELETE FROM account_token WHERE user_id IN (SELECT u.id FROM account u WHERE u.actor_id = $1)",
	"DELETE FROM notification WHERE user_id IN (SELECT u.id FROM account u WHERE u.actor_id = $1)",
	/* The members' pieces (0026): addresses invited, addresses asked for. */
	"DELETE FROM invitation WHERE actor_id = $1",
	"DELETE FROM email_change WHERE user_id IN (SELECT u.id FROM account u WHERE u.actor_id = $1)",
	"UPDATE account SET email = 'purged-' || CAST(id AS TEXT) || '@invalid', name = '', "
	"password_hash = '!', disabled = 1, locale = NULL, last_sign_in = NULL WHERE actor_id = $1",
};

static enum outcome purge_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct purge *p = ctx;
	p->done = 0;             /* the body may run again (audit.h) */
	json_t *ids = db_json_rows(db,
		"SELECT id FROM actor WHERE kind = 'partner' AND operators = 0 "
		"AND status = 'declined' AND appealed_at IS NULL AND purged_at IS NULL "
		"AND decided_at < $1 ORDER BY id LIMIT 50",   /* PURGE_BATCH */
		DB_ARGS(DB_TEXT(p->cutoff)));
	if (!ids)
		return OUTCOME_ERROR;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	size_t i;
	json_t *row;
	enum outcome rc = OUTCOME_OK;
	json_array_foreach(ids, i, row) {
		int64_t id = json_integer_value(json_object_get(row, "id"));
		for (size_t s = 0; rc == OUTCOME_OK && s < ARRAY_LEN(purge_sql); s++)
			if (db_exec(db, purge_sql[s], DB_ARGS(DB_INT(id))) < 0)
				rc = OUTCOME_ERROR;
		if (rc != OUTCOME_OK)
			break;
		char oid[24];
		actors_id_text(oid, id);
		/* The entry says that the data went, never what it was. */
		json_t *changes = json_pack("{s:o}", "purged_at",
		                            actors_change(NULL, json_string(now)));
		struct audit_event ev = {.action = "actor.purge", .object_type = "actor",
		                         .object_id = oid, .changes = changes, .channel = p->channel};
		if (db_exec(db, "UPDATE actor SET name = '" PURGED_NAME "', search_key = '', "
		            "website = NULL, description = '', decision_reason = NULL, "
		            "purged_at = $2 WHERE id = $1",
		            DB_ARGS(DB_INT(id), DB_TEXT(now))) != 1 ||
		    audit_append(db, &ev) < 0 || actors_index(db, id) < 0)
			rc = OUTCOME_ERROR;
		json_decref(changes);
		if (rc != OUTCOME_OK)
			break;
		p->done++;
	}
	json_decref(ids);
	return rc;
}

int64_t actors_purge_declined(struct db *db, const char *today, int days, const char *channel)
{
	char buf[DATE_LEN + 1], cutoff[DATE_LEN + 1];
	if ((today && !date_valid(today)) || days < 0)
		return -1;
	const char *day = dates_resolve_today(today, buf);
	date_plus_days(day, -days, cutoff);
	struct purge p = {.cutoff = cutoff, .channel = channel ? channel : "cli"};
	int64_t total = 0;
	do {
		if (audit_transaction(db, false, purge_body, &p) != OUTCOME_OK)
			return -1;
		total += p.done;
	} while (p.done == PURGE_BATCH);
	return total;
}

/* ---- Appeal -------------------------------------------------------------- */

struct appeal {
	const struct user *by;
	const char *channel, *client_addr;
};

static enum outcome appeal_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct appeal *a = ctx;
	json_t *row = db_json_row(db, "SELECT status, appealed_at, purged_at FROM actor "
	                          "WHERE id = $1 AND kind = 'partner'",
	                          DB_ARGS(DB_INT(a->by->actor_id)));
	if (!row)
		return OUTCOME_ERROR;
	const char *status = json_string_value(json_object_get(row, "status"));
	bool may = status && strcmp(status, "declined") == 0 &&
	           json_is_null(json_object_get(row, "appealed_at")) &&
	           json_is_null(json_object_get(row, "purged_at"));
	json_decref(row);
	if (!may)
		return OUTCOME_CONFLICT;
	char now[AUDIT_TIME_LEN + 1], oid[24];
	audit_time(now, 0);
	actors_id_text(oid, a->by->actor_id);
	json_t *changes = json_pack("{s:o, s:o}",
	                            "status", actors_change(json_string("declined"),
	                                                    json_string("requested")),
	                            "appealed_at", actors_change(NULL, json_string(now)));
	struct audit_event ev = {.user = a->by, .action = "actor.appeal", .object_type = "actor",
	                         .object_id = oid, .changes = changes, .channel = a->channel,
	                         .client_addr = a->client_addr};
	enum outcome rc = OUTCOME_OK;
	if (db_exec(db, "UPDATE actor SET status = 'requested', appealed_at = $2 WHERE id = $1",
	            DB_ARGS(DB_INT(a->by->actor_id), DB_TEXT(now))) != 1 ||
	    audit_append(db, &ev) < 0)
		rc = OUTCOME_ERROR;
	json_decref(changes);
	return rc;
}

enum outcome actors_appeal(struct db *db, const struct user *by, const char *channel,
                           const char *client_addr)
{
	if (!by || by->disabled)
		return OUTCOME_DENIED;
	struct appeal a = {.by = by, .channel = channel ? channel : "web",
	                   .client_addr = client_addr};
	return audit_transaction(db, false, appeal_body, &a);
}
