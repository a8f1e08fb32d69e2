/* test_hub.c — the connection hub: the score on hand-built cases (a
 * perfect match first, a language mismatch lower, no shared objective
 * scoring zero and never listed), the ranking of stored offers, and on the
 * shared fixture (both backends) the need workflow with its permissions,
 * bad input refused with nothing written, a match made only with both
 * sides' consent (each consent audited; the database refusing a made match
 * without them), the partnership it starts and a member's withdrawal kept
 * in the history; a partnership recorded on its own by its lead (issue 14,
 * item 4): refused to others (audited), nothing half-written on bad
 * input, members added once, removed by the lead as a withdrawal. */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "db.h"
#include "fixture.h"
#include "hub.h"
#include "users.h"
#include "util.h"
#include "validate.h"

/* ---- The score, on hand-built profiles ------------------------------------- */

#define OBJ(n) (UINT32_C(1) << ((n) - 1))

/* A profile: objectives, support index, one country and its sub-region,
 * one language ("" none), a timeframe. */
static struct hub_profile profile(int64_t id, int64_t actor, uint32_t objectives, int support,
                                  const char *iso3, const char *subregion, const char *lang,
                                  const char *start, const char *end)
{
	struct hub_profile p = {.id = id, .actor_id = actor, .objectives = objectives,
	                        .support = support};
	p.countries[0] = iso3;
	p.subregions[0] = subregion;
	p.ncountries = 1;
	if (lang[0]) {
		p.langs[0] = lang;
		p.nlangs = 1;
	}
	snprintf(p.start, sizeof p.start, "%s", start);
	snprintf(p.end, sizeof p.end, "%s", end);
	return p;
}

/* Whether reasons holds one with this msgid. */
static bool has_reason(const json_t *reasons, const char *msgid)
{
	size_t i;
	json_t *r;
	json_array_foreach(reasons, i, r)
		if (strcmp(json_string_value(json_object_get(r, "id")), msgid) == 0)
			return true;
	return false;
}

static void test_score(void **state)
{
	(void)state;
	/* Training (index 2) for objectives 7 and 21, in Morocco, in French, in 2027. */
	struct hub_profile need = profile(1, 1, OBJ(7) | OBJ(21), 2, "MAR", "015", "fr",
	                                  "2027-01-01", "2027-12-31");
	struct hub_profile perfect = profile(2, 2, OBJ(7) | OBJ(21), 2, "MAR", "015", "fr",
	                                     "2026-06-01", "");
	struct hub_profile english = profile(3, 2, OBJ(7) | OBJ(21), 2, "MAR", "015", "en",
	                                     "2026-06-01", "");
	struct hub_profile elsewhere = profile(4, 2, OBJ(7), 2, "DZA", "015", "fr", "", "");
	struct hub_profile unrelated = profile(5, 2, OBJ(1), 2, "MAR", "015", "fr", "", "");
	json_t *reasons = json_array();
	int best = hub_score(&need, &perfect, reasons);
	assert_int_equal(best, 2 * HUB_POINTS_OBJECTIVE + HUB_POINTS_SUPPORT + HUB_POINTS_COUNTRY +
	                 HUB_POINTS_LANG + HUB_POINTS_TIME);
	assert_int_equal(json_array_size(reasons), 6);
	assert_true(has_reason(reasons, "same objective {n}"));
	assert_true(has_reason(reasons, "offers {support}"));
	assert_true(has_reason(reasons, "works in {country}"));
	assert_true(has_reason(reasons, "works in {lang}"));
	assert_true(has_reason(reasons, "available in the timeframe"));
	json_decref(reasons);
	/* A language mismatch ranks lower, with no language reason. */
	reasons = json_array();
	int en = hub_score(&need, &english, reasons);
	assert_true(en > 0 && en < best);
	assert_false(has_reason(reasons, "works in {lang}"));
	json_decref(reasons);
	/* Another country of the same sub-region: "active in". */
	reasons = json_array();
	assert_true(hub_score(&need, &elsewhere, reasons) > 0);
	assert_true(has_reason(reasons, "active in {region}"));
	assert_false(has_reason(reasons, "works in {country}"));
	json_decref(reasons);
	/* No shared objective: zero, whatever else they share, and no reason. */
	reasons = json_array();
	assert_int_equal(hub_score(&need, &unrelated, reasons), 0);
	assert_int_equal(json_array_size(reasons), 0);
	json_decref(reasons);
	/* A timeframe that ended before the need's starts earns nothing. */
	struct hub_profile past = profile(6, 2, OBJ(7), -1, "FRA", "155", "", "2020-01-01",
	                                  "2020-12-31");
	assert_int_equal(hub_score(&need, &past, NULL), HUB_POINTS_OBJECTIVE);
}

