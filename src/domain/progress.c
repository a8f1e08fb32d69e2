/* progress.c — progress updates: validation, the append-only write, the
 * commitment's recomputed current status, the timeline and the latest
 * updates of a scope.
 *
 * Nothing here (or anywhere) updates or deletes a progress_update row or
 * its children; the schema's triggers refuse it besides. The commitment's
 * row is the commitments module's to write: its status, percent,
 * milestone and report dates are a cache of its updates that
 * commitments_refresh_at recomputes, moving its updated_at in the same
 * statement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "audit.h"
#include "buf.h"
#include "changelog.h"
#include "codes.h"
#include "commitments.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "markdown.h"
#include "permission.h"
#include "progress.h"
#include "query.h"
#include "scope.h"
#include "text.h"
#include "users.h"
#include "util.h"
#include "validate.h"

static const char MSG_FUTURE[] = N_("The report date cannot be in the future.");
static const char MSG_VALUES[] = N_("Indicator values must be numbers.");
static const char MSG_VALUES_SHAPE[] =
	N_("Indicator values are a list of objects, each naming its indicator: [{\"indicator_id\": 7, \"value\": 610}].");
static const char MSG_VALUE_INDICATOR[] = N_("This indicator does not belong to the commitment.");
static const char MSG_EVIDENCE[] =
	N_("Evidence links must start with http:// or https:// and name a host.");
static const char MSG_CORRECTS[] = N_("No earlier update of this commitment has this number.");
static const char MSG_CORRECTED[] =
	N_("This update has already been corrected: correct the correction instead.");
static const char MSG_WHOLE[] = N_("Enter a whole number.");
static const char MSG_PERCENT[] = N_("The percentage must be a whole number from {min} to {max}.");

/* ---- Validation: a field table (validate.h) ----------------------------------------- */

/* "today" is the table's context. */
static int check_not_future(struct valid *v, const struct field *f, json_t **value)
{
	const char *date = json_string_value(*value);
	if (date && strcmp(date, v->ctx) > 0) {
		valid_error(v->errors, f->name, MSG_FUTURE);
		return -1;
	}
	return 0;
}

static const struct field value_parts[] = {
	{"indicator_id", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .msgid = MSG_VALUES},
	{"value", FIELD_NUMBER, 0, .msgid = MSG_VALUES},
};

/* One indicator value {indicator_id, value}; a value left empty is no
 * report on that indicator (left out). */
static json_t *indicator_value(struct valid *v, const struct field *f, const json_t *item,
                               const json_t *done)
{
	json_t *id = NULL, *x = NULL;
	/* Not the one shape (a bare number, as a list by position would be):
	 * the message shows the shape. */
	if (!json_is_object(item) || !json_object_get(item, "indicator_id")) {
		valid_error(v->errors, f->name, MSG_VALUES_SHAPE);
		return NULL;
	}
	if (!(id = valid_value(v, &value_parts[0], f->name, json_object_get(item, "indicator_id"))) ||
	    json_is_null(id) ||
	    !(x = valid_value(v, &value_parts[1], f->name, json_object_get(item, "value")))) {
		json_decref(id);
		valid_error(v->errors, f->name, MSG_VALUES);
		return NULL;
	}
	if (json_is_null(x)) {
		json_decref(id);
		return x;
	}
	return json_pack("{s:o, s:o}", "indicator_id", id, "value", x);
}

static int check_values(struct valid *v, const struct field *f, json_t **value)
{
	return fields_items(v, f, value, false, 0, indicator_value);
}

static const struct field evidence_text = {
	"evidence", FIELD_TEXT, 0, .max = PROGRESS_URL_MAX, .msgid = MSG_EVIDENCE,
};
static const struct field evidence_url = {"evidence", FIELD_URL, 0, .msgid = MSG_EVIDENCE};

