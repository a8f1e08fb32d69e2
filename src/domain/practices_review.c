/* practices_review.c — the peer review of a practice: submission, each
 * reviewer's declaration of interest, questions and answers round after
 * round, decisions, the tie-break, publication or rejection, archiving.
 *
 * The rules are practices.h's top comment. Each step is one transaction:
 * can() first, then what only the review knows (the roster, the
 * declaration, the account that created the practice) — a refusal of
 * either kind is rolled back and audited as denied:practice.review with
 * the reason in its changes — then the rows, the audit entry and the
 * notifications of every party. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "codes.h"
#include "db.h"
#include "i18n.h"
#include "notifications.h"
#include "permission.h"
#include "practices.h"
#include "practices_impl.h"
#include "principal.h"
#include "util.h"
#include "validate.h"

/* What each party is told (translated when shown). */
static const char NOTE_SUBMITTED[] = N_("A practice awaits review: {title}");
static const char NOTE_QUESTION[] = N_("Reviewers asked questions about your practice: {title}");
static const char NOTE_ANSWERED[] = N_("The submitter answered and resubmitted: {title}");
static const char NOTE_PUBLISHED[] = N_("Practice published: {title}");
static const char NOTE_REJECTED[] = N_("Practice not accepted: {title}");
static const char NOTE_TIE_BREAK[] = N_("A split decision needs your tie-break: {title}");

static const char MSG_DECLARE_FIRST[] =
	N_("Declare whether you have a conflict of interest before reviewing.");
static const char MSG_COMMENT[] =
	N_("Say why: the reason for a rejection, the question for changes.");

/* ---- Parties ------------------------------------------------------------------- */

static json_t *title_args(struct db *db, int64_t id)
{
	json_t *row = db_json_row(db, "SELECT title FROM practice WHERE id = $1",
	                          DB_ARGS(DB_INT(id)));
	const char *title = json_string_value(json_object_get(row, "title"));
	json_t *args = json_pack("{s:s}", "title", title ? title : "");
	json_decref(row);
	return args;
}

/* Tells the submitting actor's people. */
static int tell_submitter(struct db *db, const struct pwrite *w, const char *msgid)
{
	char url[48];
	json_t *args = title_args(db, w->id);
	int rc = notifications_add_actor(db, w->actor, msgid, args, practice_url(url, w->id));
	json_decref(args);
	return rc;
}

/* Tells the roster reviewers who may review it (not of its actor; only
 * those marked tie-break when tie_break_only, unless none is). */
static int tell_roster(struct db *db, const struct pwrite *w, const char *msgid,
                       bool tie_break_only)
{
	json_t *users = db_json_rows(db, "SELECT r.user_id FROM practice_reviewer r "
	                             "JOIN account u ON u.id = r.user_id WHERE u.actor_id <> $1 "
	                             "AND u.disabled = 0 AND (r.tie_break = 1 OR $2 = 0 OR NOT EXISTS "
	                             "(SELECT 1 FROM practice_reviewer x WHERE x.tie_break = 1)) "
	                             "ORDER BY r.user_id",
	                             DB_ARGS(DB_INT(w->actor), DB_INT(tie_break_only ? 1 : 0)));
	if (!users)
		return -1;
	char url[48];
	json_t *args = title_args(db, w->id);
	int rc = 0;
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u)
		if (rc == 0 && notifications_add(db, json_integer_value(json_object_get(u, "user_id")),
		                                 msgid, args, practice_url(url, w->id)) < 0)
			rc = -1;
	json_decref(args);
	json_decref(users);
	return rc;
}

/* An audit entry of a status change: {"status": {before, after}} and
 * extra's members. Steals extra (may be NULL). */
static int audit_step(struct db *db, const struct pwrite *w, const char *action,
                      const char *after, json_t *extra)
{
	json_t *changes = extra ? extra : json_object();
	if (after && strcmp(after, w->status) != 0)
		json_object_set_new(changes, "status", json_pack("{s:s, s:s}", "before", w->status,
		                                                 "after", after));
	int rc = audit_record(db, w->by, action, "practice", w->id, changes);
	json_decref(changes);
	return rc;
}

