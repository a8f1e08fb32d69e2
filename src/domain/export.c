/* export.c — `pacte export`: the public data as CSV (and JSON) files with a
 * Frictionless datapackage.json (see export.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "compact.h"
#include "csv.h"
#include "db.h"
#include "export.h"
#include "util.h"

/* ---- What is public ------------------------------------------------------ */

struct export_field {
	const char *name;
	const char *type;           /* Table Schema type: string, integer, number */
	const char *description;
};

struct export_fkey {
	const char *field;
	const char *resource;       /* "" for the table itself */
	const char *ref_field;
};

struct export_table {
	const char *name;           /* resource name and file stem */
	const char *title;
	/* The public columns, in the order of fields; constant SQL. */
	const char *sql;
	const char *const *primary_key;
	const struct export_field *fields;
	const struct export_fkey *fkeys;
};

static const char *const region_key[] = {"m49", NULL};
static const struct export_field region_fields[] = {
	{"m49", "string", "UN M49 code, three digits"},
	{"level", "string", "world, region, subregion or intermediate"},
	{"parent_m49", "string", "M49 code of the region containing this one (empty for World)"},
	{"name_en", "string", "name in English"},
	{"name_fr", "string", "name in French"},
	{NULL, NULL, NULL},
};
static const struct export_fkey region_fkeys[] = {
	{"parent_m49", "", "m49"},
	{NULL, NULL, NULL},
};

static const char *const country_key[] = {"iso3", NULL};
static const struct export_field country_fields[] = {
	{"iso3", "string", "ISO 3166-1 alpha-3 code"},
	{"iso2", "string", "ISO 3166-1 alpha-2 code"},
	{"numeric", "string", "ISO 3166-1 numeric code, three digits"},
	{"un_status", "string", "member or observer state of the United Nations"},
	{"region_m49", "string", "M49 region"},
	{"subregion_m49", "string", "M49 sub-region"},
	{"intermediate_m49", "string", "M49 intermediate region, if any"},
	{"name_ar", "string", "name in Arabic"},
	{"name_zh", "string", "name in Chinese"},
	{"name_en", "string", "name in English"},
	{"name_fr", "string", "name in French"},
	{"name_ru", "string", "name in Russian"},
	{"name_es", "string", "name in Spanish"},
	{NULL, NULL, NULL},
};
static const struct export_fkey country_fkeys[] = {
	{"region_m49", "region", "m49"},
	{"subregion_m49", "region", "m49"},
	{"intermediate_m49", "region", "m49"},
	{NULL, NULL, NULL},
};

static const char *const objective_key[] = {"number", NULL};
static const struct export_field objective_fields[] = {
	{"number", "integer", "objective number, 1 to " STRINGIFY(COMPACT_OBJECTIVES)},
	{"paragraph", "integer", "paragraph of the Compact that sets it out"},
	{"title_en", "string", "title in English"},
	{"title_fr", "string", "title in French"},
	{"short_en", "string", "short title in English"},
	{"short_fr", "string", "short title in French"},
	{"title_fr_verified", "integer", "1 when the French title was checked against the official text"},
	{NULL, NULL, NULL},
};

static const char *const principle_key[] = {"slug", NULL};
static const struct export_field principle_fields[] = {
	{"slug", "string", "identifier used in URLs"},
	{"letter", "string", "item of paragraph 15, a to j"},
	{"paragraph", "string", "paragraph of the Compact"},
	{"title_en", "string", "title in English"},
	{"title_fr", "string", "title in French"},
	{"title_es", "string", "title in Spanish"},
	{"description_en", "string", "one-sentence summary in English (Pacte's, not the official text)"},
	{"description_fr", "string", "one-sentence summary in French (Pacte's, not the official text)"},
	{NULL, NULL, NULL},
};

/* What /actors/{id} shows anyone, and nothing else: no accounts, no
 * emails, no search key; only the actors anyone may see (accredited and
 * suspended: actors_visible), never a request still pending or declined,
 * which anyone could have written (issue 11, finding 3) — and so no
 * reason for a decision, given only to declined requests. */
