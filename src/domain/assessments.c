/* assessments.c — the independent assessment of commitments: published as
 * a draft open for comment, commented on within its period, finalised by
 * its assessor with an answer; the assessments of a commitment and a
 * country's counts (self-reported beside assessed). Each write is one
 * transaction: can() first (a denial rolled back and audited), the rows,
 * the audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "assessments.h"
#include "audit.h"
#include "changelog.h"
#include "codes.h"
#include "commitments.h"
#include "dates.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "permission.h"
#include "util.h"
#include "validate.h"

static const char MSG_CLOSED[] = N_("The comment period of this assessment is closed.");
static const char MSG_STILL_OPEN[] =
	N_("The comment period is open until {date}: finalise the assessment after it.");
static const char MSG_ANSWER[] = N_("Answer the comments this assessment received.");

static int check_links(struct valid *v, const struct field *f, json_t **value)
{
	return fields_urls(v, f, value, ASSESSMENT_LINKS_MAX);
}

static const struct field create_fields[] = {
	{"verifiable", FIELD_BOOL, 0},
	{"relevance", FIELD_CHOICE, FIELD_REQUIRED, .choices = assessment_relevances},
	{"relevance_note", FIELD_TEXTAREA, 0, .max = ASSESSMENT_NOTE_MAX,
	 .check = fields_text_or_empty},
	{"completion", FIELD_CHOICE, FIELD_REQUIRED, .choices = assessment_completions},
	{"narrative", FIELD_TEXTAREA, FIELD_REQUIRED, .max = ASSESSMENT_TEXT_MAX},
	{"links", FIELD_ANY, 0, .check = check_links},
	{"comment_days", FIELD_INT, 0, .min = 1, .max = ASSESSMENT_COMMENT_DAYS_MAX,
	 .msgid = N_("Enter a number of days from {min} to {max}.")},
};

static const struct field comment_fields[] = {
	{"body", FIELD_TEXTAREA, FIELD_REQUIRED, .max = ASSESSMENT_TEXT_MAX},
};

static const struct field finalise_fields[] = {
	{"response", FIELD_TEXTAREA, 0, .max = ASSESSMENT_TEXT_MAX},
};

/* One write, as its transaction body sees it. */
struct awrite {
	const struct user *by;
	int64_t id, commitment, owner;
	const char *today;
	json_t *clean, *errors;
	bool invalid;
};

/* Every write of the module: input checked against fields (a refusal
 * waits for the 404 and the permission check inside fn), today resolved,
 * fn in one transaction. */
static enum outcome run(struct db *db, struct awrite *w, const struct field *fields, size_t n,
                        const json_t *input, const char *today, audit_txn_fn fn)
{
	char buf[DATE_LEN + 1];
	w->today = dates_resolve_today(today, buf);
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	w->invalid = valid_check(fields, n, in, NULL, w->errors, &w->clean) > 0;
	json_decref(in);
	enum outcome rc = audit_transaction(db, false, fn, w);
	json_decref(w->clean);
	w->clean = NULL;
	return rc;
}

static enum outcome deny(struct audit_txn *t, struct awrite *w, enum action a)
{
	struct object_ref obj = {"assessment", w->id, w->owner};
	return audit_txn_deny(t, w->by, a, &obj);
}

static bool allowed(const struct awrite *w, enum action a)
{
	struct object_ref obj = {"assessment", w->id, w->owner};
	return !w->by || can(w->by, a, &obj);
}

/* ---- Create ----------------------------------------------------------------------- */

