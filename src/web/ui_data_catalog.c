/* ui_data_catalog.c — /data/catalog.jsonld: the open data described as a
 * DCAT-AP catalogue (JSON-LD), so that CKAN and national data portals can
 * harvest it (ui_data.h).
 *
 * One dcat:Catalog with its mandatory properties (DCAT-AP 2: dct:title,
 * dct:description, dct:publisher, dcat:dataset); one dcat:Dataset for the
 * whole package (its zip and datapackage.json as distributions) and one
 * per table (its CSV and JSON Lines files), each with dct:title and
 * dct:description; every dcat:Distribution with its mandatory
 * dcat:accessURL (the /data page), its dcat:downloadURL, media type,
 * format, licence and size. The context is written inline, so a JSON-LD
 * processor needs nothing from the network to read it. Every address is
 * absolute (web_base_url). */
#include <string.h>

#include "app.h"
#include "domain/export.h"
#include "domain/publish.h"
#include "ui_data.h"
#include "util.h"
#include "web.h"

#define EU_FILE_TYPE "http://publications.europa.eu/resource/authority/file-type/"
#define IANA_MEDIA "https://www.iana.org/assignments/media-types/"

static json_t *context(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}",
	                 "dcat", "http://www.w3.org/ns/dcat#",
	                 "dct", "http://purl.org/dc/terms/",
	                 "foaf", "http://xmlns.com/foaf/0.1/",
	                 "xsd", "http://www.w3.org/2001/XMLSchema#",
	                 "rdfs", "http://www.w3.org/2000/01/rdf-schema#");
}

static json_t *lang_text(const char *text)
{
	return json_pack("{s:s, s:s}", "@value", text, "@language", "en");
}

static json_t *ref(const char *iri)
{
	return json_pack("{s:s}", "@id", iri);
}

struct cat {
	struct request *req;
	const char *base;
	json_t *licence;            /* {"@id": …} or NULL */
	const char *modified;
};

/* A distribution: the file at /data/<file>, its format (EU file type and
 * IANA media type), its size when known. */
static json_t *distribution(struct cat *c, const char *file, const char *title,
                            const char *eu_type, const char *media, json_t *bytes)
{
	const char *url = arena_printf(&c->req->arena, "%s/data/%s", c->base, file);
	json_t *d = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "@id", url,
	                      "@type", "dcat:Distribution", "dct:title", lang_text(title),
	                      "dcat:accessURL", ref(arena_printf(&c->req->arena, "%s/data", c->base)),
	                      "dcat:downloadURL", ref(url),
	                      "dct:format", ref(arena_printf(&c->req->arena, EU_FILE_TYPE "%s",
	                                                     eu_type)),
	                      "dcat:mediaType", ref(arena_printf(&c->req->arena, IANA_MEDIA "%s",
	                                                         media)));
	if (c->licence)
		json_object_set(d, "dct:license", c->licence);
	if (json_is_integer(bytes))
		json_object_set_new(d, "dcat:byteSize", json_pack("{s:s, s:s}", "@value",
		                    arena_printf(&c->req->arena, "%lld",
		                                 (long long)json_integer_value(bytes)),
		                    "@type", "xsd:nonNegativeInteger"));
	return d;
}

static json_t *dataset(struct cat *c, const char *id, const char *title, const char *desc)
{
	json_t *d = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:[s, s]}", "@id", id,
	                      "@type", "dcat:Dataset", "dct:title", lang_text(title),
	                      "dct:description", lang_text(desc), "dct:identifier", json_string(id),
	                      "dcat:landingPage", ref(arena_printf(&c->req->arena, "%s/data",
	                                                           c->base)),
	                      "dct:publisher", ref(arena_printf(&c->req->arena, "%s/#publisher",
	                                                        c->base)),
	                      "dcat:keyword", "migration", "Global Compact for Migration");
	if (c->licence)
		json_object_set(d, "dct:license", c->licence);
	if (c->modified)
		json_object_set_new(d, "dct:modified", json_pack("{s:s, s:s}", "@value", c->modified,
		                                                 "@type", "xsd:dateTime"));
	return d;
}

