/* practices_check.c — validation of a practice's input (the form and the
 * API share practice_validate) and of the list's filter
 * (practices_filter_check), each a field table (validate.h).
 *
 * The kinds of validate.h check each value's form; the checks here add
 * what only a practice knows: codes and ids that must exist (asked of the
 * database: a practice names a few of each), lists without repeats, the
 * rules between fields (the years, countries or regions). Errors are
 * message ids with their arguments, keyed by the input's field name. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "compact.h"
#include "countries.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "langtag.h"
#include "practices.h"
#include "practices_impl.h"
#include "util.h"
#include "validate.h"

static const char MSG_LANG[] = N_("Enter a language code such as fr, en or es.");
static const char MSG_OBJECTIVE[] = N_("Objectives are numbered from 1 to {max}.");
static const char MSG_PRINCIPLE[] = N_("Unknown guiding principle.");
static const char MSG_COUNTRY[] = N_("Unknown country code.");
static const char MSG_REGION[] = N_("Unknown region code.");
static const char MSG_WHERE[] = N_("Name at least one country or region.");
static const char MSG_YEAR[] = N_("Enter a year from {min} to {max}.");
static const char MSG_END_BEFORE[] = N_("The end year is before the start year.");
static const char MSG_ACTOR[] = N_("Unknown actor.");
static const char MSG_PARTNER[] = N_("Each partner is an actor's number or an organisation's name.");
static const char MSG_COMMITMENT[] = N_("No commitment has this number.");
static const char MSG_CALL[] = N_("No call for practices has this number.");
static const char MSG_CURSOR[] =
	N_("This page link is not valid any more: start from the first page.");

/* Each item of a list field found by sql ($1 the item), repeats dropped. */
static int check_each(struct valid *v, const struct field *f, json_t **value, const char *sql)
{
	size_t i;
	json_t *x;
	json_array_foreach(*value, i, x) {
		struct db_arg a = json_is_integer(x) ? DB_INT(json_integer_value(x)) :
		                  DB_TEXT(json_string_value(x));
		if (!fields_exists(v, sql, a))
			return fields_refuse(v, f, NULL);
	}
	fields_drop_repeats(value);
	return 0;
}

/* ---- The checks of a practice's fields --------------------------------------- */

static int check_lang(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(*value);
	return s && langtag_valid(s, strlen(s)) ? 0 : fields_refuse(v, f, NULL);
}

static int check_principles(struct valid *v, const struct field *f, json_t **value)
{
	return check_each(v, f, value, "SELECT count(*) FROM principle WHERE slug = $1");
}

static int check_countries(struct valid *v, const struct field *f, json_t **value)
{
	return check_each(v, f, value, "SELECT count(*) FROM country WHERE iso3 = $1");
}

/* Regions by M49 code; with the countries, at least one place. */
static int check_regions(struct valid *v, const struct field *f, json_t **value)
{
	size_t i;
	json_t *x;
	json_array_foreach(*value, i, x)
		if (!m49_code_valid(json_string_value(x)))
			return fields_refuse(v, f, NULL);
	if (check_each(v, f, value, "SELECT count(*) FROM region WHERE m49 = $1") < 0)
		return -1;
	if (json_array_size(*value) == 0 && !json_object_get(v->errors, "countries") &&
	    json_array_size(json_object_get(v->clean, "countries")) == 0) {
		valid_error(v->errors, "countries", MSG_WHERE);
		return -1;
	}
	return 0;
}

static int check_end(struct valid *v, const struct field *f, json_t **value)
{
	const json_t *start = json_object_get(v->errors, "start_year") ? NULL :
	                      json_object_get(v->clean, "start_year");
	if (json_is_integer(start) && json_is_integer(*value) &&
	    json_integer_value(*value) < json_integer_value(start))
		return fields_refuse(v, f, MSG_END_BEFORE);
	return 0;
}

static int check_actor(struct valid *v, const struct field *f, json_t **value)
{
	return fields_exists(v, "SELECT count(*) FROM actor WHERE id = $1",
	                     DB_INT(json_integer_value(*value))) ? 0 : fields_refuse(v, f, NULL);
}

static const struct field partner_name = {
	"partners", FIELD_TEXT, 0, .max = PRACTICE_NAME_MAX,
};

/* A partner: an actor's number (alone, as digits, or {"actor_id"}) or an
 * organisation's name (a text, or {"name"}). */
