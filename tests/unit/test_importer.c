/* test_importer.c — importing commitments from CSV and JSON: a valid file
 * (with progress updates), files with problems on several lines (every
 * problem listed as FILE:LINE: field: reason, nothing written), the
 * header's checks, per-record permissions, the sample data, and the
 * format's detection. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "actors.h"
#include "buf.h"
#include "commitments.h"
#include "db.h"
#include "fixture.h"
#include "importer.h"
#include "progress.h"
#include "refdata.h"
#include "users.h"
#include "util.h"

struct run {
	enum outcome rc;
	struct import_result r;
	char *errors;
};

static struct run run_import(struct fixture *f, const char *data, enum import_format fmt,
                             const char *name, const struct user *as, const char *updates)
{
	struct import_options o = {.filename = name, .as = as, .today = "2026-01-01",
	                           .updates = updates, .updates_len = updates ? strlen(updates) : 0,
	                           .updates_filename = "updates.csv"};
	struct buf errors;
	buf_init(&errors, 1 << 20);
	struct run r;
	r.rc = import_commitments(f->db, data, strlen(data), fmt, &o, &errors, &r.r);
	r.errors = xstrdup(buf_str(&errors));
	buf_release(&errors);
	return r;
}

static int64_t commitments(struct fixture *f)
{
	return scalar(f->db, "SELECT count(*) FROM commitment", NO_ARGS);
}

static const char good_csv[] =
	"# a comment line before the header\n"
	"ref,owner,title,description,lang,objectives,principles,level,countries,start_date,"
	"target_date,deliverables,indicators,status,kind,participants,form,title_en\n"
	"a,MAR,Guichets d'accueil,\"Deux **lignes**\nici\",fr,3;15,human-rights,national,MAR,"
	"2024-01-01,2026-12-31,12 guichets;formation,Personnes|pers.|0|2000;Guichets||0|12,"
	"in_progress,individual,,process,Reception desks\n"
	"b,Réseau Migrants Solidaires,Cliniques mobiles,,fr,7,,regional,SEN;mli,,,,,planned,"
	"partnership,SEN;Université du Sahel,human_resources,\n"
	"c,SEN,Portail,,fr,5,,national,,,,,,planned,individual,,policy,\n";

static const char good_updates[] =
	"ref,reported_at,status,percent,narrative,evidence,indicator_values\n"
	"a,2025-01-31,in_progress,30,Premier bilan,https://example.org/a;https://example.org/b,"
	"1=150;2=4\n"
	"a,2025-06-30,delayed,35,,,2=5\n"
	"b,2025-03-01,in_progress,,Démarré,,\n";

static void test_csv_valid(void **state)
{
	struct fixture *f = *state;
	struct run r = run_import(f, good_csv, IMPORT_CSV, "good.csv", NULL, good_updates);
	if (r.rc != OUTCOME_OK)
		fail_msg("import: %d\n%s", r.rc, r.errors);
	assert_int_equal(r.r.records, 3);
	assert_int_equal(r.r.commitments, 3);
	assert_int_equal(r.r.updates, 3);
	assert_int_equal(commitments(f), 3);
	json_t *row = db_json_row(f->db, "SELECT c.status, c.percent, c.description, c.level, "
	                          "(SELECT count(*) FROM commitment_indicator i "
	                          " WHERE i.commitment_id = c.id) AS indicators, "
	                          "(SELECT title FROM commitment_translation t "
	                          " WHERE t.commitment_id = c.id AND t.lang = 'en') AS en "
	                          "FROM commitment c WHERE c.title = $1",
	                          DB_ARGS(DB_TEXT("Guichets d'accueil")));
	assert_string_equal(json_string_value(json_object_get(row, "status")), "delayed");
	assert_int_equal(json_integer_value(json_object_get(row, "percent")), 35);
	assert_string_equal(json_string_value(json_object_get(row, "description")),
	                    "Deux **lignes**\nici");
	assert_int_equal(json_integer_value(json_object_get(row, "indicators")), 2);
	assert_string_equal(json_string_value(json_object_get(row, "en")), "Reception desks");
	json_decref(row);
	/* Indicator values by position: 150 to the first, 4 then 5 to the second. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM progress_indicator_value v JOIN "
	                 "commitment_indicator i ON i.id = v.indicator_id WHERE "
	                 "(i.name = 'Personnes' AND v.value = 150) OR (i.name = 'Guichets' AND "
	                 "v.value IN (4, 5))", NO_ARGS), 3);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM progress_evidence", NO_ARGS), 2);
	/* Participants by name or ISO3; countries upper-cased. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_participant", NO_ARGS), 2);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_country WHERE iso3 = 'MLI'",
	                        NO_ARGS), 1);
	/* A state's commitment without countries applies to the state. */
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment_country cc JOIN commitment c "
	                 "ON c.id = cc.commitment_id WHERE c.title = 'Portail' AND cc.iso3 = 'SEN'",
	                 NO_ARGS), 1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'commitment.create' AND channel = 'cli'", NO_ARGS), 3);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'progress.add'", NO_ARGS), 3);
	free(r.errors);
}

