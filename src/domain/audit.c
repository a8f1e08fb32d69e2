/* audit.c — the hash-chained audit trail, and the one way domain writes run.
 *
 * Each entry's hash is the hex SHA-256 of a canonical serialisation of
 * every other column, prev_hash included: a compact JSON array with a
 * version tag first, ["pacte-audit-1", id, at, user_id, actor_id, channel,
 * client_addr, action, object_type, object_id, changes, prev_hash], where
 * absent values are null and changes is the stored text itself. JSON
 * quoting makes the serialisation unambiguous: no two different entries
 * give the same bytes. The first entry links to 64 zeros.
 *
 * audit_append reads the last entry inside the caller's write transaction,
 * where SQLite's BEGIN IMMEDIATE or PostgreSQL's writer lock (db_pg.c) has
 * already serialised writers, so the chain cannot fork; the new id is the
 * last id + 1, so a gap in the ids always means a removed entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "principal.h"
#include "util.h"

#define HASH_VERSION "pacte-audit-1"
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define TXN_ATTEMPTS 4
#define VERIFY_BATCH 500
#define LIST_MAX 200

void audit_time(char out[AUDIT_TIME_LEN + 1], int64_t offset_seconds)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	time_t t = ts.tv_sec + (time_t)offset_seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	/* Years past 9999 do not fit: they do not happen. */
	size_t n = strftime(out, AUDIT_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%S", &tm);
	unsigned ms = (unsigned)(ts.tv_nsec / 1000000L) % 1000u;
	if (n == 19)
		snprintf(out + n, AUDIT_TIME_LEN + 1 - n, ".%03uZ", ms);
}

/* ---- Hashing ------------------------------------------------------------ */

/* One entry as stored, every column but hash. */
struct entry {
	int64_t id;
	const char *at;
	bool has_user, has_actor;
	int64_t user_id, actor_id;
	const char *channel, *client_addr, *action, *object_type, *object_id, *changes;
	const char *prev_hash;
};

/* A string or null; NULL (no value at all) when s is not valid UTF-8. */
static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jint(bool present, int64_t v)
{
	return present ? json_integer((json_int_t)v) : json_null();
}

/* Writes the entry's hash into out. Returns 0, or -1 when a field cannot
 * be serialised (not UTF-8: never written by audit_append, so a stored
 * one was tampered with). */
static int entry_hash(const struct entry *e, char out[AUDIT_HASH_LEN + 1])
{
	json_t *parts[] = {
		json_string(HASH_VERSION), json_integer((json_int_t)e->id), jstr(e->at),
		jint(e->has_user, e->user_id), jint(e->has_actor, e->actor_id),
		jstr(e->channel), jstr(e->client_addr), jstr(e->action), jstr(e->object_type),
		jstr(e->object_id), jstr(e->changes), jstr(e->prev_hash),
	};
	json_t *arr = json_array();
	bool ok = true;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		if (!parts[i])
			ok = false;
		else
			json_array_append_new(arr, parts[i]);
	}
	char *text = ok ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	if (!text)
		return -1;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, AUDIT_HASH_LEN + 1, h, sizeof h);
	free(text);
	return 0;
}

/* ---- Appending ---------------------------------------------------------- */