/* One evidence link: a text (trimmed, one line) that is a web address. */
static json_t *evidence_link(struct valid *v, const struct field *f, const json_t *item,
                             const json_t *done)
{
	json_t *t = valid_value(v, &evidence_text, NULL, item);
	if (!t || json_is_null(t))
		return t;   /* refused, or a blank line */
	json_t *url = valid_value(v, &evidence_url, NULL, t);
	json_decref(t);
	return url;
}

/* Evidence: a list of links, or one text with a link per line. */
static int check_evidence(struct valid *v, const struct field *f, json_t **value)
{
	return fields_items(v, f, value, true, PROGRESS_MAX_EVIDENCE, evidence_link);
}

static const struct field progress_fields[] = {
	{"reported_at", FIELD_DATE, 0, .check = check_not_future},
	{"status", FIELD_CHOICE, FIELD_REQUIRED, .choices = commitment_statuses},
	{"percent", FIELD_INT, 0, .min = 0, .max = 100, .msgid = MSG_PERCENT},
	{"corrects", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .msgid = MSG_WHOLE},
	{"milestone", FIELD_TEXT, 0, .max = PROGRESS_MILESTONE_MAX},
	{"narrative", FIELD_TEXTAREA, 0, .max = PROGRESS_NARRATIVE_MAX,
	 .check = fields_text_or_empty},
	{"indicator_values", FIELD_ANY, 0, .check = check_values, .msgid = MSG_VALUES},
	{"evidence", FIELD_ANY, 0, .check = check_evidence, .msgid = MSG_EVIDENCE},
};

int progress_validate(const json_t *input, const char *today, json_t *errors, json_t **clean)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	json_t *out = NULL;
	if (clean)
		*clean = NULL;
	if (!json_is_object(input)) {
		valid_error(errors, "status", N_("This is required."));
		return (int)json_object_size(errors);
	}
	int n = valid_check(progress_fields, ARRAY_LEN(progress_fields), input, (void *)today,
	                    errors, &out);
	if (n == 0 && clean)
		*clean = out;
	else
		json_decref(out);
	return n;
}

/* ---- Writes ------------------------------------------------------------------ */

static int insert_children(struct db *db, int64_t id, const json_t *clean)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(clean, "indicator_values"), i, v)
		if (db_exec(db, "INSERT INTO progress_indicator_value (update_id, indicator_id, value) "
		            "VALUES ($1, $2, $3)", DB_ARGS(DB_INT(id), db_arg_int(v, "indicator_id"),
		            DB_REAL(json_number_value(json_object_get(v, "value"))))) < 0)
			return -1;
	json_array_foreach(json_object_get(clean, "evidence"), i, v)
		if (db_exec(db, "INSERT INTO progress_evidence (update_id, position, url) "
		            "VALUES ($1, $2, $3)", DB_ARGS(DB_INT(id), DB_INT(i),
		            DB_TEXT(json_string_value(v)))) < 0)
			return -1;
	return 0;
}

int progress_insert(struct db *db, int64_t commitment_id, const json_t *clean,
                    int64_t author_user_id, int64_t actor_id, const char *created_at,
                    bool refresh, int64_t *id)
{
	char now[AUDIT_TIME_LEN + 1];
	if (!created_at) {
		audit_time(now, 0);
		created_at = now;
	}
	struct db_res *res = db_query(db,
		"INSERT INTO progress_update (commitment_id, reported_at, status, percent, milestone, "
		"narrative, corrects, author_user_id, actor_id, created_at) VALUES ($1, $2, $3, $4, "
		"$5, $6, $7, $8, COALESCE($10, (SELECT x.actor_id FROM account x WHERE x.id = $8)), $9) "
		"RETURNING id",
		DB_ARGS(DB_INT(commitment_id), db_arg_text(clean, "reported_at"),
		        db_arg_text(clean, "status"), db_arg_int(clean, "percent"),
		        db_arg_text(clean, "milestone"), db_arg_text(clean, "narrative"),
		        db_arg_int(clean, "corrects"),
		        author_user_id > 0 ? DB_INT(author_user_id) : DB_NULL_ARG,
		        DB_TEXT(created_at), actor_id > 0 ? DB_INT(actor_id) : DB_NULL_ARG));
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return -1;
	}
	int64_t uid = db_int(res, 0);
	db_res_free(res);
	if (insert_children(db, uid, clean) < 0 ||
	    changelog_note(db, CHANGE_KIND_PROGRESS_UPDATE, uid) < 0)
		return -1;
	/* The update it corrects now says so (corrected_by). */
	json_t *corrects = json_object_get(clean, "corrects");
	if (json_is_integer(corrects) &&
	    changelog_note(db, CHANGE_KIND_PROGRESS_UPDATE, json_integer_value(corrects)) < 0)
		return -1;
	if (refresh && commitments_refresh(db, commitment_id) < 0)
		return -1;
	if (id)
		*id = uid;
	return 0;
}

