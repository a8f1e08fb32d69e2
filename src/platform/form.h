/* form.h — declarative input validation for forms and JSON bodies.
 *
 * A handler lists its fields once (name, kind, limits); form_validate reads
 * them from the request — an HTML form or a JSON body, which the server
 * flattens into the same parameters — and gives back typed values and, for
 * each bad field, one translated message naming the reason. The handler
 * never touches a raw parameter, and the same list serves the page and the
 * API (DESIGN.md principle 6; kcgi's validators in STYLE.md).
 *
 * On errors the handler calls page_invalid(): the HTML form is rendered
 * again with what the user typed and each message beside its field
 * (status 422), or the API answers application/problem+json listing every
 * invalid field. */
#ifndef PACTE_FORM_H
#define PACTE_FORM_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "request.h"
#include "view.h"

enum field_kind {
	FIELD_TEXT,      /* one line: no control characters */
	FIELD_TEXTAREA,  /* several lines: \n and \t allowed */
	FIELD_EMAIL,     /* local@domain, lower-cased */
	FIELD_PASSWORD,  /* any characters; never echoed back into a form */
	FIELD_INT,       /* decimal integer in [min, max] */
	FIELD_CHOICE,    /* one of `choices` */
	FIELD_URL,       /* http:// or https:// with a host */
	FIELD_DATE,      /* YYYY-MM-DD, a real calendar date */
	FIELD_BOOL,      /* a checkbox: present (any value but "0"/"false") or not */
};

enum field_flags {
	FIELD_REQUIRED = 1 << 0,
	FIELD_MULTI = 1 << 1,    /* repeated values → a JSON array (each validated) */
};

struct field {
	const char *name;
	enum field_kind kind;
	unsigned flags;
	int64_t min, max;            /* TEXT: length in characters (max 0 = 1,000);
	                              * INT: value range; MULTI: min/max count unused */
	const char *const *choices;  /* CHOICE: NULL-terminated list */
};

/* Validates the fields from req->form. Sets *values to an object of the
 * typed values (strings, integers, booleans, arrays for MULTI; absent
 * optional fields are JSON null) and *errors to an object field → message
 * (translated in req->locale). Both are new references. Returns the number
 * of invalid fields. */
int form_validate(const struct request *req, const struct field *fields, size_t n,
                  json_t **values, json_t **errors);

/* Adds one error to an errors object (for checks across fields, or done
 * against the database, such as "this email is already registered"). */
void form_error(const struct request *req, json_t *errors, const char *field,
                const char *msgid);

/* Answers 422: the form template again with `model` (which gets "form":
 * values with passwords removed, "errors": errors) — or, for the API,
 * problem+json {"type", "title", "status": 422, "errors": [{"field",
 * "detail"}…]}. Steals the references to model, values and errors. */
void page_invalid(struct request *req, struct page *page, const char *template_name,
                  json_t *model, json_t *values, json_t *errors, const char *title);

#endif
