/* ui_import.c — importing commitments: GET /commitments/import (a form to
 * paste a file into) and POST, the same import as the API and `pacte
 * import commitments`: all or nothing, every problem listed. */
#include <stdio.h>
#include <string.h>

#include "domain/commitments.h"
#include "domain/importer.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_import.h"
#include "util.h"
#include "web.h"

#define IMPORT_FILENAME_MAX 100
/* The problems of one import, one line each: every record of a 1 MiB
 * body may have several. */
#define IMPORT_PROBLEMS_MAX ((size_t)1 << 20)

static const char *const import_formats[] = {"csv", "json", NULL};

/* A file name fit to appear in "FILE:LINE: field: reason": letters,
 * digits, '.', '-', '_' only; anything else gives `dflt`. */
static const char *import_filename(const char *name, const char *dflt)
{
	if (!name || !*name || strlen(name) > IMPORT_FILENAME_MAX)
		return dflt;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == '_'))
			return dflt;
	return name;
}

struct import_input {
	const char *data;
	size_t len;
	const char *format;      /* "csv", "json" or NULL: detect */
	const char *filename;
};

/* Where the file is: a JSON object's "data", a form's "data" field, or
 * the body itself (text/csv and any other type the server does not
 * parse). */
static void import_read(const struct request *req, struct import_input *in)
{
	memset(in, 0, sizeof *in);
	const char *type = req->content_type ? req->content_type : "";
	if (json_is_array(req->json_body)) {
		/* The JSON file itself, posted as the body. */
		in->data = buf_str(&req->body);
		in->len = req->body.len;
		in->format = "json";
		in->filename = req_query(req, "filename");
	} else if (req->json_body) {
		in->data = json_string_value(json_object_get(req->json_body, "data"));
		in->len = in->data ? json_string_length(json_object_get(req->json_body, "data")) : 0;
		in->format = json_string_value(json_object_get(req->json_body, "format"));
		in->filename = json_string_value(json_object_get(req->json_body, "filename"));
	} else if (str_starts(type, "application/x-www-form-urlencoded")) {
		in->data = req_form(req, "data");
		in->len = in->data ? strlen(in->data) : 0;
		in->format = req_form(req, "format");
		in->filename = req_form(req, "filename");
	} else {
		in->data = buf_str(&req->body);
		in->len = req->body.len;
		in->format = req_query(req, "format");
		if (!ui_given(in->format) && str_starts(type, "text/csv"))
			in->format = "csv";
		in->filename = req_query(req, "filename");
	}
	if (!ui_given(in->format))
		in->format = NULL;
}

/* One "FILE:LINE: field: reason" line as {"line", "field", "detail",
 * "text"}; a line of another shape is kept as "text" alone. */
static json_t *import_problem(const char *filename, const char *line, size_t len)
{
	json_t *p = json_pack("{s:s%}", "text", line, len);
	size_t flen = strlen(filename);
	if (len <= flen + 1 || strncmp(line, filename, flen) != 0 || line[flen] != ':')
		return p;
	const char *s = line + flen + 1, *end = line + len;
	int64_t n = 0;
	while (s < end && *s >= '0' && *s <= '9' && n < INT32_MAX)
		n = n * 10 + (*s++ - '0');
	if (s + 2 > end || s[0] != ':' || s[1] != ' ')
		return p;
	s += 2;
	const char *colon = s;
	while (colon + 1 < end && !(colon[0] == ':' && colon[1] == ' '))
		colon++;
	json_object_set_new(p, "line", json_integer(n));
	if (colon + 1 >= end) {
		json_object_set_new(p, "detail", json_stringn(s, (size_t)(end - s)));
		return p;
	}
	json_object_set_new(p, "field", json_stringn(s, (size_t)(colon - s)));
	json_object_set_new(p, "detail", json_stringn(colon + 2, (size_t)(end - colon - 2)));
	return p;
}

