/* form.h — a request's input through the one validation system, and the
 * answer that refuses it.
 *
 * A handler lists its fields once (validate.h's tables); form_validate
 * reads them from the request — an HTML form or a JSON body, which the
 * server flattens into the same parameters — as a JSON object and checks
 * it with valid_check: typed values, and for each bad field a message id
 * with its arguments. The handler never touches a raw parameter, and the
 * same list serves the page and the API (DESIGN.md principle 6).
 *
 * On errors the handler calls page_invalid(): the HTML form is rendered
 * again with what the user typed and each message beside its field
 * (status 422), or the API answers application/problem+json listing every
 * invalid field. Messages are translated there, once. */
#ifndef PACTE_FORM_H
#define PACTE_FORM_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "request.h"
#include "validate.h"
#include "view.h"

/* The fields of params as a JSON object valid_check reads: a field's
 * value as a string, a MULTI field's values as an array; a field not sent
 * is absent. A value that is not UTF-8, or a single field sent twice, is
 * recorded in errors (validate.h's shape). New reference. */
json_t *form_input(const struct params *params, const struct field *fields, size_t n,
                   json_t *errors);

/* Validates the fields from req->form (form_input, then valid_check). Sets *values to the normalised object (every field's key; what
 * was typed for a bad field) and *errors to validate.h's errors object,
 * untranslated. Both are new references. Returns the number of invalid
 * fields. */
int form_validate(const struct request *req, const struct field *fields, size_t n,
                  json_t **values, json_t **errors);

/* Refuses the input with status (422 for a form or a body, 400 for a
 * list's filters): the template again with `model`, which gets "form":
 * values (passwords removed), "errors": {field: translated message},
 * "error_list": [{"field", "message", "text"}] in field order (the
 * summary above a form) and "has_errors" — or, for the API, the one
 * problem+json shape {"type", "title", "status", "errors": [{"field",
 * "message_id", "detail"}…]} (valid_problems). Steals the references to
 * model, values and errors (model and values may be NULL). */
void page_refuse(struct request *req, struct page *page, int status, const char *template_name,
                 json_t *model, json_t *values, json_t *errors, const char *title);

/* page_refuse with 422. */
void page_invalid(struct request *req, struct page *page, const char *template_name,
                  json_t *model, json_t *values, json_t *errors, const char *title);

#endif
