/* feed.h — what the Atom feed of the site says: new commitments and
 * progress updates, newest first, in one list (the web's feeds.c renders
 * it).
 *
 * The feed sits above both commitments and progress: it reads each
 * through its module (commitments' rows, progress_recent) and merges
 * them, so neither of the two needs the other for it. */
#ifndef PACTE_FEED_H
#define PACTE_FEED_H

#include <jansson.h>

struct db;

/* New commitments and progress updates, newest first:
 * {"entries": [{"type": "commitment" | "update", "id" (of the commitment
 * or update), "commitment_id", "title" (the commitment's: the caller
 * says which kind of entry it is), "summary" (plain text), "url",
 * "author" (the owner's name), "published", "updated" (ISO-8601),
 * "sample": bool}], "updated": newest entry's time | null}. country (ISO3
 * or NULL) and objective (0: any) filter as in the list; at most limit
 * (1–100; another value: 20) entries. NULL on a database error. */
json_t *feed_entries(struct db *db, const char *locale, const char *country, int objective,
                     int limit);

#endif
