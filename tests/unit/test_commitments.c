/* test_commitments.c — commitments: the date rules (overdue, freshness,
 * SMART flags) around their boundaries, every bad input of the issue,
 * create/edit/get with permissions and audit entries, the list's filters,
 * sorts and cursor paging, and the choices. The feed, the scope's walk or
 * gather and the demo have test files of their own. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "actors.h"
#include "audit.h"
#include "commitments.h"
#include "compact.h"
#include "db.h"
#include "fixture.h"
#include "permission.h"
#include "progress.h"
#include "refdata.h"
#include "users.h"
#include "util.h"
#include "validate.h"

/* ---- Rules ------------------------------------------------------------------ */

static void test_dates(void **state)
{
	(void)state;
	char out[DATE_LEN + 1];
	assert_true(date_valid("2024-02-29"));
	assert_false(date_valid("2023-02-29"));
	assert_false(date_valid("2024-13-01"));
	assert_false(date_valid("2024-1-01"));
	assert_false(date_valid("24-01-01"));
	assert_false(date_valid(NULL));
	date_minus_months("2024-02-29", 12, out);
	assert_string_equal(out, "2023-02-28");
	date_minus_months("2024-03-31", 1, out);
	assert_string_equal(out, "2024-02-29");
	date_minus_months("2024-01-15", 24, out);
	assert_string_equal(out, "2022-01-15");
	dates_today(out);
	assert_true(date_valid(out));
}

static void test_overdue(void **state)
{
	(void)state;
	/* The target day itself is not overdue; the day after is. */
	assert_false(commitment_overdue("2024-05-31", "in_progress", "2024-05-31"));
	assert_true(commitment_overdue("2024-05-31", "in_progress", "2024-06-01"));
	assert_true(commitment_overdue("2024-05-31", "planned", "2030-01-01"));
	assert_true(commitment_overdue("2024-05-31", "delayed", "2030-01-01"));
	assert_false(commitment_overdue("2024-05-31", "achieved", "2030-01-01"));
	assert_false(commitment_overdue("2024-05-31", "discontinued", "2030-01-01"));
	assert_false(commitment_overdue(NULL, "planned", "2030-01-01"));
	assert_false(commitment_overdue("", "planned", "2030-01-01"));
}

static void test_freshness(void **state)
{
	(void)state;
	const char *today = "2024-06-15";
	assert_string_equal(commitment_freshness("in_progress", "2024-06-15", today), "reported");
	assert_string_equal(commitment_freshness("in_progress", "2023-06-15", today), "reported");
	assert_string_equal(commitment_freshness("in_progress", "2023-06-14", today), "due");
	assert_string_equal(commitment_freshness("planned", "2022-06-16", today), "due");
	assert_string_equal(commitment_freshness("delayed", "2022-06-15", today), "inactive");
	assert_string_equal(commitment_freshness("delayed", "2019-01-01", today), "inactive");
	assert_string_equal(commitment_freshness("planned", NULL, today), "inactive");
	assert_string_equal(commitment_freshness("achieved", "2010-01-01", today), "closed");
	assert_string_equal(commitment_freshness("discontinued", "2024-06-01", today), "closed");
	/* A leap day: twelve months back is the 28th. */
	assert_string_equal(commitment_freshness("planned", "2023-02-28", "2024-02-29"), "reported");
	assert_string_equal(commitment_freshness("planned", "2023-02-27", "2024-02-29"), "due");
}

static void test_smart(void **state)
{
	(void)state;
	json_t *c = json_pack("{s:[s], s:[{s:s}], s:s}", "deliverables", "Train 500 officers",
	                      "indicators", "name", "People", "target_date", "2026-01-01");
	json_t *s = commitment_smart(c, "en");
	assert_true(json_is_true(json_object_get(s, "ok")));
	json_decref(s);
	json_decref(c);
	c = json_pack("{s:[s], s:[], s:n}", "deliverables", "Better cooperation", "indicators",
	              "target_date");
	s = commitment_smart(c, "en");
	json_t *missing = json_object_get(s, "missing");
	assert_int_equal(json_array_size(missing), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(missing, 0), "code")),
	                    "measurable_deliverable");
	assert_string_equal(json_string_value(json_object_get(json_array_get(missing, 1), "code")),
	                    "indicator");
	assert_string_equal(json_string_value(json_object_get(json_array_get(missing, 2), "code")),
	                    "target_date");
	json_decref(s);
	json_decref(c);
	/* Arabic-Indic digits state a quantity too. */
	c = json_pack("{s:[s]}", "deliverables", "تدريب ٥٠٠ موظف");
	s = commitment_smart(c, "en");
	assert_int_equal(json_array_size(json_object_get(s, "missing")), 2);
	json_decref(s);
	json_decref(c);
}

