/* commitments_write.c — creating and editing commitments, and the
 * columns a commitment derives from its progress updates.
 *
 * Every write is one transaction (audit_transaction): can() first (a
 * denial is rolled back and audited), then the rows, then the audit entry
 * with the changed fields' before/after. commitments_insert is the bare
 * insert the importer and the demo call inside their own transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "changelog.h"
#include "commitments.h"
#include "commitments_impl.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "permission.h"
#include "users.h"
#include "util.h"
#include "validate.h"

static struct db_arg jarg_real(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_number(v) ? DB_REAL(json_number_value(v)) : DB_NULL_ARG;
}

/* The child rows that an edit replaces whole (indicators are kept: values
 * were reported against them; participants keep their answers:
 * participants_sync). */
static const char *const child_deletes[] = {
	"DELETE FROM commitment_objective WHERE commitment_id = $1",
	"DELETE FROM commitment_principle WHERE commitment_id = $1",
	"DELETE FROM commitment_country WHERE commitment_id = $1",
	"DELETE FROM commitment_translation WHERE commitment_id = $1",
	"DELETE FROM commitment_deliverable WHERE commitment_id = $1",
};

/* One INSERT per item of a list of scalars. */
struct child_list {
	const char *key;
	const char *sql;      /* $1 commitment, $2 value, $3 position when positional */
	bool positional;
};

static const struct child_list child_lists[] = {
	{"objectives", "INSERT INTO commitment_objective (commitment_id, objective) "
	 "VALUES ($1, $2)", false},
	{"principles", "INSERT INTO commitment_principle (commitment_id, principle) "
	 "VALUES ($1, $2)", false},
	{"countries", "INSERT INTO commitment_country (commitment_id, iso3) VALUES ($1, $2)", false},
	{"deliverables", "INSERT INTO commitment_deliverable (commitment_id, text, position) "
	 "VALUES ($1, $2, $3)", true},
};

static struct db_arg scalar_arg(const json_t *v)
{
	return json_is_integer(v) ? DB_INT(json_integer_value(v)) : DB_TEXT(json_string_value(v));
}

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
			int64_t rc = child_lists[k].positional ?
				db_exec(db, child_lists[k].sql, DB_ARGS(DB_INT(id), scalar_arg(v),
				        DB_INT(i))) :
				db_exec(db, child_lists[k].sql, DB_ARGS(DB_INT(id), scalar_arg(v)));
			if (rc < 0)
				return -1;
		}
	}
	if (participants_sync(db, id, clean) < 0)
		return -1;
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(clean, "translations"), i, t)
		if (db_exec(db, "INSERT INTO commitment_translation (commitment_id, lang, title, "
		            "description) VALUES ($1, $2, $3, $4)", DB_ARGS(DB_INT(id),
		            db_arg_text(t, "lang"), db_arg_text(t, "title"),
		            db_arg_text(t, "description"))) < 0)
			return -1;
	return 0;
}

static int insert_indicator(struct db *db, int64_t id, const json_t *ind, size_t position)
{
	return db_exec(db, "INSERT INTO commitment_indicator (commitment_id, position, name, unit, "
	               "baseline, target) VALUES ($1, $2, $3, $4, $5, $6)",
	               DB_ARGS(DB_INT(id), DB_INT(position), db_arg_text(ind, "name"),
	               db_arg_text(ind, "unit"), jarg_real(ind, "baseline"),
	               jarg_real(ind, "target"))) < 0 ? -1 : 0;
}

static int matches_exists(struct db *db, const json_t *clean, bool *ok)
{
	const json_t *m = json_object_get(clean, "matches_commitment_id");
	*ok = true;
	if (!json_is_integer(m))
		return 0;
	int64_t n;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM commitment WHERE id = $1",
	                  DB_ARGS(DB_INT(json_integer_value(m)))) < 0)
		return -1;
	*ok = n > 0;
	return 0;
}

