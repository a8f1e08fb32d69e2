/* reindex.c — the search index rebuilt from the source tables, kind by
 * kind. A new kind (practices, needs, events …) adds its line to `kinds`
 * below: its documents are then built by `pacte migrate` like the others. */
#include <stdio.h>

#include "actors.h"
#include "commitments.h"
#include "countries.h"
#include "db.h"
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
};

long reindex_all(struct db *db, char *err, size_t errlen)
{
	if (db_begin(db) < 0) {
		snprintf(err, errlen, "search index: %s", db_errmsg(db));
		return -1;
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

long reindex_if_needed(struct db *db, char *err, size_t errlen)
{
	int built = search_built(db);
	if (built < 0) {
		snprintf(err, errlen, "search index: %s", db_errmsg(db));
		return -1;
	}
	return built ? 0 : reindex_all(db, err, errlen);
}
