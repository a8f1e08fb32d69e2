/* test_practices.c — good practices on the shared fixture (both backends):
 * every bad input of the issue with the field it names and nothing
 * written, create/edit with permissions, the whole review (submit,
 * questions, answers, two approvals with a UN entity's, publication), a
 * conflicted reviewer refused and the refusal audited, the submitter never
 * deciding on their own, a tie-break, the roster's rules, calls,
 * translations (never approved by their proposer), the list's filters and
 * cursor, notifications, and the searchable text. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "audit.h"
#include "db.h"
#include "fixture.h"
#include "notifications.h"
#include "permission.h"
#include "practices.h"
#include "search.h"
#include "users.h"
#include "util.h"
#include "validate.h"

/* The cast beyond the fixture's: a UN entity's reviewer, and the roster. */
struct cast {
	struct fixture *f;
	int64_t un;
	struct user un_rev;
};

static json_t *valid_practice(int64_t actor)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:[i, i], s:[s], "
	                 "s:[s], s:s, s:s}",
	                 "actor_id", (json_int_t)actor,
	                 "title", "One-stop centres for returning migrants",
	                 "summary", "Twelve centres advise **returning** migrants.",
	                 "context", "Many returned without support.",
	                 "actions", "We opened centres in twelve regions.",
	                 "results", "3,000 people advised a year.",
	                 "start_year", (json_int_t)2019, "end_year", (json_int_t)2023,
	                 "level", "national", "type", "programme",
	                 "objectives", 21, 7, "principles", "human-rights", "countries", "MAR",
	                 "lang", "en", "partners", "Réseau local\n");
}

static int64_t count(struct db *db, const char *sql, int64_t id)
{
	return scalar(db, sql, DB_ARGS(DB_INT(id)));
}

static const char *status_of(struct db *db, int64_t id, char buf[24])
{
	assert_int_equal(practices_owner(db, id, NULL, buf, NULL), OUTCOME_OK);
	return buf;
}

/* ---- Validation ------------------------------------------------------------ */

static void expect_invalid(struct fixture *f, json_t *change, const char *field)
{
	json_t *in = valid_practice(f->mar), *errors = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(change, key, v) {
		if (json_is_null(v))
			json_object_del(in, key);
		else
			json_object_set(in, key, v);
	}
	int64_t id = 0;
	enum outcome o = practices_create(f->db, &f->fp_mar, in, errors, &id);
	if (o != OUTCOME_INVALID || !json_object_get(errors, field)) {
		char *dump = json_dumps(errors, 0);
		fail_msg("expected an error on %s, got outcome %d, errors %s", field, o, dump);
	}
	assert_int_equal(id, 0);
	json_decref(errors);
	json_decref(in);
	json_decref(change);
}

static void test_validation(void **state)
{
	struct fixture *f = *state;
	char long_title[PRACTICE_TITLE_MAX + 2];
	memset(long_title, 'a', sizeof long_title - 1);
	long_title[sizeof long_title - 1] = '\0';
	expect_invalid(f, json_pack("{s:n}", "title"), "title");
	expect_invalid(f, json_pack("{s:n}", "summary"), "summary");
	expect_invalid(f, json_pack("{s:[]}", "objectives"), "objectives");
	expect_invalid(f, json_pack("{s:[i]}", "objectives", 24), "objectives");
	expect_invalid(f, json_pack("{s:[s]}", "countries", "XXX"), "countries");
	expect_invalid(f, json_pack("{s:[], s:[]}", "countries", "regions"), "countries");
	expect_invalid(f, json_pack("{s:[s]}", "regions", "999"), "regions");
	expect_invalid(f, json_pack("{s:i, s:i}", "start_year", 2020, "end_year", 2010), "end_year");
	expect_invalid(f, json_pack("{s:i}", "start_year", 1800), "start_year");
	expect_invalid(f, json_pack("{s:n}", "start_year"), "start_year");
	expect_invalid(f, json_pack("{s:s}", "title", long_title), "title");
	expect_invalid(f, json_pack("{s:o}", "title", json_stringn_nocheck("bad \xff\xfe", 6)),
	               "title");
	expect_invalid(f, json_pack("{s:s}", "level", "galactic"), "level");
	expect_invalid(f, json_pack("{s:s}", "type", "rumour"), "type");
	expect_invalid(f, json_pack("{s:s}", "lang", "not a language"), "lang");
	expect_invalid(f, json_pack("{s:[s]}", "links", "javascript:alert(1)"), "links");
	expect_invalid(f, json_pack("{s:[i]}", "commitments", 99999), "commitments");
	expect_invalid(f, json_pack("{s:[i]}", "partners", 99999), "partners");
	expect_invalid(f, json_pack("{s:i}", "call_id", 99999), "call_id");
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM practice", NO_ARGS), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM practice_objective", NO_ARGS), 0);
}

