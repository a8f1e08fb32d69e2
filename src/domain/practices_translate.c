/* practices_translate.c — translations of published practices: anyone
 * signed in proposes one; one approval (by the practice's own people, a
 * reviewer or an administrator, never its proposer) publishes it, an older
 * one of the same language then superseded; its page shows who
 * translated, and when the original changed after the translation was
 * made (source_updated_at against the practice's text_updated_at). */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "langtag.h"
#include "notifications.h"
#include "permission.h"
#include "practices.h"
#include "practices_impl.h"
#include "util.h"
#include "validate.h"

static const char MSG_SAME_LANG[] = N_("A translation is in another language than the original.");
static const char NOTE_PROPOSED[] = N_("A translation of your practice awaits approval: {title}");
static const char NOTE_APPROVED[] = N_("Your translation was approved: {title}");

static enum outcome propose_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	enum outcome rc = pwrite_start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	if (strcmp(w->status, "published") != 0)
		return OUTCOME_CONFLICT;
	json_t *row = db_json_row(db, "SELECT lang, title, text_updated_at FROM practice "
	                          "WHERE id = $1", DB_ARGS(DB_INT(w->id)));
	if (!row)
		return OUTCOME_ERROR;
	const char *lang = json_string_value(json_object_get(w->clean, "lang"));
	if (langtag_equal(lang, strlen(lang), json_string_value(json_object_get(row, "lang")))) {
		json_decref(row);
		valid_error(w->errors, "lang", MSG_SAME_LANG);
		return OUTCOME_INVALID;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	const json_t *c = w->clean;
	struct db_res *res = db_query(db, "INSERT INTO practice_translation (practice_id, lang, title, "
		"summary, context, actions, results, lessons, status, proposed_by, source_updated_at, "
		"created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10, $11) "
		"RETURNING id",
		DB_ARGS(DB_INT(w->id), DB_TEXT(lang), db_arg_text(c, "title"), db_arg_text(c, "summary"),
		        db_arg_text(c, "context"), db_arg_text(c, "actions"), db_arg_text(c, "results"),
		        db_arg_text(c, "lessons"), w->by ? DB_INT(w->by->id) : DB_NULL_ARG,
		        DB_TEXT(json_string_value(json_object_get(row, "text_updated_at"))),
		        DB_TEXT(now)));
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		json_decref(row);
		return OUTCOME_ERROR;
	}
	w->out_id = db_int(res, 0);
	db_res_free(res);
	char url[48];
	json_t *args = json_pack("{s:O}", "title", json_object_get(row, "title"));
	json_t *changes = json_pack("{s:{s:n, s:{s:I, s:s}}}", "translation", "before", "after",
	                            "id", (json_int_t)w->out_id, "lang", lang);
	int ok = audit_record(db, w->by, "translation.propose", "practice", w->id, changes) == 0 &&
	         notifications_add_actor(db, w->actor, NOTE_PROPOSED, args,
	                                 practice_url(url, w->id)) == 0;
	json_decref(changes);
	json_decref(args);
	json_decref(row);
	return ok ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome practices_translation_propose(struct db *db, const struct user *by, int64_t id,
                                           const json_t *input, json_t *errors, int64_t *tid)
{
	struct pwrite w = {.by = by, .id = id, .errors = errors,
	                   .action = ACTION_TRANSLATION_PROPOSE};
	enum outcome rc = pwrite_run(db, &w, practice_translation_fields,
	                             practice_translation_nfields, input, propose_txn);
	if (rc == OUTCOME_OK && tid)
		*tid = w.out_id;
	return rc;
}

struct approval {
	struct pwrite w;
	int64_t tid;
};

static enum outcome approve_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct approval *a = p;
	struct pwrite *w = &a->w;
	enum outcome rc = pwrite_start(db, t, w);
	if (rc != OUTCOME_OK)
		return rc;
	json_t *tr = db_json_row(db, "SELECT t.lang, t.status, t.proposed_by, p.title "
	                         "FROM practice_translation t JOIN practice p ON p.id = t.practice_id "
	                         "WHERE t.id = $1 AND t.practice_id = $2",
	                         DB_ARGS(DB_INT(a->tid), DB_INT(w->id)));
	if (!tr)
		return OUTCOME_ERROR;
	if (json_is_null(tr))
		return OUTCOME_NOT_FOUND;
	int64_t proposer = json_integer_value(json_object_get(tr, "proposed_by"));
	if (w->by && proposer == w->by->id) {
		json_decref(tr);
		json_decref(w->denial);
		w->denial = json_pack("{s:{s:n, s:s}}", "refused", "before", "after", "own_translation");
		return pwrite_deny(t, w);
	}
	if (strcmp(json_string_value(json_object_get(tr, "status")), "proposed") != 0) {
		json_decref(tr);
		return OUTCOME_CONFLICT;
	}
	char now[AUDIT_TIME_LEN + 1], url[48];
	audit_time(now, 0);
	json_t *args = json_pack("{s:O}", "title", json_object_get(tr, "title"));
	json_t *changes = json_pack("{s:{s:s, s:s}, s:O}", "status", "before", "proposed", "after",
	                            "approved", "lang", json_object_get(tr, "lang"));
	bool ok = db_exec(db, "UPDATE practice_translation SET status = 'superseded' "
	                  "WHERE practice_id = $1 AND lang = $2 AND status = 'approved'",
	                  DB_ARGS(DB_INT(w->id), DB_TEXT(json_string_value(
	                          json_object_get(tr, "lang"))))) >= 0 &&
	          db_exec(db, "UPDATE practice_translation SET status = 'approved', approved_by = $2, "
	                  "approved_at = $3 WHERE id = $1",
	                  DB_ARGS(DB_INT(a->tid), w->by ? DB_INT(w->by->id) : DB_NULL_ARG,
	                          DB_TEXT(now))) >= 0 &&
	          practices_text_changed(db, w->id) == 0 &&
	          audit_record(db, w->by, "translation.approve", "practice_translation", a->tid,
	                          changes) == 0 &&
	          (proposer <= 0 || notifications_add(db, proposer, NOTE_APPROVED, args,
	                                              practice_url(url, w->id)) == 0);
	json_decref(args);
	json_decref(changes);
	json_decref(tr);
	return ok ? OUTCOME_OK : OUTCOME_ERROR;
}

enum outcome practices_translation_approve(struct db *db, const struct user *by, int64_t id,
                                           int64_t tid)
{
	struct approval a = {.w = {.by = by, .id = id, .action = ACTION_TRANSLATION_APPROVE},
	                     .tid = tid};
	enum outcome rc = audit_transaction(db, false, approve_txn, &a);
	json_decref(a.w.denial);
	return rc;
}