struct add {
	const struct user *by;
	int64_t commitment_id;
	int64_t owner;
	json_t *clean;
	json_t *errors;
	const char *today;
	int64_t id;
};

static enum outcome deny_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct add *a = p;
	struct object_ref obj = {"commitment", a->commitment_id, a->owner};
	return audit_txn_deny(t, a->by, ACTION_PROGRESS_ADD, &obj);
}

static bool allowed(const struct add *a)
{
	struct object_ref obj = {"commitment", a->commitment_id, a->owner};
	return !a->by || can(a->by, ACTION_PROGRESS_ADD, &obj);
}

/* The corrected update must be this commitment's and not corrected yet;
 * a correction without a date takes the corrected update's. */
static enum outcome check_corrects(struct db *db, struct add *a)
{
	const json_t *k = json_object_get(a->clean, "corrects");
	if (!json_is_integer(k))
		return OUTCOME_OK;
	json_t *row = db_json_row(db, "SELECT p.commitment_id, p.reported_at, "
	                          "(SELECT count(*) FROM progress_update x WHERE x.corrects = p.id) "
	                          "AS corrections FROM progress_update p WHERE p.id = $1",
	                          DB_ARGS(DB_INT(json_integer_value(k))));
	if (!row)
		return OUTCOME_ERROR;
	enum outcome rc = OUTCOME_OK;
	if (json_is_null(row) ||
	    json_integer_value(json_object_get(row, "commitment_id")) != a->commitment_id)
		rc = OUTCOME_INVALID, valid_error(a->errors, "corrects", MSG_CORRECTS);
	else if (json_integer_value(json_object_get(row, "corrections")) > 0)
		rc = OUTCOME_INVALID, valid_error(a->errors, "corrects", MSG_CORRECTED);
	else if (json_is_null(json_object_get(a->clean, "reported_at")))
		json_object_set(a->clean, "reported_at", json_object_get(row, "reported_at"));
	json_decref(row);
	return rc;
}

static enum outcome check_indicators(struct db *db, struct add *a)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(a->clean, "indicator_values"), i, v) {
		int64_t n;
		if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM commitment_indicator "
		                  "WHERE id = $1 AND commitment_id = $2",
		                  DB_ARGS(db_arg_int(v, "indicator_id"), DB_INT(a->commitment_id))) < 0)
			return OUTCOME_ERROR;
		if (n == 0) {
			valid_error(a->errors, "indicator_values", MSG_VALUE_INDICATOR);
			return OUTCOME_INVALID;
		}
	}
	return OUTCOME_OK;
}

