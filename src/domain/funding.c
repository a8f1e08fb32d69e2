/* funding.c — the hub's funding pointers (funding.h): validation (a field
 * table), the administrators' writes (one transaction each, can() first,
 * audited with before and after), the list, one pointer, and the pointers
 * relevant to a need. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "codes.h"
#include "compact.h"
#include "db.h"
#include "fields.h"
#include "funding.h"
#include "i18n.h"
#include "permission.h"
#include "util.h"
#include "validate.h"

/* ---- Validation ------------------------------------------------------------------ */

static const char MSG_OBJECTIVE[] = N_("Objectives are numbered from 1 to {max}.");

/* Objectives are optional here (none: every objective): repeats dropped. */
static int check_objectives(struct valid *v, const struct field *f, json_t **value)
{
	(void)v;
	(void)f;
	fields_drop_repeats(value);
	return 0;
}

static int check_supports(struct valid *v, const struct field *f, json_t **value)
{
	(void)v;
	(void)f;
	fields_drop_repeats(value);
	return 0;
}

static const struct field pointer_fields[] = {
	{"name", FIELD_TEXT, FIELD_REQUIRED, .max = FUNDING_NAME_MAX},
	{"url", FIELD_URL, FIELD_REQUIRED},
	{"description", FIELD_TEXTAREA, 0, .max = FUNDING_TEXT_MAX, .check = fields_text_or_empty},
	{"source", FIELD_TEXTAREA, FIELD_REQUIRED, .max = FUNDING_TEXT_MAX},
	{"source_url", FIELD_URL, 0},
	{"objectives", FIELD_INT, FIELD_MULTI, .min = 1, .max = COMPACT_OBJECTIVES,
	 .max_items = COMPACT_OBJECTIVES, .check = check_objectives, .msgid = MSG_OBJECTIVE},
	{"supports", FIELD_CHOICE, FIELD_MULTI, .choices = hub_supports, .check = check_supports},
};

int funding_validate(const json_t *input, json_t *errors, json_t **clean)
{
	json_t *out = NULL;
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int n = valid_check(pointer_fields, ARRAY_LEN(pointer_fields), in, NULL, errors, &out);
	json_decref(in);
	if (n == 0) {
		/* absent lists are empty lists; an absent description is empty */
		static const char *const lists[] = {"objectives", "supports"};
		for (size_t i = 0; i < ARRAY_LEN(lists); i++)
			if (!json_is_array(json_object_get(out, lists[i])))
				json_object_set_new(out, lists[i], json_array());
		if (!json_is_string(json_object_get(out, "description")))
			json_object_set_new(out, "description", json_string(""));
	}
	if (clean && n == 0)
		*clean = out;
	else
		json_decref(out);
	return n;
}

/* ---- Reads ----------------------------------------------------------------------- */

#define POINTER_COLS "f.id, f.name, f.url, f.description, f.source, f.source_url, " \
	"f.archived_at"

/* Pointer id as its writes compare it: {name, url, description, source,
 * source_url, objectives: [n], supports: [code]}; JSON null when none has
 * this id; NULL on error. */
static json_t *snapshot(struct db *db, int64_t id)
{
	json_t *p = db_json_row(db, "SELECT name, url, description, source, source_url, "
	                        "archived_at FROM funding_pointer WHERE id = $1",
	                        DB_ARGS(DB_INT(id)));
	if (!p || json_is_null(p))
		return p;
	json_t *objs = db_json_rows(db, "SELECT objective FROM funding_pointer_objective "
	                            "WHERE pointer_id = $1 ORDER BY objective", DB_ARGS(DB_INT(id)));
	json_t *sups = db_json_rows(db, "SELECT support FROM funding_pointer_support "
	                            "WHERE pointer_id = $1 ORDER BY support", DB_ARGS(DB_INT(id)));
	if (!objs || !sups) {
		json_decref(objs);
		json_decref(sups);
		json_decref(p);
		return NULL;
	}
	json_t *o = json_array(), *s = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(objs, i, r)
		json_array_append(o, json_object_get(r, "objective"));
	json_array_foreach(sups, i, r)
		json_array_append(s, json_object_get(r, "support"));
	json_decref(objs);
	json_decref(sups);
	json_object_set_new(p, "objectives", o);
	json_object_set_new(p, "supports", s);
	return p;
}

/* Adds to pointer row p (its id read from it) its objectives with their
 * titles and its kinds of support with their labels. 0 or -1. */
