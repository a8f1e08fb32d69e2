/* test_flags.c — flagging records (flags.h) on the shared fixture, both
 * backends: who may flag and decide, what a flag hides (the row's marker,
 * the search document, the list), the owner told, every step audited.
 * A practice, a review input, a need or an offer likewise, each through
 * its own public reads. tests/http/392_flags checks the public paths end
 * to end. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "commitments.h"
#include "fixture.h"
#include "flags.h"
#include "hub.h"
#include "practices.h"
#include "reviews.h"
#include "util.h"

static json_t *reason(const char *text)
{
	return json_pack("{s:s}", "reason", text);
}

static int64_t count_of(struct db *db, const char *sql, int64_t id)
{
	return scalar(db, sql, DB_ARGS(DB_INT(id)));
}

/* The newest open flag in the queue is of kind, on a record titled title,
 * whose page is url. */
static void assert_queued(struct fixture *fx, const char *kind, const char *title,
                          const char *url)
{
	json_t *q = flags_queue(fx->db, "en", "open");
	assert_non_null(q);
	json_t *first = json_array_get(json_object_get(q, "flags"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "kind")), kind);
	assert_string_equal(json_string_value(json_object_get(first, "title")), title);
	assert_string_equal(json_string_value(json_object_get(first, "url")), url);
	json_decref(q);
}

/* Flags record id of kind, owned by actor, as the fixture's reviewer,
 * after the refusals: Senegal's focal point may not (audited), and
 * unlisted, a record of that kind the public does not see, is no record to
 * flag. Then own, one of actor's people, sees it hidden; Senegal's focal
 * point does not. The flag's id. */
static int64_t flag_public(struct fixture *fx, const char *kind, int64_t id, int64_t unlisted,
                           const char *why, const struct user *own, int64_t actor)
{
	json_t *errors = json_object(), *in = reason(why);
	assert_int_equal(flags_raise(fx->db, &fx->fp_sen, kind, id, in, errors, NULL),
	                 OUTCOME_DENIED);
	assert_int_equal(flags_raise(fx->db, &fx->reviewer, kind, unlisted, in, errors, NULL),
	                 OUTCOME_NOT_FOUND);
	int64_t flag = 0;
	assert_int_equal(flags_raise(fx->db, &fx->reviewer, kind, id, in, errors, &flag),
	                 OUTCOME_OK);
	json_decref(in);
	json_decref(errors);
	assert_true(flags_may_see(own, kind, id, actor));
	assert_false(flags_may_see(&fx->fp_sen, kind, id, actor));
	return flag;
}

static const char HIDDEN[] = "SELECT count(*) FROM commitment WHERE id = $1 AND hidden_at IS NOT NULL";
static const char INDEXED[] =
	"SELECT count(*) FROM search_doc WHERE kind = 'commitment' AND num = $1";

static void test_flag_restore(void **state)
{
	struct fixture *fx = *state;
	int64_t id = create_with(fx->db, fx->mar, NULL);
	assert_int_equal(count_of(fx->db, INDEXED, id), 1);
	json_t *errors = json_object();
	json_t *why = reason("Offensive wording");

	/* A state's focal point flags nothing; the refusal is audited. */
	assert_int_equal(flags_raise(fx->db, &fx->fp_sen, "commitment", id, why, errors, NULL),
	                 OUTCOME_DENIED);
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM audit_log WHERE "
	                        "action = 'denied:record.flag' AND object_id = $1",
	                        DB_ARGS(DB_TEXT(oid))), 1);
	json_t *blank = reason("");
	assert_int_equal(flags_raise(fx->db, &fx->reviewer, "commitment", id, blank, errors, NULL),
	                 OUTCOME_INVALID);
	json_decref(blank);
	json_object_clear(errors);
	assert_int_equal(flags_raise(fx->db, &fx->reviewer, "nothing", id, why, errors, NULL),
	                 OUTCOME_NOT_FOUND);

	int64_t flag = 0;
	int64_t told = scalar(fx->db, "SELECT count(*) FROM notification", NO_ARGS);
	assert_int_equal(flags_raise(fx->db, &fx->reviewer, "commitment", id, why, errors, &flag),
	                 OUTCOME_OK);
	assert_true(flag > 0);
	assert_int_equal(count_of(fx->db, HIDDEN, id), 1);
	assert_int_equal(count_of(fx->db, INDEXED, id), 0);
	assert_true(scalar(fx->db, "SELECT count(*) FROM notification", NO_ARGS) > told);
	assert_int_equal(flags_raise(fx->db, NULL, "commitment", id, why, errors, NULL),
	                 OUTCOME_CONFLICT);
	assert_true(flags_may_see(&fx->fp_mar, "commitment", id, fx->mar));
	assert_true(flags_may_see(&fx->reviewer, "commitment", id, fx->mar));
	assert_false(flags_may_see(&fx->fp_sen, "commitment", id, fx->mar));
	assert_false(flags_may_see(NULL, "commitment", id, fx->mar));

	json_t *q = flags_queue(fx->db, "fr", NULL);
	assert_non_null(q);
	json_t *first = json_array_get(json_object_get(q, "flags"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), flag);
	assert_string_equal(json_string_value(json_object_get(first, "reason")), "Offensive wording");
	json_decref(q);

	json_t *restore = json_pack("{s:s, s:s}", "decision", "restore", "reason", "Fine");
	assert_int_equal(flags_decide(fx->db, &fx->reviewer, flag, restore, errors), OUTCOME_DENIED);
	assert_int_equal(flags_decide(fx->db, NULL, flag, restore, errors), OUTCOME_OK);
	assert_int_equal(count_of(fx->db, HIDDEN, id), 0);
	assert_int_equal(count_of(fx->db, INDEXED, id), 1);
	assert_int_equal(flags_decide(fx->db, NULL, flag, restore, errors), OUTCOME_CONFLICT);
	assert_int_equal(flags_decide(fx->db, NULL, flag + 1000, restore, errors), OUTCOME_NOT_FOUND);
	json_t *on = flags_on(fx->db, "commitment", id);
	assert_true(json_is_null(on));
	json_decref(on);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM audit_log WHERE object_id = $1 AND "
	                        "action IN ('record.flag', 'flag.restore')",
	                        DB_ARGS(DB_TEXT(oid))), 2);
	json_decref(restore);
	json_decref(why);
	json_decref(errors);
}

