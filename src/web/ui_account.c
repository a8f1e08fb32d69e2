/* ui_account.c (web) — sign in, sign out, register, and the account page. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "auth.h"
#include "domain/actors.h"
#include "domain/countries.h"
#include "domain/notifications.h"
#include "domain/principal.h"
#include "domain/sessions.h"
#include "domain/tokens.h"
#include "domain/users.h"
#include "ui.h"
#include "ui_account.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "web.h"
#include "server.h"
#include "util.h"

#define PASSWORD_MIN PASSWORD_MIN_CHARS
#define PASSWORD_MAX PASSWORD_MAX_BYTES

static const struct field login_fields[] = {
	{"email", FIELD_EMAIL, FIELD_REQUIRED, 0, 0, NULL},
	{"password", FIELD_PASSWORD, FIELD_REQUIRED, 0, PASSWORD_MAX, NULL},
	{"next", FIELD_TEXT, 0, 0, 2000, NULL},
};

static const struct field register_fields[] = {
	{"org_name", FIELD_TEXT, FIELD_REQUIRED, 2, 200, NULL},
	{"org_type", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, actor_partner_types},
	{"country", FIELD_TEXT, 0, 0, 3, NULL},
	{"website", FIELD_URL, 0, 0, 0, NULL},
	{"description", FIELD_TEXTAREA, 0, 0, 2000, NULL},
	{"name", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL},
	{"email", FIELD_EMAIL, FIELD_REQUIRED, 0, 0, NULL},
	{"password", FIELD_PASSWORD, FIELD_REQUIRED, PASSWORD_MIN, PASSWORD_MAX, NULL},
	{"password_confirm", FIELD_PASSWORD, FIELD_REQUIRED, 0, PASSWORD_MAX, NULL},
	/* "mine is another organisation", ticked after the similar-name warning */
	{"similar_ok", FIELD_BOOL, 0, 0, 0, NULL},
};

static const struct field password_fields[] = {
	{"current_password", FIELD_PASSWORD, FIELD_REQUIRED, 0, PASSWORD_MAX, NULL},
	{"new_password", FIELD_PASSWORD, FIELD_REQUIRED, PASSWORD_MIN, PASSWORD_MAX, NULL},
	{"new_password_confirm", FIELD_PASSWORD, FIELD_REQUIRED, 0, PASSWORD_MAX, NULL},
};

/* The labels of the fields, for the error summaries. */
static const struct field_label labels[] = {
	{"email", N_("Email address")},
	{"password", N_("Password")},
	{"org_name", N_("Name of the organisation")},
	{"org_type", N_("Kind of organisation")},
	{"country", N_("Country")},
	{"website", N_("Website")},
	{"description", N_("What the organisation does")},
	{"name", N_("Your name")},
	{"password_confirm", N_("Password again")},
	{"current_password", N_("Current password")},
	{"new_password", N_("New password")},
	{"new_password_confirm", N_("New password again")},
	{"label", N_("Label of a new token")},
	{"scope", N_("What it may do")},
	{"expires_in_days", N_("Expires after (days)")},
	{"notify_mail", N_("Notifications by e-mail")},
	{NULL, NULL},
};

/* What a registration answers, whether or not its email had an account
 * (issue 11, finding 5): it must not tell which, and must be true both
 * ways. */
#define REGISTERED_NOTICE N_("Thank you. If this email address had no account yet, your request for accreditation has been received: you can sign in with it now, and a reviewer will look at your organisation soon. If it already had an account, nothing was changed: sign in with that account.")

/* Notices the account and sign-in pages show after a redirect, by the
 * query parameter the redirect set. */
static const struct {
	const char *param;
	const char *text;
} notices[] = {
	{"registered", REGISTERED_NOTICE},
	{"signed_out", N_("You have signed out.")},
	{"password_changed", N_("Your password has been changed. Your other sessions have been signed out.")},
	{"token_revoked", N_("The token has been revoked: it no longer opens the API.")},
	{"reset_sent", N_("If this address has an account, a link to choose a new password is on its way. It works once, within the hour. Nothing came? Look in your spam folder, or ask again later.")},
	{"password_reset", N_("Your password has been changed, and every session signed out: sign in with the new one.")},
	{"verified", N_("Thank you: your address is confirmed.")},
	{"verification_sent", N_("A new link is on its way to your address.")},
};