/* An actor's record: the objectives of its practices and of its
 * commitments, one country and its sub-region, one language. */
static struct hub_record record(int64_t actor, uint32_t practices, uint32_t commitments,
                                const char *iso3, const char *subregion, const char *lang)
{
	struct hub_record r = {.practice_objectives = practices,
	                       .commitment_objectives = commitments};
	r.where = profile(actor, actor, 0, -1, iso3, subregion, lang, "", "");
	return r;
}

static void test_score_actor(void **state)
{
	(void)state;
	struct hub_profile need = profile(1, 1, OBJ(7) | OBJ(21), 2, "MAR", "015", "fr",
	                                  "2027-01-01", "2027-12-31");
	/* A practice on 7 and a commitment on 21, in Morocco, in French: every reason. */
	struct hub_record best = record(2, OBJ(7), OBJ(21), "MAR", "015", "fr");
	json_t *reasons = json_array();
	int top = hub_score_actor(&need, &best, reasons);
	assert_int_equal(top, 2 * HUB_POINTS_OBJECTIVE + HUB_POINTS_PRACTICE +
	                 HUB_POINTS_COMMITMENT + HUB_POINTS_COUNTRY + HUB_POINTS_LANG);
	assert_true(has_reason(reasons, "same objective {n}"));
	assert_true(has_reason(reasons, "a published practice on objective {n}"));
	assert_true(has_reason(reasons, "a commitment on objective {n}"));
	assert_true(has_reason(reasons, "works in {country}"));
	assert_true(has_reason(reasons, "works in {lang}"));
	assert_false(has_reason(reasons, "offers {support}"));
	assert_false(has_reason(reasons, "available in the timeframe"));
	json_decref(reasons);
	/* A commitment only, elsewhere in the sub-region, in English: lower. */
	struct hub_record some = record(3, 0, OBJ(7), "DZA", "015", "en");
	reasons = json_array();
	int lower = hub_score_actor(&need, &some, reasons);
	assert_int_equal(lower, HUB_POINTS_OBJECTIVE + HUB_POINTS_COMMITMENT + HUB_POINTS_REGION);
	assert_true(has_reason(reasons, "active in {region}"));
	assert_false(has_reason(reasons, "a published practice on objective {n}"));
	json_decref(reasons);
	/* Nothing on the need's objectives: zero and no reason, wherever it works. */
	struct hub_record unrelated = record(4, OBJ(1), OBJ(2), "MAR", "015", "fr");
	reasons = json_array();
	assert_int_equal(hub_score_actor(&need, &unrelated, reasons), 0);
	assert_int_equal(json_array_size(reasons), 0);
	json_decref(reasons);
	/* The reason names the lowest objective a practice serves. */
	struct hub_record both = record(5, OBJ(21) | OBJ(7), 0, "FRA", "155", "");
	reasons = json_array();
	hub_score_actor(&need, &both, reasons);
	json_t *last = json_array_get(reasons, json_array_size(reasons) - 1);
	assert_string_equal(json_string_value(json_object_get(last, "id")),
	                    "a published practice on objective {n}");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(last, "args"), "n")), 7);
	json_decref(reasons);
}

/* ---- On the fixture ------------------------------------------------------------- */

static json_t *valid_item(int64_t actor, const char *support, int objective, const char *iso3,
                          const char *lang)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:[i], s:[s], s:[s], s:s}", "actor_id",
	                 (json_int_t)actor, "title", "Training for labour inspectors",
	                 "description", "Two weeks of training on fair recruitment.",
	                 "support", support, "objectives", objective, "countries", iso3,
	                 "languages", lang, "start_date", "2027-01-01");
}

