/* changes.h — the change feed (/api/v1/changes): every public record
 * created, changed or withdrawn, in commit order, with what it is now.
 *
 * The log (changelog.h) says which record changed and in what order; this
 * module reads each record's public model when the feed is read, through
 * a table of kinds (changes.c): a kind names how to read one of its
 * records as anybody may see it. A record that is no longer public, or
 * withdrawn (its model holds "withdrawn": {at, reason}), is a tombstone:
 * its kind, id and URL, no content. So the feed shows nothing a public
 * page would not.
 *
 * A cursor is the seq of an entry, written in decimal: "0" (or none) reads
 * from the start; a page's next_cursor continues after its last entry.
 * Cursors stay valid forever on the instance that gave them; a cursor
 * past the end of the feed (from another instance, or from before a
 * restore of an older backup) is refused, so a harvester knows to start
 * again rather than wait for entries that will never come. */
#ifndef PACTE_CHANGES_H
#define PACTE_CHANGES_H

#include <jansson.h>
#include <stdint.h>

#include "outcome.h"

struct db;

#define CHANGES_PAGE_DEFAULT 100
#define CHANGES_PAGE_MAX 500

/* The entries after cursor `since` (0: from the start), at most limit
 * (1–CHANGES_PAGE_MAX), labels in locale:
 * {"changes": [{"cursor": "17", "kind", "id", "url" | null, "op":
 *   "created" | "changed" | "withdrawn", "changed_at", "content": the
 *   record's public model | null, "tombstone": null | {} (no longer
 *   public) | {at, reason} (withdrawn by its owner)}], "count", "since": "N",
 *  "next_cursor": the last entry's cursor (since when none),
 *  "last_cursor": the end of the feed now, "more": bool}.
 * "created" means first published after `since`. OUTCOME_OK (*out set),
 * OUTCOME_INVALID (errors: "since" past the end of the feed, with the
 * end as the argument "last"), OUTCOME_ERROR (db_errmsg). */
enum outcome changes_page(struct db *db, const char *locale, int64_t since, int limit,
                          json_t *errors, json_t **out);

#endif
