/* test_users.c — accounts, sessions, API tokens, sign-in throttling and
 * actors (state sync, registration, accreditation decisions), against a
 * real database with the reference data loaded.
 *
 * Each test gets a fresh database: a temporary SQLite file, or, when
 * PACTE_TEST_DATABASE_URL names a PostgreSQL server whose user may create
 * databases, a database of its own there. Argon2id costs a tenth of a
 * second per hash on purpose, so the tests create few accounts. The pause
 * after the last failures is skipped by moving the failures back in time
 * (age_failures). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "actors.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "permission.h"
#include "recovery.h"
#include "refdata.h"
#include "scratch.h"
#include "sessions.h"
#include "throttle.h"
#include "tokens.h"
#include "users.h"
#include "validate.h"
#include "util.h"

#define PASSWORD "correct horse battery"

/* ---- A database per test ------------------------------------------------ */

struct fixture {
	struct scratch s;
	struct db *db;                  /* s.db */
	int64_t operator_actor;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[4096] = "";
	*state = f;
	if (!f || scratch_open(&f->s, false) < 0)
		return -1;
	f->db = f->s.db;
	if (db_migrate(f->db, NULL, err, sizeof err) < 0 ||
	    refdata_load(f->db, err, sizeof err) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	if (actors_sync_states(f->db) != 195 || (f->operator_actor = actors_ensure_operator(f->db)) <= 0) {
		fprintf(stderr, "setup: actors: %s\n", db_errmsg(f->db));
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f)
		scratch_close(&f->s);
	free(f);
	return 0;
}

static struct db *DB(void **state)
{
	return ((struct fixture *)*state)->db;
}

static int64_t OPERATORS(void **state)
{
	return ((struct fixture *)*state)->operator_actor;
}

/* ---- Helpers ---------------------------------------------------------------- */

static int64_t scalar(struct db *db, const char *sql, size_t nargs, const struct db_arg *args)
{
	int64_t v = -1;
	if (db_scalar_int(db, &v, -1, sql, nargs, args) < 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
	return v;
}

static int64_t count_action(struct db *db, const char *action)
{
	return scalar(db, "SELECT count(*) FROM audit_log WHERE action = $1",
	              DB_ARGS(DB_TEXT(action)));
}

static int64_t state_actor(struct db *db, const char *iso3)
{
	return scalar(db, "SELECT id FROM actor WHERE kind = 'state' AND country_iso3 = $1",
	              DB_ARGS(DB_TEXT(iso3)));
}

/* Adds an account as the operator and loads it. */
static struct user add_user(struct db *db, const char *email, enum role role, int64_t actor)
{
	json_t *errors = json_object();
	int64_t id = 0;
	enum outcome o = users_add(db, NULL, email, "Test User", role, actor, PASSWORD, errors, &id);
	if (o != OUTCOME_OK) {
		char *e = json_dumps(errors, 0);
		fail_msg("users_add %s: outcome %d %s %s", email, o, e, db_errmsg(db));
	}
	json_decref(errors);
	struct user u;
	assert_int_equal(principal_get(db, id, &u), OUTCOME_OK);
	u.channel = "web";
	u.client_addr = "192.0.2.1";
	return u;
}

static void sign_in(struct db *db, const char *email, const char *password,
                    char token[AUTH_TOKEN_LEN + 1])
{
	int retry = -1;
	enum signin_result r = sessions_sign_in(db, email, password, "web", "192.0.2.1", token,
	                                        &retry);
	if (r != SIGNIN_OK)
		fail_msg("sign in %s: %d %s", email, r, db_errmsg(db));
	assert_int_equal(retry, 0);
	assert_int_equal(strlen(token), AUTH_TOKEN_LEN);
}

static void exec_ok(struct db *db, const char *sql, size_t nargs, const struct db_arg *args)
{
	if (db_exec(db, sql, nargs, args) < 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
}

/* The message id recorded for field (validate.h's shape), or NULL. */
static const char *errmsg(json_t *errors, const char *field)
{
	return valid_error_id(errors, field);
}

static void chain_intact(struct db *db)
{
	int64_t bad = 0;
	char reason[128];
	if (audit_verify(db, &bad, reason, sizeof reason) != 0)
		fail_msg("audit chain broken at %lld: %s", (long long)bad, reason);
}

/* ---- Accounts -------------------------------------------------------------------- */

static void test_add_user(void **state)
{
	struct db *db = DB(state);
	int64_t mar = state_actor(db, "MAR");
	struct user fp = add_user(db, "Focal.Point@Gov.MA", ROLE_FOCAL_POINT, mar);
	assert_string_equal(fp.email, "focal.point@gov.ma");
	assert_string_equal(fp.name, "Test User");
	assert_int_equal(fp.role, ROLE_FOCAL_POINT);
	assert_int_equal(fp.actor_id, mar);
	assert_true(fp.actor_is_state);
	assert_string_equal(fp.actor_status, "accredited");
	assert_string_equal(fp.actor_country, "MAR");
	assert_false(fp.disabled);
	assert_int_equal(principal_find_email(db, "FOCAL.point@gov.ma"), fp.id);
	assert_int_equal(principal_find_email(db, "nobody@gov.ma"), 0);
	assert_int_equal(principal_find_email(db, "not an address"), 0);
	/* Read by email as by id: the principal the CLI and the web see. */
	struct user again;
	assert_int_equal(principal_get_email(db, "focal.POINT@gov.ma", &again), OUTCOME_OK);
	assert_int_equal(again.id, fp.id);
	assert_string_equal(again.actor_country, "MAR");
	assert_int_equal(principal_get_email(db, "nobody@gov.ma", &again), OUTCOME_NOT_FOUND);
	assert_int_equal(principal_get_email(db, "@", &again), OUTCOME_NOT_FOUND);
	assert_int_equal(principal_get(db, 999999, &again), OUTCOME_NOT_FOUND);
	struct principal_secret secret;
	assert_int_equal(principal_secret_email(db, "focal.point@gov.ma", &secret), OUTCOME_OK);
	assert_int_equal(secret.id, fp.id);
	assert_false(secret.disabled);
	assert_true(auth_password_verify(secret.password_hash, PASSWORD));
	assert_int_equal(principal_secret_id(db, fp.id, &secret), OUTCOME_OK);
	assert_true(auth_password_verify(secret.password_hash, PASSWORD));
	assert_int_equal(principal_secret_id(db, 999999, &secret), OUTCOME_NOT_FOUND);
	/* The password is stored only as Argon2id. */
	json_t *row = db_json_row(db, "SELECT password_hash FROM account WHERE id = $1",
	                          DB_ARGS(DB_INT(fp.id)));
	const char *h = json_string_value(json_object_get(row, "password_hash"));
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(auth_password_verify(h, PASSWORD));
	json_decref(row);

	/* Audited without the password. */
	json_t *log = db_json_row(db, "SELECT object_type, object_id, changes, channel "
	                          "FROM audit_log WHERE action = 'user.add'", NO_ARGS);
	assert_string_equal(json_string_value(json_object_get(log, "object_type")), "user");
	assert_string_equal(json_string_value(json_object_get(log, "channel")), "cli");
	const char *changes = json_string_value(json_object_get(log, "changes"));
	assert_non_null(strstr(changes, "focal.point@gov.ma"));
	assert_null(strstr(changes, PASSWORD));
	assert_null(strstr(changes, "argon2"));
	json_decref(log);

	json_t *list = users_list(db);
	assert_int_equal(json_array_size(list), 1);
	json_t *u0 = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(u0, "role")), "focal_point");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(u0, "actor"), "id")),
	                 mar);
	assert_true(json_is_false(json_object_get(u0, "disabled")));
	assert_null(json_object_get(u0, "password_hash"));
	json_decref(list);

	assert_false(users_have_admin(db));
	add_user(db, "root@example.org", ROLE_ADMIN, OPERATORS(state));
	assert_true(users_have_admin(db));
	chain_intact(db);
}

