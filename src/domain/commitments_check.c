/* commitments_check.c — validation of a commitment's input (the web form,
 * the API and the importer share commitment_validate) and of a list's
 * filter (commitment_filter_check), each a field table (validate.h).
 *
 * commitment_validate checks a JSON object against reference sets read
 * once (struct commitment_refs, the table's context) and gives back a
 * normalised object that the writes take as they are. The kinds of
 * validate.h check each value's form; the checks here add what only a
 * commitment knows: codes that must exist, lists without repeats, the
 * rules between fields (dates, kind and participants). Errors are message
 * ids with their arguments, keyed by the input's top-level field name. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "commitments.h"
#include "commitments_impl.h"
#include "compact.h"
#include "countries.h"
#include "fields.h"
#include "i18n.h"
#include "util.h"
#include "validate.h"

static const char MSG_LANG[] = N_("Enter a language code such as fr, en or es.");
static const char MSG_OBJECTIVE[] = N_("Objectives are numbered from 1 to {max}.");
static const char MSG_PRINCIPLE[] = N_("Unknown guiding principle.");
static const char MSG_COUNTRY[] = N_("Unknown country code.");
static const char MSG_CHOICE[] = N_("This is not one of the allowed choices.");
static const char MSG_TARGET_BEFORE[] = N_("The target date is before the start date.");
static const char MSG_OWNER[] = N_("Unknown actor.");
static const char MSG_NOT_ACCREDITED[] =
	N_("This organisation is awaiting accreditation: it can be named once accredited.");
static const char MSG_INDICATOR_NAME[] = N_("Each indicator needs a name.");
static const char MSG_INDICATOR[] = N_("Expected an object.");
static const char MSG_WHOLE[] = N_("Enter a whole number.");
static const char MSG_PARTICIPANTS_KIND[] =
	N_("Only common and partnership commitments have participants.");
static const char MSG_PARTICIPANT_OWNER[] = N_("The owner cannot also be a participant.");
static const char MSG_PARTICIPANT_TWICE[] =
	N_("An actor takes one part in a commitment: it is already named in another role.");
static const char MSG_MATCHES_REQUIRED[] =
	N_("A matching commitment names the commitment it matches.");
static const char MSG_MATCHES_KIND[] =
	N_("Only a matching commitment names a commitment it matches.");
const char commitment_msg_matches_unknown[] = N_("No commitment has this number.");
static const char MSG_TRANSLATION[] =
	N_("Each translation needs a language code other than the commitment's, once, and a title.");
const char commitment_msg_indicator_id[] = N_("This indicator does not belong to the commitment.");
static const char MSG_CURSOR[] =
	N_("This page link is not valid any more: start from the first page.");

/* ---- Small pieces ------------------------------------------------------------- */

/* Reports f's own message (its msgid) and returns -1, as a check does. */
static int refuse(struct valid *v, const struct field *f, const char *msgid)
{
	valid_error(v->errors, f->name, msgid ? msgid : f->msgid);
	return -1;
}

/* A field checked earlier in the table, as a string, or NULL when it is
 * not given or was refused (a later rule then has nothing to compare). */
static const char *earlier_str(const struct valid *v, const char *name)
{
	return json_object_get(v->errors, name) ? NULL :
	       json_string_value(json_object_get(v->clean, name));
}

/* "fr", "en", "ast", "pt-BR", "zh-Hans": a primary language subtag and an
 * optional region or script. */
static bool lang_valid(const char *s)
{
	size_t i = 0;
	while (s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 3)
		return false;
	if (!s[i])
		return true;
	if (s[i] != '-')
		return false;
	size_t j = ++i;
	while (isalnum((unsigned char)s[i]))
		i++;
	return !s[i] && i - j >= 2 && i - j <= 8;
}

/* ---- The checks of a commitment's fields ------------------------------------------ */

static int check_lang(struct valid *v, const struct field *f, json_t **value)
{
	return json_is_string(*value) && lang_valid(json_string_value(*value)) ? 0 : refuse(v, f, NULL);
}

