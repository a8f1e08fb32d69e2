/* commitments_check.c — validation of a commitment's input (the web form,
 * the API and the importer share commitment_validate) and of a list's
 * filter (commitment_filter_check).
 *
 * commitment_validate checks a JSON object against reference sets read
 * once (struct commitment_refs) and gives back a normalised object that
 * the writes take as they are. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "commitments.h"
#include "commitments_impl.h"
#include "countries.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

static const char MSG_REQUIRED[] = N_("This field is required.");
static const char MSG_TEXT[] = N_("Enter text.");
static const char MSG_UTF8[] = N_("The text is not valid UTF-8.");
static const char MSG_CONTROL[] = N_("Line breaks and control characters are not allowed here.");
static const char MSG_TOO_LONG[] = N_("The text is too long.");
static const char MSG_TITLE_LONG[] = N_("The title is longer than 300 characters.");
static const char MSG_DESCRIPTION_LONG[] = N_("The description is longer than 20,000 characters.");
static const char MSG_LANG[] = N_("Enter a language code such as fr, en or es.");
static const char MSG_NO_OBJECTIVE[] = N_("Choose at least one objective.");
static const char MSG_OBJECTIVE[] = N_("Objectives are numbered from 1 to 23.");
static const char MSG_PRINCIPLE[] = N_("Unknown guiding principle.");
static const char MSG_COUNTRY[] = N_("Unknown country code.");
static const char MSG_CHOICE[] = N_("Choose one of the listed values.");
static const char MSG_DATE[] = N_("Enter a date as YYYY-MM-DD.");
static const char MSG_TARGET_BEFORE[] = N_("The target date is before the start date.");
static const char MSG_OWNER[] = N_("Unknown actor.");
static const char MSG_INDICATOR_NAME[] = N_("Each indicator needs a name.");
static const char MSG_NUMBER[] = N_("Enter a number.");
static const char MSG_TOO_MANY[] = N_("Too many items.");
static const char MSG_LIST[] = N_("Expected a list.");
static const char MSG_WHOLE[] = N_("Enter a whole number.");
static const char MSG_PARTICIPANTS_KIND[] =
	N_("Only common and partnership commitments have participants.");
static const char MSG_PARTICIPANT_OWNER[] = N_("The owner cannot also be a participant.");
static const char MSG_MATCHES_REQUIRED[] =
	N_("A matching commitment names the commitment it matches.");
static const char MSG_MATCHES_KIND[] =
	N_("Only a matching commitment names a commitment it matches.");
const char commitment_msg_matches_unknown[] = N_("No commitment has this number.");
static const char MSG_TRANSLATION[] =
	N_("Each translation needs a language code other than the commitment's, once, and a title.");
const char commitment_msg_indicator_id[] = N_("This indicator does not belong to the commitment.");

struct check {
	const struct commitment_refs *refs;
	const json_t *in;
	json_t *errors;
	json_t *out;
	int nbad;
};

/* Records the first problem of a field; a field the caller already found
 * bad (the form's own checks) keeps its message. */
int cv_error(json_t *errors, const char *field, const char *msgid)
{
	if (json_object_get(errors, field))
		return 0;
	json_object_set_new(errors, field, json_string(msgid));
	return 1;
}

static void bad(struct check *c, const char *field, const char *msgid)
{
	cv_error(c->errors, field, msgid);
	c->nbad++;
}

