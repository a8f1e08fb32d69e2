/* importer.c — commitments (and their updates) from CSV or JSON: every
 * record turned into the input the web form gives, validated by the same
 * functions, every problem listed as FILE:LINE: field: reason, then all
 * written in one transaction or nothing at all. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "codes.h"
#include "commitments.h"
#include "csv.h"
#include "db.h"
#include "embed.h"
#include "i18n.h"
#include "importer.h"
#include "permission.h"
#include "progress.h"
#include "text.h"
#include "users.h"
#include "util.h"

#define PROGRESS_MIN_RECORDS 1000

static const char MSG_DENIED[] = N_("You may not create commitments for this actor.");
static const char MSG_UNKNOWN_ACTOR[] = N_("Unknown actor.");
static const char MSG_MATCHES_UNKNOWN[] = N_("No commitment has this number.");

struct record {
	size_t line;
	json_t *input;          /* the commitment's input, as a form gives it */
	json_t *updates;        /* progress inputs (JSON files only) */
	json_t *clean;          /* validated */
	json_t *clean_updates;
	const char *const *cells;   /* CSV: the raw cells, to quote in messages */
};

struct import {
	struct db *db;
	const struct import_options *o;
	const char *filename;
	struct commitment_refs *refs;
	struct buf *errors;
	size_t nerrors;
	struct record *recs;
	size_t nrecs, cap;
	/* CSV: the header, to name cells */
	char **header;
	size_t ncols;
	size_t written_commitments, written_updates;
	const char *today;
	json_t *refs_index;         /* ref → record index */
};

/* ---- Messages and progress ---------------------------------------------------- */

/* One problem: "file:line: field: message". The field is shown on one
 * line whatever bytes it holds, as it may be a column's name from the
 * file. Past IMPORT_MAX_ERRORS problems are counted, not listed. */
__attribute__((format(printf, 5, 0)))
static void vproblem(struct import *im, const char *file, size_t line, const char *field,
                     const char *fmt, va_list ap)
{
	im->nerrors++;
	if (im->nerrors > IMPORT_MAX_ERRORS || !im->errors)
		return;
	buf_printf(im->errors, "%s:%zu: ", file, line);
	text_printable(field, strlen(field), 80, im->errors);
	buf_puts(im->errors, ": ");
	buf_vprintf(im->errors, fmt, ap);
	buf_putc(im->errors, '\n');
}

/* A problem in the main file. */
__attribute__((format(printf, 4, 5)))
static void problem(struct import *im, size_t line, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, im->filename, line, field, fmt, ap);
	va_end(ap);
}

/* A problem in the given file (the updates file, or either for an update). */
__attribute__((format(printf, 5, 6)))
static void problem_in(struct import *im, const char *file, size_t line, const char *field,
                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, file, line, field, fmt, ap);
	va_end(ap);
}

