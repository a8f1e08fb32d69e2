/* fields.c — checks shared by the nouns' validation tables (fields.h). */
#include <string.h>

#include "fields.h"

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

int fields_text_or_empty(struct valid *v, const struct field *f, json_t **value)
{
	if (json_is_null(*value)) {
		json_decref(*value);
		*value = json_string("");
	}
	return 0;
}
