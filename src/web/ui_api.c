/* ui_api.c — the API described: the OpenAPI document built from the route
 * table and the embedded description (data/api/openapi.json), and the
 * /api page for people. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "embed.h"
#include "i18n.h"
#include "ui_api.h"
#include "util.h"
#include "web.h"

#define DESCRIPTION_FILE "data/api/openapi.json"

static const struct {
	unsigned bit;
	const char *name;   /* as "METHOD /pattern" names it */
	const char *key;    /* as an OpenAPI path item names it */
} methods[] = {
	{HTTP_GET, "GET", "get"}, {HTTP_POST, "POST", "post"}, {HTTP_PUT, "PUT", "put"},
	{HTTP_PATCH, "PATCH", "patch"}, {HTTP_DELETE, "DELETE", "delete"},
};

/* The path parameters of a pattern: one per "{name}" segment. */
static json_t *path_parameters(const char *pattern)
{
	json_t *params = json_array();
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *end = strchr(p, '}');
		if (!end)
			break;
		json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1,
		                                        (size_t)(end - p - 1), "in", "path",
		                                        "required", 1, "schema", "type", "string"));
	}
	return params;
}

/* Who may call a route, from its flags: anybody (with a token or not),
 * someone signed in (a token or a browser's session), or only a browser
 * signed in with its password (ROUTE_SESSION). */
static json_t *security_of(const struct route *r)
{
	if (r->flags & ROUTE_SESSION)
		return json_pack("[{s:[]}]", "session");
	if (r->flags & ROUTE_SIGNED_IN)
		return json_pack("[{s:[]}, {s:[]}]", "bearerToken", "session");
	return json_pack("[{}, {s:[]}]", "bearerToken");
}

/* The operation of route r for one method, from its description (which it
 * copies and completes). */
static json_t *operation(const struct route *r, const json_t *described)
{
	json_t *op = json_deep_copy(described);
	json_t *params = path_parameters(r->pattern);
	json_t *given = json_object_get(op, "parameters");
	if (json_is_array(given))
		json_array_extend(params, given);
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	json_object_set_new(op, "security", security_of(r));
	json_t *responses = json_object_get(op, "responses");
	if (json_is_object(responses))
		json_object_set_new(responses, "default",
		                    json_pack("{s:s}", "$ref", "#/components/responses/Problem"));
	return op;
}

json_t *ui_api_document(const struct route *routes, size_t n, json_t **missing)
{
	if (missing)
		*missing = json_array();
	const struct embed_file *f = embed_find(DESCRIPTION_FILE);
	json_t *doc = f ? json_loadb(f->data, f->len, 0, NULL) : NULL;
	json_t *ops = json_object_get(doc, "x-pacte-operations");
	if (!json_is_object(ops)) {
		json_decref(doc);
		return NULL;
	}
	json_t *used = json_object();
	json_t *paths = json_object();
	for (size_t i = 0; i < n; i++) {
		const struct route *r = &routes[i];
		if (r->flags & (ROUTE_NO_API | ROUTE_INTERNAL))
			continue;
		for (size_t m = 0; m < ARRAY_LEN(methods); m++) {
			if (!(r->methods & methods[m].bit))
				continue;
			char key[512];
			snprintf(key, sizeof key, "%s %s", methods[m].name, r->pattern);
			json_t *described = json_object_get(ops, key);
			if (!described) {
				if (missing)
					json_array_append_new(*missing, json_string(key));
				continue;
			}
			json_object_set_new(used, key, json_true());
			json_t *item = json_object_get(paths, r->pattern);
			if (!item) {
				item = json_object();
				json_object_set_new(paths, r->pattern, item);
			}
			json_object_set_new(item, methods[m].key, operation(r, described));
		}
	}
	const char *key;
	json_t *v;
	json_object_foreach(ops, key, v)
		if (missing && !json_object_get(used, key))
			json_array_append_new(*missing, json_string(key));
	json_decref(used);
	json_object_del(doc, "x-pacte-operations");
	json_object_set_new(doc, "paths", paths);
	return doc;
}

void ui_api_openapi(struct request *req, struct page *page)
{
	json_t *doc = ui_api_document(req->app->routes, req->app->nroutes, NULL);
	if (!doc) {
		page_error(req, page, 500, N_("Internal error"),
		           tr(req->locale, "The description of the API could not be read."));
		return;
	}
	page_set(page, NULL, doc, "OpenAPI");
}

void ui_api_page(struct request *req, struct page *page)
{
	json_t *model = json_pack("{s:s, s:s}", "openapi", "/api/v1/openapi.json",
	                          "changes", "/api/v1/changes");
	page_set(page, "api", model, tr(req->locale, "The API"));
}
