/* reviews_cycles.c — the review cycles: the list, one cycle with the
 * latest submitted review of each state, an administrator's edit of the
 * dates, and the small pieces the module's other files share (a cycle's
 * row and window, the reader's language, a review's URL). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "countries.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "permission.h"
#include "reviews.h"
#include "reviews_impl.h"
#include "util.h"
#include "validate.h"

/* The columns of a cycle's row; lang the SQL parameter of the reader's
 * language, for the region's name (names.h) a composed title needs. */
#define CYCLE_COLUMNS(lang) \
	"id, kind, title_en, title_fr, region_m49, period_start, period_end, opens, closes, " \
	REVIEWS_CYCLE_REGION_NAME("review_cycle", lang) " AS region_name"

bool reviews_locale_fr(const char *locale)
{
	return locale && strncmp(locale, "fr", 2) == 0;
}

const char *reviews_url(char buf[96], const char *cycle, const char *iso3, int64_t version)
{
	if (version > 0)
		snprintf(buf, 96, "/reviews/%s/%s/v/%lld", cycle, iso3, (long long)version);
	else
		snprintf(buf, 96, "/reviews/%s/%s", cycle, iso3);
	return buf;
}

json_t *reviews_cycle_row(struct db *db, const char *id, const char *locale)
{
	return db_json_row(db, "SELECT " CYCLE_COLUMNS("$2") " FROM review_cycle WHERE id = $1",
	                   DB_ARGS(DB_TEXT(id), DB_TEXT(locale ? locale : "en")));
}

json_t *reviews_cycle_title(const json_t *row, const char *locale)
{
	if (!locale || strncmp(locale, "en", 2) == 0 || reviews_locale_fr(locale))
		return json_incref(json_object_get(row, reviews_locale_fr(locale) ? "title_fr" :
		                                   "title_en"));
	/* The other languages compose it: the year the cycle ends in, and the
	 * region's name in the reader's language (English until the
	 * translators' file has it, as names.h says). */
	const char *end = json_string_value(json_object_get(row, "period_end"));
	const char *region = json_string_value(json_object_get(row, "region_name"));
	char year[5] = "";
	if (end && strlen(end) >= 4)
		memcpy(year, end, 4);
	const char *kind = json_string_value(json_object_get(row, "kind"));
	bool global = kind && strcmp(kind, "global") == 0;
	json_t *args = json_pack("{s:s, s:s}", "year", year, "region", region ? region : "");
	char *s = global || !region
		? valid_format(locale, N_("International Migration Review Forum {year}"), args)
		: valid_format(locale, N_("Regional review {year}: {region}"), args);
	json_decref(args);
	json_t *title = s ? json_string(s) : json_incref(json_object_get(row, "title_en"));
	free(s);
	return title;
}

bool reviews_window_open(const json_t *cycle, const char *today)
{
	const char *opens = json_string_value(json_object_get(cycle, "opens"));
	const char *closes = json_string_value(json_object_get(cycle, "closes"));
	return opens && closes && today && strcmp(today, opens) >= 0 && strcmp(today, closes) <= 0;
}

json_t *reviews_cycle_model(const json_t *row, const char *locale, const char *today)
{
	const char *id = json_string_value(json_object_get(row, "id"));
	char url[96];
	snprintf(url, sizeof url, "/reviews/%s", id);
	json_t *m = json_pack("{s:s, s:O, s:o, s:O?, s:O, s:O, s:O, s:O, s:b, s:b, s:s}",
		"id", id, "kind", json_object_get(row, "kind"),
		"title", reviews_cycle_title(row, locale),
		"region_m49", json_object_get(row, "region_m49"),
		"period_start", json_object_get(row, "period_start"),
		"period_end", json_object_get(row, "period_end"),
		"opens", json_object_get(row, "opens"), "closes", json_object_get(row, "closes"),
		"open", reviews_window_open(row, today),
		"global", strcmp(json_string_value(json_object_get(row, "kind")), "global") == 0,
		"url", url);
	return m;
}

json_t *reviews_cycles(struct db *db, const char *locale, const char *today)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	json_t *rows = db_json_rows(db, "SELECT " CYCLE_COLUMNS("$1") " FROM review_cycle "
	                            "ORDER BY period_end DESC, kind, id",
	                            DB_ARGS(DB_TEXT(locale ? locale : "en")));
	if (!rows)
		return NULL;
	json_t *cycles = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
		json_array_append_new(cycles, reviews_cycle_model(r, locale, today));
	json_decref(rows);
	return json_pack("{s:o}", "cycles", cycles);
}

