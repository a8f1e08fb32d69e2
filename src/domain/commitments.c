/* commitments.c — commitments: code lists, the date rules, validation, the
 * writes (create, edit) and the page models (one commitment, the list, the
 * feed).
 *
 * Validation is one function, commitment_validate, shared by the web form,
 * the API and the importer: it checks a JSON object against reference sets
 * read once (struct commitment_refs) and gives back a normalised object
 * that the writes take as they are. Lists are built from constant SQL
 * fragments (struct commitment_query) with every value a parameter, sorted
 * by an index and paged by a keyset cursor, and read the child rows of a
 * page in one query per child table. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "actors.h"
#include "audit.h"
#include "buf.h"
#include "commitments.h"
#include "countries.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "markdown.h"
#include "permission.h"
#include "progress.h"
#include "text.h"
#include "users.h"
#include "util.h"

/* ---- Code lists ---------------------------------------------------------- */

const char *const commitment_levels[] = {"national", "regional", "international", NULL};
const char *const commitment_level_labels[] = {
	N_("National"), N_("Regional"), N_("International"), NULL,
};
const char *const commitment_statuses[] = {
	"planned", "in_progress", "achieved", "delayed", "discontinued", NULL,
};
const char *const commitment_status_labels[] = {
	N_("Planned"), N_("In progress"), N_("Achieved"), N_("Delayed"), N_("Discontinued"), NULL,
};
const char *const commitment_kinds[] = {
	"individual", "common", "partnership", "matching", NULL,
};
const char *const commitment_kind_labels[] = {
	N_("Individual"), N_("Common"), N_("In partnership"), N_("Matching"), NULL,
};
const char *const commitment_forms[] = {
	"financial", "human_resources", "technical_assistance", "process", "policy", NULL,
};
const char *const commitment_form_labels[] = {
	N_("Financial"), N_("Human resources"), N_("Technical assistance"),
	N_("Process-oriented"), N_("Policy-oriented"), NULL,
};
const char *const commitment_origins[] = {"real", "sample", "synthetic", NULL};
const char *const commitment_freshnesses[] = {"reported", "due", "inactive", "closed", NULL};
const char *const commitment_freshness_labels[] = {
	N_("Reported"), N_("Report due"), N_("Inactive"), N_("Closed"), NULL,
};
const char *const commitment_sorts[] = {"updated", "created", "target_date", "title", NULL};
const char *const commitment_sort_labels[] = {
	N_("Recently updated"), N_("Newest"), N_("Target date"), N_("Title"), NULL,
};

int code_index(const char *const *codes, const char *code)
{
	for (int i = 0; code && codes[i]; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

const char *code_label(const char *const *codes, const char *const *labels, const char *code)
{
	int i = code_index(codes, code);
	return i < 0 ? NULL : labels[i];
}

json_t *code_label_json(const char *locale, const char *const *codes,
                        const char *const *labels, const char *code)
{
	const char *l = code_label(codes, labels, code);
	return l ? json_string(tr(locale, l)) : json_null();
}

/* ---- Small JSON helpers --------------------------------------------------- */

/* A string or null (and null for text jansson refuses: never stored). */
static json_t *jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

static json_t *col_str(struct db_res *res, int col)
{
	return jstr(db_text(res, col));
}

static json_t *col_int(struct db_res *res, int col)
{
	return db_isnull(res, col) ? json_null() : json_integer(db_int(res, col));
}

/* "/commitments/12": a path and an id. */
static json_t *url_json(const char *prefix, int64_t id)
{
	char url[64];
	snprintf(url, sizeof url, "%s%lld", prefix, (long long)id);
	return json_string(url);
}

static json_t *actor_ref(struct db_res *res, int id_col, int name_col)
{
	return json_pack("{s:I, s:o, s:o}", "id", (json_int_t)db_int(res, id_col),
	                 "name", col_str(res, name_col),
	                 "url", url_json("/actors/", db_int(res, id_col)));
}

/* ---- Rules ----------------------------------------------------------------- */

static bool status_closed(const char *status)
{
	return status && (strcmp(status, "achieved") == 0 || strcmp(status, "discontinued") == 0);
}

bool commitment_overdue(const char *target_date, const char *status, const char *today)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	return target_date && *target_date && strcmp(target_date, today) < 0 &&
	       !status_closed(status);
}

const char *commitment_freshness(const char *status, const char *last_report, const char *today)
{
	char buf[DATE_LEN + 1], since[DATE_LEN + 1], before[DATE_LEN + 1];
	if (status_closed(status))
		return "closed";
	today = dates_resolve_today(today, buf);
	date_minus_months(today, 12, since);
	date_minus_months(today, 24, before);
	if (!last_report || strcmp(last_report, before) <= 0)
		return "inactive";
	return strcmp(last_report, since) >= 0 ? "reported" : "due";
}

/* A deliverable states a quantity when it holds a digit: ASCII, or the
 * Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9) ones. */
static bool has_digit(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isdigit(*p))
			return true;
		if ((p[0] == 0xD9 && p[1] >= 0xA0 && p[1] <= 0xA9) ||
		    (p[0] == 0xDB && p[1] >= 0xB0 && p[1] <= 0xB9))
			return true;
	}
	return false;
}

static const struct {
	const char *code;
	const char *label;
} smart_flags[] = {
	{"measurable_deliverable", N_("No measurable deliverable")},
	{"indicator", N_("No indicator")},
	{"target_date", N_("No target date")},
};

json_t *commitment_smart(const json_t *c, const char *locale)
{
	bool measurable = false;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(c, "deliverables"), i, v)
		if (json_is_string(v) && has_digit(json_string_value(v)))
			measurable = true;
	bool indicator = json_array_size(json_object_get(c, "indicators")) > 0;
	const char *target = json_string_value(json_object_get(c, "target_date"));
	bool have[3] = {measurable, indicator, target && *target};
	json_t *missing = json_array();
	for (i = 0; i < ARRAY_LEN(smart_flags); i++)
		if (!have[i])
			json_array_append_new(missing, json_pack("{s:s, s:s}", "code",
			                      smart_flags[i].code, "label",
			                      tr(locale, smart_flags[i].label)));
	return json_pack("{s:b, s:o}", "ok", json_array_size(missing) == 0, "missing", missing);
}

/* ---- Reference sets ---------------------------------------------------------- */

struct ref_actor {
	int64_t id;
	char *name;
	bool state;
	char country[4];
};

struct commitment_refs {
	char (*countries)[4];
	size_t ncountries;
	char **principles;
	size_t nprinciples;
	struct ref_actor *actors;       /* by id */
	size_t nactors;
	struct ref_actor **by_name;     /* by name */
};

static int cmp_str3(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_actor_id(const void *a, const void *b)
{
	int64_t x = ((const struct ref_actor *)a)->id, y = ((const struct ref_actor *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_actor_name(const void *a, const void *b)
{
	return strcmp((*(struct ref_actor *const *)a)->name, (*(struct ref_actor *const *)b)->name);
}

/* Reads every row of a one- or four-column query into the refs. */
static int load_countries(struct db *db, struct commitment_refs *r)
{
	struct db_res *res = db_query(db, "SELECT iso3 FROM country ORDER BY iso3", NO_ARGS);
	if (!res)
		return -1;
	size_t cap = 256;
	r->countries = xmalloc(cap * sizeof(*r->countries));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (r->ncountries == cap)
			r->countries = xrealloc(r->countries, (cap *= 2) * sizeof(*r->countries));
		snprintf(r->countries[r->ncountries++], 4, "%s", db_text(res, 0));
	}
	db_res_free(res);
	qsort(r->countries, r->ncountries, sizeof(*r->countries), cmp_str3);
	return rc;
}

static int load_principles(struct db *db, struct commitment_refs *r)
{
	struct db_res *res = db_query(db, "SELECT slug FROM principle", NO_ARGS);
	if (!res)
		return -1;
	size_t cap = 16;
	r->principles = xmalloc(cap * sizeof(char *));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (r->nprinciples == cap)
			r->principles = xrealloc(r->principles, (cap *= 2) * sizeof(char *));
		r->principles[r->nprinciples++] = xstrdup(db_text(res, 0));
	}
	db_res_free(res);
	qsort(r->principles, r->nprinciples, sizeof(char *), cmp_strp);
	return rc;
}

static int load_actors(struct db *db, struct commitment_refs *r)
{
	struct db_res *res = db_query(db, "SELECT id, name, kind, country_iso3 FROM actor", NO_ARGS);
	if (!res)
		return -1;
	size_t cap = 256;
	r->actors = xmalloc(cap * sizeof(*r->actors));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (r->nactors == cap)
			r->actors = xrealloc(r->actors, (cap *= 2) * sizeof(*r->actors));
		struct ref_actor *a = &r->actors[r->nactors++];
		a->id = db_int(res, 0);
		a->name = xstrdup(db_text(res, 1) ? db_text(res, 1) : "");
		a->state = strcmp(db_text(res, 2), "state") == 0;
		snprintf(a->country, sizeof a->country, "%s", db_text(res, 3) ? db_text(res, 3) : "");
	}
	db_res_free(res);
	qsort(r->actors, r->nactors, sizeof(*r->actors), cmp_actor_id);
	r->by_name = xmalloc((r->nactors + 1) * sizeof(*r->by_name));
	for (size_t i = 0; i < r->nactors; i++)
		r->by_name[i] = &r->actors[i];
	qsort(r->by_name, r->nactors, sizeof(*r->by_name), cmp_actor_name);
	return rc;
}

struct commitment_refs *commitment_refs_load(struct db *db)
{
	struct commitment_refs *r = xcalloc(1, sizeof(*r));
	if (load_countries(db, r) < 0 || load_principles(db, r) < 0 || load_actors(db, r) < 0) {
		commitment_refs_free(r);
		return NULL;
	}
	return r;
}

void commitment_refs_free(struct commitment_refs *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nprinciples; i++)
		free(r->principles[i]);
	for (size_t i = 0; i < r->nactors; i++)
		free(r->actors[i].name);
	free(r->countries);
	free(r->principles);
	free(r->actors);
	free(r->by_name);
	free(r);
}