static enum outcome add_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct add *a = p;
	enum outcome rc = commitments_owner(db, a->commitment_id, &a->owner);
	if (rc != OUTCOME_OK)
		return rc;
	if (!allowed(a))
		return deny_txn(db, t, p);
	/* A withdrawn commitment is kept as it was: nothing is reported on it. */
	int64_t withdrawn = 0;
	if (db_scalar_int(db, &withdrawn, 0, "SELECT count(*) FROM commitment WHERE id = $1 "
	                  "AND withdrawn_at IS NOT NULL", DB_ARGS(DB_INT(a->commitment_id))) < 0)
		return OUTCOME_ERROR;
	if (withdrawn)
		return OUTCOME_CONFLICT;
	if ((rc = check_corrects(db, a)) != OUTCOME_OK || (rc = check_indicators(db, a)) != OUTCOME_OK)
		return rc;
	if (json_is_null(json_object_get(a->clean, "reported_at")))
		json_object_set_new(a->clean, "reported_at", json_string(a->today));
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (progress_insert(db, a->commitment_id, a->clean, a->by ? a->by->id : 0,
	                    a->by ? a->by->actor_id : 0, now, false,
	                    &a->id) < 0 ||
	    commitments_refresh_at(db, a->commitment_id, now) < 0)
		return OUTCOME_ERROR;
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)a->commitment_id);
	json_t *after = json_deep_copy(a->clean);
	json_object_set_new(after, "id", json_integer(a->id));
	json_t *changes = json_pack("{s:{s:n, s:o}}", "progress_update", "before", "after", after);
	struct audit_event e = {
		.user = a->by, .action = "progress.add", .object_type = "commitment",
		.object_id = oid, .changes = changes,
		.channel = a->by && a->by->channel ? a->by->channel : "cli",
		.client_addr = a->by ? a->by->client_addr : NULL,
	};
	int arc = audit_append(db, &e);
	json_decref(changes);
	return arc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome progress_add(struct db *db, const struct user *by, int64_t commitment_id,
                          const json_t *input, json_t *errors, const char *today, int64_t *id)
{
	char buf[DATE_LEN + 1];
	struct add a = {.by = by, .commitment_id = commitment_id, .errors = errors,
	                .today = dates_resolve_today(today, buf)};
	enum outcome rc = commitments_owner(db, commitment_id, &a.owner);
	if (rc != OUTCOME_OK)
		return rc;
	if (!allowed(&a))
		return audit_transaction(db, false, deny_txn, &a);
	if (progress_validate(input, a.today, errors, &a.clean) > 0 ||
	    json_object_size(errors) > 0) {
		json_decref(a.clean);
		return OUTCOME_INVALID;
	}
	rc = audit_transaction(db, false, add_txn, &a);
	json_decref(a.clean);
	if (rc == OUTCOME_OK && id)
		*id = a.id;
	return rc;
}

/* ---- Reads ---------------------------------------------------------------------- */