static void test_add_user_refused(void **state)
{
	struct db *db = DB(state);
	int64_t mar = state_actor(db, "MAR");
	struct user fp = add_user(db, "fp@gov.ma", ROLE_FOCAL_POINT, mar);
	struct {
		const char *email, *name, *password;
		enum role role;
		int64_t actor;
		const char *field;
	} cases[] = {
		/* Duplicate email, in any case. */
		{"FP@gov.ma", "Other", PASSWORD, ROLE_FOCAL_POINT, mar, "email"},
		/* The role must fit the actor. */
		{"ed@gov.ma", "Ed", PASSWORD, ROLE_EDITOR, mar, "role"},
		{"fp2@ngo.org", "Fp", PASSWORD, ROLE_FOCAL_POINT, OPERATORS(state), "role"},
		{"x@gov.ma", "X", PASSWORD, ROLE_EDITOR, 999999, "actor"},
		{"not an email", "X", PASSWORD, ROLE_EDITOR, OPERATORS(state), "email"},
		{"a@b@c", "X", PASSWORD, ROLE_EDITOR, OPERATORS(state), "email"},
		{"x@gov.ma", "", PASSWORD, ROLE_FOCAL_POINT, mar, "name"},
		{"x@gov.ma", "Line\nbreak", PASSWORD, ROLE_FOCAL_POINT, mar, "name"},
		{"x@gov.ma", "X", "short", ROLE_FOCAL_POINT, mar, "password"},
		{"x@gov.ma", "X", "neuf-car.", ROLE_FOCAL_POINT, mar, "password"},
		{"x@gov.ma", "X", "bad \xff utf-8 password", ROLE_FOCAL_POINT, mar, "password"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *errors = json_object();
		int64_t id = -7;
		enum outcome o = users_add(db, NULL, cases[i].email, cases[i].name, cases[i].role,
		                           cases[i].actor, cases[i].password, errors, &id);
		if (o != OUTCOME_INVALID || !errmsg(errors, cases[i].field))
			fail_msg("case %zu (%s): outcome %d, no error on %s", i, cases[i].email, o,
			         cases[i].field);
		assert_int_equal(id, -7);
		json_decref(errors);
	}
	/* Ten characters, counted as characters, not bytes, is enough. */
	json_t *errors = json_object();
	assert_int_equal(users_add(db, NULL, "x@gov.ma", "X", ROLE_FOCAL_POINT, mar,
	                           "éééééééééé", errors, NULL), OUTCOME_OK);
	json_decref(errors);
	assert_int_equal(scalar(db, "SELECT count(*) FROM account", NO_ARGS), 2);

	/* Only who may manage users may add them: a focal point may not, and
	 * the denial is in the trail. */
	errors = json_object();
	assert_int_equal(users_add(db, &fp, "y@gov.ma", "Y", ROLE_FOCAL_POINT, mar, PASSWORD,
	                           errors, NULL), OUTCOME_DENIED);
	json_decref(errors);
	assert_int_equal(count_action(db, "denied:user.manage"), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM account", NO_ARGS), 2);
	chain_intact(db);
}

static void test_disable_ends_sessions_and_tokens(void **state)
{
	struct db *db = DB(state);
	struct user u = add_user(db, "ed@ngo.org", ROLE_EDITOR, OPERATORS(state));
	char session[AUTH_TOKEN_LEN + 1], api[AUTH_TOKEN_LEN + 1];
	sign_in(db, "ed@ngo.org", PASSWORD, session);
	struct user seen;
	assert_int_equal(sessions_lookup(db, session, &seen), OUTCOME_OK);
	assert_int_equal(tokens_create(db, &seen, "script", api, NULL), OUTCOME_OK);
	assert_int_equal(tokens_lookup(db, api, &seen), OUTCOME_OK);

	/* An editor may not disable anyone, not even themself. */
	assert_int_equal(users_disable(db, &u, u.id), OUTCOME_DENIED);
	assert_int_equal(count_action(db, "denied:user.manage"), 1);

	struct user admin = add_user(db, "root@example.org", ROLE_ADMIN, OPERATORS(state));
	assert_int_equal(users_disable(db, &admin, u.id), OUTCOME_OK);
	assert_int_equal(users_disable(db, &admin, u.id), OUTCOME_CONFLICT);
	assert_int_equal(users_disable(db, NULL, 424242), OUTCOME_NOT_FOUND);

	assert_int_equal(sessions_lookup(db, session, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(tokens_lookup(db, api, &seen), OUTCOME_NOT_FOUND);
	int retry = 0;
	char again[AUTH_TOKEN_LEN + 1];
	assert_int_equal(sessions_sign_in(db, "ed@ngo.org", PASSWORD, "web", "192.0.2.1", again,
	                                  &retry), SIGNIN_DISABLED);
	assert_string_equal(again, "");
	/* A wrong password says nothing about the account being disabled. */
	assert_int_equal(sessions_sign_in(db, "ed@ngo.org", "wrong password", "web", "192.0.2.1",
	                                  again, &retry), SIGNIN_BAD_CREDENTIALS);
	assert_int_equal(principal_get(db, u.id, &seen), OUTCOME_OK);
	assert_true(seen.disabled);
	assert_false(can(&seen, ACTION_ACTOR_EDIT,
	                 &(struct object_ref){"actor", seen.actor_id, seen.actor_id}));

	json_t *log = db_json_row(db, "SELECT user_id, changes FROM audit_log "
	                          "WHERE action = 'user.disable'", NO_ARGS);
	assert_int_equal(json_integer_value(json_object_get(log, "user_id")), admin.id);
	json_t *changes = json_loads(json_string_value(json_object_get(log, "changes")), 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(changes,
	                 "sessions_ended"), "after")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(changes,
	                 "tokens_revoked"), "after")), 1);
	json_decref(changes);
	json_decref(log);
	chain_intact(db);
}

static void test_change_password(void **state)
{
	struct db *db = DB(state);
	add_user(db, "ed@ngo.org", ROLE_EDITOR, OPERATORS(state));
	char s1[AUTH_TOKEN_LEN + 1], s2[AUTH_TOKEN_LEN + 1];
	sign_in(db, "ed@ngo.org", PASSWORD, s1);
	sign_in(db, "ed@ngo.org", PASSWORD, s2);
	struct user u;
	assert_int_equal(sessions_lookup(db, s1, &u), OUTCOME_OK);

	json_t *errors = json_object();
	assert_int_equal(users_change_password(db, &u, "wrong password", "new password 123",
	                                       errors), OUTCOME_INVALID);
	assert_non_null(errmsg(errors, "current_password"));
	json_decref(errors);
	errors = json_object();
	assert_int_equal(users_change_password(db, &u, PASSWORD, "short", errors),
	                 OUTCOME_INVALID);
	assert_non_null(errmsg(errors, "new_password"));
	assert_null(errmsg(errors, "current_password"));
	json_decref(errors);
	assert_int_equal(users_change_password(db, NULL, PASSWORD, "new password 123", NULL),
	                 OUTCOME_DENIED);

	errors = json_object();
	assert_int_equal(users_change_password(db, &u, PASSWORD, "new password 123", errors),
	                 OUTCOME_OK);
	json_decref(errors);
	/* This session goes on, the other one is over. */
	struct user seen;
	assert_int_equal(sessions_lookup(db, s1, &seen), OUTCOME_OK);
	assert_int_equal(sessions_lookup(db, s2, &seen), OUTCOME_NOT_FOUND);
	int retry;
	char t[AUTH_TOKEN_LEN + 1];
	assert_int_equal(sessions_sign_in(db, "ed@ngo.org", PASSWORD, "web", "192.0.2.1", t,
	                                  &retry), SIGNIN_BAD_CREDENTIALS);
	sign_in(db, "ed@ngo.org", "new password 123", t);
	assert_int_equal(count_action(db, "user.change_password"), 1);
	json_t *log = db_json_row(db, "SELECT changes FROM audit_log "
	                          "WHERE action = 'user.change_password'", NO_ARGS);
	const char *c = json_string_value(json_object_get(log, "changes"));
	assert_null(strstr(c, "new password"));
	json_decref(log);
	chain_intact(db);
}

/* ---- Sessions ------------------------------------------------------------------- */

static void test_session_lookup(void **state)
{
	struct db *db = DB(state);
	struct user u = add_user(db, "ed@ngo.org", ROLE_EDITOR, OPERATORS(state));
	int64_t v0 = db_data_version(db);
	char token[AUTH_TOKEN_LEN + 1];
	sign_in(db, "ED@ngo.org", PASSWORD, token);
	/* Bookkeeping: the page cache is not flushed by a sign-in. */
	assert_int_equal(db_data_version(db), v0);

	struct user seen;
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_OK);
	assert_int_equal(seen.id, u.id);
	assert_string_equal(seen.email, "ed@ngo.org");
	assert_true(seen.session_id > 0);
	assert_int_equal(strlen(seen.csrf_token), AUTH_TOKEN_LEN);
	assert_string_not_equal(seen.csrf_token, token);

	/* Only the hash is stored. */
	char hash[AUTH_HASH_LEN + 1];
	auth_token_hash(token, hash);
	assert_int_equal(scalar(db, "SELECT count(*) FROM user_session WHERE token_hash = $1",
	                        DB_ARGS(DB_TEXT(hash))), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM user_session WHERE token_hash = $1",
	                        DB_ARGS(DB_TEXT(token))), 0);

	/* Forged, malformed or empty: signed out. */
	char forged[AUTH_TOKEN_LEN + 1];
	auth_token_new(forged);
	assert_int_equal(sessions_lookup(db, forged, &seen), OUTCOME_NOT_FOUND);
	memcpy(forged, token, sizeof forged);
	forged[5] = forged[5] == 'a' ? 'b' : 'a';
	assert_int_equal(sessions_lookup(db, forged, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(sessions_lookup(db, hash, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(sessions_lookup(db, "", &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(sessions_lookup(db, NULL, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(sessions_lookup(db, "'; DROP TABLE account; --aaaaaaaaaaaaaaaaaaa",
	                                 &seen), OUTCOME_NOT_FOUND);

	/* Signing in again makes a new session; the old one lives on until
	 * it ends or expires. */
	char second[AUTH_TOKEN_LEN + 1];
	sign_in(db, "ed@ngo.org", PASSWORD, second);
	assert_string_not_equal(token, second);
	struct user other;
	assert_int_equal(sessions_lookup(db, second, &other), OUTCOME_OK);
	assert_true(other.session_id != seen.session_id);
	assert_string_not_equal(other.csrf_token, seen.csrf_token);

	/* Sign out. */
	assert_int_equal(sessions_end(db, &seen), OUTCOME_OK);
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(sessions_end(db, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(sessions_lookup(db, second, &other), OUTCOME_OK);
	assert_int_equal(count_action(db, "session.sign_in"), 2);
	assert_int_equal(count_action(db, "session.sign_out"), 1);
	json_t *log = db_json_row(db, "SELECT user_id, client_addr, channel FROM audit_log "
	                          "WHERE action = 'session.sign_in'", NO_ARGS);
	assert_int_equal(json_integer_value(json_object_get(log, "user_id")), u.id);
	assert_string_equal(json_string_value(json_object_get(log, "client_addr")), "192.0.2.1");
	json_decref(log);
	assert_int_equal(db_data_version(db), v0);
	chain_intact(db);
}

static void test_session_expiry(void **state)
{
	struct db *db = DB(state);
	add_user(db, "ed@ngo.org", ROLE_EDITOR, OPERATORS(state));
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_LEN + 1];
	char t[AUDIT_TIME_LEN + 1], t2[AUDIT_TIME_LEN + 1];
	struct user seen;
	sign_in(db, "ed@ngo.org", PASSWORD, token);
	auth_token_hash(token, hash);

	/* Idle just short of the limit: alive, and its last use moves on. */
	audit_time(t, -(SESSION_IDLE_SECONDS - 30));
	exec_ok(db, "UPDATE user_session SET last_used_at = $1 WHERE token_hash = $2",
	        DB_ARGS(DB_TEXT(t), DB_TEXT(hash)));
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_OK);
	json_t *row = db_json_row(db, "SELECT last_used_at FROM user_session "
	                          "WHERE token_hash = $1", DB_ARGS(DB_TEXT(hash)));
	assert_true(strcmp(json_string_value(json_object_get(row, "last_used_at")), t) > 0);
	json_decref(row);

	/* Used 30 s ago: not written again (at most once a minute). */
	audit_time(t, -30);
	exec_ok(db, "UPDATE user_session SET last_used_at = $1 WHERE token_hash = $2",
	        DB_ARGS(DB_TEXT(t), DB_TEXT(hash)));
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_OK);
	row = db_json_row(db, "SELECT last_used_at FROM user_session WHERE token_hash = $1",
	                  DB_ARGS(DB_TEXT(hash)));
	assert_string_equal(json_string_value(json_object_get(row, "last_used_at")), t);
	json_decref(row);

	/* Idle too long. */
	audit_time(t, -(SESSION_IDLE_SECONDS + 5));
	exec_ok(db, "UPDATE user_session SET last_used_at = $1 WHERE token_hash = $2",
	        DB_ARGS(DB_TEXT(t), DB_TEXT(hash)));
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_NOT_FOUND);

	/* Used a minute ago, but signed in too long ago. The sign-in clears
	 * the account's dead sessions away: the idle one is gone. */
	char idle_hash[AUTH_HASH_LEN + 1];
	memcpy(idle_hash, hash, sizeof idle_hash);
	sign_in(db, "ed@ngo.org", PASSWORD, token);
	assert_int_equal(scalar(db, "SELECT count(*) FROM user_session WHERE token_hash = $1",
	                        DB_ARGS(DB_TEXT(idle_hash))), 0);
	auth_token_hash(token, hash);
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_OK);
	audit_time(t, -(SESSION_MAX_SECONDS + 5));
	audit_time(t2, -60);
	exec_ok(db, "UPDATE user_session SET created_at = $1, last_used_at = $2 "
	        "WHERE token_hash = $3", DB_ARGS(DB_TEXT(t), DB_TEXT(t2), DB_TEXT(hash)));
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_NOT_FOUND);
	sign_in(db, "ed@ngo.org", PASSWORD, token);
	assert_int_equal(scalar(db, "SELECT count(*) FROM user_session WHERE token_hash = $1",
	                        DB_ARGS(DB_TEXT(hash))), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM user_session", NO_ARGS), 1);
	/* A session ended by signing out is as dead. */
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_OK);
	assert_int_equal(sessions_end(db, &seen), OUTCOME_OK);
	assert_int_equal(sessions_lookup(db, token, &seen), OUTCOME_NOT_FOUND);
}

/* ---- Throttling ------------------------------------------------------------------ */

/* Moves every failure of the last few seconds back, past the longest
 * pause: the next attempt may come (the window still holds them). */
static void age_failures(struct db *db)
{
	char t[AUDIT_TIME_LEN + 1];
	audit_time(t, -(SIGNIN_MAX_DELAY_MS / 1000 + 1));
	exec_ok(db, "UPDATE signin_failure SET at = $1 WHERE at > $1", DB_ARGS(DB_TEXT(t)));
}

static enum signin_result attempt(struct db *db, const char *email, const char *password,
                                  const char *addr, int *retry)
{
	char token[AUTH_TOKEN_LEN + 1];
	return sessions_sign_in(db, email, password, "web", addr, token, retry);
}

/* A stolen session cannot guess its account's password through the
 * password change: wrong current passwords count as failed sign-ins, past
 * a few the next must wait a moment, and past the limit the check is
 * refused, even with the right password. */
static void test_change_password_throttled(void **state)
{
	struct db *db = DB(state);
	add_user(db, "ed@ngo.org", ROLE_EDITOR, OPERATORS(state));
	char s1[AUTH_TOKEN_LEN + 1];
	sign_in(db, "ed@ngo.org", PASSWORD, s1);
	struct user u;
	assert_int_equal(sessions_lookup(db, s1, &u), OUTCOME_OK);
	u.client_addr = "192.0.2.7";
	for (int i = 1; i <= SIGNIN_REFUSE_AT; i++) {
		json_t *errors = json_object();
		if (i > SIGNIN_SLOW_AFTER) {
			assert_int_equal(users_change_password(db, &u, "wrong password",
			                                       "new password 123", errors),
			                 OUTCOME_INVALID);
			assert_string_equal(errmsg(errors, "current_password"),
			                    "Too many wrong passwords: wait a few seconds, then try again.");
			json_decref(errors);
			errors = json_object();
			age_failures(db);
		}
		assert_int_equal(users_change_password(db, &u, "wrong password", "new password 123",
		                                       errors), OUTCOME_INVALID);
		assert_string_equal(errmsg(errors, "current_password"),
		                    "The current password is not right.");
		json_decref(errors);
	}
	assert_int_equal(count_action(db, "user.password_change_failed"), SIGNIN_REFUSE_AT);
	json_t *errors = json_object();
	assert_int_equal(users_change_password(db, &u, PASSWORD, "new password 123", errors),
	                 OUTCOME_INVALID);
	assert_string_equal(errmsg(errors, "current_password"),
	                    "Too many wrong passwords: try again in a few minutes.");
	json_decref(errors);
	/* The sign-in form of the account is held back too. */
	int retry = 0;
	char t[AUTH_TOKEN_LEN + 1];
	assert_int_equal(sessions_sign_in(db, "ed@ngo.org", PASSWORD, "web", "198.51.100.2", t,
	                                  &retry), SIGNIN_THROTTLED);
	assert_true(retry > 0);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_throttling(void **state)
{
	struct db *db = DB(state);
	add_user(db, "ed@ngo.org", ROLE_EDITOR, OPERATORS(state));
	int retry = -1, waits[SIGNIN_REFUSE_AT] = {0};

	/* Five failures: no pause. The sixth to the tenth: each must come a
	 * pause after the last failure, longer each time, never longer than
	 * the cap. One that comes sooner is answered at once with how long to
	 * wait (issue 11, finding 7: the pause used to be slept in the
	 * server), and is written nowhere: it tested no password. */
	for (int i = 1; i <= SIGNIN_REFUSE_AT; i++) {
		if (i > SIGNIN_SLOW_AFTER) {
			int64_t entries = scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS);
			double t0 = now_ms();
			assert_int_equal(attempt(db, "ed@ngo.org", PASSWORD, "192.0.2.9", &retry),
			                 SIGNIN_WAIT);
			assert_true(now_ms() - t0 < SIGNIN_MAX_DELAY_MS / 4);
			assert_true(retry >= 1 && retry <= (SIGNIN_MAX_DELAY_MS + 999) / 1000);
			waits[i - 1] = retry;
			assert_int_equal(scalar(db, "SELECT count(*) FROM signin_failure", NO_ARGS), i - 1);
			assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS), entries);
			age_failures(db);
		}
		assert_int_equal(attempt(db, "ed@ngo.org", "wrong password", "192.0.2.9", &retry),
		                 SIGNIN_BAD_CREDENTIALS);
		assert_int_equal(retry, 0);
	}
	for (int i = SIGNIN_SLOW_AFTER + 1; i < SIGNIN_REFUSE_AT; i++)
		assert_true(waits[i] >= waits[i - 1]);
	assert_true(waits[SIGNIN_REFUSE_AT - 1] > waits[SIGNIN_SLOW_AFTER]);

	/* The eleventh: refused for a while, even with the right password,
	 * and from another address too. */
	assert_int_equal(attempt(db, "ed@ngo.org", PASSWORD, "192.0.2.9", &retry),
	                 SIGNIN_THROTTLED);
	assert_true(retry > 0 && retry <= SIGNIN_WINDOW_SECONDS);
	assert_int_equal(attempt(db, "ED@ngo.org", PASSWORD, "198.51.100.1", &retry),
	                 SIGNIN_THROTTLED);
	/* Refusals are not counted as failures: they tested no password.
	 * They are counted as refusals; the first is audited, not the next. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM signin_failure", NO_ARGS), 10);
	assert_int_equal(count_action(db, "session.sign_in_failed"), 10);
	assert_int_equal(count_action(db, "session.sign_in_throttled"), 1);
	assert_int_equal(scalar(db, "SELECT refusals FROM signin_refusal WHERE scope = 'email' "
	                        "AND subject = 'ed@ngo.org'", NO_ARGS), 2);

	/* Once the failures age out of the window, a success clears the
	 * account's counter: the next failure is not slowed. */
	char old[AUDIT_TIME_LEN + 1];
	audit_time(old, -(SIGNIN_WINDOW_SECONDS - 60));
	exec_ok(db, "UPDATE signin_failure SET at = $1 WHERE id IN "
	        "(SELECT id FROM signin_failure ORDER BY id LIMIT 1)", DB_ARGS(DB_TEXT(old)));
	audit_time(old, -(SIGNIN_WINDOW_SECONDS + 1));
	exec_ok(db, "UPDATE signin_failure SET at = $1 WHERE id IN "
	        "(SELECT id FROM signin_failure ORDER BY id LIMIT 2)", DB_ARGS(DB_TEXT(old)));
	/* 8 failures in the window, the last a while ago: not refused. */
	age_failures(db);
	assert_int_equal(attempt(db, "ed@ngo.org", PASSWORD, "192.0.2.9", &retry), SIGNIN_OK);
	assert_int_equal(scalar(db, "SELECT count(*) FROM signin_failure "
	                        "WHERE email = 'ed@ngo.org'", NO_ARGS), 0);
	assert_int_equal(attempt(db, "ed@ngo.org", "wrong password", "192.0.2.9", &retry),
	                 SIGNIN_BAD_CREDENTIALS);
	assert_int_equal(attempt(db, "ed@ngo.org", "wrong password", "192.0.2.9", &retry),
	                 SIGNIN_BAD_CREDENTIALS);
	chain_intact(db);
}

static void test_throttling_unknown_and_by_address(void **state)
{
	struct db *db = DB(state);
	int retry = -1;

	/* An email nobody has is counted like one somebody has. */
	char t[AUDIT_TIME_LEN + 1];
	audit_time(t, -10);
	for (int i = 0; i < SIGNIN_REFUSE_AT; i++)
		exec_ok(db, "INSERT INTO signin_failure (email, client_addr, at) "
		        "VALUES ('ghost@nowhere.org', $1, $2)",
		        DB_ARGS(DB_TEXT(i % 2 ? "203.0.113.1" : "203.0.113.2"), DB_TEXT(t)));
	assert_int_equal(attempt(db, "ghost@nowhere.org", "whatever it is", "203.0.113.3", &retry),
	                 SIGNIN_THROTTLED);
	assert_true(retry > SIGNIN_WINDOW_SECONDS - 30);

	/* One address trying many accounts: made to wait past its own limit,
	 * then refused for every account. */
	for (int i = 0; i < SIGNIN_ADDR_SLOW_AFTER; i++)
		exec_ok(db, "INSERT INTO signin_failure (email, client_addr, at) "
		        "VALUES ($1, '198.51.100.7', $2)",
		        DB_ARGS(DB_TEXT(i % 2 ? "a@x.org" : "b@x.org"), DB_TEXT(t)));
	/* The last failure was 10 s ago: past the pause. This one fails… */
	assert_int_equal(attempt(db, "c@x.org", "whatever it is", "198.51.100.7", &retry),
	                 SIGNIN_BAD_CREDENTIALS);
	/* …and the next, for another email, comes too soon after it. */
	assert_int_equal(attempt(db, "f@x.org", "whatever it is", "198.51.100.7", &retry),
	                 SIGNIN_WAIT);
	assert_true(retry >= 1);
	for (int i = SIGNIN_ADDR_SLOW_AFTER + 1; i < SIGNIN_ADDR_REFUSE_AT; i++)
		exec_ok(db, "INSERT INTO signin_failure (email, client_addr, at) "
		        "VALUES ('d@x.org', '198.51.100.7', $1)", DB_ARGS(DB_TEXT(t)));
	assert_int_equal(attempt(db, "e@x.org", "whatever it is", "198.51.100.7", &retry),
	                 SIGNIN_THROTTLED);
	/* Another address is not concerned. */
	assert_int_equal(attempt(db, "e@x.org", "whatever it is", "198.51.100.8", &retry),
	                 SIGNIN_BAD_CREDENTIALS);
	/* Not even an address: counted under "" and refused alike. */
	assert_int_equal(attempt(db, "not an email", "x", "198.51.100.8", &retry),
	                 SIGNIN_BAD_CREDENTIALS);
}

/* Issue 11, finding 2: each refused sign-in wrote an audit entry in a
 * write transaction of its own, with an email the requester chose. Now a
 * refusal is counted per email and per address and per period, and only
 * the first of a period is audited, once per limit that refused. */
static void test_refusals_counted_not_audited(void **state)
{
	struct db *db = DB(state);
	char t[AUDIT_TIME_LEN + 1];
	audit_time(t, -10);
	for (int i = 0; i < SIGNIN_REFUSE_AT; i++)
		exec_ok(db, "INSERT INTO signin_failure (email, client_addr, at) "
		        "VALUES ('victim@ngo.org', '203.0.113.9', $1)", DB_ARGS(DB_TEXT(t)));
	int64_t entries = scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS);
	int retry = 0;
	for (int i = 0; i < 200; i++) {
		char who[32];
		snprintf(who, sizeof who, "198.51.100.%d", i % 50);
		assert_int_equal(attempt(db, "victim@ngo.org", PASSWORD, who, &retry),
		                 SIGNIN_THROTTLED);
		assert_true(retry > 0);
	}
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS), entries + 1);
	assert_int_equal(scalar(db, "SELECT refusals FROM signin_refusal WHERE scope = 'email' "
	                        "AND subject = 'victim@ngo.org'", NO_ARGS), 200);
	json_t *e = db_json_row(db, "SELECT action, client_addr, changes FROM audit_log "
	                        "ORDER BY id DESC LIMIT 1", NO_ARGS);
	assert_string_equal(json_string_value(json_object_get(e, "action")),
	                    "session.sign_in_throttled");
	assert_string_equal(json_string_value(json_object_get(e, "client_addr")), "198.51.100.0");
	assert_non_null(strstr(json_string_value(json_object_get(e, "changes")), "\"email\""));
	json_decref(e);

	/* An address past its own limit: refused for any email, counted under
	 * the address (one more entry), and each email refused there is not
	 * an entry. */
	for (int i = 0; i < SIGNIN_ADDR_REFUSE_AT; i++)
		exec_ok(db, "INSERT INTO signin_failure (email, client_addr, at) "
		        "VALUES ('', '192.0.2.66', $1)", DB_ARGS(DB_TEXT(t)));
	entries = scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS);
	for (int i = 0; i < 50; i++) {
		char email[32];
		snprintf(email, sizeof email, "spray%d@ngo.org", i);
		assert_int_equal(attempt(db, email, "whatever it is", "192.0.2.66", &retry),
		                 SIGNIN_THROTTLED);
	}
	/* The email limit and the address limit both refuse this one. */
	assert_int_equal(attempt(db, "victim@ngo.org", "x", "192.0.2.66", &retry),
	                 SIGNIN_THROTTLED);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS), entries + 1);
	assert_int_equal(scalar(db, "SELECT refusals FROM signin_refusal WHERE scope = 'address' "
	                        "AND subject = '192.0.2.66'", NO_ARGS), 51);
	assert_int_equal(scalar(db, "SELECT count(*) FROM signin_refusal", NO_ARGS), 2);

	/* A new period: the door shuts again, audited again; a day's old
	 * periods are forgotten then. */
	exec_ok(db, "UPDATE signin_refusal SET period = period - 1000", NO_ARGS);
	assert_int_equal(attempt(db, "victim@ngo.org", PASSWORD, "192.0.2.66", &retry),
	                 SIGNIN_THROTTLED);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS), entries + 3);
	assert_int_equal(scalar(db, "SELECT count(*) FROM signin_refusal", NO_ARGS), 2);
	assert_int_equal(scalar(db, "SELECT sum(refusals) FROM signin_refusal", NO_ARGS), 2);
	chain_intact(db);
}

