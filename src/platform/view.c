/* view.c — renders a page as HTML (template + layout context), JSON, RFC 9457
 * problem+json, or raw bytes. The only place a model becomes bytes. */
#include <assert.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "csv.h"
#include "db.h"
#include "i18n.h"
#include "template.h"
#include "template_i18n.h"
#include "util.h"
#include "view.h"

void page_init(struct page *page)
{
	*page = (struct page){.status = 200, .file_fd = -1};
	buf_init(&page->raw, BUF_MAX_PAGE);
}

void page_release(struct page *page)
{
	if (page->file_fd >= 0)
		close(page->file_fd);
	page->file_fd = -1;
	json_decref(page->model);
	buf_release(&page->raw);
	page->model = NULL;
}

void page_redirect(struct page *page, const char *location)
{
	page->status = 303;
	page->location = location;
	page->no_cache = true;
}

void page_set(struct page *page, const char *template_name, json_t *model, const char *title)
{
	json_decref(page->model);
	page->template = template_name;
	page->model = model;
	page->title = title;
}

void page_written(struct request *req, struct page *page, int status, const char *location,
                  const char *template_name, json_t *model)
{
	assert(location && (status == 200 || status == 201));
	if (req->format == FORMAT_JSON) {
		page_set(page, template_name, model, NULL);
		page->status = status;
		page->no_cache = true;
		if (status == 201)
			page->location = location;
		return;
	}
	json_decref(model);
	page_redirect(page, location);
}

void page_problem(struct request *req, struct page *page, const char *template_name,
                  json_t *model, json_t *problem, const char *title)
{
	int status = (int)json_integer_value(json_object_get(problem, "status"));
	assert(status >= 400 && status < 500);
	if (req->format == FORMAT_JSON) {
		json_decref(model);
		page_set(page, "error", problem, title);
	} else {
		json_decref(problem);
		page_set(page, template_name, model ? model : json_object(), title);
	}
	page->status = status;
	page->no_cache = true;
}

void page_document(struct page *page, const char *template_name, json_t *model,
                   const char *title, const char *content_type)
{
	assert(content_type);
	page_set(page, template_name, model, title);
	page->document_type = content_type;
}

void page_html_extra(struct page *page, page_extra_fn fn)
{
	assert(page->model);
	page->html_extra = fn;
}

const char *view_link(struct request *req, const char *path)
{
	assert(path && path[0] == '/');
	return req->format == FORMAT_JSON ? arena_printf(&req->arena, "/api/v1%s", path) : path;
}

void page_error(struct request *req, struct page *page, int status, const char *title_msgid,
                const char *detail)
{
	const char *title = tr(req->locale, title_msgid);
	json_t *model = json_pack("{s:s, s:s, s:i}", "type", "about:blank", "title", title,
	                          "status", status);
	if (detail)
		json_object_set_new(model, "detail", json_string(detail));
	page_set(page, "error", model, title);
	page->status = status;
	page->no_cache = true;
}

void page_unavailable(struct request *req, struct page *page)
{
	bool write = !(req->method & (HTTP_GET | HTTP_HEAD));
	bool unknown = req->db && db_commit_unknown(req->db);
	const char *detail =
		unknown ? N_("The database was lost while saving, so whether it was saved is not "
		             "known. This is not your doing; in a moment, check before sending it "
		             "again.") :
		write ? N_("Nothing was saved: the database cannot be reached at the moment. "
		           "This is not your doing; please send it again in a moment.") :
		N_("The database cannot be reached at the moment. This is not your doing; "
		   "please try again in a moment.");
	page_error(req, page, 503, N_("Database unavailable"), tr(req->locale, detail));
	json_object_set_new(page->model, "reason", json_string("database_unavailable"));
	if (write)
		json_object_set_new(page->model, "saved", unknown ? json_null() : json_false());
	page->retry_after = DB_UNAVAILABLE_RETRY_S;
}

int view_retry_after(int status)
{
	switch (status) {
	case 503: return 1;
	case 429: return 60;
	default: return 0;
	}
}

void response_init(struct response *resp)
{
	*resp = (struct response){.status = 200, .file_fd = -1};
	buf_init(&resp->body, BUF_MAX_PAGE);
}

void response_release(struct response *resp)
{
	if (resp->file_fd >= 0)
		close(resp->file_fd);
	resp->file_fd = -1;
	buf_release(&resp->body);
}

void page_csv(struct page *page, const struct page_csv *table)
{
	page->csv = table;
}

void page_file(struct page *page, int fd, long long size, const char *content_type)
{
	if (page->file_fd >= 0)
		close(page->file_fd);
	page->file_fd = fd;
	page->file_size = size;
	page->content_type = content_type;
	page->no_cache = true;
}

