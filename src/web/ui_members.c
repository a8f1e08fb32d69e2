/* ui_members.c (web) — an actor's members and the invitations into it
 * (ui_members.h); members.h decides, checks and audits. */
#include <string.h>

#include "domain/members.h"
#include "domain/permission.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "ui.h"
#include "ui_members.h"
#include "util.h"
#include "web.h"

static const char *const role_codes[] = {"admin", "reviewer", "focal_point", "editor", NULL};

static const struct field invite_fields[] = {
	{"email", FIELD_EMAIL, FIELD_REQUIRED, 0, 0, NULL},
	{"role", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, role_codes},
};

static const struct field accept_fields[] = {
	{"token", FIELD_TEXT, FIELD_REQUIRED, 0, 64, NULL},
	{"name", FIELD_TEXT, 0, 0, 200, NULL},
	{"password", FIELD_PASSWORD, 0, 0, PASSWORD_MAX_BYTES, NULL},
	{"password_confirm", FIELD_PASSWORD, 0, 0, PASSWORD_MAX_BYTES, NULL},
};

static const struct field_label labels[] = {
	{"email", N_("Email address")},
	{"role", N_("Role")},
	{"name", N_("Your name")},
	{"password", N_("Password")},
	{"password_confirm", N_("Password again")},
	{"token", N_("Link")},
	{NULL, NULL},
};

#define LINK_DEAD N_("This invitation is not valid: it may have been accepted already, replaced by a newer one, or expired. Ask for a new one.")

/* Translates each row's role_label. */
static void translate_roles(const char *locale, json_t *rows)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *l = json_string_value(json_object_get(r, "role_label"));
		if (l)
			json_object_set_new(r, "role_label", json_string(tr(locale, l)));
	}
}

/* The roles the invitation form offers: the actor's own (editor of a
 * partner, focal point of a state), and for an administrator the staff
 * roles too. */
static json_t *role_options(const struct request *req, const char *kind)
{
	json_t *list = json_array();
	enum role own = strcmp(kind, "state") == 0 ? ROLE_FOCAL_POINT : ROLE_EDITOR;
	json_array_append_new(list, json_pack("{s:s, s:s}", "value", role_name(own), "label",
	                                      tr(req->locale, role_label(own))));
	if (req->user && req->user->role == ROLE_ADMIN)
		for (enum role r = ROLE_ADMIN; r <= ROLE_REVIEWER; r++)
			json_array_append_new(list, json_pack("{s:s, s:s}", "value", role_name(r),
			                                      "label", tr(req->locale, role_label(r))));
	return list;
}

/* The page's model for actor {id}, when req's user may manage its
 * members; otherwise the page is answered (404, 403 audited by nobody:
 * reading is not a write) and NULL returned. */
static json_t *members_model(struct request *req, struct page *page, int64_t *actor_id)
{
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, actor_id) < 0) {
		web_not_found(req, page, N_("There is no such actor."));
		return NULL;
	}
	json_t *m = members_list(req->db, req->locale, *actor_id);
	if (!m) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(m)) {
		web_not_found(req, page, N_("There is no such actor."));
		return NULL;
	}
	json_t *actor = json_object_get(m, "actor");
	struct object_ref obj = {.type = "actor", .id = *actor_id, .owner_actor_id = *actor_id,
	                         .operators = json_is_true(json_object_get(actor, "operators"))};
	if (!can(req->user, ACTION_MEMBER_MANAGE, &obj)) {
		json_decref(m);
		page_error(req, page, 403, "Forbidden",
		           tr(req->locale, "Only the organisation's editors manage its members."));
		return NULL;
	}
	translate_roles(req->locale, json_object_get(m, "members"));
	translate_roles(req->locale, json_object_get(m, "invitations"));
	web_time_texts(json_object_get(m, "invitations"), "expires_at");
	json_object_set_new(m, "invite_roles", role_options(req, json_string_value(json_object_get(actor,
	                                                                                    "kind"))));
	json_object_set_new(m, "has_invitations",
	                    json_boolean(json_array_size(json_object_get(m, "invitations")) > 0));
	json_object_set_new(m, "member_count",
	                    json_integer((json_int_t)json_array_size(json_object_get(m, "members"))));
	if (req->csrf_token)
		json_object_set_new(m, "csrf_token", json_string(req->csrf_token));
	return m;
}

void ui_members_page(struct request *req, struct page *page)
{
	int64_t id;
	json_t *m = members_model(req, page, &id);
	if (m)
		page_set(page, "members", m, tr(req->locale, "Members"));
}