/* No account enumeration: the same answer, in about the same time. Timing
 * on a shared machine is noisy (a 3x gap was once seen under a load of 25
 * on 2 cores), so the pair is timed up to three times, each with its own
 * account and address (no throttle in the way): a missing burn (an unknown
 * address answered at once) is far outside the bounds every time. */
static void test_unknown_email_like_wrong_password(void **state)
{
	struct db *db = DB(state);
	int retry;
	attempt(db, "warm@up.org", "warm up password", "192.0.2.5", &retry);
	double a = 0, b = 0;
	for (int i = 0; i < 3; i++) {
		char known[64], unknown_email[64], addr[32];
		snprintf(known, sizeof known, "ed%d@ngo.org", i);
		snprintf(unknown_email, sizeof unknown_email, "nobody%d@ngo.org", i);
		snprintf(addr, sizeof addr, "192.0.2.%d", 10 + i);
		add_user(db, known, ROLE_EDITOR, OPERATORS(state));
		double t0 = now_ms();
		enum signin_result wrong = attempt(db, known, "wrong password", addr, &retry);
		double t1 = now_ms();
		enum signin_result unknown = attempt(db, unknown_email, "wrong password", addr, &retry);
		double t2 = now_ms();
		assert_int_equal(wrong, SIGNIN_BAD_CREDENTIALS);
		assert_int_equal(unknown, SIGNIN_BAD_CREDENTIALS);
		a = t1 - t0;
		b = t2 - t1;
		if (b >= a / 3 && b <= a * 3)
			return;
		fprintf(stderr, "try %d: wrong password %.1f ms, unknown email %.1f ms\n", i + 1, a, b);
	}
	fail_msg("wrong password %.1f ms, unknown email %.1f ms", a, b);
}

