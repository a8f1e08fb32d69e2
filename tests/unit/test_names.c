/* test_names.c — names in the reader's language (names.h): a small
 * data/names file loaded by names_load_text, then the models that show
 * objectives, principles and regions read in Spanish from it, in French
 * from the reference columns, and in English where the file has no name;
 * the file's format checked line by line. On the run's backend. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "domain/compact.h"
#include "names.h"
#include "scratch.h"

static const char fixture[] =
	"# a fixture in the format of data/names/LANG.csv\n"
	"kind,key,field,text\n"
	"objective,17,title,Eliminar todas las formas de discriminación\n"
	"objective,17,short,Eliminar la discriminación\n"
	"principle,people-centred,title,Centrado en las personas (es)\n"
	"principle,people-centred,description,Descripción\n"
	"region,002,name,África\n";

static void test_names_in_spanish(void **state)
{
	struct db *db = scratch_db_of(state);
	char err[256];
	assert_int_equal(names_load_text(db, "es", "data/names/es.csv", fixture, strlen(fixture), err,
	                                 sizeof(err)), 5);

	json_t *o = compact_objective(db, "es", 17);
	json_t *self = json_object_get(o, "objective");
	assert_string_equal(json_string_value(json_object_get(self, "title")),
	                    "Eliminar todas las formas de discriminación");
	assert_string_equal(json_string_value(json_object_get(self, "short_title")),
	                    "Eliminar la discriminación");
	/* No Spanish name for objective 18: English. */
	const char *next = json_string_value(json_object_get(json_object_get(o, "next"), "title"));
	assert_non_null(next);
	json_t *en = compact_objective(db, "en", 18);
	assert_string_equal(next, json_string_value(json_object_get(json_object_get(en, "objective"),
	                                                            "title")));
	json_decref(en);
	json_decref(o);

	/* French from the reference columns, whatever the table holds. */
	o = compact_objective(db, "fr", 17);
	assert_null(strstr(json_string_value(json_object_get(json_object_get(o, "objective"),
	                                                     "title")), "Eliminar"));
	json_decref(o);

	json_t *p = compact_principle(db, "es", "people-centred");
	assert_string_equal(json_string_value(json_object_get(json_object_get(p, "principle"),
	                                                      "title")),
	                    "Centrado en las personas (es)");
	assert_string_equal(json_string_value(json_object_get(json_object_get(p, "principle"),
	                                                      "description")), "Descripción");
	json_decref(p);

	/* The pattern itself, for a region. */
	json_t *rows = db_json_rows(db, "SELECT " REGION_NAME_IN("r", "$1") " AS name FROM region r "
	                            "WHERE r.m49 = '002'", DB_ARGS(DB_TEXT("es")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "name")),
	                    "África");
	json_decref(rows);
	rows = db_json_rows(db, "SELECT " REGION_NAME_IN("r", "$1") " AS name FROM region r "
	                    "WHERE r.m49 = '002'", DB_ARGS(DB_TEXT("ru")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0), "name")),
	                    "Africa");
	json_decref(rows);

	/* Loading again replaces the language's names. */
	const char *less = "kind,key,field,text\nregion,002,name,Africa (es)\n";
	assert_int_equal(names_load_text(db, "es", "data/names/es.csv", less, strlen(less), err,
	                                 sizeof(err)), 1);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM name_translation WHERE lang = 'es'",
	                                NO_ARGS), 1);
}

static void test_names_format_checked(void **state)
{
	struct db *db = scratch_db_of(state);
	char err[256];
	static const struct { const char *text, *want; } bad[] = {
		{"kind,key,text\nregion,002,África\n", "x.csv:1: the header must be kind,key,field,text"},
		{"kind,key,field,text\nregion,002,title,África\n",
		 "x.csv:2: \"title\" is not a field of the kind \"region\""},
		{"kind,key,field,text\ncountry,MAR,name,Marruecos\n", "x.csv:2: \"name\" is not a field"},
		{"kind,key,field,text\nregion,002,name,\n", "x.csv:2: every line needs"},
		{"kind,key,field,text\nregion,002,name,a\nregion,002,name,b\n", "x.csv:3: region 002 name "
		 "given twice"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(names_load_text(db, "es", "x.csv", bad[i].text, strlen(bad[i].text), err,
		                                 sizeof(err)), -1);
		if (!strstr(err, bad[i].want))
			fail_msg("%zu: %s", i, err);
	}
	assert_int_equal(names_load_text(db, "en", "x.csv", "kind,key,field,text\n", 20, err,
	                                 sizeof(err)), -1);
	assert_int_equal(scratch_scalar(db, "SELECT count(*) FROM name_translation", NO_ARGS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names_in_spanish, scratch_setup_loaded,
		                                scratch_teardown),
		cmocka_unit_test_setup_teardown(test_names_format_checked, scratch_setup_loaded,
		                                scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
