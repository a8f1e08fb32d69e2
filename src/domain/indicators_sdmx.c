/* indicators_sdmx.c — SDMX-CSV in and out (indicators.h): an import read
 * whole and checked row by row through one field table before anything
 * is written, every problem reported as FILE:LINE: COLUMN: reason (the
 * commitments' importer's form); then written in one transaction, can()
 * asked for each country's state, one audit entry. The export writes the
 * columns the import reads, numbers in the shortest form that reads back
 * the same double, so a round trip changes nothing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csv.h"
#include "db.h"
#include "i18n.h"
#include "indicators.h"
#include "permission.h"
#include "principal.h"
#include "util.h"
#include "validate.h"

/* The columns an SDMX-CSV file may have, in the order the export writes
 * them. */
static const char *const columns[] = {
	"DATAFLOW", "INDICATOR", "REF_AREA", "SEX", "AGE", "MIGRATORY_STATUS", "TIME_PERIOD",
	"OBS_VALUE", "UNIT_MEASURE", NULL,
};
static const char *const required_columns[] = {"INDICATOR", "REF_AREA", "TIME_PERIOD",
                                               "OBS_VALUE", NULL};

/* What the checks read: the catalogue's units by code, the countries. */
struct refs {
	json_t *units;       /* code → unit */
	json_t *countries;   /* iso3 → true */
};

static int check_dataflow(struct valid *v, const struct field *f, json_t **value)
{
	if (!json_is_string(*value) || strcmp(json_string_value(*value), INDICATOR_DATAFLOW) == 0)
		return 0;
	valid_error_str(v->errors, f->name, N_("Unknown dataflow: this file must be {dataflow}."),
	                "dataflow", INDICATOR_DATAFLOW);
	return -1;
}

static int check_indicator(struct valid *v, const struct field *f, json_t **value)
{
	const struct refs *r = v->ctx;
	if (!json_is_string(*value) || json_object_get(r->units, json_string_value(*value)))
		return 0;
	valid_error(v->errors, f->name, N_("No indicator of the catalogue has this code."));
	return -1;
}

static int check_area(struct valid *v, const struct field *f, json_t **value)
{
	const struct refs *r = v->ctx;
	if (!json_is_string(*value) || json_object_get(r->countries, json_string_value(*value)))
		return 0;
	valid_error(v->errors, f->name, N_("No country has this ISO 3166 alpha-3 code."));
	return -1;
}

/* The unit must be the indicator's (INDICATOR is checked before). */
static int check_unit(struct valid *v, const struct field *f, json_t **value)
{
	const struct refs *r = v->ctx;
	const char *code = json_string_value(json_object_get(v->clean, "INDICATOR"));
	const char *unit = json_string_value(json_object_get(r->units, code ? code : ""));
	if (!unit || !json_is_string(*value) || strcmp(unit, json_string_value(*value)) == 0)
		return 0;
	valid_error_str(v->errors, f->name, N_("This indicator is measured in {unit}."), "unit",
	                unit);
	return -1;
}

static const struct field row_fields[] = {
	{"DATAFLOW", FIELD_TEXT, 0, 0, 100, .check = check_dataflow},
	{"INDICATOR", FIELD_TEXT, FIELD_REQUIRED | FIELD_UPPER, 1, INDICATOR_CODE_MAX,
	 .check = check_indicator},
	{"REF_AREA", FIELD_TEXT, FIELD_REQUIRED | FIELD_UPPER, 3, 3, .check = check_area},
	{"SEX", FIELD_CHOICE, FIELD_UPPER, .choices = indicator_sexes},
	{"AGE", FIELD_CHOICE, FIELD_UPPER, .choices = indicator_ages},
	{"MIGRATORY_STATUS", FIELD_CHOICE, FIELD_UPPER, .choices = indicator_migratory_statuses},
	{"TIME_PERIOD", FIELD_INT, FIELD_REQUIRED, 1900, 2100,
	 .msgid = N_("A year from {min} to {max}.")},
	{"OBS_VALUE", FIELD_NUMBER, FIELD_REQUIRED, .msgid = N_("A number.")},
	{"UNIT_MEASURE", FIELD_CHOICE, FIELD_UPPER, .choices = indicator_units, .check = check_unit},
};

