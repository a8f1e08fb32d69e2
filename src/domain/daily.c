/* daily.c — the daily chores and the timer thread that runs them
 * (daily.h). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actors.h"
#include "background.h"
#include "daily.h"
#include "dates.h"
#include "db.h"
#include "notifications.h"
#include "util.h"

int daily_run(struct db *db, const char *today, const struct daily_options *opt,
              struct daily_result *out)
{
	memset(out, 0, sizeof *out);
	char buf[DATE_LEN + 1];
	if (today && !date_valid(today))
		return -1;
	const char *day = dates_resolve_today(today, buf);
	out->reminders = notifications_remind(db, day, opt->remind_days);
	if (out->reminders < 0)
		return -1;
	out->digests = notifications_digests(db, day);
	if (out->digests < 0)
		return -1;
	out->purged = actors_purge_declined(db, day, opt->retention_days,
	                                    opt->channel ? opt->channel : "cli");
	return out->purged < 0 ? -1 : 0;
}

int daily_read_only(struct db *db)
{
	if (db_dialect(db) != DB_POSTGRES)
		return 0;
	int64_t ro;
	if (db_scalar_int(db, &ro, 0, "SELECT CASE WHEN pg_is_in_recovery() OR "
	                  "current_setting('transaction_read_only') = 'on' THEN 1 ELSE 0 END",
	                  NO_ARGS) < 0)
		return -1;
	return ro != 0;
}

/* ---- The timer ------------------------------------------------------------ */

struct daily_timer {
	struct db_pool *pool;
	struct daily_options opt;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	char done[DATE_LEN + 1];    /* the last day run to the end, "" none */
};

/* One look at the date: runs today's chores unless done, or the node is a
 * reader. A failure leaves the day not done: the next look tries again. */
static void tick(struct daily_timer *t)
{
	char today[DATE_LEN + 1];
	dates_today(today);
	if (strcmp(today, t->done) == 0)
		return;
	struct db *db = db_pool_get(t->pool);
	if (!db) {
		fprintf(stderr, "pacte: daily chores: no database connection\n");
		return;
	}
	int ro = daily_read_only(db);
	if (ro != 0) {
		if (ro < 0)
			fprintf(stderr, "pacte: daily chores: %s\n", db_errmsg(db));
		db_pool_report(t->pool, db);
		return;
	}
	struct daily_result r;
	if (daily_run(db, today, &t->opt, &r) < 0) {
		fprintf(stderr, "pacte: daily chores of %s: %s\n", today, db_errmsg(db));
	} else {
		snprintf(t->done, sizeof t->done, "%s", today);
		fprintf(stderr, "pacte: daily chores of %s: %lld reminder(s), %lld digest(s), "
		        "%lld declined applicant(s) purged\n", today, (long long)r.reminders,
		        (long long)r.digests, (long long)r.purged);
	}
	db_pool_report(t->pool, db);
}

static void *timer_main(void *arg)
{
	struct daily_timer *t = arg;
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		pthread_mutex_unlock(&t->lock);
		tick(t);
		pthread_mutex_lock(&t->lock);
		if (t->stop)
			break;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += DAILY_POLL_SECONDS;
		pthread_cond_timedwait(&t->wake, &t->lock, &until);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct daily_timer *daily_start(struct db_pool *pool, const struct daily_options *opt)
{
	struct daily_timer *t = xcalloc(1, sizeof *t);
	t->pool = pool;
	t->opt = *opt;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	if (background_start(&t->thread, timer_main, t, "pacte-daily") != 0) {
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->wake);
		free(t);
		return NULL;
	}
	return t;
}

void daily_stop(struct daily_timer *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wake);
	free(t);
}
