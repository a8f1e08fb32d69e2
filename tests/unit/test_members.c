/* test_members.c — an actor's members and invitations (members.h), the
 * administrators' list and role changes (users.h), and a person's data
 * (privacy.h), on the shared fixture: both backends. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "fixture.h"
#include "members.h"
#include "privacy.h"
#include "users.h"
#include "util.h"
#include "validate.h"

#define PASSWORD "correct horse battery"

/* users_search with filters given as JSON text; the count, and *ids the
 * number of rows of this page. */
static int64_t search(struct db *db, const char *filters, size_t *rows)
{
	json_t *f = json_loads(filters, 0, NULL);
	json_t *r = users_search(db, f);
	json_decref(f);
	assert_non_null(r);
	int64_t count = json_integer_value(json_object_get(r, "count"));
	*rows = json_array_size(json_object_get(r, "users"));
	json_decref(r);
	return count;
}

static void test_search(void **state)
{
	struct fixture *fx = *state;
	size_t rows;
	assert_int_equal(search(fx->db, "{\"q\": \"MAR.EX\"}", &rows), 1);
	assert_int_equal(search(fx->db, "{\"q\": \"%\"}", &rows), 0);
	assert_int_equal(search(fx->db, "{\"role\": \"editor\"}", &rows), 3);
	char f[64];
	snprintf(f, sizeof f, "{\"actor\": %lld}", (long long)fx->partner);
	assert_int_equal(search(fx->db, f, &rows), 3);      /* editor, op, reviewer */
	assert_int_equal(search(fx->db, "{\"state\": \"disabled\"}", &rows), 0);
	assert_int_equal(search(fx->db, "{\"state\": \"active\"}", &rows), 7);
	assert_int_equal(rows, 7);
	assert_int_equal(search(fx->db, "{\"page\": 2}", &rows), 7);
	assert_int_equal(rows, 0);
}

/* The token of the newest invitation mailed (the model the mail is
 * rendered from holds it in clear). */
static char *last_token(struct db *db)
{
	json_t *row = db_json_row(db, "SELECT model FROM mail WHERE template = 'invitation' "
	                          "ORDER BY id DESC LIMIT 1", NO_ARGS);
	assert_true(json_is_object(row));
	json_t *model = json_loads(json_string_value(json_object_get(row, "model")), 0, NULL);
	char *token = strdup(json_string_value(json_object_get(model, "token")));
	json_decref(model);
	json_decref(row);
	return token;
}

