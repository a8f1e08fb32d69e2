/* validate.c — the one validation system: field tables over a JSON object. */
#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dates.h"
#include "i18n.h"
#include "l10n.h"
#include "text.h"
#include "util.h"
#include "validate.h"

#define PASSWORD_BYTES_MAX 1024   /* what a password hash is ever given */

/* ---- Errors ---------------------------------------------------------------- */

static int add_error(json_t *errors, const char *field, const char *msgid, json_t *args)
{
	assert(errors && field && msgid);
	if (json_object_get(errors, field)) {
		json_decref(args);
		return 0;
	}
	json_object_set_new(errors, field,
	                    json_pack("{s:s, s:o}", "id", msgid, "args", args ? args : json_object()));
	return 1;
}

int valid_error(json_t *errors, const char *field, const char *msgid)
{
	return add_error(errors, field, msgid, NULL);
}

int valid_error_int(json_t *errors, const char *field, const char *msgid, const char *arg,
                    int64_t value)
{
	return add_error(errors, field, msgid, json_pack("{s:I}", arg, (json_int_t)value));
}

int valid_error_str(json_t *errors, const char *field, const char *msgid, const char *arg,
                    const char *value)
{
	return add_error(errors, field, msgid, json_pack("{s:s}", arg, value ? value : ""));
}

const char *valid_error_id(const json_t *errors, const char *field)
{
	return json_string_value(json_object_get(json_object_get(errors, field), "id"));
}

/* ---- Messages -------------------------------------------------------------- */

/* text (translated) with its {name} placeholders filled from args. */
static char *fill(const char *locale, const char *text, const json_t *args)
{
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	for (const char *p = text; *p;) {
		const char *open = strchr(p, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(open - p));
		char name[64];
		size_t len = (size_t)(close - open - 1);
		json_t *v = NULL;
		if (len < sizeof name) {
			memcpy(name, open + 1, len);
			name[len] = '\0';
			v = json_object_get(args, name);
		}
		if (json_is_integer(v))
			buf_printf(&b, "%lld", (long long)json_integer_value(v));
		else if (json_is_string(v)) {
			l10n_elide(locale, &b, json_string_value(v)); /* "de Awa" -> "d'Awa" */
			buf_puts(&b, json_string_value(v));
		} else
			buf_append(&b, open, (size_t)(close - open + 1));   /* left as written */
		p = close + 1;
	}
	/* A translation is short; a cut one still reads as a message. */
	return buf_detach(&b, NULL);
}

char *valid_format(const char *locale, const char *msgid, const json_t *args)
{
	return fill(locale, tr(locale, msgid), args);
}

char *valid_format_n(const char *locale, const char *singular, const char *plural, int64_t n)
{
	json_t *args = json_pack("{s:I}", "n", (json_int_t)n);
	char *s = fill(locale, tr_n(locale, singular, plural, n), args);
	json_decref(args);
	return s;
}

static char *message_of(const char *locale, const json_t *e)
{
	const char *id = json_string_value(json_object_get(e, "id"));
	return valid_format(locale, id ? id : N_("This value is not accepted."),
	                    json_object_get(e, "args"));
}

json_t *valid_messages(const char *locale, const json_t *errors)
{
	json_t *out = json_object();
	const char *field;
	json_t *e;
	json_object_foreach((json_t *)errors, field, e) {
		char *m = message_of(locale, e);
		json_object_set_new(out, field, json_string(m));
		free(m);
	}
	return out;
}

json_t *valid_problems(const char *locale, const json_t *errors)
{
	json_t *messages = valid_messages(locale, errors), *list = json_array();
	const char *field;
	json_t *m;
	json_object_foreach(messages, field, m) {
		const char *id = valid_error_id(errors, field);
		json_array_append_new(list, json_pack("{s:s, s:s, s:O}", "field", field, "message_id",
		                                      id ? id : "", "detail", m));
	}
	json_decref(messages);
	return list;
}

/* ---- Text ------------------------------------------------------------------ */