static json_t *partner(struct valid *v, const struct field *f, const json_t *item,
                       const json_t *done)
{
	const json_t *x = item;
	if (json_is_object(item))
		x = json_object_get(item, "actor_id") ? json_object_get(item, "actor_id") :
		    json_object_get(item, "name");
	if (valid_blank(x))
		return json_null();
	int64_t id = 0;
	if (json_is_integer(x))
		id = json_integer_value(x);
	else if (json_is_string(x) && strspn(json_string_value(x), "0123456789 ") ==
	         json_string_length(x) && parse_int64(json_string_value(x), 1, INT64_MAX, &id) < 0)
		id = -1;
	if (id < 0 || (json_is_integer(x) && id <= 0) ||
	    (id > 0 && !fields_exists(v, "SELECT count(*) FROM actor WHERE id = $1", DB_INT(id)))) {
		valid_error(v->errors, f->name, id > 0 ? MSG_ACTOR : MSG_PARTNER);
		return NULL;
	}
	json_t *out;
	if (id > 0) {
		out = json_pack("{s:I, s:n}", "actor_id", (json_int_t)id, "name");
	} else {
		json_t *name = valid_value(v, &partner_name, f->name, x);
		if (!name)
			return NULL;
		out = json_pack("{s:n, s:o}", "actor_id", "name", name);
	}
	return out;
}

static int check_partners(struct valid *v, const struct field *f, json_t **value)
{
	if (fields_items(v, f, value, true, PRACTICE_MAX_LIST, partner) < 0)
		return -1;
	fields_drop_repeats(value);
	return 0;
}

static int check_links(struct valid *v, const struct field *f, json_t **value)
{
	return fields_urls(v, f, value, PRACTICE_MAX_LIST);
}

static int check_commitments(struct valid *v, const struct field *f, json_t **value)
{
	return check_each(v, f, value, "SELECT count(*) FROM commitment WHERE id = $1");
}

