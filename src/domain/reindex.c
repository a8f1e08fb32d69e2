/* reindex.c — the search index rebuilt from the source tables, kind by
 * kind. A new kind (practices, needs, events …) adds its line to `kinds`
 * below: its documents are then built by `pacte migrate` like the others. */
#include <stdbool.h>
#include <stdio.h>

#include "actors.h"
#include "commitments.h"
#include "countries.h"
#include "db.h"
#include "hub.h"
#include "practices.h"
#include "reviews.h"
#include "reindex.h"
#include "search.h"
#include "util.h"

static const struct {
	const char *kind;
	int (*index_all)(struct db *db);
} kinds[] = {
	{"country", countries_index_all},
	{"actor", actors_index_all},
	{"commitment", commitments_index_all},
	{"practice", practices_index_all},
	{"need", hub_index_all},    /* needs and offers both (hub_search.c) */
	{"review", reviews_index_all},
};

#define REINDEX_TRIES 3

/* The rebuild in one transaction; when only_unbuilt, nothing is done if
 * the index is built by the time the transaction starts (another process
 * did it). Returns the documents written, 0, or -1. */
static long rebuild(struct db *db, bool only_unbuilt, char *err, size_t errlen)
{
	if (db_begin(db) < 0) {
		snprintf(err, errlen, "search index: %s", db_errmsg(db));
		return -1;
	}
	int built = only_unbuilt ? search_built(db) : 0;
	if (built < 0) {
		snprintf(err, errlen, "search index: %s", db_errmsg(db));
		goto fail;
	}
	if (built) {
		db_rollback(db);
		return 0;
	}
	if (countries_refresh_keys(db) < 0) {
		snprintf(err, errlen, "search index: country names: %s", db_errmsg(db));
		goto fail;
	}
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kinds[i].index_all(db) < 0) {
			snprintf(err, errlen, "search index: %s: %s", kinds[i].kind, db_errmsg(db));
			goto fail;
		}
	int64_t n = 0;
	if (search_mark_built(db) < 0 ||
	    db_scalar_int(db, &n, 0, "SELECT count(*) FROM search_doc", NO_ARGS) < 0) {
		snprintf(err, errlen, "search index: %s", db_errmsg(db));
		goto fail;
	}
	if (db_commit(db) < 0) {
		snprintf(err, errlen, "search index: commit: %s", db_errmsg(db));
		goto fail;
	}
	return (long)n;
fail:
	db_rollback(db);
	return -1;
}

long reindex_all(struct db *db, char *err, size_t errlen)
{
	return rebuild(db, false, err, errlen);
}

long reindex_if_needed(struct db *db, char *err, size_t errlen)
{
	int built = search_built(db);
	if (built < 0) {
		snprintf(err, errlen, "search index: %s", db_errmsg(db));
		return -1;
	}
	/* Two nodes starting on a migrated database both find it unbuilt: one
	 * builds it; the other's transaction fails as a conflict (PostgreSQL)
	 * or waits (SQLite), and then finds it built. */
	long n = 0;
	for (int i = 0; !built && i < REINDEX_TRIES; i++) {
		n = rebuild(db, true, err, errlen);
		if (n >= 0 || !db_retryable(db))
			break;
	}
	return n;
}
