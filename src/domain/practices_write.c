/* practices_write.c — creating and editing practices, the bare insert the
 * demo uses, a status change (publishing among them), and the one place
 * where a practice's searchable text is announced as changed.
 *
 * Every write is one transaction (audit_transaction): can() first (a
 * denial is rolled back and audited), then the rows, then the audit entry
 * with the changed fields' before/after. The helpers every write of the
 * module shares (practices_impl.h) live here too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "notifications.h"
#include "permission.h"
#include "practices.h"
#include "practices_impl.h"
#include "text.h"
#include "util.h"
#include "validate.h"

/* ---- What every write of the module shares ------------------------------------ */

bool pwrite_allowed(const struct pwrite *w)
{
	struct object_ref obj = {"practice", w->id, w->actor};
	return !w->by || can(w->by, w->action, &obj);
}

enum outcome pwrite_deny(struct audit_txn *t, struct pwrite *w)
{
	struct object_ref obj = {"practice", w->id, w->actor};
	enum outcome o = audit_txn_deny(t, w->by, w->action, &obj);
	t->denial.changes = w->denial;
	return o;
}

enum outcome pwrite_load(struct db *db, struct pwrite *w)
{
	return practices_owner(db, w->id, &w->actor, w->status, &w->created_by);
}

enum outcome pwrite_start(struct db *db, struct audit_txn *t, struct pwrite *w)
{
	enum outcome rc = pwrite_load(db, w);
	if (rc != OUTCOME_OK)
		return rc;
	return pwrite_allowed(w) ? OUTCOME_OK : pwrite_deny(t, w);
}

enum outcome pwrite_input(struct pwrite *w, const struct field *fields, size_t n,
                          const json_t *input)
{
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(fields, n, in, NULL, w->errors, &w->clean);
	json_decref(in);
	if (bad || json_object_size(w->errors)) {
		json_decref(w->clean);
		w->clean = NULL;
		return OUTCOME_INVALID;
	}
	return OUTCOME_OK;
}

enum outcome practices_owner(struct db *db, int64_t id, int64_t *actor_id, char *status,
                             int64_t *created_by)
{
	json_t *row = db_json_row(db, "SELECT actor_id, status, created_by FROM practice "
	                          "WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	if (actor_id)
		*actor_id = json_integer_value(json_object_get(row, "actor_id"));
	if (status)
		snprintf(status, 24, "%s", json_string_value(json_object_get(row, "status")));
	if (created_by)
		*created_by = json_integer_value(json_object_get(row, "created_by"));
	json_decref(row);
	return OUTCOME_OK;
}

enum outcome pwrite_run(struct db *db, struct pwrite *w, const struct field *fields, size_t n,
                        const json_t *input, audit_txn_fn fn)
{
	enum outcome rc = pwrite_load(db, w);
	if (rc == OUTCOME_OK && pwrite_allowed(w))
		rc = pwrite_input(w, fields, n, input);
	if (rc == OUTCOME_OK)
		rc = audit_transaction(db, false, fn, w);
	json_decref(w->clean);
	json_decref(w->denial);
	w->clean = w->denial = NULL;
	return rc;
}

/* The searchable text of a practice is its title, summary and the four
 * long fields, in the original's language and in each approved
 * translation's (practices_search_text reads them all at once). The
 * site-wide search (search.h) is connected here, so that every change of
 * that text — a practice published, a published one edited, a translation
 * approved — reaches the index inside the same transaction
 * (practices_search.c). */
int practices_text_changed(struct db *db, int64_t id)
{
	return practices_index(db, id);
}

int practices_set_status(struct db *db, int64_t id, const char *status, const char *reason)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	bool published = strcmp(status, "published") == 0;
	if (db_exec(db, "UPDATE practice SET status = $2, reason = COALESCE($3, reason), "
	            "updated_at = $4, published_at = CASE WHEN $5 = 1 THEN $4 ELSE published_at END "
	            "WHERE id = $1", DB_ARGS(DB_INT(id), DB_TEXT(status), DB_TEXT(reason),
	                                     DB_TEXT(now), DB_INT(published))) < 0)
		return -1;
	/* Published, it enters the search; any other status takes it out. */
	return practices_index(db, id);
}

