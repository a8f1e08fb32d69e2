/* merge.c — a duplicate organisation merged into the one kept (merge.h):
 * the table of every column that holds an actor id, the checks, the
 * preview the confirmation page shows and the merge itself, in one
 * audited transaction.
 *
 * The SQL of a move is built from this file's constant table (table and
 * column names, never input); the two actors' ids are parameters. */
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "audit.h"
#include "buf.h"
#include "changelog.h"
#include "commitments.h"
#include "db.h"
#include "hub.h"
#include "i18n.h"
#include "merge.h"
#include "permission.h"
#include "practices.h"
#include "principal.h"
#include "util.h"

/* Every column of the schema that holds an actor id but the audit
 * trail's. test_merge reads the database's columns and fails for one in
 * neither this table nor merge_exclusion's: a new table naming actors
 * must say here how a merge moves it. */
const struct merge_column merge_columns[] = {
	{"account", "actor_id", NULL, N_("Accounts")},
	{"membership", "actor_id", "user_id", N_("Members")},
	{"invitation", "actor_id", NULL, N_("Invitations")},
	{"commitment", "owner_actor_id", NULL, N_("Commitments")},
	{"commitment_participant", "actor_id", "commitment_id", N_("Commitments joined")},
	{"progress_update", "actor_id", NULL, N_("Progress reports")},
	{"practice", "actor_id", NULL, N_("Practices")},
	{"practice_partner", "actor_id", NULL, N_("Implementing partners")},
	{"hub_item", "actor_id", NULL, N_("Needs and offers")},
	{"partnership_member", "actor_id", "partnership_id", N_("Partnerships")},
	{"voluntary_review", "actor_id", NULL, N_("Voluntary reviews")},
	{"review_input", "actor_id", NULL, N_("Written inputs")},
	{"assessment", "assessor_actor_id", NULL, N_("Assessments")},
	{"assessment_comment", "actor_id", NULL, N_("Comments")},
	{"event_participant", "actor_id", "event_slug", N_("Events")},
	{"event_statement", "actor_id", NULL, N_("Statements")},
	{"flag", "owner_actor_id", NULL, N_("Flagged records")},
};
const size_t merge_column_count = ARRAY_LEN(merge_columns);

static const struct {
	const char *table, *column, *why;
} exclusions[] = {
	{"audit_log", "actor_id", "the audit trail says who acted, as they were; its entries are "
	 "hash-chained and never rewritten"},
};

const char *merge_exclusion(const char *table, const char *column)
{
	for (size_t i = 0; i < ARRAY_LEN(exclusions); i++)
		if (strcmp(exclusions[i].table, table) == 0 && strcmp(exclusions[i].column, column) == 0)
			return exclusions[i].why;
	return NULL;
}

/* ---- The two actors ------------------------------------------------------------ */

struct side {
	int64_t id;
	bool found, partner, operators, merged, public_;
	json_t *row;          /* {id, name, url}, for the preview */
};

/* Reads actor id into s. 0, or -1 on a database error. */
static int side_load(struct db *db, const char *locale, int64_t id, struct side *s)
{
	*s = (struct side){.id = id};
	struct db_res *res = actors_query_named(db, locale,
		"SELECT a.kind, a.status, a.operators, a.merged_into, ",
		" AS name FROM actor a WHERE a.id = $?", DB_INT(id));
	if (!res)
		return -1;
	int rc = db_next(res);
	if (rc == 1) {
		s->found = true;
		s->partner = strcmp(db_text(res, 0), "partner") == 0;
		s->operators = db_int(res, 2) != 0;
		s->merged = !db_isnull(res, 3);
		s->public_ = actors_status_public(db_text(res, 1));
		s->row = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "name", db_text(res, 4),
		                   "url", json_sprintf("/actors/%lld", (long long)id));
	}
	db_res_free(res);
	return rc < 0 ? -1 : 0;
}

/* Why `from` may not be merged into `into` (both found), or NULL; *o
 * says the outcome. */
static const char *problem_of(const struct side *from, const struct side *into,
                              enum outcome *o)
{
	*o = OUTCOME_INVALID;
	if (from->id == into->id)
		return N_("An organisation cannot be merged into itself.");
	*o = OUTCOME_CONFLICT;
	if (from->merged)
		return N_("This organisation has already been merged into another.");
	if (into->merged)
		return N_("That organisation has itself been merged into another: merge into the one "
		          "it redirects to.");
	*o = OUTCOME_INVALID;
	if (!from->partner || !into->partner || from->operators || into->operators)
		return N_("Only partner organisations can be merged.");
	if (!into->public_)
		return N_("The organisation kept must be accredited or suspended.");
	*o = OUTCOME_OK;
	return NULL;
}