static void add_notice(const struct request *req, json_t *model)
{
	for (size_t i = 0; i < ARRAY_LEN(notices); i++)
		if (req_query(req, notices[i].param)) {
			json_object_set_new(model, "notice", json_string(tr(req->locale, notices[i].text)));
			return;
		}
}

/* A form page's model starts with the CSRF token, so an API client can
 * post the form too (the HTML layout has it already). */
static json_t *form_model(const struct request *req)
{
	json_t *model = json_object();
	if (req->csrf_token)
		json_object_set_new(model, "csrf_token", json_string(req->csrf_token));
	return model;
}

static const char *value_str(json_t *values, const char *name)
{
	return json_string_value(json_object_get(values, name));
}

/* The end of a successful POST: a 303 for a browser, the model for the
 * API. Steals model. */
static void done(struct request *req, struct page *page, const char *location,
                 const char *template_name, json_t *model, int api_status)
{
	if (req->format == FORMAT_JSON) {
		page_set(page, template_name, model, NULL);
		page->status = api_status;
		page->no_cache = true;
		return;
	}
	json_decref(model);
	page_redirect(page, location);
}

/* A translated text with its "{n}" replaced by n. The number is put in by
 * hand: a translation is never used as a printf format. */
static const char *password_hint(struct request *req)
{
	return web_format_int(req, N_("At least {n} characters. A few unrelated words make a strong password that is easy to remember."),
	                      "n", PASSWORD_MIN);
}

static const char *session_cookie(struct request *req, const char *value, long max_age)
{
	/* Secure and the __Host- prefix are added by req_set_cookie when the
	 * request came over HTTPS. */
	return arena_printf(&req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld",
	                    SESSION_COOKIE, value, max_age);
}

/* ---- signing in and out ---------------------------------------------------- */

static json_t *login_model(const struct request *req, const char *next)
{
	json_t *model = form_model(req);
	if (web_next_ok(next))
		json_object_set_new(model, "next", json_string(next));
	add_notice(req, model);
	return model;
}

void account_login_form(struct request *req, struct page *page)
{
	json_t *model = login_model(req, req_query(req, "next"));
	page_set(page, "account_login", model, tr(req->locale, "Sign in"));
}

/* A refused sign-in: the form again with the email kept (HTML), or a
 * problem with the same words (API). */
static void login_refused(struct request *req, struct page *page, json_t *values,
                          json_t *errors, int status, const char *title_msgid,
                          const char *detail)
{
	if (req->format == FORMAT_JSON && status != 422) {
		json_decref(values);
		json_decref(errors);
		page_error(req, page, status, title_msgid, detail);
		return;
	}
	json_t *model = login_model(req, value_str(values, "next"));
	page_invalid(req, page, "account_login", model, values, errors, tr(req->locale, "Sign in"));
	web_label_errors(req, page, labels);
	page->status = status;
}

/* Records why a sign-in was refused for now: "wait a few seconds" (wait)
 * or "try again in N minutes", N at least 1. Returns the message, in
 * req's locale. */
static const char *refused(struct request *req, json_t *errors, bool wait, int retry_after)
{
	int minutes = retry_after > 0 ? (retry_after + 59) / 60 : 1;
	if (wait)
		valid_error(errors, "password", N_("Too many failed sign-ins: wait a few seconds, then try again."));
	else if (minutes == 1)
		valid_error(errors, "password", N_("Too many failed sign-ins: try again in 1 minute."));
	else
		valid_error_int(errors, "password", N_("Too many failed sign-ins: try again in {n} minutes."),
		                "n", minutes);
	json_t *m = valid_messages(req->locale, errors);
	const char *msg = arena_strdup(&req->arena, json_string_value(json_object_get(m, "password")));
	json_decref(m);
	return msg;
}

