/* dates.h — calendar dates written YYYY-MM-DD, and "today" in UTC.
 *
 * Every rule that depends on the date (overdue, reporting freshness, a
 * report dated in the future) takes "today" as an argument, so tests can
 * set it; dates_resolve_today is how such a function reads it. */
#ifndef PACTE_DATES_H
#define PACTE_DATES_H

#include <stdbool.h>

#define DATE_LEN 10                       /* "YYYY-MM-DD" */

/* Writes today's UTC date into out. */
void dates_today(char out[DATE_LEN + 1]);
/* today when it is a valid date, otherwise the real today written into
 * buf (today NULL: now). Returns one of the two. */
const char *dates_resolve_today(const char *today, char buf[DATE_LEN + 1]);
/* True when s is a real calendar date written YYYY-MM-DD (years 1900–2199). */
bool date_valid(const char *s);
/* The date `months` calendar months before date (a valid date; negative
 * months count forward), the day clamped to the month's end (2024-02-29
 * minus 12 months is 2023-02-28). An invalid date gives 1900-01-01. */
void date_minus_months(const char *date, int months, char out[DATE_LEN + 1]);
/* The date `days` days after date (a valid date; negative days count
 * back): 2026-02-20 plus 30 is 2026-03-22. An invalid date gives
 * 1900-01-01. */
void date_plus_days(const char *date, int days, char out[DATE_LEN + 1]);

#endif