static bool ref_country(const struct commitment_refs *r, const char *iso3)
{
	return bsearch(iso3, r->countries, r->ncountries, sizeof(*r->countries), cmp_str3) != NULL;
}

static bool ref_principle(const struct commitment_refs *r, const char *slug)
{
	return bsearch(&slug, r->principles, r->nprinciples, sizeof(char *), cmp_strp) != NULL;
}

static const struct ref_actor *ref_actor(const struct commitment_refs *r, int64_t id)
{
	struct ref_actor key = {.id = id};
	return bsearch(&key, r->actors, r->nactors, sizeof(*r->actors), cmp_actor_id);
}

int64_t commitment_refs_actor(const struct commitment_refs *r, const char *name)
{
	if (!name || !*name)
		return 0;
	int64_t id;
	if (parse_int64(name, 1, INT64_MAX, &id) == 0)
		return ref_actor(r, id) ? id : 0;
	/* A three-letter name is a state's ISO3 code first ("MAR"), else an
	 * organisation's name ("IOM"). */
	if (iso3_code_valid(name))
		for (size_t i = 0; i < r->nactors; i++)
			if (r->actors[i].state && strcasecmp(r->actors[i].country, name) == 0)
				return r->actors[i].id;
	struct ref_actor key = {.name = (char *)name}, *kp = &key;
	struct ref_actor **hit = bsearch(&kp, r->by_name, r->nactors, sizeof(*r->by_name),
	                                 cmp_actor_name);
	return hit ? (*hit)->id : 0;
}

/* ---- Validation ------------------------------------------------------------ */

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
static const char MSG_MATCHES_UNKNOWN[] = N_("No commitment has this number.");
static const char MSG_TRANSLATION[] =
	N_("Each translation needs a language code other than the commitment's, once, and a title.");
static const char MSG_INDICATOR_ID[] = N_("This indicator does not belong to the commitment.");

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
		bad(c, "indicators", MSG_INDICATOR_ID);
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
	else if (cv_int(ov, 1, INT64_MAX, &owner) < 0 || !ref_actor(c->refs, owner))
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
		if (cv_int(v, 1, INT64_MAX, &id) < 0 || !ref_actor(c->refs, id)) {
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
	const struct ref_actor *a = owner ? ref_actor(c->refs, owner) : NULL;
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
	check_codes(&c, "principles", false, COMMITMENT_MAX_LIST, ref_principle, MSG_PRINCIPLE);
	choice_field(&c, "level", commitment_levels, NULL);
	check_codes(&c, "countries", true, COMMITMENT_MAX_COUNTRIES, ref_country, MSG_COUNTRY);
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

/* ---- Queries from constant fragments ------------------------------------------ */

void cq_init(struct commitment_query *q, struct db_arg *args)
{
	q->len = 0;
	q->sql[0] = '\0';
	q->args = args;
	q->nargs = 0;
	q->overflow = false;
}

static void cq_append(struct commitment_query *q, const char *s, size_t n)
{
	if (q->overflow || q->len + n >= sizeof q->sql) {
		q->overflow = true;
		return;
	}
	memcpy(q->sql + q->len, s, n);
	q->len += n;
	q->sql[q->len] = '\0';
}

void cq_sql(struct commitment_query *q, const char *fragment)
{
	cq_append(q, fragment, strlen(fragment));
}

void cq_param(struct commitment_query *q, const char *fragment, struct db_arg a)
{
	if (q->nargs >= COMMITMENT_QUERY_ARGS) {
		q->overflow = true;
		return;
	}
	q->args[q->nargs++] = a;
	char num[16];
	int nlen = snprintf(num, sizeof num, "$%zu", q->nargs);
	for (const char *p = fragment; *p;) {
		const char *hit = strstr(p, "$?");
		if (!hit) {
			cq_sql(q, p);
			break;
		}
		cq_append(q, p, (size_t)(hit - p));
		cq_append(q, num, (size_t)nlen);
		p = hit + 2;
	}
}

/* One member of a scope, as the access asks: `gather` is
 * "c.id IN (SELECT commitment_id FROM … WHERE …)", `walk` the same as
 * "EXISTS (SELECT 1 FROM … WHERE x.commitment_id = c.id AND …)". */
static void scope_member(struct commitment_query *q, enum scope_access how,
                         const char *gather, const char *walk, struct db_arg a)
{
	cq_param(q, how == SCOPE_WALK ? walk : gather, a);
}

void cq_scope(struct commitment_query *q, int objective, const char *country,
              const char *region, int64_t actor_id, enum scope_access how)
{
	if (objective > 0)
		scope_member(q, how, " AND c.id IN (SELECT commitment_id FROM commitment_objective "
		             "WHERE objective = $?)", " AND EXISTS (SELECT 1 FROM commitment_objective x "
		             "WHERE x.commitment_id = c.id AND x.objective = $?)", DB_INT(objective));
	if (country && *country)
		scope_member(q, how, " AND c.id IN (SELECT commitment_id FROM commitment_country "
		             "WHERE iso3 = upper($?))", " AND EXISTS (SELECT 1 FROM commitment_country x "
		             "WHERE x.commitment_id = c.id AND x.iso3 = upper($?))", DB_TEXT(country));
	if (region && *region && strcmp(region, "001") != 0)
		scope_member(q, how, " AND c.id IN (SELECT cc.commitment_id FROM commitment_country cc "
		             "JOIN country k ON k.iso3 = cc.iso3 WHERE k.region_m49 = $? "
		             "OR k.subregion_m49 = $? OR k.intermediate_m49 = $?)",
		             " AND EXISTS (SELECT 1 FROM commitment_country x JOIN country k "
		             "ON k.iso3 = x.iso3 WHERE x.commitment_id = c.id AND (k.region_m49 = $? "
		             "OR k.subregion_m49 = $? OR k.intermediate_m49 = $?))", DB_TEXT(region));
	if (actor_id > 0)
		scope_member(q, how, " AND (c.owner_actor_id = $? OR c.id IN (SELECT commitment_id "
		             "FROM commitment_participant WHERE actor_id = $?))",
		             " AND (c.owner_actor_id = $? OR EXISTS (SELECT 1 FROM commitment_participant "
		             "x WHERE x.commitment_id = c.id AND x.actor_id = $?))", DB_INT(actor_id));
}

enum scope_access commitments_scope_access(struct db *db, int64_t matching)
{
	int64_t last = 0;
	if (matching <= 0 ||
	    db_scalar_int(db, &last, 0, "SELECT max(id) FROM commitment", NO_ARGS) < 0)
		return SCOPE_GATHER;
	/* Ids are never reused and rarely deleted: the largest is the count. */
	return matching * 32 >= last ? SCOPE_WALK : SCOPE_GATHER;
}

/* ---- Writes ------------------------------------------------------------------ */

static char *fold(const char *s)
{
	struct buf b;
	buf_init(&b, 8192);
	text_fold(s, strlen(s), &b);
	char *out = xstrdup(buf_str(&b));
	buf_release(&b);
	return out;
}

static const char *jget_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static struct db_arg jarg_text(const json_t *o, const char *key)
{
	const char *s = jget_str(o, key);
	return s ? DB_TEXT(s) : DB_NULL_ARG;
}

static struct db_arg jarg_int(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? DB_INT(json_integer_value(v)) : DB_NULL_ARG;
}

static struct db_arg jarg_real(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_number(v) ? DB_REAL(json_number_value(v)) : DB_NULL_ARG;
}

/* The child rows that an edit replaces whole (indicators are kept: values
 * were reported against them). */
static const char *const child_deletes[] = {
	"DELETE FROM commitment_objective WHERE commitment_id = $1",
	"DELETE FROM commitment_principle WHERE commitment_id = $1",
	"DELETE FROM commitment_country WHERE commitment_id = $1",
	"DELETE FROM commitment_participant WHERE commitment_id = $1",
	"DELETE FROM commitment_translation WHERE commitment_id = $1",
	"DELETE FROM commitment_deliverable WHERE commitment_id = $1",
};

/* One INSERT per item of a list of scalars. */
struct child_list {
	const char *key;
	const char *sql;      /* $1 commitment, $2 value, $3 position when positional */
	bool positional;
};

static const struct child_list child_lists[] = {
	{"objectives", "INSERT INTO commitment_objective (commitment_id, objective) "
	 "VALUES ($1, $2)", false},
	{"principles", "INSERT INTO commitment_principle (commitment_id, principle) "
	 "VALUES ($1, $2)", false},
	{"countries", "INSERT INTO commitment_country (commitment_id, iso3) VALUES ($1, $2)", false},
	{"participants", "INSERT INTO commitment_participant (commitment_id, actor_id) "
	 "VALUES ($1, $2)", false},
	{"deliverables", "INSERT INTO commitment_deliverable (commitment_id, text, position) "
	 "VALUES ($1, $2, $3)", true},
};

static struct db_arg scalar_arg(const json_t *v)
{
	return json_is_integer(v) ? DB_INT(json_integer_value(v)) : DB_TEXT(json_string_value(v));
}

static int write_children(struct db *db, int64_t id, const json_t *clean, bool replace)
{
	if (replace)
		for (size_t i = 0; i < ARRAY_LEN(child_deletes); i++)
			if (db_exec(db, child_deletes[i], DB_ARGS(DB_INT(id))) < 0)
				return -1;
	for (size_t k = 0; k < ARRAY_LEN(child_lists); k++) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(clean, child_lists[k].key), i, v) {
			int64_t rc = child_lists[k].positional ?
				db_exec(db, child_lists[k].sql, DB_ARGS(DB_INT(id), scalar_arg(v),
				        DB_INT(i))) :
				db_exec(db, child_lists[k].sql, DB_ARGS(DB_INT(id), scalar_arg(v)));
			if (rc < 0)
				return -1;
		}
	}
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(clean, "translations"), i, t)
		if (db_exec(db, "INSERT INTO commitment_translation (commitment_id, lang, title, "
		            "description) VALUES ($1, $2, $3, $4)", DB_ARGS(DB_INT(id),
		            jarg_text(t, "lang"), jarg_text(t, "title"),
		            jarg_text(t, "description"))) < 0)
			return -1;
	return 0;
}

