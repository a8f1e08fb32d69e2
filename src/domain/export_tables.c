/* export_tables.c — the tables of the open-data export (export_impl.h,
 * export.h); those it leaves out, each with its reason, are in
 * export_excluded.c. A migration that creates a table adds it to one list
 * or the other; test_export.c fails until it does. */
#include "codes.h"
#include "compact.h"
#include "export.h"
#include "export_impl.h"
#include "i18n.h"
#include "indicators.h"
#include "reviews.h"
#include "util.h"

#define COMMITMENT_ID {"commitment_id", "integer", "the commitment, as in /commitments/{id}", \
	REQ, NULL, NULL}
#define COMMITMENT_FKEY {"commitment_id", "commitment", "id"}

static const char *const region_levels[] = {"world", "region", "subregion", "intermediate", NULL};
static const char *const un_statuses[] = {"member", "observer", NULL};
static const char *const actor_kinds[] = {"state", "partner", NULL};
static const char *const actor_public_statuses[] = {"accredited", "suspended", NULL};
static const char *const partner_types[] = {
	"migrants_organisation", "diaspora_organisation", "local_government", "civil_society",
	"academia", "private_sector", "parliament", "trade_union", "nhri", "media", "un_entity",
	"intergovernmental", "other", NULL,
};
static const char *const participant_public_statuses[] = {"invited", "accepted", NULL};
static const char *const commitment_participant_role_codes[] = {"member", "funder",
	"implementing_partner", NULL};

/* ---- Reference data ------------------------------------------------------- */

