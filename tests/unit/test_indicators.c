/* test_indicators.c — the indicators: the catalogue loads (and again,
 * unchanged); the progress status on hand-built series (rising toward a
 * target, falling away, flat, too few points, no target); SDMX-CSV
 * refused with FILE:LINE: COLUMN: reason for each kind of bad input and
 * nothing written; the round trip (import, export, import the export:
 * the same observations, the same bytes); a focal point imports for their
 * own state only. Both backends. */
#include "unit.h"

#include <string.h>

#include "buf.h"
#include "db.h"
#include "fixture.h"
#include "indicators.h"
#include "util.h"

static const struct indicator_goal up_to_100 = {"up", true, 100, 2030};
static const struct indicator_goal down = {"down", false, 0, 0};

static void test_progress(void **state)
{
	(void)state;
	double annual, needed;
	/* Rising toward 100 by 2030 from 60 in 2015: 2.67 a year needed. */
	struct indicator_point fast[] = {{2015, 60}, {2018, 69}, {2021, 77}};
	assert_string_equal(indicator_progress(fast, 3, &up_to_100, &annual, &needed), "on_track");
	assert_true(annual > 2.6 && annual < 2.9 && needed > 2.6 && needed < 2.7);
	struct indicator_point slow[] = {{2015, 60}, {2018, 63}, {2021, 65}};
	assert_string_equal(indicator_progress(slow, 3, &up_to_100, NULL, NULL), "moderate");
	struct indicator_point crawl[] = {{2015, 60}, {2018, 60.5}, {2021, 61}};
	assert_string_equal(indicator_progress(crawl, 3, &up_to_100, NULL, NULL), "limited");
	/* Falling away from it. */
	struct indicator_point away[] = {{2021, 55}, {2015, 60}, {2018, 58}};
	assert_string_equal(indicator_progress(away, 3, &up_to_100, &annual, NULL), "deterioration");
	assert_true(annual < 0);
	struct indicator_point there[] = {{2015, 90}, {2018, 96}, {2021, 100}};
	assert_string_equal(indicator_progress(there, 3, &up_to_100, NULL, NULL), "target_reached");
	/* No target: the direction alone. */
	struct indicator_point flat[] = {{2015, 40}, {2017, 40.1}, {2019, 39.9}};
	assert_string_equal(indicator_progress(flat, 3, &down, NULL, NULL), "limited");
	struct indicator_point falling[] = {{2015, 40}, {2017, 35}, {2019, 30}};
	assert_string_equal(indicator_progress(falling, 3, &down, NULL, NULL), "improving");
	assert_string_equal(indicator_progress(fast, 3, &down, NULL, NULL), "deterioration");
	/* Too few points, or years. */
	assert_string_equal(indicator_progress(fast, 2, &up_to_100, NULL, NULL), "insufficient");
	struct indicator_point same[] = {{2015, 1}, {2015, 2}, {2015, 3}};
	assert_string_equal(indicator_progress(same, 3, &up_to_100, NULL, NULL), "insufficient");
	const struct indicator_goal none = {"none", false, 0, 0};
	assert_string_equal(indicator_progress(fast, 3, &none, NULL, NULL), "not_assessed");
}

static void load_catalog(struct db *db)
{
	char err[4096];
	if (indicators_catalog_load(db, err, sizeof err) < 0)
		fail_msg("%s", err);
}

#define HEADER "DATAFLOW,INDICATOR,REF_AREA,SEX,AGE,MIGRATORY_STATUS,TIME_PERIOD,OBS_VALUE," \
	"UNIT_MEASURE\n"
#define FLOW "PACTE:DF_GCM_INDICATORS(1.0),"

static enum outcome import(struct db *db, const struct user *by, const char *csv,
                           struct buf *errors, size_t *nobs)
{
	size_t nproblems;
	buf_reset(errors);
	return indicators_import_sdmx(db, by, "in.csv", csv, strlen(csv), "real", errors, nobs,
	                              &nproblems);
}

static void test_catalog(void **state)
{
	struct fixture *f = *state;
	load_catalog(f->db);
	load_catalog(f->db);
	assert_true(scalar(f->db, "SELECT count(*) FROM indicator", NO_ARGS) >= 8);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM indicator WHERE source_url NOT LIKE "
	                        "'https://unstats.un.org/%'", NO_ARGS), 0);
	json_t *m = indicators_list(f->db, "fr");
	json_t *first = json_array_get(json_object_get(m, "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "SDG_10_7_1");
	assert_non_null(strstr(json_string_value(json_object_get(first, "name")), "recrutement"));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
		json_object_get(first, "objectives"), 0), "number")), 6);
	json_decref(m);
}