static bool is(const char *status, const char *code)
{
	return strcmp(status, code) == 0;
}

/* ---- Submit, answer, archive: the submitter's side ----------------------------- */

static enum outcome submit_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	enum outcome rc = pwrite_start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	bool again = is(w->status, "changes_requested");
	if (!again && !is(w->status, "draft"))
		return OUTCOME_CONFLICT;
	const char *next = again ? "in_review" : "submitted";
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "UPDATE practice SET status = $2, round = round + 1, tie_break = 0, "
	            "submitted_at = $3, updated_at = $3 WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), DB_TEXT(next), DB_TEXT(now))) < 0 ||
	    audit_step(db, w, "practice.submit", next, NULL) < 0 ||
	    tell_roster(db, w, again ? NOTE_ANSWERED : NOTE_SUBMITTED, false) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome practices_submit(struct db *db, const struct user *by, int64_t id)
{
	struct pwrite w = {.by = by, .id = id, .action = ACTION_PRACTICE_SUBMIT};
	return audit_transaction(db, false, submit_txn, &w);
}

static const struct field answer_fields[] = {
	{"body", FIELD_TEXTAREA, FIELD_REQUIRED, .max = PRACTICE_MESSAGE_MAX},
};

static enum outcome answer_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	enum outcome rc = pwrite_start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	if (!is(w->status, "changes_requested"))
		return OUTCOME_CONFLICT;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "INSERT INTO practice_message (practice_id, user_id, round, kind, body, "
	            "created_at) SELECT id, $2, round, 'answer', $3, $4 FROM practice WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), w->by ? DB_INT(w->by->id) : DB_NULL_ARG,
	                    DB_TEXT(json_string_value(json_object_get(w->clean, "body"))),
	                    DB_TEXT(now))) < 0 ||
	    audit_step(db, w, "practice.answer", NULL,
	               json_pack("{s:{s:n, s:O}}", "answer", "before", "after",
	                         json_object_get(w->clean, "body"))) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome practices_answer(struct db *db, const struct user *by, int64_t id,
                              const json_t *input, json_t *errors)
{
	struct pwrite w = {.by = by, .id = id, .errors = errors, .action = ACTION_PRACTICE_SUBMIT};
	return pwrite_run(db, &w, answer_fields, ARRAY_LEN(answer_fields), input, answer_txn);
}

