/* reviews_check.c — the field tables of the reviews module's inputs
 * (validate.h): a draft's summary, links and narratives, a cycle's dates,
 * a written input and a moderator's decision. The checks here add what
 * only a review knows: narratives keyed by objective, the ends of a period
 * not before its starts, an input's subject matching what it names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "compact.h"
#include "fields.h"
#include "i18n.h"
#include "reviews.h"
#include "reviews_impl.h"
#include "util.h"
#include "validate.h"

const char REVIEW_MSG_WINDOW[] = N_("The window for submissions to this cycle is closed.");

static const char MSG_NARRATIVES[] =
	N_("Narratives are given per objective, numbered from 1 to {max}.");
static const char MSG_ORDER[] = N_("This date is before the one it follows.");
static const char MSG_ABOUT_OBJECTIVE[] = N_("Choose the objective the input is about.");
static const char MSG_ABOUT_REVIEW[] = N_("Choose the state whose review the input is about.");
static const char MSG_REASON[] = N_("Give the reason for declining.");

static int check_links(struct valid *v, const struct field *f, json_t **value)
{
	return fields_urls(v, f, value, REVIEW_LINKS_MAX);
}

/* {"N": text} with N an objective's number: each text checked as a
 * narrative, blank ones kept as "" (the write removes them). */
static int check_narratives(struct valid *v, const struct field *f, json_t **value)
{
	static const struct field text = {"narratives", FIELD_TEXTAREA, 0,
	                                  .max = REVIEW_NARRATIVE_MAX};
	if (json_is_null(*value)) {
		json_decref(*value);
		*value = json_object();
		return 0;
	}
	if (!json_is_object(*value)) {
		valid_error_int(v->errors, f->name, MSG_NARRATIVES, "max", COMPACT_OBJECTIVES);
		return -1;
	}
	json_t *out = json_object();
	const char *key;
	json_t *t;
	json_object_foreach(*value, key, t) {
		int64_t n;
		if (strspn(key, "0123456789") != strlen(key) ||
		    parse_int64(key, 1, COMPACT_OBJECTIVES, &n) < 0) {
			json_decref(out);
			valid_error_int(v->errors, f->name, MSG_NARRATIVES, "max", COMPACT_OBJECTIVES);
			return -1;
		}
		char path[48];
		snprintf(path, sizeof path, "narratives.%lld", (long long)n);
		json_t *clean = valid_blank(t) ? json_string("") : valid_value(v, &text, path, t);
		if (!clean) {
			json_decref(out);
			return -1;
		}
		snprintf(path, sizeof path, "%lld", (long long)n);
		json_object_set_new(out, path, clean);
	}
	json_decref(*value);
	*value = out;
	return 0;
}

const struct field review_save_fields[] = {
	{"summary", FIELD_TEXTAREA, 0, .max = REVIEW_SUMMARY_MAX, .check = fields_text_or_empty},
	{"links", FIELD_ANY, 0, .check = check_links},
	{"narratives", FIELD_ANY, 0, .check = check_narratives},
};
const size_t review_save_nfields = ARRAY_LEN(review_save_fields);

/* The field named `after` in the clean values is not after this one. */
static int not_before(struct valid *v, const struct field *f, json_t **value, const char *other)
{
	const char *a = json_string_value(json_object_get(v->clean, other));
	const char *b = json_string_value(*value);
	if (a && b && strcmp(b, a) < 0) {
		valid_error(v->errors, f->name, MSG_ORDER);
		return -1;
	}
	return 0;
}

static int period_end_check(struct valid *v, const struct field *f, json_t **value)
{
	return not_before(v, f, value, "period_start");
}

static int closes_check(struct valid *v, const struct field *f, json_t **value)
{
	return not_before(v, f, value, "opens");
}

const struct field review_cycle_fields[] = {
	{"period_start", FIELD_DATE, FIELD_REQUIRED},
	{"period_end", FIELD_DATE, FIELD_REQUIRED, .check = period_end_check},
	{"opens", FIELD_DATE, FIELD_REQUIRED},
	{"closes", FIELD_DATE, FIELD_REQUIRED, .check = closes_check},
};
const size_t review_cycle_nfields = ARRAY_LEN(review_cycle_fields);

/* The subject's own field is given, and only it. */
static int about_check(struct valid *v, const struct field *f, json_t **value)
{
	const char *about = json_string_value(*value);
	const json_t *objective = json_object_get(v->input, "objective");
	const json_t *iso3 = json_object_get(v->input, "iso3");
	if (about && strcmp(about, "objective") == 0 && valid_blank(objective)) {
		valid_error(v->errors, "objective", MSG_ABOUT_OBJECTIVE);
		return -1;
	}
	if (about && strcmp(about, "review") == 0 && valid_blank(iso3)) {
		valid_error(v->errors, "iso3", MSG_ABOUT_REVIEW);
		return -1;
	}
	return 0;
}

const struct field review_input_fields[] = {
	{"about", FIELD_CHOICE, FIELD_REQUIRED, .choices = review_input_abouts,
	 .check = about_check},
	{"objective", FIELD_INT, 0, .min = 1, .max = COMPACT_OBJECTIVES,
	 .msgid = N_("Objectives are numbered from 1 to {max}.")},
	{"iso3", FIELD_TEXT, FIELD_UPPER, .check = fields_iso3,
	 .msgid = N_("Unknown country code.")},
	{"title", FIELD_TEXT, FIELD_REQUIRED, .max = REVIEW_INPUT_TITLE_MAX},
	{"body", FIELD_TEXTAREA, FIELD_REQUIRED, .max = REVIEW_INPUT_BODY_MAX},
};
const size_t review_input_nfields = ARRAY_LEN(review_input_fields);

static int reason_check(struct valid *v, const struct field *f, json_t **value)
{
	const char *d = json_string_value(json_object_get(v->clean, "decision"));
	if (d && strcmp(d, "decline") == 0 && valid_blank(*value)) {
		valid_error(v->errors, f->name, MSG_REASON);
		return -1;
	}
	return 0;
}

const struct field review_decision_fields[] = {
	{"decision", FIELD_CHOICE, FIELD_REQUIRED, .choices = review_input_decisions},
	{"reason", FIELD_TEXTAREA, 0, .max = REVIEW_REASON_MAX, .check = reason_check},
};
const size_t review_decision_nfields = ARRAY_LEN(review_decision_fields);
