/* importer.h — importing commitments (and their progress updates) from
 * CSV or JSON, all or nothing.
 *
 * CSV: a header row naming the columns, then one row per commitment. The
 * columns are the fields of commitments.h's input, by name: owner, title,
 * description, lang, objectives, principles, level, countries, start_date,
 * target_date, deliverables, indicators, status, kind, participants,
 * matches_commitment_id, form; title_LL / description_LL for a
 * translation into language LL; and ref, the record's key within the file
 * (optional, unique). Multi-valued cells separate items with ';'
 * ("1;7;23", "MAR;SEN"); an indicator is "name|unit|baseline|target" (the
 * last three may be empty). Unknown columns are an error (a typo must not
 * silently drop data). Progress updates come in a second CSV
 * (import_options.updates), one per row: ref (the commitment's), and
 * reported_at, status, percent, milestone, narrative, evidence (links
 * separated by ';'), indicator_values.
 * JSON: an array of objects with the same fields, lists as arrays,
 * indicators as objects {name, unit, baseline, target}; an object may
 * carry "updates": [progress inputs as progress.h], added in order after
 * the commitment is created.
 * In both, an update's indicator_values have the one shape of the API
 * (progress.h): each names its indicator — JSON [{"indicator_id": 1,
 * "value": 40}], CSV "1=40;3=12" — where, since the commitment's
 * indicators have no ids before the import, indicator_id is the
 * indicator's place in the record's list (1 for the first). A bare list of
 * numbers (the positional form of earlier versions) is refused with a
 * message that shows the shape. Corrections cannot be imported. An update without reported_at is dated today.
 * `owner` (and each participant) names an actor: an ISO3 code for a state,
 * an actor id, or an actor's exact name; "owner_actor_id" is accepted too.
 * A participant named by a file is invited, as by the form: it counts for
 * its actor once that actor accepts (commitments.h), whoever imports.
 *
 * Every record is validated first, with the same functions as the web form
 * (commitment_validate, progress_validate); every problem is reported, not
 * only the first, one line each:
 *     FILE:LINE: field: reason
 * where LINE is the line the CSV record starts on (for an update, FILE and
 * LINE are the updates file's), or for JSON the line where the object
 * starts (its "{"). Only when there is no problem at all
 * is everything written, in one transaction; otherwise nothing is.
 *
 * Permissions: `as` NULL is the operator at the console (may import for
 * any owner). Otherwise every record is checked with can(as,
 * ACTION_COMMITMENT_CREATE, owner) and a refused one is a problem of that
 * record ("owner: you may not create commitments for this actor"); one
 * denial entry is audited for the import ("denied:commitment.create",
 * naming the file, the owners refused — at most 100 — and the number of
 * records refused), whatever else the file holds. Each created commitment
 * and update gets its audit entry. */
#ifndef PACTE_IMPORTER_H
#define PACTE_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "outcome.h"

struct db;
struct user;

#define IMPORT_MAX_BYTES ((size_t)256 << 20)   /* 256 MiB: the CLI refuses larger files */
#define IMPORT_MAX_ERRORS 1000                 /* lines listed; the count covers all */

enum import_format { IMPORT_CSV, IMPORT_JSON };

struct import_options {
	const char *filename;       /* as written in error lines ("data.csv") */
	const struct user *as;      /* NULL: the operator */
	const char *origin;         /* "real" (NULL), "sample" or "synthetic" */
	bool progress;              /* draw a progress bar on stderr (the CLI sets
	                             * it when stderr is a terminal; drawn only
	                             * beyond 1,000 records) */
	const char *today;          /* YYYY-MM-DD; NULL: now */
	const char *locale;         /* the language of the problems (the web page's);
	                             * NULL: English, as the console writes them */
	/* CSV only, optional: the progress updates file (see above). */
	const char *updates;
	size_t updates_len;
	const char *updates_filename;
	/* NULL, or an array the caller owns: on OUTCOME_OK it holds what was
	 * written, in file order: [{"id", "url", "updates": [update ids]}]
	 * (the API's answer names every record it created). */
	json_t *created;
};

struct import_result {
	size_t records;             /* records read */
	size_t commitments;         /* written (0 unless OUTCOME_OK) */
	size_t updates;
	size_t nerrors;             /* problems found (all counted, the first
	                             * IMPORT_MAX_ERRORS listed) */
};

/* The format from a file name's extension (.csv / .json, any case), or from
 * the first non-blank byte ('[' is JSON). Returns 0, or -1 when neither
 * tells. */
int import_format_detect(const char *filename, const char *data, size_t len,
                         enum import_format *out);

/* Imports data[0..len). Returns OUTCOME_OK (everything written),
 * OUTCOME_INVALID (problems appended to errors, one "FILE:LINE: field:
 * reason\n" line each — including records `as` may not create, and a file
 * that does not parse; nothing written), OUTCOME_DENIED (`as` may not
 * create commitments for any owner at all: audited), OUTCOME_ERROR (the
 * database failed: one line in errors; nothing written). r may be NULL. */
enum outcome import_commitments(struct db *db, const char *data, size_t len,
                                enum import_format fmt, const struct import_options *o,
                                struct buf *errors, struct import_result *r);

/* The sample data of `pacte init --sample`: the embedded
 * data/sample/commitments.csv and progress.csv, imported by the operator
 * with origin "sample", after creating the two sample partners they name
 * (accredited, origin "sample") when missing. Idempotent: when sample
 * commitments exist already it writes nothing (r->commitments 0). Returns
 * as import_commitments. */
enum outcome import_sample(struct db *db, struct buf *errors, struct import_result *r);

#endif
