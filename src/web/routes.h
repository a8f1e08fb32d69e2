/* routes.h — the web's route table, and what every page handler shares. */
#ifndef PACTE_WEB_ROUTES_H
#define PACTE_WEB_ROUTES_H

#include <stddef.h>
#include <stdint.h>

#include "router.h"
#include "view.h"

/* Every URL the site answers, in match order (src/web/routes.c). */
extern const struct route web_routes[];
extern const size_t web_routes_len;

/* Turns the page into a 500 "Database error" after a domain call returned
 * NULL, writing db_errmsg(req->db) to stderr (the client never sees the
 * database's words). */
void web_db_error(struct request *req, struct page *page);

/* Turns the page into a 404 "Not found" whose detail is the translation
 * of detail_msgid. */
void web_not_found(struct request *req, struct page *page, const char *detail_msgid);

/* msgid translated into req's locale, its {name} placeholders replaced by
 * args' values (integers in decimal, strings as they are; args may be
 * NULL); a placeholder without an argument stays as written. So a limit
 * in a message comes from the constant the check uses. From the arena (or
 * the catalog). */
const char *web_format(struct request *req, const char *msgid, const json_t *args);
/* The same with one integer argument, named as the msgid writes it ("n"
 * for "{n}"). */
const char *web_format_int(struct request *req, const char *msgid, const char *name,
                           int64_t value);

#endif