/* ---- Validation ------------------------------------------------------------- */

/* Each bad input of the issue (and a few more), the field it must name. */
static void expect_invalid(struct fixture *f, const struct commitment_refs *refs, json_t *change,
                           const char *field)
{
	json_t *in = valid_input(f->mar), *errors = json_object(), *clean = NULL;
	const char *key;
	json_t *v;
	json_object_foreach(change, key, v) {
		if (json_is_null(v) && strcmp(key, "description") != 0)
			json_object_del(in, key);
		else
			json_object_set(in, key, v);
	}
	int n = commitment_validate(refs, in, errors, &clean);
	if (n < 1 || !json_object_get(errors, field)) {
		char *e = json_dumps(errors, 0), *c = json_dumps(change, 0);
		fail_msg("%s: expected an error on %s, got %s", c, field, e);
	}
	assert_null(clean);
	json_decref(in);
	json_decref(errors);
	json_decref(change);
}

static void test_validation(void **state)
{
	struct fixture *f = *state;
	struct commitment_refs *refs = commitment_refs_load(f->db);
	assert_non_null(refs);
	char long_title[400];
	memset(long_title, 'a', 301);
	long_title[301] = '\0';
	char ok_title[400];
	memset(ok_title, 'a', 300);
	ok_title[300] = '\0';

	expect_invalid(f, refs, json_pack("{s:[]}", "objectives"), "objectives");
	expect_invalid(f, refs, json_pack("{s:n}", "objectives"), "objectives");
	expect_invalid(f, refs, json_pack("{s:[i]}", "objectives", 24), "objectives");
	expect_invalid(f, refs, json_pack("{s:[i]}", "objectives", 0), "objectives");
	expect_invalid(f, refs, json_pack("{s:[s]}", "objectives", "seven"), "objectives");
	expect_invalid(f, refs, json_pack("{s:[s]}", "countries", "XYZ"), "countries");
	expect_invalid(f, refs, json_pack("{s:[s]}", "countries", "MA"), "countries");
	expect_invalid(f, refs, json_pack("{s:s, s:s}", "start_date", "2025-01-01",
	                                  "target_date", "2024-12-31"), "target_date");
	expect_invalid(f, refs, json_pack("{s:s}", "target_date", "2025-02-30"), "target_date");
	expect_invalid(f, refs, json_pack("{s:s}", "title", long_title), "title");
	expect_invalid(f, refs, json_pack("{s:s}", "title", ""), "title");
	expect_invalid(f, refs, json_pack("{s:s}", "title", "two\nlines"), "title");
	expect_invalid(f, refs, json_pack("{s:o}", "title", json_stringn_nocheck("caf\xe9", 4)),
	               "title");
	expect_invalid(f, refs, json_pack("{s:o}", "description",
	                                  json_stringn_nocheck("ok \xff\xfe", 5)), "description");
	expect_invalid(f, refs, json_pack("{s:s}", "level", "planetary"), "level");
	expect_invalid(f, refs, json_pack("{s:n}", "level"), "level");
	expect_invalid(f, refs, json_pack("{s:n}", "form"), "form");
	expect_invalid(f, refs, json_pack("{s:s}", "status", "done"), "status");
	expect_invalid(f, refs, json_pack("{s:s}", "lang", "French"), "lang");
	expect_invalid(f, refs, json_pack("{s:[s]}", "principles", "no-such-principle"),
	               "principles");
	expect_invalid(f, refs, json_pack("{s:I}", "owner_actor_id", (json_int_t)999999), "owner_actor_id");
	expect_invalid(f, refs, json_pack("{s:n}", "owner_actor_id"), "owner_actor_id");
	expect_invalid(f, refs, json_pack("{s:[{s:s}]}", "indicators", "unit", "people"), "indicators");
	expect_invalid(f, refs, json_pack("{s:[{s:s, s:s}]}", "indicators", "name", "People",
	                                  "target", "many"), "indicators");
	expect_invalid(f, refs, json_pack("{s:[I]}", "participants", (json_int_t)f->sen),
	               "participants");
	expect_invalid(f, refs, json_pack("{s:s, s:[I]}", "kind", "partnership", "participants",
	                                  (json_int_t)f->mar), "participants");
	expect_invalid(f, refs, json_pack("{s:s}", "kind", "matching"), "matches_commitment_id");
	expect_invalid(f, refs, json_pack("{s:i}", "matches_commitment_id", 1),
	               "matches_commitment_id");
	expect_invalid(f, refs, json_pack("{s:[{s:s, s:s}]}", "translations", "lang", "fr",
	                                  "title", "Même langue"), "translations");

	/* Accepted and normalised: 300 characters, digit strings, lower-case
	 * codes, a state's own country when none is named. */
	json_t *in = valid_input(f->mar), *errors = json_object(), *clean = NULL;
	json_object_set_new(in, "title", json_string(ok_title));
	json_object_set_new(in, "objectives", json_pack("[s, i, s, i]", "23", 7, "7", 1));
	json_object_set_new(in, "countries", json_array());
	json_object_set_new(in, "deliverables", json_string("First 10\n\nSecond\n"));
	json_object_set_new(in, "kind", json_string("partnership"));
	json_object_set_new(in, "participants", json_pack("[I, s]", (json_int_t)f->sen, "0"));
	json_array_remove(json_object_get(in, "participants"), 1);
	assert_int_equal(commitment_validate(refs, in, errors, &clean), 0);
	char *dump = json_dumps(clean, JSON_SORT_KEYS);
	assert_non_null(strstr(dump, "\"objectives\": [1, 7, 23]"));
	assert_non_null(strstr(dump, "\"countries\": [\"MAR\"]"));
	assert_non_null(strstr(dump, "\"deliverables\": [\"First 10\", \"Second\"]"));
	assert_non_null(strstr(dump, "\"status\": \"planned\""));
	free(dump);
	json_decref(clean);
	json_decref(in);
	json_decref(errors);
	commitment_refs_free(refs);
}

