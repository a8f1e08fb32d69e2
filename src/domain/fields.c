/* fields.c — checks shared by the nouns' validation tables (fields.h). */
#include <string.h>

#include "fields.h"
#include "i18n.h"

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
