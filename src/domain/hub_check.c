/* hub_check.c — validation of a need's or offer's input (the form and the
 * API share hub_validate), of an assessment, an owner's step, a withdrawal
 * and the list's filter: each a field table (validate.h).
 *
 * The kinds check each value's form; the checks here add what only the
 * hub knows: the countries must exist, a need's actor must be a state or
 * a local government, the timeframe must not end before it starts. */
#include <string.h>

#include "codes.h"
#include "compact.h"
#include "db.h"
#include "fields.h"
#include "hub.h"
#include "hub_impl.h"
#include "i18n.h"
#include "langtag.h"
#include "util.h"
#include "validate.h"

static const char MSG_ACTOR[] = N_("Unknown actor.");
static const char MSG_NEED_ACTOR[] =
	N_("Only a state or a local government may describe a need.");
static const char MSG_OBJECTIVE[] = N_("Objectives are numbered from 1 to {max}.");
static const char MSG_COUNTRY[] = N_("Unknown country code.");
static const char MSG_NO_COUNTRY[] = N_("Name at least one country.");
static const char MSG_LANG[] = N_("Enter a language code such as fr, en or es.");
static const char MSG_END_BEFORE[] = N_("The end date is before the start date.");
static const char MSG_NOTES[] = N_("Say what the submitter should answer.");
static const char MSG_OUTCOME[] = N_("Describe the outcome before closing.");

/* The checks' context: the database (first, for fields_exists), the side. */
struct hctx {
	struct fields_db q;
	const char *side;
};

static int check_actor(struct valid *v, const struct field *f, json_t **value)
{
	struct hctx *c = v->ctx;
	struct db_arg id = DB_INT(json_integer_value(*value));
	if (!fields_exists(v, "SELECT count(*) FROM actor WHERE id = $1", id))
		return fields_refuse(v, f, MSG_ACTOR);
	if (strcmp(c->side, "need") == 0 &&
	    !fields_exists(v, "SELECT count(*) FROM actor WHERE id = $1 AND (kind = 'state' "
	                   "OR partner_type = 'local_government')", id))
		return fields_refuse(v, f, MSG_NEED_ACTOR);
	return 0;
}

static int check_countries(struct valid *v, const struct field *f, json_t **value)
{
	size_t i;
	json_t *x;
	json_array_foreach(*value, i, x)
		if (!fields_exists(v, "SELECT count(*) FROM country WHERE iso3 = $1",
		                   DB_TEXT(json_string_value(x))))
			return fields_refuse(v, f, MSG_COUNTRY);
	fields_drop_repeats(value);
	if (json_array_size(*value) == 0)
		return fields_refuse(v, f, MSG_NO_COUNTRY);
	return 0;
}

static int check_langs(struct valid *v, const struct field *f, json_t **value)
{
	size_t i;
	json_t *x;
	json_array_foreach(*value, i, x) {
		const char *s = json_string_value(x);
		if (!s || !langtag_valid(s, strlen(s)))
			return fields_refuse(v, f, MSG_LANG);
	}
	fields_drop_repeats(value);
	return 0;
}

static int check_end(struct valid *v, const struct field *f, json_t **value)
{
	const json_t *start = json_object_get(v->errors, "start_date") ? NULL :
	                      json_object_get(v->clean, "start_date");
	if (json_is_string(start) && json_is_string(*value) &&
	    strcmp(json_string_value(*value), json_string_value(start)) < 0)
		return fields_refuse(v, f, MSG_END_BEFORE);
	return 0;
}

/* In this order: end_date compares with start_date. */
static const struct field item_fields[] = {
	{"actor_id", FIELD_INT, FIELD_REQUIRED, .min = 1, .max = INT64_MAX, .check = check_actor,
	 .msgid = MSG_ACTOR},
	{"title", FIELD_TEXT, FIELD_REQUIRED, .max = HUB_TITLE_MAX},
	{"description", FIELD_TEXTAREA, FIELD_REQUIRED, .max = HUB_TEXT_MAX},
	{"support", FIELD_CHOICE, FIELD_REQUIRED, .choices = hub_supports},
	{"objectives", FIELD_INT, FIELD_MULTI, .min = 1, .max = COMPACT_OBJECTIVES,
	 .check = fields_objectives, .msgid = MSG_OBJECTIVE},
	{"countries", FIELD_TEXT, FIELD_MULTI | FIELD_UPPER, .max = 3,
	 .max_items = HUB_MAX_COUNTRIES, .check = check_countries, .msgid = MSG_COUNTRY},
	{"languages", FIELD_TEXT, FIELD_MULTI | FIELD_LOWER, .max = 16,
	 .max_items = HUB_MAX_LANGS, .check = check_langs, .msgid = MSG_LANG},
	{"start_date", FIELD_DATE, 0},
	{"end_date", FIELD_DATE, 0, .check = check_end},
	{"budget", FIELD_CHOICE, 0, .choices = hub_budgets},
	{"capacity", FIELD_TEXTAREA, 0, .max = HUB_TEXT_MAX, .check = fields_text_or_empty},
	{"conditions", FIELD_TEXTAREA, 0, .max = HUB_TEXT_MAX, .check = fields_text_or_empty},
};