static json_t *col_str(struct db_res *res, int col)
{
	const char *s = db_text(res, col);
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

static json_t *col_int(struct db_res *res, int col)
{
	return db_isnull(res, col) ? json_null() : json_integer(db_int(res, col));
}

static json_t *update_url(int64_t commitment_id, int64_t id)
{
	char url[80];
	snprintf(url, sizeof url, "/commitments/%lld#update-%lld", (long long)commitment_id,
	         (long long)id);
	return json_string(url);
}

static json_t *status_label(const char *locale, const char *status)
{
	return code_label_json(locale, commitment_statuses, commitment_status_labels, status);
}

/* The columns every query of updates starts with, in this order. */
enum {
	U_ID, U_COMMITMENT, U_REPORTED, U_STATUS, U_PERCENT, U_MILESTONE, U_NARRATIVE, U_NEXT,
};

/* An update's own members, from a row that starts with the U_ columns:
 * {id, url, reported_at, status, status_label, percent, milestone,
 * narrative}; the caller adds what its query reads beyond them. */
static json_t *update_head(struct db_res *res, const char *locale)
{
	json_t *u = json_object();
	int64_t id = db_int(res, U_ID);
	json_object_set_new(u, "id", json_integer(id));
	json_object_set_new(u, "url", update_url(db_int(res, U_COMMITMENT), id));
	json_object_set_new(u, "reported_at", col_str(res, U_REPORTED));
	json_object_set_new(u, "status", col_str(res, U_STATUS));
	json_object_set_new(u, "status_label", status_label(locale, db_text(res, U_STATUS)));
	json_object_set_new(u, "percent", col_int(res, U_PERCENT));
	json_object_set_new(u, "milestone", col_str(res, U_MILESTONE));
	json_object_set_new(u, "narrative", col_str(res, U_NARRATIVE));
	return u;
}

enum { T_CORRECTS = U_NEXT, T_CORRECTED_BY, T_ACTOR, T_ACTOR_NAME, T_CREATED, T_PERSON, T_HIDDEN };

static json_t *timeline_item(struct db_res *res, const char *locale)
{
	json_t *u = update_head(res, locale);
	json_object_set_new(u, "narrative_html", markdown_json(db_text(res, U_NARRATIVE)));
	json_object_set_new(u, "indicator_values", json_array());
	json_object_set_new(u, "evidence", json_array());
	json_object_set_new(u, "corrects", col_int(res, T_CORRECTS));
	json_object_set_new(u, "corrected_by", col_int(res, T_CORRECTED_BY));
	json_object_set_new(u, "corrected", json_boolean(!db_isnull(res, T_CORRECTED_BY)));
	/* Who reported is the organisation the author acted for; the person's
	 * account id is never shown, their name only when they chose to show
	 * it (issue 11, finding 15; privacy.h). */
	char aurl[48];
	snprintf(aurl, sizeof aurl, "/actors/%lld", (long long)db_int(res, T_ACTOR));
	json_object_set_new(u, "reported_by", db_isnull(res, T_ACTOR) ? json_null() :
	                    json_pack("{s:I, s:o, s:s}", "id", (json_int_t)db_int(res, T_ACTOR),
	                              "name", col_str(res, T_ACTOR_NAME), "url", aurl));
	json_object_set_new(u, "person", col_str(res, T_PERSON));
	json_object_set_new(u, "created_at", col_str(res, T_CREATED));
	/* Flagged (flags.h): the page shows it only to those who may see it. */
	json_object_set_new(u, "hidden", json_boolean(!db_isnull(res, T_HIDDEN)));
	return u;
}

/* Adds the rows of a (update_id, …) query to the items found in index. */
static int timeline_children(struct db *db, int64_t commitment_id, json_t *index)
{
	struct db_res *res = db_query(db,
		"SELECT v.update_id, v.indicator_id, i.name, i.unit, v.value "
		"FROM progress_indicator_value v JOIN progress_update p ON p.id = v.update_id "
		"JOIN commitment_indicator i ON i.id = v.indicator_id WHERE p.commitment_id = $1 "
		"ORDER BY v.update_id, i.position", DB_ARGS(DB_INT(commitment_id)));
	if (!res)
		return -1;
	int rc;
	char k[24];
	while ((rc = db_next(res)) == 1) {
		snprintf(k, sizeof k, "%lld", (long long)db_int(res, 0));
		json_array_append_new(json_object_get(json_object_get(index, k), "indicator_values"),
		                      json_pack("{s:I, s:o, s:o, s:f}", "indicator_id",
		                                (json_int_t)db_int(res, 1), "name", col_str(res, 2),
		                                "unit", col_str(res, 3), "value", db_real(res, 4)));
	}
	db_res_free(res);
	if (rc < 0)
		return -1;
	res = db_query(db, "SELECT e.update_id, e.url FROM progress_evidence e "
	               "JOIN progress_update p ON p.id = e.update_id WHERE p.commitment_id = $1 "
	               "ORDER BY e.update_id, e.position", DB_ARGS(DB_INT(commitment_id)));
	if (!res)
		return -1;
	while ((rc = db_next(res)) == 1) {
		snprintf(k, sizeof k, "%lld", (long long)db_int(res, 0));
		json_array_append_new(json_object_get(json_object_get(index, k), "evidence"),
		                      col_str(res, 1));
	}
	db_res_free(res);
	return rc;
}

json_t *progress_timeline(struct db *db, const char *locale, int64_t commitment_id)
{
	struct db_res *res = actors_query_named(db, locale,
		"SELECT p.id, p.commitment_id, p.reported_at, p.status, p.percent, p.milestone, "
		"p.narrative, p.corrects, (SELECT x.id FROM progress_update x WHERE x.corrects = p.id), "
		"a.id, ",
		", p.created_at, CASE WHEN u.show_name = 1 AND u.deleted_at IS NULL THEN u.name END, "
		"p.hidden_at FROM progress_update p LEFT JOIN account u ON u.id = p.author_user_id "
		"LEFT JOIN actor a ON a.id = COALESCE(p.actor_id, u.actor_id) "
		"WHERE p.commitment_id = $? ORDER BY p.reported_at DESC, p.id DESC", DB_INT(commitment_id));
	if (!res)
		return NULL;
	json_t *list = json_array(), *index = json_object();
	int rc;
	while ((rc = db_next(res)) == 1) {
		json_t *u = timeline_item(res, locale);
		char k[24];
		snprintf(k, sizeof k, "%lld", (long long)db_int(res, U_ID));
		json_object_set(index, k, u);
		json_array_append_new(list, u);
	}
	db_res_free(res);
	if (rc < 0 || (json_array_size(list) && timeline_children(db, commitment_id, index) < 0)) {
		json_decref(list);
		json_decref(index);
		return NULL;
	}
	json_decref(index);
	return json_pack("{s:o}", "updates", list);
}

enum { P_CREATED = U_NEXT, P_TITLE, P_ORIGIN, P_OWNER, P_OWNER_NAME };

/* The columns of a scope's updates, around the owner's name in the
 * reader's language (actors_name_sql). */
static const char latest_head[] =
	"SELECT p.id, p.commitment_id, p.reported_at, p.status, p.percent, p.milestone, "
	"p.narrative, p.created_at, cm.title, cm.origin, a.id, ";
static const char latest_tail[] =
	" FROM progress_update p JOIN commitment cm ON cm.id = p.commitment_id "
	"JOIN actor a ON a.id = cm.owner_actor_id WHERE p.hidden_at IS NULL "
	"AND p.commitment_id IN ";

/* The rows of latest_head … latest_tail as the list progress.h describes. */
static json_t *latest_rows(struct db *db, const char *locale, const struct query *q)
{
	struct db_res *res = q->overflow ? NULL : db_query(db, q->sql, q->nargs, q->args);
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		int64_t cid = db_int(res, U_COMMITMENT);
		char curl[48], aurl[48];
		snprintf(curl, sizeof curl, "/commitments/%lld", (long long)cid);
		snprintf(aurl, sizeof aurl, "/actors/%lld", (long long)db_int(res, P_OWNER));
		bool sample = strcmp(db_text(res, P_ORIGIN), "real") != 0;
		json_t *c = json_pack("{s:I, s:o, s:s, s:o, s:{s:I, s:o, s:s}}", "id", (json_int_t)cid,
		                      "title", col_str(res, P_TITLE), "url", curl,
		                      "origin", col_str(res, P_ORIGIN), "owner", "id",
		                      (json_int_t)db_int(res, P_OWNER), "name",
		                      col_str(res, P_OWNER_NAME), "url", aurl);
		json_t *u = update_head(res, locale);
		json_object_set_new(u, "created_at", col_str(res, P_CREATED));
		json_object_set_new(u, "sample", json_boolean(sample));
		json_object_set_new(u, "commitment", c);
		json_array_append_new(list, u);
	}
	db_res_free(res);
	return rc < 0 ? (json_decref(list), NULL) : list;
}