/* A cell worth quoting after a message: short, valid, printable. */
static bool quotable(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 80 || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

static void progress_bar(const struct import *im, const char *what, size_t done, size_t total)
{
	if (!im->o->progress || total <= PROGRESS_MIN_RECORDS)
		return;
	if (done != total && done % 500 != 0)
		return;
	int pct = (int)(done * 100 / total);
	char bar[41];
	memset(bar, '#', (size_t)(pct * 40 / 100));
	memset(bar + pct * 40 / 100, '.', 40 - (size_t)(pct * 40 / 100));
	bar[40] = '\0';
	fprintf(stderr, "\r%-10s [%s] %3d%% %zu/%zu", what, bar, pct, done, total);
	if (done == total)
		fputc('\n', stderr);
}

/* ---- Records -------------------------------------------------------------------- */

static struct record *new_record(struct import *im, size_t line)
{
	if (im->nrecs == im->cap)
		im->recs = xrealloc(im->recs, (im->cap = im->cap ? 2 * im->cap : 256) *
		                                  sizeof(*im->recs));
	struct record *r = &im->recs[im->nrecs++];
	*r = (struct record){.line = line, .input = json_object(), .updates = json_array()};
	return r;
}

/* Registers a record's ref; a second record with the same one is refused. */
static void set_ref(struct import *im, struct record *r, const char *ref)
{
	if (!ref || !*ref)
		return;
	if (json_object_get(im->refs_index, ref)) {
		problem(im, r->line, "ref", "another record of the file has this ref (\"%.60s\")",
		        ref);
		return;
	}
	json_object_set_new(im->refs_index, ref, json_integer((json_int_t)(r - im->recs)));
}

static void free_records(struct import *im)
{
	for (size_t i = 0; i < im->nrecs; i++) {
		json_decref(im->recs[i].input);
		json_decref(im->recs[i].updates);
		json_decref(im->recs[i].clean);
		json_decref(im->recs[i].clean_updates);
	}
	free(im->recs);
}

/* Resolves the owner and the participants (names, ISO3 codes or ids) into
 * the ids the validation expects; complains about the ones that match no
 * actor. */
static void resolve_actors(struct import *im, struct record *r)
{
	json_t *owner = json_object_get(r->input, "owner");
	if (owner && !json_is_null(owner)) {
		json_int_t id = 0;
		if (json_is_integer(owner)) {
			char s[24];
			snprintf(s, sizeof s, "%lld", (long long)json_integer_value(owner));
			id = commitment_refs_actor(im->refs, s);
		} else if (json_is_string(owner) && *json_string_value(owner)) {
			id = commitment_refs_actor(im->refs, json_string_value(owner));
		}
		if (id)
			json_object_set_new(r->input, "owner_actor_id", json_integer(id));
		else
			json_object_set_new(r->input, "owner_actor_id", json_string("unknown"));
	}
	json_t *parts = json_object_get(r->input, "participants");
	if (!json_is_array(parts))
		return;
	size_t i;
	json_t *v;
	json_array_foreach(parts, i, v) {
		const char *s = json_string_value(v);
		if (!s)
			continue;
		json_int_t id = commitment_refs_actor(im->refs, s);
		json_array_set_new(parts, i, id ? json_integer(id) : json_string("unknown"));
	}
}

/* The file's own name for a field the validation names. */
static const char *file_field(const struct record *r, const char *field)
{
	if (strcmp(field, "owner_actor_id") == 0 && json_object_get(r->input, "owner"))
		return "owner";
	return field;
}

static const char *cell_of(const struct import *im, const struct record *r, const char *field)
{
	for (size_t i = 0; r->cells && i < im->ncols; i++)
		if (strcmp(im->header[i], field) == 0)
			return r->cells[i];
	return NULL;
}

static void report(struct import *im, const struct record *r, json_t *errors,
                   const char *prefix)
{
	const char *field;
	json_t *msg;
	json_object_foreach(errors, field, msg) {
		const char *name = file_field(r, field);
		const char *cell = prefix ? NULL : cell_of(im, r, name);
		if (quotable(cell))
			problem(im, r->line, name, "%s (\"%s\")", json_string_value(msg), cell);
		else
			problem(im, r->line, prefix ? field : name, "%s%s", prefix ? prefix : "",
			        json_string_value(msg));
	}
}

static void check_permission(struct import *im, const struct record *r)
{
	if (!im->o->as || !r->clean)
		return;
	struct object_ref obj = {"commitment", 0,
	                         json_integer_value(json_object_get(r->clean, "owner_actor_id"))};
	if (!can(im->o->as, ACTION_COMMITMENT_CREATE, &obj))
		problem(im, r->line, file_field(r, "owner_actor_id"), "%s", MSG_DENIED);
}

static int check_matches(struct import *im, const struct record *r)
{
	const json_t *m = r->clean ? json_object_get(r->clean, "matches_commitment_id") : NULL;
	if (!json_is_integer(m))
		return 0;
	int64_t n;
	if (db_scalar_int(im->db, &n, 0, "SELECT count(*) FROM commitment WHERE id = $1",
	                  DB_ARGS(DB_INT(json_integer_value(m)))) < 0)
		return -1;
	if (n == 0)
		problem(im, r->line, "matches_commitment_id", "%s", MSG_MATCHES_UNKNOWN);
	return 0;
}

/* Where an update came from: its own file and line (CSV), or the
 * commitment's line and its index (JSON). */
static void update_origin(const struct import *im, const struct record *r, const json_t *u,
                          size_t i, const char **file, size_t *line, char *prefix, size_t cap)
{
	const json_t *l = json_object_get(u, "_line");
	*file = json_is_integer(l) ? im->o->updates_filename : im->filename;
	*line = json_is_integer(l) ? (size_t)json_integer_value(l) : r->line;
	if (json_is_integer(l))
		snprintf(prefix, cap, "%s", "");
	else
		snprintf(prefix, cap, "updates[%zu].", i);
}

static const char MSG_VALUES_ORDER[] =
	N_("Give one number per indicator of the commitment, in order.");

/* Positional indicator values → [{indicator_id: position (1-based), value}],
 * mapped to the real ids once the commitment exists. Blank ones are
 * skipped. Returns -1 when the list is not a list of numbers or has more
 * values than the commitment has indicators. */
static int positional_values(json_t *u, size_t nindicators)
{
	json_t *v = json_object_get(u, "indicator_values");
	if (!v || json_is_null(v))
		return 0;
	json_t *list = cv_list(v), *out = json_array();
	int rc = list ? 0 : -1;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		if (json_is_object(item) || json_is_array(item) || i >= nindicators) {
			if (!cv_blank(item) || json_is_object(item) || json_is_array(item))
				rc = -1;
			continue;
		}
		if (!cv_blank(item))
			json_array_append_new(out, json_pack("{s:I, s:O}", "indicator_id",
			                                     (json_int_t)(i + 1), "value", item));
	}
	json_decref(list);
	json_object_set_new(u, "indicator_values", out);
	return rc;
}

