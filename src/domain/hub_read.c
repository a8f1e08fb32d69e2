/* hub_read.c — reading needs and offers (hub.h): one item's page with its
 * matches and similar practices, the list /hub shows, an actor's and a
 * country's items, the feed's entries. Who may see an item is the
 * caller's question: hub_item_public says whether an item is public, and
 * every list here tests HUB_LISTED or HUB_OPEN (hub.h). */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "codes.h"
#include "db.h"
#include "hub.h"
#include "i18n.h"
#include "markdown.h"
#include "names.h"
#include "practices.h"
#include "search.h"
#include "util.h"

#define COUNTRY_NAME COUNTRY_NAME_IN("k", "$2") /* names.h */

bool hub_public_status(const char *status)
{
	static const char *const public[] = {"accepted", "matching", "matched",
	                                     "in_implementation", "closed", NULL};
	return code_index(public, status) >= 0;
}

bool hub_item_public(const json_t *item)
{
	return hub_public_status(json_string_value(json_object_get(item, "status"))) &&
	       !json_is_true(json_object_get(item, "hidden"));
}

/* "/hub/needs/12" or "/hub/offers/12". */
static json_t *item_url(const char *side, int64_t id)
{
	char url[48];
	snprintf(url, sizeof url, "/hub/%s/%lld", strcmp(side, "need") == 0 ? "needs" : "offers",
	         (long long)id);
	return json_string(url);
}

/* Labels and links of an item row (a card or the page). */
static void decorate(json_t *it, const char *locale)
{
	const char *side = json_string_value(json_object_get(it, "side"));
	json_object_set_new(it, "url", item_url(side ? side : "need",
	                    json_integer_value(json_object_get(it, "id"))));
	json_object_set_new(it, "is_need", json_boolean(side && strcmp(side, "need") == 0));
	/* Two literal calls, so that the catalog check extracts both msgids. */
	json_object_set_new(it, "side_label", json_string(side && strcmp(side, "need") == 0
	                    ? tr(locale, "Need") : tr(locale, "Offer")));
	json_object_set_new(it, "support_label", code_label_json(locale, hub_supports,
	                    hub_support_labels, json_string_value(json_object_get(it, "support"))));
	json_object_set_new(it, "status_label", code_label_json(locale, hub_statuses,
	                    hub_status_labels, json_string_value(json_object_get(it, "status"))));
	int64_t actor = json_integer_value(json_object_get(it, "actor_id"));
	char url[48];
	snprintf(url, sizeof url, "/actors/%lld", (long long)actor);
	json_object_set_new(it, "actor", json_pack("{s:I, s:O, s:s}", "id", (json_int_t)actor,
	                    "name", json_object_get(it, "actor_name"), "url", url));
	json_object_del(it, "actor_name");
}

#define CARD_COLS "i.id, i.side, i.title, i.support, i.status, i.actor_id, " \
	"a.name AS actor_name, i.created_at, i.updated_at"

/* The child lists of an item's page ($1 the item, $2 the locale where a
 * name is read). */
static const struct {
	const char *key;
	const char *sql;
} lists[] = {
	{"objectives", "SELECT o.number, " OBJECTIVE_SHORT_IN("o", "$2") " "
	 "AS short_title, '/objectives/' || o.number AS url FROM hub_item_objective x "
	 "JOIN objective o ON o.number = x.objective WHERE x.item_id = $1 ORDER BY o.number"},
	{"countries", "SELECT k.iso3, " COUNTRY_NAME " AS name, '/countries/' || k.iso3 AS url "
	 "FROM hub_item_country x JOIN country k ON k.iso3 = x.iso3 WHERE x.item_id = $1 "
	 "ORDER BY k.iso3"},
	{"languages", "SELECT lang FROM hub_item_lang WHERE item_id = $1 AND $2 = $2 "
	 "ORDER BY lang"},
	/* Similar published practices: those serving the item's objectives,
	 * the most objectives in common first. */
	{"practices", "SELECT p.id, p.title, '/practices/' || p.id AS url, count(*) AS shared "
	 "FROM practice p JOIN practice_objective po ON po.practice_id = p.id "
	 "JOIN hub_item_objective x ON x.objective = po.objective AND x.item_id = $1 "
	 "WHERE " PRACTICE_LISTED("p") " AND $2 = $2 GROUP BY p.id, p.title "
	 "ORDER BY count(*) DESC, p.id DESC LIMIT 5"},
};

/* The matches of an item ($1), with both sides' names and consents. */
static const char matches_sql[] =
	"SELECT m.id, m.need_id, m.offer_id, m.score, m.reasons, m.status, "
	"m.need_consent_at, m.offer_consent_at, n.title AS need_title, o.title AS offer_title, "
	"n.actor_id AS need_actor, o.actor_id AS offer_actor, na.name AS need_actor_name, "
	"oa.name AS offer_actor_name, p.id AS partnership_id, "
	"CASE WHEN n.hidden_at IS NULL THEN 0 ELSE 1 END AS need_hidden, "
	"CASE WHEN o.hidden_at IS NULL THEN 0 ELSE 1 END AS offer_hidden "
	"FROM hub_match m "
	"JOIN hub_item n ON n.id = m.need_id JOIN hub_item o ON o.id = m.offer_id "
	"JOIN actor na ON na.id = n.actor_id JOIN actor oa ON oa.id = o.actor_id "
	"LEFT JOIN partnership p ON p.match_id = m.id "
	"WHERE m.need_id = $1 OR m.offer_id = $1 ORDER BY m.score DESC, m.id";

