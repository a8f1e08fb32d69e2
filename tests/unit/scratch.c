/* scratch.c — a database of its own for one unit test (scratch.h). */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "embed.h"
#include "refdata.h"
#include "scratch.h"

static unsigned next_db;

/* base, a PostgreSQL URL, with its database name replaced by name. */
static void url_with_db(char *dst, size_t cap, const char *base, const char *name)
{
	const char *host = strstr(base, "://");
	host = host ? host + 3 : base;
	const char *path = host + strcspn(host, "/?");
	const char *query = path + strcspn(path, "?");
	snprintf(dst, cap, "%.*s/%s%s", (int)(path - base), base, name, query);
}

const char *scratch_pg_server(void)
{
	const char *pg = getenv("PACTE_TEST_DATABASE_URL");
	return pg && *pg ? pg : NULL;
}

int scratch_open(struct scratch *s, bool sqlite_only)
{
	char err[512];
	const char *pg = sqlite_only ? NULL : scratch_pg_server();
	if (pg) {
		s->admin = db_open(pg, err, sizeof err);
		if (!s->admin) {
			fprintf(stderr, "db_open: %s\n", err);
			return -1;
		}
		snprintf(s->pg_name, sizeof s->pg_name, "pacte_%s_%ld_%u",
		         program_invocation_short_name, (long)getpid(), ++next_db);
		/* The name is ours, letters, digits and underscores: CREATE
		 * DATABASE takes no parameters. */
		char sql[128];
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", s->pg_name);
		if (db_exec_script(s->admin, sql) < 0) {
			fprintf(stderr, "%s: %s\n", sql, db_errmsg(s->admin));
			s->pg_name[0] = '\0';
			return -1;
		}
		url_with_db(s->url, sizeof s->url, pg, s->pg_name);
	} else {
		snprintf(s->dir, sizeof s->dir, "/tmp/pacte-%s-XXXXXX", program_invocation_short_name);
		if (!mkdtemp(s->dir)) {
			fprintf(stderr, "mkdtemp %s: %s\n", s->dir, strerror(errno));
			s->dir[0] = '\0';
			return -1;
		}
		snprintf(s->path, sizeof s->path, "%s/test.db", s->dir);
		snprintf(s->url, sizeof s->url, "%s", s->path);
	}
	s->db = db_open(s->url, err, sizeof err);
	if (!s->db) {
		fprintf(stderr, "db_open: %s\n", err);
		return -1;
	}
	return 0;
}

/* ---- PostgreSQL: a copy of a database built once ------------------------
 *
 * Building a migrated database on PostgreSQL takes one to three seconds:
 * the schema's DDL and the reference data's inserts, one round trip after
 * another, most of a PostgreSQL unit test's time. So the first test of a
 * run that needs one keeps a copy of what it built as a template, and every
 * later test gets its database as a copy of that (CREATE DATABASE …
 * TEMPLATE: the server copies the files). The template's name carries a
 * hash of the embedded migrations and reference data, so a changed schema
 * is never served an old copy; the run's throwaway server drops them all. */

/* FNV-1a over the embedded files a loaded database is made of: megabytes
 * of data/, so computed once per program (a test binary is one thread). */
static uint64_t schema_hash(void)
{
	static uint64_t cached;
	if (cached)
		return cached;
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < embed_count; i++) {
		const struct embed_file *f = &embed_files[i];
		if (strncmp(f->name, "schema/", 7) != 0 && strncmp(f->name, "data/", 5) != 0)
			continue;
		for (const char *p = f->name; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		for (size_t k = 0; k < f->len; k++)
			h = (h ^ (unsigned char)f->data[k]) * 1099511628211ULL;
	}
	return cached = h;
}

static void template_name(char *dst, size_t cap, bool refdata)
{
	snprintf(dst, cap, "pacte_tmpl_%016llx_%c", (unsigned long long)schema_hash(),
	         refdata ? 'r' : 'm');
}

/* Runs one statement on the base database. */
static int admin_exec(struct scratch *s, const char *sql)
{
	int rc = db_exec_script(s->admin, sql);
	if (rc < 0)
		fprintf(stderr, "%s: %s\n", sql, db_errmsg(s->admin));
	return rc;
}

static int reopen(struct scratch *s)
{
	char err[512];
	s->db = db_open(s->url, err, sizeof err);
	if (!s->db)
		fprintf(stderr, "db_open: %s\n", err);
	return s->db ? 0 : -1;
}