/* ---- Create, edit, permissions ----------------------------------------------- */

static int64_t create(struct fixture *f, const struct user *by, int64_t actor)
{
	json_t *in = valid_practice(actor), *errors = json_object();
	int64_t id = 0;
	enum outcome o = practices_create(f->db, by, in, errors, &id);
	if (o != OUTCOME_OK) {
		char *dump = json_dumps(errors, 0);
		fail_msg("create: outcome %d, %s (%s)", o, dump, db_errmsg(f->db));
	}
	json_decref(in);
	json_decref(errors);
	return id;
}

static void test_create_edit(void **state)
{
	struct fixture *f = *state;
	int64_t id = create(f, &f->fp_mar, f->mar);
	char st[24];
	assert_string_equal(status_of(f->db, id, st), "draft");
	json_t *page = practices_get(f->db, "fr", id);
	json_t *p = json_object_get(page, "practice");
	assert_string_equal(json_string_value(json_object_get(p, "type_label")), "Programme");
	assert_int_equal(json_array_size(json_object_get(p, "objectives")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(p, "partners"), 0), "name")), "Réseau local");
	assert_non_null(strstr(json_string_value(json_object_get(p, "summary_html")), "<strong>"));
	json_decref(page);
	/* Another state's focal point may not write for Morocco: audited. */
	json_t *in = valid_practice(f->mar), *errors = json_object();
	int64_t other = 0;
	assert_int_equal(practices_create(f->db, &f->fp_sen, in, errors, &other), OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:practice.submit'", NO_ARGS), 1);
	assert_int_equal(practices_update(f->db, &f->fp_sen, id, in, errors), OUTCOME_DENIED);
	/* An edit; the actor cannot change. */
	json_object_set_new(in, "title", json_string("Centres for returning migrants"));
	assert_int_equal(practices_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	json_object_set_new(in, "actor_id", json_integer(f->sen));
	assert_int_equal(practices_update(f->db, &f->fp_mar, id, in, errors), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "actor_id"));
	json_decref(in);
	json_decref(errors);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'practice.edit'", NO_ARGS), 1);
}

/* ---- The review ---------------------------------------------------------------- */

static void setup_roster(struct cast *c)
{
	struct fixture *f = c->f;
	c->un = add_partner(f->db, "UN Migration Agency", "un_entity", "accredited");
	add_user(f->db, &c->un_rev, "rev@un.example", ROLE_EDITOR, c->un, "accredited", NULL);
	const struct {
		const char *email;
		bool tie;
	} roster[] = {
		{"rev@un.example", false}, {"fp@sen.example", false}, {"ed@sahel.example", true},
		{"rev@example.org", false},
	};
	for (size_t i = 0; i < ARRAY_LEN(roster); i++) {
		json_t *in = json_pack("{s:s, s:b}", "email", roster[i].email, "tie_break", roster[i].tie);
		json_t *errors = json_object();
		assert_int_equal(practices_roster_add(f->db, NULL, in, errors), OUTCOME_OK);
		json_decref(in);
		json_decref(errors);
	}
	/* Only an administrator keeps the roster: a reviewer is refused. */
	json_t *in = json_pack("{s:s}", "email", "fp@mar.example"), *errors = json_object();
	assert_int_equal(practices_roster_add(f->db, &f->reviewer, in, errors), OUTCOME_DENIED);
	assert_int_equal(practices_roster_add(f->db, &f->op, in, errors), OUTCOME_OK);
	assert_int_equal(practices_roster_remove(f->db, &f->op, f->fp_mar.id), OUTCOME_OK);
	json_decref(in);
	json_decref(errors);
}

