/* web.c — what every page handler shares: the answers to a database
 * error and to a missing object, and messages with arguments (web.h). */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "i18n.h"
#include "web.h"

void web_db_error(struct request *req, struct page *page)
{
	fprintf(stderr, "pacte: %s %s: database error: %s\n", req->method_name, req->path,
	        req->db ? db_errmsg(req->db) : "no connection");
	page_error(req, page, 500, "Database error",
	           tr(req->locale, "The page could not be read from the database. Please try again in a moment."));
}

void web_not_found(struct request *req, struct page *page, const char *detail_msgid)
{
	page_error(req, page, 404, "Not found", tr(req->locale, detail_msgid));
}

const char *web_format(struct request *req, const char *msgid, const json_t *args)
{
	const char *s = tr(req->locale, msgid);
	if (!json_object_size(args))
		return s;
	/* A message is one line of text. */
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	while (*s) {
		const char *open = strchr(s, '{'), *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			buf_puts(&b, s);
			break;
		}
		buf_append(&b, s, (size_t)(open - s));
		char name[64];
		size_t n = (size_t)(close - open - 1);
		const json_t *arg = NULL;
		if (n < sizeof name) {
			memcpy(name, open + 1, n);
			name[n] = '\0';
			arg = json_object_get(args, name);
		}
		if (json_is_integer(arg))
			buf_printf(&b, "%lld", (long long)json_integer_value(arg));
		else if (json_is_string(arg))
			buf_puts(&b, json_string_value(arg));
		else
			buf_append(&b, open, (size_t)(close - open + 1));
		s = close + 1;
	}
	const char *text = arena_strdup(&req->arena, buf_str(&b));
	buf_release(&b);
	return text;
}

const char *web_format_int(struct request *req, const char *msgid, const char *name,
                           int64_t value)
{
	json_t *args = json_pack("{s:I}", name, (json_int_t)value);
	const char *text = web_format(req, msgid, args);
	json_decref(args);
	return text;
}