/* Which updates a list of a scope's updates reads: those of the `limit`
 * commitments first in `pick` (a few constant fragments), in `order`. */
struct latest_order {
	const char *in_scope;   /* the commitments that have any update, aliased c */
	const char *pick;       /* their order and " LIMIT $?)" */
	const char *order;      /* the updates' order and " LIMIT $?" */
};

/* Each commitment keeps its latest report's date and id
 * (last_report_date, last_report_id: schema/0009): the `limit`
 * commitments first in that order hold the scope's `limit` latest reports,
 * since each of them has a report ahead of every report of the others. */
static const struct latest_order by_report = {
	"(SELECT c.id FROM commitment c WHERE c.last_report_date IS NOT NULL "
	"AND c.withdrawn_at IS NULL AND c.hidden_at IS NULL",
	" ORDER BY c.last_report_date DESC, c.last_report_id DESC LIMIT $?)",
	" ORDER BY p.reported_at DESC, p.id DESC LIMIT $?",
};
/* The newest updates in scope all belong to the `limit` commitments whose
 * newest update is newest. */
static const struct latest_order by_recording = {
	"(SELECT c.id FROM commitment c WHERE c.last_update_id IS NOT NULL "
	"AND c.withdrawn_at IS NULL AND c.hidden_at IS NULL",
	" ORDER BY c.last_update_id DESC LIMIT $?)",
	" ORDER BY p.id DESC LIMIT $?",
};

