/* hub_write.c — recording and editing needs and offers, their assessment,
 * the owner's steps (implementation, closing), and the bare insert the
 * demo uses.
 *
 * Every write is one transaction (audit_transaction): can() first (a
 * denial is rolled back and audited), then the rows, then the audit entry
 * with the changed fields' before/after. The helpers every write of the
 * module shares (hub_impl.h) live here too. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "changelog.h"
#include "db.h"
#include "fields.h"
#include "hub.h"
#include "hub_impl.h"
#include "permission.h"
#include "util.h"
#include "validate.h"

/* ---- What every write of the module shares ------------------------------------ */

bool hub_allowed(const struct user *by, enum action a, const char *type, int64_t id,
                 int64_t actor)
{
	struct object_ref obj = {type, id, actor};
	return !by || can(by, a, &obj);
}

enum outcome hub_deny(struct audit_txn *t, const struct hwrite *w, const char *type)
{
	struct object_ref obj = {type, w->id, w->actor};
	return audit_txn_deny(t, w->by, w->action, &obj);
}

enum outcome hub_load(struct db *db, int64_t id, struct hwrite *w)
{
	json_t *row = db_json_row(db, "SELECT side, actor_id, status, hidden_at FROM hub_item "
	                          "WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	w->id = id;
	w->actor = json_integer_value(json_object_get(row, "actor_id"));
	snprintf(w->side, sizeof w->side, "%s", json_string_value(json_object_get(row, "side")));
	snprintf(w->status, sizeof w->status, "%s",
	         json_string_value(json_object_get(row, "status")));
	w->hidden = !json_is_null(json_object_get(row, "hidden_at"));
	json_decref(row);
	return OUTCOME_OK;
}

int hub_set_status(struct db *db, int64_t id, const char *status, const char *column,
                   const char *text, int64_t assessed_by)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	/* column is one of two constants, never input: one statement each. */
	int64_t rc;
	if (!column)
		rc = db_exec(db, "UPDATE hub_item SET status = $2, updated_at = $3 WHERE id = $1",
		             DB_ARGS(DB_INT(id), DB_TEXT(status), DB_TEXT(now)));
	else if (strcmp(column, "outcome") == 0)
		rc = db_exec(db, "UPDATE hub_item SET status = $2, updated_at = $3, outcome = $4 "
		             "WHERE id = $1", DB_ARGS(DB_INT(id), DB_TEXT(status), DB_TEXT(now),
		             DB_TEXT(text ? text : "")));
	else
		rc = db_exec(db, "UPDATE hub_item SET status = $2, updated_at = $3, assessment = $4, "
		             "assessed_by = $5 WHERE id = $1",
		             DB_ARGS(DB_INT(id), DB_TEXT(status), DB_TEXT(now),
		                     DB_TEXT(text ? text : ""),
		                     assessed_by > 0 ? DB_INT(assessed_by) : DB_NULL_ARG));
	/* Public from accepted on: the search and the change feed follow every
	 * change of status. */
	return rc < 0 ? -1 : hub_published(db, id);
}

/* The start of a transaction body on an existing item: loads it (again,
 * inside the transaction), then can() (a denial recorded for the audit).
 * OUTCOME_OK to go on, or the outcome the body returns. */
static enum outcome start(struct db *db, struct audit_txn *t, struct hwrite *w)
{
	enum outcome rc = hub_load(db, w->id, w);
	if (rc != OUTCOME_OK)
		return rc;
	return hub_allowed(w->by, w->action, "hub_item", w->id, w->actor) ? OUTCOME_OK :
	       hub_deny(t, w, "hub_item");
}

int hub_published(struct db *db, int64_t id)
{
	json_t *it = db_json_row(db, "SELECT side, status FROM hub_item WHERE id = $1",
	                         DB_ARGS(DB_INT(id)));
	if (!it)
		return -1;
	const char *side = json_string_value(json_object_get(it, "side"));
	int rc = hub_index(db, id);
	if (rc == 0 && side && hub_public_status(json_string_value(json_object_get(it, "status"))))
		rc = changelog_note(db, strcmp(side, "need") == 0 ? CHANGE_KIND_NEED :
		                    CHANGE_KIND_OFFER, id);
	json_decref(it);
	return rc;
}

