/* refdata.c — validates the embedded reference CSV files and upserts them.
 *
 * Each file is described by a table (struct file_spec, in refdata_files.c):
 * its columns with the kind of value each holds, which columns must be
 * unique, how many rows it must have, the upsert that writes a row, and a
 * function for the checks that look across rows or files (a country's
 * sub-region must belong to its region). This file reads any file so
 * described, reports and writes it. Reading never stops at the first problem: every bad field is
 * reported as "file:line: field: reason", so one run of `pacte init` shows
 * everything to fix. Nothing is written unless all the files are clean. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "csv.h"
#include "db.h"
#include "embed.h"
#include "refdata.h"
#include "refdata_impl.h"
#include "text.h"
#include "util.h"

#define MAX_COLS 24           /* the widest file, events.csv, has 19 */
#define MAX_FIELD 2000        /* bytes; the longest description is ~330 */
#define ERRORS_MAX ((size_t)64 << 10)

/* One problem, kept apart until the end so the report can be sorted by file
 * and line (checks across rows run after every row was read). */
struct issue {
	size_t table, line, seq;
	char *text;                 /* the whole "file:line: field: reason" */
};

/* The problems found so far: the first MAX_ISSUES kept, all counted. */
struct report {
	struct issue *v;
	size_t n, cap;
	size_t count;
};

#define MAX_ISSUES 1000

/* Records "file:line: field: reason" (no ":line" when line is 0). */
void refdata_problem(struct report *r, struct table *t, size_t line, const char *field,
                     const char *fmt, ...)
{
	r->count++;
	t->nerrors++;
	if (r->n == MAX_ISSUES)
		return;
	struct buf b;
	buf_init(&b, 4096);
	buf_puts(&b, t->spec->name);
	if (line)
		buf_printf(&b, ":%zu", line);
	buf_printf(&b, ": %s: ", field);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	r->v[r->n] = (struct issue){t->index, line, r->n, buf_detach(&b, NULL)};
	r->n++;
}

static int issue_cmp(const void *pa, const void *pb)
{
	const struct issue *a = pa, *b = pb;
	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Appends the problems, sorted, one per line, to out (when not NULL) and
 * frees them. */
static void report_flush(struct report *r, struct buf *out)
{
	if (r->n)
		qsort(r->v, r->n, sizeof(*r->v), issue_cmp);
	for (size_t i = 0; i < r->n; i++) {
		if (out) {
			buf_puts(out, r->v[i].text);
			buf_putc(out, '\n');
		}
		free(r->v[i].text);
	}
	free(r->v);
	*r = (struct report){0};
}

/* ---- one field ---------------------------------------------------------- */

/* True when s is exactly n bytes, each within lo_hi[0]..lo_hi[1]. */
static bool all_in(const char *s, size_t n, const char *lo_hi)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < lo_hi[0] || s[i] > lo_hi[1])
			return false;
	return true;
}

int refdata_choice_index(const char *const *choices, const char *s)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], s) == 0)
			return i;
	return -1;
}

static bool slug_ok(const char *s)
{
	bool word = false;          /* inside a word: a '-' may follow */
	for (; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			word = true;
		else if (*s == '-' && word)
			word = false;
		else
			return false;
	}
	return word;
}

/* Writes the list of choices ("member | observer") for a message. */
static const char *choice_list(const char *const *choices, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; choices[i] && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s%s", i ? " | " : "", choices[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return out;
}

/* Checks a value's shape for its kind. Returns NULL when it fits, or the
 * reason (possibly written into scratch). */
static const char *kind_problem(const struct column *col, const char *s, char *scratch,
                                size_t n)
{
	int64_t v;
	switch (col->kind) {
	case K_TEXT:
		return NULL;
	case K_ISO3:
		return all_in(s, 3, "AZ") ? NULL : "must be three capital letters A-Z";
	case K_ISO2:
		return all_in(s, 2, "AZ") ? NULL : "must be two capital letters A-Z";
	case K_CODE3:
		return all_in(s, 3, "09") ? NULL : "must be three digits (zero-padded)";
	case K_INT:
		if (parse_int64(s, col->min, col->max, &v) == 0)
			return NULL;
		snprintf(scratch, n, "must be a whole number from %lld to %lld",
		         (long long)col->min, (long long)col->max);
		return scratch;
	case K_CHOICE: {
		if (refdata_choice_index(col->choices, s) >= 0)
			return NULL;
		char list[96];
		snprintf(scratch, n, "must be one of %s", choice_list(col->choices, list, sizeof list));
		return scratch;
	}
	case K_SLUG:
		return slug_ok(s) ? NULL : "must be lower-case letters and digits in words joined by '-'";
	}
	return "unknown kind";  /* defensive: every kind is handled above */
}