/* s's database replaced by a copy of the template: 0, or 1 when there is
 * no template yet (the caller builds the database), or -1. */
static int copy_template(struct scratch *s, bool refdata)
{
	char tmpl[64];
	template_name(tmpl, sizeof tmpl, refdata);
	int64_t n = 0;
	if (db_scalar_int(s->admin, &n, 0, "SELECT count(*) FROM pg_database WHERE datname = $1",
	                  DB_ARGS(DB_TEXT(tmpl))) < 0 || n == 0)
		return 1;
	db_close(s->db);
	s->db = NULL;
	/* The names are ours (letters, digits, underscores): CREATE DATABASE
	 * takes no parameters. */
	char drop[128], copy[192];
	snprintf(drop, sizeof drop, "DROP DATABASE %s", s->pg_name);
	snprintf(copy, sizeof copy, "CREATE DATABASE %s TEMPLATE %s", s->pg_name, tmpl);
	if (admin_exec(s, drop) < 0 || admin_exec(s, copy) < 0)
		return -1;
	return reopen(s);
}

/* Keeps a copy of s's database, just built, as the template. Another test
 * program may have made it meanwhile: either copy will do. */
static int keep_template(struct scratch *s, bool refdata)
{
	char tmpl[64];
	template_name(tmpl, sizeof tmpl, refdata);
	db_close(s->db);   /* the source of a copy must have no connection */
	s->db = NULL;
	char copy[192];
	snprintf(copy, sizeof copy, "CREATE DATABASE %s TEMPLATE %s", tmpl, s->pg_name);
	if (db_exec_script(s->admin, copy) < 0 && !strstr(db_errmsg(s->admin), "already exists"))
		fprintf(stderr, "%s: %s\n", copy, db_errmsg(s->admin));
	return reopen(s);
}

/* ---- SQLite: a copy of a file built once --------------------------------
 *
 * The same on SQLite, where migrating and loading the reference data is
 * most of a test's CPU under the sanitizers (about 0.4 CPU s, for each
 * of some two hundred tests). When PACTE_TEST_TEMPLATE_DIR names a folder
 * (tests/run makes one per run), the first test to build a database keeps
 * a copy of its file there, checkpointed, under the template's name, and
 * every later test of the run, in any test program, starts from a byte
 * copy of it. Without that variable every test builds its own, as before. */

/* The template file's path; false when the run keeps no templates. */
static bool sqlite_template_path(char *dst, size_t cap, bool refdata)
{
	const char *dir = getenv("PACTE_TEST_TEMPLATE_DIR");
	if (!dir || !*dir)
		return false;
	char name[64];
	template_name(name, sizeof name, refdata);
	return snprintf(dst, cap, "%s/unit_%s.db", dir, name) < (int)cap;
}

/* Copies the file src to dst (created or truncated): 0, or -1 with the
 * reason on stderr. */
static int copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		fprintf(stderr, "open %s: %s\n", src, strerror(errno));
		return -1;
	}
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) {
		fprintf(stderr, "open %s: %s\n", dst, strerror(errno));
		close(in);
		return -1;
	}
	char buf[1 << 16];
	ssize_t n;
	int rc = 0;
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(out, buf, (size_t)n) != n) {
			fprintf(stderr, "copy %s to %s: %s\n", src, dst, strerror(errno));
			rc = -1;
			break;
		}
	}
	close(in);
	if (close(out) < 0)
		rc = -1;
	return rc;
}

/* s's file replaced by a copy of the template: 0, or 1 when there is no
 * template (the caller builds the database), or -1. */
static int copy_sqlite_template(struct scratch *s, bool refdata)
{
	char tmpl[sizeof s->path + 64];
	if (!sqlite_template_path(tmpl, sizeof tmpl, refdata) || access(tmpl, R_OK) != 0)
		return 1;
	db_close(s->db);   /* the last connection: its -wal and -shm go with it */
	s->db = NULL;
	if (copy_file(tmpl, s->path) < 0)
		return -1;
	return reopen(s);
}

/* Keeps a copy of s's file, just built, as the template: written under a
 * name of its own, then renamed, so that another program never copies half
 * a file (two programs may race to keep one: either copy will do). The WAL
 * is checkpointed first, so that the main file holds everything. */