/* A withdrawn commitment's updates are no scope's latest (it counts
 * nowhere: schema/0016_withdrawn). Only the chosen commitments' updates
 * are read: a large scope walks the index of their order, a small one
 * gathers its ids. */
static json_t *latest(struct db *db, const char *locale, const struct scope *s, int limit,
                      enum scope_access how, const struct latest_order *o)
{
	if (limit < 1 || limit > 100)
		limit = 10;
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_sql(&q, latest_head);
	query_sql(&q, actors_name_sql(locale));
	query_sql(&q, latest_tail);
	if (o == &by_report && scope_country_alone(s)) {
		/* The country's own index of its rows' copies of the order
		 * (schema/0036): the first `limit` entries, whatever its size. */
		query_param(&q, "(SELECT x.commitment_id FROM commitment_country x CROSS JOIN "
		            "commitment c WHERE c.id = x.commitment_id AND x.iso3 = upper($?) "
		            "AND x.last_report_date IS NOT NULL AND c.withdrawn_at IS NULL "
		            "AND c.hidden_at IS NULL ORDER BY x.last_report_date DESC, x.last_report_id DESC", DB_TEXT(s->country));
		query_param(&q, " LIMIT $?)", DB_INT(limit));
	} else {
		query_sql(&q, o->in_scope);
		scope_conditions(&q, s, how);
		query_param(&q, o->pick, DB_INT(limit));
	}
	query_param(&q, o->order, DB_INT(limit));
	return latest_rows(db, locale, &q);
}

json_t *progress_latest(struct db *db, const char *locale, const struct scope *s,
                        int limit, int64_t in_scope)
{
	enum scope_access how = scope_country_alone(s) ? SCOPE_GATHER : scope_access_for(db, in_scope);
	return latest(db, locale, s, limit, how, &by_report);
}

json_t *progress_recent(struct db *db, const char *locale, const struct scope *s, int limit)
{
	return latest(db, locale, s, limit, SCOPE_GATHER, &by_recording);
}

/* Every update of the list, its filters and page: the scope gathered
 * (a small one is what a reader filters by), the rest on the update. */
static const char list_tail[] =
	" FROM progress_update p JOIN commitment cm ON cm.id = p.commitment_id "
	"JOIN actor a ON a.id = cm.owner_actor_id WHERE cm.withdrawn_at IS NULL "
	"AND cm.hidden_at IS NULL AND p.hidden_at IS NULL";

