/* guard.c (web) — the credential, the route flags and CSRF, checked once per
 * request before any handler runs (see guard.h for the order). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "db.h"
#include "domain/actors.h"
#include "domain/notifications.h"
#include "domain/permission.h"
#include "domain/principal.h"
#include "domain/sessions.h"
#include "domain/tokens.h"
#include "guard.h"
#include "i18n.h"
#include "router.h"
#include "ui_acting.h"
#include "web.h"
#include "server.h"
#include "util.h"

#define NEXT_MAX 2000

enum credential { CRED_NONE, CRED_COOKIE, CRED_BEARER };

/* What a partner whose actor is not (or no longer) accredited reads on
 * every page: they can sign in, but cannot publish. */
static const struct {
	const char *status;
	const char *notice;
} status_notices[] = {
	{"requested", N_("Your organisation's accreditation is pending: you can sign in but not publish yet.")},
	{"declined", N_("Your organisation's request for accreditation was declined: you can sign in but not publish.")},
	{"suspended", N_("Your organisation's accreditation is suspended: you can sign in but not publish.")},
};

bool web_next_ok(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strlen(next) > NEXT_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

bool web_origin_ok(const char *origin, const char *host)
{
	if (!origin)
		return true;
	const char *sep = strstr(origin, "://");
	if (!sep || !host || !*host)
		return false;
	return strcasecmp(sep + 3, host) == 0;
}

const char *web_url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1);
	size_t n = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			out[n++] = (char)c;
		} else {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		}
	}
	out[n] = '\0';
	return out;
}

/* Finds the user behind the request's credential. A bearer token, when
 * sent, is the only credential looked at. */
static enum outcome identify(struct request *req, struct user *u, enum credential *cred)
{
	/* Without a database (an outage) a credential cannot be checked: that
	 * is an error (503), where a reader without one is simply anonymous. */
	if (req->bearer) {
		*cred = CRED_BEARER;
		if (!sessions_token_wellformed(req->bearer))
			return OUTCOME_NOT_FOUND;
		return req->db ? tokens_lookup(req->db, req->bearer, u) : OUTCOME_ERROR;
	}
	const char *cookie = params_get(&req->cookies, SESSION_COOKIE);
	*cred = cookie ? CRED_COOKIE : CRED_NONE;
	if (!sessions_token_wellformed(cookie))
		return OUTCOME_NOT_FOUND;
	return req->db ? sessions_lookup(req->db, cookie, u) : OUTCOME_ERROR;
}

/* The user as the layout shows them (request.h: req->viewer). */
static json_t *viewer_of(struct request *req, const struct user *u)
{
	json_t *actor = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)u->actor_id, "name", "",
	                          "url", arena_printf(&req->arena, "/actors/%lld",
	                                              (long long)u->actor_id));
	json_t *found = actors_get(req->db, req->locale, u->actor_id, u);
	const char *name = json_string_value(json_object_get(json_object_get(found, "actor"), "name"));
	if (name)
		json_object_set_new(actor, "name", json_string(name));
	json_decref(found);
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b}",
	                      "name", u->name, "email", u->email, "role", role_name(u->role),
	                      "role_label", tr(req->locale, role_label(u->role)), "actor", actor,
	                      "can_review", can(u, ACTION_ACTOR_DECIDE, NULL),
	                      "can_audit", can(u, ACTION_AUDIT_READ, NULL));
	/* The unread count, a link to the list: "3", "99+", absent for none
	 * (one indexed count; this page is the person's own already). */
	int64_t unread = notifications_unread(req->db, u->id);
	if (unread > NOTIFICATIONS_UNREAD_CAP)
		json_object_set_new(v, "unread", json_string(arena_printf(&req->arena, "%d+",
		                                                          NOTIFICATIONS_UNREAD_CAP)));
	else if (unread > 0)
		json_object_set_new(v, "unread", json_string(arena_printf(&req->arena, "%lld",
		                                                          (long long)unread)));
	/* An administrator may act whatever their actor's status: no notice. */
	for (size_t i = 0; permission_needs_accreditation(u->role) &&
	                   i < ARRAY_LEN(status_notices); i++)
		if (strcmp(u->actor_status, status_notices[i].status) == 0)
			json_object_set_new(v, "notice",
			                    json_string(tr(req->locale, status_notices[i].notice)));
	return v;
}

/* The CSRF token this page's forms carry: the session's when signed in;
 * for an anonymous form, the double-submit cookie's, set when absent. */
