/* changes.c — the change feed read: the log's rows (changelog.h), each
 * with its record's public model or a tombstone. */
#include <stdio.h>
#include <string.h>

#include "actors.h"
#include "assessments.h"
#include "changelog.h"
#include "changes.h"
#include "commitments.h"
#include "db.h"
#include "events.h"
#include "hub.h"
#include "i18n.h"
#include "progress.h"
#include "reviews.h"
#include "util.h"
#include "validate.h"

/* Reads one record as anybody may see it: a new reference to its model,
 * JSON null when it is gone or not public (a tombstone), NULL on a
 * database error. */
typedef json_t *(*change_load_fn)(struct db *db, const char *locale, int64_t id);

/* The member of a page's model that is the record itself. */
static json_t *member(json_t *page, const char *key)
{
	if (!page || json_is_null(page))
		return page;
	json_t *m = json_incref(json_object_get(page, key));
	json_decref(page);
	return m ? m : json_null();
}

static json_t *load_actor(struct db *db, const char *locale, int64_t id)
{
	/* As an anonymous reader sees it: null for an actor not public. */
	return member(actors_get(db, locale, id, NULL), "actor");
}

static json_t *load_commitment(struct db *db, const char *locale, int64_t id)
{
	/* A flagged one is hidden (flags.h): a tombstone. */
	json_t *c = member(commitments_get(db, locale, id, NULL), "commitment");
	if (c && json_is_true(json_object_get(c, "hidden"))) {
		json_decref(c);
		return json_null();
	}
	return c;
}

static json_t *load_progress_update(struct db *db, const char *locale, int64_t id)
{
	json_t *u = progress_get(db, locale, id);
	if (u && json_is_true(json_object_get(u, "hidden"))) {
		json_decref(u);
		return json_null();
	}
	return u;
}

/* A need or an offer, public from accepted on (null before, and while a
 * flag hides it: a tombstone). */
static json_t *load_item(struct db *db, const char *locale, const char *side, int64_t id)
{
	json_t *it = member(hub_get(db, locale, side, id), "item");
	if (it && json_is_object(it) && !hub_item_public(it)) {
		json_decref(it);
		return json_null();
	}
	return it;
}

static json_t *load_need(struct db *db, const char *locale, int64_t id)
{
	return load_item(db, locale, "need", id);
}

static json_t *load_offer(struct db *db, const char *locale, int64_t id)
{
	return load_item(db, locale, "offer", id);
}

/* A submitted voluntary review as its page shows it (null for a draft),
 * with its cycle and country, at its stable URL (the version's). */
static json_t *load_review(struct db *db, const char *locale, int64_t id)
{
	json_t *page = reviews_get(db, locale, NULL, id);
	if (!page || json_is_null(page))
		return page;
	json_t *r = json_incref(json_object_get(page, "review"));
	json_object_set(r, "cycle", json_object_get(page, "cycle"));
	json_object_set(r, "country", json_object_get(page, "country"));
	json_object_set(r, "url", json_object_get(r, "stable_url"));
	json_decref(page);
	return r;
}

static json_t *load_review_input(struct db *db, const char *locale, int64_t id)
{
	return reviews_input_get(db, locale, id);
}

static json_t *load_assessment(struct db *db, const char *locale, int64_t id)
{
	return assessments_get(db, locale, id);
}

/* A partnership as its page shows it (partnerships are public). */
static json_t *load_partnership(struct db *db, const char *locale, int64_t id)
{
	json_t *page = partnerships_get(db, locale, id);
	if (!page || json_is_null(page))
		return page;
	json_t *p = json_incref(json_object_get(page, "partnership"));
	json_decref(page);
	return p;
}

/* The kinds the feed carries. A new public noun adds its row here and
 * calls changelog_note in its write path (docs/architecture.md). */
static const struct {
	const char *kind;
	const char *url;              /* its page's path, the id after it; NULL: the
	                               * model's "url" (none for a tombstone) */
	change_load_fn load;
} kinds[] = {
	{CHANGE_KIND_ACTOR, "/actors/", load_actor},
	{CHANGE_KIND_COMMITMENT, "/commitments/", load_commitment},
	{CHANGE_KIND_PROGRESS_UPDATE, NULL, load_progress_update},
	{CHANGE_KIND_NEED, "/hub/needs/", load_need},
	{CHANGE_KIND_OFFER, "/hub/offers/", load_offer},
	{CHANGE_KIND_REVIEW, NULL, load_review},
	{CHANGE_KIND_REVIEW_INPUT, NULL, load_review_input},
	{CHANGE_KIND_ASSESSMENT, NULL, load_assessment},
	{CHANGE_KIND_EVENT_SESSION, NULL, events_session_get},
	{CHANGE_KIND_EVENT_STATEMENT, NULL, events_statement_get},
	{CHANGE_KIND_PARTNERSHIP, "/partnerships/", load_partnership},
};

