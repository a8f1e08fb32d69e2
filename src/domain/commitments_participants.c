/* commitments_participants.c — the other actors a commitment names, and
 * their consent: a participation counts for its actor only once that
 * actor has accepted it (issue 11, finding 4).
 *
 * The owner names participants (common and partnership commitments);
 * each row starts "invited" (schema/0011_participation.sql). The named
 * actor's focal points or editors (ACTION_PARTICIPATION_ANSWER on an
 * object that actor owns) accept or decline, and may later leave — which
 * is declining after accepting. Everything that counts an actor's
 * commitments (the actor scope's condition in scope.c, the actor's
 * standing in standing.c) reads accepted rows only; the commitment's page
 * shows the accepted participants and the invited ones marked so; a
 * declined one is shown nowhere. An edit keeps the answer of every actor
 * it still names in the same role: saving a commitment must not undo a
 * "no", nor turn a "yes" back into a question.
 *
 * Co-owned commitments (issue 14, item 4; schema/0024_copartners.sql): the
 * owner is the lead, who records the commitment and alone edits it; each
 * other actor takes one part — member, funder or implementing partner —
 * and confirms that part. A changed role is a new part to confirm. */
#include <stdio.h>

#include "actors.h"
#include "audit.h"
#include "changelog.h"
#include "commitments.h"
#include "commitments_impl.h"
#include "db.h"
#include "i18n.h"
#include "permission.h"
#include "query.h"
#include "validate.h"

/* ---- Keeping answers across edits --------------------------------------------- */

const struct participant_role commitment_participant_roles[] = {
	{"participants", "member"},
	{"funders", "funder"},
	{"implementing_partners", "implementing_partner"},
	{NULL, NULL},
};

/* The role the input gives actor id, or NULL when it names it nowhere. */
static const char *role_in(const json_t *clean, int64_t id)
{
	for (size_t r = 0; commitment_participant_roles[r].key; r++) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(clean, commitment_participant_roles[r].key), i, v)
			if (json_is_integer(v) && json_integer_value(v) == id)
				return commitment_participant_roles[r].role;
	}
	return NULL;
}

int participants_sync(struct db *db, int64_t id, const json_t *clean)
{
	json_t *had = db_json_rows(db, "SELECT actor_id, role, status FROM commitment_participant "
	                           "WHERE commitment_id = $1", DB_ARGS(DB_INT(id)));
	if (!had)
		return -1;
	int rc = 0;
	size_t i;
	json_t *row;
	json_array_foreach(had, i, row) {
		int64_t actor = json_integer_value(json_object_get(row, "actor_id"));
		const char *role = role_in(clean, actor);
		if (rc == 0 && !role &&
		    db_exec(db, "DELETE FROM commitment_participant WHERE commitment_id = $1 "
		            "AND actor_id = $2", DB_ARGS(DB_INT(id), DB_INT(actor))) < 0)
			rc = -1;
		if (rc == 0 && role && strcmp(role, jget_str(row, "role")) != 0 &&
		    db_exec(db, "UPDATE commitment_participant SET role = $3, status = CASE "
		            "WHEN status = 'declined' THEN status ELSE 'invited' END "
		            "WHERE commitment_id = $1 AND actor_id = $2",
		            DB_ARGS(DB_INT(id), DB_INT(actor), DB_TEXT(role))) < 0)
			rc = -1;
	}
	/* A new name is a question to its actor, whoever asks it. */
	for (size_t r = 0; rc == 0 && commitment_participant_roles[r].key; r++) {
		size_t k;
		json_t *v;
		json_array_foreach(json_object_get(clean, commitment_participant_roles[r].key), k, v) {
			bool known = false;
			json_array_foreach(had, i, row)
				known |= json_integer_value(json_object_get(row, "actor_id")) ==
				         json_integer_value(v);
			if (rc == 0 && json_is_integer(v) && !known &&
			    db_exec(db, "INSERT INTO commitment_participant (commitment_id, actor_id, "
			            "role, status) VALUES ($1, $2, $3, 'invited')",
			            DB_ARGS(DB_INT(id), DB_INT(json_integer_value(v)),
			                    DB_TEXT(commitment_participant_roles[r].role))) < 0)
				rc = -1;
		}
	}
	json_decref(had);
	return rc;
}

/* ---- Reads ---------------------------------------------------------------------- */

json_t *participants_json(struct db *db, const char *locale, int64_t id)
{
	struct db_res *res = actors_query_named(db, locale, "SELECT a.id, ",
		", p.status, p.role FROM commitment_participant p "
		"JOIN actor a ON a.id = p.actor_id WHERE p.commitment_id = $? "
		/* An organisation not yet accredited is on no public page,
		 * this one included. */
		"AND p.status <> 'declined' AND " ACTOR_PUBLIC_SQL " ORDER BY 2, a.id", DB_INT(id));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		const char *status = db_text(res, 2);
		json_t *p = actor_ref(res, 0, 1);
		json_object_set_new(p, "status", col_str(res, 2));
		json_object_set_new(p, "status_label", code_label_json(locale, participant_statuses,
		                    participant_status_labels, status));
		json_object_set_new(p, "invited", json_boolean(strcmp(status, "invited") == 0));
		json_object_set_new(p, "role", col_str(res, 3));
		json_object_set_new(p, "role_label", code_label_json(locale, partnership_roles,
		                    partnership_role_labels, db_text(res, 3)));
		json_array_append_new(a, p);
	}
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

