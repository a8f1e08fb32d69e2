/* request.c — parsing of what a request carries: target, query, form,
 * cookies, JSON bodies.
 *
 * These parsers see bytes straight from the network, so they are strict and
 * bounded: every value is decoded into the request's arena, checked to be
 * UTF-8 without NUL, and capped in length and count. They are the targets
 * of tests/fuzz/fuzz_request.c and (form and JSON bodies, with the
 * validators) tests/fuzz/fuzz_form.c. */
#include <assert.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "i18n.h"
#include "request.h"
#include "text.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..len) into the arena; '+' becomes a space when
 * `plus` is set (form encoding). NULL on a malformed escape, a decoded NUL
 * or invalid UTF-8. */
static char *decode(struct arena *a, const char *s, size_t len, bool plus)
{
	char *out = arena_alloc(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			int hi = i + 1 < len ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		out[n++] = c;
	}
	out[n] = '\0';
	if (!utf8_valid(out, n))   /* also refuses NUL */
		return NULL;
	return out;
}

int params_parse(struct arena *a, const char *s, size_t len, struct params *out,
                 bool lenient, const char **why)
{
	out->items = NULL;
	out->len = 0;
	if (len == 0)
		return 0;
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		count += s[i] == '&';
	if (count > REQUEST_MAX_PARAMS) {
		*why = N_("The request has too many parameters.");
		return -1;
	}
	out->items = arena_alloc(a, count * sizeof *out->items);
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *name_end = eq ? eq : stop;
		if (name_end > p) {
			if ((size_t)(stop - p) > REQUEST_MAX_VALUE) {
				*why = N_("A parameter is too long.");
				return -1;
			}
			char *name = decode(a, p, (size_t)(name_end - p), true);
			char *value = eq ? decode(a, eq + 1, (size_t)(stop - eq - 1), true)
			                 : arena_strdup(a, "");
			bool invalid = false;
			if (name && !value && lenient) {
				value = arena_strdup(a, "");
				invalid = true;
			}
			if (!name || !value) {
				*why = N_("A parameter is not valid UTF-8 text.");
				return -1;
			}
			out->items[out->len++] = (struct param){name, value, invalid};
		}
		p = amp ? amp + 1 : end;
	}
	return 0;
}

int cookies_parse(struct arena *a, const char *header, struct params *out, const char **why)
{
	out->items = NULL;
	out->len = 0;
	if (!header)
		return 0;
	size_t count = 1;
	for (const char *p = header; *p; p++)
		count += *p == ';';
	if (count > REQUEST_MAX_PARAMS)
		count = REQUEST_MAX_PARAMS;
	out->items = arena_alloc(a, count * sizeof *out->items);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *semi = strchr(p, ';');
		const char *stop = semi ? semi : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		if (eq && eq > p) {
			const char *v = eq + 1, *vend = stop;
			while (vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
				vend--;
			if (vend - v >= 2 && *v == '"' && vend[-1] == '"') {
				v++;
				vend--;
			}
			char *name = arena_strndup(a, p, (size_t)(eq - p));
			char *value = arena_strndup(a, v, (size_t)(vend - v));
			if (utf8_valid(name, strlen(name)) && utf8_valid(value, strlen(value))) {
				if (out->len == count) {
					/* count is the number of ';'-separated pairs,
					 * so only its cap can be reached. */
					assert(count == REQUEST_MAX_PARAMS);
					*why = N_("The request has too many cookies.");
					return -1;
				}
				out->items[out->len++] = (struct param){name, value, false};
			}
		}
		p = semi ? semi + 1 : stop;
	}
	return 0;
}

int params_add(struct arena *a, struct params *p, const char *name, const char *value)
{
	if (p->len >= REQUEST_MAX_PARAMS)
		return -1;
	/* Grown by copying into the arena: bodies have few fields. */
	struct param *items = arena_alloc(a, (p->len + 1) * sizeof *items);
	if (p->len)
		memcpy(items, p->items, p->len * sizeof *items);
	items[p->len++] = (struct param){name, value, false};
	p->items = items;
	return 0;
}

void cookies_for_scheme(struct params *cookies, bool secure)
{
	if (!secure)
		return;
	const size_t plen = strlen(COOKIE_HOST_PREFIX);
	size_t kept = 0;
	for (size_t i = 0; i < cookies->len; i++) {
		struct param c = cookies->items[i];
		if (strncmp(c.name, COOKIE_HOST_PREFIX, plen) != 0 || !c.name[plen])
			continue;
		c.name += plen;
		cookies->items[kept++] = c;
	}
	cookies->len = kept;
}

