/* practices_impl.h — what the files of the practices module share, and
 * nothing else includes: result columns as JSON, and the write context
 * every transaction of the module takes with the steps that start and
 * run one. */
#ifndef PACTE_PRACTICES_IMPL_H
#define PACTE_PRACTICES_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "audit.h"
#include "db.h"
#include "permission.h"
#include "practices.h"
#include "validate.h"

/* The fields of a translation's input (practices_check.c): lang and the
 * texts, checked as a practice's own. */
extern const struct field practice_translation_fields[];
extern const size_t practice_translation_nfields;

/* A string column, or null. New reference. */
static inline json_t *pcol_str(struct db_res *res, int col)
{
	const char *s = db_text(res, col);
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

/* "/practices/12" as a new string in buf. */
static inline const char *practice_url(char buf[48], int64_t id)
{
	snprintf(buf, 48, "/practices/%lld", (long long)id);
	return buf;
}

/* One write of the module, as its transaction body sees it. */
struct pwrite {
	const struct user *by;
	int64_t id;               /* the practice (or call, translation …) */
	int64_t actor;            /* the practice's submitting actor */
	int64_t created_by;
	char status[24];
	const json_t *input;
	json_t *clean;
	json_t *errors;
	enum action action;
	json_t *denial;           /* what a denial entry records beside the object, or NULL */
	int64_t out_id;
};

/* can() for w on its practice; the operator (by NULL) may do everything. */
bool pwrite_allowed(const struct pwrite *w);
/* Records w's denial (audited once rolled back) and returns OUTCOME_DENIED. */
enum outcome pwrite_deny(struct audit_txn *t, struct pwrite *w);
/* Loads practice w->id's actor, status and creator into w. OUTCOME_OK,
 * OUTCOME_NOT_FOUND or OUTCOME_ERROR. */
enum outcome pwrite_load(struct db *db, struct pwrite *w);
/* The start of a transaction body on an existing practice: pwrite_load,
 * then can() (a denial recorded for the audit). OUTCOME_OK to go on, or
 * the outcome the body returns. */
enum outcome pwrite_start(struct db *db, struct audit_txn *t, struct pwrite *w);
/* Checks input against fields[0..n) into w->clean (NULL when refused).
 * OUTCOME_OK or OUTCOME_INVALID (w->errors filled; errors it held on entry
 * count too). */
enum outcome pwrite_input(struct pwrite *w, const struct field *fields, size_t n,
                          const json_t *input);
/* A step on practice w->id with an input: 404 first, then a denial by
 * can() (fn records it, audited), then input checked against fields, then
 * fn in a transaction. Frees w->clean and w->denial. */
enum outcome pwrite_run(struct db *db, struct pwrite *w, const struct field *fields, size_t n,
                        const json_t *input, audit_txn_fn fn);
/* Sets practice id's status (and updated_at = now), and published_at when
 * it is "published" (announcing its text: practices_text_changed). 0 or -1. */
int practices_set_status(struct db *db, int64_t id, const char *status, const char *reason);

#endif