/* ---- The preview ---------------------------------------------------------------- */

/* How many rows of column c name actor id; -1 on error. */
static int64_t rows_naming(struct db *db, const struct merge_column *c, int64_t id)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s = $1", c->table, c->column);
	int64_t n = 0;
	return db_scalar_int(db, &n, 0, sql, DB_ARGS(DB_INT(id))) < 0 ? -1 : n;
}

json_t *merge_preview(struct db *db, const char *locale, int64_t from, int64_t into)
{
	struct side f, t = {0};
	if (side_load(db, locale, from, &f) < 0)
		return NULL;
	if (!f.found || f.merged) {
		json_decref(f.row);
		return json_null();
	}
	if (into && side_load(db, locale, into, &t) < 0) {
		json_decref(f.row);
		return NULL;
	}
	enum outcome o;
	const char *problem = into && !t.found ? N_("There is no organisation with this number.")
	                      : into ? problem_of(&f, &t, &o) : NULL;
	json_t *moves = json_array();
	int64_t total = 0;
	for (size_t i = 0; i < merge_column_count; i++) {
		int64_t n = rows_naming(db, &merge_columns[i], from);
		if (n < 0) {
			json_decref(moves);
			json_decref(f.row);
			json_decref(t.row);
			return NULL;
		}
		if (n)
			json_array_append_new(moves, json_pack("{s:s, s:I}", "label",
			                                       merge_columns[i].label,
			                                       "count", (json_int_t)n));
		total += n;
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:I}", "from", f.row,
	                 "into", t.row ? t.row : json_null(),
	                 "problem", problem ? json_string(problem) : json_null(),
	                 "moves", moves, "total", (json_int_t)total);
}

/* ---- The merge ------------------------------------------------------------------ */

struct merge {
	const struct user *by;
	bool console;
	int64_t from, into;
	struct merge_result *out;
};

/* Moves column c's rows from `from` to `into`, first dropping those that
 * would duplicate one of `into`'s on c's unique key; adds the counts to
 * counts. 0, or -1. */
static int move_column(struct db *db, const struct merge_column *c, int64_t from, int64_t into,
                       json_t *counts)
{
	char sql[512];
	int64_t dropped = 0;
	if (c->key) {
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = $1 AND EXISTS (SELECT 1 FROM %s o "
		         "WHERE o.%s = $2 AND o.%s = %s.%s)", c->table, c->column, c->table,
		         c->column, c->key, c->table, c->key);
		dropped = db_exec(db, sql, DB_ARGS(DB_INT(from), DB_INT(into)));
		if (dropped < 0)
			return -1;
	}
	snprintf(sql, sizeof sql, "UPDATE %s SET %s = $2 WHERE %s = $1", c->table, c->column,
	         c->column);
	int64_t moved = db_exec(db, sql, DB_ARGS(DB_INT(from), DB_INT(into)));
	if (moved < 0)
		return -1;
	if (moved || dropped) {
		char name[128];
		snprintf(name, sizeof name, "%s.%s", c->table, c->column);
		json_object_set_new(counts, name, json_pack("{s:I, s:I}", "moved", (json_int_t)moved,
		                                            "dropped", (json_int_t)dropped));
	}
	return 0;
}

/* Runs fn on each id the query (one parameter: the actor) returns.
 * 0, or -1. */
static int each_id(struct db *db, const char *sql, int64_t actor,
                   int (*fn)(struct db *db, int64_t id))
{
	json_t *rows = db_json_rows(db, sql, DB_ARGS(DB_INT(actor)));
	if (!rows)
		return -1;
	size_t i;
	json_t *r;
	int rc = 0;
	json_array_foreach(rows, i, r)
		if (rc == 0 && fn(db, json_integer_value(json_object_get(r, "id"))) < 0)
			rc = -1;
	json_decref(rows);
	return rc;
}

static int note_commitment(struct db *db, int64_t id)
{
	return changelog_note(db, CHANGE_KIND_COMMITMENT, id);
}

/* The search documents of what `into` owns now, which say the owner's
 * type, and the change feed's notes of the commitments that moved. */
static int refresh(struct db *db, int64_t into, const json_t *moved_commitments)
{
	if (each_id(db, "SELECT id FROM commitment WHERE owner_actor_id = $1", into,
	            commitments_index) < 0 ||
	    each_id(db, "SELECT id FROM practice WHERE actor_id = $1", into, practices_index) < 0 ||
	    each_id(db, "SELECT id FROM hub_item WHERE actor_id = $1", into, hub_index) < 0)
		return -1;
	size_t i;
	json_t *r;
	json_array_foreach(moved_commitments, i, r)
		if (note_commitment(db, json_integer_value(json_object_get(r, "id"))) < 0)
			return -1;
	return 0;
}

