/* test_router.c — route matching: literals, captures, methods. */
#include "unit.h"

#include "router.h"

static void h_a(struct request *req, struct page *page) {}
static void h_b(struct request *req, struct page *page) {}
static void h_c(struct request *req, struct page *page) {}

static const struct route table[] = {
	{HTTP_GET | HTTP_HEAD, "/", h_a, 0},
	{HTTP_GET, "/objectives/{n}", h_b, 0},
	{HTTP_POST, "/objectives/{n}/progress", h_c, 0},
	{HTTP_GET, "/regions/{m49}/countries/{iso3}", h_c, 0},
};

static enum route_result match(struct request *req, const char *path, enum http_method m,
                               const struct route **r, unsigned *allowed)
{
	req->path = path;
	req->method = m;
	req->nroute_params = 0;
	return router_match(table, sizeof table / sizeof *table, req, r, allowed);
}

static void test_router(void **state)
{
	struct request req = {0};
	arena_init(&req.arena);
	const struct route *r = NULL;
	unsigned allowed;

	assert_int_equal(match(&req, "/", HTTP_GET, &r, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r->handler, h_a);
	assert_int_equal(req.nroute_params, 0);

	assert_int_equal(match(&req, "/objectives/12", HTTP_GET, &r, &allowed), ROUTE_FOUND);
	assert_ptr_equal(r->handler, h_b);
	assert_string_equal(req_param(&req, 0), "12");
	assert_null(req_param(&req, 1));

	assert_int_equal(match(&req, "/regions/002/countries/MAR", HTTP_GET, &r, &allowed),
	                 ROUTE_FOUND);
	assert_string_equal(req_param(&req, 0), "002");
	assert_string_equal(req_param(&req, 1), "MAR");

	assert_int_equal(match(&req, "/objectives", HTTP_GET, &r, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(match(&req, "/objectives/1/extra", HTTP_GET, &r, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(match(&req, "/objectivesx/1", HTTP_GET, &r, &allowed), ROUTE_NOT_FOUND);
	assert_int_equal(match(&req, "/nope", HTTP_GET, &r, &allowed), ROUTE_NOT_FOUND);

	assert_int_equal(match(&req, "/objectives/3", HTTP_POST, &r, &allowed), ROUTE_BAD_METHOD);
	assert_int_equal(allowed, HTTP_GET);
	assert_int_equal(match(&req, "/objectives/3/progress", HTTP_POST, &r, &allowed), ROUTE_FOUND);
	assert_int_equal(match(&req, "/", HTTP_DELETE, &r, &allowed), ROUTE_BAD_METHOD);
	assert_int_equal(allowed, HTTP_GET | HTTP_HEAD);
	arena_release(&req.arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_router),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
