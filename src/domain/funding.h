/* funding.h — the funding pointers of the connection hub (the Compact's
 * paragraph 43: a need is "pointed to funding"): funds an administrator
 * maintains, each with its URL, the objectives and kinds of support it
 * serves, a description and the source its facts come from. A need's page
 * shows the pointers relevant to it.
 *
 * The model (schema/0025_hub_events_funding.sql):
 *
 *   id, name        1–FUNDING_NAME_MAX characters
 *   url             the fund's page (http or https)
 *   description     up to FUNDING_TEXT_MAX characters
 *   source          where its facts come from, in words (required), and
 *                   source_url, a link to it (optional)
 *   objectives      objective numbers; none: the fund serves every objective
 *   supports        kinds of support (codes.h hub_supports), any number
 *   archived_at     set when an administrator takes it off the pages (the
 *                   row and its history stay)
 *
 * Relevance: a pointer is relevant to a need when it names none of the
 * objectives (a fund for the whole Compact) or shares one with the need;
 * those giving the kind of support the need asks for come first, then
 * those sharing the most objectives, then by name. The migration seeds the
 * Migration Multi-Partner Trust Fund, citing the Compact's paragraph 43 (b).
 *
 * Every write: can(ACTION_FUNDING_MAINTAIN) first (only administrators; a
 * denial audited), one transaction, audit_append with before/after. */
#ifndef PACTE_FUNDING_H
#define PACTE_FUNDING_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

#define FUNDING_NAME_MAX 300     /* characters */
#define FUNDING_TEXT_MAX 5000    /* description, source */
#define FUNDING_SHOWN 10         /* pointers on a need's page */

/* Validates a pointer's input {name, url, description, source, source_url,
 * objectives, supports}: one error per bad field (message ids with
 * arguments); returns how many fields are in error, *clean (if not NULL)
 * the normalised input when 0. */
int funding_validate(const json_t *input, json_t *errors, json_t **clean);

/* Records a pointer (id 0; *out_id set) or edits pointer id, as by.
 * OUTCOME_OK, OUTCOME_INVALID (errors filled), OUTCOME_DENIED (audited),
 * OUTCOME_NOT_FOUND, OUTCOME_ERROR. */
enum outcome funding_save(struct db *db, const struct user *by, int64_t id,
                          const json_t *input, json_t *errors, int64_t *out_id);

/* Archives pointer id (it leaves the pages; its row stays). OUTCOME_OK,
 * OUTCOME_DENIED (audited), OUTCOME_NOT_FOUND, OUTCOME_CONFLICT when it is
 * archived already, OUTCOME_ERROR. */
enum outcome funding_archive(struct db *db, const struct user *by, int64_t id);

/* The pointers, by name: {"pointers": [{id, name, url, description,
 * source, source_url, archived_at, objectives: [{number, short_title,
 * url}], all_objectives (none named), supports: [{value, label}]}]}, the
 * archived ones too when archived is true. NULL on a database error. */
json_t *funding_list(struct db *db, const char *locale, bool archived);

/* One pointer ({"pointer": {…as in the list…}}), JSON null when none has
 * this id; NULL on a database error. */
json_t *funding_get(struct db *db, const char *locale, int64_t id);

/* The pointers relevant to need need_id (above), at most FUNDING_SHOWN,
 * each as in the list with "gives_support" (it gives the kind the need
 * asks for); for an unknown need, those naming no objective. NULL on
 * error. */
json_t *funding_for_need(struct db *db, const char *locale, int64_t need_id);

#endif