json_t *commitments_invitations(struct db *db, const char *locale, int64_t actor_id)
{
	struct db_arg args[QUERY_ARGS];
	struct query q;
	query_init(&q, args);
	query_sql(&q, "SELECT c.id, c.title, a.id, ");
	query_sql(&q, actors_name_sql(locale));
	query_param(&q, ", p.role FROM commitment_participant p "
	            "JOIN commitment c ON c.id = p.commitment_id "
	            "JOIN actor a ON a.id = c.owner_actor_id "
	            "WHERE p.actor_id = $? AND p.status = 'invited' ", DB_INT(actor_id));
	query_param(&q, "ORDER BY c.id DESC LIMIT $?", DB_INT(COMMITMENT_PAGE_MAX));
	struct db_res *res = q.overflow ? NULL : db_query(db, q.sql, q.nargs, q.args);
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		int64_t cid = db_int(res, 0);
		char answer[96];
		snprintf(answer, sizeof answer, "/commitments/%lld/participants/%lld/answer",
		         (long long)cid, (long long)actor_id);
		json_array_append_new(list, json_pack("{s:I, s:o, s:o, s:o, s:s, s:o}", "id",
		                                      (json_int_t)cid, "title", col_str(res, 1),
		                                      "url", url_json("/commitments/", cid),
		                                      "owner", actor_ref(res, 2, 3),
		                                      "answer_url", answer, "role_label",
		                                      code_label_json(locale, partnership_roles,
		                                      partnership_role_labels, db_text(res, 4))));
	}
	db_res_free(res);
	return rc < 0 ? (json_decref(list), NULL) : list;
}

/* ---- The answer ----------------------------------------------------------------- */

static const struct field answer_fields[] = {
	{"answer", FIELD_CHOICE, FIELD_REQUIRED, .choices = participation_answers,
	 .msgid = N_("Answer accept or decline.")},
};

struct answer {
	const struct user *by;
	int64_t id;            /* the commitment */
	int64_t actor_id;      /* the participant who answers */
	const char *status;    /* the status the answer gives, or NULL: the input is refused */
	json_t *target;        /* what a denial entry names: the participant */
};

static enum outcome answer_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct answer *a = p;
	int64_t n;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM commitment WHERE id = $1",
	                  DB_ARGS(DB_INT(a->id))) < 0)
		return OUTCOME_ERROR;
	if (n == 0)
		return OUTCOME_NOT_FOUND;
	/* The participant owns its participation: only its own people answer. */
	struct object_ref obj = {"commitment", a->id, a->actor_id};
	if (a->by && !can(a->by, ACTION_PARTICIPATION_ANSWER, &obj)) {
		enum outcome o = audit_txn_deny(t, a->by, ACTION_PARTICIPATION_ANSWER, &obj);
		t->denial.changes = a->target;
		return o;
	}
	json_t *row = db_json_row(db, "SELECT status FROM commitment_participant "
	                          "WHERE commitment_id = $1 AND actor_id = $2",
	                          DB_ARGS(DB_INT(a->id), DB_INT(a->actor_id)));
	if (!row)
		return OUTCOME_ERROR;
	const char *before = jget_str(row, "status");
	enum outcome rc = !before ? OUTCOME_NOT_FOUND : !a->status ? OUTCOME_INVALID : OUTCOME_OK;
	if (rc == OUTCOME_OK && strcmp(before, a->status) != 0) {
		char field[48];
		snprintf(field, sizeof field, "participants.%lld", (long long)a->actor_id);
		json_t *changes = json_pack("{s:{s:s, s:s}}", field, "before", before,
		                            "after", a->status);
		char oid[24];
		snprintf(oid, sizeof oid, "%lld", (long long)a->id);
		struct audit_event e = {
			.user = a->by, .action = action_name(ACTION_PARTICIPATION_ANSWER),
			.object_type = "commitment", .object_id = oid, .changes = changes,
			.channel = a->by && a->by->channel ? a->by->channel : "cli",
			.client_addr = a->by ? a->by->client_addr : NULL,
		};
		if (db_exec(db, "UPDATE commitment_participant SET status = $3 "
		            "WHERE commitment_id = $1 AND actor_id = $2",
		            DB_ARGS(DB_INT(a->id), DB_INT(a->actor_id), DB_TEXT(a->status))) < 0 ||
		    audit_append(db, &e) < 0 || changelog_note(db, CHANGE_KIND_COMMITMENT, a->id) < 0)
			rc = OUTCOME_ERROR;
		json_decref(changes);
	}
	json_decref(row);
	return rc;
}

enum outcome commitments_answer(struct db *db, const struct user *by, int64_t id,
                                int64_t actor_id, const json_t *input, json_t *errors)
{
	json_t *clean = NULL;
	valid_check(answer_fields, ARRAY_LEN(answer_fields), input, NULL, errors, &clean);
	const char *answer = json_object_size(errors) ? NULL : jget_str(clean, "answer");
	struct answer a = {
		.by = by, .id = id, .actor_id = actor_id,
		.status = !answer ? NULL : strcmp(answer, "accept") == 0 ? "accepted" : "declined",
		.target = json_pack("{s:{s:n, s:I}}", "participant", "before", "after",
		                    (json_int_t)actor_id),
	};
	enum outcome rc = audit_transaction(db, false, answer_txn, &a);
	json_decref(a.target);
	json_decref(clean);
	return rc;
}
