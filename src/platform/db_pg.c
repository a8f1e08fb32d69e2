/* db_pg.c — the PostgreSQL backend of db.h (libpq).
 *
 * One PGconn per struct db, used by one thread at a time. Every statement
 * goes through the extended protocol as a named prepared statement, cached
 * per connection by SQL text: the first use costs a Parse and a Describe
 * (which tells how many $N parameters the SQL has, so a missing or unused
 * argument is reported the way the SQLite backend reports it), every later
 * use one round trip. Parameters travel as text, untyped, so the server
 * infers each one's type from where it stands, as SQLite's affinities do.
 * Results are read whole (a PGresult) and iterated by db_next, in
 * db_pg_result.c.
 *
 * Write transactions. SQLite's BEGIN IMMEDIATE makes writers queue; on
 * PostgreSQL every write transaction ends in the same UPDATE of the one
 * data_version row (db_commit), so two serialisable writers running side by
 * side would always conflict and one would fail. db_begin therefore first
 * takes a session advisory lock (the "writer lock") and only then starts a
 * SERIALIZABLE transaction: the snapshot is taken after the lock, writers
 * queue as on SQLite, and serialisation failures remain possible only
 * against writes made outside db_begin. Those, deadlocks (SQLSTATE 40001,
 * 40P01) and lock waits beyond LOCK_TIMEOUT (55P03, SQLite's SQLITE_BUSY)
 * are reported as such and make db_retryable() true. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "db_pg_impl.h"
#include "util.h"

#define CONNECT_TIMEOUT_S "10"   /* unless the URL says otherwise */
#define LOCK_TIMEOUT "10s"       /* like SQLite's busy timeout */
#define STMT_BUCKETS 128         /* power of two */
#define STMT_CACHE_MAX 256       /* statements kept per connection */
#define SQL_QUOTE_MAX 120        /* how much SQL an error message quotes */
#define INLINE_ARGS 16           /* arguments formatted without allocating */
#define ARG_TEXT_MAX 32          /* "%.17g" of a double or an int64, with NUL */
#define MAX_PARAMS 65535         /* the protocol's limit */

/* Advisory lock keys, the bytes "PacteW" and "PacteM" as big-endian
 * numbers; the same on every node, and scoped to one database. */
#define WRITER_LOCK_KEY "88379210622295"
#define MIGRATION_LOCK_KEY "88379210622285"

struct pg_stmt {
	struct pg_stmt *next;       /* in its bucket */
	uint64_t hash;
	uint64_t last_use;          /* for evicting the least recently used */
	int nparams;                /* highest $N the SQL uses */
	char name[24];              /* the server-side name, never reused */
	char sql[];
};

struct pg_db {
	struct db base;
	PGconn *conn;
	struct pg_stmt *buckets[STMT_BUCKETS];
	size_t ncached;
	uint64_t tick;
	unsigned long next_name;
	bool writer_locked;         /* holds the writer lock (db_begin … commit/rollback) */
	bool doomed;                /* the server said goodbye while we were idle */
	int64_t retry_at_us;        /* broken: no new attempt to connect before then */
	int backoff_ms;             /* the last wait between attempts; 0 when connected */
};

static struct pg_db *pdb(struct db *db)
{
	return (struct pg_db *)db;
}

/* ---- Errors ------------------------------------------------------------ */

/* Errors worth retrying the whole transaction for, and how to say so. */
static const struct {
	const char *sqlstate;
	const char *what;
} retryable_states[] = {
	{"40001", "serialisation failure"},
	{"40P01", "deadlock"},
	{"55P03", "lock timeout"},
};

static const char *retryable_what(const char *sqlstate)
{
	for (size_t i = 0; sqlstate && i < ARRAY_LEN(retryable_states); i++)
		if (strcmp(sqlstate, retryable_states[i].sqlstate) == 0)
			return retryable_states[i].what;
	return NULL;
}

/* SQLSTATEs that mean an outage rather than a bug (db.h's enum
 * db_failure); a two-character entry is a whole class. */