static json_t *cursor_text(int64_t seq)
{
	char s[24];
	snprintf(s, sizeof s, "%lld", (long long)seq);
	return json_string(s);
}

/* One entry of the feed from one row of the log; NULL on a database
 * error. A kind the table does not know (a row written by a later
 * version) is a tombstone. */
static json_t *entry(struct db *db, const char *locale, const json_t *row, int64_t since)
{
	const char *kind = json_string_value(json_object_get(row, "kind"));
	int64_t id = json_integer_value(json_object_get(row, "record_id"));
	int64_t first = json_integer_value(json_object_get(row, "first_seq"));
	json_t *content = json_null(), *url = json_null();
	for (size_t k = 0; kind && k < ARRAY_LEN(kinds); k++) {
		if (strcmp(kinds[k].kind, kind) != 0)
			continue;
		content = kinds[k].load(db, locale, id);
		if (!content)
			return NULL;
		if (kinds[k].url) {
			char path[64];
			snprintf(path, sizeof path, "%s%lld", kinds[k].url, (long long)id);
			url = json_string(path);
		} else if (json_is_string(json_object_get(content, "url"))) {
			url = json_incref(json_object_get(content, "url"));
		}
		break;
	}
	/* A record its owner withdrew says so in its model ("withdrawn": {at,
	 * reason}): its tombstone carries that, never its content. */
	json_t *withdrawn = json_object_get(content, "withdrawn");
	json_t *tombstone = json_null();
	if (json_is_object(withdrawn)) {
		tombstone = json_incref(withdrawn);
		json_decref(content);
		content = json_null();
	} else if (json_is_null(content)) {
		tombstone = json_object();
	}
	const char *op = json_is_null(content) ? "withdrawn" : first > since ? "created" : "changed";
	return json_pack("{s:o, s:s, s:I, s:o, s:s, s:O, s:o, s:o}",
	                 "cursor", cursor_text(json_integer_value(json_object_get(row, "seq"))),
	                 "kind", kind ? kind : "", "id", (json_int_t)id, "url", url, "op", op,
	                 "changed_at", json_object_get(row, "changed_at"), "content", content,
	                 "tombstone", tombstone);
}

enum outcome changes_page(struct db *db, const char *locale, int64_t since, int limit,
                          json_t *errors, json_t **out)
{
	*out = NULL;
	if (limit < 1 || limit > CHANGES_PAGE_MAX)
		limit = CHANGES_PAGE_DEFAULT;
	int64_t last = changelog_last(db);
	if (last < 0)
		return OUTCOME_ERROR;
	if (since > last) {
		valid_error_int(errors, "since",
		                N_("This cursor is past the end of this feed, which ends at {last}: it was not given by this site, or the data was restored from an older copy since. Read the feed again from 0."),
		                "last", last);
		return OUTCOME_INVALID;
	}
	/* One more than the page, to know whether there is more. */
	json_t *rows = changelog_rows(db, since, limit + 1);
	if (!rows)
		return OUTCOME_ERROR;
	bool more = json_array_size(rows) > (size_t)limit;
	json_t *list = json_array();
	int64_t next = since;
	for (size_t i = 0; i < json_array_size(rows) && i < (size_t)limit; i++) {
		json_t *row = json_array_get(rows, i);
		json_t *e = entry(db, locale, row, since);
		if (!e) {
			json_decref(list);
			json_decref(rows);
			return OUTCOME_ERROR;
		}
		json_array_append_new(list, e);
		next = json_integer_value(json_object_get(row, "seq"));
	}
	json_decref(rows);
	*out = json_pack("{s:o, s:I, s:o, s:o, s:o, s:b}", "changes", list,
	                 "count", (json_int_t)json_array_size(list), "since", cursor_text(since),
	                 "next_cursor", cursor_text(next), "last_cursor", cursor_text(last),
	                 "more", more);
	return OUTCOME_OK;
}