json_t *progress_list(struct db *db, const char *locale, const struct progress_filter *f)
{
	int limit = f->limit > 0 ? f->limit : PROGRESS_PAGE_DEFAULT;
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_sql(&q, latest_head);
	query_sql(&q, actors_name_sql(locale));
	query_sql(&q, list_tail);
	const struct scope *s = &f->scope;
	if (s->objective || s->country || s->region || s->actor_id) {
		query_sql(&q, " AND p.commitment_id IN (SELECT c.id FROM commitment c WHERE 1 = 1");
		scope_conditions(&q, s, SCOPE_GATHER);
		query_sql(&q, ")");
	}
	if (f->status)
		query_param(&q, " AND p.status = $?", DB_TEXT(f->status));
	if (f->since)
		query_param(&q, " AND p.reported_at >= $?", DB_TEXT(f->since));
	if (f->until)
		query_param(&q, " AND p.reported_at <= $?", DB_TEXT(f->until));
	if (f->after > 0)
		query_param(&q, " AND p.id < $?", DB_INT(f->after));
	query_param(&q, " ORDER BY p.id DESC LIMIT $?", DB_INT(limit + 1));
	json_t *rows = latest_rows(db, locale, &q);
	if (!rows)
		return NULL;
	json_t *next = json_null();
	if (json_array_size(rows) > (size_t)limit) {
		json_array_remove(rows, (size_t)limit);
		next = json_incref(json_object_get(json_array_get(rows, (size_t)limit - 1), "id"));
	}
	return json_pack("{s:o, s:I, s:o}", "updates", rows, "count",
	                 (json_int_t)json_array_size(rows), "next", next);
}

json_t *progress_get(struct db *db, const char *locale, int64_t id)
{
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_sql(&q, "SELECT p.commitment_id, c.title, c.origin, a.id AS owner_id, "
	          "c.hidden_at AS commitment_hidden, ");
	query_sql(&q, actors_name_sql(locale));
	query_param(&q, " AS owner_name FROM progress_update p JOIN commitment c "
	            "ON c.id = p.commitment_id JOIN actor a ON a.id = c.owner_actor_id "
	            "WHERE p.id = $?", DB_INT(id));
	json_t *row = q.overflow ? NULL : db_json_row(db, q.sql, q.nargs, q.args);
	if (!row || json_is_null(row))
		return row;
	int64_t cid = json_integer_value(json_object_get(row, "commitment_id"));
	json_t *timeline = progress_timeline(db, locale, cid);
	if (!timeline) {
		json_decref(row);
		return NULL;
	}
	json_t *found = json_null();
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(timeline, "updates"), i, u)
		if (json_integer_value(json_object_get(u, "id")) == id)
			found = json_incref(u);
	json_decref(timeline);
	if (json_is_null(found)) {
		json_decref(row);
		return found;
	}
	char curl[48], aurl[48];
	snprintf(curl, sizeof curl, "/commitments/%lld", (long long)cid);
	snprintf(aurl, sizeof aurl, "/actors/%lld",
	         (long long)json_integer_value(json_object_get(row, "owner_id")));
	const char *origin = json_string_value(json_object_get(row, "origin"));
	if (!json_is_null(json_object_get(row, "commitment_hidden")))
		json_object_set_new(found, "hidden", json_true());
	json_object_set_new(found, "commitment", json_pack("{s:I, s:O, s:s, s:{s:O, s:O, s:s}, s:b}",
	                    "id", (json_int_t)cid, "title", json_object_get(row, "title"),
	                    "url", curl, "owner", "id", json_object_get(row, "owner_id"),
	                    "name", json_object_get(row, "owner_name"), "url", aurl,
	                    "sample", origin && strcmp(origin, "real") != 0));
	json_decref(row);
	return found;
}

json_t *progress_page(struct db *db, const char *locale, int64_t commitment_id,
                      const char *today)
{
	json_t *page = commitments_get(db, locale, commitment_id, today);
	if (!page || json_is_null(page))
		return page;
	json_t *timeline = progress_timeline(db, locale, commitment_id);
	if (!timeline) {
		json_decref(page);
		return NULL;
	}
	/* "updates" beside "commitment", in the order the API has always given. */
	json_t *out = json_pack("{s:O, s:O, s:O}", "commitment", json_object_get(page, "commitment"),
	                        "updates", json_object_get(timeline, "updates"),
	                        "has_sample", json_object_get(page, "has_sample"));
	json_decref(timeline);
	json_decref(page);
	return out;
}
