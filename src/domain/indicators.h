/* indicators.h — the indicators the Compact is measured against: a
 * catalogue (data/indicators.csv, loaded by `pacte init`, each entry
 * citing its source), national values as yearly series with breakdowns,
 * imported from SDMX-CSV and exported as SDMX-CSV and in the Data
 * Package, and a progress status computed from a series.
 *
 * The model (schema/0019_indicators.sql):
 *   indicator   code ("SDG_10_7_1": an SDMX identifier), sdg ("10.7.1"
 *               or none), names in English and French (other locales read
 *               English), unit (indicator_units), direction (up | down:
 *               the way progress goes; none: not good or bad in itself),
 *               target and target_year where the SDG target states one,
 *               custodian, source and source_url, the objectives measured
 *   value       (code, iso3, sex, age, migratory_status, period) → value;
 *               breakdowns in SDMX codes, "_T" the total; period a year;
 *               origin real | synthetic (pacte demo)
 *
 * SDMX-CSV (version 1, the form national statistics offices publish):
 * a header row naming DATAFLOW, then the dimensions INDICATOR, REF_AREA
 * (ISO3), SEX, AGE, MIGRATORY_STATUS, TIME_PERIOD, then OBS_VALUE and the
 * attribute UNIT_MEASURE (which must be the indicator's unit). SEX, AGE
 * and MIGRATORY_STATUS may be left out (the total). Any other column is
 * an unknown dimension: the file is refused. An import is all or nothing
 * and lists every problem as FILE:LINE: COLUMN: reason, as the
 * commitments' import does (an unknown code, a unit that is not the
 * indicator's, a value that is not a number, the same observation twice);
 * an observation already stored takes the new value. The export writes
 * the same columns, so an export imports again unchanged.
 *
 * Progress status (indicators_progress.c; docs/indicators.md says the
 * method): from the yearly points of one series, compared with the
 * indicator's direction and target. */
#ifndef PACTE_INDICATORS_H
#define PACTE_INDICATORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "outcome.h"

struct db;
struct user;

#define INDICATOR_CODE_MAX 40
#define INDICATOR_MIN_POINTS 3          /* fewer: the status is "insufficient" */
#define INDICATOR_IMPORT_MAX_BYTES ((size_t)64 << 20)
#define INDICATOR_IMPORT_MAX_ERRORS 1000
#define INDICATOR_DATAFLOW "PACTE:DF_GCM_INDICATORS(1.0)"

/* Code lists, NULL-terminated, and their labels (msgids). */
extern const char *const indicator_units[];        /* PERCENT NUMBER PER_100000 SCORE USD */
extern const char *const indicator_unit_labels[];
extern const char *const indicator_sexes[];        /* _T F M */
extern const char *const indicator_sex_labels[];
extern const char *const indicator_ages[];         /* _T Y_LT18 Y_GE18 */
extern const char *const indicator_age_labels[];
extern const char *const indicator_migratory_statuses[];  /* _T MIGRANT NON_MIGRANT */
extern const char *const indicator_migratory_status_labels[];
/* target_reached on_track moderate improving limited deterioration
 * insufficient not_assessed */
extern const char *const indicator_progress_statuses[];
extern const char *const indicator_progress_labels[];

/* Upserts the catalogue of data/indicators.csv (embedded) in one
 * transaction. Returns 0, or -1 with "data/indicators.csv:LINE: field:
 * reason" lines in err. */
int indicators_catalog_load(struct db *db, char *err, size_t errlen);

/* /indicators: {"indicators": [{"code", "sdg", "name", "unit", "unit_label",
 * "direction", "target", "target_year", "custodian", "source",
 * "source_url", "url", "objectives": [{"number", "short_title", "url"}],
 * "countries": how many have a value}]} in catalogue order. NULL on a
 * database error. */
json_t *indicators_list(struct db *db, const char *locale);

/* /indicators/{code}: {"indicator": {as in the list}, "countries": [{"iso3",
 * "name", "url" (the country's series), "period", "value"}] (the latest
 * total of each country that has one, by name)} ; JSON null when no
 * indicator has this code; NULL on a database error. */
json_t *indicators_get(struct db *db, const char *locale, const char *code);

/* A breakdown of a series: SDMX codes, NULL for the total ("_T"). */
struct indicator_breakdown {
	const char *sex, *age, *migratory_status;
};

/* /indicators/{code}/{ISO3}: {"indicator", "country": {"iso3", "name",
 * "url"}, "breakdown": {"sex", "age", "migratory_status"} (the one shown),
 * "breakdowns": {"sex": [{code, label}], …} (those the country has),
 * "series": [{"period", "value"}] (that breakdown, by year),
 * "progress": {"status", "label", "points", "base", "latest",
 * "annual_change"|null, "needed_change"|null}, "sample": bool}; JSON null
 * when the indicator or the country does not exist; NULL on a database
 * error. */
json_t *indicators_series(struct db *db, const char *locale, const char *code, const char *iso3,
                          const struct indicator_breakdown *b);

/* One point of a series. */
struct indicator_point {
	int period;
	double value;
};

/* What a series is measured against. */
struct indicator_goal {
	const char *direction;     /* "up", "down" or "none" */
	bool has_target;
	double target;
	int target_year;
};

/* The progress status of points[0..n) (any order, one per year) against
 * goal: one of indicator_progress_statuses. *annual (may be NULL) gets the
 * average change per year between the first and the latest point, and
 * *needed (may be NULL) the change per year the target asks from the
 * first point (0 when there is no target). Pure. */
const char *indicator_progress(const struct indicator_point *points, size_t n,
                               const struct indicator_goal *goal, double *annual,
                               double *needed);

/* Imports SDMX-CSV data[0..len) named filename (for the messages), all or
 * nothing, as `by` (NULL: the operator; else can(by, indicator.import) for
 * each country's state), origin "real" or "synthetic". OUTCOME_OK with
 * *nobs observations written; OUTCOME_INVALID with every problem in errors
 * and *nproblems set, nothing written; OUTCOME_DENIED; OUTCOME_ERROR. The
 * import is audited (one entry: the file, its observations by indicator). */
enum outcome indicators_import_sdmx(struct db *db, const struct user *by, const char *filename,
                                    const char *data, size_t len, const char *origin,
                                    struct buf *errors, size_t *nobs, size_t *nproblems);

/* Appends the observations of indicator `code` (NULL: every indicator) as
 * SDMX-CSV to out, ordered by indicator, country, breakdown and year.
 * Returns the number of observations, or -1 on a database error or when
 * out is full. */
int64_t indicators_export_sdmx(struct db *db, const char *code, struct buf *out);

/* pacte demo: synthetic series for every indicator (indicators_demo.c),
 * origin "synthetic", deterministic for a seed. 0 or -1 (db_errmsg). */
int indicators_demo(struct db *db, uint64_t seed);

#endif