static void test_invite_accept_remove(void **state)
{
	struct fixture *fx = *state;
	json_t *errors = json_object();
	int64_t inv = 0, uid = 0;
	/* Only the actor's managers: not another state's focal point. */
	assert_int_equal(members_remove(fx->db, &fx->fp_sen, fx->mar, fx->fp_mar.id), OUTCOME_DENIED);
	/* The last focal point stays. */
	assert_int_equal(members_remove(fx->db, &fx->op, fx->mar, fx->fp_mar.id), OUTCOME_CONFLICT);
	assert_int_equal(members_invite(fx->db, &fx->fp_mar, fx->mar, "FP@sen.example",
	                                ROLE_FOCAL_POINT, errors, &inv), OUTCOME_OK);
	assert_true(inv > 0);
	char *token = last_token(fx->db);
	/* The address has an account: only that account, signed in, accepts. */
	assert_int_equal(members_accept(fx->db, token, NULL, NULL, NULL, "web", "192.0.2.1", errors,
	                                &uid), OUTCOME_DENIED);
	assert_int_equal(members_accept(fx->db, token, &fx->fp_sen, NULL, NULL, "web", "192.0.2.1",
	                                errors, &uid), OUTCOME_OK);
	assert_int_equal(uid, fx->fp_sen.id);
	assert_int_equal(members_accept(fx->db, token, &fx->fp_sen, NULL, NULL, "web", "192.0.2.1",
	                                errors, &uid), OUTCOME_NOT_FOUND);
	free(token);
	json_t *mine = members_of_user(fx->db, fx->fp_sen.id);
	assert_int_equal(json_array_size(mine), 2);
	json_decref(mine);
	/* One write for Morocco (the form's acting actor): a copy of fp_sen
	 * acting for it, the credential kept, the account itself unchanged. */
	struct user as, asker = fx->fp_sen;
	snprintf(asker.csrf_token, sizeof asker.csrf_token, "%s", "csrf-kept");
	asker.session_id = 7;
	assert_int_equal(members_acting_as(fx->db, &asker, fx->mar, &as), OUTCOME_OK);
	assert_int_equal(as.id, fx->fp_sen.id);
	assert_int_equal(as.actor_id, fx->mar);
	assert_int_equal(as.role, ROLE_FOCAL_POINT);
	assert_true(as.actor_is_state);
	assert_string_equal(as.actor_country, "MAR");
	assert_string_equal(as.csrf_token, "csrf-kept");
	assert_int_equal(as.session_id, 7);
	assert_int_equal(scalar(fx->db, "SELECT actor_id FROM account WHERE id = $1",
	                        DB_ARGS(DB_INT(fx->fp_sen.id))), fx->fp_sen.actor_id);
	/* Not a member: no such user. */
	assert_int_equal(members_acting_as(fx->db, &asker, fx->partner, &as), OUTCOME_NOT_FOUND);
	assert_int_equal(members_acting_as(fx->db, &asker, 0, &as), OUTCOME_NOT_FOUND);
	/* Two focal points now: the first may leave; with no actor left, the
	 * account is disabled. */
	assert_int_equal(members_remove(fx->db, &fx->fp_mar, fx->mar, fx->fp_mar.id), OUTCOME_OK);
	assert_int_equal(scalar(fx->db, "SELECT disabled FROM account WHERE id = $1",
	                        DB_ARGS(DB_INT(fx->fp_mar.id))), 1);
	assert_int_equal(members_remove(fx->db, &fx->op, fx->mar, fx->fp_mar.id), OUTCOME_NOT_FOUND);
	/* fp_sen acts for Morocco when they choose to. */
	assert_int_equal(members_act_for(fx->db, &fx->fp_sen, fx->mar), OUTCOME_OK);
	assert_int_equal(scalar(fx->db, "SELECT actor_id FROM account WHERE id = $1",
	                        DB_ARGS(DB_INT(fx->fp_sen.id))), fx->mar);
	assert_int_equal(members_act_for(fx->db, &fx->fp_sen, fx->partner), OUTCOME_NOT_FOUND);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM audit_log WHERE action IN "
	                        "('member.invite', 'member.join', 'member.remove', 'member.act_for')",
	                        NO_ARGS), 4);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM audit_log WHERE action = "
	                        "'denied:member.manage'", NO_ARGS), 1);
	json_decref(errors);
}

static void test_invite_refused(void **state)
{
	struct fixture *fx = *state;
	json_t *errors = json_object();
	int64_t inv;
	assert_int_equal(members_invite(fx->db, &fx->fp_mar, fx->mar, "fp@mar.example",
	                                ROLE_FOCAL_POINT, errors, &inv), OUTCOME_INVALID);
	assert_string_equal(valid_error_id(errors, "email"),
	                    "This person is already a member of this organisation.");
	json_object_clear(errors);
	assert_int_equal(members_invite(fx->db, &fx->fp_mar, fx->mar, "new@example.org",
	                                ROLE_EDITOR, errors, &inv), OUTCOME_INVALID);
	assert_non_null(valid_error_id(errors, "role"));
	json_object_clear(errors);
	assert_int_equal(members_invite(fx->db, &fx->fp_mar, fx->mar, "new@example.org",
	                                ROLE_ADMIN, errors, &inv), OUTCOME_INVALID);
	json_object_clear(errors);
	assert_int_equal(members_invite(fx->db, &fx->fp_mar, fx->mar, "a@b.org\r\nBcc: c@d.org",
	                                ROLE_FOCAL_POINT, errors, &inv), OUTCOME_INVALID);
	/* An editor of an actor still waiting for its accreditation may not. */
	assert_int_equal(members_invite(fx->db, &fx->pending_editor, fx->pending, "new@example.org",
	                                ROLE_EDITOR, errors, &inv), OUTCOME_DENIED);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM invitation", NO_ARGS), 0);
	json_decref(errors);
}