/* Checks one field; returns NULL when it is good, or the reason. */
static const char *field_problem(const struct column *col, const char *s, char *scratch,
                                 size_t n)
{
	size_t len = strlen(s);
	if (len == 0)
		return col->optional ? NULL : "must not be empty";
	if (len > MAX_FIELD)
		return "is too long";
	if (!utf8_valid(s, len))
		return "is not valid UTF-8";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return "contains a control character (a line break?)";
	if (s[0] == ' ' || s[len - 1] == ' ')
		return "has a leading or trailing space";
	return kind_problem(col, s, scratch, n);
}

/* ---- one file ----------------------------------------------------------- */

/* Maps each spec column to its position in the header (pos[i]); reports
 * unknown, repeated and missing columns. Returns 0 when the header is good. */
static int map_header(struct report *r, struct table *t, const struct csv *c, int *pos)
{
	const struct file_spec *s = t->spec;
	size_t before = t->nerrors;
	for (size_t i = 0; i < s->ncols; i++)
		pos[i] = -1;
	for (size_t f = 0; f < c->nfields; f++) {
		const char *name = c->fields[f];
		size_t i;
		for (i = 0; i < s->ncols; i++)
			if (strcmp(s->cols[i].name, name) == 0)
				break;
		bool printable = utf8_valid(name, strlen(name)) && strlen(name) < 64;
		if (i == s->ncols)
			refdata_problem(r, t, c->line, "header", "unknown column \"%s\"",
			                printable ? name : "?");
		else if (pos[i] >= 0)
			refdata_problem(r, t, c->line, "header", "column \"%s\" appears twice",
			                name);
		else
			pos[i] = (int)f;
	}
	for (size_t i = 0; i < s->ncols; i++)
		if (pos[i] < 0)
			refdata_problem(r, t, c->line, "header", "missing column \"%s\"",
			                s->cols[i].name);
	return t->nerrors == before ? 0 : -1;
}

/* Validates the record in c and, when every field is good, keeps it. */
static void read_row(struct report *r, struct table *t, const struct csv *c, size_t nheader,
                     const int *pos)
{
	const struct file_spec *s = t->spec;
	if (c->nfields != nheader) {
		refdata_problem(r, t, c->line, "row", "%zu fields, the header has %zu", c->nfields,
		                nheader);
		return;
	}
	size_t before = t->nerrors;
	char scratch[160];
	for (size_t i = 0; i < s->ncols; i++) {
		const char *why = field_problem(&s->cols[i], c->fields[pos[i]], scratch, sizeof scratch);
		if (why)
			refdata_problem(r, t, c->line, s->cols[i].name, "%s", why);
	}
	if (t->nerrors != before)
		return;
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->rows = xrealloc(t->rows, t->cap * sizeof(*t->rows));
	}
	struct row *row = &t->rows[t->nrows++];
	row->line = c->line;
	row->cell = xcalloc(s->ncols, sizeof(*row->cell));
	for (size_t i = 0; i < s->ncols; i++)
		row->cell[i] = xstrdup(c->fields[pos[i]]);
}

/* Reads every record of one file into t, reporting what is wrong. */
static void read_table(struct report *r, struct table *t, const char *data, size_t len)
{
	struct csv c;
	int pos[MAX_COLS];
	assert(t->spec->ncols <= MAX_COLS);
	csv_init(&c, data, len);
	int rc = csv_next(&c);
	if (rc == 0)
		refdata_problem(r, t, c.next_line, "header", "the file has no header line");
	if (rc == 1) {
		t->header_line = c.line;
		size_t nheader = c.nfields;
		if (map_header(r, t, &c, pos) == 0)
			while ((rc = csv_next(&c)) == 1)
				read_row(r, t, &c, nheader, pos);
	}
	if (rc < 0)
		refdata_problem(r, t, c.line, "csv", "%s", c.err);
	csv_release(&c);
}

/* Reports values of unique columns that appear on two rows. */
static void check_unique(struct report *r, struct table *t)
{
	const struct file_spec *s = t->spec;
	for (size_t i = 0; i < s->ncols; i++) {
		if (!s->cols[i].unique)
			continue;
		for (size_t a = 1; a < t->nrows; a++)
			for (size_t b = 0; b < a; b++)
				if (strcmp(t->rows[a].cell[i], t->rows[b].cell[i]) == 0) {
					refdata_problem(r, t, t->rows[a].line, s->cols[i].name,
					                "\"%s\" is already used on line %zu",
					                t->rows[a].cell[i], t->rows[b].line);
					break;
				}
	}
}