static const char last_sql[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";

static const char insert_sql[] =
	"INSERT INTO audit_log (id, at, user_id, actor_id, channel, client_addr, action, "
	"object_type, object_id, changes, prev_hash, hash) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

static struct db_arg opt_int(bool present, int64_t v)
{
	return present ? DB_INT(v) : DB_NULL_ARG;
}

int audit_append(struct db *db, const struct audit_event *e)
{
	if (!e || !e->action)
		return -1;
	struct db_res *res = db_query(db, last_sql, NO_ARGS);
	if (!res)
		return -1;
	int rc = db_next(res);
	int64_t last_id = rc == 1 ? db_int(res, 0) : 0;
	char prev[AUDIT_HASH_LEN + 1];
	snprintf(prev, sizeof prev, "%s", rc == 1 && db_text(res, 1) ? db_text(res, 1) :
	         GENESIS_HASH);
	db_res_free(res);
	if (rc < 0)
		return -1;

	const struct user *u = e->user;
	char at[AUDIT_TIME_LEN + 1];
	audit_time(at, 0);
	char *changes = e->changes && !json_is_null(e->changes) ?
	                json_dumps(e->changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	const char *channel = e->channel ? e->channel : u && u->channel ? u->channel : "cli";
	const char *addr = e->client_addr ? e->client_addr : u ? u->client_addr : NULL;
	struct entry en = {
		.id = last_id + 1, .at = at,
		.has_user = u != NULL, .user_id = u ? u->id : 0,
		.has_actor = u && u->actor_id > 0, .actor_id = u ? u->actor_id : 0,
		.channel = channel, .client_addr = addr, .action = e->action,
		.object_type = e->object_type, .object_id = e->object_id, .changes = changes,
		.prev_hash = prev,
	};
	char hash[AUDIT_HASH_LEN + 1];
	int64_t n = -1;
	if (entry_hash(&en, hash) == 0)
		n = db_exec(db, insert_sql,
		            DB_ARGS(DB_INT(en.id), DB_TEXT(at), opt_int(en.has_user, en.user_id),
		                    opt_int(en.has_actor, en.actor_id), DB_TEXT(channel),
		                    DB_TEXT(addr), DB_TEXT(e->action), DB_TEXT(e->object_type),
		                    DB_TEXT(e->object_id), DB_TEXT(changes), DB_TEXT(prev),
		                    DB_TEXT(hash)));
	free(changes);
	return n == 1 ? 0 : -1;
}

static enum outcome append_denial(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	return audit_append(db, ctx) == 0 ? OUTCOME_OK : OUTCOME_ERROR;
}

int audit_denied(struct db *db, const struct audit_event *e)
{
	/* Bookkeeping: no public page shows a denial. */
	return audit_transaction(db, true, append_denial, (void *)e) == OUTCOME_OK ? 0 : -1;
}

/* ---- The write runner ----------------------------------------------------- */

static void backoff(int attempt)
{
	long ms = 5L << attempt;
	nanosleep(&(struct timespec){.tv_sec = 0, .tv_nsec = ms * 1000000L}, NULL);
}

enum outcome audit_transaction(struct db *db, bool unversioned, audit_txn_fn fn, void *ctx)
{
	for (int attempt = 0;; attempt++) {
		bool last = attempt + 1 >= TXN_ATTEMPTS;
		int brc = unversioned ? db_begin_unversioned(db) : db_begin(db);
		if (brc < 0) {
			if (db_retryable(db) && !last) {
				backoff(attempt);
				continue;
			}
			return OUTCOME_ERROR;
		}
		struct audit_txn t = {0};
		enum outcome rc = fn(db, &t, ctx);
		if (rc == OUTCOME_OK) {
			if (db_commit(db) == 0)
				return OUTCOME_OK;
			if (db_retryable(db) && !last) {
				backoff(attempt);
				continue;
			}
			return OUTCOME_ERROR;
		}
		bool retry = rc == OUTCOME_ERROR && db_retryable(db) && !last;
		db_rollback(db);
		if (rc == OUTCOME_DENIED && t.denied)
			audit_denied(db, &t.denial);
		if (!retry)
			return rc;
		backoff(attempt);
	}
}

enum outcome audit_txn_deny(struct audit_txn *t, const struct user *by, enum action a,
                            const struct object_ref *obj)
{
	t->denied = true;
	snprintf(t->denial_action, sizeof t->denial_action, "denied:%s", action_name(a));
	t->denial = (struct audit_event){
		.user = by,
		.action = t->denial_action,
		.object_type = obj ? obj->type : NULL,
	};
	if (obj && obj->id > 0) {
		snprintf(t->denial_object_id, sizeof t->denial_object_id, "%lld",
		         (long long)obj->id);
		t->denial.object_id = t->denial_object_id;
	}
	return OUTCOME_DENIED;
}

/* ---- Verifying ------------------------------------------------------------ */

enum {
	V_ID, V_AT, V_USER, V_ACTOR, V_CHANNEL, V_ADDR, V_ACTION, V_OTYPE, V_OID,
	V_CHANGES, V_PREV, V_HASH,
};

static const char verify_sql[] =
	"SELECT id, at, user_id, actor_id, channel, client_addr, action, object_type, "
	"object_id, changes, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2";

struct walk {
	int64_t entries;
	int64_t last_id;
	char last_hash[AUDIT_HASH_LEN + 1];
	int64_t bad_id;
	char *reason;
	size_t reasonlen;
};

/* Checks the current row against the one before. 0 when it verifies, 1
 * when it does not (w->bad_id and the reason are set). */
static int check_row(struct db_res *res, struct walk *w)
{
	int64_t id = db_int(res, V_ID);
	if (id != w->last_id + 1) {
		/* Ids are consecutive from 1: a gap is a removed entry. */
		w->bad_id = w->last_id + 1;
		snprintf(w->reason, w->reasonlen, "entry %lld missing", (long long)w->bad_id);
		return 1;
	}
	const char *prev = db_text(res, V_PREV);
	const char *want = w->last_id ? w->last_hash : GENESIS_HASH;
	if (!prev || strcmp(prev, want) != 0) {
		w->bad_id = id;
		if (w->last_id)
			snprintf(w->reason, w->reasonlen, "prev_hash does not match entry %lld",
			         (long long)w->last_id);
		else
			snprintf(w->reason, w->reasonlen,
			         "prev_hash of the first entry is not 64 zeros");
		return 1;
	}
	struct entry en = {
		.id = id, .at = db_text(res, V_AT),
		.has_user = !db_isnull(res, V_USER), .user_id = db_int(res, V_USER),
		.has_actor = !db_isnull(res, V_ACTOR), .actor_id = db_int(res, V_ACTOR),
		.channel = db_text(res, V_CHANNEL), .client_addr = db_text(res, V_ADDR),
		.action = db_text(res, V_ACTION), .object_type = db_text(res, V_OTYPE),
		.object_id = db_text(res, V_OID), .changes = db_text(res, V_CHANGES),
		.prev_hash = prev,
	};
	char hash[AUDIT_HASH_LEN + 1];
	const char *stored = db_text(res, V_HASH);
	if (entry_hash(&en, hash) < 0 || !stored || strcmp(hash, stored) != 0) {
		w->bad_id = id;
		snprintf(w->reason, w->reasonlen, "hash does not match its content");
		return 1;
	}
	w->entries++;
	w->last_id = id;
	memcpy(w->last_hash, stored, AUDIT_HASH_LEN + 1);
	return 0;
}

int audit_verify_chain(struct db *db, int64_t *entries, char last_hash[AUDIT_HASH_LEN + 1],
                       int64_t *bad_id, char *reason, size_t reasonlen)
{
	char scratch[8];
	struct walk w = {.reason = reason ? reason : scratch,
	                 .reasonlen = reason ? reasonlen : sizeof scratch};
	if (w.reasonlen)
		w.reason[0] = '\0';
	int broken = 0, rc = 0;
	/* In batches: the trail may be far larger than memory wants to hold
	 * in one result. */
	for (;;) {
		struct db_res *res = db_query(db, verify_sql,
		                              DB_ARGS(DB_INT(w.last_id), DB_INT(VERIFY_BATCH)));
		if (!res)
			return -1;
		int rows = 0;
		while (!broken && (rc = db_next(res)) == 1) {
			rows++;
			broken = check_row(res, &w);
		}
		db_res_free(res);
		if (rc < 0)
			return -1;
		if (broken || rows < VERIFY_BATCH)
			break;
	}
	if (entries)
		*entries = w.entries;
	if (last_hash)
		memcpy(last_hash, w.last_hash, AUDIT_HASH_LEN + 1);
	if (bad_id)
		*bad_id = broken ? w.bad_id : 0;
	return broken;
}

int audit_verify(struct db *db, int64_t *bad_id, char *reason, size_t reasonlen)
{
	return audit_verify_chain(db, NULL, NULL, bad_id, reason, reasonlen);
}

/* ---- Reading -------------------------------------------------------------- */

enum {
	L_ID, L_AT, L_USER, L_EMAIL, L_UNAME, L_ACTOR, L_ANAME, L_CHANNEL, L_ADDR, L_ACTION,
	L_OTYPE, L_OID, L_CHANGES, L_HASH,
};

#define LIST_SELECT \
	"SELECT l.id, l.at, l.user_id, u.email, u.name, l.actor_id, a.name, l.channel, " \
	"l.client_addr, l.action, l.object_type, l.object_id, l.changes, l.hash " \
	"FROM audit_log l LEFT JOIN account u ON u.id = l.user_id " \
	"LEFT JOIN actor a ON a.id = l.actor_id "

/* Every filter is always bound; 0 or '' switches it off. A day's entries
 * are those from "YYYY-MM-DD" up to "YYYY-MM-DDU" ('U' follows the 'T' of
 * every time that day). */
static const char list_sql[] = LIST_SELECT
	"WHERE (CAST($1 AS BIGINT) = 0 OR l.user_id = $1) "
	"AND (CAST($2 AS TEXT) = '' OR l.object_type = $2) "
	"AND (CAST($3 AS TEXT) = '' OR l.object_id = $3) "
	"AND (CAST($4 AS TEXT) = '' OR l.at >= $4) "
	"AND (CAST($5 AS TEXT) = '' OR l.at < CAST($5 AS TEXT) || 'U') "
	"AND (CAST($6 AS BIGINT) = 0 OR l.id < $6) "
	"ORDER BY l.id DESC LIMIT $7";

static const char history_sql[] = LIST_SELECT
	"WHERE l.object_type = $1 AND l.object_id = $2 ORDER BY l.id";

static json_t *col_text(const struct db_res *res, int col)
{
	return jstr(db_text(res, col));
}

/* The stored changes parsed back into JSON (null when none). */
static json_t *col_changes(const struct db_res *res)
{
	const char *s = db_text(res, L_CHANGES);
	json_t *v = s ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
	return v ? v : json_null();
}

/* One entry; `full` adds what only the whole trail's readers see (emails,
 * channel, addresses, hashes). */
static json_t *entry_json(const struct db_res *res, bool full)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_int(res, L_ID)));
	json_object_set_new(o, "at", col_text(res, L_AT));
	json_t *user = json_null();
	if (!db_isnull(res, L_USER)) {
		user = json_pack("{s:I, s:o}", "id", (json_int_t)db_int(res, L_USER),
		                 "name", col_text(res, L_UNAME));
		if (full)
			json_object_set_new(user, "email", col_text(res, L_EMAIL));
	}
	json_object_set_new(o, "user", user);
	json_object_set_new(o, "actor", db_isnull(res, L_ACTOR) ? json_null() :
	                    json_pack("{s:I, s:o}", "id", (json_int_t)db_int(res, L_ACTOR),
	                              "name", col_text(res, L_ANAME)));
	json_object_set_new(o, "action", col_text(res, L_ACTION));
	json_object_set_new(o, "object_type", col_text(res, L_OTYPE));
	json_object_set_new(o, "object_id", col_text(res, L_OID));
	json_object_set_new(o, "changes", col_changes(res));
	if (full) {
		json_object_set_new(o, "channel", col_text(res, L_CHANNEL));
		json_object_set_new(o, "client_addr", col_text(res, L_ADDR));
		json_object_set_new(o, "hash", col_text(res, L_HASH));
	}
	return o;
}

