/* test_merge.c — duplicate organisations merged (merge.h), on the shared
 * fixture with the demo's data: both backends. Every column of the
 * database that holds an actor id is handled (a new one fails here until
 * merge.c says how it moves); a merge moves every row, keeps one where
 * both actors had one, leaves a redirect, one hop at most, and an audit
 * entry with the counts; the refusals. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "auth.h"
#include "demo.h"
#include "fixture.h"
#include "merge.h"
#include "progress.h"
#include "search.h"
#include "util.h"

/* The database's columns that hold an actor id: named actor_id or
 * *_actor_id, or a foreign key to actor. [{"t", "c"}]. */
static json_t *actor_columns(struct db *db)
{
	const char *sql = db_dialect(db) == DB_SQLITE
		? "SELECT m.name AS t, p.name AS c FROM sqlite_master m "
		  "JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name <> 'actor' "
		  "AND (p.name = 'actor_id' OR p.name LIKE '%\\_actor\\_id' ESCAPE '\\' "
		  "OR EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) k "
		  "WHERE k.\"from\" = p.name AND k.\"table\" = 'actor'))"
		: "SELECT c.table_name::text AS t, c.column_name::text AS c "
		  "FROM information_schema.columns c JOIN information_schema.tables tb "
		  "ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema "
		  "WHERE c.table_schema = current_schema() AND tb.table_type = 'BASE TABLE' "
		  "AND c.table_name <> 'actor' "
		  "AND (c.column_name = 'actor_id' OR c.column_name LIKE '%\\_actor\\_id') "
		  "UNION SELECT k.table_name::text, k.column_name::text "
		  "FROM information_schema.table_constraints tc "
		  "JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name "
		  "AND k.table_schema = tc.table_schema "
		  "JOIN information_schema.constraint_column_usage u "
		  "ON u.constraint_name = tc.constraint_name AND u.table_schema = tc.table_schema "
		  "WHERE tc.constraint_type = 'FOREIGN KEY' AND u.table_name = 'actor' "
		  "AND tc.table_schema = current_schema() AND k.table_name <> 'actor'";
	json_t *rows = db_json_rows(db, sql, NO_ARGS);
	assert_non_null(rows);
	return rows;
}

static const struct merge_column *handled(const char *table, const char *column)
{
	for (size_t i = 0; i < merge_column_count; i++)
		if (strcmp(merge_columns[i].table, table) == 0 &&
		    strcmp(merge_columns[i].column, column) == 0)
			return &merge_columns[i];
	return NULL;
}

/* A migration that adds a column naming actors fails here until merge.c
 * moves it or excludes it with a reason. */
static void test_every_column_handled(void **state)
{
	struct fixture *f = *state;
	json_t *cols = actor_columns(f->db);
	assert_true(json_array_size(cols) >= merge_column_count);
	size_t i;
	json_t *c;
	json_array_foreach(cols, i, c) {
		const char *t = json_string_value(json_object_get(c, "t"));
		const char *col = json_string_value(json_object_get(c, "c"));
		if (!handled(t, col) && !merge_exclusion(t, col))
			fail_msg("column %s.%s holds actor ids, but a merge neither moves it "
			         "(merge_columns, src/domain/merge.c) nor says why not", t, col);
	}
	/* And nothing listed that the database does not hold. */
	for (size_t k = 0; k < merge_column_count; k++) {
		bool found = false;
		json_array_foreach(cols, i, c)
			found = found || (strcmp(json_string_value(json_object_get(c, "t")),
			                         merge_columns[k].table) == 0 &&
			                  strcmp(json_string_value(json_object_get(c, "c")),
			                         merge_columns[k].column) == 0);
		if (!found)
			fail_msg("merge_columns names %s.%s, which the database does not hold",
			         merge_columns[k].table, merge_columns[k].column);
	}
	json_decref(cols);
}

static int64_t naming(struct db *db, const struct merge_column *c, int64_t actor)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s = $1", c->table, c->column);
	return scalar(db, sql, DB_ARGS(DB_INT(actor)));
}

