/* hub_impl.h — what the files of the hub module share, and nothing else
 * includes: the field tables of its steps, and the write context every
 * transaction of the module takes. */
#ifndef PACTE_HUB_IMPL_H
#define PACTE_HUB_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "audit.h"
#include "hub.h"
#include "permission.h"
#include "validate.h"

/* The fields of an assessment {decision, notes}, of an owner's step {step,
 * outcome} and of a withdrawal {reason} (hub_check.c). */
extern const struct field hub_assess_fields[];
extern const size_t hub_assess_nfields;
extern const struct field hub_step_fields[];
extern const size_t hub_step_nfields;
extern const struct field hub_withdraw_fields[];
extern const size_t hub_withdraw_nfields;

/* One write of the module, as its transaction body sees it. */
struct hwrite {
	const struct user *by;
	int64_t id;               /* the item (or match, partnership) */
	int64_t actor;            /* its owning actor */
	char side[8];
	char status[24];
	bool hidden;              /* hidden by a flag (flags.h) */
	const json_t *input;
	json_t *clean;
	json_t *errors;
	enum action action;
	int64_t out_id;
};

/* can() for w's action on an object of actor (the operator, by NULL, may
 * do everything). */
bool hub_allowed(const struct user *by, enum action a, const char *type, int64_t id,
                 int64_t actor);
/* Records the denial of w's action on its item (audited once rolled back)
 * and returns OUTCOME_DENIED. */
enum outcome hub_deny(struct audit_txn *t, const struct hwrite *w, const char *type);
/* Loads item id's side, actor, status and hidden marker into w.
 * OUTCOME_OK, OUTCOME_NOT_FOUND or OUTCOME_ERROR. */
enum outcome hub_load(struct db *db, int64_t id, struct hwrite *w);
/* Sets item id's status (and updated_at), with the extra text column
 * (assessment or outcome; NULL: unchanged), then hub_published. 0 or -1. */
int hub_set_status(struct db *db, int64_t id, const char *status, const char *column,
                   const char *text, int64_t assessed_by);

/* The current lead of partnership id into *lead (0: none left):
 * OUTCOME_OK, OUTCOME_NOT_FOUND or OUTCOME_ERROR (hub_partnerships_write.c). */
enum outcome partnerships_lead(struct db *db, int64_t id, int64_t *lead);

#endif
