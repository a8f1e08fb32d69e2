/* ui_account_privacy.c (web) — a person's say over their data: what Pacte
 * holds about them (a JSON download), whether their name is shown, a
 * change of address, deleting their account, and which of their
 * organisations they act for. The rules are domain/privacy.h's,
 * recovery.h's (the address) and members.h's. */
#include <string.h>

#include "domain/members.h"
#include "domain/permission.h"
#include "domain/privacy.h"
#include "domain/recovery.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_account.h"
#include "util.h"
#include "web.h"

static const struct field name_fields[] = {
	{"show_name", FIELD_BOOL, 0, 0, 0, NULL},
};

static const struct field act_for_fields[] = {
	{"actor", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL},
};

static const struct field password_fields[] = {
	{"password", FIELD_PASSWORD, FIELD_REQUIRED, 0, PASSWORD_MAX_BYTES, NULL},
};

static const struct field email_fields[] = {
	{"email", FIELD_EMAIL, FIELD_REQUIRED, 0, 0, NULL},
	{"password", FIELD_PASSWORD, FIELD_REQUIRED, 0, PASSWORD_MAX_BYTES, NULL},
};

static const struct field token_fields[] = {
	{"token", FIELD_TEXT, FIELD_REQUIRED, 0, 64, NULL},
};

static const struct field_label labels[] = {
	{"email", N_("New email address")},
	{"password", N_("Your password")},
	{"actor", N_("Organisation")},
	{NULL, NULL},
};

static const char *channel(const struct request *req)
{
	return req->format == FORMAT_JSON ? "api" : "web";
}

int account_privacy_model(struct request *req, json_t *model)
{
	json_t *mine = members_of_user(req->db, req->user->id);
	int shown = mine ? privacy_name_shown(req->db, req->user->id) : -1;
	if (shown < 0) {
		json_decref(mine);
		return -1;
	}
	size_t i;
	json_t *m;
	json_array_foreach(mine, i, m) {
		const char *l = json_string_value(json_object_get(m, "role_label"));
		json_object_set_new(m, "role_label", json_string(tr(req->locale, l ? l : "")));
	}
	json_object_set_new(model, "several_actors", json_boolean(json_array_size(mine) > 1));
	/* The link to the members' page, for those who manage them. */
	struct object_ref own = {.type = "actor", .id = req->user->actor_id,
	                         .owner_actor_id = req->user->actor_id};
	json_object_set_new(model, "manages_members",
	                    json_boolean(can(req->user, ACTION_MEMBER_MANAGE, &own)));
	json_object_set_new(model, "memberships", mine);
	json_object_set_new(model, "show_name", json_boolean(shown));
	return 0;
}

/* ---- what Pacte holds ------------------------------------------------------------------- */

void account_data(struct request *req, struct page *page)
{
	json_t *data = privacy_export(req->db, req->user);
	if (!data) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "account_data", data, tr(req->locale, "Your data"));
}

/* ---- one's name ----------------------------------------------------------------------------- */

void account_name_shown(struct request *req, struct page *page)
{
	json_t *values, *errors;
	form_validate(req, name_fields, ARRAY_LEN(name_fields), &values, &errors);
	bool show = json_is_true(json_object_get(values, "show_name"));
	json_decref(values);
	json_decref(errors);
	enum outcome o = privacy_show_name(req->db, req->user, show);
	if (!web_outcome_error(req, page, o))
		page_written(req, page, 200, "/account?saved=1", "account",
		             json_pack("{s:b}", "show_name", show));
}

/* ---- which organisation one acts for ------------------------------------------------------ */

void account_act_for(struct request *req, struct page *page)
{
	json_t *values, *errors;
	if (form_validate(req, act_for_fields, ARRAY_LEN(act_for_fields), &values, &errors)) {
		page_refuse(req, page, 400, "account", NULL, values, errors, NULL);
		return;
	}
	int64_t actor = json_integer_value(json_object_get(values, "actor"));
	json_decref(values);
	json_decref(errors);
	enum outcome o = members_act_for(req->db, req->user, actor);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("You are not a member of this organisation."));
		return;
	}
	if (!web_outcome_error(req, page, o))
		page_written(req, page, 200, "/account?acting=1", "account",
		             json_pack("{s:I}", "acting_for", (json_int_t)actor));
}

