/* test_refdata.c — loading the reference data into a fresh database:
 * counts, the M49 hierarchy, the search key, and all-or-nothing errors. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "embed.h"
#include "refdata.h"
#include "scratch.h"
#include "text.h"

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_scalar_int(db, &n, -1, sql, NO_ARGS), 0);
	return n;
}

/* The first column of the first row of a one-parameter query, copied. */
static char *text1(struct db *db, const char *sql, const char *arg)
{
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_TEXT(arg)));
	assert_non_null(res);
	char *out = NULL;
	if (db_next(res) == 1 && !db_isnull(res, 0))
		out = strdup(db_text(res, 0));
	db_res_free(res);
	return out;
}

static void load_ok(struct db *db)
{
	char err[1024] = "";
	int rc = refdata_load(db, err, sizeof err);
	if (rc)
		fprintf(stderr, "refdata_load: %s\n", err);
	assert_int_equal(rc, 0);
}

static void test_load_twice_gives_same_counts(void **state)
{
	struct scratch *f = *state;
	for (int i = 0; i < 2; i++) {
		load_ok(f->db);
		assert_int_equal(count(f->db, "SELECT count(*) FROM country WHERE un_status = 'member'"), 193);
		assert_int_equal(count(f->db, "SELECT count(*) FROM country WHERE un_status = 'observer'"), 2);
		assert_int_equal(count(f->db, "SELECT count(*) FROM country"), 195);
		assert_int_equal(count(f->db, "SELECT count(*) FROM objective"), 23);
		assert_int_equal(count(f->db, "SELECT count(*) FROM principle"), 10);
		assert_int_equal(count(f->db, "SELECT count(*) FROM region WHERE level = 'world'"), 1);
		assert_int_equal(count(f->db, "SELECT count(*) FROM region WHERE level = 'region'"), 5);
	}
}

static void test_m49_hierarchy(void **state)
{
	struct scratch *f = *state;
	load_ok(f->db);
	static const struct {
		const char *iso3, *region, *subregion, *intermediate;
	} cases[] = {
		{"MAR", "002", "015", NULL},
		{"FRA", "150", "155", NULL},
		{"MEX", "019", "419", "013"},
		{"NGA", "002", "202", "011"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct db_res *res = db_query(f->db,
			"SELECT region_m49, subregion_m49, intermediate_m49 FROM country WHERE iso3 = $1",
			DB_ARGS(DB_TEXT(cases[i].iso3)));
		assert_non_null(res);
		assert_int_equal(db_next(res), 1);
		assert_string_equal(db_text(res, 0), cases[i].region);
		assert_string_equal(db_text(res, 1), cases[i].subregion);
		if (cases[i].intermediate)
			assert_string_equal(db_text(res, 2), cases[i].intermediate);
		else
			assert_true(db_isnull(res, 2));
		db_res_free(res);
	}
	char *name = text1(f->db, "SELECT name_fr FROM region WHERE m49 = $1", "015");
	assert_string_equal(name, "Afrique du Nord");
	free(name);
	char *parent = text1(f->db, "SELECT parent_m49 FROM region WHERE m49 = $1", "013");
	assert_string_equal(parent, "419");
	free(parent);
}

static void test_observers_and_objectives(void **state)
{
	struct scratch *f = *state;
	load_ok(f->db);
	static const char *const observers[] = {"VAT", "PSE"};
	for (size_t i = 0; i < 2; i++) {
		char *st = text1(f->db, "SELECT un_status FROM country WHERE iso3 = $1", observers[i]);
		assert_string_equal(st, "observer");
		free(st);
	}
	assert_int_equal(count(f->db, "SELECT paragraph FROM objective WHERE number = 23"), 39);
	assert_int_equal(count(f->db, "SELECT count(*) FROM objective WHERE title_fr_verified = 0"), 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM objective "
	                              "WHERE title_fr LIKE '%unverified%'"), 0);
	char *slug = text1(f->db, "SELECT slug FROM principle WHERE letter = $1", "j");
	assert_string_equal(slug, "whole-of-society");
	free(slug);
}

/* A query folded like the stored key finds the country in any language. */
static void assert_search_finds(struct db *db, const char *query, const char *iso3)
{
	struct buf q;
	buf_init(&q, 1024);
	buf_putc(&q, '%');
	assert_int_equal(text_fold(query, strlen(query), &q), 0);
	buf_putc(&q, '%');
	char *found = text1(db, "SELECT iso3 FROM country WHERE search_key LIKE $1", buf_str(&q));
	assert_non_null(found);
	assert_string_equal(found, iso3);
	free(found);
	buf_release(&q);
}

