/* backup.c — `pacte backup FILE` and `pacte restore FILE`: the whole
 * instance to one portable file and back (src/domain/backup.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "backup.h"
#include "cli.h"
#include "db.h"
#include "reindex.h"

static int run_backup(int argc, char **argv)
{
	struct db_flags f = {0};
	const struct opt opts[] = {DB_OPTS(&f), {0}};
	const char *file = NULL;
	int npos = 0;
	int rc = cli_parse(&cmd_backup_def, opts, argc, argv, &file, &npos, 1);
	if (rc != CLI_GO_ON)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "pacte: backup: which file? (see 'pacte backup --help')\n");
		return 2;
	}
	struct db *db = cli_open_db("backup", &f);
	if (!db)
		return 1;
	char now[32], err[1024];
	struct tm tm;
	time_t t = time(NULL);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	struct backup_stats st;
	rc = backup_to_file(db, file, now, &st, err, sizeof err);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "pacte: backup: %s\n", err);
		return 1;
	}
	printf("backup of %s written to %s: %lld tables, %lld rows\n", cli_db_label(&f), file,
	       (long long)st.tables, (long long)st.rows);
	return 0;
}

static int run_restore(int argc, char **argv)
{
	struct db_flags f = {0};
	const struct opt opts[] = {DB_OPTS(&f), {0}};
	const char *file = NULL;
	int npos = 0;
	int rc = cli_parse(&cmd_restore_def, opts, argc, argv, &file, &npos, 1);
	if (rc != CLI_GO_ON)
		return rc;
	if (npos != 1) {
		fprintf(stderr, "pacte: restore: which file? (see 'pacte restore --help')\n");
		return 2;
	}
	FILE *in = fopen(file, "r");
	if (!in) {
		fprintf(stderr, "pacte: restore: %s: %s\n", file, strerror(errno));
		return 1;
	}
	struct db *db = cli_open_db("restore", &f);
	if (!db) {
		fclose(in);
		return 1;
	}
	char err[2048];
	struct backup_stats st;
	rc = backup_restore(db, in, file, &st, err, sizeof err);
	/* the search index, derived from what was restored (reindex.h) */
	if (rc == 0 && reindex_if_needed(db, err, sizeof err) < 0)
		rc = -1;
	db_close(db);
	fclose(in);
	if (rc < 0) {
		fprintf(stderr, "pacte: restore: %s\n", err);
		return 1;
	}
	printf("restored %s into %s: %lld tables, %lld rows\n", file, cli_db_label(&f),
	       (long long)st.tables, (long long)st.rows);
	return 0;
}

#define DB_HELP \
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n" \
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n"

const struct command cmd_backup_def = {
	"backup", run_backup, "write the whole instance to one portable file",
	"usage: pacte backup [--db PATH | --database-url URL] FILE\n\n"
	"Writes every table of the instance, private ones too (accounts, sessions,\n"
	"tokens, the audit trail), to FILE as JSON lines that 'pacte restore' reads\n"
	"back on either backend: a SQLite instance restores on PostgreSQL and back.\n"
	"The tables are read in one transaction (writers wait meanwhile); the file is\n"
	"written under a temporary name and renamed, so FILE is whole or absent. It\n"
	"holds password and session hashes: it is created readable by its owner only.\n\n"
	DB_HELP,
};

const struct command cmd_restore_def = {
	"restore", run_restore, "restore a backup into a new, empty database",
	"usage: pacte restore [--db PATH | --database-url URL] FILE\n\n"
	"Loads a backup written by 'pacte backup' into the database, which is created\n"
	"and migrated if needed and must hold no data yet (reference data is replaced\n"
	"by the backup's). The backup's migrations must be the database's: restore\n"
	"with the pacte version that made the backup, then upgrade. Everything goes\n"
	"in one transaction: on any problem nothing is written and the message says\n"
	"FILE:LINE: what is wrong.\n\n"
	DB_HELP,
};
