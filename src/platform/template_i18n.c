/* template_i18n.c — the template env of a locale: translations from the
 * catalogs, numbers, percentages and dates written by the locale's rules.
 *
 * The filters take a number ("num": a whole number as it is, a real with
 * one decimal when it has a fraction; "pct": the same with the percent
 * sign) or a date string ("date"); any other value is written as it is,
 * so a filter never hides a value. */
#include <math.h>
#include <string.h>

#include "i18n.h"
#include "l10n.h"
#include "template_i18n.h"

static const char *env_translate(void *ctx, const char *msgid)
{
	return tr((const char *)ctx, msgid);
}

static const char *env_translate_n(void *ctx, const char *singular, const char *plural,
                                   long long n)
{
	return tr_n((const char *)ctx, singular, plural, n);
}

/* Decimals a number is shown with: none for a whole value, else one. */
static int decimals_of(double v)
{
	return v == floor(v) ? 0 : 1;
}

static int env_format(void *ctx, const char *filter, const json_t *v, struct buf *out)
{
	const char *locale = ctx;
	if (strcmp(filter, "date") == 0) {
		if (!json_is_string(v))
			return -1;
		i18n_date(locale, json_string_value(v), out);
		return 0;
	}
	if (!json_is_number(v))
		return -1;
	double d = json_number_value(v);
	if (strcmp(filter, "pct") == 0)
		l10n_percent(locale, d, decimals_of(d), out);
	else
		l10n_number(locale, d, decimals_of(d), out);
	return 0;
}

struct template_env template_env_for(const char *locale)
{
	return (struct template_env){
		.translate = env_translate, .ctx = (void *)locale,
		.translate_n = env_translate_n, .format = env_format,
	};
}
