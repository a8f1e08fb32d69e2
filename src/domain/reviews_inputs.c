/* reviews_inputs.c — civil society's written inputs to a review cycle:
 * submitted by an accredited partner within the cycle's window, about the
 * cycle, an objective or a state's review; published only once a
 * moderator accepts it, or declined with a reason. Each step one
 * transaction with its audit entry; a denial audited. */
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "audit.h"
#include "changelog.h"
#include "dates.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "permission.h"
#include "reviews.h"
#include "reviews_impl.h"
#include "util.h"
#include "validate.h"

static const char MSG_COUNTRY[] = N_("Unknown country code.");

struct iwrite {
	const struct user *by;
	const char *cycle, *today;
	int64_t id, actor;
	json_t *clean, *errors;
	bool invalid;
};

static enum outcome submit_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct iwrite *w = p;
	struct object_ref obj = {"review_input", 0, w->actor};
	/* A partner's people only: a state speaks through its review. */
	if (w->by && (!can(w->by, ACTION_INPUT_SUBMIT, &obj) || w->by->actor_is_state))
		return audit_txn_deny(t, w->by, ACTION_INPUT_SUBMIT, &obj);
	json_t *cycle = reviews_cycle_row(db, w->cycle, NULL);
	if (!cycle)
		return OUTCOME_ERROR;
	if (json_is_null(cycle))
		return OUTCOME_NOT_FOUND;
	bool open = reviews_window_open(cycle, w->today);
	json_decref(cycle);
	if (w->invalid)
		return OUTCOME_INVALID;
	if (!open) {
		valid_error(w->errors, "cycle", REVIEW_MSG_WINDOW);
		return OUTCOME_INVALID;
	}
	const char *about = json_string_value(json_object_get(w->clean, "about"));
	bool on_review = strcmp(about, "review") == 0;
	bool on_objective = strcmp(about, "objective") == 0;
	int64_t known = 1;
	if (on_review && db_scalar_int(db, &known, 0, "SELECT COUNT(*) FROM country WHERE iso3 = $1",
	                               DB_ARGS(db_arg_text(w->clean, "iso3"))) < 0)
		return OUTCOME_ERROR;
	if (!known) {
		valid_error(w->errors, "iso3", MSG_COUNTRY);
		return OUTCOME_INVALID;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	struct db_res *res = db_query(db,
		"INSERT INTO review_input (cycle_id, about, objective, iso3, actor_id, created_by, "
		"title, body, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) "
		"RETURNING id",
		DB_ARGS(DB_TEXT(w->cycle), DB_TEXT(about),
		        on_objective ? db_arg_int(w->clean, "objective") : DB_NULL_ARG,
		        on_review ? db_arg_text(w->clean, "iso3") : DB_NULL_ARG, DB_INT(w->actor),
		        w->by ? DB_INT(w->by->id) : DB_NULL_ARG, db_arg_text(w->clean, "title"),
		        db_arg_text(w->clean, "body"), DB_TEXT(now)));
	enum outcome rc = res && db_next(res) == 1 ? OUTCOME_OK : OUTCOME_ERROR;
	if (rc == OUTCOME_OK)
		w->id = db_int(res, 0);
	db_res_free(res);
	if (rc == OUTCOME_OK && audit_record_edit(db, w->by, "input.submit", "review_input", w->id,
	                                          NULL, w->clean) < 0)
		rc = OUTCOME_ERROR;
	return rc;
}

enum outcome reviews_input_submit(struct db *db, const struct user *by, const char *cycle,
                                  const json_t *input, const char *today, json_t *errors,
                                  int64_t *id)
{
	char buf[DATE_LEN + 1];
	struct iwrite w = {.by = by, .cycle = cycle, .errors = errors,
	                   .today = dates_resolve_today(today, buf)};
	w.actor = by ? by->actor_id : fields_id(input, "actor_id");
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	w.invalid = valid_check(review_input_fields, review_input_nfields, in, NULL, errors,
	                        &w.clean) > 0;
	json_decref(in);
	enum outcome rc = audit_transaction(db, false, submit_txn, &w);
	json_decref(w.clean);
	if (rc == OUTCOME_OK && id)
		*id = w.id;
	return rc;
}

/* ---- Moderation ------------------------------------------------------------------------- */

static enum outcome decide_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct iwrite *w = p;
	json_t *row = db_json_row(db, "SELECT actor_id, status FROM review_input WHERE id = $1",
	                          DB_ARGS(DB_INT(w->id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	struct object_ref obj = {"review_input", w->id,
	                         json_integer_value(json_object_get(row, "actor_id"))};
	bool pending = strcmp(json_string_value(json_object_get(row, "status")), "pending") == 0;
	json_decref(row);
	if (w->by && !can(w->by, ACTION_INPUT_MODERATE, &obj))
		return audit_txn_deny(t, w->by, ACTION_INPUT_MODERATE, &obj);
	if (w->invalid)
		return OUTCOME_INVALID;
	if (!pending)
		return OUTCOME_CONFLICT;
	bool accept = strcmp(json_string_value(json_object_get(w->clean, "decision")), "accept") == 0;
	const char *status = accept ? "accepted" : "declined";
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "UPDATE review_input SET status = $2, reason = $3, decided_by = $4, "
	            "decided_at = $5 WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), DB_TEXT(status),
	                    accept ? DB_NULL_ARG : db_arg_text(w->clean, "reason"),
	                    w->by ? DB_INT(w->by->id) : DB_NULL_ARG, DB_TEXT(now))) < 0)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:s, s:s}, s:{s:n, s:O}}", "status", "before", "pending",
	                            "after", status, "reason", "before", "after",
	                            json_object_get(w->clean, "reason"));
	int rc = audit_record(db, w->by, "input.moderate", "review_input", w->id, changes);
	json_decref(changes);
	/* Public from its acceptance on; a declined one never was. */
	if (rc == 0 && accept)
		rc = changelog_note(db, CHANGE_KIND_REVIEW_INPUT, w->id);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome reviews_input_decide(struct db *db, const struct user *by, int64_t id,
                                  const json_t *input, json_t *errors)
{
	struct iwrite w = {.by = by, .id = id, .errors = errors};
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	w.invalid = valid_check(review_decision_fields, review_decision_nfields, in, NULL, errors,
	                        &w.clean) > 0;
	json_decref(in);
	enum outcome rc = audit_transaction(db, false, decide_txn, &w);
	json_decref(w.clean);
	return rc;
}

