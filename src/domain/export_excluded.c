/* export_excluded.c — the tables the open-data export leaves out, each
 * with its reason (export.h): secrets, people, bookkeeping and what is
 * derived. A migration that creates a table names it here or describes it
 * in export_tables.c (or a noun's export_*.c); test_export.c fails until
 * it does. */
#include "export.h"
#include "util.h"

const struct export_exclusion export_excluded[] = {
	{"schema_migrations", "bookkeeping of the database's own structure, not data"},
	{"data_version", "bookkeeping: the package carries the version it was taken at"},
	{"account", "people's accounts: e-mails and password hashes"},
	{"user_session", "sign-in sessions: secrets"},
	{"api_token", "API tokens: secrets"},
	{"signin_failure", "failed sign-ins: e-mails and addresses"},
	{"signin_refusal", "sign-in throttling: addresses"},
	{"registration_count", "registration throttling: addresses"},
	{"audit_log", "the audit trail names the people who wrote and what they saw"},
	/* The review of practices and people's notifications are not public;
	 * published practices are in the package (export_practices.c). */
	{"practice_reviewer", "the reviewer roster names people"},
	{"practice_setting", "bookkeeping: the approvals the review needs"},
	{"practice_declaration", "reviewers' declarations of conflicts of interest name people"},
	{"practice_decision", "reviewers' decisions name people"},
	{"practice_message", "the review's questions and answers between people"},
	{"notification", "people's own notifications"},
	/* The change feed's log (schema/0013): which record changed when, the
	 * basis of /api/v1/changes, which serves it with each record's content. */
	{"change_log", "bookkeeping of the change feed: /api/v1/changes serves it"},
	/* The search index (schema/0015, reindex.h): derived from the tables
	 * above, rebuilt from them at will. */
	{"search_doc", "the search index: derived from the published tables"},
	{"search_facet", "the search index: derived from the published tables"},
	{"search_state", "bookkeeping of the search index"},
	{"search_fts", "the search index (SQLite FTS5): derived from the published tables"},
	{"search_fts_data", "the search index (SQLite FTS5's own storage)"},
	{"search_fts_idx", "the search index (SQLite FTS5's own storage)"},
	{"search_fts_content", "the search index (SQLite FTS5's own storage)"},
	{"search_fts_docsize", "the search index (SQLite FTS5's own storage)"},
	{"search_fts_config", "the search index (SQLite FTS5's own storage)"},
	/* Reviews (issue 15): a draft's narratives are its state's until
	 * submitted; a submitted review's are in voluntary_review.content. */
	{"review_narrative", "a review's narratives while a draft; once submitted they are in "
	 "voluntary_review.content"},
	/* The connection hub's matches (schema/0017): each consent names the
	 * account that gave it; a made match is public as its partnership. */
	{"hub_match", "consents to a match name the people who gave them"},
	/* The dashboard's running counts (schema/0019, dashboard.h): sums of
	 * the commitment tables, which the package holds whole. */
	{"tally_objective_status", "the dashboard's counts: derived from commitment_objective"},
	{"tally_country_status", "the dashboard's counts: derived from commitment_country"},
	{"tally_objective_region", "the dashboard's counts: derived from the commitments' links"},
	{"tally_objective_country", "the dashboard's counts: derived from the commitments' links"},
	{"tally_activity", "the dashboard's counts: derived from commitment"},
	{"tally_created", "the dashboard's counts: derived from commitment"},
	{"tally_reported", "the dashboard's counts: derived from progress_update"},
	{"tally_practice_objective", "the dashboard's counts: derived from practice_objective"},
	{"tally_hub_objective", "the dashboard's counts: derived from hub_item_objective"},
	{"tally_practice_country", "the dashboard's counts: derived from practice_country"},
	{"tally_hub_country", "the dashboard's counts: derived from hub_item_country"},
	{"tally_country_activity", "the dashboard's counts: derived from the commitments' links"},
	{"region_mark", "the dashboard's counts: derived from the practices' and hub's links"},
	/* h19s: an objective's standing by month (schema/0036, standing.c). */
	{"tally_standing_objective", "an objective's standing counts: derived from commitment_objective"},
	/* h8sc: the World's standing by month (schema/0041, standing.c). */
	{"tally_standing_world", "the World's standing counts: derived from commitment"},
	{"tally_standing_world_day", "the World's standing counts by day: derived from commitment"},
	{"tally_practice_region", "the dashboard's counts: derived from region_mark"},
	{"tally_hub_region", "the dashboard's counts: derived from region_mark"},
	{"assessment_latest", "the dashboard's counts: derived from assessment"},
	{"tally_assessed", "the dashboard's counts: derived from assessment and commitment"},
	/* The dashboard's series by month (schema/0028). */
	{"tally_practice_month", "the dashboard's counts: derived from practice"},
	{"tally_hub_month", "the dashboard's counts: derived from hub_item"},
	{"tally_assessment_month", "the dashboard's counts: derived from assessment"},
	/* Mail and account recovery (schema/0020, mail.h, recovery.h). */
	{"mail", "messages to people: their addresses, and reset and verification links"},
	{"mail_attempt", "bookkeeping of the mail sender: what the mail server answered"},
	{"account_token", "hashes of people's reset and verification links"},
	{"recovery_request", "recovery requests: e-mails and client addresses"},
	/* Members and privacy (schema/0026, members.h). */
	{"membership", "which person belongs to which actor: people's accounts"},
	{"invitation", "invitations: e-mail addresses and hashes of their links"},
	{"email_change", "changes of address: the new e-mail and the hash of its link"},
	/* issue 18, item 6 (h18f) */
	{"flag", "moderation: who flagged which record and why; flagged records leave the package"},
	/* Notifications by e-mail (schema/0032, notifications.h). */
	{"commitment_reminder", "bookkeeping of the reporting reminders sent to people"},
};
const size_t export_nexcluded = ARRAY_LEN(export_excluded);