static void validate_updates(struct import *im, struct record *r)
{
	r->clean_updates = json_array();
	/* When the commitment itself is refused its indicators are unknown:
	 * its updates' values are checked for form only. */
	size_t nind = r->clean ? json_array_size(json_object_get(r->clean, "indicators")) :
	              (size_t)-1;
	size_t i;
	json_t *u;
	json_array_foreach(r->updates, i, u) {
		const char *file;
		size_t line;
		char prefix[48];
		update_origin(im, r, u, i, &file, &line, prefix, sizeof prefix);
		json_t *in = json_is_object(u) ? json_copy(u) : json_object();
		json_object_del(in, "_line");
		json_t *errors = json_object(), *clean = NULL;
		if (!json_is_object(u))
			cv_error(errors, "(update)", N_("Expected an object."));
		else if (json_object_get(in, "corrects"))
			cv_error(errors, "corrects", N_("Corrections cannot be imported."));
		else if (positional_values(in, nind) < 0)
			cv_error(errors, "indicator_values", MSG_VALUES_ORDER);
		else
			progress_validate(in, im->today, errors, &clean);
		const char *field;
		json_t *msg;
		json_object_foreach(errors, field, msg) {
			char name[128];
			snprintf(name, sizeof name, "%s%s", prefix, field);
			problem_in(im, file, line, name, "%s", json_string_value(msg));
		}
		json_decref(errors);
		json_decref(in);
		if (clean) {
			if (json_is_null(json_object_get(clean, "reported_at")))
				json_object_set_new(clean, "reported_at", json_string(im->today));
			json_array_append_new(r->clean_updates, clean);
		}
	}
}

/* Validates every record; returns -1 on a database error. */
static int validate_all(struct import *im)
{
	for (size_t i = 0; i < im->nrecs; i++) {
		struct record *r = &im->recs[i];
		if (!r->input)
			continue;   /* already reported: not a record at all */
		resolve_actors(im, r);
		json_t *errors = json_object();
		commitment_validate(im->refs, r->input, errors, &r->clean);
		if (json_is_string(json_object_get(r->input, "owner_actor_id")) &&
		    json_object_get(errors, "owner_actor_id"))
			json_object_set_new(errors, "owner_actor_id", json_string(MSG_UNKNOWN_ACTOR));
		report(im, r, errors, NULL);
		json_decref(errors);
		check_permission(im, r);
		if (check_matches(im, r) < 0)
			return -1;
		validate_updates(im, r);
		progress_bar(im, "checking", i + 1, im->nrecs);
	}
	return 0;
}

/* ---- CSV ------------------------------------------------------------------------ */

static const char *const csv_columns[] = {
	"owner", "owner_actor_id", "title", "description", "lang", "objectives", "principles",
	"level", "countries", "start_date", "target_date", "deliverables", "indicators", "status",
	"kind", "participants", "matches_commitment_id", "form", "ref", NULL,
};
static const char *const csv_lists[] = {
	"objectives", "principles", "countries", "deliverables", "participants", NULL,
};
static const char *const csv_required[] = {"title", "lang", "objectives", "level", "form", NULL};

/* title_LL / description_LL: a translation's column. Returns the language
 * code's offset in name, or 0. */