/* ---- API tokens --------------------------------------------------------------------- */

static void test_tokens(void **state)
{
	struct db *db = DB(state);
	struct user u = add_user(db, "ed@ngo.org", ROLE_EDITOR, OPERATORS(state));
	struct user v = add_user(db, "other@ngo.org", ROLE_EDITOR, OPERATORS(state));
	char t1[AUTH_TOKEN_LEN + 1], t2[AUTH_TOKEN_LEN + 1];
	int64_t id1 = 0, id2 = 0;
	assert_int_equal(tokens_create(db, &u, "publishing script", t1, &id1), OUTCOME_OK);
	assert_int_equal(tokens_create(db, &u, "", t2, &id2), OUTCOME_OK);
	assert_int_equal(strlen(t1), AUTH_TOKEN_LEN);
	assert_string_not_equal(t1, t2);
	assert_true(id1 > 0 && id2 > id1);

	json_t *list = tokens_list(db, &u);
	assert_int_equal(json_array_size(list), 2);
	json_t *first = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(first, "label")), "publishing script");
	assert_non_null(json_object_get(first, "created_at"));
	/* Never the token, nor its hash. */
	char *dump = json_dumps(list, 0);
	char hash[AUTH_HASH_LEN + 1];
	auth_token_hash(t1, hash);
	assert_null(strstr(dump, t1));
	assert_null(strstr(dump, hash));
	free(dump);
	json_decref(list);
	list = tokens_list(db, &v);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);

	struct user seen;
	assert_int_equal(tokens_lookup(db, t1, &seen), OUTCOME_OK);
	assert_int_equal(seen.id, u.id);
	assert_int_equal(seen.session_id, 0);
	assert_string_equal(seen.csrf_token, "");
	/* A session cookie is not an API token, nor the other way round. */
	assert_int_equal(sessions_lookup(db, t1, &seen), OUTCOME_NOT_FOUND);
	char forged[AUTH_TOKEN_LEN + 1];
	auth_token_new(forged);
	assert_int_equal(tokens_lookup(db, forged, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(tokens_lookup(db, "short", &seen), OUTCOME_NOT_FOUND);

	/* Another user cannot revoke my token: it does not exist for them. */
	assert_int_equal(tokens_revoke(db, &v, id1), OUTCOME_NOT_FOUND);
	assert_int_equal(tokens_lookup(db, t1, &seen), OUTCOME_OK);
	assert_int_equal(tokens_revoke(db, &u, id1), OUTCOME_OK);
	assert_int_equal(tokens_lookup(db, t1, &seen), OUTCOME_NOT_FOUND);
	assert_int_equal(tokens_revoke(db, &u, id1), OUTCOME_NOT_FOUND);
	assert_int_equal(tokens_lookup(db, t2, &seen), OUTCOME_OK);
	list = tokens_list(db, &u);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);

	/* Bad labels, anonymous callers, too many tokens. */
	char label[TOKEN_LABEL_MAX_CHARS + 2];
	memset(label, 'x', sizeof label - 1);
	label[sizeof label - 1] = '\0';
	assert_int_equal(tokens_create(db, &u, label, t1, NULL), OUTCOME_INVALID);
	assert_string_equal(t1, "");
	assert_int_equal(tokens_create(db, &u, "tab\there", t1, NULL), OUTCOME_INVALID);
	assert_int_equal(tokens_create(db, &u, "\xc3(", t1, NULL), OUTCOME_INVALID);
	assert_int_equal(tokens_create(db, NULL, "x", t1, NULL), OUTCOME_DENIED);
	assert_int_equal(tokens_revoke(db, NULL, id2), OUTCOME_DENIED);
	for (int i = 1; i < TOKENS_PER_USER_MAX; i++)
		assert_int_equal(tokens_create(db, &u, "more", t1, NULL), OUTCOME_OK);
	assert_int_equal(tokens_create(db, &u, "one too many", t1, NULL), OUTCOME_CONFLICT);

	assert_int_equal(count_action(db, "token.create"), 1 + TOKENS_PER_USER_MAX);
	assert_int_equal(count_action(db, "token.revoke"), 1);
	chain_intact(db);
}

