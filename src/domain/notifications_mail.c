/* notifications_mail.c — how each person's notifications reach them by
 * mail: their preference, and the daily digests (notifications.h). */
#include <string.h>

#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "mail.h"
#include "notifications.h"
#include "principal.h"
#include "util.h"
#include "validate.h"

const char *const notifications_mail_prefs[] = {"immediate", "daily", "never", NULL};
const char *const notifications_mail_labels[] = {
	N_("By e-mail, each one as it comes"),
	N_("By e-mail, in one digest a day"),
	N_("Never by e-mail: on this page only"),
	NULL,
};

static const char *const digest_subject = N_("Your Pacte notifications of {date}");

const char *notifications_pref(struct db *db, int64_t user_id)
{
	json_t *row = db_json_row(db, "SELECT notify_mail FROM account WHERE id = $1",
	                          DB_ARGS(DB_INT(user_id)));
	if (!row)
		return NULL;
	const char *got = json_string_value(json_object_get(row, "notify_mail"));
	const char *pref = notifications_mail_prefs[0];
	for (size_t i = 0; got && notifications_mail_prefs[i]; i++)
		if (strcmp(got, notifications_mail_prefs[i]) == 0)
			pref = notifications_mail_prefs[i];
	json_decref(row);
	return pref;
}

static const struct field pref_fields[] = {
	{"notify_mail", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, notifications_mail_prefs, 0, NULL,
	 N_("Choose how notifications reach you by e-mail.")},
};

struct set_pref {
	const struct user *by;
	const char *mail;
};

static enum outcome set_pref_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct set_pref *s = ctx;
	const char *before = notifications_pref(db, s->by->id);
	if (!before)
		return OUTCOME_ERROR;
	if (strcmp(before, s->mail) == 0)
		return OUTCOME_OK;
	/* A new daily reader's first digest starts after what they already
	 * had: mailed at once, or meant never to be mailed. */
	bool daily = strcmp(s->mail, "daily") == 0;
	json_t *changes = json_pack("{s:{s:s, s:s}}", "notify_mail", "before", before, "after",
	                            s->mail);
	enum outcome rc = OUTCOME_OK;
	if (db_exec(db, "UPDATE account SET notify_mail = $2, digest_last_id = CASE WHEN $3 = 1 "
	            "THEN COALESCE((SELECT max(n.id) FROM notification n WHERE n.user_id = $1), 0) "
	            "ELSE digest_last_id END WHERE id = $1",
	            DB_ARGS(DB_INT(s->by->id), DB_TEXT(s->mail), DB_INT(daily))) != 1 ||
	    audit_record(db, s->by, "account.notify", "user", s->by->id, changes) < 0)
		rc = OUTCOME_ERROR;
	json_decref(changes);
	return rc;
}

enum outcome notifications_set_pref(struct db *db, const struct user *by, const char *mail,
                                    json_t *errors)
{
	if (!by || by->disabled)
		return OUTCOME_DENIED;
	json_t *input = json_pack("{s:s?}", "notify_mail", mail);
	json_t *clean = NULL, *errs = errors ? json_incref(errors) : json_object();
	int bad = valid_check(pref_fields, ARRAY_LEN(pref_fields), input, NULL, errs, &clean);
	json_decref(errs);
	json_decref(input);
	struct set_pref s = {by, json_string_value(json_object_get(clean, "notify_mail"))};
	enum outcome rc = bad ? OUTCOME_INVALID : audit_transaction(db, true, set_pref_body, &s);
	json_decref(clean);
	return rc;
}

/* ---- Digests -------------------------------------------------------------- */

struct digest {
	int64_t user_id;
	const char *today;
	bool sent;
};

/* One account's digest: claims the day (a second run, or another node,
 * finds it taken), lists what came since the last one, queues the mail. */