static int insert_indicator(struct db *db, int64_t id, const json_t *ind, size_t position)
{
	return db_exec(db, "INSERT INTO commitment_indicator (commitment_id, position, name, unit, "
	               "baseline, target) VALUES ($1, $2, $3, $4, $5, $6)",
	               DB_ARGS(DB_INT(id), DB_INT(position), jarg_text(ind, "name"),
	               jarg_text(ind, "unit"), jarg_real(ind, "baseline"),
	               jarg_real(ind, "target"))) < 0 ? -1 : 0;
}

static int matches_exists(struct db *db, const json_t *clean, bool *ok)
{
	const json_t *m = json_object_get(clean, "matches_commitment_id");
	*ok = true;
	if (!json_is_integer(m))
		return 0;
	int64_t n;
	if (db_scalar_int(db, &n, 0, "SELECT count(*) FROM commitment WHERE id = $1",
	                  DB_ARGS(DB_INT(json_integer_value(m)))) < 0)
		return -1;
	*ok = n > 0;
	return 0;
}

int commitments_insert(struct db *db, const json_t *clean, const char *origin,
                       const char *created_at, int64_t *id, const char **bad_field)
{
	*bad_field = NULL;
	bool ok;
	if (matches_exists(db, clean, &ok) < 0)
		return -1;
	if (!ok) {
		*bad_field = "matches_commitment_id";
		return -1;
	}
	char now[AUDIT_TIME_LEN + 1], day[DATE_LEN + 1];
	if (!created_at) {
		audit_time(now, 0);
		created_at = now;
	}
	snprintf(day, sizeof day, "%.10s", created_at);
	char *sort_title = fold(jget_str(clean, "title"));
	struct db_res *res = db_query(db,
		"INSERT INTO commitment (owner_actor_id, title, sort_title, description, lang, level, "
		"kind, form, matches_commitment_id, start_date, target_date, initial_status, status, "
		"activity_date, origin, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		"$8, $9, $10, $11, $12, $12, $13, $14, $15, $15) RETURNING id",
		DB_ARGS(jarg_int(clean, "owner_actor_id"), jarg_text(clean, "title"),
		        DB_TEXT(sort_title), jarg_text(clean, "description"), jarg_text(clean, "lang"),
		        jarg_text(clean, "level"), jarg_text(clean, "kind"), jarg_text(clean, "form"),
		        jarg_int(clean, "matches_commitment_id"), jarg_text(clean, "start_date"),
		        jarg_text(clean, "target_date"), jarg_text(clean, "status"), DB_TEXT(day),
		        DB_TEXT(origin ? origin : "real"), DB_TEXT(created_at)));
	free(sort_title);
	if (!res || db_next(res) != 1) {
		db_res_free(res);
		return -1;
	}
	*id = db_int(res, 0);
	db_res_free(res);
	if (write_children(db, *id, clean, false) < 0)
		return -1;
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(clean, "indicators"), i, ind)
		if (insert_indicator(db, *id, ind, i) < 0)
			return -1;
	return 0;
}

/* {"field": {"before": x, "after": y}} for every field that differs
 * (updated_at aside: it always does). before NULL: a creation. */
static json_t *changes_of(const json_t *before, const json_t *after)
{
	json_t *changes = json_object();
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)after, key, v) {
		if (strcmp(key, "updated_at") == 0)
			continue;
		json_t *old = before ? json_object_get(before, key) : NULL;
		if (old && json_equal(old, v))
			continue;
		if (!old && (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)))
			continue;
		json_object_set_new(changes, key, json_pack("{s:O, s:O}", "before",
		                    old ? old : json_null(), "after", v));
	}
	return changes;
}

static int audit_write(struct db *db, const struct user *by, const char *action,
                       const char *type, int64_t id, json_t *changes)
{
	char oid[24];
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	struct audit_event e = {
		.user = by, .action = action, .object_type = type, .object_id = oid,
		.changes = changes, .channel = by && by->channel ? by->channel : "cli",
		.client_addr = by ? by->client_addr : NULL,
	};
	return audit_append(db, &e);
}

struct write {
	const struct user *by;
	json_t *clean;
	json_t *errors;
	int64_t id;
	int64_t owner;
	enum action action;
};

static enum outcome deny_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct write *w = p;
	struct object_ref obj = {"commitment", w->id, w->owner};
	return audit_txn_deny(t, w->by, w->action, &obj);
}

/* can() for the write; the operator (by NULL) may do everything. */
static bool allowed(const struct write *w)
{
	struct object_ref obj = {"commitment", w->id, w->owner};
	return !w->by || can(w->by, w->action, &obj);
}

static enum outcome create_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct write *w = p;
	if (!allowed(w))
		return deny_txn(db, t, p);
	const char *bad_field;
	if (commitments_insert(db, w->clean, "real", NULL, &w->id, &bad_field) < 0) {
		if (!bad_field)
			return OUTCOME_ERROR;
		json_object_set_new(w->errors, bad_field, json_string(MSG_MATCHES_UNKNOWN));
		return OUTCOME_INVALID;
	}
	json_t *changes = changes_of(NULL, w->clean);
	int rc = audit_write(db, w->by, "commitment.create", "commitment", w->id, changes);
	json_decref(changes);
	return rc < 0 ? OUTCOME_ERROR : OUTCOME_OK;
}

/* The owner named by an input, when it is a number (for the permission
 * check that comes before any complaint about the rest). */
static int64_t input_owner(const json_t *input)
{
	int64_t id;
	return cv_int(json_object_get(input, "owner_actor_id"), 1, INT64_MAX, &id) == 0 ? id : 0;
}

/* Validates with reference sets read now. -1 on a database error. */
static int validate_now(struct db *db, const json_t *input, json_t *errors, json_t **clean)
{
	struct commitment_refs *refs = commitment_refs_load(db);
	if (!refs)
		return -1;
	int n = commitment_validate(refs, input, errors, clean);
	commitment_refs_free(refs);
	return n;
}

enum outcome commitments_create(struct db *db, const struct user *by, const json_t *input,
                                json_t *errors, int64_t *id)
{
	struct write w = {.by = by, .errors = errors, .action = ACTION_COMMITMENT_CREATE};
	w.owner = input_owner(input);
	if (w.owner && !allowed(&w))
		return audit_transaction(db, false, deny_txn, &w);
	int n = validate_now(db, input, errors, &w.clean);
	if (n < 0)
		return OUTCOME_ERROR;
	if (n > 0 || json_object_size(errors) > 0) {
		json_decref(w.clean);
		return OUTCOME_INVALID;
	}
	w.owner = json_integer_value(json_object_get(w.clean, "owner_actor_id"));
	enum outcome rc = audit_transaction(db, false, create_txn, &w);
	json_decref(w.clean);
	if (rc == OUTCOME_OK && id)
		*id = w.id;
	return rc;
}

enum outcome commitments_owner(struct db *db, int64_t id, int64_t *owner)
{
	int64_t v;
	if (db_scalar_int(db, &v, 0, "SELECT owner_actor_id FROM commitment WHERE id = $1",
	                  DB_ARGS(DB_INT(id))) < 0)
		return OUTCOME_ERROR;
	if (v == 0)
		return OUTCOME_NOT_FOUND;
	*owner = v;
	return OUTCOME_OK;
}

/* Indicators of an edit: those with an id are updated in place (they must
 * be this commitment's), new ones added, the rest hidden. */
static enum outcome sync_indicators(struct db *db, struct write *w)
{
	if (db_exec(db, "UPDATE commitment_indicator SET hidden = 1 WHERE commitment_id = $1",
	            DB_ARGS(DB_INT(w->id))) < 0)
		return OUTCOME_ERROR;
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(w->clean, "indicators"), i, ind) {
		if (!json_is_integer(json_object_get(ind, "id"))) {
			if (insert_indicator(db, w->id, ind, i) < 0)
				return OUTCOME_ERROR;
			continue;
		}
		int64_t n = db_exec(db, "UPDATE commitment_indicator SET position = $3, name = $4, "
		                    "unit = $5, baseline = $6, target = $7, hidden = 0 "
		                    "WHERE id = $1 AND commitment_id = $2",
		                    DB_ARGS(jarg_int(ind, "id"), DB_INT(w->id), DB_INT(i),
		                    jarg_text(ind, "name"), jarg_text(ind, "unit"),
		                    jarg_real(ind, "baseline"), jarg_real(ind, "target")));
		if (n < 0)
			return OUTCOME_ERROR;
		if (n == 0) {
			json_object_set_new(w->errors, "indicators", json_string(MSG_INDICATOR_ID));
			return OUTCOME_INVALID;
		}
	}
	return OUTCOME_OK;
}