/* ---- reading ------------------------------------------------------------ */

/* The bytes of the file called `name`: from files[] if given there, else
 * embedded. Returns false when neither has it. */
static bool source_of(const char *name, const struct refdata_file *files, size_t nfiles,
                      const char **data, size_t *len)
{
	for (size_t i = 0; i < nfiles; i++)
		if (strcmp(files[i].name, name) == 0) {
			*data = files[i].data;
			*len = files[i].len;
			return true;
		}
	const struct embed_file *f = embed_find(name);
	if (!f)
		return false;
	*data = f->data;
	*len = f->len;
	return true;
}

void refdata_free(struct refdata *rd)
{
	if (!rd)
		return;
	for (size_t t = 0; t < T_COUNT; t++) {
		struct table *tab = &rd->t[t];
		for (size_t i = 0; i < tab->nrows; i++) {
			for (size_t c = 0; c < tab->spec->ncols; c++)
				free(tab->rows[i].cell[c]);
			free(tab->rows[i].cell);
		}
		free(tab->rows);
	}
	free(rd);
}

int refdata_read(const struct refdata_file *files, size_t nfiles, struct refdata **out,
                 struct buf *errors, size_t *nerrors)
{
	struct report r = {0};
	struct refdata *rd = xcalloc(1, sizeof(*rd));
	for (size_t i = 0; i < T_COUNT; i++) {
		struct table *t = &rd->t[i];
		t->spec = &refdata_specs[i];
		t->index = i;
		const char *data;
		size_t len;
		if (!source_of(t->spec->name, files, nfiles, &data, &len))
			refdata_problem(&r, t, 0, "file", "not found (neither given nor embedded)");
		else
			read_table(&r, t, data, len);
	}
	/* Checks across rows run once every file is read: countries look up
	 * regions. */
	for (size_t i = 0; i < T_COUNT; i++) {
		struct table *t = &rd->t[i];
		check_unique(&r, t);
		t->spec->check(&r, rd, t);
		if (t->spec->exact_rows && t->nerrors == 0 && t->nrows != t->spec->exact_rows)
			refdata_problem(&r, t, t->header_line, "rows", "%zu rows, expected %zu",
			                t->nrows, t->spec->exact_rows);
	}
	size_t count = r.count;
	if (nerrors)
		*nerrors = count;
	report_flush(&r, errors);
	if (count) {
		refdata_free(rd);
		rd = NULL;
	}
	*out = rd;
	return rd ? 0 : -1;
}

/* ---- writing ------------------------------------------------------------ */

/* The search key: the row's names (columns name_*) joined by " | ", folded. */
static int search_key(const struct file_spec *s, const struct row *row, struct buf *key)
{
	struct buf joined;
	buf_init(&joined, MAX_COLS * MAX_FIELD);
	for (size_t i = 0; i < s->ncols; i++) {
		if (!str_starts(s->cols[i].name, "name_"))
			continue;
		if (joined.len)
			buf_puts(&joined, " | ");
		buf_puts(&joined, row->cell[i]);
	}
	buf_reset(key);
	int rc = joined.overflow ? -1 : text_fold(buf_str(&joined), joined.len, key);
	buf_release(&joined);
	return rc;
}

static int write_row(struct db *db, const struct file_spec *s, const struct row *row,
                     struct buf *key, char *err, size_t errlen)
{
	struct db_arg args[MAX_COLS + 1];
	size_t n = 0;
	for (size_t i = 0; i < s->ncols; i++) {
		const char *v = row->cell[i];
		int64_t num = 0;
		if (s->cols[i].kind == K_INT && *v) {
			parse_int64(v, s->cols[i].min, s->cols[i].max, &num);
			args[n++] = DB_INT(num);
		} else {
			args[n++] = DB_TEXT(*v ? v : NULL);
		}
	}
	if (s->search_key) {
		if (search_key(s, row, key) < 0) {
			snprintf(err, errlen, "%s:%zu: search key too long", s->name, row->line);
			return -1;
		}
		args[n++] = DB_TEXT(buf_str(key));
	}
	if (db_exec(db, s->upsert_sql, n, args) < 0) {
		snprintf(err, errlen, "%s:%zu: %s", s->name, row->line, db_errmsg(db));
		return -1;
	}
	return 0;
}

