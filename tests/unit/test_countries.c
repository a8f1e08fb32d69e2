/* test_countries.c — countries, regions and the country search against a
 * real, freshly migrated and loaded database on the run's backend
 * (scratch.h). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "db.h"
#include "domain/countries.h"
#include "scratch.h"
#include "text.h"

static const char *str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	assert_non_null(s);
	return s;
}

/* The search's ISO3 codes joined by spaces, in the order returned
 * (caller frees). */
static char *search_codes(void **state, const char *locale, const char *q, const char *region)
{
	json_t *m = countries_search(scratch_db_of(state), locale, q, region);
	assert_non_null(m);
	json_t *list = json_object_get(m, "countries");
	assert_int_equal(json_integer_value(json_object_get(m, "count")), json_array_size(list));
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
		buf_printf(&b, "%s%s", i ? " " : "", str(c, "iso3"));
	json_decref(m);
	size_t len;
	char *s = buf_detach(&b, &len);
	return s ? s : calloc(1, 1);
}

static void assert_search(void **state, const char *locale, const char *q, const char *region,
                          const char *want)
{
	char *got = search_codes(state, locale, q, region);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "search q=\"%s\" region=%s: got \"%s\", want \"%s\"\n",
		        q ? q : "(null)", region ? region : "(null)", got, want);
	assert_string_equal(got, want);
	free(got);
}

/* ---- the list and its order -------------------------------------------------- */

static void test_all_countries(void **state)
{
	json_t *m = countries_search(scratch_db_of(state), "en", NULL, NULL);
	assert_non_null(m);
	json_t *list = json_object_get(m, "countries");
	assert_int_equal(json_array_size(list), 195);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 195);
	assert_string_equal(str(m, "q"), "");
	assert_true(json_is_null(json_object_get(m, "region")));
	size_t i, members = 0;
	json_t *c;
	json_array_foreach(list, i, c) {
		char url[32];
		snprintf(url, sizeof url, "/countries/%s", str(c, "iso3"));
		assert_string_equal(str(c, "url"), url);
		assert_int_equal(strlen(str(c, "iso2")), 2);
		assert_int_equal(strlen(str(c, "numeric")), 3);
		assert_int_equal(strlen(str(json_object_get(c, "region"), "m49")), 3);
		assert_int_equal(strlen(str(json_object_get(c, "subregion"), "m49")), 3);
		members += strcmp(str(c, "un_status"), "member") == 0;
	}
	assert_int_equal(members, 193);
	json_decref(m);
}

/* Sorted by the folded name in the locale: "Égypte" among the E's. */
static void test_sorted_by_folded_name(void **state)
{
	static const char *const locales[] = {"en", "fr", "ru"};
	for (size_t l = 0; l < sizeof locales / sizeof *locales; l++) {
		json_t *m = countries_search(scratch_db_of(state), locales[l], "", "");
		assert_non_null(m);
		struct buf prev, cur;
		buf_init(&prev, BUF_MAX_PAGE);
		buf_init(&cur, BUF_MAX_PAGE);
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(m, "countries"), i, c) {
			const char *name = str(c, "name");
			buf_reset(&cur);
			text_fold(name, strlen(name), &cur);
			if (i)
				assert_true(strcmp(buf_str(&prev), buf_str(&cur)) <= 0);
			buf_reset(&prev);
			buf_puts(&prev, buf_str(&cur));
		}
		buf_release(&prev);
		buf_release(&cur);
		json_decref(m);
	}
	char *fr = search_codes(state, "fr", "", NULL);
	char *egy = strstr(fr, "EGY");
	assert_non_null(egy);
	assert_true(egy < strstr(fr, "ZWE") && egy > strstr(fr, "DNK"));
	free(fr);
}

/* ---- search ---------------------------------------------------------------- */

static void test_search_diacritics_and_case(void **state)
{
	assert_search(state, "en", "cote d'ivoire", NULL, "CIV");
	assert_search(state, "en", "CÔTE", NULL, "CIV");
	assert_search(state, "en", "Côte d\u2019Ivoire", NULL, "CIV");   /* curly apostrophe */
	assert_search(state, "en", "  cote   d'ivoire ", NULL, "CIV");  /* spaces */
	assert_search(state, "fr", "ETATS-UNIS", NULL, "USA");
}

static void test_search_each_language(void **state)
{
	assert_search(state, "en", "Morocco", NULL, "MAR");
	assert_search(state, "en", "maroc", NULL, "MAR");
	assert_search(state, "en", "Marruecos", NULL, "MAR");
	assert_search(state, "en", "Марокко", NULL, "MAR");
	assert_search(state, "en", "марокко", NULL, "MAR");
	assert_search(state, "en", "المغرب", NULL, "MAR");
	assert_search(state, "en", "摩洛哥", NULL, "MAR");
}

