/* merge.h — duplicate organisations merged by an administrator (issue 18,
 * item 6): every record that names the duplicate moves to the actor kept,
 * and the duplicate becomes a redirect.
 *
 * One transaction (audit.h): can(ACTION_ACTOR_MERGE) on the duplicate (a
 * denial audited), then every column that holds an actor id, read from
 * one table in merge.c, moves from the duplicate to the actor kept. Where
 * a move would break a unique key (both actors named in one commitment, a
 * person member of both, both in one partnership or at one event) the
 * kept actor's row stays and the duplicate's goes; a commitment no longer
 * names its own owner as a participant. The duplicate's row stays, with
 * merged_into set (schema/0034): on no list, search, count or export, and
 * /actors/{id} answers 301 to the actor kept. The search documents of the
 * two actors and of every commitment, practice and need or offer the kept
 * actor now owns are written again, the change feed notes the two actors
 * and each commitment moved, and the audit trail has one entry
 * "actor.merge" on the duplicate saying into which actor, and how many
 * rows of each table moved or were dropped as duplicates.
 *
 * The audit trail's own actor column is never rewritten: it says who
 * acted, as they were (its entries are hash-chained). No tally counts by
 * actor (schema/0005, 0023, 0028 count by objective, country, region,
 * month), so none has to move.
 *
 * Chains: at most one hop is stored. Merging into an actor that is itself
 * merged is refused; when the actor kept is merged later in its turn,
 * every actor that redirected to it redirects to the new survivor, in the
 * same transaction, so a redirect is always one hop.
 *
 * Only partners merge: a state is one per country, and the operators'
 * own actor is nobody's duplicate. The actor kept must be public
 * (accredited or suspended): the records it takes over stay public. */
#ifndef PACTE_MERGE_H
#define PACTE_MERGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

/* One column that holds an actor id, and how a merge moves it. */
struct merge_column {
	const char *table;
	const char *column;
	/* The other columns of a unique key the column is part of (NULL:
	 * none): the duplicate's row goes when the kept actor has one with
	 * the same values there. */
	const char *key;
	const char *label;      /* what the rows are, a msgid */
};

/* The columns a merge moves, and how many. */
extern const struct merge_column merge_columns[];
extern const size_t merge_column_count;

/* The reason a column holding an actor id is left as it is (the audit
 * trail's), or NULL when it is not one of those: test_merge fails for a
 * column of the database in neither list. */
const char *merge_exclusion(const char *table, const char *column);

/* What a merge says beyond its outcome. */
struct merge_result {
	/* With OUTCOME_INVALID and OUTCOME_CONFLICT: why, a msgid. */
	const char *problem;
	/* With OUTCOME_OK: {"TABLE.COLUMN": {"moved": n, "dropped": m}} for
	 * every column with rows, and "redirects": how many earlier
	 * duplicates now redirect to the actor kept. The caller releases it. */
	json_t *counts;
};

/* Merges actor `from` into actor `into` as `by` (an administrator:
 * can(ACTION_ACTOR_MERGE) on `from`), in one audited transaction.
 * OUTCOME_OK; OUTCOME_NOT_FOUND (either actor missing); OUTCOME_DENIED
 * (audited); OUTCOME_INVALID (the same actor, a state, the operators'
 * actor, the actor kept not public: out->problem); OUTCOME_CONFLICT (either
 * already merged: out->problem); OUTCOME_ERROR (db_errmsg). */
enum outcome merge_actors(struct db *db, const struct user *by, int64_t from, int64_t into,
                          struct merge_result *out);

/* The same merge by the operator at the console (`pacte actor merge`):
 * no can() check — whoever runs the command owns the instance — audited
 * with no user, channel "cli". */
enum outcome merge_actors_as_operator(struct db *db, int64_t from, int64_t into,
                                      struct merge_result *out);

/* What a merge would do, for its confirmation page, read without writing:
 * {"from": {id, name, url}, "into": {id, name, url} | null, "problem":
 * msgid | null, "moves": [{"label", "count"}] (label in English: the
 * caller translates; only the kinds with rows), "total"}. `into` 0: only
 * "from" (the form that chooses). JSON null when `from` does not exist
 * or is merged already, NULL on a database error. The permission is the
 * caller's to ask (can(), as the page shows). */
json_t *merge_preview(struct db *db, const char *locale, int64_t from, int64_t into);

#endif