void account_login(struct request *req, struct page *page)
{
	if (req->api) {
		page_error(req, page, 400, "Bad request",
		           tr(req->locale, "The API does not sign in with a password: create a personal API token on your account page and send it in the header Authorization: Bearer TOKEN."));
		return;
	}
	json_t *values, *errors;
	if (form_validate(req, login_fields, ARRAY_LEN(login_fields), &values, &errors)) {
		login_refused(req, page, values, errors, 422, NULL, NULL);
		return;
	}
	char token[AUTH_TOKEN_LEN + 1];
	int retry_after = 0;
	const char *channel = req->format == FORMAT_JSON ? "api" : "web";
	enum signin_result r = sessions_sign_in(req->db, value_str(values, "email"),
	                                        value_str(values, "password"), channel,
	                                        req->client_addr, token, &retry_after);
	const char *msg;
	switch (r) {
	case SIGNIN_OK: {
		req_set_cookie(req, session_cookie(req, token, SESSION_MAX_SECONDS));
		sodium_memzero(token, sizeof token);
		const char *next = value_str(values, "next");
		const char *to = web_next_ok(next) ? arena_strdup(&req->arena, next) : "/account";
		json_decref(values);
		json_decref(errors);
		done(req, page, to, "account_login", json_pack("{s:b, s:s}", "signed_in", 1, "next", to),
		     200);
		return;
	}
	case SIGNIN_BAD_CREDENTIALS:
		msg = N_("The email or password is not right.");
		valid_error(errors, "password", msg);
		login_refused(req, page, values, errors, 401, N_("Sign-in failed"), tr(req->locale, msg));
		return;
	case SIGNIN_THROTTLED:
	case SIGNIN_WAIT:
		/* Answered at once: the client waits, not this thread. */
		msg = refused(req, errors, r == SIGNIN_WAIT, retry_after);
		login_refused(req, page, values, errors, 429, N_("Too many failed sign-ins"), msg);
		page->retry_after = retry_after > 0 ? retry_after : 1;
		return;
	case SIGNIN_DISABLED:
		msg = N_("This account is disabled. Ask the site's administrators if you think this is a mistake.");
		valid_error(errors, "email", msg);
		login_refused(req, page, values, errors, 403, "Forbidden", tr(req->locale, msg));
		return;
	case SIGNIN_ERROR:
		break;
	}
	json_decref(values);
	json_decref(errors);
	web_outcome_error(req, page, OUTCOME_ERROR);
}

void account_logout(struct request *req, struct page *page)
{
	if (!req->user->session_id) {
		page_error(req, page, 400, "Bad request",
		           tr(req->locale, "An API token does not sign out: revoke it on your account page instead."));
		return;
	}
	enum outcome o = sessions_end(req->db, req->user);
	if (web_outcome_error(req, page, o))
		return;
	req_set_cookie(req, session_cookie(req, "", 0));
	done(req, page, "/account/login?signed_out=1", "account_login",
	     json_pack("{s:b}", "signed_out", 1), 200);
}

/* ---- registering an organisation ------------------------------------------- */

/* The register form's model: the partner types and countries to choose
 * from, with the chosen ones selected. NULL on a database error. */
static json_t *register_model(struct request *req, const char *type, const char *country)
{
	json_t *countries = ui_country_options(req, country);
	if (!countries)
		return NULL;
	json_t *model = form_model(req);
	json_object_set_new(model, "types", web_options(req->locale, actor_partner_types,
	                                                actor_partner_type_labels, type));
	json_object_set_new(model, "countries", countries);
	json_object_set_new(model, "password_hint", json_string(password_hint(req)));
	return model;
}

void account_register_form(struct request *req, struct page *page)
{
	json_t *model = register_model(req, NULL, NULL);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "account_register", model, tr(req->locale, "Ask for accreditation"));
}

/* The country is optional; when given it must look like an ISO3 code (the
 * domain checks that such a country exists). */
static void check_country(struct request *req, json_t *values, json_t *errors)
{
	const char *country = value_str(values, "country");
	if (!country)
		return;
	if (!iso3_code_valid(country)) {
		valid_error(errors, "country", N_("Choose a country from the list."));
		return;
	}
	char upper[4];
	for (int i = 0; i < 4; i++)
		upper[i] = (char)(country[i] >= 'a' && country[i] <= 'z' ? country[i] - 32 : country[i]);
	json_object_set_new(values, "country", json_string(upper));
}

static void check_confirmation(struct request *req, json_t *values, json_t *errors,
                               const char *password, const char *confirm)
{
	const char *a = value_str(values, password), *b = value_str(values, confirm);
	if (a && b && strcmp(a, b) != 0)
		valid_error(errors, confirm, N_("The two passwords are not the same."));
}

/* The form again with its errors; `similar` (stolen, may be NULL) names the
 * public organisations whose name is like the one entered. */
