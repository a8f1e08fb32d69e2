/* practices_calls.c — calls for practices: a reviewer opens one (theme,
 * objectives, languages accepted, deadline); submissions may answer it
 * while it is open; once closed, its page lists what it received and
 * what was published. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "compact.h"
#include "dates.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "langtag.h"
#include "markdown.h"
#include "permission.h"
#include "practices.h"
#include "practices_impl.h"
#include "util.h"
#include "validate.h"

static const char MSG_DEADLINE_PAST[] = N_("The deadline is in the past.");
static const char MSG_LANGS[] = N_("Enter language codes such as fr, en or es.");
static const char MSG_OBJECTIVE[] = N_("Objectives are numbered from 1 to {max}.");

static int check_deadline(struct valid *v, const struct field *f, json_t **value)
{
	char today[DATE_LEN + 1];
	dates_today(today);
	const char *d = json_string_value(*value);
	if (d && strcmp(d, today) < 0) {
		valid_error(v->errors, f->name, MSG_DEADLINE_PAST);
		return -1;
	}
	return 0;
}

static int check_langs(struct valid *v, const struct field *f, json_t **value)
{
	size_t i;
	json_t *l;
	json_array_foreach(*value, i, l)
		if (!langtag_valid(json_string_value(l), json_string_length(l))) {
			valid_error(v->errors, f->name, MSG_LANGS);
			return -1;
		}
	return 0;
}

static const struct field call_fields[] = {
	{"theme", FIELD_TEXT, FIELD_REQUIRED, .max = PRACTICE_NAME_MAX},
	{"description", FIELD_TEXTAREA, 0, .max = CALL_DESCRIPTION_MAX,
	 .check = fields_text_or_empty},
	{"objectives", FIELD_INT, FIELD_MULTI, .min = 1, .max = COMPACT_OBJECTIVES,
	 .msgid = MSG_OBJECTIVE},
	{"langs", FIELD_TEXT, FIELD_MULTI | FIELD_LOWER, .max = 16, .max_items = 16,
	 .check = check_langs, .msgid = MSG_LANGS},
	{"deadline", FIELD_DATE, FIELD_REQUIRED, .check = check_deadline},
};

static enum outcome open_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct pwrite *w = p;
	if (w->by && !can(w->by, ACTION_CALL_OPEN, NULL))
		return pwrite_deny(t, w);
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	const json_t *c = w->clean;
	struct db_res *res = db_query(db, "INSERT INTO practice_call (theme, description, deadline, "
	                              "opened_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	                              DB_ARGS(DB_TEXT(json_string_value(json_object_get(c, "theme"))),
	                                      DB_TEXT(json_string_value(json_object_get(c, "description"))),
	                                      DB_TEXT(json_string_value(json_object_get(c, "deadline"))),
	                                      w->by ? DB_INT(w->by->id) : DB_NULL_ARG, DB_TEXT(now)));
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return OUTCOME_ERROR;
	}
	w->out_id = db_int(res, 0);
	db_res_free(res);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(c, "objectives"), i, x)
		if (db_exec(db, "INSERT INTO practice_call_objective (call_id, objective) VALUES ($1, $2) "
		            "ON CONFLICT DO NOTHING", DB_ARGS(DB_INT(w->out_id),
		                                              DB_INT(json_integer_value(x)))) < 0)
			return OUTCOME_ERROR;
	json_array_foreach(json_object_get(c, "langs"), i, x)
		if (db_exec(db, "INSERT INTO practice_call_lang (call_id, lang) VALUES ($1, $2) "
		            "ON CONFLICT DO NOTHING", DB_ARGS(DB_INT(w->out_id),
		                                              DB_TEXT(json_string_value(x)))) < 0)
			return OUTCOME_ERROR;
	return audit_record_edit(db, w->by, "call.open", "practice_call", w->out_id, NULL, c) < 0 ?
	       OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome calls_open(struct db *db, const struct user *by, const json_t *input,
                        json_t *errors, int64_t *id)
{
	struct pwrite w = {.by = by, .errors = errors, .action = ACTION_CALL_OPEN};
	if (by && !can(by, ACTION_CALL_OPEN, NULL))
		return audit_transaction(db, false, open_txn, &w);   /* audits the denial */
	enum outcome rc = pwrite_input(&w, call_fields, ARRAY_LEN(call_fields), input);
	if (rc != OUTCOME_OK)
		return rc;
	rc = audit_transaction(db, false, open_txn, &w);
	json_decref(w.clean);
	if (rc == OUTCOME_OK && id)
		*id = w.out_id;
	return rc;
}