static enum outcome archive_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	enum outcome rc = pwrite_start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	if (!is(w->status, "published") && !is(w->status, "rejected"))
		return OUTCOME_CONFLICT;
	if (practices_set_status(db, w->id, "archived", NULL) < 0 ||
	    audit_step(db, w, "practice.archive", "archived", NULL) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome practices_archive(struct db *db, const struct user *by, int64_t id)
{
	struct pwrite w = {.by = by, .id = id, .action = ACTION_PRACTICE_SUBMIT};
	return audit_transaction(db, false, archive_txn, &w);
}

/* ---- The reviewer's side ---------------------------------------------------------- */

/* Why a reviewer may not review this practice, beyond can(): NULL when
 * they may; else the reason an audited denial records. *tie_break: the
 * reviewer is marked tie-break on the roster. */
static const char *reviewer_refusal(struct db *db, const struct pwrite *w, bool *tie_break,
                                    bool *failed)
{
	*failed = false;
	*tie_break = false;
	bool on;
	int64_t partner;
	if (practices_on_roster(db, w->by->id, &on, tie_break) < 0 ||
	    db_scalar_int(db, &partner, 0, "SELECT count(*) FROM practice_partner "
	                  "WHERE practice_id = $1 AND actor_id = $2",
	                  DB_ARGS(DB_INT(w->id), DB_INT(w->by->actor_id))) < 0) {
		*failed = true;
		return NULL;
	}
	if (!on)
		return "not_on_roster";
	if (w->created_by == w->by->id)
		return "submitter";
	if (partner > 0)
		return "implementing_partner";
	return NULL;
}

/* Refuses w's reviewer (audited) for `why`. */
static enum outcome refuse_reviewer(struct audit_txn *t, struct pwrite *w, const char *why)
{
	enum outcome o = pwrite_deny(t, w);
	/* The denial's changes are freed by the runner's caller: keep them on w. */
	json_decref(w->denial);
	w->denial = json_pack("{s:{s:n, s:s}}", "refused", "before", "after", why);
	t->denial.changes = w->denial;
	return o;
}

/* The start of a reviewer's step: pwrite_start, then the roster's rules
 * (reviewer_refusal), a refusal audited. */
static enum outcome reviewer_start(struct db *db, struct audit_txn *t, struct pwrite *w,
                                   bool *tie_break)
{
	enum outcome rc = pwrite_start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	bool failed;
	const char *why = reviewer_refusal(db, w, tie_break, &failed);
	if (failed)
		return OUTCOME_ERROR;
	return why ? refuse_reviewer(t, w, why) : OUTCOME_OK;
}

static const struct field declare_fields[] = {
	{"conflict", FIELD_BOOL, 0},
	{"statement", FIELD_TEXTAREA, 0, .max = PRACTICE_MESSAGE_MAX},
};

static bool under_review(const char *status)
{
	return is(status, "submitted") || is(status, "in_review");
}

static enum outcome declare_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	bool tie_break;
	enum outcome rc = reviewer_start(db, t, w, &tie_break);
	if (rc != OUTCOME_OK)
		return rc;
	if (!under_review(w->status))
		return OUTCOME_CONFLICT;
	int64_t had;
	if (db_scalar_int(db, &had, 0, "SELECT count(*) FROM practice_declaration "
	                  "WHERE practice_id = $1 AND user_id = $2",
	                  DB_ARGS(DB_INT(w->id), DB_INT(w->by->id))) < 0)
		return OUTCOME_ERROR;
	if (had)
		return OUTCOME_CONFLICT;
	bool conflict = json_is_true(json_object_get(w->clean, "conflict"));
	const char *statement = json_string_value(json_object_get(w->clean, "statement"));
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	const char *next = !conflict && is(w->status, "submitted") ? "in_review" : w->status;
	if (db_exec(db, "INSERT INTO practice_declaration (practice_id, user_id, conflict, "
	            "statement, created_at) VALUES ($1, $2, $3, $4, $5)",
	            DB_ARGS(DB_INT(w->id), DB_INT(w->by->id), DB_INT(conflict),
	                    DB_TEXT(statement ? statement : ""), DB_TEXT(now))) < 0 ||
	    (next != w->status && practices_set_status(db, w->id, next, NULL) < 0) ||
	    audit_step(db, w, "practice.declare", next,
	               json_pack("{s:{s:n, s:b}}", "conflict", "before", "after", conflict)) < 0)
		return OUTCOME_ERROR;
	return OUTCOME_OK;
}

enum outcome practices_declare(struct db *db, const struct user *by, int64_t id,
                               const json_t *input, json_t *errors)
{
	assert(by);     /* a reviewer is an account (practices.h) */
	struct pwrite w = {.by = by, .id = id, .errors = errors, .action = ACTION_PRACTICE_REVIEW};
	return pwrite_run(db, &w, declare_fields, ARRAY_LEN(declare_fields), input, declare_txn);
}

static int check_comment(struct valid *v, const struct field *f, json_t **value)
{
	const char *d = json_string_value(json_object_get(v->clean, "decision"));
	if (d && strcmp(d, "approve") != 0 && json_is_null(*value)) {
		valid_error(v->errors, f->name, MSG_COMMENT);
		return -1;
	}
	return 0;
}

static const struct field decide_fields[] = {
	{"decision", FIELD_CHOICE, FIELD_REQUIRED, .choices = practice_decisions},
	{"comment", FIELD_TEXTAREA, 0, .max = PRACTICE_MESSAGE_MAX, .check = check_comment},
};