static void test_search_key(void **state)
{
	struct scratch *f = *state;
	load_ok(f->db);
	char *key = text1(f->db, "SELECT search_key FROM country WHERE iso3 = $1", "CIV");
	assert_non_null(key);
	assert_non_null(strstr(key, "cote d'ivoire"));
	assert_non_null(strstr(key, " | "));
	free(key);
	assert_search_finds(f->db, "cote d'ivoire", "CIV");
	assert_search_finds(f->db, "CÔTE D'IVOIRE", "CIV");
	assert_search_finds(f->db, "Кот-д'Ивуар", "CIV");
	assert_search_finds(f->db, "كوت ديفوار", "CIV");
	assert_search_finds(f->db, "摩洛哥", "MAR");
	assert_search_finds(f->db, "Marruecos", "MAR");
}

/* countries.csv with one good row (line 2) and bad ones after it. */
static const char bad_countries[] =
	"iso3,iso2,numeric,un_status,region_m49,subregion_m49,intermediate_m49,"
	"name_ar,name_zh,name_en,name_fr,name_ru,name_es\n"
	"MAR,MA,504,member,002,015,,a,b,Morocco,Maroc,c,d\n"
	"Ma,MB,505,member,002,015,,a,b,Bad code,x,c,d\n"
	"XXA,XA,901,member,999,015,,a,b,No region,x,c,d\n"
	"XXB,XB,902,member,002,015,,a,b,No French,,c,d\n"
	"XXC,XC,903,member,002,015,,a,b\n"
	"XXD,XD,904,member,002,155,,a,b,Wrong parent,x,c,d\n"
	"XXE,MA,905,member,002,015,,a,b,Same iso2,x,c,d\n"
	"XXF,XF,906,member,002,015,,a,b,Bad \xC3\x28 UTF-8,x,c,d\n"
	"XXG,XG,907,king,002,155,,a,b,Bad status,x,c,d\n";

static void test_bad_rows_are_all_reported(void **state)
{
	(void)state;
	const struct refdata_file file = {"data/countries.csv", bad_countries, sizeof bad_countries - 1};
	struct buf errors;
	buf_init(&errors, 65536);
	struct refdata *rd = (struct refdata *)1;
	size_t n = 0;
	assert_int_equal(refdata_read(&file, 1, &rd, &errors, &n), -1);
	assert_null(rd);
	const char *e = buf_str(&errors);
	static const char *const expected[] = {
		"data/countries.csv:3: iso3: must be three capital letters A-Z\n",
		"data/countries.csv:4: region_m49: \"999\" is not a region in data/regions.csv\n",
		"data/countries.csv:5: name_fr: must not be empty\n",
		"data/countries.csv:6: row: 9 fields, the header has 13\n",
		"data/countries.csv:7: subregion_m49: \"155\" belongs to \"150\", not to \"002\"\n",
		"data/countries.csv:8: iso2: \"MA\" is already used on line 2\n",
		"data/countries.csv:9: name_en: is not valid UTF-8\n",
		"data/countries.csv:10: un_status: must be one of member | observer\n",
	};
	for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
		if (!strstr(e, expected[i]))
			fail_msg("missing \"%s\" in:\n%s", expected[i], e);
	/* Line 10's bad status drops the row before the checks across files,
	 * so its sub-region is not reported too. */
	assert_int_equal(n, 8);
	buf_release(&errors);
}

static void test_bad_file_writes_nothing(void **state)
{
	struct scratch *f = *state;
	const struct refdata_file file = {"data/countries.csv", bad_countries, sizeof bad_countries - 1};
	char err[4096] = "";
	assert_int_equal(refdata_load_files(f->db, &file, 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "data/countries.csv:3: iso3: "));
	/* Even the good files (regions, objectives …) were not written. */
	assert_int_equal(count(f->db, "SELECT count(*) FROM region"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM country"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM objective"), 0);

	/* And on a loaded database a bad load changes nothing. */
	load_ok(f->db);
	const char fixed[] =
		"iso3,iso2,numeric,un_status,region_m49,subregion_m49,intermediate_m49,"
		"name_ar,name_zh,name_en,name_fr,name_ru,name_es\n"
		"MAR,MA,504,member,002,015,,a,b,Changed,Maroc,c,d\n"
		"Ma,MB,505,member,002,015,,a,b,Bad code,x,c,d\n";
	const struct refdata_file bad2 = {"data/countries.csv", fixed, sizeof fixed - 1};
	assert_int_equal(refdata_load_files(f->db, &bad2, 1, err, sizeof err), -1);
	char *name = text1(f->db, "SELECT name_en FROM country WHERE iso3 = $1", "MAR");
	assert_string_equal(name, "Morocco");
	free(name);
	assert_int_equal(count(f->db, "SELECT count(*) FROM country"), 195);
}

static void test_error_message_is_truncated_by_lines(void **state)
{
	struct scratch *f = *state;
	const struct refdata_file file = {"data/countries.csv", bad_countries, sizeof bad_countries - 1};
	char err[150];
	memset(err, 'x', sizeof err);
	assert_int_equal(refdata_load_files(f->db, &file, 1, err, sizeof err), -1);
	assert_true(strlen(err) < sizeof err);
	assert_true(strncmp(err, "data/countries.csv:3: iso3: ", 28) == 0);
	assert_non_null(strstr(err, "more"));
	/* Whole lines only: the second line, if shown, is complete. */
	const char *nl = strchr(err, '\n');
	assert_non_null(nl);
	assert_true(strncmp(nl + 1, "data/countries.csv:", 19) == 0 || strncmp(nl + 1, "…", 3) == 0);

	char tiny[20];
	assert_int_equal(refdata_load_files(f->db, &file, 1, tiny, sizeof tiny), -1);
	assert_int_equal(strlen(tiny), sizeof tiny - 1);
	assert_true(strncmp(tiny, "data/countries.csv", 18) == 0);
}

