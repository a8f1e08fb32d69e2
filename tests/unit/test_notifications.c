/* test_notifications.c — notifications by e-mail (notifications.h,
 * daily.h): the day a commitment's report turns late and the reminders'
 * window (pure), each person's preference honoured (immediate: a mail per
 * notification; daily: one digest a day, sent once; never: none), the
 * unread count and marking read, a reminder sent once per reporting
 * period to the owner's editors only. On the shared fixture, so on both
 * backends. */
#include "unit.h"

#include <string.h>

#include "commitments.h"
#include "daily.h"
#include "db.h"
#include "fixture.h"
#include "i18n.h"
#include "mail.h"
#include "notifications.h"
#include "template.h"

static void test_late_on(void **state)
{
	(void)state;
	char out[DATE_LEN + 1];
	assert_int_equal(notifications_late_on("2025-03-01", out), 0);
	assert_string_equal(out, "2026-03-02");
	/* A clamped month's end: a year after 29 February. */
	assert_int_equal(notifications_late_on("2024-02-29", out), 0);
	assert_string_equal(out, "2025-03-01");
	assert_int_equal(notifications_late_on("2025-12-31", out), 0);
	assert_string_equal(out, "2027-01-01");
	assert_int_equal(notifications_late_on("not a date", out), -1);
	/* The rule's own answer: reported the day before, due on the day,
	 * whatever the activity date (two years of them). */
	char day[DATE_LEN + 1] = "2023-01-01", before[DATE_LEN + 1];
	for (int i = 0; i < 730; i++) {
		assert_int_equal(notifications_late_on(day, out), 0);
		date_plus_days(out, -1, before);
		assert_string_equal(commitment_freshness("in_progress", day, before), "reported");
		assert_string_equal(commitment_freshness("in_progress", day, out), "due");
		date_plus_days(day, 1, day);
	}
}

static void test_window(void **state)
{
	(void)state;
	char since[DATE_LEN + 1], until[DATE_LEN + 1], late[DATE_LEN + 1];
	notifications_remind_window("2026-12-06", 14, since, until);
	assert_string_equal(since, "2025-12-06");
	assert_string_equal(until, "2025-12-20");
	/* Every activity date in the window turns late within 14 days, and
	 * not today. */
	assert_int_equal(notifications_late_on(since, late), 0);
	assert_string_equal(late, "2026-12-07");
	assert_int_equal(notifications_late_on("2025-12-19", late), 0);
	assert_string_equal(late, "2026-12-20");
	assert_int_equal(notifications_late_on(until, late), 0);
	assert_string_equal(late, "2026-12-21");
	notifications_remind_window("2026-12-06", 0, since, until);
	assert_string_equal(since, until);     /* no warning: an empty window */
}

static int64_t mails_to(struct db *db, const char *email)
{
	return scalar(db, "SELECT count(*) FROM mail WHERE recipient = $1", DB_ARGS(DB_TEXT(email)));
}

static void note(struct db *db, int64_t user_id, const char *text)
{
	json_t *args = json_pack("{s:s}", "what", text);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(notifications_add(db, user_id, "Something happened: {what}", args,
	                                   "/account"), 0);
	assert_int_equal(db_commit(db), 0);
	json_decref(args);
}

static void test_preferences(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	const char *email = f->editor.email;
	/* Immediate, the default: a mail per notification. */
	assert_string_equal(notifications_pref(db, f->editor.id), "immediate");
	note(db, f->editor.id, "one");
	assert_int_equal(mails_to(db, email), 1);
	/* Never: in-app only. */
	json_t *errors = json_object();
	assert_int_equal(notifications_set_pref(db, &f->editor, "weekly", errors), OUTCOME_INVALID);
	assert_non_null(json_object_get(errors, "notify_mail"));
	json_decref(errors);
	assert_int_equal(notifications_set_pref(db, &f->editor, "never", NULL), OUTCOME_OK);
	note(db, f->editor.id, "two");
	assert_int_equal(mails_to(db, email), 1);
	assert_int_equal(notifications_digests(db, "2026-12-06"), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log WHERE action = 'account.notify'",
	                        NO_ARGS), 1);
	/* Daily: nothing at once; one digest of what came since choosing it. */
	assert_int_equal(notifications_set_pref(db, &f->editor, "daily", NULL), OUTCOME_OK);
	assert_int_equal(notifications_digests(db, "2026-12-06"), 0);    /* nothing new */
	note(db, f->editor.id, "three");
	note(db, f->editor.id, "four");
	assert_int_equal(mails_to(db, email), 1);
	assert_int_equal(notifications_digests(db, "2026-12-06"), 1);
	assert_int_equal(notifications_digests(db, "2026-12-06"), 0);    /* once a day */
	assert_int_equal(mails_to(db, email), 2);
	json_t *m = db_json_row(db, "SELECT template, model FROM mail WHERE recipient = $1 "
	                        "ORDER BY id DESC LIMIT 1", DB_ARGS(DB_TEXT(email)));
	assert_string_equal(json_string_value(json_object_get(m, "template")), "notifications");
	json_t *model = json_loads(json_string_value(json_object_get(m, "model")), 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(model, "count")), 2);
	assert_int_equal(json_array_size(json_object_get(model, "notes")), 2);
	json_decref(model);
	json_decref(m);
	/* A later notification waits for the next day's digest. */
	note(db, f->editor.id, "five");
	assert_int_equal(notifications_digests(db, "2026-12-06"), 0);
	assert_int_equal(notifications_digests(db, "2026-12-07"), 1);
	assert_int_equal(mails_to(db, email), 3);
	/* Nobody else was written to. */
	assert_int_equal(mails_to(db, f->editor2.email), 0);
}

