/* export_names.c — how the open-data package describes name_translation
 * (migration 0030, data/names/: names in more languages), listed in
 * export_tables.c's table; kept here so that file stays a readable size. */
#include <stddef.h>

#include "export_impl.h"

/* Names in more languages (issue 17, migration 0030: data/names/). */
const struct export_key export_name_translation_key[] = {
	{"kind", "kind", true}, {"key", "key", true}, {"field", "field", true}, {"lang", "lang", true},
	{0},
};
static const char *const name_kinds[] = {"objective", "principle", "region", "event", "indicator",
                                         NULL};
const struct export_field export_name_translation_fields[] = {
	{"kind", "string", "what is named: objective, principle, region, event or indicator", REQ,
	 name_kinds, NULL},
	{"key", "string", "its key: an objective's number, a principle's or event's slug, a region's "
	 "M49 code, an indicator's code", REQ, NULL, NULL},
	{"field", "string", "which name: title, short, description or name", REQ, NULL, NULL},
	{"lang", "string", "the language (BCP 47 code)", REQ, NULL, NULL},
	{"text", "string", "the name in that language", REQ, NULL, NULL},
	{0},
};
