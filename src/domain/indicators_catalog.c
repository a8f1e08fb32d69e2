/* indicators_catalog.c — the indicators' code lists and their catalogue,
 * data/indicators.csv (embedded), checked through a field table
 * (validate.h) and upserted by `pacte init` in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compact.h"
#include "csv.h"
#include "db.h"
#include "embed.h"
#include "i18n.h"
#include "indicators.h"
#include "util.h"
#include "validate.h"

#define CATALOG_FILE "data/indicators.csv"

const char *const indicator_units[] = {"PERCENT", "NUMBER", "PER_100000", "SCORE", "USD", NULL};
const char *const indicator_unit_labels[] = {
	N_("Percent"), N_("Number"), N_("Per 100,000 people"), N_("Score (1 to 4)"),
	N_("US dollars"), NULL,
};
const char *const indicator_sexes[] = {"_T", "F", "M", NULL};
const char *const indicator_sex_labels[] = {N_("Both sexes"), N_("Female"), N_("Male"), NULL};
const char *const indicator_ages[] = {"_T", "Y_LT18", "Y_GE18", NULL};
const char *const indicator_age_labels[] = {
	N_("All ages"), N_("Under 18"), N_("18 and over"), NULL,
};
const char *const indicator_migratory_statuses[] = {"_T", "MIGRANT", "NON_MIGRANT", NULL};
const char *const indicator_migratory_status_labels[] = {
	N_("Everyone"), N_("Migrants"), N_("Non-migrants"), NULL,
};
const char *const indicator_progress_statuses[] = {
	"target_reached", "on_track", "moderate", "improving", "limited", "deterioration",
	"insufficient", "not_assessed", NULL,
};
const char *const indicator_progress_labels[] = {
	N_("Target reached"), N_("On track"), N_("Moderate progress"), N_("Improving"),
	N_("Limited or no progress"), N_("Deterioration"), N_("Too few points to tell"),
	N_("Not assessed"), NULL,
};

static const char *const directions[] = {"up", "down", "none", NULL};

/* An SDMX identifier: letters, digits and '_' (no dots, which SDMX-CSV
 * would read as a version). */
static int check_code(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(*value);
	if (s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(s))
		return 0;
	valid_error(v->errors, f->name, N_("Letters A to Z, digits and _ only."));
	return -1;
}

static const struct field catalog_fields[] = {
	{"code", FIELD_TEXT, FIELD_REQUIRED | FIELD_UPPER, 1, INDICATOR_CODE_MAX, .check = check_code},
	{"sdg", FIELD_TEXT, 0, 0, 16},
	{"name_en", FIELD_TEXT, FIELD_REQUIRED, 1, 400},
	{"name_fr", FIELD_TEXT, FIELD_REQUIRED, 1, 400},
	{"unit", FIELD_CHOICE, FIELD_REQUIRED, .choices = indicator_units},
	{"direction", FIELD_CHOICE, FIELD_REQUIRED, .choices = directions},
	{"target", FIELD_NUMBER, 0},
	{"target_year", FIELD_INT, 0, 2000, 2100},
	{"objectives", FIELD_INT, FIELD_MULTI | FIELD_REQUIRED, 1, COMPACT_OBJECTIVES},
	{"custodian", FIELD_TEXT, FIELD_REQUIRED, 1, 200},
	{"source", FIELD_TEXT, FIELD_REQUIRED, 1, 400},
	{"source_url", FIELD_URL, FIELD_REQUIRED, 0, 400},
};

/* "1;7" → [1, 7] (strings; the field table checks them). */
static json_t *split_list(const char *s)
{
	json_t *a = json_array();
	while (s && *s) {
		size_t n = strcspn(s, ";");
		if (n > 0)
			json_array_append_new(a, json_stringn(s, n));
		s += n + (s[n] == ';');
	}
	return a;
}

/* Every row checked into rows (clean objects, each with its "line");
 * problems appended to err. Returns the number of problems. */
