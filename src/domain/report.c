/* report.c — the model of a country's report: the state's commitments
 * with the latest final assessment of each, the practices published for
 * the country, its voluntary reviews and the inputs about them, and the
 * counts of self-reported beside assessed. One query per section, each
 * bounded (REPORT_COMMITMENTS_MAX), so the largest country's report costs
 * what its records cost and no more. */
#include <stdio.h>
#include <string.h>

#include "assessments.h"
#include "codes.h"
#include "commitments.h"
#include "dates.h"
#include "db.h"
#include "practices.h"
#include "report.h"
#include "reviews.h"
#include "util.h"

/* The commitments of the country (those it is named in), with the latest
 * final assessment's completion of each. In the order of the link's index
 * (iso3, commitment_id), so that the first $2 are read and no more: an
 * ORDER BY c.id sorted every commitment of the country, and ran the
 * assessment's subquery for each, before the LIMIT. */
static const char SQL_COMMITMENTS[] =
	"SELECT c.id, c.title, c.status, c.percent, c.target_date, "
	"(SELECT a.completion FROM assessment a WHERE a.commitment_id = c.id "
	"AND a.status = 'final' ORDER BY a.id DESC LIMIT 1) AS assessed "
	"FROM commitment_country k JOIN commitment c ON c.id = k.commitment_id "
	"WHERE k.iso3 = $1 AND c.withdrawn_at IS NULL AND c.hidden_at IS NULL "
	"ORDER BY k.commitment_id LIMIT $2";
/* How many: the link rows carry the withdrawal and the hiding (0016,
 * 0040) in place of the status, so 0005's covering index answers without
 * the commitment rows. */
static const char SQL_TOTAL[] =
	"SELECT COUNT(*) FROM commitment_country WHERE iso3 = $1 AND status <> $2";

static const char SQL_PRACTICES[] =
	"SELECT p.id, p.title FROM practice_country k JOIN practice p ON p.id = k.practice_id "
	"WHERE k.iso3 = $1 AND " PRACTICE_LISTED("p") " ORDER BY p.id";

static const char SQL_INPUTS[] =
	"SELECT i.title, i.body, i.cycle_id, i.actor_id FROM review_input i "
	"WHERE i.iso3 = $1 AND " REVIEW_INPUT_LISTED("i") " ORDER BY i.id";

json_t *report_country(struct db *db, const char *locale, const char *iso3, int limit)
{
	if (limit < 0 || limit > REPORT_COMMITMENTS_MAX)
		limit = REPORT_COMMITMENTS_MAX;
	char today[DATE_LEN + 1];
	dates_today(today);
	int64_t total = 0;
	json_t *commitments = db_json_rows(db, SQL_COMMITMENTS, DB_ARGS(DB_TEXT(iso3),
	                                   DB_INT(limit)));
	json_t *practices = commitments ? db_json_rows(db, SQL_PRACTICES, DB_ARGS(DB_TEXT(iso3))) :
	                    NULL;
	json_t *inputs = practices ? db_json_rows(db, SQL_INPUTS, DB_ARGS(DB_TEXT(iso3))) : NULL;
	json_t *reviews = inputs ? reviews_of_country(db, locale, iso3) : NULL;
	json_t *counts = reviews ? assessments_country_counts(db, locale, iso3) : NULL;
	if (!counts || db_scalar_int(db, &total, 0, SQL_TOTAL,
	                             DB_ARGS(DB_TEXT(iso3), DB_TEXT(COMMITMENT_WITHDRAWN_MARK))) < 0) {
		json_decref(commitments), json_decref(practices), json_decref(inputs);
		json_decref(reviews), json_decref(counts);
		return NULL;
	}
	size_t i;
	json_t *c;
	json_array_foreach(commitments, i, c) {
		json_object_set_new(c, "status_label", code_label_json(locale, commitment_statuses,
		                    commitment_status_labels,
		                    json_string_value(json_object_get(c, "status"))));
		json_object_set_new(c, "assessed_label", code_label_json(locale,
		                    assessment_completions, assessment_completion_labels,
		                    json_string_value(json_object_get(c, "assessed"))));
		char url[48];
		snprintf(url, sizeof url, "/commitments/%lld",
		         (long long)json_integer_value(json_object_get(c, "id")));
		json_object_set_new(c, "url", json_string(url));
	}
	json_int_t listed = (json_int_t)json_array_size(commitments);
	return json_pack("{s:I, s:s, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:b, s:b, s:b, s:b}",
		"data_version", (json_int_t)db_data_version(db), "generated_on", today,
		"commitments", commitments, "commitments_total", (json_int_t)total,
		"commitments_more", (json_int_t)total - listed, "practices", practices,
		"reviews", reviews, "inputs", inputs, "assessments", counts,
		"has_commitments", listed > 0, "has_practices", json_array_size(practices) > 0,
		"has_reviews", json_array_size(reviews) > 0, "has_inputs",
		json_array_size(inputs) > 0);
}
