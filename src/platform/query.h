/* query.h — SQL assembled from constant fragments, values only ever bound
 * as parameters.
 *
 * A list whose filters are optional cannot be one constant statement; it
 * is built here from fragments written as constants in the code, each
 * value it needs travelling as a parameter ($1, $2 …, numbered as they
 * are added). In a fragment, every "$?" stands for the one parameter that
 * call adds (the same number each time it appears), so a condition that
 * tests one value against three columns binds it once. Nothing a client
 * sends is ever copied into the text.
 *
 * The buffer and the argument array are fixed: a query that does not fit
 * is a bug in the code that builds it, never something input can cause;
 * it sets `overflow`, and the caller refuses to run the query. */
#ifndef PACTE_QUERY_H
#define PACTE_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "db.h"

#define QUERY_ARGS 24
#define QUERY_MAX 4096

struct query {
	char sql[QUERY_MAX];
	size_t len;
	struct db_arg *args;        /* QUERY_ARGS of them, the caller's */
	size_t nargs;
	bool overflow;              /* a fragment or a parameter did not fit */
};

/* Starts an empty query whose parameters go into args (an array of
 * QUERY_ARGS, owned by the caller, that must outlive the query's run). */
void query_init(struct query *q, struct db_arg *args);
/* Appends a fragment without parameters. */
void query_sql(struct query *q, const char *fragment);
/* Appends a fragment whose "$?" are the new parameter a. */
void query_param(struct query *q, const char *fragment, struct db_arg a);

#endif