/* LIKE's wildcards and its escape character are searched literally. */
static void test_search_wildcards_are_literal(void **state)
{
	assert_search(state, "en", "%", NULL, "");
	assert_search(state, "en", "_", NULL, "");
	assert_search(state, "en", "\\", NULL, "");
	assert_search(state, "en", "mor%co", NULL, "");
	assert_search(state, "en", "m_rocco", NULL, "");
	assert_search(state, "en", "'; DROP TABLE country; --", NULL, "");
	assert_search(state, "en", "Morocco", NULL, "MAR");   /* still there */
}

static void test_search_no_match_and_huge_query(void **state)
{
	assert_search(state, "en", "zzzzzz", NULL, "");
	char big[4 * COUNTRIES_MAX_QUERY];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_search(state, "en", big, NULL, "");
	/* whitespace only is no filter at all */
	char *all = search_codes(state, "en", "   ", NULL);
	assert_int_equal(strlen(all), 195 * 4 - 1);
	free(all);
}

/* ---- region filter ------------------------------------------------------------ */

static void test_region_filter(void **state)
{
	/* sub-region */
	assert_search(state, "en", NULL, "015", "DZA EGY LBY MAR SDN TUN");
	/* intermediate region, with a name search */
	assert_search(state, "en", "guinea", "011", "GIN GNB");
	/* no such region: nothing, not everything */
	assert_search(state, "en", NULL, "999", "");
	/* region */
	json_t *m = countries_search(scratch_db_of(state), "en", "", "002");
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 54);
	assert_string_equal(str(m, "region"), "002");
	json_decref(m);
}

static void test_region_options(void **state)
{
	json_t *m = countries_search(scratch_db_of(state), "fr", NULL, "015");
	assert_non_null(m);
	json_t *opts = json_object_get(m, "regions");
	size_t i, selected = 0;
	json_t *o, *africa = NULL, *north = NULL;
	json_array_foreach(opts, i, o) {
		assert_string_not_equal(str(o, "m49"), "001");   /* World is "all regions" */
		selected += json_is_true(json_object_get(o, "selected"));
		if (strcmp(str(o, "m49"), "002") == 0)
			africa = o;
		if (strcmp(str(o, "m49"), "015") == 0)
			north = o;
	}
	assert_int_equal(selected, 1);
	assert_non_null(africa);
	assert_non_null(north);
	assert_string_equal(str(africa, "name"), "Afrique");
	assert_int_equal(json_integer_value(json_object_get(africa, "depth")), 0);
	assert_int_equal(json_integer_value(json_object_get(north, "depth")), 1);
	assert_true(json_is_true(json_object_get(north, "selected")));
	/* depth-first: Africa's sub-regions follow it */
	assert_string_equal(str(json_array_get(opts, 0), "m49"), "002");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(opts, 1), "depth")), 1);
	json_decref(m);
}

/* ---- one country ------------------------------------------------------------- */

static void test_country_get(void **state)
{
	json_t *m = countries_get(scratch_db_of(state), "en", "mar");
	assert_non_null(m);
	json_t *c = json_object_get(m, "country");
	assert_string_equal(str(c, "iso3"), "MAR");
	assert_string_equal(str(c, "iso2"), "MA");
	assert_string_equal(str(c, "numeric"), "504");
	assert_string_equal(str(c, "un_status"), "member");
	assert_string_equal(str(c, "name"), "Morocco");
	assert_string_equal(str(c, "url"), "/countries/MAR");
	json_t *names = json_object_get(c, "names");
	assert_int_equal(json_object_size(names), 6);
	assert_string_equal(str(names, "fr"), "Maroc");
	assert_string_equal(str(names, "ru"), "Марокко");
	assert_string_equal(str(names, "ar"), "المغرب");
	assert_string_equal(str(json_object_get(c, "region"), "m49"), "002");
	assert_string_equal(str(json_object_get(c, "region"), "name"), "Africa");
	assert_string_equal(str(json_object_get(c, "region"), "url"), "/regions/002");
	assert_string_equal(str(json_object_get(c, "subregion"), "name"), "Northern Africa");
	assert_true(json_is_null(json_object_get(c, "intermediate")));
	json_decref(m);

	m = countries_get(scratch_db_of(state), "fr", "CIV");
	assert_non_null(m);
	c = json_object_get(m, "country");
	assert_string_equal(str(c, "name"), "Côte d'Ivoire");
	assert_string_equal(str(json_object_get(c, "intermediate"), "m49"), "011");
	assert_string_equal(str(json_object_get(c, "intermediate"), "name"), "Afrique de l'Ouest");
	json_decref(m);

	m = countries_get(scratch_db_of(state), "en", "VAT");
	assert_non_null(m);
	assert_string_equal(str(json_object_get(m, "country"), "un_status"), "observer");
	json_decref(m);
}