/* Replaces the first `from` in an embedded file; the caller frees. */
static char *embedded_with(const char *name, const char *from, const char *to, size_t *len)
{
	const struct embed_file *e = embed_find(name);
	assert_non_null(e);
	const char *at = strstr(e->data, from);
	assert_non_null(at);
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	buf_append(&b, e->data, (size_t)(at - e->data));
	buf_puts(&b, to);
	buf_puts(&b, at + strlen(from));
	return buf_detach(&b, len);
}

static void test_other_files_are_checked(void **state)
{
	(void)state;
	size_t lp, lr;
	/* Objective 23 dropped (the file cut after row 22): the count is checked. */
	const struct embed_file *obj = embed_find("data/objectives.csv");
	assert_non_null(obj);
	const char *row23 = strstr(obj->data, "\n23,39,");
	assert_non_null(row23);
	/* A principle whose paragraph does not match its letter. */
	char *pri = embedded_with("data/principles.csv", ",15(c),", ",15(d),", &lp);
	/* A region under the wrong kind of parent. */
	char *reg = embedded_with("data/regions.csv", "015,subregion,002,", "015,subregion,001,", &lr);
	const struct refdata_file files[] = {
		{"data/objectives.csv", obj->data, (size_t)(row23 + 1 - obj->data)},
		{"data/principles.csv", pri, lp},
		{"data/regions.csv", reg, lr},
	};
	struct buf errors;
	buf_init(&errors, 65536);
	struct refdata *rd;
	size_t n;
	assert_int_equal(refdata_read(files, 3, &rd, &errors, &n), -1);
	const char *e = buf_str(&errors);
	assert_non_null(strstr(e, "data/objectives.csv:"));
	assert_non_null(strstr(e, ": rows: 22 rows, expected 23\n"));
	assert_non_null(strstr(e, ": paragraph: principle (c) is paragraph 15(c)\n"));
	assert_non_null(strstr(e, ": paragraph: \"15(d)\" is already used on line"));
	assert_non_null(strstr(e, ": parent_m49: \"001\" is a world, not a region\n"));
	/* Countries are not checked against a broken regions file. */
	assert_null(strstr(e, "data/countries.csv"));
	free(pri);
	free(reg);
	buf_release(&errors);
}

static void test_syntax_and_header_errors(void **state)
{
	(void)state;
	static const char objectives[] =
		"# comment\n"
		"number,paragraph,title_en,title_fr,short_en,short_fr,title_fr_verified\n"
		"1,17,\"unterminated,x,y,z,1\n";
	static const char principles[] =
		"letter,paragraph,title_en,title_fr,title_es,description_en,description_fr,colour\n";
	const struct refdata_file files[] = {
		{"data/objectives.csv", objectives, sizeof objectives - 1},
		{"data/principles.csv", principles, sizeof principles - 1},
	};
	struct buf errors;
	buf_init(&errors, 65536);
	struct refdata *rd;
	size_t n;
	assert_int_equal(refdata_read(files, 2, &rd, &errors, &n), -1);
	const char *e = buf_str(&errors);
	assert_non_null(strstr(e, "data/objectives.csv:3: csv: unterminated quoted field\n"));
	assert_non_null(strstr(e, "data/principles.csv:1: header: unknown column \"colour\"\n"));
	assert_non_null(strstr(e, "data/principles.csv:1: header: missing column \"slug\"\n"));
	assert_int_equal(n, 3);
	buf_release(&errors);
}

static void test_embedded_data_is_valid(void **state)
{
	(void)state;
	struct buf errors;
	buf_init(&errors, 65536);
	struct refdata *rd = NULL;
	size_t n = 99;
	int rc = refdata_read(NULL, 0, &rd, &errors, &n);
	if (rc)
		fail_msg("%s", buf_str(&errors));
	assert_int_equal(n, 0);
	assert_non_null(rd);
	refdata_free(rd);
	buf_release(&errors);
}

/* A test on a migrated database, without the reference data. */
#define T(fn) cmocka_unit_test_setup_teardown(fn, scratch_setup_migrated, scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_data_is_valid),
		T(test_load_twice_gives_same_counts),
		T(test_m49_hierarchy),
		T(test_observers_and_objectives),
		T(test_search_key),
		cmocka_unit_test(test_bad_rows_are_all_reported),
		T(test_bad_file_writes_nothing),
		T(test_error_message_is_truncated_by_lines),
		cmocka_unit_test(test_other_files_are_checked),
		cmocka_unit_test(test_syntax_and_header_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
