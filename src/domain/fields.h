/* fields.h — what more than one noun's validation table uses beside
 * validate.h: a list whose items have a check of their own (a
 * commitment's deliverables, indicators and translations, an update's
 * indicator values and evidence links), which may come as one text with
 * one item per line (deliverables, evidence), and a text that is ""
 * rather than null when not given (a description, a narrative: their
 * columns are NOT NULL); lists of objectives, and the codes a list's
 * filter takes (commitments, practices). */
#ifndef PACTE_FIELDS_H
#define PACTE_FIELDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "validate.h"

/* The items of a list field whose items the caller checks: an array as
 * it is, a lone value as a list of one, nothing (absent or null) as [].
 * A new reference; NULL for an object, which is no list. */
json_t *fields_list(const json_t *value);
/* The same, but a text is split at its line breaks (\n, \r\n or \r;
 * empty lines kept as "", for the item's check to skip as blank). */
json_t *fields_lines(const json_t *value);

/* One item of a list field (fields_items): its normalised value (a new
 * reference), JSON null to leave it out (a blank one), or NULL after
 * reporting under f's name. done: the items kept so far (to refuse a
 * repeat). */
typedef json_t *(*fields_item_fn)(struct valid *v, const struct field *f, const json_t *item,
                                  const json_t *done);

/* The check of a list field whose items are checked one by one: *value
 * (the field's value as given: a list, one value alone, or when `lines` a
 * text of one item per line) becomes the list of what `one` gives for
 * each item. An object is no list (f's msgid, or "This must be a list.");
 * past max items (0: no limit) "At most {max} items.". Returns 0, or -1
 * after reporting, as a field check does. */
int fields_items(struct valid *v, const struct field *f, json_t **value, bool lines, size_t max,
                 fields_item_fn one);

/* A list of http(s) links (a list, or a text of one per line; blank
 * lines skipped, repeats dropped), at most max: a field check's body for
 * any noun's "links". Returns 0, or -1 after reporting. */
int fields_urls(struct valid *v, const struct field *f, json_t **value, size_t max);

/* A field check (field_check_fn): a value not given becomes "". */
int fields_text_or_empty(struct valid *v, const struct field *f, json_t **value);

/* The positive id input's member key holds (an integer, or a string of
 * digits), or 0: the owner a write names, for the permission check that
 * comes before any complaint about the rest of the input. */
int64_t fields_id(const json_t *input, const char *key);

/* *value (an array) without its repeats, in the order first given. */
void fields_drop_repeats(json_t **value);

/* For checks that ask the database: the context valid_check hands them
 * (v->ctx) starts with this. A database error is recorded here and the
 * caller fails the whole validation, not one field. */
struct db;
struct db_arg;
struct fields_db {
	struct db *db;
	bool failed;
};
/* Whether sql ($1 = a) counts a row (SELECT count(*) …), asked through the
 * struct fields_db v->ctx starts with; an error (or one before) reads as
 * yes, so that no field is blamed for it. */
bool fields_exists(struct valid *v, const char *sql, struct db_arg a);
/* Records f's error, msgid or else the field's own message; returns -1,
 * what a check returns for a refused value. */
int fields_refuse(struct valid *v, const struct field *f, const char *msgid);

/* A field check for a list of objective numbers (FIELD_INT, FIELD_MULTI):
 * repeats dropped, sorted (two records with the same objectives compare
 * equal), at least one ("Choose at least one objective."). */
int fields_objectives(struct valid *v, const struct field *f, json_t **value);

/* Field checks for a list's filters, where null (not given) passes: a
 * slug (lower-case letters, digits and '-', at most 64), an ISO3 code, an
 * M49 code. Refused with f's msgid ("This is not one of the allowed
 * choices." when it has none). */
int fields_slug(struct valid *v, const struct field *f, json_t **value);
int fields_iso3(struct valid *v, const struct field *f, json_t **value);
int fields_m49(struct valid *v, const struct field *f, json_t **value);

#endif
