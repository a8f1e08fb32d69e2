/* test_events_full.c — what people record around an event (events.h), on
 * the shared fixture (both backends): each write audited, a denial
 * audited with nothing written, bad input refused with nothing written,
 * a statement's session of the same event only, a commitment announced
 * once; the page's model and an actor's part read back. */
#include "unit.h"

#include <string.h>

#include "db.h"
#include "events.h"
#include "fixture.h"
#include "users.h"

#define EVENT "imrf-2022"

static int64_t count(struct db *db, const char *sql)
{
	return scalar(db, sql, NO_ARGS);
}

static int64_t audited(struct db *db, const char *action)
{
	return scalar(db, "SELECT count(*) FROM audit_log WHERE action = $1",
	              DB_ARGS(DB_TEXT(action)));
}

static void test_writes(void **state)
{
	struct fixture *f = *state;
	json_t *errors = json_object();
	int64_t session = 0, statement = 0;
	/* a session: administrators only */
	json_t *in = json_pack("{s:s, s:s, s:[i]}", "title", "Round table", "starts_at",
	                       "2022-05-18 10:00", "objectives", 7);
	assert_int_equal(events_add_session(f->db, &f->fp_mar, EVENT, in, errors, &session),
	                 OUTCOME_DENIED);
	assert_int_equal(audited(f->db, "denied:event.organise"), 1);
	assert_int_equal(events_add_session(f->db, &f->op, "no-such-event", in, errors, &session),
	                 OUTCOME_NOT_FOUND);
	assert_int_equal(events_add_session(f->db, &f->op, EVENT, in, errors, &session), OUTCOME_OK);
	assert_int_equal(audited(f->db, "event.session"), 1);
	json_decref(in);
	/* a participation: for one's own actor only */
	in = json_pack("{s:I, s:s}", "actor_id", (json_int_t)f->mar, "role", "delegate");
	assert_int_equal(events_join(f->db, &f->fp_sen, EVENT, in, errors), OUTCOME_DENIED);
	assert_int_equal(events_join(f->db, &f->reviewer, EVENT, in, errors), OUTCOME_DENIED);
	assert_int_equal(audited(f->db, "denied:event.take_part"), 2);
	assert_int_equal(count(f->db, "SELECT count(*) FROM event_participant"), 0);
	assert_int_equal(events_join(f->db, &f->fp_mar, EVENT, in, errors), OUTCOME_OK);
	json_decref(in);
	/* a statement: a text or a link; the session of this event */
	in = json_pack("{s:I, s:s}", "actor_id", (json_int_t)f->mar, "title", "Nothing said");
	json_object_clear(errors);
	assert_int_equal(events_state(f->db, &f->fp_mar, EVENT, in, errors, &statement),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "body"));
	json_object_set_new(in, "body", json_string("We will act."));
	json_object_set_new(in, "session_id", json_integer(session));
	json_object_clear(errors);
	assert_int_equal(events_state(f->db, &f->fp_mar, "marrakech-2018", in, errors, &statement),
	                 OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "session_id"));
	json_object_clear(errors);
	assert_int_equal(events_state(f->db, &f->fp_mar, EVENT, in, errors, &statement), OUTCOME_OK);
	assert_int_equal(count(f->db, "SELECT count(*) FROM event_statement"), 1);
	assert_int_equal(audited(f->db, "event.statement"), 1);
	json_decref(in);
	/* a commitment announced once, by its owner's people */
	int64_t c = create_with(f->db, f->mar, NULL);
	in = json_pack("{s:I}", "commitment_id", (json_int_t)c);
	assert_int_equal(events_announce(f->db, &f->fp_sen, EVENT, in, errors), OUTCOME_DENIED);
	assert_int_equal(events_announce(f->db, &f->fp_mar, EVENT, in, errors), OUTCOME_OK);
	assert_int_equal(events_announce(f->db, &f->fp_mar, "marrakech-2018", in, errors),
	                 OUTCOME_CONFLICT);
	assert_int_equal(audited(f->db, "event.announce"), 1);
	json_decref(in);
	/* the page's model and the actor's part */
	json_t *model = json_object();
	assert_int_equal(events_program(f->db, "en", EVENT, model), 0);
	assert_int_equal(json_array_size(json_object_get(model, "sessions")), 1);
	json_t *s0 = json_array_get(json_object_get(model, "sessions"), 0);
	assert_string_equal(json_string_value(json_object_get(s0, "starts_at")), "2022-05-18T10:00");
	assert_int_equal(json_array_size(json_object_get(model, "participants")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(model, "participants"), 0), "role_label")), "Delegate");
	assert_int_equal(json_array_size(json_object_get(model, "statements")), 1);
	assert_int_equal(json_array_size(json_object_get(model, "commitments")), 1);
	json_decref(model);
	json_t *mine = events_for_actor(f->db, "en", f->mar);
	assert_true(json_is_true(json_object_get(mine, "has_participations")));
	assert_true(json_is_true(json_object_get(mine, "has_statements")));
	json_decref(mine);
	json_t *left = events_announceable(f->db, f->mar);
	assert_int_equal(json_array_size(left), 0);
	json_decref(left);
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writes, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