static void test_country_name_per_locale(void **state)
{
	static const struct {
		const char *locale, *name;
	} cases[] = {
		{"ar", "المغرب"}, {"zh", "摩洛哥"}, {"en", "Morocco"}, {"fr", "Maroc"},
		{"ru", "Марокко"}, {"es", "Marruecos"}, {"de", "Morocco"}, {NULL, "Morocco"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *m = countries_get(scratch_db_of(state), cases[i].locale, "MAR");
		assert_non_null(m);
		assert_string_equal(str(json_object_get(m, "country"), "name"), cases[i].name);
		json_decref(m);
	}
}

static void test_country_unknown(void **state)
{
	const char *bad[] = {"XXX", "MA", "MARR", "", "M4R", "MA%", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *m = countries_get(scratch_db_of(state), "en", bad[i]);
		assert_non_null(m);
		assert_true(json_is_null(m));
		json_decref(m);
	}
}

static void test_codes_valid(void **state)
{
	(void)state;
	assert_true(iso3_code_valid("MAR"));
	assert_true(iso3_code_valid("mar"));
	assert_false(iso3_code_valid("MA"));
	assert_false(iso3_code_valid("M4R"));
	assert_false(iso3_code_valid("\xc3\x89TA"));
	assert_false(iso3_code_valid(NULL));
	assert_true(m49_code_valid("002"));
	assert_false(m49_code_valid("2"));
	assert_false(m49_code_valid("0020"));
	assert_false(m49_code_valid("00a"));
	assert_false(m49_code_valid(""));
	assert_false(m49_code_valid(NULL));
}

static void test_figures(void **state)
{
	json_t *f = countries_figures(scratch_db_of(state));
	assert_non_null(f);
	assert_int_equal(json_integer_value(json_object_get(f, "member_states")), 193);
	assert_int_equal(json_integer_value(json_object_get(f, "observer_states")), 2);
	json_decref(f);
}

/* ---- regions --------------------------------------------------------------------- */

static bool has_m49(json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o)
		if (strcmp(str(o, key), value) == 0)
			return true;
	return false;
}

static void test_region_get(void **state)
{
	json_t *m = regions_get(scratch_db_of(state), "en", "002");
	assert_non_null(m);
	json_t *r = json_object_get(m, "region");
	assert_string_equal(str(r, "m49"), "002");
	assert_string_equal(str(r, "level"), "region");
	assert_string_equal(str(r, "name"), "Africa");
	assert_string_equal(str(r, "url"), "/regions/002");
	assert_string_equal(str(json_object_get(r, "parent"), "m49"), "001");
	json_t *children = json_object_get(m, "children");
	assert_int_equal(json_array_size(children), 2);
	assert_int_equal(json_integer_value(json_object_get(m, "child_count")), 2);
	assert_true(has_m49(children, "m49", "015"));
	assert_true(has_m49(children, "m49", "202"));
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 54);
	assert_true(has_m49(json_object_get(m, "countries"), "iso3", "MAR"));
	json_decref(m);

	m = regions_get(scratch_db_of(state), "fr", "015");
	assert_non_null(m);
	r = json_object_get(m, "region");
	assert_string_equal(str(r, "name"), "Afrique du Nord");
	assert_string_equal(str(json_object_get(r, "parent"), "name"), "Afrique");
	assert_int_equal(json_array_size(json_object_get(m, "children")), 0);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 6);
	json_decref(m);

	/* an intermediate region holds its countries too */
	m = regions_get(scratch_db_of(state), "en", "011");
	assert_non_null(m);
	assert_true(has_m49(json_object_get(m, "countries"), "iso3", "CIV"));
	json_decref(m);
}

static void test_region_world(void **state)
{
	json_t *m = regions_get(scratch_db_of(state), "en", "001");
	assert_non_null(m);
	json_t *r = json_object_get(m, "region");
	assert_string_equal(str(r, "level"), "world");
	assert_true(json_is_null(json_object_get(r, "parent")));
	assert_int_equal(json_array_size(json_object_get(m, "children")), 5);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 195);
	json_decref(m);
}

static void test_region_unknown(void **state)
{
	const char *bad[] = {"999", "02", "0002", "abc", "", NULL};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *m = regions_get(scratch_db_of(state), "en", bad[i]);
		assert_non_null(m);
		assert_true(json_is_null(m));
		json_decref(m);
	}
}

/* ---- a database without the tables: NULL, never a crash ----------------------- */

static void test_database_error(void **state)
{
	struct db *db = scratch_db_of(state);
	assert_null(countries_search(db, "en", "maroc", NULL));
	assert_null(countries_get(db, "en", "MAR"));
	assert_null(countries_figures(db));
	assert_null(regions_get(db, "en", "002"));
	assert_true(strlen(db_errmsg(db)) > 0);
}

/* A test on a database migrated and loaded with the reference data. */
#define T(fn) cmocka_unit_test_setup_teardown(fn, scratch_setup_loaded, scratch_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_all_countries),
		T(test_sorted_by_folded_name),
		T(test_search_diacritics_and_case),
		T(test_search_each_language),
		T(test_search_wildcards_are_literal),
		T(test_search_no_match_and_huge_query),
		T(test_region_filter),
		T(test_region_options),
		T(test_country_get),
		T(test_country_name_per_locale),
		T(test_country_unknown),
		cmocka_unit_test(test_codes_valid),
		T(test_figures),
		T(test_region_get),
		T(test_region_world),
		T(test_region_unknown),
		cmocka_unit_test_setup_teardown(test_database_error, scratch_setup_empty,
		                                scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
