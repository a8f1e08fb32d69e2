/* ui_account_recovery.c (web) — a forgotten password (ask for a link, set
 * a new password with it) and an address's verification (the mailed
 * link, and sending it again). The rules are recovery.h's. */
#include <stdbool.h>
#include <string.h>

#include "domain/principal.h"
#include "domain/recovery.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui_account.h"
#include "util.h"
#include "web.h"

/* The one answer to a reset request, whatever the address: it must not
 * tell whether the address has an account. */
#define RESET_SENT_NOTICE N_("If this address has an account, a link to choose a new password is on its way. It works once, within the hour. Nothing came? Look in your spam folder, or ask again later.")
#define TOKEN_DEAD N_("This link is not valid: it may have been used already, replaced by a newer one, or expired. Ask for a new one.")

static const struct field forgot_fields[] = {
	{"email", FIELD_EMAIL, FIELD_REQUIRED, 0, 0, NULL},
};

static const struct field reset_fields[] = {
	{"token", FIELD_TEXT, FIELD_REQUIRED, 0, 64, NULL},
	{"password", FIELD_PASSWORD, FIELD_REQUIRED, PASSWORD_MIN_CHARS, PASSWORD_MAX_BYTES, NULL},
	{"password_confirm", FIELD_PASSWORD, FIELD_REQUIRED, 0, PASSWORD_MAX_BYTES, NULL},
};

static const struct field verify_fields[] = {
	{"token", FIELD_TEXT, FIELD_REQUIRED, 0, 64, NULL},
};

static const struct field_label labels[] = {
	{"email", N_("Email address")},
	{"password", N_("New password")},
	{"password_confirm", N_("New password again")},
	{"token", N_("Link")},
	{NULL, NULL},
};

static json_t *form_model(const struct request *req)
{
	json_t *model = json_object();
	if (req->csrf_token)
		json_object_set_new(model, "csrf_token", json_string(req->csrf_token));
	return model;
}

static const char *channel(const struct request *req)
{
	return req->format == FORMAT_JSON ? "api" : "web";
}

void account_link_dead(struct request *req, struct page *page)
{
	page_error(req, page, 404, N_("Link not valid"), tr(req->locale, TOKEN_DEAD));
}

static void too_many(struct request *req, struct page *page, int retry_after)
{
	page_error(req, page, 429, N_("Too many requests"),
	           tr(req->locale, "Too many links were asked for this address or from your network. Please try again later."));
	page->retry_after = retry_after > 0 ? retry_after : 1;
}

/* A request taken, not yet done (a mail to be sent): 303 to location for
 * a browser, 202 with model for the API (page_written says 200 or 201
 * only). Steals model. */
static void accepted(struct request *req, struct page *page, const char *location,
                     const char *template_name, json_t *model)
{
	if (req->format != FORMAT_JSON) {
		json_decref(model);
		page_redirect(page, location);
		return;
	}
	page_set(page, template_name, model, NULL);
	page->status = 202;
	page->no_cache = true;
}

/* Whether the link's token is live for purpose; if not, the page says so
 * (404, the same for forged, expired, used and revoked) or is a database
 * error, and false. */
static bool link_live(struct request *req, struct page *page, const char *purpose,
                      const char *token)
{
	int live = recovery_token_live(req->db, purpose, token);
	if (live < 0)
		web_db_error(req, page);
	else if (!live)
		account_link_dead(req, page);
	return live > 0;
}

/* The end of a POST that spent a link: 404 for a link not valid, the
 * outcome's error, or 303 to location ({done: true} for the API). */
static void link_used(struct request *req, struct page *page, enum outcome o,
                      const char *location, const char *template_name, const char *done)
{
	if (o == OUTCOME_NOT_FOUND)
		account_link_dead(req, page);
	else if (!web_outcome_error(req, page, o))
		page_written(req, page, 200, location, template_name, json_pack("{s:b}", done, 1));
}

/* ---- a forgotten password ------------------------------------------------------ */

void account_forgot_form(struct request *req, struct page *page)
{
	page_set(page, "account_forgot", form_model(req), tr(req->locale, "Forgot your password?"));
}

