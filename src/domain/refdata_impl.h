/* refdata_impl.h — what refdata.c (reading, reporting, writing) and
 * refdata_files.c (the files described) share; private to the refdata
 * module. */
#ifndef PACTE_REFDATA_IMPL_H
#define PACTE_REFDATA_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kind {
	K_TEXT,     /* any text (names, titles, descriptions) */
	K_ISO3,     /* three capital letters */
	K_ISO2,     /* two capital letters */
	K_CODE3,    /* three digits: M49 and ISO 3166-1 numeric codes */
	K_INT,      /* a whole number in [min, max] */
	K_CHOICE,   /* one of `choices` */
	K_SLUG,     /* lower-case words joined by '-' */
};

struct column {
	const char *name;
	enum kind kind;
	bool optional;              /* may be empty; stored as NULL */
	bool unique;
	int64_t min, max;           /* K_INT */
	const char *const *choices; /* K_CHOICE, NULL-terminated */
};

struct row {
	size_t line;
	char **cell;                /* one per column of the spec, in its order */
};

struct table {
	const struct file_spec *spec;
	size_t index;               /* in specs[], to sort the report by file */
	struct row *rows;
	size_t nrows, cap;
	size_t header_line;
	size_t nerrors;             /* problems found in this file */
};

struct refdata;
struct report;

struct file_spec {
	const char *name;
	const struct column *cols;
	size_t ncols;
	size_t exact_rows;          /* 0: any number */
	int order_col;              /* write rows in this K_CHOICE column's order; -1: as read */
	bool search_key;            /* bind the folded names as one more parameter */
	const char *upsert_sql;
	void (*check)(struct report *r, struct refdata *rd, struct table *t);
};

enum { T_REGIONS, T_COUNTRIES, T_OBJECTIVES, T_PRINCIPLES, T_EVENTS, T_POSITIONS, T_COUNT };

struct refdata {
	struct table t[T_COUNT];
};

/* The files, in write order: regions before the countries that reference
 * them, events before the positions taken at them (refdata_files.c). */
extern const struct file_spec refdata_specs[T_COUNT];

/* Records "file:line: field: reason" (no ":line" when line is 0) in the
 * report, and counts it against t. */
__attribute__((format(printf, 5, 6)))
void refdata_problem(struct report *r, struct table *t, size_t line, const char *field,
                     const char *fmt, ...);

/* The index of s in a NULL-terminated list of choices, or -1. */
int refdata_choice_index(const char *const *choices, const char *s);

#endif