static int load_refs(struct db *db, struct refs *r)
{
	r->units = json_object();
	r->countries = json_object();
	struct db_res *res = db_query(db, "SELECT code, unit FROM indicator", NO_ARGS);
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1)
		json_object_set_new(r->units, db_text(res, 0), json_string(db_text(res, 1)));
	db_res_free(res);
	if (rc < 0 || !(res = db_query(db, "SELECT iso3 FROM country", NO_ARGS)))
		return -1;
	while ((rc = db_next(res)) == 1)
		json_object_set_new(r->countries, db_text(res, 0), json_true());
	db_res_free(res);
	return rc;
}

/* One import in progress. */
struct sdmx_import {
	const char *filename;
	struct buf *errors;
	size_t nproblems;
	json_t *rows;        /* clean rows to write */
	json_t *seen;        /* observation key → line */
	json_t *areas;       /* iso3 → true: the countries written */
	json_t *counts;      /* indicator → observations */
	const struct user *by;
	const char *origin;
};

__attribute__((format(printf, 4, 5)))
static void problem(struct sdmx_import *im, size_t line, const char *column, const char *fmt, ...)
{
	im->nproblems++;
	if (im->nproblems > INDICATOR_IMPORT_MAX_ERRORS)
		return;
	buf_printf(im->errors, "%s:%zu: %s: ", im->filename, line, column);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(im->errors, fmt, ap);
	va_end(ap);
	buf_putc(im->errors, '\n');
}

/* The header: every column known, the required ones present. Returns 0,
 * or -1 after reporting. */
static int read_header(struct sdmx_import *im, struct csv *c)
{
	int bad = 0;
	for (size_t i = 0; i < c->nfields; i++) {
		bool known = false;
		for (size_t k = 0; columns[k]; k++)
			known |= strcmp(columns[k], c->fields[i]) == 0;
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->fields[k], c->fields[i]) == 0) {
				problem(im, c->line, c->fields[i], "this column appears twice");
				bad = -1;
			}
		if (!known) {
			problem(im, c->line, c->fields[i], "unknown dimension or attribute (the columns "
			        "are DATAFLOW, INDICATOR, REF_AREA, SEX, AGE, MIGRATORY_STATUS, "
			        "TIME_PERIOD, OBS_VALUE, UNIT_MEASURE)");
			bad = -1;
		}
	}
	for (size_t k = 0; required_columns[k]; k++)
		if (csv_column(c->fields, c->nfields, required_columns[k]) < 0) {
			problem(im, c->line, required_columns[k], "this column is missing");
			bad = -1;
		}
	return bad;
}