static void test_bad_input(void **state)
{
	struct fixture *f = *state;
	load_catalog(f->db);
	struct buf e;
	buf_init(&e, 65536);
	size_t n;
	static const struct {
		const char *csv, *expect;
	} cases[] = {
		{"INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,COLOUR\n", "in.csv:1: COLOUR: unknown dimension"},
		{"INDICATOR,REF_AREA,OBS_VALUE\n", "in.csv:1: TIME_PERIOD: this column is missing"},
		{HEADER FLOW "SDG_99,MAR,_T,_T,_T,2020,3,PERCENT\n", "in.csv:2: INDICATOR: No indicator"},
		{HEADER FLOW "SDG_10_C_1,XXX,_T,_T,_T,2020,3,PERCENT\n", "in.csv:2: REF_AREA: No country"},
		{HEADER FLOW "SDG_10_C_1,MAR,X,_T,_T,2020,3,PERCENT\n", "in.csv:2: SEX:"},
		{HEADER FLOW "SDG_10_C_1,MAR,_T,_T,_T,2020,3,NUMBER\n",
		 "in.csv:2: UNIT_MEASURE: This indicator is measured in PERCENT."},
		{HEADER FLOW "SDG_10_C_1,MAR,_T,_T,_T,2020,three,PERCENT\n",
		 "in.csv:2: OBS_VALUE: A number. (\"three\")"},
		{HEADER FLOW "SDG_10_C_1,MAR,_T,_T,_T,20x0,3,PERCENT\n", "in.csv:2: TIME_PERIOD:"},
		{HEADER "OTHER:FLOW(1.0),SDG_10_C_1,MAR,_T,_T,_T,2020,3,PERCENT\n",
		 "in.csv:2: DATAFLOW: Unknown dataflow"},
		{HEADER FLOW "SDG_10_C_1,MAR,_T,_T,_T,2020,3,PERCENT\n"
		        FLOW "SDG_10_C_1,MAR,,,,2020,4,PERCENT\n",
		 "in.csv:3: OBS_VALUE: the same observation as line 2"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_int_equal(import(f->db, NULL, cases[i].csv, &e, &n), OUTCOME_INVALID);
		if (!strstr(buf_str(&e), cases[i].expect))
			fail_msg("case %zu: expected \"%s\" in:\n%s", i, cases[i].expect, buf_str(&e));
	}
	/* One bad row among good ones: nothing written. */
	assert_int_equal(import(f->db, NULL, HEADER FLOW "SDG_10_C_1,MAR,_T,_T,_T,2020,3,PERCENT\n"
	                        FLOW "SDG_10_C_1,MAR,_T,_T,_T,2021,x,PERCENT\n", &e, &n),
	                 OUTCOME_INVALID);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM indicator_value", NO_ARGS), 0);
	buf_release(&e);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	load_catalog(f->db);
	/* Columns in another order, breakdowns left out, lower case codes. */
	const char *in =
		"REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"
		"mar,SDG_10_C_1,2019,7.25\n"
		"MAR,SDG_10_C_1,2020,6.1\n"
		"SEN,SDG_10_C_1,2020,0.1\n";
	const char *in2 = HEADER
		FLOW "SDG_8_8_1,FRA,F,_T,MIGRANT,2018,1234.5678901234567,PER_100000\n"
		FLOW "SDG_8_8_1,FRA,M,Y_GE18,NON_MIGRANT,2018,1e-7,PER_100000\n";
	struct buf e, out1, out2;
	buf_init(&e, 65536);
	buf_init(&out1, 1 << 20);
	buf_init(&out2, 1 << 20);
	size_t n;
	assert_int_equal(import(f->db, NULL, in, &e, &n), OUTCOME_OK);
	assert_int_equal(n, 3);
	assert_int_equal(import(f->db, NULL, in2, &e, &n), OUTCOME_OK);
	assert_int_equal(indicators_export_sdmx(f->db, NULL, &out1), 5);
	assert_non_null(strstr(buf_str(&out1), FLOW "SDG_10_C_1,MAR,_T,_T,_T,2019,7.25,PERCENT\r\n"));
	assert_non_null(strstr(buf_str(&out1), ",1234.5678901234567,"));
	/* The export imported into an empty table gives the same export. */
	assert_int_equal(db_begin(f->db), 0);
	assert_true(db_exec(f->db, "DELETE FROM indicator_value", NO_ARGS) == 5);
	assert_int_equal(db_commit(f->db), 0);
	assert_int_equal(import(f->db, NULL, buf_str(&out1), &e, &n), OUTCOME_OK);
	assert_int_equal(n, 5);
	assert_int_equal(indicators_export_sdmx(f->db, NULL, &out2), 5);
	assert_string_equal(buf_str(&out1), buf_str(&out2));
	/* A new value replaces the stored one; the import is audited. */
	assert_int_equal(import(f->db, NULL, "INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n"
	                        "SDG_10_C_1,MAR,2020,5.5\n", &e, &n), OUTCOME_OK);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM indicator_value", NO_ARGS), 5);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'indicator.import'", NO_ARGS), 4);

	/* The series' model: by year, with its status. */
	json_t *m = indicators_series(f->db, "en", "SDG_10_C_1", "mar", NULL);
	assert_int_equal(json_array_size(json_object_get(m, "series")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "progress"),
	                                                      "status")), "insufficient");
	json_decref(m);
	m = indicators_get(f->db, "fr", "SDG_10_C_1");
	assert_int_equal(json_array_size(json_object_get(m, "countries")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(m, "countries"), 0), "name")), "Maroc");
	json_decref(m);

	/* A focal point of Morocco imports Morocco's values, not Senegal's. */
	assert_int_equal(import(f->db, &f->fp_mar, "INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n"
	                        "SDG_10_C_1,MAR,2021,5\n", &e, &n), OUTCOME_OK);
	assert_int_equal(import(f->db, &f->fp_mar, "INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE\n"
	                        "SDG_10_C_1,SEN,2021,5\n", &e, &n), OUTCOME_DENIED);
	buf_release(&e);
	buf_release(&out1);
	buf_release(&out2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_progress),
		cmocka_unit_test_setup_teardown(test_catalog, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
