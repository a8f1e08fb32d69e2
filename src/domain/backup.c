/* backup.c — `pacte backup` and `pacte restore`: a whole instance as JSON
 * lines, portable between SQLite and PostgreSQL (format in backup.h).
 *
 * SQL is built here from identifiers only, never from data: table names
 * and row orders come from backup_tables[] below, column names from the
 * target database's own catalogue (a column the file names is looked up
 * there and the catalogue's spelling is used). Every value travels as a
 * parameter. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backup.h"
#include "buf.h"
#include "db.h"
#include "search.h"
#include "util.h"

/* The tables, parents before children; a migration's new table too (test_backup.c checks). */
const struct backup_table backup_tables[] = {
	{"schema_migrations", BACKUP_SKIP, "version"},
	{"data_version", BACKUP_SKIP, "id"},
	/* World, then regions, sub-regions, intermediate regions: each region
	 * after its parent, whatever the codes. */
	{"region", BACKUP_REFERENCE,
	 "CASE level WHEN 'world' THEN 0 WHEN 'region' THEN 1 WHEN 'subregion' THEN 2 "
	 "ELSE 3 END, m49"},
	{"country", BACKUP_REFERENCE, "iso3"},
	{"objective", BACKUP_REFERENCE, "number"},
	{"principle", BACKUP_REFERENCE, "slug"},
	/* Review cycles (0018): loaded by the migration, their dates edited by
	 * administrators, hence kept and replaced as reference data. */
	{"review_cycle", BACKUP_REFERENCE, "id"},
	/* Events and positions (0017), names in more languages (0030): from `pacte init`. */
	{"event", BACKUP_REFERENCE, "slug"},
	{"event_position", BACKUP_REFERENCE, "event_slug, iso3"},
	{"name_translation", BACKUP_REFERENCE, "kind, key, field, lang"},
	{"actor", BACKUP_DATA, "id"},
	{"account", BACKUP_DATA, "id"},
	{"user_session", BACKUP_DATA, "id"},
	{"api_token", BACKUP_DATA, "id"},
	{"signin_failure", BACKUP_DATA, "id"},
	{"signin_refusal", BACKUP_DATA, "scope, subject, period"},
	{"registration_count", BACKUP_DATA, "client_addr, period"},
	{"commitment", BACKUP_DATA, "id"},
	{"commitment_objective", BACKUP_DATA, "commitment_id, objective"},
	{"commitment_principle", BACKUP_DATA, "commitment_id, principle"},
	{"commitment_country", BACKUP_DATA, "commitment_id, iso3"},
	{"commitment_participant", BACKUP_DATA, "commitment_id, actor_id"},
	{"commitment_translation", BACKUP_DATA, "commitment_id, lang"},
	{"commitment_deliverable", BACKUP_DATA, "commitment_id, position"},
	{"commitment_indicator", BACKUP_DATA, "id"},
	{"progress_update", BACKUP_DATA, "id"},
	{"progress_indicator_value", BACKUP_DATA, "update_id, indicator_id"},
	{"progress_evidence", BACKUP_DATA, "update_id, position"},
	/* Practices (0014): calls, practices and their children, the review. */
	{"practice_call", BACKUP_DATA, "id"},
	{"practice_call_objective", BACKUP_DATA, "call_id, objective"},
	{"practice_call_lang", BACKUP_DATA, "call_id, lang"},
	{"practice", BACKUP_DATA, "id"},
	{"practice_objective", BACKUP_DATA, "practice_id, objective"},
	{"practice_principle", BACKUP_DATA, "practice_id, principle"},
	{"practice_country", BACKUP_DATA, "practice_id, iso3"},
	{"practice_region", BACKUP_DATA, "practice_id, m49"},
	{"practice_partner", BACKUP_DATA, "practice_id, position"},
	{"practice_link", BACKUP_DATA, "practice_id, position"},
	{"practice_commitment", BACKUP_DATA, "practice_id, commitment_id"},
	{"practice_reviewer", BACKUP_DATA, "user_id"},
	{"practice_setting", BACKUP_DATA, "name"},
	{"practice_declaration", BACKUP_DATA, "practice_id, user_id"},
	{"practice_decision", BACKUP_DATA, "id"},
	{"practice_message", BACKUP_DATA, "id"},
	{"practice_translation", BACKUP_DATA, "id"},
	{"notification", BACKUP_DATA, "id"},
	/* Reviews (0018): voluntary reviews, inputs, assessments. */
	{"voluntary_review", BACKUP_DATA, "id"},
	{"review_narrative", BACKUP_DATA, "review_id, objective"},
	{"review_input", BACKUP_DATA, "id"},
	{"assessment", BACKUP_DATA, "id"},
	{"assessment_comment", BACKUP_DATA, "id"},
	/* The connection hub (0017): needs and offers, their matches, the
	 * partnerships born of them. */
	{"hub_item", BACKUP_DATA, "id"},
	{"hub_item_objective", BACKUP_DATA, "item_id, objective"},
	{"hub_item_country", BACKUP_DATA, "item_id, iso3"},
	{"hub_item_lang", BACKUP_DATA, "item_id, lang"},
	{"hub_match", BACKUP_DATA, "id"},
	{"partnership", BACKUP_DATA, "id"},
	{"partnership_member", BACKUP_DATA, "partnership_id, actor_id"},
	/* Indicators (0019): the catalogue, then the values. */
	{"indicator", BACKUP_REFERENCE, "code"},
	{"indicator_objective", BACKUP_REFERENCE, "code, objective"},
	{"indicator_value", BACKUP_DATA, "code, iso3, sex, age, migratory_status, period"},
	{"audit_log", BACKUP_DATA, "id"},
	/* The search index is derived from the tables above: never backed up,
	 * rebuilt after a restore (search_state.built = 0, reindex.h). SQLite's
	 * FTS5 table and its shadow tables are part of it. */
	{"search_doc", BACKUP_SKIP, "id"},
	{"search_facet", BACKUP_SKIP, "doc, facet, value"},
	{"search_state", BACKUP_SKIP, "id"},
	/* The dashboard's running counts (0019) are derived too: a restore
	 * writes the rows they count, and their triggers count them again. */
	{"tally_objective_status", BACKUP_SKIP, "objective, status"},
	{"tally_country_status", BACKUP_SKIP, "iso3, status"},
	{"tally_objective_region", BACKUP_SKIP, "objective, region, status"},
	{"tally_objective_country", BACKUP_SKIP, "objective, iso3, status"},
	{"tally_activity", BACKUP_SKIP, "status, activity_date"},
	{"tally_created", BACKUP_SKIP, "month"},
	{"tally_reported", BACKUP_SKIP, "month"},
	{"tally_practice_objective", BACKUP_SKIP, "objective, status"},   /* 0023 */
	{"tally_hub_objective", BACKUP_SKIP, "side, objective, status"},
	{"tally_practice_country", BACKUP_SKIP, "iso3, status"},
	{"tally_hub_country", BACKUP_SKIP, "side, iso3, status"},
	{"tally_country_activity", BACKUP_SKIP, "iso3, status, activity_date"},
	{"region_mark", BACKUP_SKIP, "kind, item_id, region"},
	{"tally_practice_region", BACKUP_SKIP, "region, status"},
	{"tally_hub_region", BACKUP_SKIP, "side, region, status"},
	{"assessment_latest", BACKUP_SKIP, "commitment_id"},
	{"tally_assessed", BACKUP_SKIP, "status, completion"},
	/* The change feed keeps its order, so harvesters' cursors stay good. */
	{"change_log", BACKUP_DATA, "seq"},
	/* Mail and recovery (schema/0020): a queued message survives a
	 * restore; the recovery requests' counts are an hour's bookkeeping. */
	{"mail", BACKUP_DATA, "id"},
	{"mail_attempt", BACKUP_DATA, "id"},
	{"account_token", BACKUP_DATA, "id"},
	{"recovery_request", BACKUP_SKIP, "id"},
};
const size_t backup_ntables = ARRAY_LEN(backup_tables);

