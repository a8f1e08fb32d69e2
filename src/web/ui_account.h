/* ui_account.h (web) — signing in and out, registering an organisation, and
 * the account page (profile, password change, personal API tokens).
 *
 * Each handler answers the HTML form and its JSON twin. A successful POST
 * from a browser ends with a 303 (view.h page_redirect); from the API with
 * a JSON model. Invalid input re-renders the form with what was typed and
 * a message beside each field (422), or answers problem+json. */
#ifndef PACTE_WEB_UI_ACCOUNT_H
#define PACTE_WEB_UI_ACCOUNT_H

#include <jansson.h>

#include "view.h"

/* GET /account/login[?next=PATH] : the sign-in form. */
void account_login_form(struct request *req, struct page *page);
/* POST /account/login : email, password, next. Success: a new session
 * cookie and 303 to next (a path on this site) or /account. Wrong email
 * or password: one message for both, 401; too many failures, or too soon
 * after the last ones: 429 with Retry-After, at once (nothing waits in the
 * server); a disabled account: 403. Under /api/v1: 400 (the API signs in
 * with personal tokens, never with a cookie). */
void account_login(struct request *req, struct page *page);
/* POST /account/logout : ends the session, clears the cookie, 303 to the
 * sign-in page. */
void account_logout(struct request *req, struct page *page);

/* GET /account/register : the form asking for accreditation. */
void account_register_form(struct request *req, struct page *page);
/* POST /account/register : the organisation and its first user. Taken:
 * 303 to the sign-in page (the API: 202 {"received": true, "notice"}),
 * the same answer whether the email had an account already (then nothing
 * is written); too many from this client address: 429 with Retry-After. */
void account_register(struct request *req, struct page *page);

/* GET /account : who is signed in, their organisation and its status, the
 * password form, the personal API tokens. */
void account_show(struct request *req, struct page *page);
/* POST /account/password : current_password, new_password,
 * new_password_confirm. Success: 303 to /account. */
void account_password(struct request *req, struct page *page);
/* POST /account/tokens : label. Answers 201 with the account page showing
 * the new token once (the API: {"token", "id", "label"}). */
void account_token_create(struct request *req, struct page *page);
/* POST /account/tokens/{id}/revoke : 303 to /account; 404 when the token
 * is not one of the user's. */
void account_token_revoke(struct request *req, struct page *page);

/* Recovery and verification (ui_account_recovery.c; the rules are
 * domain/recovery.h's).
 * GET /account/forgot : the form asking for a reset link.
 * POST /account/forgot : email. One answer whatever the address: 303 to
 * the sign-in page with a notice (the API: 202 {"received", "notice"});
 * too many requests for the address or from the client: 429.
 * GET /account/reset?token= : the new password's form; 404 for a link not
 * valid (forged, expired, used, replaced).
 * POST /account/reset : token, password, password_confirm. 303 to the
 * sign-in page; 404 for a link not valid; 422 for a password refused.
 * GET /account/verify?token= : a button confirming the address; 404.
 * POST /account/verify : token. 303 to /account; 404.
 * POST /account/verify/resend : a new verification link to the signed-in
 * user; 409 when verified already; 429. */
void account_forgot_form(struct request *req, struct page *page);
void account_forgot(struct request *req, struct page *page);
void account_reset_form(struct request *req, struct page *page);
void account_reset(struct request *req, struct page *page);
void account_verify_form(struct request *req, struct page *page);
void account_verify(struct request *req, struct page *page);
void account_verify_resend(struct request *req, struct page *page);
/* The page of a link from a mail that is not valid (used, replaced by a
 * newer one, or expired): 404, the same words for every kind of link. */
void account_link_dead(struct request *req, struct page *page);

/* A person's say over their data (ui_account_privacy.c; the rules are
 * domain/privacy.h's, recovery.h's and members.h's).
 * Adds to the account page's model: memberships (members_of_user, roles
 * translated), several_actors, show_name. 0, or -1 on a database error. */
int account_privacy_model(struct request *req, json_t *model);
/* GET /account/data : everything Pacte holds about the person (the JSON
 * twin, /api/v1/account/data, is the download). */
void account_data(struct request *req, struct page *page);
/* POST /account/name : show_name (a checkbox). 303 to /account. */
void account_name_shown(struct request *req, struct page *page);
/* POST /account/act-for : actor (one of the person's). 303 to /account;
 * 404 when they are not its member. */
void account_act_for(struct request *req, struct page *page);
/* GET /account/delete : the confirmation form. POST /account/delete :
 * password. 303 to / (the session is gone with the account); 422 for a
 * wrong password; 409 for the last editor of an organisation with other
 * members. */
void account_delete_form(struct request *req, struct page *page);
void account_delete(struct request *req, struct page *page);
/* GET /account/email : the form. POST /account/email : email, password.
 * 303 to /account (the API: 202): a link goes to the new address. */
void account_email_form(struct request *req, struct page *page);
void account_email(struct request *req, struct page *page);
/* GET /account/email/confirm?token= : a button confirming the new address
 * (404 for a dead link). POST /account/email/confirm : token. 303 to
 * /account; 409 when the address was taken meanwhile. */
void account_email_confirm_form(struct request *req, struct page *page);
void account_email_confirm(struct request *req, struct page *page);
/* POST /account/appeal: a declined organisation's person asks for the
 * request to be looked at again (ui_account_appeal.c, actors_appeal). */
void account_appeal(struct request *req, struct page *page);

/* Notifications (ui_account_notify.c; the rules are domain/notifications.h's).
 * account_notify_model adds to the account page's model: notify_mail (the
 * person's choice) and notify_mail_options [{value, label, selected}]. 0,
 * or -1 on a database error.
 * POST /account/notifications : notify_mail (immediate, daily, never).
 * 303 to /account; 422 for anything else.
 * POST /account/notifications/read : marks every notification read. 303. */
int account_notify_model(struct request *req, json_t *model);
/* One of the account page's forms was not right: the page again (422),
 * with that form's messages (values may be NULL; both references taken). */
void account_invalid(struct request *req, struct page *page, json_t *values, json_t *errors);
void account_notify(struct request *req, struct page *page);
void account_notify_read(struct request *req, struct page *page);

#endif