static json_t *import_problems(const char *filename, const struct buf *errors)
{
	json_t *list = json_array();
	const char *s = buf_str(errors), *end = s + errors->len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n)
			json_array_append_new(list, import_problem(filename, s, n));
		s += n + 1;
	}
	return list;
}

/* A refused import: 422 with every problem listed (the HTML page also
 * gives back what was pasted). Steals problems. */
static void import_refused(struct request *req, struct page *page, json_t *problems,
                           size_t count, const struct import_input *in)
{
	json_t *problem = json_pack("{s:s, s:s, s:i, s:s, s:I, s:o}", "type", "about:blank",
	                            "title", tr(req->locale, "The file was not imported"),
	                            "status", 422,
	                            "detail", tr(req->locale, "Nothing was written: correct every problem listed and send the whole file again."),
	                            "count", (json_int_t)count, "errors", problems);
	json_t *model = json_deep_copy(problem);
	json_object_set(model, "problems", problems);
	json_object_set_new(model, "has_problems", json_true());
	json_object_set_new(model, "form", json_pack("{s:s%}", "data", in->data, in->len));
	page_problem(req, page, "commitments/import", model, problem,
	             tr(req->locale, "Import commitments"));
}

/* A request that is no file to import: 422 naming the field. */
static void import_invalid(struct request *req, struct page *page, const char *field,
                           const char *msgid)
{
	page_invalid(req, page, "commitments/import", NULL, json_object(),
	           json_pack("{s:s}", field, msgid), tr(req->locale, "Import commitments"));
}

void ui_import_form(struct request *req, struct page *page)
{
	json_t *model = ui_form_model(req);
	json_object_set_new(model, "form", json_pack("{s:s}", "format", ""));
	page_set(page, "commitments/import", model, tr(req->locale, "Import commitments"));
}

void ui_import_file(struct request *req, struct page *page)
{
	struct import_input in;
	import_read(req, &in);
	if (in.format && code_index(import_formats, in.format) < 0) {
		import_invalid(req, page, "format", N_("The format must be csv or json."));
		return;
	}
	if (!in.data || !in.len) {
		import_invalid(req, page, "data", N_("The file is empty."));
		return;
	}
	enum import_format fmt = IMPORT_CSV;
	if (in.format)
		fmt = strcmp(in.format, "json") == 0 ? IMPORT_JSON : IMPORT_CSV;
	const char *dflt = in.format ? (fmt == IMPORT_JSON ? "upload.json" : "upload.csv") : "upload";
	const char *filename = import_filename(in.filename, dflt);
	if (!in.format && import_format_detect(filename, in.data, in.len, &fmt) < 0) {
		import_invalid(req, page, "format", N_("Say whether the file is csv or json: the format could not be told from its content."));
		return;
	}
	json_t *created = json_array();
	struct import_options o = {.filename = filename, .as = req->user, .created = created,
	                           .locale = req->locale};
	struct import_result r;
	memset(&r, 0, sizeof r);
	struct buf errors;
	buf_init(&errors, IMPORT_PROBLEMS_MAX);
	enum outcome out = import_commitments(req->db, in.data, in.len, fmt, &o, &errors, &r);
	if (out == OUTCOME_INVALID) {
		import_refused(req, page, import_problems(filename, &errors), r.nerrors, &in);
	} else if (out == OUTCOME_ERROR) {
		fprintf(stderr, "pacte: import: %s", buf_str(&errors));
		web_outcome_error(req, page, out);
	} else if (!web_outcome_error(req, page, out)) {
		json_t *model = json_pack("{s:b, s:I, s:I, s:I, s:O}", "imported", 1,
		                          "records", (json_int_t)r.records,
		                          "commitments", (json_int_t)r.commitments,
		                          "updates", (json_int_t)r.updates, "created", created);
		page_set(page, "commitments/import", model, tr(req->locale, "Import commitments"));
		page->no_cache = true;
	}
	json_decref(created);
	buf_release(&errors);
}
