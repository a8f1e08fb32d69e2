/* export.c — `pacte export`: the public data as a Frictionless Data Package
 * of CSV and JSON Lines files (see export.h; what is published is in
 * export_tables.c). */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "buf.h"
#include "csv.h"
#include "db.h"
#include "export.h"
#include "export_impl.h"
#include "util.h"

#define PAGE_ROWS 2000              /* rows read at a time */
#define SQL_MAX 4096
#define KEY_MAX 6                   /* columns of a primary key (indicator_value has 6) */

/* ---- Names ------------------------------------------------------------------ */

static const struct {
	const char *name;
	enum export_format format;
} formats[] = {
	{"all", EXPORT_ALL},
	{"csv", EXPORT_CSV},
	{"jsonl", EXPORT_JSONL},
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

static const struct export_licence licences[] = {
	{"CC-BY-4.0", "Creative Commons Attribution 4.0 International",
	 "https://creativecommons.org/licenses/by/4.0/"},
	{"CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0 International",
	 "https://creativecommons.org/licenses/by-sa/4.0/"},
	{"CC0-1.0", "Creative Commons Zero v1.0 Universal",
	 "https://creativecommons.org/publicdomain/zero/1.0/"},
	{"ODC-By-1.0", "Open Data Commons Attribution License v1.0",
	 "https://opendatacommons.org/licenses/by/1-0/"},
	{"ODbL-1.0", "Open Data Commons Open Database License v1.0",
	 "https://opendatacommons.org/licenses/odbl/1-0/"},
	{"PDDL-1.0", "Open Data Commons Public Domain Dedication and License v1.0",
	 "https://opendatacommons.org/licenses/pddl/1-0/"},
	{"etalab-2.0", "Licence Ouverte / Open Licence version 2.0",
	 "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf"},
};

const struct export_licence *export_licence_find(const char *id)
{
	for (size_t i = 0; id && i < ARRAY_LEN(licences); i++)
		if (strcasecmp(licences[i].id, id) == 0)
			return &licences[i];
	return NULL;
}

/* The package's tables, in the order they are written: each names only
 * tables of its own list or of an earlier one. */
static const struct {
	const struct export_table *tables;
	const size_t *n;
} table_lists[] = {
	{export_tables, &export_ntables},
	{export_hub_tables, &export_hub_ntables},
	{export_practice_tables, &export_practice_ntables},
};

/* The i-th table of the package, or NULL past the last. */
static const struct export_table *table_at(size_t i)
{
	for (size_t l = 0; l < ARRAY_LEN(table_lists); l++) {
		if (i < *table_lists[l].n)
			return &table_lists[l].tables[i];
		i -= *table_lists[l].n;
	}
	return NULL;
}

size_t export_table_count(void)
{
	size_t n = 0;
	for (size_t l = 0; l < ARRAY_LEN(table_lists); l++)
		n += *table_lists[l].n;
	return n;
}

const char *export_table_name(size_t i)
{
	const struct export_table *t = table_at(i);
	return t ? t->name : NULL;
}

const char *export_table_title(size_t i)
{
	const struct export_table *t = table_at(i);
	return t ? t->title : NULL;
}

const char *export_table_description(size_t i)
{
	const struct export_table *t = table_at(i);
	return t ? t->description : NULL;
}

long export_table_find(const char *name)
{
	for (size_t i = 0; name && table_at(i); i++)
		if (strcmp(table_at(i)->name, name) == 0)
			return (long)i;
	return -1;
}

bool export_publishes(const char *table)
{
	return export_table_find(table) >= 0;
}

const char *export_exclusion(const char *table)
{
	for (size_t i = 0; i < export_nexcluded; i++)
		if (strcmp(export_excluded[i].table, table) == 0)
			return export_excluded[i].reason;
	return NULL;
}

/* ---- Files written under temporary names -------------------------------------- */

/* What data users must know of the CSV files (csv_put_field), said in
 * datapackage.json. */
#define CSV_FORMULA_NOTE \
	"In the CSV files, a text field that a spreadsheet would run as a formula (one " \
	"starting with =, +, -, @, a tab or a carriage return) starts with an added " \
	"apostrophe ('), and so does one that started with an apostrophe: to read a " \
	"text field's value, drop its leading apostrophe if it has one. Integer and " \
	"number fields are written as they are. An empty CSV field is a null or an empty " \
	"text. The JSON Lines files hold every value unchanged."

struct out_file {
	char *tmp;
	char *final;
	FILE *f;
	int64_t bytes;
};

struct export_run {
	const char *dir;
	struct out_file *files;
	size_t nfiles, cap;
	char *err;
	size_t errlen;
};

/* Opens dir/name under a temporary name; returns its index, or -1. */
static long open_temp(struct export_run *x, const char *name)
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
		x->cap = x->cap ? 2 * x->cap : 16;
		x->files = xrealloc(x->files, x->cap * sizeof(*x->files));
	}
	x->files[x->nfiles] = (struct out_file){
		.tmp = buf_detach(&tmp, NULL), .final = buf_detach(&final, NULL), .f = f,
	};
	return (long)x->nfiles++;