static enum outcome update_txn(struct db *db, struct audit_txn *t, void *p)
{
	struct write *w = p;
	json_t *before = commitments_form_values(db, w->id);
	if (!before)
		return OUTCOME_ERROR;
	if (json_is_null(before)) {
		json_decref(before);
		return OUTCOME_NOT_FOUND;
	}
	w->owner = json_integer_value(json_object_get(before, "owner_actor_id"));
	enum outcome rc = OUTCOME_OK;
	const char *seen = jget_str(w->clean, "updated_at");
	const char *bad_field = NULL;
	bool ok = true;
	if (!allowed(w))
		rc = deny_txn(db, t, p);
	else if (json_integer_value(json_object_get(w->clean, "owner_actor_id")) != w->owner)
		json_object_set_new(w->errors, "owner_actor_id",
		                    json_string(N_("The owner of a commitment cannot change."))),
		rc = OUTCOME_INVALID;
	else if (seen && strcmp(seen, jget_str(before, "updated_at")) != 0)
		rc = OUTCOME_CONFLICT;
	else if (matches_exists(db, w->clean, &ok) < 0)
		rc = OUTCOME_ERROR;
	else if (!ok || json_integer_value(json_object_get(w->clean, "matches_commitment_id")) == w->id)
		bad_field = "matches_commitment_id", rc = OUTCOME_INVALID;
	if (bad_field)
		json_object_set_new(w->errors, bad_field, json_string(MSG_MATCHES_UNKNOWN));
	if (rc != OUTCOME_OK) {
		json_decref(before);
		return rc;
	}
	char now[AUDIT_TIME_LEN + 1];
	audit_time(now, 0);
	char *sort_title = fold(jget_str(w->clean, "title"));
	int64_t n = db_exec(db, "UPDATE commitment SET title = $2, sort_title = $3, description = $4, "
		"lang = $5, level = $6, kind = $7, form = $8, matches_commitment_id = $9, "
		"start_date = $10, target_date = $11, initial_status = $12, updated_at = $13 "
		"WHERE id = $1",
		DB_ARGS(DB_INT(w->id), jarg_text(w->clean, "title"), DB_TEXT(sort_title),
		        jarg_text(w->clean, "description"), jarg_text(w->clean, "lang"),
		        jarg_text(w->clean, "level"), jarg_text(w->clean, "kind"),
		        jarg_text(w->clean, "form"), jarg_int(w->clean, "matches_commitment_id"),
		        jarg_text(w->clean, "start_date"), jarg_text(w->clean, "target_date"),
		        jarg_text(w->clean, "status"), DB_TEXT(now)));
	free(sort_title);
	if (n < 0 || write_children(db, w->id, w->clean, true) < 0)
		rc = OUTCOME_ERROR;
	if (rc == OUTCOME_OK)
		rc = sync_indicators(db, w);
	if (rc == OUTCOME_OK && progress_refresh(db, w->id) < 0)
		rc = OUTCOME_ERROR;
	json_t *after = rc == OUTCOME_OK ? commitments_form_values(db, w->id) : NULL;
	if (rc == OUTCOME_OK && !after)
		rc = OUTCOME_ERROR;
	if (rc == OUTCOME_OK) {
		json_t *changes = changes_of(before, after);
		if (audit_write(db, w->by, "commitment.edit", "commitment", w->id, changes) < 0)
			rc = OUTCOME_ERROR;
		json_decref(changes);
	}
	json_decref(before);
	json_decref(after);
	return rc;
}

enum outcome commitments_update(struct db *db, const struct user *by, int64_t id,
                                const json_t *input, json_t *errors)
{
	struct write w = {.by = by, .errors = errors, .id = id, .action = ACTION_COMMITMENT_EDIT};
	enum outcome rc = commitments_owner(db, id, &w.owner);
	if (rc != OUTCOME_OK)
		return rc;
	if (!allowed(&w))
		return audit_transaction(db, false, deny_txn, &w);
	/* The form need not repeat the owner. */
	json_t *in = json_is_object(input) ? json_copy((json_t *)input) : json_object();
	if (cv_blank(json_object_get(in, "owner_actor_id")))
		json_object_set_new(in, "owner_actor_id", json_integer(w.owner));
	int n = validate_now(db, in, errors, &w.clean);
	json_decref(in);
	if (n < 0)
		return OUTCOME_ERROR;
	if (n > 0 || json_object_size(errors) > 0) {
		json_decref(w.clean);
		return OUTCOME_INVALID;
	}
	rc = audit_transaction(db, false, update_txn, &w);
	json_decref(w.clean);
	return rc;
}

/* ---- Reads: the form's values ------------------------------------------------ */