static void provide_csrf(struct request *req, bool form)
{
	if (req->user) {
		if (req->user->csrf_token[0])
			req->csrf_token = req->user->csrf_token;
		return;
	}
	if (!form)
		return;
	const char *cookie = params_get(&req->cookies, CSRF_COOKIE);
	if (sessions_token_wellformed(cookie)) {
		req->csrf_token = cookie;
		return;
	}
	char *token = arena_alloc(&req->arena, AUTH_TOKEN_LEN + 1);
	auth_token_new(token);
	req->csrf_token = token;
	/* Named __Host-… and Secure over HTTPS by req_set_cookie. */
	req_set_cookie(req, arena_printf(&req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax",
	                                 CSRF_COOKIE, token));
}

/* A state-changing request from a browser must carry the token its form
 * was given (the form field, or the X-CSRF-Token header for scripts): the
 * session's, or for anonymous forms the double-submit cookie's value
 * (another site can neither read nor set our cookie). A browser's Origin
 * header, when sent, must name this site too. */
static bool csrf_ok(const struct request *req)
{
	const char *expected = req->user ? req->user->csrf_token
	                                 : params_get(&req->cookies, CSRF_COOKIE);
	const char *given = req_form(req, "csrf_token");
	if (!given)
		given = req->csrf_header;
	return web_origin_ok(req->origin, req->host) && expected &&
	       sessions_token_wellformed(expected) && given && auth_equal(expected, given);
}

static void require_sign_in(struct request *req, struct page *page)
{
	if (req->format == FORMAT_JSON) {
		page_error(req, page, 401, "Sign-in required",
		           tr(req->locale, "Send a personal API token in the header Authorization: Bearer TOKEN. Create one on your account page."));
		return;
	}
	/* Only a page can be come back to; a form's POST cannot. */
	const char *next = (req->method & (HTTP_GET | HTTP_HEAD)) && web_next_ok(req->target)
	                   ? req->target : NULL;
	page_redirect(page, next ? arena_printf(&req->arena, "/account/login?next=%s",
	                                        web_url_encode(&req->arena, next))
	                         : "/account/login");
}

/* Raw resources (static files, metrics) show nobody's name: they need no
 * user, and asking the database for one on every stylesheet would waste
 * a query. Internal and ROUTE_NO_DB routes have no database to ask
 * (router.h). */
static bool needs_user(const struct route *route)
{
	if (route->flags & (ROUTE_INTERNAL | ROUTE_NO_DB))
		return false;
	return !(route->flags & ROUTE_NO_API) ||
	       (route->flags & (ROUTE_SIGNED_IN | ROUTE_WRITE | ROUTE_FORM));
}

bool web_guard(struct request *req, struct page *page)
{
	const struct route *route = req->route;
	enum credential cred = CRED_NONE;
	if (needs_user(route)) {
		struct user found;
		memset(&found, 0, sizeof found);
		enum outcome o = identify(req, &found, &cred);
		if (o == OUTCOME_ERROR) {
			web_db_error(req, page);
			return false;
		}
		/* A script whose token has expired is told so, whatever it
		 * asked: reading on as anybody would hide why its writes fail. */
		if (o == OUTCOME_DENIED) {
			json_t *args = json_pack("{s:s}", "date", found.token_expires_at);
			page_error(req, page, 401, N_("API token expired"),
			           web_format(req, N_("This API token expired on {date} (UTC). Create a new one on your account page."),
			                      args));
			json_decref(args);
			return false;
		}
		if (o == OUTCOME_OK) {
			struct user *u = arena_alloc(&req->arena, sizeof *u);
			*u = found;
			u->channel = cred == CRED_BEARER || req->api || req->format == FORMAT_JSON
			             ? "api" : "web";
			u->client_addr = req->client_addr;
			req->user = u;
			req->viewer = viewer_of(req, u);
			/* A page that names its reader is never shared. */
			page->no_cache = true;
		}
	}
	bool form = route->flags & ROUTE_FORM;
	provide_csrf(req, form);
	if (form)
		page->no_cache = true;
	if ((route->flags & ROUTE_SIGNED_IN) && !req->user) {
		require_sign_in(req, page);
		return false;
	}
	if ((route->flags & ROUTE_SESSION) && cred == CRED_BEARER) {
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "Only someone signed in with their password may do this, on the account page: an API token may not, so that a token cannot make more tokens."));
		return false;
	}
	bool state_changing = !(req->method & (HTTP_GET | HTTP_HEAD));
	if (state_changing && cred == CRED_BEARER && req->user &&
	    strcmp(req->user->token_scope, "write") != 0) {
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "This API token may only read (its scope is read), so nothing was changed. Create a token with the scope write on your account page to change data."));
		return false;
	}
	bool exempt = cred == CRED_BEARER && req->user;
	if ((route->flags & ROUTE_WRITE) && state_changing && !exempt && !csrf_ok(req)) {
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "This form has expired or did not come from this site, so nothing was changed. Go back, reload the page and try again."));
		return false;
	}
	/* The actor a write is for (ui_acting.h), then the choice its form offers. */
	if ((route->flags & ROUTE_WRITE) && state_changing && !ui_acting_apply(req, page))
		return false;
	if (form)
		ui_acting_offer(req);
	return true;
}

