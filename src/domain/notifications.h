/* notifications.h — in-app notifications: what a workflow tells the people
 * it concerns (a practice submitted, a question asked, a practice
 * published …), listed on their account page.
 *
 * A notification is a message id with its arguments (validate.h's shape),
 * translated only when shown, so each reader sees it in their language,
 * and a link. E-mail comes with the accounts issue; it will read the same
 * rows. */
#ifndef PACTE_NOTIFICATIONS_H
#define PACTE_NOTIFICATIONS_H

#include <jansson.h>
#include <stdint.h>

struct db;

#define NOTIFICATIONS_SHOWN 50    /* the newest an account page lists */

/* Tells user_id msgid with args (an object, or NULL) and a link (a path,
 * or NULL), inside the caller's transaction. 0 or -1 (db_errmsg). */
int notifications_add(struct db *db, int64_t user_id, const char *msgid, const json_t *args,
                      const char *url);

/* The same for every account of actor_id. 0 or -1. */
int notifications_add_actor(struct db *db, int64_t actor_id, const char *msgid,
                            const json_t *args, const char *url);

/* user_id's newest notifications, at most NOTIFICATIONS_SHOWN: [{id,
 * text (msgid translated into locale with its arguments), message_id,
 * url|null, created_at}]. NULL on error. */
json_t *notifications_list(struct db *db, const char *locale, int64_t user_id);

#endif