/* ---- Actors ------------------------------------------------------------------------- */

static json_t *find_actor(json_t *model, int64_t id)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(model, "actors"), i, a)
		if (json_integer_value(json_object_get(a, "id")) == id)
			return a;
	return NULL;
}

static void test_states(void **state)
{
	struct db *db = DB(state);
	/* Setup made them; again changes nothing. */
	assert_int_equal(actors_sync_states(db), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM actor WHERE kind = 'state' "
	                        "AND status = 'accredited'", NO_ARGS), 195);
	assert_int_equal(count_action(db, "actor.create"), 196);   /* and the operators */
	assert_int_equal(actors_ensure_operator(db), OPERATORS(state));

	json_t *m = actors_list(db, "en", NULL, "state", NULL, NULL, NULL, NULL);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 195);
	json_decref(m);
	/* Search in any UN language, case and accents folded. */
	int64_t mar = state_actor(db, "MAR"), civ = state_actor(db, "CIV");
	static const char *const queries[] = {"maroc", "MOROCCO", "Marruecos", "Марокко"};
	for (size_t i = 0; i < 4; i++) {
		m = actors_list(db, "fr", NULL, NULL, NULL, NULL, NULL, queries[i]);
		if (!find_actor(m, mar))
			fail_msg("'%s' does not find Morocco", queries[i]);
		json_decref(m);
	}
	m = actors_list(db, "en", NULL, NULL, NULL, NULL, NULL, "cote d'ivoire");
	assert_non_null(find_actor(m, civ));
	json_decref(m);
	m = actors_list(db, "en", NULL, NULL, NULL, NULL, NULL, "100%_\\");
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 0);
	json_decref(m);
	m = actors_list(db, "en", NULL, NULL, NULL, NULL, "mar", NULL);
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 1);
	json_decref(m);

	/* A state's page: its name in the reader's language. */
	m = actors_get(db, "fr", mar, NULL);
	json_t *a = json_object_get(m, "actor");
	assert_string_equal(json_string_value(json_object_get(a, "name")), "Maroc");
	assert_string_equal(json_string_value(json_object_get(a, "kind")), "state");
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "country"),
	                                                      "iso3")), "MAR");
	assert_int_equal(json_integer_value(json_object_get(a, "users")), 0);
	assert_true(json_is_null(json_object_get(a, "type")));
	json_decref(m);
	m = actors_get(db, "en", 999999, NULL);
	assert_true(json_is_null(m));
	json_decref(m);
}

