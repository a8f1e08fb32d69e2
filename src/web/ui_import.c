/* ui_import.c — importing a file through the web: commitments (GET and
 * POST /commitments/import, the same import as the API and `pacte import
 * commitments`) and indicators' national values (GET and POST
 * /indicators/import, SDMX-CSV, as `pacte import indicators`). Both all or
 * nothing, every problem listed as FILE:LINE: field: reason; what differs
 * between them is a struct import_kind. */
#include <stdio.h>
#include <string.h>

#include "domain/commitments.h"
#include "domain/importer.h"
#include "domain/indicators.h"
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

/* What one kind of import is: its page, its title, and the domain call
 * that reads the file whole (filename is what its problems are named
 * after). run returns the outcome; on OUTCOME_OK it fills done with what
 * the page and the JSON say was imported, on OUTCOME_INVALID *nproblems. */
struct import_kind {
	const char *template;
	const char *title;       /* msgid */
	/* The formats a file may be in (csv, json), said or told from its
	 * content; NULL: one format only, nothing to say. */
	const char *const *formats;
	enum outcome (*run)(struct request *req, const struct import_input *in,
	                    const char *filename, struct buf *errors, json_t *done,
	                    size_t *nproblems);
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
static void import_refused(struct request *req, struct page *page, const struct import_kind *k,
                           json_t *problems, size_t count, const struct import_input *in)
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
	page_problem(req, page, k->template, model, problem, tr(req->locale, k->title));
}

/* A request that is no file to import: 422 naming the field. */
static void import_invalid(struct request *req, struct page *page, const struct import_kind *k,
                           const char *field, const char *msgid)
{
	page_invalid(req, page, k->template, NULL, json_object(), json_pack("{s:s}", field, msgid),
	             tr(req->locale, k->title));
}

/* Commitments: CSV or JSON (in->format, said or told from the content by
 * import_file). */
static enum outcome run_commitments(struct request *req, const struct import_input *in,
                                    const char *filename, struct buf *errors, json_t *done,
                                    size_t *nproblems)
{
	enum import_format fmt = strcmp(in->format, "json") == 0 ? IMPORT_JSON : IMPORT_CSV;
	json_t *created = json_array();
	struct import_options o = {.filename = filename, .as = req->user, .created = created,
	                           .locale = req->locale};
	struct import_result r;
	memset(&r, 0, sizeof r);
	enum outcome out = import_commitments(req->db, in->data, in->len, fmt, &o, errors, &r);
	*nproblems = r.nerrors;
	json_object_set_new(done, "records", json_integer((json_int_t)r.records));
	json_object_set_new(done, "commitments", json_integer((json_int_t)r.commitments));
	json_object_set_new(done, "updates", json_integer((json_int_t)r.updates));
	json_object_set_new(done, "created", created);
	return out;
}

/* Indicators: SDMX-CSV, each country's values by its state's people. */
static enum outcome run_indicators(struct request *req, const struct import_input *in,
                                   const char *filename, struct buf *errors, json_t *done,
                                   size_t *nproblems)
{
	size_t nobs = 0;
	enum outcome out = indicators_import_sdmx(req->db, req->user, filename, in->data, in->len,
	                                          "real", errors, &nobs, nproblems);
	json_object_set_new(done, "observations", json_integer((json_int_t)nobs));
	return out;
}

static const struct import_kind commitments_kind = {
	"commitments/import", N_("Import commitments"), import_formats, run_commitments,
};
static const struct import_kind indicators_kind = {
	"indicators/import", N_("Import indicator values"), NULL, run_indicators,
};

static void import_form(struct request *req, struct page *page, const struct import_kind *k)
{
	json_t *model = ui_form_model(req);
	json_object_set_new(model, "form", json_pack("{s:s}", "format", ""));
	page_set(page, k->template, model, tr(req->locale, k->title));
}

/* Checks what was sent, runs the kind's import, answers. */
static void import_file(struct request *req, struct page *page, const struct import_kind *k)
{
	struct import_input in;
	import_read(req, &in);
	if (k->formats && in.format && code_index(k->formats, in.format) < 0) {
		import_invalid(req, page, k, "format", N_("The format must be csv or json."));
		return;
	}
	if (!in.data || !in.len) {
		import_invalid(req, page, k, "data", N_("The file is empty."));
		return;
	}
	const char *dflt = !k->formats ? "upload.csv" : !in.format ? "upload"
	                   : strcmp(in.format, "json") == 0 ? "upload.json" : "upload.csv";
	const char *filename = import_filename(in.filename, dflt);
	enum import_format fmt;
	if (k->formats && !in.format) {
		if (import_format_detect(filename, in.data, in.len, &fmt) < 0) {
			import_invalid(req, page, k, "format", N_("Say whether the file is csv or json: the format could not be told from its content."));
			return;
		}
		in.format = fmt == IMPORT_JSON ? "json" : "csv";
	}
	json_t *done = json_object();
	size_t nproblems = 0;
	struct buf errors;
	buf_init(&errors, IMPORT_PROBLEMS_MAX);
	enum outcome out = k->run(req, &in, filename, &errors, done, &nproblems);
	if (out == OUTCOME_INVALID) {
		import_refused(req, page, k, import_problems(filename, &errors), nproblems, &in);
	} else if (out == OUTCOME_ERROR) {
		fprintf(stderr, "pacte: import: %s", buf_str(&errors));
		web_outcome_error(req, page, out);
	} else if (!web_outcome_error(req, page, out)) {
		json_object_set_new(done, "imported", json_true());
		page_set(page, k->template, json_incref(done), tr(req->locale, k->title));
		page->no_cache = true;
	}
	json_decref(done);
	buf_release(&errors);
}

void ui_import_form(struct request *req, struct page *page)
{
	import_form(req, page, &commitments_kind);
}

void ui_import_file(struct request *req, struct page *page)
{
	import_file(req, page, &commitments_kind);
}

void ui_indicators_import_form(struct request *req, struct page *page)
{
	import_form(req, page, &indicators_kind);
}

void ui_indicators_import_file(struct request *req, struct page *page)
{
	import_file(req, page, &indicators_kind);
}
