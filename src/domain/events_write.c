/* events_write.c — what people record around an event (events.h): a
 * session of its programme, an actor taking part, a statement, a
 * commitment announced there. Each input is a field table (validate.h);
 * each write one transaction: the event must exist, can() first (a denial
 * audited), the row, audit_append. */
#include <ctype.h>
#include <string.h>

#include "audit.h"
#include "changelog.h"
#include "codes.h"
#include "compact.h"
#include "db.h"
#include "events.h"
#include "fields.h"
#include "i18n.h"
#include "langtag.h"
#include "permission.h"
#include "util.h"
#include "validate.h"

static const char MSG_TIME[] = N_("Enter a date and time such as 2026-05-05T10:00.");
static const char MSG_END_BEFORE[] = N_("The end is before the start.");
static const char MSG_OBJECTIVE[] = N_("Objectives are numbered from 1 to {max}.");
static const char MSG_ACTOR[] = N_("Unknown actor.");
static const char MSG_TEXT_OR_LINK[] = N_("Give the statement's text, a link to it, or both.");
static const char MSG_LANG[] = N_("Enter a language code such as fr, en or es.");
static const char MSG_SESSION[] = N_("This event has no such session.");
static const char MSG_COMMITMENT[] = N_("Unknown commitment.");

/* ---- Checks ---------------------------------------------------------------------- */

/* "YYYY-MM-DDTHH:MM" (a space for the T is taken), a real time of day. */
static int check_time(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(*value);
	if (!s || !s[0])
		return 0;
	char t[17];
	if (strlen(s) != 16)
		return fields_refuse(v, f, MSG_TIME);
	memcpy(t, s, sizeof t);
	if (t[10] == ' ')
		t[10] = 'T';
	static const char shape[] = "dddd-dd-ddTdd:dd";
	for (int i = 0; i < 16; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)t[i]) : t[i] != shape[i])
			return fields_refuse(v, f, MSG_TIME);
	int month = (t[5] - '0') * 10 + t[6] - '0', day = (t[8] - '0') * 10 + t[9] - '0';
	int hour = (t[11] - '0') * 10 + t[12] - '0', minute = (t[14] - '0') * 10 + t[15] - '0';
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59)
		return fields_refuse(v, f, MSG_TIME);
	json_decref(*value);
	*value = json_string(t);
	return 0;
}

static int check_end(struct valid *v, const struct field *f, json_t **value)
{
	if (check_time(v, f, value) != 0)
		return -1;
	const char *start = json_object_get(v->errors, "starts_at") ? NULL :
	                    json_string_value(json_object_get(v->clean, "starts_at"));
	const char *end = json_string_value(*value);
	if (start && end && end[0] && strcmp(end, start) < 0)
		return fields_refuse(v, f, MSG_END_BEFORE);
	return 0;
}

static int check_list(struct valid *v, const struct field *f, json_t **value)
{
	(void)v;
	(void)f;
	fields_drop_repeats(value);
	return 0;
}

static int check_actor(struct valid *v, const struct field *f, json_t **value)
{
	if (!fields_exists(v, "SELECT count(*) FROM actor WHERE id = $1 AND operators = 0",
	                   DB_INT(json_integer_value(*value))))
		return fields_refuse(v, f, MSG_ACTOR);
	return 0;
}

static int check_lang(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(*value);
	if (s && s[0] && !langtag_valid(s, strlen(s)))
		return fields_refuse(v, f, MSG_LANG);
	return 0;
}

/* A statement has a text, a link, or both (the link is checked first). */
static int check_body(struct valid *v, const struct field *f, json_t **value)
{
	if (valid_blank(*value) && !json_object_get(v->errors, "url") &&
	    !json_is_string(json_object_get(v->clean, "url")))
		return fields_refuse(v, f, MSG_TEXT_OR_LINK);
	return fields_text_or_empty(v, f, value);
}

static const struct field session_fields[] = {
	{"title", FIELD_TEXT, FIELD_REQUIRED, .max = EVENT_TITLE_MAX},
	{"starts_at", FIELD_TEXT, FIELD_REQUIRED, .max = 16, .check = check_time,
	 .msgid = MSG_TIME},
	{"ends_at", FIELD_TEXT, 0, .max = 16, .check = check_end, .msgid = MSG_TIME},
	{"objectives", FIELD_INT, FIELD_MULTI, .min = 1, .max = COMPACT_OBJECTIVES,
	 .max_items = COMPACT_OBJECTIVES, .check = check_list, .msgid = MSG_OBJECTIVE},
};

static const struct field join_fields[] = {
	{"actor_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX, .check = check_actor,
	 .msgid = MSG_ACTOR},
	{"role", FIELD_CHOICE, FIELD_REQUIRED, .choices = event_roles},
};

/* In this order: body tests url. */
static const struct field statement_fields[] = {
	{"actor_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX, .check = check_actor,
	 .msgid = MSG_ACTOR},
	{"title", FIELD_TEXT, FIELD_REQUIRED, .max = EVENT_TITLE_MAX},
	{"url", FIELD_URL, 0},
	{"body", FIELD_TEXTAREA, 0, .max = EVENT_TEXT_MAX, .check = check_body},
	{"lang", FIELD_TEXT, FIELD_LOWER, .max = 16, .check = check_lang, .msgid = MSG_LANG},
	{"session_id", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .msgid = MSG_SESSION},
};