/* The demo's partner with the most rows naming it. */
static int64_t busiest_partner(struct db *db, int64_t except)
{
	json_t *rows = db_json_rows(db, "SELECT id FROM actor WHERE kind = 'partner' "
	                            "AND origin = 'synthetic' AND id <> $1 ORDER BY id",
	                            DB_ARGS(DB_INT(except)));
	assert_non_null(rows);
	int64_t best = 0, most = -1;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		int64_t id = json_integer_value(json_object_get(r, "id")), n = 0;
		for (size_t k = 0; k < merge_column_count; k++)
			n += naming(db, &merge_columns[k], id);
		if (n > most) {
			most = n;
			best = id;
		}
	}
	json_decref(rows);
	return best;
}

static void test_merge_moves_everything(void **state)
{
	struct fixture *f = *state;
	struct demo_options o = {.scale = 200, .seed = 3, .practices = -1};
	struct demo_result dr;
	assert_int_equal(demo_generate(f->db, &o, &dr), 0);
	int64_t from = busiest_partner(f->db, 0), into = busiest_partner(f->db, from);
	assert_true(from > 0 && into > 0 && from != into);
	/* Rows both have: a person member of both, and a commitment naming
	 * both; and a commitment of one naming the other. */
	int64_t both = create_with(f->db, f->mar, json_pack("{s:s, s:[I, I]}", "kind", "common",
	                                                    "participants", (json_int_t)from,
	                                                    (json_int_t)into));
	int64_t own = create_with(f->db, into, json_pack("{s:s, s:[I]}", "kind", "common",
	                                                 "participants", (json_int_t)from));
	struct user dup;
	add_user(f->db, &dup, "ed@duplicate.example", ROLE_EDITOR, from, "accredited", NULL);
	int64_t reported = scalar(f->db, "SELECT min(id) FROM commitment WHERE owner_actor_id = $1",
	                          DB_ARGS(DB_INT(from)));
	json_t *update = json_pack("{s:s}", "status", "in_progress");
	json_t *errors = json_object();
	assert_int_equal(progress_add(f->db, &dup, reported, update, errors, NULL, NULL), OUTCOME_OK);
	json_decref(update);
	json_decref(errors);
	assert_int_equal(db_exec(f->db, "INSERT INTO membership (user_id, actor_id, role, created_at) "
	                         "VALUES ($1, $2, 'editor', '2026-01-01T00:00:00.000Z'), "
	                         "($1, $3, 'editor', '2026-01-01T00:00:00.000Z')",
	                         DB_ARGS(DB_INT(f->editor2.id), DB_INT(from), DB_INT(into))), 2);
	int64_t before_from[32], before_into[32];
	assert_true(merge_column_count <= ARRAY_LEN(before_from));
	for (size_t k = 0; k < merge_column_count; k++) {
		before_from[k] = naming(f->db, &merge_columns[k], from);
		before_into[k] = naming(f->db, &merge_columns[k], into);
	}
	/* Every column the demo left without a row naming `from` gets one:
	 * a row of another actor's repointed (one, so no key collides). */
	for (size_t k = 0; k < merge_column_count; k++) {
		/* Progress updates are append-only: the demo's have no actor, so
		 * the duplicate's own person reports below. */
		if (before_from[k] || strcmp(merge_columns[k].table, "progress_update") == 0)
			continue;
		const struct merge_column *c = &merge_columns[k];
		const char *row = db_dialect(f->db) == DB_SQLITE ? "rowid" : "ctid";
		char sql[512];
		snprintf(sql, sizeof sql, "UPDATE %s SET %s = $1 WHERE %s = (SELECT %s FROM %s "
		         "WHERE %s IS NOT NULL AND %s <> $2 LIMIT 1)", c->table, c->column, row, row,
		         c->table, c->column, c->column);
		assert_true(db_exec(f->db, sql, DB_ARGS(DB_INT(from), DB_INT(into))) >= 0);
		before_from[k] = naming(f->db, c, from);
		before_into[k] = naming(f->db, c, into);
	}
	/* What the test covers: every table that has rows at all; the
	 * demo's reports, commitments and practices at least. */
	size_t covered = 0;
	for (size_t k = 0; k < merge_column_count; k++)
		covered += before_from[k] > 0;
	assert_true(covered >= merge_column_count - 4);
	assert_true(before_from[3] > 0 && before_from[5] > 0 && before_from[6] > 0);

	json_t *preview = merge_preview(f->db, "en", from, into);
	assert_true(json_is_null(json_object_get(preview, "problem")));
	int64_t total = 0;
	for (size_t k = 0; k < merge_column_count; k++)
		total += before_from[k];
	assert_int_equal(json_integer_value(json_object_get(preview, "total")), total);
	json_decref(preview);

	struct merge_result r;
	assert_int_equal(merge_actors(f->db, &f->op, from, into, &r), OUTCOME_OK);
	for (size_t k = 0; k < merge_column_count; k++) {
		const struct merge_column *c = &merge_columns[k];
		char name[128];
		snprintf(name, sizeof name, "%s.%s", c->table, c->column);
		json_t *n = json_object_get(r.counts, name);
		int64_t moved = json_integer_value(json_object_get(n, "moved"));
		int64_t dropped = json_integer_value(json_object_get(n, "dropped"));
		if (naming(f->db, c, from) != 0)
			fail_msg("%s still names the merged actor", name);
		assert_int_equal(moved + dropped, before_from[k]);
		int64_t self = strcmp(c->table, "commitment_participant") == 0
			? json_integer_value(json_object_get(r.counts, "commitment_participant.own_owner"))
			: 0;
		if (naming(f->db, c, into) != before_into[k] + moved - self)
			fail_msg("%s: %lld rows name the actor kept, not %lld", name,
			         (long long)naming(f->db, c, into),
			         (long long)(before_into[k] + moved - self));
	}
	/* Progress updates stay append-only but for a merge's move. */
	assert_true(db_exec(f->db, "UPDATE progress_update SET narrative = 'rewritten' "
	                    "WHERE actor_id = $1", DB_ARGS(DB_INT(into))) < 0);
	assert_true(db_exec(f->db, "UPDATE progress_update SET actor_id = $2 WHERE actor_id = $1",
	                    DB_ARGS(DB_INT(into), DB_INT(f->partner))) < 0);
	/* One row kept where both had one; none naming a commitment's owner. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_participant "
	                        "WHERE commitment_id = $1", DB_ARGS(DB_INT(both))), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_participant "
	                        "WHERE commitment_id = $1", DB_ARGS(DB_INT(own))), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM membership WHERE user_id = $1 "
	                        "AND actor_id = $2", DB_ARGS(DB_INT(f->editor2.id), DB_INT(into))), 1);
	json_decref(r.counts);

	/* A redirect: on no list, out of the search, its page names the kept one. */
	assert_int_equal(scalar(f->db, "SELECT merged_into FROM actor WHERE id = $1",
	                        DB_ARGS(DB_INT(from))), into);
	json_t *got = actors_get(f->db, "en", from, NULL);
	assert_int_equal(json_integer_value(json_object_get(got, "merged_into")), into);
	json_decref(got);
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)from);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM search_doc WHERE kind = 'actor' "
	                        "AND ref = $1", DB_ARGS(DB_TEXT(ref))), 0);
	json_t *list = actors_list(f->db, "en", &f->op, "partner", NULL, NULL, NULL, NULL);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(list, "actors"), i, a)
		assert_true(json_integer_value(json_object_get(a, "id")) != from);
	json_decref(list);
	/* The audit trail: "actor.merge" on the merged one, into the kept one,
	 * with the counts. */
	json_t *entry = db_json_row(f->db, "SELECT user_id, changes FROM audit_log WHERE "
	                            "action = 'actor.merge' AND object_type = 'actor' "
	                            "AND object_id = $1", DB_ARGS(DB_TEXT(ref)));
	assert_true(json_is_object(entry));
	assert_int_equal(json_integer_value(json_object_get(entry, "user_id")), f->op.id);
	json_t *changes = json_loads(json_string_value(json_object_get(entry, "changes")), 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(changes, "merged_into"),
	                                                    "after")), into);
	json_t *moved = json_object_get(json_object_get(changes, "moved"), "after");
	assert_true(json_integer_value(json_object_get(json_object_get(moved,
	            "commitment.owner_actor_id"), "moved")) > 0);
	json_decref(changes);
	json_decref(entry);
}