static enum outcome create_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct awrite *w = p;
	enum outcome rc = commitments_owner(db, w->commitment, &w->owner);
	if (rc != OUTCOME_OK)
		return rc;
	if (!allowed(w, ACTION_ASSESS))
		return deny(t, w, ACTION_ASSESS);
	if (w->invalid)
		return OUTCOME_INVALID;
	json_int_t days = json_is_integer(json_object_get(w->clean, "comment_days")) ?
	                  json_integer_value(json_object_get(w->clean, "comment_days")) :
	                  ASSESSMENT_COMMENT_DAYS_DEFAULT;
	char closes[DATE_LEN + 1], now[AUDIT_TIME_LEN + 1];
	date_plus_days(w->today, (int)days, closes);
	audit_time(now, 0);
	char *links = json_dumps(json_object_get(w->clean, "links"), JSON_COMPACT);
	struct db_res *res = db_query(db,
		"INSERT INTO assessment (commitment_id, assessor_id, assessor_actor_id, verifiable, "
		"relevance, relevance_note, completion, narrative, links, status, comment_opens, "
		"comment_closes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'comment', "
		"$10, $11, $12) RETURNING id",
		DB_ARGS(DB_INT(w->commitment), w->by ? DB_INT(w->by->id) : DB_NULL_ARG,
		        w->by && w->by->actor_id ? DB_INT(w->by->actor_id) : DB_NULL_ARG,
		        DB_INT(json_is_true(json_object_get(w->clean, "verifiable")) ? 1 : 0),
		        db_arg_text(w->clean, "relevance"), db_arg_text(w->clean, "relevance_note"),
		        db_arg_text(w->clean, "completion"), db_arg_text(w->clean, "narrative"),
		        DB_TEXT(links ? links : "[]"), DB_TEXT(w->today), DB_TEXT(closes),
		        DB_TEXT(now)));
	free(links);
	rc = res && db_next(res) == 1 ? OUTCOME_OK : OUTCOME_ERROR;
	if (rc == OUTCOME_OK)
		w->id = db_int(res, 0);
	db_res_free(res);
	if (rc == OUTCOME_OK) {
		json_object_set_new(w->clean, "commitment_id", json_integer(w->commitment));
		json_object_set_new(w->clean, "comment_closes", json_string(closes));
		if (audit_record_edit(db, w->by, "assessment.create", "assessment", w->id, NULL,
		                      w->clean) < 0 ||
		    changelog_note(db, CHANGE_KIND_ASSESSMENT, w->id) < 0)
			rc = OUTCOME_ERROR;
	}
	return rc;
}

enum outcome assessments_create(struct db *db, const struct user *by, int64_t commitment,
                                const json_t *input, const char *today, json_t *errors,
                                int64_t *id)
{
	struct awrite w = {.by = by, .commitment = commitment, .errors = errors};
	enum outcome rc = run(db, &w, create_fields, ARRAY_LEN(create_fields), input, today,
	                      create_txn);
	if (rc == OUTCOME_OK && id)
		*id = w.id;
	return rc;
}

/* ---- Comment and finalise ---------------------------------------------------------- */

/* Loads assessment w->id: its commitment's owner, and the row. */
static json_t *load(struct db *db, struct awrite *w, enum outcome *rc)
{
	json_t *row = db_json_row(db, "SELECT a.status, a.comment_opens, a.comment_closes, "
	                          "a.assessor_id, c.owner_actor_id FROM assessment a "
	                          "JOIN commitment c ON c.id = a.commitment_id WHERE a.id = $1",
	                          DB_ARGS(DB_INT(w->id)));
	*rc = !row ? OUTCOME_ERROR : json_is_null(row) ? OUTCOME_NOT_FOUND : OUTCOME_OK;
	if (*rc != OUTCOME_OK) {
		json_decref(row);
		return NULL;
	}
	w->owner = json_integer_value(json_object_get(row, "owner_actor_id"));
	return row;
}

static bool is_open(const json_t *row, const char *today)
{
	return strcmp(json_string_value(json_object_get(row, "status")), "comment") == 0 &&
	       strcmp(today, json_string_value(json_object_get(row, "comment_opens"))) >= 0 &&
	       strcmp(today, json_string_value(json_object_get(row, "comment_closes"))) <= 0;
}

static enum outcome comment_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct awrite *w = p;
	enum outcome rc;
	json_t *row = load(db, w, &rc);
	if (!row)
		return rc;
	bool open = is_open(row, w->today);
	json_decref(row);
	if (!allowed(w, ACTION_ASSESSMENT_COMMENT))
		return deny(t, w, ACTION_ASSESSMENT_COMMENT);
	if (w->invalid)
		return OUTCOME_INVALID;
	if (!open) {
		valid_error(w->errors, "body", MSG_CLOSED);
		return OUTCOME_INVALID;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	struct db_res *res = db_query(db, "INSERT INTO assessment_comment (assessment_id, user_id, "
		"actor_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		DB_ARGS(DB_INT(w->id), w->by ? DB_INT(w->by->id) : DB_NULL_ARG,
		        w->by && w->by->actor_id ? DB_INT(w->by->actor_id) : DB_NULL_ARG,
		        db_arg_text(w->clean, "body"), DB_TEXT(now)));
	rc = res && db_next(res) == 1 ? OUTCOME_OK : OUTCOME_ERROR;
	int64_t cid = rc == OUTCOME_OK ? db_int(res, 0) : 0;
	db_res_free(res);
	if (rc == OUTCOME_OK && audit_record_edit(db, w->by, "assessment.comment",
	                                          "assessment_comment", cid, NULL, w->clean) < 0)
		rc = OUTCOME_ERROR;
	return rc;
}