static const struct field announce_fields[] = {
	{"commitment_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX,
	 .msgid = MSG_COMMITMENT},
};

/* ---- One write ------------------------------------------------------------------- */

enum ekind { E_SESSION, E_JOIN, E_STATEMENT, E_ANNOUNCE };

static const struct {
	const struct field *fields;
	size_t nfields;
	enum action action;
	const char *audit;       /* the audit entry's action */
	const char *type;        /* its object type */
} kinds[] = {
	[E_SESSION] = {session_fields, ARRAY_LEN(session_fields), ACTION_EVENT_ORGANISE,
	               "event.session", "event_session"},
	[E_JOIN] = {join_fields, ARRAY_LEN(join_fields), ACTION_EVENT_TAKE_PART, "event.join",
	            "actor"},
	[E_STATEMENT] = {statement_fields, ARRAY_LEN(statement_fields), ACTION_EVENT_TAKE_PART,
	                 "event.statement", "event_statement"},
	[E_ANNOUNCE] = {announce_fields, ARRAY_LEN(announce_fields), ACTION_EVENT_TAKE_PART,
	                "event.announce", "commitment"},
};

struct ewrite {
	const struct user *by;
	enum ekind kind;
	const char *slug;
	json_t *clean;
	json_t *errors;
	int64_t id;
};

/* The actor whose part the write records (0: the event's programme). */
static int64_t owner(struct db *db, const struct ewrite *w)
{
	if (w->kind == E_SESSION)
		return 0;
	if (w->kind != E_ANNOUNCE)
		return json_integer_value(json_object_get(w->clean, "actor_id"));
	int64_t actor = 0;
	if (db_scalar_int(db, &actor, 0, "SELECT owner_actor_id FROM commitment WHERE id = $1",
	                  DB_ARGS(db_arg_int(w->clean, "commitment_id"))) < 0)
		return -1;
	return actor;
}

static int insert_session(struct db *db, struct ewrite *w, const char *now)
{
	int64_t me = w->by ? w->by->id : 0;
	struct db_res *res = db_query(db, "INSERT INTO event_session (event_slug, title, starts_at, "
	                              "ends_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
	                              "$6) RETURNING id",
	                              DB_ARGS(DB_TEXT(w->slug), db_arg_text(w->clean, "title"),
	                                      db_arg_text(w->clean, "starts_at"),
	                                      db_arg_text(w->clean, "ends_at"),
	                                      me > 0 ? DB_INT(me) : DB_NULL_ARG, DB_TEXT(now)));
	int rc = res && db_next(res) == 1 ? 0 : -1;
	if (rc == 0)
		w->id = db_int(res, 0);
	db_res_free(res);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(w->clean, "objectives"), i, x)
		if (rc == 0 && db_exec(db, "INSERT INTO event_session_objective (session_id, "
		                       "objective) VALUES ($1, $2)", DB_ARGS(DB_INT(w->id),
		                       DB_INT(json_integer_value(x)))) < 0)
			rc = -1;
	return rc;
}

static int insert_statement(struct db *db, struct ewrite *w, const char *now)
{
	int64_t me = w->by ? w->by->id : 0;
	const char *lang = json_string_value(json_object_get(w->clean, "lang"));
	const char *body = json_string_value(json_object_get(w->clean, "body"));
	struct db_res *res = db_query(db, "INSERT INTO event_statement (event_slug, session_id, "
	                              "actor_id, title, body, url, lang, created_by, created_at) "
	                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	                              DB_ARGS(DB_TEXT(w->slug), db_arg_int(w->clean, "session_id"),
	                                      db_arg_int(w->clean, "actor_id"),
	                                      db_arg_text(w->clean, "title"),
	                                      DB_TEXT(body ? body : ""),
	                                      db_arg_text(w->clean, "url"),
	                                      DB_TEXT(lang && lang[0] ? lang : "en"),
	                                      me > 0 ? DB_INT(me) : DB_NULL_ARG, DB_TEXT(now)));
	int rc = res && db_next(res) == 1 ? 0 : -1;
	if (rc == 0)
		w->id = db_int(res, 0);
	db_res_free(res);
	return rc;
}

