/* migrate.c — `pacte migrate`: apply pending schema migrations. */
#include <stdio.h>

#include "cli.h"
#include "db.h"

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	const struct opt opts[] = {DB_OPTS(&f), {0}};
	int rc = cli_parse(&cmd_migrate_def, opts, argc, argv, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	struct db *db = cli_open_db("migrate", &f);
	if (!db)
		return 1;
	db_close(db);
	printf("database %s is up to date\n", cli_db_label(&f));
	return 0;
}

const struct command cmd_migrate_def = {
	"migrate", run, "apply pending schema migrations",
	"usage: pacte migrate [--db PATH | --database-url URL]\n\n"
	"Applies the schema migrations the database has not had yet, each in its own\n"
	"transaction. Safe to run from several machines at once.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n",
};