fail:
	buf_release(&tmp);
	buf_release(&final);
	return -1;
}

/* Finishes file i: flushed, synced and closed, or an error. */
static int close_temp(struct export_run *x, long i)
{
	struct out_file *o = &x->files[i];
	int rc = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0 ? -1 : 0;
	int saved = errno;
	o->bytes = (int64_t)ftello(o->f);
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

/* ---- Rows ------------------------------------------------------------------------- */

/* A number as its shortest text that reads back the same. */
static void format_real(char *s, size_t n, double v)
{
	snprintf(s, n, "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, n, "%.17g", v);
}

/* Appends value v of a column of Table Schema type `type` as one CSV
 * field (csv_put_field: a text cell a spreadsheet would run as a formula
 * is neutralised; numbers go as they are). Null is an empty field. */
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

static size_t count_fields(const struct export_field *f)
{
	size_t n = 0;
	while (f[n].name)
		n++;
	return n;
}

/* The page query of t: its public rows after the key $1.. (when `after`),
 * in key order, PAGE_ROWS of them. Text keys compare byte by byte on
 * PostgreSQL too (COLLATE "C"; SQLite's default is already BINARY). */
static int page_sql(struct buf *sql, const struct export_table *t, enum db_dialect dialect,
                    bool after)
{
	const char *bytewise = dialect == DB_POSTGRES ? " COLLATE \"C\"" : "";
	buf_printf(sql, "%s %s", t->select, t->from);
	size_t nkey = 0;
	while (t->key[nkey].field)
		nkey++;
	if (after) {
		buf_puts(sql, " AND (");
		for (size_t k = 0; k < nkey; k++)
			buf_printf(sql, "%s%s%s", k ? ", " : "", t->key[k].expr,
			           t->key[k].text ? bytewise : "");
		buf_puts(sql, ") > (");
		for (size_t k = 0; k < nkey; k++)
			buf_printf(sql, "%s$%zu", k ? ", " : "", k + 1);
		buf_puts(sql, ")");
	}
	buf_puts(sql, " ORDER BY ");
	for (size_t k = 0; k < nkey; k++)
		buf_printf(sql, "%s%s%s", k ? ", " : "", t->key[k].expr,
		           t->key[k].text ? bytewise : "");
	buf_printf(sql, " LIMIT %d", PAGE_ROWS);
	return sql->overflow ? -1 : 0;
}

/* Where each key column sits among t's fields. */
static size_t key_columns(const struct export_table *t, size_t cols[KEY_MAX])
{
	size_t n = 0;
	for (; t->key[n].field; n++) {
		assert(n < KEY_MAX);
		for (size_t i = 0; t->fields[i].name; i++)
			if (strcmp(t->fields[i].name, t->key[n].field) == 0)
				cols[n] = i;
	}
	return n;
}

struct table_out {
	FILE *csv;                  /* NULL when not written */
	FILE *jsonl;
	struct buf rec;
	int64_t rows;
};

/* Writes one row (the cells of res) to the table's files. */
static int write_row(struct export_run *x, const struct export_table *t, struct db_res *res,
                     size_t nf, struct table_out *o)
{
	json_t *obj = o->jsonl ? json_object() : NULL;
	buf_reset(&o->rec);
	for (size_t i = 0; i < nf; i++) {
		json_t *v = db_json(res, (int)i);
		if (json_is_boolean(v)) {       /* a PostgreSQL boolean, as SQLite's 0 or 1 */
			json_t *n = json_integer(json_is_true(v));
			json_decref(v);
			v = n;
		}
		if (o->csv) {
			if (i)
				buf_putc(&o->rec, ',');
			put_csv_field(&o->rec, v, t->fields[i].type);
		}
		if (obj)
			json_object_set(obj, t->fields[i].name, v);
		json_decref(v);
	}
	int rc = 0;
	if (o->csv) {
		buf_puts(&o->rec, "\r\n");
		if (o->rec.overflow) {
			put_err(x->err, x->errlen, "table %s: a record passes %zu bytes", t->name,
			        o->rec.max);
			rc = -1;
		} else {
			fwrite(o->rec.data, 1, o->rec.len, o->csv);
		}
	}
	if (obj) {
		if (json_dumpf(obj, o->jsonl, JSON_COMPACT | JSON_PRESERVE_ORDER) < 0 ||
		    fputc('\n', o->jsonl) == EOF) {
			put_err(x->err, x->errlen, "table %s: writing JSON Lines failed", t->name);
			rc = -1;
		}
		json_decref(obj);
	}
	o->rows++;
	return rc;
}

/* Reads t's public rows a page at a time, in key order, writing each as
 * it comes. Returns 0, or -1 (err set). */
static int stream_table(struct db *db, struct export_run *x, const struct export_table *t,
                        struct table_out *o)
{
	size_t nf = count_fields(t->fields);
	size_t cols[KEY_MAX];
	size_t nkey = key_columns(t, cols);
	struct buf first, next;
	buf_init(&first, SQL_MAX);
	buf_init(&next, SQL_MAX);
	if (page_sql(&first, t, db_dialect(db), false) < 0 ||
	    page_sql(&next, t, db_dialect(db), true) < 0) {
		put_err(x->err, x->errlen, "table %s: query too long", t->name);
		buf_release(&first);
		buf_release(&next);
		return -1;
	}
	json_t *last[KEY_MAX] = {NULL};
	struct db_arg args[KEY_MAX];
	int rc = 0;
	for (bool more = true; more && rc == 0;) {
		for (size_t k = 0; last[0] && k < nkey; k++)
			args[k] = json_is_integer(last[k]) ? DB_INT(json_integer_value(last[k]))
			                                   : DB_TEXT(json_string_value(last[k]));
		struct db_res *res = last[0] ? db_query(db, buf_str(&next), nkey, args)
		                             : db_query(db, buf_str(&first), NO_ARGS);
		if (!res) {
			put_err(x->err, x->errlen, "table %s: %s", t->name, db_errmsg(db));
			rc = -1;
			break;
		}
		int got = 0, step;
		while (rc == 0 && (step = db_next(res)) == 1) {
			got++;
			rc = write_row(x, t, res, nf, o);
			if (got == PAGE_ROWS)
				for (size_t k = 0; k < nkey; k++) {
					json_decref(last[k]);
					last[k] = db_json(res, (int)cols[k]);
				}
		}
		if (rc == 0 && step < 0) {
			put_err(x->err, x->errlen, "table %s: %s", t->name, db_errmsg(db));
			rc = -1;
		}
		db_res_free(res);
		more = got == PAGE_ROWS;
	}
	for (size_t k = 0; k < nkey; k++)
		json_decref(last[k]);
	buf_release(&first);
	buf_release(&next);
	return rc;
}

/* ---- The package --------------------------------------------------------------------- */

static json_t *field_json(const struct export_field *f)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "name", f->name, "type", f->type,
	                      "description", f->description);
	json_t *c = json_object();
	if (f->flags & EXPORT_REQUIRED)
		json_object_set_new(c, "required", json_true());
	if (f->flags & EXPORT_UNIQUE)
		json_object_set_new(c, "unique", json_true());
	if (f->codes) {
		json_t *e = json_array();
		for (size_t i = 0; f->codes[i]; i++)
			json_array_append_new(e, json_string(f->codes[i]));
		json_object_set_new(c, "enum", e);
	}
	if (f->constraints) {
		json_t *more = json_loads(f->constraints, 0, NULL);
		assert(json_is_object(more));   /* a literal of export_tables.c */
		json_object_update(c, more);
		json_decref(more);
	}
	if (json_object_size(c))
		json_object_set(j, "constraints", c);
	json_decref(c);
	return j;
}

