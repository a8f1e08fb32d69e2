/* test_backup.c — backups and the open-data export: the table list against
 * what the migrations create, the round trip SQLite → PostgreSQL → SQLite
 * with nothing lost (same backups, same exports, the audit chain intact,
 * sessions still valid, sequences moved), every way a restore refuses a
 * file or a target, and files that are whole or absent.
 *
 * PostgreSQL is the run's server (scratch.h): tests/run runs this file on
 * SQLite alone, where the PostgreSQL halves are skipped and the round trip
 * goes through a second SQLite file, then with a throwaway server. */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "actors.h"
#include "audit.h"
#include "auth.h"
#include "backup.h"
#include "db.h"
#include "export.h"
#include "refdata.h"
#include "scratch.h"
#include "sessions.h"
#include "tokens.h"
#include "users.h"
#include "util.h"

#define FIXED_TIME "2026-01-02T03:04:05Z"
#define PASSWORD "correct horse battery staple"
#define ADMIN_EMAIL "admin@example.org"
#define PARTNER_EMAIL "amina@example.org"

static struct {
	char dir[64];               /* scratch files, removed at the end */
	struct scratch pg[8];       /* the PostgreSQL databases made, dropped at the end */
	size_t npg;
	char session_token[AUTH_TOKEN_LEN + 1];
} g;

/* ---- Files --------------------------------------------------------------- */

/* dir/name into out, which must be large enough. */
static void join(char *out, size_t cap, const char *dir, const char *name)
{
	int n = snprintf(out, cap, "%s/%s", dir, name);
	assert_true(n > 0 && (size_t)n < cap);
}

static void path_in(char out[PATH_MAX], const char *name)
{
	join(out, PATH_MAX, g.dir, name);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	struct buf b;
	buf_init(&b, (size_t)256 << 20);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return b.data ? buf_detach(&b, NULL) : xstrdup("");
}

