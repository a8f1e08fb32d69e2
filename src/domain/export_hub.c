/* export_hub.c — the events of the Compact and the connection hub in the
 * open-data export (issue 14), in the shape of export_tables.c
 * (export_impl.h): events, positions, sessions, participants and
 * statements; needs and offers anyone may see, their partnerships and the
 * funding pointers. Written after export_tables.c's tables, whose actors,
 * regions and commitments these name, and before the practices'. */
#include "codes.h"
#include "compact.h"
#include "export_impl.h"
#include "hub.h"
#include "i18n.h"
#include "util.h"

/* ---- Events and positions (issue 14; events.h) ------------------------------- */

static const struct export_key event_key[] = {{"slug", "slug", true}, {0}};
static const struct export_field event_fields[] = {
	{"slug", "string", "identifier used in URLs, as in /events/{slug}", REQ, NULL, NULL},
	{"kind", "string", "conference, General Assembly, review forum, regional review …", REQ,
	 event_kinds, NULL},
	{"title_en", "string", "title in English", REQ, NULL, NULL},
	{"title_fr", "string", "title in French", REQ, NULL, NULL},
	{"start_date", "string", "first day (YYYY-MM-DD), or the year alone (YYYY) where the "
	 "record gives only the year", REQ, NULL, NULL},
	{"end_date", "string", "last day (YYYY-MM-DD), or the year alone (YYYY)", REQ, NULL, NULL},
	{"place", "string", "where it was held", 0, NULL, NULL},
	{"online", "integer", "1 when it was held online, else 0", REQ, NULL, "{\"enum\": [0, 1]}"},
	{"organiser", "string", "who organised it", 0, NULL, NULL},
	{"region_m49", "string", "for a regional review, its M49 region", 0, NULL, NULL},
	{"votes_for", "integer", "a recorded vote's total in favour, as the source gives it", 0,
	 NULL, NULL},
	{"votes_against", "integer", "a recorded vote's total against", 0, NULL, NULL},
	{"votes_abstaining", "integer", "a recorded vote's abstentions", 0, NULL, NULL},
	{"votes_not_voting", "integer", "a recorded vote's members not voting", 0, NULL, NULL},
	{"note_en", "string", "a note on the record, in English", 0, NULL, NULL},
	{"note_fr", "string", "a note on the record, in French", 0, NULL, NULL},
	{"source", "string", "where the facts come from", REQ, NULL, NULL},
	{"source_url", "string", "the source's address, when it has one", 0, NULL, NULL},
	{"to_be_checked", "integer", "1 while the facts rest on one public source still to be "
	 "checked, else 0", REQ, NULL, "{\"enum\": [0, 1]}"},
	{0},
};
static const struct export_fkey event_fkeys[] = {{"region_m49", "region", "m49"}, {0}};

