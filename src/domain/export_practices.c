/* export_practices.c — the good practices of the open-data export (issue
 * 13, item 7): what /practices/{id} and /calls/{id} show anyone, table by
 * table, in the shape of export_tables.c (export_impl.h). Only published
 * practices leave, with their approved translations; a draft, a practice
 * under review, rejected or archived, a proposed or superseded
 * translation, the review itself (roster, declarations, decisions,
 * questions) and every account (who created, opened, translated or
 * approved) stay out: export_tables.c's exclusions say why. The links of
 * partnerships to the commitments they deliver and the practices they
 * produced (issue 14) are here too. */
#include "codes.h"
#include "compact.h"
#include "export_impl.h"
#include "i18n.h"
#include "practices.h"
#include "util.h"

#define YEAR_CONSTRAINTS "{\"minimum\": " STRINGIFY(PRACTICE_YEAR_MIN) ", \"maximum\": " \
	STRINGIFY(PRACTICE_YEAR_MAX) "}"

/* A practice anyone may see: listed (published, not hidden by a flag:
 * PRACTICE_LISTED), by an actor anyone may see (the
 * actor table holds only those, and a practice names its actor). The
 * children test it for their practice_id, row by row through the
 * practice's key. */
#define PRACTICE_PUBLIC_IN(col) \
	"EXISTS (SELECT 1 FROM practice pp JOIN actor pa ON pa.id = pp.actor_id " \
	"WHERE pp.id = " col " AND " PRACTICE_LISTED("pp") " AND pa.operators = 0 " \
	"AND pa.status IN ('accredited', 'suspended'))"
#define PRACTICE_ID {"practice_id", "integer", "the practice, as in /practices/{id}", REQ, NULL, \
	NULL}
#define PRACTICE_FKEY {"practice_id", "practice", "id"}
#define PRACTICE_CHILD_KEY(second, text) \
	{{"practice_id", "x.practice_id", false}, {second, "x." second, text}, {0}}

static const struct export_key call_key[] = {{"id", "id", false}, {0}};
static const struct export_field call_fields[] = {
	{"id", "integer", "call number, as in /calls/{id}", REQ, NULL, NULL},
	{"theme", "string", "the theme the call asks practices on", REQ, NULL, NULL},
	{"description", "string", "what the call asks for (Markdown)", 0, NULL, NULL},
	{"deadline", "date", "the last day a submission answers the call (YYYY-MM-DD)", REQ, NULL,
	 NULL},
	{"created_at", "string", TIME_DESC("when the call was opened"), REQ, NULL, TIME_PATTERN},
	{0},
};

static const struct export_key call_objective_key[] = {
	{"call_id", "call_id", false}, {"objective", "objective", false}, {0},
};
static const struct export_field call_objective_fields[] = {
	{"call_id", "integer", "the call", REQ, NULL, NULL},
	{"objective", "integer", "an objective of the Compact the call asks practices for", REQ,
	 NULL, NULL},
	{0},
};
static const struct export_fkey call_objective_fkeys[] = {
	{"call_id", "practice_call", "id"}, {"objective", "objective", "number"}, {0},
};

