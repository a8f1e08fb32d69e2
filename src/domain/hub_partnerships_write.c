/* hub_partnerships_write.c — a partnership recorded on its own, not only
 * from a match (issue 14, item 4): its lead records it with what it is
 * linked to (the need or offer that started it, the commitments it
 * delivers, the practices it produced), edits it, and adds members with
 * their roles, each awaiting its own people's confirmation
 * (partnerships_confirm, hub_partnerships.c). Removing a member, or a
 * member declining, is a withdrawal (hub_partnerships.c):
 * the row stays, with when and why, so the history does too.
 *
 * Permissions go through can(): the lead's focal points or editors act on
 * the partnership as on their actor's hub items (ACTION_HUB_SUBMIT on an
 * object of the lead actor). Every write is one transaction with its
 * audit entry; a refusal is audited as a denial. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "changelog.h"
#include "codes.h"
#include "db.h"
#include "fields.h"
#include "hub.h"
#include "hub_impl.h"
#include "i18n.h"
#include "practices.h"
#include "util.h"
#include "validate.h"

static const char MSG_ACTOR[] = N_("Unknown actor.");
static const char MSG_NEED[] = N_("No published need has this number.");
static const char MSG_OFFER[] = N_("No published offer has this number.");
static const char MSG_COMMITMENT[] = N_("No commitment has this number.");
static const char MSG_PRACTICE[] = N_("No published practice has this number.");
static const char MSG_MEMBER[] = N_("This actor is already a member of the partnership.");
static const char MSG_WITHDREW[] =
	N_("This actor withdrew from the partnership: its withdrawal stays in its history.");

/* ---- Validation ------------------------------------------------------------------ */

static int check_actor(struct valid *v, const struct field *f, json_t **value)
{
	if (!fields_exists(v, "SELECT count(*) FROM actor WHERE id = $1",
	                   DB_INT(json_integer_value(*value))))
		return fields_refuse(v, f, NULL);
	return 0;
}

/* need_id or offer_id: a public item of that side (assessed and accepted),
 * when given: the partnership's page links it for anyone to read. */
#define PUBLIC_ITEM "SELECT count(*) FROM hub_item WHERE id = $1 AND status IN ('accepted', " \
	"'matching', 'matched', 'in_implementation', 'closed') AND side = "

static int check_item(struct valid *v, const struct field *f, json_t **value)
{
	if (json_is_null(*value))
		return 0;
	bool need = strcmp(f->name, "need_id") == 0;
	if (!fields_exists(v, need ? PUBLIC_ITEM "'need'" : PUBLIC_ITEM "'offer'",
	                   DB_INT(json_integer_value(*value))))
		return fields_refuse(v, f, NULL);
	return 0;
}

/* commitments or practices: each one that exists (a practice published). */
static int check_links(struct valid *v, const struct field *f, json_t **value)
{
	bool practices = strcmp(f->name, "practices") == 0;
	size_t i;
	json_t *x;
	json_array_foreach(*value, i, x)
		if (!fields_exists(v, practices ? "SELECT count(*) FROM practice WHERE id = $1 AND "
		                   PRACTICE_LISTED("practice") : "SELECT count(*) FROM commitment WHERE id = $1",
		                   DB_INT(json_integer_value(x))))
			return fields_refuse(v, f, NULL);
	fields_drop_repeats(value);
	return 0;
}

static const struct field partnership_fields[] = {
	{"name", FIELD_TEXT, FIELD_REQUIRED, .max = HUB_TITLE_MAX},
	{"description", FIELD_TEXTAREA, 0, .max = HUB_TEXT_MAX, .check = fields_text_or_empty},
	{"need_id", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .check = check_item, .msgid = MSG_NEED},
	{"offer_id", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .check = check_item,
	 .msgid = MSG_OFFER},
	{"commitments", FIELD_INT, FIELD_MULTI, .min = 1, .max = INT64_MAX,
	 .max_items = PARTNERSHIP_MAX_LINKS, .check = check_links, .msgid = MSG_COMMITMENT},
	{"practices", FIELD_INT, FIELD_MULTI, .min = 1, .max = INT64_MAX,
	 .max_items = PARTNERSHIP_MAX_LINKS, .check = check_links, .msgid = MSG_PRACTICE},
	/* Last: an edit checks the others only, the lead staying who it is. */
	{"lead_actor_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX,
	 .check = check_actor, .msgid = MSG_ACTOR},
};

static const struct field member_fields[] = {
	{"actor_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX, .check = check_actor,
	 .msgid = MSG_ACTOR},
	/* Any role but the lead's, the first of partnership_roles. */
	{"role", FIELD_CHOICE, FIELD_REQUIRED, .choices = partnership_roles + 1},
};

/* input checked against the table into w->clean: OUTCOME_OK, _INVALID or
 * _ERROR (the database failed). */