static const char *const actor_key[] = {"id", NULL};
static const struct export_field actor_fields[] = {
	{"id", "integer", "actor number, as in /actors/{id}"},
	{"kind", "string", "state or partner"},
	{"name", "string", "name (a state's is its country's English name)"},
	{"partner_type", "string", "a partner's type (paragraph 15(j) of the Compact, UN entity, "
	 "intergovernmental, other); empty for a state"},
	{"country_iso3", "string", "a state's country, or a partner's country if it gave one"},
	{"status", "string", "accredited or suspended"},
	{"website", "string", "the actor's web site"},
	{"description", "string", "the actor's description of itself"},
	{"created_at", "string", "when the actor was recorded (UTC, ISO 8601)"},
	{"decided_at", "string", "when a reviewer last decided on its accreditation (UTC, ISO 8601)"},
	{NULL, NULL, NULL},
};
static const struct export_fkey actor_fkeys[] = {
	{"country_iso3", "country", "iso3"},
	{NULL, NULL, NULL},
};

static const struct export_fkey no_fkeys[] = {{NULL, NULL, NULL}};

static const struct export_table export_tables[] = {
	{"region", "UN M49 regions",
	 "SELECT m49, level, parent_m49, name_en, name_fr FROM region",
	 region_key, region_fields, region_fkeys},
	{"country", "Countries",
	 "SELECT iso3, iso2, numeric, un_status, region_m49, subregion_m49, intermediate_m49, "
	 "name_ar, name_zh, name_en, name_fr, name_ru, name_es FROM country",
	 country_key, country_fields, country_fkeys},
	{"objective",
	 "The " STRINGIFY(COMPACT_OBJECTIVES) " objectives of the Global Compact for Migration",
	 "SELECT number, paragraph, title_en, title_fr, short_en, short_fr, title_fr_verified "
	 "FROM objective",
	 objective_key, objective_fields, no_fkeys},
	{"principle",
	 "The " STRINGIFY(COMPACT_PRINCIPLES) " guiding principles of the Global Compact for Migration",
	 "SELECT slug, letter, paragraph, title_en, title_fr, title_es, description_en, "
	 "description_fr FROM principle",
	 principle_key, principle_fields, no_fkeys},
	{"actor", "States and partners acting on the Compact",
	 "SELECT id, kind, name, partner_type, country_iso3, status, website, description, "
	 "created_at, decided_at FROM actor "
	 /* The operators' own actor is no partner; requests are nobody's
	  * business until accredited. */
	 "WHERE operators = 0 AND status IN ('accredited', 'suspended')",
	 actor_key, actor_fields, actor_fkeys},
};

static const struct {
	const char *name;
	enum export_format format;
} formats[] = {
	{"csv", EXPORT_CSV},
	{"json", EXPORT_JSON},
};

int export_format_parse(const char *name, enum export_format *out)
{
	for (size_t i = 0; i < ARRAY_LEN(formats); i++) {
		if (strcmp(formats[i].name, name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

/* ---- Reading a table ------------------------------------------------------ */

static size_t count_fields(const struct export_field *f)
{
	size_t n = 0;
	while (f[n].name)
		n++;
	return n;
}

/* The primary key's column positions, for sorting. */
struct sort_key {
	size_t cols[8];
	size_t n;
};

static int compare_values(json_t *a, json_t *b)
{
	if (json_is_null(a) || json_is_null(b))
		return json_is_null(b) - json_is_null(a);
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);
		return (x > y) - (x < y);
	}
	if (json_is_number(a) && json_is_number(b)) {
		double x = json_number_value(a), y = json_number_value(b);
		return (x > y) - (x < y);
	}
	/* Bytewise, like SQLite's BINARY collation and PostgreSQL's "C". */
	const char *x = json_string_value(a), *y = json_string_value(b);
	return strcmp(x ? x : "", y ? y : "");
}

static int compare_rows(const void *pa, const void *pb, void *arg)
{
	const struct sort_key *sort_by = arg;
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	for (size_t i = 0; i < sort_by->n; i++) {
		int c = compare_values(json_array_get(a, sort_by->cols[i]),
		                       json_array_get(b, sort_by->cols[i]));
		if (c)
			return c;
	}
	return 0;
}

/* Every row of t as an array of arrays, in primary-key order; NULL on a
 * database error. */
static json_t *read_rows(struct db *db, const struct export_table *t, char *err, size_t errlen)
{
	size_t nf = count_fields(t->fields);
	struct db_res *res = db_query(db, t->sql, NO_ARGS);
	if (!res) {
		put_err(err, errlen, "table %s: %s", t->name, db_errmsg(db));
		return NULL;
	}
	json_t *rows = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		json_t *row = json_array();
		for (size_t i = 0; i < nf; i++)
			json_array_append_new(row, db_json(res, (int)i));
		json_array_append_new(rows, row);
	}
	db_res_free(res);
	if (rc < 0) {
		put_err(err, errlen, "table %s: %s", t->name, db_errmsg(db));
		json_decref(rows);
		return NULL;
	}
	struct sort_key key = {0};
	for (size_t k = 0; t->primary_key[k] && key.n < ARRAY_LEN(key.cols); k++)
		for (size_t i = 0; i < nf; i++)
			if (strcmp(t->fields[i].name, t->primary_key[k]) == 0)
				key.cols[key.n++] = i;
	/* jansson keeps an array's items in one C array, but does not expose
	 * it: sort a copy of the pointers and rebuild. */
	size_t n = json_array_size(rows);
	json_t **items = xcalloc(n ? n : 1, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(rows, i));
	qsort_r(items, n, sizeof(*items), compare_rows, &key);
	json_array_clear(rows);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, items[i]);
	free(items);
	return rows;
}