/* "YYYY-MM-DD" or "" (no bound) for anything else. */
static const char *date_or_empty(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return "";
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return "";
	return s;
}

json_t *audit_list(struct db *db, int64_t user_id, const char *object_type,
                   const char *object_id, const char *from, const char *to,
                   int64_t before_id, int limit)
{
	if (limit < 1 || limit > LIST_MAX)
		limit = limit < 1 ? 50 : LIST_MAX;
	/* One more than asked tells whether there is a next page. */
	struct db_res *res = db_query(db, list_sql,
	                              DB_ARGS(DB_INT(user_id > 0 ? user_id : 0),
	                                      DB_TEXT(object_type ? object_type : ""),
	                                      DB_TEXT(object_id ? object_id : ""),
	                                      DB_TEXT(date_or_empty(from)),
	                                      DB_TEXT(date_or_empty(to)),
	                                      DB_INT(before_id > 0 ? before_id : 0),
	                                      DB_INT(limit + 1)));
	if (!res)
		return NULL;
	json_t *entries = json_array();
	int64_t last = 0;
	bool more = false;
	int rc;
	while ((rc = db_next(res)) == 1) {
		if ((int)json_array_size(entries) == limit) {
			more = true;
			break;
		}
		last = db_int(res, L_ID);
		json_array_append_new(entries, entry_json(res, true));
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(entries);
		return NULL;
	}
	return json_pack("{s:o, s:o}", "entries", entries,
	                 "next_before", more ? json_integer(last) : json_null());
}