static const char bad_csv[] =
	"owner,title,lang,objectives,level,countries,start_date,target_date,form\n"
	"MAR,Good one,fr,1;2,national,MAR,2024-01-01,2025-01-01,process\n"
	"MAR,,fr,1,national,MAR,,,process\n"
	"SEN,No objective,fr,,national,SEN,,,policy\n"
	"Nobody,\"A title\nover two lines\",fr,24,national,XYZ,2025-01-01,2024-01-01,financial\n"
	"MAR,Too few fields\n"
	"MAR,Bad form,fr,1,national,MAR,,,money\n";

static void test_csv_errors(void **state)
{
	struct fixture *f = *state;
	int64_t entries = scalar(f->db, "SELECT count(*) FROM audit_log", NO_ARGS);
	struct run r = run_import(f, bad_csv, IMPORT_CSV, "bad.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	static const char *const expected[] = {
		"bad.csv:3: title: This is required.\n",
		"bad.csv:4: objectives: Choose at least one objective.\n",
		"bad.csv:5: title: This contains control characters.\n",
		"bad.csv:5: objectives: Objectives are numbered from 1 to 23. (\"24\")\n",
		"bad.csv:5: countries: Unknown country code. (\"XYZ\")\n",
		"bad.csv:5: target_date: The target date is before the start date. (\"2024-01-01\")\n",
		"bad.csv:5: owner: Unknown actor. (\"Nobody\")\n",
		"bad.csv:7: (record): expected 9 fields as in the header, found 2\n",
		"bad.csv:8: form: This is not one of the allowed choices. (\"money\")\n",
	};
	for (size_t i = 0; i < ARRAY_LEN(expected); i++)
		if (!strstr(r.errors, expected[i]))
			fail_msg("missing: %s\nin:\n%s", expected[i], r.errors);
	assert_int_equal(r.r.nerrors, ARRAY_LEN(expected));
	/* In line order. */
	assert_true(strstr(r.errors, "bad.csv:3:") < strstr(r.errors, "bad.csv:8:"));
	assert_int_equal(r.r.commitments, 0);
	assert_int_equal(commitments(f), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log", NO_ARGS), entries);
	free(r.errors);

	/* A header with a typo, or without a required column. */
	r = run_import(f, "owner,title,lang,objectivs,level,form\nMAR,T,fr,1,national,process\n",
	               IMPORT_CSV, "h.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "h.csv:1: objectivs: unknown column\n"));
	assert_non_null(strstr(r.errors, "h.csv:1: objectives: missing column\n"));
	free(r.errors);
	/* Regression (fuzz_import): a column name holding a line break and a
	 * terminal escape is reported on one line, its bytes shown as \xNN,
	 * in the main file and in the updates file alike. */
	r = run_import(f, "ref,owner,\"x\ny\033[31m\",title\n", IMPORT_CSV, "h.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "h.csv:1: x\\x0Ay\\x1B[31m: unknown column\n"));
	free(r.errors);
	r = run_import(f, good_csv, IMPORT_CSV, "good.csv", NULL, "ref,\"a\rb\"\n");
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "updates.csv:1: a\\x0Db: unknown column\n"));
	free(r.errors);
	r = run_import(f, "", IMPORT_CSV, "empty.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "empty.csv:1: (file): no header row"));
	free(r.errors);
	/* Bad updates: unknown ref, bad values, reported on their own lines. */
	r = run_import(f, good_csv, IMPORT_CSV, "good.csv", NULL,
	               "ref,status,percent,indicator_values,evidence\n"
	               "a,in_progress,200,1;2;3,javascript:alert(1)\n"
	               "zz,planned,,,\n");
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "updates.csv:3: ref: no commitment of good.csv has this ref"));
	assert_non_null(strstr(r.errors, "updates.csv:2: indicator_values: Each indicator value "
	                       "names its indicator by its place in the commitment's list"));
	assert_int_equal(commitments(f), 0);
	free(r.errors);
	r = run_import(f, good_csv, IMPORT_CSV, "good.csv", NULL,
	               "ref,status,percent,evidence\na,in_progress,200,javascript:alert(1)\n");
	assert_non_null(strstr(r.errors, "updates.csv:2: percent: The percentage must be"));
	assert_non_null(strstr(r.errors, "updates.csv:2: evidence: Evidence links must start"));
	assert_int_equal(commitments(f), 0);
	free(r.errors);
}

static const char good_json[] =
	"[\n"
	"  {\"ref\": \"x\", \"owner\": \"MAR\", \"title\": \"Données ventilées\", \"lang\": \"fr\",\n"
	"   \"objectives\": [1], \"level\": \"national\", \"form\": \"technical_assistance\",\n"
	"   \"indicators\": [{\"name\": \"Enquêtes\", \"target\": 4}],\n"
	"   \"updates\": [{\"reported_at\": \"2025-05-01\", \"status\": \"in_progress\",\n"
	"                  \"indicator_values\": [{\"indicator_id\": 1, \"value\": 2}], \"evidence\": [\"https://example.org/s\"]},\n"
	"                 {\"status\": \"achieved\", \"percent\": 100}]},\n"
	"  {\"owner\": %lld, \"title\": \"Réseau\", \"lang\": \"fr\", \"objectives\": \"16\",\n"
	"   \"level\": \"international\", \"form\": \"process\", \"countries\": []}\n"
	"]\n";

static void test_json(void **state)
{
	struct fixture *f = *state;
	char data[2048];
	snprintf(data, sizeof data, good_json, (long long)f->partner);
	struct run r = run_import(f, data, IMPORT_JSON, "c.json", NULL, NULL);
	if (r.rc != OUTCOME_OK)
		fail_msg("import: %d\n%s", r.rc, r.errors);
	assert_int_equal(r.r.commitments, 2);
	assert_int_equal(r.r.updates, 2);
	json_t *row = db_json_row(f->db, "SELECT status, percent, last_report_date FROM commitment "
	                          "WHERE title = $1", DB_ARGS(DB_TEXT("Données ventilées")));
	assert_string_equal(json_string_value(json_object_get(row, "status")), "achieved");
	/* Undated: today's date (the import's). */
	assert_string_equal(json_string_value(json_object_get(row, "last_report_date")),
	                    "2026-01-01");
	json_decref(row);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM progress_indicator_value WHERE value = 2",
	                        NO_ARGS), 1);
	free(r.errors);

	/* Problems in several objects: the line of each object's "{". */
	r = run_import(f,
		"[\n"
		"  {\"owner\": \"MAR\", \"title\": \"Fine\", \"lang\": \"en\", \"objectives\": [1],\n"
		"   \"level\": \"national\", \"form\": \"process\",\n"
		"   \"updates\": [{\"status\": \"in_progress\", \"percent\": 150}]},\n"
		"  \"not an object\",\n"
		"  {\n"
		"    \"owner\": \"SEN\", \"title\": \"Bad\", \"lang\": \"en\", \"objectives\": [],\n"
		"    \"level\": \"national\", \"form\": \"process\", \"evidence\": \"{[\"\n"
		"  },\n"
		"  {\"owner\": \"SEN\", \"title\": \"x\", \"lang\": \"en\", \"objectives\": [2],\n"
		"   \"level\": \"national\", \"form\": \"process\", \"countries\": [\"ZZZ\"]}\n"
		"]\n", IMPORT_JSON, "e.json", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "e.json:2: updates[0].percent: The percentage must be a "
	                       "whole number from 0 to 100.\n"));
	assert_non_null(strstr(r.errors, "e.json:5: (record): expected an object\n"));
	assert_non_null(strstr(r.errors, "e.json:6: objectives: Choose at least one objective.\n"));
	assert_non_null(strstr(r.errors, "e.json:10: countries: Unknown country code.\n"));
	assert_int_equal(r.r.nerrors, 4);
	assert_int_equal(commitments(f), 2);
	free(r.errors);

	/* Not JSON at all, or not an array. */
	r = run_import(f, "[\n{\"title\": \n", IMPORT_JSON, "broken.json", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "broken.json:"));
	free(r.errors);
	r = run_import(f, "{\"title\": \"x\"}", IMPORT_JSON, "obj.json", NULL, NULL);
	assert_non_null(strstr(r.errors, "obj.json:1: (file): expected an array"));
	free(r.errors);
	assert_int_equal(commitments(f), 2);
}

