/* backup_tables.c — which tables `pacte backup` writes and `pacte restore`
 * reads, in which order, and how (backup.h): a data table, apart from
 * backup.c's code so that adding a table touches only this list. */
#include "backup.h"
#include "util.h"

/* The tables, parents before children. A migration that creates a table
 * adds it here too; test_backup.c fails until it does. */
const struct backup_table backup_tables[] = {
	{"schema_migrations", BACKUP_SKIP, "version"},
	{"data_version", BACKUP_SKIP, "id"},
	/* World, then regions, sub-regions, intermediate regions: each region
	 * after its parent, whatever the codes. */
	{"region", BACKUP_REFERENCE,
	 "CASE level WHEN 'world' THEN 0 WHEN 'region' THEN 1 WHEN 'subregion' THEN 2 "
	 "ELSE 3 END, m49"},
	{"country", BACKUP_REFERENCE, "iso3"},
	{"objective", BACKUP_REFERENCE, "number"},
	{"principle", BACKUP_REFERENCE, "slug"},
	/* Review cycles (0018): loaded by the migration, their dates edited by
	 * administrators, hence kept and replaced as reference data. */
	{"review_cycle", BACKUP_REFERENCE, "id"},
	/* Events and positions (0017), loaded by `pacte init` like the rest. */
	{"event", BACKUP_REFERENCE, "slug"},
	{"event_position", BACKUP_REFERENCE, "event_slug, iso3"},
	/* Names in more languages (0030), from `pacte init`. */
	{"name_translation", BACKUP_REFERENCE, "kind, key, field, lang"},
	/* Funding pointers (0025): seeded by the migration, kept by admins. */
	{"funding_pointer", BACKUP_REFERENCE, "id"},
	{"funding_pointer_objective", BACKUP_REFERENCE, "pointer_id, objective"},
	{"funding_pointer_support", BACKUP_REFERENCE, "pointer_id, support"},
	{"actor", BACKUP_DATA, "id"},
	{"account", BACKUP_DATA, "id"},
	{"user_session", BACKUP_DATA, "id"},
	{"api_token", BACKUP_DATA, "id"},
	{"signin_failure", BACKUP_DATA, "id"},
	{"signin_refusal", BACKUP_DATA, "scope, subject, period"},
	{"registration_count", BACKUP_DATA, "client_addr, period"},
	{"commitment", BACKUP_DATA, "id"},
	{"commitment_objective", BACKUP_DATA, "commitment_id, objective"},
	{"commitment_principle", BACKUP_DATA, "commitment_id, principle"},
	{"commitment_country", BACKUP_DATA, "commitment_id, iso3"},
	{"commitment_participant", BACKUP_DATA, "commitment_id, actor_id"},
	{"commitment_translation", BACKUP_DATA, "commitment_id, lang"},
	{"commitment_deliverable", BACKUP_DATA, "commitment_id, position"},
	{"commitment_indicator", BACKUP_DATA, "id"},
	{"progress_update", BACKUP_DATA, "id"},
	{"progress_indicator_value", BACKUP_DATA, "update_id, indicator_id"},
	{"progress_evidence", BACKUP_DATA, "update_id, position"},
	/* Practices (0014): calls, practices and their children, the review. */
	{"practice_call", BACKUP_DATA, "id"},
	{"practice_call_objective", BACKUP_DATA, "call_id, objective"},
	{"practice_call_lang", BACKUP_DATA, "call_id, lang"},
	{"practice", BACKUP_DATA, "id"},
	{"practice_objective", BACKUP_DATA, "practice_id, objective"},
	{"practice_principle", BACKUP_DATA, "practice_id, principle"},
	{"practice_country", BACKUP_DATA, "practice_id, iso3"},
	{"practice_region", BACKUP_DATA, "practice_id, m49"},
	{"practice_partner", BACKUP_DATA, "practice_id, position"},
	{"practice_link", BACKUP_DATA, "practice_id, position"},
	{"practice_commitment", BACKUP_DATA, "practice_id, commitment_id"},
	{"practice_reviewer", BACKUP_DATA, "user_id"},
	{"practice_setting", BACKUP_DATA, "name"},
	{"practice_declaration", BACKUP_DATA, "practice_id, user_id"},
	{"practice_decision", BACKUP_DATA, "id"},
	{"practice_message", BACKUP_DATA, "id"},
	{"practice_translation", BACKUP_DATA, "id"},
	{"notification", BACKUP_DATA, "id"},
	/* Reviews (0018): voluntary reviews, inputs, assessments. */
	{"voluntary_review", BACKUP_DATA, "id"},
	{"review_narrative", BACKUP_DATA, "review_id, objective"},
	{"review_input", BACKUP_DATA, "id"},
	{"assessment", BACKUP_DATA, "id"},
	{"assessment_comment", BACKUP_DATA, "id"},
	/* The connection hub (0017): needs and offers, their matches, the
	 * partnerships born of them. */
	{"hub_item", BACKUP_DATA, "id"},
	{"hub_item_objective", BACKUP_DATA, "item_id, objective"},
	{"hub_item_country", BACKUP_DATA, "item_id, iso3"},
	{"hub_item_lang", BACKUP_DATA, "item_id, lang"},
	{"hub_match", BACKUP_DATA, "id"},
	{"partnership", BACKUP_DATA, "id"},
	{"partnership_member", BACKUP_DATA, "partnership_id, actor_id"},
	{"partnership_commitment", BACKUP_DATA, "partnership_id, commitment_id"},
	{"partnership_practice", BACKUP_DATA, "partnership_id, practice_id"},
	/* The events in full (0025). */
	{"event_session", BACKUP_DATA, "id"},
	{"event_session_objective", BACKUP_DATA, "session_id, objective"},
	{"event_participant", BACKUP_DATA, "event_slug, actor_id"},
	{"event_statement", BACKUP_DATA, "id"},
	{"event_commitment", BACKUP_DATA, "commitment_id"},
	/* Indicators (0019): the catalogue, then the values. */
	{"indicator", BACKUP_REFERENCE, "code"},
	{"indicator_objective", BACKUP_REFERENCE, "code, objective"},
	{"indicator_value", BACKUP_DATA, "code, iso3, sex, age, migratory_status, period"},
	{"audit_log", BACKUP_DATA, "id"},
	/* The search index is derived from the tables above: never backed up,
	 * rebuilt after a restore (search_state.built = 0, reindex.h). SQLite's
	 * FTS5 table and its shadow tables are part of it. */
	{"search_doc", BACKUP_SKIP, "id"},
	{"search_facet", BACKUP_SKIP, "doc, facet, value"},
	{"search_state", BACKUP_SKIP, "id"},
	/* The dashboard's running counts (0019) are derived too: a restore
	 * writes the rows they count, and their triggers count them again. */
	{"tally_objective_status", BACKUP_SKIP, "objective, status"},
	{"tally_country_status", BACKUP_SKIP, "iso3, status"},
	{"tally_objective_region", BACKUP_SKIP, "objective, region, status"},
	{"tally_objective_country", BACKUP_SKIP, "objective, iso3, status"},
	{"tally_activity", BACKUP_SKIP, "status, activity_date"},
	{"tally_created", BACKUP_SKIP, "month"},
	{"tally_reported", BACKUP_SKIP, "month"},
	{"tally_practice_objective", BACKUP_SKIP, "objective, status"},   /* 0023 */
	{"tally_hub_objective", BACKUP_SKIP, "side, objective, status"},
	{"tally_practice_country", BACKUP_SKIP, "iso3, status"},
	{"tally_hub_country", BACKUP_SKIP, "side, iso3, status"},
	{"tally_country_activity", BACKUP_SKIP, "iso3, status, activity_date"},
	{"region_mark", BACKUP_SKIP, "kind, item_id, region"},
	{"tally_practice_region", BACKUP_SKIP, "region, status"},
	{"tally_hub_region", BACKUP_SKIP, "side, region, status"},
	{"assessment_latest", BACKUP_SKIP, "commitment_id"},
	{"tally_standing_objective", BACKUP_SKIP, "objective, status, level, what, month"},   /* 0036 */
	{"tally_standing_world", BACKUP_SKIP, "status, level, what, month"},   /* 0041 */
	{"tally_standing_world_day", BACKUP_SKIP, "what, day, status, level"},
	{"tally_assessed", BACKUP_SKIP, "status, completion"},
	{"tally_practice_month", BACKUP_SKIP, "month, status"},   /* 0028 */
	{"tally_hub_month", BACKUP_SKIP, "side, month, status"},
	{"tally_assessment_month", BACKUP_SKIP, "month"},
	/* The change feed keeps its order, so harvesters' cursors stay good. */
	{"change_log", BACKUP_DATA, "seq"},
	/* Mail and recovery (schema/0020): a queued message survives a
	 * restore; the recovery requests' counts are an hour's bookkeeping. */
	{"mail", BACKUP_DATA, "id"},
	{"mail_attempt", BACKUP_DATA, "id"},
	{"account_token", BACKUP_DATA, "id"},
	{"recovery_request", BACKUP_SKIP, "id"},
	{"membership", BACKUP_DATA, "user_id, actor_id"},   /* 0026, members.h */
	{"invitation", BACKUP_DATA, "id"},
	{"email_change", BACKUP_DATA, "id"},
	/* Reminders sent (0032, notifications.h): none is sent twice after
	 * a restore. */
	{"commitment_reminder", BACKUP_DATA, "commitment_id, activity_date"},
	/* Flags (0033, flags.h): a restore keeps what is hidden hidden, and
	 * the queue's decisions. */
	{"flag", BACKUP_DATA, "id"},
};
const size_t backup_ntables = ARRAY_LEN(backup_tables);
