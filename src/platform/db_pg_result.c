/* db_pg_result.c — reading a PostgreSQL result through db.h: rows, columns
 * and values converted the way the SQLite backend converts them, so a
 * caller cannot tell the backends apart (db_pg.c runs the statements). */
#include <stdint.h>
#include <stdlib.h>

#include "db_pg_impl.h"
#include "util.h"

/* Type OIDs, fixed in PostgreSQL's catalog since forever; the server
 * headers that name them are not part of libpq's. */
enum {
	OID_BOOL = 16,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700,
};

struct pg_res {
	struct db_res base;
	PGresult *r;
	int row;                    /* -1 before the first db_next */
	int nrows;
};

static const struct pg_res *pres(const struct db_res *res)
{
	return (const struct pg_res *)res;
}

struct db_res *pg_result_new(PGresult *r)
{
	struct pg_res *res = xmalloc(sizeof(*res));
	*res = (struct pg_res){.r = r, .row = -1, .nrows = PQntuples(r)};
	return &res->base;
}

int pg_next(struct db_res *res)
{
	struct pg_res *r = (struct pg_res *)res;
	if (r->row + 1 >= r->nrows) {
		r->row = r->nrows;      /* finished stays finished */
		return 0;
	}
	r->row++;
	return 1;
}

int pg_ncols(const struct db_res *res)
{
	return PQnfields(pres(res)->r);
}

const char *pg_colname(const struct db_res *res, int col)
{
	return PQfname(pres(res)->r, col);
}

/* The current row's value in col, NULL for SQL NULL or when there is no
 * current row. */
static const char *value(const struct pg_res *r, int col)
{
	if (r->row < 0 || r->row >= r->nrows || col < 0 || col >= PQnfields(r->r) ||
	    PQgetisnull(r->r, r->row, col))
		return NULL;
	return PQgetvalue(r->r, r->row, col);
}

bool pg_isnull(const struct db_res *res, int col)
{
	return value(pres(res), col) == NULL;
}

static bool is_float_type(Oid type)
{
	return type == OID_FLOAT4 || type == OID_FLOAT8 || type == OID_NUMERIC;
}

/* A double as an int64, truncated toward zero and clamped (converting an
 * out-of-range double is undefined behaviour). */
static int64_t clamp_to_int64(double d)
{
	if (d != d)
		return 0;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
}

/* As SQLite converts: a bool is 0 or 1, a real is truncated, text gives its
 * leading number or 0. */
int64_t pg_get_int(const struct db_res *res, int col)
{
	const struct pg_res *r = pres(res);
	const char *v = value(r, col);
	if (!v)
		return 0;
	Oid type = PQftype(r->r, col);
	if (type == OID_BOOL)
		return v[0] == 't';
	if (is_float_type(type))
		return clamp_to_int64(strtod(v, NULL));
	return strtoll(v, NULL, 10);
}

double pg_get_real(const struct db_res *res, int col)
{
	const struct pg_res *r = pres(res);
	const char *v = value(r, col);
	if (!v)
		return 0.0;
	if (PQftype(r->r, col) == OID_BOOL)
		return v[0] == 't';
	return strtod(v, NULL);
}

const char *pg_get_text(const struct db_res *res, int col)
{
	return value(pres(res), col);
}

/* An integral numeric (sum() of bigints is one) becomes a JSON integer, as
 * on SQLite; any other number a real. A value JSON cannot hold (NaN,
 * Infinity) comes back as null, as on SQLite. */
static json_t *number_json(const char *v, Oid type)
{
	int64_t i;
	if (type != OID_FLOAT4 && type != OID_FLOAT8 &&
	    parse_int64(v, INT64_MIN, INT64_MAX, &i) == 0)
		return json_integer(i);
	return json_real(strtod(v, NULL));
}

json_t *pg_get_json(const struct db_res *res, int col)
{
	const struct pg_res *r = pres(res);
	const char *v = value(r, col);
	if (!v)
		return json_null();
	json_t *j;
	switch (PQftype(r->r, col)) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		j = number_json(v, PQftype(r->r, col));
		break;
	case OID_BOOL:
		j = json_boolean(v[0] == 't');
		break;
	default:
		j = json_stringn(v, (size_t)PQgetlength(r->r, r->row, col));
		break;
	}
	return j ? j : json_null();
}

void pg_res_free(struct db_res *res)
{
	struct pg_res *r = (struct pg_res *)res;
	PQclear(r->r);
	free(r);
}
