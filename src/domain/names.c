/* names.c — data/names/LANG.csv read, checked and written into
 * name_translation (names.h).
 *
 * A file is read whole and checked before anything is written, so a bad
 * line never leaves a language half replaced; then the language's rows are
 * deleted and the file's inserted in one transaction. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "db.h"
#include "embed.h"
#include "langtag.h"
#include "names.h"
#include "text.h"
#include "util.h"

#define NAMES_DIR "data/names/"
#define NAME_TEXT_MAX 2000     /* bytes of one name or description */

/* The kinds and the fields each may give (data/names/README.md). */
static const struct {
	const char *kind;
	const char *fields[3];
} kinds[] = {
	{"objective", {"title", "short", NULL}},
	{"principle", {"title", "description", NULL}},
	{"region", {"name", NULL, NULL}},
	{"event", {"title", NULL, NULL}},
	{"indicator", {"name", NULL, NULL}},
};

static bool field_allowed(const char *kind, const char *field)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			for (size_t f = 0; f < 3 && kinds[i].fields[f]; f++)
				if (strcmp(kinds[i].fields[f], field) == 0)
					return true;
	return false;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* One row as read: copies, since the reader reuses its fields. */
struct name_row {
	char *kind, *key, *field, *text;
};

static void rows_free(struct name_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].kind);
		free(rows[i].key);
		free(rows[i].field);
		free(rows[i].text);
	}
	free(rows);
}

/* Checks one record (the header's columns at col[]); 0 or -1 with err. */
static int check_row(const struct csv *c, const int col[4], const char *file, char *err,
                     size_t errlen)
{
	for (int i = 0; i < 4; i++)
		if ((size_t)col[i] >= c->nfields || !c->fields[col[i]][0])
			return fail(err, errlen, "%s:%zu: every line needs kind, key, field and text", file,
			            c->line);
	const char *kind = c->fields[col[0]], *field = c->fields[col[2]], *t = c->fields[col[3]];
	if (!field_allowed(kind, field))
		return fail(err, errlen, "%s:%zu: \"%.40s\" is not a field of the kind \"%.40s\"", file,
		            c->line, field, kind);
	if (strlen(t) > NAME_TEXT_MAX || !utf8_valid(t, strlen(t)))
		return fail(err, errlen, "%s:%zu: the text is not UTF-8 or longer than %d bytes", file,
		            c->line, NAME_TEXT_MAX);
	return 0;
}

/* Reads the whole file into rows; -1 with err on the first problem. */
static int read_rows(const char *file, const char *text, size_t len, struct name_row **out,
                     size_t *nout, char *err, size_t errlen)
{
	struct csv c;
	csv_init(&c, text, len);
	int col[4] = {-1, -1, -1, -1};
	static const char *const names[4] = {"kind", "key", "field", "text"};
	int r = csv_next(&c);
	for (int i = 0; r == 1 && i < 4; i++)
		col[i] = csv_column(c.fields, c.nfields, names[i]);
	if (r != 1 || col[0] < 0 || col[1] < 0 || col[2] < 0 || col[3] < 0) {
		csv_release(&c);
		return fail(err, errlen, "%s:1: the header must be kind,key,field,text", file);
	}
	struct name_row *rows = NULL;
	size_t n = 0, cap = 0;
	while ((r = csv_next(&c)) == 1) {
		if (check_row(&c, col, file, err, errlen) < 0)
			break;
		for (size_t i = 0; i < n; i++)
			if (strcmp(rows[i].kind, c.fields[col[0]]) == 0 &&
			    strcmp(rows[i].key, c.fields[col[1]]) == 0 &&
			    strcmp(rows[i].field, c.fields[col[2]]) == 0) {
				r = fail(err, errlen, "%s:%zu: %s %s %s given twice", file, c.line, rows[i].kind,
				         rows[i].key, rows[i].field);
				break;
			}
		if (r < 0)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		rows[n++] = (struct name_row){xstrdup(c.fields[col[0]]), xstrdup(c.fields[col[1]]),
		                              xstrdup(c.fields[col[2]]), xstrdup(c.fields[col[3]])};
	}
	if (r == -1 && !err[0])
		fail(err, errlen, "%s:%zu: %s", file, c.line, c.err);
	csv_release(&c);
	if (r != 0) {
		rows_free(rows, n);
		return -1;
	}
	*out = rows;
	*nout = n;
	return 0;
}

int names_load_text(struct db *db, const char *lang, const char *file, const char *text,
                    size_t len, char *err, size_t errlen)
{
	err[0] = '\0';
	if (!lang || !langtag_valid(lang, strlen(lang)) || strcmp(lang, "en") == 0)
		return fail(err, errlen, "%s: not a language code other than en", file);
	struct name_row *rows = NULL;
	size_t n = 0;
	if (read_rows(file, text, len, &rows, &n, err, errlen) < 0)
		return -1;
	int rc = db_begin(db);
	if (rc == 0 && db_exec(db, "DELETE FROM name_translation WHERE lang = $1",
	                       DB_ARGS(DB_TEXT(lang))) < 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (db_exec(db, "INSERT INTO name_translation (kind, key, field, lang, text) "
		                "VALUES ($1, $2, $3, $4, $5)",
		            DB_ARGS(DB_TEXT(rows[i].kind), DB_TEXT(rows[i].key), DB_TEXT(rows[i].field),
		                    DB_TEXT(lang), DB_TEXT(rows[i].text))) < 0)
			rc = -1;
	if (rc == 0 && db_commit(db) < 0)
		rc = -1;
	if (rc < 0) {
		fail(err, errlen, "%s: %s", file, db_errmsg(db));
		db_rollback(db);
	}
	rows_free(rows, n);
	return rc < 0 ? -1 : (int)n;
}

int names_load(struct db *db, char *err, size_t errlen)
{
	for (size_t i = 0; i < embed_count; i++) {
		const char *name = embed_files[i].name;
		size_t len = strlen(name);
		if (!str_starts(name, NAMES_DIR) || len < sizeof(NAMES_DIR) + 4 ||
		    strcmp(name + len - 4, ".csv") != 0)
			continue;
		char lang[LANGTAG_MAX + 1];
		size_t n = len - (sizeof(NAMES_DIR) - 1) - 4;
		if (n > LANGTAG_MAX || memchr(name + sizeof(NAMES_DIR) - 1, '/', n))
			continue;
		memcpy(lang, name + sizeof(NAMES_DIR) - 1, n);
		lang[n] = '\0';
		if (names_load_text(db, lang, name, embed_files[i].data, embed_files[i].len, err,
		                    errlen) < 0)
			return -1;
	}
	return 0;
}