/* Errors are validate.h's: a message id and its arguments, a limit given
 * from the number the check used (never written in the message). */
static void test_validation_errors(void **state)
{
	struct fixture *f = *state;
	struct commitment_refs *refs = commitment_refs_load(f->db);
	char long_title[COMMITMENT_TITLE_MAX + 2];
	memset(long_title, 'a', COMMITMENT_TITLE_MAX + 1);
	long_title[COMMITMENT_TITLE_MAX + 1] = '\0';
	json_t *in = valid_input(f->mar), *errors = json_object(), *clean = NULL;
	json_object_set_new(in, "title", json_string(long_title));
	json_object_set_new(in, "objectives", json_pack("[i]", 24));
	json_object_set_new(in, "level", json_string("planetary"));
	assert_int_equal(commitment_validate(refs, in, errors, &clean), 3);
	assert_null(clean);
	json_t *title = json_object_get(errors, "title");
	assert_string_equal(json_string_value(json_object_get(title, "id")),
	                    "At most {max} characters.");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(title, "args"), "max")),
	                 COMMITMENT_TITLE_MAX);
	json_t *obj = json_object_get(errors, "objectives");
	assert_string_equal(json_string_value(json_object_get(obj, "id")),
	                    "Objectives are numbered from 1 to {max}.");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(obj, "args"), "max")),
	                 COMPACT_OBJECTIVES);
	char *msg = valid_format("en", json_string_value(json_object_get(obj, "id")),
	                         json_object_get(obj, "args"));
	assert_string_equal(msg, "Objectives are numbered from 1 to 23.");
	free(msg);
	assert_non_null(valid_error_id(errors, "level"));
	/* A deliverable of one line per item: the text "Two\tthree\nfour" is
	 * one item with a line break, refused. */
	json_decref(errors);
	errors = json_object();
	json_object_set_new(in, "title", json_string("Fine"));
	json_object_set_new(in, "objectives", json_pack("[i]", 2));
	json_object_set_new(in, "level", json_string("national"));
	json_object_set_new(in, "deliverables", json_pack("[s, s]", "One", "Two\tthree\nfour"));
	assert_int_equal(commitment_validate(refs, in, errors, &clean), 1);
	assert_non_null(valid_error_id(errors, "deliverables"));
	/* The form's own findings are kept and counted, and nothing is clean. */
	json_decref(errors);
	errors = json_object();
	valid_error(errors, "title", "This was given more than once.");
	json_object_set_new(in, "deliverables", json_string("One\r\nTwo"));
	assert_int_equal(commitment_validate(refs, in, errors, &clean), 1);
	assert_null(clean);
	assert_string_equal(valid_error_id(errors, "title"), "This was given more than once.");
	json_decref(errors);
	json_decref(in);
	commitment_refs_free(refs);
}