void ui_data_catalog(struct request *req, struct page *page)
{
	json_t *pkg = req->app->data_dir ? publish_read(req->app->data_dir) : json_null();
	if (!pkg)
		pkg = json_null();
	struct cat c = {.req = req, .base = web_base_url(req)};
	const char *lic_url = json_string_value(json_object_get(json_array_get(
		json_object_get(pkg, "licenses"), 0), "path"));
	c.licence = lic_url ? ref(lic_url) : NULL;
	c.modified = json_string_value(json_object_get(pkg, "created"));

	const char *package_id = arena_printf(&req->arena, "%s/data#package", c.base);
	json_t *whole = dataset(&c, package_id, "Pacte open data: the Global Compact for Migration",
	                        "Every public record of this Pacte instance: the commitments made "
	                        "to implement the Global Compact for Safe, Orderly and Regular "
	                        "Migration, their progress, the actors who made them and the "
	                        "reference data, as a Frictionless Data Package.");
	json_object_set_new(whole, "dcat:distribution", json_pack("[o, o]",
	                    distribution(&c, PUBLISH_ZIP, "The whole package (zip)", "ZIP", "application/zip",
	                                 json_object_get(pkg, "zip_bytes")),
	                    distribution(&c, "datapackage.json", "The package's description "
	                                 "(Frictionless datapackage.json)", "JSON",
	                                 "application/json", NULL)));
	json_t *datasets = json_array();
	json_array_append_new(datasets, whole);
	for (size_t i = 0; i < export_table_count(); i++) {
		const char *name = export_table_name(i);
		json_t *d = dataset(&c, arena_printf(&req->arena, "%s/data#%s", c.base, name),
		                    export_table_title(i), export_table_description(i));
		json_object_set_new(d, "dct:isPartOf", ref(package_id));
		json_t *csv = publish_resource(pkg, name);
		json_t *jsonl = publish_resource(pkg, arena_printf(&req->arena, "%s-jsonl", name));
		json_object_set_new(d, "dcat:distribution", json_pack("[o, o]",
		                    distribution(&c, arena_printf(&req->arena, "%s.csv", name), "CSV",
		                                 "CSV", "text/csv", json_object_get(csv, "bytes")),
		                    distribution(&c, arena_printf(&req->arena, "%s.jsonl", name),
		                                 "JSON Lines", "JSON", "application/jsonl",
		                                 json_object_get(jsonl, "bytes"))));
		json_array_append_new(datasets, d);
	}
	json_t *catalog = json_pack("{s:o, s:s, s:s, s:o, s:o, s:{s:s, s:s, s:s}, s:o, s:o}",
		"@context", context(),
		"@id", arena_printf(&req->arena, "%s/data/catalog.jsonld", c.base),
		"@type", "dcat:Catalog",
		"dct:title", lang_text("Pacte open data"),
		"dct:description", lang_text("The open data of a Pacte instance: commitments to "
		                             "implement the Global Compact for Migration and their "
		                             "progress."),
		"dct:publisher", "@id", arena_printf(&req->arena, "%s/#publisher", c.base),
		"@type", "foaf:Agent", "foaf:name", "Pacte",
		"foaf:homepage", ref(arena_printf(&req->arena, "%s/data", c.base)),
		"dcat:dataset", datasets);
	if (c.licence)
		json_object_set(catalog, "dct:license", c.licence);
	if (c.modified)
		json_object_set_new(catalog, "dct:modified", json_pack("{s:s, s:s}", "@value",
		                                                       c.modified, "@type", "xsd:dateTime"));
	char *text = json_dumps(catalog, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	buf_puts(&page->raw, text ? text : "{}");
	buf_putc(&page->raw, '\n');
	free(text);
	page->content_type = "application/ld+json; charset=utf-8";
	page->no_cache = true;
	json_decref(catalog);
	json_decref(c.licence);
	json_decref(pkg);
}