int commitments_insert_bare(struct db *db, const json_t *clean, const char *origin,
                            const char *created_at, int64_t *id, const char **bad_field)
{
	*bad_field = NULL;
	bool ok;
	if (matches_exists(db, clean, &ok) < 0)
		return -1;
	if (!ok) {
		*bad_field = "matches_commitment_id";
		return -1;
	}
	char now[AUDIT_TIME_LEN + 1], day[DATE_LEN + 1];
	if (!created_at) {
		audit_time(now, 0);
		created_at = now;
	}
	snprintf(day, sizeof day, "%.10s", created_at);
	char *sort_title = fold(jget_str(clean, "title"));
	struct db_res *res = db_query(db,
		"INSERT INTO commitment (owner_actor_id, title, sort_title, description, lang, level, "
		"kind, form, matches_commitment_id, start_date, target_date, initial_status, status, "
		"activity_date, origin, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		"$8, $9, $10, $11, $12, $12, $13, $14, $15, $15) RETURNING id",
		DB_ARGS(db_arg_int(clean, "owner_actor_id"), db_arg_text(clean, "title"),
		        DB_TEXT(sort_title), db_arg_text(clean, "description"),
		        db_arg_text(clean, "lang"), db_arg_text(clean, "level"),
		        db_arg_text(clean, "kind"), db_arg_text(clean, "form"),
		        db_arg_int(clean, "matches_commitment_id"), db_arg_text(clean, "start_date"),
		        db_arg_text(clean, "target_date"), db_arg_text(clean, "status"), DB_TEXT(day),
		        DB_TEXT(origin ? origin : "real"), DB_TEXT(created_at)));
	free(sort_title);
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return -1;
	}
	*id = db_int(res, 0);
	db_res_free(res);
	if (write_children(db, *id, clean, false) < 0)
		return -1;
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(clean, "indicators"), i, ind)
		if (insert_indicator(db, *id, ind, i) < 0)
			return -1;
	return changelog_note(db, CHANGE_KIND_COMMITMENT, *id) < 0 ? -1 : 0;
}

int commitments_insert(struct db *db, const json_t *clean, const char *origin,
                       const char *created_at, int64_t *id, const char **bad_field)
{
	if (commitments_insert_bare(db, clean, origin, created_at, id, bad_field) < 0)
		return -1;
	return commitments_index(db, *id);
}

struct write {
	const struct user *by;
	json_t *clean;
	json_t *errors;
	int64_t id;
	int64_t owner;
	enum action action;
	json_t *target;       /* what a denial entry names beside the object, or NULL */
};

static enum outcome deny_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct write *w = p;
	struct object_ref obj = {"commitment", w->id, w->owner};
	enum outcome o = audit_txn_deny(t, w->by, w->action, &obj);
	t->denial.changes = w->target;
	return o;
}

/* A creation refused has no commitment to name: its denial entry names
 * the owner it was for, in the shape a creation's entry records it
 * (issue 11, finding 6). New reference, or NULL without an owner. */
static json_t *owner_target(int64_t owner)
{
	return owner > 0 ? json_pack("{s:{s:n, s:I}}", "owner_actor_id", "before", "after",
	                             (json_int_t)owner) : NULL;
}

/* can() for the write; the operator (by NULL) may do everything. */
static bool allowed(const struct write *w)
{
	struct object_ref obj = {"commitment", w->id, w->owner};
	return !w->by || can(w->by, w->action, &obj);
}

static enum outcome create_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct write *w = p;
	if (!allowed(w))
		return deny_txn(db, t, p);
	const char *bad_field;
	if (commitments_insert(db, w->clean, "real", NULL, &w->id, &bad_field) < 0) {
		if (!bad_field)
			return OUTCOME_ERROR;
		valid_error(w->errors, bad_field, commitment_msg_matches_unknown);
		return OUTCOME_INVALID;
	}
	return audit_record_edit(db, w->by, "commitment.create", "commitment", w->id, NULL,
	                         w->clean) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

/* Validates with reference sets read now. -1 on a database error. */
static int validate_now(struct db *db, const json_t *input, json_t *errors, json_t **clean)
{
	struct commitment_refs *refs = commitment_refs_load(db);
	if (!refs)
		return -1;
	int n = commitment_validate(refs, input, errors, clean);
	commitment_refs_free(refs);
	return n;
}

