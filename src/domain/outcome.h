/* outcome.h — what a domain write reports to its caller (web or CLI). */
#ifndef PACTE_OUTCOME_H
#define PACTE_OUTCOME_H

enum outcome {
	OUTCOME_OK = 0,
	OUTCOME_INVALID,     /* input refused; the errors object says why, per field */
	OUTCOME_NOT_FOUND,   /* the object does not exist */
	OUTCOME_DENIED,      /* can() said no; the denial is in the audit trail */
	OUTCOME_CONFLICT,    /* the state changed under us (already decided, duplicate) */
	OUTCOME_ERROR,       /* the database failed; db_errmsg says why */
};

#endif
