/* demo.h — `pacte demo`: deterministic synthetic commitments and progress
 * for demos and benchmarks, every record marked origin "synthetic" (pages
 * show them under a banner, so nobody mistakes them for real pledges).
 *
 * For a scale N: N/20 partner actors (at least one; named "Synthetic …",
 * accredited), N commitments owned by states and those partners, 10·N
 * progress updates spread over the commitments, N/10 published good
 * practices (or as many as asked), the connection hub's needs, offers,
 * partnerships and side events (demo_hub.c), with titles and
 * descriptions in French, English, Spanish and Arabic (with their
 * diacritics). The same seed and scale give the same rows on an empty
 * database: the generator is a seeded xorshift, never the clock, and dates
 * count back from a fixed day (DEMO_EPOCH), not from today. Rows are written
 * in batches of DEMO_BATCH commitments, one transaction each, through
 * prepared statements; no audit entries (synthetic data is not anybody's
 * act), one "demo.generate" entry says what was generated. `pacte demo`
 * loads in bulk (demo_bulk.c: indexes built after, each search document
 * written once), which writes the same rows faster. */
#ifndef PACTE_DEMO_H
#define PACTE_DEMO_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct db;

#define DEMO_EPOCH "2026-01-01"
#define DEMO_BATCH 2000
#define DEMO_MAX_SCALE 10000000

struct demo_options {
	int64_t scale;              /* N commitments, 1..DEMO_MAX_SCALE */
	uint64_t seed;              /* 0 is a seed like any other */
	bool progress;              /* progress bar on stderr */
	int64_t practices;          /* published good practices; -1: scale/10 (at least one) */
	/* A bulk load (demo_bulk.c): the big tables' secondary indexes built
	 * after the commitments, the connection set for loading, each
	 * commitment's search document written once. The same rows; false
	 * (the tests' default) writes them as an import does. */
	bool bulk;
	/* When non-NULL and set (by a signal handler), the run stops before
	 * its next batch of commitments, builds the indexes again and returns
	 * DEMO_STOPPED. */
	volatile sig_atomic_t *stop;
};

struct demo_result {
	int64_t actors, commitments, updates, practices;
	int64_t reviews, inputs, assessments;   /* demo_reviews.c */
	int64_t needs, offers, partnerships, events;    /* the hub's (demo_hub.c) */
	double seconds;             /* wall time of the whole generation */
};

/* Generates the data. Returns 0, or -1 on a database error (db_errmsg;
 * the batches already committed stay: they are complete commitments with
 * their updates), or DEMO_STOPPED when o->stop was set (the commitments
 * written so far stay, with their indexes; nothing after them was made). */
#define DEMO_STOPPED (-2)
int demo_generate(struct db *db, const struct demo_options *o, struct demo_result *r);

/* The reviews' part of the demo (demo_reviews.c), after the commitments:
 * submitted voluntary reviews of the states with the most commitments
 * (2022 and 2026 forums), two published inputs on each 2026 one, and a
 * final assessment of one commitment in a hundred; counted into r. One
 * transaction. 0, or -1 on a database error. */
int demo_reviews(struct db *db, int64_t scale, struct demo_result *r);
/* The connection hub's synthetic data for a scale (demo_hub.c): N/100
 * needs, N/10 offers, one need in ten matched by both sides with its
 * partnership, 2 + N/10000 side events. Called by demo_generate; 0, or -1
 * on a database error. */
struct demo_hub_result {
	int64_t needs, offers, partnerships, events;
};
int demo_hub_generate(struct db *db, uint64_t seed, int64_t scale, struct demo_hub_result *r);

/* The bulk load's state (demo_bulk.c): the dropped indexes' names and
 * definitions, and the connection's settings to restore. */
#define DEMO_BULK_MAX_INDEXES 64
struct demo_bulk {
	char *names[DEMO_BULK_MAX_INDEXES];
	char *defs[DEMO_BULK_MAX_INDEXES];
	size_t n;
	bool sqlite;
	int64_t cache_size, synchronous;
	int64_t next_analyze;   /* PostgreSQL: the count of commitments that runs ANALYZE */
};
/* Sets the connection for a load and drops the secondary indexes of the
 * tables the demo fills (those it reads kept). 0, or -1 (db_errmsg; call
 * demo_bulk_end all the same: it restores what was changed). */
int demo_bulk_begin(struct db *db, struct demo_bulk *b);
/* Called after each commitment the load writes, done the count so far
 * (inside the batch's transaction): on PostgreSQL, ANALYZE at 64, 512,
 * 4096 … commitments, so that the triggers' cached plans follow the
 * tables' growth (demo_bulk.c says why). 0, or -1 (db_errmsg). */
int demo_bulk_progress(struct db *db, struct demo_bulk *b, int64_t done);
/* Builds the dropped indexes again, in one transaction, and restores the
 * connection's settings. 0, or -1 (db_errmsg). */
int demo_bulk_end(struct db *db, struct demo_bulk *b);

#endif