/* The first column of every row as a JSON array of integers or strings. */
static json_t *column_list(struct db *db, const char *sql, int64_t id, bool integers)
{
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(a, integers ? json_integer(db_int(res, 0)) : col_str(res, 0));
	db_res_free(res);
	if (rc < 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* Every row as an object of the named columns (names[i] for column i). */
static json_t *rows_as(struct db *db, const char *sql, int64_t id, const char *const *names,
                       size_t n)
{
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		json_t *o = json_object();
		for (size_t i = 0; i < n; i++)
			json_object_set_new(o, names[i], db_json(res, (int)i));
		json_array_append_new(a, o);
	}
	db_res_free(res);
	if (rc < 0) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static const char *const indicator_cols[] = {"id", "name", "unit", "baseline", "target"};
static const char *const translation_cols[] = {"lang", "title", "description"};

/* The child lists of the normalised shape: key, query, integers. */
static const struct {
	const char *key;
	const char *sql;
	bool integers;
} form_lists[] = {
	{"objectives", "SELECT objective FROM commitment_objective WHERE commitment_id = $1 "
	 "ORDER BY objective", true},
	{"principles", "SELECT principle FROM commitment_principle WHERE commitment_id = $1 "
	 "ORDER BY principle", false},
	{"countries", "SELECT iso3 FROM commitment_country WHERE commitment_id = $1 ORDER BY iso3",
	 false},
	{"participants", "SELECT actor_id FROM commitment_participant WHERE commitment_id = $1 "
	 "ORDER BY actor_id", true},
	{"deliverables", "SELECT text FROM commitment_deliverable WHERE commitment_id = $1 "
	 "ORDER BY position", false},
};

/* Baselines and targets come back as reals on both backends. */
static void reals(json_t *indicators)
{
	size_t i;
	json_t *ind;
	json_array_foreach(indicators, i, ind)
		for (int k = 0; k < 2; k++) {
			const char *key = k ? "target" : "baseline";
			json_t *v = json_object_get(ind, key);
			if (json_is_integer(v))
				json_object_set_new(ind, key, json_real((double)json_integer_value(v)));
		}
}

json_t *commitments_form_values(struct db *db, int64_t id)
{
	json_t *c = db_json_row(db, "SELECT owner_actor_id, title, description, lang, level, kind, "
	                        "form, matches_commitment_id, start_date, target_date, "
	                        "initial_status AS status, updated_at FROM commitment WHERE id = $1",
	                        DB_ARGS(DB_INT(id)));
	if (!c || json_is_null(c))
		return c;
	for (size_t i = 0; i < ARRAY_LEN(form_lists); i++) {
		json_t *a = column_list(db, form_lists[i].sql, id, form_lists[i].integers);
		if (!a) {
			json_decref(c);
			return NULL;
		}
		json_object_set_new(c, form_lists[i].key, a);
	}
	json_t *ind = rows_as(db, "SELECT id, name, unit, baseline, target FROM commitment_indicator "
	                      "WHERE commitment_id = $1 AND hidden = 0 ORDER BY position", id,
	                      indicator_cols, ARRAY_LEN(indicator_cols));
	json_t *tr_ = rows_as(db, "SELECT lang, title, description FROM commitment_translation "
	                      "WHERE commitment_id = $1 ORDER BY lang", id, translation_cols,
	                      ARRAY_LEN(translation_cols));
	if (!ind || !tr_) {
		json_decref(ind);
		json_decref(tr_);
		json_decref(c);
		return NULL;
	}
	reals(ind);
	json_object_set_new(c, "indicators", ind);
	json_object_set_new(c, "translations", tr_);
	return c;
}

/* ---- Reads: names in the locale ----------------------------------------------- */

/* Country names come in six columns, ar zh en fr ru es, after the code. */
static int country_name_col(const char *locale)
{
	static const char *const langs[] = {"ar", "zh", "en", "fr", "ru", "es"};
	for (int i = 0; locale && i < 6; i++)
		if (strcmp(locale, langs[i]) == 0)
			return 1 + i;
	return 3;
}

static bool is_lang(const char *locale, const char *lang)
{
	return locale && strcmp(locale, lang) == 0;
}

static json_t *objective_refs(struct db *db, const char *locale, int64_t id)
{
	struct db_res *res = db_query(db, "SELECT o.objective, j.short_en, j.short_fr "
	                              "FROM commitment_objective o JOIN objective j "
	                              "ON j.number = o.objective WHERE o.commitment_id = $1 "
	                              "ORDER BY o.objective", DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(a, json_pack("{s:I, s:o, s:o}", "number",
		                      (json_int_t)db_int(res, 0), "short_title",
		                      col_str(res, is_lang(locale, "fr") ? 2 : 1),
		                      "url", url_json("/objectives/", db_int(res, 0))));
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

static json_t *principle_refs(struct db *db, const char *locale, int64_t id)
{
	struct db_res *res = db_query(db, "SELECT p.slug, p.title_en, p.title_fr, p.title_es "
	                              "FROM commitment_principle cp JOIN principle p "
	                              "ON p.slug = cp.principle WHERE cp.commitment_id = $1 "
	                              "ORDER BY p.letter", DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	int col = is_lang(locale, "fr") ? 2 : is_lang(locale, "es") ? 3 : 1;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		char url[128];
		snprintf(url, sizeof url, "/principles/%s", db_text(res, 0));
		json_array_append_new(a, json_pack("{s:o, s:o, s:s}", "slug", col_str(res, 0),
		                      "title", col_str(res, col), "url", url));
	}
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

static json_t *country_refs(struct db *db, const char *locale, int64_t id)
{
	struct db_res *res = db_query(db, "SELECT k.iso3, k.name_ar, k.name_zh, k.name_en, "
	                              "k.name_fr, k.name_ru, k.name_es FROM commitment_country cc "
	                              "JOIN country k ON k.iso3 = cc.iso3 "
	                              "WHERE cc.commitment_id = $1 ORDER BY k.iso3",
	                              DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	int col = country_name_col(locale);
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1) {
		char url[32];
		snprintf(url, sizeof url, "/countries/%s", db_text(res, 0));
		json_array_append_new(a, json_pack("{s:o, s:o, s:s}", "iso3", col_str(res, 0),
		                      "name", col_str(res, col), "url", url));
	}
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

/* {id, title, url} rows of a two-column query (id, title or name). */
static json_t *id_title_refs(struct db *db, const char *sql, int64_t id, const char *prefix,
                             const char *name_key)
{
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(a, json_pack("{s:I, s:o, s:o}", "id", (json_int_t)db_int(res, 0),
		                      name_key, col_str(res, 1), "url",
		                      url_json(prefix, db_int(res, 0))));
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

/* The latest value of each indicator comes from the latest update that
 * reported it and is not corrected. */
static json_t *indicator_refs(struct db *db, int64_t id)
{
	static const char *const cols[] = {
		"id", "name", "unit", "baseline", "target", "latest", "latest_reported_at",
	};
	json_t *a = rows_as(db,
		"SELECT i.id, i.name, i.unit, i.baseline, i.target, "
		"(SELECT v.value FROM progress_indicator_value v JOIN progress_update u "
		"  ON u.id = v.update_id WHERE v.indicator_id = i.id AND NOT EXISTS "
		"  (SELECT 1 FROM progress_update x WHERE x.corrects = u.id) "
		"  ORDER BY u.reported_at DESC, u.id DESC LIMIT 1), "
		"(SELECT u.reported_at FROM progress_indicator_value v JOIN progress_update u "
		"  ON u.id = v.update_id WHERE v.indicator_id = i.id AND NOT EXISTS "
		"  (SELECT 1 FROM progress_update x WHERE x.corrects = u.id) "
		"  ORDER BY u.reported_at DESC, u.id DESC LIMIT 1) "
		"FROM commitment_indicator i WHERE i.commitment_id = $1 AND i.hidden = 0 "
		"ORDER BY i.position", id, cols, ARRAY_LEN(cols));
	reals(a);
	return a;
}

static json_t *translation_refs(struct db *db, int64_t id)
{
	json_t *a = rows_as(db, "SELECT lang, title, description FROM commitment_translation "
	                    "WHERE commitment_id = $1 ORDER BY lang", id, translation_cols,
	                    ARRAY_LEN(translation_cols));
	size_t i;
	json_t *t;
	json_array_foreach(a, i, t)
		json_object_set_new(t, "description_html",
		                    markdown_json(jget_str(t, "description")));
	return a;
}

/* The text to show in locale: a translation into it, else the original. */
static json_t *display_text(const json_t *c, const char *locale)
{
	const json_t *pick = NULL;
	const char *lang = jget_str(c, "lang");
	if (locale && lang && strcmp(lang, locale) != 0) {
		size_t i;
		json_t *t;
		json_array_foreach(json_object_get(c, "translations"), i, t)
			if (strcmp(jget_str(t, "lang"), locale) == 0)
				pick = t;
	}
	const json_t *src = pick ? pick : c;
	return json_pack("{s:s, s:s, s:O, s:b}", "lang", jget_str(src, "lang"),
	                 "title", jget_str(src, "title"),
	                 "description_html", json_object_get(src, "description_html"),
	                 "translated", pick != NULL);
}

static json_t *owner_json(struct db_res *res, int col, const char *locale)
{
	/* col: id, name, kind, partner_type, country_iso3 */
	json_t *o = actor_ref(res, col, col + 1);
	const char *type = db_text(res, col + 3);
	bool state = strcmp(db_text(res, col + 2), "state") == 0;
	json_object_set_new(o, "kind", col_str(res, col + 2));
	json_object_set_new(o, "partner_type", col_str(res, col + 3));
	json_object_set_new(o, "country", col_str(res, col + 4));
	json_object_set_new(o, "type_label", state ? json_string(tr(locale, N_("State"))) :
	                    code_label_json(locale, actor_partner_types,
	                                    actor_partner_type_labels, type));
	return o;
}

/* ---- Reads: one commitment ------------------------------------------------------ */

enum {
	G_ID, G_OWNER, G_OWNER_NAME, G_OWNER_KIND, G_OWNER_TYPE, G_OWNER_COUNTRY, G_TITLE,
	G_DESCRIPTION, G_LANG, G_LEVEL, G_KIND, G_FORM, G_MATCHES, G_MATCHES_TITLE, G_START,
	G_TARGET, G_INITIAL, G_STATUS, G_PERCENT, G_MILESTONE, G_LAST_REPORT, G_ACTIVITY,
	G_UPDATES, G_ORIGIN, G_CREATED, G_UPDATED,
};

static const char get_sql[] =
	"SELECT c.id, c.owner_actor_id, a.name, a.kind, a.partner_type, a.country_iso3, c.title, "
	"c.description, c.lang, c.level, c.kind, c.form, c.matches_commitment_id, m.title, "
	"c.start_date, c.target_date, c.initial_status, c.status, c.percent, c.milestone, "
	"c.last_report_date, c.activity_date, c.update_count, c.origin, c.created_at, c.updated_at "
	"FROM commitment c JOIN actor a ON a.id = c.owner_actor_id "
	"LEFT JOIN commitment m ON m.id = c.matches_commitment_id WHERE c.id = $1";

/* The row's own columns, with labels and the rules applied. */
static json_t *commitment_row(struct db_res *res, const char *locale, const char *today)
{
	const char *status = db_text(res, G_STATUS);
	const char *fresh = commitment_freshness(status, db_text(res, G_ACTIVITY), today);
	const char *origin = db_text(res, G_ORIGIN);
	json_t *c = json_object();
	json_object_set_new(c, "id", json_integer(db_int(res, G_ID)));
	json_object_set_new(c, "url", url_json("/commitments/", db_int(res, G_ID)));
	json_object_set_new(c, "title", col_str(res, G_TITLE));
	json_object_set_new(c, "description", col_str(res, G_DESCRIPTION));
	json_object_set_new(c, "description_html", markdown_json(db_text(res, G_DESCRIPTION)));
	json_object_set_new(c, "lang", col_str(res, G_LANG));
	json_object_set_new(c, "owner", owner_json(res, G_OWNER, locale));
	json_object_set_new(c, "level", col_str(res, G_LEVEL));
	json_object_set_new(c, "level_label", code_label_json(locale, commitment_levels,
	                    commitment_level_labels, db_text(res, G_LEVEL)));
	json_object_set_new(c, "start_date", col_str(res, G_START));
	json_object_set_new(c, "target_date", col_str(res, G_TARGET));
	json_object_set_new(c, "status", col_str(res, G_STATUS));
	json_object_set_new(c, "status_label", code_label_json(locale, commitment_statuses,
	                    commitment_status_labels, status));
	json_object_set_new(c, "initial_status", col_str(res, G_INITIAL));
	json_object_set_new(c, "percent", col_int(res, G_PERCENT));
	json_object_set_new(c, "milestone", col_str(res, G_MILESTONE));
	json_object_set_new(c, "kind", col_str(res, G_KIND));
	json_object_set_new(c, "kind_label", code_label_json(locale, commitment_kinds,
	                    commitment_kind_labels, db_text(res, G_KIND)));
	json_object_set_new(c, "matches", db_isnull(res, G_MATCHES) ? json_null() :
	                    json_pack("{s:I, s:o, s:o}", "id", (json_int_t)db_int(res, G_MATCHES),
	                              "title", col_str(res, G_MATCHES_TITLE), "url",
	                              url_json("/commitments/", db_int(res, G_MATCHES))));
	json_object_set_new(c, "form", col_str(res, G_FORM));
	json_object_set_new(c, "form_label", code_label_json(locale, commitment_forms,
	                    commitment_form_labels, db_text(res, G_FORM)));
	json_object_set_new(c, "origin", col_str(res, G_ORIGIN));
	json_object_set_new(c, "sample", json_boolean(strcmp(origin, "real") != 0));
	json_object_set_new(c, "overdue", json_boolean(commitment_overdue(db_text(res, G_TARGET),
	                    status, today)));
	json_object_set_new(c, "freshness", json_string(fresh));
	json_object_set_new(c, "freshness_label", code_label_json(locale, commitment_freshnesses,
	                    commitment_freshness_labels, fresh));
	json_object_set_new(c, "last_report_date", col_str(res, G_LAST_REPORT));
	json_object_set_new(c, "update_count", json_integer(db_int(res, G_UPDATES)));
	json_object_set_new(c, "created_at", col_str(res, G_CREATED));
	json_object_set_new(c, "updated_at", col_str(res, G_UPDATED));
	return c;
}

/* Adds the child lists of the page model; -1 on a database error. */
static int commitment_children(struct db *db, const char *locale, int64_t id, json_t *c)
{
	struct {
		const char *key;
		json_t *v;
	} parts[] = {
		{"objectives", objective_refs(db, locale, id)},
		{"principles", principle_refs(db, locale, id)},
		{"countries", country_refs(db, locale, id)},
		{"participants", id_title_refs(db, "SELECT a.id, a.name FROM commitment_participant p "
		 "JOIN actor a ON a.id = p.actor_id WHERE p.commitment_id = $1 ORDER BY a.name, a.id",
		 id, "/actors/", "name")},
		{"matched_by", id_title_refs(db, "SELECT id, title FROM commitment "
		 "WHERE matches_commitment_id = $1 ORDER BY id", id, "/commitments/", "title")},
		{"translations", translation_refs(db, id)},
		{"deliverables", column_list(db, "SELECT text FROM commitment_deliverable "
		 "WHERE commitment_id = $1 ORDER BY position", id, false)},
		{"indicators", indicator_refs(db, id)},
	};
	int rc = 0;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		if (!parts[i].v)
			rc = -1;
		else
			json_object_set_new(c, parts[i].key, parts[i].v);
	}
	return rc;
}

json_t *commitments_get(struct db *db, const char *locale, int64_t id, const char *today)
{
	char buf[DATE_LEN + 1];
	today = dates_resolve_today(today, buf);
	struct db_res *res = db_query(db, get_sql, DB_ARGS(DB_INT(id)));
	if (!res)
		return NULL;
	int rc = db_next(res);
	if (rc <= 0) {
		db_res_free(res);
		return rc < 0 ? NULL : json_null();
	}
	json_t *c = commitment_row(res, locale, today);
	db_res_free(res);
	json_t *updates = NULL;
	if (commitment_children(db, locale, id, c) < 0 ||
	    !(updates = progress_timeline(db, locale, id))) {
		json_decref(c);
		return NULL;
	}
	json_object_set_new(c, "display", display_text(c, locale));
	json_object_set_new(c, "smart", commitment_smart(c, locale));
	bool sample = json_is_true(json_object_get(c, "sample"));
	json_t *list = json_incref(json_object_get(updates, "updates"));
	json_decref(updates);
	return json_pack("{s:o, s:o, s:b}", "commitment", c, "updates", list, "has_sample", sample);
}

/* ---- Reads: the list ------------------------------------------------------------- */

/* Each sort: the key a cursor carries, the order, and the condition that
 * starts after a cursor (key then id, matching the index of the sort). */
static const struct sort_def {
	const char *code;
	const char *key;
	const char *order;
	const char *after;      /* "$?" is the key; the id follows */
	const char *after_id;
} sorts[] = {
	{"updated", "c.updated_at", " ORDER BY c.updated_at DESC, c.id DESC",
	 " AND (c.updated_at, c.id) < (CAST($? AS TEXT)", ", CAST($? AS BIGINT))"},
	{"created", "c.created_at", " ORDER BY c.created_at DESC, c.id DESC",
	 " AND (c.created_at, c.id) < (CAST($? AS TEXT)", ", CAST($? AS BIGINT))"},
	{"target_date", "COALESCE(c.target_date, '9999-12-31')",
	 " ORDER BY COALESCE(c.target_date, '9999-12-31'), c.id",
	 " AND (COALESCE(c.target_date, '9999-12-31'), c.id) > (CAST($? AS TEXT)",
	 ", CAST($? AS BIGINT))"},
	{"title", "c.sort_title", " ORDER BY c.sort_title, c.id",
	 " AND (c.sort_title, c.id) > (CAST($? AS TEXT)", ", CAST($? AS BIGINT))"},
};

static const struct sort_def *find_sort(const char *code)
{
	for (size_t i = 0; i < ARRAY_LEN(sorts); i++)
		if (strcmp(sorts[i].code, code ? code : "updated") == 0)
			return &sorts[i];
	return NULL;
}

/* Cursors: base64url (no padding) of "SORT\nKEY\nID". Opaque to clients,
 * checked when they come back. */
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *cursor_encode(const char *sort, const char *key, int64_t id)
{
	struct buf raw, out;
	buf_init(&raw, 4 * COMMITMENT_CURSOR_MAX);
	buf_init(&out, 8 * COMMITMENT_CURSOR_MAX);
	buf_printf(&raw, "%s\n%s\n%lld", sort, key ? key : "", (long long)id);
	const unsigned char *p = (const unsigned char *)raw.data;
	for (size_t i = 0; i < raw.len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t n = raw.len - i < 3 ? raw.len - i : 3;
		if (n > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (n > 2)
			v |= p[i + 2];
		for (size_t k = 0; k <= n; k++)
			buf_putc(&out, b64[(v >> (18 - 6 * k)) & 63]);
	}
	buf_release(&raw);
	return buf_detach(&out, NULL);
}

struct cursor {
	char sort[16];
	char key[COMMITMENT_CURSOR_MAX];
	int64_t id;
};

/* 0 and *c filled, or -1 when s is not a cursor we made. */
static int cursor_decode(const char *s, struct cursor *c)
{
	size_t len = strlen(s);
	if (len == 0 || len > COMMITMENT_CURSOR_MAX || len % 4 == 1)
		return -1;
	char raw[COMMITMENT_CURSOR_MAX];
	size_t n = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		const char *hit = strchr(b64, s[i]);
		if (!hit || !s[i])
			return -1;
		acc = (acc << 6) | (uint32_t)(hit - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			raw[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	raw[n] = '\0';
	if (memchr(raw, '\0', n))
		return -1;
	char *nl1 = strchr(raw, '\n');
	char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
	if (!nl2 || (size_t)(nl1 - raw) >= sizeof c->sort)
		return -1;
	*nl1 = *nl2 = '\0';
	if (!find_sort(raw) || !utf8_valid(nl1 + 1, strlen(nl1 + 1)) ||
	    parse_int64(nl2 + 1, 1, INT64_MAX, &c->id) < 0)
		return -1;
	memcpy(c->sort, raw, (size_t)(nl1 - raw) + 1);
	memcpy(c->key, nl1 + 1, (size_t)(nl2 - nl1));
	return 0;
}

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

static bool given(const char *s)
{
	return s && *s;
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
	const struct sort_def *s = find_sort(given(f->sort) ? f->sort : NULL);
	if (!s)
		bad(&c, "sort", MSG_CHOICE);
	if (f->limit < 0 || f->limit > COMMITMENT_PAGE_MAX)
		bad(&c, "limit", MSG_CHOICE);
	struct cursor cur;
	if (given(f->after) && (cursor_decode(f->after, &cur) < 0 ||
	                        (s && strcmp(cur.sort, s->code) != 0)))
		bad(&c, "after", MSG_CURSOR);
	return c.nbad;
}

/* The dates a filter compares with; they must outlive the query that
 * binds them. */
struct cutoffs {
	char since[DATE_LEN + 1];    /* reported on or after: today - 12 months */
	char before[DATE_LEN + 1];   /* inactive on or before: today - 24 months */
};

/* " AND col rest": a condition on a range of a column (dates, statuses
 * left out). When the query walks an index in the page's order, the
 * column is written (col || '') so that the planner cannot read the range
 * through its own index (commitment_standing, commitment_activity) and
 * sort everything it found: that is what walking avoids (at N=100,000,
 * Europe's national reports due: 48 ms through the range, 4 ms walking). */
static void range_cond(struct commitment_query *q, enum scope_access how, const char *col,
                       const char *rest, const struct db_arg *a)
{
	char sql[160];
	snprintf(sql, sizeof sql, how == SCOPE_WALK ? " AND (%s || '')%s" : " AND %s%s", col, rest);
	if (a)
		cq_param(q, sql, *a);
	else
		cq_sql(q, sql);
}

static void apply_filters(struct commitment_query *q, const struct commitment_filter *f,
                          const char *today, struct cutoffs *cut, enum scope_access how)
{
	date_minus_months(today, 12, cut->since);
	date_minus_months(today, 24, cut->before);
	struct db_arg since = DB_TEXT(cut->since), before = DB_TEXT(cut->before), now = DB_TEXT(today);
	static const char open_status[] = " NOT IN ('achieved', 'discontinued')";
	cq_scope(q, f->objective, f->country, f->region, f->actor_id, how);
	if (given(f->principle))
		scope_member(q, how, " AND c.id IN (SELECT commitment_id FROM commitment_principle "
		             "WHERE principle = $?)", " AND EXISTS (SELECT 1 FROM commitment_principle x "
		             "WHERE x.commitment_id = c.id AND x.principle = $?)", DB_TEXT(f->principle));
	/* Equalities keep their indexes: (level | status, updated_at, id)
	 * serve the newest-first walk as well. */
	if (given(f->level))
		cq_param(q, " AND c.level = $?", DB_TEXT(f->level));
	if (given(f->status))
		cq_param(q, " AND c.status = $?", DB_TEXT(f->status));
	/* By owner, through the owner index (no join needed to count); a walk
	 * keeps that index out of the planner's choice (the unary plus). */
	if (given(f->owner_type)) {
		cq_sql(q, how == SCOPE_WALK ? " AND +c.owner_actor_id" : " AND c.owner_actor_id");
		if (strcmp(f->owner_type, "state") == 0)
			cq_sql(q, " IN (SELECT id FROM actor WHERE kind = 'state')");
		else
			cq_param(q, " IN (SELECT id FROM actor WHERE partner_type = $?)",
			         DB_TEXT(f->owner_type));
	}
	if (f->overdue) {
		range_cond(q, how, "c.target_date", " < $?", &now);
		range_cond(q, how, "c.status", open_status, NULL);
	}
	if (!given(f->freshness))
		return;
	if (strcmp(f->freshness, "closed") == 0) {
		range_cond(q, how, "c.status", " IN ('achieved', 'discontinued')", NULL);
		return;
	}
	range_cond(q, how, "c.status", open_status, NULL);
	if (strcmp(f->freshness, "reported") == 0) {
		range_cond(q, how, "c.activity_date", " >= $?", &since);
	} else if (strcmp(f->freshness, "inactive") == 0) {
		range_cond(q, how, "c.activity_date", " <= $?", &before);
	} else {
		range_cond(q, how, "c.activity_date", " < $?", &since);
		range_cond(q, how, "c.activity_date", " > $?", &before);
	}
}

/* The ids of a page as one parameter: a JSON array both backends read. */
static const char *const ids_in[2] = {
	[DB_SQLITE] = " IN (SELECT value FROM json_each($1))",
	[DB_POSTGRES] = " IN (SELECT CAST(value AS BIGINT) FROM "
	                "json_array_elements_text(CAST($1 AS json)))",
};

/* Reads (commitment_id, value) rows into card[key] arrays, cards found by
 * id through `index` (an object "id" → card). */
static int page_children(struct db *db, const char *sql_head, const char *sql_tail,
                         const char *ids, json_t *index, const char *key, bool integers)
{
	char sql[512];
	int n = snprintf(sql, sizeof sql, "%s%s%s", sql_head, ids_in[db_dialect(db)], sql_tail);
	if (n < 0 || (size_t)n >= sizeof sql)
		return -1;
	struct db_res *res = db_query(db, sql, DB_ARGS(DB_TEXT(ids)));
	if (!res)
		return -1;
	int rc;
	while ((rc = db_next(res)) == 1) {
		char k[24];
		snprintf(k, sizeof k, "%lld", (long long)db_int(res, 0));
		json_t *card = json_object_get(index, k);
		if (card)
			json_array_append_new(json_object_get(card, key), integers ?
			                      json_integer(db_int(res, 1)) : col_str(res, 1));
	}
	db_res_free(res);
	return rc;
}

enum {
	L_ID, L_TITLE, L_STATUS, L_LEVEL, L_TARGET, L_ACTIVITY, L_PERCENT, L_ORIGIN, L_CREATED,
	L_UPDATED, L_OWNER, L_OWNER_NAME, L_KEY,
};

static json_t *card(struct db_res *res, const char *locale, const char *today)
{
	const char *status = db_text(res, L_STATUS);
	const char *fresh = commitment_freshness(status, db_text(res, L_ACTIVITY), today);
	json_t *c = json_object();
	json_object_set_new(c, "id", json_integer(db_int(res, L_ID)));
	json_object_set_new(c, "url", url_json("/commitments/", db_int(res, L_ID)));
	json_object_set_new(c, "title", col_str(res, L_TITLE));
	json_object_set_new(c, "owner", actor_ref(res, L_OWNER, L_OWNER_NAME));
	json_object_set_new(c, "status", col_str(res, L_STATUS));
	json_object_set_new(c, "status_label", code_label_json(locale, commitment_statuses,
	                    commitment_status_labels, status));
	json_object_set_new(c, "level", col_str(res, L_LEVEL));
	json_object_set_new(c, "level_label", code_label_json(locale, commitment_levels,
	                    commitment_level_labels, db_text(res, L_LEVEL)));
	json_object_set_new(c, "objectives", json_array());
	json_object_set_new(c, "countries", json_array());
	json_object_set_new(c, "target_date", col_str(res, L_TARGET));
	json_object_set_new(c, "overdue", json_boolean(commitment_overdue(db_text(res, L_TARGET),
	                    status, today)));
	json_object_set_new(c, "freshness", json_string(fresh));
	json_object_set_new(c, "freshness_label", code_label_json(locale, commitment_freshnesses,
	                    commitment_freshness_labels, fresh));
	json_object_set_new(c, "percent", col_int(res, L_PERCENT));
	json_object_set_new(c, "origin", col_str(res, L_ORIGIN));
	json_object_set_new(c, "sample", json_boolean(strcmp(db_text(res, L_ORIGIN), "real") != 0));
	json_object_set_new(c, "created_at", col_str(res, L_CREATED));
	json_object_set_new(c, "updated_at", col_str(res, L_UPDATED));
	return c;
}

/* A filter on one objective, country or region, whatever it asks of
 * status, level and dates, is counted on that scope's link rows: they
 * carry copies of those four columns under the same names (migration
 * 0005_standing), so with the link aliased c the same conditions apply,
 * through one narrow index instead of every commitment in scope. Writes
 * the scope's condition into q and clears it from rest; returns false
 * when the filter asks more (a principle, an owner) or has no such scope. */
static bool count_on_links(struct commitment_query *q, const struct commitment_filter *f,
                           struct commitment_filter *rest)
{
	bool region = given(f->region) && strcmp(f->region, "001") != 0;
	int scopes = (f->objective > 0) + given(f->country) + region;
	if (scopes != 1 || given(f->principle) || given(f->owner_type) || f->actor_id > 0)
		return false;
	*rest = *f;
	rest->objective = 0, rest->country = NULL, rest->region = NULL;
	if (f->objective > 0)
		cq_param(q, "SELECT count(*) FROM commitment_objective c WHERE c.objective = $?",
		         DB_INT(f->objective));
	else if (given(f->country))
		cq_param(q, "SELECT count(*) FROM commitment_country c WHERE c.iso3 = upper($?)",
		         DB_TEXT(f->country));
	else /* a commitment once per region, by the marks on its first country there */
		cq_param(q, "SELECT count(*) FROM commitment_country c WHERE (c.region_once = $? "
		         "OR c.subregion_once = $? OR c.intermediate_once = $?)", DB_TEXT(f->region));
	return true;
}

static int list_total(struct db *db, const struct commitment_filter *f, const char *today,
                      int64_t *total)
{
	struct db_arg args[COMMITMENT_QUERY_ARGS];
	struct commitment_query q;
	cq_init(&q, args);
	struct commitment_filter rest;
	if (!count_on_links(&q, f, &rest)) {
		cq_sql(&q, "SELECT count(*) FROM commitment c WHERE 1 = 1");
		rest = *f;
	}
	struct cutoffs cut;
	apply_filters(&q, &rest, today, &cut, SCOPE_GATHER);
	if (q.overflow)
		return -1;
	return db_scalar_int(db, total, 0, q.sql, q.nargs, q.args);
}

/* Runs the page query; fills cards (in order) and index (id → card), and
 * the last row's cursor key. Returns the number of rows read (limit + 1
 * means there is a next page), or -1. */
static int list_rows(struct db *db, const char *locale, const struct commitment_filter *f,
                     const char *today, const struct sort_def *s, int limit,
                     enum scope_access how, json_t *cards, json_t *index, char **last_key,
                     int64_t *last_id)
{
	struct db_arg args[COMMITMENT_QUERY_ARGS];
	struct commitment_query q;
	cq_init(&q, args);
	cq_sql(&q, "SELECT c.id, c.title, c.status, c.level, c.target_date, c.activity_date, "
	       "c.percent, c.origin, c.created_at, c.updated_at, a.id, a.name, ");
	cq_sql(&q, s->key);
	cq_sql(&q, " FROM commitment c JOIN actor a ON a.id = +c.owner_actor_id WHERE 1 = 1");
	struct cutoffs cut;
	apply_filters(&q, f, today, &cut, how);
	struct cursor cur;
	if (given(f->after) && cursor_decode(f->after, &cur) == 0) {
		cq_param(&q, s->after, DB_TEXT(cur.key));
		cq_param(&q, s->after_id, DB_INT(cur.id));
	}
	cq_sql(&q, s->order);
	cq_param(&q, " LIMIT $?", DB_INT(limit + 1));
	if (q.overflow)
		return -1;
	struct db_res *res = db_query(db, q.sql, q.nargs, q.args);
	if (!res)
		return -1;
	int n = 0, rc;
	while ((rc = db_next(res)) == 1) {
		if (++n > limit)
			break;
		json_t *c = card(res, locale, today);
		char k[24];
		snprintf(k, sizeof k, "%lld", (long long)db_int(res, L_ID));
		json_object_set(index, k, c);
		json_array_append_new(cards, c);
		free(*last_key);
		*last_key = xstrdup(db_text(res, L_KEY) ? db_text(res, L_KEY) : "");
		*last_id = db_int(res, L_ID);
	}
	db_res_free(res);
	return rc < 0 ? -1 : n;
}

json_t *commitments_list(struct db *db, const char *locale, const struct commitment_filter *f)
{
	json_t *errors = json_object();
	int nbad = commitment_filter_check(f, errors);
	json_decref(errors);
	if (nbad)
		return NULL;
	char buf[DATE_LEN + 1];
	const char *today = dates_resolve_today(f->today, buf);
	const struct sort_def *s = find_sort(given(f->sort) ? f->sort : NULL);
	int limit = f->limit ? f->limit : COMMITMENT_PAGE_DEFAULT;
	json_t *cards = json_array(), *index = json_object();
	char *last_key = NULL;
	int64_t last_id = 0, total = f->total;
	int n = total > 0 || list_total(db, f, today, &total) == 0 ?
	        list_rows(db, locale, f, today, s, limit, commitments_scope_access(db, total),
	                  cards, index, &last_key, &last_id) : -1;
	json_t *ids = json_array();
	size_t i;
	json_t *c;
	bool sample = false;
	json_array_foreach(cards, i, c) {
		json_array_append(ids, json_object_get(c, "id"));
		sample |= json_is_true(json_object_get(c, "sample"));
	}
	char *ids_text = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	if (n < 0 || !ids_text ||
	    page_children(db, "SELECT commitment_id, objective FROM commitment_objective "
	                  "WHERE commitment_id", " ORDER BY commitment_id, objective", ids_text,
	                  index, "objectives", true) < 0 ||
	    page_children(db, "SELECT commitment_id, iso3 FROM commitment_country "
	                  "WHERE commitment_id", " ORDER BY commitment_id, iso3", ids_text,
	                  index, "countries", false) < 0) {
		free(ids_text);
		free(last_key);
		json_decref(cards);
		json_decref(index);
		return NULL;
	}
	free(ids_text);
	json_decref(index);
	json_t *next = json_null();
	if (n > limit) {
		char *cur = cursor_encode(s->code, last_key, last_id);
		next = json_string(cur);
		free(cur);
	}
	free(last_key);
	return json_pack("{s:o, s:I, s:I, s:o, s:s, s:b}", "commitments", cards,
	                 "count", (json_int_t)json_array_size(cards), "total", (json_int_t)total,
	                 "next", next, "sort", s->code, "has_sample", sample);
}

/* ---- Reads: choices and the feed ------------------------------------------------- */

static json_t *code_choices(const char *locale, const char *const *codes,
                            const char *const *labels)
{
	json_t *a = json_array();
	for (size_t i = 0; codes[i]; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", codes[i], "label",
		                                   tr(locale, labels[i])));
	return a;
}

struct named {
	char *key;
	json_t *item;
};

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->key, ((const struct named *)b)->key);
}

/* Countries by their folded name in the locale (the order countries.c
 * gives, whatever the database's collation). */
static json_t *country_choices(struct db *db, const char *locale)
{
	struct db_res *res = db_query(db, "SELECT iso3, name_ar, name_zh, name_en, name_fr, "
	                              "name_ru, name_es FROM country", NO_ARGS);
	if (!res)
		return NULL;
	int col = country_name_col(locale);
	size_t n = 0, cap = 256;
	struct named *v = xmalloc(cap * sizeof(*v));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n].key = fold(db_text(res, col));
		v[n++].item = json_pack("{s:o, s:o}", "iso3", col_str(res, 0), "name",
		                        col_str(res, col));
	}
	db_res_free(res);
	qsort(v, n, sizeof(*v), cmp_named);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(a, v[i].item);
		free(v[i].key);
	}
	free(v);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

json_t *commitments_choices(struct db *db, const char *locale)
{
	bool fr = is_lang(locale, "fr"), es = is_lang(locale, "es");
	json_t *objectives = db_json_rows(db, fr ?
		"SELECT number, short_fr AS short_title FROM objective ORDER BY number" :
		"SELECT number, short_en AS short_title FROM objective ORDER BY number", NO_ARGS);
	json_t *principles = db_json_rows(db, fr ?
		"SELECT slug, title_fr AS title FROM principle ORDER BY letter" : es ?
		"SELECT slug, title_es AS title FROM principle ORDER BY letter" :
		"SELECT slug, title_en AS title FROM principle ORDER BY letter", NO_ARGS);
	json_t *countries = country_choices(db, locale);
	if (!objectives || !principles || !countries) {
		json_decref(objectives);
		json_decref(principles);
		json_decref(countries);
		return NULL;
	}
	json_t *owner_types = code_choices(locale, actor_partner_types, actor_partner_type_labels);
	json_array_insert_new(owner_types, 0, json_pack("{s:s, s:s}", "code", "state", "label",
	                                                tr(locale, N_("State"))));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	                 "levels", code_choices(locale, commitment_levels, commitment_level_labels),
	                 "statuses", code_choices(locale, commitment_statuses,
	                                          commitment_status_labels),
	                 "kinds", code_choices(locale, commitment_kinds, commitment_kind_labels),
	                 "forms", code_choices(locale, commitment_forms, commitment_form_labels),
	                 "freshnesses", code_choices(locale, commitment_freshnesses,
	                                             commitment_freshness_labels),
	                 "sorts", code_choices(locale, commitment_sorts, commitment_sort_labels),
	                 "owner_types", owner_types, "objectives", objectives,
	                 "principles", principles, "countries", countries);
}

/* Plain text of at most max bytes, cut at a character boundary, with an
 * ellipsis when cut. Markdown marks are left as typed: a feed reader shows
 * text. */
static json_t *summary(const char *s, size_t max)
{
	if (!s)
		return json_string("");
	size_t n = strlen(s);
	if (n <= max)
		return jstr(s);
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	struct buf b;
	buf_init(&b, max + 8);
	buf_append(&b, s, max);
	buf_puts(&b, "…");
	json_t *j = jstr(buf_str(&b));
	buf_release(&b);
	return j;
}

#define FEED_SUMMARY 400

/* Newest first; within one millisecond an update before a commitment (an
 * update always follows its commitment), then the higher id first. */
static int cmp_published(const void *a, const void *b)
{
	const json_t *ea = *(json_t *const *)a, *eb = *(json_t *const *)b;
	const char *x = jget_str(ea, "published"), *y = jget_str(eb, "published");
	int c = strcmp(y ? y : "", x ? x : "");
	if (c)
		return c;
	c = strcmp(jget_str(eb, "type"), jget_str(ea, "type"));
	if (c)
		return c;
	json_int_t i = json_integer_value(json_object_get(ea, "id"));
	json_int_t j = json_integer_value(json_object_get(eb, "id"));
	return (j > i) - (j < i);
}

static json_t *feed_commitments(struct db *db, const char *country, int objective, int limit)
{
	struct db_arg args[COMMITMENT_QUERY_ARGS];
	struct commitment_query q;
	cq_init(&q, args);
	cq_sql(&q, "SELECT c.id, c.title, c.description, c.created_at, c.updated_at, c.origin, "
	       "a.name FROM commitment c JOIN actor a ON a.id = c.owner_actor_id WHERE 1 = 1");
	cq_scope(&q, objective, country, NULL, 0, SCOPE_GATHER);
	cq_sql(&q, " ORDER BY c.created_at DESC, c.id DESC");
	cq_param(&q, " LIMIT $?", DB_INT(limit));
	struct db_res *res = q.overflow ? NULL : db_query(db, q.sql, q.nargs, q.args);
	if (!res)
		return NULL;
	json_t *a = json_array();
	int rc;
	while ((rc = db_next(res)) == 1)
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
			"type", "commitment", "id", (json_int_t)db_int(res, 0),
			"commitment_id", (json_int_t)db_int(res, 0), "title", col_str(res, 1),
			"summary", summary(db_text(res, 2), FEED_SUMMARY),
			"url", url_json("/commitments/", db_int(res, 0)), "author", col_str(res, 6),
			"published", col_str(res, 3), "updated", col_str(res, 3),
			"sample", strcmp(db_text(res, 5), "real") != 0));
	db_res_free(res);
	return rc < 0 ? (json_decref(a), NULL) : a;
}

static json_t *update_entry(const char *locale, const json_t *u)
{
	const json_t *c = json_object_get(u, "commitment");
	struct buf title;
	buf_init(&title, 4096);
	buf_printf(&title, "%s: %s", tr(locale, N_("Progress update")), jget_str(c, "title"));
	const char *narrative = jget_str(u, "narrative");
	json_t *sum = narrative && *narrative ? summary(narrative, FEED_SUMMARY) :
	              json_string(jget_str(u, "status_label"));
	json_t *e = json_pack("{s:s, s:O, s:O, s:o, s:o, s:O, s:O, s:O, s:O, s:O}",
		"type", "update", "id", json_object_get(u, "id"),
		"commitment_id", json_object_get(c, "id"), "title", jstr(buf_str(&title)),
		"summary", sum, "url", json_object_get(u, "url"),
		"author", json_object_get(json_object_get(c, "owner"), "name"),
		"published", json_object_get(u, "created_at"),
		"updated", json_object_get(u, "created_at"), "sample", json_object_get(u, "sample"));
	buf_release(&title);
	return e;
}

json_t *commitments_feed(struct db *db, const char *locale, const char *country,
                         int objective, int limit)
{
	if (limit < 1 || limit > 100)
		limit = 20;
	json_t *entries = feed_commitments(db, country, objective, limit);
	struct progress_scope scope = {.objective = objective, .country = country};
	json_t *updates = entries ? progress_latest(db, locale, &scope, limit, 0) : NULL;
	if (!updates) {
		json_decref(entries);
		return NULL;
	}
	size_t i;
	json_t *u;
	json_array_foreach(updates, i, u)
		json_array_append_new(entries, update_entry(locale, u));
	json_decref(updates);
	size_t n = json_array_size(entries);
	json_t **v = xmalloc((n + 1) * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(entries, i));
	qsort(v, n, sizeof(*v), cmp_published);
	json_array_clear(entries);
	for (i = 0; i < n; i++) {
		if (i < (size_t)limit)
			json_array_append(entries, v[i]);
		json_decref(v[i]);
	}
	free(v);
	json_t *newest = json_array_size(entries) ?
	                 json_incref(json_object_get(json_array_get(entries, 0), "published")) :
	                 json_null();
	return json_pack("{s:o, s:o}", "entries", entries, "updated", newest);
}