static json_t *matches(struct db *db, const char *locale, int64_t id)
{
	json_t *rows = db_json_rows(db, matches_sql, DB_ARGS(DB_INT(id)));
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m) {
		json_t *reasons = json_loads(json_string_value(json_object_get(m, "reasons")), 0, NULL);
		json_object_set_new(m, "reasons", hub_reasons_text(db, locale, reasons));
		json_decref(reasons);
		json_object_set_new(m, "need_url", item_url("need",
		                    json_integer_value(json_object_get(m, "need_id"))));
		json_object_set_new(m, "offer_url", item_url("offer",
		                    json_integer_value(json_object_get(m, "offer_id"))));
		json_object_set_new(m, "status_label", code_label_json(locale, hub_match_statuses,
		                    hub_match_status_labels,
		                    json_string_value(json_object_get(m, "status"))));
		json_object_set_new(m, "need_consent", json_boolean(
			!json_is_null(json_object_get(m, "need_consent_at"))));
		json_object_set_new(m, "offer_consent", json_boolean(
			!json_is_null(json_object_get(m, "offer_consent_at"))));
		static const char *const hidden[] = {"need_hidden", "offer_hidden"};
		for (size_t k = 0; k < ARRAY_LEN(hidden); k++)
			json_object_set_new(m, hidden[k], json_boolean(json_integer_value(
				json_object_get(m, hidden[k])) != 0));
		json_object_set_new(m, "proposed", json_boolean(strcmp(json_string_value(
			json_object_get(m, "status")), "proposed") == 0));
		json_t *pid = json_object_get(m, "partnership_id");
		if (json_is_integer(pid)) {
			char url[48];
			snprintf(url, sizeof url, "/partnerships/%lld", (long long)json_integer_value(pid));
			json_object_set_new(m, "partnership_url", json_string(url));
		}
	}
	return rows;
}

json_t *hub_get(struct db *db, const char *locale, const char *side, int64_t id)
{
	json_t *it = db_json_row(db, "SELECT " CARD_COLS ", i.description, i.start_date, "
	                         "i.end_date, i.budget, i.capacity, i.conditions, i.assessment, "
	                         "i.outcome, i.origin, i.hidden_at FROM hub_item i JOIN actor a "
	                         "ON a.id = i.actor_id WHERE i.id = $1 AND i.side = $2",
	                         DB_ARGS(DB_INT(id), DB_TEXT(side)));
	if (!it || json_is_null(it))
		return it;
	decorate(it, locale);
	json_object_set_new(it, "hidden", json_boolean(!json_is_null(json_object_get(it,
	                    "hidden_at"))));
	json_object_del(it, "hidden_at");
	json_object_set_new(it, "description_html", markdown_json(json_string_value(
		json_object_get(it, "description"))));
	json_object_set_new(it, "budget_label", code_label_json(locale, hub_budgets,
	                    hub_budget_labels, json_string_value(json_object_get(it, "budget"))));
	json_t *model = json_pack("{s:o}", "item", it);
	for (size_t k = 0; k < ARRAY_LEN(lists); k++) {
		json_t *rows = db_json_rows(db, lists[k].sql, DB_ARGS(DB_INT(id), DB_TEXT(locale)));
		if (!rows) {
			json_decref(model);
			return NULL;
		}
		json_object_set_new(strcmp(lists[k].key, "practices") == 0 ? model : it,
		                    lists[k].key, rows);
	}
	json_t *m = matches(db, locale, id);
	if (!m) {
		json_decref(model);
		return NULL;
	}
	json_object_set_new(model, "matches", m);
	return model;
}

/* Open items of a list ($1 side or NULL, $2 objective, $3 country, $4
 * support; NULL: any; $5 the search's match string for q=), newest
 * first. The casts give PostgreSQL each parameter's type where it is
 * first seen alone. q= finds the items through the site search
 * (hub_search.c indexes kinds need and offer; their nums are hub_item
 * ids, one sequence for both sides, so the kind's test takes either). */
#define LIST_SQL(words) \
	"SELECT " CARD_COLS " FROM hub_item i JOIN actor a ON a.id = i.actor_id " \
	"WHERE " HUB_OPEN("i") " AND (CAST($1 AS TEXT) IS NULL OR i.side = $1) " \
	"AND (CAST($2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM hub_item_objective x " \
	"WHERE x.item_id = i.id AND x.objective = $2)) " \
	"AND (CAST($3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM hub_item_country x " \
	"WHERE x.item_id = i.id AND x.iso3 = $3)) AND (CAST($4 AS TEXT) IS NULL OR i.support = $4) " \
	"AND (CAST($5 AS TEXT) = ''" words ") " \
	"ORDER BY i.created_at DESC, i.id DESC LIMIT 50"