static enum outcome merge_body(struct db *db, struct audit_txn *t, void *ctx)
{
	struct merge *m = ctx;
	json_decref(m->out->counts);         /* the body may run again (audit.h) */
	*m->out = (struct merge_result){0};
	struct side f, to = {0};
	enum outcome o = OUTCOME_ERROR;
	json_t *moved_commitments = NULL;
	if (side_load(db, "en", m->from, &f) < 0)
		return OUTCOME_ERROR;
	struct object_ref obj = {.type = "actor", .id = m->from, .owner_actor_id = m->from,
	                         .operators = f.operators};
	if (!f.found)
		o = OUTCOME_NOT_FOUND;
	else if (!m->console && !can(m->by, ACTION_ACTOR_MERGE, &obj))
		o = audit_txn_deny(t, m->by, ACTION_ACTOR_MERGE, &obj);
	else if (m->from == m->into)
		m->out->problem = problem_of(&f, &f, &o);
	else if (side_load(db, "en", m->into, &to) < 0)
		o = OUTCOME_ERROR;
	else if (!to.found)
		o = OUTCOME_NOT_FOUND;
	else if ((m->out->problem = problem_of(&f, &to, &o)) == NULL)
		o = OUTCOME_OK;
	if (o != OUTCOME_OK)
		goto done;
	o = OUTCOME_ERROR;
	/* The commitments that change owner, noted in the feed once moved. */
	moved_commitments = db_json_rows(db, "SELECT id FROM commitment WHERE owner_actor_id = $1",
	                                 DB_ARGS(DB_INT(m->from)));
	if (!moved_commitments)
		goto done;
	/* The redirect first: progress updates, append-only, let their actor
	 * change only to the one it was merged into (schema/0034). */
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int64_t redirects;
	if (db_exec(db, "UPDATE actor SET merged_into = $2, merged_at = $3 WHERE id = $1 "
	            "AND merged_into IS NULL",
	            DB_ARGS(DB_INT(m->from), DB_INT(m->into), DB_TEXT(now))) != 1 ||
	    (redirects = db_exec(db, "UPDATE actor SET merged_into = $2 WHERE merged_into = $1",
	                         DB_ARGS(DB_INT(m->from), DB_INT(m->into)))) < 0)
		goto done;
	json_t *counts = json_object();
	m->out->counts = counts;
	json_object_set_new(counts, "redirects", json_integer(redirects));
	for (size_t i = 0; i < merge_column_count; i++)
		if (move_column(db, &merge_columns[i], m->from, m->into, counts) < 0)
			goto done;
	/* A commitment of one naming the other as a participant now names its
	 * own owner: that row goes. */
	int64_t self = db_exec(db, "DELETE FROM commitment_participant WHERE actor_id = $1 AND "
	                       "commitment_id IN (SELECT id FROM commitment WHERE owner_actor_id = $1)",
	                       DB_ARGS(DB_INT(m->into)));
	if (self < 0)
		goto done;
	if (self)
		json_object_set_new(counts, "commitment_participant.own_owner", json_integer(self));
	json_t *changes = json_pack("{s:{s:n, s:I}, s:{s:n, s:O}}",
	                            "merged_into", "before", "after", (json_int_t)m->into,
	                            "moved", "before", "after", counts);
	int rc = audit_record(db, m->by, "actor.merge", "actor", m->from, changes);
	json_decref(changes);
	if (rc < 0 || actors_index(db, m->from) < 0 || actors_index(db, m->into) < 0 ||
	    refresh(db, m->into, moved_commitments) < 0 ||
	    (f.public_ && changelog_note(db, CHANGE_KIND_ACTOR, m->from) < 0) ||
	    changelog_note(db, CHANGE_KIND_ACTOR, m->into) < 0)
		goto done;
	o = OUTCOME_OK;
done:
	json_decref(moved_commitments);
	json_decref(f.row);
	json_decref(to.row);
	if (o != OUTCOME_OK) {
		json_decref(m->out->counts);
		m->out->counts = NULL;
	}
	return o;
}

enum outcome merge_actors(struct db *db, const struct user *by, int64_t from, int64_t into,
                          struct merge_result *out)
{
	*out = (struct merge_result){0};
	if (!by) {
		/* No web path reaches the console's merge by accident. */
		return OUTCOME_DENIED;
	}
	struct merge m = {.by = by, .from = from, .into = into, .out = out};
	return audit_transaction(db, false, merge_body, &m);
}

enum outcome merge_actors_as_operator(struct db *db, int64_t from, int64_t into,
                                      struct merge_result *out)
{
	*out = (struct merge_result){0};
	struct merge m = {.console = true, .from = from, .into = into, .out = out};
	return audit_transaction(db, false, merge_body, &m);
}