enum outcome assessments_comment(struct db *db, const struct user *by, int64_t id,
                                 const json_t *input, const char *today, json_t *errors)
{
	struct awrite w = {.by = by, .id = id, .errors = errors};
	return run(db, &w, comment_fields, ARRAY_LEN(comment_fields), input, today, comment_txn);
}

static enum outcome finalise_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct awrite *w = p;
	enum outcome rc;
	json_t *row = load(db, w, &rc);
	if (!row)
		return rc;
	bool mine = !w->by || json_integer_value(json_object_get(row, "assessor_id")) == w->by->id;
	bool final = strcmp(json_string_value(json_object_get(row, "status")), "final") == 0;
	char closes[DATE_LEN + 1];
	snprintf(closes, sizeof closes, "%s",
	         json_string_value(json_object_get(row, "comment_closes")));
	json_decref(row);
	if (!mine || !allowed(w, ACTION_ASSESS))
		return deny(t, w, ACTION_ASSESS);
	if (w->invalid)
		return OUTCOME_INVALID;
	if (final)
		return OUTCOME_CONFLICT;
	if (strcmp(w->today, closes) <= 0) {
		valid_error_str(w->errors, "response", MSG_STILL_OPEN, "date", closes);
		return OUTCOME_INVALID;
	}
	int64_t comments = 0;
	if (db_scalar_int(db, &comments, 0, "SELECT COUNT(*) FROM assessment_comment "
	                  "WHERE assessment_id = $1", DB_ARGS(DB_INT(w->id))) < 0)
		return OUTCOME_ERROR;
	if (comments && valid_blank(json_object_get(w->clean, "response"))) {
		valid_error(w->errors, "response", MSG_ANSWER);
		return OUTCOME_INVALID;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "UPDATE assessment SET status = 'final', response = $2, finalised_at = $3 "
	            "WHERE id = $1", DB_ARGS(DB_INT(w->id), db_arg_text(w->clean, "response"),
	                                     DB_TEXT(now))) < 0)
		return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:s, s:s}, s:{s:n, s:O}}", "status", "before", "comment",
	                            "after", "final", "response", "before", "after",
	                            json_object_get(w->clean, "response"));
	int r = audit_record(db, w->by, "assessment.finalise", "assessment", w->id, changes);
	json_decref(changes);
	if (r == 0)
		r = changelog_note(db, CHANGE_KIND_ASSESSMENT, w->id);
	return r < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome assessments_finalise(struct db *db, const struct user *by, int64_t id,
                                  const json_t *input, const char *today, json_t *errors)
{
	struct awrite w = {.by = by, .id = id, .errors = errors};
	return run(db, &w, finalise_fields, ARRAY_LEN(finalise_fields), input, today, finalise_txn);
}

int assessments_commitment(struct db *db, int64_t id, int64_t *commitment)
{
	return db_scalar_int(db, commitment, 0, "SELECT commitment_id FROM assessment WHERE id = $1",
	                     DB_ARGS(DB_INT(id)));
}

static json_t *completion_counts(const char *locale, const json_t *rows);

/* ---- Reads ---------------------------------------------------------------------------- */

/* The name of actor id in locale, or null. */
static json_t *actor_named(struct db *db, const char *locale, int64_t id)
{
	if (!id)
		return json_null();
	struct db_res *res = actors_query_named(db, locale, "SELECT ",
	                                        " FROM actor a WHERE a.id = $?", DB_INT(id));
	json_t *out = res && db_next(res) == 1 ?
		json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", db_text(res, 0)) : json_null();
	db_res_free(res);
	return out;
}

static void label(json_t *o, const char *locale, const char *key, const char *const *codes,
                  const char *const *labels)
{
	char k[48];
	snprintf(k, sizeof k, "%s_label", key);
	json_object_set_new(o, k, code_label_json(locale, codes, labels,
	                    json_string_value(json_object_get(o, key))));
}

/* $1 the commitment, or 0 and $2 one assessment's id. */
static const char SQL_ASSESSMENTS[] =
	"SELECT id, commitment_id, assessor_actor_id, verifiable, relevance, relevance_note, "
	"completion, narrative, links, status, comment_opens, comment_closes, response, "
	"finalised_at FROM assessment WHERE commitment_id = $1 OR id = $2 ORDER BY id DESC";

/* The assessments of commitment (or the one of id), each as its page
 * shows it. NULL on a database error. */
