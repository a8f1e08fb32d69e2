/* import.c — `pacte import commitments FILE`: commitments (and their
 * progress updates) from CSV or JSON, all or nothing (importer.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "db.h"
#include "importer.h"
#include "indicators.h"
#include "principal.h"
#include "util.h"

/* The whole file, at most IMPORT_MAX_BYTES. NULL with a message on stderr. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "pacte: import: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct buf b;
	buf_init(&b, IMPORT_MAX_BYTES);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(&b, chunk, n) < 0)
			break;
	bool failed = ferror(f) != 0;
	if (f != stdin)
		fclose(f);
	if (failed || b.overflow) {
		fprintf(stderr, "pacte: import: %s: %s\n", path, b.overflow ?
		        "file larger than 256 MiB" : "read error");
		buf_release(&b);
		return NULL;
	}
	buf_putc(&b, '\0');
	return buf_detach(&b, len);
}

/* The account named by --as-user, for can() on every record. Returns 0,
 * or -1 after saying why on stderr. */
static int load_user(struct db *db, const char *email, struct user *u)
{
	enum outcome o = principal_get_email(db, email, u);
	if (o != OUTCOME_OK) {
		fprintf(stderr, "pacte: import: --as-user %s: %s\n", email,
		        o == OUTCOME_NOT_FOUND ? "no such account" : db_errmsg(db));
		return -1;
	}
	u->channel = "cli";
	u->client_addr = NULL;
	return 0;
}

static int import(struct db *db, const char *path, const char *as_email,
                  const char *updates_path)
{
	struct user as;
	if (as_email && load_user(db, as_email, &as) < 0)
		return 1;
	size_t len, ulen = 0;
	char *data = read_file(path, &len), *updates = NULL;
	if (data && updates_path && !(updates = read_file(updates_path, &ulen))) {
		free(data);
		return 1;
	}
	if (!data)
		return 1;
	len--;   /* the NUL read_file added */
	enum import_format fmt;
	if (import_format_detect(path, data, len, &fmt) < 0) {
		fprintf(stderr, "pacte: import: %s: empty file, or neither .csv nor .json\n", path);
		free(data);
		return 1;
	}
	if (updates_path && fmt != IMPORT_CSV) {
		fprintf(stderr, "pacte: import: --updates goes with a CSV file (a JSON file holds "
		        "its updates)\n");
		free(data);
		free(updates);
		return 2;
	}
	struct import_options o = {.filename = path, .as = as_email ? &as : NULL,
	                           .progress = isatty(STDERR_FILENO) == 1,
	                           .updates = updates, .updates_len = ulen ? ulen - 1 : 0,
	                           .updates_filename = updates_path};
	struct buf errors;
	buf_init(&errors, (size_t)1 << 20);
	struct import_result r;
	enum outcome rc = import_commitments(db, data, len, fmt, &o, &errors, &r);
	free(data);
	free(updates);
	if (rc == OUTCOME_OK)
		printf("imported %zu commitments and %zu progress updates from %s\n",
		       r.commitments, r.updates, path);
	else if (rc == OUTCOME_DENIED)
		fprintf(stderr, "pacte: import: %s may not create commitments\n", as_email);
	else
		fprintf(stderr, "%spacte: import: %zu problem%s in %s; nothing was imported\n",
		        buf_str(&errors), r.nerrors, r.nerrors == 1 ? "" : "s", path);
	buf_release(&errors);
	return rc == OUTCOME_OK ? 0 : 1;
}

/* `pacte import indicators FILE`: SDMX-CSV observations (indicators.h). */
static int import_indicators(struct db *db, const char *path, const char *as_email)
{
	struct user as;
	if (as_email && load_user(db, as_email, &as) < 0)
		return 1;
	size_t len;
	char *data = read_file(path, &len);
	if (!data)
		return 1;
	struct buf errors;
	buf_init(&errors, (size_t)1 << 20);
	size_t nobs, nproblems;
	enum outcome rc = indicators_import_sdmx(db, as_email ? &as : NULL, path, data, len - 1,
	                                         "real", &errors, &nobs, &nproblems);
	free(data);
	if (rc == OUTCOME_OK)
		printf("imported %zu observations from %s\n", nobs, path);
	else if (rc == OUTCOME_DENIED)
		fprintf(stderr, "pacte: import: %s may not import these countries' values\n", as_email);
	else if (rc == OUTCOME_INVALID)
		fprintf(stderr, "%spacte: import: %zu problem%s in %s; nothing was imported\n",
		        buf_str(&errors), nproblems, nproblems == 1 ? "" : "s", path);
	else
		fprintf(stderr, "pacte: import: %s: %s\n", path, db_errmsg(db));
	buf_release(&errors);
	return rc == OUTCOME_OK ? 0 : 1;
}

