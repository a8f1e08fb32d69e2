/* ui_admin.c (web) — /admin, decisions on partners, /admin/audit, /admin/users. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "domain/actors.h"
#include "domain/audit.h"
#include "domain/permission.h"
#include "domain/principal.h"
#include "domain/users.h"
#include "ui_admin.h"
#include "form.h"
#include "guard.h"
#include "i18n.h"
#include "web.h"
#include "util.h"

#define AUDIT_PAGE 50

static const char *const decisions[] = {"accredit", "decline", "suspend", "reinstate", NULL};

/* Which decisions fit which status, and how their buttons read. */
static const struct {
	const char *status;
	const char *decision;
	const char *label;
} decision_table[] = {
	{"requested", "accredit", N_("Accredit")},
	{"requested", "decline", N_("Decline")},
	{"accredited", "suspend", N_("Suspend")},
	{"suspended", "reinstate", N_("Reinstate")},
	{"declined", "accredit", N_("Accredit")},
};

static const struct field decision_fields[] = {
	{"decision", FIELD_CHOICE, FIELD_REQUIRED, 0, 0, decisions},
	{"reason", FIELD_TEXTAREA, 0, 0, 2000, NULL},
	{"next", FIELD_TEXT, 0, 0, 2000, NULL},
};

static const struct field_label decision_labels[] = {
	{"reason", N_("Reason")},
	{"decision", N_("Accreditation decision")},
	{NULL, NULL},
};

static const struct field audit_fields[] = {
	{"user", FIELD_INT, 0, 1, INT64_MAX, NULL},
	{"object_type", FIELD_TEXT, 0, 0, 40, NULL},
	{"object_id", FIELD_TEXT, 0, 0, 100, NULL},
	{"from", FIELD_DATE, 0, 0, 0, NULL},
	{"to", FIELD_DATE, 0, 0, 0, NULL},
	{"before", FIELD_INT, 0, 1, INT64_MAX, NULL},
};

static const char *value_str(json_t *values, const char *name)
{
	return json_string_value(json_object_get(values, name));
}

/* A list a domain function returned: the array itself, or the array under
 * `key` of an object. Borrowed; an empty array's worth of nothing when
 * neither. */
static json_t *array_of(json_t *v, const char *key)
{
	if (json_is_array(v))
		return v;
	json_t *a = json_object_get(v, key);
	return json_is_array(a) ? a : NULL;
}

json_t *admin_decision_options(const char *locale, const char *status)
{
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(decision_table); i++)
		if (strcmp(decision_table[i].status, status) == 0)
			json_array_append_new(list, json_pack("{s:s, s:s}",
			                                      "value", decision_table[i].decision,
			                                      "label", tr(locale, decision_table[i].label)));
	return list;
}

/* An audit value as a person reads it: text as is, anything else as JSON. */
static json_t *as_text(json_t *v)
{
	if (!v || json_is_null(v))
		return json_string("");
	if (json_is_string(v))
		return json_incref(v);
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	json_t *t = json_string(s ? s : "");
	free(s);
	return t;
}

void admin_audit_rows(json_t *entries)
{
	json_t *list = array_of(entries, "entries");
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) {
		json_t *changes = json_object_get(e, "changes");
		if (json_is_string(changes))
			changes = json_loads(json_string_value(changes), 0, NULL);
		else
			json_incref(changes);
		json_t *rows = json_array();
		const char *field;
		json_t *c;
		json_object_foreach(changes, field, c) {
			bool pair = json_is_object(c) && (json_object_get(c, "before") ||
			                                  json_object_get(c, "after"));
			/* A field the write recorded but did not change says nothing. */
			if (pair && json_equal(json_object_get(c, "before"), json_object_get(c, "after")))
				continue;
			json_array_append_new(rows, json_pack("{s:s, s:o, s:o}", "field", field,
			                                      "before", as_text(pair ? json_object_get(c, "before") : NULL),
			                                      "after", as_text(pair ? json_object_get(c, "after") : c)));
		}
		json_decref(changes);
		json_object_set_new(e, "has_changes", json_boolean(json_array_size(rows) > 0));
		json_object_set_new(e, "change_list", rows);
		const char *action = json_string_value(json_object_get(e, "action"));
		json_object_set_new(e, "denied", json_boolean(action && str_starts(action, "denied:")));
	}
	web_time_texts(list, "at");
	if (json_is_object(entries))
		json_object_set_new(entries, "entry_count",
		                    json_integer((json_int_t)json_array_size(list)));
}

static void staff_only(struct request *req, struct page *page, const char *detail_msgid)
{
	page_error(req, page, 403, "Forbidden", tr(req->locale, detail_msgid));
}

/* ---- /admin ------------------------------------------------------------------ */