void ui_members_invite(struct request *req, struct page *page)
{
	int64_t actor_id, inv = 0;
	json_t *values, *errors;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &actor_id) < 0) {
		web_not_found(req, page, N_("There is no such actor."));
		return;
	}
	enum outcome o = OUTCOME_INVALID;
	if (!form_validate(req, invite_fields, ARRAY_LEN(invite_fields), &values, &errors))
		o = members_invite(req->db, req->user, actor_id,
		                   json_string_value(json_object_get(values, "email")),
		                   (enum role)role_parse(json_string_value(json_object_get(values, "role"))),
		                   errors, &inv);
	if (o == OUTCOME_INVALID) {
		int64_t id;
		json_t *m = members_model(req, page, &id);
		if (!m) {
			json_decref(values);
			json_decref(errors);
			return;
		}
		page_invalid(req, page, "members", m, values, errors, tr(req->locale, "Members"));
		web_label_errors(req, page, labels);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no such actor."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 201, arena_printf(&req->arena, "/actors/%lld/members?invited=1",
	                                          (long long)actor_id),
	             "members", json_pack("{s:I}", "invitation", (json_int_t)inv));
}

void ui_members_remove(struct request *req, struct page *page)
{
	int64_t actor_id, user_id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &actor_id) < 0 ||
	    parse_int64(req_param(req, 1), 1, INT64_MAX, &user_id) < 0) {
		web_not_found(req, page, N_("There is no such member."));
		return;
	}
	enum outcome o = members_remove(req->db, req->user, actor_id, user_id);
	if (o == OUTCOME_NOT_FOUND) {
		web_not_found(req, page, N_("There is no such member."));
		return;
	}
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, "Conflict", tr(req->locale,
		           "The organisation's last editor cannot leave it: invite someone to take the role over first."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, arena_printf(&req->arena, "/actors/%lld/members",
	                                          (long long)actor_id),
	             "members", json_pack("{s:b}", "removed", 1));
}

/* ---- the invitation's link ---------------------------------------------------------------- */

static json_t *invitation_model(struct request *req, struct page *page, const char *token)
{
	json_t *inv = members_invitation(req->db, token);
	if (!inv) {
		web_db_error(req, page);
		return NULL;
	}
	if (json_is_null(inv)) {
		page_error(req, page, 404, N_("Link not valid"), tr(req->locale, LINK_DEAD));
		return NULL;
	}
	const char *label = json_string_value(json_object_get(inv, "role_label"));
	json_object_set_new(inv, "role_label", json_string(tr(req->locale, label ? label : "")));
	json_object_set_new(inv, "token", json_string(token));
	json_object_set_new(inv, "signed_in", json_boolean(req->user != NULL));
	const char *email = json_string_value(json_object_get(inv, "email"));
	json_object_set_new(inv, "signed_in_as_invitee", json_boolean(req->user && email &&
	                    strcmp(req->user->email, email) == 0));
	if (req->csrf_token)
		json_object_set_new(inv, "csrf_token", json_string(req->csrf_token));
	return inv;
}

void ui_invitation_form(struct request *req, struct page *page)
{
	json_t *m = invitation_model(req, page, req_query(req, "token"));
	if (!m)
		return;
	page_set(page, "invitation", m, tr(req->locale, "An invitation"));
	page->no_cache = true;
}

void ui_invitation_accept(struct request *req, struct page *page)
{
	json_t *values, *errors;
	form_validate(req, accept_fields, ARRAY_LEN(accept_fields), &values, &errors);
	const char *token = json_string_value(json_object_get(values, "token"));
	const char *a = json_string_value(json_object_get(values, "password"));
	const char *b = json_string_value(json_object_get(values, "password_confirm"));
	if (a && (!b || strcmp(a, b) != 0))
		valid_error(errors, "password_confirm", N_("The two passwords are not the same."));
	enum outcome o = OUTCOME_INVALID;
	int64_t uid = 0;
	if (!json_object_size(errors))
		o = members_accept(req->db, token, req->user,
		                   json_string_value(json_object_get(values, "name")), a,
		                   req->format == FORMAT_JSON ? "api" : "web", req->client_addr,
		                   errors, &uid);
	if (o == OUTCOME_INVALID) {
		json_t *m = invitation_model(req, page, token ? token : "");
		if (!m) {
			json_decref(values);
			json_decref(errors);
			return;
		}
		if (!json_object_size(errors))
			valid_error(errors, "password", N_("Choose a password."));
		page_invalid(req, page, "invitation", m, values, errors, tr(req->locale, "An invitation"));
		web_label_errors(req, page, labels);
		return;
	}
	json_decref(values);
	json_decref(errors);
	if (o == OUTCOME_NOT_FOUND) {
		page_error(req, page, 404, N_("Link not valid"), tr(req->locale, LINK_DEAD));
		return;
	}
	if (o == OUTCOME_DENIED) {
		page_error(req, page, 403, "Forbidden", tr(req->locale,
		           "This address has an account: sign in with it, then open the link again."));
		return;
	}
	if (o == OUTCOME_CONFLICT) {
		page_error(req, page, 409, "Conflict",
		           tr(req->locale, "You are a member of this organisation already."));
		return;
	}
	if (web_outcome_error(req, page, o))
		return;
	page_written(req, page, 200, req->user ? "/account?joined=1" : "/account/login?joined=1",
	             "invitation", json_pack("{s:b, s:I}", "joined", 1, "user", (json_int_t)uid));
}