/* ---- Rows --------------------------------------------------------------------- */

static const struct {
	const char *key;
	const char *del;
	const char *ins;
} children[] = {
	{"objectives", "DELETE FROM hub_item_objective WHERE item_id = $1",
	 "INSERT INTO hub_item_objective (item_id, objective) VALUES ($1, $2)"},
	{"countries", "DELETE FROM hub_item_country WHERE item_id = $1",
	 "INSERT INTO hub_item_country (item_id, iso3) VALUES ($1, $2)"},
	{"languages", "DELETE FROM hub_item_lang WHERE item_id = $1",
	 "INSERT INTO hub_item_lang (item_id, lang) VALUES ($1, $2)"},
};

static int write_children(struct db *db, int64_t id, const json_t *clean, bool replace)
{
	for (size_t k = 0; k < ARRAY_LEN(children); k++) {
		if (replace && db_exec(db, children[k].del, DB_ARGS(DB_INT(id))) < 0)
			return -1;
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(clean, children[k].key), i, v) {
			struct db_arg a = json_is_integer(v) ? DB_INT(json_integer_value(v)) :
			                  DB_TEXT(json_string_value(v));
			if (db_exec(db, children[k].ins, DB_ARGS(DB_INT(id), a)) < 0)
				return -1;
		}
	}
	return 0;
}

static int insert_row(struct db *db, const char *side, const json_t *clean, int64_t created_by,
                      const char *status, const char *origin, int64_t *id)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	struct db_res *res = db_query(db,
		"INSERT INTO hub_item (side, actor_id, created_by, title, description, support, "
		"start_date, end_date, budget, capacity, conditions, status, origin, created_at, "
		"updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, 'unspecified'), "
		"COALESCE($10, ''), COALESCE($11, ''), $12, $13, $14, $14) RETURNING id",
		DB_ARGS(DB_TEXT(side), db_arg_int(clean, "actor_id"),
		        created_by > 0 ? DB_INT(created_by) : DB_NULL_ARG,
		        db_arg_text(clean, "title"), db_arg_text(clean, "description"),
		        db_arg_text(clean, "support"), db_arg_text(clean, "start_date"),
		        db_arg_text(clean, "end_date"), db_arg_text(clean, "budget"),
		        db_arg_text(clean, "capacity"), db_arg_text(clean, "conditions"),
		        DB_TEXT(status), DB_TEXT(origin), DB_TEXT(now)));
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return -1;
	}
	*id = db_int(res, 0);
	db_res_free(res);
	if (write_children(db, *id, clean, false) < 0)
		return -1;
	return hub_public_status(status) ? hub_published(db, *id) : 0;
}

int hub_insert(struct db *db, const char *side, const json_t *clean, const char *status,
               const char *origin, int64_t *id)
{
	return insert_row(db, side, clean, 0, status ? status : "submitted",
	                  origin ? origin : "real", id);
}

/* ---- Create and edit ------------------------------------------------------------- */

static enum outcome deny_txn(struct db *db, struct audit_txn *t, void *p)
{
	return hub_deny(t, p, "hub_item");
}

static enum outcome create_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	if (insert_row(db, w->side, w->clean, w->by ? w->by->id : 0, "submitted", "real",
	               &w->out_id) < 0)
		return OUTCOME_ERROR;
	return audit_record_edit(db, w->by, "hub.create", "hub_item", w->out_id, NULL,
	                         w->clean) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

/* Validates input for w's side into w->clean: OUTCOME_OK, _INVALID, _ERROR. */
static enum outcome validate_into(struct db *db, struct hwrite *w, const json_t *input)
{
	int n = hub_validate(db, w->side, input, w->errors, &w->clean);
	if (n < 0)
		return OUTCOME_ERROR;
	return n > 0 || json_object_size(w->errors) ? OUTCOME_INVALID : OUTCOME_OK;
}

