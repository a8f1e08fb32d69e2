/* demo.c — `pacte demo --scale N`: deterministic synthetic data (demo.h). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "demo.h"
#include "util.h"

/* Ctrl-C or a TERM during a bulk load: stop after the batch, so that the
 * indexes dropped for the load are built again before the process ends. */
static volatile sig_atomic_t stop_asked;

static void ask_stop(int sig)
{
	stop_asked = 1;
}

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	const char *scale = NULL, *seed = "1", *practices = NULL;
	const struct opt opts[] = {DB_OPTS(&f), {"--scale", OPT_STRING, &scale, NULL},
	                           {"--seed", OPT_STRING, &seed, NULL},
	                           {"--practices", OPT_STRING, &practices, NULL}, {0}};
	int rc = cli_parse(&cmd_demo_def, opts, argc, argv, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	struct demo_options o = {.progress = isatty(STDERR_FILENO) == 1, .practices = -1,
	                         .bulk = true, .stop = &stop_asked};
	int64_t s;
	if (!scale || parse_int64(scale, 1, DEMO_MAX_SCALE, &o.scale) < 0) {
		fprintf(stderr, "pacte: demo: --scale N: a whole number from 1 to %d is required\n",
		        DEMO_MAX_SCALE);
		return 2;
	}
	if (parse_int64(seed, 0, INT64_MAX, &s) < 0) {
		fprintf(stderr, "pacte: demo: --seed '%s': expected a whole number\n", seed);
		return 2;
	}
	o.seed = (uint64_t)s;
	if (practices && parse_int64(practices, 0, DEMO_MAX_SCALE, &o.practices) < 0) {
		fprintf(stderr, "pacte: demo: --practices N: a whole number from 0 to %d\n",
		        DEMO_MAX_SCALE);
		return 2;
	}
	struct db *db = cli_open_db("demo", &f);
	if (!db)
		return 1;
	struct demo_result r;
	struct sigaction sa = {.sa_handler = ask_stop}, old_int, old_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = demo_generate(db, &o, &r);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (rc == DEMO_STOPPED) {
		fprintf(stderr, "pacte: demo: interrupted after %lld commitments (kept, with their "
		        "indexes)\n", (long long)r.commitments);
		db_close(db);
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "pacte: demo: %s\n", db_errmsg(db));
		db_close(db);
		return 1;
	}
	db_close(db);
	double rows = (double)(r.actors + r.commitments + r.updates + r.practices);
	printf("generated %lld synthetic partners, %lld commitments, %lld progress updates "
	       "and %lld good practices in %.1f s (%.0f rows/s)\n", (long long)r.actors,
	       (long long)r.commitments, (long long)r.updates, (long long)r.practices, r.seconds,
	       r.seconds > 0 ? rows / r.seconds : rows);
	printf("and %lld voluntary reviews, %lld written inputs, %lld assessments\n",
	       (long long)r.reviews, (long long)r.inputs, (long long)r.assessments);
	printf("and, for the connection hub, %lld needs, %lld offers, %lld partnerships and "
	       "%lld side events\n", (long long)r.needs, (long long)r.offers,
	       (long long)r.partnerships, (long long)r.events);
	return 0;
}

const struct command cmd_demo_def = {
	"demo", run, "generate synthetic commitments for demos and benchmarks",
	"usage: pacte demo --scale N [--seed S] [--db PATH | --database-url URL]\n\n"
	"Adds N/20 synthetic partners, N commitments, 10*N progress updates and N/10\n"
	"published good practices (--practices sets how many), N/100 needs and N/10\n"
	"offers of the connection hub (one need in ten matched, with its partnership)\n"
	"and 2 + N/10000 side events, in\n"
	"French, English, Spanish and Arabic, every one marked as synthetic (pages show\n"
	"them under a banner). The same seed and scale give the same data on a new\n"
	"database. Run `pacte init` first. The commitments load in bulk (their tables'\n"
	"indexes built after them); Ctrl-C stops between batches of 2000 and builds\n"
	"them again (kill -9 would leave the database without them).\n\n"
	"  --scale N            commitments to generate (1 to 10000000)\n"
	"  --seed S             the generator's seed (default 1)\n"
	"  --practices P        good practices to generate (default N/10, at least 1)\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n",
};