static enum outcome write_txn(struct db *db, struct audit_txn *t, void *ctx)
{
	struct ewrite *w = ctx;
	int64_t n = 0;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM event WHERE slug = $1",
	                  DB_ARGS(DB_TEXT(w->slug))) < 0)
		return OUTCOME_ERROR;
	if (!n)
		return OUTCOME_NOT_FOUND;
	int64_t actor = w->clean ? owner(db, w) : (w->by ? w->by->actor_id : 0);
	if (actor < 0)
		return OUTCOME_ERROR;
	if (w->clean && w->kind == E_ANNOUNCE && actor == 0) {
		valid_error(w->errors, "commitment_id", MSG_COMMITMENT);
		return OUTCOME_INVALID;
	}
	struct object_ref obj = {kinds[w->kind].type, 0, actor};
	if (w->by && !can(w->by, kinds[w->kind].action, &obj))
		return audit_txn_deny(t, w->by, kinds[w->kind].action, &obj);
	if (!w->clean)
		return OUTCOME_INVALID;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	int64_t me = w->by ? w->by->id : 0;
	struct db_arg who = me > 0 ? DB_INT(me) : DB_NULL_ARG;
	int rc = 0;
	switch (w->kind) {
	case E_SESSION:
		rc = insert_session(db, w, now);
		break;
	case E_JOIN:
		w->id = actor;
		rc = db_exec(db, "DELETE FROM event_participant WHERE event_slug = $1 AND actor_id = $2",
		             DB_ARGS(DB_TEXT(w->slug), DB_INT(actor))) < 0 ||
		     db_exec(db, "INSERT INTO event_participant (event_slug, actor_id, role, "
		             "created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
		             DB_ARGS(DB_TEXT(w->slug), DB_INT(actor), db_arg_text(w->clean, "role"),
		                     who, DB_TEXT(now))) < 0 ? -1 : 0;
		break;
	case E_STATEMENT:
		if (json_is_integer(json_object_get(w->clean, "session_id"))) {
			if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM event_session WHERE id = $1 "
			                  "AND event_slug = $2", DB_ARGS(db_arg_int(w->clean,
			                  "session_id"), DB_TEXT(w->slug))) < 0)
				return OUTCOME_ERROR;
			if (!n) {
				valid_error(w->errors, "session_id", MSG_SESSION);
				return OUTCOME_INVALID;
			}
		}
		rc = insert_statement(db, w, now);
		break;
	case E_ANNOUNCE:
		w->id = json_integer_value(json_object_get(w->clean, "commitment_id"));
		if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM commitment c WHERE c.id = $1 AND "
		                  "c.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
		                  "event_commitment x WHERE x.commitment_id = c.id)",
		                  DB_ARGS(DB_INT(w->id))) < 0)
			return OUTCOME_ERROR;
		if (!n)
			return OUTCOME_CONFLICT;
		rc = db_exec(db, "INSERT INTO event_commitment (commitment_id, event_slug, created_by, "
		             "created_at) VALUES ($1, $2, $3, $4)", DB_ARGS(DB_INT(w->id),
		             DB_TEXT(w->slug), who, DB_TEXT(now)));
		break;
	}
	/* The public records of the change feed: a session, a statement. */
	if (rc == 0 && (w->kind == E_SESSION || w->kind == E_STATEMENT))
		rc = changelog_note(db, w->kind == E_SESSION ? CHANGE_KIND_EVENT_SESSION :
		                    CHANGE_KIND_EVENT_STATEMENT, w->id);
	if (rc < 0)
		return OUTCOME_ERROR;
	json_t *after = json_deep_copy(w->clean);
	json_object_set_new(after, "event", json_string(w->slug));
	rc = audit_record_edit(db, w->by, kinds[w->kind].audit, kinds[w->kind].type, w->id, NULL,
	                       after);
	json_decref(after);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

/* Validates input for kind and runs the write; a refused input is said
 * only to who may record that kind for their own actor (anyone else is
 * denied, and audited). */
static enum outcome run(struct db *db, const struct user *by, enum ekind kind, const char *slug,
                        const json_t *input, json_t *errors, int64_t *id)
{
	struct fields_db q = {db, false};
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	json_t *clean = NULL;
	int bad = valid_check(kinds[kind].fields, kinds[kind].nfields, in, &q, errors, &clean);
	json_decref(in);
	if (q.failed) {
		json_decref(clean);
		return OUTCOME_ERROR;
	}
	struct object_ref own = {kinds[kind].type, 0, by ? by->actor_id : 0};
	if (bad) {
		json_decref(clean);
		clean = NULL;
		if (!by || can(by, kinds[kind].action, kind == E_SESSION ? NULL : &own))
			return OUTCOME_INVALID;
	}
	struct ewrite w = {by, kind, slug, clean, errors, 0};
	enum outcome rc = audit_transaction(db, false, write_txn, &w);
	json_decref(clean);
	if (rc == OUTCOME_OK && id)
		*id = w.id;
	return rc;
}

enum outcome events_add_session(struct db *db, const struct user *by, const char *slug,
                                const json_t *input, json_t *errors, int64_t *id)
{
	return run(db, by, E_SESSION, slug, input, errors, id);
}

enum outcome events_join(struct db *db, const struct user *by, const char *slug,
                         const json_t *input, json_t *errors)
{
	return run(db, by, E_JOIN, slug, input, errors, NULL);
}

enum outcome events_state(struct db *db, const struct user *by, const char *slug,
                          const json_t *input, json_t *errors, int64_t *id)
{
	return run(db, by, E_STATEMENT, slug, input, errors, id);
}

enum outcome events_announce(struct db *db, const struct user *by, const char *slug,
                             const json_t *input, json_t *errors)
{
	return run(db, by, E_ANNOUNCE, slug, input, errors, NULL);
}