/* ---- Writes and the page model ------------------------------------------------ */

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_create_get(void **state)
{
	struct fixture *f = *state;
	json_t *in = valid_input(f->mar), *errors = json_object();
	json_object_set_new(in, "countries", json_array());
	json_object_set_new(in, "translations", json_pack("[{s:s, s:s, s:s}]", "lang", "en",
	                    "title", "Open 12 reception desks", "description", "A *network*."));
	int64_t id = 0;
	assert_int_equal(commitments_create(f->db, &f->fp_mar, in, errors, &id), OUTCOME_OK);
	assert_true(id > 0);
	json_t *page = progress_page(f->db, "en", id, "2025-01-01");
	assert_non_null(page);
	json_t *c = json_object_get(page, "commitment");
	assert_string_equal(str(c, "title"), "Ouvrir 12 guichets d'accueil pour les migrants");
	assert_string_equal(str(c, "status"), "planned");
	assert_string_equal(str(c, "status_label"), "Planned");
	assert_string_equal(str(c, "freshness"), "reported");
	assert_string_equal(str(c, "origin"), "real");
	assert_false(json_is_true(json_object_get(c, "sample")));
	assert_false(json_is_true(json_object_get(c, "overdue")));
	assert_non_null(strstr(str(c, "description_html"), "<strong>réseau</strong>"));
	assert_string_equal(str(json_object_get(c, "owner"), "country"), "MAR");
	assert_string_equal(str(json_array_get(json_object_get(c, "countries"), 0), "iso3"), "MAR");
	assert_int_equal(json_array_size(json_object_get(c, "objectives")), 2);
	assert_int_equal(json_array_size(json_object_get(c, "indicators")), 1);
	assert_true(json_is_true(json_object_get(json_object_get(c, "smart"), "ok")));
	json_t *display = json_object_get(c, "display");
	assert_string_equal(str(display, "title"), "Open 12 reception desks");
	assert_true(json_is_true(json_object_get(display, "translated")));
	assert_int_equal(json_array_size(json_object_get(page, "updates")), 0);
	json_decref(page);
	page = commitments_get(f->db, "fr", id, "2027-01-01");
	c = json_object_get(page, "commitment");
	assert_true(json_is_true(json_object_get(c, "overdue")));
	assert_false(json_is_true(json_object_get(json_object_get(c, "display"), "translated")));
	json_decref(page);
	/* Audited, with the fields. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'commitment.create' AND object_id = CAST($1 AS TEXT) AND user_id = $2",
	                 DB_ARGS(DB_INT(id), DB_INT(f->fp_mar.id))), 1);
	page = commitments_get(f->db, "en", id + 1000, NULL);
	assert_true(json_is_null(page));
	json_decref(page);
	json_decref(in);
	json_decref(errors);
}

static void test_permissions(void **state)
{
	struct fixture *f = *state;
	struct {
		const struct user *u;
		int64_t owner;
		enum outcome want;
	} cases[] = {
		{&f->fp_sen, f->mar, OUTCOME_DENIED},          /* another state */
		{&f->editor, f->mar, OUTCOME_DENIED},          /* a partner for a state */
		{&f->editor2, f->partner, OUTCOME_DENIED},     /* another partner */
		{&f->pending_editor, f->pending, OUTCOME_DENIED},   /* not accredited */
		{&f->reviewer, f->partner, OUTCOME_DENIED},
		{&f->fp_mar, f->mar, OUTCOME_OK},
		{&f->editor, f->partner, OUTCOME_OK},
		{&f->op, f->sen, OUTCOME_OK},                  /* an admin, for anyone */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		json_t *in = valid_input(cases[i].owner), *errors = json_object();
		int64_t id = 0;
		enum outcome rc = commitments_create(f->db, cases[i].u, in, errors, &id);
		if (rc != cases[i].want)
			fail_msg("case %zu: outcome %d, want %d", i, rc, cases[i].want);
		json_decref(in);
		json_decref(errors);
	}
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log "
	                 "WHERE action = 'denied:commitment.create'", NO_ARGS), 5);
	/* Each names the owner it was for (issue 11, finding 6). */
	json_t *targets = db_json_rows(f->db, "SELECT changes FROM audit_log "
	                               "WHERE action = 'denied:commitment.create' ORDER BY id",
	                               NO_ARGS);
	assert_int_equal(json_array_size(targets), 5);
	for (size_t i = 0; i < 5; i++) {
		json_t *c = json_loads(str(json_array_get(targets, i), "changes"), 0, NULL);
		json_t *owner = json_object_get(json_object_get(c, "owner_actor_id"), "after");
		assert_int_equal(json_integer_value(owner), cases[i].owner);
		json_decref(c);
	}
	json_decref(targets);
	/* Denied even when the rest of the input is bad: the refusal comes first. */
	json_t *in = json_pack("{s:I}", "owner_actor_id", (json_int_t)f->mar);
	json_t *errors = json_object();
	assert_int_equal(commitments_create(f->db, &f->fp_sen, in, errors, NULL), OUTCOME_DENIED);
	json_decref(in);
	json_decref(errors);

	int64_t id = create_with(f->db, f->mar, NULL);
	in = valid_input(f->mar);
	errors = json_object();
	json_object_set_new(in, "title", json_string("Hijacked"));
	assert_int_equal(commitments_update(f->db, &f->fp_sen, id, in, errors), OUTCOME_DENIED);
	assert_int_equal(commitments_update(f->db, &f->editor, id, in, errors), OUTCOME_DENIED);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'denied:commitment.edit' AND object_id = CAST($1 AS TEXT)",
	                 DB_ARGS(DB_INT(id))), 2);
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id + 99, in, errors),
	                 OUTCOME_NOT_FOUND);
	json_t *progress = json_pack("{s:s}", "status", "in_progress");
	assert_int_equal(progress_add(f->db, &f->fp_sen, id, progress, errors, NULL, NULL),
	                 OUTCOME_DENIED);
	json_decref(progress);
	json_decref(in);
	json_decref(errors);
	int64_t owner = 0;
	assert_int_equal(commitments_owner(f->db, id, &owner), OUTCOME_OK);
	assert_int_equal(owner, f->mar);
}