static json_t *assessment_rows(struct db *db, const char *locale, int64_t commitment,
                               int64_t id, const char *today)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	json_t *rows = db_json_rows(db, SQL_ASSESSMENTS, DB_ARGS(DB_INT(commitment), DB_INT(id)));
	if (!rows)
		return NULL;
	size_t i;
	json_t *a;
	json_array_foreach(rows, i, a) {
		json_object_set_new(a, "assessor", actor_named(db, locale, json_integer_value(
		                    json_object_get(a, "assessor_actor_id"))));
		json_object_del(a, "assessor_actor_id");
		json_object_set_new(a, "verifiable", json_boolean(json_integer_value(
		                    json_object_get(a, "verifiable"))));
		json_t *links = json_loads(json_string_value(json_object_get(a, "links")), 0, NULL);
		json_object_set_new(a, "links", links ? links : json_array());
		label(a, locale, "relevance", assessment_relevances, assessment_relevance_labels);
		label(a, locale, "completion", assessment_completions, assessment_completion_labels);
		label(a, locale, "status", assessment_statuses, assessment_status_labels);
		json_object_set_new(a, "final", json_boolean(strcmp(json_string_value(
		                    json_object_get(a, "status")), "final") == 0));
		json_object_set_new(a, "open", json_boolean(is_open(a, today)));
		json_t *comments = db_json_rows(db, "SELECT actor_id, body, created_at FROM "
		                                "assessment_comment WHERE assessment_id = $1 ORDER BY id",
		                                DB_ARGS(db_arg_int(a, "id")));
		if (!comments) {
			json_decref(rows);
			return NULL;
		}
		size_t j;
		json_t *c;
		json_array_foreach(comments, j, c) {
			json_object_set_new(c, "actor", actor_named(db, locale, json_integer_value(
			                    json_object_get(c, "actor_id"))));
			json_object_del(c, "actor_id");
		}
		json_object_set_new(a, "has_comments", json_boolean(json_array_size(comments)));
		json_object_set_new(a, "comments", comments);
	}
	return rows;
}

json_t *assessments_of(struct db *db, const char *locale, int64_t commitment, const char *today)
{
	json_t *rows = assessment_rows(db, locale, commitment, 0, today);
	if (!rows)
		return NULL;
	return json_pack("{s:o, s:b}", "assessments", rows, "has_assessments",
	                 json_array_size(rows) > 0);
}

json_t *assessments_get(struct db *db, const char *locale, int64_t id)
{
	json_t *rows = assessment_rows(db, locale, 0, id, NULL);
	if (!rows)
		return NULL;
	json_t *a = json_array_get(rows, 0);
	if (!a) {
		json_decref(rows);
		return json_null();
	}
	char url[64];
	snprintf(url, sizeof url, "/commitments/%lld#assessment-%lld",
	         (long long)json_integer_value(json_object_get(a, "commitment_id")), (long long)id);
	json_object_set_new(a, "url", json_string(url));
	json_incref(a);
	json_decref(rows);
	return a;
}

static const char SQL_COUNTS[] =
	"SELECT a.completion, COUNT(*) AS n FROM assessment a JOIN commitment c "
	"ON c.id = a.commitment_id JOIN actor s ON s.id = c.owner_actor_id "
	"WHERE s.kind = 'state' AND s.country_iso3 = $1 AND c.withdrawn_at IS NULL "
	"AND c.hidden_at IS NULL AND a.status = 'final' "
	"AND a.id = (SELECT MAX(l.id) FROM assessment l WHERE l.commitment_id = a.commitment_id "
	"AND l.status = 'final') GROUP BY a.completion";

json_t *assessments_country_counts(struct db *db, const char *locale, const char *iso3)
{
	int64_t total = 0;
	if (db_scalar_int(db, &total, 0, "SELECT COUNT(*) FROM commitment c JOIN actor s "
	                  "ON s.id = c.owner_actor_id WHERE s.kind = 'state' AND "
	                  "s.country_iso3 = $1 AND c.withdrawn_at IS NULL AND c.hidden_at IS NULL",
	                  DB_ARGS(DB_TEXT(iso3))) < 0)
		return NULL;
	json_t *rows = db_json_rows(db, SQL_COUNTS, DB_ARGS(DB_TEXT(iso3)));
	if (!rows)
		return NULL;
	json_t *out = completion_counts(locale, rows);
	json_decref(rows);
	json_object_set_new(out, "commitments", json_integer(total));
	return out;
}