static const char MSG_NOT_UTF8[] =
	N_("This is not valid text: it must be UTF-8 without NUL characters.");

/* jansson's own strings are valid UTF-8, but a caller may build one with
 * json_stringn_nocheck (the importer's CSV cells, so that a bad cell is
 * reported by its field): what reads a string as characters checks first
 * that it is one, without a NUL inside. */
static bool utf8_text(const json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	return s && strlen(s) == len && utf8_valid(s, len);
}

bool valid_blank(const json_t *v)
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

/* The code point at s (valid UTF-8, as jansson keeps every string), and
 * its length in *n. */
static uint32_t code_point(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		return ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*n = 3;
		return ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
	}
	*n = 4;
	return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
	       ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
}

/* Why the characters of s are refused in a text field, or NULL. Every
 * text field refuses noncharacters (U+FDD0–FDEF, U+xxFFFE/F: XML cannot
 * carry them, so one would break every feed) and C1 controls; one line
 * refuses other controls and bidi overrides (they reorder what follows). */
static const char *bad_characters(const char *s, size_t len, bool multiline)
{
	for (size_t i = 0; i < len;) {
		size_t n;
		uint32_t c = code_point((const unsigned char *)s + i, &n);
		i += n;
		if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe || (c >= 0x80 && c <= 0x9f))
			return N_("This contains characters that are not allowed.");
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
			return N_("This contains control characters.");
		if (!multiline && ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)))
			return N_("This contains bidirectional control characters, which are not allowed on one line.");
	}
	return NULL;
}

json_t *valid_text(const json_t *v, size_t maxchars, bool multiline, const char **why,
                   int64_t *arg)
{
	*arg = 0;
	if (!json_is_string(v)) {
		*why = N_("This must be text.");
		return NULL;
	}
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (!utf8_text(v)) {
		*why = MSG_NOT_UTF8;
		return NULL;
	}
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if ((*why = bad_characters(s, len, multiline)))
		return NULL;
	if (utf8_length(s, len) > maxchars) {
		*why = N_("At most {max} characters.");
		*arg = (int64_t)maxchars;
		return NULL;
	}
	return json_stringn(s, len);
}

/* ---- One value ------------------------------------------------------------- */

static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == '"' || *p == ',')
			return false;
	return true;
}

/* The scheme in either case (RFC 3986: "HTTPS://" is the same). */
static bool valid_url(const char *s)
{
	const char *host = strncasecmp(s, "https://", 8) == 0 ? s + 8 :
	                   strncasecmp(s, "http://", 7) == 0 ? s + 7 : NULL;
	if (!host || !*host || *host == '/' || *host == ':' || strlen(s) > 2000)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
			return false;
	return true;
}