static void test_update(void **state)
{
	struct fixture *f = *state;
	int64_t id = create_with(f->db, f->mar, NULL);
	json_t *values = commitments_form_values(f->db, id);
	assert_non_null(values);
	json_t *ind = json_array_get(json_object_get(values, "indicators"), 0);
	int64_t ind_id = json_integer_value(json_object_get(ind, "id"));
	assert_true(ind_id > 0);

	/* A value reported against the indicator, then an edit that drops it. */
	json_t *errors = json_object();
	json_t *up = json_pack("{s:s, s:s, s:[{s:I, s:i}]}", "status", "in_progress",
	                       "reported_at", "2024-06-01", "indicator_values",
	                       "indicator_id", (json_int_t)ind_id, "value", 120);
	assert_int_equal(progress_add(f->db, &f->fp_mar, id, up, errors, "2024-07-01", NULL),
	                 OUTCOME_OK);
	json_decref(up);
	usleep(2000);   /* updated_at has millisecond resolution */
	json_object_set_new(values, "title", json_string("Ouvrir 15 guichets"));
	json_object_set_new(values, "indicators", json_pack("[{s:s, s:s}]", "name", "Desks",
	                                                    "target", "15"));
	json_object_set_new(values, "updated_at", json_string("2000-01-01T00:00:00.000Z"));
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, values, errors),
	                 OUTCOME_CONFLICT);
	/* The same edit with the updated_at it read after the update goes through. */
	json_decref(values);
	values = commitments_form_values(f->db, id);
	json_object_set_new(values, "title", json_string("Ouvrir 15 guichets"));
	json_object_set_new(values, "indicators", json_pack("[{s:s, s:s}]", "name", "Desks",
	                                                    "target", "15"));
	json_object_del(values, "owner_actor_id");
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, values, errors), OUTCOME_OK);
	json_t *page = progress_page(f->db, "en", id, "2024-07-01");
	json_t *c = json_object_get(page, "commitment");
	assert_string_equal(str(c, "title"), "Ouvrir 15 guichets");
	assert_string_equal(str(c, "status"), "in_progress");
	assert_int_equal(json_array_size(json_object_get(c, "indicators")), 1);
	assert_string_equal(str(json_array_get(json_object_get(c, "indicators"), 0), "name"),
	                    "Desks");
	/* The hidden indicator's value is still in the timeline. */
	json_t *u = json_array_get(json_object_get(page, "updates"), 0);
	assert_string_equal(str(json_array_get(json_object_get(u, "indicator_values"), 0), "name"),
	                    "Personnes accueillies");
	json_decref(page);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'commitment.edit' AND changes LIKE '%Ouvrir 15 guichets%'", NO_ARGS), 1);
	/* The owner cannot change; an edit is validated like a creation. */
	json_object_set_new(values, "owner_actor_id", json_integer(f->sen));
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, values, errors),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "owner_actor_id"));
	json_object_clear(errors);
	json_object_del(values, "owner_actor_id");
	json_object_set_new(values, "objectives", json_array());
	assert_int_equal(commitments_update(f->db, &f->fp_mar, id, values, errors),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "objectives"));
	json_decref(values);
	json_decref(errors);
}