static enum outcome declare(struct fixture *f, const struct user *u, int64_t id, bool conflict)
{
	json_t *in = json_pack("{s:b, s:s}", "conflict", conflict, "statement", "None.");
	json_t *errors = json_object();
	enum outcome o = practices_declare(f->db, u, id, in, errors);
	json_decref(in);
	json_decref(errors);
	return o;
}

static enum outcome decide(struct fixture *f, const struct user *u, int64_t id,
                           const char *decision, const char *comment)
{
	json_t *in = comment ? json_pack("{s:s, s:s}", "decision", decision, "comment", comment) :
	             json_pack("{s:s}", "decision", decision);
	json_t *errors = json_object();
	enum outcome o = practices_decide(f->db, u, id, in, errors);
	json_decref(in);
	json_decref(errors);
	return o;
}

static void test_review(void **state)
{
	struct fixture *f = *state;
	struct cast c = {.f = f};
	setup_roster(&c);
	char st[24];
	int64_t id = create(f, &f->fp_mar, f->mar);
	assert_int_equal(practices_submit(f->db, &f->fp_sen, id), OUTCOME_DENIED);
	assert_int_equal(practices_submit(f->db, &f->fp_mar, id), OUTCOME_OK);
	assert_int_equal(practices_submit(f->db, &f->fp_mar, id), OUTCOME_CONFLICT);
	assert_string_equal(status_of(f->db, id, st), "submitted");
	/* The roster was told; the submitter never decides on their own. */
	assert_true(count(f->db, "SELECT count(*) FROM notification WHERE user_id = $1",
	                  f->fp_sen.id) >= 1);
	assert_int_equal(decide(f, &f->fp_mar, id, "approve", NULL), OUTCOME_DENIED);
	/* Deciding comes after a declaration. */
	assert_int_equal(decide(f, &f->fp_sen, id, "approve", NULL), OUTCOME_INVALID);
	assert_int_equal(declare(f, &f->fp_sen, id, false), OUTCOME_OK);
	assert_int_equal(declare(f, &f->fp_sen, id, false), OUTCOME_CONFLICT);
	assert_string_equal(status_of(f->db, id, st), "in_review");
	/* A question: changes requested, the submitter answers and resubmits. */
	assert_int_equal(decide(f, &f->fp_sen, id, "changes", NULL), OUTCOME_INVALID);
	assert_int_equal(decide(f, &f->fp_sen, id, "changes", "How many were advised?"), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "changes_requested");
	json_t *in = json_pack("{s:s}", "body", "3,000 a year, half of them women."), *errors =
		json_object();
	assert_int_equal(practices_answer(f->db, &f->fp_mar, id, in, errors), OUTCOME_OK);
	json_decref(in);
	json_decref(errors);
	assert_int_equal(practices_submit(f->db, &f->fp_mar, id), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "in_review");
	/* Two approvals, one of them a UN entity's: published. */
	assert_int_equal(decide(f, &f->fp_sen, id, "approve", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "in_review");
	assert_int_equal(declare(f, &c.un_rev, id, false), OUTCOME_OK);
	assert_int_equal(decide(f, &c.un_rev, id, "approve", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "published");
	json_t *page = practices_get(f->db, "en", id);
	json_t *review = json_object_get(json_object_get(page, "practice"), "review");
	assert_int_equal(json_array_size(json_object_get(review, "messages")), 2);
	assert_int_equal(json_integer_value(json_object_get(review, "approvals")), 2);
	json_decref(page);
	assert_true(count(f->db, "SELECT count(*) FROM notification WHERE user_id = $1 AND message "
	                  "LIKE 'Practice published%'", f->fp_mar.id) == 1);
	json_t *notes = notifications_list(f->db, "fr", f->fp_mar.id);
	assert_true(json_array_size(notes) >= 2);
	json_decref(notes);
	assert_int_equal(count(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                       "'practice.publish' AND object_id = CAST($1 AS TEXT)", id), 1);
	assert_int_equal(practices_archive(f->db, &f->fp_mar, id), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "archived");
}

static void test_conflict_and_tie_break(void **state)
{
	struct fixture *f = *state;
	struct cast c = {.f = f};
	setup_roster(&c);
	char st[24];
	/* A practice of the partner: its own reviewer is refused by can(). */
	int64_t own = create(f, &f->editor, f->partner);
	assert_int_equal(practices_submit(f->db, &f->editor, own), OUTCOME_OK);
	assert_int_equal(declare(f, &f->reviewer, own, false), OUTCOME_DENIED);
	/* A conflict declared: recorded, then every decision refused, audited. */
	int64_t id = create(f, &f->fp_mar, f->mar);
	assert_int_equal(practices_submit(f->db, &f->fp_mar, id), OUTCOME_OK);
	assert_int_equal(declare(f, &f->reviewer, id, true), OUTCOME_OK);
	int64_t before = scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:practice.review'", NO_ARGS);
	assert_int_equal(decide(f, &f->reviewer, id, "approve", NULL), OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:practice.review' AND changes LIKE '%conflict_of_interest%'",
	                        NO_ARGS), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:practice.review'", NO_ARGS), before + 1);
	/* Not on the roster (any more): refused. */
	assert_int_equal(declare(f, &f->fp_mar, own, false), OUTCOME_DENIED);
	assert_int_equal(declare(f, &f->editor2, id, false), OUTCOME_OK);
	/* A split: one approval, one rejection → the tie-break reviewer. */
	assert_int_equal(declare(f, &f->fp_sen, id, false), OUTCOME_OK);
	assert_int_equal(declare(f, &c.un_rev, id, false), OUTCOME_OK);
	assert_int_equal(decide(f, &f->fp_sen, id, "approve", NULL), OUTCOME_OK);
	assert_int_equal(decide(f, &c.un_rev, id, "reject", NULL), OUTCOME_INVALID);
	assert_int_equal(decide(f, &c.un_rev, id, "reject", "Not replicable."), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "in_review");
	assert_int_equal(count(f->db, "SELECT tie_break FROM practice WHERE id = $1", id), 1);
	json_t *q = practices_queue(f->db, "en", f->editor2.id);
	assert_int_equal(json_array_size(q), 2);
	bool found = false;
	size_t i;
	json_t *item;
	json_array_foreach(q, i, item)
		found |= json_integer_value(json_object_get(item, "id")) == id &&
		         strcmp(json_string_value(json_object_get(item, "waiting")), "tie_break") == 0;
	assert_true(found);
	json_decref(q);
	assert_int_equal(decide(f, &f->editor2, id, "approve", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "published");
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'practice.tie_break'", NO_ARGS), 1);
}

static void test_approvals_setting(void **state)
{
	struct fixture *f = *state;
	struct cast c = {.f = f};
	setup_roster(&c);
	json_t *in = json_pack("{s:i}", "required_approvals", 1), *errors = json_object();
	assert_int_equal(practices_set_approvals(f->db, &f->fp_mar, in, errors), OUTCOME_DENIED);
	assert_int_equal(practices_set_approvals(f->db, &f->op, in, errors), OUTCOME_OK);
	json_decref(in);
	in = json_pack("{s:i}", "required_approvals", 0);
	assert_int_equal(practices_set_approvals(f->db, &f->op, in, errors), OUTCOME_INVALID);
	json_decref(in);
	json_decref(errors);
	char st[24];
	int64_t id = create(f, &f->fp_mar, f->mar);
	assert_int_equal(practices_submit(f->db, &f->fp_mar, id), OUTCOME_OK);
	/* One approval suffices now, but the roster has a UN entity's reviewer. */
	assert_int_equal(declare(f, &f->fp_sen, id, false), OUTCOME_OK);
	assert_int_equal(decide(f, &f->fp_sen, id, "approve", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "in_review");
	assert_int_equal(declare(f, &c.un_rev, id, false), OUTCOME_OK);
	assert_int_equal(decide(f, &c.un_rev, id, "approve", NULL), OUTCOME_OK);
	assert_string_equal(status_of(f->db, id, st), "published");
}

/* ---- Translations, calls, the list ------------------------------------------------ */

static int64_t published(struct fixture *f, int64_t actor)
{
	json_t *in = valid_practice(actor), *errors = json_object(), *clean = NULL;
	assert_int_equal(practice_validate(f->db, in, errors, &clean), 0);
	int64_t id = 0;
	assert_int_equal(db_begin(f->db), 0);
	/* Long ago: an edit's time is after it, whatever the clock's grain. */
	assert_int_equal(practices_insert(f->db, clean, "published", "real",
	                                  "2020-01-01T00:00:00.000Z", &id), 0);
	assert_int_equal(db_commit(f->db), 0);
	json_decref(in);
	json_decref(errors);
	json_decref(clean);
	return id;
}

static void test_translations(void **state)
{
	struct fixture *f = *state;
	int64_t id = published(f, f->mar);
	json_t *in = json_pack("{s:s, s:s, s:s}", "lang", "fr", "title", "Guichets uniques",
	                       "summary", "Douze guichets pour les migrants de retour.");
	json_t *errors = json_object();
	int64_t tid = 0;
	assert_int_equal(practices_translation_propose(f->db, &f->fp_sen, id, in, errors, &tid),
	                 OUTCOME_OK);
	json_object_set_new(in, "lang", json_string("en"));
	assert_int_equal(practices_translation_propose(f->db, &f->fp_sen, id, in, errors, NULL),
	                 OUTCOME_INVALID);
	json_decref(in);
	json_decref(errors);
	/* Its proposer may not approve it; the practice's own people may. */
	assert_int_equal(practices_translation_approve(f->db, &f->fp_sen, id, tid), OUTCOME_DENIED);
	assert_int_equal(practices_translation_approve(f->db, &f->fp_mar, id, tid), OUTCOME_OK);
	assert_int_equal(practices_translation_approve(f->db, &f->fp_mar, id, tid), OUTCOME_CONFLICT);
	json_t *text = practices_search_text(f->db, id);
	json_t *texts = json_object_get(text, "texts");
	assert_int_equal(json_object_size(texts), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(texts, "fr"), "title")),
	                    "Guichets uniques");
	json_decref(text);
	json_t *page = practices_get(f->db, "en", id);
	json_t *t = json_array_get(json_object_get(json_object_get(page, "practice"),
	                                           "translations"), 0);
	assert_false(json_is_true(json_object_get(t, "outdated")));
	json_decref(page);
	/* The original edited after the translation was made: marked. */
	json_t *edit = practices_form_values(f->db, id);
	json_object_set_new(edit, "summary", json_string("Twelve centres, now fifteen."));
	errors = json_object();
	assert_int_equal(practices_update(f->db, &f->fp_mar, id, edit, errors), OUTCOME_OK);
	json_decref(edit);
	json_decref(errors);
	page = practices_get(f->db, "en", id);
	t = json_array_get(json_object_get(json_object_get(page, "practice"), "translations"), 0);
	assert_true(json_is_true(json_object_get(t, "outdated")));
	json_decref(page);
}

static void test_calls_and_list(void **state)
{
	struct fixture *f = *state;
	json_t *in = json_pack("{s:s, s:[i], s:[s, s], s:s}", "theme", "Return and reintegration",
	                       "objectives", 21, "langs", "en", "fr", "deadline", "2099-12-31");
	json_t *errors = json_object();
	int64_t call = 0;
	assert_int_equal(calls_open(f->db, &f->fp_mar, in, errors, &call), OUTCOME_DENIED);
	assert_int_equal(calls_open(f->db, &f->reviewer, in, errors, &call), OUTCOME_OK);
	json_decref(in);
	in = json_pack("{s:s, s:s}", "theme", "Past", "deadline", "2001-01-01");
	assert_int_equal(calls_open(f->db, &f->reviewer, in, errors, NULL), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "deadline"));
	json_decref(in);
	json_decref(errors);
	json_t *p = valid_practice(f->mar);
	json_object_set_new(p, "call_id", json_integer(call));
	errors = json_object();
	int64_t answered = 0;
	assert_int_equal(practices_create(f->db, &f->fp_mar, p, errors, &answered), OUTCOME_OK);
	json_decref(p);
	json_decref(errors);
	json_t *got = calls_get(f->db, "en", call, "2099-12-31");
	assert_true(json_is_true(json_object_get(json_object_get(got, "call"), "open")));
	json_decref(got);
	for (int i = 0; i < 5; i++)
		published(f, i % 2 ? f->mar : f->sen);
	json_t *filter = NULL;
	json_t *query = json_pack("{s:s, s:s}", "country", "mar", "limit", "2");
	errors = json_object();
	assert_int_equal(practices_filter_check(query, errors, &filter), 0);
	json_t *l = practices_list(f->db, "en", filter);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 5);
	assert_int_equal(json_array_size(json_object_get(l, "practices")), 2);
	const char *next = json_string_value(json_object_get(l, "next"));
	assert_non_null(next);
	json_object_set_new(filter, "after", json_string(next));
	json_t *l2 = practices_list(f->db, "en", filter);
	assert_int_equal(json_array_size(json_object_get(l2, "practices")), 2);
	assert_true(json_integer_value(json_object_get(json_array_get(json_object_get(l2, "practices"), 0),
	                                               "id")) <
	            json_integer_value(json_object_get(json_array_get(json_object_get(l, "practices"), 1),
	                                               "id")));
	json_decref(l);
	json_decref(l2);
	json_decref(filter);
	json_decref(query);
	query = json_pack("{s:s, s:s}", "objective", "24", "after", "nonsense");
	assert_int_equal(practices_filter_check(query, errors, NULL), 2);
	json_decref(query);
	json_decref(errors);
}