static int decorate(struct db *db, const char *locale, json_t *p)
{
	int64_t id = json_integer_value(json_object_get(p, "id"));
	json_t *objs = db_json_rows(db, "SELECT o.number, CASE WHEN $2 = 'fr' THEN o.short_fr "
	                            "ELSE o.short_en END AS short_title, '/objectives/' || "
	                            "o.number AS url FROM funding_pointer_objective x JOIN "
	                            "objective o ON o.number = x.objective WHERE x.pointer_id = $1 "
	                            "ORDER BY o.number", DB_ARGS(DB_INT(id), DB_TEXT(locale)));
	json_t *sups = db_json_rows(db, "SELECT support FROM funding_pointer_support "
	                            "WHERE pointer_id = $1 ORDER BY support", DB_ARGS(DB_INT(id)));
	if (!objs || !sups) {
		json_decref(objs);
		json_decref(sups);
		return -1;
	}
	size_t i;
	json_t *r;
	json_array_foreach(sups, i, r) {
		const char *code = json_string_value(json_object_get(r, "support"));
		json_object_set_new(r, "value", json_string(code));
		json_object_set_new(r, "label", code_label_json(locale, hub_supports,
		                    hub_support_labels, code));
		json_object_del(r, "support");
	}
	json_object_set_new(p, "all_objectives", json_boolean(json_array_size(objs) == 0));
	json_object_set_new(p, "objectives", objs);
	json_object_set_new(p, "supports", sups);
	char url[48];
	snprintf(url, sizeof url, "/hub/funding/%lld", (long long)id);
	json_object_set_new(p, "page_url", json_string(url));
	json_object_set_new(p, "archived", json_boolean(
		!json_is_null(json_object_get(p, "archived_at"))));
	return 0;
}

static json_t *decorated(struct db *db, const char *locale, json_t *rows)
{
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p)
		if (decorate(db, locale, p) < 0) {
			json_decref(rows);
			return NULL;
		}
	return rows;
}

json_t *funding_list(struct db *db, const char *locale, bool archived)
{
	json_t *rows = db_json_rows(db, "SELECT " POINTER_COLS " FROM funding_pointer f "
	                            "WHERE $1 = 1 OR f.archived_at IS NULL ORDER BY f.name, f.id",
	                            DB_ARGS(DB_INT(archived ? 1 : 0)));
	if (!rows || !decorated(db, locale, rows))
		return NULL;
	return json_pack("{s:o}", "pointers", rows);
}

json_t *funding_get(struct db *db, const char *locale, int64_t id)
{
	json_t *p = db_json_row(db, "SELECT " POINTER_COLS " FROM funding_pointer f "
	                        "WHERE f.id = $1", DB_ARGS(DB_INT(id)));
	if (!p || json_is_null(p))
		return p;
	if (decorate(db, locale, p) < 0) {
		json_decref(p);
		return NULL;
	}
	return json_pack("{s:o}", "pointer", p);
}

/* The pointers relevant to need $1 (funding.h): naming no objective or
 * sharing one; the kind of support the need asks for first. */
static const char for_need_sql[] =
	"SELECT x.* FROM (SELECT " POINTER_COLS ", "
	"(SELECT count(*) FROM funding_pointer_objective o JOIN hub_item_objective n "
	"ON n.objective = o.objective AND n.item_id = $1 WHERE o.pointer_id = f.id) AS shared, "
	"(SELECT count(*) FROM funding_pointer_objective o WHERE o.pointer_id = f.id) AS named, "
	"(SELECT count(*) FROM funding_pointer_support s JOIN hub_item i ON i.id = $1 "
	"AND i.support = s.support WHERE s.pointer_id = f.id) AS gives "
	"FROM funding_pointer f WHERE f.archived_at IS NULL) x "
	"WHERE x.shared > 0 OR x.named = 0 ORDER BY x.gives DESC, x.shared DESC, x.name, x.id "
	"LIMIT $2";

json_t *funding_for_need(struct db *db, const char *locale, int64_t need_id)
{
	json_t *rows = db_json_rows(db, for_need_sql, DB_ARGS(DB_INT(need_id),
	                                                     DB_INT(FUNDING_SHOWN)));
	if (!rows || !decorated(db, locale, rows))
		return NULL;
	size_t i;
	json_t *p;
	json_array_foreach(rows, i, p) {
		json_object_set_new(p, "gives_support", json_boolean(
			json_integer_value(json_object_get(p, "gives")) > 0));
		json_object_del(p, "gives");
		json_object_del(p, "named");
		json_object_del(p, "shared");
	}
	return rows;
}

/* ---- Writes ---------------------------------------------------------------------- */

struct fwrite {
	const struct user *by;
	int64_t id;
	const json_t *clean;
	bool archive;
};

