/* query.c — SQL assembled from constant fragments and bound parameters
 * (query.h). */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "query.h"

void query_init(struct query *q, struct db_arg *args)
{
	assert(q && args);
	q->len = 0;
	q->sql[0] = '\0';
	q->args = args;
	q->nargs = 0;
	q->overflow = false;
}

static void append(struct query *q, const char *s, size_t n)
{
	if (q->overflow || q->len + n >= sizeof q->sql) {
		q->overflow = true;
		return;
	}
	memcpy(q->sql + q->len, s, n);
	q->len += n;
	q->sql[q->len] = '\0';
}

void query_sql(struct query *q, const char *fragment)
{
	assert(fragment);   /* fragments are constants of the code */
	append(q, fragment, strlen(fragment));
}

void query_param(struct query *q, const char *fragment, struct db_arg a)
{
	if (q->nargs >= QUERY_ARGS) {
		q->overflow = true;
		return;
	}
	q->args[q->nargs++] = a;
	char num[16];
	int nlen = snprintf(num, sizeof num, "$%zu", q->nargs);
	for (const char *p = fragment; *p;) {
		const char *hit = strstr(p, "$?");
		if (!hit) {
			query_sql(q, p);
			break;
		}
		append(q, p, (size_t)(hit - p));
		append(q, num, (size_t)nlen);
		p = hit + 2;
	}
}