static json_t *schema_json(const struct export_table *t)
{
	json_t *fields = json_array(), *key = json_array(), *fkeys = json_array();
	for (size_t i = 0; t->fields[i].name; i++)
		json_array_append_new(fields, field_json(&t->fields[i]));
	for (size_t i = 0; t->key[i].field; i++)
		json_array_append_new(key, json_string(t->key[i].field));
	for (const struct export_fkey *fk = t->fkeys; fk && fk->field; fk++)
		json_array_append_new(fkeys, json_pack("{s:s, s:{s:s, s:s}}", "fields", fk->field,
		                                       "reference", "resource", fk->resource,
		                                       "fields", fk->ref_field));
	json_t *schema = json_pack("{s:o, s:o, s:[s]}", "fields", fields, "primaryKey", key,
	                           "missingValues", "");
	if (json_array_size(fkeys))
		json_object_set(schema, "foreignKeys", fkeys);
	json_decref(fkeys);
	return schema;
}

/* The resource of t's file (csv or jsonl) of `bytes` bytes holding `rows`. */
static json_t *resource_json(const struct export_table *t, bool csv, int64_t bytes, int64_t rows)
{
	char name[128], path[128];
	snprintf(name, sizeof name, "%s%s", t->name, csv ? "" : "-jsonl");
	snprintf(path, sizeof path, "%s.%s", t->name, csv ? "csv" : "jsonl");
	json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}",
	                      "name", name, "title", t->title, "description", t->description,
	                      "profile", "tabular-data-resource", "path", path,
	                      "format", csv ? "csv" : "jsonl",
	                      "mediatype", csv ? "text/csv" : "application/jsonl",
	                      "encoding", "utf-8", "bytes", (json_int_t)bytes,
	                      "rows", (json_int_t)rows);
	if (csv)
		json_object_set_new(r, "dialect", json_pack("{s:s, s:s, s:b}", "delimiter", ",",
		                                            "lineTerminator", "\r\n",
		                                            "header", 1));
	json_object_set_new(r, "schema", schema_json(t));
	return r;
}