static int64_t count(struct db *db, const char *sql, int64_t id)
{
	return scalar(db, sql, DB_ARGS(DB_INT(id)));
}

static const char *status_of(struct db *db, int64_t id, char buf[24])
{
	struct db_res *res = db_query(db, "SELECT status FROM hub_item WHERE id = $1",
	                              DB_ARGS(DB_INT(id)));
	assert_non_null(res);
	assert_int_equal(db_next(res), 1);
	snprintf(buf, 24, "%s", db_text(res, 0));
	db_res_free(res);
	return buf;
}

/* The hub's assessor: a reviewer of an actor of their own (the fixture's
 * reviewer and administrator belong to a partner whose items the tests
 * record, which they may not assess: hub.assess is OTHERS). */
static struct user assessor;

static int setup(void **state)
{
	if (fixture_setup(state) != 0)
		return -1;
	struct fixture *f = *state;
	int64_t un = add_partner(f->db, "Secrétariat du réseau", "un_entity", "accredited");
	add_user(f->db, &assessor, "assessor@un.example", ROLE_REVIEWER, un, "accredited", NULL);
	return 0;
}

/* Creates an item as user u and has the assessor accept it. */
static int64_t accepted(struct fixture *f, const struct user *u, const char *side,
                        json_t *input)
{
	json_t *errors = json_object();
	int64_t id = 0;
	assert_int_equal(hub_create(f->db, u, side, input, errors, &id), OUTCOME_OK);
	json_t *ok = json_pack("{s:s, s:s}", "decision", "accept", "notes", "Clear and useful.");
	assert_int_equal(hub_assess(f->db, &assessor, id, ok, errors), OUTCOME_OK);
	json_decref(ok);
	json_decref(errors);
	json_decref(input);
	return id;
}

