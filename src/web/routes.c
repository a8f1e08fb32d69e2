/* routes.c — the route table: every URL of the site, its handler and flags.
 *
 * Each pattern also answers under /api/v1 with the page's model as JSON,
 * unless the route says ROUTE_NO_API. Handlers live one module per noun
 * (ui_<noun>.h); what they share is web.h and ui.h, so no handler
 * includes this table. */
#include "ui_account.h"
#include "ui_admin.h"
#include "routes.h"
#include "ui_actors.h"
#include "ui_api.h"
#include "ui_commitments.h"
#include "ui_countries.h"
#include "ui_dashboard.h"
#include "ui_data.h"
#include "ui_events.h"
#include "ui_flags.h"
#include "ui_feeds.h"
#include "ui_home.h"
#include "ui_hub.h"
#include "ui_import.h"
#include "ui_indicators.h"
#include "ui_members.h"
#include "ui_objectives.h"
#include "ui_practices.h"
#include "ui_principles.h"
#include "ui_progress.h"
#include "ui_regions.h"
#include "ui_reviews.h"
#include "ui_search.h"
#include "ui_system.h"
#include "util.h"

#define GET (HTTP_GET | HTTP_HEAD)
/* A page showing a form (never cached: it carries a CSRF token) and the
 * POST that form sends. */
#define FORM (ROUTE_FORM | ROUTE_NO_CACHE)
#define WRITE (ROUTE_WRITE | ROUTE_NO_CACHE)
/* A page whose content depends on who reads it. */
#define PRIVATE (ROUTE_SIGNED_IN | ROUTE_NO_CACHE)
/* What only a person signed in with their password may do, never a bearer
 * token: a token that could make tokens would outlive its own revocation
 * (issue 11, finding 14). */
#define SESSION (ROUTE_SIGNED_IN | ROUTE_SESSION)

