/* web.h — what every page handler shares: the answers to a database
 * error and to a missing object, and messages with arguments. */
#ifndef PACTE_WEB_WEB_H
#define PACTE_WEB_WEB_H

#include <stdint.h>

#include <jansson.h>

#include "view.h"

/* Turns the page into a 500 "Database error" after a domain call returned
 * NULL, writing db_errmsg(req->db) to stderr (the client never sees the
 * database's words); or, when the failure was an outage (db_unavailable,
 * or no connection: req->db NULL), into page_unavailable's 503. */
void web_db_error(struct request *req, struct page *page);

/* Turns the page into a 404 "Not found" whose detail is the translation
 * of detail_msgid. */
void web_not_found(struct request *req, struct page *page, const char *detail_msgid);

/* Refuses a page's query parameters: 400, the error page listing each
 * refused parameter with its message (HTML), or the problem+json every
 * 400 has (form.h's page_refuse). errors: validate.h's shape, as
 * web_query_validate gives them. Steals errors. */
void web_bad_query(struct request *req, struct page *page, json_t *errors);

/* msgid translated into req's locale, its {name} placeholders replaced by
 * args' values (integers in decimal, strings as they are; args may be
 * NULL); a placeholder without an argument stays as written. So a limit
 * in a message comes from the constant the check uses. From the arena (or
 * the catalog). */
const char *web_format(struct request *req, const char *msgid, const json_t *args);
/* A message whose form follows the number n ("{n} byte", "{n} bytes":
 * tr_n's plural forms), its {n} replaced by n. From the arena. */
const char *web_format_n(struct request *req, const char *singular, const char *plural,
                         int64_t n);
/* The same with one integer argument, named as the msgid writes it ("n"
 * for "{n}"). */
const char *web_format_int(struct request *req, const char *msgid, const char *name,
                           int64_t value);

/* The site's absolute address, without a final '/': the app's base_url
 * (--base-url), or else http(s)://HOST from the first request with a
 * well-formed Host header, remembered for every later one, so that one
 * forged Host cannot give each cached feed another site's links; "" until
 * a request brought one. Set --base-url behind a proxy. */
const char *web_base_url(struct request *req);

#endif