/* ---- The list ------------------------------------------------------------------- */

static json_t *list(struct db *db, const struct commitment_filter *f)
{
	json_t *l = commitments_list(db, "en", f);
	if (!l)
		fail_msg("commitments_list: %s", db_errmsg(db));
	return l;
}

static size_t total(struct db *db, struct commitment_filter f)
{
	f.today = f.today ? f.today : "2025-06-01";
	json_t *l = list(db, &f);
	size_t n = (size_t)json_integer_value(json_object_get(l, "total"));
	assert_int_equal(json_array_size(json_object_get(l, "commitments")) <= n, 1);
	json_decref(l);
	return n;
}

static void test_list_filters(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t a = create_with(db, f->mar, json_pack("{s:[i], s:s}", "objectives", 7, "status",
	                                                 "in_progress"));
	create_with(db, f->mar, json_pack("{s:[i, i], s:s, s:[s, s], s:s}", "objectives", 7, 8,
	                                  "level", "regional", "countries", "MAR", "SEN",
	                                  "target_date", "2025-01-31"));
	create_with(db, f->sen, json_pack("{s:[i], s:[s]}", "objectives", 23, "countries", "SEN"));
	create_with(db, f->partner, json_pack("{s:[i], s:[], s:[s], s:s, s:s}", "objectives", 7,
	                                      "countries", "principles", "child-sensitive", "level",
	                                      "international", "kind", "partnership"));
	create_with(db, f->fra, json_pack("{s:[i], s:[s], s:s, s:s}", "objectives", 1,
	                                  "countries", "FRA", "status", "achieved",
	                                  "target_date", "2025-01-31"));
	/* Made long ago, never reported on: inactive. */
	json_t *old = valid_input(f->sen);
	json_object_set_new(old, "countries", json_pack("[s]", "SEN"));
	json_t *clean = NULL, *errors = json_object();
	struct commitment_refs *refs = commitment_refs_load(db);
	assert_int_equal(commitment_validate(refs, old, errors, &clean), 0);
	commitment_refs_free(refs);
	int64_t old_id;
	const char *bad;
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(commitments_insert(db, clean, "sample", "2020-01-01T00:00:00.000Z",
	                                    &old_id, &bad), 0);
	assert_int_equal(db_commit(db), 0);
	json_decref(clean);
	json_decref(old);
	json_decref(errors);
	/* Participants: one accepted, one only invited, one that declined. Only
	 * the accepted one counts for its actor (issue 11, finding 4). */
	static const char add_participant[] = "INSERT INTO commitment_participant "
		"(commitment_id, actor_id, status) VALUES ($1, $2, $3)";
	assert_int_equal(db_exec(db, add_participant, DB_ARGS(DB_INT(a), DB_INT(f->partner2),
	                                                   DB_TEXT("accepted"))), 1);
	assert_int_equal(db_exec(db, add_participant, DB_ARGS(DB_INT(a), DB_INT(f->pending),
	                                                   DB_TEXT("invited"))), 1);
	assert_int_equal(db_exec(db, add_participant, DB_ARGS(DB_INT(a), DB_INT(f->sen),
	                                                   DB_TEXT("declined"))), 1);

	struct commitment_filter none = {0};
	assert_int_equal(total(db, none), 6);
	assert_int_equal(total(db, (struct commitment_filter){.objective = 7}), 3);
	assert_int_equal(total(db, (struct commitment_filter){.objective = 7,
	                                                      .status = "in_progress"}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.principle = "child-sensitive"}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.level = "regional"}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.status = "planned"}), 4);
	assert_int_equal(total(db, (struct commitment_filter){.country = "sen"}), 3);
	assert_int_equal(total(db, (struct commitment_filter){.country = "MAR"}), 2);
	/* Africa (002) counts the regional one once; Europe (150) has France. */
	assert_int_equal(total(db, (struct commitment_filter){.region = "002"}), 4);
	assert_int_equal(total(db, (struct commitment_filter){.region = "150"}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.region = "001"}), 6);
	assert_int_equal(total(db, (struct commitment_filter){.owner_type = "state"}), 5);
	assert_int_equal(total(db, (struct commitment_filter){.owner_type = "civil_society"}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.owner_type = "academia"}), 0);
	assert_int_equal(total(db, (struct commitment_filter){.actor_id = f->partner2}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.actor_id = f->pending}), 0);
	/* Senegal's own two; not the one it declined. */
	assert_int_equal(total(db, (struct commitment_filter){.actor_id = f->sen}), 2);
	assert_int_equal(total(db, (struct commitment_filter){.actor_id = f->mar}), 2);
	assert_int_equal(total(db, (struct commitment_filter){.overdue = true}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.overdue = true,
	                                                      .today = "2025-01-31"}), 0);
	assert_int_equal(total(db, (struct commitment_filter){.freshness = "inactive"}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.freshness = "closed"}), 1);
	assert_int_equal(total(db, (struct commitment_filter){.freshness = "reported"}), 4);
	/* Thirteen months after they were made, the open ones are due. */
	char now[DATE_LEN + 1], later[DATE_LEN + 1];
	dates_today(now);
	date_minus_months(now, -13, later);
	assert_int_equal(total(db, (struct commitment_filter){.freshness = "due",
	                                                      .today = later}), 4);
	assert_int_equal(total(db, (struct commitment_filter){.objective = 7, .country = "MAR",
	                                                      .level = "national"}), 1);

	/* The card. */
	json_t *l = list(db, &(struct commitment_filter){.objective = 8, .today = "2025-06-01"});
	json_t *card = json_array_get(json_object_get(l, "commitments"), 0);
	assert_true(json_is_true(json_object_get(card, "overdue")));
	assert_int_equal(json_array_size(json_object_get(card, "objectives")), 2);
	assert_int_equal(json_array_size(json_object_get(card, "countries")), 2);
	assert_true(str_starts(str(json_object_get(card, "owner"), "url"), "/actors/"));
	json_decref(l);
}

