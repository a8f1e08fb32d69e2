/* notify.c — `pacte notify run`: the daily chores (daily.h) from the
 * console, for cron and for tests: reporting reminders, the notifications'
 * daily digests and the purge of declined applicants past their retention
 * period, each idempotent. `pacte serve` runs the same once a day. */
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "cli.h"
#include "daily.h"
#include "dates.h"
#include "db.h"
#include "notifications.h"
#include "util.h"

static int run(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		fputs(cmd_notify_def.usage, sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (strcmp(sub, "run") != 0) {
		fprintf(stderr, "pacte: notify: unknown subcommand '%s' (see 'pacte notify --help')\n",
		        sub);
		return 2;
	}
	struct db_flags f = {0};
	const char *today = NULL;
	unsigned remind = NOTIFICATIONS_REMIND_DAYS, retention = ACTORS_DECLINED_RETENTION_DAYS;
	const struct opt opts[] = {DB_OPTS(&f), {"--today", OPT_STRING, &today, NULL},
	                           {"--remind-days", OPT_UINT, &remind, NULL},
	                           {"--retention-days", OPT_UINT, &retention, NULL}, {0}};
	int rc = cli_parse(&cmd_notify_def, opts, argc - 1, argv + 1, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	if (today && !date_valid(today)) {
		fprintf(stderr, "pacte: notify run: --today takes a date such as 2026-12-31\n");
		return 2;
	}
	if (remind > NOTIFICATIONS_REMIND_MAX || retention > INT32_MAX) {
		fprintf(stderr, "pacte: notify run: --remind-days is at most %d\n",
		        NOTIFICATIONS_REMIND_MAX);
		return 2;
	}
	struct db *db = cli_open_db("notify", &f);
	if (!db)
		return 1;
	struct daily_options opt = {(int)remind, (int)retention, "cli"};
	struct daily_result r;
	if (daily_run(db, today, &opt, &r) < 0) {
		fprintf(stderr, "pacte: notify run: %s\n", db_errmsg(db));
		db_close(db);
		return 1;
	}
	printf("%lld reminder(s), %lld digest(s) queued, %lld declined applicant(s) purged\n",
	       (long long)r.reminders, (long long)r.digests, (long long)r.purged);
	db_close(db);
	return 0;
}

const struct command cmd_notify_def = {
	"notify", run, "run the daily chores: reporting reminders, digests, the purge",
	"usage: pacte notify run [--today YYYY-MM-DD] [--remind-days N] [--retention-days N]\n"
	"  (also takes --db PATH | --database-url URL)\n\n"
	"Does once what `pacte serve` does each day: reminds the editors of each open\n"
	"commitment whose progress report turns late within N days (default "
	STRINGIFY(NOTIFICATIONS_REMIND_DAYS) ";\n"
	"once per commitment per reporting period), queues the daily digest of every\n"
	"person who chose one (one a day), and deletes the data of the partners declined\n"
	"more than --retention-days (default " STRINGIFY(ACTORS_DECLINED_RETENTION_DAYS)
	") days before. Idempotent: run twice on a day,\n"
	"the second run sends nothing. The mail goes out through a server's sender.\n",
};
