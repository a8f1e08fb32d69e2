/* commitments_rules.c — the rules computed from a commitment: overdue,
 * reporting freshness and the SMART flags (commitments.h, "The rules").
 * Pure functions of their arguments, "today" always injectable; the SQL
 * of lists and aggregates applies the same rules. */
#include <ctype.h>
#include <string.h>

#include "commitments.h"
#include "commitments_impl.h"
#include "i18n.h"
#include "util.h"

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

void commitment_rules_json(json_t *c, const char *locale, const char *status,
                           const char *target_date, const char *activity_date,
                           const char *today)
{
	const char *fresh = commitment_freshness(status, activity_date, today);
	json_object_set_new(c, "overdue", json_boolean(commitment_overdue(target_date, status,
	                                                                  today)));
	json_object_set_new(c, "freshness", json_string(fresh));
	json_object_set_new(c, "freshness_label", code_label_json(locale, commitment_freshnesses,
	                    commitment_freshness_labels, fresh));
}