static void keep_sqlite_template(struct scratch *s, bool refdata)
{
	char tmpl[sizeof s->path + 64], part[sizeof tmpl + 32];
	if (!sqlite_template_path(tmpl, sizeof tmpl, refdata))
		return;
	if (db_exec_script(s->db, "PRAGMA wal_checkpoint(TRUNCATE)") < 0) {
		fprintf(stderr, "wal_checkpoint: %s\n", db_errmsg(s->db));
		return;
	}
	snprintf(part, sizeof part, "%s.%ld.part", tmpl, (long)getpid());
	if (copy_file(s->path, part) < 0 || rename(part, tmpl) < 0) {
		fprintf(stderr, "keeping %s: %s\n", tmpl, strerror(errno));
		unlink(part);
	}
}

int scratch_load(struct scratch *s, bool refdata)
{
	bool pg = s->admin && s->pg_name[0];
	int rc = pg ? copy_template(s, refdata) : copy_sqlite_template(s, refdata);
	if (rc <= 0)
		return rc;
	char err[1024] = "";
	if (db_migrate(s->db, NULL, err, sizeof err) < 0) {
		fprintf(stderr, "db_migrate: %s\n", err);
		return -1;
	}
	if (refdata && refdata_load(s->db, err, sizeof err) < 0) {
		fprintf(stderr, "refdata_load: %s\n", err);
		return -1;
	}
	if (pg)
		return keep_template(s, refdata);
	keep_sqlite_template(s, refdata);
	return 0;
}

struct db *scratch_connect(const struct scratch *s)
{
	char err[512] = "";
	struct db *db = db_open(s->url, err, sizeof err);
	if (!db)
		fail_msg("db_open %s: %s", s->url, err);
	return db;
}

void scratch_close(struct scratch *s)
{
	if (s->db)
		db_close(s->db);
	s->db = NULL;
	if (s->admin) {
		if (s->pg_name[0]) {
			char sql[128];
			snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			         s->pg_name);
			if (db_exec_script(s->admin, sql) < 0)
				fprintf(stderr, "%s: %s\n", sql, db_errmsg(s->admin));
		}
		db_close(s->admin);
		s->admin = NULL;
	} else if (s->dir[0]) {
		static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
			char p[128];
			snprintf(p, sizeof p, "%s%s", s->path, suffixes[i]);
			unlink(p);
		}
		if (rmdir(s->dir) < 0)
			fprintf(stderr, "rmdir %s: %s\n", s->dir, strerror(errno));
		s->dir[0] = '\0';
	}
}

/* The three setups differ only in how far the database is filled. */
enum fill { EMPTY, MIGRATED, LOADED };

static int setup(void **state, enum fill fill)
{
	struct scratch *s = calloc(1, sizeof *s);
	*state = s;
	if (!s || scratch_open(s, false) < 0)
		return -1;
	return fill == EMPTY ? 0 : scratch_load(s, fill == LOADED);
}

int scratch_setup_empty(void **state)
{
	return setup(state, EMPTY);
}

int scratch_setup_migrated(void **state)
{
	return setup(state, MIGRATED);
}

int scratch_setup_loaded(void **state)
{
	return setup(state, LOADED);
}

int scratch_teardown(void **state)
{
	struct scratch *s = *state;
	if (s)
		scratch_close(s);
	free(s);
	*state = NULL;
	return 0;
}

struct db *scratch_db_of(void **state)
{
	return ((struct scratch *)*state)->db;
}

struct db *scratch_migrated(void **state)
{
	struct scratch *s = *state;
	if (scratch_load(s, false) < 0)
		fail_msg("migrating the test's database failed (above)");
	return s->db;
}

int64_t scratch_scalar(struct db *db, const char *sql, size_t n, const struct db_arg *a)
{
	int64_t v = -1;
	if (db_scalar_int(db, &v, -1, sql, n, a) < 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
	return v;
}

int64_t table_exists(struct db *db, const char *name)
{
	const char *sql = db_dialect(db) == DB_SQLITE ?
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $1" :
		"SELECT count(*) FROM pg_tables WHERE tablename = $1";
	return scratch_scalar(db, sql, DB_ARGS(DB_TEXT(name)));
}

void assert_says(const char *s, const char *part)
{
	if (!s || !strcasestr(s, part))
		fail_msg("\"%s\" does not say \"%s\"", s ? s : "(null)", part);
}
