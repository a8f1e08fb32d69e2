/* notifications.c — adding a notification (and its mail, as its reader
 * chose), the list, the unread count and marking read (notifications.h). */
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "mail.h"
#include "notifications.h"
#include "principal.h"
#include "validate.h"

/* The immediate mail of one notification: its subject, and the model
 * mail/notifications renders (mail_render translates each of "notes"). */
static const char *const one_subject = N_("A notification from Pacte");

/* The note as a mail model lists it: {message, args, url}. */
static json_t *note_of(const char *msgid, const json_t *args, const char *url)
{
	return json_pack("{s:s, s:O, s:s?}", "message", msgid,
	                 "args", args ? (json_t *)args : json_object(), "url", url);
}

static int add(struct db *db, int64_t user_id, const char *msgid, const json_t *args,
               const char *url, const char *template_name, const char *subject)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	char *a = json_dumps(args ? args : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
	int64_t rc = db_exec(db, "INSERT INTO notification (user_id, message, args, url, created_at) "
	                     "VALUES ($1, $2, $3, $4, $5)",
	                     DB_ARGS(DB_INT(user_id), DB_TEXT(msgid), DB_TEXT(a ? a : "{}"),
	                             DB_TEXT(url), DB_TEXT(now)));
	free(a);
	if (rc < 0)
		return -1;
	const char *pref = notifications_pref(db, user_id);
	if (!pref)
		return -1;
	if (strcmp(pref, "immediate") != 0)
		return 0;
	if (template_name)
		return mail_queue_user(db, user_id, template_name, subject, args) < 0 ? -1 : 0;
	json_t *model = json_pack("{s:[o], s:i}", "notes", note_of(msgid, args, url), "count", 1);
	int64_t id = mail_queue_user(db, user_id, "notifications", one_subject, model);
	json_decref(model);
	return id < 0 ? -1 : 0;
}

int notifications_add(struct db *db, int64_t user_id, const char *msgid, const json_t *args,
                      const char *url)
{
	return add(db, user_id, msgid, args, url, NULL, NULL);
}

int notifications_add_mailed(struct db *db, int64_t user_id, const char *msgid,
                             const json_t *args, const char *url, const char *template_name,
                             const char *subject)
{
	return add(db, user_id, msgid, args, url, template_name, subject);
}

/* notifications_add for each account the query ($1 the actor) lists. */
static int add_each(struct db *db, const char *sql, int64_t actor_id, const char *msgid,
                    const json_t *args, const char *url)
{
	json_t *users = db_json_rows(db, sql, DB_ARGS(DB_INT(actor_id)));
	if (!users)
		return -1;
	size_t i;
	json_t *u;
	int rc = 0;
	json_array_foreach(users, i, u)
		if (rc == 0 && notifications_add(db, json_integer_value(json_object_get(u, "id")),
		                                 msgid, args, url) < 0)
			rc = -1;
	json_decref(users);
	return rc;
}

int notifications_add_actor(struct db *db, int64_t actor_id, const char *msgid,
                            const json_t *args, const char *url)
{
	return add_each(db, "SELECT id FROM account WHERE actor_id = $1 AND disabled = 0 "
	                "ORDER BY id", actor_id, msgid, args, url);
}

int notifications_add_editors(struct db *db, int64_t actor_id, const char *msgid,
                              const json_t *args, const char *url)
{
	return add_each(db, "SELECT u.id FROM membership m JOIN account u ON u.id = m.user_id "
	                "WHERE m.actor_id = $1 AND m.role IN ('editor', 'focal_point') "
	                "AND u.disabled = 0 ORDER BY u.id", actor_id, msgid, args, url);
}

json_t *notifications_list(struct db *db, const char *locale, int64_t user_id)
{
	struct db_res *res = db_query(db, "SELECT n.id, n.message, n.args, n.url, n.created_at, "
	                              "CASE WHEN n.id > u.notify_read_id THEN 1 ELSE 0 END "
	                              "FROM notification n JOIN account u ON u.id = n.user_id "
	                              "WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
	                              DB_ARGS(DB_INT(user_id), DB_INT(NOTIFICATIONS_SHOWN)));
	if (!res)
		return NULL;
	json_t *list = json_array();
	int r;
	while ((r = db_next(res)) == 1) {
		json_t *args = json_loads(db_text(res, 2), 0, NULL);
		char *text = valid_format(locale, db_text(res, 1), args);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:o, s:s, s:b}",
		                      "id", (json_int_t)db_int(res, 0), "text", text,
		                      "message_id", db_text(res, 1), "url", db_json(res, 3),
		                      "created_at", db_text(res, 4), "unread", db_int(res, 5) != 0));
		free(text);
		json_decref(args);
	}
	db_res_free(res);
	if (r < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

int64_t notifications_unread(struct db *db, int64_t user_id)
{
	/* Counting stops past the cap: a long-unread list costs no more. */
	int64_t n;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM (SELECT 1 FROM notification n "
	                  "WHERE n.user_id = $1 AND n.id > (SELECT u.notify_read_id FROM account u "
	                  "WHERE u.id = $1) LIMIT $2) x",
	                  DB_ARGS(DB_INT(user_id), DB_INT(NOTIFICATIONS_UNREAD_CAP + 1))) < 0)
		return -1;
	return n;
}

int notifications_mark_read(struct db *db, const struct user *by)
{
	if (!by || db_begin_unversioned(db) < 0)
		return -1;
	if (db_exec(db, "UPDATE account SET notify_read_id = COALESCE((SELECT max(n.id) "
	            "FROM notification n WHERE n.user_id = $1), 0) WHERE id = $1",
	            DB_ARGS(DB_INT(by->id))) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}