bool web_outcome_error(struct request *req, struct page *page, enum outcome o)
{
	switch (o) {
	case OUTCOME_OK:
	case OUTCOME_INVALID:
		return false;
	case OUTCOME_DENIED:
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "You may not do this. The attempt has been recorded."));
		return true;
	case OUTCOME_NOT_FOUND:
		web_not_found(req, page, N_("There is nothing at this address."));
		return true;
	case OUTCOME_CONFLICT:
		page_error(req, page, 409, "Conflict",
		           tr(req->locale, "This has already been done, or was changed meanwhile. Reload the page and check."));
		return true;
	case OUTCOME_ERROR:
		break;
	}
	if (!req->db || db_unavailable(req->db)) {
		page_unavailable(req, page);
		return true;
	}
	fprintf(stderr, "pacte: %s %s: database error: %s\n", req->method_name, req->path,
	        db_errmsg(req->db));
	page_error(req, page, 500, "Database error",
	           tr(req->locale, "The change could not be saved. Please try again in a moment."));
	return true;
}

int web_query_validate(const struct request *req, const struct field *fields, size_t n,
                       json_t **values, json_t **errors)
{
	/* form_validate reads req->form: hand it a view of the request whose
	 * form is the query. Only read, never kept. */
	struct request view = *req;
	view.form = req->query;
	return form_validate(&view, fields, n, values, errors);
}

void web_label_errors(struct request *req, struct page *page, const struct field_label *labels)
{
	/* "{label}: {message}": French puts a space before the colon. */
	const char *pattern = tr(req->locale, "{label}: {message}");
	const char *at_label = strstr(pattern, "{label}"), *at_msg = strstr(pattern, "{message}");
	if (!at_label || !at_msg || at_msg < at_label)
		return;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(page->model, "error_list"), i, item) {
		const char *field = json_string_value(json_object_get(item, "field"));
		const char *msg = json_string_value(json_object_get(item, "message"));
		for (const struct field_label *l = labels; field && msg && l->field; l++) {
			if (strcmp(l->field, field) != 0)
				continue;
			json_object_set_new(item, "text",
			                    json_sprintf("%.*s%s%.*s%s%s", (int)(at_label - pattern), pattern,
			                                 tr(req->locale, l->label),
			                                 (int)(at_msg - at_label - 7), at_label + 7, msg,
			                                 at_msg + 9));
			break;
		}
	}
}

json_t *web_options(const char *locale, const char *const *codes, const char *const *labels,
                    const char *current)
{
	json_t *list = json_array();
	for (size_t i = 0; codes[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", codes[i],
		                                      "label", tr(locale, labels[i]), "selected",
		                                      current && strcmp(current, codes[i]) == 0));
	return list;
}

void web_mark_selected(json_t *array, const char *key, const char *value)
{
	size_t i;
	json_t *item;
	if (!value)
		return;
	json_array_foreach(array, i, item) {
		const char *s = json_string_value(json_object_get(item, key));
		if (s && strcmp(s, value) == 0)
			json_object_set_new(item, "selected", json_true());
	}
}

void web_time_texts(json_t *array, const char *key)
{
	char name[64];
	if (snprintf(name, sizeof name, "%s_text", key) >= (int)sizeof name)
		return;
	if (json_is_object(array)) {
		json_t *one = json_pack("[O]", array);
		web_time_texts(one, key);
		json_decref(one);
		return;
	}
	size_t i;
	json_t *item;
	json_array_foreach(array, i, item) {
		const char *t = json_string_value(json_object_get(item, key));
		if (!t)
			continue;
		/* "YYYY-MM-DDTHH:MM…": the date, a space, hours and minutes. */
		char text[17];
		if (strlen(t) >= 16 && t[10] == 'T') {
			memcpy(text, t, 16);
			text[10] = ' ';
			text[16] = '\0';
			t = text;
		}
		json_object_set_new(item, name, json_string(t));
	}
}
