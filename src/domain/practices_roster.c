/* practices_roster.c — the reviewer roster administrators keep, the
 * approvals publication needs, and each reviewer's queue (/review). */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "codes.h"
#include "db.h"
#include "i18n.h"
#include "permission.h"
#include "practices.h"
#include "practices_impl.h"
#include "principal.h"
#include "util.h"
#include "validate.h"

int practices_on_roster(struct db *db, int64_t user_id, bool *on, bool *tie_break)
{
	json_t *row = db_json_row(db, "SELECT tie_break FROM practice_reviewer WHERE user_id = $1",
	                          DB_ARGS(DB_INT(user_id)));
	if (!row)
		return -1;
	*on = json_is_object(row);
	if (tie_break)
		*tie_break = *on && json_integer_value(json_object_get(row, "tie_break")) != 0;
	json_decref(row);
	return 0;
}

int practices_required_approvals(struct db *db, int64_t *n)
{
	return db_scalar_int(db, n, PRACTICE_APPROVALS_DEFAULT, "SELECT value FROM practice_setting "
	                     "WHERE name = 'required_approvals'", NO_ARGS);
}

/* ---- Keeping the roster ------------------------------------------------------------- */

static const char MSG_NO_ACCOUNT[] = N_("No account has this e-mail address.");

static const struct field roster_fields[] = {
	{"email", FIELD_EMAIL, FIELD_REQUIRED, .max = EMAIL_MAX},
	{"tie_break", FIELD_BOOL, 0},
};

static const struct field approvals_fields[] = {
	{"required_approvals", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = PRACTICE_APPROVALS_MAX},
};

/* The roster's writes: w->clean holds the checked input, w->out_id the
 * account (0 for the approvals), w->status the step ("add", "remove",
 * "approvals"). */
static enum outcome roster_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	if (w->by && !can(w->by, ACTION_PRACTICE_ROSTER, NULL))
		return pwrite_deny(t, w);
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	json_t *changes = NULL;
	int64_t n = 0;
	if (strcmp(w->status, "add") == 0) {
		bool tie = json_is_true(json_object_get(w->clean, "tie_break"));
		n = db_exec(db, "DELETE FROM practice_reviewer WHERE user_id = $1",
		            DB_ARGS(DB_INT(w->out_id)));
		if (n >= 0)
			n = db_exec(db, "INSERT INTO practice_reviewer (user_id, tie_break, added_at) "
			            "VALUES ($1, $2, $3)", DB_ARGS(DB_INT(w->out_id), DB_INT(tie),
			                                           DB_TEXT(now)));
		changes = json_pack("{s:{s:n, s:{s:I, s:b}}}", "reviewer", "before", "after",
		                    "user_id", (json_int_t)w->out_id, "tie_break", tie);
	} else if (strcmp(w->status, "remove") == 0) {
		n = db_exec(db, "DELETE FROM practice_reviewer WHERE user_id = $1",
		            DB_ARGS(DB_INT(w->out_id)));
		if (n == 0)
			return OUTCOME_NOT_FOUND;
		changes = json_pack("{s:{s:I, s:n}}", "reviewer", "before", (json_int_t)w->out_id,
		                    "after");
	} else {
		int64_t before;
		json_int_t after = json_integer_value(json_object_get(w->clean, "required_approvals"));
		if (practices_required_approvals(db, &before) < 0)
			return OUTCOME_ERROR;
		n = db_exec(db, "DELETE FROM practice_setting WHERE name = 'required_approvals'", NO_ARGS);
		if (n >= 0)
			n = db_exec(db, "INSERT INTO practice_setting (name, value) "
			            "VALUES ('required_approvals', $1)", DB_ARGS(DB_INT(after)));
		changes = json_pack("{s:{s:I, s:I}}", "required_approvals", "before",
		                    (json_int_t)before, "after", after);
	}
	int rc = n < 0 ? -1 : audit_record(db, w->by, "practice.roster", "practice_roster",
	                                       w->out_id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

static enum outcome roster_write(struct db *db, struct pwrite *w, const struct field *fields,
                                 size_t n, const json_t *input)
{
	w->action = ACTION_PRACTICE_ROSTER;
	if (w->by && !can(w->by, ACTION_PRACTICE_ROSTER, NULL))
		return audit_transaction(db, false, roster_txn, w);   /* audits the denial */
	if (fields && pwrite_input(w, fields, n, input) != OUTCOME_OK)
		return OUTCOME_INVALID;
	enum outcome rc = audit_transaction(db, false, roster_txn, w);
	json_decref(w->clean);
	return rc;
}

enum outcome practices_roster_add(struct db *db, const struct user *by, const json_t *input,
                                  json_t *errors)
{
	struct pwrite w = {.by = by, .errors = errors};
	snprintf(w.status, sizeof w.status, "add");
	const char *email = json_string_value(json_object_get(input, "email"));
	if (email && !valid_error_id(errors, "email")) {
		w.out_id = principal_find_email(db, email);
		if (w.out_id < 0)
			return OUTCOME_ERROR;
	}
	if (!w.out_id && !valid_blank(json_object_get(input, "email")))
		valid_error(errors, "email", MSG_NO_ACCOUNT);
	return roster_write(db, &w, roster_fields, ARRAY_LEN(roster_fields), input);
}

enum outcome practices_roster_remove(struct db *db, const struct user *by, int64_t user_id)
{
	struct pwrite w = {.by = by, .out_id = user_id};
	snprintf(w.status, sizeof w.status, "remove");
	return roster_write(db, &w, NULL, 0, NULL);
}

enum outcome practices_set_approvals(struct db *db, const struct user *by, const json_t *input,
                                     json_t *errors)
{
	struct pwrite w = {.by = by, .errors = errors};
	snprintf(w.status, sizeof w.status, "approvals");
	return roster_write(db, &w, approvals_fields, ARRAY_LEN(approvals_fields), input);
}

json_t *practices_roster(struct db *db)
{
	json_t *rows = db_json_rows(db, "SELECT u.id, u.name, u.email, a.id AS actor_id, "
	                            "a.name AS actor_name, a.partner_type, r.tie_break "
	                            "FROM practice_reviewer r JOIN account u ON u.id = r.user_id "
	                            "JOIN actor a ON a.id = u.actor_id ORDER BY u.name, u.id", NO_ARGS);
	int64_t required;
	if (!rows || practices_required_approvals(db, &required) < 0) {
		json_decref(rows);
		return NULL;
	}
	json_t *list = json_array();
	bool has_un = false;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		char url[48];
		int64_t aid = json_integer_value(json_object_get(r, "actor_id"));
		snprintf(url, sizeof url, "/actors/%lld", (long long)aid);
		const char *type = json_string_value(json_object_get(r, "partner_type"));
		bool un = type && strcmp(type, "un_entity") == 0;
		has_un |= un;
		json_array_append_new(list, json_pack("{s:O, s:O, s:O, s:{s:I, s:O, s:s}, s:b, s:b}",
		                      "id", json_object_get(r, "id"), "name", json_object_get(r, "name"),
		                      "email", json_object_get(r, "email"), "actor", "id",
		                      (json_int_t)aid, "name", json_object_get(r, "actor_name"),
		                      "url", url, "un_entity", un, "tie_break",
		                      json_integer_value(json_object_get(r, "tie_break")) != 0));
	}
	json_decref(rows);
	return json_pack("{s:o, s:I, s:b}", "reviewers", list, "required_approvals",
	                 (json_int_t)required, "has_un", has_un);
}