/* ---- Rows --------------------------------------------------------------------- */

static const char *const child_deletes[] = {
	"DELETE FROM practice_objective WHERE practice_id = $1",
	"DELETE FROM practice_principle WHERE practice_id = $1",
	"DELETE FROM practice_country WHERE practice_id = $1",
	"DELETE FROM practice_region WHERE practice_id = $1",
	"DELETE FROM practice_partner WHERE practice_id = $1",
	"DELETE FROM practice_link WHERE practice_id = $1",
	"DELETE FROM practice_commitment WHERE practice_id = $1",
};

/* One INSERT per item of a list of scalars ($1 the practice, $2 the
 * item, $3 its position). */
static const struct {
	const char *key;
	const char *sql;
} child_lists[] = {
	{"objectives", "INSERT INTO practice_objective (practice_id, objective) VALUES ($1, $2)"},
	{"principles", "INSERT INTO practice_principle (practice_id, principle) VALUES ($1, $2)"},
	{"countries", "INSERT INTO practice_country (practice_id, iso3) VALUES ($1, $2)"},
	{"regions", "INSERT INTO practice_region (practice_id, m49) VALUES ($1, $2)"},
	{"links", "INSERT INTO practice_link (practice_id, url, position) VALUES ($1, $2, $3)"},
	{"commitments", "INSERT INTO practice_commitment (practice_id, commitment_id) "
	 "VALUES ($1, $2)"},
};

static int write_children(struct db *db, int64_t id, const json_t *clean, bool replace)
{
	if (replace)
		for (size_t i = 0; i < ARRAY_LEN(child_deletes); i++)
			if (db_exec(db, child_deletes[i], DB_ARGS(DB_INT(id))) < 0)
				return -1;
	for (size_t k = 0; k < ARRAY_LEN(child_lists); k++) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(clean, child_lists[k].key), i, v) {
			struct db_arg a = json_is_integer(v) ? DB_INT(json_integer_value(v)) :
			                  DB_TEXT(json_string_value(v));
			bool positional = strstr(child_lists[k].sql, "$3") != NULL;
			int64_t rc = positional ?
				db_exec(db, child_lists[k].sql, DB_ARGS(DB_INT(id), a, DB_INT(i))) :
				db_exec(db, child_lists[k].sql, DB_ARGS(DB_INT(id), a));
			if (rc < 0)
				return -1;
		}
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(clean, "partners"), i, p)
		if (db_exec(db, "INSERT INTO practice_partner (practice_id, position, actor_id, name) "
		            "VALUES ($1, $2, $3, $4)", DB_ARGS(DB_INT(id), DB_INT(i),
		            db_arg_int(p, "actor_id"), db_arg_text(p, "name"))) < 0)
			return -1;
	return 0;
}

/* The title folded (text_fold), the sort key of titles on both backends. */
static char *fold_title(const json_t *clean)
{
	const char *t = json_string_value(json_object_get(clean, "title"));
	struct buf b;
	buf_init(&b, 4 * PRACTICE_TITLE_MAX + 16);
	text_fold(t ? t : "", t ? strlen(t) : 0, &b);
	char *out = xstrdup(buf_str(&b));
	buf_release(&b);
	return out;
}