static const struct {
	const char *sqlstate;
	enum db_failure failure;
} outage_states[] = {
	{"08", DB_FAIL_UNREACHABLE},     /* connection exception */
	{"57P01", DB_FAIL_UNREACHABLE},  /* admin shutdown */
	{"57P02", DB_FAIL_UNREACHABLE},  /* crash shutdown */
	{"57P03", DB_FAIL_UNREACHABLE},  /* cannot connect now: starting up, in recovery */
	{"53300", DB_FAIL_UNREACHABLE},  /* too many connections */
	{"53100", DB_FAIL_FULL},         /* disk full */
	{"53", DB_FAIL_BUSY},            /* insufficient resources: memory, locks */
	{"58", DB_FAIL_UNREACHABLE},     /* system error: I/O */
	{"25006", DB_FAIL_READONLY},     /* read-only transaction: a standby */
	{"57014", DB_FAIL_BUSY},         /* query cancelled (a timeout) */
};

/* The kind of a failure: an outage whenever the connection is gone or
 * libpq itself failed (no SQLSTATE: the server closed the connection),
 * else by SQLSTATE. */
static enum db_failure pg_failure(const struct pg_db *p, const PGresult *r,
                                  const char *sqlstate)
{
	if (PQstatus(p->conn) != CONNECTION_OK || !r || !sqlstate)
		return DB_FAIL_UNREACHABLE;
	for (size_t i = 0; i < ARRAY_LEN(outage_states); i++)
		if (strncmp(sqlstate, outage_states[i].sqlstate,
		            strlen(outage_states[i].sqlstate)) == 0)
			return outage_states[i].failure;
	return DB_FAIL_OTHER;
}

/* Copies a libpq message into dst on one line: each run of newlines and
 * tabs becomes one space, and the trailing ones go. */
static void one_line(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	for (; src && *src && n + 1 < cap; src++) {
		bool blank = *src == '\n' || *src == '\t' || *src == '\r';
		if (!blank)
			dst[n++] = *src;
		else if (n > 0 && dst[n - 1] != ' ')
			dst[n++] = ' ';
	}
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

/* Says where in sql an error is. A statement is quoted (our own text, never
 * user data); a script, which may be a whole migration, is pointed into:
 * the line of the error position, which the server counts in characters. */
static void error_place(char *dst, size_t cap, const char *sql, bool script,
                        const char *position)
{
	dst[0] = '\0';
	if (!sql)
		return;
	size_t len = strlen(sql);
	int64_t pos;
	if (!script) {
		snprintf(dst, cap, " in \"%.*s%s\"", SQL_QUOTE_MAX, sql,
		         len > SQL_QUOTE_MAX ? "…" : "");
		return;
	}
	if (!position || parse_int64(position, 1, INT32_MAX, &pos) < 0)
		return;
	const char *p = sql, *line = sql;
	int lineno = 1;
	for (int64_t chars = 1; *p; p++) {
		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;           /* a UTF-8 continuation byte */
		if (chars++ == pos)
			break;
		if (*p == '\n') {
			lineno++;
			line = p + 1;
		}
	}
	int linelen = (int)strcspn(line, "\n");
	snprintf(dst, cap, " at line %d: \"%.*s%s\"", lineno,
	         linelen > SQL_QUOTE_MAX ? SQL_QUOTE_MAX : linelen, line,
	         linelen > SQL_QUOTE_MAX ? "…" : "");
}

/* Records the error of a failed result (or, when r is NULL, of the
 * connection) and whether it is retryable. */
static void set_pg_error(struct pg_db *p, const PGresult *r, const char *sql, bool script)
{
	char msg[384], detail[256] = "", place[192];
	const char *sqlstate = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (primary)
		one_line(msg, sizeof(msg), primary);
	else
		one_line(msg, sizeof(msg), r && *PQresultErrorMessage(r) ?
		         PQresultErrorMessage(r) : PQerrorMessage(p->conn));
	if (!msg[0])
		snprintf(msg, sizeof(msg), "unexpected answer from the server (%s)",
		         r ? PQresStatus(PQresultStatus(r)) : "none");
	if (r && PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL)) {
		char d[sizeof(detail) - 4];
		one_line(d, sizeof(d), PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL));
		snprintf(detail, sizeof(detail), " (%s)", d);
	}
	error_place(place, sizeof(place), sql, script,
	            r ? PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION) : NULL);
	const char *retry = retryable_what(sqlstate);
	if (retry)
		db_set_error(&p->base, "%s (SQLSTATE %s), retry the transaction: %s%s%s",
		             retry, sqlstate, msg, detail, place);
	else
		db_set_error(&p->base, "%s%s%s", msg, detail, place);
	/* After db_set_error, which clears both. */
	p->base.retryable = retry != NULL;
	p->base.failure = pg_failure(p, r, sqlstate);
}

