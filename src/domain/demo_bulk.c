/* demo_bulk.c — `pacte demo` as a bulk load (demo.h, issue 19 item 2): the
 * secondary indexes of the tables it fills most are dropped before the
 * commitments go in and built again after, in one pass over each table
 * (a sort, where inserting row by row walked every index for every row),
 * and the connection is set for a load (SQLite: a 256 MiB page cache, no
 * fsync; PostgreSQL: commits not waiting for the log's flush, memory for
 * the index builds). The rows written are the same: only the order of the
 * work changes.
 *
 * An index the load reads is kept: the load's own statements and the
 * triggers they fire look rows up through the primary keys and unique
 * constraints (never dropped) and through the indexes in `keep` below. An
 * index added later that the load reads (a trigger of a new summary table,
 * say) must be added there, or each of its lookups becomes a scan of a
 * growing table: `make bench-large` shows it as a demo that takes hours.
 *
 * On PostgreSQL the statistics are refreshed as the tables grow
 * (demo_bulk_progress): PL/pgSQL keeps each trigger statement's plan
 * until a table's statistics change, and a plan made while the tables
 * were empty reads them by sequential scan.
 *
 * A run interrupted by a signal stops between batches and builds the
 * indexes again (demo.h, the stop flag); a run killed outright (kill -9, a
 * crash) leaves the database without them: discard it, as one discards a
 * half-generated demo anyway. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "demo.h"
#include "util.h"

/* The tables the demo fills: a row per commitment or more. */
static const char *const tables[] = {
	"commitment", "commitment_objective", "commitment_country", "commitment_principle",
	"commitment_deliverable", "commitment_translation", "progress_update",
	"progress_indicator_value", "progress_evidence", NULL,
};

/* Indexes of those tables the load reads (see the top comment). */
static const char *const keep[] = {
	"progress_update_commitment",      /* commitments_refresh: a commitment's updates */
	"commitment_indicator_commitment", /* commitment_updates: a commitment's indicators */
	NULL,
};

static bool listed(const char *const *list, const char *name)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* The secondary indexes of `tables` (not unique, not a constraint's), as
 * name and definition. */
static const char *const sqlite_indexes =
	"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
	"AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY tbl_name, name";
static const char *const pg_indexes =
	"SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i "
	"JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = "
	"  (SELECT oid FROM pg_namespace WHERE nspname = i.schemaname) "
	"JOIN pg_index x ON x.indexrelid = c.oid "
	"WHERE i.schemaname = current_schema() AND NOT x.indisunique AND NOT x.indisprimary "
	"AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) "
	"ORDER BY i.tablename, i.indexname";

static int collect(struct db *db, struct demo_bulk *b)
{
	struct db_res *res = db_query(db, db_dialect(db) == DB_POSTGRES ? pg_indexes :
	                              sqlite_indexes, NO_ARGS);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		const char *name = db_text(res, 0);
		if (!listed(tables, db_text(res, 1)) || listed(keep, name))
			continue;
		if (b->n == ARRAY_LEN(b->names))
			break;   /* the rest stay: slower, never wrong */
		b->names[b->n] = xstrdup(name);
		b->defs[b->n++] = xstrdup(db_text(res, 2));
	}
	db_res_free(res);
	return rc < 0 ? -1 : 0;
}

/* "DROP INDEX name": an identifier cannot be a parameter. The names come
 * from the database's own catalogue (quoted all the same). */
static int drop_all(struct db *db, const struct demo_bulk *b)
{
	for (size_t i = 0; i < b->n; i++) {
		char sql[256];
		if (strchr(b->names[i], '"') ||
		    snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", b->names[i]) >= (int)sizeof sql)
			return -1;
		if (db_exec_script(db, sql) < 0)
			return -1;
	}
	return 0;
}

static void release(struct demo_bulk *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->names[i]);
		free(b->defs[i]);
	}
	b->n = 0;
}

int demo_bulk_begin(struct db *db, struct demo_bulk *b)
{
	memset(b, 0, sizeof(*b));
	b->sqlite = db_dialect(db) == DB_SQLITE;
	b->next_analyze = 64;
	if (b->sqlite) {
		if (db_scalar_int(db, &b->cache_size, -2048, "PRAGMA cache_size", NO_ARGS) < 0 ||
		    db_scalar_int(db, &b->synchronous, 1, "PRAGMA synchronous", NO_ARGS) < 0 ||
		    db_exec_script(db, "PRAGMA cache_size = -262144; PRAGMA synchronous = OFF") < 0)
			return -1;
	} else if (db_exec_script(db, "SET synchronous_commit = off; "
	                          "SET maintenance_work_mem = '256MB'") < 0) {
		return -1;
	}
	if (db_begin(db) < 0)
		return -1;
	if (collect(db, b) < 0 || drop_all(db, b) < 0 || db_commit(db) < 0) {
		db_rollback(db);
		release(b);
		return -1;
	}
	return 0;
}

/* Why ANALYZE during the load: PostgreSQL plans each statement of a
 * trigger function once per connection and keeps the plan (PL/pgSQL's plan
 * cache, a generic plan after five runs) until the statistics of a table it
 * reads change. Planned against the empty tables a load starts with, a
 * lookup by commitment_id is a sequential scan, of every row the load has
 * written since, this transaction's own included: the load turns
 * quadratic (measured at --scale 100,000: 32 ms of the server's CPU per
 * commitment over the first 1,258, 56 ms over the next 206, still in the
 * first batch; 8.6 ms, flat, with the ANALYZE runs). ANALYZE, which
 * counts the transaction's own rows, changes the statistics and so has
 * the plans made again; a factor of 8
 * between runs keeps them to a handful in a million commitments, each a
 * sample of 30,000 rows a table. SQLite plans without statistics as if
 * every table were large: nothing to do there. */
int demo_bulk_progress(struct db *db, struct demo_bulk *b, int64_t done)
{
	if (b->sqlite || done < b->next_analyze)
		return 0;
	b->next_analyze = done * 8;
	/* The schema's own tables, named: a bare ANALYZE would also take the
	 * cluster's shared catalogues (pg_database …) and hold their lock
	 * until the batch commits, stopping every other database's VACUUM or
	 * ANALYZE meanwhile. The names come from the catalogue, quoted. */
	json_t *row = db_json_row(db, "SELECT 'ANALYZE ' || string_agg(quote_ident(tablename), ', ' "
	                          "ORDER BY tablename) AS sql FROM pg_tables "
	                          "WHERE schemaname = current_schema()", NO_ARGS);
	const char *sql = json_string_value(json_object_get(row, "sql"));
	int rc = sql ? db_exec_script(db, sql) : row ? 0 : -1;
	json_decref(row);
	return rc < 0 ? -1 : 0;
}

int demo_bulk_end(struct db *db, struct demo_bulk *b)
{
	int rc = db_begin(db);
	for (size_t i = 0; rc == 0 && i < b->n; i++)
		rc = db_exec_script(db, b->defs[i]);
	if (rc == 0)
		rc = db_commit(db);
	else
		db_rollback(db);
	release(b);
	char sql[128];
	if (b->sqlite) {
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld; PRAGMA synchronous = %lld",
		         (long long)b->cache_size, (long long)b->synchronous);
		if (db_exec_script(db, sql) < 0)
			rc = -1;
	} else if (db_exec_script(db, "RESET synchronous_commit; RESET maintenance_work_mem") < 0) {
		rc = -1;
	}
	return rc;
}
