/* reviews_write.c — a voluntary review's life: a version started (copying
 * the latest one's text), saved while a draft, submitted — its content
 * frozen as canonical JSON with its SHA-256, never written again.
 *
 * Every write is one transaction (audit_transaction): can(review.prepare)
 * on the state's actor first (a denial rolled back and audited), then the
 * rows, then the audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "changelog.h"
#include "dates.h"
#include "db.h"
#include "permission.h"
#include "reviews.h"
#include "reviews_impl.h"
#include "util.h"
#include "validate.h"

/* One write on a review, as its transaction body sees it. */
struct rwrite {
	const struct user *by;
	int64_t id;
	const char *cycle, *iso3, *today;
	int64_t actor;
	char status[16];
	json_t *clean;
	json_t *errors;
	bool invalid;              /* the input was refused: only 404 and 403 go before */
};

static bool allowed(const struct rwrite *w)
{
	struct object_ref obj = {"review", w->id, w->actor};
	return !w->by || can(w->by, ACTION_REVIEW_PREPARE, &obj);
}

static enum outcome deny(struct audit_txn *t, const struct rwrite *w)
{
	struct object_ref obj = {"review", w->id, w->actor};
	return audit_txn_deny(t, w->by, ACTION_REVIEW_PREPARE, &obj);
}

/* Loads review w->id's actor and status; then can(). */
static enum outcome load(struct db *db, struct audit_txn *t, struct rwrite *w)
{
	json_t *row = db_json_row(db, "SELECT actor_id, status FROM voluntary_review WHERE id = $1",
	                          DB_ARGS(DB_INT(w->id)));
	if (!row)
		return OUTCOME_ERROR;
	if (json_is_null(row))
		return OUTCOME_NOT_FOUND;
	w->actor = json_integer_value(json_object_get(row, "actor_id"));
	snprintf(w->status, sizeof w->status, "%s", json_string_value(json_object_get(row, "status")));
	json_decref(row);
	if (!allowed(w))
		return deny(t, w);
	return strcmp(w->status, "draft") == 0 ? OUTCOME_OK : OUTCOME_CONFLICT;
}

/* ---- Start a version ------------------------------------------------------------ */

static enum outcome start_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct rwrite *w = p;
	json_t *cycle = reviews_cycle_row(db, w->cycle, NULL);
	if (!cycle)
		return OUTCOME_ERROR;
	bool open = reviews_window_open(cycle, w->today);
	bool there = !json_is_null(cycle);
	json_decref(cycle);
	if (!there)
		return OUTCOME_NOT_FOUND;
	if (db_scalar_int(db, &w->actor, 0, "SELECT id FROM actor WHERE kind = 'state' "
	                  "AND country_iso3 = $1", DB_ARGS(DB_TEXT(w->iso3))) < 0)
		return OUTCOME_ERROR;
	if (!w->actor)
		return OUTCOME_NOT_FOUND;
	if (!allowed(w))
		return deny(t, w);
	if (!open) {
		valid_error(w->errors, "cycle", REVIEW_MSG_WINDOW);
		return OUTCOME_INVALID;
	}
	if (db_scalar_int(db, &w->id, 0, "SELECT id FROM voluntary_review WHERE cycle_id = $1 "
	                  "AND iso3 = $2 AND status = 'draft'",
	                  DB_ARGS(DB_TEXT(w->cycle), DB_TEXT(w->iso3))) < 0)
		return OUTCOME_ERROR;
	if (w->id)
		return OUTCOME_OK;
	json_t *latest = db_json_row(db, "SELECT id, version, summary, links FROM voluntary_review "
	                             "WHERE cycle_id = $1 AND iso3 = $2 ORDER BY version DESC",
	                             DB_ARGS(DB_TEXT(w->cycle), DB_TEXT(w->iso3)));
	if (!latest)
		return OUTCOME_ERROR;
	int64_t version = json_integer_value(json_object_get(latest, "version")) + 1;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	struct db_res *res = db_query(db,
		"INSERT INTO voluntary_review (cycle_id, actor_id, iso3, version, status, summary, "
		"links, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'draft', "
		"COALESCE($5, ''), COALESCE($6, '[]'), $7, $8, $8) RETURNING id",
		DB_ARGS(DB_TEXT(w->cycle), DB_INT(w->actor), DB_TEXT(w->iso3), DB_INT(version),
		        db_arg_text(latest, "summary"), db_arg_text(latest, "links"),
		        w->by ? DB_INT(w->by->id) : DB_NULL_ARG, DB_TEXT(now)));
	enum outcome rc = res && db_next(res) == 1 ? OUTCOME_OK : OUTCOME_ERROR;
	if (rc == OUTCOME_OK)
		w->id = db_int(res, 0);
	db_res_free(res);
	int64_t from = json_integer_value(json_object_get(latest, "id"));
	json_decref(latest);
	if (rc == OUTCOME_OK && from &&
	    db_exec(db, "INSERT INTO review_narrative (review_id, objective, text) "
	            "SELECT $1, objective, text FROM review_narrative WHERE review_id = $2",
	            DB_ARGS(DB_INT(w->id), DB_INT(from))) < 0)
		rc = OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:s}, s:{s:n, s:I}}",
		"cycle", "before", "after", w->cycle, "iso3", "before", "after", w->iso3,
		"version", "before", "after", (json_int_t)version);
	if (rc == OUTCOME_OK &&
	    audit_record(db, w->by, "review.start", "review", w->id, changes) < 0)
		rc = OUTCOME_ERROR;
	json_decref(changes);
	return rc;
}