/* ---- Connection -------------------------------------------------------- */

/* Settings every session needs, whatever the server's defaults. */
static const char session_sql[] =
	"SET TIME ZONE 'UTC'; SET lock_timeout = '" LOCK_TIMEOUT "'";

/* Notices (e.g. "relation already exists, skipping") are for people at a
 * psql prompt, and libpq would print them to stderr: they are dropped. But
 * an error the server sends to an idle session arrives here too, and a
 * FATAL one means the session is over (see read_goodbye). */
static void on_notice(void *arg, const PGresult *r)
{
	struct pg_db *p = arg;
	const char *severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
	if (severity && (strcmp(severity, "FATAL") == 0 || strcmp(severity, "PANIC") == 0))
		p->doomed = true;
}

static int session_setup(struct pg_db *p)
{
	PQsetNoticeReceiver(p->conn, on_notice, p);
	PGresult *r = PQexec(p->conn, session_sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		set_pg_error(p, r, session_sql, true);
	PQclear(r);
	return ok ? 0 : -1;
}

static void cache_clear(struct pg_db *p)
{
	for (size_t b = 0; b < STMT_BUCKETS; b++) {
		struct pg_stmt *e = p->buckets[b];
		while (e) {
			struct pg_stmt *next = e->next;
			free(e);
			e = next;
		}
		p->buckets[b] = NULL;
	}
	p->ncached = 0;
}

/* Names the server for an error message, without the password the URL
 * may hold; empty when the URL could not even be parsed. */
static void describe_target(PGconn *conn, char *dst, size_t cap)
{
	const char *db = PQdb(conn), *host = PQhost(conn), *port = PQport(conn);
	dst[0] = '\0';
	if (db && *db && host && *host)
		snprintf(dst, cap, " database %s on %s%s%s", db, host,
		         port && *port ? ":" : "", port && *port ? port : "");
}

/* Keywords before dbname are defaults the URL may override; those after
 * it are imposed (the URL is expanded in place). */
static const char *const connect_keywords[] = {
	"connect_timeout", "fallback_application_name", "dbname", "client_encoding", NULL,
};

static struct db *pg_open(const char *url, char *err, size_t errlen)
{
	const char *values[] = {CONNECT_TIMEOUT_S, "pacte", url, "UTF8", NULL};
	PGconn *conn = PQconnectdbParams(connect_keywords, values, 1);
	if (!conn) {
		if (err && errlen)
			snprintf(err, errlen, "PostgreSQL: out of memory");
		return NULL;
	}
	if (PQstatus(conn) != CONNECTION_OK) {
		char target[256], msg[384];
		describe_target(conn, target, sizeof(target));
		one_line(msg, sizeof(msg), PQerrorMessage(conn));
		if (err && errlen)
			snprintf(err, errlen, "PostgreSQL%s: cannot connect: %s", target, msg);
		PQfinish(conn);
		return NULL;
	}
	struct pg_db *p = xcalloc(1, sizeof(*p));
	p->conn = conn;
	p->base.ops = &db_pg_ops;
	if (session_setup(p) < 0) {
		if (err && errlen)
			snprintf(err, errlen, "PostgreSQL: cannot set up the session: %s",
			         p->base.errmsg);
		PQfinish(conn);
		free(p);
		return NULL;
	}
	return &p->base;
}

static void pg_close(struct db *db)
{
	struct pg_db *p = pdb(db);
	/* The server drops the session's statements and locks with it. */
	PQfinish(p->conn);
	cache_clear(p);
	free(p);
}

/* An idle session has nothing to hear from the server but a notice or,
 * after a restart, a failover or an administrator's kill, a FATAL goodbye
 * followed by the end of the stream. One poll() tells whether anything
 * came; reading and parsing it (PQisBusy parses) lets libpq see the end or
 * on_notice the goodbye, so the statement about to be sent goes to a new
 * session instead of failing. */
static void read_goodbye(struct pg_db *p)
{
	struct pollfd pfd = {.fd = PQsocket(p->conn), .events = POLLIN};
	for (int i = 0; i < 4 && pfd.fd >= 0 && poll(&pfd, 1, 0) > 0; i++) {
		if (!PQconsumeInput(p->conn))
			break;
		PQisBusy(p->conn);
	}
}

/* Reconnects a connection the server or the network dropped, unless a
 * transaction was open on it: that one is lost and the caller must know.
 * Finding the connection lost costs nothing; the attempt to connect again
 * is made at once, and when it fails, the next is not made before a
 * backoff (DB_RETRY_MIN_MS doubling up to DB_RETRY_MAX_MS): until then
 * every statement fails at once, so that during an outage no request pays
 * for more than one failed attempt. */
static int ensure_connected(struct pg_db *p)
{
	if (!p->base.txn_depth && PQstatus(p->conn) == CONNECTION_OK)
		read_goodbye(p);
	if (PQstatus(p->conn) == CONNECTION_OK && !p->doomed)
		return 0;
	if (p->base.txn_depth) {
		db_set_error(&p->base, "the connection to PostgreSQL was lost "
		             "during the transaction");
		p->base.failure = DB_FAIL_UNREACHABLE;
		return -1;
	}
	int64_t now = db_now_us();
	if (p->retry_at_us && now < p->retry_at_us) {
		db_set_error(&p->base, "PostgreSQL is unreachable: next attempt to connect in "
		             "%lld ms", (long long)(p->retry_at_us - now + 999) / 1000);
		p->base.failure = DB_FAIL_UNREACHABLE;
		return -1;
	}
	PQreset(p->conn);
	cache_clear(p);
	p->writer_locked = false;
	p->doomed = false;
	if (PQstatus(p->conn) != CONNECTION_OK) {
		p->backoff_ms = db_backoff_next(p->backoff_ms);
		p->retry_at_us = now + (int64_t)p->backoff_ms * 1000;
		set_pg_error(p, NULL, NULL, false);
		return -1;
	}
	p->backoff_ms = 0;
	p->retry_at_us = 0;
	return session_setup(p);
}

/* ---- Statement cache --------------------------------------------------- */

static uint64_t hash_sql(const char *sql)
{
	uint64_t h = 0xcbf29ce484222325ULL;     /* FNV-1a */
	for (const unsigned char *s = (const unsigned char *)sql; *s; s++)
		h = (h ^ *s) * 0x100000001b3ULL;
	return h;
}

/* Runs a script of our own (never data) and reports only success. */
static bool quiet_exec(struct pg_db *p, const char *sql)
{
	PGresult *r = PQexec(p->conn, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	          PQresultStatus(r) == PGRES_TUPLES_OK;
	PQclear(r);
	return ok;
}

/* Forgets a statement, here and on the server. In a failed transaction the
 * server refuses DEALLOCATE: the statement then stays there, unused, until
 * the session ends (names are never reused). */
static void stmt_drop(struct pg_db *p, struct pg_stmt *e)
{
	struct pg_stmt **pp = &p->buckets[e->hash & (STMT_BUCKETS - 1)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	p->ncached--;
	if (PQtransactionStatus(p->conn) != PQTRANS_INERROR) {
		char sql[64];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", e->name);
		quiet_exec(p, sql);
	}
	free(e);
}

static void cache_make_room(struct pg_db *p)
{
	if (p->ncached < STMT_CACHE_MAX)
		return;
	struct pg_stmt *lru = NULL;
	for (size_t b = 0; b < STMT_BUCKETS; b++)
		for (struct pg_stmt *e = p->buckets[b]; e; e = e->next)
			if (!lru || e->last_use < lru->last_use)
				lru = e;
	stmt_drop(p, lru);
}

/* Prepares sql on the server and learns its parameter count. Returns the
 * count, or -1 with the error set. */
static int prepare(struct pg_db *p, const char *name, const char *sql)
{
	PGresult *r = PQprepare(p->conn, name, sql, 0, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_pg_error(p, r, sql, false);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	r = PQdescribePrepared(p->conn, name);
	int n = PQresultStatus(r) == PGRES_COMMAND_OK ? PQnparams(r) : -1;
	if (n < 0)
		set_pg_error(p, r, sql, false);
	PQclear(r);
	return n;
}

/* The cached statement for sql, prepared on first use; NULL on error. */
static struct pg_stmt *stmt_get(struct pg_db *p, const char *sql)
{
	uint64_t h = hash_sql(sql);
	for (struct pg_stmt *e = p->buckets[h & (STMT_BUCKETS - 1)]; e; e = e->next) {
		if (e->hash == h && strcmp(e->sql, sql) == 0) {
			e->last_use = ++p->tick;
			return e;
		}
	}
	cache_make_room(p);
	size_t len = strlen(sql);
	struct pg_stmt *e = xmalloc(sizeof(*e) + len + 1);
	*e = (struct pg_stmt){.hash = h, .last_use = ++p->tick};
	snprintf(e->name, sizeof(e->name), "pacte_%lu", ++p->next_name);
	memcpy(e->sql, sql, len + 1);
	e->nparams = prepare(p, e->name, sql);
	if (e->nparams < 0) {
		free(e);
		return NULL;
	}
	struct pg_stmt **bucket = &p->buckets[h & (STMT_BUCKETS - 1)];
	e->next = *bucket;
	*bucket = e;
	p->ncached++;
	return e;
}

/* ---- Running statements ------------------------------------------------ */

/* The arguments as libpq wants them: text, NULL for SQL NULL. Numbers are
 * written into `text`, which has ARG_TEXT_MAX bytes per argument. */
static void format_args(size_t nargs, const struct db_arg *args, const char **values,
                        char (*text)[ARG_TEXT_MAX])
{
	for (size_t i = 0; i < nargs; i++) {
		const struct db_arg *a = &args[i];
		values[i] = NULL;
		switch (a->kind) {
		case DB_KIND_NULL:
			break;
		case DB_KIND_INT:
			snprintf(text[i], ARG_TEXT_MAX, "%" PRId64, a->i);
			values[i] = text[i];
			break;
		case DB_KIND_REAL:
			/* 17 digits read back as the same double. */
			snprintf(text[i], ARG_TEXT_MAX, "%.17g", a->r);
			values[i] = text[i];
			break;
		case DB_KIND_TEXT:
			values[i] = a->s;
			break;
		}
	}
}

/* Every parameter must name an argument and every argument must be used,
 * as on SQLite (and PostgreSQL would refuse the second anyway). */
static int check_arity(struct pg_db *p, const struct pg_stmt *st, size_t nargs)
{
	if ((size_t)st->nparams > nargs) {
		db_set_error(&p->base, "parameter $%d but only %zu argument%s given",
		             st->nparams, nargs, nargs == 1 ? "" : "s");
		return -1;
	}
	if ((size_t)st->nparams < nargs) {
		db_set_error(&p->base, "%zu argument%s given but the SQL uses %d parameter%s",
		             nargs, nargs == 1 ? "" : "s", st->nparams,
		             st->nparams == 1 ? "" : "s");
		return -1;
	}
	return 0;
}

/* True when preparing the statement again fixes the error: its cached
 * plan's result columns changed under it (0A000: a migration altered a
 * table), or the server no longer has it (26000: DISCARD ALL, or a
 * connection pooler in front of the server that switched sessions). */
static bool stale_plan(const PGresult *r)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	return state && (strcmp(state, "0A000") == 0 || strcmp(state, "26000") == 0);
}

static bool result_ok(const PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* Executes the cached statement for sql once, preparing it again once if
 * its plan went stale outside a transaction. */
static PGresult *exec_prepared(struct pg_db *p, const char *sql, size_t nargs,
                               const char **values)
{
	for (int attempt = 0;; attempt++) {
		struct pg_stmt *st = stmt_get(p, sql);
		if (!st || check_arity(p, st, nargs) < 0)
			return NULL;
		PGresult *r = PQexecPrepared(p->conn, st->name, (int)nargs, values,
		                             NULL, NULL, 0);
		if (result_ok(r))
			return r;
		if (PQresultStatus(r) == PGRES_EMPTY_QUERY) {
			PQclear(r);
			db_set_error(&p->base, "no SQL statement in \"%s\"", sql);
			return NULL;
		}
		bool stale = stale_plan(r);
		if (stale)
			stmt_drop(p, st);
		/* Inside a transaction the error has aborted it: no retry. */
		if (!stale || attempt > 0 || p->base.txn_depth) {
			set_pg_error(p, r, sql, false);
			PQclear(r);
			return NULL;
		}
		PQclear(r);
	}
}

/* Runs sql with args as a cached prepared statement. Returns a successful
 * result (the caller clears it) or NULL with the error set. */
static PGresult *run(struct pg_db *p, const char *sql, size_t nargs,
                     const struct db_arg *args)
{
	p->base.retryable = false;
	if (ensure_connected(p) < 0)
		return NULL;
	if (nargs > MAX_PARAMS) {
		db_set_error(&p->base, "%zu arguments: PostgreSQL takes at most %d",
		             nargs, MAX_PARAMS);
		return NULL;
	}
	const char *values_inline[INLINE_ARGS];
	char text_inline[INLINE_ARGS][ARG_TEXT_MAX];
	const char **values = values_inline;
	char (*text)[ARG_TEXT_MAX] = text_inline;
	if (nargs > INLINE_ARGS) {
		values = xmalloc(nargs * sizeof(*values));
		text = xmalloc(nargs * sizeof(*text));
	}
	format_args(nargs, args, values, text);
	PGresult *r = exec_prepared(p, sql, nargs, values);
	if (values != values_inline) {
		free(values);
		free(text);
	}
	return r;
}

static int64_t pg_exec(struct db *db, const char *sql, size_t nargs,
                       const struct db_arg *args)
{
	PGresult *r = run(pdb(db), sql, nargs, args);
	if (!r)
		return -1;
	/* PQcmdTuples counts a SELECT's rows too; like SQLite, only rows
	 * changed count here. DDL has no count. */
	int64_t changes = 0;
	if (!str_starts(PQcmdStatus(r), "SELECT") &&
	    parse_int64(PQcmdTuples(r), 0, INT64_MAX, &changes) < 0)
		changes = 0;
	PQclear(r);
	return changes;
}

static int pg_exec_script(struct db *db, const char *sql)
{
	struct pg_db *p = pdb(db);
	p->base.retryable = false;
	if (ensure_connected(p) < 0)
		return -1;
	/* PQexec runs every statement of the text and hands back the first
	 * error, if any. An empty script does nothing, as on SQLite. */
	PGresult *r = PQexec(p->conn, sql);
	int rc = result_ok(r) || PQresultStatus(r) == PGRES_EMPTY_QUERY ? 0 : -1;
	if (rc < 0)
		set_pg_error(p, r, sql, true);
	PQclear(r);
	return rc;
}

static struct db_res *pg_query(struct db *db, const char *sql, size_t nargs,
                               const struct db_arg *args)
{
	PGresult *r = run(pdb(db), sql, nargs, args);
	if (!r)
		return NULL;
	return pg_result_new(r);
}

/* ---- Transactions ------------------------------------------------------ */

/* Runs a parameterless statement of our own; 0 or -1 with the error set. */
static int run_simple(struct pg_db *p, const char *sql)
{
	PGresult *r = run(p, sql, 0, NULL);
	PQclear(r);
	return r ? 0 : -1;
}

static void writer_unlock(struct pg_db *p)
{
	if (!p->writer_locked)
		return;
	p->writer_locked = false;
	if (PQstatus(p->conn) == CONNECTION_OK)
		run_simple(p, "SELECT pg_advisory_unlock(" WRITER_LOCK_KEY ")");
}

/* The lock first, then the transaction, so its snapshot is taken once no
 * other writer can commit any more (see the top of the file). */
static int pg_begin(struct db *db)
{
	struct pg_db *p = pdb(db);
	if (run_simple(p, "SELECT pg_advisory_lock(" WRITER_LOCK_KEY ")") < 0) {
		if (p->base.retryable) {
			db_set_error(db, "lock timeout, retry the transaction: another "
			             "connection held the write lock for more than %s",
			             LOCK_TIMEOUT);
			p->base.retryable = true;
		}
		return -1;
	}
	p->writer_locked = true;
	if (run_simple(p, "BEGIN ISOLATION LEVEL SERIALIZABLE") < 0) {
		bool retry = p->base.retryable;
		writer_unlock(p);
		p->base.retryable = retry;
		return -1;
	}
	return 0;
}

/* No writer lock: a read-only snapshot conflicts with no writer. */
static int pg_begin_read(struct db *db)
{
	return run_simple(pdb(db), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static int pg_commit(struct db *db)
{
	struct pg_db *p = pdb(db);
	/* A connection already gone loses the transaction: not committed. One
	 * lost once COMMIT is sent leaves the outcome unknown. */
	if (ensure_connected(p) < 0)
		return -1;
	PGresult *r = run(p, "COMMIT", 0, NULL);
	if (!r) {
		p->base.commit_unknown = PQstatus(p->conn) != CONNECTION_OK;
		return -1;
	}
	/* COMMIT of a transaction an error aborted succeeds, as a ROLLBACK. */
	bool committed = strcmp(PQcmdStatus(r), "COMMIT") == 0;
	PQclear(r);
	if (!committed) {
		db_set_error(db, "the transaction was rolled back: a statement in it failed");
		return -1;
	}
	writer_unlock(p);
	return 0;
}

/* Leaves the error message and the retryable flag alone: they explain why
 * the caller is rolling back. A failed COMMIT has already ended the
 * transaction, hence the status check. */
static void pg_rollback(struct db *db)
{
	struct pg_db *p = pdb(db);
	char saved[sizeof(db->errmsg)];
	bool retry = p->base.retryable;
	enum db_failure failure = p->base.failure;
	memcpy(saved, db->errmsg, sizeof(saved));
	PGTransactionStatusType ts = PQtransactionStatus(p->conn);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
		run_simple(p, "ROLLBACK");
	writer_unlock(p);
	memcpy(db->errmsg, saved, sizeof(saved));
	p->base.retryable = retry;
	p->base.failure = failure;
}

/* Migrations may take long (an index over every practice): the other
 * processes wait for them without the lock timeout. */
static int pg_lock_migrations(struct db *db)
{
	struct pg_db *p = pdb(db);
	if (pg_exec_script(db, "SET lock_timeout = 0") < 0)
		return -1;
	int rc = run_simple(p, "SELECT pg_advisory_lock(" MIGRATION_LOCK_KEY ")");
	if (pg_exec_script(db, "SET lock_timeout = '" LOCK_TIMEOUT "'") < 0 && rc == 0) {
		run_simple(p, "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")");
		return -1;
	}
	return rc;
}

static void pg_unlock_migrations(struct db *db)
{
	struct pg_db *p = pdb(db);
	char saved[sizeof(db->errmsg)];
	enum db_failure failure = p->base.failure;
	memcpy(saved, db->errmsg, sizeof(saved));
	if (PQstatus(p->conn) == CONNECTION_OK)
		run_simple(p, "SELECT pg_advisory_unlock(" MIGRATION_LOCK_KEY ")");
	memcpy(db->errmsg, saved, sizeof(saved));
	p->base.failure = failure;
}

const struct db_ops db_pg_ops = {
	.dialect = DB_POSTGRES,
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.exec_script = pg_exec_script,
	.query = pg_query,
	.next = pg_next,
	.ncols = pg_ncols,
	.colname = pg_colname,
	.isnull = pg_isnull,
	.get_int = pg_get_int,
	.get_real = pg_get_real,
	.get_text = pg_get_text,
	.get_json = pg_get_json,
	.res_free = pg_res_free,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.lock_migrations = pg_lock_migrations,
	.unlock_migrations = pg_unlock_migrations,
	.listen = pg_listen,
	.unlisten = pg_unlisten,
};
