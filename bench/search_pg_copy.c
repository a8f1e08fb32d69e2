/* search_pg_copy.c — reads a SQLite database's search index (search_doc
 * and the terms search_fts holds) and prints it as PostgreSQL COPY text
 * for search_doc (id, kind, ref, num, lang, sort_date, facets, texts, vec),
 * the tsvector made by fts_tsvector as search.c makes it. bench/search-pg-load
 * pipes it into psql: PostgreSQL gets the same index in minutes, where
 * `pacte restore` re-inserts every table row by row and indexes again.
 * Not part of the product.
 *
 *   search_pg_copy SQLITE_DB > search_doc.copy */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "fts.h"

#define TERMS_MAX ((size_t)16 << 20) /* as search.c's */

/* One COPY text field: backslash, tab, newline and carriage return escaped. */
static void field(const char *s, bool last)
{
	if (!s) {
		fputs("\\N", stdout);
	} else {
		for (; *s; s++) {
			switch (*s) {
			case '\\': fputs("\\\\", stdout); break;
			case '\t': fputs("\\t", stdout); break;
			case '\n': fputs("\\n", stdout); break;
			case '\r': fputs("\\r", stdout); break;
			default: putchar(*s);
			}
		}
	}
	putchar(last ? '\n' : '\t');
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: search_pg_copy SQLITE_DB\n", stderr);
		return 2;
	}
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT d.id, d.kind, d.ref, d.num, d.lang, d.sort_date, "
	                           "d.facets, d.texts, f.title, f.body FROM search_doc d "
	                           "JOIN search_fts f ON f.rowid = d.id ORDER BY d.id",
	                       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "search_pg_copy: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	struct buf vec;
	buf_init(&vec, 2 * TERMS_MAX);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < 8; i++)
			field((const char *)sqlite3_column_text(st, i), false);
		buf_reset(&vec);
		if (fts_tsvector((const char *)sqlite3_column_text(st, 8),
		                 (const char *)sqlite3_column_text(st, 9), &vec) < 0) {
			fprintf(stderr, "search_pg_copy: document %lld: terms too long\n",
			        (long long)sqlite3_column_int64(st, 0));
			return 1;
		}
		field(buf_str(&vec), true);
	}
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "search_pg_copy: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	buf_release(&vec);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
