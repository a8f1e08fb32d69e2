/* hub_partnerships.c — partnerships (hub.h): a multi-actor initiative with its
 * members and their roles, born of a made match or recorded on its own
 * (hub_partnerships_write.c); the list, one partnership with its history
 * and what it delivers and produced, the start, a member added by the
 * lead confirming its membership, and a member withdrawing (declining,
 * while awaiting) or removed by the lead — its row kept, with when and
 * why, so the history stays. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "changelog.h"
#include "codes.h"
#include "db.h"
#include "hub.h"
#include "hub_impl.h"
#include "i18n.h"
#include "practices.h"
#include "util.h"

/* A partnership's members ($1 the partnership): current first, then
 * those who withdrew, each in the order they joined. */
static const char members_sql[] =
	"SELECT a.id AS actor_id, a.name, '/actors/' || a.id AS url, m.role, m.joined_at, "
	"m.withdrawn_at, m.withdrawn_reason, m.awaiting FROM partnership_member m JOIN actor a "
	"ON a.id = m.actor_id WHERE m.partnership_id = $1 "
	"ORDER BY CASE WHEN m.withdrawn_at IS NULL THEN 0 ELSE 1 END, m.joined_at, a.id";

static json_t *members(struct db *db, const char *locale, int64_t id)
{
	json_t *rows = db_json_rows(db, members_sql, DB_ARGS(DB_INT(id)));
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m) {
		json_object_set_new(m, "role_label", code_label_json(locale, partnership_roles,
		                    partnership_role_labels,
		                    json_string_value(json_object_get(m, "role"))));
		bool withdrawn = !json_is_null(json_object_get(m, "withdrawn_at"));
		bool awaiting = json_integer_value(json_object_get(m, "awaiting")) != 0;
		json_object_set_new(m, "withdrawn", json_boolean(withdrawn));
		/* Added by the lead, not yet confirmed; declined: withdrew so. */
		json_object_set_new(m, "awaiting", json_boolean(awaiting && !withdrawn));
		json_object_set_new(m, "declined", json_boolean(awaiting && withdrawn));
	}
	return rows;
}

/* The need_url and offer_url of p's need_id and offer_id, when it has them
 * (read through HUB_SHOWN_ID: none for an item hidden by a flag). */
static void item_urls(json_t *p)
{
	static const char *const keys[] = {"need_id", "offer_id"};
	static const char *const prefix[] = {"/hub/needs/", "/hub/offers/"};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		json_t *v = json_object_get(p, keys[i]);
		if (json_is_integer(v)) {
			char url[48];
			snprintf(url, sizeof url, "%s%lld", prefix[i], (long long)json_integer_value(v));
			json_object_set_new(p, i ? "offer_url" : "need_url", json_string(url));
		}
	}
}

/* What partnership id delivers and produced, into p: its commitments and
 * its published practices ({id, title, url}), and its current lead's id
 * (0: none left). 0 or -1. */
static int links(struct db *db, int64_t id, json_t *p)
{
	json_t *c = db_json_rows(db, "SELECT c.id, c.title, '/commitments/' || c.id AS url "
	                         "FROM partnership_commitment x JOIN commitment c "
	                         "ON c.id = x.commitment_id WHERE x.partnership_id = $1 ORDER BY c.id",
	                         DB_ARGS(DB_INT(id)));
	json_t *k = db_json_rows(db, "SELECT r.id, r.title, '/practices/' || r.id AS url "
	                         "FROM partnership_practice x JOIN practice r "
	                         "ON r.id = x.practice_id WHERE x.partnership_id = $1 "
	                         "AND " PRACTICE_LISTED("r") " ORDER BY r.id", DB_ARGS(DB_INT(id)));
	int64_t lead = 0;
	if (!c || !k || partnerships_lead(db, id, &lead) != OUTCOME_OK) {
		json_decref(c);
		json_decref(k);
		return -1;
	}
	json_object_set_new(p, "commitments", c);
	json_object_set_new(p, "practices", k);
	json_object_set_new(p, "lead_actor_id", json_integer(lead));
	return 0;
}