int hub_validate(struct db *db, const char *side, const json_t *input, json_t *errors,
                 json_t **clean)
{
	struct hctx c = {{db, false}, side};
	json_t *out = NULL;
	json_t *in = json_is_object(input) ? json_incref((json_t *)input) : json_object();
	int n = valid_check(item_fields, ARRAY_LEN(item_fields), in, &c, errors, &out);
	json_decref(in);
	if (c.q.failed) {
		json_decref(out);
		return -1;
	}
	if (n == 0 && json_is_null(json_object_get(out, "budget")))
		json_object_set_new(out, "budget", json_string("unspecified"));
	if (clean && n == 0)
		*clean = out;
	else
		json_decref(out);
	return n;
}

/* ---- The steps' inputs --------------------------------------------------------- */

static const char *const decisions[] = {"accept", "return", NULL};
static const char *const steps[] = {"implement", "close", NULL};

/* Returning asks questions: the notes are then required. */
static int check_notes(struct valid *v, const struct field *f, json_t **value)
{
	const char *d = json_string_value(json_object_get(v->clean, "decision"));
	if (d && strcmp(d, "return") == 0 && valid_blank(*value))
		return fields_refuse(v, f, MSG_NOTES);
	return fields_text_or_empty(v, f, value);
}

static int check_outcome(struct valid *v, const struct field *f, json_t **value)
{
	const char *s = json_string_value(json_object_get(v->clean, "step"));
	if (s && strcmp(s, "close") == 0 && valid_blank(*value))
		return fields_refuse(v, f, MSG_OUTCOME);
	return fields_text_or_empty(v, f, value);
}

const struct field hub_assess_fields[] = {
	{"decision", FIELD_CHOICE, FIELD_REQUIRED, .choices = decisions},
	{"notes", FIELD_TEXTAREA, 0, .max = HUB_TEXT_MAX, .check = check_notes},
};
const size_t hub_assess_nfields = ARRAY_LEN(hub_assess_fields);

const struct field hub_step_fields[] = {
	{"step", FIELD_CHOICE, FIELD_REQUIRED, .choices = steps},
	{"outcome", FIELD_TEXTAREA, 0, .max = HUB_TEXT_MAX, .check = check_outcome},
};
const size_t hub_step_nfields = ARRAY_LEN(hub_step_fields);

const struct field hub_withdraw_fields[] = {
	{"reason", FIELD_TEXTAREA, 0, .max = HUB_TEXT_MAX, .check = fields_text_or_empty},
};
const size_t hub_withdraw_nfields = ARRAY_LEN(hub_withdraw_fields);

/* ---- The list's filter ------------------------------------------------------------ */

static const char *const sides[] = {"need", "offer", NULL};

static const struct field filter_fields[] = {
	{"side", FIELD_CHOICE, 0, .choices = sides},
	{"objective", FIELD_INT, 0, .min = 1, .max = COMPACT_OBJECTIVES, .msgid = MSG_OBJECTIVE},
	{"country", FIELD_TEXT, FIELD_UPPER, .max = 3, .check = fields_iso3, .msgid = MSG_COUNTRY},
	{"support", FIELD_CHOICE, 0, .choices = hub_supports},
	{"q", FIELD_TEXT, 0, .max = HUB_QUERY_MAX},
};

int hub_filter_check(const json_t *input, json_t *errors, json_t **clean)
{
	json_t *out = NULL;
	int n = valid_check(filter_fields, ARRAY_LEN(filter_fields), input, NULL, errors, &out);
	if (clean && n == 0)
		*clean = out;
	else
		json_decref(out);
	return n;
}