/* Writes a table's rows; with an order column, in as many passes as it has
 * choices (regions: World, then regions, sub-regions, intermediates, so
 * every parent exists before its children). */
static int write_table(struct db *db, const struct table *t, struct buf *key, char *err,
                       size_t errlen)
{
	const struct file_spec *s = t->spec;
	int passes = 1;
	if (s->order_col >= 0)
		for (passes = 0; s->cols[s->order_col].choices[passes]; passes++)
			;
	for (int pass = 0; pass < passes; pass++)
		for (size_t i = 0; i < t->nrows; i++) {
			const struct row *row = &t->rows[i];
			if (s->order_col >= 0 &&
			    refdata_choice_index(s->cols[s->order_col].choices,
			                         row->cell[s->order_col]) != pass)
				continue;
			if (write_row(db, s, row, key, err, errlen) < 0)
				return -1;
		}
	return 0;
}

int refdata_write(struct db *db, const struct refdata *rd, char *err, size_t errlen)
{
	if (db_begin(db) < 0) {
		snprintf(err, errlen, "reference data: %s", db_errmsg(db));
		return -1;
	}
	struct buf key;
	buf_init(&key, MAX_COLS * MAX_FIELD);
	int rc = 0;
	for (size_t i = 0; i < T_COUNT && rc == 0; i++)
		rc = write_table(db, &rd->t[i], &key, err, errlen);
	buf_release(&key);
	/* the names people type (aliases) and the countries' search documents */
	if (rc == 0 && (countries_refresh_keys(db) < 0 || countries_index_all(db) < 0)) {
		snprintf(err, errlen, "reference data: country names: %s", db_errmsg(db));
		rc = -1;
	}
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) < 0) {
		snprintf(err, errlen, "reference data: commit: %s", db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return 0;
}

int refdata_count(struct db *db, struct refdata_counts *out)
{
	*out = (struct refdata_counts){0};
	struct refdata_counts n;
	if (db_scalar_int(db, &n.countries, 0, "SELECT count(*) FROM country", NO_ARGS) < 0 ||
	    db_scalar_int(db, &n.objectives, 0, "SELECT count(*) FROM objective", NO_ARGS) < 0 ||
	    db_scalar_int(db, &n.principles, 0, "SELECT count(*) FROM principle", NO_ARGS) < 0)
		return -1;
	*out = n;
	return 0;
}

/* ---- loading ------------------------------------------------------------ */

/* Copies as many whole lines of `lines` (total problems in all) as fit into
 * err, joined by newlines, then says how many were left out. When not even
 * the first line fits, it is cut. */
static void summarize(const char *lines, size_t total, char *err, size_t errlen)
{
	enum { TAIL = 32 };   /* room kept for "\n… and N more" */
	if (!errlen)
		return;
	err[0] = '\0';
	size_t used = 0, shown = 0;
	for (const char *p = lines; *p && shown < total; shown++) {
		size_t len = strcspn(p, "\n");
		size_t sep = used ? 1 : 0;
		size_t reserve = shown + 1 < total ? TAIL : 0;
		if (used + sep + len + reserve >= errlen)
			break;
		memcpy(err + used, "\n", sep);
		memcpy(err + used + sep, p, len);
		used += sep + len;
		err[used] = '\0';
		p += len + (p[len] == '\n');
	}
	if (!shown && *lines) {
		snprintf(err, errlen, "%.*s", (int)strcspn(lines, "\n"), lines);
		used = strlen(err);
		shown = 1;
	}
	if (shown < total)
		snprintf(err + used, errlen - used, "%s… and %zu more", used ? "\n" : "",
		         total - shown);
}

int refdata_load_files(struct db *db, const struct refdata_file *files, size_t nfiles,
                       char *err, size_t errlen)
{
	struct buf errors;
	buf_init(&errors, ERRORS_MAX);
	struct refdata *rd;
	size_t nerrors;
	if (refdata_read(files, nfiles, &rd, &errors, &nerrors) < 0) {
		summarize(buf_str(&errors), nerrors, err, errlen);
		buf_release(&errors);
		return -1;
	}
	buf_release(&errors);
	int rc = refdata_write(db, rd, err, errlen);
	refdata_free(rd);
	return rc;
}

int refdata_load(struct db *db, char *err, size_t errlen)
{
	return refdata_load_files(db, NULL, 0, err, errlen);
}