static size_t translation_column(const char *name)
{
	size_t off = str_starts(name, "title_") ? 6 : str_starts(name, "description_") ? 12 : 0;
	return off && name[off] ? off : 0;
}

static json_t *text_nocheck(const char *s, size_t n)
{
	return json_stringn_nocheck(s, n);
}

/* "a; b;c" → ["a", "b", "c"] (items trimmed; empty ones dropped, or kept
 * as null when their place matters: "40;;12"). */
static json_t *split(const char *s, char sep, bool keep_empty)
{
	json_t *a = json_array();
	while (*s) {
		size_t n = strcspn(s, (char[]){sep, '\0'});
		const char *p = s;
		size_t len = n;
		while (len && isspace((unsigned char)*p))
			p++, len--;
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		if (len)
			json_array_append_new(a, text_nocheck(p, len));
		else if (keep_empty)
			json_array_append_new(a, json_null());
		s += n + (s[n] == sep);
	}
	return a;
}

/* "name|unit|baseline|target; …" → [{name, unit, baseline, target}]. */
static json_t *split_indicators(const char *s)
{
	static const char *const parts[] = {"name", "unit", "baseline", "target"};
	json_t *list = split(s, ';', false), *out = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		json_t *ind = json_object();
		const char *p = json_string_value(item);
		for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
			size_t n = strcspn(p, "|");
			json_object_set_new(ind, parts[k], text_nocheck(p, n));
			p += n + (p[n] == '|');
		}
		json_array_append_new(out, ind);
	}
	json_decref(list);
	return out;
}