enum outcome reviews_start(struct db *db, const struct user *by, const char *cycle,
                           const char *iso3, const char *today, json_t *errors, int64_t *id)
{
	char buf[DATE_LEN + 1];
	struct rwrite w = {.by = by, .cycle = cycle, .iso3 = iso3, .errors = errors,
	                   .today = dates_resolve_today(today, buf)};
	enum outcome rc = audit_transaction(db, false, start_txn, &w);
	if (rc == OUTCOME_OK && id)
		*id = w.id;
	return rc;
}

/* ---- Save ------------------------------------------------------------------------- */

/* What a draft says, as the audit compares it. */
static json_t *text_of(struct db *db, int64_t id)
{
	json_t *r = db_json_row(db, "SELECT summary, links FROM voluntary_review WHERE id = $1",
	                        DB_ARGS(DB_INT(id)));
	json_t *n = r ? reviews_narratives(db, id) : NULL;
	if (!n) {
		json_decref(r);
		return NULL;
	}
	json_t *links = json_loads(json_string_value(json_object_get(r, "links")), 0, NULL);
	json_object_set_new(r, "links", links ? links : json_array());
	json_object_set_new(r, "narratives", n);
	return r;
}

static enum outcome save_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct rwrite *w = p;
	enum outcome rc = load(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	if (w->invalid)
		return OUTCOME_INVALID;
	json_t *before = text_of(db, w->id);
	if (!before)
		return OUTCOME_ERROR;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	char *links = json_dumps(json_object_get(w->clean, "links"), JSON_COMPACT);
	if (db_exec(db, "UPDATE voluntary_review SET summary = $2, links = $3, updated_at = $4 "
	            "WHERE id = $1", DB_ARGS(DB_INT(w->id), db_arg_text(w->clean, "summary"),
	                                     DB_TEXT(links ? links : "[]"), DB_TEXT(now))) < 0)
		rc = OUTCOME_ERROR;
	free(links);
	const char *key;
	json_t *text;
	json_object_foreach(json_object_get(w->clean, "narratives"), key, text) {
		int64_t n = strtoll(key, NULL, 10);
		if (rc == OUTCOME_OK && db_exec(db, "DELETE FROM review_narrative WHERE review_id = $1 "
		                                "AND objective = $2", DB_ARGS(DB_INT(w->id),
		                                DB_INT(n))) < 0)
			rc = OUTCOME_ERROR;
		if (rc == OUTCOME_OK && *json_string_value(text) &&
		    db_exec(db, "INSERT INTO review_narrative (review_id, objective, text) "
		            "VALUES ($1, $2, $3)", DB_ARGS(DB_INT(w->id), DB_INT(n),
		            DB_TEXT(json_string_value(text)))) < 0)
			rc = OUTCOME_ERROR;
	}
	json_t *after = rc == OUTCOME_OK ? text_of(db, w->id) : NULL;
	if (rc == OUTCOME_OK && (!after || audit_record_edit(db, w->by, "review.edit", "review",
	                                                     w->id, before, after) < 0))
		rc = OUTCOME_ERROR;
	json_decref(before);
	json_decref(after);
	return rc;
}

