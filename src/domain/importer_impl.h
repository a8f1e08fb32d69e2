/* importer_impl.h — what the importer's files share, and nothing else
 * includes: one import in progress, its records, the problem list, and
 * the readers of each file format (importer_read.c). */
#ifndef PACTE_IMPORTER_IMPL_H
#define PACTE_IMPORTER_IMPL_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "importer.h"

struct commitment_refs;
struct db;

/* One record of the file: a commitment and the updates that go with it. */
struct record {
	size_t line;
	json_t *input;          /* the commitment's input, as a form gives it */
	json_t *updates;        /* progress inputs (a JSON record, or the updates file) */
	json_t *clean;          /* validated */
	json_t *clean_updates;
	const char *const *cells;   /* CSV: the raw cells, to quote in messages */
};

struct import {
	struct db *db;
	const struct import_options *o;
	const char *filename;
	struct commitment_refs *refs;
	struct buf *errors;
	size_t nerrors;
	struct record *recs;
	size_t nrecs, cap;
	/* CSV: the header, to name cells */
	char **header;
	size_t ncols;
	size_t written_commitments, written_updates;
	const char *today;
	json_t *refs_index;         /* ref → record index */
	json_t *denied_owners;      /* owners `as` may not create for, each once, in the
	                             * order met (the import's denial entry names them) */
	size_t denied_records;      /* records refused for their owner */
};

/* One problem, "file:line: field: message", in the main file or in the
 * given one (the updates file, or either for an update). Past
 * IMPORT_MAX_ERRORS problems are counted, not listed. */
__attribute__((format(printf, 4, 5)))
void importer_problem(struct import *im, size_t line, const char *field, const char *fmt, ...);
__attribute__((format(printf, 5, 6)))
void importer_problem_in(struct import *im, const char *file, size_t line, const char *field,
                         const char *fmt, ...);

/* A problem told in the reader's words: msgid (marked N_()) in the
 * import's locale (import_options.locale; English when NULL), its
 * {placeholders} filled from args (NULL: none; the reference is stolen).
 * file NULL is the main file. */
void importer_say(struct import *im, const char *file, size_t line, const char *field,
                  const char *msgid, json_t *args);

/* A new record at line of the main file, with an empty input and no
 * updates; owned by im. */
struct record *importer_new_record(struct import *im, size_t line);
/* Registers r's ref (NULL or "": none); a second record with the same one
 * is a problem. */
void importer_set_ref(struct import *im, struct record *r, const char *ref);

/* The readers: every record of the file into im->recs, each problem
 * reported. 0, or -1 when the file cannot be read at all (a missing or
 * malformed header, JSON that does not parse). */
int importer_read_csv(struct import *im, const char *data, size_t len);
int importer_read_json(struct import *im, const char *data, size_t len);
/* The CSV updates file (im->o->updates, if any), each row added to the
 * record of its ref. */
void importer_read_updates_csv(struct import *im);

#endif
