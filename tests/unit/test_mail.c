/* test_mail.c — mail (mail.h, smtp.h) and recovery (recovery.h): a header
 * injection refused before anything is written, a message written as
 * MIME, a failed attempt logged and tried again later, the last one
 * marking the message failed (never deleted), a queue longer than a
 * batch claimed batch by batch with one attempt per message and a claimed
 * message left alone until its lease runs out, and a reset token that
 * works once. On the shared fixture, so on both backends. */
#include "unit.h"

#include <string.h>

#include "audit.h"
#include "db.h"
#include "fixture.h"
#include "i18n.h"
#include "mail.h"
#include "recovery.h"
#include "smtp.h"
#include "template.h"
#include "validate.h"

static void test_format(void **state)
{
	(void)state;
	char err[256];
	struct buf out;
	buf_init(&out, 4 * SMTP_BODY_MAX);
	struct smtp_message m = {.from = "pacte@example.org", .to = "ana@example.org",
	                         .subject = "Hello\r\nBcc: eve@example.org", .text = "hi"};
	assert_int_equal(smtp_format(&m, &out, err, sizeof err), -1);
	m.subject = "Hello";
	m.to = "ana@example.org\r\nBcc: eve@example.org";
	assert_int_equal(smtp_format(&m, &out, err, sizeof err), -1);
	m.to = "ana@example.org";
	static char huge[SMTP_BODY_MAX + 2];
	memset(huge, 'a', sizeof huge - 1);
	m.text = huge;
	assert_int_equal(smtp_format(&m, &out, err, sizeof err), -1);
	buf_reset(&out);
	m.text = "Bonjour";
	m.html = "<p>Bonjour</p>";
	m.subject = "Réinitialiser votre mot de passe";
	assert_int_equal(smtp_format(&m, &out, err, sizeof err), 0);
	const char *s = buf_str(&out);
	assert_non_null(strstr(s, "Subject: =?UTF-8?B?"));
	assert_non_null(strstr(s, "Content-Type: multipart/alternative"));
	assert_non_null(strstr(s, "To: <ana@example.org>\r\n"));
	buf_release(&out);
}

static void test_queue_refuses_injection(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mail_queue(f->db, "ana@example.org\r\nBcc: eve@example.org", NULL,
	                            "reset", "Subject", NULL), -1);
	assert_int_equal(mail_queue(f->db, "ana@example.org\nBcc:eve@example.org", NULL, "reset",
	                            "Subject", NULL), -1);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM mail", NO_ARGS), 0);
}

static void test_failure_retried_then_failed(void **state)
{
	struct fixture *f = *state;
	json_t *model = json_pack("{s:s}", "token", "t");
	int64_t id = mail_queue(f->db, "Ana@Example.org", "fr", "reset", "Reset", model);
	json_decref(model);
	assert_true(id > 0);
	struct template_set *t = template_set_new();
	char err[256];
	assert_int_equal(i18n_load(err, sizeof err), 0);
	assert_int_equal(template_add_embedded(t, err, sizeof err), 0);
	/* Port 1 on this machine: nothing listens, the attempt fails at once. */
	struct mail_options opt = {.smtp_url = "smtp://127.0.0.1:1", .from = "pacte@example.org",
	                           .base_url = "https://pacte.example", .default_lang = "en",
	                           .retry_seconds = 60, .templates = t};
	assert_int_equal(mail_send_due(f->db, &opt), 1);
	json_t *m = mail_get(f->db, id);
	assert_string_equal(json_string_value(json_object_get(m, "recipient")), "ana@example.org");
	assert_string_equal(json_string_value(json_object_get(m, "status")), "queued");
	assert_int_equal(json_integer_value(json_object_get(m, "attempts")), 1);
	assert_non_null(json_string_value(json_object_get(m, "last_error")));
	assert_int_equal(json_array_size(json_object_get(m, "attempt_log")), 1);
	json_decref(m);
	/* Not due again before its delay. */
	assert_int_equal(mail_send_due(f->db, &opt), 0);
	/* The last attempt marks it failed; it stays. */
	char past[AUDIT_TIME_LEN + 1];
	audit_time(past, -1);
	assert_int_equal(db_exec(f->db, "UPDATE mail SET attempts = $2, next_attempt_at = $3 "
	                         "WHERE id = $1", DB_ARGS(DB_INT(id), DB_INT(MAIL_MAX_ATTEMPTS - 1),
	                                               DB_TEXT(past))), 1);
	assert_int_equal(mail_send_due(f->db, &opt), 1);
	json_t *out = mail_outbox(f->db, "failed");
	assert_int_equal(json_array_size(json_object_get(out, "messages")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "counts"),
	                                                    "failed")), 1);
	json_decref(out);
	/* Rendered in the recipient's language, links to the site. */
	char *subject, *text, *html;
	assert_int_equal(mail_render(f->db, &opt, id, &subject, &text, &html, err, sizeof err), 0);
	assert_non_null(strstr(text, "https://pacte.example/account/reset?token=t"));
	assert_non_null(strstr(html, "lang=\"fr\""));
	assert_string_equal(subject, "Reset");
	free(subject);
	free(text);
	free(html);
	template_set_free(t);
	i18n_free();
}

/* Batches: every due message tried exactly once however many batches the
 * queue takes; one still claimed (a sender killed mid-batch leaves its
 * lease) is not sent until the lease runs out, then it is. */