/* Gives each actor of the list its decision buttons and where the form
 * returns to. */
static void add_decisions(const char *locale, json_t *actors)
{
	size_t i;
	json_t *a;
	json_array_foreach(actors, i, a) {
		const char *status = json_string_value(json_object_get(a, "status"));
		json_object_set_new(a, "decisions", admin_decision_options(locale, status ? status : ""));
		json_object_set_new(a, "next", json_string("/admin"));
	}
	web_time_texts(actors, "created_at");
}

/* The model of /admin. NULL on a database error. */
static json_t *admin_model(struct request *req)
{
	json_t *pending = actors_pending(req->db, req->locale);
	json_t *suspended = pending ? actors_list(req->db, req->locale, req->user, "partner",
	                                          NULL, "suspended", NULL, NULL) : NULL;
	if (!suspended) {
		json_decref(pending);
		return NULL;
	}
	json_t *p = array_of(pending, "actors"), *s = array_of(suspended, "actors");
	json_t *model = json_pack("{s:o, s:o}", "pending", p ? json_incref(p) : json_array(),
	                          "suspended", s ? json_incref(s) : json_array());
	json_decref(pending);
	json_decref(suspended);
	add_decisions(req->locale, json_object_get(model, "pending"));
	add_decisions(req->locale, json_object_get(model, "suspended"));
	json_object_set_new(model, "pending_count",
	                    json_integer((json_int_t)json_array_size(json_object_get(model, "pending"))));
	json_object_set_new(model, "suspended_count",
	                    json_integer((json_int_t)json_array_size(json_object_get(model, "suspended"))));
	json_object_set_new(model, "can_audit", json_boolean(can(req->user, ACTION_AUDIT_READ, NULL)));
	json_object_set_new(model, "can_manage_users",
	                    json_boolean(can(req->user, ACTION_USER_MANAGE, NULL)));
	return model;
}

void admin_index(struct request *req, struct page *page)
{
	if (!can(req->user, ACTION_ACTOR_DECIDE, NULL)) {
		staff_only(req, page, N_("This page is for reviewers and administrators."));
		return;
	}
	json_t *model = admin_model(req);
	if (!model) {
		web_db_error(req, page);
		return;
	}
	page_set(page, "admin", model, tr(req->locale, "Administration"));
}

/* The decision form of actor `id` was not right: /admin again with the
 * messages in that actor's form (the other forms stay clean). */
static void decision_invalid(struct request *req, struct page *page, int64_t id,
                             json_t *values, json_t *errors)
{
	json_t *model = admin_model(req);
	if (!model) {
		json_decref(values);
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	static const char *const lists[] = {"pending", "suspended"};
	json_t *messages = valid_messages(req->locale, errors);
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		size_t i;
		json_t *a;
		json_array_foreach(json_object_get(model, lists[k]), i, a) {
			if (json_integer_value(json_object_get(a, "id")) != id)
				continue;
			json_object_set(a, "decision_errors", messages);
			json_object_set(a, "reason_typed", json_object_get(values, "reason"));
		}
	}
	json_decref(messages);
	page_invalid(req, page, "admin", model, values, errors, tr(req->locale, "Administration"));
	web_label_errors(req, page, decision_labels);
	/* The summary links to the field in this actor's form. */
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(page->model, "error_list"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "field")), "reason") == 0)
			json_object_set_new(item, "field", json_sprintf("reason-%lld", (long long)id));
}

/* A user who may not decide is refused before anything else is looked at
 * (a re-rendered /admin would show them the pending requests), and the
 * attempt goes into the audit trail like any denied write. */
static void decision_denied(struct request *req, struct page *page, int64_t id)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)id);
	struct audit_event e = {
		.user = req->user,
		.action = arena_printf(&req->arena, "denied:%s", action_name(ACTION_ACTOR_DECIDE)),
		.object_type = "actor",
		.object_id = text,
		.channel = req->user->channel,
		.client_addr = req->client_addr,
	};
	web_outcome_error(req, page, audit_denied(req->db, &e) < 0 ? OUTCOME_ERROR : OUTCOME_DENIED);
}