/* Each code of the list known to the reference sets. */
static int check_known(struct valid *v, const struct field *f, json_t **value,
                       bool (*known)(const struct commitment_refs *, const char *))
{
	size_t i;
	json_t *c;
	json_array_foreach(*value, i, c)
		if (!known(v->ctx, json_string_value(c)))
			return refuse(v, f, NULL);
	fields_drop_repeats(value);
	return 0;
}

static int check_principles(struct valid *v, const struct field *f, json_t **value)
{
	return check_known(v, f, value, refs_principle);
}

static int check_countries(struct valid *v, const struct field *f, json_t **value)
{
	return check_known(v, f, value, refs_country);
}

static int check_target(struct valid *v, const struct field *f, json_t **value)
{
	const char *start = earlier_str(v, "start_date"), *target = json_string_value(*value);
	return start && target && strcmp(target, start) < 0 ? refuse(v, f, MSG_TARGET_BEFORE) : 0;
}

/* A code left out takes its default. */
static int default_code(json_t **value, const char *code)
{
	if (json_is_null(*value)) {
		json_decref(*value);
		*value = json_string(code);
	}
	return 0;
}

static int default_status(struct valid *v, const struct field *f, json_t **value)
{
	return default_code(value, "planned");
}

static int default_kind(struct valid *v, const struct field *f, json_t **value)
{
	return default_code(value, "individual");
}

static const struct field translation_title = {
	"title", FIELD_TEXT, 0, .max = COMMITMENT_TITLE_MAX,
};
static const struct field translation_description = {
	"description", FIELD_TEXTAREA, 0, .max = COMMITMENT_DESCRIPTION_MAX,
};

/* A translation {lang, title, description}: in a language other than
 * the commitment's, once, with a title. */
static json_t *translation(struct valid *v, const struct field *f, const json_t *t,
                           const json_t *done)
{
	if (valid_blank(t))
		return json_null();
	const char *lang = earlier_str(v, "lang");
	const char *l = json_string_value(json_object_get(t, "lang"));
	bool again = false;
	size_t k;
	json_t *seen;
	json_array_foreach(done, k, seen)
		again |= l && strcmp(json_string_value(json_object_get(seen, "lang")), l) == 0;
	if (!json_is_object(t) || !l || !lang_valid(l) || (lang && strcmp(l, lang) == 0) ||
	    again || valid_blank(json_object_get(t, "title"))) {
		refuse(v, f, MSG_TRANSLATION);
		return NULL;
	}
	json_t *title = valid_value(v, &translation_title, f->name, json_object_get(t, "title"));
	json_t *d = title ? valid_value(v, &translation_description, f->name,
	                                json_object_get(t, "description")) : NULL;
	if (!d) {
		json_decref(title);
		return NULL;
	}
	if (json_is_null(d)) {
		json_decref(d);
		d = json_string("");
	}
	return json_pack("{s:s, s:o, s:o}", "lang", l, "title", title, "description", d);
}

static int check_translations(struct valid *v, const struct field *f, json_t **value)
{
	return fields_items(v, f, value, false, COMMITMENT_MAX_LIST, translation);
}

static const struct field deliverable_text = {
	"deliverables", FIELD_TEXT, 0, .max = COMMITMENT_ITEM_MAX,
};

static json_t *deliverable(struct valid *v, const struct field *f, const json_t *item,
                           const json_t *done)
{
	return valid_value(v, &deliverable_text, f->name, item);
}

/* Deliverables: a list of one-line texts, or one text with one per line. */
static int check_deliverables(struct valid *v, const struct field *f, json_t **value)
{
	return fields_items(v, f, value, true, COMMITMENT_MAX_LIST, deliverable);
}

/* An indicator's parts, each reported under "indicators". */
static const struct field indicator_parts[] = {
	{"name", FIELD_TEXT, 0, .max = COMMITMENT_ITEM_MAX},
	{"unit", FIELD_TEXT, 0, .max = COMMITMENT_ITEM_MAX},
	{"baseline", FIELD_NUMBER, 0},
	{"target", FIELD_NUMBER, 0},
	{"id", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .msgid = commitment_msg_indicator_id},
};