static void test_batches_and_leases(void **state)
{
	struct fixture *f = *state;
	json_t *model = json_pack("{s:s}", "token", "t");
	for (int i = 0; i < MAIL_BATCH + 3; i++)
		assert_true(mail_queue(f->db, "ana@example.org", "en", "reset", "Reset", model) > 0);
	int64_t claimed = mail_queue(f->db, "bea@example.org", "en", "reset", "Reset", model);
	json_decref(model);
	char lease[AUDIT_TIME_LEN + 1], past[AUDIT_TIME_LEN + 1];
	audit_time(lease, MAIL_LEASE_SECONDS);
	audit_time(past, -1);
	assert_int_equal(db_exec(f->db, "UPDATE mail SET next_attempt_at = $2 WHERE id = $1",
	                         DB_ARGS(DB_INT(claimed), DB_TEXT(lease))), 1);
	struct template_set *t = template_set_new();
	char err[256];
	assert_int_equal(i18n_load(err, sizeof err), 0);
	assert_int_equal(template_add_embedded(t, err, sizeof err), 0);
	/* Nothing listens on port 1: each attempt fails at once and waits. */
	struct mail_options opt = {.smtp_url = "smtp://127.0.0.1:1", .from = "pacte@example.org",
	                           .default_lang = "en", .retry_seconds = 60, .templates = t};
	assert_int_equal(mail_send_due(f->db, &opt), MAIL_BATCH + 3);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM mail_attempt", NO_ARGS),
	                 MAIL_BATCH + 3);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM mail WHERE attempts = 1", NO_ARGS),
	                 MAIL_BATCH + 3);
	assert_int_equal(scalar(f->db, "SELECT attempts FROM mail WHERE id = $1",
	                        DB_ARGS(DB_INT(claimed))), 0);
	assert_int_equal(mail_send_due(f->db, &opt), 0);
	/* The lease runs out: the message is taken again. */
	assert_int_equal(db_exec(f->db, "UPDATE mail SET next_attempt_at = $2 WHERE id = $1",
	                         DB_ARGS(DB_INT(claimed), DB_TEXT(past))), 1);
	assert_int_equal(mail_send_due(f->db, &opt), 1);
	assert_int_equal(scalar(f->db, "SELECT attempts FROM mail WHERE id = $1",
	                        DB_ARGS(DB_INT(claimed))), 1);
	template_set_free(t);
	i18n_free();
}

/* The clear token of the newest mail to email, from its model. */
static char *token_mailed(struct db *db, const char *email)
{
	json_t *row = db_json_row(db, "SELECT model FROM mail WHERE recipient = $1 "
	                          "ORDER BY id DESC", DB_ARGS(DB_TEXT(email)));
	assert_true(json_is_object(row));
	json_t *model = json_loads(json_string_value(json_object_get(row, "model")), 0, NULL);
	char *token = strdup(json_string_value(json_object_get(model, "token")));
	json_decref(model);
	json_decref(row);
	return token;
}

static void test_reset_once(void **state)
{
	struct fixture *f = *state;
	int retry = 0;
	assert_int_equal(recovery_request_reset(f->db, f->editor.email, "web", "192.0.2.9", &retry),
	                 OUTCOME_OK);
	char *first = token_mailed(f->db, f->editor.email);
	assert_int_equal(recovery_request_reset(f->db, f->editor.email, "web", "192.0.2.9", &retry),
	                 OUTCOME_OK);
	char *second = token_mailed(f->db, f->editor.email);
	assert_int_equal(recovery_token_live(f->db, "reset", first), 0);   /* revoked */
	assert_int_equal(recovery_token_live(f->db, "reset", second), 1);
	json_t *errors = json_object();
	assert_int_equal(recovery_reset(f->db, second, "short", "web", NULL, errors),
	                 OUTCOME_INVALID);
	assert_int_equal(recovery_reset(f->db, second, "a new password long enough", "web", NULL,
	                                errors), OUTCOME_OK);
	assert_int_equal(recovery_reset(f->db, second, "a new password long enough", "web", NULL,
	                                errors), OUTCOME_NOT_FOUND);
	assert_int_equal(recovery_reset(f->db, "forged", "a new password long enough", "web", NULL,
	                                errors), OUTCOME_NOT_FOUND);
	json_decref(errors);
	/* An unknown address: the same answer, nothing mailed. */
	int64_t before = scalar(f->db, "SELECT count(*) FROM mail", NO_ARGS);
	assert_int_equal(recovery_request_reset(f->db, "nobody@example.org", "web", "192.0.2.9",
	                                        &retry), OUTCOME_OK);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM mail", NO_ARGS), before);
	/* The third request for the address in the hour is the last. */
	assert_int_equal(recovery_request_reset(f->db, f->editor.email, "web", "192.0.2.10", &retry),
	                 OUTCOME_OK);
	assert_int_equal(recovery_request_reset(f->db, f->editor.email, "web", "192.0.2.11", &retry),
	                 OUTCOME_CONFLICT);
	assert_true(retry > 0);
	free(first);
	free(second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test_setup_teardown(test_queue_refuses_injection, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_failure_retried_then_failed, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_batches_and_leases, fixture_setup,
		                                fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reset_once, fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
