/* reviews_impl.h — what the files of the reviews module share, and
 * nothing else includes: the field tables, a cycle's window, the picks of
 * a name in the reader's language, and the draft's assembly. */
#ifndef PACTE_REVIEWS_IMPL_H
#define PACTE_REVIEWS_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "db.h"
#include "names.h"
#include "reviews.h"
#include "validate.h"

/* Field tables (reviews_check.c). */
extern const struct field review_save_fields[];
extern const size_t review_save_nfields;
extern const struct field review_cycle_fields[];
extern const size_t review_cycle_nfields;
extern const struct field review_input_fields[];
extern const size_t review_input_nfields;
extern const struct field review_decision_fields[];
extern const size_t review_decision_nfields;

/* SQL: the name of the region of the cycle whose table alias is alias, in
 * the language the parameter lang names (names.h); NULL for a global one. */
#define REVIEWS_CYCLE_REGION_NAME(alias, lang) \
	"(SELECT " REGION_NAME_IN("g", lang) " FROM region g WHERE g.m49 = " alias \
	".region_m49)"

/* A cycle's row: JSON null when there is none, NULL on error. Keys: id,
 * kind, title_en, title_fr, region_m49, period_start, period_end, opens,
 * closes, region_name (in locale; NULL: English). New reference. */
json_t *reviews_cycle_row(struct db *db, const char *id, const char *locale);
/* A cycle's title in locale, from a row with the keys above: the title
 * columns in English and French, composed from translated parts ("Regional
 * review {year}: {region}") in the other languages. New reference. */
json_t *reviews_cycle_title(const json_t *row, const char *locale);
/* Whether today (YYYY-MM-DD) is within cycle row's window. */
bool reviews_window_open(const json_t *cycle, const char *today);
/* A cycle row as the pages show it, in locale (reviews_cycles.c). New
 * reference. */
json_t *reviews_cycle_model(const json_t *row, const char *locale, const char *today);

/* True when locale's language is French (the reference tables hold
 * English and French titles). */
bool reviews_locale_fr(const char *locale);

/* The records of a state's draft per objective, read live
 * (reviews_draft.c): {"objectives": [{number, commitments: [{id, title,
 * status, percent, target_date}], progress: {updates, latest}, practices:
 * [{id, title}]}]} for each objective with any record of actor in the
 * period. NULL on a database error. */
json_t *reviews_assemble(struct db *db, int64_t actor, const char *period_start,
                         const char *period_end);

/* Draft id's narratives: {"N": text}. NULL on a database error. */
json_t *reviews_narratives(struct db *db, int64_t id);

/* Review id's whole content as submission freezes it (reviews_draft.c):
 * {cycle: {id, title_en, title_fr, period_start, period_end}, country:
 * {iso3, name_en, name_fr}, version, summary, links, submitted_at (NULL:
 * null), objectives: [{number, narrative, commitments, progress,
 * practices}]}, the records read live. JSON null when there is no such
 * review, NULL on a database error. */
json_t *reviews_content(struct db *db, int64_t id, const char *submitted_at);

/* "/reviews/imrf-2026/MAR" (version 0) or ".../v/2", from a static-sized
 * buffer. */
const char *reviews_url(char buf[96], const char *cycle, const char *iso3, int64_t version);

#endif