static int write_package(struct export_run *x, const struct export_options *opt,
                         const char *created, int64_t version, json_t *resources)
{
	const struct export_licence *lic = opt->licence ? opt->licence
	                                                : export_licence_find(EXPORT_DEFAULT_LICENCE);
	json_t *pkg = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:[{s:s, s:s, s:s}], s:[s, s, s]}",
	                        "profile", "tabular-data-package",
	                        "name", "pacte-open-data",
	                        "title", "Pacte open data: the Global Compact for Migration",
	                        "description", "The public records of a Pacte instance: the "
	                        "commitments made to implement the Global Compact for Safe, "
	                        "Orderly and Regular Migration, their progress, the actors who "
	                        "made them and the reference data they use. Written by 'pacte "
	                        "export' from one consistent snapshot, data_version. "
	                        CSV_FORMULA_NOTE,
	                        "created", created,
	                        "data_version", (json_int_t)version,
	                        "licenses", "name", lic->id, "title", lic->title, "path", lic->url,
	                        "keywords", "migration", "Global Compact for Migration",
	                        "commitments");
	if (opt->homepage && *opt->homepage)
		json_object_set_new(pkg, "homepage", json_string(opt->homepage));
	json_object_set(pkg, "resources", resources);
	long f = open_temp(x, "datapackage.json");
	int rc = -1;
	if (f >= 0) {
		json_dumpf(pkg, x->files[f].f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', x->files[f].f);
		rc = close_temp(x, f);
	}
	json_decref(pkg);
	return rc;
}

