/* export_impl.h — what the open-data export publishes, table by table:
 * private to export.c and the files that list the tables (export_tables.c,
 * export_hub.c, export_practices.c, export_names.c).
 *
 * Each table is named by the database table it comes from, its public
 * columns one by one (a column added to a table later stays private until
 * someone names it here) with their Table Schema type, description and
 * constraints, the rows that are public (a WHERE), its primary key (the
 * order of its rows and the keyset the export reads it by, a page at a
 * time) and its foreign keys. */
#ifndef PACTE_EXPORT_IMPL_H
#define PACTE_EXPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

enum export_field_flags {
	EXPORT_REQUIRED = 1 << 0,   /* never empty (NOT NULL) */
	EXPORT_UNIQUE = 1 << 1,     /* no two rows share it */
};

/* Shorthands of the tables' descriptions (export_tables.c,
 * export_practices.c): a required field, and a time's description and
 * pattern. */
#define REQ EXPORT_REQUIRED
#define TIME_DESC(what) what " (UTC, ISO 8601 with milliseconds, e.g. 2026-01-02T03:04:05.000Z)"
#define TIME_PATTERN "{\"pattern\": \"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\"}"

/* What /actors/{id} shows anyone, and nothing else: no accounts, no
 * emails, no search key; only the actors anyone may see (accredited and
 * suspended: actors_visible), never a request still pending or declined,
 * which anyone could have written (issue 11, finding 3) — and so no
 * reason for a decision, given only to declined requests. The operators'
 * own actor is no partner. An actor merged into another (merge.h) is a
 * redirect, not a record: its records are the survivor's. The actor's
 * alias is a. */
#define ACTOR_PUBLIC "a.operators = 0 AND a.status IN ('accredited', 'suspended') " \
	"AND a.merged_into IS NULL"

/* A record flagged as inappropriate (flags.h) is hidden while flagged:
 * it leaves the package, and so do its children (which would otherwise
 * point at a missing row). col names the commitment's or the update's id. */
#define COMMITMENT_SHOWN(col) "NOT EXISTS (SELECT 1 FROM commitment h WHERE h.id = " col \
	" AND h.hidden_at IS NOT NULL)"
#define UPDATE_SHOWN(col) "NOT EXISTS (SELECT 1 FROM progress_update h JOIN commitment hc " \
	"ON hc.id = h.commitment_id WHERE h.id = " col " AND (h.hidden_at IS NOT NULL " \
	"OR hc.hidden_at IS NOT NULL))"

struct export_field {
	const char *name;
	const char *type;           /* Table Schema type: string, integer, number, date */
	const char *description;
	unsigned flags;             /* enum export_field_flags */
	/* The values it may take, from codes.h when the code list lives
	 * there; NULL-terminated, or NULL for any. */
	const char *const *codes;
	/* Other Table Schema constraints as a JSON object text, or NULL:
	 * "{\"minimum\": 0, \"maximum\": 100}". */
	const char *constraints;
};

/* A primary-key column: its field, the SQL expression naming it in the
 * table's FROM, and whether it is text (compared byte by byte, whatever
 * the database's collation, so both backends write the same order). */
struct export_key {
	const char *field;
	const char *expr;
	bool text;
};

struct export_fkey {
	const char *field;
	const char *resource;       /* "" for the table itself */
	const char *ref_field;
};

struct export_table {
	const char *name;           /* the database table; resource name and file stem */
	const char *title;
	const char *description;
	/* The public columns, in the order of fields, and where they come
	 * from: "SELECT a.x, a.y" and "FROM t a WHERE <the public rows>"
	 * (always a WHERE: the keyset condition is ANDed to it). */
	const char *select;
	const char *from;
	const struct export_key *key;     /* NULL-terminated by .field */
	const struct export_field *fields; /* NULL-terminated by .name */
	const struct export_fkey *fkeys;   /* NULL-terminated by .field */
};

/* name_translation's key and columns (export_names.c). */
extern const struct export_key export_name_translation_key[];
extern const struct export_field export_name_translation_fields[];

extern const struct export_table export_tables[];
extern const size_t export_ntables;
/* The events' and the hub's tables (export_hub.c), written after those. */
extern const struct export_table export_hub_tables[];
extern const size_t export_hub_ntables;
/* The good practices' tables (export_practices.c), written last. */
extern const struct export_table export_practice_tables[];
extern const size_t export_practice_ntables;

#endif
