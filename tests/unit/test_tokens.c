/* test_tokens.c — tokens fit for scripts (tokens.h): the scope and the
 * expiry chosen at creation through the field table, the defaults, what
 * the lookup says of an expired token. On the shared fixture, so on both
 * backends. */
#include "unit.h"

#include <string.h>

#include "db.h"
#include "fixture.h"
#include "tokens.h"
#include "validate.h"

static enum outcome make(struct db *db, const struct user *u, json_t *input, json_t **errors,
                         char token[AUTH_TOKEN_LEN + 1], json_t **made)
{
	*errors = json_object();
	enum outcome o = tokens_make(db, u, input, *errors, token, made);
	json_decref(input);
	return o;
}

static void test_scope_and_expiry(void **state)
{
	struct fixture *f = *state;
	char token[AUTH_TOKEN_LEN + 1];
	json_t *errors, *made;
	assert_int_equal(make(f->db, &f->editor, json_pack("{s:s}", "label", "dash"), &errors,
	                      token, &made), OUTCOME_OK);
	json_decref(errors);
	assert_string_equal(json_string_value(json_object_get(made, "scope")), "read");
	struct user seen;
	assert_int_equal(tokens_lookup(f->db, token, &seen), OUTCOME_OK);
	assert_string_equal(seen.token_scope, "read");
	assert_string_equal(seen.token_expires_at,
	                    json_string_value(json_object_get(made, "expires_at")));
	/* 90 days later, to the millisecond: the same time of day. */
	assert_string_equal(seen.token_expires_at + 10,
	                    json_string_value(json_object_get(made, "created_at")) + 10);
	int64_t id = json_integer_value(json_object_get(made, "id"));
	json_decref(made);

	assert_int_equal(make(f->db, &f->editor, json_pack("{s:s, s:s}", "scope", "write",
	                                                   "expires_in_days", "3"),
	                      &errors, token, &made), OUTCOME_OK);
	json_decref(errors);
	json_decref(made);
	assert_int_equal(tokens_lookup(f->db, token, &seen), OUTCOME_OK);
	assert_string_equal(seen.token_scope, "write");

	/* Expired: the lookup says so, with the user and the date. */
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_exec(f->db, "UPDATE api_token SET expires_at = "
	                         "'2021-01-01T00:00:00.000Z' WHERE id = $1",
	                         DB_ARGS(DB_INT(id))), 1);
	assert_int_equal(db_commit(f->db), 0);
	json_t *list = tokens_list(f->db, &f->editor);
	assert_int_equal(json_array_size(list), 2);
	assert_true(json_is_true(json_object_get(json_array_get(list, 0), "expired")));
	assert_true(json_is_false(json_object_get(json_array_get(list, 1), "expired")));
	json_decref(list);
}

static void test_expired_lookup(void **state)
{
	struct fixture *f = *state;
	char token[AUTH_TOKEN_LEN + 1];
	json_t *errors, *made;
	assert_int_equal(make(f->db, &f->editor, json_object(), &errors, token, &made), OUTCOME_OK);
	json_decref(errors);
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_exec(f->db, "UPDATE api_token SET expires_at = "
	                         "'2021-01-01T00:00:00.000Z' WHERE id = $1",
	                         DB_ARGS(DB_INT(json_integer_value(json_object_get(made, "id"))))),
	                 1);
	assert_int_equal(db_commit(f->db), 0);
	json_decref(made);
	struct user seen;
	assert_int_equal(tokens_lookup(f->db, token, &seen), OUTCOME_DENIED);
	assert_string_equal(seen.token_expires_at, "2021-01-01T00:00:00.000Z");
	assert_int_equal(seen.id, f->editor.id);
}

static void test_refused(void **state)
{
	struct fixture *f = *state;
	char token[AUTH_TOKEN_LEN + 1];
	json_t *errors, *made;
	assert_int_equal(make(f->db, &f->editor, json_pack("{s:s, s:i}", "scope", "all",
	                                                   "expires_in_days", TOKEN_EXPIRY_MAX_DAYS + 1),
	                      &errors, token, &made), OUTCOME_INVALID);
	assert_null(made);
	assert_string_equal(token, "");
	assert_non_null(valid_error_id(errors, "scope"));
	assert_non_null(valid_error_id(errors, "expires_in_days"));
	json_decref(errors);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM api_token", NO_ARGS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scope_and_expiry, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_expired_lookup, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refused, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