static int insert_row(struct db *db, const json_t *clean, int64_t created_by, const char *status,
                      const char *origin, const char *created_at, int64_t *id)
{
	char now[AUDIT_TIME_LEN + 1];
	if (!created_at) {
		audit_time(now, 0);
		created_at = now;
	}
	bool published = strcmp(status, "published") == 0;
	char *sort_title = fold_title(clean);
	struct db_res *res = db_query(db,
		"INSERT INTO practice (actor_id, created_by, call_id, title, sort_title, summary, "
		"context, actions, results, lessons, start_year, end_year, level, type, lang, status, "
		"round, origin, submitted_at, published_at, text_updated_at, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
		"$18, $19, $19, $20, $20, $20) RETURNING id",
		DB_ARGS(db_arg_int(clean, "actor_id"),
		        created_by > 0 ? DB_INT(created_by) : DB_NULL_ARG,
		        db_arg_int(clean, "call_id"), db_arg_text(clean, "title"), DB_TEXT(sort_title),
		        db_arg_text(clean, "summary"), db_arg_text(clean, "context"),
		        db_arg_text(clean, "actions"), db_arg_text(clean, "results"),
		        db_arg_text(clean, "lessons"), db_arg_int(clean, "start_year"),
		        db_arg_int(clean, "end_year"), db_arg_text(clean, "level"),
		        db_arg_text(clean, "type"), db_arg_text(clean, "lang"), DB_TEXT(status),
		        DB_INT(published ? 1 : 0),
		        DB_TEXT(origin), published ? DB_TEXT(created_at) : DB_NULL_ARG,
		        DB_TEXT(created_at)));
	free(sort_title);
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return -1;
	}
	*id = db_int(res, 0);
	db_res_free(res);
	if (write_children(db, *id, clean, false) < 0)
		return -1;
	return published ? practices_text_changed(db, *id) : 0;
}

int practices_insert(struct db *db, const json_t *clean, const char *status, const char *origin,
                     const char *created_at, int64_t *id)
{
	return insert_row(db, clean, 0, status ? status : "draft", origin ? origin : "real",
	                  created_at, id);
}

/* ---- Create --------------------------------------------------------------------- */

static const char MSG_CALL_CLOSED[] = N_("This call for practices is closed.");

static enum outcome create_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	if (!pwrite_allowed(w))
		return pwrite_deny(t, w);
	const json_t *call = json_object_get(w->clean, "call_id");
	if (json_is_integer(call)) {
		bool there, open;
		if (calls_open_on(db, json_integer_value(call), NULL, &there, &open) < 0)
			return OUTCOME_ERROR;
		if (!open) {
			valid_error(w->errors, "call_id", MSG_CALL_CLOSED);
			return OUTCOME_INVALID;
		}
	}
	if (insert_row(db, w->clean, w->by ? w->by->id : 0, "draft", "real", NULL, &w->id) < 0)
		return OUTCOME_ERROR;
	return audit_record_edit(db, w->by, "practice.create", "practice", w->id, NULL,
	                         w->clean) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

static enum outcome deny_txn(struct db *db, struct audit_txn *t, void *p)
{
	return pwrite_deny(t, p);
}

/* Validates; OUTCOME_OK with w->clean set, OUTCOME_INVALID or OUTCOME_ERROR. */
static enum outcome validate_into(struct db *db, struct pwrite *w, const json_t *input)
{
	int n = practice_validate(db, input, w->errors, &w->clean);
	if (n < 0)
		return OUTCOME_ERROR;
	if (n > 0 || json_object_size(w->errors) > 0) {
		json_decref(w->clean);
		w->clean = NULL;
		return OUTCOME_INVALID;
	}
	return OUTCOME_OK;
}

enum outcome practices_create(struct db *db, const struct user *by, const json_t *input,
                              json_t *errors, int64_t *id)
{
	struct pwrite w = {.by = by, .errors = errors, .action = ACTION_PRACTICE_SUBMIT};
	w.actor = fields_id(input, "actor_id");
	if (w.actor && !pwrite_allowed(&w)) {
		w.denial = json_pack("{s:{s:n, s:I}}", "actor_id", "before", "after", (json_int_t)w.actor);
		enum outcome rc = audit_transaction(db, false, deny_txn, &w);
		json_decref(w.denial);
		return rc;
	}
	enum outcome rc = validate_into(db, &w, input);
	if (rc != OUTCOME_OK)
		return rc;
	w.actor = json_integer_value(json_object_get(w.clean, "actor_id"));
	rc = audit_transaction(db, false, create_txn, &w);
	json_decref(w.clean);
	if (rc == OUTCOME_OK && id)
		*id = w.id;
	return rc;
}

/* ---- Edit ----------------------------------------------------------------------- */

/* The fields whose change moves text_updated_at (translations compare). */
static const char *const text_fields[] = {
	"title", "summary", "context", "actions", "results", "lessons",
};