static void test_partner_types(void **state)
{
	(void)state;
	static const char *const codes[] = {
		"migrants_organisation", "diaspora_organisation", "local_government", "civil_society",
		"academia", "private_sector", "parliament", "trade_union", "nhri", "media",
		"un_entity", "intergovernmental", "other",
	};
	size_t n = 0;
	while (actor_partner_types[n])
		n++;
	assert_int_equal(n, 13);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(actor_partner_types[i], codes[i]);
		assert_non_null(actor_partner_type_labels[i]);
	}
	assert_null(actor_partner_type_labels[n]);
	assert_string_equal(actor_partner_type_labels[0], "Migrants' organisation");
	assert_string_equal(actor_partner_type_labels[12], "Other");
	for (n = 0; actor_statuses[n]; n++)
		assert_non_null(actor_status_labels[n]);
	assert_int_equal(n, 4);
}

/* Registers a partner; returns its actor id. */
static int64_t register_partner(struct db *db, const char *name, const char *email)
{
	json_t *org = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", name, "type", "civil_society",
	                        "country", "mar", "website", "https://ngo.example.org",
	                        "description", "Legal aid for migrants.\nSince 2001.");
	json_t *user = json_pack("{s:s, s:s, s:s}", "email", email, "name", "Amina",
	                         "password", PASSWORD);
	json_t *errors = json_object();
	struct actor_registered reg;
	enum outcome o = actors_register(db, org, user, errors, "web", "192.0.2.3", &reg);
	if (o != OUTCOME_OK) {
		char *e = json_dumps(errors, 0);
		fail_msg("register: %d %s %s", o, e, db_errmsg(db));
	}
	json_decref(org);
	json_decref(user);
	json_decref(errors);
	return reg.actor_id;
}

static void test_registration(void **state)
{
	struct db *db = DB(state);
	int64_t id = register_partner(db, "Association Droits & Migrants", "Contact@NGO.org");
	assert_true(id > 0);
	struct user reviewer = add_user(db, "rev@example.org", ROLE_REVIEWER, OPERATORS(state));

	json_t *m = actors_get(db, "en", id, &reviewer);
	json_t *a = json_object_get(m, "actor");
	assert_string_equal(json_string_value(json_object_get(a, "status")), "requested");
	assert_string_equal(json_string_value(json_object_get(a, "type")), "civil_society");
	assert_string_equal(json_string_value(json_object_get(a, "type_label")),
	                    "Civil society organisation");
	assert_string_equal(json_string_value(json_object_get(a, "status_label")),
	                    "Accreditation requested");
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "country"),
	                                                      "iso3")), "MAR");
	assert_string_equal(json_string_value(json_object_get(a, "website")),
	                    "https://ngo.example.org");
	assert_int_equal(json_integer_value(json_object_get(a, "users")), 1);
	char *dump = json_dumps(a, 0);
	assert_null(strstr(dump, "contact@ngo.org"));    /* emails are private */
	free(dump);
	json_decref(m);

	/* Not on the public list while pending, not even asked for by status,
	 * nor its page; a reviewer's list has it when asked, and /admin's. */
	m = actors_list(db, "en", NULL, "partner", NULL, NULL, NULL, NULL);
	assert_null(find_actor(m, id));
	json_decref(m);
	m = actors_list(db, "en", NULL, NULL, NULL, "requested", NULL, "DROITS & migrants");
	assert_null(find_actor(m, id));
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 0);
	json_decref(m);
	m = actors_get(db, "en", id, NULL);
	assert_true(json_is_null(m));
	json_decref(m);
	m = actors_list(db, "en", &reviewer, NULL, NULL, "requested", NULL, "DROITS & migrants");
	assert_non_null(find_actor(m, id));
	json_decref(m);
	m = actors_pending(db, "en");
	assert_int_equal(json_integer_value(json_object_get(m, "count")), 1);
	json_t *p = json_array_get(json_object_get(m, "actors"), 0);
	json_t *acc = json_array_get(json_object_get(p, "accounts"), 0);
	assert_string_equal(json_string_value(json_object_get(acc, "email")), "contact@ngo.org");
	json_decref(m);

	/* Its first user is an editor who can sign in, but not publish. */
	char token[AUTH_TOKEN_LEN + 1];
	sign_in(db, "contact@ngo.org", PASSWORD, token);
	struct user u;
	assert_int_equal(sessions_lookup(db, token, &u), OUTCOME_OK);
	assert_int_equal(u.role, ROLE_EDITOR);
	assert_int_equal(u.actor_id, id);
	assert_false(u.actor_is_state);
	assert_string_equal(u.actor_status, "requested");
	struct object_ref own = {"commitment", 0, id};
	assert_false(can(&u, ACTION_COMMITMENT_CREATE, &own));
	/* Its own users see its page; another partner's do not. */
	m = actors_get(db, "en", id, &u);
	assert_false(json_is_null(m));
	json_decref(m);
	struct user stranger = add_user(db, "ed@elsewhere.org", ROLE_EDITOR, OPERATORS(state));
	m = actors_get(db, "en", id, &stranger);
	assert_true(json_is_null(m));
	json_decref(m);

	assert_int_equal(count_action(db, "actor.register"), 1);
	json_t *log = db_json_row(db, "SELECT channel, client_addr, user_id FROM audit_log "
	                          "WHERE action = 'actor.register'", NO_ARGS);
	assert_string_equal(json_string_value(json_object_get(log, "channel")), "web");
	assert_string_equal(json_string_value(json_object_get(log, "client_addr")), "192.0.2.3");
	assert_true(json_is_null(json_object_get(log, "user_id")));
	json_decref(log);
	chain_intact(db);
}