static void assert_same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = read_file(a, &la), *y = read_file(b, &lb);
	if (la != lb || memcmp(x, y, la) != 0)
		fail_msg("%s and %s differ (%zu and %zu bytes)", a, b, la, lb);
	free(x);
	free(y);
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* The visible files of dir, sorted, one per line (caller frees). */
static char *listing(const char *dir, bool with_hidden)
{
	struct dirent **names;
	int n = scandir(dir, &names, with_hidden ? NULL : not_dot, name_cmp);
	if (n < 0)
		fail_msg("%s: %s", dir, strerror(errno));
	struct buf b;
	buf_init(&b, 1 << 20);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			buf_printf(&b, "%s\n", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return b.data ? buf_detach(&b, NULL) : xstrdup("");
}

/* diff -r, for flat folders. */
static void assert_same_dir(const char *a, const char *b)
{
	char *la = listing(a, true), *lb = listing(b, true);
	assert_string_equal(la, lb);
	for (char *line = la, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		char pa[PATH_MAX], pb[PATH_MAX];
		join(pa, sizeof pa, a, line);
		join(pb, sizeof pb, b, line);
		assert_same_file(pa, pb);
	}
	free(la);
	free(lb);
}

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* ---- Databases ------------------------------------------------------------- */

static struct db *open_url(const char *url)
{
	char err[512] = "";
	struct db *db = db_open(url, err, sizeof err);
	if (!db)
		fail_msg("db_open %s: %s", url, err);
	if (db_migrate(db, NULL, err, sizeof err) < 0)
		fail_msg("db_migrate %s: %s", url, err);
	return db;
}

/* A new SQLite file in the scratch folder, migrated. */
static struct db *new_sqlite(const char *name)
{
	char p[PATH_MAX];
	path_in(p, name);
	unlink(p);
	return open_url(p);
}

static bool have_pg(void)
{
	return scratch_pg_server() != NULL;
}

/* A new PostgreSQL database, migrated: the caller closes the connection,
 * the group's teardown drops the database. */
static struct db *new_pg(void)
{
	assert_true(g.npg < ARRAY_LEN(g.pg));
	struct scratch *s = &g.pg[g.npg++];
	if (scratch_open(s, false) < 0 || scratch_load(s, false) < 0)
		fail_msg("a PostgreSQL database of our own: failed (above)");
	struct db *db = s->db;
	s->db = NULL;
	return db;
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	if (db_scalar_int(db, &n, -1, sql, NO_ARGS) < 0)
		fail_msg("%s: %s", sql, db_errmsg(db));
	return n;
}

static void assert_audit_ok(struct db *db)
{
	int64_t bad = 0;
	char reason[256] = "";
	int rc = audit_verify(db, &bad, reason, sizeof reason);
	if (rc != 0)
		fail_msg("audit_verify: %d at entry %lld: %s", rc, (long long)bad, reason);
}

/* An instance with something in every kind of table: reference data, the
 * state actors, the operators' actor and an admin, a registered partner
 * whose texts need quoting, a session, a failed sign-in, an API token, a
 * commitment with real-valued indicators, and the audit entries of all of
 * it. */
static void populate(struct db *db)
{
	char err[4096];
	if (refdata_load(db, err, sizeof err) < 0)
		fail_msg("refdata_load: %s", err);
	assert_true(actors_sync_states(db) > 190);
	int64_t op = actors_ensure_operator(db);
	assert_true(op > 0);
	json_t *errors = json_object();
	int64_t admin = 0, partner = 0;
	assert_int_equal(users_add(db, NULL, ADMIN_EMAIL, "Admin \"Ops\", Genève", ROLE_ADMIN, op,
	                           PASSWORD, errors, &admin), OUTCOME_OK);
	json_t *org = json_pack("{s:s, s:s, s:s, s:s, s:s}",
	                        "name", "Réseau « Migrants, ensemble » \"RME\"",
	                        "type", "civil_society", "country", "MAR",
	                        "website", "https://example.org/rme",
	                        "description", "Line one, with \"quotes\".\r\nLine two; مرحبا.");
	json_t *first = json_pack("{s:s, s:s, s:s}", "email", PARTNER_EMAIL, "name", "Amina",
	                          "password", PASSWORD);
	struct actor_registered reg;
	enum outcome o = actors_register(db, org, first, errors, "cli", NULL, &reg);
	if (o != OUTCOME_OK) {
		char *e = json_dumps(errors, 0);
		fail_msg("actors_register: %d %s %s", o, e, db_errmsg(db));
	}
	partner = reg.actor_id;
	/* Accredited: a request is on no public page nor in the export. */
	assert_int_equal(actors_decide_as_operator(db, partner, "accredit", NULL), OUTCOME_OK);
	json_decref(org);
	json_decref(first);
	json_decref(errors);

	int retry = 0;
	char token[AUTH_TOKEN_LEN + 1];
	assert_int_equal(sessions_sign_in(db, ADMIN_EMAIL, PASSWORD, "web", "192.0.2.1",
	                                  g.session_token, &retry), SIGNIN_OK);
	assert_int_equal(sessions_sign_in(db, PARTNER_EMAIL, "not the password", "web",
	                                  "192.0.2.2", token, &retry), SIGNIN_BAD_CREDENTIALS);
	struct user u;
	assert_int_equal(principal_get(db, admin, &u), OUTCOME_OK);
	int64_t tid = 0;
	assert_int_equal(tokens_create(db, &u, "nightly, \"export\"", token, &tid), OUTCOME_OK);

	/* Real numbers must come back bit for bit. */
	assert_int_equal(db_begin(db), 0);
	int64_t cid = 0;
	if (db_scalar_int(db, &cid, 0,
	                  "INSERT INTO commitment (owner_actor_id, title, sort_title, lang, level, "
	                  "kind, form, initial_status, status, activity_date, origin, created_at, "
	                  "updated_at) VALUES ($1, 'Test', 'test', 'en', 'national', 'individual', "
	                  "'policy', 'planned', 'planned', '2026-01-01', 'synthetic', $2, $2) "
	                  "RETURNING id", DB_ARGS(DB_INT(partner), DB_TEXT(FIXED_TIME))) < 0)
		fail_msg("commitment: %s", db_errmsg(db));
	if (db_exec(db, "INSERT INTO commitment_indicator (commitment_id, position, name, "
	            "baseline, target) VALUES ($1, 1, 'share', $2, $3)",
	            DB_ARGS(DB_INT(cid), DB_REAL(0.1), DB_REAL(-1.2345678901234567e-300))) < 0)
		fail_msg("indicator: %s", db_errmsg(db));
	/* A commitment edited to match one made after it: a reference to a
	 * later row, which a restore in id order meets before its target. */
	int64_t later = 0;
	if (db_scalar_int(db, &later, 0,
	                  "INSERT INTO commitment (owner_actor_id, title, sort_title, lang, level, "
	                  "kind, form, initial_status, status, activity_date, origin, created_at, "
	                  "updated_at) VALUES ($1, 'Later', 'later', 'en', 'national', 'individual', "
	                  "'policy', 'planned', 'planned', '2026-01-02', 'synthetic', $2, $2) "
	                  "RETURNING id", DB_ARGS(DB_INT(partner), DB_TEXT(FIXED_TIME))) < 0 ||
	    db_exec(db, "UPDATE commitment SET kind = 'matching', matches_commitment_id = $1 "
	            "WHERE id = $2", DB_ARGS(DB_INT(later), DB_INT(cid))) != 1)
		fail_msg("matching commitment: %s", db_errmsg(db));
	assert_int_equal(db_commit(db), 0);
	assert_audit_ok(db);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g.dir, sizeof g.dir, "/tmp/pacte-backup-XXXXXX");
	if (!mkdtemp(g.dir))
		return -1;
	if (!have_pg())
		printf("test_backup: on SQLite alone (no PACTE_TEST_DATABASE_URL): "
		       "the PostgreSQL halves are skipped\n");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	nftw(g.dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	for (size_t i = 0; i < g.npg; i++)
		scratch_close(&g.pg[i]);
	return 0;
}

/* ---- The table list ---------------------------------------------------- */

static const struct backup_table *find_table(const char *name)
{
	for (size_t i = 0; i < backup_ntables; i++)
		if (strcmp(backup_tables[i].name, name) == 0)
			return &backup_tables[i];
	return NULL;
}

/* Every table of the query is listed, and every listed table is there. */
static void assert_lists_every_table(struct db *db, const char *sql)
{
	json_t *rows = db_json_rows(db, sql, NO_ARGS);
	if (!rows)
		fail_msg("%s: %s", sql, db_errmsg(db));
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *name = json_string_value(json_object_get(row, "name"));
		if (!find_table(name))
			fail_msg("table %s is not in backup_tables[] (src/domain/backup_tables.c): add it, "
			         "in dependency order, or backups will lose it", name);
	}
	for (size_t t = 0; t < backup_ntables; t++) {
		bool found = false;
		json_array_foreach(rows, i, row)
			found |= strcmp(json_string_value(json_object_get(row, "name")),
			                backup_tables[t].name) == 0;
		if (!found)
			fail_msg("backup_tables[] names %s, which no migration creates",
			         backup_tables[t].name);
		assert_ptr_equal(find_table(backup_tables[t].name), &backup_tables[t]);  /* once */
	}
	json_decref(rows);
}