static void test_validation(void **state)
{
	struct fixture *f = *state;
	int64_t before = scalar(f->db, "SELECT count(*) FROM hub_item", NO_ARGS);
	json_t *errors = json_object();
	int64_t id = 0;
	/* A partner may not describe a need (only a state or a local government). */
	json_t *in = valid_item(f->partner, "training", 6, "MAR", "fr");
	assert_int_equal(hub_create(f->db, &f->editor, "need", in, errors, &id), OUTCOME_INVALID);
	assert_string_equal(valid_error_id(errors, "actor_id"),
	                    "Only a state or a local government may describe a need.");
	json_decref(in);
	json_object_clear(errors);
	/* Every field at fault at once. */
	in = json_pack("{s:I, s:s, s:s, s:s, s:[i], s:[s], s:[s], s:s, s:s}", "actor_id",
	               (json_int_t)f->mar, "title", "", "description", "x", "support", "cash",
	               "objectives", 24, "countries", "XXX", "languages", "not a tag!",
	               "start_date", "2027-05-01", "end_date", "2027-01-01");
	assert_int_equal(hub_create(f->db, &f->fp_mar, "need", in, errors, &id), OUTCOME_INVALID);
	static const char *const bad[] = {"title", "support", "objectives", "countries",
	                                  "languages", "end_date"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		assert_non_null(valid_error_id(errors, bad[i]));
	json_decref(in);
	json_object_clear(errors);
	/* Another state's focal point: denied, and the denial audited. */
	in = valid_item(f->mar, "training", 6, "MAR", "fr");
	assert_int_equal(hub_create(f->db, &f->fp_sen, "need", in, errors, &id), OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:hub.submit'", NO_ARGS), 1);
	json_decref(in);
	json_decref(errors);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM hub_item", NO_ARGS), before);
}

static void test_workflow(void **state)
{
	struct fixture *f = *state;
	char st[24];
	json_t *errors = json_object();
	int64_t need = 0;
	json_t *in = valid_item(f->mar, "training", 6, "MAR", "fr");
	assert_int_equal(hub_create(f->db, &f->fp_mar, "need", in, errors, &need), OUTCOME_OK);
	assert_string_equal(status_of(f->db, need, st), "submitted");
	/* Not the owner's to assess; returning needs questions. */
	json_t *ret = json_pack("{s:s}", "decision", "return");
	assert_int_equal(hub_assess(f->db, &f->fp_mar, need, ret, errors), OUTCOME_DENIED);
	assert_int_equal(hub_assess(f->db, &f->reviewer, need, ret, errors), OUTCOME_INVALID);
	assert_non_null(valid_error_id(errors, "notes"));
	json_object_clear(errors);
	json_object_set_new(ret, "notes", json_string("Which regions?"));
	assert_int_equal(hub_assess(f->db, &f->reviewer, need, ret, errors), OUTCOME_OK);
	assert_string_equal(status_of(f->db, need, st), "returned");
	/* The owner answers by editing: submitted again; nobody else may. */
	json_object_set_new(in, "description", json_string("In the Oriental and Souss regions."));
	assert_int_equal(hub_edit(f->db, &f->fp_sen, need, in, errors), OUTCOME_DENIED);
	assert_int_equal(hub_edit(f->db, &f->fp_mar, need, in, errors), OUTCOME_OK);
	assert_string_equal(status_of(f->db, need, st), "submitted");
	json_t *ok = json_pack("{s:s}", "decision", "accept");
	assert_int_equal(hub_assess(f->db, &f->reviewer, need, ok, errors), OUTCOME_OK);
	assert_int_equal(hub_assess(f->db, &f->reviewer, need, ok, errors), OUTCOME_CONFLICT);
	assert_string_equal(status_of(f->db, need, st), "accepted");
	/* Accepted, it is edited no more. */
	assert_int_equal(hub_edit(f->db, &f->fp_mar, need, in, errors), OUTCOME_CONFLICT);
	/* Not yet matched: implementation cannot start; closing needs an outcome. */
	json_t *impl = json_pack("{s:s}", "step", "implement");
	assert_int_equal(hub_step(f->db, &f->fp_mar, need, impl, errors), OUTCOME_CONFLICT);
	json_t *close = json_pack("{s:s}", "step", "close");
	assert_int_equal(hub_step(f->db, &f->fp_mar, need, close, errors), OUTCOME_INVALID);
	assert_non_null(valid_error_id(errors, "outcome"));
	json_object_clear(errors);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'hub.assess'", NO_ARGS), 2);
	json_decref(in);
	json_decref(ret);
	json_decref(ok);
	json_decref(impl);
	json_decref(close);
	json_decref(errors);
}

static void test_ranking(void **state)
{
	struct fixture *f = *state;
	int64_t need = accepted(f, &f->fp_mar, "need", valid_item(f->mar, "training", 6, "MAR",
	                                                          "fr"));
	int64_t english = accepted(f, &f->editor, "offer", valid_item(f->partner, "training", 6,
	                                                              "MAR", "en"));
	int64_t perfect = accepted(f, &f->editor2, "offer", valid_item(f->partner2, "training", 6,
	                                                               "MAR", "fr"));
	int64_t unrelated = accepted(f, &f->editor, "offer", valid_item(f->partner, "training", 1,
	                                                                "MAR", "fr"));
	/* Morocco's own offer is never suggested to Morocco. */
	accepted(f, &f->fp_mar, "offer", valid_item(f->mar, "training", 6, "MAR", "fr"));
	json_t *s = hub_suggestions(f->db, "en", need, HUB_SUGGESTIONS);
	assert_non_null(s);
	assert_int_equal(json_array_size(s), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(s, 0), "offer_id")),
	                 perfect);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(s, 1), "offer_id")),
	                 english);
	/* The reasons in words. */
	json_t *words = json_object_get(json_array_get(s, 0), "reasons");
	assert_string_equal(json_string_value(json_array_get(words, 0)), "same objective 6");
	for (size_t i = 0; i < json_array_size(s); i++)
		assert_int_not_equal(json_integer_value(json_object_get(json_array_get(s, i),
		                     "offer_id")), unrelated);
	json_decref(s);
}

