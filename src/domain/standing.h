/* standing.h — "where each objective stands": aggregates of the
 * commitments of one objective, country, region or actor, computed by the
 * database (a few GROUP BY queries each, never a walk over rows in C).
 *
 * Every aggregate counts the inactive commitments (no report for 24 months,
 * commitments.h) apart: the counts by status and by level, the shares and
 * "overdue" are over the active ones (total minus inactive); "inactive"
 * says how many were left out. A regional commitment naming three
 * countries of a region counts once for the region.
 *
 * The model, the same for each scope:
 *   {"standing": {
 *      "total": every commitment in scope, "active", "inactive",
 *      "by_status": [{status, label, count}] (every status, in code order),
 *      "by_level": [{level, label, count}] (every level),
 *      "achieved", "overdue": counts among the active ones,
 *      "share_achieved", "share_overdue": 0..1 (0 when no active one),
 *      "percent_achieved", "percent_overdue": the same rounded to whole
 *        percents, for display,
 *      "list_url": "/commitments?objective=7" (the list with this scope)},
 *    "latest_updates": [{id, url, reported_at, status, status_label,
 *      percent|null, milestone|null, created_at, sample,
 *      commitment: {id, title, url, owner: {id, name, url}}}] (newest
 *      first, at most `nlatest`),
 *    "has_sample": bool (some of the latest updates are sample data)}
 * "total" is 0 when nothing is in scope (the page then shows no section).
 * Labels in locale; today NULL: now. Each function returns a new reference,
 * or NULL on a database error. An unknown objective, country or region is
 * not an error here: its counts are 0 (the caller answers 404 first). */
#ifndef PACTE_STANDING_H
#define PACTE_STANDING_H

#include <jansson.h>
#include <stdint.h>

struct db;

#define STANDING_LATEST_MAX 50

json_t *standing_objective(struct db *db, const char *locale, int objective, int nlatest,
                           const char *today);
/* iso3 in either case. */
json_t *standing_country(struct db *db, const char *locale, const char *iso3, int nlatest,
                         const char *today);
/* m49: region, sub-region or intermediate region ("001", World: everything). */
json_t *standing_region(struct db *db, const char *locale, const char *m49, int nlatest,
                        const char *today);
/* Commitments the actor owns or accepted to take part in (a participant
 * only invited, or one that declined, is not counted). */
json_t *standing_actor(struct db *db, const char *locale, int64_t actor_id, int nlatest,
                       const char *today);

/* Counts for every objective at once, for /objectives and the home page:
 * {"objectives": [{"number", "total", "active", "inactive", "achieved",
 * "overdue", "by_status": [{status, label, count}]}] (all 23, in order)}.
 * NULL on a database error. */
json_t *standing_objectives(struct db *db, const char *locale, const char *today);

#endif