/* Opens t's file NAME.ext under a temporary name: its index, *f set; -1. */
static long open_table_file(struct export_run *x, const struct export_table *t, const char *ext,
                            FILE **f)
{
	char name[128];
	snprintf(name, sizeof name, "%s.%s", t->name, ext);
	long i = open_temp(x, name);
	*f = i >= 0 ? x->files[i].f : NULL;
	return i;
}

/* Writes table t's files and appends their resources. */
static int write_table(struct db *db, struct export_run *x, const struct export_table *t,
                       enum export_format format, json_t *resources, struct export_stats *st)
{
	struct table_out o = {0};
	buf_init(&o.rec, BUF_MAX_PAGE);
	long csv = format != EXPORT_JSONL ? open_table_file(x, t, "csv", &o.csv) : -1;
	long jsonl = format != EXPORT_CSV ? open_table_file(x, t, "jsonl", &o.jsonl) : -1;
	int rc = (format != EXPORT_JSONL && csv < 0) || (format != EXPORT_CSV && jsonl < 0) ? -1 : 0;
	if (rc == 0 && o.csv) {
		for (size_t i = 0; t->fields[i].name; i++) {
			if (i)
				buf_putc(&o.rec, ',');
			csv_put_field(&o.rec, t->fields[i].name, strlen(t->fields[i].name), CSV_TEXT);
		}
		buf_puts(&o.rec, "\r\n");
		fwrite(o.rec.data, 1, o.rec.len, o.csv);
	}
	if (rc == 0)
		rc = stream_table(db, x, t, &o);
	if (csv >= 0 && close_temp(x, csv) < 0)
		rc = -1;
	if (jsonl >= 0 && close_temp(x, jsonl) < 0)
		rc = -1;
	buf_release(&o.rec);
	if (rc < 0)
		return -1;
	if (csv >= 0)
		json_array_append_new(resources, resource_json(t, true, x->files[csv].bytes, o.rows));
	if (jsonl >= 0)
		json_array_append_new(resources, resource_json(t, false, x->files[jsonl].bytes,
		                                               o.rows));
	st->tables++;
	st->rows += o.rows;
	return 0;
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

int export_write(struct db *db, const char *dir, const struct export_options *opt,
                 struct export_stats *stats, char *err, size_t errlen)
{
	static const struct export_options defaults = {0};
	if (!opt)
		opt = &defaults;
	struct export_stats st = {0};
	if (make_dir(dir, err, errlen) < 0)
		return -1;
	char now[32];
	const char *created = opt->created;
	if (!created) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
		created = now;
	}
	struct export_run x = {.dir = dir, .err = err, .errlen = errlen};
	/* One snapshot, so the files agree with each other and with the data
	 * version; read-only, so no writer waits for it. */
	if (db_begin_read(db) < 0) {
		put_err(err, errlen, "starting the transaction: %s", db_errmsg(db));
		return -1;
	}
	st.data_version = db_data_version(db);
	int rc = st.data_version < 0 ? -1 : 0;
	if (rc < 0)
		put_err(err, errlen, "reading the data version: %s", db_errmsg(db));
	json_t *resources = json_array();
	for (size_t i = 0; table_at(i) && rc == 0; i++)
		rc = write_table(db, &x, table_at(i), opt->format, resources, &st);
	db_rollback(db);
	if (rc == 0)
		rc = write_package(&x, opt, created, st.data_version, resources);
	json_decref(resources);
	st.files = (int64_t)x.nfiles;
	for (size_t i = 0; i < x.nfiles; i++)
		st.bytes += x.files[i].bytes;
	rc = finish_files(&x, rc == 0);
	if (stats)
		*stats = rc == 0 ? st : (struct export_stats){0};
	return rc;
}