static void test_registration_refused(void **state)
{
	struct db *db = DB(state);
	register_partner(db, "First", "taken@ngo.org");
	int64_t actors = scalar(db, "SELECT count(*) FROM actor", NO_ARGS);
	struct {
		const char *name, *type, *country, *website, *email, *password, *field;
	} cases[] = {
		{"Second", "civil_society", "XXX", NULL, "new@ngo.org", PASSWORD, "country"},
		{"Second", "civil_society", "MA", NULL, "new@ngo.org", PASSWORD, "country"},
		{"Second", "state", NULL, NULL, "new@ngo.org", PASSWORD, "org_type"},
		{"", "civil_society", NULL, NULL, "new@ngo.org", PASSWORD, "org_name"},
		{"Second", "civil_society", NULL, "javascript:alert(1)", "new@ngo.org", PASSWORD,
		 "website"},
		{"Second", "civil_society", NULL, NULL, "new@ngo.org", "short", "password"},
		{"Second", "civil_society", NULL, NULL, "new", PASSWORD, "email"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *org = json_pack("{s:s, s:s}", "name", cases[i].name, "type", cases[i].type);
		if (cases[i].country)
			json_object_set_new(org, "country", json_string(cases[i].country));
		if (cases[i].website)
			json_object_set_new(org, "website", json_string(cases[i].website));
		json_t *user = json_pack("{s:s, s:s, s:s}", "email", cases[i].email, "name", "N",
		                         "password", cases[i].password);
		json_t *errors = json_object();
		struct actor_registered reg = {.actor_id = -3};
		enum outcome o = actors_register(db, org, user, errors, "web", NULL, &reg);
		if (o != OUTCOME_INVALID || !errmsg(errors, cases[i].field))
			fail_msg("case %zu: outcome %d, no error on %s", i, o, cases[i].field);
		assert_int_equal(reg.actor_id, 0);
		json_decref(org);
		json_decref(user);
		json_decref(errors);
	}
	/* Nothing half-written. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM actor", NO_ARGS), actors);
	assert_int_equal(scalar(db, "SELECT count(*) FROM account", NO_ARGS), 1);
}

/* Issue 11, finding 5: "This email is already registered" told anyone
 * which addresses have an account. A registration naming one is taken
 * like any other (OUTCOME_OK, no message), and writes nothing: no second
 * account, no actor, no audit entry, the account's password untouched. */
static void test_registration_email_taken(void **state)
{
	struct db *db = DB(state);
	register_partner(db, "First", "taken@ngo.org");
	int64_t actors = scalar(db, "SELECT count(*) FROM actor", NO_ARGS);
	int64_t entries = scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS);
	json_t *org = json_pack("{s:s, s:s}", "name", "Second", "type", "civil_society");
	json_t *user = json_pack("{s:s, s:s, s:s}", "email", "TAKEN@ngo.org", "name", "Mallory",
	                         "password", "another password entirely");
	json_t *errors = json_object();
	struct actor_registered reg;
	assert_int_equal(actors_register(db, org, user, errors, "web", "192.0.2.4", &reg),
	                 OUTCOME_OK);
	assert_int_equal(reg.actor_id, 0);
	assert_int_equal(json_object_size(errors), 0);
	json_decref(org);
	json_decref(user);
	json_decref(errors);
	assert_int_equal(scalar(db, "SELECT count(*) FROM actor", NO_ARGS), actors);
	assert_int_equal(scalar(db, "SELECT count(*) FROM account", NO_ARGS), 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS), entries);
	char token[AUTH_TOKEN_LEN + 1];
	sign_in(db, "taken@ngo.org", PASSWORD, token);
	/* It counted against its address like any other registration. */
	assert_int_equal(scalar(db, "SELECT registrations FROM registration_count "
	                        "WHERE client_addr = '192.0.2.4'", NO_ARGS), 1);
}

/* Issue 11, finding 3: registrations are counted per client address and
 * refused past REGISTER_ADDR_LIMIT in a period, with the seconds until
 * the next one; refused ones write nothing; another address, or the
 * console (no address), is not concerned. */
static void test_registration_throttled(void **state)
{
	struct db *db = DB(state);
	int64_t period = (int64_t)time(NULL) / REGISTER_WINDOW_SECONDS;
	char t[AUDIT_TIME_LEN + 1];
	audit_time(t, 0);
	exec_ok(db, "INSERT INTO registration_count (client_addr, period, registrations, "
	        "first_at, last_at) VALUES ('192.0.2.3', $1, $2, $3, $3)",
	        DB_ARGS(DB_INT(period), DB_INT(REGISTER_ADDR_LIMIT - 1), DB_TEXT(t)));
	assert_true(register_partner(db, "The last one that fits", "last@ngo.org") > 0);
	int64_t actors = scalar(db, "SELECT count(*) FROM actor", NO_ARGS);
	int64_t entries = scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS);
	json_t *org = json_pack("{s:s, s:s}", "name", "One too many", "type", "academia");
	json_t *user = json_pack("{s:s, s:s, s:s}", "email", "more@ngo.org", "name", "M",
	                         "password", PASSWORD);
	json_t *errors = json_object();
	struct actor_registered reg;
	assert_int_equal(actors_register(db, org, user, errors, "web", "192.0.2.3", &reg),
	                 OUTCOME_CONFLICT);
	assert_true(reg.retry_after >= 1 && reg.retry_after <= REGISTER_WINDOW_SECONDS);
	assert_int_equal(reg.actor_id, 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM actor", NO_ARGS), actors);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log", NO_ARGS), entries);
	assert_int_equal(scalar(db, "SELECT registrations FROM registration_count "
	                        "WHERE client_addr = '192.0.2.3'", NO_ARGS), REGISTER_ADDR_LIMIT);
	/* Invalid input is answered before it is counted. */
	json_object_set_new(org, "type", json_string("spaceship"));
	assert_int_equal(actors_register(db, org, user, errors, "web", "192.0.2.3", &reg),
	                 OUTCOME_INVALID);
	json_object_set_new(org, "type", json_string("academia"));
	json_object_clear(errors);
	/* Another address; the console. */
	assert_int_equal(actors_register(db, org, user, errors, "web", "198.51.100.3", &reg),
	                 OUTCOME_OK);
	assert_true(reg.actor_id > 0);
	json_object_set_new(user, "email", json_string("console@ngo.org"));
	assert_int_equal(actors_register(db, org, user, errors, "cli", NULL, &reg), OUTCOME_OK);
	assert_true(reg.actor_id > 0);
	/* A new period: the address may again; a day's old periods go. */
	exec_ok(db, "UPDATE registration_count SET period = period - 1000", NO_ARGS);
	json_object_set_new(user, "email", json_string("next@ngo.org"));
	assert_int_equal(actors_register(db, org, user, errors, "web", "192.0.2.3", &reg),
	                 OUTCOME_OK);
	assert_int_equal(scalar(db, "SELECT count(*) FROM registration_count", NO_ARGS), 1);
	json_decref(org);
	json_decref(user);
	json_decref(errors);
	chain_intact(db);
}