bool cv_blank(const json_t *v)
{
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return false;
	for (const char *s = json_string_value(v); *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* NULL when s[0..len) is acceptable text, else the msgid saying why. */
static const char *text_problem(const char *s, size_t len, size_t maxchars, bool multiline,
                                const char *too_long)
{
	if (!utf8_valid(s, len))
		return MSG_UTF8;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool allowed = multiline && (ch == '\n' || ch == '\t' || ch == '\r');
		if ((ch < 0x20 || ch == 0x7f) && !allowed)
			return MSG_CONTROL;
	}
	if (utf8_length(s, len) > maxchars)
		return too_long ? too_long : MSG_TOO_LONG;
	return NULL;
}

/* A text with surrounding white space trimmed, as a new JSON string; NULL
 * when v is not a string or the text is refused (*why says why). */
json_t *cv_text(const json_t *v, size_t maxchars, bool multiline,
                          const char *too_long, const char **why)
{
	*why = NULL;
	if (!json_is_string(v)) {
		*why = MSG_TEXT;
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	*why = text_problem(s, len, maxchars, multiline, too_long);
	return *why ? NULL : json_stringn(s, len);
}

/* Reads a text field into out: required or not, "" when optional and
 * absent (or null when null_when_absent). Returns the value or NULL. */
static const char *text_field(struct check *c, const char *key, bool required, size_t maxchars,
                              bool multiline, const char *too_long, bool null_when_absent)
{
	const json_t *v = json_object_get(c->in, key);
	if (cv_blank(v)) {
		if (required)
			bad(c, key, MSG_REQUIRED);
		json_object_set_new(c->out, key, null_when_absent ? json_null() : json_string(""));
		return NULL;
	}
	const char *why;
	json_t *t = cv_text(v, maxchars, multiline, too_long, &why);
	if (!t) {
		bad(c, key, why);
		return NULL;
	}
	json_object_set_new(c->out, key, t);
	return json_string_value(t);
}

/* An integer given as a JSON integer or a string of digits. */
int cv_int(const json_t *v, int64_t min, int64_t max, int64_t *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < min || i > max)
			return -1;
		*out = i;
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	char buf[32];
	const char *s = json_string_value(v);
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return parse_int64(buf, min, max, out);
}

/* A finite number given as a JSON number or a numeric string. 1 a number,
 * 0 blank (no value), -1 not a number. */
int cv_number(const json_t *v, double *out)
{
	if (cv_blank(v))
		return 0;
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return isfinite(*out) ? 1 : -1;
	}
	if (!json_is_string(v))
		return -1;
	const char *s = json_string_value(v);
	char *end;
	double d = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end || !isfinite(d))
		return -1;
	*out = d;
	return 1;
}

/* The items of a list field: an array as it is, a lone value as a list of
 * one, nothing as an empty list. A new reference; NULL when v is an object. */
json_t *cv_list(const json_t *v)
{
	if (!v || json_is_null(v))
		return json_array();
	if (json_is_array(v))
		return json_incref((json_t *)v);
	if (json_is_object(v))
		return NULL;
	json_t *a = json_array();
	json_array_append(a, (json_t *)v);
	return a;
}

/* A code field: one of codes; dflt when absent (NULL: required). */
static const char *choice_field(struct check *c, const char *key, const char *const *codes,
                                const char *dflt)
{
	const json_t *v = json_object_get(c->in, key);
	const char *s = cv_blank(v) ? dflt : json_string_value(v);
	if (!s) {
		bad(c, key, cv_blank(v) ? MSG_REQUIRED : MSG_CHOICE);
		return NULL;
	}
	if (code_index(codes, s) < 0) {
		bad(c, key, MSG_CHOICE);
		return NULL;
	}
	json_object_set_new(c->out, key, json_string(s));
	return json_string_value(json_object_get(c->out, key));
}

static const char *date_field(struct check *c, const char *key)
{
	const json_t *v = json_object_get(c->in, key);
	if (cv_blank(v)) {
		json_object_set_new(c->out, key, json_null());
		return NULL;
	}
	const char *s = json_string_value(v);
	if (!date_valid(s)) {
		bad(c, key, MSG_DATE);
		json_object_set_new(c->out, key, json_null());
		return NULL;
	}
	json_object_set_new(c->out, key, json_string(s));
	return json_string_value(json_object_get(c->out, key));
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

static int cmp_json_int(const void *a, const void *b)
{
	json_int_t x = json_integer_value(*(json_t *const *)a);
	json_int_t y = json_integer_value(*(json_t *const *)b);
	return (x > y) - (x < y);
}

static bool array_has_string(const json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

static bool array_has_int(const json_t *a, json_int_t n)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_integer_value(v) == n)
			return true;
	return false;
}

static void check_objectives(struct check *c)
{
	json_t *out = json_array();
	json_object_set_new(c->out, "objectives", out);
	json_t *list = cv_list(json_object_get(c->in, "objectives"));
	if (!list) {
		bad(c, "objectives", MSG_LIST);
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		int64_t n;
		if (cv_blank(v))
			continue;
		if (cv_int(v, 1, 23, &n) < 0) {
			bad(c, "objectives", MSG_OBJECTIVE);
			break;
		}
		if (!array_has_int(out, n))
			json_array_append_new(out, json_integer(n));
	}
	json_decref(list);
	if (json_array_size(out) == 0)
		bad(c, "objectives", MSG_NO_OBJECTIVE);
	/* Sorted: two commitments with the same objectives compare equal. */
	size_t n = json_array_size(out);
	json_t **items = xmalloc((n + 1) * sizeof(*items));
	for (i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(out, i));
	qsort(items, n, sizeof(*items), cmp_json_int);
	json_array_clear(out);
	for (i = 0; i < n; i++)
		json_array_append_new(out, items[i]);
	free(items);
}

