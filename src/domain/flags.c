/* flags.c — flagging a record, the administrators' decision and queue
 * (flags.h). Each flaggable kind is a row of kinds[]: how its owner and
 * hidden marker are read, how it is hidden or shown, and what else follows
 * it (its search document, its change-feed kind), so that a new kind
 * (a practice, an input) is one row and one migration column. */
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "actors.h"
#include "i18n.h"
#include "audit.h"
#include "changelog.h"
#include "commitments.h"
#include "db.h"
#include "hub.h"
#include "notifications.h"
#include "permission.h"
#include "practices.h"
#include "util.h"
#include "validate.h"

#define URL_MAX 160        /* bytes of a flagged record's page address */

struct flag_kind {
	const char *name;
	/* $1 the record's id → owner_actor_id, hidden_at, url (the page
	 * that shows it); no row for one that cannot be flagged */
	const char *read_sql;
	/* $1 the id, $2 hidden_at (NULL: shown again) */
	const char *hide_sql;
	const char *change_kind;  /* NULL: not in the change feed */
	int (*reindex)(struct db *db, int64_t id);  /* its search document, or NULL */
};

static const struct flag_kind kinds[] = {
	{"commitment",
	 "SELECT owner_actor_id, hidden_at, '/commitments/' || id AS url FROM commitment "
	 "WHERE id = $1",
	 "UPDATE commitment SET hidden_at = $2 WHERE id = $1",
	 CHANGE_KIND_COMMITMENT, commitments_index},
	{"progress_update",
	 "SELECT c.owner_actor_id, p.hidden_at, '/commitments/' || c.id || '#update-' || p.id "
	 "AS url FROM progress_update p JOIN commitment c ON c.id = p.commitment_id "
	 "WHERE p.id = $1",
	 "UPDATE progress_update SET hidden_at = $2 WHERE id = $1",
	 CHANGE_KIND_PROGRESS_UPDATE, NULL},
	/* A practice the public can see (its page shows an archived one too). */
	{"practice",
	 "SELECT actor_id AS owner_actor_id, hidden_at, '/practices/' || id AS url FROM practice "
	 "WHERE id = $1 AND status IN ('published', 'archived')",
	 "UPDATE practice SET hidden_at = $2 WHERE id = $1", NULL, practices_index},
	/* An accepted written input to a review cycle. */
	{"review_input",
	 "SELECT actor_id AS owner_actor_id, hidden_at, '/reviews/' || cycle_id || "
	 "'/inputs#input-' || id AS url FROM review_input WHERE id = $1 AND status = 'accepted'",
	 "UPDATE review_input SET hidden_at = $2 WHERE id = $1", CHANGE_KIND_REVIEW_INPUT, NULL},
	/* A public need or offer (one table, hub.h); hub_published follows it
	 * in the search and the change feed (need or offer, by its side). */
	{"hub_item",
	 "SELECT actor_id AS owner_actor_id, hidden_at, CASE WHEN side = 'need' "
	 "THEN '/hub/needs/' ELSE '/hub/offers/' END || id AS url FROM hub_item "
	 "WHERE id = $1 AND status IN " HUB_PUBLIC_STATUSES,
	 "UPDATE hub_item SET hidden_at = $2 WHERE id = $1", NULL, hub_published},
};

