/* fuzz_import.c — libFuzzer target for the commitments importer
 * (importer.h) on CSV and JSON input, against a real SQLite database.
 *
 * The database is a temporary file, migrated and loaded with the reference
 * data once per process. The input's format comes from its first byte, as
 * the CLI detects it ('[' is JSON, anything else CSV). A CSV input holding
 * a NUL byte is split there: before it the commitments, after it the
 * progress updates file. Every input is imported once as the operator.
 *
 * What must hold, whatever the bytes: no crash, no leak, no sanitizer
 * report; never OUTCOME_ERROR (input the validators let through must not
 * fail in the database — on the web that would be a 500); OUTCOME_OK with
 * no problem listed, OUTCOME_INVALID with at least one, every problem line
 * naming the file. An accepted file is written, so the database grows: it
 * is replaced by a fresh copy of the template every RESET_AFTER imports
 * that wrote something, which keeps runs fast and repeatable.
 * FUZZ_VERBOSE=1 in the environment prints each import's outcome and
 * problems (to replay a corpus file and see what it exercises);
 * FUZZ_LENIENT_LINES=1 skips the one-problem-per-line check, to explore
 * past a known finding of it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors.h"
#include "buf.h"
#include "db.h"
#include "i18n.h"
#include "importer.h"
#include "refdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RESET_AFTER 200
#define TODAY "2026-01-01"

static char dir[64], template_path[96], work_path[96];
static struct db *db;
static unsigned written;
static bool verbose;            /* FUZZ_VERBOSE=1: say what each import did */
static bool lenient_lines;      /* FUZZ_LENIENT_LINES=1: skip the line format check */

static void die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_import: %s: %s\n", what, why);
	abort();
}

static void remove_files(void)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[128];
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		snprintf(p, sizeof p, "%s%s", template_path, suffixes[i]);
		unlink(p);
		snprintf(p, sizeof p, "%s%s", work_path, suffixes[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void cleanup(void)
{
	if (db)
		db_close(db);
	db = NULL;
	remove_files();
}

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	if (!in || !out)
		die(to, "cannot copy the template database");
	char chunk[1 << 16];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (fwrite(chunk, 1, n, out) != n)
			die(to, "short write");
	fclose(in);
	if (fclose(out) != 0)
		die(to, "close failed");
}

/* Opens a fresh copy of the template as the working database. */
static void open_work(void)
{
	char err[512], p[128];
	if (db)
		db_close(db);
	snprintf(p, sizeof p, "%s-wal", work_path);
	unlink(p);
	copy_file(template_path, work_path);
	db = db_open(work_path, err, sizeof err);
	if (!db)
		die(work_path, err);
	/* Nothing here needs to survive a power cut. */
	if (db_exec_script(db, "PRAGMA synchronous = OFF") < 0)
		die("synchronous", db_errmsg(db));
	written = 0;
}

static void setup(void)
{
	char err[1024];
	snprintf(dir, sizeof dir, "/tmp/pacte-fuzz-import.XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp", "cannot create a temporary folder");
	snprintf(template_path, sizeof template_path, "%s/template.db", dir);
	snprintf(work_path, sizeof work_path, "%s/work.db", dir);
	atexit(cleanup);
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	lenient_lines = getenv("FUZZ_LENIENT_LINES") != NULL;
	if (i18n_load(err, sizeof err) < 0)
		die("catalogs", err);
	struct db *t = db_open(template_path, err, sizeof err);
	if (!t)
		die(template_path, err);
	if (db_migrate(t, NULL, err, sizeof err) < 0)
		die("migrate", err);
	if (refdata_load(t, err, sizeof err) < 0)
		die("reference data", err);
	if (actors_sync_states(t) < 0 || actors_ensure_operator(t) < 0)
		die("actors", db_errmsg(t));
	/* A partner that files can name as owner or participant. */
	if (db_exec(t, "INSERT INTO actor (kind, name, search_key, partner_type, status, "
	            "created_at) VALUES ('partner', 'Fuzz partner', 'fuzz partner', "
	            "'civil_society', 'accredited', '2020-01-01T00:00:00.000Z')", NO_ARGS) != 1)
		die("partner", db_errmsg(t));
	/* One page of the WAL back into the file, so a copy is the whole. */
	if (db_exec_script(t, "PRAGMA wal_checkpoint(TRUNCATE)") < 0)
		die("checkpoint", db_errmsg(t));
	db_close(t);
	open_work();
}

/* Every problem line names the file it is about. */
static void check_lines(const struct buf *errors, const char *main_name,
                        const char *updates_name)
{
	const char *s = buf_str(errors);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		bool named = (n > strlen(main_name) && strncmp(s, main_name, strlen(main_name)) == 0) ||
		             (updates_name && n > strlen(updates_name) &&
		              strncmp(s, updates_name, strlen(updates_name)) == 0);
		/* A database failure names no file; it is caught below. */
		if (!named)
			die("problem line without a file name", s);
		s += n + (nl != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!db)
		setup();
	/* The importer reads bytes, not strings: give it an exact copy, so a
	 * read one past the end is caught. */
	char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	enum import_format fmt;
	if (import_format_detect("fuzz", copy, size, &fmt) < 0)
		fmt = IMPORT_CSV;
	struct import_options o = {.filename = "f.csv", .today = TODAY};
	size_t main_len = size;
	if (fmt == IMPORT_JSON) {
		o.filename = "f.json";
	} else {
		const char *nul = memchr(copy, '\0', size);
		if (nul) {
			main_len = (size_t)(nul - copy);
			o.updates = nul + 1;
			o.updates_len = size - main_len - 1;
			o.updates_filename = "u.csv";
		}
	}
	struct buf errors;
	buf_init(&errors, (size_t)1 << 20);
	struct import_result r;
	enum outcome out = import_commitments(db, copy, main_len, fmt, &o, &errors, &r);
	if (verbose)
		fprintf(stderr, "outcome %d: %zu records, %zu commitments, %zu updates written\n%s",
		        (int)out, r.records, r.commitments, r.updates, buf_str(&errors));
	switch (out) {
	case OUTCOME_OK:
		if (errors.len != 0)
			die("accepted with problems", buf_str(&errors));
		if (r.commitments && ++written >= RESET_AFTER)
			open_work();
		break;
	case OUTCOME_INVALID:
		if (errors.len == 0 || r.nerrors == 0 || r.commitments || r.updates)
			die("refused without a problem, or refused but written", buf_str(&errors));
		if (!lenient_lines)
			check_lines(&errors, o.filename, o.updates_filename);
		break;
	default:
		die("the database failed on input the validators passed", buf_str(&errors));
	}
	buf_release(&errors);
	free(copy);
	return 0;
}