/* The latest submitted version of each state's review of cycle. */
static const char SQL_LATEST[] =
	"SELECT r.iso3, r.version, r.submitted_at, r.hash, "
	"k.name_ar, k.name_zh, k.name_en, k.name_fr, k.name_ru, k.name_es "
	"FROM voluntary_review r JOIN country k ON k.iso3 = r.iso3 "
	"WHERE r.cycle_id = $1 AND r.status = 'submitted' AND r.version = ("
	"SELECT MAX(l.version) FROM voluntary_review l WHERE l.cycle_id = r.cycle_id "
	"AND l.iso3 = r.iso3 AND l.status = 'submitted') ORDER BY r.iso3";

json_t *reviews_cycle_get(struct db *db, const char *locale, const char *id, const char *today)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	json_t *row = reviews_cycle_row(db, id, locale);
	if (!row || json_is_null(row))
		return row;
	json_t *model = json_pack("{s:o}", "cycle", reviews_cycle_model(row, locale, today));
	json_decref(row);
	struct db_res *res = db_query(db, SQL_LATEST, DB_ARGS(DB_TEXT(id)));
	json_t *reviews = json_array();
	int rc = res ? 1 : -1, col = 4 + country_lang(locale);
	while (res && (rc = db_next(res)) == 1) {
		char url[96];
		json_array_append_new(reviews, json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}",
			"iso3", db_text(res, 0), "country", db_text(res, col),
			"version", (json_int_t)db_int(res, 1), "submitted_at", db_text(res, 2),
			"hash", db_text(res, 3), "url", reviews_url(url, id, db_text(res, 0), 0)));
	}
	db_res_free(res);
	int64_t inputs = 0;
	if (rc < 0 || db_scalar_int(db, &inputs, 0, "SELECT COUNT(*) FROM review_input "
	                            "WHERE cycle_id = $1 AND "
	                            REVIEW_INPUT_LISTED("review_input"),
	                            DB_ARGS(DB_TEXT(id))) < 0) {
		json_decref(reviews);
		json_decref(model);
		return NULL;
	}
	json_object_set_new(model, "reviews", reviews);
	json_object_set_new(model, "inputs_count", json_integer(inputs));
	return model;
}

/* ---- An administrator's edit ------------------------------------------------------ */

struct cycle_edit {
	const struct user *by;
	const char *id;
	json_t *clean;
};

static enum outcome cycle_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct cycle_edit *w = p;
	if (w->by && !can(w->by, ACTION_REVIEW_CYCLE, NULL))
		return audit_txn_deny(t, w->by, ACTION_REVIEW_CYCLE, NULL);
	json_t *before = db_json_row(db, "SELECT period_start, period_end, opens, closes "
	                             "FROM review_cycle WHERE id = $1", DB_ARGS(DB_TEXT(w->id)));
	if (!before)
		return OUTCOME_ERROR;
	if (json_is_null(before))
		return OUTCOME_NOT_FOUND;
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	enum outcome rc = OUTCOME_OK;
	if (db_exec(db, "UPDATE review_cycle SET period_start = $2, period_end = $3, opens = $4, "
	            "closes = $5, updated_at = $6 WHERE id = $1",
	            DB_ARGS(DB_TEXT(w->id), db_arg_text(w->clean, "period_start"),
	                    db_arg_text(w->clean, "period_end"), db_arg_text(w->clean, "opens"),
	                    db_arg_text(w->clean, "closes"), DB_TEXT(now))) < 0)
		rc = OUTCOME_ERROR;
	json_t *changes = audit_changes(before, w->clean);
	struct audit_event e = {.user = w->by, .action = "review.cycle", .object_type = "review_cycle",
	                        .object_id = w->id, .changes = changes,
	                        .channel = w->by && w->by->channel ? w->by->channel : "cli",
	                        .client_addr = w->by ? w->by->client_addr : NULL};
	if (rc == OUTCOME_OK && audit_append(db, &e) < 0)
		rc = OUTCOME_ERROR;
	json_decref(changes);
	json_decref(before);
	return rc;
}

enum outcome reviews_cycle_update(struct db *db, const struct user *by, const char *id,
                                  const json_t *input, json_t *errors)
{
	struct cycle_edit w = {.by = by, .id = id};
	if (by && !can(by, ACTION_REVIEW_CYCLE, NULL))
		return audit_transaction(db, false, cycle_txn, &w);
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int bad = valid_check(review_cycle_fields, review_cycle_nfields, in, NULL, errors, &w.clean);
	json_decref(in);
	enum outcome rc = bad ? OUTCOME_INVALID : audit_transaction(db, false, cycle_txn, &w);
	json_decref(w.clean);
	return rc;
}