static void test_remove(void **state)
{
	struct fixture *fx = *state;
	int64_t id = create_with(fx->db, fx->mar, NULL);
	json_t *errors = json_object();
	json_t *why = reason("Spam");
	int64_t flag = 0;
	assert_int_equal(flags_raise(fx->db, NULL, "commitment", id, why, errors, &flag), OUTCOME_OK);
	json_t *bad = json_pack("{s:s, s:s}", "decision", "maybe", "reason", "x");
	assert_int_equal(flags_decide(fx->db, NULL, flag, bad, errors), OUTCOME_INVALID);
	json_decref(bad);
	json_object_clear(errors);
	json_t *remove = json_pack("{s:s, s:s}", "decision", "remove", "reason", "Advertising");
	assert_int_equal(flags_decide(fx->db, NULL, flag, remove, errors), OUTCOME_OK);
	assert_int_equal(count_of(fx->db, HIDDEN, id), 1);
	json_t *on = flags_on(fx->db, "commitment", id);
	assert_string_equal(json_string_value(json_object_get(on, "state")), "removed");
	assert_string_equal(json_string_value(json_object_get(on, "decision_reason")), "Advertising");
	json_decref(on);
	assert_int_equal(flags_raise(fx->db, NULL, "commitment", id, why, errors, NULL),
	                 OUTCOME_CONFLICT);
	json_t *removed = flags_queue(fx->db, "en", "removed");
	assert_int_equal(json_array_size(json_object_get(removed, "flags")), 1);
	json_decref(removed);
	json_decref(remove);
	json_decref(why);
	json_decref(errors);
}

/* A practice of actor in status, inserted as an import would. */
static int64_t practice(struct fixture *fx, int64_t actor, const char *status)
{
	return practice_with(fx->db, actor, status);
}

/* Whether the public finds practice id: in the list, the count of its
 * objective's and its country's sections (running tallies), the feed, the
 * search. Each is 1 or 0. */
static void assert_public(struct fixture *fx, int64_t id, int64_t want)
{
	json_t *all = practices_list(fx->db, "en", NULL);
	json_t *obj = json_pack("{s:i}", "objective", 21), *by_obj = practices_list(fx->db, "en", obj);
	json_t *ctry = json_pack("{s:s}", "country", "MAR");
	json_t *by_ctry = practices_list(fx->db, "en", ctry);
	json_t *feed = practices_feed(fx->db, 50);
	assert_non_null(all);
	assert_non_null(by_obj);
	assert_non_null(by_ctry);
	assert_non_null(feed);
	int64_t listed = 0, fed = 0;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(all, "practices"), i, c)
		listed += json_integer_value(json_object_get(c, "id")) == id;
	json_array_foreach(json_object_get(feed, "entries"), i, c)
		fed += json_integer_value(json_object_get(c, "id")) == id;
	assert_int_equal(listed, want);
	assert_int_equal(fed, want);
	assert_int_equal(json_integer_value(json_object_get(all, "total")), want);
	assert_int_equal(json_integer_value(json_object_get(by_obj, "total")), want);
	assert_int_equal(json_integer_value(json_object_get(by_ctry, "total")), want);
	assert_int_equal(count_of(fx->db, "SELECT count(*) FROM search_doc WHERE kind = 'practice' "
	                          "AND num = $1", id), want);
	json_decref(all);
	json_decref(obj);
	json_decref(by_obj);
	json_decref(ctry);
	json_decref(by_ctry);
	json_decref(feed);
}

