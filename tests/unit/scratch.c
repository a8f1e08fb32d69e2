/* scratch.c — a database of its own for one unit test (scratch.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scratch.h"

static unsigned next_db;

static void url_with_db(char *dst, size_t cap, const char *base, const char *name)
{
	const char *host = strstr(base, "://");
	host = host ? host + 3 : base;
	const char *path = host + strcspn(host, "/?");
	const char *query = path + strcspn(path, "?");
	snprintf(dst, cap, "%.*s/%s%s", (int)(path - base), base, name, query);
}

int scratch_open(struct scratch *s, bool sqlite_only)
{
	char err[512], url[700];
	const char *pg = sqlite_only ? NULL : getenv("PACTE_TEST_DATABASE_URL");
	if (pg && *pg) {
		s->admin = db_open(pg, err, sizeof err);
		if (!s->admin) {
			fprintf(stderr, "db_open: %s\n", err);
			return -1;
		}
		snprintf(s->pg_name, sizeof s->pg_name, "pacte_%s_%ld_%u",
		         program_invocation_short_name, (long)getpid(), ++next_db);
		char sql[128];
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", s->pg_name);
		if (db_exec_script(s->admin, sql) < 0) {
			fprintf(stderr, "%s: %s\n", sql, db_errmsg(s->admin));
			return -1;
		}
		url_with_db(url, sizeof url, pg, s->pg_name);
	} else {
		snprintf(s->dir, sizeof s->dir, "/tmp/pacte-%s-XXXXXX", program_invocation_short_name);
		if (!mkdtemp(s->dir))
			return -1;
		snprintf(s->path, sizeof s->path, "%s/test.db", s->dir);
		snprintf(url, sizeof url, "%s", s->path);
	}
	s->db = db_open(url, err, sizeof err);
	if (!s->db) {
		fprintf(stderr, "db_open: %s\n", err);
		return -1;
	}
	return 0;
}

void scratch_close(struct scratch *s)
{
	if (s->db)
		db_close(s->db);
	s->db = NULL;
	if (s->admin) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", s->pg_name);
		if (db_exec_script(s->admin, sql) < 0)
			fprintf(stderr, "%s: %s\n", sql, db_errmsg(s->admin));
		db_close(s->admin);
		s->admin = NULL;
	} else if (s->dir[0]) {
		static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
			char p[128];
			snprintf(p, sizeof p, "%s%s", s->path, suffixes[i]);
			unlink(p);
		}
		rmdir(s->dir);
	}
}