/* ---- deleting one's account ----------------------------------------------------------------- */

static json_t *form_model(const struct request *req)
{
	json_t *m = json_object();
	if (req->csrf_token)
		json_object_set_new(m, "csrf_token", json_string(req->csrf_token));
	return m;
}

void account_delete_form(struct request *req, struct page *page)
{
	page_set(page, "account_delete", form_model(req), tr(req->locale, "Delete your account"));
}

void account_delete(struct request *req, struct page *page)
{
	json_t *values, *errors;
	enum outcome o = OUTCOME_INVALID;
	if (!form_validate(req, password_fields, ARRAY_LEN(password_fields), &values, &errors))
		o = privacy_delete(req->db, req->user,
		                   json_string_value(json_object_get(values, "password")), errors);
	if (o == OUTCOME_INVALID) {
		page_invalid(req, page, "account_delete", form_model(req), values, errors,
		             tr(req->locale, "Delete your account"));
		web_label_errors(req, page, labels);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, "Conflict", tr(req->locale,
		           "You are the last editor of an organisation that has other members: give the role to one of them first."));
		return;
	}
	if (!web_outcome_error(req, page, o))
		page_written(req, page, 200, "/?account_deleted=1", "account_delete",
		             json_pack("{s:b}", "deleted", 1));
}

/* ---- a change of address ---------------------------------------------------------------------- */

void account_email_form(struct request *req, struct page *page)
{
	page_set(page, "account_email", form_model(req), tr(req->locale, "Change your address"));
}

void account_email(struct request *req, struct page *page)
{
	json_t *values, *errors;
	enum outcome o = OUTCOME_INVALID;
	if (!form_validate(req, email_fields, ARRAY_LEN(email_fields), &values, &errors))
		o = recovery_request_email_change(req->db, req->user,
		                                  json_string_value(json_object_get(values, "email")),
		                                  json_string_value(json_object_get(values, "password")),
		                                  errors);
	if (o == OUTCOME_INVALID) {
		page_invalid(req, page, "account_email", form_model(req), values, errors,
		             tr(req->locale, "Change your address"));
		web_label_errors(req, page, labels);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	if (req->format != FORMAT_JSON) {
		page_redirect(page, "/account?email_sent=1");
		return;
	}
	/* Taken, not yet done: the new address must answer. */
	page_set(page, "account_email", json_pack("{s:b}", "received", 1), NULL);
	page->status = 202;
	page->no_cache = true;
}

void account_email_confirm_form(struct request *req, struct page *page)
{
	const char *token = req_query(req, "token");
	int live = recovery_email_token_live(req->db, token);
	if (live < 0) {
		web_db_error(req, page);
		return;
	}
	if (!live) {
		account_link_dead(req, page);
		return;
	}
	/* A button, not the GET itself: a mail scanner must not spend it. */
	json_t *m = form_model(req);
	json_object_set_new(m, "token", json_string(token));
	page_set(page, "account_email_confirm", m, tr(req->locale, "Confirm your new address"));
	page->no_cache = true;
}

void account_email_confirm(struct request *req, struct page *page)
{
	json_t *values, *errors;
	form_validate(req, token_fields, ARRAY_LEN(token_fields), &values, &errors);
	enum outcome o = json_object_size(errors) ? OUTCOME_NOT_FOUND :
		recovery_confirm_email_change(req->db, json_string_value(json_object_get(values, "token")),
		                              channel(req), req->client_addr);
	json_decref(values);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		account_link_dead(req, page);
		return;
	}
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, "Conflict",
		           tr(req->locale, "This address is used by another account now."));
		return;
	}
	if (!web_outcome_error(req, page, o))
		page_written(req, page, 200, "/account?email_changed=1", "account_email_confirm",
		             json_pack("{s:b}", "email_changed", 1));
}