/* The round's tally once a decision is added. A UN entity's approval is
 * needed when the roster has a UN entity's reviewer who may review this
 * practice (one of the submitting actor's own could never give it). */
struct tally {
	int64_t approvals, rejections, un_approvals, required, un_reviewers;
};

static int tally_round(struct db *db, int64_t id, int64_t actor, struct tally *c)
{
	if (db_scalar_int(db, &c->approvals, 0, "SELECT count(*) FROM practice_decision d "
	                  "JOIN practice p ON p.id = d.practice_id AND d.round = p.round "
	                  "WHERE p.id = $1 AND d.decision = 'approve'", DB_ARGS(DB_INT(id))) < 0 ||
	    db_scalar_int(db, &c->rejections, 0, "SELECT count(*) FROM practice_decision d "
	                  "JOIN practice p ON p.id = d.practice_id AND d.round = p.round "
	                  "WHERE p.id = $1 AND d.decision = 'reject'", DB_ARGS(DB_INT(id))) < 0 ||
	    db_scalar_int(db, &c->un_approvals, 0, "SELECT count(*) FROM practice_decision d "
	                  "JOIN practice p ON p.id = d.practice_id AND d.round = p.round "
	                  "JOIN account u ON u.id = d.user_id JOIN actor a ON a.id = u.actor_id "
	                  "WHERE p.id = $1 AND d.decision = 'approve' "
	                  "AND a.partner_type = 'un_entity'", DB_ARGS(DB_INT(id))) < 0 ||
	    db_scalar_int(db, &c->un_reviewers, 0, "SELECT count(*) FROM practice_reviewer r "
	                  "JOIN account u ON u.id = r.user_id JOIN actor a ON a.id = u.actor_id "
	                  "WHERE a.partner_type = 'un_entity' AND u.disabled = 0 "
	                  "AND u.actor_id <> $1", DB_ARGS(DB_INT(actor))) < 0 ||
	    practices_required_approvals(db, &c->required) < 0)
		return -1;
	return 0;
}

/* After a decision of the round: publish, reject, ask for a tie-break, or
 * wait. A tie-break reviewer's decision (as_tie_break) settles it. */
static int settle(struct db *db, struct pwrite *w, const char *decision, bool as_tie_break,
                  const char *comment)
{
	struct tally c;
	if (tally_round(db, w->id, w->actor, &c) < 0)
		return -1;
	const char *next = NULL;
	if (as_tie_break)
		next = strcmp(decision, "approve") == 0 ? "published" : "rejected";
	else if (c.approvals > 0 && c.rejections > 0)
		next = "tie_break";
	else if (c.approvals >= c.required && (c.un_reviewers == 0 || c.un_approvals > 0))
		next = "published";
	else if (c.rejections >= c.required)
		next = "rejected";
	if (!next)
		return 0;
	if (strcmp(next, "tie_break") == 0)
		return db_exec(db, "UPDATE practice SET tie_break = 1 WHERE id = $1",
		               DB_ARGS(DB_INT(w->id))) < 0 ||
		       audit_step(db, w, "practice.tie_break", NULL,
		                  json_pack("{s:{s:b, s:b}}", "tie_break", "before", 0, "after", 1)) < 0 ||
		       tell_roster(db, w, NOTE_TIE_BREAK, true) < 0 ? -1 : 0;
	bool published = strcmp(next, "published") == 0;
	if (practices_set_status(db, w->id, next, published ? NULL : comment) < 0 ||
	    audit_step(db, w, published ? "practice.publish" : "practice.reject", next, NULL) < 0 ||
	    tell_submitter(db, w, published ? NOTE_PUBLISHED : NOTE_REJECTED) < 0)
		return -1;
	return 0;
}