static void test_digest_renders(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(notifications_set_pref(f->db, &f->editor, "daily", NULL), OUTCOME_OK);
	note(f->db, f->editor.id, "the first thing");
	note(f->db, f->editor.id, "the second thing");
	assert_int_equal(notifications_digests(f->db, "2026-12-06"), 1);
	int64_t id = scalar(f->db, "SELECT max(id) FROM mail", NO_ARGS);
	struct template_set *t = template_set_new();
	char err[256];
	assert_int_equal(i18n_load(err, sizeof err), 0);
	assert_int_equal(template_add_embedded(t, err, sizeof err), 0);
	struct mail_options opt = {.from = "pacte@example.org", .base_url = "https://pacte.example",
	                           .default_lang = "en", .templates = t};
	char *subject, *text, *html;
	assert_int_equal(mail_render(f->db, &opt, id, &subject, &text, &html, err, sizeof err), 0);
	assert_string_equal(subject, "Your Pacte notifications of 2026-12-06");
	assert_non_null(strstr(text, "2 notifications since your last digest"));
	assert_non_null(strstr(text, "- Something happened: the second thing\n"));
	assert_non_null(strstr(text, "https://pacte.example/account"));
	assert_non_null(strstr(html, "Something happened: the first thing"));
	free(subject);
	free(text);
	free(html);
	template_set_free(t);
	i18n_free();
}

static void test_unread(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(notifications_unread(f->db, f->editor.id), 0);
	note(f->db, f->editor.id, "a");
	note(f->db, f->editor.id, "b");
	assert_int_equal(notifications_unread(f->db, f->editor.id), 2);
	json_t *list = notifications_list(f->db, "en", f->editor.id);
	assert_true(json_is_true(json_object_get(json_array_get(list, 0), "unread")));
	json_decref(list);
	assert_int_equal(notifications_mark_read(f->db, &f->editor), 0);
	assert_int_equal(notifications_unread(f->db, f->editor.id), 0);
	note(f->db, f->editor.id, "c");
	assert_int_equal(notifications_unread(f->db, f->editor.id), 1);
	assert_int_equal(notifications_unread(f->db, f->editor2.id), 0);
}

static void test_reminder_once(void **state)
{
	struct fixture *f = *state;
	struct db *db = f->db;
	int64_t id = create_with(db, f->partner, NULL);
	int64_t other = create_with(db, f->partner, NULL);
	/* Last reported 2025-12-10: late from 2026-12-11, within 14 days of
	 * 2026-12-06; the other was reported in time. */
	assert_int_equal(db_exec(db, "UPDATE commitment SET activity_date = '2025-12-10' "
	                         "WHERE id = $1", DB_ARGS(DB_INT(id))), 1);
	assert_int_equal(db_exec(db, "UPDATE commitment SET activity_date = '2026-06-01' "
	                         "WHERE id = $1", DB_ARGS(DB_INT(other))), 1);
	assert_int_equal(notifications_remind(db, "2026-12-06", 3), 0);    /* not yet */
	struct daily_options opt = {14, 90, "cli"};
	struct daily_result r;
	assert_int_equal(daily_run(db, "2026-12-06", &opt, &r), 0);
	assert_int_equal(r.reminders, 1);
	assert_int_equal(daily_run(db, "2026-12-07", &opt, &r), 0);
	assert_int_equal(r.reminders, 0);                                   /* once */
	/* The owner's editor is told; the admin acting for the same actor,
	 * and the other partner's editor, are not. */
	const char *sql = "SELECT count(*) FROM notification WHERE user_id = $1 "
	                  "AND url = '/commitments/' || CAST($2 AS TEXT)";
	assert_int_equal(scalar(db, sql, DB_ARGS(DB_INT(f->editor.id), DB_INT(id))), 1);
	assert_int_equal(scalar(db, sql, DB_ARGS(DB_INT(f->op.id), DB_INT(id))), 0);
	assert_int_equal(scalar(db, sql, DB_ARGS(DB_INT(f->editor2.id), DB_INT(id))), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM commitment_reminder WHERE "
	                        "commitment_id = $1 AND late_on = '2026-12-11'",
	                        DB_ARGS(DB_INT(id))), 1);
	/* A new report opens a new period: reminded again a year on. */
	assert_int_equal(db_exec(db, "UPDATE commitment SET activity_date = '2026-12-08' "
	                         "WHERE id = $1", DB_ARGS(DB_INT(id))), 1);
	assert_int_equal(notifications_remind(db, "2027-12-01", 14), 1);
	/* A closed commitment is reminded of nothing. */
	assert_int_equal(db_exec(db, "UPDATE commitment SET status = 'achieved', activity_date = "
	                         "'2027-12-05' WHERE id = $1", DB_ARGS(DB_INT(id))), 1);
	assert_int_equal(notifications_remind(db, "2028-12-01", 14), 0);
	assert_int_equal(notifications_remind(db, "2026-12-06", NOTIFICATIONS_REMIND_MAX + 1), -1);
}

/* The timer never runs the chores where the database refuses writes: a
 * PostgreSQL standby, or here a session set to read-only transactions. */
static void test_read_only(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(daily_read_only(f->db), 0);
	if (db_dialect(f->db) != DB_POSTGRES)
		return;
	assert_true(db_exec(f->db, "SET default_transaction_read_only = on", NO_ARGS) >= 0);
	assert_int_equal(daily_read_only(f->db), 1);
	assert_true(db_exec(f->db, "SET default_transaction_read_only = off", NO_ARGS) >= 0);
	assert_int_equal(daily_read_only(f->db), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_late_on),
		cmocka_unit_test(test_window),
		cmocka_unit_test_setup_teardown(test_preferences, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_digest_renders, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unread, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reminder_once, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_read_only, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