static void test_tables_sqlite(void **state)
{
	(void)state;
	struct db *db = new_sqlite("tables.db");
	/* A virtual table (FTS5, the search index) and its shadow tables are
	 * SQLite's own form of derived data: never backed up. */
	assert_lists_every_table(db, "SELECT name FROM sqlite_master m WHERE type = 'table' "
	                         "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND NOT EXISTS "
	                         "(SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL%' "
	                         "AND (m.name = v.name OR m.name LIKE v.name || '\\_%' ESCAPE '\\'))");
	/* Dependency order: every table a table references comes before it
	 * (or is itself: its rows are ordered parents first). */
	for (size_t i = 0; i < backup_ntables; i++) {
		json_t *refs = db_json_rows(db, "SELECT \"table\" AS ref FROM "
		                            "pragma_foreign_key_list($1)",
		                            DB_ARGS(DB_TEXT(backup_tables[i].name)));
		assert_non_null(refs);
		size_t k;
		json_t *r;
		json_array_foreach(refs, k, r) {
			const struct backup_table *ref =
				find_table(json_string_value(json_object_get(r, "ref")));
			assert_non_null(ref);
			if (ref > &backup_tables[i])
				fail_msg("%s references %s, listed after it", backup_tables[i].name,
				         ref->name);
		}
		json_decref(refs);
	}
	db_close(db);
}

static void test_tables_pg(void **state)
{
	(void)state;
	if (!have_pg())
		skip();
	struct db *db = new_pg();
	assert_lists_every_table(db, "SELECT table_name::text AS name FROM information_schema.tables "
	                         "WHERE table_schema = current_schema() "
	                         "AND table_type = 'BASE TABLE'");
	db_close(db);
}

/* ---- The round trip ---------------------------------------------------- */

static void backup_as(struct db *db, const char *name)
{
	char p[PATH_MAX], err[1024] = "";
	path_in(p, name);
	struct backup_stats st;
	if (backup_to_file(db, p, FIXED_TIME, &st, err, sizeof err) < 0)
		fail_msg("backup_to_file %s: %s", p, err);
	assert_true(st.rows > 400);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);    /* password hashes inside */
}

static void restore_from(struct db *db, const char *name)
{
	char p[PATH_MAX], err[1024] = "";
	path_in(p, name);
	FILE *in = fopen(p, "r");
	assert_non_null(in);
	struct backup_stats st;
	if (backup_restore(db, in, p, &st, err, sizeof err) < 0)
		fail_msg("backup_restore %s: %s", p, err);
	fclose(in);
	assert_true(st.rows > 400);
}

/* An export made at a fixed time; its package's data version, which
 * differs between the databases of the round trip (a restore is a write),
 * dropped, so that the same data gives the same bytes. */
