/* notifications.h — notifications: what a workflow tells the people it
 * concerns (an accreditation decided, a practice submitted or reviewed, a
 * match proposed on the hub, a report coming due), in-app on their account
 * page and by e-mail as each person chose.
 *
 * A notification is a message id with its arguments (validate.h's shape),
 * translated only when shown, so each reader sees it in their language,
 * and a link. The files of the module:
 *   notifications.c         adding one (and its mail), the list, the
 *                           unread count, marking read
 *   notifications_mail.c    each person's preference, the daily digests
 *   notifications_remind.c  reporting reminders and their due dates
 *
 * Mail (schema/0032_notify.sql, account.notify_mail), per person:
 *   immediate  each notification queued as a mail when it is made (the
 *              default: accreditation decisions were mailed at once
 *              before preferences existed, and a review request waits on
 *              its reader), template mail/notifications, in the
 *              recipient's language; a workflow with a mail of its own
 *              (a decision: mail/decision) passes its template instead
 *   daily      one digest a day (notifications_digests) holding every
 *              notification since the last digest
 *   never      in-app only
 * Unread: the notifications after account.notify_read_id; the account
 * page's "mark all read" button moves it to the newest (a GET writes
 * nothing, so a page view on a read-only node or a prefetch marks nothing).
 *
 * Reporting reminders: an open commitment's freshness (commitments.h)
 * turns from "reported" to "due" on the day its activity date is more
 * than 12 months behind (notifications_late_on). Within `days` days of
 * that day, its owner's editors (members with the role editor or focal
 * point) are told, once per commitment per reporting period: a row of
 * commitment_reminder (commitment, activity date) is kept, and a new
 * progress report (a new activity date) opens a new period. */
#ifndef PACTE_NOTIFICATIONS_H
#define PACTE_NOTIFICATIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "dates.h"
#include "outcome.h"

struct db;
struct user;

#define NOTIFICATIONS_SHOWN 50        /* the newest an account page lists */
#define NOTIFICATIONS_DIGEST_MAX 100  /* the newest a digest lists (it counts all) */
#define NOTIFICATIONS_REMIND_DAYS 14  /* default days of warning before a report is due */
#define NOTIFICATIONS_REMIND_MAX 366  /* the most days of warning accepted */
#define NOTIFICATIONS_UNREAD_CAP 99   /* the header shows "99+" past this */

/* The preferences, as stored and as a form posts them. */
extern const char *const notifications_mail_prefs[];   /* immediate daily never, NULL */
extern const char *const notifications_mail_labels[];  /* their msgids */

/* Tells user_id msgid with args (an object, or NULL) and a link (a path,
 * or NULL), inside the caller's transaction, and queues its mail when the
 * person chose "immediate" (mail/notifications). 0 or -1 (db_errmsg). */
int notifications_add(struct db *db, int64_t user_id, const char *msgid, const json_t *args,
                      const char *url);

/* notifications_add whose immediate mail is a template of the workflow's
 * own (templates/mail/<template>, subject a msgid formatted with args,
 * rendered from args). 0 or -1. */
int notifications_add_mailed(struct db *db, int64_t user_id, const char *msgid,
                             const json_t *args, const char *url, const char *template_name,
                             const char *subject);

/* notifications_add for every account acting for actor_id. 0 or -1. */
int notifications_add_actor(struct db *db, int64_t actor_id, const char *msgid,
                            const json_t *args, const char *url);

/* notifications_add for every editor (or focal point) of actor_id: the
 * live accounts whose membership of it has one of those roles. 0 or -1. */
int notifications_add_editors(struct db *db, int64_t actor_id, const char *msgid,
                              const json_t *args, const char *url);

/* user_id's newest notifications, at most NOTIFICATIONS_SHOWN: [{id,
 * text (msgid translated into locale with its arguments), message_id,
 * url|null, created_at, unread: bool}]. NULL on error. */
json_t *notifications_list(struct db *db, const char *locale, int64_t user_id);

/* How many of user_id's notifications are unread, at most
 * NOTIFICATIONS_UNREAD_CAP + 1 (one indexed range). -1 on error. */
int64_t notifications_unread(struct db *db, int64_t user_id);

/* Marks every notification of `by` read, in a transaction of its own (not
 * audited: a person's own reading, like a session's last use). 0 or -1. */
int notifications_mark_read(struct db *db, const struct user *by);

/* user_id's mail preference ("immediate", "daily", "never"), or NULL on
 * error (a missing account reads as the default). Static storage. */
const char *notifications_pref(struct db *db, int64_t user_id);

/* Sets by's mail preference to `mail`, audited ("account.notify").
 * Choosing daily starts the digests after the newest notification (those
 * made before were mailed already or were not to be). OUTCOME_INVALID
 * with errors {"notify_mail": …} (errors may be NULL) for anything else;
 * OUTCOME_DENIED for no user or a disabled one; OUTCOME_ERROR. */
enum outcome notifications_set_pref(struct db *db, const struct user *by, const char *mail,
                                    json_t *errors);

/* Sends the daily digests of `today` (NULL: the real today): for each
 * account that chose daily, has no digest dated today, and has
 * notifications after its last digest, one mail (mail/notifications, at
 * most NOTIFICATIONS_DIGEST_MAX listed, the count of all) and the account
 * moved on, one transaction per account. Run twice on one day, the second
 * sends nothing. Returns how many were queued, or -1. */
int64_t notifications_digests(struct db *db, const char *today);

/* The first day an open commitment whose activity date is activity_date
 * is "due" rather than "reported" (commitment_freshness), into out.
 * -1 when activity_date is not a date. Pure. */
int notifications_late_on(const char *activity_date, char out[DATE_LEN + 1]);

/* The activity dates whose commitments turn late after today and on or
 * before today + days: since <= activity_date < until. Pure. */
void notifications_remind_window(const char *today, int days, char since[DATE_LEN + 1],
                                 char until[DATE_LEN + 1]);

/* Sends the reporting reminders of `today` (NULL: real today) with `days`
 * days of warning (0..NOTIFICATIONS_REMIND_MAX): each open, not withdrawn
 * commitment turning late in the window whose period has no reminder yet
 * gets one (a row, and a notification to its owner's editors). Returns
 * how many commitments were reminded, or -1. */
int64_t notifications_remind(struct db *db, const char *today, int days);

#endif