static int csv_header(struct import *im, struct csv *c)
{
	int rc = csv_next(c);
	if (rc <= 0) {
		problem(im, c->line ? c->line : 1, "(file)", "%s",
		        rc < 0 ? c->err : "no header row: the first row names the columns");
		return -1;
	}
	im->ncols = c->nfields;
	im->header = xcalloc(c->nfields + 1, sizeof(char *));
	int bad = 0;
	for (size_t i = 0; i < c->nfields; i++) {
		im->header[i] = xstrdup(c->fields[i]);
		for (char *p = im->header[i]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (code_index(csv_columns, im->header[i]) < 0 && !translation_column(im->header[i]))
			problem(im, c->line, im->header[i], "unknown column"), bad++;
	}
	for (size_t k = 0; csv_required[k]; k++)
		if (csv_column(im->header, im->ncols, csv_required[k]) < 0)
			problem(im, c->line, csv_required[k], "missing column"), bad++;
	if (csv_column(im->header, im->ncols, "owner") < 0 &&
	    csv_column(im->header, im->ncols, "owner_actor_id") < 0)
		problem(im, c->line, "owner", "missing column"), bad++;
	return bad ? -1 : 0;
}

/* Adds a translation cell to the record's list, one entry per language. */
static void csv_translation(json_t *input, const char *column, size_t off, const char *value)
{
	if (!*value)
		return;
	json_t *list = json_object_get(input, "translations");
	if (!list) {
		list = json_array();
		json_object_set_new(input, "translations", list);
	}
	const char *lang = column + off;
	json_t *t = NULL;
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (strcmp(json_string_value(json_object_get(v, "lang")), lang) == 0)
			t = v;
	if (!t) {
		t = json_pack("{s:s}", "lang", lang);
		json_array_append_new(list, t);
	}
	json_object_set_new(t, off == 6 ? "title" : "description",
	                    text_nocheck(value, strlen(value)));
}

static void csv_record(struct import *im, struct csv *c)
{
	struct record *r = new_record(im, c->line);
	if (c->nfields != im->ncols) {
		problem(im, c->line, "(record)", "expected %zu fields as in the header, found %zu",
		        im->ncols, c->nfields);
		json_decref(r->input);
		r->input = NULL;
		return;
	}
	char **cells = xcalloc(im->ncols + 1, sizeof(char *));
	for (size_t i = 0; i < im->ncols; i++) {
		const char *col = im->header[i], *v = c->fields[i];
		cells[i] = xstrdup(v);
		size_t off = translation_column(col);
		if (strcmp(col, "ref") == 0)
			set_ref(im, r, v);
		else if (off)
			csv_translation(r->input, col, off, v);
		else if (strcmp(col, "indicators") == 0)
			json_object_set_new(r->input, col, split_indicators(v));
		else if (code_index(csv_lists, col) >= 0)
			json_object_set_new(r->input, col, split(v, ';', false));
		else if (*v)
			json_object_set_new(r->input, col, text_nocheck(v, strlen(v)));
	}
	r->cells = (const char *const *)cells;
}

static int read_csv(struct import *im, const char *data, size_t len)
{
	struct csv c;
	csv_init(&c, data, len);
	int rc = csv_header(im, &c);
	if (rc < 0) {
		csv_release(&c);
		return -1;
	}
	while (rc == 0 && (rc = csv_next(&c)) == 1) {
		csv_record(im, &c);
		rc = 0;
	}
	if (rc < 0 && im->header)
		problem(im, c.line, "(file)", "%s", c.err);
	csv_release(&c);
	/* Records read before a malformed line are still checked: every
	 * problem is listed, not only the first. */
	return 0;
}

/* The updates file: one progress update per row, tied to a commitment of
 * the main file by its ref. */
static const char *const update_columns[] = {
	"ref", "reported_at", "status", "percent", "milestone", "narrative", "evidence",
	"indicator_values", NULL,
};
static const char *const update_lists[] = {"evidence", "indicator_values", NULL};

static int update_header(struct import *im, struct csv *c, char ***header, size_t *ncols)
{
	const char *file = im->o->updates_filename;
	int rc = csv_next(c);
	if (rc <= 0) {
		problem_in(im, file, c->line ? c->line : 1, "(file)", "%s",
		               rc < 0 ? c->err : "no header row: the first row names the columns");
		return -1;
	}
	*ncols = c->nfields;
	*header = xcalloc(c->nfields + 1, sizeof(char *));
	int bad = 0;
	for (size_t i = 0; i < c->nfields; i++) {
		(*header)[i] = xstrdup(c->fields[i]);
		for (char *p = (*header)[i]; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (code_index(update_columns, (*header)[i]) < 0)
			problem_in(im, file, c->line, (*header)[i], "unknown column"), bad++;
	}
	if (csv_column(*header, *ncols, "ref") < 0)
		problem_in(im, file, c->line, "ref", "missing column"), bad++;
	return bad ? -1 : 0;
}

static void update_row(struct import *im, struct csv *c, char **header, size_t ncols)
{
	const char *file = im->o->updates_filename;
	if (c->nfields != ncols) {
		problem_in(im, file, c->line, "(record)", "expected %zu fields as in the header, "
		               "found %zu", ncols, c->nfields);
		return;
	}
	json_t *u = json_pack("{s:I}", "_line", (json_int_t)c->line);
	const char *ref = NULL;
	for (size_t i = 0; i < ncols; i++) {
		const char *v = c->fields[i];
		if (strcmp(header[i], "ref") == 0)
			ref = v;
		else if (code_index(update_lists, header[i]) >= 0)
			json_object_set_new(u, header[i], split(v, ';', true));
		else if (*v)
			json_object_set_new(u, header[i], text_nocheck(v, strlen(v)));
	}
	json_t *idx = ref ? json_object_get(im->refs_index, ref) : NULL;
	if (!idx) {
		problem_in(im, file, c->line, "ref", "no commitment of %s has this ref", im->filename);
		json_decref(u);
		return;
	}
	json_array_append_new(im->recs[json_integer_value(idx)].updates, u);
}

static void read_updates_csv(struct import *im)
{
	if (!im->o->updates)
		return;
	struct csv c;
	csv_init(&c, im->o->updates, im->o->updates_len);
	char **header = NULL;
	size_t ncols = 0;
	int rc = update_header(im, &c, &header, &ncols);
	while (rc == 0 && (rc = csv_next(&c)) == 1) {
		update_row(im, &c, header, ncols);
		rc = 0;
	}
	if (rc < 0 && header)
		problem_in(im, im->o->updates_filename, c.line, "(file)", "%s", c.err);
	for (size_t i = 0; header && i < ncols; i++)
		free(header[i]);
	free(header);
	csv_release(&c);
}

/* ---- JSON ----------------------------------------------------------------------- */

/* The line on which each element of the top-level array starts, found by a
 * scan that follows strings and nesting (jansson does not keep positions). */
static size_t *element_lines(const char *data, size_t len, size_t *n)
{
	size_t cap = 256, line = 1;
	size_t *lines = xmalloc(cap * sizeof(*lines));
	*n = 0;
	int depth = 0;
	bool in_string = false, escaped = false, expect = false;
	for (size_t i = 0; i < len; i++) {
		char ch = data[i];
		if (ch == '\n')
			line++;
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (ch == '\\')
				escaped = true;
			else if (ch == '"')
				in_string = false;
			continue;
		}
		if (depth == 1 && expect && !isspace((unsigned char)ch) && ch != ']') {
			if (*n == cap)
				lines = xrealloc(lines, (cap *= 2) * sizeof(*lines));
			lines[(*n)++] = line;
			expect = false;
		}
		if (ch == '"')
			in_string = true;
		else if (ch == '[' || ch == '{')
			expect = ++depth == 1;
		else if (ch == ']' || ch == '}')
			depth--;
		else if (ch == ',' && depth == 1)
			expect = true;
	}
	return lines;
}

static int read_json(struct import *im, const char *data, size_t len)
{
	json_error_t err;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		problem(im, err.line > 0 ? (size_t)err.line : 1, "(file)", "%s", err.text);
		return -1;
	}
	if (!json_is_array(root)) {
		problem(im, 1, "(file)", "expected an array of commitments: [{...}, {...}]");
		json_decref(root);
		return -1;
	}
	size_t nlines, i;
	size_t *lines = element_lines(data, len, &nlines);
	json_t *v;
	json_array_foreach(root, i, v) {
		size_t line = i < nlines ? lines[i] : 1;
		struct record *r = new_record(im, line);
		if (!json_is_object(v)) {
			problem(im, line, "(record)", "expected an object");
			json_decref(r->input);
			r->input = NULL;
			continue;
		}
		json_object_update(r->input, v);
		const json_t *ref = json_object_get(v, "ref");
		if (ref && !json_is_string(ref))
			problem(im, line, "ref", "expected text");
		set_ref(im, r, json_string_value(ref));
		json_object_del(r->input, "ref");
		json_t *updates = json_object_get(v, "updates");
		if (updates && !json_is_array(updates))
			problem(im, line, "updates", "expected a list of progress updates");
		else if (updates)
			json_array_extend(r->updates, updates);
		json_object_del(r->input, "updates");
	}
	free(lines);
	json_decref(root);
	return 0;
}