static const struct export_key event_position_key[] = {
	{"event_slug", "event_slug", true}, {"iso3", "iso3", true}, {0},
};
static const struct export_field event_position_fields[] = {
	{"event_slug", "string", "the event", REQ, NULL, NULL},
	{"iso3", "string", "the state's country (ISO 3166-1 alpha-3)", REQ, NULL, NULL},
	{"position", "string", "the position the record names; a state without a row has none "
	 "recorded", REQ, event_positions, NULL},
	{"source", "string", "where the position is recorded", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey event_position_fkeys[] = {
	{"event_slug", "event", "slug"}, {"iso3", "country", "iso3"}, {0},
};

/* ---- The connection hub (issue 14; hub.h) -------------------------------------- */

/* Needs and offers anyone may see: assessed and accepted, or later, and
 * not hidden by a flag (HUB_LISTED, hub.h), of an actor anyone may see
 * (ACTOR_PUBLIC, export_impl.h). */
#define HUB_PUBLIC HUB_LISTED("i")
#define HUB_ITEM_ID {"item_id", "integer", "the need or offer, as in /hub/needs/{id} or " \
	"/hub/offers/{id}", REQ, NULL, NULL}
#define HUB_ITEM_FKEY {"item_id", "hub_item", "id"}

static const char *const hub_sides[] = {"need", "offer", NULL};
static const char *const hub_public_statuses[] = {
	"accepted", "matching", "matched", "in_implementation", "closed", NULL,
};

static const struct export_key hub_item_key[] = {{"id", "i.id", false}, {0}};
static const struct export_field hub_item_fields[] = {
	{"id", "integer", "need or offer number", REQ, NULL, NULL},
	{"side", "string", "need (support asked for) or offer (support a partner or state can "
	 "give)", REQ, hub_sides, NULL},
	{"actor_id", "integer", "the actor who asks or offers", REQ, NULL, NULL},
	{"title", "string", "title", REQ, NULL, NULL},
	{"description", "string", "description (Markdown)", REQ, NULL, NULL},
	{"support", "string", "the kind of support", REQ, hub_supports, NULL},
	{"start_date", "date", "from when (YYYY-MM-DD), if said", 0, NULL, NULL},
	{"end_date", "date", "until when (YYYY-MM-DD), if said", 0, NULL, NULL},
	{"budget", "string", "the budget range", REQ, hub_budgets, NULL},
	{"capacity", "string", "an offer's capacity", 0, NULL, NULL},
	{"conditions", "string", "an offer's conditions", 0, NULL, NULL},
	{"status", "string", "where it stands in the workflow", REQ, hub_public_statuses, NULL},
	{"outcome", "string", "the outcome note written when it was closed", 0, NULL, NULL},
	{"origin", "string", "real; synthetic for the demonstration data of 'pacte demo'", REQ,
	 commitment_origins, NULL},
	{"created_at", "string", TIME_DESC("when it was recorded"), REQ, NULL, TIME_PATTERN},
	{"updated_at", "string", TIME_DESC("when it last changed"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey hub_item_fkeys[] = {{"actor_id", "actor", "id"}, {0}};

static const struct export_key hub_item_objective_key[] = {
	{"item_id", "x.item_id", false}, {"objective", "x.objective", false}, {0},
};
static const struct export_field hub_item_objective_fields[] = {
	HUB_ITEM_ID,
	{"objective", "integer", "an objective of the Compact it serves", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey hub_item_objective_fkeys[] = {
	HUB_ITEM_FKEY, {"objective", "objective", "number"}, {0},
};

static const struct export_key hub_item_country_key[] = {
	{"item_id", "x.item_id", false}, {"iso3", "x.iso3", true}, {0},
};
static const struct export_field hub_item_country_fields[] = {
	HUB_ITEM_ID,
	{"iso3", "string", "a country where the support is asked for or given", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey hub_item_country_fkeys[] = {
	HUB_ITEM_FKEY, {"iso3", "country", "iso3"}, {0},
};

static const struct export_key hub_item_lang_key[] = {
	{"item_id", "x.item_id", false}, {"lang", "x.lang", true}, {0},
};
static const struct export_field hub_item_lang_fields[] = {
	HUB_ITEM_ID,
	{"lang", "string", "a working language (BCP 47)", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey hub_item_lang_fkeys[] = {HUB_ITEM_FKEY, {0}};

static const struct export_key partnership_key[] = {{"id", "id", false}, {0}};
static const struct export_field partnership_fields[] = {
	{"id", "integer", "partnership number, as in /partnerships/{id}", REQ, NULL, NULL},
	{"name", "string", "name", REQ, NULL, NULL},
	{"description", "string", "description", 0, NULL, NULL},
	{"need_id", "integer", "the need it answers, if one started it (empty while a flag "
	 "hides that need)", 0, NULL, NULL},
	{"offer_id", "integer", "the offer it uses, if one started it (empty while a flag "
	 "hides that offer)", 0, NULL, NULL},
	{"origin", "string", "real; synthetic for the demonstration data of 'pacte demo'", REQ,
	 commitment_origins, NULL},
	{"created_at", "string", TIME_DESC("when it started"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey partnership_fkeys[] = {
	{"need_id", "hub_item", "id"}, {"offer_id", "hub_item", "id"}, {0},
};

static const struct export_key partnership_member_key[] = {
	{"partnership_id", "m.partnership_id", false}, {"actor_id", "m.actor_id", false}, {0},
};
static const struct export_field partnership_member_fields[] = {
	{"partnership_id", "integer", "the partnership", REQ, NULL, NULL},
	{"actor_id", "integer", "the member actor", REQ, NULL, NULL},
	{"role", "string", "lead, member, funder or implementing partner", REQ, partnership_roles,
	 NULL},
	{"joined_at", "string", TIME_DESC("when it joined"), REQ, NULL, TIME_PATTERN},
	{"withdrawn_at", "string", TIME_DESC("when it withdrew, if it did (the row is kept)"), 0,
	 NULL, NULL},
	{"withdrawn_reason", "string", "why it withdrew, as it said", 0, NULL, NULL},
	{"awaiting", "integer", "1 from the lead adding the member until it confirms, else 0 (1 "
	 "with withdrawn_at: it declined)", REQ, NULL, "{\"enum\": [0, 1]}"},
	{0},
};
static const struct export_fkey partnership_member_fkeys[] = {
	{"partnership_id", "partnership", "id"}, {"actor_id", "actor", "id"}, {0},
};

/* The hub's funding pointers (funding.h): all public, archived ones too
 * (with when). */
static const struct export_key funding_pointer_key[] = {{"id", "id", false}, {0}};
static const struct export_field funding_pointer_fields[] = {
	{"id", "integer", "funding pointer number, as in /hub/funding/{id}", REQ, NULL, NULL},
	{"name", "string", "the fund's name", REQ, NULL, NULL},
	{"url", "string", "the fund's page", REQ, NULL, "{\"format\": \"uri\"}"},
	{"description", "string", "description", 0, NULL, NULL},
	{"source", "string", "where the pointer's facts come from", REQ, NULL, NULL},
	{"source_url", "string", "the source's address, when it has one", 0, NULL, NULL},
	{"archived_at", "string", TIME_DESC("when an administrator took it off the needs' pages, "
	 "if they did"), 0, NULL, NULL},
	{"created_at", "string", TIME_DESC("when it was added"), REQ, NULL, TIME_PATTERN},
	{"updated_at", "string", TIME_DESC("when it last changed"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_key funding_pointer_objective_key[] = {
	{"pointer_id", "pointer_id", false}, {"objective", "objective", false}, {0},
};
static const struct export_field funding_pointer_objective_fields[] = {
	{"pointer_id", "integer", "the funding pointer", REQ, NULL, NULL},
	{"objective", "integer", "an objective it serves (a pointer with none serves all)", REQ,
	 NULL, NULL},
	{0},
};
static const struct export_fkey funding_pointer_objective_fkeys[] = {
	{"pointer_id", "funding_pointer", "id"}, {"objective", "objective", "number"}, {0},
};
static const struct export_key funding_pointer_support_key[] = {
	{"pointer_id", "pointer_id", false}, {"support", "support", true}, {0},
};
static const struct export_field funding_pointer_support_fields[] = {
	{"pointer_id", "integer", "the funding pointer", REQ, NULL, NULL},
	{"support", "string", "a kind of support it gives", REQ, hub_supports, NULL},
	{0},
};
static const struct export_fkey funding_pointer_support_fkeys[] = {
	{"pointer_id", "funding_pointer", "id"}, {0},
};

/* The events in full (events.h): what actors anyone may see recorded
 * around an event; the accounts that recorded it stay out. */
#define EVENT_ACTOR_SEEN(col) "EXISTS (SELECT 1 FROM actor ea WHERE ea.id = " col \
	" AND ea.operators = 0 AND ea.status IN ('accredited', 'suspended'))"
static const struct export_key event_session_key[] = {{"id", "id", false}, {0}};
static const struct export_field event_session_fields[] = {
	{"id", "integer", "session number", REQ, NULL, NULL},
	{"event_slug", "string", "the event", REQ, NULL, NULL},
	{"title", "string", "the session's title", REQ, NULL, NULL},
	{"starts_at", "string", "when it starts, the event's local time (YYYY-MM-DDTHH:MM)", REQ,
	 NULL, NULL},
	{"ends_at", "string", "when it ends, if said", 0, NULL, NULL},
	{0},
};
static const struct export_fkey event_session_fkeys[] = {{"event_slug", "event", "slug"}, {0}};
static const struct export_key event_session_objective_key[] = {
	{"session_id", "session_id", false}, {"objective", "objective", false}, {0},
};
static const struct export_field event_session_objective_fields[] = {
	{"session_id", "integer", "the session", REQ, NULL, NULL},
	{"objective", "integer", "an objective discussed there", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey event_session_objective_fkeys[] = {
	{"session_id", "event_session", "id"}, {"objective", "objective", "number"}, {0},
};
static const struct export_key event_participant_key[] = {
	{"event_slug", "event_slug", true}, {"actor_id", "actor_id", false}, {0},
};
static const struct export_field event_participant_fields[] = {
	{"event_slug", "string", "the event", REQ, NULL, NULL},
	{"actor_id", "integer", "the actor taking part", REQ, NULL, NULL},
	{"role", "string", "its delegation's role", REQ, event_roles, NULL},
	{0},
};
static const struct export_fkey event_participant_fkeys[] = {
	{"event_slug", "event", "slug"}, {"actor_id", "actor", "id"}, {0},
};
static const struct export_key event_statement_key[] = {{"id", "id", false}, {0}};
static const struct export_field event_statement_fields[] = {
	{"id", "integer", "statement number, as in /events/{slug}#statement-{id}", REQ, NULL, NULL},
	{"event_slug", "string", "the event", REQ, NULL, NULL},
	{"session_id", "integer", "the session it was made in, if said", 0, NULL, NULL},
	{"actor_id", "integer", "the actor who made it", REQ, NULL, NULL},
	{"title", "string", "title", REQ, NULL, NULL},
	{"body", "string", "its text (Markdown), if recorded", 0, NULL, NULL},
	{"url", "string", "a link to it, if recorded", 0, NULL, NULL},
	{"lang", "string", "its language (BCP 47)", REQ, NULL, NULL},
	{"created_at", "string", TIME_DESC("when it was recorded"), REQ, NULL, TIME_PATTERN},
	{0},
};
static const struct export_fkey event_statement_fkeys[] = {
	{"event_slug", "event", "slug"}, {"session_id", "event_session", "id"},
	{"actor_id", "actor", "id"}, {0},
};
static const struct export_key event_commitment_key[] = {
	{"commitment_id", "commitment_id", false}, {0},
};
static const struct export_field event_commitment_fields[] = {
	{"commitment_id", "integer", "a commitment announced at the event", REQ, NULL, NULL},
	{"event_slug", "string", "the event", REQ, NULL, NULL},
	{0},
};
static const struct export_fkey event_commitment_fkeys[] = {
	{"commitment_id", "commitment", "id"}, {"event_slug", "event", "slug"}, {0},
};

const struct export_table export_hub_tables[] = {
	{"event", N_("Events of the Compact"),
	 N_("Its adoption, its endorsement, the review forums and the regional reviews, each with "
	 "its source."),
	 "SELECT slug, kind, title_en, title_fr, start_date, end_date, place, online, organiser, "
	 "region_m49, votes_for, votes_against, votes_abstaining, votes_not_voting, note_en, "
	 "note_fr, source, source_url, to_be_checked", "FROM event WHERE 1 = 1",
	 event_key, event_fields, event_fkeys},
	{"event_position", N_("Positions of states at the Compact's events"),
	 N_("Each state's position where the record names it, with its source; any other state's "
	 "is not recorded."),
	 "SELECT event_slug, iso3, position, source", "FROM event_position WHERE 1 = 1",
	 event_position_key, event_position_fields, event_position_fkeys},
	{"hub_item", N_("Needs and offers of the connection hub"),
	 N_("What states and local governments need, and what partners and states offer, once "
	 "assessed and accepted."),
	 "SELECT i.id, i.side, i.actor_id, i.title, i.description, i.support, i.start_date, "
	 "i.end_date, i.budget, i.capacity, i.conditions, i.status, i.outcome, i.origin, "
	 "i.created_at, i.updated_at", "FROM hub_item i JOIN actor a ON a.id = i.actor_id "
	 "WHERE " HUB_PUBLIC " AND " ACTOR_PUBLIC,
	 hub_item_key, hub_item_fields, hub_item_fkeys},
	{"hub_item_objective", N_("Objectives of each need and offer"),
	 N_("Which objectives of the Compact each need or offer serves."),
	 "SELECT x.item_id, x.objective", "FROM hub_item_objective x JOIN hub_item i "
	 "ON i.id = x.item_id JOIN actor a ON a.id = i.actor_id WHERE " HUB_PUBLIC " AND "
	 ACTOR_PUBLIC,
	 hub_item_objective_key, hub_item_objective_fields, hub_item_objective_fkeys},
	{"hub_item_country", N_("Countries of each need and offer"),
	 N_("Where the support is asked for or given."),
	 "SELECT x.item_id, x.iso3", "FROM hub_item_country x JOIN hub_item i "
	 "ON i.id = x.item_id JOIN actor a ON a.id = i.actor_id WHERE " HUB_PUBLIC " AND "
	 ACTOR_PUBLIC,
	 hub_item_country_key, hub_item_country_fields, hub_item_country_fkeys},
	{"hub_item_lang", N_("Working languages of each need and offer"),
	 N_("The languages each need or offer can be worked in."),
	 "SELECT x.item_id, x.lang", "FROM hub_item_lang x JOIN hub_item i "
	 "ON i.id = x.item_id JOIN actor a ON a.id = i.actor_id WHERE " HUB_PUBLIC " AND "
	 ACTOR_PUBLIC,
	 hub_item_lang_key, hub_item_lang_fields, hub_item_lang_fkeys},
	{"partnership", N_("Partnerships"),
	 N_("Multi-actor initiatives, each born of a need and an offer both sides agreed to match."),
	 "SELECT id, name, description, " HUB_SHOWN_ID("partnership.need_id") " AS need_id, "
	 HUB_SHOWN_ID("partnership.offer_id") " AS offer_id, origin, created_at",
	 "FROM partnership WHERE 1 = 1", partnership_key, partnership_fields, partnership_fkeys},
	{"partnership_member", N_("Members of each partnership"),
	 N_("Who acts in each partnership and in what role; those who withdrew are kept, with "
	 "when and why."),
	 "SELECT m.partnership_id, m.actor_id, m.role, m.joined_at, m.withdrawn_at, "
	 "m.withdrawn_reason, m.awaiting", "FROM partnership_member m JOIN actor a ON a.id = m.actor_id "
	 "WHERE " ACTOR_PUBLIC,
	 partnership_member_key, partnership_member_fields, partnership_member_fkeys},
	{"event_session", N_("Sessions of the Compact's events"),
	 N_("Each event's programme: its sessions, when, and the objectives discussed."),
	 "SELECT id, event_slug, title, starts_at, ends_at", "FROM event_session WHERE 1 = 1",
	 event_session_key, event_session_fields, event_session_fkeys},
	{"event_session_objective", N_("Objectives discussed in each session"),
	 N_("Which objectives of the Compact each session discussed."),
	 "SELECT session_id, objective", "FROM event_session_objective WHERE 1 = 1",
	 event_session_objective_key, event_session_objective_fields,
	 event_session_objective_fkeys},
	{"event_participant", N_("Participants in the Compact's events"),
	 N_("The actors that took part in each event, with their delegation's role."),
	 "SELECT event_slug, actor_id, role", "FROM event_participant WHERE "
	 EVENT_ACTOR_SEEN("actor_id"),
	 event_participant_key, event_participant_fields, event_participant_fkeys},
	{"event_statement", N_("Statements made at the Compact's events"),
	 N_("What each actor said at an event: a text, a link to it, or both."),
	 "SELECT id, event_slug, session_id, actor_id, title, body, url, lang, created_at",
	 "FROM event_statement WHERE " EVENT_ACTOR_SEEN("actor_id"),
	 event_statement_key, event_statement_fields, event_statement_fkeys},
	{"event_commitment", N_("Commitments announced at the Compact's events"),
	 N_("The event at which a commitment was announced, where its owner says so."),
	 "SELECT commitment_id, event_slug",
	 "FROM event_commitment WHERE " COMMITMENT_SHOWN("commitment_id"),
	 event_commitment_key, event_commitment_fields, event_commitment_fkeys},
	{"funding_pointer", N_("Funding pointers of the connection hub"),
	 N_("Funds an administrator points needs to, each citing its source."),
	 "SELECT id, name, url, description, source, source_url, archived_at, created_at, "
	 "updated_at", "FROM funding_pointer WHERE 1 = 1",
	 funding_pointer_key, funding_pointer_fields, NULL},
	{"funding_pointer_objective", N_("Objectives of each funding pointer"),
	 N_("Which objectives each fund serves; a fund with none listed serves them all."),
	 "SELECT pointer_id, objective", "FROM funding_pointer_objective WHERE 1 = 1",
	 funding_pointer_objective_key, funding_pointer_objective_fields,
	 funding_pointer_objective_fkeys},
	{"funding_pointer_support", N_("Kinds of support of each funding pointer"),
	 N_("The kinds of support each fund gives."),
	 "SELECT pointer_id, support", "FROM funding_pointer_support WHERE 1 = 1",
	 funding_pointer_support_key, funding_pointer_support_fields,
	 funding_pointer_support_fkeys},
};
const size_t export_hub_ntables = ARRAY_LEN(export_hub_tables);
