/* daily.h — the chores Pacte does once a day: the notifications' daily
 * digests and reporting reminders (notifications.h) and the purge of
 * declined applicants past their retention period (actors.h), run by a
 * timer thread of `pacte serve` and by `pacte notify run` (cron, tests).
 *
 * Each chore is idempotent on its own (a digest claims its day on the
 * account, a reminder its row, a purge finds nothing left), so two nodes
 * running them, or a run repeated, send nothing twice. The timer runs
 * them when it starts and then once per UTC day, and never on a node
 * whose database refuses writes (a PostgreSQL standby, or a server set to
 * read-only transactions): it asks before each run. */
#ifndef PACTE_DAILY_H
#define PACTE_DAILY_H

#include <stdint.h>

struct db;
struct db_pool;
struct daily_timer;

#define DAILY_POLL_SECONDS 300     /* how often the timer looks at the date */

struct daily_options {
	int remind_days;       /* days of warning before a report is due */
	int retention_days;    /* a declined applicant's data is kept this long */
	const char *channel;   /* the purge's audit entries: "cli" (NULL), or "timer" */
};

/* What a run did. */
struct daily_result {
	int64_t digests, reminders, purged;
};

/* Runs the chores of `today` (NULL: the real today; else YYYY-MM-DD):
 * reminders first (so the digests hold them), then digests, then the
 * purge. 0, or -1 (db_errmsg; what ran before the failure stays done). */
int daily_run(struct db *db, const char *today, const struct daily_options *opt,
              struct daily_result *out);

/* 1 when db refuses writes (a PostgreSQL standby or read-only server),
 * 0 when it takes them, -1 on error. SQLite always takes them (a
 * read-only file fails the run instead). */
int daily_read_only(struct db *db);

/* Starts the timer on a connection of its own from pool; opt is copied.
 * NULL when the thread cannot start. */
struct daily_timer *daily_start(struct db_pool *pool, const struct daily_options *opt);
/* Stops it, waiting for a run in progress. NULL is fine. */
void daily_stop(struct daily_timer *t);

#endif
