/* fts_match.c — prints the FTS5 MATCH string fts.c makes of what a person
 * typed (the last argument), or with --tsquery the PostgreSQL tsquery, for
 * bench/search to run the same query directly on the database. Not part
 * of the product. */
#include <stdio.h>
#include <string.h>

#include "fts.h"

int main(int argc, char **argv)
{
	bool pg = argc == 3 && strcmp(argv[1], "--tsquery") == 0;
	if (argc != 2 && !pg) {
		fputs("usage: fts_match [--tsquery] QUERY\n", stderr);
		return 2;
	}
	struct fts_query q;
	fts_query_parse(argv[argc - 1], &q);
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	if (q.nwords == 0 || (pg ? fts_query_tsquery : fts_query_fts5)(&q, &b) < 0) {
		fputs("fts_match: no word\n", stderr);
		return 1;
	}
	puts(buf_str(&b));
	buf_release(&b);
	return 0;
}