static void export_as(struct db *db, const char *name)
{
	char p[PATH_MAX], err[1024] = "";
	path_in(p, name);
	struct export_stats st;
	struct export_options opt = {.created = FIXED_TIME};
	if (export_write(db, p, &opt, &st, err, sizeof err) < 0)
		fail_msg("export_write %s: %s", p, err);
	char pkg_path[PATH_MAX];
	join(pkg_path, sizeof pkg_path, p, "datapackage.json");
	json_error_t je;
	json_t *pkg = json_load_file(pkg_path, 0, &je);
	assert_non_null(pkg);
	assert_int_equal(json_integer_value(json_object_get(pkg, "data_version")),
	                 st.data_version);
	json_object_del(pkg, "data_version");
	assert_int_equal(json_dump_file(pkg, pkg_path, JSON_INDENT(2) | JSON_PRESERVE_ORDER), 0);
	json_decref(pkg);
}

/* What a restored instance must still do: verify its chain, know its
 * session, and number new rows after the restored ones. */
static void assert_instance_works(struct db *db)
{
	assert_audit_ok(db);
	struct user u;
	assert_int_equal(sessions_lookup(db, g.session_token, &u), OUTCOME_OK);
	assert_string_equal(u.email, ADMIN_EMAIL);
	int64_t before = count(db, "SELECT max(id) FROM actor");
	json_t *errors = json_object();
	json_t *org = json_pack("{s:s, s:s}", "name", "After the restore", "type", "academia");
	json_t *first = json_pack("{s:s, s:s, s:s}", "email", "later@example.org", "name", "Later",
	                          "password", PASSWORD);
	struct actor_registered reg;
	assert_int_equal(actors_register(db, org, first, errors, "cli", NULL, &reg), OUTCOME_OK);
	assert_int_equal(reg.actor_id, before + 1);
	assert_audit_ok(db);
	json_decref(org);
	json_decref(first);
	json_decref(errors);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct db *a = new_sqlite("original.db");
	populate(a);
	/* More rows than backup.c reads at a time (PAGE_ROWS, 5000). */
	assert_int_equal(db_exec(a, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	                         "FROM n WHERE i < 12345) INSERT INTO signin_failure "
	                         "(email, client_addr, at) SELECT 'x' || i || '@example.org', "
	                         "'198.51.100.7', '2026-01-01T00:00:00.000Z' FROM n", NO_ARGS), 12345);
	backup_as(a, "a.jsonl");
	export_as(a, "export-a");

	/* SQLite → PostgreSQL (or another SQLite file without a server). */
	struct db *b = have_pg() ? new_pg() : new_sqlite("middle.db");
	restore_from(b, "a.jsonl");
	assert_audit_ok(b);
	assert_int_equal(count(b, "SELECT count(*) FROM signin_failure"), 12346);
	backup_as(b, "b.jsonl");
	export_as(b, "export-b");

	/* → SQLite again. */
	struct db *c = new_sqlite("final.db");
	restore_from(c, "b.jsonl");
	backup_as(c, "c.jsonl");
	export_as(c, "export-c");

	/* Same rows, same values, same order: the same bytes. */
	char pa[PATH_MAX], pb[PATH_MAX], pc[PATH_MAX];
	path_in(pa, "a.jsonl");
	path_in(pb, "b.jsonl");
	path_in(pc, "c.jsonl");
	assert_same_file(pa, pb);
	assert_same_file(pa, pc);
	path_in(pa, "export-a");
	path_in(pb, "export-b");
	path_in(pc, "export-c");
	assert_same_dir(pa, pb);
	assert_same_dir(pa, pc);

	/* The values themselves, checked once by hand. */
	json_t *row = db_json_row(c, "SELECT baseline, target FROM commitment_indicator", NO_ARGS);
	assert_true(json_real_value(json_object_get(row, "baseline")) == 0.1);
	assert_true(json_real_value(json_object_get(row, "target")) == -1.2345678901234567e-300);
	json_decref(row);

	assert_instance_works(b);
	assert_instance_works(c);
	db_close(a);
	db_close(b);
	db_close(c);
}

/* ---- Restore refusals -------------------------------------------------- */

/* A backup of a populated instance, in memory (caller frees). */
static char *backup_text(void)
{
	static char *cached;
	if (cached)
		return xstrdup(cached);
	struct db *db = new_sqlite("refusals-source.db");
	populate(db);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	char err[512];
	assert_int_equal(backup_write(db, f, FIXED_TIME, NULL, err, sizeof err), 0);
	assert_int_equal(fclose(f), 0);
	db_close(db);
	cached = text;
	return xstrdup(cached);
}