#define LINE_MAX_BYTES ((size_t)64 << 20)   /* one row; far above any real one */
#define SQL_MAX 8192
#define PAGE_ROWS 5000                      /* rows read at a time */

/* ---- Migrations as backups name them ----------------------------------- */

/* The suffixes a migration file may end with (db.c), longest first. */
static const char *const migration_suffixes[] = {".sqlite.sql", ".pg.sql", ".sql"};

static json_t *migration_stem(const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < ARRAY_LEN(migration_suffixes); i++) {
		size_t n = strlen(migration_suffixes[i]);
		if (len > n && strcmp(name + len - n, migration_suffixes[i]) == 0)
			return json_stringn(name, len - n);
	}
	return json_string(name);
}

json_t *backup_schema(struct db *db)
{
	struct db_res *res = db_query(db, "SELECT name FROM schema_migrations ORDER BY version",
	                              NO_ARGS);
	if (!res)
		return NULL;
	json_t *list = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		const char *name = db_text(res, 0);
		json_array_append_new(list, name ? migration_stem(name) : json_null());
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* ---- Writing ----------------------------------------------------------- */

/* One JSON value and a newline; -1 when the stream failed. */
static int put_line(FILE *out, json_t *v)
{
	int rc = json_dumpf(v, out, JSON_COMPACT) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	json_decref(v);
	return rc;
}

/* The column as a backup value: db_json's, with a boolean (PostgreSQL)
 * written as the 0 or 1 SQLite would hold. NULL for a value the format
 * cannot carry (a SQLite BLOB). */
static json_t *cell(const struct db_res *res, int col)
{
	json_t *v = db_json(res, col);
	if (json_is_boolean(v)) {
		int one = json_is_true(v);
		json_decref(v);
		return json_integer(one);
	}
	if (json_is_null(v) && !db_isnull(res, col)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* Writes the rows of res, one line each. Returns how many, or -1 (err
 * set). *last_id gets column id_col of the last row (when id_col >= 0). */
static int64_t write_rows(struct db *db, struct db_res *res, FILE *out,
                          const struct backup_table *t, int id_col, int64_t *last_id,
                          char *err, size_t errlen)
{
	int ncols = db_ncols(res);
	int64_t n = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		json_t *row = json_array();
		for (int i = 0; i < ncols; i++) {
			json_t *v = cell(res, i);
			if (!v) {
				put_err(err, errlen, "table %s, column %s: a binary value, which "
				        "backups cannot hold", t->name, db_colname(res, i));
				json_decref(row);
				return -1;
			}
			json_array_append_new(row, v);
		}
		if (id_col >= 0)
			*last_id = db_int(res, id_col);
		if (put_line(out, row) < 0) {
			put_err(err, errlen, "writing table %s: %s", t->name, strerror(errno));
			return -1;
		}
		n++;
	}
	if (rc < 0) {
		put_err(err, errlen, "table %s: %s", t->name, db_errmsg(db));
		return -1;
	}
	return n;
}

/* Writes one table: its header line, then its rows. A table ordered by
 * an integer id is read a page at a time, so a long one (the audit trail)
 * never sits in memory whole — PostgreSQL's results are read whole. */
static int write_table(struct db *db, FILE *out, const struct backup_table *t,
                       struct backup_stats *st, char *err, size_t errlen)
{
	char sql[SQL_MAX];
	snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE 1 = 0", t->name);
	struct db_res *res = db_query(db, sql, NO_ARGS);
	if (!res) {
		put_err(err, errlen, "table %s: %s", t->name, db_errmsg(db));
		return -1;
	}
	int id_col = -1;
	json_t *cols = json_array();
	for (int i = 0; i < db_ncols(res); i++) {
		json_array_append_new(cols, json_string(db_colname(res, i)));
		if (strcmp(db_colname(res, i), "id") == 0)
			id_col = i;
	}
	db_res_free(res);
	if (put_line(out, json_pack("{s:s, s:o}", "table", t->name, "columns", cols)) < 0) {
		put_err(err, errlen, "writing table %s: %s", t->name, strerror(errno));
		return -1;
	}
	st->tables++;
	bool paged = id_col >= 0 && strcmp(t->order_by, "id") == 0;
	if (paged)
		snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE id > $1 ORDER BY id LIMIT %d",
		         t->name, PAGE_ROWS);
	else
		snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", t->name, t->order_by);
	int64_t last_id = INT64_MIN, n;
	do {
		res = paged ? db_query(db, sql, DB_ARGS(DB_INT(last_id))) : db_query(db, sql, NO_ARGS);
		if (!res) {
			put_err(err, errlen, "table %s: %s", t->name, db_errmsg(db));
			return -1;
		}
		n = write_rows(db, res, out, t, id_col, &last_id, err, errlen);
		db_res_free(res);
		if (n < 0)
			return -1;
		st->rows += n;
	} while (paged && n == PAGE_ROWS);
	return 0;
}

static int write_all(struct db *db, FILE *out, const char *created_at, struct backup_stats *st,
                     char *err, size_t errlen)
{
	json_t *schema = backup_schema(db);
	if (!schema) {
		put_err(err, errlen, "reading the applied migrations: %s", db_errmsg(db));
		return -1;
	}
	json_t *header = json_pack("{s:i, s:o, s:s}", "pacte_backup", BACKUP_FORMAT,
	                           "schema", schema, "created_at", created_at);
	if (put_line(out, header) < 0) {
		put_err(err, errlen, "writing: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < backup_ntables; i++) {
		if (backup_tables[i].kind == BACKUP_SKIP)
			continue;
		if (write_table(db, out, &backup_tables[i], st, err, errlen) < 0)
			return -1;
	}
	json_t *end = json_pack("{s:{s:I, s:I}}", "pacte_backup_end", "tables",
	                        (json_int_t)st->tables, "rows", (json_int_t)st->rows);
	if (put_line(out, end) < 0) {
		put_err(err, errlen, "writing: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int backup_write(struct db *db, FILE *out, const char *created_at, struct backup_stats *stats,
                 char *err, size_t errlen)
{
	struct backup_stats st = {0};
	/* A transaction, so every table is read in the same state: without
	 * one, a user created between reading two tables could appear in the
	 * audit trail and not in the accounts. db.h's transactions are write
	 * transactions; this one is rolled back, so it bumps nothing. */
	if (db_begin_unversioned(db) < 0) {
		put_err(err, errlen, "starting the transaction: %s", db_errmsg(db));
		return -1;
	}
	int rc = write_all(db, out, created_at, &st, err, errlen);
	db_rollback(db);
	if (stats)
		*stats = st;
	return rc;
}

/* Makes a rename durable: the folder's entry is synced too. */
static int sync_parent(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	free(copy);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int backup_to_file(struct db *db, const char *path, const char *created_at,
                   struct backup_stats *stats, char *err, size_t errlen)
{
	struct buf tmp;
	buf_init(&tmp, 4096);
	if (buf_printf(&tmp, "%s.tmp-XXXXXX", path) < 0) {
		put_err(err, errlen, "%s: file name too long", path);
		buf_release(&tmp);
		return -1;
	}
	/* mkstemp's 0600 suits a file holding password and session hashes. */
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		put_err(err, errlen, "%s: %s", tmp.data, strerror(errno));
		buf_release(&tmp);
		return -1;
	}
	FILE *out = fdopen(fd, "w");
	if (!out) {
		put_err(err, errlen, "%s: %s", tmp.data, strerror(errno));
		close(fd);
		goto fail;
	}
	int rc = backup_write(db, out, created_at, stats, err, errlen);
	if (rc == 0 && (fflush(out) != 0 || ferror(out) || fsync(fileno(out)) != 0)) {
		put_err(err, errlen, "%s: %s", tmp.data, strerror(errno));
		rc = -1;
	}
	if (fclose(out) != 0 && rc == 0) {
		put_err(err, errlen, "%s: %s", tmp.data, strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		goto fail;
	if (rename(tmp.data, path) < 0) {
		put_err(err, errlen, "renaming %s to %s: %s", tmp.data, path, strerror(errno));
		goto fail;
	}
	if (sync_parent(path) < 0) {
		put_err(err, errlen, "%s: syncing its folder: %s", path, strerror(errno));
		buf_release(&tmp);
		return -1;
	}
	buf_release(&tmp);
	return 0;
fail:
	unlink(tmp.data);
	buf_release(&tmp);
	return -1;
}

/* ---- Restoring --------------------------------------------------------- */

struct restore {
	struct db *db;
	FILE *in;
	const char *name;
	size_t line;
	struct buf text;            /* the current line */
	char *err;
	size_t errlen;
	struct backup_stats st;
	size_t next_table;          /* index in backup_tables of the next table due */
	const struct backup_table *table;  /* the table whose rows come now, or NULL */
	char *insert_sql;
	int ncols;
	struct db_arg *args;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct restore *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	put_err(r->err, r->errlen, "%s:%zu: %s", r->name, r->line, msg);
	return -1;
}

/* Reads the next line into r->text, without its newline. Returns 1 a line,
 * 0 end of file, -1 error. */
static int read_line(struct restore *r)
{
	char chunk[65536];
	buf_reset(&r->text);
	bool got = false;
	while (fgets(chunk, sizeof chunk, r->in)) {
		got = true;
		size_t n = strlen(chunk);
		bool eol = n > 0 && chunk[n - 1] == '\n';
		if (buf_append(&r->text, chunk, n - eol) < 0) {
			r->line++;
			return fail(r, "line longer than %zu MiB", LINE_MAX_BYTES >> 20);
		}
		if (eol)
			break;
	}
	if (ferror(r->in)) {
		r->line++;
		return fail(r, "cannot read: %s", strerror(errno));
	}
	if (!got)
		return 0;
	r->line++;
	if (strlen(buf_str(&r->text)) != r->text.len)
		return fail(r, "a NUL byte: not a backup file");
	return 1;
}

/* Parses the current line as JSON; NULL (and err set) if it is not. */
static json_t *parse_line(struct restore *r)
{
	json_error_t je;
	json_t *v = json_loadb(buf_str(&r->text), r->text.len, JSON_REJECT_DUPLICATES, &je);
	if (!v)
		fail(r, "not JSON: %s", je.text);
	return v;
}

static char *list_text(json_t *list)
{
	char *s = json_dumps(list, JSON_COMPACT);
	return s ? s : xstrdup("?");
}

static int check_header(struct restore *r, json_t *h)
{
	json_t *fmt = json_object_get(h, "pacte_backup");
	json_t *schema = json_object_get(h, "schema");
	if (!json_is_object(h) || !fmt)
		return fail(r, "not a Pacte backup (no \"pacte_backup\" header)");
	if (!json_is_integer(fmt) || json_integer_value(fmt) != BACKUP_FORMAT)
		return fail(r, "backup format %s: this pacte reads format %d",
		            json_is_integer(fmt) ? "unknown" : "not a number", BACKUP_FORMAT);
	if (!json_is_array(schema) || !json_is_string(json_object_get(h, "created_at")))
		return fail(r, "the header needs \"schema\" (a list) and \"created_at\" (text)");
	json_t *mine = backup_schema(r->db);
	if (!mine)
		return fail(r, "reading the target's migrations: %s", db_errmsg(r->db));
	int rc = 0;
	if (!json_equal(schema, mine)) {
		char *a = list_text(schema), *b = list_text(mine);
		rc = fail(r, "the backup's schema %s is not the target's %s: restore with the "
		          "pacte version that made the backup, then upgrade", a, b);
		free(a);
		free(b);
	}
	json_decref(mine);
	return rc;
}

/* The target must hold no user data; reference data is emptied to make
 * room for the backup's. Runs inside the restore's transaction. */
static int prepare_target(struct restore *r)
{
	char sql[SQL_MAX];
	for (size_t i = 0; i < backup_ntables; i++) {
		const struct backup_table *t = &backup_tables[i];
		if (t->kind != BACKUP_DATA)
			continue;
		int64_t n;
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t->name);
		if (db_scalar_int(r->db, &n, 0, sql, NO_ARGS) < 0)
			return fail(r, "table %s: %s", t->name, db_errmsg(r->db));
		if (n > 0)
			return fail(r, "the target database is not empty (table %s has %lld rows): "
			            "restore into a new database, not one made by pacte init", t->name, (long long)n);
	}
	for (size_t i = backup_ntables; i-- > 0;) {
		const struct backup_table *t = &backup_tables[i];
		if (t->kind != BACKUP_REFERENCE)
			continue;
		snprintf(sql, sizeof sql, "DELETE FROM %s", t->name);
		if (db_exec(r->db, sql, NO_ARGS) < 0)
			return fail(r, "emptying table %s: %s", t->name, db_errmsg(r->db));
	}
	return 0;
}

static void end_table(struct restore *r)
{
	free(r->insert_sql);
	free(r->args);
	r->insert_sql = NULL;
	r->args = NULL;
	r->table = NULL;
	r->ncols = 0;
}

/* The target's own spelling of column `want` of the open result, or NULL. */
static const char *target_column(const struct db_res *res, const char *want)
{
	for (int i = 0; i < db_ncols(res); i++)
		if (strcmp(db_colname(res, i), want) == 0)
			return db_colname(res, i);
	return NULL;
}

/* Builds "INSERT INTO t ("a", "b") VALUES ($1, $2)" for the file's columns,
 * each matched to one of the target's. */
static int build_insert(struct restore *r, json_t *cols)
{
	char sql[SQL_MAX];
	snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE 1 = 0", r->table->name);
	struct db_res *res = db_query(r->db, sql, NO_ARGS);
	if (!res)
		return fail(r, "table %s: %s", r->table->name, db_errmsg(r->db));
	int rc = 0;
	size_t n = json_array_size(cols);
	if (n != (size_t)db_ncols(res))
		rc = fail(r, "table %s: %zu columns, the target's has %d", r->table->name, n,
		          db_ncols(res));
	struct buf b;
	buf_init(&b, SQL_MAX);
	buf_printf(&b, "INSERT INTO %s (", r->table->name);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *want = json_string_value(json_array_get(cols, i));
		const char *have = want ? target_column(res, want) : NULL;
		if (!have || strchr(have, '"'))
			rc = fail(r, "table %s has no column %s", r->table->name,
			          want ? want : "(not text)");
		else
			buf_printf(&b, "%s\"%s\"", i ? ", " : "", have);
	}
	buf_puts(&b, ") VALUES (");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s$%zu", i ? ", " : "", i + 1);
	buf_puts(&b, ")");
	db_res_free(res);
	if (rc == 0 && b.overflow)
		rc = fail(r, "table %s: too many columns", r->table->name);
	/* A repeated column makes the INSERT fail, with the database's words. */
	if (rc == 0) {
		r->insert_sql = buf_detach(&b, NULL);
		r->ncols = (int)n;
		r->args = xcalloc(n ? n : 1, sizeof(*r->args));
	}
	buf_release(&b);
	return rc;
}

/* A {"table": …, "columns": […]} line: the next table in the list. */
static int start_table(struct restore *r, json_t *v)
{
	const char *name = json_string_value(json_object_get(v, "table"));
	json_t *cols = json_object_get(v, "columns");
	if (!name || !json_is_array(cols))
		return fail(r, "a table line needs \"table\" (text) and \"columns\" (a list)");
	while (r->next_table < backup_ntables &&
	       backup_tables[r->next_table].kind == BACKUP_SKIP)
		r->next_table++;
	if (r->next_table == backup_ntables ||
	    strcmp(backup_tables[r->next_table].name, name) != 0) {
		for (size_t i = 0; i < backup_ntables; i++)
			if (strcmp(backup_tables[i].name, name) == 0 &&
			    backup_tables[i].kind != BACKUP_SKIP)
				return fail(r, "table %s out of order or repeated (expected %s)", name,
				            r->next_table < backup_ntables ?
				            backup_tables[r->next_table].name : "the end");
		return fail(r, "unknown table %s", name);
	}
	end_table(r);
	r->table = &backup_tables[r->next_table++];
	r->st.tables++;
	return build_insert(r, cols);
}

/* Turns one JSON value into a parameter; -1 for a type backups never hold. */
static int to_arg(json_t *v, struct db_arg *a)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		*a = DB_NULL_ARG;
		return 0;
	case JSON_INTEGER:
		*a = DB_INT(json_integer_value(v));
		return 0;
	case JSON_REAL:
		*a = DB_REAL(json_real_value(v));
		return 0;
	case JSON_STRING:
		/* A NUL inside would be cut short by the database: refuse it. */
		if (strlen(json_string_value(v)) != json_string_length(v))
			return -1;
		*a = DB_TEXT(json_string_value(v));
		return 0;
	default:
		return -1;
	}
}

static int insert_row(struct restore *r, json_t *row)
{
	if (!r->table)
		return fail(r, "a row before any table line");
	if (json_array_size(row) != (size_t)r->ncols)
		return fail(r, "table %s: a row of %zu values for %d columns", r->table->name,
		            json_array_size(row), r->ncols);
	for (int i = 0; i < r->ncols; i++)
		if (to_arg(json_array_get(row, (size_t)i), &r->args[i]) < 0)
			return fail(r, "table %s: value %d is not a number, text or null",
			            r->table->name, i + 1);
	if (db_exec(r->db, r->insert_sql, (size_t)r->ncols, r->args) < 0)
		return fail(r, "table %s: %s", r->table->name, db_errmsg(r->db));
	r->st.rows++;
	return 0;
}

static int check_end(struct restore *r, json_t *end)
{
	json_t *tables = json_object_get(end, "tables"), *rows = json_object_get(end, "rows");
	if (!json_is_integer(tables) || !json_is_integer(rows))
		return fail(r, "the closing line needs \"tables\" and \"rows\" counts");
	if (json_integer_value(tables) != r->st.tables || json_integer_value(rows) != r->st.rows)
		return fail(r, "the file announces %lld tables and %lld rows, it holds %lld and %lld",
		            (long long)json_integer_value(tables), (long long)json_integer_value(rows),
		            (long long)r->st.tables, (long long)r->st.rows);
	for (size_t i = r->next_table; i < backup_ntables; i++)
		if (backup_tables[i].kind != BACKUP_SKIP)
			return fail(r, "table %s is missing", backup_tables[i].name);
	/* Nothing may follow the closing line (but an empty last line). */
	int rc = read_line(r);
	while (rc == 1 && r->text.len == 0)
		rc = read_line(r);
	if (rc == 1)
		return fail(r, "text after the closing line");
	return rc;
}

/* Reads every line after the header. Returns 0 at a verified end, -1. */
static int read_body(struct restore *r)
{
	int rc;
	while ((rc = read_line(r)) == 1) {
		json_t *v = parse_line(r);
		if (!v)
			return -1;
		json_t *end = json_object_get(v, "pacte_backup_end");
		if (json_is_array(v))
			rc = insert_row(r, v);
		else if (json_is_object(v) && end)
			rc = check_end(r, end);
		else if (json_is_object(v))
			rc = start_table(r, v);
		else
			rc = fail(r, "expected a row (a list) or a table line");
		json_decref(v);
		if (rc < 0 || end)
			return rc;
	}
	if (rc == 0)
		fail(r, "the file ends before its closing line: truncated?");
	return -1;
}

/* PostgreSQL hands out ids from sequences, which the explicit ids of a
 * restore do not move: without this the next insert would collide with a
 * restored row. SQLite derives the next rowid from the rows themselves. */
static int move_sequences(struct restore *r)
{
	static const char seq_sql[] =
		"SELECT column_name::text AS col, pg_get_serial_sequence($1, column_name::text) AS seq "
		"FROM information_schema.columns "
		"WHERE table_schema = current_schema() AND table_name::text = $1 "
		"ORDER BY ordinal_position";
	for (size_t i = 0; i < backup_ntables; i++) {
		const struct backup_table *t = &backup_tables[i];
		if (t->kind == BACKUP_SKIP)
			continue;
		json_t *cols = db_json_rows(r->db, seq_sql, DB_ARGS(DB_TEXT(t->name)));
		if (!cols)
			return fail(r, "table %s: reading its sequences: %s", t->name, db_errmsg(r->db));
		size_t k;
		json_t *c;
		int rc = 0;
		json_array_foreach(cols, k, c) {
			const char *col = json_string_value(json_object_get(c, "col"));
			const char *seq = json_string_value(json_object_get(c, "seq"));
			if (!col || !seq || strchr(col, '"'))
				continue;
			char sql[SQL_MAX];
			snprintf(sql, sizeof sql, "SELECT setval($1, max(\"%s\")) FROM %s "
			         "HAVING max(\"%s\") IS NOT NULL", col, t->name, col);
			if (db_exec(r->db, sql, DB_ARGS(DB_TEXT(seq))) < 0) {
				rc = fail(r, "table %s: moving sequence %s: %s", t->name, seq,
				          db_errmsg(r->db));
				break;
			}
		}
		json_decref(cols);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int restore_all(struct restore *r)
{
	int rc = read_line(r);
	if (rc <= 0)
		return rc == 0 ? fail(r, "empty file: not a Pacte backup") : -1;
	json_t *h = parse_line(r);
	if (!h)
		return -1;
	rc = check_header(r, h);
	json_decref(h);
	if (rc < 0)
		return -1;
	if (db_begin(r->db) < 0)
		return fail(r, "starting the transaction: %s", db_errmsg(r->db));
	/* Rows come in id order, and a commitment may match a later one:
	 * foreign keys are checked at the commit (migration 0006_restore). */
	if (db_exec_script(r->db, db_dialect(r->db) == DB_POSTGRES ? "SET CONSTRAINTS ALL DEFERRED" :
	                   "PRAGMA defer_foreign_keys = ON") < 0) {
		db_rollback(r->db);
		return fail(r, "deferring foreign keys: %s", db_errmsg(r->db));
	}
	size_t header_line = r->line;
	r->line = 0;
	rc = prepare_target(r);
	r->line = header_line;
	if (rc == 0)
		rc = read_body(r);
	if (rc == 0 && db_dialect(r->db) == DB_POSTGRES)
		rc = move_sequences(r);
	if (rc == 0 && search_mark_stale(r->db) < 0)
		rc = fail(r, "search index: %s", db_errmsg(r->db));
	if (rc < 0) {
		db_rollback(r->db);
		return -1;
	}
	if (db_commit(r->db) < 0) {
		r->line = 0;
		return fail(r, "committing: %s", db_errmsg(r->db));
	}
	return 0;
}

int backup_restore(struct db *db, FILE *in, const char *name, struct backup_stats *stats,
                   char *err, size_t errlen)
{
	struct restore r = {.db = db, .in = in, .name = name, .err = err, .errlen = errlen};
	buf_init(&r.text, LINE_MAX_BYTES);
	int rc = restore_all(&r);
	end_table(&r);
	buf_release(&r.text);
	if (stats)
		*stats = rc == 0 ? r.st : (struct backup_stats){0};
	return rc;
}
