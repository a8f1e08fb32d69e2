/* dashboard.h — the counts behind /dashboard, the world map and the
 * objective × region table, read from the running tallies of migrations
 * 0019, 0023 and 0028 (tally_*), never from the commitments themselves: a
 * page that misses the cache reads a few hundred rows however many commitments
 * there are (issue 16's rule; docs/indicators.md).
 *
 * What each count means, and which list it summarises (a test checks
 * that each equals that list's total):
 *   objectives[n].by_status[s]   commitments under objective n whose
 *                                current status is s: /commitments?
 *                                objective=n&status=s (inactive ones
 *                                included, unlike standing.h's counts)
 *   freshness[f]                 commitments by reporting freshness on
 *                                `today` (commitments.h's rule):
 *                                /commitments?freshness=f
 *   quarters[q].created          commitments created in quarter q
 *   quarters[q].reported         progress updates reported in quarter q
 *   quarters[q].practices        published practices published in quarter
 *                                q (/practices, by published_at)
 *   quarters[q].needs            open needs posted in quarter q (/hub?side=
 *                                need, by created_at)
 *   quarters[q].assessments      independent assessments made final in
 *                                quarter q (every final one, by
 *                                finalised_at; migration 0028's tallies)
 *   countries[iso3]              commitments naming the country, and how
 *                                many are in progress:
 *                                /commitments?country=ISO3(&status=in_progress)
 *                                its published practices (/practices?
 *                                country=ISO3) and open needs (/hub?side=
 *                                need&country=ISO3), whatever the objective
 *   matrix[objective][region]    commitments under the objective that name
 *                                a country of the M49 region (once
 *                                however many), and how many are in
 *                                progress: /commitments?objective=n&region=m49
 *   practices_needs[n]           published practices under objective n
 *                                (/practices?objective=n) and open needs
 *                                under it (/hub?side=need&objective=n),
 *                                from migration 0023's tallies
 *   regions[r].practices, .needs the published practices naming a
 *                                country of region r or r itself, once
 *                                (/practices?region=m49), and the open needs
 *                                naming one of its countries, once
 *   assessed[k].by_status[s]     commitments whose latest final independent
 *                                assessment says completion k and whose
 *                                owner's status is s (migration 0023)
 *
 * The model (a new reference; NULL on a database error):
 *   {"total", "objectives": [{"number", "short_title", "url", "total",
 *      "by_status": [{"status", "label", "count"}]}] (all 23),
 *    "freshness": [{"freshness", "label", "count"}] (every freshness),
 *    "quarters": [{"quarter": "2024-Q1", "created", "reported", "practices",
 *      "needs", "assessments"}] (from the
 *      first with any to the last, none skipped),
 *    "countries": [{"iso3", "numeric", "name", "url", "region", "total",
 *      "in_progress", "practices", "needs"}] (every country, names in locale),
 *    "regions": [{"m49", "name", "url", "practices", "needs"}] (the five
 *      M49 regions),
 *    "matrix": [{"number", "short_title", "url",
 *      "cells": [{"m49", "total", "in_progress"}]}] (regions' order),
 *    "practices_needs": [{"number", "short_title", "practices", "needs"}]
 *      (all 23),
 *    "assessed_total", "assessed": [{"completion", "label", "total",
 *      "by_status": [{"status", "label", "count"}]}] (every completion)}
 * Labels in locale; today NULL: now. */
#ifndef PACTE_DASHBOARD_H
#define PACTE_DASHBOARD_H

#include <jansson.h>

struct db;

#define DASHBOARD_QUARTERS_MAX 120   /* thirty years: older quarters are left out */

json_t *dashboard_counts(struct db *db, const char *locale, const char *today);

/* Only {"countries": …} of that model (for a map outside the dashboard):
 * area, an M49 code of any level to keep only its countries, or NULL;
 * objective, 1–COMPACT_OBJECTIVES to count only the commitments under it
 * (tally_objective_country), or 0 for all. */
json_t *dashboard_countries(struct db *db, const char *locale, const char *area, int objective);

/* A country's commitments by objective (tally_objective_country): which
 * objectives the state and its partners act on, with status:
 *   {"objectives": [{"number", "short_title", "list_url" (the list:
 *    /commitments?country=ISO3&objective=n), "total",
 *    "by_status": [{"status", "label", "count"}]}]}
 * only the objectives with a commitment, in order. iso3 upper case.
 * NULL on a database error. */
json_t *dashboard_country_objectives(struct db *db, const char *locale, const char *iso3);

/* Adds "overdue" to each of counts' "countries": its commitments not
 * closed whose last report (or start) is more than 12 months before today
 * (commitments.h's freshness "due" or "inactive": /commitments?country=
 * ISO3&freshness=due, and =inactive): those not closed
 * (tally_country_status) less those active within the year (migration
 * 0023's tally_country_activity, its last year's rows only); read only
 * when the map shows it.
 * today NULL: now. 0, or -1 on a database error. */
int dashboard_overdue(struct db *db, const char *today, json_t *counts);

#endif