/* ---- Writing -------------------------------------------------------------------- */

static int audit_created(struct import *im, const char *action, int64_t id, json_t *after)
{
	const struct user *as = im->o->as;
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	json_t *changes = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(after, key, v)
		if (!json_is_null(v) && strcmp(key, "updated_at") != 0)
			json_object_set_new(changes, key, json_pack("{s:n, s:O}", "before", "after", v));
	json_object_set_new(changes, "import", json_pack("{s:n, s:s}", "before", "after",
	                                                 im->filename));
	struct audit_event e = {
		.user = as, .action = action, .object_type = "commitment", .object_id = oid,
		.changes = changes, .channel = as && as->channel ? as->channel : "cli",
		.client_addr = as ? as->client_addr : NULL,
	};
	int rc = audit_append(im->db, &e);
	json_decref(changes);
	return rc;
}

static int write_record(struct import *im, struct record *r)
{
	int64_t id;
	const char *bad_field;
	const char *origin = im->o->origin ? im->o->origin : "real";
	if (commitments_insert(im->db, r->clean, origin, NULL, &id, &bad_field) < 0 ||
	    audit_created(im, "commitment.create", id, r->clean) < 0)
		return -1;
	json_t *ind_ids = json_array_size(r->clean_updates) ?
		db_json_rows(im->db, "SELECT id FROM commitment_indicator WHERE commitment_id = $1 "
		             "ORDER BY position", DB_ARGS(DB_INT(id))) : json_array();
	if (!ind_ids)
		return -1;
	size_t i;
	json_t *u;
	json_array_foreach(r->clean_updates, i, u) {
		bool last = i + 1 == json_array_size(r->clean_updates);
		/* Positions (1-based) become the indicators' ids. */
		size_t k;
		json_t *v;
		json_array_foreach(json_object_get(u, "indicator_values"), k, v) {
			json_int_t pos = json_integer_value(json_object_get(v, "indicator_id"));
			json_object_set(v, "indicator_id",
			                json_object_get(json_array_get(ind_ids, (size_t)pos - 1), "id"));
		}
		int64_t uid;
		if (progress_insert(im->db, id, u, im->o->as ? im->o->as->id : 0, NULL, last, &uid) < 0) {
			json_decref(ind_ids);
			return -1;
		}
		json_t *after = json_pack("{s:{s:n, s:O}}", "progress_update", "before", "after", u);
		char oid[24];
		snprintf(oid, sizeof oid, "%lld", (long long)id);
		struct audit_event e = {
			.user = im->o->as, .action = "progress.add", .object_type = "commitment",
			.object_id = oid, .changes = after,
			.channel = im->o->as && im->o->as->channel ? im->o->as->channel : "cli",
			.client_addr = im->o->as ? im->o->as->client_addr : NULL,
		};
		int rc = audit_append(im->db, &e);
		json_decref(after);
		if (rc < 0) {
			json_decref(ind_ids);
			return -1;
		}
		im->written_updates++;
	}
	json_decref(ind_ids);
	im->written_commitments++;
	return 0;
}

