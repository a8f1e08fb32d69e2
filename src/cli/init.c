/* init.c — `pacte init`: create or migrate the database and load the
 * reference data (the Compact's objectives and principles, the countries
 * and their regions). Idempotent: running it again changes nothing. */
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "refdata.h"

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	bool sample = false;
	const struct opt opts[] = {DB_OPTS(&f), {"--sample", OPT_FLAG, &sample, NULL}, {0}};
	int rc = cli_parse(&cmd_init_def, opts, argc, argv, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	struct db *db = cli_open_db("init", &f);
	if (!db)
		return 1;
	char err[4096];
	if (refdata_load(db, err, sizeof err) < 0) {
		fprintf(stderr, "pacte: init: reference data not loaded:\n%s\n", err);
		db_close(db);
		return 1;
	}
	int64_t countries = 0, objectives = 0, principles = 0;
	db_scalar_int(db, &countries, 0, "SELECT count(*) FROM country", NO_ARGS);
	db_scalar_int(db, &objectives, 0, "SELECT count(*) FROM objective", NO_ARGS);
	db_scalar_int(db, &principles, 0, "SELECT count(*) FROM principle", NO_ARGS);
	db_close(db);
	printf("database %s ready: %lld countries, %lld objectives, %lld guiding principles\n",
	       cli_db_label(&f), (long long)countries, (long long)objectives,
	       (long long)principles);
	return 0;
}

const struct command cmd_init_def = {
	"init", run, "create or migrate the database and load the reference data",
	"usage: pacte init [--db PATH | --database-url URL] [--sample]\n\n"
	"Creates the database if needed, applies pending migrations and loads the\n"
	"reference data: the Compact's 23 objectives and 10 guiding principles, the\n"
	"193 UN member states and 2 observer states with their M49 regions. Running it\n"
	"again is safe and changes nothing.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n"
	"  --sample             also load the sample records of the features that have\n"
	"                       them, each marked as sample data wherever it is shown\n",
};
