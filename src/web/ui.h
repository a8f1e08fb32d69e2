/* ui.h — what the pages share to build their models and read their
 * forms: values as form text, options marked, a form read into the JSON
 * input the domain takes, and the one place the domain's errors become
 * the answer to refused input. Any noun's pages use it. */
#ifndef PACTE_WEB_UI_H
#define PACTE_WEB_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "view.h"

/* ---- models ----------------------------------------------------------------- */

/* The model a form page starts with: {"csrf_token"} when the request has
 * one, so an API client can post the form too. New reference. */
json_t *ui_form_model(const struct request *req);

/* Sets key in model to the viewer's actor, and "lead_in" to "On behalf of"
 * in the reader's language, elided before the actor's name ("Au nom
 * d'Awa"; l10n_lead_in), for "{{lead_in}}<strong>{{name}}</strong>".
 * Nothing without a viewer. */
void ui_on_behalf_of(const struct request *req, json_t *model, const char *key);

/* A JSON scalar as form text ("" for absent, null, arrays and objects).
 * New reference. */
json_t *ui_text(const json_t *v);
/* The items of an array as text joined by sep; anything else as ui_text.
 * New reference. */
json_t *ui_joined(const json_t *v, const char *sep);

/* Sets flag ("checked", "selected") on each item of list, true when the
 * input's value (one value or an array) holds the item's `key`, compared
 * as text (7 and "7" match) and case aside (ISO3 codes). */
void ui_mark(json_t *list, const char *key, const json_t *value, const char *flag);
/* The same marks on a list shared by other requests (ui_choices.h), which
 * must not change: a new array holding list's own items, but for each
 * item marked a copy of it with flag true (the others carry no flag: a
 * template reads a missing flag as false); list itself when no item is
 * marked. New reference, to be read only. */
json_t *ui_marked_copy(const json_t *list, const char *key, const json_t *value,
                       const char *flag);

/* Adds `has` to each object of array: whether its `key` is a number, so a
 * template can show 0 (a falsy value to a section) as well as 42. */
void ui_mark_numbers(json_t *array, const char *key, const char *has);

/* The options of a country <select>: [{"value": ISO3, "label": its name
 * in req's locale, "selected"}] for every country, by name, `current`
 * (either case, or NULL) selected. New reference; NULL on a database
 * error. */
json_t *ui_country_options(struct request *req, const char *current);

/* A country as a filter's parameter may give it: its ISO3 code, or a name
 * or alias as people type it ("Turquie", "cote d ivoire": countries.h's
 * matching), as the code (from the arena); anything else unchanged, for
 * the filter's check to refuse. NULL stays NULL. */
const char *ui_country_param(struct request *req, const char *v);

/* A query parameter given a value ("" is not given). */
bool ui_given(const char *v);

/* A list's link: path in the answer's format (view_link) with the
 * request's own values of params[0..n) (those given), the parameter
 * `name` set to `value` instead (value NULL: left out; name NULL: no
 * change), then ?after= when after is not NULL. Values are URL-encoded.
 * From the arena; the bare path if the link would pass UI_URL_MAX. */
#define UI_URL_MAX 16384
const char *ui_list_url(struct request *req, const char *path, const char *const *params,
                        size_t n, const char *name, const char *value, const char *after);

/* A list's filters as given, for its model's "filters" (the form shows
 * them back): {param: value} for each of params[0..n) the request gives.
 * A new reference. */
json_t *ui_filters_given(const struct request *req, const char *const *params, size_t n);

/* ---- errors -------------------------------------------------------------------- */

/* Copies into `into` each error of `from` whose field has none yet (the
 * first error of a field is the one kept). */
void ui_merge_errors(json_t *into, const json_t *from);

/* A form refused (422): model is the form's page model whose "form" holds
 * the texts as typed, which page_invalid puts back beside each error.
 * model NULL (its database read failed) makes the page a 500. Steals
 * model and errors. */
void ui_form_refused(struct request *req, struct page *page, const char *template_name,
                     json_t *model, json_t *errors, const char *title);

/* ---- forms into the domain's input --------------------------------------------- */

enum ui_input_kind {
	UI_IN_ONE,    /* one value; "" is "not given" */
	UI_IN_MANY,   /* repeated values (checkboxes, a multiple select) → array */
	UI_IN_IDS,    /* one text of ids separated by commas or spaces → array */
};

struct ui_input {
	const char *name;
	enum ui_input_kind kind;
};

/* Form fields that are parts of one input field: a bad value in any of
 * them is reported under the input field's name (prefix "indicator_" →
 * "indicators"). Lists end with {NULL, NULL}. */
struct ui_input_part {
	const char *prefix;
	const char *field;
};

/* Every value the form field `name` was given, in order (empty ones too,
 * so parallel fields stay aligned): an array of strings. New reference. */
json_t *ui_all_values(const struct request *req, const char *name);

/* The input of a request, always an object (new reference): its JSON
 * body as sent (the API; a body that is no object gives {}), or the form's
 * fields[0..n) gathered into the same shape — the caller then adds what
 * the form spreads over several fields (req->json_body is NULL). Each
 * form value that was not valid text (request.h keeps it as "" marked
 * invalid) and each single field given more than once becomes an error
 * (a msgid) of its field, or of the input field it is part of (parts). */
json_t *ui_input(const struct request *req, const struct ui_input *fields, size_t n,
                 const struct ui_input_part *parts, json_t *errors);

#endif
