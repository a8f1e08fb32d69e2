/* indicators_demo.c — synthetic indicator series for `pacte demo`: for
 * every indicator of the catalogue, one country in four, 2015–2024, a
 * value drifting along a trend of its own with some noise (and, for the
 * indicators the SDGs break down by sex and migrant status, those
 * breakdowns too), written through the SDMX-CSV import with origin
 * "synthetic", so the pages show them under a banner. Deterministic for a
 * seed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "indicators.h"
#include "util.h"

#define FIRST_YEAR 2015
#define LAST_YEAR 2024
#define COUNTRY_STRIDE 4

/* xorshift64*: small, deterministic, good enough for demo data. */
static double next_unit(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (double)((*s * 0x2545F4914F6CDD1DULL) >> 11) / (double)(1ULL << 53);
}

/* A plausible starting value for a unit. */
static double start_value(const char *unit, uint64_t *s)
{
	if (strcmp(unit, "PERCENT") == 0)
		return 5 + 85 * next_unit(s);
	if (strcmp(unit, "SCORE") == 0)
		return 1 + 2 * next_unit(s);
	if (strcmp(unit, "PER_100000") == 0)
		return 1 + 150 * next_unit(s);
	return 10 + 400 * next_unit(s);
}

static double clamp_unit(const char *unit, double v)
{
	if (v < 0)
		v = 0;
	if (strcmp(unit, "PERCENT") == 0 && v > 100)
		v = 100;
	if (strcmp(unit, "SCORE") == 0)
		v = v > 4 ? 4 : v < 1 ? 1 : v;
	return round(v * 100) / 100;
}

static void series_rows(struct buf *out, const char *code, const char *unit, const char *iso3,
                        const char *sex, const char *mig, uint64_t *s)
{
	double v = start_value(unit, s), trend = (next_unit(s) - 0.5) * 0.08;
	for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
		double noise = (next_unit(s) - 0.5) * 0.02;
		v = clamp_unit(unit, v * (1 + trend + noise));
		buf_printf(out, "%s,%s,%s,_T,%s,%d,%.2f,%s\n", code, iso3, sex, mig, year, v, unit);
	}
}

int indicators_demo(struct db *db, uint64_t seed)
{
	json_t *inds = db_json_rows(db, "SELECT code, unit FROM indicator ORDER BY code", NO_ARGS);
	json_t *countries = db_json_rows(db, "SELECT iso3 FROM country ORDER BY iso3", NO_ARGS);
	if (!inds || !countries) {
		json_decref(inds);
		json_decref(countries);
		return -1;
	}
	uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 0x5DEECE66DULL;
	struct buf csv;
	buf_init(&csv, INDICATOR_IMPORT_MAX_BYTES);
	buf_puts(&csv, "INDICATOR,REF_AREA,SEX,AGE,MIGRATORY_STATUS,TIME_PERIOD,OBS_VALUE,"
	               "UNIT_MEASURE\n");
	size_t i, k;
	json_t *ind, *c;
	json_array_foreach(inds, i, ind) {
		const char *code = json_string_value(json_object_get(ind, "code"));
		const char *unit = json_string_value(json_object_get(ind, "unit"));
		bool broken_down = strcmp(code, "SDG_8_8_1") == 0;
		json_array_foreach(countries, k, c) {
			if ((k + i) % COUNTRY_STRIDE != 0)
				continue;
			const char *iso3 = json_string_value(json_object_get(c, "iso3"));
			series_rows(&csv, code, unit, iso3, "_T", "_T", &s);
			if (!broken_down)
				continue;
			series_rows(&csv, code, unit, iso3, "F", "_T", &s);
			series_rows(&csv, code, unit, iso3, "M", "_T", &s);
			series_rows(&csv, code, unit, iso3, "_T", "MIGRANT", &s);
			series_rows(&csv, code, unit, iso3, "_T", "NON_MIGRANT", &s);
		}
	}
	bool none = json_array_size(inds) == 0;
	json_decref(inds);
	json_decref(countries);
	if (none) {   /* no catalogue loaded (pacte init was not run): nothing to make */
		buf_release(&csv);
		return 0;
	}
	struct buf errors;
	buf_init(&errors, 1 << 16);
	size_t nobs, nproblems;
	enum outcome rc = csv.overflow ? OUTCOME_ERROR :
		indicators_import_sdmx(db, NULL, "demo", csv.data ? csv.data : "", csv.len,
		                       "synthetic", &errors, &nobs, &nproblems);
	if (rc == OUTCOME_INVALID)
		fprintf(stderr, "pacte: demo: indicators: %s", buf_str(&errors));
	buf_release(&errors);
	buf_release(&csv);
	return rc == OUTCOME_OK ? 0 : -1;
}