enum outcome reviews_save(struct db *db, const struct user *by, int64_t id, const json_t *input,
                          json_t *errors)
{
	struct rwrite w = {.by = by, .id = id, .errors = errors};
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	w.invalid = valid_check(review_save_fields, review_save_nfields, in, NULL, errors,
	                        &w.clean) > 0;
	json_decref(in);
	/* A 404 or a denial comes before a complaint about the input. */
	enum outcome rc = audit_transaction(db, false, save_txn, &w);
	json_decref(w.clean);
	return rc;
}

/* ---- Submit ----------------------------------------------------------------------- */

static enum outcome submit_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct rwrite *w = p;
	enum outcome rc = load(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	json_t *cycle = db_json_row(db, "SELECT y.opens, y.closes FROM voluntary_review r "
	                            "JOIN review_cycle y ON y.id = r.cycle_id WHERE r.id = $1",
	                            DB_ARGS(DB_INT(w->id)));
	if (!cycle)
		return OUTCOME_ERROR;
	bool open = reviews_window_open(cycle, w->today);
	json_decref(cycle);
	if (!open) {
		valid_error(w->errors, "cycle", REVIEW_MSG_WINDOW);
		return OUTCOME_INVALID;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	json_t *content = reviews_content(db, w->id, now);
	char *bytes = content ? reviews_canonical(content) : NULL;
	json_decref(content);
	if (!bytes)
		return OUTCOME_ERROR;
	char hash[REVIEW_HASH_LEN + 1];
	reviews_hash(bytes, strlen(bytes), hash);
	if (db_exec(db, "UPDATE voluntary_review SET status = 'submitted', content = $2, hash = $3, "
	            "submitted_at = $4, updated_at = $4, submitted_by = $5 WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), DB_TEXT(bytes), DB_TEXT(hash), DB_TEXT(now),
	                    w->by ? DB_INT(w->by->id) : DB_NULL_ARG)) < 0)
		rc = OUTCOME_ERROR;
	free(bytes);
	json_t *changes = json_pack("{s:{s:s, s:s}, s:{s:n, s:s}}", "status", "before", "draft",
	                            "after", "submitted", "hash", "before", "after", hash);
	if (rc == OUTCOME_OK &&
	    (audit_record(db, w->by, "review.submit", "review", w->id, changes) < 0 ||
	     changelog_note(db, CHANGE_KIND_REVIEW, w->id) < 0 || reviews_index(db, w->id) < 0))
		rc = OUTCOME_ERROR;
	json_decref(changes);
	return rc;
}

enum outcome reviews_submit(struct db *db, const struct user *by, int64_t id,
                            const char *today, json_t *errors)
{
	char buf[DATE_LEN + 1];
	struct rwrite w = {.by = by, .id = id, .errors = errors,
	                   .today = dates_resolve_today(today, buf)};
	return audit_transaction(db, false, submit_txn, &w);
}

/* ---- Finding one ------------------------------------------------------------------- */

