/* importer_read.c — the importer's readers: a CSV file of commitments
 * (with its optional CSV file of updates) or a JSON array, each record
 * turned into the input the web form gives (importer_impl.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "csv.h"
#include "i18n.h"
#include "importer_impl.h"
#include "text.h"
#include "util.h"

/* The problems of a file's shape, in the reader's words (importer_say). */
static const char MSG_NO_HEADER[] = N_("no header row: the first row names the columns");
static const char MSG_UNKNOWN_COLUMN[] = N_("unknown column");
static const char MSG_MISSING_COLUMN[] = N_("missing column");
static const char MSG_FIELDS[] = N_("expected {expected} fields as in the header, found {found}");

static json_t *fields_args(size_t expected, size_t found)
{
	return json_pack("{s:I, s:I}", "expected", (json_int_t)expected, "found", (json_int_t)found);
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
		if (rc < 0)
			importer_problem(im, c->line ? c->line : 1, "(file)", "%s", c->err);
		else
			importer_say(im, NULL, 1, "(file)", MSG_NO_HEADER, NULL);
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
			importer_say(im, NULL, c->line, im->header[i], MSG_UNKNOWN_COLUMN, NULL), bad++;
	}
	for (size_t k = 0; csv_required[k]; k++)
		if (csv_column(im->header, im->ncols, csv_required[k]) < 0)
			importer_say(im, NULL, c->line, csv_required[k], MSG_MISSING_COLUMN, NULL), bad++;
	if (csv_column(im->header, im->ncols, "owner") < 0 &&
	    csv_column(im->header, im->ncols, "owner_actor_id") < 0)
		importer_say(im, NULL, c->line, "owner", MSG_MISSING_COLUMN, NULL), bad++;
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
	struct record *r = importer_new_record(im, c->line);
	if (c->nfields != im->ncols) {
		importer_say(im, NULL, c->line, "(record)", MSG_FIELDS, fields_args(im->ncols, c->nfields));
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
			importer_set_ref(im, r, v);
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

int importer_read_csv(struct import *im, const char *data, size_t len)
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
		importer_problem(im, c.line, "(file)", "%s", c.err);
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
		if (rc < 0)
			importer_problem_in(im, file, c->line ? c->line : 1, "(file)", "%s", c->err);
		else
			importer_say(im, file, 1, "(file)", MSG_NO_HEADER, NULL);
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
			importer_say(im, file, c->line, (*header)[i], MSG_UNKNOWN_COLUMN, NULL), bad++;
	}
	if (csv_column(*header, *ncols, "ref") < 0)
		importer_say(im, file, c->line, "ref", MSG_MISSING_COLUMN, NULL), bad++;
	return bad ? -1 : 0;
}

static void update_row(struct import *im, struct csv *c, char **header, size_t ncols)
{
	const char *file = im->o->updates_filename;
	if (c->nfields != ncols) {
		importer_say(im, file, c->line, "(record)", MSG_FIELDS, fields_args(ncols, c->nfields));
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
		importer_say(im, file, c->line, "ref", N_("no commitment of {file} has this ref"),
		             json_pack("{s:s}", "file", im->filename));
		json_decref(u);
		return;
	}
	json_array_append_new(im->recs[json_integer_value(idx)].updates, u);
}

void importer_read_updates_csv(struct import *im)
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
		importer_problem_in(im, im->o->updates_filename, c.line, "(file)", "%s", c.err);
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

int importer_read_json(struct import *im, const char *data, size_t len)
{
	json_error_t err;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		importer_problem(im, err.line > 0 ? (size_t)err.line : 1, "(file)", "%s", err.text);
		return -1;
	}
	if (!json_is_array(root)) {
		importer_say(im, NULL, 1, "(file)", N_("expected an array of commitments: [{...}, {...}]"), NULL);
		json_decref(root);
		return -1;
	}
	size_t nlines, i;
	size_t *lines = element_lines(data, len, &nlines);
	json_t *v;
	json_array_foreach(root, i, v) {
		size_t line = i < nlines ? lines[i] : 1;
		struct record *r = importer_new_record(im, line);
		if (!json_is_object(v)) {
			importer_say(im, NULL, line, "(record)", N_("expected an object"), NULL);
			json_decref(r->input);
			r->input = NULL;
			continue;
		}
		json_object_update(r->input, v);
		const json_t *ref = json_object_get(v, "ref");
		if (ref && !json_is_string(ref))
			importer_say(im, NULL, line, "ref", N_("expected text"), NULL);
		importer_set_ref(im, r, json_string_value(ref));
		json_object_del(r->input, "ref");
		json_t *updates = json_object_get(v, "updates");
		if (updates && !json_is_array(updates))
			importer_say(im, NULL, line, "updates", N_("expected a list of progress updates"), NULL);
		else if (updates)
			json_array_extend(r->updates, updates);
		json_object_del(r->input, "updates");
	}
	free(lines);
	json_decref(root);
	return 0;
}