enum outcome hub_create(struct db *db, const struct user *by, const char *side,
                        const json_t *input, json_t *errors, int64_t *id)
{
	struct hwrite w = {.by = by, .errors = errors, .action = ACTION_HUB_SUBMIT};
	snprintf(w.side, sizeof w.side, "%s", side);
	w.actor = fields_id(input, "actor_id");
	if (w.actor && !hub_allowed(by, w.action, "hub_item", 0, w.actor))
		return audit_transaction(db, false, deny_txn, &w);
	enum outcome rc = validate_into(db, &w, input);
	if (rc == OUTCOME_OK && !hub_allowed(by, w.action, "hub_item", 0,
	                                     fields_id(w.clean, "actor_id")))
		rc = audit_transaction(db, false, deny_txn, &w);
	else if (rc == OUTCOME_OK)
		rc = audit_transaction(db, false, create_txn, &w);
	if (rc == OUTCOME_OK && id)
		*id = w.out_id;
	json_decref(w.clean);
	return rc;
}

/* The item's input as stored, for an edit's before/after. */
static json_t *stored_input(struct db *db, int64_t id)
{
	json_t *row = db_json_row(db, "SELECT actor_id, title, description, support, start_date, "
	                          "end_date, budget, capacity, conditions FROM hub_item "
	                          "WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!row || json_is_null(row))
		return row;
	static const struct {
		const char *key, *sql;
	} lists[] = {
		{"objectives", "SELECT objective FROM hub_item_objective WHERE item_id = $1 "
		 "ORDER BY objective"},
		{"countries", "SELECT iso3 FROM hub_item_country WHERE item_id = $1 ORDER BY iso3"},
		{"languages", "SELECT lang FROM hub_item_lang WHERE item_id = $1 ORDER BY lang"},
	};
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		struct db_res *res = db_query(db, lists[k].sql, DB_ARGS(DB_INT(id)));
		json_t *arr = json_array();
		while (res && db_next(res) == 1)
			json_array_append_new(arr, db_json(res, 0));
		db_res_free(res);
		json_object_set_new(row, lists[k].key, arr);
	}
	return row;
}

static enum outcome edit_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	enum outcome rc = start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	if (strcmp(w->status, "submitted") != 0 && strcmp(w->status, "returned") != 0)
		return OUTCOME_CONFLICT;
	/* The actor does not change with an edit. */
	json_object_set_new(w->clean, "actor_id", json_integer(w->actor));
	json_t *before = stored_input(db, w->id);
	if (!before)
		return OUTCOME_ERROR;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	const json_t *c = w->clean;
	int bad = db_exec(db, "UPDATE hub_item SET title = $2, description = $3, support = $4, "
	                  "start_date = $5, end_date = $6, budget = COALESCE($7, 'unspecified'), "
	                  "capacity = COALESCE($8, ''), conditions = COALESCE($9, ''), "
	                  "status = 'submitted', updated_at = $10 WHERE id = $1",
	                  DB_ARGS(DB_INT(w->id), db_arg_text(c, "title"),
	                          db_arg_text(c, "description"), db_arg_text(c, "support"),
	                          db_arg_text(c, "start_date"), db_arg_text(c, "end_date"),
	                          db_arg_text(c, "budget"), db_arg_text(c, "capacity"),
	                          db_arg_text(c, "conditions"), DB_TEXT(now))) < 0 ||
	          write_children(db, w->id, c, true) < 0 ||
	          audit_record_edit(db, w->by, "hub.edit", "hub_item", w->id, before, c) < 0;
	json_decref(before);
	return bad ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome hub_edit(struct db *db, const struct user *by, int64_t id, const json_t *input,
                      json_t *errors)
{
	struct hwrite w = {.by = by, .errors = errors, .action = ACTION_HUB_SUBMIT};
	enum outcome rc = hub_load(db, id, &w);
	if (rc != OUTCOME_OK)
		return rc;
	if (!hub_allowed(by, w.action, "hub_item", id, w.actor))
		return audit_transaction(db, false, deny_txn, &w);
	/* The actor is the item's: the input's, if any, is not asked for. */
	json_t *in = json_is_object(input) ? json_copy((json_t *)input) : json_object();
	json_object_set_new(in, "actor_id", json_integer(w.actor));
	rc = validate_into(db, &w, in);
	json_decref(in);
	if (rc == OUTCOME_OK)
		rc = audit_transaction(db, false, edit_txn, &w);
	json_decref(w.clean);
	return rc;
}