static void test_set_role(void **state)
{
	struct fixture *fx = *state;
	json_t *errors = json_object();
	assert_int_equal(users_set_role(fx->db, &fx->op, fx->editor.id, ROLE_FOCAL_POINT, errors),
	                 OUTCOME_INVALID);
	assert_int_equal(users_set_role(fx->db, &fx->op, fx->editor.id, ROLE_REVIEWER, errors),
	                 OUTCOME_OK);
	assert_int_equal(users_set_role(fx->db, &fx->op, fx->editor.id, ROLE_REVIEWER, errors),
	                 OUTCOME_CONFLICT);
	assert_int_equal(users_set_role(fx->db, &fx->fp_mar, fx->editor.id, ROLE_EDITOR, errors),
	                 OUTCOME_DENIED);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM membership WHERE user_id = $1 "
	                        "AND role = 'reviewer'", DB_ARGS(DB_INT(fx->editor.id))), 1);
	json_decref(errors);
}

/* Gives account id the password PASSWORD. */
static void set_password(struct db *db, int64_t id)
{
	char hash[AUTH_PASSWORD_HASH_MAX];
	assert_int_equal(auth_password_hash(PASSWORD, hash), 0);
	assert_int_equal(db_exec(db, "UPDATE account SET password_hash = $2 WHERE id = $1",
	                         DB_ARGS(DB_INT(id), DB_TEXT(hash))), 1);
}

static void test_privacy(void **state)
{
	struct fixture *fx = *state;
	json_t *data = privacy_export(fx->db, &fx->editor);
	assert_non_null(data);
	static const char *const sections[] = {PRIVACY_SECTIONS};
	assert_int_equal(json_object_size(data), ARRAY_LEN(sections));
	for (size_t i = 0; i < ARRAY_LEN(sections); i++)
		assert_non_null(json_object_get(data, sections[i]));
	char *text = json_dumps(data, 0);
	assert_null(strstr(text, "password"));
	free(text);
	json_decref(data);
	assert_int_equal(privacy_show_name(fx->db, &fx->editor, true), OUTCOME_OK);
	assert_int_equal(privacy_name_shown(fx->db, fx->editor.id), 1);
	json_t *errors = json_object();
	set_password(fx->db, fx->editor.id);
	set_password(fx->db, fx->editor2.id);
	assert_int_equal(privacy_delete(fx->db, &fx->editor, "not it", errors), OUTCOME_INVALID);
	/* The partner's only editor, with other members: hands over first. */
	assert_int_equal(privacy_delete(fx->db, &fx->editor, PASSWORD, errors), OUTCOME_CONFLICT);
	assert_int_equal(privacy_delete(fx->db, &fx->editor2, PASSWORD, errors), OUTCOME_OK);
	json_t *row = db_json_row(fx->db, "SELECT email, name, disabled, deleted_at, show_name "
	                          "FROM account WHERE id = $1", DB_ARGS(DB_INT(fx->editor2.id)));
	assert_true(strstr(json_string_value(json_object_get(row, "email")), "@deleted.invalid") != NULL);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "");
	assert_int_equal(json_integer_value(json_object_get(row, "disabled")), 1);
	assert_true(json_is_string(json_object_get(row, "deleted_at")));
	json_decref(row);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM membership WHERE user_id = $1",
	                        DB_ARGS(DB_INT(fx->editor2.id))), 0);
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)fx->editor2.id);
	assert_int_equal(scalar(fx->db, "SELECT count(*) FROM audit_log WHERE action = 'user.delete' "
	                        "AND object_id = $1 AND changes NOT LIKE '%sahel%'",
	                        DB_ARGS(DB_TEXT(oid))), 1);
	json_decref(errors);
}

#define FX(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)

int main(void)
{
	if (auth_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		FX(test_search), FX(test_invite_accept_remove), FX(test_invite_refused), FX(test_set_role),
		FX(test_privacy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