static int run(int argc, char **argv)
{
	struct db_flags f = {0};
	const char *as_email = NULL, *updates = NULL;
	const struct opt opts[] = {DB_OPTS(&f), {"--as-user", OPT_STRING, &as_email, NULL},
	                           {"--updates", OPT_STRING, &updates, NULL}, {0}};
	const char *pos[2];
	int npos = 0;
	int rc = cli_parse(&cmd_import_def, opts, argc, argv, pos, &npos, 2);
	if (rc != CLI_GO_ON)
		return rc;
	bool indicators = npos == 2 && strcmp(pos[0], "indicators") == 0;
	if (npos != 2 || (strcmp(pos[0], "commitments") != 0 && !indicators)) {
		fprintf(stderr, "pacte: import: expected 'commitments FILE' or 'indicators FILE' "
		        "(see 'pacte import --help')\n");
		return 2;
	}
	struct db *db = cli_open_db("import", &f);
	if (!db)
		return 1;
	rc = indicators ? import_indicators(db, pos[1], as_email)
	                : import(db, pos[1], as_email, updates);
	db_close(db);
	return rc;
}

const struct command cmd_import_def = {
	"import", run, "import commitments, or indicators' values, all or nothing",
	"usage: pacte import commitments FILE.csv [--updates UPDATES.csv] [--as-user EMAIL]\n"
	"       pacte import commitments FILE.json [--as-user EMAIL]\n"
	"       pacte import indicators FILE.csv [--as-user EMAIL]\n"
	"                    [--db PATH | --database-url URL]\n\n"
	"Reads every record, checks each one as the web form would, and lists every\n"
	"problem as FILE:LINE: field: reason. Only a file without any problem is\n"
	"written, whole, in one transaction; otherwise nothing is and the exit status\n"
	"is 1. FILE - reads standard input (then the format is guessed).\n\n"
	"CSV: a header row, then one commitment per row. Columns: owner (an ISO3 code\n"
	"for a state, an actor id, or an actor's exact name), title, description\n"
	"(Markdown), lang, objectives (\"1;7;23\"), principles (slugs), level (national,\n"
	"regional, international), countries (\"MAR;SEN\"), start_date, target_date\n"
	"(YYYY-MM-DD), deliverables (\";\"-separated), indicators\n"
	"(\"name|unit|baseline|target;...\"), status, kind, participants,\n"
	"matches_commitment_id, form (financial, human_resources,\n"
	"technical_assistance, process, policy), and title_LL / description_LL for a\n"
	"translation into language LL, and ref, a key for the row (unique in the file).\n"
	"UPDATES.csv: one progress update per row: ref (a row of FILE.csv),\n"
	"reported_at, status, percent, milestone, narrative, evidence (links separated\n"
	"by \";\"), indicator_values (each NUMBER=VALUE, NUMBER the indicator's\n"
	"place in the commitment's list, 1 for the first: \"1=40;3=12\").\n"
	"JSON: an array of objects with the same fields (lists as arrays, indicators\n"
	"as objects); an object may carry \"updates\": [{reported_at, status, percent,\n"
	"milestone, narrative, indicator_values: [{\"indicator_id\": 1, \"value\": 40}],\n"
	"evidence}], added in order: indicator values have the API's shape, the\n"
	"indicator named by its place in the list since it has no id yet.\n\n"
	"indicators: SDMX-CSV observations of the catalogue's indicators (columns\n"
	"DATAFLOW, INDICATOR, REF_AREA, SEX, AGE, MIGRATORY_STATUS, TIME_PERIOD,\n"
	"OBS_VALUE, UNIT_MEASURE; see docs/indicators.md), all or nothing in the same\n"
	"way; a value already stored for an observation is replaced.\n\n"
	"  --updates FILE       the progress updates of a CSV import (see above)\n"
	"  --as-user EMAIL      act as this account: each record is checked against\n"
	"                       its permissions (default: the operator, who may import\n"
	"                       for any owner)\n"
	"  --db PATH            SQLite database file (default " DB_DEFAULT_PATH "; env PACTE_DB)\n"
	"  --database-url URL   postgres://... instead of a file (env PACTE_DATABASE_URL)\n",
};
