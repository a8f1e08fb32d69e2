/* dates.c — calendar dates written YYYY-MM-DD, and "today" in UTC. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dates.h"

void dates_today(char out[DATE_LEN + 1])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	if (strftime(out, DATE_LEN + 1, "%Y-%m-%d", &tm) != DATE_LEN)
		snprintf(out, DATE_LEN + 1, "2000-01-01");   /* defensive: cannot happen */
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Splits a YYYY-MM-DD date; -1 unless it is one. */
static int date_parts(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != DATE_LEN || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < DATE_LEN; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1900 || *y > 2199 || *m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return -1;
	return 0;
}

bool date_valid(const char *s)
{
	int y, m, d;
	return date_parts(s, &y, &m, &d) == 0;
}

const char *dates_resolve_today(const char *today, char buf[DATE_LEN + 1])
{
	if (date_valid(today))
		return today;
	dates_today(buf);
	return buf;
}

void date_minus_months(const char *date, int months, char out[DATE_LEN + 1])
{
	int y, m, d;
	if (date_parts(date, &y, &m, &d) < 0) {
		snprintf(out, DATE_LEN + 1, "1900-01-01");
		return;
	}
	int total = y * 12 + (m - 1) - months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	char tmp[32];   /* roomy: the compiler cannot see that y has four digits */
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, DATE_LEN);
	out[DATE_LEN] = '\0';
}

void date_plus_days(const char *date, int days, char out[DATE_LEN + 1])
{
	int y, m, d;
	if (date_parts(date, &y, &m, &d) < 0) {
		snprintf(out, DATE_LEN + 1, "1900-01-01");
		return;
	}
	/* Day by day is plenty for the periods Pacte counts (weeks). */
	for (; days > 0; days--)
		if (++d > month_days(y, m)) {
			d = 1;
			if (++m > 12)
				m = 1, y++;
		}
	for (; days < 0; days++)
		if (--d < 1) {
			if (--m < 1)
				m = 12, y--;
			d = month_days(y, m);
		}
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, DATE_LEN);
	out[DATE_LEN] = '\0';
}