static void test_permissions(void **state)
{
	struct fixture *f = *state;
	static const char two[] =
		"owner,title,lang,objectives,level,form\n"
		"SEN,Ours,fr,1,national,process\n"
		"MAR,Theirs,fr,1,national,process\n";
	struct run r = run_import(f, two, IMPORT_CSV, "two.csv", &f->fp_sen, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "two.csv:3: owner: You may not create commitments for "
	                       "this actor.\n"));
	assert_null(strstr(r.errors, "two.csv:2:"));
	assert_int_equal(commitments(f), 0);
	free(r.errors);
	/* The refused record is a denied write, audited once for the file with
	 * the owner it was for (issue 11, finding 6). */
	json_t *denial = db_json_row(f->db, "SELECT user_id, object_type, changes FROM audit_log "
	                             "WHERE action = 'denied:commitment.create'", NO_ARGS);
	assert_non_null(denial);
	assert_int_equal(json_integer_value(json_object_get(denial, "user_id")), f->fp_sen.id);
	json_t *changes = json_loads(json_string_value(json_object_get(denial, "changes")), 0, NULL);
	assert_non_null(changes);
	json_t *owners = json_object_get(json_object_get(changes, "owner_actor_id"), "after");
	assert_int_equal(json_array_size(owners), 1);
	assert_int_equal(json_integer_value(json_array_get(owners, 0)), f->mar);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(changes, "records"),
	                                                    "after")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(changes, "import"),
	                                                      "after")), "two.csv");
	json_decref(changes);
	json_decref(denial);
	r = run_import(f, "owner,title,lang,objectives,level,form\nSEN,Ours,fr,1,national,process\n",
	               IMPORT_CSV, "one.csv", &f->fp_sen, NULL);
	assert_int_equal(r.rc, OUTCOME_OK);
	free(r.errors);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'commitment.create' AND user_id = $1", DB_ARGS(DB_INT(f->fp_sen.id))), 1);
	/* Who may create nothing is refused outright, and audited. */
	r = run_import(f, two, IMPORT_CSV, "two.csv", &f->reviewer, NULL);
	assert_int_equal(r.rc, OUTCOME_DENIED);
	free(r.errors);
	r = run_import(f, two, IMPORT_CSV, "two.csv", &f->pending_editor, NULL);
	assert_int_equal(r.rc, OUTCOME_DENIED);
	free(r.errors);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                 "'denied:commitment.create'", NO_ARGS), 3);
	/* The admin may import for anyone. */
	r = run_import(f, two, IMPORT_CSV, "two.csv", &f->op, NULL);
	assert_int_equal(r.rc, OUTCOME_OK);
	free(r.errors);
	assert_int_equal(commitments(f), 3);
}