enum outcome commitments_create(struct db *db, const struct user *by, const json_t *input,
                                json_t *errors, int64_t *id)
{
	struct write w = {.by = by, .errors = errors, .action = ACTION_COMMITMENT_CREATE};
	w.owner = fields_id(input, "owner_actor_id");
	if (w.owner && !allowed(&w)) {
		w.target = owner_target(w.owner);
		enum outcome rc = audit_transaction(db, false, deny_txn, &w);
		json_decref(w.target);
		return rc;
	}
	int n = validate_now(db, input, errors, &w.clean);
	if (n < 0)
		return OUTCOME_ERROR;
	if (n > 0 || json_object_size(errors) > 0) {
		json_decref(w.clean);
		return OUTCOME_INVALID;
	}
	w.owner = json_integer_value(json_object_get(w.clean, "owner_actor_id"));
	w.target = owner_target(w.owner);
	enum outcome rc = audit_transaction(db, false, create_txn, &w);
	json_decref(w.target);
	json_decref(w.clean);
	if (rc == OUTCOME_OK && id)
		*id = w.id;
	return rc;
}

enum outcome commitments_owner(struct db *db, int64_t id, int64_t *owner)
{
	int64_t v;
	if (db_scalar_int(db, &v, 0, "SELECT owner_actor_id FROM commitment WHERE id = $1",
	                  DB_ARGS(DB_INT(id))) < 0)
		return OUTCOME_ERROR;
	if (v == 0)
		return OUTCOME_NOT_FOUND;
	*owner = v;
	return OUTCOME_OK;
}

/* Indicators of an edit: those with an id are updated in place (they must
 * be this commitment's), new ones added, the rest hidden. */
static enum outcome sync_indicators(struct db *db, struct write *w)
{
	if (db_exec(db, "UPDATE commitment_indicator SET hidden = 1 WHERE commitment_id = $1",
	            DB_ARGS(DB_INT(w->id))) < 0)
		return OUTCOME_ERROR;
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(w->clean, "indicators"), i, ind) {
		if (!json_is_integer(json_object_get(ind, "id"))) {
			if (insert_indicator(db, w->id, ind, i) < 0)
				return OUTCOME_ERROR;
			continue;
		}
		int64_t n = db_exec(db, "UPDATE commitment_indicator SET position = $3, name = $4, "
		                    "unit = $5, baseline = $6, target = $7, hidden = 0 "
		                    "WHERE id = $1 AND commitment_id = $2",
		                    DB_ARGS(db_arg_int(ind, "id"), DB_INT(w->id), DB_INT(i),
		                    db_arg_text(ind, "name"), db_arg_text(ind, "unit"),
		                    jarg_real(ind, "baseline"), jarg_real(ind, "target")));
		if (n < 0)
			return OUTCOME_ERROR;
		if (n == 0) {
			valid_error(w->errors, "indicators", commitment_msg_indicator_id);
			return OUTCOME_INVALID;
		}
	}
	return OUTCOME_OK;
}

