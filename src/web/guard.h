/* guard.h (web) — who is asking and whether they may: the one place the
 * route flags (router.h) are enforced, and the helpers the account, actor
 * and admin pages share to answer input errors and refusals alike.
 *
 * The server calls web_guard (app.guard) after routing and before the page
 * cache and the handler. It finds the credential — Authorization: Bearer
 * (an API token) or the session cookie — and sets req->user and
 * req->viewer; an unknown, forged, expired or revoked credential simply
 * means anonymous. Then, in order: ROUTE_SIGNED_IN (sign in first),
 * ROUTE_SESSION (a bearer token may not: 403), CSRF on ROUTE_WRITE (a
 * token per session, a double-submit cookie for anonymous forms; bearer
 * tokens are exempt, being no ambient credential), and ROUTE_FORM (a CSRF
 * token for the page's forms); last, a write's acting actor and a form's
 * choice of it (ui_acting.h). */
#ifndef PACTE_WEB_GUARD_H
#define PACTE_WEB_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "domain/outcome.h"
#include "form.h"
#include "request.h"
#include "view.h"

/* The guard itself (struct app.guard). Returns true when the handler may
 * run; false after setting page to the answer: a 303 to the sign-in page
 * (HTML) or 401 (API) for a signed-in route, 403 for a bearer token on
 * a session route or a failed CSRF check, 500 when the database could not
 * be asked. */
bool web_guard(struct request *req, struct page *page);

/* True when `next` is a safe place to send someone after signing in: a
 * path on this site ("/…", not "//…" nor "/\…", no control characters,
 * at most 2,000 bytes). Anything else could send them to another site. */
bool web_next_ok(const char *next);

/* True when a request's Origin header names this site: absent (not every
 * client sends it), or "scheme://HOST" where HOST equals the Host header
 * (case aside). "null" and any other site are false. For the guard's
 * defence in depth beside the CSRF token; it needs the request to carry
 * both headers (see the note in guard.c). */
bool web_origin_ok(const char *origin, const char *host);

/* s percent-encoded for a query string, allocated from the arena. */
const char *web_url_encode(struct arena *a, const char *s);

/* Turns a domain outcome other than OUTCOME_OK and OUTCOME_INVALID into
 * the page's answer: 403 (denied; the domain has audited it), 404, 409,
 * 503 when the database is away (page_unavailable) or 500 (logged). Returns false, leaving the page alone, for OK and
 * INVALID. */
bool web_outcome_error(struct request *req, struct page *page, enum outcome o);

/* Validates query parameters with a field list, as form_validate does for
 * a form (filters of list pages). Same results and ownership. */
int web_query_validate(const struct request *req, const struct field *fields, size_t n,
                       json_t **values, json_t **errors);

/* A form field and the msgid of the label its template shows; lists end
 * with {NULL, NULL}. */
struct field_label {
	const char *field;
	const char *label;
};

/* After page_invalid: words each message of the error summary with its
 * field's label ("Password: This is too short."), so a list of several
 * says which is which. Fields without a label keep the bare message. */
void web_label_errors(struct request *req, struct page *page, const struct field_label *labels);

/* Options for a <select>: [{"value", "label" (translated), "selected"}]
 * from parallel NULL-terminated lists of codes and label msgids, with
 * `current` (may be NULL) selected. New reference. */
json_t *web_options(const char *locale, const char *const *codes,
                    const char *const *labels, const char *current);

/* Sets "selected": true on the items of array whose `key` equals value
 * (for select options built by a domain function). */
void web_mark_selected(json_t *array, const char *key, const char *value);

/* Adds to each object of `array` (or to `array` itself when it is an
 * object) "<key>_text": its ISO-8601 time "2019-12-10T09:30:00.000Z" as
 * people read it, "2019-12-10 09:30" (UTC). Objects without that key are
 * left alone. */
void web_time_texts(json_t *array, const char *key);

#endif
