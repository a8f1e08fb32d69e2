/* scope.h — the commitments an objective, a country, a region or an actor
 * page is about, and how a query reads them.
 *
 * One struct names a scope wherever one is needed: the standing of a
 * page (standing.h), its latest updates (progress.h), the cards it shows
 * and the list behind it (commitments.h), the feed. Every member is
 * optional; those set apply together.
 *
 * Two ways to read the commitments of a scope, sorted, a page at a time.
 * GATHER: collect the ids in scope from the link tables, then sort them —
 * the cost grows with the scope, right for a small one (a country). WALK:
 * go down an index in the page's order and keep each commitment in scope —
 * the cost grows with how many are passed over, right for a large one (an
 * objective, a region: at 100,000 commitments 30–120 ms gathered, under a
 * millisecond walked). The query text says which: the planner cannot know
 * a scope's size from its statistics. */
#ifndef PACTE_SCOPE_H
#define PACTE_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "query.h"

struct scope {
	int objective;             /* 1–23, or 0: any */
	const char *country;       /* ISO3 in either case, or NULL */
	const char *region;        /* M49 code of a region, sub-region or intermediate
	                            * region, or NULL ("001", the World: any) */
	int64_t actor_id;          /* owner or accepted participant, or 0: any */
};

enum scope_access { SCOPE_GATHER, SCOPE_WALK };

/* The way for a query whose filter matches `matching` commitments (0:
 * unknown, then GATHER): WALK once one commitment in 32 matches. A
 * database error reads as unknown. */
enum scope_access scope_access_for(struct db *db, int64_t matching);

/* A third way, for a scope that is one country and nothing else: its link
 * rows carry their commitment's sort keys (updated_at; last_report_date,
 * last_report_id: schema/0036_scope_reads), so a query reads the first
 * few entries of the country's index of them, whatever the country's size.
 * True when s names a country and no other member. */
bool scope_country_alone(const struct scope *s);

/* Appends " AND <condition>" for each member of s that is set (s NULL:
 * none; the commitment's alias is c), written as `how` says. A query that
 * walks must not let its joins choose the order: join the owner with
 * a.id = +c.owner_actor_id (the unary plus keeps the owner index out). */
void scope_conditions(struct query *q, const struct scope *s, enum scope_access how);

/* One more condition of the same shape, for filters beyond the scope:
 * `gather` is " AND c.id IN (SELECT commitment_id FROM … WHERE …)",
 * `walk` the same as " AND EXISTS (SELECT 1 FROM … x WHERE
 * x.commitment_id = c.id AND …)"; "$?" is the parameter a. */
void scope_member(struct query *q, enum scope_access how, const char *gather,
                  const char *walk, struct db_arg a);

#endif
