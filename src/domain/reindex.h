/* reindex.h — builds the search index (search.h) from the source tables:
 * after migration 0015 (the data already there), after a restore, or on
 * demand. Each kind of record a search finds has one line in reindex.c's
 * table: its kind and the function that writes all its documents. */
#ifndef PACTE_REINDEX_H
#define PACTE_REINDEX_H

#include <stddef.h>

struct db;

/* Rewrites every document of every kind, and the countries' match keys,
 * in one transaction, and records that the index is built. Returns the
 * number of documents written, or -1 (err says why). */
long reindex_all(struct db *db, char *err, size_t errlen);

/* reindex_all when the index has not been built since migration 0015 (or
 * was marked stale); 0 when nothing was needed. */
long reindex_if_needed(struct db *db, char *err, size_t errlen);

#endif