const struct route web_routes[] = {
	{GET, "/", ui_home_show, 0},
	{GET, "/objectives", ui_objectives_index, ROUTE_CSV},
	{GET, "/objectives/{n}", ui_objectives_show, 0},
	{GET, "/principles", ui_principles_index, ROUTE_CSV},
	{GET, "/principles/{slug}", ui_principles_show, 0},
	{GET, "/search", ui_search, 0},
	{GET, "/countries", ui_countries_index, ROUTE_CSV},
	{GET, "/countries/{iso3}", ui_countries_show, 0},
	{GET, "/regions/{m49}", ui_regions_show, 0},
	/* The dashboard and its charts (issue 16). */
	{GET, "/dashboard", ui_dashboard_show, 0},
	{GET, "/dashboard/charts/{chart}", ui_dashboard_chart, 0},
	/* Indicators (issue 16): the literal segments before {iso3}. */
	{GET, "/indicators", ui_indicators_index, 0},
	{GET, "/indicators/import", ui_indicators_import_form, PRIVATE | FORM},
	{HTTP_POST, "/indicators/import", ui_indicators_import_file, PRIVATE | FORM | WRITE},
	{GET, "/indicators/{code}", ui_indicators_show, 0},
	{GET, "/indicators/{code}/sdmx.csv", ui_indicators_sdmx, ROUTE_NO_API},
	{GET, "/indicators/{code}/{iso3}", ui_indicators_series, 0},
	{GET, "/indicators/{code}/{iso3}/chart.svg", ui_indicators_chart, 0},
	{GET, "/actors", ui_actors_index, ROUTE_CSV},
	{GET, "/actors/{id}", ui_actors_show, 0},
	/* Duplicate organisations merged (issue 18, merge.h). */
	{GET, "/actors/{id}/merge", ui_actors_merge_page, PRIVATE | FORM},
	{HTTP_POST, "/actors/{id}/merge", ui_actors_merge, PRIVATE | WRITE},
	/* Commitments: the literal segments (new, import) come before {id}. */
	{GET, "/commitments", ui_commitments_index, ROUTE_CSV},
	/* Every progress update, and its CSV twin (issue 12). */
	{GET, "/progress", ui_progress_index, ROUTE_CSV},
	{HTTP_POST, "/commitments", ui_commitments_create, PRIVATE | FORM | WRITE},
	{GET, "/commitments/new", ui_commitments_new, PRIVATE | FORM},
	{HTTP_POST, "/commitments/new", ui_commitments_create, PRIVATE | FORM | WRITE},
	{GET, "/commitments/import", ui_import_form, PRIVATE | FORM},
	{HTTP_POST, "/commitments/import", ui_import_file, PRIVATE | FORM | WRITE},
	{GET, "/commitments/{id}", ui_commitments_show, 0},
	{HTTP_PATCH, "/commitments/{id}", ui_commitments_patch, PRIVATE | WRITE},
	{HTTP_POST, "/commitments/{id}/withdraw", ui_commitments_withdraw, PRIVATE | FORM | WRITE},
	{GET, "/commitments/{id}/edit", ui_commitments_edit, PRIVATE | FORM},
	{HTTP_POST, "/commitments/{id}/edit", ui_commitments_update, PRIVATE | FORM | WRITE},
	{GET, "/commitments/{id}/progress", ui_progress_form, PRIVATE | FORM},
	{HTTP_POST, "/commitments/{id}/progress", ui_progress_report, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/commitments/{id}/participants/{actor}/answer", ui_commitments_answer,
	 PRIVATE | FORM | WRITE},
	{GET, "/feeds/commitments.atom", ui_feeds_commitments, 0},
	/* Open data: what /data serves moves with the publisher, not with a
	 * write, hence never cached; the catalogue before {file}. */
	{GET, "/data", ui_data_index, ROUTE_NO_CACHE},
	{GET, "/data/catalog.jsonld", ui_data_catalog, ROUTE_NO_CACHE | ROUTE_NO_API},
	{GET, "/data/{file}", ui_data_file, ROUTE_NO_CACHE | ROUTE_NO_API},
	/* Good practices, their review and calls: literal segments before {id}. */
	{GET, "/practices", ui_practices_index, 0},
	{HTTP_POST, "/practices", ui_practices_create, PRIVATE | FORM | WRITE},
	{GET, "/practices/new", ui_practices_new, PRIVATE | FORM},
	{HTTP_POST, "/practices/new", ui_practices_create, PRIVATE | FORM | WRITE},
	{GET, "/practices/{id}", ui_practices_show, 0},
	{GET, "/practices/{id}/edit", ui_practices_edit, PRIVATE | FORM},
	{HTTP_POST, "/practices/{id}/edit", ui_practices_update, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/practices/{id}/submit", ui_practices_submit, PRIVATE | WRITE},
	{HTTP_POST, "/practices/{id}/answer", ui_practices_answer, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/practices/{id}/declare", ui_practices_declare, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/practices/{id}/decide", ui_practices_decide, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/practices/{id}/archive", ui_practices_archive, PRIVATE | WRITE},
	{HTTP_POST, "/practices/{id}/translations", ui_practices_translate, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/practices/{id}/translations/{tid}/approve", ui_practices_approve_translation,
	 PRIVATE | WRITE},
	{GET, "/feeds/practices.atom", ui_practices_feed, 0},
	{GET, "/review", ui_practices_review, PRIVATE},
	{GET, "/review/roster", ui_practices_roster, PRIVATE | FORM},
	{HTTP_POST, "/review/roster", ui_practices_roster_add, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/review/roster/{user}/remove", ui_practices_roster_remove, PRIVATE | WRITE},
	{HTTP_POST, "/review/settings", ui_practices_settings, PRIVATE | FORM | WRITE},
	{GET, "/calls", ui_calls_index, 0},
	{HTTP_POST, "/calls", ui_calls_create, PRIVATE | FORM | WRITE},
	{GET, "/calls/new", ui_calls_new, PRIVATE | FORM},
	{GET, "/calls/{id}", ui_calls_show, 0},
	/* Reviews (issue 15): cycles, a state's review and its versions, written
	 * inputs, assessments, the country report; literal segments before
	 * {iso3}. */
	{GET, "/reviews", ui_reviews_index, 0},
	{GET, "/reviews/{cycle}", ui_reviews_cycle, 0},
	{HTTP_POST, "/reviews/{cycle}/edit", ui_reviews_cycle_edit, PRIVATE | FORM | WRITE},
	{GET, "/reviews/{cycle}/inputs", ui_reviews_inputs, 0},
	{HTTP_POST, "/reviews/{cycle}/inputs", ui_reviews_input_submit, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/review-inputs/{id}/decide", ui_reviews_input_decide, PRIVATE | FORM | WRITE},
	{GET, "/reviews/{cycle}/{iso3}", ui_reviews_show, 0},
	{HTTP_POST, "/reviews/{cycle}/{iso3}", ui_reviews_start, PRIVATE | WRITE},
	{GET, "/reviews/{cycle}/{iso3}/v/{n}", ui_reviews_version, 0},
	{GET, "/reviews/{cycle}/{iso3}/v/{n}/compare", ui_reviews_compare, 0},
	{GET, "/reviews/{cycle}/{iso3}/v/{n}/print", ui_reviews_print_version, 0},
	{GET, "/reviews/{cycle}/{iso3}/print", ui_reviews_print, 0},
	{HTTP_POST, "/reviews/{cycle}/{iso3}/v/{n}/edit", ui_reviews_save, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/reviews/{cycle}/{iso3}/v/{n}/submit", ui_reviews_submit, PRIVATE | WRITE},
	{GET, "/feeds/reviews.atom", ui_reviews_feed, 0},
	{HTTP_POST, "/commitments/{id}/assessments", ui_assessments_create, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/assessments/{id}/comments", ui_assessments_comment, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/assessments/{id}/finalise", ui_assessments_finalise, PRIVATE | FORM | WRITE},
	{GET, "/countries/{iso3}/report", ui_report_country, 0},
	/* The connection hub, events and positions (issue 14). */
	{GET, "/events", ui_events_index, 0},
	{GET, "/events/{slug}", ui_events_show, 0},
	/* The events in full (issue 14, h14b). */
	{HTTP_POST, "/events/{slug}/sessions", ui_events_session, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/events/{slug}/participants", ui_events_join, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/events/{slug}/statements", ui_events_statement, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/events/{slug}/commitments", ui_events_announce, PRIVATE | FORM | WRITE},
	{GET, "/hub", ui_hub_index, 0},
	{HTTP_POST, "/hub/needs", ui_hub_need_create, PRIVATE | FORM | WRITE},
	{GET, "/hub/needs/new", ui_hub_need_new, PRIVATE | FORM},
	{GET, "/hub/needs/{id}", ui_hub_need_show, 0},
	{GET, "/hub/needs/{id}/edit", ui_hub_edit, PRIVATE | FORM},
	{HTTP_POST, "/hub/needs/{id}/edit", ui_hub_update, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/needs/{id}/assess", ui_hub_assess, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/needs/{id}/step", ui_hub_step, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/needs/{id}/propose", ui_hub_propose, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/offers", ui_hub_offer_create, PRIVATE | FORM | WRITE},
	{GET, "/hub/offers/new", ui_hub_offer_new, PRIVATE | FORM},
	{GET, "/hub/offers/{id}", ui_hub_offer_show, 0},
	{GET, "/hub/offers/{id}/edit", ui_hub_edit, PRIVATE | FORM},
	{HTTP_POST, "/hub/offers/{id}/edit", ui_hub_update, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/offers/{id}/assess", ui_hub_assess, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/offers/{id}/step", ui_hub_step, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/matches/{id}/answer", ui_hub_answer, PRIVATE | FORM | WRITE},
	/* The hub's funding pointers (issue 14, h14b). */
	{GET, "/hub/funding", ui_hub_funding_index, 0},
	{HTTP_POST, "/hub/funding", ui_hub_funding_create, PRIVATE | FORM | WRITE},
	{GET, "/hub/funding/{id}", ui_hub_funding_show, 0},
	{HTTP_POST, "/hub/funding/{id}/edit", ui_hub_funding_update, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/funding/{id}/archive", ui_hub_funding_archive, PRIVATE | FORM | WRITE},
	{GET, "/feeds/needs.atom", ui_hub_needs_feed, 0},
	{GET, "/feeds/offers.atom", ui_hub_offers_feed, 0},
	{GET, "/partnerships", ui_partnerships_index, 0},
	/* A partnership on its own (issue 14, item 4): before {id}. */
	{GET, "/partnerships/new", ui_partnerships_new, PRIVATE | FORM},
	{HTTP_POST, "/partnerships", ui_partnerships_create, PRIVATE | FORM | WRITE},
	{GET, "/partnerships/{id}/edit", ui_partnerships_edit, PRIVATE | FORM},
	{HTTP_POST, "/partnerships/{id}/edit", ui_partnerships_update, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/partnerships/{id}/members", ui_partnerships_add_member,
	 PRIVATE | FORM | WRITE},
	{HTTP_POST, "/partnerships/{id}/members/{actor}/withdraw", ui_partnerships_remove,
	 PRIVATE | FORM | WRITE},
	{GET, "/partnerships/{id}", ui_partnerships_show, 0},
	{HTTP_POST, "/partnerships/{id}/withdraw", ui_partnerships_withdraw,
	 PRIVATE | FORM | WRITE},
	/* A member added by the lead confirms it (issue 14). */
	{HTTP_POST, "/partnerships/{id}/confirm", ui_partnerships_confirm,
	 PRIVATE | FORM | WRITE},
	{GET, "/account/login", account_login_form, FORM},
	{HTTP_POST, "/account/login", account_login, FORM | WRITE},
	{HTTP_POST, "/account/logout", account_logout, PRIVATE | WRITE},
	{GET, "/account/register", account_register_form, FORM},
	{HTTP_POST, "/account/register", account_register, FORM | WRITE},
	{GET, "/account", account_show, PRIVATE | FORM},
	{HTTP_POST, "/account/password", account_password, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/account/tokens", account_token_create, PRIVATE | SESSION | FORM | WRITE},
	{HTTP_POST, "/account/tokens/{id}/revoke", account_token_revoke, PRIVATE | WRITE},
	{GET, "/admin", admin_index, PRIVATE | FORM},
	{HTTP_POST, "/admin/actors/{id}/decision", admin_decide, PRIVATE | FORM | WRITE},
	{GET, "/admin/audit", admin_audit, PRIVATE},
	{GET, "/admin/users", admin_users, PRIVATE | FORM},
	/* Mail and account recovery (issue 18). */
	{GET, "/account/forgot", account_forgot_form, FORM},
	{HTTP_POST, "/account/forgot", account_forgot, FORM | WRITE},
	{GET, "/account/reset", account_reset_form, FORM},
	{HTTP_POST, "/account/reset", account_reset, FORM | WRITE},
	{GET, "/account/verify", account_verify_form, FORM},
	{HTTP_POST, "/account/verify", account_verify, FORM | WRITE},
	{HTTP_POST, "/account/verify/resend", account_verify_resend, PRIVATE | WRITE},
	/* issue 18, moderation (h18b) */
	{HTTP_POST, "/account/appeal", account_appeal, PRIVATE | WRITE},
	/* Notifications by e-mail, and read (issue 18, item 5). */
	{HTTP_POST, "/account/notifications", account_notify, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/account/notifications/read", account_notify_read, PRIVATE | WRITE},
	{HTTP_POST, "/admin/users/{id}/disable", admin_user_disable, PRIVATE | WRITE},
	{HTTP_POST, "/admin/users/{id}/enable", admin_user_enable, PRIVATE | WRITE},
	{GET, "/admin/mail", admin_mail, PRIVATE},
	{GET, "/admin/mail/{id}", admin_mail_show, PRIVATE},
	/* Organisations' members, administration, privacy (issue 18, h18a). */
	{GET, "/actors/{id}/members", ui_members_page, PRIVATE | FORM},
	{HTTP_POST, "/actors/{id}/members/invite", ui_members_invite, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/actors/{id}/members/{user}/remove", ui_members_remove, PRIVATE | WRITE},
	{GET, "/invitations/accept", ui_invitation_form, FORM},
	{GET, "/account/data", account_data, PRIVATE},
	{HTTP_POST, "/admin/users/{id}/role", admin_user_role, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/admin/invitations", admin_invite, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/account/name", account_name_shown, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/account/act-for", account_act_for, PRIVATE | FORM | WRITE},
	{GET, "/account/delete", account_delete_form, PRIVATE | FORM},
	{HTTP_POST, "/account/delete", account_delete, PRIVATE | SESSION | FORM | WRITE},
	{GET, "/account/email", account_email_form, PRIVATE | FORM},
	{HTTP_POST, "/account/email", account_email, PRIVATE | SESSION | FORM | WRITE},
	{GET, "/account/email/confirm", account_email_confirm_form, FORM},
	/* Flagging records (issue 18, item 6, h18f: ui_flags.h). */
	{HTTP_POST, "/commitments/{id}/flag", ui_commitments_flag, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/commitments/{id}/updates/{update}/flag", ui_commitments_flag_update,
	 PRIVATE | FORM | WRITE},
	{HTTP_POST, "/practices/{id}/flag", ui_practices_flag, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/needs/{id}/flag", ui_hub_flag, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/hub/offers/{id}/flag", ui_hub_flag, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/review-inputs/{id}/flag", ui_reviews_input_flag, PRIVATE | FORM | WRITE},
	{GET, "/admin/flags", ui_flags_admin, PRIVATE | FORM},
	{HTTP_POST, "/admin/flags/{id}", ui_flags_decide, PRIVATE | FORM | WRITE},
	{HTTP_POST, "/account/email/confirm", account_email_confirm, FORM | WRITE},
	{HTTP_POST, "/invitations/accept", ui_invitation_accept, FORM | WRITE},
	{GET, "/api", ui_api_page, 0},
	{GET, "/changes", ui_api_changes, ROUTE_API_ONLY},
	{GET, "/openapi.json", ui_api_openapi, ROUTE_API_ONLY},
	{GET, "/healthz", ui_system_healthz, ROUTE_NO_CACHE | ROUTE_NO_DB},
	{GET, "/readyz", ui_system_readyz, ROUTE_NO_CACHE | ROUTE_NO_DB},
	{GET, "/metrics", ui_system_metrics, ROUTE_NO_CACHE | ROUTE_NO_API | ROUTE_INTERNAL},
	{GET, "/static/{name}", ui_system_static, ROUTE_NO_API | ROUTE_NO_DB},
};

const size_t web_routes_len = ARRAY_LEN(web_routes);