static void test_sample(void **state)
{
	struct fixture *f = *state;
	struct buf errors;
	buf_init(&errors, 1 << 20);
	struct import_result r;
	enum outcome rc = import_sample(f->db, &errors, &r);
	if (rc != OUTCOME_OK)
		fail_msg("sample: %s", buf_str(&errors));
	assert_true(r.commitments >= 5);
	assert_true(r.updates >= 5);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM commitment WHERE origin <> 'sample'",
	                        NO_ARGS), 0);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM actor WHERE origin = 'sample'",
	                        NO_ARGS), 2);
	/* Idempotent. */
	int64_t n = commitments(f);
	assert_int_equal(import_sample(f->db, &errors, &r), OUTCOME_OK);
	assert_int_equal(r.commitments, 0);
	assert_int_equal(commitments(f), n);
	buf_release(&errors);
	/* Sample pages say so. */
	json_t *page = commitments_get(f->db, "en", 1, NULL);
	assert_true(json_is_true(json_object_get(page, "has_sample")));
	json_decref(page);
}

/* A matching commitment names one that exists. */
static void test_matching(void **state)
{
	struct fixture *f = *state;
	int64_t id = create_with(f->db, f->mar, NULL);
	char csv[512];
	snprintf(csv, sizeof csv, "owner,title,lang,objectives,level,form,kind,"
	         "matches_commitment_id\n"
	         "SEN,Matches,fr,1,national,financial,matching,%lld\n"
	         "SEN,Matches nothing,fr,1,national,financial,matching,%lld\n",
	         (long long)id, (long long)id + 500);
	struct run r = run_import(f, csv, IMPORT_CSV, "m.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "m.csv:3: matches_commitment_id: No commitment has "
	                       "this number."));
	assert_null(strstr(r.errors, "m.csv:2:"));
	free(r.errors);
	csv[strlen(csv) - strlen(strrchr(csv, '\n') ? "" : "")] = '\0';
	*strstr(csv, "SEN,Matches nothing") = '\0';
	r = run_import(f, csv, IMPORT_CSV, "m.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_OK);
	free(r.errors);
	json_t *page = commitments_get(f->db, "en", id, NULL);
	assert_int_equal(json_array_size(json_object_get(json_object_get(page, "commitment"),
	                                                 "matched_by")), 1);
	json_decref(page);
}