/* ---- Assessment and the owner's steps ---------------------------------------------- */

/* A step on item id by `by`: 404 first, then a denial by can() (audited),
 * then input checked against fields, then fn in a transaction (which
 * loads and checks the item again, inside it). */
static enum outcome run_step(struct db *db, const struct user *by, int64_t id, enum action a,
                             const struct field *fields, size_t n, const json_t *input,
                             json_t *errors, audit_txn_fn fn)
{
	struct hwrite w = {.by = by, .id = id, .errors = errors, .action = a};
	enum outcome rc = hub_load(db, id, &w);
	if (rc != OUTCOME_OK)
		return rc;
	if (!hub_allowed(by, a, "hub_item", id, w.actor))
		return audit_transaction(db, false, deny_txn, &w);
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(fields, n, in, NULL, errors, &w.clean);
	json_decref(in);
	rc = bad || json_object_size(errors) ? OUTCOME_INVALID :
	     audit_transaction(db, false, fn, &w);
	json_decref(w.clean);
	return rc;
}

static enum outcome assess_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	enum outcome rc = start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	if (strcmp(w->status, "submitted") != 0)
		return OUTCOME_CONFLICT;
	bool accept = strcmp(json_string_value(json_object_get(w->clean, "decision")),
	                     "accept") == 0;
	const char *status = accept ? "accepted" : "returned";
	const char *notes = json_string_value(json_object_get(w->clean, "notes"));
	json_t *changes = json_pack("{s:{s:s, s:s}, s:{s:s}}", "status", "before", w->status,
	                            "after", status, "assessment", "after", notes ? notes : "");
	int bad = hub_set_status(db, w->id, status, "assessment", notes,
	                         w->by ? w->by->id : 0) < 0 ||
	          audit_record(db, w->by, "hub.assess", "hub_item", w->id, changes) < 0;
	json_decref(changes);
	return bad ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome hub_assess(struct db *db, const struct user *by, int64_t id, const json_t *input,
                        json_t *errors)
{
	return run_step(db, by, id, ACTION_HUB_ASSESS, hub_assess_fields, hub_assess_nfields, input,
	                errors, assess_txn);
}

static enum outcome step_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	enum outcome rc = start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	bool close = strcmp(json_string_value(json_object_get(w->clean, "step")), "close") == 0;
	const char *outcome = json_string_value(json_object_get(w->clean, "outcome"));
	const char *status;
	if (close) {
		if (!hub_public_status(w->status) || strcmp(w->status, "closed") == 0)
			return OUTCOME_CONFLICT;
		status = "closed";
	} else {
		if (strcmp(w->status, "matched") != 0)
			return OUTCOME_CONFLICT;
		status = "in_implementation";
	}
	json_t *changes = json_pack("{s:{s:s, s:s}}", "status", "before", w->status, "after",
	                            status);
	if (close)
		json_object_set_new(changes, "outcome", json_pack("{s:s}", "after", outcome));
	int bad = hub_set_status(db, w->id, status, close ? "outcome" : NULL, outcome, 0) < 0 ||
	          audit_record(db, w->by, close ? "hub.close" : "hub.implement", "hub_item",
	                       w->id, changes) < 0;
	json_decref(changes);
	return bad ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome hub_step(struct db *db, const struct user *by, int64_t id, const json_t *input,
                      json_t *errors)
{
	return run_step(db, by, id, ACTION_HUB_SUBMIT, hub_step_fields, hub_step_nfields, input,
	                errors, step_txn);
}