/* ---- The queue ------------------------------------------------------------------------ */

static const char *const waiting_codes[] = {"declare", "decide", "tie_break", NULL};
static const char *const waiting_labels[] = {
	N_("Declare any conflict of interest"), N_("Your decision"), N_("A tie-break"), NULL,
};

/* Practices under review user_id may act on, oldest submission first. */
static const char queue_sql[] =
	"SELECT p.id, p.title, p.status, p.round, p.submitted_at, p.tie_break, a.id, a.name, "
	"(SELECT count(*) FROM practice_declaration d WHERE d.practice_id = p.id "
	"  AND d.user_id = $1), "
	"(SELECT count(*) FROM practice_decision d WHERE d.practice_id = p.id "
	"  AND d.round = p.round AND d.decision = 'approve') "
	"FROM practice p JOIN actor a ON a.id = p.actor_id "
	"WHERE p.status IN ('submitted', 'in_review') AND p.actor_id <> $2 "
	"AND (p.created_by IS NULL OR p.created_by <> $1) "
	"AND NOT EXISTS (SELECT 1 FROM practice_partner x WHERE x.practice_id = p.id "
	"  AND x.actor_id = $2) "
	"AND NOT EXISTS (SELECT 1 FROM practice_declaration d WHERE d.practice_id = p.id "
	"  AND d.user_id = $1 AND d.conflict = 1) "
	"AND NOT EXISTS (SELECT 1 FROM practice_decision d WHERE d.practice_id = p.id "
	"  AND d.round = p.round AND d.user_id = $1) "
	"ORDER BY p.submitted_at, p.id LIMIT $3";

json_t *practices_queue(struct db *db, const char *locale, int64_t user_id)
{
	struct user u;
	int64_t required;
	if (principal_get(db, user_id, &u) != OUTCOME_OK ||
	    practices_required_approvals(db, &required) < 0)
		return NULL;
	struct db_res *res = db_query(db, queue_sql, DB_ARGS(DB_INT(user_id), DB_INT(u.actor_id),
	                                                     DB_INT(PRACTICE_PAGE_MAX)));
	if (!res)
		return NULL;
	json_t *list = json_array();
	int r;
	while ((r = db_next(res)) == 1) {
		char url[48], aurl[48];
		int64_t id = db_int(res, 0);
		snprintf(aurl, sizeof aurl, "/actors/%lld", (long long)db_int(res, 6));
		const char *waiting = db_int(res, 8) == 0 ? "declare" :
		                      db_int(res, 5) ? "tie_break" : "decide";
		json_array_append_new(list, json_pack(
			"{s:I, s:s, s:o, s:{s:I, s:o, s:s}, s:s, s:o, s:I, s:o, s:s, s:o, s:I, s:I}",
			"id", (json_int_t)id, "url", practice_url(url, id), "title", pcol_str(res, 1),
			"actor", "id", (json_int_t)db_int(res, 6), "name", pcol_str(res, 7), "url", aurl,
			"status", db_text(res, 2), "status_label",
			code_label_json(locale, practice_statuses, practice_status_labels, db_text(res, 2)),
			"round", (json_int_t)db_int(res, 3), "submitted_at", pcol_str(res, 4),
			"waiting", waiting, "waiting_label",
			code_label_json(locale, waiting_codes, waiting_labels, waiting),
			"approvals", (json_int_t)db_int(res, 9), "required", (json_int_t)required));
	}
	db_res_free(res);
	if (r < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}