static void test_detect(void **state)
{
	(void)state;
	enum import_format fmt;
	assert_int_equal(import_format_detect("x.CSV", "[", 1, &fmt), 0);
	assert_int_equal(fmt, IMPORT_CSV);
	assert_int_equal(import_format_detect("x.Json", "a", 1, &fmt), 0);
	assert_int_equal(fmt, IMPORT_JSON);
	assert_int_equal(import_format_detect("-", " \n[{}]", 5, &fmt), 0);
	assert_int_equal(fmt, IMPORT_JSON);
	assert_int_equal(import_format_detect("-", "\xEF\xBB\xBFowner,title", 14, &fmt), 0);
	assert_int_equal(fmt, IMPORT_CSV);
	assert_int_equal(import_format_detect("-", "  \n", 3, &fmt), -1);
}

/* Many records: one transaction, all or nothing. */
static void test_large(void **state)
{
	struct fixture *f = *state;
	struct buf csv;
	buf_init(&csv, 1 << 22);
	buf_puts(&csv, "owner,title,lang,objectives,level,form\n");
	for (int i = 0; i < 1500; i++)
		buf_printf(&csv, "%s,Engagement %d,fr,%d,national,process\n", i % 2 ? "MAR" : "SEN",
		           i, 1 + i % 23);
	struct run r = run_import(f, buf_str(&csv), IMPORT_CSV, "big.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_OK);
	assert_int_equal(commitments(f), 1500);
	free(r.errors);
	/* One bad line at the end: nothing of the 1,500 others. */
	buf_puts(&csv, "MAR,Last,fr,0,national,process\n");
	r = run_import(f, buf_str(&csv), IMPORT_CSV, "big.csv", NULL, NULL);
	assert_int_equal(r.rc, OUTCOME_INVALID);
	assert_non_null(strstr(r.errors, "big.csv:1502: objectives:"));
	assert_int_equal(commitments(f), 1500);
	free(r.errors);
	buf_release(&csv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv_valid, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_csv_errors, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_json, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_permissions, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sample, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_matching, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_detect),
		cmocka_unit_test_setup_teardown(test_large, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