int calls_open_on(struct db *db, int64_t id, const char *today, bool *exists, bool *open)
{
	char buf[DATE_LEN + 1];
	json_t *row = db_json_row(db, "SELECT deadline FROM practice_call WHERE id = $1",
	                          DB_ARGS(DB_INT(id)));
	if (!row)
		return -1;
	*exists = json_is_object(row);
	const char *deadline = json_string_value(json_object_get(row, "deadline"));
	*open = deadline && strcmp(deadline, dates_resolve_today(today, buf)) >= 0;
	json_decref(row);
	return 0;
}

/* The call's objectives and languages, added to c. 0 or -1. */
static int call_children(struct db *db, json_t *c)
{
	int64_t id = json_integer_value(json_object_get(c, "id"));
	json_t *objectives = db_json_rows(db, "SELECT objective FROM practice_call_objective "
	                                  "WHERE call_id = $1 ORDER BY objective", DB_ARGS(DB_INT(id)));
	json_t *langs = db_json_rows(db, "SELECT lang FROM practice_call_lang WHERE call_id = $1 "
	                             "ORDER BY lang", DB_ARGS(DB_INT(id)));
	if (!objectives || !langs) {
		json_decref(objectives);
		json_decref(langs);
		return -1;
	}
	json_t *o = json_array(), *l = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(objectives, i, r)
		json_array_append(o, json_object_get(r, "objective"));
	json_array_foreach(langs, i, r)
		json_array_append(l, json_object_get(r, "lang"));
	json_decref(objectives);
	json_decref(langs);
	json_object_set_new(c, "objectives", o);
	json_object_set_new(c, "langs", l);
	char url[48];
	snprintf(url, sizeof url, "/calls/%lld", (long long)id);
	json_object_set_new(c, "url", json_string(url));
	return 0;
}

json_t *calls_list(struct db *db, const char *locale, const char *today)
{
	char buf[DATE_LEN + 1];
	const char *day = dates_resolve_today(today, buf);
	json_t *rows = db_json_rows(db, "SELECT id, theme, description, deadline, created_at, "
	                            "CASE WHEN deadline >= $1 THEN 1 ELSE 0 END AS open "
	                            "FROM practice_call ORDER BY CASE WHEN deadline >= $1 THEN 0 "
	                            "ELSE 1 END, deadline, id", DB_ARGS(DB_TEXT(day)));
	if (!rows)
		return NULL;
	size_t i;
	json_t *c;
	json_array_foreach(rows, i, c) {
		bool open = json_integer_value(json_object_get(c, "open")) != 0;
		json_object_set_new(c, "open", json_boolean(open));
		if (call_children(db, c) < 0) {
			json_decref(rows);
			return NULL;
		}
	}
	return json_pack("{s:o}", "calls", rows);
}

/* The practices that answered call id, in that status (NULL: any but
 * draft), newest first. */
static json_t *call_practices(struct db *db, int64_t id, bool published_only)
{
	json_t *rows = db_json_rows(db, "SELECT p.id, p.title, p.status, a.id AS actor_id, "
	                            "a.name AS actor_name, '/practices/' || p.id AS url "
	                            "FROM practice p JOIN actor a ON a.id = p.actor_id "
	                            "WHERE p.call_id = $1 AND p.status <> 'draft' "
	                            "AND ((" PRACTICE_LISTED("p") ") OR $2 = 0) ORDER BY p.id DESC",
	                            DB_ARGS(DB_INT(id), DB_INT(published_only ? 1 : 0)));
	return rows;
}

json_t *calls_get(struct db *db, const char *locale, int64_t id, const char *today)
{
	char buf[DATE_LEN + 1];
	const char *day = dates_resolve_today(today, buf);
	json_t *c = db_json_row(db, "SELECT id, theme, description, deadline, created_at, "
	                        "CASE WHEN deadline >= $2 THEN 1 ELSE 0 END AS open "
	                        "FROM practice_call WHERE id = $1", DB_ARGS(DB_INT(id), DB_TEXT(day)));
	if (!c || json_is_null(c))
		return c;
	bool open = json_integer_value(json_object_get(c, "open")) != 0;
	json_object_set_new(c, "open", json_boolean(open));
	json_t *received = call_practices(db, id, false);
	json_t *published = call_practices(db, id, true);
	if (!received || !published || call_children(db, c) < 0) {
		json_decref(received);
		json_decref(published);
		json_decref(c);
		return NULL;
	}
	json_object_set_new(c, "received_count", json_integer((json_int_t)json_array_size(received)));
	json_object_set_new(c, "published_count",
	                    json_integer((json_int_t)json_array_size(published)));
	/* What it received is shown once the call is closed. */
	json_object_set_new(c, "received", open ? json_array() : received);
	if (open)
		json_decref(received);
	json_object_set_new(c, "published", published);
	json_object_set_new(c, "description_html", markdown_json(json_string_value(
		json_object_get(c, "description"))));
	return json_pack("{s:o}", "call", c);
}