/* ---- The search (search.h) -------------------------------------------------- */

/* How many practices /search finds for q. */
static size_t found(struct fixture *f, const char *q, int64_t *first)
{
	struct search_request r = {.q = q, .kind = "practice", .locale = "en"};
	json_t *page = search_run(f->db, &r);
	assert_non_null(page);
	size_t n = (size_t)json_integer_value(json_object_get(page, "count"));
	json_t *one = json_array_get(json_object_get(page, "results"), 0);
	if (first)
		*first = one ? strtoll(json_string_value(json_object_get(one, "ref")), NULL, 10) : 0;
	json_decref(page);
	return n;
}

/* Only a published practice is found; through its translations too; an
 * archived one no more. */
static void test_search(void **state)
{
	struct fixture *f = *state;
	int64_t draft = create(f, &f->fp_mar, f->mar);
	assert_true(draft > 0);
	assert_int_equal(found(f, "returning", NULL), 0);
	int64_t id = published(f, f->mar), hit = 0;
	assert_int_equal(found(f, "returning", &hit), 1);
	assert_int_equal(hit, id);
	assert_int_equal(found(f, "advise", NULL), 1);      /* stemmed: "advised" */
	assert_int_equal(found(f, "guichets", NULL), 0);
	json_t *in = json_pack("{s:s, s:s, s:s}", "lang", "fr", "title", "Guichets uniques",
	                       "summary", "Douze guichets pour les migrants de retour.");
	json_t *errors = json_object();
	int64_t tid = 0;
	assert_int_equal(practices_translation_propose(f->db, &f->fp_sen, id, in, errors, &tid),
	                 OUTCOME_OK);
	assert_int_equal(found(f, "guichets", NULL), 0);     /* proposed, not approved */
	assert_int_equal(practices_translation_approve(f->db, &f->fp_mar, id, tid), OUTCOME_OK);
	assert_int_equal(found(f, "guichet", &hit), 1);      /* a French word, stemmed */
	assert_int_equal(hit, id);
	json_decref(in);
	json_decref(errors);
	assert_int_equal(practices_archive(f->db, &f->fp_mar, id), OUTCOME_OK);
	assert_int_equal(found(f, "returning", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_validation, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_create_edit, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_review, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_conflict_and_tie_break, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_approvals_setting, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_translations, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_calls_and_list, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