int reviews_find(struct db *db, const struct user *viewer, const char *cycle, const char *iso3,
                 int64_t version, int64_t *id)
{
	*id = 0;
	if (version > 0)
		return db_scalar_int(db, id, 0, "SELECT id FROM voluntary_review WHERE cycle_id = $1 "
		                     "AND iso3 = $2 AND version = $3",
		                     DB_ARGS(DB_TEXT(cycle), DB_TEXT(iso3), DB_INT(version)));
	int64_t draft = 0, actor = 0;
	if (db_scalar_int(db, &draft, 0, "SELECT id FROM voluntary_review WHERE cycle_id = $1 "
	                  "AND iso3 = $2 AND status = 'draft'",
	                  DB_ARGS(DB_TEXT(cycle), DB_TEXT(iso3))) < 0 ||
	    db_scalar_int(db, &actor, 0, "SELECT id FROM actor WHERE kind = 'state' AND "
	                  "country_iso3 = $1", DB_ARGS(DB_TEXT(iso3))) < 0)
		return -1;
	struct object_ref obj = {"review", draft, actor};
	if (draft && viewer && can(viewer, ACTION_REVIEW_PREPARE, &obj)) {
		*id = draft;
		return 0;
	}
	return db_scalar_int(db, id, 0, "SELECT id FROM voluntary_review WHERE cycle_id = $1 "
	                     "AND iso3 = $2 AND status = 'submitted' ORDER BY version DESC",
	                     DB_ARGS(DB_TEXT(cycle), DB_TEXT(iso3)));
}

/* ---- For the demo ------------------------------------------------------------------ */

int reviews_insert_submitted(struct db *db, const char *cycle, const char *iso3, int64_t actor,
                             const char *summary, const json_t *narratives,
                             const char *submitted_at, const char *origin, int64_t *id)
{
	/* The next version: a demo run again on the same data supersedes. */
	int64_t version = 0;
	if (db_scalar_int(db, &version, 0, "SELECT COALESCE(MAX(version), 0) FROM voluntary_review "
	                  "WHERE cycle_id = $1 AND iso3 = $2", DB_ARGS(DB_TEXT(cycle),
	                  DB_TEXT(iso3))) < 0)
		return -1;
	version++;
	struct db_res *res = db_query(db,
		"INSERT INTO voluntary_review (cycle_id, actor_id, iso3, version, status, summary, "
		"origin, created_at, updated_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $7) "
		"RETURNING id",
		DB_ARGS(DB_TEXT(cycle), DB_INT(actor), DB_TEXT(iso3), DB_INT(version), DB_TEXT(summary),
		        DB_TEXT(origin), DB_TEXT(submitted_at)));
	int rc = res && db_next(res) == 1 ? 0 : -1;
	if (rc == 0)
		*id = db_int(res, 0);
	db_res_free(res);
	const char *key;
	json_t *text;
	json_object_foreach((json_t *)narratives, key, text)
		if (rc == 0 && db_exec(db, "INSERT INTO review_narrative (review_id, objective, text) "
		                       "VALUES ($1, $2, $3)", DB_ARGS(DB_INT(*id),
		                       DB_INT(strtoll(key, NULL, 10)),
		                       DB_TEXT(json_string_value(text)))) < 0)
			rc = -1;
	/* Frozen as a submission freezes it (submit_txn): the same content,
	 * the same canonical bytes, their hash. */
	json_t *content = rc == 0 ? reviews_content(db, *id, submitted_at) : NULL;
	char *bytes = content ? reviews_canonical(content) : NULL;
	json_decref(content);
	char hash[REVIEW_HASH_LEN + 1];
	if (bytes)
		reviews_hash(bytes, strlen(bytes), hash);
	if (!bytes || db_exec(db, "UPDATE voluntary_review SET status = 'submitted', content = $2, "
	                      "hash = $3, submitted_at = $4 WHERE id = $1",
	                      DB_ARGS(DB_INT(*id), DB_TEXT(bytes), DB_TEXT(hash),
	                              DB_TEXT(submitted_at))) < 0)
		rc = -1;
	free(bytes);
	if (rc == 0)
		rc = changelog_note(db, CHANGE_KIND_REVIEW, *id);
	if (rc == 0)
		rc = reviews_index(db, *id);
	return rc;
}