/* A list of codes each of which `known` accepts; upper-cases when asked. */
static void check_codes(struct check *c, const char *key, bool upper, size_t max,
                        bool (*known)(const struct commitment_refs *, const char *),
                        const char *unknown_msg)
{
	json_t *out = json_array();
	json_object_set_new(c->out, key, out);
	json_t *list = cv_list(json_object_get(c->in, key));
	if (!list) {
		bad(c, key, MSG_LIST);
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (cv_blank(v))
			continue;
		const char *s = json_string_value(v);
		char code[72];
		size_t len = s ? strlen(s) : 0;
		if (!s || len >= sizeof code) {
			bad(c, key, unknown_msg);
			break;
		}
		for (size_t k = 0; k <= len; k++)
			code[k] = upper ? (char)toupper((unsigned char)s[k]) : s[k];
		if (!known(c->refs, code)) {
			bad(c, key, unknown_msg);
			break;
		}
		if (!array_has_string(out, code))
			json_array_append_new(out, json_string(code));
	}
	json_decref(list);
	if (json_array_size(out) > max)
		bad(c, key, MSG_TOO_MANY);
}

/* Deliverables: a list of one-line texts, or one text with one per line. */
static void check_deliverables(struct check *c)
{
	json_t *out = json_array();
	json_object_set_new(c->out, "deliverables", out);
	const json_t *v = json_object_get(c->in, "deliverables");
	json_t *list;
	if (json_is_string(v)) {
		list = json_array();
		const char *s = json_string_value(v);
		while (*s) {
			size_t n = strcspn(s, "\n");
			json_array_append_new(list, json_stringn_nocheck(s, n));
			s += n + (s[n] == '\n');
		}
	} else {
		list = cv_list(v);
	}
	if (!list) {
		bad(c, "deliverables", MSG_LIST);
		return;
	}
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item) {
		if (cv_blank(item))
			continue;
		const char *why;
		json_t *t = cv_text(item, COMMITMENT_ITEM_MAX, false, NULL, &why);
		if (!t) {
			bad(c, "deliverables", why ? why : MSG_LIST);
			break;
		}
		json_array_append_new(out, t);
	}
	json_decref(list);
	if (json_array_size(out) > COMMITMENT_MAX_LIST)
		bad(c, "deliverables", MSG_TOO_MANY);
}

static json_t *check_indicator(struct check *c, const json_t *v)
{
	if (!json_is_object(v)) {
		bad(c, "indicators", MSG_LIST);
		return NULL;
	}
	const json_t *name = json_object_get(v, "name");
	if (cv_blank(name)) {
		/* A form's empty row: nothing at all is nothing to refuse. */
		if (cv_blank(json_object_get(v, "unit")) && cv_blank(json_object_get(v, "baseline")) &&
		    cv_blank(json_object_get(v, "target")))
			return json_null();
		bad(c, "indicators", MSG_INDICATOR_NAME);
		return NULL;
	}
	const char *why;
	json_t *n = cv_text(name, COMMITMENT_ITEM_MAX, false, NULL, &why);
	const json_t *unit = json_object_get(v, "unit");
	json_t *u = cv_blank(unit) ? json_string("") :
	            cv_text(unit, COMMITMENT_ITEM_MAX, false, NULL, &why);
	if (!n || !u) {
		bad(c, "indicators", why ? why : MSG_UTF8);
		json_decref(n);
		json_decref(u);
		return NULL;
	}
	json_t *out = json_pack("{s:o, s:o}", "name", n, "unit", u);
	static const char *const numbers[] = {"baseline", "target"};
	for (size_t k = 0; k < ARRAY_LEN(numbers); k++) {
		double d;
		int rc = cv_number(json_object_get(v, numbers[k]), &d);
		if (rc < 0) {
			bad(c, "indicators", MSG_NUMBER);
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, numbers[k], rc ? json_real(d) : json_null());
	}
	const json_t *id = json_object_get(v, "id");
	int64_t iid = 0;
	if (!cv_blank(id) && cv_int(id, 1, INT64_MAX, &iid) < 0) {
		bad(c, "indicators", commitment_msg_indicator_id);
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "id", iid ? json_integer(iid) : json_null());
	return out;
}

