/* reviews_draft.c — a voluntary review's records per objective, read live
 * from the state's commitments, progress and published practices of the
 * cycle's period: what a draft shows, and what submission freezes. The
 * sections fill as the records exist; a later capability (needs,
 * partnerships) adds its own query here and its key to each objective. */
#include <stdio.h>
#include <string.h>

#include "compact.h"
#include "db.h"
#include "practices.h"
#include "reviews.h"
#include "reviews_impl.h"
#include "util.h"

/* The end of the period as an upper bound for timestamps and dates alike:
 * "2026-05-04T~" sorts after every time of that day ('~' after digits). */
static void upper_bound(char out[24], const char *period_end)
{
	snprintf(out, 24, "%.10sT~", period_end);
}

/* The objective entry of number n in objs (an array indexed n - 1),
 * created on first use. */
static json_t *entry(json_t *objs[COMPACT_OBJECTIVES], json_int_t n)
{
	if (n < 1 || n > COMPACT_OBJECTIVES)
		return NULL;
	if (!objs[n - 1])
		objs[n - 1] = json_pack("{s:I, s:[], s:{s:i, s:n}, s:[]}", "number", n,
		                        "commitments", "progress", "updates", 0, "latest",
		                        "practices");
	return objs[n - 1];
}

static const char SQL_COMMITMENTS[] =
	"SELECT co.objective, c.id, c.title, c.status, c.percent, c.target_date "
	"FROM commitment c JOIN commitment_objective co ON co.commitment_id = c.id "
	"WHERE c.owner_actor_id = $1 AND c.withdrawn_at IS NULL AND c.hidden_at IS NULL "
	"AND c.created_at <= $2 ORDER BY co.objective, c.id";

static const char SQL_PROGRESS[] =
	"SELECT co.objective, COUNT(*), MAX(p.reported_at) "
	"FROM progress_update p JOIN commitment c ON c.id = p.commitment_id "
	"JOIN commitment_objective co ON co.commitment_id = c.id "
	"WHERE c.owner_actor_id = $1 AND c.withdrawn_at IS NULL AND c.hidden_at IS NULL "
	"AND p.hidden_at IS NULL AND p.reported_at >= $3 AND p.reported_at <= $2 "
	"GROUP BY co.objective ORDER BY co.objective";

static const char SQL_PRACTICES[] =
	"SELECT po.objective, p.id, p.title "
	"FROM practice p JOIN practice_objective po ON po.practice_id = p.id "
	"WHERE p.actor_id = $1 AND " PRACTICE_LISTED("p") " AND p.published_at <= $2 "
	"ORDER BY po.objective, p.id";

json_t *reviews_assemble(struct db *db, int64_t actor, const char *period_start,
                         const char *period_end)
{
	json_t *objs[COMPACT_OBJECTIVES] = {0};
	char upper[24];
	upper_bound(upper, period_end);
	struct db_res *res = db_query(db, SQL_COMMITMENTS, DB_ARGS(DB_INT(actor), DB_TEXT(upper)));
	int rc = res ? 1 : -1;
	while (res && (rc = db_next(res)) == 1) {
		json_t *o = entry(objs, db_int(res, 0));
		if (o)
			json_array_append_new(json_object_get(o, "commitments"), json_pack(
				"{s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)db_int(res, 1),
				"title", db_json(res, 2), "status", db_json(res, 3),
				"percent", db_json(res, 4), "target_date", db_json(res, 5)));
	}
	db_res_free(res);
	if (rc == 0) {
		res = db_query(db, SQL_PROGRESS, DB_ARGS(DB_INT(actor), DB_TEXT(upper),
		                                         DB_TEXT(period_start)));
		rc = res ? 1 : -1;
		while (res && (rc = db_next(res)) == 1) {
			json_t *o = entry(objs, db_int(res, 0));
			if (o)
				json_object_set_new(o, "progress", json_pack("{s:I, s:o}", "updates",
				                    (json_int_t)db_int(res, 1), "latest", db_json(res, 2)));
		}
		db_res_free(res);
	}
	if (rc == 0) {
		res = db_query(db, SQL_PRACTICES, DB_ARGS(DB_INT(actor), DB_TEXT(upper)));
		rc = res ? 1 : -1;
		while (res && (rc = db_next(res)) == 1) {
			json_t *o = entry(objs, db_int(res, 0));
			if (o)
				json_array_append_new(json_object_get(o, "practices"), json_pack(
					"{s:I, s:o}", "id", (json_int_t)db_int(res, 1), "title",
					db_json(res, 2)));
		}
		db_res_free(res);
	}
	json_t *list = json_array();
	for (size_t i = 0; i < ARRAY_LEN(objs); i++)
		if (objs[i])
			json_array_append_new(list, objs[i]);
	if (rc != 0) {
		json_decref(list);
		return NULL;
	}
	return json_pack("{s:o}", "objectives", list);
}