/* A published practice of actor on objective, in iso3, in lang. */
static void practice_of(struct db *db, int64_t actor, int objective, const char *iso3,
                        const char *lang)
{
	const char *t = "2026-01-02T03:04:05.000Z";
	assert_int_equal(db_exec(db, "INSERT INTO practice (actor_id, title, sort_title, summary, "
	                         "start_year, level, type, lang, status, text_updated_at, "
	                         "created_at, updated_at, published_at) VALUES ($1, 'Guichets', "
	                         "'guichets', 'A summary.', 2020, 'national', 'programme', $2, "
	                         "'published', $3, $3, $3, $3)",
	                         DB_ARGS(DB_INT(actor), DB_TEXT(lang), DB_TEXT(t))), 1);
	int64_t id = scalar(db, "SELECT max(id) FROM practice", NO_ARGS);
	assert_int_equal(db_exec(db, "INSERT INTO practice_objective (practice_id, objective) "
	                         "VALUES ($1, $2)", DB_ARGS(DB_INT(id), DB_INT(objective))), 1);
	assert_int_equal(db_exec(db, "INSERT INTO practice_country (practice_id, iso3) "
	                         "VALUES ($1, $2)", DB_ARGS(DB_INT(id), DB_TEXT(iso3))), 1);
}

static void test_actor_ranking(void **state)
{
	struct fixture *f = *state;
	int64_t need = accepted(f, &f->fp_mar, "need", valid_item(f->mar, "training", 6, "MAR",
	                                                          "fr"));
	/* partner: a practice on 6 in Morocco, in French; partner2: a
	 * commitment on 6 (in French, in Senegal); France: a commitment on
	 * other objectives; Morocco itself: never its own suggestion. */
	practice_of(f->db, f->partner, 6, "MAR", "fr");
	create_with(f->db, f->partner2, json_pack("{s:[i], s:[s]}", "objectives", 6,
	                                          "countries", "SEN"));
	create_with(f->db, f->fra, NULL);
	create_with(f->db, f->mar, json_pack("{s:[i]}", "objectives", 6));
	json_t *s = hub_actor_suggestions(f->db, "en", need, HUB_ACTOR_SUGGESTIONS);
	assert_non_null(s);
	assert_int_equal(json_array_size(s), 2);
	json_t *first = json_array_get(s, 0), *second = json_array_get(s, 1);
	assert_int_equal(json_integer_value(json_object_get(first, "actor_id")), f->partner);
	assert_int_equal(json_integer_value(json_object_get(second, "actor_id")), f->partner2);
	assert_int_equal(json_integer_value(json_object_get(first, "score")),
	                 HUB_POINTS_OBJECTIVE + HUB_POINTS_PRACTICE + HUB_POINTS_COUNTRY +
	                 HUB_POINTS_LANG);
	assert_int_equal(json_integer_value(json_object_get(second, "score")),
	                 HUB_POINTS_OBJECTIVE + HUB_POINTS_COMMITMENT + HUB_POINTS_LANG);
	/* The reasons in words. */
	json_t *words = json_object_get(first, "reasons");
	assert_string_equal(json_string_value(json_array_get(words, 0)), "same objective 6");
	assert_string_equal(json_string_value(json_array_get(words, 1)),
	                    "a published practice on objective 6");
	assert_string_equal(json_string_value(json_array_get(words, 2)), "works in Morocco");
	json_decref(s);
	/* An unknown need: none. */
	s = hub_actor_suggestions(f->db, "en", 999999, HUB_ACTOR_SUGGESTIONS);
	assert_int_equal(json_array_size(s), 0);
	json_decref(s);
}