static enum outcome write_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct import *im = p;
	im->written_commitments = im->written_updates = 0;
	for (size_t i = 0; i < im->nrecs; i++) {
		if (write_record(im, &im->recs[i]) < 0)
			return OUTCOME_ERROR;
		progress_bar(im, "writing", i + 1, im->nrecs);
	}
	return OUTCOME_OK;
}

static enum outcome deny_txn(struct db *db, struct audit_txn *t, void *p)
{
	const struct user *as = p;
	struct object_ref obj = {"commitment", 0, as->actor_id};
	return audit_txn_deny(t, as, ACTION_COMMITMENT_CREATE, &obj);
}

/* ---- The import ----------------------------------------------------------------- */

int import_format_detect(const char *filename, const char *data, size_t len,
                         enum import_format *out)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	if (dot && strcasecmp(dot, ".csv") == 0) {
		*out = IMPORT_CSV;
		return 0;
	}
	if (dot && strcasecmp(dot, ".json") == 0) {
		*out = IMPORT_JSON;
		return 0;
	}
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	if (i == len)
		return -1;
	*out = data[i] == '[' ? IMPORT_JSON : IMPORT_CSV;
	return 0;
}

static void release(struct import *im)
{
	for (size_t i = 0; i < im->nrecs; i++) {
		char **cells = (char **)im->recs[i].cells;
		for (size_t k = 0; cells && k < im->ncols; k++)
			free(cells[k]);
		free(cells);
	}
	free_records(im);
	for (size_t i = 0; im->header && i < im->ncols; i++)
		free(im->header[i]);
	free(im->header);
	commitment_refs_free(im->refs);
	json_decref(im->refs_index);
}

static void summarise(struct import *im, struct import_result *r)
{
	if (im->nerrors > IMPORT_MAX_ERRORS && im->errors)
		buf_printf(im->errors, "%s: %zu more problems not listed\n", im->filename,
		           im->nerrors - IMPORT_MAX_ERRORS);
	if (r)
		*r = (struct import_result){.records = im->nrecs, .nerrors = im->nerrors,
		                            .commitments = im->written_commitments,
		                            .updates = im->written_updates};
}

enum outcome import_commitments(struct db *db, const char *data, size_t len,
                                enum import_format fmt, const struct import_options *o,
                                struct buf *errors, struct import_result *r)
{
	char today[DATE_LEN + 1];
	struct import im = {.db = db, .o = o, .errors = errors,
	                    .filename = o->filename ? o->filename : "(input)",
	                    .today = dates_resolve_today(o->today, today)};
	if (r)
		*r = (struct import_result){0};
	/* Someone who may create nothing at all is refused before reading. */
	if (o->as) {
		struct object_ref own = {"commitment", 0, o->as->actor_id};
		if (!can(o->as, ACTION_COMMITMENT_CREATE, &own) &&
		    !can(o->as, ACTION_COMMITMENT_CREATE, &(struct object_ref){"commitment", 0, -1}))
			return audit_transaction(db, false, deny_txn, (void *)o->as);
	}
	im.refs = commitment_refs_load(db);
	if (!im.refs) {
		problem(&im, 0, "(database)", "%s", db_errmsg(db));
		return OUTCOME_ERROR;
	}
	im.refs_index = json_object();
	int rc = fmt == IMPORT_JSON ? read_json(&im, data, len) : read_csv(&im, data, len);
	if (rc == 0 && fmt == IMPORT_CSV && im.o->updates)
		read_updates_csv(&im);
	enum outcome out = OUTCOME_INVALID;
	if (rc == 0 && validate_all(&im) < 0) {
		problem(&im, 0, "(database)", "%s", db_errmsg(db));
		out = OUTCOME_ERROR;
	} else if (rc == 0 && im.nerrors == 0) {
		out = audit_transaction(db, false, write_txn, &im);
		if (out != OUTCOME_OK) {
			problem(&im, 0, "(database)", "%s; nothing was written", db_errmsg(db));
			im.written_commitments = im.written_updates = 0;
		} else if (im.nrecs > PROGRESS_MIN_RECORDS) {
			/* A large import changes what the planner should know;
			 * stale statistics cost more than this. */
			db_exec_script(db, "ANALYZE");
		}
	}
	summarise(&im, r);
	release(&im);
	return out;
}