static void check_indicators(struct check *c)
{
	json_t *out = json_array();
	json_object_set_new(c->out, "indicators", out);
	json_t *list = cv_list(json_object_get(c->in, "indicators"));
	if (!list || (json_array_size(list) && !json_is_object(json_array_get(list, 0)) &&
	              !cv_blank(json_array_get(list, 0)))) {
		bad(c, "indicators", MSG_LIST);
		json_decref(list);
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (cv_blank(v))
			continue;
		json_t *ind = check_indicator(c, v);
		if (!ind)
			break;
		if (json_is_null(ind))
			json_decref(ind);
		else
			json_array_append_new(out, ind);
	}
	json_decref(list);
	if (json_array_size(out) > COMMITMENT_MAX_LIST)
		bad(c, "indicators", MSG_TOO_MANY);
}

static void check_translations(struct check *c, const char *lang)
{
	json_t *out = json_array();
	json_object_set_new(c->out, "translations", out);
	json_t *list = cv_list(json_object_get(c->in, "translations"));
	if (!list) {
		bad(c, "translations", MSG_LIST);
		return;
	}
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (cv_blank(v))
			continue;
		const json_t *tl = json_object_get(v, "lang");
		const char *l = json_string_value(tl);
		const char *why = NULL;
		if (!json_is_object(v) || !l || !lang_valid(l) || (lang && strcmp(l, lang) == 0) ||
		    cv_blank(json_object_get(v, "title"))) {
			bad(c, "translations", MSG_TRANSLATION);
			break;
		}
		size_t j;
		json_t *seen;
		json_array_foreach(out, j, seen)
			if (strcmp(json_string_value(json_object_get(seen, "lang")), l) == 0)
				why = MSG_TRANSLATION;
		json_t *t = why ? NULL : cv_text(json_object_get(v, "title"),
		                                    COMMITMENT_TITLE_MAX, false, MSG_TITLE_LONG, &why);
		const json_t *dv = json_object_get(v, "description");
		json_t *d = why ? NULL : cv_blank(dv) ? json_string("") :
		            cv_text(dv, COMMITMENT_DESCRIPTION_MAX, true, MSG_DESCRIPTION_LONG, &why);
		if (why) {
			json_decref(t);
			bad(c, "translations", why);
			break;
		}
		json_array_append_new(out, json_pack("{s:s, s:o, s:o}", "lang", l, "title", t,
		                                     "description", d));
	}
	json_decref(list);
	if (json_array_size(out) > COMMITMENT_MAX_LIST)
		bad(c, "translations", MSG_TOO_MANY);
}

/* Owner, participants and the matched commitment. */
static void check_actors(struct check *c, const char *kind)
{
	int64_t owner = 0;
	const json_t *ov = json_object_get(c->in, "owner_actor_id");
	if (cv_blank(ov))
		bad(c, "owner_actor_id", MSG_REQUIRED);
	else if (cv_int(ov, 1, INT64_MAX, &owner) < 0 || !refs_actor(c->refs, owner))
		bad(c, "owner_actor_id", MSG_OWNER), owner = 0;
	json_object_set_new(c->out, "owner_actor_id", owner ? json_integer(owner) : json_null());

	json_t *out = json_array();
	json_object_set_new(c->out, "participants", out);
	json_t *list = cv_list(json_object_get(c->in, "participants"));
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		int64_t id;
		if (cv_blank(v))
			continue;
		if (cv_int(v, 1, INT64_MAX, &id) < 0 || !refs_actor(c->refs, id)) {
			bad(c, "participants", MSG_OWNER);
			break;
		}
		if (id == owner) {
			bad(c, "participants", MSG_PARTICIPANT_OWNER);
			break;
		}
		if (!array_has_int(out, id))
			json_array_append_new(out, json_integer(id));
	}
	if (!list)
		bad(c, "participants", MSG_LIST);
	json_decref(list);
	bool shared = kind && (strcmp(kind, "common") == 0 || strcmp(kind, "partnership") == 0);
	if (json_array_size(out) && kind && !shared)
		bad(c, "participants", MSG_PARTICIPANTS_KIND);
	if (json_array_size(out) > COMMITMENT_MAX_LIST)
		bad(c, "participants", MSG_TOO_MANY);

	const json_t *mv = json_object_get(c->in, "matches_commitment_id");
	int64_t m = 0;
	bool matching = kind && strcmp(kind, "matching") == 0;
	if (!cv_blank(mv) && cv_int(mv, 1, INT64_MAX, &m) < 0)
		bad(c, "matches_commitment_id", MSG_WHOLE);
	else if (matching && !m)
		bad(c, "matches_commitment_id", MSG_MATCHES_REQUIRED);
	else if (!matching && m && kind)
		bad(c, "matches_commitment_id", MSG_MATCHES_KIND);
	json_object_set_new(c->out, "matches_commitment_id", m ? json_integer(m) : json_null());

	/* A state's commitment applies to the state itself unless it says
	 * otherwise. */
	const struct ref_actor *a = owner ? refs_actor(c->refs, owner) : NULL;
	json_t *countries = json_object_get(c->out, "countries");
	if (a && a->state && countries && json_array_size(countries) == 0 && a->country[0])
		json_array_append_new(countries, json_string(a->country));
}