static void register_invalid(struct request *req, struct page *page, json_t *values,
                             json_t *errors, json_t *similar)
{
	json_t *model = register_model(req, value_str(values, "org_type"),
	                               value_str(values, "country"));
	if (!model) {
		json_decref(values);
		json_decref(errors);
		json_decref(similar);
		web_db_error(req, page);
		return;
	}
	json_object_set_new(model, "has_similar", json_boolean(json_array_size(similar) > 0));
	json_object_set_new(model, "similar", similar ? similar : json_array());
	page_invalid(req, page, "account_register", model, values, errors,
	            tr(req->locale, "Ask for accreditation"));
	web_label_errors(req, page, labels);
}

void account_register(struct request *req, struct page *page)
{
	json_t *values, *errors;
	form_validate(req, register_fields, ARRAY_LEN(register_fields), &values, &errors);
	check_country(req, values, errors);
	check_confirmation(req, values, errors, "password", "password_confirm");
	if (json_object_size(errors)) {
		register_invalid(req, page, values, errors, NULL);
		return;
	}
	json_t *org = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}",
	                        "name", json_object_get(values, "org_name"),
	                        "type", json_object_get(values, "org_type"),
	                        "country", json_object_get(values, "country"),
	                        "website", json_object_get(values, "website"),
	                        "description", json_object_get(values, "description"),
	                        "similar_ok", json_object_get(values, "similar_ok"));
	json_t *user = json_pack("{s:O, s:O, s:O, s:s}", "email", json_object_get(values, "email"),
	                         "name", json_object_get(values, "name"),
	                         "password", json_object_get(values, "password"),
	                         "locale", req->locale);
	struct actor_registered reg;
	const char *channel = req->format == FORMAT_JSON ? "api" : "web";
	enum outcome o = actors_register(req->db, org, user, errors, channel, req->client_addr,
	                                 &reg);
	json_decref(org);
	json_decref(user);
	if (o == OUTCOME_INVALID) {
		register_invalid(req, page, values, errors, reg.similar);
		return;
	}
	json_decref(reg.similar);
	json_decref(values);
	json_decref(errors);
	if (o == OUTCOME_CONFLICT) {
		/* This address registered as many as it may for now. */
		page_error(req, page, 429, N_("Too many registrations"),
		           tr(req->locale, "Too many organisations were registered from your network in the last hour. Please try again later."));
		page->retry_after = reg.retry_after > 0 ? reg.retry_after : 1;
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	/* The same answer whether an organisation was created or the email
	 * had an account already (nothing written): 202, the request taken,
	 * never its result. */
	done(req, page, "/account/login?registered=1", "account_register",
	     json_pack("{s:b, s:s}", "received", 1, "notice", tr(req->locale, REGISTERED_NOTICE)),
	     202);
}

/* ---- the account page -------------------------------------------------------- */

/* Everything the account page shows. NULL on a database error. */
static json_t *account_model(struct request *req)
{
	const struct user *u = req->user;
	json_t *tokens = tokens_list(req->db, u);
	json_t *found = tokens ? actors_get(req->db, req->locale, u->actor_id, u) : NULL;
	/* What the workflows told this account (practices' review …). */
	json_t *notes = found ? notifications_list(req->db, req->locale, u->id) : NULL;
	if (!notes) {
		json_decref(tokens);
		json_decref(found);
		return NULL;
	}
	web_time_texts(notes, "created_at");
	json_t *model = form_model(req);
	json_object_set_new(model, "user", json_pack("{s:I, s:s, s:s, s:s, s:s}",
	                                             "id", (json_int_t)u->id, "name", u->name,
	                                             "email", u->email, "role", role_name(u->role),
	                                             "role_label",
	                                             tr(req->locale, role_label(u->role))));
	json_t *actor = json_object_get(found, "actor");
	json_object_set(model, "actor", actor ? actor : json_null());
	json_decref(found);
	web_time_texts(tokens, "created_at");
	web_time_texts(tokens, "last_used_at");
	web_time_texts(tokens, "expires_at");
	size_t i;
	json_t *t;
	json_array_foreach(tokens, i, t)
		json_object_set_new(t, "scope_write", json_boolean(
			json_string_value(json_object_get(t, "scope")) &&
			strcmp(json_string_value(json_object_get(t, "scope")), "write") == 0));
	json_object_set_new(model, "token_count", json_integer((json_int_t)json_array_size(tokens)));
	json_object_set_new(model, "token_expiry", json_pack("{s:i, s:i}", "default",
	                                                     TOKEN_EXPIRY_DEFAULT_DAYS, "max",
	                                                     TOKEN_EXPIRY_MAX_DAYS));
	json_object_set_new(model, "tokens", tokens);
	json_object_set_new(model, "has_notifications", json_boolean(json_array_size(notes) > 0));
	json_object_set_new(model, "notifications", notes);
	json_object_set_new(model, "password_hint", json_string(password_hint(req)));
	json_object_set_new(model, "unverified", json_boolean(u->unverified));
	if (account_privacy_model(req, model) < 0 || account_notify_model(req, model) < 0) {
		json_decref(model);
		return NULL;
	}
	json_t *notice = json_object_get(req->viewer, "notice");
	if (notice)
		json_object_set(model, "status_notice", notice);
	add_notice(req, model);
	return model;
}

