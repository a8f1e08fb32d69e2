/* notifications_remind.c — reporting reminders: when an open commitment's
 * freshness turns from "reported" to "due", and telling its owner's
 * editors before it does, once per reporting period (notifications.h). */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "notifications.h"

static const char *const remind_msgid =
	N_("A progress report on {title} is due: without one, the commitment counts as late from {date}.");

int notifications_late_on(const char *activity_date, char out[DATE_LEN + 1])
{
	if (!activity_date || !date_valid(activity_date))
		return -1;
	/* commitment_freshness: "reported" while activity >= today minus 12
	 * months. A year on is the last such day, or one past it when the
	 * month's end was clamped (2024-02-29 → 2025-02-28): step until the
	 * day whose year-ago is after the activity date. */
	char day[DATE_LEN + 1], back[DATE_LEN + 1];
	date_minus_months(activity_date, -12, day);
	for (int i = 0; i < 5; i++) {
		date_minus_months(day, 12, back);
		if (strcmp(back, activity_date) > 0)
			break;
		date_plus_days(day, 1, day);
	}
	snprintf(out, DATE_LEN + 1, "%s", day);
	return 0;
}

void notifications_remind_window(const char *today, int days, char since[DATE_LEN + 1],
                                 char until[DATE_LEN + 1])
{
	char last[DATE_LEN + 1];
	/* Still reported today, due on today + days. */
	date_minus_months(today, 12, since);
	date_plus_days(today, days, last);
	date_minus_months(last, 12, until);
}

struct remind {
	int64_t commitment_id, owner;
	const char *title, *activity_date;
	bool sent;
};

static enum outcome remind_body(struct db *db, struct audit_txn *t, void *ctx)
{
	(void)t;
	struct remind *r = ctx;
	r->sent = false;
	char late[DATE_LEN + 1], now[AUDIT_TIME_LEN + 1], url[48];
	if (notifications_late_on(r->activity_date, late) < 0)
		return OUTCOME_OK;
	audit_time(now, 0);
	/* The row is the "once": a second run, or another node, inserts
	 * nothing and tells nobody. */
	int64_t n = db_exec(db, "INSERT INTO commitment_reminder (commitment_id, activity_date, "
	                    "late_on, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
	                    DB_ARGS(DB_INT(r->commitment_id), DB_TEXT(r->activity_date),
	                            DB_TEXT(late), DB_TEXT(now)));
	if (n <= 0)
		return n < 0 ? OUTCOME_ERROR : OUTCOME_OK;
	snprintf(url, sizeof url, "/commitments/%lld", (long long)r->commitment_id);
	json_t *args = json_pack("{s:s, s:s}", "title", r->title, "date", late);
	int rc = notifications_add_editors(db, r->owner, remind_msgid, args, url);
	json_decref(args);
	if (rc < 0)
		return OUTCOME_ERROR;
	r->sent = true;
	return OUTCOME_OK;
}

int64_t notifications_remind(struct db *db, const char *today, int days)
{
	char buf[DATE_LEN + 1], since[DATE_LEN + 1], until[DATE_LEN + 1];
	if ((today && !date_valid(today)) || days < 0 || days > NOTIFICATIONS_REMIND_MAX)
		return -1;
	notifications_remind_window(dates_resolve_today(today, buf), days, since, until);
	json_t *due = db_json_rows(db, "SELECT c.id, c.owner_actor_id, c.title, c.activity_date "
	                           "FROM commitment c WHERE c.activity_date >= $1 "
	                           "AND c.activity_date < $2 AND c.withdrawn_at IS NULL "
	                           "AND c.status IN ('planned', 'in_progress', 'delayed') "
	                           "AND NOT EXISTS (SELECT 1 FROM commitment_reminder r "
	                           "WHERE r.commitment_id = c.id AND r.activity_date = c.activity_date) "
	                           "ORDER BY c.id", DB_ARGS(DB_TEXT(since), DB_TEXT(until)));
	if (!due)
		return -1;
	int64_t sent = 0;
	size_t i;
	json_t *c;
	json_array_foreach(due, i, c) {
		struct remind r = {
			.commitment_id = json_integer_value(json_object_get(c, "id")),
			.owner = json_integer_value(json_object_get(c, "owner_actor_id")),
			.title = json_string_value(json_object_get(c, "title")),
			.activity_date = json_string_value(json_object_get(c, "activity_date")),
		};
		if (audit_transaction(db, true, remind_body, &r) != OUTCOME_OK) {
			json_decref(due);
			return -1;
		}
		sent += r.sent;
	}
	json_decref(due);
	return sent;
}