static int check_call(struct valid *v, const struct field *f, json_t **value)
{
	if (json_is_null(*value))
		return 0;
	return fields_exists(v, "SELECT count(*) FROM practice_call WHERE id = $1",
	                     DB_INT(json_integer_value(*value))) ? 0 : fields_refuse(v, f, NULL);
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

/* The texts of a practice, and of its translations: its searchable text. */
#define PRACTICE_TEXTS \
	{"title", FIELD_TEXT, FIELD_REQUIRED, .max = PRACTICE_TITLE_MAX}, \
	{"summary", FIELD_TEXTAREA, FIELD_REQUIRED, .max = PRACTICE_SUMMARY_MAX}, \
	{"context", FIELD_TEXTAREA, 0, .max = PRACTICE_TEXT_MAX, .check = fields_text_or_empty}, \
	{"actions", FIELD_TEXTAREA, 0, .max = PRACTICE_TEXT_MAX, .check = fields_text_or_empty}, \
	{"results", FIELD_TEXTAREA, 0, .max = PRACTICE_TEXT_MAX, .check = fields_text_or_empty}, \
	{"lessons", FIELD_TEXTAREA, 0, .max = PRACTICE_TEXT_MAX, .check = fields_text_or_empty}
#define PRACTICE_LANG \
	{"lang", FIELD_TEXT, FIELD_REQUIRED | FIELD_LOWER, .max = 16, .check = check_lang, \
	 .msgid = MSG_LANG}

const struct field practice_translation_fields[] = {
	PRACTICE_LANG,
	PRACTICE_TEXTS,
};
const size_t practice_translation_nfields = ARRAY_LEN(practice_translation_fields);

/* In this order: end_year compares with start_year, regions with
 * countries. */
static const struct field practice_fields[] = {
	{"actor_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX, .check = check_actor,
	 .msgid = MSG_ACTOR},
	PRACTICE_TEXTS,
	PRACTICE_LANG,
	{"start_year", FIELD_INT, FIELD_REQUIRED, .min = PRACTICE_YEAR_MIN, .max = PRACTICE_YEAR_MAX,
	 .msgid = MSG_YEAR},
	{"end_year", FIELD_INT, 0, .min = PRACTICE_YEAR_MIN, .max = PRACTICE_YEAR_MAX,
	 .check = check_end, .msgid = MSG_YEAR},
	{"level", FIELD_CHOICE, FIELD_REQUIRED, .choices = practice_levels},
	{"type", FIELD_CHOICE, FIELD_REQUIRED, .choices = practice_types},
	{"objectives", FIELD_INT, FIELD_MULTI, .min = 1, .max = COMPACT_OBJECTIVES,
	 .check = fields_objectives, .msgid = MSG_OBJECTIVE},
	{"principles", FIELD_TEXT, FIELD_MULTI, .max = 64, .max_items = PRACTICE_MAX_LIST,
	 .check = check_principles, .msgid = MSG_PRINCIPLE},
	{"countries", FIELD_TEXT, FIELD_MULTI | FIELD_UPPER, .max = 3,
	 .max_items = PRACTICE_MAX_COUNTRIES, .check = check_countries, .msgid = MSG_COUNTRY},
	{"regions", FIELD_TEXT, FIELD_MULTI, .max = 3, .max_items = PRACTICE_MAX_LIST,
	 .check = check_regions, .msgid = MSG_REGION},
	{"partners", FIELD_ANY, 0, .check = check_partners},
	{"links", FIELD_ANY, 0, .check = check_links},
	{"commitments", FIELD_INT, FIELD_MULTI, .min = 1, .max = INT64_MAX,
	 .max_items = PRACTICE_MAX_LIST, .check = check_commitments, .msgid = MSG_COMMITMENT},
	{"call_id", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .check = check_call,
	 .msgid = MSG_CALL},
	{"updated_at", FIELD_ANY, 0, .check = check_seen},
};

int practice_validate(struct db *db, const json_t *input, json_t *errors, json_t **clean)
{
	json_t *out = NULL;
	if (clean)
		*clean = NULL;
	if (!json_is_object(input)) {
		valid_error(errors, "title", N_("This is required."));
		return (int)json_object_size(errors);
	}
	struct fields_db ctx = {db, false};
	int n = valid_check(practice_fields, ARRAY_LEN(practice_fields), input, &ctx, errors, &out);
	if (ctx.failed) {
		json_decref(out);
		return -1;
	}
	if (n == 0 && clean)
		*clean = out;
	else
		json_decref(out);
	return n;
}

/* ---- A list's filter ----------------------------------------------------------- */

static int check_filter_lang(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(*value);
	return !s || langtag_valid(s, strlen(s)) ? 0 : fields_refuse(v, f, NULL);
}

/* A cursor: "<key>~<id>", made by practices_list for the same sort (the
 * key is a publication time or a folded title, printable). */
static int check_cursor(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(*value);
	if (!s)
		return 0;
	const char *tilde = strrchr(s, '~');
	int64_t id;
	if (!tilde || parse_int64(tilde + 1, 1, INT64_MAX, &id) < 0)
		return fields_refuse(v, f, NULL);
	return 0;
}

static const struct field filter_fields[] = {
	{"objective", FIELD_INT, 0, .min = 1, .max = COMPACT_OBJECTIVES, .msgid = MSG_OBJECTIVE},
	{"principle", FIELD_TEXT, 0, .max = 64, .check = fields_slug, .msgid = MSG_PRINCIPLE},
	{"country", FIELD_TEXT, FIELD_UPPER, .max = 3, .check = fields_iso3, .msgid = MSG_COUNTRY},
	{"region", FIELD_TEXT, 0, .max = 3, .check = fields_m49, .msgid = MSG_REGION},
	{"level", FIELD_CHOICE, 0, .choices = practice_levels},
	{"type", FIELD_CHOICE, 0, .choices = practice_types},
	{"actor", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .msgid = MSG_ACTOR},
	{"language", FIELD_TEXT, FIELD_LOWER, .max = 16, .check = check_filter_lang, .msgid = MSG_LANG},
	{"call", FIELD_INT, 0, .min = 1, .max = INT64_MAX, .msgid = MSG_CALL},
	{"year", FIELD_INT, 0, .min = PRACTICE_YEAR_MIN, .max = PRACTICE_YEAR_MAX,
	 .msgid = MSG_YEAR},
	{"q", FIELD_TEXT, 0, .max = PRACTICE_QUERY_MAX},
	{"sort", FIELD_CHOICE, 0, .choices = practice_sorts},
	{"limit", FIELD_INT, 0, .min = 1, .max = PRACTICE_PAGE_MAX},
	{"after", FIELD_TEXT, 0, .max = PRACTICE_CURSOR_MAX, .check = check_cursor,
	 .msgid = MSG_CURSOR},
};

int practices_filter_check(const json_t *query, json_t *errors, json_t **clean)
{
	json_t *out = NULL;
	int n = valid_check(filter_fields, ARRAY_LEN(filter_fields), query, NULL, errors, &out);
	if (clean && n == 0)
		*clean = out;
	else
		json_decref(out);
	return n;
}