/* True when the attribute list of a Set-Cookie line holds attr (a whole
 * attribute, case aside). */
static bool has_attribute(const char *line, const char *attr)
{
	size_t n = strlen(attr);
	for (const char *p = strchr(line, ';'); p; p = strchr(p + 1, ';')) {
		const char *a = p + 1;
		while (*a == ' ')
			a++;
		if (strncasecmp(a, attr, n) == 0 && (a[n] == '\0' || a[n] == ';' || a[n] == '=' ||
		                                     a[n] == ' '))
			return true;
	}
	return false;
}

const char *req_cookie_line(struct request *req, const char *line)
{
	/* The code's own lines: what a __Host- cookie requires. */
	assert(strchr(line, '=') && has_attribute(line, "Path=/") && !has_attribute(line, "Domain"));
	if (!req->secure)
		return line;
	return arena_printf(&req->arena, "%s%s%s", COOKIE_HOST_PREFIX, line,
	                    has_attribute(line, "Secure") ? "" : "; Secure");
}

void req_set_cookie(struct request *req, const char *line)
{
	if (req->nset_cookie < sizeof req->set_cookie / sizeof *req->set_cookie)
		req->set_cookie[req->nset_cookie++] = req_cookie_line(req, line);
}

const char *params_get(const struct params *p, const char *name)
{
	for (size_t i = 0; i < p->len; i++)
		if (strcmp(p->items[i].name, name) == 0)
			return p->items[i].value;
	return NULL;
}

/* Canonicalises a decoded path in place: collapses "//", drops a trailing
 * "/" (but keeps "/"), refuses "." and ".." segments. */
static int canonical_path(char *path)
{
	char *w = path;
	const char *r = path;
	while (*r) {
		while (*r == '/')
			r++;
		if (!*r)
			break;
		const char *seg = r;
		while (*r && *r != '/')
			r++;
		size_t n = (size_t)(r - seg);
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return -1;
		*w++ = '/';
		memmove(w, seg, n);
		w += n;
	}
	if (w == path)
		*w++ = '/';
	*w = '\0';
	return 0;
}

int target_parse(struct arena *a, const char *target, const char **path, const char **query)
{
	if (!target || target[0] != '/')
		return -1;
	const char *q = strchr(target, '?');
	size_t plen = q ? (size_t)(q - target) : strlen(target);
	if (plen > REQUEST_MAX_PATH)
		return -1;
	char *decoded = decode(a, target, plen, false);
	if (!decoded || canonical_path(decoded) < 0)
		return -1;
	*path = decoded;
	*query = q ? arena_strdup(a, q + 1) : "";
	return 0;
}

const char *req_query(const struct request *req, const char *name)
{
	return params_get(&req->query, name);
}

const char *req_form(const struct request *req, const char *name)
{
	return params_get(&req->form, name);
}

const char *req_param(const struct request *req, size_t i)
{
	return i < req->nroute_params ? req->route_params[i] : NULL;
}

/* ---- JSON bodies -------------------------------------------------------- */

/* Adds a JSON scalar to the form parameters as text; other values are
 * left to handlers that read req->json_body. */
static int add_scalar(struct arena *a, struct params *form, const char *name, json_t *v)
{
	const char *text;
	switch (json_typeof(v)) {
	case JSON_STRING: text = arena_strndup(a, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER: text = arena_printf(a, "%lld", (long long)json_integer_value(v)); break;
	case JSON_REAL: text = arena_printf(a, "%.17g", json_real_value(v)); break;
	case JSON_TRUE: text = "true"; break;
	case JSON_FALSE: text = "false"; break;
	default: return 0;
	}
	return params_add(a, form, name, text);
}

int request_json_body(struct request *req, const char *body, size_t len, const char **why)
{
	json_error_t jerr;
	req->json_body = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!req->json_body || !(json_is_object(req->json_body) || json_is_array(req->json_body))) {
		*why = req->json_body ? N_("The request body must be a JSON object or array.")
		                      : N_("The request body is not valid JSON.");
		return -1;
	}
	if (json_is_array(req->json_body))
		return 0;   /* a whole document (an import): the handler reads it */
	const char *key;
	json_t *v;
	json_object_foreach(req->json_body, key, v) {
		int rc = 0;
		if (json_is_array(v)) {
			size_t i;
			json_t *item;
			json_array_foreach(v, i, item)
				rc |= add_scalar(&req->arena, &req->form, key, item);
		} else {
			rc = add_scalar(&req->arena, &req->form, key, v);
		}
		if (rc < 0) {
			*why = N_("The request has too many parameters.");
			return -1;
		}
	}
	return 0;
}