/* Replaces line n (1-based) of text with repl (NULL: removes it). */
static char *with_line(const char *text, size_t n, const char *repl)
{
	struct buf b;
	buf_init(&b, (size_t)256 << 20);
	size_t line = 1;
	for (const char *p = text; *p; line++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (line != n)
			buf_append(&b, p, len);
		else if (repl)
			buf_printf(&b, "%s\n", repl);
		p += len;
	}
	return buf_detach(&b, NULL);
}

/* The number of the first line starting with prefix. */
static size_t line_of(const char *text, const char *prefix)
{
	size_t line = 1;
	for (const char *p = text; *p; line++) {
		if (str_starts(p, prefix))
			return line;
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		p = nl + 1;
	}
	fail_msg("no line starts with %s", prefix);
	return 0;
}

/* Line n of text (caller frees). */
static char *line_at(const char *text, size_t n)
{
	const char *p = text;
	for (size_t line = 1; line < n && p; line++) {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	assert_non_null(p);
	return xstrndup(p, strcspn(p, "\n"));
}

/* A row as wide as the table whose header is line n, `first` then nulls. */
static char *row_of(const char *text, size_t n, const char *first)
{
	char *line = line_at(text, n);
	json_t *h = json_loads(line, 0, NULL);
	size_t width = json_array_size(json_object_get(h, "columns"));
	assert_true(width > 1);
	struct buf b;
	buf_init(&b, 1 << 20);
	buf_printf(&b, "[%s", first);
	for (size_t i = 1; i < width; i++)
		buf_puts(&b, ",null");
	buf_puts(&b, "]");
	json_decref(h);
	free(line);
	return buf_detach(&b, NULL);
}

/* The first row after the table header of line n, with `column` set to
 * value (JSON text); caller frees. */
static char *with_value(const char *text, size_t n, const char *column, const char *value)
{
	char *head = line_at(text, n), *row = line_at(text, n + 1);
	json_t *h = json_loads(head, 0, NULL), *r = json_loads(row, 0, NULL), *c;
	size_t i, at = (size_t)-1;
	json_array_foreach(json_object_get(h, "columns"), i, c)
		if (strcmp(json_string_value(c), column) == 0)
			at = i;
	assert_true(at != (size_t)-1 && json_is_array(r));
	json_array_set_new(r, at, json_loads(value, JSON_DECODE_ANY, NULL));
	char *out = json_dumps(r, JSON_COMPACT);
	json_decref(h);
	json_decref(r);
	free(head);
	free(row);
	return out;
}

/* The table header of line n with one column renamed. */
static char *renamed_column(const char *text, size_t n, const char *from, const char *to)
{
	char *line = line_at(text, n);
	json_t *h = json_loads(line, 0, NULL);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(h, "columns"), i, c)
		if (strcmp(json_string_value(c), from) == 0)
			json_string_set(c, to);
	char *out = json_dumps(h, JSON_COMPACT);
	json_decref(h);
	free(line);
	return out;
}

static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	return n;
}

/* Restores text into a new, empty SQLite database and expects the error
 * "x.jsonl:LINE: …containing…"; then checks nothing was written. */