/* A language link's maximum: the path alone, every byte encoded, always
 * fits, so only a long query can be left out (lang_url). */
#define LANG_URL_MAX 8192
_Static_assert(3 * REQUEST_MAX_PATH + 64 < LANG_URL_MAX, "a path always fits a language link");

/* Appends s percent-encoded: every byte but the unreserved characters of
 * RFC 3986 (and `keep`, when not NUL). */
static void url_encode(struct buf *b, const char *s, char keep)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~' || (keep && c == (unsigned char)keep)) {
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

int url_with_lang(struct buf *out, const char *path, const struct params *query,
                  const char *code)
{
	url_encode(out, path, '/');
	buf_putc(out, '?');
	for (size_t i = 0; query && i < query->len; i++) {
		if (strcmp(query->items[i].name, "lang") == 0)
			continue;
		url_encode(out, query->items[i].name, '\0');
		buf_putc(out, '=');
		url_encode(out, query->items[i].value, '\0');
		buf_putc(out, '&');
	}
	buf_puts(out, "lang=");
	url_encode(out, code, '\0');
	return out->overflow ? -1 : 0;
}

/* This page in another language, as a JSON string: its URL with its query,
 * or, when the query makes it too long for a link, without (a link that
 * keeps the page is better than one cut in the middle of a parameter). */
static json_t *lang_url(const struct request *req, const char *code)
{
	struct buf b;
	buf_init(&b, LANG_URL_MAX);
	if (url_with_lang(&b, req->path, &req->query, code) < 0) {
		buf_reset(&b);
		int r = url_with_lang(&b, req->path, NULL, code);
		assert(r == 0); /* the parser caps paths: see LANG_URL_MAX */
		(void)r;
	}
	json_t *s = json_stringn(b.data, b.len);
	buf_release(&b);
	return s;
}

json_t *view_locales(const struct request *req)
{
	json_t *locales = json_array();
	for (const char *const *l = i18n_locales(); *l; l++)
		json_array_append_new(locales, json_pack("{s:s, s:s, s:s, s:o, s:b}", "code", *l,
		                                         "name", i18n_native_name(*l),
		                                         "dir", i18n_dir(*l),
		                                         "url", lang_url(req, *l),
		                                         "current", strcmp(*l, req->locale) == 0));
	return locales;
}

/* What every template sees besides its model: the layout's context. */
static json_t *layout_context(const struct request *req, const struct page *page)
{
	json_t *locales = view_locales(req);
	const char *api = strcmp(req->path, "/") == 0 ? "" : req->path;
	json_t *api_path = json_pack("s++", "/api/v1", api, "");
	json_t *ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:i}",
	                        "lang", req->locale, "dir", i18n_dir(req->locale),
	                        "title", page->title ? page->title : "Pacte",
	                        "path", req->path, "api_path", api_path,
	                        "locales", locales, "status", page->status);
	if (page->csv)             /* a list: its CSV twin, with the same filters */
		json_object_set_new(ctx, "csv_path", json_pack("s+++", req->path, ".csv",
		                    *req->query_string ? "?" : "", req->query_string));
	if (req->viewer)
		json_object_set(ctx, "viewer", req->viewer);
	if (req->csrf_token)
		json_object_set_new(ctx, "csrf_token", json_string(req->csrf_token));
	return ctx;
}


/* Renders the page's template with extra as the context besides its model
 * (stolen), answered as content_type. */
static void render_template(struct request *req, struct page *page, json_t *extra,
                            const char *content_type, struct response *resp)
{
	struct template_env env = template_env_for(req->locale);
	resp->content_type = content_type;
	if (template_render(req->app->templates, page->template, page->model, extra, &env,
	                    &resp->body) < 0) {
		/* A missing template is a programming error caught by the tests;
		 * answer plainly rather than with half a page. */
		buf_reset(&resp->body);
		buf_puts(&resp->body, "Internal error: the page could not be rendered.\n");
		resp->content_type = "text/plain; charset=utf-8";
		resp->status = 500;
		resp->cacheable = false;
	}
	json_decref(extra);
}

