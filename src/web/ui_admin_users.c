/* ui_admin_users.c (web) — /admin/users: the accounts listed, searched,
 * filtered and paged; an administrator invites people into any actor,
 * changes roles, disables and re-enables accounts. users.h and members.h
 * decide, check can() and audit, as they do for `pacte user`. */
#include <stdio.h>
#include <string.h>

#include "domain/members.h"
#include "domain/permission.h"
#include "domain/users.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_admin.h"
#include "util.h"
#include "web.h"

static const char *const role_codes[] = {"admin", "reviewer", "focal_point", "editor", NULL};

static const struct field role_fields[] = {
	{"role", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, role_codes},
};

static const struct field invite_fields[] = {
	{"actor", FIELD_INT, FIELD_REQUIRED, 1, INT64_MAX, NULL},
	{"email", FIELD_EMAIL, FIELD_REQUIRED, 0, 0, NULL},
	{"role", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, role_codes},
};

static const struct field_label labels[] = {
	{"actor", N_("Organisation (its number)")},
	{"email", N_("Email address")},
	{"role", N_("Role")},
	{NULL, NULL},
};

/* The list's parameters, kept by the pages' links. */
static const char *const list_params[] = {"q", "role", "actor", "state"};

static const struct {
	const char *code, *label;
} states[] = {
	{"active", N_("active")},
	{"disabled", N_("disabled")},
	{"unverified", N_("address not confirmed")},
};

/* [{value, label, selected}] of the roles, `chosen` selected. */
static json_t *role_options(const struct request *req, const char *chosen)
{
	json_t *list = json_array();
	for (enum role r = ROLE_ADMIN; r < ROLE_COUNT; r++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", role_name(r),
		                      "label", tr(req->locale, role_label(r)), "selected",
		                      chosen && strcmp(chosen, role_name(r)) == 0));
	return list;
}

/* The page's model for the filters in values (borrowed), or NULL with the
 * page answered. */
static json_t *users_model(struct request *req, struct page *page, json_t *values)
{
	json_t *model = users_search(req->db, values);
	if (!model) {
		web_db_error(req, page);
		return NULL;
	}
	json_t *users = json_object_get(model, "users");
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		const char *l = json_string_value(json_object_get(u, "role_label"));
		json_object_set_new(u, "role_label", json_string(tr(req->locale, l ? l : "")));
		json_object_set_new(u, "roles", role_options(req, json_string_value(
		                    json_object_get(u, "role"))));
	}
	web_time_texts(users, "last_sign_in");
	json_int_t pg = json_integer_value(json_object_get(model, "page"));
	json_int_t pages = json_integer_value(json_object_get(model, "pages"));
	char n[24];
	if (pg > 1) {
		snprintf(n, sizeof n, "%lld", (long long)(pg - 1));
		json_object_set_new(model, "prev_url", json_string(ui_list_url(req, "/admin/users",
		                    list_params, ARRAY_LEN(list_params), "page", n, NULL)));
	}
	if (pg < pages) {
		snprintf(n, sizeof n, "%lld", (long long)(pg + 1));
		json_object_set_new(model, "next_url", json_string(ui_list_url(req, "/admin/users",
		                    list_params, ARRAY_LEN(list_params), "page", n, NULL)));
	}
	const char *state = json_string_value(json_object_get(values, "state"));
	json_t *state_opts = json_array();
	for (size_t k = 0; k < ARRAY_LEN(states); k++)
		json_array_append_new(state_opts, json_pack("{s:s, s:s, s:b}", "value", states[k].code,
		                      "label", tr(req->locale, states[k].label), "selected",
		                      state && strcmp(state, states[k].code) == 0));
	json_object_set_new(model, "role_options", role_options(req,
	                    json_string_value(json_object_get(values, "role"))));
	json_object_set_new(model, "state_options", state_opts);
	json_object_set_new(model, "invite_roles", role_options(req, NULL));
	json_object_set_new(model, "filters", ui_filters_given(req, list_params,
	                                                       ARRAY_LEN(list_params)));
	if (req->csrf_token)
		json_object_set_new(model, "csrf_token", json_string(req->csrf_token));
	return model;
}

void admin_users(struct request *req, struct page *page)
{
	if (!can(req->user, ACTION_USER_MANAGE, NULL)) {
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "The list of accounts is for administrators."));
		return;
	}
	json_t *values, *errors;
	if (web_query_validate(req, users_filter_fields, users_nfilter_fields, &values, &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return;
	}
	json_decref(errors);
	json_t *model = users_model(req, page, values);
	json_decref(values);
	if (model)
		page_set(page, "admin_users", model, tr(req->locale, "Accounts"));
}

/* A form of /admin/users refused: the page again (its first page, no
 * filters) with the form's messages. */
static void users_refused(struct request *req, struct page *page, json_t *values,
                          json_t *errors)
{
	json_t *none = json_object();
	json_t *model = users_model(req, page, none);
	json_decref(none);
	if (!model) {
		json_decref(values);
		json_decref(errors);
		return;
	}
	page_invalid(req, page, "admin_users", model, values, errors, tr(req->locale, "Accounts"));
	web_label_errors(req, page, labels);
}

void admin_user_role(struct request *req, struct page *page)
{
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("There is no such account."));
		return;
	}
	json_t *values, *errors;
	enum outcome o = OUTCOME_INVALID;
	if (!form_validate(req, role_fields, ARRAY_LEN(role_fields), &values, &errors))
		o = users_set_role(req->db, req->user, id, (enum role)role_parse(
		                   json_string_value(json_object_get(values, "role"))), errors);
	if (o == OUTCOME_INVALID) {
		users_refused(req, page, values, errors);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no such account."));
		return;
	}
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, "Conflict", tr(req->locale, "The account has this role already."));
		return;
	}
	if (!web_outcome_error(req, page, o))
		page_written(req, page, 200, "/admin/users", "admin_users",
		             json_pack("{s:I, s:b}", "id", (json_int_t)id, "role_changed", 1));
}

void admin_invite(struct request *req, struct page *page)
{
	json_t *values, *errors;
	enum outcome o = OUTCOME_INVALID;
	int64_t inv = 0;
	if (!form_validate(req, invite_fields, ARRAY_LEN(invite_fields), &values, &errors))
		o = members_invite(req->db, req->user,
		                   json_integer_value(json_object_get(values, "actor")),
		                   json_string_value(json_object_get(values, "email")),
		                   (enum role)role_parse(json_string_value(json_object_get(values, "role"))),
		                   errors, &inv);
	if (o == OUTCOME_INVALID) {
		users_refused(req, page, values, errors);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (!web_outcome_error(req, page, o))
		page_written(req, page, 201, "/admin/users?invited=1", "admin_users",
		             json_pack("{s:I}", "invitation", (json_int_t)inv));
}

static void set_disabled(struct request *req, struct page *page, bool disable)
{
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("There is no such account."));
		return;
	}
	enum outcome o = disable ? users_disable(req->db, req->user, id)
	                         : users_enable(req->db, req->user, id);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no such account."));
		return;
	}
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, "Conflict", tr(req->locale, disable ?
		           N_("This account is disabled already.") : N_("This account is not disabled.")));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, "/admin/users", "admin_users",
	             json_pack("{s:I, s:b}", "id", (json_int_t)id, "disabled", disable));
}

void admin_user_disable(struct request *req, struct page *page)
{
	set_disabled(req, page, true);
}

void admin_user_enable(struct request *req, struct page *page)
{
	set_disabled(req, page, false);
}