void account_forgot(struct request *req, struct page *page)
{
	json_t *values, *errors;
	if (form_validate(req, forgot_fields, ARRAY_LEN(forgot_fields), &values, &errors)) {
		page_invalid(req, page, "account_forgot", form_model(req), values, errors,
		             tr(req->locale, "Forgot your password?"));
		web_label_errors(req, page, labels);
		return;
	}
	int retry_after = 0;
	enum outcome o = recovery_request_reset(req->db,
	                                        json_string_value(json_object_get(values, "email")),
	                                        channel(req), req->client_addr, &retry_after);
	json_decref(values);
	json_decref(errors);
	if (o == OUTCOME_CONFLICT) {
		too_many(req, page, retry_after);
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	accepted(req, page, "/account/login?reset_sent=1", "account_forgot",
	         json_pack("{s:b, s:s}", "received", 1, "notice",
	                       tr(req->locale, RESET_SENT_NOTICE)));
}

/* ---- a new password with the link ------------------------------------------------ */

static json_t *reset_model(struct request *req, const char *token)
{
	json_t *model = form_model(req);
	json_object_set_new(model, "token", json_string(token));
	json_object_set_new(model, "password_hint", json_string(web_format_int(req,
	                    N_("At least {n} characters. A few unrelated words make a strong password that is easy to remember."),
	                    "n", PASSWORD_MIN_CHARS)));
	return model;
}

void account_reset_form(struct request *req, struct page *page)
{
	const char *token = req_query(req, "token");
	if (!link_live(req, page, "reset", token))
		return;
	page_set(page, "account_reset", reset_model(req, token),
	         tr(req->locale, "Choose a new password"));
	page->no_cache = true;
}

void account_reset(struct request *req, struct page *page)
{
	json_t *values, *errors;
	form_validate(req, reset_fields, ARRAY_LEN(reset_fields), &values, &errors);
	const char *token = json_string_value(json_object_get(values, "token"));
	const char *a = json_string_value(json_object_get(values, "password"));
	const char *b = json_string_value(json_object_get(values, "password_confirm"));
	if (a && b && strcmp(a, b) != 0)
		valid_error(errors, "password_confirm", N_("The two passwords are not the same."));
	enum outcome o = OUTCOME_INVALID;
	if (!json_object_size(errors))
		o = recovery_reset(req->db, token, a, channel(req), req->client_addr, errors);
	if (o == OUTCOME_INVALID) {
		json_t *model = reset_model(req, token ? token : "");
		page_invalid(req, page, "account_reset", model, values, errors,
		             tr(req->locale, "Choose a new password"));
		web_label_errors(req, page, labels);
		return;
	}
	json_decref(values);
	json_decref(errors);
	link_used(req, page, o, "/account/login?password_reset=1", "account_reset",
	          "password_reset");
}

/* ---- verifying an address ---------------------------------------------------------- */

void account_verify_form(struct request *req, struct page *page)
{
	const char *token = req_query(req, "token");
	if (!link_live(req, page, "verify", token))
		return;
	/* A button, not the GET itself: a mail scanner that opens links must
	 * not spend the token. */
	json_t *model = form_model(req);
	json_object_set_new(model, "token", json_string(token));
	page_set(page, "account_verify", model, tr(req->locale, "Confirm your address"));
	page->no_cache = true;
}

void account_verify(struct request *req, struct page *page)
{
	json_t *values, *errors;
	form_validate(req, verify_fields, ARRAY_LEN(verify_fields), &values, &errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_NOT_FOUND :
		recovery_verify(req->db, json_string_value(json_object_get(values, "token")),
		                channel(req), req->client_addr);
	json_decref(values);
	json_decref(errors);
	link_used(req, page, o, "/account?verified=1", "account_verify", "verified");
}

void account_verify_resend(struct request *req, struct page *page)
{
	int retry_after = 0;
	enum outcome o = recovery_resend_verification(req->db, req->user, &retry_after);
	if (o == OUTCOME_CONFLICT) {
		too_many(req, page, retry_after);
		return;
	}
	if (o == OUTCOME_INVALID) {
		page_error(req, page, 409, N_("Already confirmed"),
		           tr(req->locale, "Your address is confirmed already."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	accepted(req, page, "/account?verification_sent=1", "account",
	         json_pack("{s:b}", "verification_sent", 1));
}