/* ---- Writing files -------------------------------------------------------- */

/* What data users must know of the CSV files (csv_put_field), said in
 * datapackage.json. */
#define CSV_FORMULA_NOTE \
	"In the CSV files, a text field that a spreadsheet would run as a formula (one " \
	"starting with =, +, -, @, a tab or a carriage return) starts with an added " \
	"apostrophe ('), and so does one that started with an apostrophe: to read a " \
	"text field's value, drop its leading apostrophe if it has one. Integer and " \
	"number fields are written as they are. The JSON files hold every value unchanged."

/* A file being written under a temporary name. */
struct out_file {
	char *tmp;
	char *final;
	FILE *f;
};

struct export_run {
	const char *dir;
	struct out_file *files;
	size_t nfiles, cap;
	char *err;
	size_t errlen;
};

static FILE *open_temp(struct export_run *x, const char *name)
{
	struct buf tmp, final;
	buf_init(&tmp, 4096);
	buf_init(&final, 4096);
	buf_printf(&tmp, "%s/.%s.tmp-XXXXXX", x->dir, name);
	buf_printf(&final, "%s/%s", x->dir, name);
	if (tmp.overflow || final.overflow) {
		put_err(x->err, x->errlen, "%s: folder name too long", x->dir);
		goto fail;
	}
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		put_err(x->err, x->errlen, "%s: %s", tmp.data, strerror(errno));
		goto fail;
	}
	/* Public files: readable by all (mkstemp makes them private). */
	FILE *f = fchmod(fd, 0644) == 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		put_err(x->err, x->errlen, "%s: %s", tmp.data, strerror(errno));
		close(fd);
		unlink(tmp.data);
		goto fail;
	}
	if (x->nfiles == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 8;
		x->files = xrealloc(x->files, x->cap * sizeof(*x->files));
	}
	x->files[x->nfiles++] = (struct out_file){
		.tmp = buf_detach(&tmp, NULL), .final = buf_detach(&final, NULL), .f = f,
	};
	return f;
fail:
	buf_release(&tmp);
	buf_release(&final);
	return NULL;
}