static const struct flag_kind *kind_of(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

static const char NOTE_HIDDEN[] =
	N_("One of your records was hidden from the public for review: {reason}");
static const char NOTE_RESTORED[] = N_("One of your hidden records is public again: {reason}");
static const char NOTE_REMOVED[] = N_("One of your hidden records was removed for good: {reason}");

static const char *const decisions[] = {"restore", "remove", NULL};

static const struct field raise_fields[] = {
	{"reason", FIELD_TEXTAREA, FIELD_REQUIRED, 1, FLAG_REASON_MAX, NULL, 0, NULL,
	 N_("Say why, in at most {max} characters.")},
};

static const struct field decide_fields[] = {
	{"decision", FIELD_CHOICE, FIELD_REQUIRED, .choices = decisions},
	{"reason", FIELD_TEXTAREA, FIELD_REQUIRED, 1, FLAG_REASON_MAX, NULL, 0, NULL,
	 N_("Say why, in at most {max} characters.")},
};

/* One flag write: what it is done to and by whom. */
struct flag_write {
	const struct user *by;
	enum action action;
	const struct flag_kind *kind;
	int64_t record_id;
	int64_t flag_id;
	const char *reason;
	const char *decision;     /* flags_decide: "restore" or "remove" */
};

/* The record's owner, hidden marker and page; OUTCOME_NOT_FOUND without it. */
static enum outcome read_record(struct db *db, const struct flag_write *w, int64_t *owner,
                                bool *hidden, char *url, size_t urlsize)
{
	json_t *row = db_json_row(db, w->kind->read_sql, DB_ARGS(DB_INT(w->record_id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	*owner = json_integer_value(json_object_get(row, "owner_actor_id"));
	*hidden = !json_is_null(json_object_get(row, "hidden_at"));
	snprintf(url, urlsize, "%s", json_string_value(json_object_get(row, "url")));
	json_decref(row);
	return OUTCOME_OK;
}

/* read_record, then can() on it: OUTCOME_DENIED (to be audited) when
 * w->by may not do w->action to it. */
static enum outcome read_allowed(struct db *db, struct audit_txn *t, const struct flag_write *w,
                                 int64_t *owner, bool *hidden, char *url, size_t urlsize)
{
	enum outcome o = read_record(db, w, owner, hidden, url, urlsize);
	if (o != OUTCOME_OK)
		return o;
	struct object_ref obj = {w->kind->name, w->record_id, *owner, false};
	if (w->by && !can(w->by, w->action, &obj))
		return audit_txn_deny(t, w->by, w->action, &obj);
	return OUTCOME_OK;
}

/* Hides the record (at) or shows it again (at NULL), with what follows. */
static int set_hidden(struct db *db, const struct flag_kind *k, int64_t id, const char *at)
{
	if (db_exec(db, k->hide_sql, DB_ARGS(DB_INT(id), at ? DB_TEXT(at) : DB_NULL_ARG)) != 1)
		return -1;
	if (k->change_kind && changelog_note(db, k->change_kind, id) < 0)
		return -1;
	return k->reindex ? k->reindex(db, id) : 0;
}

static int tell_owner(struct db *db, int64_t owner, const char *note, const char *reason,
                      const char *url)
{
	json_t *args = json_pack("{s:s}", "reason", reason);
	int rc = notifications_add_actor(db, owner, note, args, url);
	json_decref(args);
	return rc;
}

static enum outcome raise_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct flag_write *w = p;
	int64_t owner;
	bool hidden;
	char url[URL_MAX];
	enum outcome o = read_allowed(db, t, w, &owner, &hidden, url, sizeof url);
	if (o != OUTCOME_OK)
		return o;
	if (!w->reason)
		return OUTCOME_INVALID;
	if (hidden)
		return OUTCOME_CONFLICT;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_scalar_int(db, &w->flag_id, 0, "INSERT INTO flag (kind, record_id, owner_actor_id, "
	                  "reason, flagged_by, flagged_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	                  DB_ARGS(DB_TEXT(w->kind->name), DB_INT(w->record_id), DB_INT(owner),
	                          DB_TEXT(w->reason), w->by ? DB_INT(w->by->id) : DB_NULL_ARG,
	                          DB_TEXT(now))) < 0 || w->flag_id <= 0)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:I, s:s}", "flag", (json_int_t)w->flag_id,
	                            "reason", w->reason);
	int rc = audit_record(db, w->by, "record.flag", w->kind->name, w->record_id, changes);
	json_decref(changes);
	if (rc < 0 || set_hidden(db, w->kind, w->record_id, now) < 0 ||
	    tell_owner(db, owner, NOTE_HIDDEN, w->reason, url) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome flags_raise(struct db *db, const struct user *by, const char *kind, int64_t id,
                         const json_t *input, json_t *errors, int64_t *flag_id)
{
	struct flag_write w = {.by = by, .action = ACTION_RECORD_FLAG, .kind = kind_of(kind),
	                       .record_id = id};
	if (!w.kind || id <= 0)
		return OUTCOME_NOT_FOUND;
	json_t *clean = NULL;
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(raise_fields, ARRAY_LEN(raise_fields), in, NULL, errors, &clean);
	json_decref(in);
	enum outcome rc;
	/* Refused input still runs the transaction, without a reason: whoever
	 * may not flag learns that first, and it is audited. */
	if (bad == 0 && json_object_size(errors) == 0)
		w.reason = json_string_value(json_object_get(clean, "reason"));
	rc = bad < 0 ? OUTCOME_ERROR : audit_transaction(db, false, raise_txn, &w);
	if (rc == OUTCOME_OK && flag_id)
		*flag_id = w.flag_id;
	json_decref(clean);
	return rc;
}

static enum outcome decide_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct flag_write *w = p;
	json_t *f = db_json_row(db, "SELECT kind, record_id, state FROM flag WHERE id = $1",
	                        DB_ARGS(DB_INT(w->flag_id)));
	if (!f)
		return OUTCOME_ERROR;
	if (json_is_null(f))
		return OUTCOME_NOT_FOUND;
	w->kind = kind_of(json_string_value(json_object_get(f, "kind")));
	w->record_id = json_integer_value(json_object_get(f, "record_id"));
	bool open = strcmp(json_string_value(json_object_get(f, "state")), "open") == 0;
	json_decref(f);
	if (!w->kind)
		return OUTCOME_NOT_FOUND;
	int64_t owner;
	bool hidden;
	char url[URL_MAX];
	enum outcome o = read_allowed(db, t, w, &owner, &hidden, url, sizeof url);
	if (o != OUTCOME_OK)
		return o;
	if (!w->decision || !w->reason)
		return OUTCOME_INVALID;
	if (!open)
		return OUTCOME_CONFLICT;
	bool restore = strcmp(w->decision, "restore") == 0;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "UPDATE flag SET state = $2, decided_by = $3, decision_reason = $4, "
	            "decided_at = $5 WHERE id = $1 AND state = 'open'",
	            DB_ARGS(DB_INT(w->flag_id), DB_TEXT(restore ? "restored" : "removed"),
	                    w->by ? DB_INT(w->by->id) : DB_NULL_ARG, DB_TEXT(w->reason),
	                    DB_TEXT(now))) != 1)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:I, s:s, s:s}", "flag", (json_int_t)w->flag_id,
	                            "decision", w->decision, "reason", w->reason);
	int rc = audit_record(db, w->by, restore ? "flag.restore" : "flag.remove", w->kind->name,
	                      w->record_id, changes);
	json_decref(changes);
	if (rc < 0 || (restore && set_hidden(db, w->kind, w->record_id, NULL) < 0) ||
	    tell_owner(db, owner, restore ? NOTE_RESTORED : NOTE_REMOVED, w->reason, url) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome flags_decide(struct db *db, const struct user *by, int64_t flag_id,
                          const json_t *input, json_t *errors)
{
	if (flag_id <= 0)
		return OUTCOME_NOT_FOUND;
	json_t *clean = NULL;
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(decide_fields, ARRAY_LEN(decide_fields), in, NULL, errors, &clean);
	json_decref(in);
	struct flag_write w = {.by = by, .action = ACTION_FLAG_DECIDE, .flag_id = flag_id};
	enum outcome rc;
	if (bad == 0 && json_object_size(errors) == 0) {
		w.decision = json_string_value(json_object_get(clean, "decision"));
		w.reason = json_string_value(json_object_get(clean, "reason"));
	}
	rc = bad < 0 ? OUTCOME_ERROR : audit_transaction(db, false, decide_txn, &w);
	json_decref(clean);
	return rc;
}

/* ---- Reads ------------------------------------------------------------------------- */

static const char queue_head[] =
	"SELECT f.id, f.kind, f.record_id, COALESCE(c.title, pc.title, pr.title, ri.title, "
	"hi.title) AS title, "
	"f.owner_actor_id, ";
static const char queue_tail[] =
	" AS owner_name, f.reason, f.flagged_by, fu.name AS flagged_by_name, f.flagged_at, "
	"f.state, f.decided_by, du.name AS decided_by_name, f.decision_reason, f.decided_at "
	"FROM flag f JOIN actor a ON a.id = f.owner_actor_id "
	"LEFT JOIN commitment c ON f.kind = 'commitment' AND c.id = f.record_id "
	"LEFT JOIN progress_update p ON f.kind = 'progress_update' AND p.id = f.record_id "
	"LEFT JOIN commitment pc ON pc.id = p.commitment_id "
	"LEFT JOIN practice pr ON f.kind = 'practice' AND pr.id = f.record_id "
	"LEFT JOIN review_input ri ON f.kind = 'review_input' AND ri.id = f.record_id "
	"LEFT JOIN hub_item hi ON f.kind = 'hub_item' AND hi.id = f.record_id "
	"LEFT JOIN account fu ON fu.id = f.flagged_by LEFT JOIN account du ON du.id = f.decided_by "
	"WHERE f.state = $1 ORDER BY f.id DESC LIMIT $2";

/* {id, name} of a person column pair, or null. */
static json_t *person(json_t *row, const char *id_key, const char *name_key)
{
	json_t *id = json_object_get(row, id_key);
	json_t *p = json_is_null(id) || !id ? json_null() :
		json_pack("{s:O, s:O}", "id", id, "name", json_object_get(row, name_key));
	json_object_del(row, id_key);
	json_object_del(row, name_key);
	return p;
}

json_t *flags_queue(struct db *db, const char *locale, const char *state)
{
	if (!state || (strcmp(state, "restored") != 0 && strcmp(state, "removed") != 0))
		state = "open";
	char sql[2048];
	int n = snprintf(sql, sizeof sql, "%s%s%s", queue_head, actors_name_sql(locale), queue_tail);
	if (n < 0 || (size_t)n >= sizeof sql)
		return NULL;
	json_t *rows = db_json_rows(db, sql, DB_ARGS(DB_TEXT(state), DB_INT(FLAG_QUEUE_MAX)));
	if (!rows)
		return NULL;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		/* Its page, as its kind's row says (a point read each, on the
		 * administrators' page only). */
		const struct flag_kind *k = kind_of(json_string_value(json_object_get(r, "kind")));
		json_t *rec = k ? db_json_row(db, k->read_sql, DB_ARGS(DB_INT(json_integer_value(
		                              json_object_get(r, "record_id"))))) : json_null();
		if (!rec) {
			json_decref(rows);
			return NULL;
		}
		json_t *url = json_object_get(rec, "url");
		json_object_set_new(r, "url", url ? json_incref(url) : json_string("/admin/flags"));
		json_decref(rec);
		json_object_set_new(r, "owner", json_pack("{s:O, s:O}", "id",
		                    json_object_get(r, "owner_actor_id"), "name",
		                    json_object_get(r, "owner_name")));
		json_object_del(r, "owner_actor_id");
		json_object_del(r, "owner_name");
		json_object_set_new(r, "flagged_by", person(r, "flagged_by", "flagged_by_name"));
		json_object_set_new(r, "decided_by", person(r, "decided_by", "decided_by_name"));
	}
	return json_pack("{s:s, s:o}", "state", state, "flags", rows);
}

json_t *flags_on(struct db *db, const char *kind, int64_t id)
{
	return db_json_row(db, "SELECT id, state, reason, flagged_at, decision_reason, decided_at "
	                   "FROM flag WHERE kind = $1 AND record_id = $2 AND state <> 'restored'",
	                   DB_ARGS(DB_TEXT(kind), DB_INT(id)));
}

bool flags_may_see(const struct user *u, const char *kind, int64_t id, int64_t owner)
{
	if (!u)
		return false;
	if (u->actor_id == owner)
		return true;
	struct object_ref obj = {kind, id, owner, false};
	return can(u, ACTION_RECORD_FLAG, &obj) || can(u, ACTION_FLAG_DECIDE, &obj);
}