static void test_filter_check(void **state)
{
	struct fixture *f = *state;
	struct {
		struct commitment_filter filter;
		const char *field;
	} bad[] = {
		{{.objective = 24}, "objective"},
		{{.level = "galactic"}, "level"},
		{{.status = "done"}, "status"},
		{{.country = "MA"}, "country"},
		{{.region = "2"}, "region"},
		{{.owner_type = "club"}, "owner_type"},
		{{.freshness = "stale"}, "freshness"},
		{{.sort = "random"}, "sort"},
		{{.limit = 101}, "limit"},
		{{.after = "not a cursor!"}, "after"},
		{{.after = "dXBkYXRlZAp4CjE"}, "after"},   /* "updated\nx\n1" with sort title */
		{{.principle = "Robert'); DROP TABLE commitment;--"}, "principle"},
	};
	bad[10].filter.sort = "title";
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		json_t *errors = json_object();
		if (commitment_filter_check(&bad[i].filter, errors) != 1 ||
		    !json_object_get(errors, bad[i].field))
			fail_msg("case %zu: %s not refused", i, bad[i].field);
		assert_null(commitments_list(f->db, "en", &bad[i].filter));
		json_decref(errors);
	}
	json_t *errors = json_object();
	assert_int_equal(commitment_filter_check(&(struct commitment_filter){.after =
	                 "dXBkYXRlZAp4CjE"}, errors), 0);
	/* A page size past the limit says the limit. */
	assert_int_equal(commitment_filter_check(&(struct commitment_filter){.limit = 101}, errors),
	                 1);
	json_t *e = json_object_get(errors, "limit");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "args"), "max")),
	                 COMMITMENT_PAGE_MAX);
	json_decref(errors);
}