static void test_decisions(void **state)
{
	struct db *db = DB(state);
	int64_t a = register_partner(db, "Partner A", "a@ngo.org");
	int64_t b = register_partner(db, "Partner B", "b@ngo.org");
	struct user reviewer = add_user(db, "rev@example.org", ROLE_REVIEWER, OPERATORS(state));
	struct user editor;
	assert_int_equal(principal_get(db, principal_find_email(db, "a@ngo.org"), &editor), OUTCOME_OK);
	editor.channel = "web";

	/* An editor cannot decide, not even on their own organisation: denied,
	 * and the denial audited. */
	assert_int_equal(actors_decide(db, &editor, a, "accredit", NULL), OUTCOME_DENIED);
	assert_int_equal(actors_decide(db, NULL, a, "accredit", NULL), OUTCOME_DENIED);
	assert_int_equal(count_action(db, "denied:actor.decide"), 2);
	json_t *log = db_json_row(db, "SELECT user_id, object_type, object_id FROM audit_log "
	                          "WHERE action = 'denied:actor.decide' ORDER BY id", NO_ARGS);
	assert_int_equal(json_integer_value(json_object_get(log, "user_id")), editor.id);
	assert_string_equal(json_string_value(json_object_get(log, "object_type")), "actor");
	json_decref(log);

	/* A reviewer can. */
	int64_t v0 = db_data_version(db);
	assert_int_equal(actors_decide(db, &reviewer, a, "accredit", NULL), OUTCOME_OK);
	assert_true(db_data_version(db) > v0);
	assert_int_equal(actors_decide(db, &reviewer, a, "accredit", NULL), OUTCOME_CONFLICT);
	assert_int_equal(actors_decide(db, &reviewer, a, "decline", "too late"), OUTCOME_CONFLICT);
	assert_int_equal(principal_get(db, editor.id, &editor), OUTCOME_OK);
	assert_string_equal(editor.actor_status, "accredited");
	struct object_ref own = {"commitment", 0, a};
	/* Accredited, but the registrant's address is not verified yet. */
	assert_true(editor.unverified);
	assert_false(can(&editor, ACTION_COMMITMENT_CREATE, &own));
	assert_int_equal(recovery_verify_by_operator(db, "a@ngo.org"), OUTCOME_OK);
	assert_int_equal(principal_get(db, editor.id, &editor), OUTCOME_OK);
	assert_true(can(&editor, ACTION_COMMITMENT_CREATE, &own));
	json_t *m = actors_list(db, "en", NULL, "partner", NULL, NULL, NULL, NULL);
	assert_non_null(find_actor(m, a));
	assert_null(find_actor(m, b));
	json_decref(m);

	/* Declining needs a reason, which the actor's page then shows. */
	assert_int_equal(actors_decide(db, &reviewer, b, "decline", NULL), OUTCOME_INVALID);
	assert_int_equal(actors_decide(db, &reviewer, b, "decline", ""), OUTCOME_INVALID);
	assert_int_equal(actors_decide(db, &reviewer, b, "decline", "Not an organisation."),
	                 OUTCOME_OK);
	m = actors_get(db, "en", b, NULL);
	assert_true(json_is_null(m));       /* declined: still nobody's business */
	json_decref(m);
	m = actors_get(db, "en", b, &reviewer);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "actor"),
	                                                      "decision_reason")),
	                    "Not an organisation.");
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "actor"),
	                                                      "status")), "declined");
	json_decref(m);

	/* Suspended: its users may write nothing; reinstated: again. */
	assert_int_equal(actors_decide(db, &reviewer, a, "suspend", "Under review."), OUTCOME_OK);
	assert_int_equal(principal_get(db, editor.id, &editor), OUTCOME_OK);
	assert_false(can(&editor, ACTION_COMMITMENT_CREATE, &own));
	assert_false(can(&editor, ACTION_ACTOR_EDIT, &(struct object_ref){"actor", a, a}));
	/* Suspended: still public, with its status (its past commitments
	 * are part of the record). */
	m = actors_get(db, "en", a, NULL);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m, "actor"),
	                                                      "status")), "suspended");
	assert_true(json_is_null(json_object_get(json_object_get(m, "actor"), "decision_reason")));
	json_decref(m);
	m = actors_list(db, "en", NULL, "partner", NULL, NULL, NULL, NULL);
	assert_non_null(find_actor(m, a));
	json_decref(m);
	assert_int_equal(actors_decide(db, &reviewer, a, "reinstate", NULL), OUTCOME_OK);
	assert_int_equal(principal_get(db, editor.id, &editor), OUTCOME_OK);
	assert_true(can(&editor, ACTION_COMMITMENT_CREATE, &own));

	/* Nonsense refused; states are not accredited by anyone. */
	assert_int_equal(actors_decide(db, &reviewer, a, "promote", NULL), OUTCOME_INVALID);
	assert_int_equal(actors_decide(db, &reviewer, a, NULL, NULL), OUTCOME_INVALID);
	assert_int_equal(actors_decide(db, &reviewer, 999999, "accredit", NULL),
	                 OUTCOME_NOT_FOUND);
	assert_int_equal(actors_decide(db, &reviewer, state_actor(db, "MEX"), "suspend", NULL),
	                 OUTCOME_INVALID);

	/* Each decision audited with the status before and after. */
	assert_int_equal(count_action(db, "actor.decide"), 4);
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)a);
	json_t *h = audit_history(db, "actor", oid);
	json_t *entries = json_object_get(h, "entries");
	/* register, denied, denied, accredit, suspend, reinstate */
	assert_int_equal(json_array_size(entries), 6);
	json_t *acc = json_array_get(entries, 3);
	assert_string_equal(json_string_value(json_object_get(acc, "action")), "actor.decide");
	json_t *status = json_object_get(json_object_get(acc, "changes"), "status");
	assert_string_equal(json_string_value(json_object_get(status, "before")), "requested");
	assert_string_equal(json_string_value(json_object_get(status, "after")), "accredited");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(acc, "user"), "id")),
	                 reviewer.id);
	json_decref(h);
	chain_intact(db);
}

/* Issue 11, finding 1: the operators' own actor is no partner. Nobody
 * decides on it (a reviewer's suspension had locked every administrator
 * out), nobody on their own actor, administrators stand whatever their
 * actor's status, and no public list shows it. */
static void test_operators_actor(void **state)
{
	struct db *db = DB(state);
	int64_t ops = OPERATORS(state);
	int64_t a = register_partner(db, "Partner A", "a@ngo.org");
	struct user reviewer = add_user(db, "rev@example.org", ROLE_REVIEWER, ops);
	struct user admin = add_user(db, "admin@example.org", ROLE_ADMIN, ops);
	assert_int_equal(actors_decide(db, &reviewer, a, "accredit", NULL), OUTCOME_OK);
	struct user own_reviewer = add_user(db, "rev@ngo.org", ROLE_REVIEWER, a);

	static const char *const all[] = {"suspend", "accredit", "decline", "reinstate"};
	for (size_t i = 0; i < ARRAY_LEN(all); i++) {
		assert_int_equal(actors_decide(db, &reviewer, ops, all[i], "x"), OUTCOME_DENIED);
		assert_int_equal(actors_decide(db, &admin, ops, all[i], "x"), OUTCOME_DENIED);
		assert_int_equal(actors_decide_as_operator(db, ops, all[i], "x"), OUTCOME_INVALID);
	}
	assert_int_equal(actors_decide(db, &own_reviewer, a, "suspend", NULL), OUTCOME_DENIED);
	assert_int_equal(scalar(db, "SELECT count(*) FROM actor WHERE id = $1 AND status = "
	                        "'accredited'", DB_ARGS(DB_INT(ops))), 1);
	assert_int_equal(count_action(db, "denied:actor.decide"), 2 * ARRAY_LEN(all) + 1);

	/* An admin in a partner that gets suspended still acts. */
	struct user partner_admin = add_user(db, "padmin@ngo.org", ROLE_ADMIN, a);
	assert_int_equal(actors_decide(db, &reviewer, a, "suspend", NULL), OUTCOME_OK);
	assert_int_equal(principal_get(db, partner_admin.id, &partner_admin), OUTCOME_OK);
	assert_string_equal(partner_admin.actor_status, "suspended");
	assert_true(can(&partner_admin, ACTION_AUDIT_READ, NULL));
	assert_int_equal(actors_decide(db, &partner_admin, a, "reinstate", NULL), OUTCOME_DENIED);
	assert_int_equal(actors_decide(db, &admin, a, "reinstate", NULL), OUTCOME_OK);

	/* Not listed, whatever the filter; its page says what it is. */
	static const char *const filters[][3] = {
		{NULL, NULL, NULL}, {"partner", NULL, NULL}, {NULL, "other", NULL},
		{NULL, NULL, "accredited"}, {"partner", "other", "accredited"},
	};
	for (size_t i = 0; i < ARRAY_LEN(filters); i++) {
		json_t *m = actors_list(db, "en", &admin, filters[i][0], filters[i][1], filters[i][2],
		                        NULL, "instance operators");
		assert_null(find_actor(m, ops));
		assert_int_equal(json_integer_value(json_object_get(m, "count")), 0);
		json_decref(m);
	}
	json_t *m = actors_get(db, "en", ops, NULL);
	json_t *item = json_object_get(m, "actor");
	assert_string_equal(json_string_value(json_object_get(item, "kind")), "operators");
	assert_true(json_is_true(json_object_get(item, "operators")));
	assert_true(json_is_null(json_object_get(item, "type")));
	assert_true(json_is_null(json_object_get(item, "status")));
	json_decref(m);
	m = actors_get(db, "en", a, NULL);
	assert_null(json_object_get(json_object_get(m, "actor"), "operators"));
	json_decref(m);
	chain_intact(db);
}

#define DB_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	if (auth_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		DB_TEST(test_add_user),
		DB_TEST(test_add_user_refused),
		DB_TEST(test_disable_ends_sessions_and_tokens),
		DB_TEST(test_change_password),
		DB_TEST(test_session_lookup),
		DB_TEST(test_session_expiry),
		DB_TEST(test_change_password_throttled),
		DB_TEST(test_throttling),
		DB_TEST(test_throttling_unknown_and_by_address),
		DB_TEST(test_refusals_counted_not_audited),
		DB_TEST(test_unknown_email_like_wrong_password),
		DB_TEST(test_tokens),
		DB_TEST(test_states),
		cmocka_unit_test(test_partner_types),
		DB_TEST(test_registration),
		DB_TEST(test_registration_refused),
		DB_TEST(test_registration_email_taken),
		DB_TEST(test_registration_throttled),
		DB_TEST(test_decisions),
		DB_TEST(test_operators_actor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