/* One indicator: {name, unit, baseline, target, id} normalised (unit ""
 * and numbers or null when not given); JSON null for a blank item or a
 * form's empty row. */
static json_t *indicator(struct valid *v, const struct field *f, const json_t *in,
                         const json_t *done)
{
	if (valid_blank(in))
		return json_null();
	if (!json_is_object(in)) {
		valid_error(v->errors, f->name, MSG_INDICATOR);
		return NULL;
	}
	if (valid_blank(json_object_get(in, "name"))) {
		/* A form's empty row: nothing at all is nothing to refuse. */
		for (size_t k = 1; k < 4; k++)
			if (!valid_blank(json_object_get(in, indicator_parts[k].name))) {
				valid_error(v->errors, f->name, MSG_INDICATOR_NAME);
				return NULL;
			}
		return json_null();
	}
	json_t *out = json_object();
	for (size_t k = 0; k < ARRAY_LEN(indicator_parts); k++) {
		const struct field *p = &indicator_parts[k];
		json_t *x = valid_value(v, p, f->name, json_object_get(in, p->name));
		if (!x) {
			json_decref(out);
			return NULL;
		}
		if (strcmp(p->name, "unit") == 0 && json_is_null(x))
			json_decref(x), x = json_string("");
		json_object_set_new(out, p->name, x);
	}
	return out;
}

static int check_indicators(struct valid *v, const struct field *f, json_t **value)
{
	return fields_items(v, f, value, false, COMMITMENT_MAX_LIST, indicator);
}

/* The kind given, when it was accepted. */
static const char *kind_of(const struct valid *v)
{
	return earlier_str(v, "kind");
}

/* The owner exists and is public (an organisation awaiting accreditation
 * is on no page, so it owns nothing yet); a state's commitment applies to
 * the state itself unless it names countries. */
static int check_owner(struct valid *v, const struct field *f, json_t **value)
{
	const struct ref_actor *a = refs_actor(v->ctx, json_integer_value(*value));
	if (!a)
		return refuse(v, f, NULL);
	if (!a->public)
		return refuse(v, f, MSG_NOT_ACCREDITED);
	json_t *countries = json_object_get(v->clean, "countries");
	if (a->state && a->country[0] && !json_object_get(v->errors, "countries") &&
	    json_is_array(countries) && json_array_size(countries) == 0)
		json_array_append_new(countries, json_string(a->country));
	return 0;
}

/* Whether actor id is already named in a role checked before f (the
 * roles' lists come in commitment_participant_roles' order). */
static bool named_before(const struct valid *v, const struct field *f, json_int_t id)
{
	for (size_t r = 0; commitment_participant_roles[r].key; r++) {
		const char *key = commitment_participant_roles[r].key;
		if (strcmp(key, f->name) == 0)
			return false;
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(v->clean, key), i, p)
			if (json_integer_value(p) == id)
				return true;
	}
	return false;
}

/* One role's list of other actors: participants (members), funders,
 * implementing_partners. */
static int check_participants(struct valid *v, const struct field *f, json_t **value)
{
	json_int_t owner = json_object_get(v->errors, "owner_actor_id") ? 0 :
	                   json_integer_value(json_object_get(v->clean, "owner_actor_id"));
	size_t i;
	json_t *p;
	json_array_foreach(*value, i, p) {
		/* One awaiting accreditation may be invited: the invitation
		 * shows nowhere until it is accredited and accepts. */
		if (!refs_actor(v->ctx, json_integer_value(p)))
			return refuse(v, f, NULL);
		if (json_integer_value(p) == owner)
			return refuse(v, f, MSG_PARTICIPANT_OWNER);
		if (named_before(v, f, json_integer_value(p)))
			return refuse(v, f, MSG_PARTICIPANT_TWICE);
	}
	fields_drop_repeats(value);
	const char *kind = kind_of(v);
	bool shared = kind && (strcmp(kind, "common") == 0 || strcmp(kind, "partnership") == 0);
	if (json_array_size(*value) && kind && !shared)
		return refuse(v, f, MSG_PARTICIPANTS_KIND);
	return 0;
}