static enum outcome validate_into(struct db *db, struct hwrite *w, const struct field *table,
                                  size_t n, const json_t *input)
{
	struct fields_db q = {db, false};
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(table, n, in, &q, w->errors, &w->clean);
	json_decref(in);
	if (q.failed)
		return OUTCOME_ERROR;
	return bad || json_object_size(w->errors) ? OUTCOME_INVALID : OUTCOME_OK;
}

/* ---- Rows ---------------------------------------------------------------------- */

enum outcome partnerships_lead(struct db *db, int64_t id, int64_t *lead)
{
	int64_t n;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM partnership WHERE id = $1",
	                  DB_ARGS(DB_INT(id))) < 0)
		return OUTCOME_ERROR;
	if (n == 0)
		return OUTCOME_NOT_FOUND;
	return db_scalar_int(db, lead, 0, "SELECT min(actor_id) FROM partnership_member "
	                     "WHERE partnership_id = $1 AND role = 'lead' AND withdrawn_at IS NULL",
	                     DB_ARGS(DB_INT(id))) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

static const struct {
	const char *key, *del, *ins, *sel;
} links[] = {
	{"commitments", "DELETE FROM partnership_commitment WHERE partnership_id = $1",
	 "INSERT INTO partnership_commitment (partnership_id, commitment_id) VALUES ($1, $2)",
	 "SELECT commitment_id FROM partnership_commitment WHERE partnership_id = $1 "
	 "ORDER BY commitment_id"},
	{"practices", "DELETE FROM partnership_practice WHERE partnership_id = $1",
	 "INSERT INTO partnership_practice (partnership_id, practice_id) VALUES ($1, $2)",
	 "SELECT practice_id FROM partnership_practice WHERE partnership_id = $1 "
	 "ORDER BY practice_id"},
};

static int write_links(struct db *db, int64_t id, const json_t *clean)
{
	for (size_t k = 0; k < ARRAY_LEN(links); k++) {
		if (db_exec(db, links[k].del, DB_ARGS(DB_INT(id))) < 0)
			return -1;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(clean, links[k].key), i, x)
			if (db_exec(db, links[k].ins, DB_ARGS(DB_INT(id),
			            DB_INT(json_integer_value(x)))) < 0)
				return -1;
	}
	return 0;
}

/* The partnership as an input, for an edit's before and after. */
static json_t *stored(struct db *db, int64_t id)
{
	json_t *row = db_json_row(db, "SELECT name, description, need_id, offer_id "
	                          "FROM partnership WHERE id = $1", DB_ARGS(DB_INT(id)));
	if (!row || json_is_null(row))
		return row;
	for (size_t k = 0; k < ARRAY_LEN(links); k++) {
		json_t *ids = db_json_rows(db, links[k].sel, DB_ARGS(DB_INT(id)));
		if (!ids) {
			json_decref(row);
			return NULL;
		}
		json_t *arr = json_array();
		size_t i;
		json_t *r;
		json_array_foreach(ids, i, r)
			json_array_append(arr, json_object_iter_value(json_object_iter(r)));
		json_decref(ids);
		json_object_set_new(row, links[k].key, arr);
	}
	return row;
}

/* ---- Writes ---------------------------------------------------------------------- */

static enum outcome deny(struct audit_txn *t, struct hwrite *w)
{
	w->action = ACTION_HUB_SUBMIT;
	return hub_deny(t, w, "partnership");
}

/* Whether w's author acts for partnership w->id's lead (into w->actor):
 * OUTCOME_OK, OUTCOME_NOT_FOUND, OUTCOME_DENIED (audited) or _ERROR. */
static enum outcome as_lead(struct db *db, struct audit_txn *t, struct hwrite *w)
{
	enum outcome rc = partnerships_lead(db, w->id, &w->actor);
	if (rc == OUTCOME_OK && !hub_allowed(w->by, ACTION_HUB_SUBMIT, "partnership", w->id,
	                                     w->actor))
		rc = deny(t, w);
	return rc;
}