static void check_row(struct sdmx_import *im, struct refs *refs, char **header, size_t ncols,
                      struct csv *c)
{
	if (c->nfields != ncols) {
		problem(im, c->line, "-", "%zu fields where the header has %zu", c->nfields, ncols);
		return;
	}
	json_t *in = json_object(), *errors = json_object(), *clean = NULL;
	for (size_t i = 0; i < ncols; i++)
		json_object_set_new(in, header[i], json_string(c->fields[i]));
	if (valid_check(row_fields, ARRAY_LEN(row_fields), in, refs, errors, &clean) > 0) {
		const char *name;
		json_t *e;
		json_object_foreach(errors, name, e) {
			char *msg = valid_format("en", json_string_value(json_object_get(e, "id")),
			                         json_object_get(e, "args"));
			const char *cell = json_string_value(json_object_get(in, name));
			problem(im, c->line, name, cell && *cell ? "%s (\"%.80s\")" : "%s%s", msg,
			        cell ? cell : "");
			free(msg);
		}
	} else {
		static const char *const dims[] = {"SEX", "AGE", "MIGRATORY_STATUS"};
		for (size_t i = 0; i < ARRAY_LEN(dims); i++)
			if (json_is_null(json_object_get(clean, dims[i])))
				json_object_set_new(clean, dims[i], json_string("_T"));
		char key[160];
		snprintf(key, sizeof key, "%s|%s|%s|%s|%s|%lld",
		         json_string_value(json_object_get(clean, "INDICATOR")),
		         json_string_value(json_object_get(clean, "REF_AREA")),
		         json_string_value(json_object_get(clean, "SEX")),
		         json_string_value(json_object_get(clean, "AGE")),
		         json_string_value(json_object_get(clean, "MIGRATORY_STATUS")),
		         (long long)json_integer_value(json_object_get(clean, "TIME_PERIOD")));
		json_t *first = json_object_get(im->seen, key);
		if (first) {
			problem(im, c->line, "OBS_VALUE", "the same observation as line %lld",
			        (long long)json_integer_value(first));
		} else {
			json_object_set_new(im->seen, key, json_integer((json_int_t)c->line));
			json_array_append(im->rows, clean);
		}
	}
	json_decref(clean);
	json_decref(errors);
	json_decref(in);
}

/* Reads and checks the whole file into im->rows. */
static void read_file(struct sdmx_import *im, struct refs *refs, const char *data, size_t len)
{
	struct csv c;
	csv_init(&c, data, len);
	int rc = csv_next(&c);
	if (rc == 0)
		problem(im, 1, "-", "an empty file: an SDMX-CSV file starts with its header row");
	char **header = NULL;
	size_t ncols = 0;
	if (rc == 1 && read_header(im, &c) == 0) {
		ncols = c.nfields;
		header = xcalloc(ncols, sizeof(*header));
		for (size_t i = 0; i < ncols; i++)
			header[i] = xstrdup(c.fields[i]);
		while ((rc = csv_next(&c)) == 1)
			check_row(im, refs, header, ncols, &c);
	}
	if (rc < 0)
		problem(im, c.line, "-", "%s", c.err);
	for (size_t i = 0; i < ncols; i++)
		free(header[i]);
	free(header);
	csv_release(&c);
}