/* ---- Lists ------------------------------------------------------------------------------ */

/* The columns of an input as the lists show it. */
#define INPUT_COLUMNS "SELECT i.id, i.about, i.objective, i.iso3, i.actor_id, i.title, i.body, " \
	"i.status, i.reason, i.created_at, i.cycle_id, i.hidden_at FROM review_input i "

/* $1 the cycle, $2 the country or NULL, $3 1 for every status. */
static const char SQL_INPUTS[] =
	INPUT_COLUMNS "WHERE i.cycle_id = $1 "
	"AND (CAST($2 AS TEXT) IS NULL OR i.iso3 = $2) AND ($3 = 1 OR (" REVIEW_INPUT_LISTED("i") ")) "
	"ORDER BY i.id DESC";

/* Adds each input's actor {id, name} and its status flags ("hidden": by
 * a flag, which only a moderator's list holds). */
static void decorate(struct db *db, const char *locale, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		int64_t actor = json_integer_value(json_object_get(r, "actor_id"));
		struct db_res *res = actors_query_named(db, locale, "SELECT ",
		                                          " FROM actor a WHERE a.id = $?",
		                                          DB_INT(actor));
		if (res && db_next(res) == 1)
			json_object_set_new(r, "actor", json_pack("{s:I, s:s}", "id", (json_int_t)actor,
			                    "name", db_text(res, 0)));
		db_res_free(res);
		json_object_set_new(r, "pending", json_boolean(strcmp(json_string_value(
		                    json_object_get(r, "status")), "pending") == 0));
		json_object_set_new(r, "declined", json_boolean(strcmp(json_string_value(
		                    json_object_get(r, "status")), "declined") == 0));
		json_object_set_new(r, "hidden", json_boolean(!json_is_null(json_object_get(r,
		                    "hidden_at"))));
		json_object_del(r, "hidden_at");
	}
}

json_t *reviews_inputs(struct db *db, const char *locale, const char *cycle, const char *iso3,
                       bool all)
{
	json_t *rows = db_json_rows(db, SQL_INPUTS, DB_ARGS(DB_TEXT(cycle),
	                            iso3 ? DB_TEXT(iso3) : DB_NULL_ARG, DB_INT(all ? 1 : 0)));
	if (!rows)
		return NULL;
	decorate(db, locale, rows);
	return json_pack("{s:o}", "inputs", rows);
}

json_t *reviews_input_get(struct db *db, const char *locale, int64_t id)
{
	json_t *rows = db_json_rows(db, INPUT_COLUMNS "WHERE i.id = $1 AND " REVIEW_INPUT_LISTED("i"),
	                            DB_ARGS(DB_INT(id)));
	if (!rows)
		return NULL;
	decorate(db, locale, rows);
	json_t *r = json_array_get(rows, 0);
	json_t *found = r ? json_incref(r) : json_null();
	json_decref(rows);
	if (r) {
		char url[REVIEW_CYCLE_ID_MAX + 48];
		snprintf(url, sizeof url, "/reviews/%s/inputs#input-%lld",
		         json_string_value(json_object_get(r, "cycle_id")), (long long)id);
		json_object_set_new(found, "url", json_string(url));
	}
	return found;
}

int reviews_input_cycle(struct db *db, int64_t id, char cycle[REVIEW_CYCLE_ID_MAX + 1])
{
	json_t *row = db_json_row(db, "SELECT cycle_id FROM review_input WHERE id = $1",
	                          DB_ARGS(DB_INT(id)));
	if (!row)
		return -1;
	const char *c = json_string_value(json_object_get(row, "cycle_id"));
	snprintf(cycle, REVIEW_CYCLE_ID_MAX + 1, "%s", c ? c : "");
	json_decref(row);
	return 0;
}

int reviews_input_insert(struct db *db, const char *cycle, const char *iso3, int64_t actor,
                         const char *title, const char *body, const char *at, const char *origin)
{
	struct db_res *res = db_query(db, "INSERT INTO review_input (cycle_id, about, iso3, actor_id, "
		"title, body, status, decided_at, origin, created_at) VALUES ($1, 'review', $2, $3, $4, "
		"$5, 'accepted', $6, $7, $6) RETURNING id",
		DB_ARGS(DB_TEXT(cycle), DB_TEXT(iso3), DB_INT(actor), DB_TEXT(title), DB_TEXT(body),
		        DB_TEXT(at), DB_TEXT(origin)));
	int64_t id = res && db_next(res) == 1 ? db_int(res, 0) : 0;
	db_res_free(res);
	return id ? changelog_note(db, CHANGE_KIND_REVIEW_INPUT, id) : -1;
}