/* The completion of the latest final assessment of each commitment in a
 * scope, counted: $1 the objective's number or the region's M49 code.
 * An objective's: each commitment's latest final assessment is kept by
 * migration 0023 (assessment_latest), and the walk starts there, probing
 * the objective's link by its key: it reads the assessed commitments, not
 * every commitment under the objective (8,626 link rows of objective 7 at
 * N=100,000; issue 19). CROSS JOIN keeps SQLite to that order. */
static const char SQL_SCOPE_OBJECTIVE[] =
	"SELECT l.completion, COUNT(*) AS n FROM assessment_latest l CROSS JOIN "
	"commitment_objective o WHERE o.commitment_id = l.commitment_id AND o.objective = $1 "
	"AND o.status <> '" COMMITMENT_WITHDRAWN_MARK "' GROUP BY l.completion";
static const char SQL_SCOPE_REGION[] =
	"SELECT a.completion, COUNT(DISTINCT a.commitment_id) AS n FROM assessment a "
	"JOIN commitment_country k ON k.commitment_id = a.commitment_id "
	"JOIN country c ON c.iso3 = k.iso3 WHERE k.status <> '" COMMITMENT_WITHDRAWN_MARK "' "
	"AND $1 IN (c.region_m49, c.subregion_m49, "
	"c.intermediate_m49) AND a.status = 'final' AND a.id = (SELECT MAX(l.id) FROM assessment l "
	"WHERE l.commitment_id = a.commitment_id AND l.status = 'final') GROUP BY a.completion";

/* {"assessed", "completion": [{code, label, count}]} from rows of
 * (completion, n). */
static json_t *completion_counts(const char *locale, const json_t *rows)
{
	json_t *completion = json_array();
	json_int_t assessed = 0;
	for (size_t k = 0; assessment_completions[k]; k++) {
		json_int_t n = 0;
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			if (strcmp(json_string_value(json_object_get(r, "completion")),
			           assessment_completions[k]) == 0)
				n = json_integer_value(json_object_get(r, "n"));
		assessed += n;
		json_array_append_new(completion, json_pack("{s:s, s:s, s:I}", "code",
		                      assessment_completions[k], "label",
		                      tr(locale, assessment_completion_labels[k]), "count", n));
	}
	return json_pack("{s:I, s:o}", "assessed", assessed, "completion", completion);
}

json_t *assessments_scope_counts(struct db *db, const char *locale, int64_t objective,
                                 const char *region)
{
	json_t *rows = region ? db_json_rows(db, SQL_SCOPE_REGION, DB_ARGS(DB_TEXT(region))) :
	               db_json_rows(db, SQL_SCOPE_OBJECTIVE, DB_ARGS(DB_INT(objective)));
	if (!rows)
		return NULL;
	json_t *out = completion_counts(locale, rows);
	json_decref(rows);
	return out;
}

json_t *assessments_latest(struct db *db, const char *locale, int limit)
{
	json_t *rows = db_json_rows(db, "SELECT a.id, a.commitment_id, c.title AS commitment_title, "
		"a.completion, a.status, a.created_at FROM assessment a JOIN commitment c "
		"ON c.id = a.commitment_id ORDER BY a.id DESC LIMIT $1", DB_ARGS(DB_INT(limit)));
	size_t i;
	json_t *a;
	json_array_foreach(rows, i, a)
		label(a, locale, "completion", assessment_completions, assessment_completion_labels);
	return rows;
}

int assessments_insert(struct db *db, int64_t commitment, int64_t assessor_actor,
                       const char *relevance, const char *completion, const char *narrative,
                       const char *opens, const char *closes, const char *origin)
{
	char at[AUDIT_TIME_LEN + 1];
	snprintf(at, sizeof at, "%.10sT12:00:00.000Z", closes);
	struct db_res *res = db_query(db, "INSERT INTO assessment (commitment_id, assessor_actor_id, "
		"verifiable, relevance, completion, narrative, status, comment_opens, comment_closes, "
		"response, origin, created_at, finalised_at) VALUES ($1, $2, 1, $3, $4, $5, 'final', "
		"$6, $7, '', $8, $9, $9) RETURNING id",
		DB_ARGS(DB_INT(commitment), DB_INT(assessor_actor), DB_TEXT(relevance),
		        DB_TEXT(completion), DB_TEXT(narrative), DB_TEXT(opens), DB_TEXT(closes),
		        DB_TEXT(origin), DB_TEXT(at)));
	int64_t id = res && db_next(res) == 1 ? db_int(res, 0) : 0;
	db_res_free(res);
	return id ? changelog_note(db, CHANGE_KIND_ASSESSMENT, id) : -1;
}