static void change_case(json_t *s, bool upper)
{
	char *c = xstrdup(json_string_value(s));
	for (char *p = c; *p; p++)
		*p = (char)(upper ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
	json_string_set(s, c);
	free(c);
}

/* A failure of one value's kind check: the field's own message when it
 * has one, else the kind's; args min and max always given. */
struct failure {
	const char *why;
	int64_t arg_min, arg_max;
};

static json_t *fail(struct failure *f, const char *why, int64_t min, int64_t max)
{
	*f = (struct failure){why, min, max};
	return NULL;
}

static json_t *check_text(const struct field *f, const json_t *v, struct failure *out)
{
	bool multiline = f->kind == FIELD_TEXTAREA || f->kind == FIELD_PASSWORD;
	int64_t max = f->max ? f->max : VALID_TEXT_MAX;
	const char *why;
	int64_t arg;
	json_t *t;
	if (f->kind == FIELD_PASSWORD) {
		/* Passwords are taken as typed: spaces count. */
		if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
			return fail(out, N_("This must be text."), f->min, max);
		if (json_string_length(v) > PASSWORD_BYTES_MAX ||
		    utf8_length(json_string_value(v), json_string_length(v)) > (size_t)max)
			return fail(out, N_("At most {max} characters."), f->min, max);
		t = json_copy((json_t *)v);
	} else if (!(t = valid_text(v, (size_t)max, multiline, &why, &arg))) {
		return fail(out, why, f->min, max);
	}
	if (f->flags & (FIELD_UPPER | FIELD_LOWER))
		change_case(t, f->flags & FIELD_UPPER);
	if ((int64_t)utf8_length(json_string_value(t), json_string_length(t)) < f->min) {
		json_decref(t);
		return fail(out, N_("At least {min} characters."), f->min, max);
	}
	return t;
}

/* The text of v with white space around it trimmed, into out (cap
 * bytes). False when v is no string, holds a NUL or does not fit. */
static bool trimmed_copy(const json_t *v, char *out, size_t cap)
{
	const char *s = json_string_value(v);
	size_t len = s ? json_string_length(v) : 0;
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!s || len >= cap || memchr(s, '\0', len))
		return false;
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

/* An integer, or a string of digits (forms and query strings send text),
 * white space around it trimmed as a text field's is. */
static json_t *check_int(const struct field *f, const json_t *v, struct failure *out)
{
	int64_t n;
	const char *why = N_("This must be a whole number from {min} to {max}.");
	char digits[32];
	if (json_is_integer(v))
		n = json_integer_value(v);
	else if (!trimmed_copy(v, digits, sizeof digits) ||
	         parse_int64(digits, INT64_MIN, INT64_MAX, &n) < 0)
		return fail(out, why, f->min, f->max);
	if (n < f->min || n > f->max)
		return fail(out, why, f->min, f->max);
	return json_integer(n);
}

static json_t *check_number(const struct field *f, const json_t *v, struct failure *out)
{
	double d;
	if (json_is_number(v)) {
		d = json_number_value(v);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		d = strtod(s, &end);
		while (isspace((unsigned char)*end))
			end++;
		if (end == s || *end)
			return fail(out, N_("This must be a number."), 0, 0);
	} else {
		return fail(out, N_("This must be a number."), 0, 0);
	}
	if (!isfinite(d))
		return fail(out, N_("This must be a number."), 0, 0);
	return json_real(d);
}

static json_t *check_string_kind(const struct field *f, const json_t *v, struct failure *out)
{
	if (!json_is_string(v))
		return fail(out, N_("This must be text."), 0, 0);
	if (!utf8_text(v))
		return fail(out, MSG_NOT_UTF8, 0, 0);
	json_t *s = json_string(json_string_value(v));
	const char *p = json_string_value(s);
	switch (f->kind) {
	case FIELD_EMAIL:
		if (strlen(p) > 254 || !valid_email(p))
			break;
		change_case(s, false);
		return s;
	case FIELD_CHOICE:
		if (f->flags & FIELD_UPPER)
			change_case(s, true);
		for (const char *const *c = f->choices; c && *c; c++)
			if (strcmp(*c, json_string_value(s)) == 0)
				return s;
		json_decref(s);
		return fail(out, N_("This is not one of the allowed choices."), 0, 0);
	case FIELD_URL:
		if (valid_url(p))
			return s;
		json_decref(s);
		return fail(out, N_("This must be a web address starting with http:// or https://."), 0, 0);
	case FIELD_DATE:
		if (date_valid(p))
			return s;
		json_decref(s);
		return fail(out, N_("This must be a date written YYYY-MM-DD."), 0, 0);
	default:
		break;
	}
	json_decref(s);
	return fail(out, N_("This is not a valid email address."), 0, 0);
}

static json_t *check_bool(const json_t *v, struct failure *out)
{
	if (json_is_boolean(v))
		return json_copy((json_t *)v);
	if (json_is_integer(v))
		return json_boolean(json_integer_value(v) != 0);
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		return json_boolean(strcmp(s, "0") != 0 && strcmp(s, "false") != 0);
	}
	return fail(out, N_("This must be true or false."), 0, 0);
}