static enum outcome write_rows(struct db *db, struct audit_txn *t, void *ctx)
{
	struct sdmx_import *im = ctx;
	const char *iso3;
	json_t *v;
	/* A focal point imports for their own state only: can() on each. */
	json_object_foreach(im->areas, iso3, v) {
		if (!im->by)
			break;
		struct db_res *res = db_query(db, "SELECT id FROM actor WHERE kind = 'state' AND "
		                              "country_iso3 = $1", DB_ARGS(DB_TEXT(iso3)));
		if (!res)
			return OUTCOME_ERROR;
		int64_t owner = db_next(res) == 1 ? db_int(res, 0) : 0;
		db_res_free(res);
		struct object_ref obj = {"country", owner, owner, false};
		if (!can(im->by, ACTION_INDICATOR_IMPORT, &obj))
			return audit_txn_deny(t, im->by, ACTION_INDICATOR_IMPORT, &obj);
	}
	size_t i;
	json_t *r;
	json_array_foreach(im->rows, i, r)
		if (db_exec(db, "INSERT INTO indicator_value (code, iso3, sex, age, migratory_status, "
		            "period, value, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
		            "ON CONFLICT (code, iso3, sex, age, migratory_status, period) DO UPDATE "
		            "SET value = excluded.value, origin = excluded.origin",
		            DB_ARGS(db_arg_text(r, "INDICATOR"), db_arg_text(r, "REF_AREA"),
		                    db_arg_text(r, "SEX"), db_arg_text(r, "AGE"),
		                    db_arg_text(r, "MIGRATORY_STATUS"),
		                    DB_INT(json_integer_value(json_object_get(r, "TIME_PERIOD"))),
		                    DB_REAL(json_number_value(json_object_get(r, "OBS_VALUE"))),
		                    DB_TEXT(im->origin))) < 0)
			return OUTCOME_ERROR;
	json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:O}}", "file", "before", "after",
	                            im->filename, "observations", "before", "after", im->counts);
	int rc = audit_record(db, im->by, "indicator.import", "indicator_file", 0, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome indicators_import_sdmx(struct db *db, const struct user *by, const char *filename,
                                    const char *data, size_t len, const char *origin,
                                    struct buf *errors, size_t *nobs, size_t *nproblems)
{
	struct refs refs;
	struct sdmx_import im = {.filename = filename, .errors = errors, .rows = json_array(),
	                         .seen = json_object(), .areas = json_object(),
	                         .counts = json_object(), .by = by,
	                         .origin = origin ? origin : "real"};
	enum outcome rc = OUTCOME_ERROR;
	*nobs = 0;
	if (load_refs(db, &refs) == 0) {
		read_file(&im, &refs, data, len);
		rc = OUTCOME_INVALID;
	}
	if (rc == OUTCOME_INVALID && im.nproblems == 0) {
		size_t i;
		json_t *r;
		json_array_foreach(im.rows, i, r) {
			const char *code = json_string_value(json_object_get(r, "INDICATOR"));
			json_object_set_new(im.areas, json_string_value(json_object_get(r, "REF_AREA")),
			                    json_true());
			json_object_set_new(im.counts, code, json_integer(
				json_integer_value(json_object_get(im.counts, code)) + 1));
		}
		rc = audit_transaction(db, false, write_rows, &im);
		if (rc == OUTCOME_OK)
			*nobs = json_array_size(im.rows);
	}
	if (im.nproblems > INDICATOR_IMPORT_MAX_ERRORS)
		buf_printf(errors, "%s: %zu more problems not listed\n", filename,
		           im.nproblems - INDICATOR_IMPORT_MAX_ERRORS);
	*nproblems = im.nproblems;
	json_decref(refs.units);
	json_decref(refs.countries);
	json_decref(im.rows);
	json_decref(im.seen);
	json_decref(im.areas);
	json_decref(im.counts);
	return rc;
}

/* The shortest decimal form of x that reads back as x. */
static void put_number(struct buf *out, double x)
{
	char s[40];
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(s, sizeof s, "%.*g", digits, x);
		if (strtod(s, NULL) == x)
			break;
	}
	buf_puts(out, s);
}

int64_t indicators_export_sdmx(struct db *db, const char *code, struct buf *out)
{
	struct db_res *res = db_query(db,
		"SELECT v.code, v.iso3, v.sex, v.age, v.migratory_status, v.period, v.value, i.unit "
		"FROM indicator_value v JOIN indicator i ON i.code = v.code "
		"WHERE $1 = '' OR v.code = $1 "
		"ORDER BY v.code, v.iso3, v.sex, v.age, v.migratory_status, v.period",
		DB_ARGS(DB_TEXT(code ? code : "")));
	if (!res)
		return -1;
	for (size_t k = 0; columns[k]; k++)
		buf_printf(out, "%s%s", k ? "," : "", columns[k]);
	buf_puts(out, "\r\n");
	int64_t n = 0;
	int rc;
	while ((rc = db_next(res)) == 1) {
		buf_puts(out, INDICATOR_DATAFLOW);
		for (int col = 0; col < 6; col++) {
			buf_putc(out, ',');
			const char *s = col == 5 ? NULL : db_text(res, col);
			if (s)
				csv_put_field(out, s, strlen(s), CSV_TEXT);
			else
				buf_printf(out, "%lld", (long long)db_int(res, 5));
		}
		buf_putc(out, ',');
		put_number(out, db_real(res, 6));
		buf_putc(out, ',');
		csv_put_field(out, db_text(res, 7), strlen(db_text(res, 7)), CSV_TEXT);
		buf_puts(out, "\r\n");
		n++;
	}
	db_res_free(res);
	if (rc < 0 || out->overflow)
		return -1;
	return n;
}