int commitment_validate(const struct commitment_refs *refs, const json_t *input,
                        json_t *errors, json_t **clean)
{
	struct check c = {.refs = refs, .in = input, .errors = errors, .out = json_object()};
	if (clean)
		*clean = NULL;
	if (!json_is_object(input)) {
		bad(&c, "title", MSG_REQUIRED);
		json_decref(c.out);
		return c.nbad;
	}
	text_field(&c, "title", true, COMMITMENT_TITLE_MAX, false, MSG_TITLE_LONG, false);
	text_field(&c, "description", false, COMMITMENT_DESCRIPTION_MAX, true,
	           MSG_DESCRIPTION_LONG, false);
	const char *lang = text_field(&c, "lang", true, 16, false, MSG_LANG, false);
	if (lang && !lang_valid(lang))
		bad(&c, "lang", MSG_LANG), lang = NULL;
	check_translations(&c, lang);
	check_objectives(&c);
	check_codes(&c, "principles", false, COMMITMENT_MAX_LIST, refs_principle, MSG_PRINCIPLE);
	choice_field(&c, "level", commitment_levels, NULL);
	check_codes(&c, "countries", true, COMMITMENT_MAX_COUNTRIES, refs_country, MSG_COUNTRY);
	const char *start = date_field(&c, "start_date");
	const char *target = date_field(&c, "target_date");
	if (start && target && strcmp(target, start) < 0)
		bad(&c, "target_date", MSG_TARGET_BEFORE);
	check_deliverables(&c);
	check_indicators(&c);
	choice_field(&c, "status", commitment_statuses, "planned");
	const char *kind = choice_field(&c, "kind", commitment_kinds, "individual");
	choice_field(&c, "form", commitment_forms, NULL);
	check_actors(&c, kind);
	const json_t *seen = json_object_get(input, "updated_at");
	json_object_set_new(c.out, "updated_at",
	                    json_is_string(seen) ? json_string(json_string_value(seen)) : json_null());
	if (c.nbad == 0 && clean)
		*clean = c.out;
	else
		json_decref(c.out);
	return c.nbad;
}

/* ---- A list's filter ----------------------------------------------------------- */

static bool slug_shape(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
			return false;
	return true;
}

static const char MSG_CURSOR[] = N_("This page link is not valid any more: start from the first page.");

int commitment_filter_check(const struct commitment_filter *f, json_t *errors)
{
	struct check c = {.errors = errors};
	if (f->objective < 0 || f->objective > 23)
		bad(&c, "objective", MSG_OBJECTIVE);
	if (given(f->principle) && !slug_shape(f->principle))
		bad(&c, "principle", MSG_PRINCIPLE);
	if (given(f->level) && code_index(commitment_levels, f->level) < 0)
		bad(&c, "level", MSG_CHOICE);
	if (given(f->status) && code_index(commitment_statuses, f->status) < 0)
		bad(&c, "status", MSG_CHOICE);
	if (given(f->country) && !iso3_code_valid(f->country))
		bad(&c, "country", MSG_COUNTRY);
	if (given(f->region) && !m49_code_valid(f->region))
		bad(&c, "region", MSG_CHOICE);
	if (given(f->owner_type) && strcmp(f->owner_type, "state") != 0 &&
	    code_index(actor_partner_types, f->owner_type) < 0)
		bad(&c, "owner_type", MSG_CHOICE);
	if (f->actor_id < 0)
		bad(&c, "actor", MSG_OWNER);
	if (given(f->freshness) && code_index(commitment_freshnesses, f->freshness) < 0)
		bad(&c, "freshness", MSG_CHOICE);
	const struct sort_def *s = commitments_find_sort(given(f->sort) ? f->sort : NULL);
	if (!s)
		bad(&c, "sort", MSG_CHOICE);
	if (f->limit < 0 || f->limit > COMMITMENT_PAGE_MAX)
		bad(&c, "limit", MSG_CHOICE);
	struct cursor cur;
	if (given(f->after) && (commitments_cursor_decode(f->after, &cur) < 0 ||
	                        (s && strcmp(cur.sort, s->code) != 0)))
		bad(&c, "after", MSG_CURSOR);
	return c.nbad;
}
