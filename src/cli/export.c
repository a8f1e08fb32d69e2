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
	const char *format_name = NULL, *dir = NULL;
	const struct opt opts[] = {
		DB_OPTS(&f),
		{"--format", OPT_STRING, &format_name, NULL},
		{"--out", OPT_STRING, &dir, NULL},
		{0},
	};
	int rc = cli_parse(&cmd_export_def, opts, argc, argv, NULL, NULL, 0);
	if (rc != CLI_GO_ON)
		return rc;
	enum export_format format = EXPORT_CSV;
	if (format_name && export_format_parse(format_name, &format) < 0) {
		fprintf(stderr, "pacte: export: --format '%s': expected csv or json\n", format_name);
		return 2;
	}
	if (!dir)
		dir = EXPORT_DEFAULT_DIR;
	struct db *db = cli_open_db("export", &f);
	if (!db)
		return 1;
	char err[1024];
	struct export_stats st;
	rc = export_write(db, dir, format, &st, err, sizeof err);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "pacte: export: %s\n", err);
		return 1;
	}
	printf("exported %lld tables, %lld rows to %s/ (%lld files)\n", (long long)st.tables,
	       (long long)st.rows, dir, (long long)st.files);
	return 0;
}

const struct command cmd_export_def = {
	"export", run, "write the public data as an open-data package",
	"usage: pacte export [--db PATH | --database-url URL] [--format csv|json] [--out DIR]\n\n"
	"Writes everything public as one CSV file per table (UTF-8, a header row) and a\n"
	"datapackage.json describing them (a Frictionless Tabular Data Package: fields,\n"
	"types, keys). Never accounts, sessions, tokens or the audit trail. Rows come\n"
	"in primary-key order and nothing carries a date, so exporting the same data\n"
	"twice gives the same bytes. The files are written under temporary names and\n"
	"renamed once all are complete.\n\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n"
	"  --format csv|json    json also writes each table as NAME.json (default csv)\n"
	"  --out DIR            the folder to write into, created if absent (default "
	EXPORT_DEFAULT_DIR ")\n",
};