/* ---- The sample data ------------------------------------------------------------ */

static const struct {
	const char *name;
	const char *type;
	const char *country;
	const char *description;
} sample_partners[] = {
	{"Réseau d'associations de travailleurs migrants (exemple)", "migrants_organisation", "SEN",
	 "Sample data: a fictitious network, created by pacte init --sample."},
	{"Open University of Migration Studies (sample)", "academia", NULL,
	 "Sample data: a fictitious university, created by pacte init --sample."},
};

static int ensure_sample_partners(struct db *db)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	for (size_t i = 0; i < ARRAY_LEN(sample_partners); i++) {
		int64_t n;
		if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM actor WHERE name = $1",
		                  DB_ARGS(DB_TEXT(sample_partners[i].name))) < 0)
			return -1;
		if (n > 0)
			continue;
		struct buf key;
		buf_init(&key, 1024);
		text_fold(sample_partners[i].name, strlen(sample_partners[i].name), &key);
		struct db_res *res = db_query(db, "INSERT INTO actor (kind, name, search_key, "
		                     "partner_type, country_iso3, status, description, decided_at, "
		                     "created_at, origin) VALUES ('partner', $1, $2, $3, $4, "
		                     "'accredited', $5, $6, $6, 'sample') RETURNING id",
		                     DB_ARGS(DB_TEXT(sample_partners[i].name), DB_TEXT(buf_str(&key)),
		                             DB_TEXT(sample_partners[i].type),
		                             DB_TEXT(sample_partners[i].country),
		                             DB_TEXT(sample_partners[i].description), DB_TEXT(now)));
		buf_release(&key);
		if (!res || db_next(res) != 1) {
			db_res_free(res);
			return -1;
		}
		char oid[24];
		snprintf(oid, sizeof oid, "%lld", (long long)db_int(res, 0));
		db_res_free(res);
		json_t *changes = json_pack("{s:{s:n, s:s}, s:{s:n, s:s}}", "name", "before", "after",
		                            sample_partners[i].name, "origin", "before", "after",
		                            "sample");
		struct audit_event e = {.action = "actor.create_sample", .object_type = "actor",
		                        .object_id = oid, .changes = changes, .channel = "cli"};
		int rc = audit_append(db, &e);
		json_decref(changes);
		if (rc < 0)
			return -1;
	}
	return 0;
}

enum outcome import_sample(struct db *db, struct buf *errors, struct import_result *r)
{
	if (r)
		*r = (struct import_result){0};
	const struct embed_file *c = embed_find("data/sample/commitments.csv");
	const struct embed_file *p = embed_find("data/sample/progress.csv");
	int64_t n;
	if (!c || !p) {
		buf_puts(errors, "data/sample: not embedded in this binary\n");
		return OUTCOME_ERROR;
	}
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM commitment WHERE origin = 'sample'",
	                  NO_ARGS) < 0)
		return OUTCOME_ERROR;
	if (n > 0)
		return OUTCOME_OK;
	if (db_begin(db) < 0)
		return OUTCOME_ERROR;
	if (ensure_sample_partners(db) < 0) {
		db_rollback(db);
		return OUTCOME_ERROR;
	}
	if (db_commit(db) < 0)
		return OUTCOME_ERROR;
	struct import_options o = {.filename = c->name, .origin = "sample", .updates = p->data,
	                           .updates_len = p->len, .updates_filename = p->name};
	return import_commitments(db, c->data, c->len, IMPORT_CSV, &o, errors, r);
}
