/* test_ui_api.c — the API's description (ui_api.h): every route that
 * answers under /api/v1 has its description in data/api/openapi.json, and
 * every description its route, so a route added without one fails `make
 * check` here; the document is OpenAPI 3.1 with each path's parameters
 * and credentials taken from the route table. */
#include "unit.h"

#include <string.h>

#include "routes.h"
#include "ui_api.h"

static void test_every_route_described(void **state)
{
	(void)state;
	json_t *missing = NULL;
	json_t *doc = ui_api_document(web_routes, web_routes_len, &missing);
	assert_non_null(doc);
	size_t i;
	json_t *m;
	json_array_foreach(missing, i, m)
		fprintf(stderr, "undescribed or stale: %s\n", json_string_value(m));
	assert_int_equal(json_array_size(missing), 0);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	assert_null(json_object_get(doc, "x-pacte-operations"));
	json_t *paths = json_object_get(doc, "paths");
	/* Parameters from the pattern, credentials from the flags. */
	json_t *get = json_object_get(json_object_get(paths, "/commitments/{id}"), "get");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(get, "parameters"), 0), "name")), "id");
	json_t *patch = json_object_get(json_object_get(paths, "/commitments/{id}"), "patch");
	assert_non_null(patch);
	assert_non_null(json_object_get(json_array_get(json_object_get(patch, "security"), 0),
	                                "bearerToken"));
	json_t *token = json_object_get(json_object_get(paths, "/account/tokens"), "post");
	assert_non_null(json_object_get(json_array_get(json_object_get(token, "security"), 0),
	                                "session"));
	assert_null(json_object_get(paths, "/static/{name}"));
	assert_null(json_object_get(paths, "/metrics"));
	json_decref(missing);
	json_decref(doc);
}

static void test_missing_named(void **state)
{
	(void)state;
	const struct route extra[] = {
		{HTTP_GET | HTTP_HEAD, "/nowhere", NULL, 0},
		{HTTP_GET, "/static/{name}", NULL, ROUTE_NO_API},
	};
	json_t *missing = NULL;
	json_t *doc = ui_api_document(extra, 2, &missing);
	assert_non_null(doc);
	/* The route without a description, then every description without
	 * its route (all of them here but none of NO_API). */
	assert_string_equal(json_string_value(json_array_get(missing, 0)), "GET /nowhere");
	assert_true(json_array_size(missing) > 10);
	json_decref(missing);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_described),
		cmocka_unit_test(test_missing_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