/* The kind's check of one given (not blank) value. */
static json_t *check_kind(const struct field *f, const json_t *v, struct failure *out)
{
	switch (f->kind) {
	case FIELD_TEXT:
	case FIELD_TEXTAREA:
	case FIELD_PASSWORD:
		return check_text(f, v, out);
	case FIELD_INT:
		return check_int(f, v, out);
	case FIELD_NUMBER:
		return check_number(f, v, out);
	case FIELD_EMAIL:
	case FIELD_CHOICE:
	case FIELD_URL:
	case FIELD_DATE:
		return check_string_kind(f, v, out);
	case FIELD_BOOL:
		return check_bool(v, out);
	case FIELD_ANY:
		return json_copy((json_t *)v);
	}
	assert(!"unknown field kind");
	return fail(out, N_("This value is not accepted."), 0, 0);
}

static void report(struct valid *v, const struct field *f, const char *path,
                   const struct failure *why)
{
	const char *msgid = f->msgid ? f->msgid : why->why;
	add_error(v->errors, path ? path : f->name, msgid,
	          json_pack("{s:I, s:I}", "min", (json_int_t)why->arg_min, "max",
	                    (json_int_t)why->arg_max));
}

/* Blank: nothing given. A password of spaces is given. */
static bool not_given(const struct field *f, const json_t *value)
{
	if (f->kind == FIELD_PASSWORD)
		return !value || json_is_null(value) || (json_is_string(value) && !*json_string_value(value));
	return valid_blank(value);
}

json_t *valid_value(struct valid *v, const struct field *f, const char *path, const json_t *value)
{
	if (not_given(f, value))
		return f->kind == FIELD_BOOL ? json_false() : json_null();
	struct failure why = {0};
	json_t *out = check_kind(f, value, &why);
	if (!out)
		report(v, f, path, &why);
	return out;
}

/* A MULTI field: an array, or one value alone; blank items are skipped. */
static json_t *multi_value(struct valid *v, const struct field *f, const json_t *value)
{
	json_t *list = json_array();
	if (not_given(f, value))
		return list;
	if (json_is_object(value)) {
		json_decref(list);
		add_error(v->errors, f->name, N_("This must be a list."), NULL);
		return NULL;
	}
	size_t max = f->max_items ? f->max_items : VALID_LIST_MAX;
	size_t n = json_is_array(value) ? json_array_size(value) : 1;
	for (size_t i = 0; i < n; i++) {
		const json_t *item = json_is_array(value) ? json_array_get(value, i) : value;
		if (not_given(f, item))
			continue;
		if (json_array_size(list) == max) {
			json_decref(list);
			valid_error_int(v->errors, f->name, N_("At most {max} items."), "max", (int64_t)max);
			return NULL;
		}
		json_t *one = valid_value(v, f, f->name, item);
		if (!one) {
			json_decref(list);
			return NULL;
		}
		json_array_append_new(list, one);
	}
	return list;
}

int valid_check(const struct field *fields, size_t n, const json_t *input, void *ctx,
                json_t *errors, json_t **clean)
{
	assert(json_is_object(input) && json_is_object(errors));
	struct valid v = {.input = input, .clean = json_object(), .errors = errors, .ctx = ctx};
	for (size_t i = 0; i < n; i++) {
		const struct field *f = &fields[i];
		const json_t *given = json_object_get(input, f->name);
		json_t *value = (f->flags & FIELD_MULTI) ? multi_value(&v, f, given)
		                                         : valid_value(&v, f, NULL, given);
		bool empty = value && (json_is_null(value) ||
		                       (json_is_array(value) && json_array_size(value) == 0));
		if (value && empty && (f->flags & FIELD_REQUIRED))
			valid_error(errors, f->name, N_("This is required."));
		if (value && !json_object_get(errors, f->name) && f->check)
			f->check(&v, f, &value);
		if (json_object_get(errors, f->name)) {
			/* Keep what was typed so the form shows it again. */
			json_decref(value);
			value = given && f->kind != FIELD_PASSWORD ? json_copy((json_t *)given) : json_null();
		}
		json_object_set_new(v.clean, f->name, value ? value : json_null());
	}
	if (clean)
		*clean = v.clean;
	else
		json_decref(v.clean);
	return (int)json_object_size(errors);
}