static void assert_refused(const char *text, size_t line, const char *containing)
{
	struct db *db = new_sqlite("refused.db");
	char err[2048] = "";
	if (refdata_load(db, err, sizeof err) < 0)
		fail_msg("refdata_load: %s", err);
	int64_t version = db_data_version(db);
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	assert_int_equal(backup_restore(db, in, "x.jsonl", NULL, err, sizeof err), -1);
	fclose(in);
	char want[64];
	snprintf(want, sizeof want, "x.jsonl:%zu: ", line);
	if (!str_starts(err, want) || !strstr(err, containing))
		fail_msg("expected \"%s…%s…\", got \"%s\"", want, containing, err);
	/* Nothing written: no user data, the reference data as it was. */
	assert_int_equal(count(db, "SELECT count(*) FROM actor"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM country"), 195);
	assert_int_equal(db_data_version(db), version);
	db_close(db);
}

static void test_restore_refusals(void **state)
{
	(void)state;
	char *good = backup_text();
	size_t last = count_lines(good);
	size_t actor_line = line_of(good, "{\"table\":\"actor\"");
	size_t audit_line = line_of(good, "{\"table\":\"audit_log\"");
	char *t;

	assert_refused("", 0, "empty file");
	assert_refused("hello\n", 1, "not JSON");
	assert_refused("{\"table\":\"actor\",\"columns\":[]}\n", 1, "not a Pacte backup");
	t = with_line(good, 1, "{\"pacte_backup\":2,\"schema\":[],\"created_at\":\"x\"}");
	assert_refused(t, 1, "format");
	free(t);
	t = with_line(good, 1, "{\"pacte_backup\":1,\"schema\":[\"0001_meta\"],\"created_at\":\"x\"}");
	assert_refused(t, 1, "schema");
	free(t);
	/* A row that breaks a constraint, well inside the file: everything
	 * before it is rolled back. */
	t = with_line(good, audit_line + 1, "[1,null,null,null,null,null,null,null,null,null,null,null]");
	assert_refused(t, audit_line + 1, "audit_log");
	free(t);
	t = with_line(good, actor_line + 1, "[1,\"state\",null]");
	assert_refused(t, actor_line + 1, "a row of 3 values for");
	free(t);
	char *row = row_of(good, actor_line, "{\"an\":\"object\"}");
	t = with_line(good, actor_line + 1, row);
	assert_refused(t, actor_line + 1, "not a number, text or null");
	free(t);
	free(row);
	t = with_line(good, actor_line, "{\"table\":\"actor\",\"columns\":[\"id\",\"kind\",\"nope\"]}");
	assert_refused(t, actor_line, "3 columns");
	free(t);
	char *header = renamed_column(good, actor_line, "search_key", "nope");
	t = with_line(good, actor_line, header);
	assert_refused(t, actor_line, "has no column nope");
	free(t);
	free(header);
	t = with_line(good, actor_line, "{\"table\":\"nobody\",\"columns\":[]}");
	assert_refused(t, actor_line, "unknown table nobody");
	free(t);
	t = with_line(good, audit_line, "{\"table\":\"actor\",\"columns\":[]}");
	assert_refused(t, audit_line, "out of order");
	free(t);
	/* A commitment matching one the file does not hold: foreign keys are
	 * checked at the commit (a match may point forward), which refuses it. */
	size_t commitment_line = line_of(good, "{\"table\":\"commitment\"");
	char *changed = with_value(good, commitment_line, "matches_commitment_id", "999999");
	t = with_line(good, commitment_line + 1, changed);
	assert_refused(t, 0, "committing");
	free(t);
	free(changed);
	/* Truncated: the closing line is missing, or a count disagrees. */
	t = with_line(good, last, NULL);
	assert_refused(t, last - 1, "truncated");
	free(t);
	t = with_line(good, last, "{\"pacte_backup_end\":{\"tables\":1,\"rows\":2}}");
	assert_refused(t, last, "announces");
	free(t);
	t = with_line(good, audit_line + 1, NULL);
	assert_refused(t, last - 1, "announces");
	free(t);
	size_t len = strlen(good);
	t = xmalloc(len + 16);
	snprintf(t, len + 16, "%s[1]\n", good);
	assert_refused(t, last + 1, "after the closing line");
	free(t);

	/* A target that already holds data: line 0, whatever the file. */
	struct db *db = new_sqlite("busy.db");
	populate(db);
	char err[1024] = "";
	FILE *in = fmemopen(good, strlen(good), "r");
	int64_t actors = count(db, "SELECT count(*) FROM actor");
	assert_int_equal(backup_restore(db, in, "x.jsonl", NULL, err, sizeof err), -1);
	fclose(in);
	assert_true(str_starts(err, "x.jsonl:0: the target database is not empty"));
	assert_int_equal(count(db, "SELECT count(*) FROM actor"), actors);
	db_close(db);

	/* And the good file restores. */
	db = new_sqlite("good.db");
	in = fmemopen(good, strlen(good), "r");
	assert_int_equal(backup_restore(db, in, "x.jsonl", NULL, err, sizeof err), 0);
	fclose(in);
	assert_int_equal(count(db, "SELECT count(*) FROM actor"), actors);
	db_close(db);
	free(good);
}

/* ---- Whole files or none ------------------------------------------------- */

static void test_backup_file_atomic(void **state)
{
	(void)state;
	char err[1024] = "", p[PATH_MAX];
	struct db *db = new_sqlite("atomic.db");
	populate(db);

	/* No such folder: nothing anywhere. */
	path_in(p, "no-such-folder/x.jsonl");
	assert_int_equal(backup_to_file(db, p, FIXED_TIME, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "no-such-folder"));

	/* A good backup, then one that fails half-way (a table is gone): the
	 * first stays as it was and no temporary file is left. */
	char sub[PATH_MAX];
	path_in(sub, "atomic");
	assert_int_equal(mkdir(sub, 0700), 0);
	join(p, sizeof p, sub, "backup.jsonl");
	assert_int_equal(backup_to_file(db, p, FIXED_TIME, NULL, err, sizeof err), 0);
	size_t before_len;
	char *before = read_file(p, &before_len);
	assert_int_equal(db_exec(db, "DROP TABLE signin_failure", NO_ARGS), 0);
	assert_int_equal(backup_to_file(db, p, FIXED_TIME, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "signin_failure"));
	size_t after_len;
	char *after = read_file(p, &after_len);
	assert_true(before_len == after_len && memcmp(before, after, before_len) == 0);
	char *names = listing(sub, true);
	assert_string_equal(names, "backup.jsonl\n");
	free(names);

	/* A value the format cannot hold (a SQLite BLOB) fails the backup
	 * rather than turning into null. */
	struct db *blob = new_sqlite("blob.db");
	populate(blob);
	assert_int_equal(db_exec(blob, "UPDATE actor SET website = x'00ff' WHERE kind = 'state' "
	                         "AND country_iso3 = 'FRA'", NO_ARGS), 1);
	join(p, sizeof p, sub, "blob.jsonl");
	assert_int_equal(backup_to_file(blob, p, FIXED_TIME, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "table actor, column website: a binary value"));
	assert_int_equal(access(p, F_OK), -1);
	db_close(blob);
	free(before);
	free(after);
	db_close(db);
}

/* ---- The export ---------------------------------------------------------- */

static bool file_contains(const char *path, const char *needle)
{
	char *text = read_file(path, NULL);
	bool found = strstr(text, needle) != NULL;
	free(text);
	return found;
}

static void test_export(void **state)
{
	(void)state;
	char err[1024] = "", one[PATH_MAX], two[PATH_MAX], p[PATH_MAX];
	struct db *db = new_sqlite("export.db");
	populate(db);
	const struct export_options csv_only = {.format = EXPORT_CSV, .created = FIXED_TIME};
	path_in(one, "export-one");
	path_in(two, "export-two");
	struct export_stats st;
	assert_int_equal(export_write(db, one, &csv_only, &st, err, sizeof err), 0);
	assert_int_equal(st.files, st.tables + 1);
	/* Again, after unrelated private writes: the same bytes. */
	int retry;
	char token[AUTH_TOKEN_LEN + 1];
	assert_int_equal(sessions_sign_in(db, ADMIN_EMAIL, PASSWORD, "web", "192.0.2.9", token,
	                                  &retry), SIGNIN_OK);
	assert_int_equal(export_write(db, two, &csv_only, NULL, err, sizeof err), 0);
	assert_same_dir(one, two);

	char *names = listing(one, true);
	assert_string_equal(names, "actor.csv\nassessment.csv\nassessment_comment.csv\ncommitment.csv\n"
	                    "commitment_country.csv\ncommitment_deliverable.csv\n"
	                    "commitment_indicator.csv\ncommitment_objective.csv\n"
	                    "commitment_participant.csv\ncommitment_principle.csv\n"
	                    "commitment_translation.csv\ncountry.csv\ndatapackage.json\nevent.csv\n"
	                    "event_commitment.csv\nevent_participant.csv\n"
	                    "event_position.csv\nevent_session.csv\nevent_session_objective.csv\n"
	                    "event_statement.csv\nfunding_pointer.csv\n"
	                    "funding_pointer_objective.csv\nfunding_pointer_support.csv\n"
	                    "hub_item.csv\nhub_item_country.csv\n"
	                    "hub_item_lang.csv\nhub_item_objective.csv\nindicator.csv\n"
	                    "indicator_objective.csv\nindicator_value.csv\nname_translation.csv\n"
	                    "objective.csv\n"
	                    "partnership.csv\npartnership_commitment.csv\npartnership_member.csv\n"
	                    "partnership_practice.csv\npractice.csv\n"
	                    "practice_call.csv\npractice_call_lang.csv\n"
	                    "practice_call_objective.csv\npractice_commitment.csv\n"
	                    "practice_country.csv\npractice_link.csv\npractice_objective.csv\n"
	                    "practice_partner.csv\npractice_principle.csv\npractice_region.csv\n"
	                    "practice_translation.csv\nprinciple.csv\nprogress_evidence.csv\n"
	                    "progress_indicator_value.csv\nprogress_update.csv\nregion.csv\n"
	                    "review_cycle.csv\nreview_input.csv\nvoluntary_review.csv\n");
	free(names);

	/* RFC 4180: a header row, CRLF, quotes doubled inside quoted fields. */
	join(p, sizeof p, one, "country.csv");
	char *csv = read_file(p, NULL);
	assert_true(str_starts(csv, "iso3,iso2,numeric,un_status,region_m49,subregion_m49,"
	                       "intermediate_m49,name_ar,name_zh,name_en,name_fr,name_ru,"
	                       "name_es\r\nAFG,AF,004,member,"));
	size_t rows = 0;
	for (const char *c = csv; (c = strstr(c, "\r\n")); c += 2)
		rows++;
	assert_int_equal(rows, 196);
	free(csv);
	join(p, sizeof p, one, "actor.csv");
	assert_true(file_contains(p, "\"Réseau « Migrants, ensemble » \"\"RME\"\"\","));
	assert_true(file_contains(p, "\"Line one, with \"\"quotes\"\".\r\nLine two; مرحبا.\""));
	/* A spreadsheet formula in a text field is neutralised (issue 11,
	 * finding 10); integers stay numbers. */
	char fresh[PATH_MAX];
	path_in(fresh, "export-formula");
	assert_int_equal(db_exec(db, "UPDATE actor SET description = '=HYPERLINK(\"x\")', "
	                         "website = '@SUM(1)' WHERE kind = 'state' AND country_iso3 = 'FRA'",
	                         NO_ARGS), 1);
	assert_int_equal(export_write(db, fresh, &csv_only, NULL, err, sizeof err), 0);
	join(p, sizeof p, fresh, "actor.csv");
	assert_true(file_contains(p, ",'@SUM(1),\"'=HYPERLINK(\"\"x\"\")\","));
	assert_false(file_contains(p, ",=HYPERLINK"));
	join(p, sizeof p, fresh, "objective.csv");
	assert_true(file_contains(p, "\r\n1,"));
	join(p, sizeof p, fresh, "datapackage.json");
	assert_true(file_contains(p, "apostrophe"));

	/* Nothing private in any file. */
	static const char *const private[] = {ADMIN_EMAIL, PARTNER_EMAIL, "$argon2id",
	                                      "192.0.2.1", "search_key", "token_hash"};
	char *files = listing(one, false);
	for (char *line = files, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		join(p, sizeof p, one, line);
		for (size_t i = 0; i < ARRAY_LEN(private); i++)
			if (file_contains(p, private[i]))
				fail_msg("%s holds %s", p, private[i]);
	}
	free(files);

	/* The package describes each CSV file: its path, and its header's
	 * fields in order. */
	join(p, sizeof p, one, "datapackage.json");
	json_error_t je;
	json_t *pkg = json_load_file(p, 0, &je);
	assert_non_null(pkg);
	assert_string_equal(json_string_value(json_object_get(pkg, "profile")),
	                    "tabular-data-package");
	size_t i;
	json_t *res;
	json_array_foreach(json_object_get(pkg, "resources"), i, res) {
		const char *path = json_string_value(json_object_get(res, "path"));
		char file[PATH_MAX];
		join(file, sizeof file, one, path);
		char *text = read_file(file, NULL);
		struct buf header;
		buf_init(&header, 4096);
		size_t k;
		json_t *f;
		json_array_foreach(json_object_get(json_object_get(res, "schema"), "fields"), k, f)
			buf_printf(&header, "%s%s", k ? "," : "",
			           json_string_value(json_object_get(f, "name")));
		buf_puts(&header, "\r\n");
		assert_true(str_starts(text, buf_str(&header)));
		buf_release(&header);
		free(text);
	}
	assert_int_equal(json_array_size(json_object_get(pkg, "resources")), export_table_count());
	json_decref(pkg);

	/* By default JSON Lines too: one file more per table. */
	assert_int_equal(export_write(db, two, NULL, &st, err, sizeof err), 0);
	assert_int_equal(st.files, 2 * st.tables + 1);
	join(p, sizeof p, two, "objective.jsonl");
	json_t *first = json_load_file(p, JSON_DISABLE_EOF_CHECK, &je);
	assert_int_equal(json_integer_value(json_object_get(first, "number")), 1);
	json_decref(first);

	/* A failure half-way leaves the folder as it was. */
	char *listed = listing(one, true);
	join(p, sizeof p, one, "country.csv");
	size_t before_len;
	char *before = read_file(p, &before_len);
	assert_int_equal(db_exec_script(db, "PRAGMA foreign_keys = OFF; DROP TABLE actor"), 0);
	assert_int_equal(export_write(db, one, &csv_only, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "actor"));
	char *relisted = listing(one, true);
	assert_string_equal(listed, relisted);
	size_t after_len;
	char *after = read_file(p, &after_len);
	assert_true(before_len == after_len && memcmp(before, after, before_len) == 0);
	free(listed);
	free(relisted);
	free(before);
	free(after);

	/* Not a folder. */
	join(p, sizeof p, one, "country.csv");
	assert_int_equal(export_write(db, p, &csv_only, NULL, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a folder"));
	db_close(db);

	enum export_format fmt;
	assert_int_equal(export_format_parse("jsonl", &fmt), 0);
	assert_int_equal(fmt, EXPORT_JSONL);
	assert_int_equal(export_format_parse("json", &fmt), -1);
	assert_int_equal(export_format_parse("xml", &fmt), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sqlite),
		cmocka_unit_test(test_tables_pg),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_restore_refusals),
		cmocka_unit_test(test_backup_file_atomic),
		cmocka_unit_test(test_export),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