/* The narrative of objective n in narratives ({"N": text}), or "". */
static const char *narrative_of(const json_t *narratives, json_int_t n)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)n);
	const char *s = json_string_value(json_object_get(narratives, key));
	return s ? s : "";
}

json_t *reviews_narratives(struct db *db, int64_t id)
{
	struct db_res *res = db_query(db, "SELECT objective, text FROM review_narrative "
	                              "WHERE review_id = $1 ORDER BY objective", DB_ARGS(DB_INT(id)));
	json_t *out = json_object();
	int rc = res ? 1 : -1;
	while (res && (rc = db_next(res)) == 1) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)db_int(res, 0));
		json_object_set_new(out, key, json_string(db_text(res, 1)));
	}
	db_res_free(res);
	if (rc != 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

static const char SQL_REVIEW[] =
	"SELECT r.cycle_id, r.iso3, r.actor_id, r.version, r.summary, r.links, "
	"y.title_en, y.title_fr, y.period_start, y.period_end, k.name_en, k.name_fr "
	"FROM voluntary_review r JOIN review_cycle y ON y.id = r.cycle_id "
	"JOIN country k ON k.iso3 = r.iso3 WHERE r.id = $1";

json_t *reviews_content(struct db *db, int64_t id, const char *submitted_at)
{
	json_t *r = db_json_row(db, SQL_REVIEW, DB_ARGS(DB_INT(id)));
	if (!r || json_is_null(r))
		return r;
	json_t *narratives = reviews_narratives(db, id);
	json_t *records = narratives ? reviews_assemble(db,
		json_integer_value(json_object_get(r, "actor_id")),
		json_string_value(json_object_get(r, "period_start")),
		json_string_value(json_object_get(r, "period_end"))) : NULL;
	json_t *links = json_loads(json_string_value(json_object_get(r, "links")), 0, NULL);
	if (!records) {
		json_decref(narratives);
		json_decref(links);
		json_decref(r);
		return NULL;
	}
	/* Every objective with records or a narrative, in number order. */
	json_t *objectives = json_array(), *have = json_object_get(records, "objectives");
	size_t k = 0;
	for (json_int_t n = 1; n <= COMPACT_OBJECTIVES; n++) {
		json_t *o = json_array_get(have, k);
		const char *text = narrative_of(narratives, n);
		if (o && json_integer_value(json_object_get(o, "number")) == n) {
			k++;
			json_object_set_new(o, "narrative", json_string(text));
			json_array_append(objectives, o);
		} else if (*text) {
			json_array_append_new(objectives, json_pack(
				"{s:I, s:s, s:[], s:{s:i, s:n}, s:[]}", "number", n, "narrative", text,
				"commitments", "progress", "updates", 0, "latest", "practices"));
		}
	}
	json_t *content = json_pack(
		"{s:{s:O, s:O, s:O, s:O, s:O}, s:{s:O, s:O, s:O}, s:O, s:O, s:o, s:s?, s:o}",
		"cycle", "id", json_object_get(r, "cycle_id"), "title_en",
		json_object_get(r, "title_en"), "title_fr", json_object_get(r, "title_fr"),
		"period_start", json_object_get(r, "period_start"),
		"period_end", json_object_get(r, "period_end"),
		"country", "iso3", json_object_get(r, "iso3"), "name_en", json_object_get(r, "name_en"),
		"name_fr", json_object_get(r, "name_fr"),
		"version", json_object_get(r, "version"), "summary", json_object_get(r, "summary"),
		"links", json_is_array(links) ? links : json_array(),
		"submitted_at", submitted_at, "objectives", objectives);
	if (!json_is_array(links))
		json_decref(links);
	json_decref(narratives);
	json_decref(records);
	json_decref(r);
	return content;
}