static enum outcome digest_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct digest *d = ctx;
	d->sent = false;
	json_t *acc = db_json_row(db, "SELECT u.digest_last_id AS since, (SELECT max(n.id) FROM "
	                          "notification n WHERE n.user_id = u.id) AS upto FROM account u "
	                          "WHERE u.id = $1", DB_ARGS(DB_INT(d->user_id)));
	if (!acc || !json_is_object(acc)) {
		json_decref(acc);
		return acc ? OUTCOME_OK : OUTCOME_ERROR;
	}
	json_int_t since = json_integer_value(json_object_get(acc, "since"));
	json_int_t upto = json_integer_value(json_object_get(acc, "upto"));
	json_decref(acc);
	if (upto <= since)
		return OUTCOME_OK;
	int64_t claimed = db_exec(db, "UPDATE account SET digest_day = $2, digest_last_id = $3 "
	                          "WHERE id = $1 AND (digest_day IS NULL OR digest_day < $2) "
	                          "AND digest_last_id = $4",
	                          DB_ARGS(DB_INT(d->user_id), DB_TEXT(d->today), DB_INT(upto),
	                                  DB_INT(since)));
	if (claimed <= 0)
		return claimed < 0 ? OUTCOME_ERROR : OUTCOME_OK;
	int64_t count;
	json_t *notes = db_scalar_int(db, &count, 0, "SELECT count(*) FROM notification "
	                              "WHERE user_id = $1 AND id > $2 AND id <= $3",
	                              DB_ARGS(DB_INT(d->user_id), DB_INT(since), DB_INT(upto))) < 0
	                ? NULL
	                : db_json_rows(db, "SELECT message, args, url FROM notification "
	                               "WHERE user_id = $1 AND id > $2 AND id <= $3 "
	                               "ORDER BY id DESC LIMIT $4",
	                               DB_ARGS(DB_INT(d->user_id), DB_INT(since), DB_INT(upto),
	                                       DB_INT(NOTIFICATIONS_DIGEST_MAX)));
	if (!notes)
		return OUTCOME_ERROR;
	/* args is stored as text: the model holds it as an object. */
	size_t i;
	json_t *n;
	json_array_foreach(notes, i, n) {
		json_t *args = json_loads(json_string_value(json_object_get(n, "args")), 0, NULL);
		json_object_set_new(n, "args", args ? args : json_object());
	}
	json_t *model = json_pack("{s:o, s:I, s:b, s:b, s:s}", "notes", notes, "count",
	                          (json_int_t)count, "digest", 1, "more",
	                          count > NOTIFICATIONS_DIGEST_MAX, "date", d->today);
	int64_t id = mail_queue_user(db, d->user_id, "notifications", digest_subject, model);
	json_decref(model);
	if (id < 0)
		return OUTCOME_ERROR;
	d->sent = id > 0;
	return OUTCOME_OK;
}

int64_t notifications_digests(struct db *db, const char *today)
{
	char buf[DATE_LEN + 1];
	if (today && !date_valid(today))
		return -1;
	const char *day = dates_resolve_today(today, buf);
	json_t *due = db_json_rows(db, "SELECT u.id FROM account u WHERE u.notify_mail = 'daily' "
	                           "AND u.disabled = 0 AND (u.digest_day IS NULL OR "
	                           "u.digest_day < $1) AND EXISTS (SELECT 1 FROM notification n "
	                           "WHERE n.user_id = u.id AND n.id > u.digest_last_id) ORDER BY u.id",
	                           DB_ARGS(DB_TEXT(day)));
	if (!due)
		return -1;
	int64_t sent = 0;
	size_t i;
	json_t *u;
	json_array_foreach(due, i, u) {
		struct digest d = {json_integer_value(json_object_get(u, "id")), day, false};
		if (audit_transaction(db, true, digest_body, &d) != OUTCOME_OK) {
			json_decref(due);
			return -1;
		}
		sent += d.sent;
	}
	json_decref(due);
	return sent;
}