/* Replaces pointer id's objectives and kinds of support with clean's. */
static int put_lists(struct db *db, int64_t id, const json_t *clean)
{
	if (db_exec(db, "DELETE FROM funding_pointer_objective WHERE pointer_id = $1",
	            DB_ARGS(DB_INT(id))) < 0 ||
	    db_exec(db, "DELETE FROM funding_pointer_support WHERE pointer_id = $1",
	            DB_ARGS(DB_INT(id))) < 0)
		return -1;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(clean, "objectives"), i, x)
		if (db_exec(db, "INSERT INTO funding_pointer_objective (pointer_id, objective) "
		            "VALUES ($1, $2)", DB_ARGS(DB_INT(id), DB_INT(json_integer_value(x)))) < 0)
			return -1;
	json_array_foreach(json_object_get(clean, "supports"), i, x)
		if (db_exec(db, "INSERT INTO funding_pointer_support (pointer_id, support) "
		            "VALUES ($1, $2)", DB_ARGS(DB_INT(id), DB_TEXT(json_string_value(x)))) < 0)
			return -1;
	return 0;
}

static enum outcome save_txn(struct db *db, struct audit_txn *t, void *ctx)
{
	struct fwrite *w = ctx;
	struct object_ref obj = {"funding_pointer", w->id, 0};
	if (w->by && !can(w->by, ACTION_FUNDING_MAINTAIN, &obj))
		return audit_txn_deny(t, w->by, ACTION_FUNDING_MAINTAIN, &obj);
	json_t *before = NULL;
	if (w->id) {
		before = snapshot(db, w->id);
		if (!before)
			return OUTCOME_ERROR;
		if (json_is_null(before))
			return OUTCOME_NOT_FOUND;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	const json_t *c = w->clean;
	struct db_arg src_url = json_is_string(json_object_get(c, "source_url")) ?
		DB_TEXT(json_string_value(json_object_get(c, "source_url"))) : DB_NULL_ARG;
	int rc;
	if (w->archive) {
		rc = json_is_null(json_object_get(before, "archived_at")) ?
			db_exec(db, "UPDATE funding_pointer SET archived_at = $2, updated_at = $2 "
			        "WHERE id = $1", DB_ARGS(DB_INT(w->id), DB_TEXT(now))) : -2;
	} else if (w->id) {
		rc = db_exec(db, "UPDATE funding_pointer SET name = $2, url = $3, description = $4, "
		             "source = $5, source_url = $6, updated_at = $7 WHERE id = $1",
		             DB_ARGS(DB_INT(w->id), db_arg_text(c, "name"), db_arg_text(c, "url"),
		                     db_arg_text(c, "description"), db_arg_text(c, "source"), src_url,
		                     DB_TEXT(now)));
	} else {
		struct db_res *res = db_query(db, "INSERT INTO funding_pointer (name, url, "
		                              "description, source, source_url, created_at, "
		                              "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
		                              "RETURNING id",
		                              DB_ARGS(db_arg_text(c, "name"), db_arg_text(c, "url"),
		                                      db_arg_text(c, "description"),
		                                      db_arg_text(c, "source"), src_url,
		                                      DB_TEXT(now)));
		rc = res && db_next(res) == 1 ? 0 : -1;
		if (rc == 0)
			w->id = db_int(res, 0);
		db_res_free(res);
	}
	if (rc == -2) {
		json_decref(before);
		return OUTCOME_CONFLICT;
	}
	if (rc >= 0 && !w->archive)
		rc = put_lists(db, w->id, c);
	json_t *after = rc < 0 ? NULL : snapshot(db, w->id);
	if (!after)
		rc = -1;
	else
		rc = audit_record_edit(db, w->by, w->archive ? "funding.archive" : before ?
		                       "funding.edit" : "funding.create", "funding_pointer", w->id,
		                       before, after);
	json_decref(before);
	json_decref(after);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

enum outcome funding_save(struct db *db, const struct user *by, int64_t id,
                          const json_t *input, json_t *errors, int64_t *out_id)
{
	json_t *clean = NULL;
	/* A refused input is said only to who may write: anyone else is
	 * denied (and audited) whatever they sent. */
	struct object_ref obj = {"funding_pointer", id, 0};
	bool allowed = !by || can(by, ACTION_FUNDING_MAINTAIN, &obj);
	if (funding_validate(input, errors, &clean) > 0 && allowed)
		return OUTCOME_INVALID;
	struct fwrite w = {by, id, clean, false};
	enum outcome rc = audit_transaction(db, false, save_txn, &w);
	json_decref(clean);
	if (rc == OUTCOME_OK && out_id)
		*out_id = w.id;
	return rc;
}

enum outcome funding_archive(struct db *db, const struct user *by, int64_t id)
{
	struct fwrite w = {by, id, NULL, true};
	return audit_transaction(db, false, save_txn, &w);
}