static int read_catalog(json_t *rows, struct buf *err)
{
	const struct embed_file *f = embed_find(CATALOG_FILE);
	if (!f) {
		buf_printf(err, CATALOG_FILE ": not embedded\n");
		return 1;
	}
	struct csv c;
	csv_init(&c, f->data, f->len);
	int problems = 0, rc = csv_next(&c);
	char **header = NULL;
	size_t ncols = 0;
	if (rc == 1) {
		ncols = c.nfields;
		header = xcalloc(ncols, sizeof(*header));
		for (size_t i = 0; i < ncols; i++)
			header[i] = xstrdup(c.fields[i]);
	}
	while (rc == 1 && (rc = csv_next(&c)) == 1) {
		json_t *in = json_object();
		for (size_t i = 0; i < ncols && i < c.nfields; i++)
			json_object_set_new(in, header[i], strcmp(header[i], "objectives") == 0 ?
			                    split_list(c.fields[i]) : json_string(c.fields[i]));
		json_t *errors = json_object(), *clean = NULL;
		if (valid_check(catalog_fields, ARRAY_LEN(catalog_fields), in, NULL, errors,
		                &clean) > 0) {
			const char *name;
			json_t *e;
			json_object_foreach(errors, name, e) {
				char *msg = valid_format("en", json_string_value(json_object_get(e, "id")),
				                         json_object_get(e, "args"));
				buf_printf(err, CATALOG_FILE ":%zu: %s: %s\n", c.line, name, msg);
				free(msg);
				problems++;
			}
		} else {
			json_object_set_new(clean, "line", json_integer((json_int_t)c.line));
			json_array_append(rows, clean);
		}
		json_decref(clean);
		json_decref(errors);
		json_decref(in);
	}
	if (rc < 0) {
		buf_printf(err, CATALOG_FILE ":%zu: %s\n", c.line, c.err);
		problems++;
	}
	for (size_t i = 0; i < ncols; i++)
		free(header[i]);
	free(header);
	csv_release(&c);
	return problems;
}

static int write_row(struct db *db, const json_t *r, int position)
{
	const char *code = json_string_value(json_object_get(r, "code"));
	json_t *target = json_object_get(r, "target"), *year = json_object_get(r, "target_year");
	if (db_exec(db,
	        "INSERT INTO indicator (code, sdg, name_en, name_fr, unit, direction, target, "
	        "target_year, custodian, source, source_url, position) VALUES ($1, $2, $3, $4, $5, "
	        "$6, $7, $8, $9, $10, $11, $12) ON CONFLICT (code) DO UPDATE SET sdg = excluded.sdg, "
	        "name_en = excluded.name_en, name_fr = excluded.name_fr, unit = excluded.unit, "
	        "direction = excluded.direction, target = excluded.target, "
	        "target_year = excluded.target_year, custodian = excluded.custodian, "
	        "source = excluded.source, source_url = excluded.source_url, "
	        "position = excluded.position",
	        DB_ARGS(DB_TEXT(code), db_arg_text(r, "sdg"), db_arg_text(r, "name_en"),
	                db_arg_text(r, "name_fr"), db_arg_text(r, "unit"),
	                db_arg_text(r, "direction"),
	                json_is_number(target) ? DB_REAL(json_number_value(target)) : DB_NULL_ARG,
	                json_is_integer(year) ? DB_INT(json_integer_value(year)) : DB_NULL_ARG,
	                db_arg_text(r, "custodian"), db_arg_text(r, "source"),
	                db_arg_text(r, "source_url"), DB_INT(position))) < 0 ||
	    db_exec(db, "DELETE FROM indicator_objective WHERE code = $1",
	            DB_ARGS(DB_TEXT(code))) < 0)
		return -1;
	size_t i;
	json_t *n;
	json_array_foreach(json_object_get(r, "objectives"), i, n)
		if (db_exec(db, "INSERT INTO indicator_objective (code, objective) VALUES ($1, $2) "
		            "ON CONFLICT DO NOTHING",
		            DB_ARGS(DB_TEXT(code), DB_INT(json_integer_value(n)))) < 0)
			return -1;
	return 0;
}

int indicators_catalog_load(struct db *db, char *err, size_t errlen)
{
	struct buf e;
	buf_init(&e, 64 * 1024);
	json_t *rows = json_array();
	int rc = read_catalog(rows, &e) > 0 ? -1 : 0;
	if (rc == 0 && db_begin(db) < 0) {
		buf_printf(&e, "%s\n", db_errmsg(db));
		rc = -1;
	} else if (rc == 0) {
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			if (rc == 0 && write_row(db, r, (int)i + 1) < 0)
				rc = -1;
		if (rc == 0)
			rc = db_commit(db);
		else
			db_rollback(db);
		if (rc < 0)
			buf_printf(&e, CATALOG_FILE ": %s\n", db_errmsg(db));
	}
	snprintf(err, errlen, "%s", buf_str(&e));
	buf_release(&e);
	json_decref(rows);
	return rc;
}