static bool editable(const char *status)
{
	return strcmp(status, "draft") == 0 || strcmp(status, "changes_requested") == 0 ||
	       strcmp(status, "published") == 0;
}

static enum outcome update_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	enum outcome rc = pwrite_start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	if (json_integer_value(json_object_get(w->clean, "actor_id")) != w->actor) {
		valid_error(w->errors, "actor_id", N_("The submitting actor of a practice cannot change."));
		return OUTCOME_INVALID;
	}
	json_t *before = practices_form_values(db, w->id);
	if (!before)
		return OUTCOME_ERROR;
	const char *seen = json_string_value(json_object_get(w->clean, "updated_at"));
	if (!editable(w->status) ||
	    (seen && strcmp(seen, json_string_value(json_object_get(before, "updated_at"))) != 0)) {
		json_decref(before);
		return OUTCOME_CONFLICT;
	}
	bool text = false;
	for (size_t i = 0; i < ARRAY_LEN(text_fields); i++)
		text |= !json_equal(json_object_get(before, text_fields[i]),
		                    json_object_get(w->clean, text_fields[i]));
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	char *sort_title = fold_title(w->clean);
	int64_t n = db_exec(db, "UPDATE practice SET call_id = $2, title = $3, sort_title = $4, "
		"summary = $5, context = $6, actions = $7, results = $8, lessons = $9, "
		"start_year = $10, end_year = $11, level = $12, type = $13, lang = $14, "
		"updated_at = $15, text_updated_at = CASE WHEN $16 = 1 THEN $15 "
		"ELSE text_updated_at END WHERE id = $1",
		DB_ARGS(DB_INT(w->id), db_arg_int(w->clean, "call_id"),
		        db_arg_text(w->clean, "title"), DB_TEXT(sort_title),
		        db_arg_text(w->clean, "summary"), db_arg_text(w->clean, "context"),
		        db_arg_text(w->clean, "actions"), db_arg_text(w->clean, "results"),
		        db_arg_text(w->clean, "lessons"), db_arg_int(w->clean, "start_year"),
		        db_arg_int(w->clean, "end_year"), db_arg_text(w->clean, "level"),
		        db_arg_text(w->clean, "type"), db_arg_text(w->clean, "lang"), DB_TEXT(now),
		        DB_INT(text ? 1 : 0)));
	free(sort_title);
	rc = OUTCOME_OK;
	if (n < 0 || write_children(db, w->id, w->clean, true) < 0)
		rc = OUTCOME_ERROR;
	if (rc == OUTCOME_OK && text && strcmp(w->status, "published") == 0 &&
	    practices_text_changed(db, w->id) < 0)
		rc = OUTCOME_ERROR;
	json_t *after = rc == OUTCOME_OK ? practices_form_values(db, w->id) : NULL;
	if (rc == OUTCOME_OK && (!after || audit_record_edit(db, w->by, "practice.edit",
	                                                     "practice", w->id, before, after) < 0))
		rc = OUTCOME_ERROR;
	json_decref(before);
	json_decref(after);
	return rc;
}

enum outcome practices_update(struct db *db, const struct user *by, int64_t id,
                              const json_t *input, json_t *errors)
{
	struct pwrite w = {.by = by, .errors = errors, .id = id, .action = ACTION_PRACTICE_SUBMIT};
	enum outcome rc = pwrite_load(db, &w);
	if (rc != OUTCOME_OK)
		return rc;
	if (!pwrite_allowed(&w))
		return audit_transaction(db, false, deny_txn, &w);
	/* The form need not repeat the actor. */
	json_t *in = json_is_object(input) ? json_copy((json_t *)input) : json_object();
	if (valid_blank(json_object_get(in, "actor_id")))
		json_object_set_new(in, "actor_id", json_integer(w.actor));
	rc = validate_into(db, &w, in);
	json_decref(in);
	if (rc != OUTCOME_OK)
		return rc;
	rc = audit_transaction(db, false, update_txn, &w);
	json_decref(w.clean);
	return rc;
}