/* Whether the matched commitment exists is the write's to check. */
static int check_matches(struct valid *v, const struct field *f, json_t **value)
{
	const char *kind = kind_of(v);
	bool matching = kind && strcmp(kind, "matching") == 0;
	if (matching && json_is_null(*value))
		return refuse(v, f, MSG_MATCHES_REQUIRED);
	if (kind && !matching && !json_is_null(*value))
		return refuse(v, f, MSG_MATCHES_KIND);
	return 0;
}

/* The updated_at an editor saw: kept when it is text, else none. */
static int check_seen(struct valid *v, const struct field *f, json_t **value)
{
	if (!json_is_string(*value)) {
		json_decref(*value);
		*value = json_null();
	}
	return 0;
}

/* In this order: translations compare with lang, target_date with
 * start_date, the owner adds to countries, participants and the matched
 * commitment depend on the kind. */
static const struct field commitment_fields[] = {
	{"title", FIELD_TEXT, FIELD_REQUIRED, .max = COMMITMENT_TITLE_MAX},
	{"description", FIELD_TEXTAREA, 0, .max = COMMITMENT_DESCRIPTION_MAX,
	 .check = fields_text_or_empty},
	{"lang", FIELD_TEXT, FIELD_REQUIRED, .max = 16, .check = check_lang, .msgid = MSG_LANG},
	{"translations", FIELD_ANY, 0, .check = check_translations},
	{"objectives", FIELD_INT, FIELD_MULTI, .min = 1, .max = COMPACT_OBJECTIVES,
	 .check = fields_objectives, .msgid = MSG_OBJECTIVE},
	{"principles", FIELD_TEXT, FIELD_MULTI, .max_items = COMMITMENT_MAX_LIST,
	 .check = check_principles, .msgid = MSG_PRINCIPLE},
	{"level", FIELD_CHOICE, FIELD_REQUIRED, .choices = commitment_levels},
	{"countries", FIELD_TEXT, FIELD_MULTI | FIELD_UPPER, .max_items = COMMITMENT_MAX_COUNTRIES,
	 .check = check_countries, .msgid = MSG_COUNTRY},
	{"start_date", FIELD_DATE, 0},
	{"target_date", FIELD_DATE, 0, .check = check_target},
	{"deliverables", FIELD_ANY, 0, .check = check_deliverables},
	{"indicators", FIELD_ANY, 0, .check = check_indicators},
	{"status", FIELD_CHOICE, 0, .choices = commitment_statuses, .check = default_status},
	{"kind", FIELD_CHOICE, 0, .choices = commitment_kinds, .check = default_kind},
	{"form", FIELD_CHOICE, FIELD_REQUIRED, .choices = commitment_forms},
	{"owner_actor_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX,
	 .check = check_owner, .msgid = MSG_OWNER},
	{"participants", FIELD_INT, FIELD_MULTI, .min = 1, .max = INT64_MAX,
	 .max_items = COMMITMENT_MAX_LIST, .check = check_participants, .msgid = MSG_OWNER},
	{"funders", FIELD_INT, FIELD_MULTI, .min = 1, .max = INT64_MAX,
	 .max_items = COMMITMENT_MAX_LIST, .check = check_participants, .msgid = MSG_OWNER},
	{"implementing_partners", FIELD_INT, FIELD_MULTI, .min = 1, .max = INT64_MAX,
	 .max_items = COMMITMENT_MAX_LIST, .check = check_participants, .msgid = MSG_OWNER},
	{"matches_commitment_id", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .check = check_matches,
	 .msgid = MSG_WHOLE},
	{"updated_at", FIELD_ANY, 0, .check = check_seen},
};

bool commitment_field_editable(const char *name)
{
	if (!name || strcmp(name, "owner_actor_id") == 0)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(commitment_fields); i++)
		if (strcmp(commitment_fields[i].name, name) == 0)
			return true;
	return false;
}