json_t *audit_history(struct db *db, const char *object_type, const char *object_id)
{
	if (!object_type || !object_id)
		return json_pack("{s:[]}", "entries");
	struct db_res *res = db_query(db, history_sql,
	                              DB_ARGS(DB_TEXT(object_type), DB_TEXT(object_id)));
	if (!res)
		return NULL;
	json_t *entries = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(entries, entry_json(res, false));
	db_res_free(res);
	if (rc < 0) {
		json_decref(entries);
		return NULL;
	}
	return json_pack("{s:o}", "entries", entries);
}

json_t *audit_changes(const json_t *before, const json_t *after)
{
	json_t *changes = json_object();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)after, key, v) {
		if (strcmp(key, "updated_at") == 0)
			continue;
		json_t *old = before ? json_object_get(before, key) : NULL;
		if (old && json_equal(old, v))
			continue;
		if (!old && (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)))
			continue;
		json_object_set_new(changes, key, json_pack("{s:O, s:O}", "before",
		                    old ? old : json_null(), "after", v));
	}
	return changes;
}

int audit_record(struct db *db, const struct user *by, const char *action, const char *type,
                 int64_t id, json_t *changes)
{
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	struct audit_event e = {
		.user = by, .action = action, .object_type = type, .object_id = oid,
		.changes = changes, .channel = by && by->channel ? by->channel : "cli",
		.client_addr = by ? by->client_addr : NULL,
	};
	return audit_append(db, &e);
}

int audit_record_edit(struct db *db, const struct user *by, const char *action, const char *type,
                      int64_t id, const json_t *before, const json_t *after)
{
	json_t *changes = audit_changes(before, after);
	int rc = audit_record(db, by, action, type, id, changes);
	json_decref(changes);
	return rc;
}