/* Every sort, pages of 7: each commitment exactly once, in order. */
static void test_list_paging(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	static const char *const titles[] = {"Éducation", "eau", "Zèbre", "abri", "Abri", "santé",
	                                     "Santé", "école", "Emploi", "données"};
	for (int i = 0; i < 23; i++) {
		char target[16];
		snprintf(target, sizeof target, "2026-%02d-01", 1 + i % 5);
		json_t *ch = json_pack("{s:s, s:o}", "title", titles[i % 10], "target_date",
		                       i % 4 == 0 ? json_null() : json_string(target));
		create_with(db, i % 2 ? f->mar : f->partner, ch);
	}
	for (size_t s = 0; commitment_sorts[s]; s++) {
		char *after = NULL;
		json_t *seen = json_object();
		int pages = 0;
		char prev_key[128] = "";
		do {
			struct commitment_filter flt = {.sort = commitment_sorts[s], .after = after,
			                                .limit = 7};
			json_t *l = list(db, &flt);
			size_t i;
			json_t *c;
			json_array_foreach(json_object_get(l, "commitments"), i, c) {
				char k[24];
				snprintf(k, sizeof k, "%lld",
				         (long long)json_integer_value(json_object_get(c, "id")));
				if (json_object_get(seen, k))
					fail_msg("sort %s: %s twice", commitment_sorts[s], k);
				json_object_set_new(seen, k, json_true());
				if (strcmp(commitment_sorts[s], "target_date") == 0) {
					const char *t = str(c, "target_date");
					char key[128];
					snprintf(key, sizeof key, "%s", t ? t : "9999");
					assert_true(strcmp(prev_key, key) <= 0);
					snprintf(prev_key, sizeof prev_key, "%s", key);
				}
			}
			assert_int_equal(json_integer_value(json_object_get(l, "total")), 23);
			free(after);
			json_t *next = json_object_get(l, "next");
			after = json_is_string(next) ? strdup(json_string_value(next)) : NULL;
			json_decref(l);
			pages++;
		} while (after && pages < 10);
		assert_int_equal(pages, 4);
		assert_int_equal(json_object_size(seen), 23);
		json_decref(seen);
	}
	/* Alphabetical ignores case and accents: abri, Abri, données, eau, école … */
	json_t *l = list(db, &(struct commitment_filter){.sort = "title", .limit = 100});
	const char *first = str(json_array_get(json_object_get(l, "commitments"), 0), "title");
	assert_true(strcmp(first, "abri") == 0 || strcmp(first, "Abri") == 0);
	assert_string_equal(str(json_array_get(json_object_get(l, "commitments"), 22), "title"),
	                    "Zèbre");
	json_decref(l);
}

static void test_choices(void **state)
{
	struct fixture *f = *state;
	json_t *ch = commitments_choices(f->db, "fr");
	assert_non_null(ch);
	assert_int_equal(json_array_size(json_object_get(ch, "objectives")), 23);
	assert_int_equal(json_array_size(json_object_get(ch, "principles")), 10);
	assert_int_equal(json_array_size(json_object_get(ch, "countries")), 195);
	assert_string_equal(str(json_array_get(json_object_get(ch, "owner_types"), 0), "code"),
	                    "state");
	json_decref(ch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_overdue),
		cmocka_unit_test(test_freshness),
		cmocka_unit_test(test_smart),
		cmocka_unit_test_setup_teardown(test_validation, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_validation_errors, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_create_get, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_permissions, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_update, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_check, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_list_paging, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_choices, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
