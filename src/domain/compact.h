/* compact.h — the Compact itself: what it is, its 23 objectives and its 10
 * guiding principles, as page models.
 *
 * Every function takes a connection and a locale ("fr", "en" …) and returns
 * a new JSON object (the caller owns the reference) whose texts are in that
 * locale where the data has them (French or English for these tables;
 * anything else falls back to English). On a database error they return
 * NULL and db_errmsg(db) says why; a thing that does not exist is JSON null
 * (json_null()), so a caller can tell "missing" from "broken". Nothing here
 * knows about HTTP: the commands use the same calls. */
#ifndef PACTE_COMPACT_H
#define PACTE_COMPACT_H

#include <stdint.h>

#include <jansson.h>

struct db;

#define COMPACT_OBJECTIVES 23
#define COMPACT_PRINCIPLES 10
#define COMPACT_MAX_SLUG 64   /* longer principle slugs cannot exist */

/* The home page's model: {"compact": {title, adopted, place, resolution,
 * endorsed, text_url, review_forums: [years], general_assembly_vote: {…}},
 * "figures": {"objectives", "principles"}, "objectives": [as in
 * compact_objectives]}. NULL on a database error. */
json_t *compact_overview(struct db *db, const char *locale);

/* {"objectives": [{"number", "paragraph", "title", "short_title",
 * "title_verified", "url"}, …]} in number order. "title_verified" is false
 * where the title shown is a French one not yet checked against the
 * official text. NULL on a database error. */
json_t *compact_objectives(struct db *db, const char *locale);

/* {"objective": {…as in the list…, "titles": {"en", "fr"}},
 * "previous": {number, paragraph, title, short_title, url} | null,
 * "next": … | null} for objective `number`; JSON null when there is no such
 * objective; NULL on a database error. */
json_t *compact_objective(struct db *db, const char *locale, int64_t number);

/* {"principles": [{"slug", "letter", "paragraph", "title", "description",
 * "url"}, …]} in paragraph order (15(a) … 15(j)). NULL on a database
 * error. */
json_t *compact_principles(struct db *db, const char *locale);

/* {"principle": {…as in the list…, "titles": {"en", "fr", "es"}},
 * "previous": {slug, letter, title, url} | null, "next": … | null} for the
 * principle with this slug; JSON null when there is none (or slug is NULL
 * or absurdly long); NULL on a database error. */
json_t *compact_principle(struct db *db, const char *locale, const char *slug);

#endif
