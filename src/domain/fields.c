/* fields.c — checks shared by the nouns' validation tables (fields.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "db.h"
#include "fields.h"
#include "i18n.h"
#include "util.h"

json_t *fields_list(const json_t *value)
{
	if (!value || json_is_null(value))
		return json_array();
	if (json_is_object(value))
		return NULL;
	if (json_is_array(value))
		return json_incref((json_t *)value);
	json_t *list = json_array();
	json_array_append(list, (json_t *)value);
	return list;
}

json_t *fields_lines(const json_t *value)
{
	if (!json_is_string(value))
		return fields_list(value);
	json_t *list = json_array();
	const char *s = json_string_value(value);
	size_t len = json_string_length(value), i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '\r' && s[j] != '\n')
			j++;
		/* nocheck: each line is as valid as the text was; the item's own
		 * check refuses what needs refusing (a NUL among them). */
		json_array_append_new(list, json_stringn_nocheck(s + i, j - i));
		if (j < len && s[j] == '\r')
			j++;
		if (j < len && s[j] == '\n')
			j++;
		i = j;
	}
	return list;
}

int fields_items(struct valid *v, const struct field *f, json_t **value, bool lines, size_t max,
                 fields_item_fn one)
{
	json_t *list = lines ? fields_lines(*value) : fields_list(*value);
	if (!list) {
		valid_error(v->errors, f->name, f->msgid ? f->msgid : N_("This must be a list."));
		return -1;
	}
	json_t *out = json_array();
	size_t i;
	json_t *item;
	int rc = 0;
	json_array_foreach(list, i, item) {
		json_t *x = one(v, f, item, out);
		if (!x) {
			rc = -1;
			break;
		}
		if (json_is_null(x))
			json_decref(x);
		else
			json_array_append_new(out, x);
	}
	json_decref(list);
	if (rc == 0 && max && json_array_size(out) > max)
		rc = -1, valid_error_int(v->errors, f->name, N_("At most {max} items."), "max",
		                         (int64_t)max);
	json_decref(*value);
	*value = out;
	return rc;
}

int fields_text_or_empty(struct valid *v, const struct field *f, json_t **value)
{
	if (json_is_null(*value)) {
		json_decref(*value);
		*value = json_string("");
	}
	return 0;
}

static bool array_has(const json_t *a, const json_t *item)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_equal(v, (json_t *)item))
			return true;
	return false;
}

void fields_drop_repeats(json_t **value)
{
	json_t *out = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(*value, i, v)
		if (!array_has(out, v))
			json_array_append(out, v);
	json_decref(*value);
	*value = out;
}

static int cmp_json_int(const void *a, const void *b)
{
	json_int_t x = json_integer_value(*(json_t *const *)a);
	json_int_t y = json_integer_value(*(json_t *const *)b);
	return (x > y) - (x < y);
}

/* Reports msgid (or f's, or the generic one) for f and returns -1. */
static int refuse(struct valid *v, const struct field *f, const char *msgid)
{
	valid_error(v->errors, f->name, msgid ? msgid : f->msgid ? f->msgid :
	            N_("This is not one of the allowed choices."));
	return -1;
}

int fields_objectives(struct valid *v, const struct field *f, json_t **value)
{
	fields_drop_repeats(value);
	size_t n = json_array_size(*value);
	if (n == 0)
		return refuse(v, f, N_("Choose at least one objective."));
	json_t **items = xmalloc(n * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = json_incref(json_array_get(*value, i));
	qsort(items, n, sizeof(*items), cmp_json_int);
	json_array_clear(*value);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*value, items[i]);
	free(items);
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

int fields_slug(struct valid *v, const struct field *f, json_t **value)
{
	return json_is_null(*value) || slug_shape(json_string_value(*value)) ? 0 :
	       refuse(v, f, NULL);
}

int fields_iso3(struct valid *v, const struct field *f, json_t **value)
{
	return json_is_null(*value) || iso3_code_valid(json_string_value(*value)) ? 0 :
	       refuse(v, f, NULL);
}

int fields_m49(struct valid *v, const struct field *f, json_t **value)
{
	return json_is_null(*value) || m49_code_valid(json_string_value(*value)) ? 0 :
	       refuse(v, f, NULL);
}

int64_t fields_id(const json_t *input, const char *key)
{
	const json_t *v = json_object_get(input, key);
	int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
	if (json_is_string(v) && parse_int64(json_string_value(v), 1, INT64_MAX, &id) < 0)
		id = 0;
	return id > 0 ? id : 0;
}

static const struct field link_url = {"links", FIELD_URL, 0, .max = 2000};

static json_t *link(struct valid *v, const struct field *f, const json_t *item,
                    const json_t *done)
{
	if (valid_blank(item))
		return json_null();
	return valid_value(v, &link_url, f->name, item);
}

int fields_urls(struct valid *v, const struct field *f, json_t **value, size_t max)
{
	if (fields_items(v, f, value, true, max, link) < 0)
		return -1;
	fields_drop_repeats(value);
	return 0;
}

bool fields_exists(struct valid *v, const char *sql, struct db_arg a)
{
	struct fields_db *c = v->ctx;
	int64_t n;
	if (c->failed)
		return true;
	if (db_scalar_int(c->db, &n, 0, sql, 1, &a) < 0) {
		c->failed = true;
		return true;
	}
	return n > 0;
}

int fields_refuse(struct valid *v, const struct field *f, const char *msgid)
{
	valid_error(v->errors, f->name, msgid ? msgid : f->msgid);
	return -1;
}