int commitment_validate(const struct commitment_refs *refs, const json_t *input,
                        json_t *errors, json_t **clean)
{
	json_t *out = NULL;
	int n;
	if (clean)
		*clean = NULL;
	if (!json_is_object(input)) {
		valid_error(errors, "title", N_("This is required."));
		return (int)json_object_size(errors);
	}
	n = valid_check(commitment_fields, ARRAY_LEN(commitment_fields), input, (void *)refs,
	                errors, &out);
	if (n == 0 && clean)
		*clean = out;
	else
		json_decref(out);
	return n;
}

/* ---- A list's filter ----------------------------------------------------------- */

/* The filter's checks run on what was given (a check sees null too). */
static int check_owner_type(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(*value);
	return !s || strcmp(s, "state") == 0 || code_index(actor_partner_types, s) >= 0 ? 0 :
	       refuse(v, f, MSG_CHOICE);
}

/* A cursor this list made, for the same sort. */
static int check_cursor(struct valid *v, const struct field *f, json_t **value)
{
	/* A refused sort is reported already: nothing to compare with. */
	const struct sort_def *s = json_object_get(v->errors, "sort") ? NULL :
	                           commitments_find_sort(earlier_str(v, "sort"));
	struct cursor cur;
	if (json_is_null(*value))
		return 0;
	if (commitments_cursor_decode(json_string_value(*value), &cur) < 0 ||
	    (s && strcmp(cur.sort, s->code) != 0))
		return refuse(v, f, NULL);
	return 0;
}

/* Named as the query parameters are. */
static const struct field filter_fields[] = {
	{"objective", FIELD_INT, 0, .min = 1, .max = COMPACT_OBJECTIVES, .msgid = MSG_OBJECTIVE},
	{"principle", FIELD_TEXT, 0, .check = fields_slug, .msgid = MSG_PRINCIPLE},
	{"level", FIELD_CHOICE, 0, .choices = commitment_levels},
	{"status", FIELD_CHOICE, 0, .choices = commitment_statuses},
	{"country", FIELD_TEXT, 0, .check = fields_iso3, .msgid = MSG_COUNTRY},
	{"region", FIELD_TEXT, 0, .check = fields_m49},
	{"owner_type", FIELD_TEXT, 0, .check = check_owner_type},
	{"actor", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .msgid = MSG_OWNER},
	{"freshness", FIELD_CHOICE, 0, .choices = commitment_freshnesses},
	{"sort", FIELD_CHOICE, 0, .choices = commitment_sorts},
	{"q", FIELD_TEXT, 0, .max = COMMITMENT_QUERY_MAX},
	{"limit", FIELD_INT, 0, .min = 1, .max = COMMITMENT_PAGE_MAX},
	{"after", FIELD_TEXT, 0, .max = COMMITMENT_CURSOR_MAX, .check = check_cursor,
	 .msgid = MSG_CURSOR},
};

int commitment_filter_check(const struct commitment_filter *f, json_t *errors)
{
	/* The filter as the input it came from: 0 and NULL are "not given". */
	json_t *in = json_object();
	const struct {
		const char *name;
		const char *value;
	} texts[] = {
		{"principle", f->principle}, {"level", f->level}, {"status", f->status},
		{"country", f->country}, {"region", f->region}, {"owner_type", f->owner_type},
		{"freshness", f->freshness}, {"sort", f->sort}, {"after", f->after},
		{"q", f->q},
	};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++)
		if (given(texts[i].value))
			json_object_set_new(in, texts[i].name, json_stringn_nocheck(texts[i].value,
			                    strlen(texts[i].value)));
	if (f->objective)
		json_object_set_new(in, "objective", json_integer(f->objective));
	if (f->actor_id)
		json_object_set_new(in, "actor", json_integer(f->actor_id));
	if (f->limit)
		json_object_set_new(in, "limit", json_integer(f->limit));
	int n = valid_check(filter_fields, ARRAY_LEN(filter_fields), in, NULL, errors, NULL);
	json_decref(in);
	return n;
}