void admin_decide(struct request *req, struct page *page)
{
	int64_t id;
	if (parse_int64(req_param(req, 0), 1, INT64_MAX, &id) < 0) {
		web_not_found(req, page, N_("No actor has this number."));
		return;
	}
	json_t *values, *errors;
	form_validate(req, decision_fields, ARRAY_LEN(decision_fields), &values, &errors);
	const char *decision = value_str(values, "decision");
	const char *reason = value_str(values, "reason");
	if (decision && strcmp(decision, "decline") == 0 && !reason)
		valid_error(errors, "reason",
		           N_("Give the reason for declining: the organisation will read it."));
	if (json_object_size(errors)) {
		struct object_ref obj = {"actor", id, id};
		if (!can(req->user, ACTION_ACTOR_DECIDE, &obj)) {
			json_decref(values);
			json_decref(errors);
			decision_denied(req, page, id);
			return;
		}
		decision_invalid(req, page, id, values, errors);
		return;
	}
	enum outcome o = actors_decide(req->db, req->user, id, decision, reason);
	if (o == OUTCOME_INVALID) {
		valid_error(errors, "decision",
		           N_("This decision does not fit the organisation's current status."));
		decision_invalid(req, page, id, values, errors);
		return;
	}
	const char *next = value_str(values, "next");
	const char *to = web_next_ok(next) ? arena_strdup(&req->arena, next) : "/admin";
	json_decref(values);
	json_decref(errors);
	if (web_outcome_error(req, page, o))
		return;
	json_t *actor = actors_get(req->db, req->locale, id, req->user);
	if (!actor) {
		web_db_error(req, page);
		return;
	}
	if (req->format == FORMAT_JSON) {
		page_set(page, "actor", actor, NULL);
		page->no_cache = true;
	} else {
		json_decref(actor);
		page_redirect(page, to);
	}
}

/* ---- /admin/audit ------------------------------------------------------------ */

/* The address of the next page: the same filters, older entries. */
static const char *older_url(struct request *req, json_t *values, json_int_t before)
{
	static const char *const keep[] = {"user", "object_type", "object_id", "from", "to"};
	const char *url = "/admin/audit?";
	for (size_t i = 0; i < ARRAY_LEN(keep); i++) {
		json_t *v = json_object_get(values, keep[i]);
		if (json_is_string(v))
			url = arena_printf(&req->arena, "%s%s=%s&", url, keep[i],
			                   web_url_encode(&req->arena, json_string_value(v)));
		else if (json_is_integer(v))
			url = arena_printf(&req->arena, "%s%s=%lld&", url, keep[i],
			                   (long long)json_integer_value(v));
	}
	return arena_printf(&req->arena, "%sbefore=%lld", url, (long long)before);
}

/* The users to filter by, the chosen one selected. NULL on error. */
static json_t *user_options(struct request *req, json_int_t chosen)
{
	json_t *found = users_list(req->db);
	json_t *users = array_of(found, "users");
	if (!users) {
		json_decref(found);
		return NULL;
	}
	json_t *list = json_array();
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		json_int_t id = json_integer_value(json_object_get(u, "id"));
		const char *name = json_string_value(json_object_get(u, "name"));
		const char *email = json_string_value(json_object_get(u, "email"));
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:b}", "value", id,
		                                      "name", name ? name : "", "email",
		                                      email ? email : "", "selected", id == chosen));
	}
	json_decref(found);
	return list;
}

void admin_audit(struct request *req, struct page *page)
{
	if (!can(req->user, ACTION_AUDIT_READ, NULL)) {
		staff_only(req, page, N_("The audit trail is for administrators."));
		return;
	}
	json_t *values, *errors;
	if (web_query_validate(req, audit_fields, ARRAY_LEN(audit_fields), &values, &errors)) {
		json_decref(values);
		web_bad_query(req, page, errors);
		return;
	}
	json_int_t user = json_integer_value(json_object_get(values, "user"));
	json_t *model = audit_list(req->db, user, value_str(values, "object_type"),
	                           value_str(values, "object_id"), value_str(values, "from"),
	                           value_str(values, "to"),
	                           json_integer_value(json_object_get(values, "before")), AUDIT_PAGE);
	json_t *users = model ? user_options(req, user) : NULL;
	if (!users) {
		json_decref(model);
		json_decref(values);
		json_decref(errors);
		web_db_error(req, page);
		return;
	}
	admin_audit_rows(model);
	json_t *next = json_object_get(model, "next_before");
	if (json_is_integer(next))
		json_object_set_new(model, "older_url",
		                    json_string(older_url(req, values, json_integer_value(next))));
	json_object_set_new(model, "users", users);
	json_object_set_new(model, "filters", values);
	json_decref(errors);
	page_set(page, "admin_audit", model, tr(req->locale, "Audit trail"));
}

int admin_add_history(struct request *req, json_t *model, const char *type, int64_t id,
                      int64_t owner_actor_id)
{
	struct object_ref obj = {type, id, owner_actor_id};
	if (!can(req->user, ACTION_HISTORY_READ, &obj))
		return 0;
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)id);
	json_t *history = audit_history(req->db, type, text);
	if (!history)
		return -1;
	admin_audit_rows(history);
	json_object_set_new(model, "history", history);
	return 0;
}