static const struct export_key region_key[] = {{"m49", "m49", true}, {0}};
static const struct export_field region_fields[] = {
	{"m49", "string", "UN M49 code, three digits", REQ, NULL, "{\"pattern\": \"[0-9]{3}\"}"},
	{"level", "string", "world, region, subregion or intermediate", REQ, region_levels, NULL},
	{"parent_m49", "string", "M49 code of the region containing this one (empty for World)", 0,
	 NULL, NULL},
	{"name_en", "string", "name in English", REQ, NULL, NULL},
	{"name_fr", "string", "name in French", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey region_fkeys[] = {{"parent_m49", "", "m49"}, {0}};

static const struct export_key country_key[] = {{"iso3", "iso3", true}, {0}};
static const struct export_field country_fields[] = {
	{"iso3", "string", "ISO 3166-1 alpha-3 code", REQ, NULL, "{\"pattern\": \"[A-Z]{3}\"}"},
	{"iso2", "string", "ISO 3166-1 alpha-2 code", REQ | EXPORT_UNIQUE, NULL,
	 "{\"pattern\": \"[A-Z]{2}\"}"},
	{"numeric", "string", "ISO 3166-1 numeric code, three digits", REQ, NULL,
	 "{\"pattern\": \"[0-9]{3}\"}"},
	{"un_status", "string", "member or observer state of the United Nations", REQ, un_statuses,
	 NULL},
	{"region_m49", "string", "M49 region", REQ, NULL, NULL},
	{"subregion_m49", "string", "M49 sub-region", REQ, NULL, NULL},
	{"intermediate_m49", "string", "M49 intermediate region, if any", 0, NULL, NULL},
	{"name_ar", "string", "name in Arabic", REQ, NULL, NULL},
	{"name_zh", "string", "name in Chinese", REQ, NULL, NULL},
	{"name_en", "string", "name in English", REQ, NULL, NULL},
	{"name_fr", "string", "name in French", REQ, NULL, NULL},
	{"name_ru", "string", "name in Russian", REQ, NULL, NULL},
	{"name_es", "string", "name in Spanish", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey country_fkeys[] = {
	{"region_m49", "region", "m49"},
	{"subregion_m49", "region", "m49"},
	{"intermediate_m49", "region", "m49"},
	{0},
};

static const struct export_key objective_key[] = {{"number", "number", false}, {0}};
static const struct export_field objective_fields[] = {
	{"number", "integer", "objective number, 1 to " STRINGIFY(COMPACT_OBJECTIVES), REQ, NULL,
	 "{\"minimum\": 1, \"maximum\": " STRINGIFY(COMPACT_OBJECTIVES) "}"},
	{"paragraph", "integer", "paragraph of the Compact that sets it out", REQ, NULL, NULL},
	{"title_en", "string", "title in English", REQ, NULL, NULL},
	{"title_fr", "string", "title in French", REQ, NULL, NULL},
	{"short_en", "string", "short title in English", REQ, NULL, NULL},
	{"short_fr", "string", "short title in French", REQ, NULL, NULL},
	{"title_fr_verified", "integer", "1 when the French title was checked against the official "
	 "text, else 0", REQ, NULL, "{\"enum\": [0, 1]}"},
	{0},
};

static const struct export_key principle_key[] = {{"slug", "slug", true}, {0}};
static const struct export_field principle_fields[] = {
	{"slug", "string", "identifier used in URLs", REQ, NULL, NULL},
	{"letter", "string", "item of paragraph 15, a to j", REQ | EXPORT_UNIQUE, NULL,
	 "{\"pattern\": \"[a-j]\"}"},
	{"paragraph", "string", "paragraph of the Compact", REQ, NULL, NULL},
	{"title_en", "string", "title in English", REQ, NULL, NULL},
	{"title_fr", "string", "title in French", REQ, NULL, NULL},
	{"title_es", "string", "title in Spanish", REQ, NULL, NULL},
	{"description_en", "string", "one-sentence summary in English (Pacte's, not the official text)",
	 REQ, NULL, NULL},
	{"description_fr", "string", "one-sentence summary in French (Pacte's, not the official text)",
	 REQ, NULL, NULL},
	{0},
};

/* ---- Actors ----------------------------------------------------------------- */

static const struct export_key actor_key[] = {{"id", "a.id", false}, {0}};
static const struct export_field actor_fields[] = {
	{"id", "integer", "actor number, as in /actors/{id}", REQ, NULL, NULL},
	{"kind", "string", "state or partner", REQ, actor_kinds, NULL},
	{"name", "string", "name (a state's is its country's English name)", REQ, NULL, NULL},
	{"partner_type", "string", "a partner's type (paragraph 15(j) of the Compact, UN entity, "
	 "intergovernmental, other); empty for a state", 0, partner_types, NULL},
	{"country_iso3", "string", "a state's country, or a partner's country if it gave one", 0,
	 NULL, NULL},
	{"status", "string", "accredited or suspended", REQ, actor_public_statuses, NULL},
	{"website", "string", "the actor's web site", 0, NULL, NULL},
	{"description", "string", "the actor's description of itself", 0, NULL, NULL},
	{"origin", "string", "real; sample or synthetic for the demonstration data of "
	 "'pacte init --sample' and 'pacte demo'", REQ, commitment_origins, NULL},
	{"created_at", "string", TIME_DESC("when the actor was recorded"), REQ, NULL, TIME_PATTERN},
	{"decided_at", "string", TIME_DESC("when a reviewer last decided on its accreditation"), 0,
	 NULL, NULL},
	{0},
};
static const struct export_fkey actor_fkeys[] = {{"country_iso3", "country", "iso3"}, {0}};

/* ---- Commitments ------------------------------------------------------------ */

static const struct export_key commitment_key[] = {{"id", "c.id", false}, {0}};
static const struct export_field commitment_fields[] = {
	{"id", "integer", "commitment number, as in /commitments/{id}", REQ, NULL, NULL},
	{"owner_actor_id", "integer", "the actor who made the commitment", REQ, NULL, NULL},
	{"title", "string", "title, in the commitment's language", REQ, NULL, NULL},
	{"description", "string", "description (Markdown), in the commitment's language", 0, NULL,
	 NULL},
	{"lang", "string", "the language it was written in (BCP 47)", REQ, NULL, NULL},
	{"level", "string", "national, regional or international", REQ, commitment_levels, NULL},
	{"kind", "string", "individual, common, partnership, or matching another commitment", REQ,
	 commitment_kinds, NULL},
	{"form", "string", "the form the commitment takes", REQ, commitment_forms, NULL},
	{"matches_commitment_id", "integer", "for a matching commitment, the commitment it matches",
	 0, NULL, NULL},
	{"start_date", "date", "when the work starts (YYYY-MM-DD)", 0, NULL, NULL},
	{"target_date", "date", "when it should be done (YYYY-MM-DD)", 0, NULL, NULL},
	{"initial_status", "string", "the status it was made with", REQ, commitment_statuses, NULL},
	{"status", "string", "its status now: the latest progress update's (not corrected by a "
	 "later one), or the initial status", REQ, commitment_statuses, NULL},
	{"percent", "integer", "the latest progress update's percent done, if it gave one", 0, NULL,
	 "{\"minimum\": 0, \"maximum\": 100}"},
	{"milestone", "string", "the latest progress update's milestone, if it named one", 0, NULL,
	 NULL},
	{"last_report_date", "date", "the date of its latest progress update", 0, NULL, NULL},
	{"update_count", "integer", "how many progress updates it has", REQ, NULL,
	 "{\"minimum\": 0}"},
	{"origin", "string", "real; sample or synthetic for demonstration data", REQ,
	 commitment_origins, NULL},
	{"created_at", "string", TIME_DESC("when it was recorded"), REQ, NULL, TIME_PATTERN},
	{"updated_at", "string", TIME_DESC("when it last changed"), REQ, NULL, TIME_PATTERN},
	{"withdrawn_at", "string", TIME_DESC("when its owner withdrew it, if they did (a withdrawn "
	 "commitment is counted nowhere on the site)"), 0, NULL, TIME_PATTERN},
	{"withdrawn_reason", "string", "why it was withdrawn", 0, NULL, NULL},
	{0},
};
static const struct export_fkey commitment_fkeys[] = {
	{"owner_actor_id", "actor", "id"},
	{"matches_commitment_id", "", "id"},
	{0},
};

static const struct export_key commitment_objective_key[] = {
	{"commitment_id", "commitment_id", false}, {"objective", "objective", false}, {0},
};
static const struct export_field commitment_objective_fields[] = {
	COMMITMENT_ID,
	{"objective", "integer", "an objective of the Compact the commitment serves", REQ, NULL,
	 NULL},
	{0},
};
static const struct export_fkey commitment_objective_fkeys[] = {
	COMMITMENT_FKEY, {"objective", "objective", "number"}, {0},
};

static const struct export_key commitment_principle_key[] = {
	{"commitment_id", "commitment_id", false}, {"principle", "principle", true}, {0},
};
static const struct export_field commitment_principle_fields[] = {
	COMMITMENT_ID,
	{"principle", "string", "a guiding principle the commitment follows (its slug)", REQ, NULL,
	 NULL},
	{0},
};
static const struct export_fkey commitment_principle_fkeys[] = {
	COMMITMENT_FKEY, {"principle", "principle", "slug"}, {0},
};

static const struct export_key commitment_country_key[] = {
	{"commitment_id", "commitment_id", false}, {"iso3", "iso3", true}, {0},
};
static const struct export_field commitment_country_fields[] = {
	COMMITMENT_ID,
	{"iso3", "string", "a country where the commitment is carried out", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey commitment_country_fkeys[] = {
	COMMITMENT_FKEY, {"iso3", "country", "iso3"}, {0},
};

/* As on the commitment's page: an actor named as a participant, unless
 * it declined or is not public itself (commitments_participants.c). */
static const struct export_key commitment_participant_key[] = {
	{"commitment_id", "p.commitment_id", false}, {"actor_id", "p.actor_id", false}, {0},
};
static const struct export_field commitment_participant_fields[] = {
	COMMITMENT_ID,
	{"actor_id", "integer", "another actor taking part in a common or partnership commitment",
	 REQ, NULL, NULL},
	{"status", "string", "invited (not answered yet) or accepted; a participation counts for "
	 "the actor only once accepted", REQ, participant_public_statuses, NULL},
	{"role", "string", "the part it takes: member, funder or implementing partner (the owner "
	 "is the lead)", REQ, commitment_participant_role_codes, NULL},
	{0},
};
static const struct export_fkey commitment_participant_fkeys[] = {
	COMMITMENT_FKEY, {"actor_id", "actor", "id"}, {0},
};

static const struct export_key commitment_translation_key[] = {
	{"commitment_id", "commitment_id", false}, {"lang", "lang", true}, {0},
};
static const struct export_field commitment_translation_fields[] = {
	COMMITMENT_ID,
	{"lang", "string", "the language of the translation (BCP 47)", REQ, NULL, NULL},
	{"title", "string", "the title in that language", REQ, NULL, NULL},
	{"description", "string", "the description in that language (Markdown)", 0, NULL, NULL},
	{0},
};
static const struct export_fkey commitment_translation_fkeys[] = {COMMITMENT_FKEY, {0}};

static const struct export_key commitment_deliverable_key[] = {
	{"commitment_id", "commitment_id", false}, {"position", "position", false}, {0},
};
static const struct export_field commitment_deliverable_fields[] = {
	COMMITMENT_ID,
	{"position", "integer", "its place in the commitment's list of deliverables", REQ, NULL,
	 NULL},
	{"text", "string", "what will be delivered", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey commitment_deliverable_fkeys[] = {COMMITMENT_FKEY, {0}};

static const struct export_key commitment_indicator_key[] = {{"id", "id", false}, {0}};
static const struct export_field commitment_indicator_fields[] = {
	{"id", "integer", "indicator number, which progress updates' values name", REQ, NULL, NULL},
	COMMITMENT_ID,
	{"position", "integer", "its place in the commitment's list of indicators", REQ, NULL, NULL},
	{"name", "string", "what is measured", REQ, NULL, NULL},
	{"unit", "string", "the unit of its values", 0, NULL, NULL},
	{"baseline", "number", "the value before the work started", 0, NULL, NULL},
	{"target", "number", "the value aimed for", 0, NULL, NULL},
	{"hidden", "integer", "1 when an edit removed it from the commitment (the values reported "
	 "against it stay), else 0", REQ, NULL, "{\"enum\": [0, 1]}"},
	{0},
};
static const struct export_fkey commitment_indicator_fkeys[] = {COMMITMENT_FKEY, {0}};

/* ---- Progress --------------------------------------------------------------- */

/* Never the person who wrote an update (author_user_id is an account). */
static const struct export_key progress_update_key[] = {{"id", "id", false}, {0}};
static const struct export_field progress_update_fields[] = {
	{"id", "integer", "update number", REQ, NULL, NULL},
	COMMITMENT_ID,
	{"reported_at", "date", "the date the update reports on (YYYY-MM-DD)", REQ, NULL, NULL},
	{"status", "string", "the commitment's status as reported", REQ, commitment_statuses, NULL},
	{"percent", "integer", "percent done, if given", 0, NULL,
	 "{\"minimum\": 0, \"maximum\": 100}"},
	{"milestone", "string", "the milestone reached, if named", 0, NULL, NULL},
	{"narrative", "string", "what happened (Markdown)", 0, NULL, NULL},
	{"corrects", "integer", "the earlier update this one corrects (updates are never edited, "
	 "only corrected)", 0, NULL, NULL},
	{"created_at", "string", TIME_DESC("when it was recorded"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey progress_update_fkeys[] = {
	COMMITMENT_FKEY, {"corrects", "", "id"}, {0},
};

static const struct export_key progress_indicator_value_key[] = {
	{"update_id", "update_id", false}, {"indicator_id", "indicator_id", false}, {0},
};
static const struct export_field progress_indicator_value_fields[] = {
	{"update_id", "integer", "the progress update", REQ, NULL, NULL},
	{"indicator_id", "integer", "the commitment's indicator", REQ, NULL, NULL},
	{"value", "number", "the value reported", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey progress_indicator_value_fkeys[] = {
	{"update_id", "progress_update", "id"},
	{"indicator_id", "commitment_indicator", "id"},
	{0},
};

static const struct export_key progress_evidence_key[] = {
	{"update_id", "update_id", false}, {"position", "position", false}, {0},
};
static const struct export_field progress_evidence_fields[] = {
	{"update_id", "integer", "the progress update", REQ, NULL, NULL},
	{"position", "integer", "its place in the update's list of evidence", REQ, NULL, NULL},
	{"url", "string", "a web page showing the progress", REQ, NULL, "{\"format\": \"uri\"}"},
	{0},
};
static const struct export_fkey progress_evidence_fkeys[] = {
	{"update_id", "progress_update", "id"}, {0},
};

/* ---- Reviews (issue 15) ------------------------------------------------------ */

static const char *const review_cycle_kinds[] = {"global", "regional", NULL};
static const char *const review_input_abouts_export[] = {"cycle", "objective", "review", NULL};
static const char *const assessment_statuses_export[] = {"comment", "final", NULL};
#define DATE_FIELD(name, what) {name, "date", what " (YYYY-MM-DD)", REQ, NULL, NULL}

static const struct export_key review_cycle_key[] = {{"id", "id", true}, {0}};
static const struct export_field review_cycle_fields[] = {
	{"id", "string", "the cycle's name, as in /reviews/{id}", REQ, NULL, NULL},
	{"kind", "string", "global (the International Migration Review Forum) or regional", REQ,
	 review_cycle_kinds, NULL},
	{"title_en", "string", "title in English", REQ, NULL, NULL},
	{"title_fr", "string", "title in French", REQ, NULL, NULL},
	{"region_m49", "string", "the region of a regional review (M49)", 0, NULL, NULL},
	DATE_FIELD("period_start", "first day of the period the reviews report on"),
	DATE_FIELD("period_end", "last day of that period"),
	DATE_FIELD("opens", "first day reviews and written inputs are accepted"),
	DATE_FIELD("closes", "last day they are accepted"),
	{0},
};

/* Submitted versions only: a draft is its state's until submitted. */
static const struct export_key voluntary_review_key[] = {{"id", "id", false}, {0}};
static const struct export_field voluntary_review_fields[] = {
	{"id", "integer", "review number", REQ, NULL, NULL},
	{"cycle_id", "string", "the review cycle", REQ, NULL, NULL},
	{"iso3", "string", "the state reviewed (ISO 3166-1 alpha-3)", REQ, NULL, NULL},
	{"version", "integer", "version, from 1; a later one supersedes it, both kept", REQ, NULL,
	 "{\"minimum\": 1}"},
	{"content", "string", "the whole review as submitted: canonical JSON (keys sorted, no "
	 "white space), frozen", REQ, NULL, NULL},
	{"hash", "string", "SHA-256 of content's UTF-8 bytes, in hexadecimal", REQ, NULL,
	 "{\"pattern\": \"[0-9a-f]{64}\"}"},
	{"submitted_at", "string", TIME_DESC("when it was submitted"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey voluntary_review_fkeys[] = {
	{"cycle_id", "review_cycle", "id"}, {"iso3", "country", "iso3"}, {0},
};

/* Published (accepted) inputs only; never the account that wrote one. */
static const struct export_key review_input_key[] = {{"id", "id", false}, {0}};
static const struct export_field review_input_fields[] = {
	{"id", "integer", "input number", REQ, NULL, NULL},
	{"cycle_id", "string", "the review cycle", REQ, NULL, NULL},
	{"about", "string", "what it is about: the cycle, an objective, or a state's review", REQ,
	 review_input_abouts_export, NULL},
	{"objective", "integer", "the objective it is about, if about one", 0, NULL, NULL},
	{"iso3", "string", "the state whose review it is about, if about one", 0, NULL, NULL},
	{"actor_id", "integer", "the partner that submitted it", REQ, NULL, NULL},
	{"title", "string", "its title", REQ, NULL, NULL},
	{"body", "string", "the input", REQ, NULL, NULL},
	{"created_at", "string", TIME_DESC("when it was submitted"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey review_input_fkeys[] = {
	{"cycle_id", "review_cycle", "id"}, {"actor_id", "actor", "id"}, {0},
};

/* Both statuses: a draft assessment is published for comment. Never the
 * reviewer's account; the reviewer's actor may be the operators' own, on
 * no public list, hence no foreign key. */
static const struct export_key assessment_key[] = {{"id", "id", false}, {0}};
static const struct export_field assessment_fields[] = {
	{"id", "integer", "assessment number", REQ, NULL, NULL},
	COMMITMENT_ID,
	{"assessor_actor_id", "integer", "the actor of the reviewer who assessed it", 0, NULL, NULL},
	{"verifiable", "integer", "1 when the commitment is verifiable, else 0", REQ, NULL,
	 "{\"enum\": [0, 1]}"},
	{"relevance", "string", "relevance to the objectives it claims", REQ, assessment_relevances,
	 NULL},
	{"relevance_note", "string", "the reviewer's note on relevance", 0, NULL, NULL},
	{"completion", "string", "completion, on the Open Government Partnership's scale", REQ,
	 assessment_completions, NULL},
	{"narrative", "string", "the assessment", REQ, NULL, NULL},
	{"links", "string", "the evidence: a JSON array of links", REQ, NULL, NULL},
	{"status", "string", "comment (a draft open for comment) or final", REQ,
	 assessment_statuses_export, NULL},
	DATE_FIELD("comment_opens", "first day of the comment period"),
	DATE_FIELD("comment_closes", "last day of the comment period"),
	{"response", "string", "the reviewer's answer to the comments, once final", 0, NULL, NULL},
	{"created_at", "string", TIME_DESC("when it was published"), REQ, NULL, TIME_PATTERN},
	{"finalised_at", "string", TIME_DESC("when it was finalised"), 0, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey assessment_fkeys[] = {COMMITMENT_FKEY, {0}};

static const struct export_key assessment_comment_key[] = {{"id", "id", false}, {0}};
static const struct export_field assessment_comment_fields[] = {
	{"id", "integer", "comment number", REQ, NULL, NULL},
	{"assessment_id", "integer", "the assessment", REQ, NULL, NULL},
	{"actor_id", "integer", "the actor of the person who commented", 0, NULL, NULL},
	{"body", "string", "the comment", REQ, NULL, NULL},
	{"created_at", "string", TIME_DESC("when it was written"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey assessment_comment_fkeys[] = {
	{"assessment_id", "assessment", "id"}, {0},
};

/* ---- The list ---------------------------------------------------------------- */

/* Parents before children, as a reader loading them in order wants. */
/* Indicators (schema/0019, indicators.h): the catalogue, the objectives
 * each measures, the national values (SDMX-CSV's observations). */
static const char *const indicator_directions[] = {"up", "down", "none", NULL};
static const char *const indicator_origins[] = {"real", "synthetic", NULL};
static const struct export_key indicator_key[] = {{"code", "code", true}, {0}};
static const struct export_field indicator_fields[] = {
	{"code", "string", "the indicator's code (an SDMX identifier), as in /indicators/{code}",
	 REQ | EXPORT_UNIQUE, NULL, NULL},
	{"sdg", "string", "its number in the SDG global indicator framework, if any", 0, NULL, NULL},
	{"name_en", "string", "its name in English", REQ, NULL, NULL},
	{"name_fr", "string", "its name in French", REQ, NULL, NULL},
	{"unit", "string", "the unit of its values", REQ, indicator_units, NULL},
	{"direction", "string", "the way progress goes (none: not good or bad in itself)", REQ,
	 indicator_directions, NULL},
	{"target", "number", "the value its SDG target sets, if it sets one", 0, NULL, NULL},
	{"target_year", "integer", "the year of that target", 0, NULL, NULL},
	{"custodian", "string", "the agencies that keep the indicator", REQ, NULL, NULL},
	{"source", "string", "where its definition comes from", REQ, NULL, NULL},
	{"source_url", "string", "the source's address", REQ, NULL, NULL},
	{0},
};
static const struct export_key indicator_objective_key[] = {
	{"code", "code", true}, {"objective", "objective", false}, {0},
};
static const struct export_field indicator_objective_fields[] = {
	{"code", "string", "the indicator", REQ, NULL, NULL},
	{"objective", "integer", "an objective of the Compact it measures", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey indicator_objective_fkeys[] = {
	{"code", "indicator", "code"}, {"objective", "objective", "number"}, {0},
};
static const struct export_key indicator_value_key[] = {
	{"code", "code", true}, {"iso3", "iso3", true}, {"sex", "sex", true}, {"age", "age", true},
	{"migratory_status", "migratory_status", true}, {"period", "period", false}, {0},
};
static const struct export_field indicator_value_fields[] = {
	{"code", "string", "the indicator", REQ, NULL, NULL},
	{"iso3", "string", "the country (ISO 3166-1 alpha-3)", REQ, NULL, NULL},
	{"sex", "string", "the breakdown by sex (SDMX codes; _T: total)", REQ, indicator_sexes, NULL},
	{"age", "string", "the breakdown by age (_T: total)", REQ, indicator_ages, NULL},
	{"migratory_status", "string", "the breakdown by migratory status (_T: total)", REQ,
	 indicator_migratory_statuses, NULL},
	{"period", "integer", "the year", REQ, NULL, NULL},
	{"value", "number", "the value, in the indicator's unit", REQ, NULL, NULL},
	{"origin", "string", "real, or synthetic (demonstration data)", REQ, indicator_origins, NULL},
	{0},
};
static const struct export_fkey indicator_value_fkeys[] = {
	{"code", "indicator", "code"}, {"iso3", "country", "iso3"}, {0},
};

const struct export_table export_tables[] = {
	{"region", N_("UN M49 regions"),
	 N_("The regions of the UN M49 standard the countries belong to."),
	 "SELECT m49, level, parent_m49, name_en, name_fr", "FROM region WHERE 1 = 1",
	 region_key, region_fields, region_fkeys},
	{"country", N_("Countries"),
	 N_("The countries and territories of ISO 3166-1, with their regions."),
	 "SELECT iso3, iso2, numeric, un_status, region_m49, subregion_m49, intermediate_m49, "
	 "name_ar, name_zh, name_en, name_fr, name_ru, name_es", "FROM country WHERE 1 = 1",
	 country_key, country_fields, country_fkeys},
	{"objective", N_("Objectives of the Global Compact for Migration"),
	 N_("The objectives of the Compact, with their paragraphs and titles."),
	 "SELECT number, paragraph, title_en, title_fr, short_en, short_fr, title_fr_verified",
	 "FROM objective WHERE 1 = 1", objective_key, objective_fields, NULL},
	{"principle", N_("Guiding principles of the Global Compact for Migration"),
	 N_("The cross-cutting guiding principles of paragraph 15 of the Compact."),
	 "SELECT slug, letter, paragraph, title_en, title_fr, title_es, description_en, "
	 "description_fr", "FROM principle WHERE 1 = 1", principle_key, principle_fields, NULL},
	{"actor", N_("States and partners acting on the Compact"),
	 N_("The states and the accredited partners (suspended ones too) that make commitments."),
	 "SELECT a.id, a.kind, a.name, a.partner_type, a.country_iso3, a.status, a.website, "
	 "a.description, a.origin, a.created_at, a.decided_at",
	 "FROM actor a WHERE " ACTOR_PUBLIC, actor_key, actor_fields, actor_fkeys},
	{"commitment", N_("Commitments"),
	 N_("What each actor committed to do to implement the Compact, "
	 "and where it stands now."),
	 "SELECT c.id, c.owner_actor_id, c.title, c.description, c.lang, c.level, c.kind, c.form, "
	 "c.matches_commitment_id, c.start_date, c.target_date, c.initial_status, c.status, "
	 "c.percent, c.milestone, c.last_report_date, c.update_count, c.origin, c.created_at, "
	 "c.updated_at, c.withdrawn_at, c.withdrawn_reason", "FROM commitment c WHERE c.hidden_at IS NULL",
	 commitment_key, commitment_fields, commitment_fkeys},
	{"commitment_objective", N_("Objectives of each commitment"),
	 N_("Which objectives of the Compact each commitment serves."),
	 "SELECT commitment_id, objective", "FROM commitment_objective WHERE " COMMITMENT_SHOWN("commitment_id"),
	 commitment_objective_key, commitment_objective_fields, commitment_objective_fkeys},
	{"commitment_principle", N_("Guiding principles of each commitment"),
	 N_("Which guiding principles each commitment follows."),
	 "SELECT commitment_id, principle", "FROM commitment_principle WHERE " COMMITMENT_SHOWN("commitment_id"),
	 commitment_principle_key, commitment_principle_fields, commitment_principle_fkeys},
	{"commitment_country", N_("Countries of each commitment"),
	 N_("Where each commitment is carried out."),
	 "SELECT commitment_id, iso3", "FROM commitment_country WHERE " COMMITMENT_SHOWN("commitment_id"),
	 commitment_country_key, commitment_country_fields, commitment_country_fkeys},
	{"commitment_participant", N_("Participants in each commitment"),
	 N_("The other actors of common and partnership commitments."),
	 "SELECT p.commitment_id, p.actor_id, p.status, p.role",
	 "FROM commitment_participant p JOIN actor a ON a.id = p.actor_id "
	 "WHERE p.status <> 'declined' AND " ACTOR_PUBLIC " AND "
	 COMMITMENT_SHOWN("p.commitment_id"),
	 commitment_participant_key, commitment_participant_fields, commitment_participant_fkeys},
	{"commitment_translation", N_("Translations of commitments"),
	 N_("A commitment's title and description in other languages."),
	 "SELECT commitment_id, lang, title, description",
	 "FROM commitment_translation WHERE " COMMITMENT_SHOWN("commitment_id"),
	 commitment_translation_key, commitment_translation_fields, commitment_translation_fkeys},
	{"commitment_deliverable", N_("Deliverables of each commitment"),
	 N_("What each commitment will deliver, in order."),
	 "SELECT commitment_id, position, text", "FROM commitment_deliverable WHERE " COMMITMENT_SHOWN("commitment_id"),
	 commitment_deliverable_key, commitment_deliverable_fields, commitment_deliverable_fkeys},
	{"commitment_indicator", N_("Indicators of each commitment"),
	 N_("How each commitment measures its progress: baselines and targets."),
	 "SELECT id, commitment_id, position, name, unit, baseline, target, hidden",
	 "FROM commitment_indicator WHERE " COMMITMENT_SHOWN("commitment_id"),
	 commitment_indicator_key, commitment_indicator_fields, commitment_indicator_fkeys},
	{"progress_update", N_("Progress updates"),
	 N_("What each commitment reported, in order; never edited, only corrected by a later update."),
	 "SELECT id, commitment_id, reported_at, status, percent, milestone, narrative, corrects, "
	 "created_at", "FROM progress_update p WHERE p.hidden_at IS NULL AND "
	 COMMITMENT_SHOWN("p.commitment_id"),
	 progress_update_key, progress_update_fields, progress_update_fkeys},
	{"progress_indicator_value", N_("Indicator values of each progress update"),
	 N_("The value of each of the commitment's indicators an update reported."),
	 "SELECT update_id, indicator_id, value", "FROM progress_indicator_value WHERE " UPDATE_SHOWN("update_id"),
	 progress_indicator_value_key, progress_indicator_value_fields,
	 progress_indicator_value_fkeys},
	{"progress_evidence", N_("Evidence of each progress update"),
	 N_("Links to what shows the progress an update reported."),
	 "SELECT update_id, position, url", "FROM progress_evidence WHERE " UPDATE_SHOWN("update_id"),
	 progress_evidence_key, progress_evidence_fields, progress_evidence_fkeys},
	/* Reviews (issue 15). */
	{"review_cycle", N_("Review cycles"),
	 N_("The International Migration Review Forums and the regional reviews, with their "
	 "windows for submissions."),
	 "SELECT id, kind, title_en, title_fr, region_m49, period_start, period_end, opens, closes",
	 "FROM review_cycle WHERE 1 = 1", review_cycle_key, review_cycle_fields, NULL},
	{"voluntary_review", N_("Voluntary reviews"),
	 N_("Each state's voluntary review of a cycle, as submitted: its frozen content and the "
	 "SHA-256 that lets anyone check it."),
	 "SELECT id, cycle_id, iso3, version, content, hash, submitted_at",
	 "FROM voluntary_review WHERE status = 'submitted'",
	 voluntary_review_key, voluntary_review_fields, voluntary_review_fkeys},
	{"review_input", N_("Written inputs to the reviews"),
	 N_("Civil society's written inputs to a review cycle, published after moderation."),
	 "SELECT id, cycle_id, about, objective, iso3, actor_id, title, body, created_at",
	 "FROM review_input WHERE " REVIEW_INPUT_LISTED("review_input"),
	 review_input_key, review_input_fields, review_input_fkeys},
	{"assessment", N_("Independent assessments of commitments"),
	 N_("Reviewers' assessments of commitments: verifiability, relevance, completion, "
	 "evidence; drafts open for comment and final ones."),
	 "SELECT id, commitment_id, assessor_actor_id, verifiable, relevance, relevance_note, "
	 "completion, narrative, links, status, comment_opens, comment_closes, response, "
	 "created_at, finalised_at", "FROM assessment WHERE 1 = 1",
	 assessment_key, assessment_fields, assessment_fkeys},
	{"assessment_comment", N_("Comments on assessments"),
	 N_("The comments an assessment received during its comment period."),
	 "SELECT id, assessment_id, actor_id, body, created_at",
	 "FROM assessment_comment WHERE 1 = 1",
	 assessment_comment_key, assessment_comment_fields, assessment_comment_fkeys},
	{"name_translation", N_("Names in more languages"),
	 N_("The names of objectives, principles, regions, events and indicators in the "
	 "languages beyond English and French."),
	 "SELECT kind, key, field, lang, text", "FROM name_translation WHERE 1 = 1",
	 export_name_translation_key, export_name_translation_fields, NULL},
	{"indicator", N_("Indicators"),
	 N_("The indicators the Compact is measured against, each with its source."),
	 "SELECT code, sdg, name_en, name_fr, unit, direction, target, target_year, custodian, "
	 "source, source_url", "FROM indicator WHERE 1 = 1", indicator_key, indicator_fields, NULL},
	{"indicator_objective", N_("Objectives each indicator measures"),
	 N_("Which objectives of the Compact each indicator measures."),
	 "SELECT code, objective", "FROM indicator_objective WHERE 1 = 1",
	 indicator_objective_key, indicator_objective_fields, indicator_objective_fkeys},
	{"indicator_value", N_("National values of the indicators"),
	 N_("Each country's values of each indicator, by year and breakdown."),
	 "SELECT code, iso3, sex, age, migratory_status, period, value, origin",
	 "FROM indicator_value WHERE 1 = 1",
	 indicator_value_key, indicator_value_fields, indicator_value_fkeys},
};
const size_t export_ntables = ARRAY_LEN(export_tables);