/* Finishes the last file opened: flushed, synced and closed, or an error. */
static int close_temp(struct export_run *x)
{
	struct out_file *o = &x->files[x->nfiles - 1];
	int rc = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0 ? -1 : 0;
	int saved = errno;
	if (fclose(o->f) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	o->f = NULL;
	if (rc < 0)
		put_err(x->err, x->errlen, "writing %s: %s", o->final, strerror(saved));
	return rc;
}

/* Renames every finished file into place, or removes them all. */
static int finish_files(struct export_run *x, bool ok)
{
	for (size_t i = 0; i < x->nfiles && ok; i++) {
		if (rename(x->files[i].tmp, x->files[i].final) < 0) {
			put_err(x->err, x->errlen, "renaming %s to %s: %s", x->files[i].tmp,
			        x->files[i].final, strerror(errno));
			ok = false;
		} else {
			free(x->files[i].tmp);
			x->files[i].tmp = NULL;
		}
	}
	for (size_t i = 0; i < x->nfiles; i++) {
		if (x->files[i].f)
			fclose(x->files[i].f);
		if (x->files[i].tmp)
			unlink(x->files[i].tmp);
		free(x->files[i].tmp);
		free(x->files[i].final);
	}
	free(x->files);
	x->files = NULL;
	x->nfiles = x->cap = 0;
	if (ok) {
		int fd = open(x->dir, O_RDONLY | O_DIRECTORY);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	return ok ? 0 : -1;
}

/* A number as its shortest text that reads back the same. */
static void format_real(char *s, size_t n, double v)
{
	snprintf(s, n, "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, n, "%.17g", v);
}

/* Appends value v of a column of Table Schema type `type` as one CSV
 * field (csv_put_field: a text cell a spreadsheet would run as a formula
 * is neutralised; the integer and number columns' numbers go as they
 * are). Null is an empty field. */
static void put_csv_field(struct buf *b, json_t *v, const char *type)
{
	char num[40];
	const char *s = num;
	size_t len;
	switch (json_typeof(v)) {
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		len = strlen(num);
		break;
	case JSON_REAL:
		format_real(num, sizeof num, json_real_value(v));
		len = strlen(num);
		break;
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		break;
	default:
		return;
	}
	bool numeric = strcmp(type, "integer") == 0 || strcmp(type, "number") == 0;
	csv_put_field(b, s, len, numeric ? CSV_NUMBER : CSV_TEXT);
}

/* Writes t's header and rows to f, each record built in one buffer.
 * Returns 0, or -1 when a record passes the buffer's cap. */
static int write_csv(struct export_run *x, FILE *f, const struct export_table *t, json_t *rows)
{
	struct buf rec;
	buf_init(&rec, BUF_MAX_PAGE);
	for (size_t i = 0; t->fields[i].name; i++) {
		if (i)
			buf_putc(&rec, ',');
		csv_put_field(&rec, t->fields[i].name, strlen(t->fields[i].name), CSV_TEXT);
	}
	buf_puts(&rec, "\r\n");
	fwrite(rec.data, 1, rec.len, f);
	size_t k;
	json_t *row;
	json_array_foreach(rows, k, row) {
		buf_reset(&rec);
		for (size_t i = 0; i < json_array_size(row); i++) {
			if (i)
				buf_putc(&rec, ',');
			put_csv_field(&rec, json_array_get(row, i), t->fields[i].type);
		}
		buf_puts(&rec, "\r\n");
		if (rec.overflow)
			break;
		fwrite(rec.data, 1, rec.len, f);
	}
	int rc = rec.overflow ? -1 : 0;
	if (rc < 0)
		put_err(x->err, x->errlen, "table %s: a record passes %zu bytes", t->name, rec.max);
	buf_release(&rec);
	return rc;
}

/* An array of objects, one per line, keys in the fields' order. */
static void write_json(FILE *f, const struct export_table *t, json_t *rows)
{
	fputs("[", f);
	size_t k;
	json_t *row;
	json_array_foreach(rows, k, row) {
		json_t *obj = json_object();
		for (size_t i = 0; t->fields[i].name; i++)
			json_object_set(obj, t->fields[i].name, json_array_get(row, i));
		fputs(k ? ",\n" : "\n", f);
		json_dumpf(obj, f, JSON_COMPACT);
		json_decref(obj);
	}
	fputs("\n]\n", f);
}

/* The resource describing t's CSV file in datapackage.json. */
static json_t *csv_resource(const struct export_table *t)
{
	json_t *fields = json_array(), *key = json_array(), *fkeys = json_array();
	for (size_t i = 0; t->fields[i].name; i++)
		json_array_append_new(fields, json_pack("{s:s, s:s, s:s}", "name", t->fields[i].name,
		                                        "type", t->fields[i].type,
		                                        "description", t->fields[i].description));
	for (size_t i = 0; t->primary_key[i]; i++)
		json_array_append_new(key, json_string(t->primary_key[i]));
	for (const struct export_fkey *fk = t->fkeys; fk->field; fk++)
		json_array_append_new(fkeys, json_pack("{s:s, s:{s:s, s:s}}", "fields", fk->field,
		                                       "reference", "resource", fk->resource,
		                                       "fields", fk->ref_field));
	json_t *schema = json_pack("{s:o, s:o}", "fields", fields, "primaryKey", key);
	if (json_array_size(fkeys))
		json_object_set(schema, "foreignKeys", fkeys);
	json_decref(fkeys);
	char path[128];
	snprintf(path, sizeof path, "%s.csv", t->name);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "name", t->name,
	                 "title", t->title, "profile", "tabular-data-resource", "path", path,
	                 "format", "csv", "mediatype", "text/csv", "encoding", "utf-8",
	                 "schema", schema);
}

static json_t *json_resource(const struct export_table *t)
{
	char name[128], path[128];
	snprintf(name, sizeof name, "%s-json", t->name);
	snprintf(path, sizeof path, "%s.json", t->name);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name", name, "title", t->title,
	                 "profile", "data-resource", "path", path, "format", "json",
	                 "mediatype", "application/json", "encoding", "utf-8");
}

static int write_table(struct db *db, struct export_run *x, const struct export_table *t,
                       enum export_format format, json_t *resources, struct export_stats *st)
{
	json_t *rows = read_rows(db, t, x->err, x->errlen);
	if (!rows)
		return -1;
	char name[128];
	snprintf(name, sizeof name, "%s.csv", t->name);
	FILE *f = open_temp(x, name);
	int rc = f ? 0 : -1;
	if (f) {
		rc = write_csv(x, f, t, rows);
		if (close_temp(x) < 0)
			rc = -1;
	}
	json_array_append_new(resources, csv_resource(t));
	if (rc == 0 && format == EXPORT_JSON) {
		snprintf(name, sizeof name, "%s.json", t->name);
		f = open_temp(x, name);
		rc = f ? 0 : -1;
		if (f) {
			write_json(f, t, rows);
			rc = close_temp(x);
		}
		json_array_append_new(resources, json_resource(t));
	}
	st->tables++;
	st->rows += (int64_t)json_array_size(rows);
	json_decref(rows);
	return rc;
}

static int write_package(struct export_run *x, json_t *resources)
{
	json_t *pkg = json_pack("{s:s, s:s, s:s, s:s, s:o}",
	                        "profile", "tabular-data-package",
	                        "name", "pacte-open-data",
	                        "title", "Pacte open data: the Global Compact for Migration",
	                        "description", "The public records of a Pacte instance, "
	                        "written by 'pacte export'. " CSV_FORMULA_NOTE,
	                        "resources", json_incref(resources));
	FILE *f = open_temp(x, "datapackage.json");
	int rc = -1;
	if (f) {
		json_dumpf(pkg, f, JSON_INDENT(2));
		fputc('\n', f);
		rc = close_temp(x);
	}
	json_decref(pkg);
	return rc;
}

static int make_dir(const char *dir, char *err, size_t errlen)
{
	struct stat sb;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		put_err(err, errlen, "cannot create folder %s: %s", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		put_err(err, errlen, "%s is not a folder", dir);
		return -1;
	}
	return 0;
}

int export_write(struct db *db, const char *dir, enum export_format format,
                 struct export_stats *stats, char *err, size_t errlen)
{
	struct export_stats st = {0};
	if (make_dir(dir, err, errlen) < 0)
		return -1;
	struct export_run x = {.dir = dir, .err = err, .errlen = errlen};
	/* One transaction, so the files agree with each other; rolled back,
	 * since it writes nothing. */
	if (db_begin_unversioned(db) < 0) {
		put_err(err, errlen, "starting the transaction: %s", db_errmsg(db));
		return -1;
	}
	json_t *resources = json_array();
	int rc = 0;
	for (size_t i = 0; i < ARRAY_LEN(export_tables) && rc == 0; i++)
		rc = write_table(db, &x, &export_tables[i], format, resources, &st);
	db_rollback(db);
	if (rc == 0)
		rc = write_package(&x, resources);
	json_decref(resources);
	st.files = (int64_t)x.nfiles;
	rc = finish_files(&x, rc == 0);
	if (stats)
		*stats = rc == 0 ? st : (struct export_stats){0};
	return rc;
}