static void test_consent(void **state)
{
	struct fixture *f = *state;
	char st[24];
	int64_t need = accepted(f, &f->fp_mar, "need", valid_item(f->mar, "training", 6, "MAR",
	                                                          "fr"));
	int64_t offer = accepted(f, &f->editor, "offer", valid_item(f->partner, "training", 6,
	                                                            "MAR", "fr"));
	int64_t match = 0, partnership = 0;
	/* A third party may not propose it. */
	assert_int_equal(hub_propose(f->db, &f->fp_sen, need, offer, &match), OUTCOME_DENIED);
	/* The need's focal point proposes it: the need's side consents at once. */
	assert_int_equal(hub_propose(f->db, &f->fp_mar, need, offer, &match), OUTCOME_OK);
	assert_int_equal(hub_propose(f->db, &f->fp_mar, need, offer, NULL), OUTCOME_CONFLICT);
	/* The other side's editors are told (notifications.h), on their
	 * offer's page; the proposer's side, which consented, is not. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM notification WHERE user_id = $1 "
	                       "AND url LIKE '/hub/offers/%'", f->editor.id), 1);
	assert_int_equal(count(f->db, "SELECT count(*) FROM notification WHERE user_id = $1",
	                       f->fp_mar.id), 0);
	assert_string_equal(status_of(f->db, need, st), "matching");
	assert_string_equal(status_of(f->db, offer, st), "matching");
	/* Once per side; a third party is refused, audited. */
	assert_int_equal(hub_answer(f->db, &f->fp_mar, match, NULL, "accept", NULL),
	                 OUTCOME_CONFLICT);
	assert_int_equal(hub_answer(f->db, &f->fp_sen, match, NULL, "accept", NULL),
	                 OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:hub.consent'", NO_ARGS), 2);
	/* Not made with one consent, even by writing the row directly. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM hub_match WHERE id = $1 AND "
	                       "status = 'proposed'", match), 1);
	assert_true(db_exec(f->db, "UPDATE hub_match SET status = 'made' WHERE id = $1",
	                    DB_ARGS(DB_INT(match))) < 0);
	/* The offer's editor accepts: made, a partnership of the two. */
	assert_int_equal(hub_answer(f->db, &f->editor, match, NULL, "accept", &partnership),
	                 OUTCOME_OK);
	assert_true(partnership > 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM hub_match WHERE id = $1 AND "
	                       "status = 'made'", match), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'hub.consent'", NO_ARGS), 2);
	assert_string_equal(status_of(f->db, need, st), "matched");
	assert_string_equal(status_of(f->db, offer, st), "matched");
	assert_int_equal(count(f->db, "SELECT count(*) FROM partnership_member WHERE "
	                       "partnership_id = $1", partnership), 2);
	/* Implementation, then closing with an outcome. */
	json_t *errors = json_object();
	json_t *impl = json_pack("{s:s}", "step", "implement");
	assert_int_equal(hub_step(f->db, &f->fp_mar, need, impl, errors), OUTCOME_OK);
	assert_string_equal(status_of(f->db, need, st), "in_implementation");
	json_t *close = json_pack("{s:s, s:s}", "step", "close", "outcome", "120 inspectors trained.");
	assert_int_equal(hub_step(f->db, &f->fp_mar, need, close, errors), OUTCOME_OK);
	assert_string_equal(status_of(f->db, need, st), "closed");
	/* The partner withdraws: its row stays, with when and why. */
	json_t *why = json_pack("{s:s}", "reason", "Funding ended.");
	assert_int_equal(partnerships_withdraw(f->db, &f->fp_sen, partnership, f->partner, why,
	                                       errors), OUTCOME_DENIED);
	assert_int_equal(partnerships_withdraw(f->db, &f->editor, partnership, f->partner, why,
	                                       errors), OUTCOME_OK);
	assert_int_equal(partnerships_withdraw(f->db, &f->editor, partnership, f->partner, why,
	                                       errors), OUTCOME_CONFLICT);
	assert_int_equal(count(f->db, "SELECT count(*) FROM partnership_member WHERE "
	                       "partnership_id = $1 AND withdrawn_at IS NOT NULL", partnership), 1);
	json_t *p = partnerships_get(f->db, "en", partnership);
	json_t *members = json_object_get(json_object_get(p, "partnership"), "members");
	assert_int_equal(json_array_size(members), 2);
	assert_true(json_is_true(json_object_get(json_array_get(members, 1), "withdrawn")));
	json_decref(p);
	json_decref(why);
	json_decref(impl);
	json_decref(close);
	json_decref(errors);
}

static void test_decline(void **state)
{
	struct fixture *f = *state;
	int64_t need = accepted(f, &f->fp_mar, "need", valid_item(f->mar, "funding", 6, "MAR",
	                                                          "fr"));
	int64_t offer = accepted(f, &f->editor, "offer", valid_item(f->partner, "funding", 6,
	                                                            "MAR", "fr"));
	int64_t match = 0;
	/* An assessor proposes and consents for nobody. */
	assert_int_equal(hub_propose(f->db, &assessor, need, offer, &match), OUTCOME_OK);
	assert_int_equal(count(f->db, "SELECT count(*) FROM hub_match WHERE id = $1 AND "
	                       "need_consent_at IS NULL AND offer_consent_at IS NULL", match), 1);
	assert_int_equal(hub_answer(f->db, &f->fp_mar, match, NULL, "maybe", NULL),
	                 OUTCOME_INVALID);
	assert_int_equal(hub_answer(f->db, &f->editor, match, NULL, "decline", NULL), OUTCOME_OK);
	assert_int_equal(hub_answer(f->db, &f->fp_mar, match, NULL, "accept", NULL),
	                 OUTCOME_CONFLICT);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM partnership", NO_ARGS), 0);
}

static void test_partnership_alone(void **state)
{
	struct fixture *f = *state;
	int64_t need = accepted(f, &f->fp_mar, "need", valid_item(f->mar, "training", 6, "MAR",
	                                                          "fr"));
	json_t *errors = json_object();
	/* Bad input: nothing written. */
	json_t *bad = json_pack("{s:s, s:I, s:I, s:[I]}", "name", "Together", "lead_actor_id",
	                        (json_int_t)f->mar, "offer_id", (json_int_t)need, "commitments",
	                        (json_int_t)999999);
	assert_int_equal(partnerships_create(f->db, &f->fp_mar, bad, errors, NULL),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "offer_id"));
	assert_non_null(json_object_get(errors, "commitments"));
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM partnership", NO_ARGS), 0);
	json_decref(bad);
	json_object_clear(errors);
	/* For another actor: denied, and the denial audited. */
	json_t *in = json_pack("{s:s, s:I, s:I}", "name", "Together", "lead_actor_id",
	                       (json_int_t)f->mar, "need_id", (json_int_t)need);
	assert_int_equal(partnerships_create(f->db, &f->fp_sen, in, errors, NULL), OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:hub.submit' AND object_type = 'partnership'", NO_ARGS), 1);
	int64_t id = 0;
	assert_int_equal(partnerships_create(f->db, &f->fp_mar, in, errors, &id), OUTCOME_OK);
	json_decref(in);
	assert_true(partnerships_may_lead(f->db, &f->fp_mar, id));
	assert_false(partnerships_may_lead(f->db, &f->fp_sen, id));
	/* Members: by the lead only, once. */
	json_t *m = json_pack("{s:I, s:s}", "actor_id", (json_int_t)f->sen, "role", "funder");
	assert_int_equal(partnerships_add_member(f->db, &f->fp_sen, id, m, errors), OUTCOME_DENIED);
	assert_int_equal(partnerships_add_member(f->db, &f->fp_mar, id, m, errors), OUTCOME_OK);
	assert_int_equal(partnerships_add_member(f->db, &f->fp_mar, id, m, errors),
	                 OUTCOME_INVALID);
	json_object_clear(errors);
	json_t *lead = json_pack("{s:I, s:s}", "actor_id", (json_int_t)f->partner, "role", "lead");
	assert_int_equal(partnerships_add_member(f->db, &f->fp_mar, id, lead, errors),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "role"));
	json_object_clear(errors);
	json_decref(lead);
	/* The lead removes Senegal: withdrawn, its row kept; not added back. */
	json_t *why = json_pack("{s:s}", "reason", "Funding ended.");
	assert_int_equal(partnerships_withdraw(f->db, &f->fp_mar, id, f->sen, why, errors),
	                 OUTCOME_OK);
	assert_int_equal(count(f->db, "SELECT count(*) FROM partnership_member WHERE "
	                       "partnership_id = $1 AND withdrawn_at IS NOT NULL", id), 1);
	assert_int_equal(partnerships_add_member(f->db, &f->fp_mar, id, m, errors),
	                 OUTCOME_INVALID);
	json_decref(why);
	json_decref(m);
	json_decref(errors);
	/* Its page names the need it answers. */
	json_t *p = partnerships_get(f->db, "en", id);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "partnership"),
	                                                    "need_id")), need);
	json_decref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_score_actor),
		cmocka_unit_test_setup_teardown(test_validation, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_workflow, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_ranking, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_actor_ranking, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_consent, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_decline, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_partnership_alone, setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