static enum outcome update_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct write *w = p;
	json_t *before = commitments_form_values(db, w->id);
	if (!before)
		return OUTCOME_ERROR;
	if (json_is_null(before)) {
		json_decref(before);
		return OUTCOME_NOT_FOUND;
	}
	w->owner = json_integer_value(json_object_get(before, "owner_actor_id"));
	enum outcome rc = OUTCOME_OK;
	int64_t withdrawn = 0;
	if (db_scalar_int(db, &withdrawn, 0, "SELECT count(*) FROM commitment WHERE id = $1 "
	                  "AND withdrawn_at IS NOT NULL", DB_ARGS(DB_INT(w->id))) < 0) {
		json_decref(before);
		return OUTCOME_ERROR;
	}
	const char *seen = jget_str(w->clean, "updated_at");
	const char *bad_field = NULL;
	bool ok = true;
	if (!allowed(w))
		rc = deny_txn(db, t, p);
	else if (json_integer_value(json_object_get(w->clean, "owner_actor_id")) != w->owner)
		valid_error(w->errors, "owner_actor_id", N_("The owner of a commitment cannot change.")),
		rc = OUTCOME_INVALID;
	else if (withdrawn || (seen && strcmp(seen, jget_str(before, "updated_at")) != 0))
		rc = OUTCOME_CONFLICT;
	else if (matches_exists(db, w->clean, &ok) < 0)
		rc = OUTCOME_ERROR;
	else if (!ok || json_integer_value(json_object_get(w->clean, "matches_commitment_id")) == w->id)
		bad_field = "matches_commitment_id", rc = OUTCOME_INVALID;
	if (bad_field)
		valid_error(w->errors, bad_field, commitment_msg_matches_unknown);
	if (rc != OUTCOME_OK) {
		json_decref(before);
		return rc;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	char *sort_title = fold(jget_str(w->clean, "title"));
	int64_t n = db_exec(db, "UPDATE commitment SET title = $2, sort_title = $3, description = $4, "
		"lang = $5, level = $6, kind = $7, form = $8, matches_commitment_id = $9, "
		"start_date = $10, target_date = $11, initial_status = $12, updated_at = $13 "
		"WHERE id = $1",
		DB_ARGS(DB_INT(w->id), db_arg_text(w->clean, "title"), DB_TEXT(sort_title),
		        db_arg_text(w->clean, "description"), db_arg_text(w->clean, "lang"),
		        db_arg_text(w->clean, "level"), db_arg_text(w->clean, "kind"),
		        db_arg_text(w->clean, "form"), db_arg_int(w->clean, "matches_commitment_id"),
		        db_arg_text(w->clean, "start_date"), db_arg_text(w->clean, "target_date"),
		        db_arg_text(w->clean, "status"), DB_TEXT(now)));
	free(sort_title);
	if (n < 0 || write_children(db, w->id, w->clean, true) < 0)
		rc = OUTCOME_ERROR;
	if (rc == OUTCOME_OK)
		rc = sync_indicators(db, w);
	if (rc == OUTCOME_OK && commitments_refresh(db, w->id) < 0)
		rc = OUTCOME_ERROR;
	json_t *after = rc == OUTCOME_OK ? commitments_form_values(db, w->id) : NULL;
	if (rc == OUTCOME_OK && (!after || audit_record_edit(db, w->by, "commitment.edit",
	                                                     "commitment", w->id, before, after) < 0))
		rc = OUTCOME_ERROR;
	json_decref(before);
	json_decref(after);
	return rc;
}

enum outcome commitments_update(struct db *db, const struct user *by, int64_t id,
                                const json_t *input, json_t *errors)
{
	struct write w = {.by = by, .errors = errors, .id = id, .action = ACTION_COMMITMENT_EDIT};
	enum outcome rc = commitments_owner(db, id, &w.owner);
	if (rc != OUTCOME_OK)
		return rc;
	if (!allowed(&w))
		return audit_transaction(db, false, deny_txn, &w);
	/* The form need not repeat the owner. */
	json_t *in = json_is_object(input) ? json_copy((json_t *)input) : json_object();
	if (valid_blank(json_object_get(in, "owner_actor_id")))
		json_object_set_new(in, "owner_actor_id", json_integer(w.owner));
	int n = validate_now(db, in, errors, &w.clean);
	json_decref(in);
	if (n < 0)
		return OUTCOME_ERROR;
	if (n > 0 || json_object_size(errors) > 0) {
		json_decref(w.clean);
		return OUTCOME_INVALID;
	}
	rc = audit_transaction(db, false, update_txn, &w);
	json_decref(w.clean);
	return rc;
}

/* ---- Withdrawal ------------------------------------------------------------------ */

static const struct field withdraw_fields[] = {
	{"reason", FIELD_TEXTAREA, FIELD_REQUIRED, 1, COMMITMENT_REASON_MAX, NULL, 0, NULL,
	 N_("Say why the commitment is withdrawn, in at most {max} characters: the reason is shown on its page.")},
};

struct withdraw {
	struct write w;
	const char *reason;
};

