/* notifications.c — in-app notifications (notifications.h). */
#include <stdlib.h>

#include "audit.h"
#include "db.h"
#include "notifications.h"
#include "validate.h"

int notifications_add(struct db *db, int64_t user_id, const char *msgid, const json_t *args,
                      const char *url)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	char *a = json_dumps(args ? args : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
	int64_t rc = db_exec(db, "INSERT INTO notification (user_id, message, args, url, created_at) "
	                     "VALUES ($1, $2, $3, $4, $5)",
	                     DB_ARGS(DB_INT(user_id), DB_TEXT(msgid), DB_TEXT(a ? a : "{}"),
	                             DB_TEXT(url), DB_TEXT(now)));
	free(a);
	return rc < 0 ? -1 : 0;
}

int notifications_add_actor(struct db *db, int64_t actor_id, const char *msgid,
                            const json_t *args, const char *url)
{
	json_t *users = db_json_rows(db, "SELECT id FROM account WHERE actor_id = $1 "
	                             "AND disabled = 0 ORDER BY id", DB_ARGS(DB_INT(actor_id)));
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

json_t *notifications_list(struct db *db, const char *locale, int64_t user_id)
{
	struct db_res *res = db_query(db, "SELECT id, message, args, url, created_at "
	                              "FROM notification WHERE user_id = $1 ORDER BY id DESC "
	                              "LIMIT $2", DB_ARGS(DB_INT(user_id),
	                                                  DB_INT(NOTIFICATIONS_SHOWN)));
	if (!res)
		return NULL;
	json_t *list = json_array();
	int r;
	while ((r = db_next(res)) == 1) {
		json_t *args = json_loads(db_text(res, 2), 0, NULL);
		char *text = valid_format(locale, db_text(res, 1), args);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:o, s:s}",
		                      "id", (json_int_t)db_int(res, 0), "text", text,
		                      "message_id", db_text(res, 1), "url", db_json(res, 3),
		                      "created_at", db_text(res, 4)));
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
