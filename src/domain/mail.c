/* mail.c — the mail queue: queuing a message, and reading the queue for
 * the administrators (mail.h). The sender is mail_sender.c. */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "mail.h"
#include "principal.h"
#include "smtp.h"
#include "util.h"

int64_t mail_queue(struct db *db, const char *to, const char *locale, const char *template_name,
                   const char *subject, const json_t *model)
{
	char email[EMAIL_MAX + 1];
	/* A header injection (CR, LF), or anything no mail server takes, stops
	 * here, before it is written anywhere. */
	if (principal_email_normalise(to, email) < 0 || !smtp_address_ok(email))
		return -1;
	char *m = model ? json_dumps(model, JSON_COMPACT | JSON_SORT_KEYS) : xstrdup("{}");
	if (!m || strlen(m) > MAIL_MODEL_MAX) {
		free(m);
		return -1;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	json_t *row = db_json_row(db, "INSERT INTO mail (recipient, locale, template, subject, model, "
	                          "next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
	                          "RETURNING id",
	                          DB_ARGS(DB_TEXT(email), DB_TEXT(locale), DB_TEXT(template_name),
	                                  DB_TEXT(subject), DB_TEXT(m), DB_TEXT(now)));
	free(m);
	int64_t id = row ? json_integer_value(json_object_get(row, "id")) : -1;
	json_decref(row);
	return id > 0 ? id : -1;
}

int64_t mail_queue_user(struct db *db, int64_t user_id, const char *template_name,
                        const char *subject, const json_t *model)
{
	json_t *u = db_json_row(db, "SELECT email, locale, disabled FROM account WHERE id = $1",
	                        DB_ARGS(DB_INT(user_id)));
	if (!u)
		return -1;
	int64_t id = 0;
	if (json_is_object(u) && json_integer_value(json_object_get(u, "disabled")) == 0)
		id = mail_queue(db, json_string_value(json_object_get(u, "email")),
		                json_string_value(json_object_get(u, "locale")), template_name, subject,
		                model);
	json_decref(u);
	return id;
}

#define OUTBOX_COLUMNS \
	"id, recipient, locale, template, subject, status, attempts, created_at, " \
	"next_attempt_at, sent_at, last_error"

json_t *mail_outbox(struct db *db, const char *status)
{
	const char *s = status ? status : "";
	json_t *list = db_json_rows(db, "SELECT " OUTBOX_COLUMNS " FROM mail "
	                            "WHERE (CAST($1 AS TEXT) = '' OR status = $1) "
	                            "ORDER BY id DESC LIMIT $2",
	                            DB_ARGS(DB_TEXT(s), DB_INT(MAIL_OUTBOX_SHOWN)));
	json_t *counts = list ? db_json_row(db, "SELECT "
	                                    "SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END) AS queued, "
	                                    "SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS sent, "
	                                    "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed "
	                                    "FROM mail", NO_ARGS) : NULL;
	if (!counts) {
		json_decref(list);
		return NULL;
	}
	/* SUM of no rows is NULL: say 0. */
	const char *keys[] = {"queued", "sent", "failed"};
	for (size_t i = 0; i < 3; i++)
		if (!json_is_integer(json_object_get(counts, keys[i])))
			json_object_set_new(counts, keys[i], json_integer(0));
	return json_pack("{s:o, s:o}", "messages", list, "counts", counts);
}

json_t *mail_get(struct db *db, int64_t id)
{
	json_t *m = db_json_row(db, "SELECT " OUTBOX_COLUMNS ", model FROM mail WHERE id = $1",
	                        DB_ARGS(DB_INT(id)));
	if (!m || json_is_null(m))
		return m;
	json_t *model = json_loads(json_string_value(json_object_get(m, "model")), 0, NULL);
	json_object_set_new(m, "model", model ? model : json_object());
	json_t *attempts = db_json_rows(db, "SELECT at, ok, detail FROM mail_attempt "
	                                "WHERE mail_id = $1 ORDER BY id", DB_ARGS(DB_INT(id)));
	if (!attempts) {
		json_decref(m);
		return NULL;
	}
	json_object_set_new(m, "attempt_log", attempts);
	return m;
}