json_t *partnerships_list(struct db *db, const char *locale)
{
	json_t *rows = db_json_rows(db, "SELECT p.id, p.name, '/partnerships/' || p.id AS url, "
	                            HUB_SHOWN_ID("p.need_id") " AS need_id, "
	                            HUB_SHOWN_ID("p.offer_id") " AS offer_id, p.created_at "
	                            "FROM partnership p "
	                            "ORDER BY p.created_at DESC, p.id DESC LIMIT 200", NO_ARGS);
	if (!rows)
		return NULL;
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p) {
		json_t *m = members(db, locale, json_integer_value(json_object_get(p, "id")));
		if (!m) {
			json_decref(rows);
			return NULL;
		}
		json_object_set_new(p, "members", m);
		if (links(db, json_integer_value(json_object_get(p, "id")), p) < 0) {
			json_decref(rows);
			return NULL;
		}
		item_urls(p);
	}
	return json_pack("{s:o}", "partnerships", rows);
}

json_t *partnerships_get(struct db *db, const char *locale, int64_t id)
{
	json_t *p = db_json_row(db, "SELECT p.id, p.name, p.description, "
	                        "'/partnerships/' || p.id AS url, " HUB_SHOWN_ID("p.need_id")
	                        " AS need_id, " HUB_SHOWN_ID("p.offer_id") " AS offer_id, "
	                        "p.match_id, p.created_at, p.origin FROM partnership p "
	                        "WHERE p.id = $1", DB_ARGS(DB_INT(id)));
	if (!p || json_is_null(p))
		return p;
	json_t *m = members(db, locale, id);
	if (!m) {
		json_decref(p);
		return NULL;
	}
	json_object_set_new(p, "members", m);
	if (links(db, id, p) < 0) {
		json_decref(p);
		return NULL;
	}
	item_urls(p);
	return json_pack("{s:o}", "partnership", p);
}

int partnerships_start(struct db *db, const char *name, int64_t need_id, int64_t offer_id,
                       int64_t match_id, int64_t lead, int64_t partner, int64_t created_by,
                       int64_t *id)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	struct db_res *res = db_query(db, "INSERT INTO partnership (name, need_id, offer_id, "
	                              "match_id, created_by, created_at, updated_at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
	                              DB_ARGS(DB_TEXT(name && name[0] ? name : "?"),
	                                      need_id ? DB_INT(need_id) : DB_NULL_ARG,
	                                      offer_id ? DB_INT(offer_id) : DB_NULL_ARG,
	                                      match_id ? DB_INT(match_id) : DB_NULL_ARG,
	                                      created_by > 0 ? DB_INT(created_by) : DB_NULL_ARG,
	                                      DB_TEXT(now)));
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return -1;
	}
	*id = db_int(res, 0);
	db_res_free(res);
	static const char ins[] = "INSERT INTO partnership_member (partnership_id, actor_id, "
	                          "role, joined_at) VALUES ($1, $2, $3, $4)";
	if (db_exec(db, ins, DB_ARGS(DB_INT(*id), DB_INT(lead), DB_TEXT("lead"),
	                             DB_TEXT(now))) < 0 ||
	    db_exec(db, ins, DB_ARGS(DB_INT(*id), DB_INT(partner),
	                             DB_TEXT("implementing_partner"), DB_TEXT(now))) < 0 ||
	    changelog_note(db, CHANGE_KIND_PARTNERSHIP, *id) < 0)
		return -1;
	return 0;
}

/* After a member's row of partnership w->id changed (n rows): the
 * partnership touched, the change audited as action with changes (taken),
 * the partnership noted in the change feed. OUTCOME_CONFLICT when no row
 * changed. */
