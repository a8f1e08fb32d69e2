/* ui_data.c — /data and the published files (ui_data.h). */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "domain/export.h"
#include "domain/publish.h"
#include "i18n.h"
#include "ui_data.h"
#include "util.h"
#include "web.h"

/* The lists whose CSV twins the page points to (ROUTE_CSV in routes.c). */
static const struct {
	const char *path;
	const char *title;
} lists[] = {
	{"/commitments", N_("Commitments")},
	{"/actors", N_("Actors")},
	{"/countries", N_("Countries")},
	{"/objectives", N_("Objectives")},
	{"/principles", N_("Guiding principles")},
};

/* A size for people: 1.2 MB, 340 kB, 12 bytes. */
static json_t *size_label(struct request *req, json_int_t bytes)
{
	if (bytes >= 1000000)
		return json_string(arena_printf(&req->arena, "%.1f MB", (double)bytes / 1e6));
	if (bytes >= 1000)
		return json_string(arena_printf(&req->arena, "%.0f kB", (double)bytes / 1e3));
	return json_string(web_format_n(req, "{n} byte", "{n} bytes", bytes));
}

/* One table of the page: its files, their sizes, its rows. */
static json_t *table_json(struct request *req, json_t *pkg, size_t i)
{
	const char *name = export_table_name(i);
	json_t *t = json_pack("{s:s, s:s, s:s}", "name", name,
	                      "title", tr(req->locale, export_table_title(i)),
	                      "description", tr(req->locale, export_table_description(i)));
	json_t *csv = publish_resource(pkg, name);
	json_t *jsonl = publish_resource(pkg, arena_printf(&req->arena, "%s-jsonl", name));
	json_t *rows = json_object_get(csv ? csv : jsonl, "rows");
	json_object_set(t, "rows", rows ? rows : json_null());
	if (csv) {
		json_object_set_new(t, "csv_url",
		                    json_string(arena_printf(&req->arena, "/data/%s.csv", name)));
		json_object_set_new(t, "csv_size", size_label(req, json_integer_value(
			json_object_get(csv, "bytes"))));
	}
	if (jsonl) {
		json_object_set_new(t, "jsonl_url",
		                    json_string(arena_printf(&req->arena, "/data/%s.jsonl", name)));
		json_object_set_new(t, "jsonl_size", size_label(req, json_integer_value(
			json_object_get(jsonl, "bytes"))));
	}
	return t;
}

void ui_data_index(struct request *req, struct page *page)
{
	json_t *pkg = req->app->data_dir ? publish_read(req->app->data_dir) : json_null();
	if (!pkg) {
		page_error(req, page, 500, "Internal error",
		           tr(req->locale, "The published open data could not be read."));
		return;
	}
	bool published = json_is_object(pkg);
	const char *base = web_base_url(req);
	json_t *model = json_pack("{s:b, s:s, s:s, s:s}", "published", published,
	                          "package_url", "/data/datapackage.json",
	                          "catalog_url", "/data/catalog.jsonld",
	                          "feed_url", "/feeds/commitments.atom");
	if (published) {
		json_t *lic = json_array_get(json_object_get(pkg, "licenses"), 0);
		const char *created = json_string_value(json_object_get(pkg, "created"));
		json_int_t version = json_integer_value(json_object_get(pkg, "data_version"));
		json_object_set(model, "data_version", json_object_get(pkg, "data_version"));
		json_object_set(model, "created", json_object_get(pkg, "created"));
		json_object_set_new(model, "licence", json_pack("{s:O, s:O, s:O}",
		                    "id", json_object_get(lic, "name"),
		                    "title", json_object_get(lic, "title"),
		                    "url", json_object_get(lic, "path")));
		json_object_set_new(model, "zip_url", json_string("/data/" PUBLISH_ZIP));
		json_object_set_new(model, "zip_size", size_label(req, json_integer_value(
			json_object_get(pkg, "zip_bytes"))));
		/* What a reader copies into a bibliography. */
		json_t *args = json_pack("{s:I, s:s, s:s, s:s}", "version", version,
		                         "date", created ? arena_strndup(&req->arena, created, 10) : "",
		                         "url", arena_printf(&req->arena, "%s/data", base),
		                         "licence", json_string_value(json_object_get(lic, "name")));
		json_object_set_new(model, "citation", json_string(web_format(req,
			N_("Pacte open data: the Global Compact for Migration, data version {version} "
			   "({date}). {url} — licence {licence}."), args)));
		json_decref(args);
	}
	json_t *tables = json_array();
	for (size_t i = 0; i < export_table_count(); i++)
		json_array_append_new(tables, table_json(req, pkg, i));
	json_object_set_new(model, "tables", tables);
	json_t *csv_lists = json_array();
	for (size_t i = 0; i < ARRAY_LEN(lists); i++)
		json_array_append_new(csv_lists, json_pack("{s:s, s:s, s:s}", "title",
		                      tr(req->locale, lists[i].title), "url",
		                      arena_printf(&req->arena, "%s.csv", lists[i].path), "json_url",
		                      arena_printf(&req->arena, "/api/v1%s", lists[i].path)));
	json_object_set_new(model, "lists", csv_lists);
	json_decref(pkg);
	page_set(page, "data", model, tr(req->locale, "Open data"));
}

static const struct {
	const char *ext;
	const char *type;
} file_types[] = {
	{".csv", "text/csv; charset=utf-8; header=present"},
	{".jsonl", "application/jsonl; charset=utf-8"},
};

void ui_data_file(struct request *req, struct page *page)
{
	const char *name = req_param(req, 0);
	const char *type = NULL;
	if (strcmp(name, PUBLISH_ZIP) == 0) {
		type = "application/zip";
	} else if (strcmp(name, "datapackage.json") == 0) {
		type = "application/json; charset=utf-8";
	} else {
		const char *dot = strrchr(name, '.');
		for (size_t i = 0; dot && i < ARRAY_LEN(file_types); i++)
			if (strcmp(dot, file_types[i].ext) == 0 &&
			    export_table_find(arena_strndup(&req->arena, name,
			                                    (size_t)(dot - name))) >= 0)
				type = file_types[i].type;
	}
	if (!type) {
		web_not_found(req, page, N_("No such file: the open data holds the package "
		                            "(pacte-open-data.zip, datapackage.json) and each of its "
		                            "tables as TABLE.csv and TABLE.jsonl, listed on /data."));
		return;
	}
	long long size = 0;
	int fd = req->app->data_dir ? publish_open(req->app->data_dir, name, &size) : -1;
	if (fd < 0) {
		web_not_found(req, page, N_("The open data is not published yet: it is built in the "
		                            "background a few moments after the site starts."));
		return;
	}
	page_file(page, fd, size, type);
	/* The name changes with each build only by its content: a client
	 * may keep a copy a little while. */
	page->cache_control = "public, max-age=60";
}