static const struct export_key call_lang_key[] = {
	{"call_id", "call_id", false}, {"lang", "lang", true}, {0},
};
static const struct export_field call_lang_fields[] = {
	{"call_id", "integer", "the call", REQ, NULL, NULL},
	{"lang", "string", "a language the call accepts submissions in (BCP 47)", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey call_lang_fkeys[] = {{"call_id", "practice_call", "id"}, {0}};

/* Never who created it (an account), its review round or a reason given
 * by reviewers: only what the practice's page shows anyone. */
static const struct export_key practice_key[] = {{"id", "p.id", false}, {0}};
static const struct export_field practice_fields[] = {
	{"id", "integer", "practice number, as in /practices/{id}", REQ, NULL, NULL},
	{"actor_id", "integer", "the actor who submitted it", REQ, NULL, NULL},
	{"call_id", "integer", "the call for practices it answered, if any", 0, NULL, NULL},
	{"title", "string", "title, in the practice's language", REQ, NULL, NULL},
	{"summary", "string", "summary (Markdown), in the practice's language", REQ, NULL, NULL},
	{"context", "string", "the context it answered (Markdown)", 0, NULL, NULL},
	{"actions", "string", "what was done (Markdown)", 0, NULL, NULL},
	{"results", "string", "its results, with figures where there are any (Markdown)", 0, NULL,
	 NULL},
	{"lessons", "string", "lessons learned (Markdown)", 0, NULL, NULL},
	{"start_year", "integer", "the year the work started", REQ, NULL, YEAR_CONSTRAINTS},
	{"end_year", "integer", "the year it ended, if it did", 0, NULL, YEAR_CONSTRAINTS},
	{"level", "string", "local, national, regional or international", REQ, practice_levels,
	 NULL},
	{"type", "string", "policy, programme, project, tool, partnership or other", REQ,
	 practice_types, NULL},
	{"lang", "string", "the language of the original (BCP 47)", REQ, NULL, NULL},
	{"origin", "string", "real; sample or synthetic for demonstration data", REQ,
	 commitment_origins, NULL},
	{"published_at", "string", TIME_DESC("when the peer review published it"), 0, NULL,
	 TIME_PATTERN},
	{"text_updated_at", "string", TIME_DESC("when the original's text last changed (a "
	 "translation made before is older than the original)"), REQ, NULL, TIME_PATTERN},
	{"created_at", "string", TIME_DESC("when it was recorded"), REQ, NULL, TIME_PATTERN},
	{"updated_at", "string", TIME_DESC("when it last changed"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey practice_fkeys[] = {
	{"actor_id", "actor", "id"}, {"call_id", "practice_call", "id"}, {0},
};

static const struct export_key practice_objective_key[] = PRACTICE_CHILD_KEY("objective", false);
static const struct export_field practice_objective_fields[] = {
	PRACTICE_ID,
	{"objective", "integer", "an objective of the Compact the practice relates to", REQ, NULL,
	 NULL},
	{0},
};
static const struct export_fkey practice_objective_fkeys[] = {
	PRACTICE_FKEY, {"objective", "objective", "number"}, {0},
};

static const struct export_key practice_principle_key[] = PRACTICE_CHILD_KEY("principle", true);
static const struct export_field practice_principle_fields[] = {
	PRACTICE_ID,
	{"principle", "string", "a guiding principle the practice respects (its slug)", REQ, NULL,
	 NULL},
	{0},
};
static const struct export_fkey practice_principle_fkeys[] = {
	PRACTICE_FKEY, {"principle", "principle", "slug"}, {0},
};

static const struct export_key practice_country_key[] = PRACTICE_CHILD_KEY("iso3", true);
static const struct export_field practice_country_fields[] = {
	PRACTICE_ID,
	{"iso3", "string", "a country where the practice was carried out", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey practice_country_fkeys[] = {
	PRACTICE_FKEY, {"iso3", "country", "iso3"}, {0},
};

static const struct export_key practice_region_key[] = PRACTICE_CHILD_KEY("m49", true);
static const struct export_field practice_region_fields[] = {
	PRACTICE_ID,
	{"m49", "string", "a region the practice names itself (besides its countries' regions)",
	 REQ, NULL, NULL},
	{0},
};
static const struct export_fkey practice_region_fkeys[] = {
	PRACTICE_FKEY, {"m49", "region", "m49"}, {0},
};

/* A partner that is an actor nobody may see yet (a request pending or
 * declined, which anyone could have written) is not named. */
static const struct export_key practice_partner_key[] = PRACTICE_CHILD_KEY("position", false);
static const struct export_field practice_partner_fields[] = {
	PRACTICE_ID,
	{"position", "integer", "its place in the practice's list of implementing partners", REQ,
	 NULL, NULL},
	{"actor_id", "integer", "an implementing partner that is an actor in Pacte", 0, NULL, NULL},
	{"name", "string", "an implementing partner named by the practice, not an actor in Pacte",
	 0, NULL, NULL},
	{0},
};
static const struct export_fkey practice_partner_fkeys[] = {
	PRACTICE_FKEY, {"actor_id", "actor", "id"}, {0},
};

static const struct export_key practice_link_key[] = PRACTICE_CHILD_KEY("position", false);
static const struct export_field practice_link_fields[] = {
	PRACTICE_ID,
	{"position", "integer", "its place in the practice's list of links", REQ, NULL, NULL},
	{"url", "string", "a web page on the practice", REQ, NULL, "{\"format\": \"uri\"}"},
	{0},
};
static const struct export_fkey practice_link_fkeys[] = {PRACTICE_FKEY, {0}};

static const struct export_key practice_commitment_key[] =
	PRACTICE_CHILD_KEY("commitment_id", false);
static const struct export_field practice_commitment_fields[] = {
	PRACTICE_ID,
	{"commitment_id", "integer", "a commitment the practice delivered", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey practice_commitment_fkeys[] = {
	PRACTICE_FKEY, {"commitment_id", "commitment", "id"}, {0},
};

/* What each partnership delivers and, published ones only, the practices it
 * produced (issue 14; schema/0024_copartners.sql). */
static const struct export_key partnership_commitment_key[] = {
	{"partnership_id", "partnership_id", false}, {"commitment_id", "commitment_id", false},
	{0},
};
static const struct export_field partnership_commitment_fields[] = {
	{"partnership_id", "integer", "the partnership", REQ, NULL, NULL},
	{"commitment_id", "integer", "a commitment the partnership delivers", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey partnership_commitment_fkeys[] = {
	{"partnership_id", "partnership", "id"}, {"commitment_id", "commitment", "id"}, {0},
};

static const struct export_key partnership_practice_key[] = {
	{"partnership_id", "x.partnership_id", false}, {"practice_id", "x.practice_id", false},
	{0},
};
static const struct export_field partnership_practice_fields[] = {
	{"partnership_id", "integer", "the partnership, as in /partnerships/{id}", REQ, NULL, NULL},
	PRACTICE_ID,
	{0},
};
static const struct export_fkey partnership_practice_fkeys[] = {
	{"partnership_id", "partnership", "id"}, PRACTICE_FKEY, {0},
};

/* The approved translations only (one per language), never who proposed
 * or approved them: accounts. */
static const struct export_key practice_translation_key[] = {{"id", "x.id", false}, {0}};
static const struct export_field practice_translation_fields[] = {
	{"id", "integer", "translation number", REQ, NULL, NULL},
	PRACTICE_ID,
	{"lang", "string", "the language of the translation (BCP 47)", REQ, NULL, NULL},
	{"title", "string", "the title in that language", REQ, NULL, NULL},
	{"summary", "string", "the summary in that language (Markdown)", REQ, NULL, NULL},
	{"context", "string", "the context in that language (Markdown)", 0, NULL, NULL},
	{"actions", "string", "what was done, in that language (Markdown)", 0, NULL, NULL},
	{"results", "string", "the results in that language (Markdown)", 0, NULL, NULL},
	{"lessons", "string", "the lessons learned in that language (Markdown)", 0, NULL, NULL},
	{"source_updated_at", "string", TIME_DESC("the original's text_updated_at it was made "
	 "from: older than the practice's means the original changed since"), REQ, NULL,
	 TIME_PATTERN},
	{"approved_at", "string", TIME_DESC("when it was approved and published"), 0, NULL,
	 TIME_PATTERN},
	{0},
};
static const struct export_fkey practice_translation_fkeys[] = {PRACTICE_FKEY, {0}};

/* Parents before children. */
const struct export_table export_practice_tables[] = {
	{"practice_call", N_("Calls for good practices"),
	 N_("Themed calls for practices, with their deadlines."),
	 "SELECT id, theme, description, deadline, created_at", "FROM practice_call WHERE 1 = 1",
	 call_key, call_fields, NULL},
	{"practice_call_objective", N_("Objectives of each call for practices"),
	 N_("Which objectives of the Compact each call asks practices for."),
	 "SELECT call_id, objective", "FROM practice_call_objective WHERE 1 = 1",
	 call_objective_key, call_objective_fields, call_objective_fkeys},
	{"practice_call_lang", N_("Languages of each call for practices"),
	 N_("The languages each call accepts submissions in."),
	 "SELECT call_id, lang", "FROM practice_call_lang WHERE 1 = 1",
	 call_lang_key, call_lang_fields, call_lang_fkeys},
	{"practice", N_("Good practices"),
	 N_("Good practices and national experiences, published after peer review."),
	 "SELECT p.id, p.actor_id, p.call_id, p.title, p.summary, p.context, p.actions, "
	 "p.results, p.lessons, p.start_year, p.end_year, p.level, p.type, p.lang, p.origin, "
	 "p.published_at, p.text_updated_at, p.created_at, p.updated_at",
	 "FROM practice p WHERE " PRACTICE_PUBLIC_IN("p.id"),
	 practice_key, practice_fields, practice_fkeys},
	{"practice_objective", N_("Objectives of each good practice"),
	 N_("Which objectives of the Compact each practice relates to."),
	 "SELECT x.practice_id, x.objective",
	 "FROM practice_objective x WHERE " PRACTICE_PUBLIC_IN("x.practice_id"),
	 practice_objective_key, practice_objective_fields, practice_objective_fkeys},
	{"practice_principle", N_("Guiding principles of each good practice"),
	 N_("Which guiding principles each practice respects."),
	 "SELECT x.practice_id, x.principle",
	 "FROM practice_principle x WHERE " PRACTICE_PUBLIC_IN("x.practice_id"),
	 practice_principle_key, practice_principle_fields, practice_principle_fkeys},
	{"practice_country", N_("Countries of each good practice"),
	 N_("Where each practice was carried out."),
	 "SELECT x.practice_id, x.iso3",
	 "FROM practice_country x WHERE " PRACTICE_PUBLIC_IN("x.practice_id"),
	 practice_country_key, practice_country_fields, practice_country_fkeys},
	{"practice_region", N_("Regions of each good practice"),
	 N_("The regions each practice names itself."),
	 "SELECT x.practice_id, x.m49",
	 "FROM practice_region x WHERE " PRACTICE_PUBLIC_IN("x.practice_id"),
	 practice_region_key, practice_region_fields, practice_region_fkeys},
	{"practice_partner", N_("Implementing partners of each good practice"),
	 N_("The actors and organisations that carried each practice out with its submitter."),
	 "SELECT x.practice_id, x.position, x.actor_id, x.name",
	 "FROM practice_partner x WHERE " PRACTICE_PUBLIC_IN("x.practice_id") " AND "
	 "(x.actor_id IS NULL OR EXISTS (SELECT 1 FROM actor a WHERE a.id = x.actor_id "
	 "AND a.operators = 0 AND a.status IN ('accredited', 'suspended')))",
	 practice_partner_key, practice_partner_fields, practice_partner_fkeys},
	{"practice_link", N_("Links of each good practice"),
	 N_("Web pages on each practice."),
	 "SELECT x.practice_id, x.position, x.url",
	 "FROM practice_link x WHERE " PRACTICE_PUBLIC_IN("x.practice_id"),
	 practice_link_key, practice_link_fields, practice_link_fkeys},
	{"practice_commitment", N_("Commitments each good practice delivered"),
	 N_("The commitments each practice cites as delivered by it."),
	 "SELECT x.practice_id, x.commitment_id",
	 "FROM practice_commitment x WHERE " PRACTICE_PUBLIC_IN("x.practice_id") " AND "
	 COMMITMENT_SHOWN("x.commitment_id"),
	 practice_commitment_key, practice_commitment_fields, practice_commitment_fkeys},
	{"partnership_commitment", N_("Commitments each partnership delivers"),
	 N_("The commitments each partnership carries out, as its lead linked them."),
	 "SELECT partnership_id, commitment_id",
	 "FROM partnership_commitment WHERE " COMMITMENT_SHOWN("commitment_id"),
	 partnership_commitment_key, partnership_commitment_fields, partnership_commitment_fkeys},
	{"partnership_practice", N_("Good practices each partnership produced"),
	 N_("The published practices each partnership led to, as its lead linked them."),
	 "SELECT x.partnership_id, x.practice_id",
	 "FROM partnership_practice x WHERE " PRACTICE_PUBLIC_IN("x.practice_id"),
	 partnership_practice_key, partnership_practice_fields, partnership_practice_fkeys},
	{"practice_translation", N_("Translations of good practices"),
	 N_("A practice's texts in other languages, as approved."),
	 "SELECT x.id, x.practice_id, x.lang, x.title, x.summary, x.context, x.actions, "
	 "x.results, x.lessons, x.source_updated_at, x.approved_at",
	 "FROM practice_translation x WHERE x.status = 'approved' AND "
	 PRACTICE_PUBLIC_IN("x.practice_id"),
	 practice_translation_key, practice_translation_fields, practice_translation_fkeys},
};
const size_t export_practice_ntables = ARRAY_LEN(export_practice_tables);
