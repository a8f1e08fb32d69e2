/* validate.h — the one validation system: a table of fields checked
 * against a JSON object.
 *
 * Every input Pacte accepts becomes a JSON object first — an HTML form and
 * a flattened JSON body (form.h), a list's query parameters, an import row
 * (the importer maps its columns), a CLI command's options — and is then
 * checked against a table that lists each field once: its name, its kind,
 * its limits and, where the kind is not enough, a check of its own. The
 * result is a normalised object of typed values and, for each bad field,
 * one error: a message id (the English msgid, N_()) with its arguments.
 * Nothing here translates: the view does, once, when it renders the
 * errors (valid_messages, valid_problems), so the domain stays free of the
 * reader's locale and the API can say which message it gave.
 *
 * A limit in a message comes from the same number the check uses: the
 * message "At most {max} characters." is given the field's `max` as its
 * argument, never a copy of it written in the text.
 *
 * The errors object: {field: {"id": msgid, "args": {name: value}}}, the
 * first error of a field kept. Nested fields are named with a path
 * ("indicators.2.name"). Owned by the caller; valid_error adds to it.
 *
 * (kcgi's kvalid tables in STYLE.md; DESIGN.md principle 6.) */
#ifndef PACTE_VALIDATE_H
#define PACTE_VALIDATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_kind {
	FIELD_TEXT,      /* one line, trimmed: no control characters, no bidi overrides */
	FIELD_TEXTAREA,  /* several lines, trimmed: \n and \t allowed */
	FIELD_EMAIL,     /* local@domain, lower-cased */
	FIELD_PASSWORD,  /* any characters, not trimmed; never echoed back into a form */
	FIELD_INT,       /* an integer, or a string of digits, in [min, max] */
	FIELD_NUMBER,    /* a finite number, or a numeric string; blank is null */
	FIELD_CHOICE,    /* one of `choices` */
	FIELD_URL,       /* http:// or https:// with a host */
	FIELD_DATE,      /* YYYY-MM-DD, a real calendar date; blank is null */
	FIELD_BOOL,      /* true/false, or a checkbox: present (any value but "0"/"false") or not */
	FIELD_ANY,       /* any JSON value, left to `check` */
};

enum field_flags {
	FIELD_REQUIRED = 1 << 0,
	FIELD_MULTI = 1 << 1,    /* a list: an array, or one value alone (a list of one);
	                          * each item checked as the kind says; at most max_items */
	FIELD_UPPER = 1 << 2,    /* TEXT, CHOICE: upper-cased before the check (ISO3 codes) */
	FIELD_LOWER = 1 << 3,    /* TEXT: lower-cased before the check */
};

struct valid;
struct field;

/* A field's own check, after its kind's: may replace *value (it owns the
 * reference) and reports through valid_error (with the field's name, or
 * a path under it). Returns 0, or -1 when it reported an error. */
typedef int (*field_check_fn)(struct valid *v, const struct field *f, json_t **value);

struct field {
	const char *name;
	enum field_kind kind;
	unsigned flags;
	int64_t min, max;            /* TEXT, TEXTAREA, PASSWORD: length in characters (max 0:
	                              * VALID_TEXT_MAX); INT: the range; NUMBER: unused */
	const char *const *choices;  /* CHOICE: NULL-terminated codes */
	size_t max_items;            /* MULTI: at most this many (0: VALID_LIST_MAX) */
	field_check_fn check;        /* NULL, or the field's own check */
	const char *msgid;           /* NULL, or the message for any failure of this field's
	                              * kind check (e.g. "Objectives are numbered from 1 to
	                              * {max}."), instead of the kind's generic one */
};

#define VALID_TEXT_MAX 1000
#define VALID_LIST_MAX 50

/* One validation in progress: what a field's check may read. */
struct valid {
	const json_t *input;   /* the whole input (for checks across fields) */
	json_t *clean;         /* the values checked so far, by field name */
	json_t *errors;        /* as the top comment says */
	void *ctx;             /* the caller's (reference sets read once, "today" …) */
};

/* Checks input (a JSON object; absent keys and null are "not given";
 * unknown keys are ignored) against fields[0..n). Returns the number of
 * fields with an error (including those errors already held on entry,
 * which are kept). *clean (if not NULL) is a new object with every
 * field's key: the normalised value, null when not given (false for
 * BOOL, [] for MULTI) — and, for a field in error, the value as given,
 * so a form can show what was typed (passwords excepted). */
int valid_check(const struct field *fields, size_t n, const json_t *input, void *ctx,
                json_t *errors, json_t **clean);

/* Checks one value against one field, as valid_check does for each: the
 * normalised value (new reference; json null when not given), or NULL
 * after reporting under `path` (NULL: f->name). For nested lists. */
json_t *valid_value(struct valid *v, const struct field *f, const char *path, const json_t *value);

/* Records msgid for field unless it already has an error. Returns 1 when
 * it added it, 0 when the field had one already. */
int valid_error(json_t *errors, const char *field, const char *msgid);
/* The same with one integer argument, named as the msgid writes it
 * ("max" for "{max}"). */
int valid_error_int(json_t *errors, const char *field, const char *msgid, const char *arg,
                    int64_t value);
/* The same with one string argument. */
int valid_error_str(json_t *errors, const char *field, const char *msgid, const char *arg,
                    const char *value);
/* The message id recorded for field, or NULL. */
const char *valid_error_id(const json_t *errors, const char *field);

/* True for absent, null, or a string of white space only. */
bool valid_blank(const json_t *v);

/* A text as a trimmed new string, or NULL with *why, *arg (a limit for
 * the message, or 0) set: not a string, a NUL, a noncharacter or C1
 * control, a control character or a bidi override in one line, longer
 * than maxchars. The same rules every text field has; for checks that
 * read text outside a table. */
json_t *valid_text(const json_t *v, size_t maxchars, bool multiline, const char **why,
                   int64_t *arg);

/* The errors, translated into locale, for a form: {field: message}. New
 * reference. */
json_t *valid_messages(const char *locale, const json_t *errors);
/* The errors as an RFC 9457 problem's "errors" member, in the one shape
 * every 400 and 422 answer has: [{"field", "message_id", "detail"
 * (translated)}], in field order. New reference. */
json_t *valid_problems(const char *locale, const json_t *errors);
/* msgid translated into locale with its {name} placeholders replaced by
 * args' values (integers in decimal, strings as they are); a placeholder
 * without an argument is left as written. New string (free()). */
char *valid_format(const char *locale, const char *msgid, const json_t *args);
/* valid_format for a message whose form follows the number n (tr_n: the
 * msgids singular and plural), its {n} replaced by n. New string. */
char *valid_format_n(const char *locale, const char *singular, const char *plural, int64_t n);

#endif