/* A practice, the same way: hidden from the list, its counts, the feed and
 * the search while flagged; back on restore. Only a public one is flagged. */
static void test_practice(void **state)
{
	struct fixture *fx = *state;
	int64_t id = practice(fx, fx->mar, "published");
	int64_t draft = practice(fx, fx->mar, "draft");
	assert_int_equal(practices_index(fx->db, id), 0);
	assert_public(fx, id, 1);
	json_t *errors = json_object();
	int64_t flag = flag_public(fx, "practice", id, draft, "Advertising", &fx->fp_mar, fx->mar);
	assert_public(fx, id, 0);
	char url[48];
	snprintf(url, sizeof url, "/practices/%lld", (long long)id);
	assert_queued(fx, "practice", "Zorbulant welcome desks", url);
	json_t *restore = json_pack("{s:s, s:s}", "decision", "restore", "reason", "Fine");
	assert_int_equal(flags_decide(fx->db, NULL, flag, restore, errors), OUTCOME_OK);
	assert_public(fx, id, 1);
	json_decref(restore);
	json_decref(errors);
}

/* Whether input id is in its cycle's public list (and, hidden, only in
 * the moderators' list, marked), and what the change feed's loader reads. */
static void assert_input(struct fixture *fx, int64_t id, bool shown)
{
	for (int all = 0; all < 2; all++) {
		json_t *m = reviews_inputs(fx->db, "en", "imrf-2030", NULL, all);
		assert_non_null(m);
		int found = 0;
		size_t i;
		json_t *in;
		json_array_foreach(json_object_get(m, "inputs"), i, in)
			if (json_integer_value(json_object_get(in, "id")) == id) {
				found++;
				assert_int_equal(json_is_true(json_object_get(in, "hidden")), !shown);
			}
		assert_int_equal(found, all || shown);
		json_decref(m);
	}
	json_t *one = reviews_input_get(fx->db, "en", id);
	assert_non_null(one);
	assert_int_equal(json_is_null(one), !shown);
	json_decref(one);
}

/* A written input to a review, the same way. */
static void test_review_input(void **state)
{
	struct fixture *fx = *state;
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(reviews_input_insert(fx->db, "imrf-2030", "MAR", fx->partner, "Views",
	                                      "Our views.", "2026-01-01T00:00:00.000Z", "real"), 0);
	assert_int_equal(db_commit(fx->db), 0);
	int64_t id = scalar(fx->db, "SELECT max(id) FROM review_input", NO_ARGS);
	assert_input(fx, id, true);
	json_t *errors = json_object();
	json_t *why = reason("Insults");
	assert_int_equal(flags_raise(fx->db, &fx->fp_sen, "review_input", id, why, errors, NULL),
	                 OUTCOME_DENIED);
	int64_t flag = 0;
	assert_int_equal(flags_raise(fx->db, &fx->reviewer, "review_input", id, why, errors, &flag),
	                 OUTCOME_OK);
	assert_input(fx, id, false);
	char url[64];
	snprintf(url, sizeof url, "/reviews/imrf-2030/inputs#input-%lld", (long long)id);
	assert_queued(fx, "review_input", "Views", url);
	json_t *restore = json_pack("{s:s, s:s}", "decision", "restore", "reason", "Fine");
	assert_int_equal(flags_decide(fx->db, NULL, flag, restore, errors), OUTCOME_OK);
	assert_input(fx, id, true);
	json_decref(restore);
	json_decref(why);
	json_decref(errors);
}

/* A need or an offer of actor, written as user u; accepted by the
 * fixture's reviewer (an actor of its own: hub.assess is OTHERS), else
 * left submitted. */