static enum outcome create_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	if (!hub_allowed(w->by, ACTION_HUB_SUBMIT, "partnership", 0, w->actor))
		return deny(t, w);
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	struct db_res *res = db_query(db, "INSERT INTO partnership (name, description, need_id, "
	                              "offer_id, created_by, created_at, updated_at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
	                              DB_ARGS(db_arg_text(w->clean, "name"),
	                                      db_arg_text(w->clean, "description"),
	                                      db_arg_int(w->clean, "need_id"),
	                                      db_arg_int(w->clean, "offer_id"),
	                                      w->by ? DB_INT(w->by->id) : DB_NULL_ARG,
	                                      DB_TEXT(now)));
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return OUTCOME_ERROR;
	}
	w->out_id = db_int(res, 0);
	db_res_free(res);
	if (db_exec(db, "INSERT INTO partnership_member (partnership_id, actor_id, role, "
	            "joined_at) VALUES ($1, $2, 'lead', $3)",
	            DB_ARGS(DB_INT(w->out_id), DB_INT(w->actor), DB_TEXT(now))) < 0 ||
	    write_links(db, w->out_id, w->clean) < 0 ||
	    audit_record_edit(db, w->by, "partnership.create", "partnership", w->out_id, NULL,
	                      w->clean) < 0 ||
	    changelog_note(db, CHANGE_KIND_PARTNERSHIP, w->out_id) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome partnerships_create(struct db *db, const struct user *by, const json_t *input,
                                 json_t *errors, int64_t *id)
{
	struct hwrite w = {.by = by, .errors = errors, .action = ACTION_HUB_SUBMIT};
	enum outcome rc = validate_into(db, &w, partnership_fields, ARRAY_LEN(partnership_fields),
	                                input);
	if (rc == OUTCOME_OK) {
		w.actor = fields_id(w.clean, "lead_actor_id");
		rc = audit_transaction(db, false, create_txn, &w);
	}
	if (rc == OUTCOME_OK && id)
		*id = w.out_id;
	json_decref(w.clean);
	return rc;
}

static enum outcome edit_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	enum outcome rc = as_lead(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	json_t *before = stored(db, w->id);
	if (!before)
		return OUTCOME_ERROR;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	json_t *after = NULL;
	if (db_exec(db, "UPDATE partnership SET name = $2, description = $3, need_id = $4, "
	            "offer_id = $5, updated_at = $6 WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), db_arg_text(w->clean, "name"),
	                    db_arg_text(w->clean, "description"), db_arg_int(w->clean, "need_id"),
	                    db_arg_int(w->clean, "offer_id"), DB_TEXT(now))) < 0 ||
	    write_links(db, w->id, w->clean) < 0 || !(after = stored(db, w->id)) ||
	    audit_record_edit(db, w->by, "partnership.edit", "partnership", w->id, before,
	                      after) < 0 ||
	    changelog_note(db, CHANGE_KIND_PARTNERSHIP, w->id) < 0)
		rc = OUTCOME_ERROR;
	json_decref(before);
	json_decref(after);
	return rc;
}

enum outcome partnerships_edit(struct db *db, const struct user *by, int64_t id,
                               const json_t *input, json_t *errors)
{
	struct hwrite w = {.by = by, .id = id, .errors = errors, .action = ACTION_HUB_SUBMIT};
	enum outcome rc = validate_into(db, &w, partnership_fields,
	                                ARRAY_LEN(partnership_fields) - 1, input);
	if (rc == OUTCOME_OK)
		rc = audit_transaction(db, false, edit_txn, &w);
	json_decref(w.clean);
	return rc;
}

static enum outcome member_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	enum outcome rc = as_lead(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	int64_t actor = fields_id(w->clean, "actor_id");
	json_t *row = db_json_row(db, "SELECT withdrawn_at FROM partnership_member "
	                          "WHERE partnership_id = $1 AND actor_id = $2",
	                          DB_ARGS(DB_INT(w->id), DB_INT(actor)));
	if (!row)
		return OUTCOME_ERROR;
	if (!json_is_null(row)) {
		/* A withdrawn member's row is its history: it is not rewritten. */
		valid_error(w->errors, "actor_id", json_is_null(json_object_get(row, "withdrawn_at")) ?
		            MSG_MEMBER : MSG_WITHDREW);
		json_decref(row);
		return OUTCOME_INVALID;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	const char *role = json_string_value(json_object_get(w->clean, "role"));
	json_t *changes = json_pack("{s:{s:I}, s:{s:s}}", "member", "after", (json_int_t)actor,
	                            "role", "after", role);
	/* Awaiting its own people's confirmation (partnerships_confirm). */
	if (db_exec(db, "INSERT INTO partnership_member (partnership_id, actor_id, role, "
	            "joined_at, awaiting) VALUES ($1, $2, $3, $4, 1)",
	            DB_ARGS(DB_INT(w->id), DB_INT(actor), DB_TEXT(role), DB_TEXT(now))) < 0 ||
	    db_exec(db, "UPDATE partnership SET updated_at = $2 WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), DB_TEXT(now))) < 0 ||
	    audit_record(db, w->by, "partnership.member", "partnership", w->id, changes) < 0 ||
	    changelog_note(db, CHANGE_KIND_PARTNERSHIP, w->id) < 0)
		rc = OUTCOME_ERROR;
	json_decref(changes);
	return rc;
}

enum outcome partnerships_add_member(struct db *db, const struct user *by, int64_t id,
                                     const json_t *input, json_t *errors)
{
	struct hwrite w = {.by = by, .id = id, .errors = errors, .action = ACTION_HUB_SUBMIT};
	enum outcome rc = validate_into(db, &w, member_fields, ARRAY_LEN(member_fields), input);
	if (rc == OUTCOME_OK)
		rc = audit_transaction(db, false, member_txn, &w);
	json_decref(w.clean);
	return rc;
}

bool partnerships_may_lead(struct db *db, const struct user *by, int64_t id)
{
	int64_t lead = 0;
	return by && partnerships_lead(db, id, &lead) == OUTCOME_OK && lead &&
	       hub_allowed(by, ACTION_HUB_SUBMIT, "partnership", id, lead);
}
