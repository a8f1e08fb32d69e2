/* fields.h — what more than one noun's validation table uses beside
 * validate.h: the items of a list whose items have a check of their own
 * (a commitment's indicators and translations, an update's indicator
 * values), a list that may come as one text with one item per line (a
 * commitment's deliverables, an update's evidence links), and a text
 * that is "" rather than null when not given (a description, a
 * narrative: their columns are NOT NULL). */
#ifndef PACTE_FIELDS_H
#define PACTE_FIELDS_H

#include <jansson.h>

#include "validate.h"

/* The items of a list field whose items the caller checks: an array as
 * it is, a lone value as a list of one, nothing (absent or null) as [].
 * A new reference; NULL for an object, which is no list. */
json_t *fields_list(const json_t *value);
/* The same, but a text is split at its line breaks (\n, \r\n or \r;
 * empty lines kept as "", for the item's check to skip as blank). */
json_t *fields_lines(const json_t *value);

/* A field check (field_check_fn): a value not given becomes "". */
int fields_text_or_empty(struct valid *v, const struct field *f, json_t **value);

#endif