static int64_t hub_item(struct fixture *fx, const struct user *u, const char *side,
                        int64_t actor, const char *title, bool accepted)
{
	json_t *in = json_pack("{s:I, s:s, s:s, s:s, s:[i], s:[s], s:[s]}", "actor_id",
	                       (json_int_t)actor, "title", title, "description", "Two weeks.",
	                       "support", "training", "objectives", 6, "countries", "MAR",
	                       "languages", "fr");
	json_t *errors = json_object(), *ok = json_pack("{s:s}", "decision", "accept");
	int64_t id = 0;
	assert_int_equal(hub_create(fx->db, u, side, in, errors, &id), OUTCOME_OK);
	if (accepted)
		assert_int_equal(hub_assess(fx->db, &fx->reviewer, id, ok, errors), OUTCOME_OK);
	json_decref(in);
	json_decref(ok);
	json_decref(errors);
	return id;
}

/* Whether the public finds item id of side: /hub's list, its country's
 * section, the feed, the search, its page's model (hub_item_public) and,
 * an offer, the offers ranked for need. want: 1 or 0. */
static void assert_hub(struct fixture *fx, int64_t id, const char *side, int64_t need,
                       int64_t want)
{
	json_t *filter = json_object();
	json_t *lists[] = {hub_list(fx->db, "en", filter), hub_for_country(fx->db, "en", "MAR"),
	                   hub_feed(fx->db, side, 50)};
	static const char *const keys[] = {"items", "items", "entries"};
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		assert_non_null(lists[k]);
		int64_t found = 0;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(lists[k], keys[k]), i, x)
			found += json_integer_value(json_object_get(x, "id")) == id;
		assert_int_equal(found, want);
		json_decref(lists[k]);
	}
	json_t *ranked = hub_suggestions(fx->db, "en", need, HUB_SUGGESTIONS);
	assert_non_null(ranked);
	int64_t offered = 0;
	size_t i;
	json_t *x;
	json_array_foreach(ranked, i, x)
		offered += json_integer_value(json_object_get(x, "offer_id")) == id;
	assert_int_equal(offered, strcmp(side, "offer") == 0 ? want : 0);
	json_t *page = hub_get(fx->db, "en", side, id);
	assert_int_equal(hub_item_public(json_object_get(page, "item")), want);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM search_doc WHERE kind = $1 "
	                        "AND num = $2", DB_ARGS(DB_TEXT(side), DB_INT(id))), want);
	json_decref(filter);
	json_decref(ranked);
	json_decref(page);
}

/* A need or an offer of the hub: gone from every public read and from
 * matching while hidden, back on restore; only a public one is flagged;
 * a match whose need is hidden is not made. */
static void test_hub_item(void **state)
{
	struct fixture *fx = *state;
	int64_t need = hub_item(fx, &fx->fp_mar, "need", fx->mar, "Inspectors trained", true);
	int64_t offer = hub_item(fx, &fx->editor2, "offer", fx->partner2, "Vexmorant trainers",
	                       true);
	int64_t draft = hub_item(fx, &fx->editor2, "offer", fx->partner2, "Draft", false);
	assert_hub(fx, offer, "offer", need, 1);
	json_t *errors = json_object();
	json_t *why = reason("A scam");
	int64_t flag = flag_public(fx, "hub_item", offer, draft, "A scam", &fx->editor2,
	                           fx->partner2);
	assert_hub(fx, offer, "offer", need, 0);
	assert_int_equal(hub_propose(fx->db, &fx->fp_mar, need, offer, NULL), OUTCOME_CONFLICT);
	char url[48];
	snprintf(url, sizeof url, "/hub/offers/%lld", (long long)offer);
	assert_queued(fx, "hub_item", "Vexmorant trainers", url);
	json_t *restore = json_pack("{s:s, s:s}", "decision", "restore", "reason", "Checked");
	assert_int_equal(flags_decide(fx->db, NULL, flag, restore, errors), OUTCOME_OK);
	assert_hub(fx, offer, "offer", need, 1);
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)offer);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM audit_log WHERE object_type = "
	                        "'hub_item' AND object_id = $1 AND action IN ('record.flag', "
	                        "'flag.restore')", DB_ARGS(DB_TEXT(oid))), 2);

	int64_t match = 0;
	assert_int_equal(hub_propose(fx->db, &fx->fp_mar, need, offer, &match), OUTCOME_OK);
	assert_int_equal(flags_raise(fx->db, &fx->reviewer, "hub_item", need, why, errors, NULL),
	                 OUTCOME_OK);
	assert_hub(fx, need, "need", need, 0);
	assert_int_equal(hub_answer(fx->db, &fx->editor2, match, NULL, "accept", NULL),
	                 OUTCOME_CONFLICT);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM partnership WHERE match_id = $1",
	                        DB_ARGS(DB_INT(match))), 0);
	json_decref(restore);
	json_decref(why);
	json_decref(errors);
}

#define FX(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX(test_flag_restore), FX(test_remove), FX(test_practice),
		FX(test_review_input), FX(test_hub_item),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