#define HUB_KINDS "(CASE WHEN d.kind IN ('need', 'offer') THEN d.kind END)"
static const char list_sql[] = LIST_SQL("");
static const char *const list_sql_words[2] = {
	[DB_SQLITE] = LIST_SQL(" OR i.id IN (" SEARCH_NUMS_SQLITE("$5", HUB_KINDS) ")"),
	[DB_POSTGRES] = LIST_SQL(" OR i.id IN (" SEARCH_NUMS_PG("$5", HUB_KINDS) ")"),
};

static json_t *rows_decorated(json_t *rows, const char *locale)
{
	size_t i;
	json_t *it;
	json_array_foreach(rows, i, it)
		decorate(it, locale);
	return rows;
}

json_t *hub_list(struct db *db, const char *locale, const json_t *filter)
{
	const char *q = json_string_value(json_object_get(filter, "q"));
	struct buf match;
	buf_init(&match, BUF_MAX_LINE);
	int words = q ? search_match(db, q, &match) : 0;
	json_t *rows = db_json_rows(db, words ? list_sql_words[db_dialect(db)] : list_sql,
	                            DB_ARGS(db_arg_text(filter, "side"),
	                            db_arg_int(filter, "objective"), db_arg_text(filter, "country"),
	                            db_arg_text(filter, "support"), DB_TEXT(buf_str(&match))));
	buf_release(&match);
	if (!rows)
		return NULL;
	rows_decorated(rows, locale);
	return json_pack("{s:o, s:I, s:O}", "items", rows, "count",
	                 (json_int_t)json_array_size(rows), "filters", filter);
}

json_t *hub_for_actor(struct db *db, const char *locale, int64_t actor_id)
{
	json_t *items = db_json_rows(db, "SELECT " CARD_COLS " FROM hub_item i JOIN actor a "
	                             "ON a.id = i.actor_id WHERE i.actor_id = $1 AND "
	                             HUB_LISTED("i") " ORDER BY i.created_at DESC, i.id DESC "
	                             "LIMIT 50", DB_ARGS(DB_INT(actor_id)));
	json_t *ps = db_json_rows(db, "SELECT p.id, p.name, '/partnerships/' || p.id AS url, "
	                          "m.role, m.withdrawn_at FROM partnership_member m "
	                          "JOIN partnership p ON p.id = m.partnership_id "
	                          "WHERE m.actor_id = $1 ORDER BY p.created_at DESC, p.id DESC "
	                          "LIMIT 50", DB_ARGS(DB_INT(actor_id)));
	if (!items || !ps) {
		json_decref(items);
		json_decref(ps);
		return NULL;
	}
	size_t i;
	json_t *p;
	json_array_foreach(ps, i, p)
		json_object_set_new(p, "role_label", code_label_json(locale, partnership_roles,
		                    partnership_role_labels,
		                    json_string_value(json_object_get(p, "role"))));
	return json_pack("{s:o, s:o}", "items", rows_decorated(items, locale), "partnerships", ps);
}

json_t *hub_for_country(struct db *db, const char *locale, const char *iso3)
{
	json_t *items = db_json_rows(db, "SELECT " CARD_COLS " FROM hub_item i JOIN actor a "
	                             "ON a.id = i.actor_id JOIN hub_item_country x "
	                             "ON x.item_id = i.id AND x.iso3 = $1 WHERE "
	                             HUB_OPEN("i") " ORDER BY i.created_at DESC, i.id DESC "
	                             "LIMIT 50", DB_ARGS(DB_TEXT(iso3)));
	if (!items)
		return NULL;
	return json_pack("{s:o}", "items", rows_decorated(items, locale));
}

json_t *hub_feed(struct db *db, const char *side, size_t limit)
{
	json_t *rows = db_json_rows(db, "SELECT i.id, i.side, i.title, i.description AS summary, "
	                            "i.updated_at AS updated, a.name AS author FROM hub_item i "
	                            "JOIN actor a ON a.id = i.actor_id WHERE i.side = $1 "
	                            "AND " HUB_LISTED("i")
	                            " ORDER BY i.updated_at DESC, i.id DESC LIMIT $2",
	                            DB_ARGS(DB_TEXT(side), DB_INT(limit)));
	if (!rows)
		return NULL;
	size_t i;
	json_t *e;
	json_array_foreach(rows, i, e) {
		json_object_set_new(e, "url", item_url(side, json_integer_value(json_object_get(e,
		                    "id"))));
		json_object_del(e, "side");
	}
	/* A feed with no entry yet still needs an <updated>: the Compact's
	 * adoption. */
	const char *updated = json_string_value(json_object_get(json_array_get(rows, 0),
	                                                        "updated"));
	return json_pack("{s:o, s:s}", "entries", rows, "updated",
	                 updated ? updated : "2018-12-10T00:00:00.000Z");
}