static void render_json(struct page *page, struct response *resp)
{
	resp->content_type = page->status >= 400 ? "application/problem+json"
	                                         : "application/json; charset=utf-8";
	char *s = page->model ? json_dumps(page->model, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	buf_puts(&resp->body, s ? s : "{}");
	free(s);
	buf_putc(&resp->body, '\n');
}

/* The value at path ("a" or "a/b") in row, or NULL. */
static json_t *csv_value(json_t *row, const char *path)
{
	const char *slash = strchr(path, '/');
	if (!slash)
		return json_object_get(row, path);
	char key[64];
	size_t n = (size_t)(slash - path);
	if (n >= sizeof key)
		return NULL;
	memcpy(key, path, n);
	key[n] = '\0';
	return csv_value(json_object_get(row, key), slash + 1);
}

/* One plain value as CSV text into cell (reset first): numbers as they
 * are, booleans as true/false, an array's plain values joined by "; ". */
static enum csv_type csv_cell(struct buf *cell, json_t *v)
{
	if (!v)
		return CSV_NUMBER;  /* absent: an empty field */
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_append(cell, json_string_value(v), json_string_length(v));
		return CSV_TEXT;
	case JSON_INTEGER:
		buf_printf(cell, "%lld", (long long)json_integer_value(v));
		return CSV_NUMBER;
	case JSON_REAL:
		buf_printf(cell, "%.17g", json_real_value(v));
		return CSV_NUMBER;
	case JSON_TRUE:
		buf_puts(cell, "true");
		return CSV_NUMBER;
	case JSON_FALSE:
		buf_puts(cell, "false");
		return CSV_NUMBER;
	case JSON_ARRAY: {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			if (json_is_object(item) || json_is_array(item))
				continue;
			if (cell->len)
				buf_puts(cell, "; ");
			csv_cell(cell, item);
		}
		return CSV_TEXT;
	}
	default:
		return CSV_NUMBER;  /* null, an object: an empty field */
	}
}

/* The page's CSV twin: its table's rows under a header row. */
static void render_csv(struct page *page, struct response *resp)
{
	const struct page_csv *t = page->csv;
	resp->content_type = "text/csv; charset=utf-8; header=present";
	for (size_t c = 0; c < t->ncolumns; c++) {
		if (c)
			buf_putc(&resp->body, ',');
		csv_put_field(&resp->body, t->columns[c].header, strlen(t->columns[c].header),
		              CSV_TEXT);
	}
	buf_puts(&resp->body, "\r\n");
	struct buf cell;
	buf_init(&cell, BUF_MAX_PAGE);
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(page->model, t->rows), i, row) {
		for (size_t c = 0; c < t->ncolumns; c++) {
			buf_reset(&cell);
			enum csv_type type = csv_cell(&cell, csv_value(row, t->columns[c].path));
			if (c)
				buf_putc(&resp->body, ',');
			csv_put_field(&resp->body, buf_str(&cell), cell.len, type);
		}
		buf_puts(&resp->body, "\r\n");
	}
	buf_release(&cell);
}

void view_render(struct request *req, struct page *page, struct response *resp)
{
	/* What only the HTML shows, before the answer's status is read: a
	 * failure turns the page into an error. */
	if (page->html_extra && req->format == FORMAT_HTML && page->model && !page->content_type &&
	    !page->document_type && !page->location) {
		page_extra_fn fn = page->html_extra;
		page->html_extra = NULL;
		fn(req, page);
	}
	/* A .csv twin of a page that declared no table has nothing to give. */
	if (req->csv && page->status == 200 && !page->csv && !page->location &&
	    page->file_fd < 0 && !page->content_type)
		page_error(req, page, 404, N_("Not found"), NULL);
	/* Statuses are set by handlers and the server, never taken from input. */
	assert(page->status >= 100 && page->status <= 599);
	resp->status = page->status;
	resp->location = page->location;
	resp->cache_control = page->cache_control;
	resp->retry_after = page->retry_after > 0 ? page->retry_after
	                                          : view_retry_after(page->status);
	resp->cacheable = !page->no_cache && page->status == 200;
	if (page->location && page->status >= 300 && page->status < 400) {
		resp->content_type = "text/plain; charset=utf-8";
		buf_printf(&resp->body, "%s\n", page->location);
		return;
	}
	if (page->file_fd >= 0) {
		resp->content_type = page->content_type;
		resp->file_fd = page->file_fd;
		resp->file_size = page->file_size;
		page->file_fd = -1;
		return;
	}
	if (page->content_type) {
		resp->content_type = page->content_type;
		buf_append(&resp->body, page->raw.data ? page->raw.data : "", page->raw.len);
		return;
	}
	if (req->csv && page->status == 200 && page->model && page->csv)
		render_csv(page, resp);
	else if (req->format == FORMAT_JSON)
		render_json(page, resp);
	else if (page->document_type)
		/* A document of its own (page_document): the template alone, its
		 * only context the language. */
		render_template(req, page, json_pack("{s:s}", "lang", req->locale), page->document_type,
		                resp);
	else
		render_template(req, page, layout_context(req, page), "text/html; charset=utf-8", resp);
}