static enum outcome member_changed(struct db *db, const struct hwrite *w, int64_t n,
                                   const char *action, json_t *changes)
{
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int bad = n < 0 || (n > 0 &&
	          (db_exec(db, "UPDATE partnership SET updated_at = $2 WHERE id = $1",
	                   DB_ARGS(DB_INT(w->id), DB_TEXT(now))) < 0 ||
	           audit_record(db, w->by, action, "partnership", w->id, changes) < 0 ||
	           changelog_note(db, CHANGE_KIND_PARTNERSHIP, w->id) < 0));
	json_decref(changes);
	return bad ? OUTCOME_ERROR : n == 0 ? OUTCOME_CONFLICT : OUTCOME_OK;
}

/* OUTCOME_OK when partnership id exists, else _NOT_FOUND or _ERROR. */
static enum outcome partnership_exists(struct db *db, int64_t id)
{
	int64_t n;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM partnership WHERE id = $1",
	                  DB_ARGS(DB_INT(id))) < 0)
		return OUTCOME_ERROR;
	return n ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

static enum outcome withdraw_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	/* A member leaves, or its lead removes it (hub_partnerships_write.c). */
	bool own = hub_allowed(w->by, ACTION_HUB_CONSENT, "partnership", w->id, w->actor);
	if (!own && !partnerships_may_lead(db, w->by, w->id)) {
		w->action = ACTION_HUB_CONSENT;
		return hub_deny(t, w, "partnership");
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	const char *reason = json_string_value(json_object_get(w->clean, "reason"));
	/* Still awaiting, the member's own withdrawal is its "no" (awaiting
	 * kept, so the row reads declined); the lead's removal is not. */
	int64_t n = db_exec(db, "UPDATE partnership_member SET withdrawn_at = $3, "
	                    "withdrawn_reason = $4, awaiting = CASE WHEN $5 = 1 THEN awaiting "
	                    "ELSE 0 END WHERE partnership_id = $1 AND actor_id = $2 "
	                    "AND withdrawn_at IS NULL",
	                    DB_ARGS(DB_INT(w->id), DB_INT(w->actor), DB_TEXT(now),
	                            DB_TEXT(reason ? reason : ""), DB_INT(own ? 1 : 0)));
	return member_changed(db, w, n, "partnership.withdraw",
	                      json_pack("{s:{s:I}, s:{s:s}}", "withdrawn_actor", "after",
	                                (json_int_t)w->actor, "reason", "after",
	                                reason ? reason : ""));
}

enum outcome partnerships_withdraw(struct db *db, const struct user *by, int64_t id,
                                   int64_t actor_id, const json_t *input, json_t *errors)
{
	enum outcome found = partnership_exists(db, id);
	if (found != OUTCOME_OK)
		return found;
	struct hwrite w = {.by = by, .id = id, .actor = actor_id, .errors = errors,
	                   .action = ACTION_HUB_CONSENT};
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(hub_withdraw_fields, hub_withdraw_nfields, in, NULL, errors,
	                      &w.clean);
	json_decref(in);
	enum outcome rc = bad ? OUTCOME_INVALID : audit_transaction(db, false, withdraw_txn, &w);
	json_decref(w.clean);
	return rc;
}

static enum outcome confirm_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct hwrite *w = p;
	/* Only the member's own people confirm: not even the lead for it. */
	if (!hub_allowed(w->by, ACTION_HUB_CONSENT, "partnership", w->id, w->actor))
		return hub_deny(t, w, "partnership");
	int64_t n = db_exec(db, "UPDATE partnership_member SET awaiting = 0 WHERE partnership_id "
	                    "= $1 AND actor_id = $2 AND awaiting = 1 AND withdrawn_at IS NULL",
	                    DB_ARGS(DB_INT(w->id), DB_INT(w->actor)));
	return member_changed(db, w, n, "partnership.confirm",
	                      json_pack("{s:{s:I}}", "confirmed_actor", "after",
	                                (json_int_t)w->actor));
}

enum outcome partnerships_confirm(struct db *db, const struct user *by, int64_t id,
                                  int64_t actor_id)
{
	enum outcome found = partnership_exists(db, id);
	if (found != OUTCOME_OK)
		return found;
	struct hwrite w = {.by = by, .id = id, .actor = actor_id, .action = ACTION_HUB_CONSENT};
	return audit_transaction(db, false, confirm_txn, &w);
}