void account_show(struct request *req, struct page *page)
{
	json_t *model = account_model(req);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "account", model, tr(req->locale, "Your account"));
}

/* One of the account page's forms was not right: the page again, with
 * that form's messages. */
void account_invalid(struct request *req, struct page *page, json_t *values, json_t *errors)
{
	json_t *model = account_model(req);
	if (!model) {
		json_decref(values);
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	/* The token form's select keeps what was chosen. */
	const char *scope = json_string_value(json_object_get(values, "scope"));
	if (scope && strcmp(scope, "write") == 0)
		json_object_set_new(values, "scope_write", json_true());
	page_invalid(req, page, "account", model, values, errors, tr(req->locale, "Your account"));
	web_label_errors(req, page, labels);
}

void account_password(struct request *req, struct page *page)
{
	json_t *values, *errors;
	form_validate(req, password_fields, ARRAY_LEN(password_fields), &values, &errors);
	check_confirmation(req, values, errors, "new_password", "new_password_confirm");
	if (json_object_size(errors)) {
		account_invalid(req, page, values, errors);
		return;
	}
	enum outcome o = users_change_password(req->db, req->user,
	                                       value_str(values, "current_password"),
	                                       value_str(values, "new_password"), errors);
	if (o == OUTCOME_INVALID) {
		account_invalid(req, page, values, errors);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	done(req, page, "/account?password_changed=1", "account",
	     json_pack("{s:b}", "password_changed", 1), 200);
}

void account_token_create(struct request *req, struct page *page)
{
	json_t *values, *errors;
	if (form_validate(req, tokens_fields, tokens_nfields, &values, &errors)) {
		account_invalid(req, page, values, errors);
		return;
	}
	char token[AUTH_TOKEN_LEN + 1];
	json_t *fresh = NULL;
	enum outcome o = tokens_make(req->db, req->user, values, errors, token, &fresh);
	if (o == OUTCOME_INVALID) {
		account_invalid(req, page, values, errors);
		return;
	}
	if (o == OUTCOME_CONFLICT) {
		valid_error(errors, "label",
		           N_("You have as many active tokens as allowed: revoke one you no longer use first."));
		account_invalid(req, page, values, errors);
		return;
	}
	if (web_outcome_error(req, page, o)) {
		json_decref(values);
		json_decref(errors);
		return;
	}
	json_object_set_new(fresh, "token", json_string(token));
	sodium_memzero(token, sizeof token);
	json_decref(values);
	json_decref(errors);
	if (req->format == FORMAT_JSON) {
		page_set(page, "account", fresh, NULL);
	} else {
		/* Shown on this answer only: the database keeps its hash. */
		json_t *model = account_model(req);
		if (!model) {
			json_decref(fresh);
			web_db_error(req, page);
			return;
		}
		json_object_set_new(model, "new_token", fresh);
		page_set(page, "account", model, tr(req->locale, "Your account"));
	}
	page->status = 201;
	page->no_cache = true;
}

void account_token_revoke(struct request *req, struct page *page)
{
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("There is no such token."));
		return;
	}
	enum outcome o = tokens_revoke(req->db, req->user, id);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no such token."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	done(req, page, "/account?token_revoked=1", "account",
	     json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1), 200);
}
