/* export.c — `pacte export`: the public data as an open-data package
 * (src/domain/export.h). */
#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "export.h"

#define EXPORT_DEFAULT_DIR "export"

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	const char *format_name = NULL, *dir = NULL, *licence = NULL, *base_url = NULL;
	const struct opt opts[] = {
		DB_OPTS(&f),
		{"--format", OPT_STRING, &format_name, NULL},
		{"--out", OPT_STRING, &dir, NULL},
		{"--licence", OPT_STRING, &licence, NULL},
		{"--base-url", OPT_STRING, &base_url, NULL},
		{0},
	};
	int rc = cli_parse(&cmd_export_def, opts, argc, argv, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	struct export_options opt = {.format = EXPORT_ALL, .homepage = base_url};
	if (format_name && export_format_parse(format_name, &opt.format) < 0) {
		fprintf(stderr, "pacte: export: --format '%s': expected csv, jsonl or all\n",
		        format_name);
		return 2;
	}
	if (licence && !(opt.licence = export_licence_find(licence))) {
		fprintf(stderr, "pacte: export: --licence '%s': expected one of %s\n", licence,
		        EXPORT_LICENCE_NAMES);
		return 2;
	}
	if (!dir)
		dir = EXPORT_DEFAULT_DIR;
	struct db *db = cli_open_db("export", &f);
	if (!db)
		return 1;
	char err[1024];
	struct export_stats st;
	rc = export_write(db, dir, &opt, &st, err, sizeof err);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "pacte: export: %s\n", err);
		return 1;
	}
	printf("exported %lld tables, %lld rows to %s/ (%lld files, %lld bytes, data version %lld)\n",
	       (long long)st.tables, (long long)st.rows, dir, (long long)st.files,
	       (long long)st.bytes, (long long)st.data_version);
	return 0;
}

const struct command cmd_export_def = {
	"export", run, "write the public data as an open-data package",
	"usage: pacte export [--db PATH | --database-url URL] [--format csv|jsonl|all]\n"
	"                    [--licence ID] [--base-url URL] [--out DIR]\n\n"
	"Writes everything public as a Frictionless Tabular Data Package: one CSV file\n"
	"and one JSON Lines file per table (commitments and everything they hold,\n"
	"progress updates, accredited actors, reference data) and a datapackage.json\n"
	"describing them (fields, types, constraints, keys, the licence, when it was\n"
	"made and the data version it holds). Never accounts, sessions, tokens, e-mails,\n"
	"the audit trail or organisations awaiting accreditation. Read from one\n"
	"snapshot that never blocks the site's writers, a page of rows at a time.\n"
	"The files are written under temporary names and renamed once all are complete.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n"
	"  --format F           csv, jsonl, or all: both (default all)\n"
	"  --licence ID         the licence the package carries (default "
	EXPORT_DEFAULT_LICENCE "):\n"
	"                       " EXPORT_LICENCE_NAMES "\n"
	"  --base-url URL       the site's address, named as the package's homepage\n"
	"  --out DIR            the folder to write into, created if absent (default "
	EXPORT_DEFAULT_DIR ")\n",
};
