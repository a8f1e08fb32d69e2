/* request.h — one HTTP request, parsed once.
 *
 * The server fills a struct request before any handler runs: method, the
 * canonical path, query and form parameters (decoded, UTF-8 checked, NUL
 * refused), cookies, the headers handlers need, the negotiated locale and
 * format, this thread's database connection and an arena that owns every
 * string here. Handlers read it and never free anything in it. */
#ifndef PACTE_REQUEST_H
#define PACTE_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

struct db;
struct app;
struct route;
struct user;
typedef struct json_t json_t;

enum http_method {
	HTTP_GET = 1 << 0,
	HTTP_HEAD = 1 << 1,
	HTTP_POST = 1 << 2,
	HTTP_PUT = 1 << 3,
	HTTP_PATCH = 1 << 4,
	HTTP_DELETE = 1 << 5,
	HTTP_OTHER = 1 << 6,
};

enum format { FORMAT_HTML, FORMAT_JSON };

struct param {
	const char *name;
	const char *value;   /* "" when invalid */
	bool invalid;        /* lenient parsing only: the value was not UTF-8 or held NUL */
};

struct params {
	struct param *items;
	size_t len;
};

#define ROUTE_MAX_PARAMS 4
#define REQUEST_MAX_PARAMS 64      /* query or form fields */
#define REQUEST_MAX_VALUE 65536    /* bytes in one decoded value */
#define REQUEST_MAX_PATH 2048      /* bytes in a target's path, as received */

struct request {
	struct arena arena;
	enum http_method method;
	const char *method_name;
	const char *target;        /* the raw request target, as received */
	const char *path;          /* decoded, canonical, /api/v1 removed */
	const char *query_string;  /* raw, after '?', "" when none */
	bool api;                  /* asked for under /api/v1 */
	enum format format;        /* JSON for /api/v1 or Accept: application/json */
	/* Asked for as PATH.csv, the CSV twin of a list page (a route with
	 * ROUTE_CSV): the answer is the page's table (page_csv) as CSV; for
	 * everything else (errors: problem+json) the format is JSON. */
	bool csv;
	struct params query;
	struct params form;        /* application/x-www-form-urlencoded body */
	struct params cookies;
	const char *route_params[ROUTE_MAX_PARAMS];
	size_t nroute_params;
	const char *locale;
	const char *accept;
	const char *accept_language;
	const char *if_none_match;
	const char *content_type;
	const char *origin;        /* Origin header, for the CSRF defence in depth */
	const char *host;          /* Host header */
	const char *csrf_header;   /* X-CSRF-Token header (scripts that send JSON) */
	bool accepts_gzip;
	struct buf body;
	struct db *db;
	const struct route *route;
	const struct app *app;
	/* Set by the server for the access log and metrics. */
	long long start_us;
	bool cache_hit;
	const char *bad_input;     /* why parsing refused the request, if it did */
	/* Filled by the guard (the web layer's app.guard) before the handler. */
	const struct user *user;   /* the signed-in user, NULL when anonymous */
	json_t *viewer;            /* the user as the layout shows them, or NULL */
	const char *csrf_token;    /* for the forms this page renders */
	const char *bearer;        /* Authorization: Bearer token, NULL if none */
	const char *client_addr;   /* the peer's IP address, as text */
	/* Reached over HTTPS: the server says so with --secure-cookies, or
	 * when a trusted proxy (--trust-proxy) forwards X-Forwarded-Proto:
	 * https. Its cookies then travel as __Host-NAME, Secure (below). */
	bool secure;
	json_t *json_body;         /* a JSON request body, parsed; NULL otherwise */
	const char *set_cookie[4]; /* Set-Cookie lines to send with the answer */
	size_t nset_cookie;
};

/* Parses application/x-www-form-urlencoded text (a query string or a form
 * body) into out, allocating from the arena. '+' is a space, %XX a byte.
 * Returns 0, or -1 with *why set (an English msgid for tr()) when a name or
 * value is not valid UTF-8 or contains NUL, a value is longer than
 * REQUEST_MAX_VALUE, or there are more than REQUEST_MAX_PARAMS fields.
 * With `lenient` (form bodies), a bad value does not fail the parse: it is
 * kept as "" marked invalid, so the form can name the field. */
int params_parse(struct arena *a, const char *s, size_t len, struct params *out,
                 bool lenient, const char **why);

/* Adds one parameter (for JSON bodies flattened into req->form). Fails
 * with -1 past REQUEST_MAX_PARAMS. */
int params_add(struct arena *a, struct params *p, const char *name, const char *value);

/* Parses a JSON request body into req->json_body and flattens an object's
 * top-level fields into req->form, so one field list validates the form
 * and the API alike (form.h): scalars become values, arrays of scalars
 * repeated values, other values are left to handlers that read
 * req->json_body. A top-level array is kept whole there (an import).
 * Returns 0, or -1 with *why set (not JSON, not an object or array, too
 * many parameters). */
int request_json_body(struct request *req, const char *body, size_t len, const char **why);

/* Parses a Cookie header ("a=1; b=2") into out (header NULL: none).
 * Malformed pairs and values that are not UTF-8 are skipped, as a server may
 * do with what it did not set. Returns 0, or -1 with *why set (an English
 * msgid) when the header holds more than REQUEST_MAX_PARAMS cookies: out
 * then holds the first REQUEST_MAX_PARAMS, never silently all there were. */
int cookies_parse(struct arena *a, const char *header, struct params *out, const char **why);

/* The first value named `name`, or NULL. */
const char *params_get(const struct params *p, const char *name);

/* Splits a request target into a canonical decoded path and its raw query
 * string: percent-decoding, "//" collapsed, "." and ".." segments refused.
 * Returns 0, or -1 when the path is invalid (bad escape, NUL, invalid
 * UTF-8, a dot segment). */
int target_parse(struct arena *a, const char *target, const char **path, const char **query);

/* The prefix of every cookie on a secure request. A browser keeps a
 * "__Host-" cookie only when it is Secure, has Path=/ and no Domain, and
 * came from an HTTPS answer of this very host: neither a sibling
 * subdomain nor an answer over plain HTTP can plant or overwrite one. */
#define COOKIE_HOST_PREFIX "__Host-"

/* Makes req->cookies hold the cookies this request may trust, by the
 * names the code knows them by. On a secure request only "__Host-NAME"
 * cookies are kept, under NAME: an unprefixed one could have been set by
 * someone else (see COOKIE_HOST_PREFIX). On a plain request they are kept
 * as they are. The server calls it once, after cookies_parse. */
void cookies_for_scheme(struct params *cookies, bool secure);

/* The Set-Cookie line `line` ("NAME=VALUE; Path=/; …", which must hold
 * Path=/ and no Domain) as sent on this request: on a secure request
 * named "__Host-NAME" and marked Secure (once); unchanged otherwise. From
 * the request's arena, or line itself. Every cookie Pacte sets goes
 * through here, so that no handler has to know the scheme. */
const char *req_cookie_line(struct request *req, const char *line);

/* Queues a Set-Cookie line for the answer (at most 4; more are dropped,
 * which the tests would show), through req_cookie_line. The string must
 * live as long as req. */
void req_set_cookie(struct request *req, const char *line);

/* Shorthands for handlers. */
const char *req_query(const struct request *req, const char *name);
const char *req_form(const struct request *req, const char *name);
const char *req_param(const struct request *req, size_t i);

#endif