static void test_refusals_and_chain(void **state)
{
	struct fixture *f = *state;
	int64_t a = add_partner(f->db, "Alpha Network", "civil_society", "accredited");
	int64_t b = add_partner(f->db, "Alpha Netwrok", "civil_society", "accredited");
	int64_t c = add_partner(f->db, "Gamma Union", "trade_union", "accredited");
	struct merge_result r;
	/* Into itself. */
	assert_int_equal(merge_actors(f->db, &f->op, a, a, &r), OUTCOME_INVALID);
	assert_string_equal(r.problem, "An organisation cannot be merged into itself.");
	/* Not an administrator: refused, and the refusal audited. */
	assert_int_equal(merge_actors(f->db, &f->editor, b, a, &r), OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE "
	                        "action = 'denied:actor.merge'", NO_ARGS), 1);
	assert_int_equal(merge_actors(f->db, &f->reviewer, b, a, &r), OUTCOME_DENIED);
	assert_int_equal(merge_actors(f->db, NULL, b, a, &r), OUTCOME_DENIED);
	/* States, the operators, a request not public, nothing at all. */
	assert_int_equal(merge_actors(f->db, &f->op, f->mar, a, &r), OUTCOME_INVALID);
	assert_string_equal(r.problem, "Only partner organisations can be merged.");
	assert_int_equal(merge_actors(f->db, &f->op, b, f->pending, &r), OUTCOME_INVALID);
	assert_string_equal(r.problem, "The organisation kept must be accredited or suspended.");
	assert_int_equal(merge_actors(f->db, &f->op, b, 999999, &r), OUTCOME_NOT_FOUND);
	assert_int_equal(merge_actors(f->db, &f->op, 999999, b, &r), OUTCOME_NOT_FOUND);
	/* The pending duplicate may go into a public one. */
	assert_int_equal(merge_actors(f->db, &f->op, f->pending, a, &r), OUTCOME_OK);
	json_decref(r.counts);
	assert_int_equal(scalar(f->db, "SELECT actor_id FROM account WHERE id = $1",
	                        DB_ARGS(DB_INT(f->pending_editor.id))), a);
	/* b into a; then a into c: b's redirect follows, one hop. */
	assert_int_equal(merge_actors(f->db, &f->op, b, a, &r), OUTCOME_OK);
	json_decref(r.counts);
	assert_int_equal(merge_actors(f->db, &f->op, b, c, &r), OUTCOME_CONFLICT);
	assert_string_equal(r.problem, "This organisation has already been merged into another.");
	assert_int_equal(merge_actors(f->db, &f->op, c, b, &r), OUTCOME_CONFLICT);
	assert_true(strstr(r.problem, "itself been merged") != NULL);
	assert_int_equal(merge_actors_as_operator(f->db, a, c, &r), OUTCOME_OK);
	assert_int_equal(json_integer_value(json_object_get(r.counts, "redirects")), 2);
	json_decref(r.counts);
	assert_int_equal(scalar(f->db, "SELECT merged_into FROM actor WHERE id = $1",
	                        DB_ARGS(DB_INT(b))), c);
	assert_int_equal(scalar(f->db, "SELECT merged_into FROM actor WHERE id = $1",
	                        DB_ARGS(DB_INT(f->pending))), c);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = 'actor.merge' "
	                        "AND user_id IS NULL AND channel = 'cli'", NO_ARGS), 1);
	/* A merged actor takes no decision any more. */
	assert_int_equal(actors_decide(f->db, &f->op, b, "suspend", NULL), OUTCOME_CONFLICT);
	/* Its preview: nothing to merge. */
	json_t *p = merge_preview(f->db, "en", b, c);
	assert_true(json_is_null(p));
}

#define FX(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	if (auth_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		FX(test_every_column_handled), FX(test_merge_moves_everything),
		FX(test_refusals_and_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
