/* changelog.c — the change feed's log: a record's row moved to the end of
 * the feed on each change (changelog.h). */
#include "audit.h"
#include "buf.h"
#include "changelog.h"
#include "db.h"

int changelog_note(struct db *db, const char *kind, int64_t id)
{
	/* Writers are serialised (db.h: BEGIN IMMEDIATE, the PostgreSQL
	 * writer lock), so max + 1 is this transaction's alone, and larger
	 * than any seq a reader may have seen: the seq of the row moved is
	 * never given again. */
	int64_t next = 0;
	if (db_scalar_int(db, &next, 0, "SELECT COALESCE(max(seq), 0) + 1 FROM change_log",
	                  NO_ARGS) < 0)
		return -1;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int64_t n = db_exec(db, "UPDATE change_log SET seq = $1, changed_at = $2 "
	                    "WHERE kind = $3 AND record_id = $4",
	                    DB_ARGS(DB_INT(next), DB_TEXT(now), DB_TEXT(kind), DB_INT(id)));
	if (n < 0)
		return -1;
	if (n > 0)
		return 0;
	return db_exec(db, "INSERT INTO change_log (seq, kind, record_id, first_seq, changed_at) "
	               "VALUES ($1, $2, $3, $1, $4)",
	               DB_ARGS(DB_INT(next), DB_TEXT(kind), DB_INT(id), DB_TEXT(now))) < 0 ? -1 : 0;
}

int changelog_note_created(struct db *db, const char *kind, const int64_t *ids, size_t n)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	for (size_t done = 0; done < n; done += CHANGELOG_BATCH) {
		size_t k = n - done < CHANGELOG_BATCH ? n - done : CHANGELOG_BATCH;
		int64_t next = 0;
		if (db_scalar_int(db, &next, 0, "SELECT COALESCE(max(seq), 0) + 1 FROM change_log",
		                  NO_ARGS) < 0)
			return -1;
		/* $1 kind, $2 time, then each row's seq and id. */
		struct db_arg args[2 + 2 * CHANGELOG_BATCH];
		struct buf sql;
		buf_init(&sql, 4096);
		buf_puts(&sql, "INSERT INTO change_log (seq, kind, record_id, first_seq, changed_at) "
		         "VALUES ");
		args[0] = DB_TEXT(kind);
		args[1] = DB_TEXT(now);
		for (size_t i = 0; i < k; i++) {
			args[2 + 2 * i] = DB_INT(next + (int64_t)i);
			args[3 + 2 * i] = DB_INT(ids[done + i]);
			buf_printf(&sql, "%s($%zu, $1, $%zu, $%zu, $2)", i ? ", " : "", 3 + 2 * i,
			           4 + 2 * i, 3 + 2 * i);
		}
		int64_t rc = sql.overflow ? -1 : db_exec(db, buf_str(&sql), 2 + 2 * k, args);
		buf_release(&sql);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int64_t changelog_last(struct db *db)
{
	int64_t last = 0;
	if (db_scalar_int(db, &last, 0, "SELECT COALESCE(max(seq), 0) FROM change_log",
	                  NO_ARGS) < 0)
		return -1;
	return last;
}

json_t *changelog_rows(struct db *db, int64_t since, int limit)
{
	return db_json_rows(db, "SELECT seq, kind, record_id, first_seq, changed_at "
	                    "FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
	                    DB_ARGS(DB_INT(since), DB_INT(limit)));
}