static enum outcome decide_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	bool tie_breaker;
	enum outcome rc = reviewer_start(db, t, w, &tie_breaker);
	if (rc != OUTCOME_OK)
		return rc;
	int64_t uid = w->by->id;
	json_t *decl = db_json_row(db, "SELECT conflict FROM practice_declaration "
	                           "WHERE practice_id = $1 AND user_id = $2",
	                           DB_ARGS(DB_INT(w->id), DB_INT(uid)));
	json_t *row = decl ? db_json_row(db, "SELECT round, tie_break FROM practice WHERE id = $1",
	                                 DB_ARGS(DB_INT(w->id))) : NULL;
	int64_t decided = 0, tie_marked = 0;
	if (!row || db_scalar_int(db, &decided, 0, "SELECT count(*) FROM practice_decision d "
	                          "JOIN practice p ON p.id = d.practice_id AND d.round = p.round "
	                          "WHERE p.id = $1 AND d.user_id = $2",
	                          DB_ARGS(DB_INT(w->id), DB_INT(uid))) < 0 ||
	    db_scalar_int(db, &tie_marked, 0, "SELECT count(*) FROM practice_reviewer "
	                  "WHERE tie_break = 1", NO_ARGS) < 0) {
		json_decref(decl);
		json_decref(row);
		return OUTCOME_ERROR;
	}
	bool conflict = json_integer_value(json_object_get(decl, "conflict")) != 0;
	bool declared = json_is_object(decl);
	bool split = json_integer_value(json_object_get(row, "tie_break")) != 0;
	json_decref(decl);
	json_decref(row);
	if (declared && conflict)
		return refuse_reviewer(t, w, "conflict_of_interest");
	if (!under_review(w->status) || decided)
		return OUTCOME_CONFLICT;
	/* A split round waits on a tie-break reviewer: one marked so, or any
	 * other when the roster marks none. */
	if (split && tie_marked > 0 && !tie_breaker)
		return refuse_reviewer(t, w, "not_tie_break_reviewer");
	if (!declared) {
		valid_error(w->errors, "declaration", MSG_DECLARE_FIRST);
		return OUTCOME_INVALID;
	}
	const char *decision = json_string_value(json_object_get(w->clean, "decision"));
	const char *comment = json_string_value(json_object_get(w->clean, "comment"));
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	if (db_exec(db, "INSERT INTO practice_decision (practice_id, user_id, round, decision, "
	            "comment, tie_break, created_at) SELECT id, $2, round, $3, $4, $5, $6 "
	            "FROM practice WHERE id = $1",
	            DB_ARGS(DB_INT(w->id), DB_INT(uid), DB_TEXT(decision),
	                    DB_TEXT(comment ? comment : ""), DB_INT(split ? 1 : 0),
	                    DB_TEXT(now))) < 0 ||
	    audit_step(db, w, "practice.decide", NULL,
	               json_pack("{s:{s:n, s:s}}", "decision", "before", "after", decision)) < 0)
		return OUTCOME_ERROR;
	if (strcmp(decision, "changes") == 0) {
		if (db_exec(db, "INSERT INTO practice_message (practice_id, user_id, round, kind, body, "
		            "created_at) SELECT id, $2, round, 'question', $3, $4 FROM practice "
		            "WHERE id = $1", DB_ARGS(DB_INT(w->id), DB_INT(uid), DB_TEXT(comment),
		                                     DB_TEXT(now))) < 0 ||
		    db_exec(db, "UPDATE practice SET tie_break = 0 WHERE id = $1",
		            DB_ARGS(DB_INT(w->id))) < 0 ||
		    practices_set_status(db, w->id, "changes_requested", NULL) < 0 ||
		    audit_step(db, w, "practice.question", "changes_requested", NULL) < 0 ||
		    tell_submitter(db, w, NOTE_QUESTION) < 0)
			return OUTCOME_ERROR;
		return OUTCOME_OK;
	}
	return settle(db, w, decision, split, comment) < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome practices_decide(struct db *db, const struct user *by, int64_t id,
                              const json_t *input, json_t *errors)
{
	assert(by);     /* a reviewer is an account (practices.h) */
	struct pwrite w = {.by = by, .id = id, .errors = errors, .action = ACTION_PRACTICE_REVIEW};
	return pwrite_run(db, &w, decide_fields, ARRAY_LEN(decide_fields), input, decide_txn);
}