static enum outcome withdraw_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct withdraw *wd = p;
	struct write *w = &wd->w;
	json_t *row = db_json_row(db, "SELECT owner_actor_id, withdrawn_at FROM commitment "
	                          "WHERE id = $1", DB_ARGS(DB_INT(w->id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	w->owner = json_integer_value(json_object_get(row, "owner_actor_id"));
	bool already = !json_is_null(json_object_get(row, "withdrawn_at"));
	json_decref(row);
	if (!allowed(w))
		return deny_txn(db, t, p);
	if (already)
		return OUTCOME_CONFLICT;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "UPDATE commitment SET withdrawn_at = $2, withdrawn_reason = $3, "
	            "updated_at = $2 WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), DB_TEXT(now), DB_TEXT(wd->reason))) != 1)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:s}}", "withdrawn_at", "before",
	                            "after", now, "withdrawn_reason", "before", "after",
	                            wd->reason);
	int rc = audit_record(db, w->by, "commitment.withdraw", "commitment", w->id, changes);
	json_decref(changes);
	/* No longer found or counted by the search (commitments_search.c). */
	if (rc < 0 || changelog_note(db, CHANGE_KIND_COMMITMENT, w->id) < 0 ||
	    commitments_index(db, w->id) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome commitments_withdraw(struct db *db, const struct user *by, int64_t id,
                                  const json_t *input, json_t *errors)
{
	json_t *clean = NULL;
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(withdraw_fields, ARRAY_LEN(withdraw_fields), in, NULL, errors, &clean);
	json_decref(in);
	struct withdraw wd = {.w = {.by = by, .errors = errors, .id = id,
	                            .action = ACTION_COMMITMENT_WITHDRAW},
	                      .reason = json_string_value(json_object_get(clean, "reason"))};
	enum outcome rc;
	if (bad > 0 || json_object_size(errors) > 0) {
		/* Whoever may not withdraw it learns that first (and it is audited). */
		rc = commitments_owner(db, id, &wd.w.owner);
		if (rc == OUTCOME_OK)
			rc = allowed(&wd.w) ? OUTCOME_INVALID : audit_transaction(db, false, deny_txn, &wd.w);
	} else {
		rc = audit_transaction(db, false, withdraw_txn, &wd);
	}
	json_decref(clean);
	return rc;
}

/* ---- The columns derived from the updates ------------------------------------- */

/* The current status is the latest uncorrected update's (reported_at, then
 * id); the counts and dates cover every update, corrections included. */
static const char refresh_sql[] =
	"UPDATE commitment SET "
	"status = COALESCE((SELECT p.status FROM progress_update p WHERE p.commitment_id = $1 "
	"  AND NOT EXISTS (SELECT 1 FROM progress_update x WHERE x.corrects = p.id) "
	"  ORDER BY p.reported_at DESC, p.id DESC LIMIT 1), initial_status), "
	"percent = (SELECT p.percent FROM progress_update p WHERE p.commitment_id = $1 "
	"  AND NOT EXISTS (SELECT 1 FROM progress_update x WHERE x.corrects = p.id) "
	"  ORDER BY p.reported_at DESC, p.id DESC LIMIT 1), "
	"milestone = (SELECT p.milestone FROM progress_update p WHERE p.commitment_id = $1 "
	"  AND NOT EXISTS (SELECT 1 FROM progress_update x WHERE x.corrects = p.id) "
	"  ORDER BY p.reported_at DESC, p.id DESC LIMIT 1), "
	"last_report_date = (SELECT max(reported_at) FROM progress_update WHERE commitment_id = $1), "
	"activity_date = COALESCE((SELECT max(reported_at) FROM progress_update "
	"  WHERE commitment_id = $1), substr(created_at, 1, 10)), "
	"update_count = (SELECT count(*) FROM progress_update WHERE commitment_id = $1), "
	"last_update_id = (SELECT max(id) FROM progress_update WHERE commitment_id = $1), "
	"last_report_id = (SELECT p.id FROM progress_update p WHERE p.commitment_id = $1 "
	"  ORDER BY p.reported_at DESC, p.id DESC LIMIT 1), "
	"updated_at = COALESCE($2, updated_at) "
	"WHERE id = $1";

/* Every change of a commitment's page goes through here (an edit, a
 * progress update) or through commitments_insert: the change feed notes
 * it here, once. */
int commitments_refresh_at(struct db *db, int64_t id, const char *at)
{
	if (db_exec(db, refresh_sql, DB_ARGS(DB_INT(id), at ? DB_TEXT(at) : DB_NULL_ARG)) < 0)
		return -1;
	if (changelog_note(db, CHANGE_KIND_COMMITMENT, id) < 0)
		return -1;
	return commitments_index(db, id); /* the status facet follows the status */
}

int commitments_refresh(struct db *db, int64_t id)
{
	return commitments_refresh_at(db, id, NULL);
}
