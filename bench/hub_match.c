/* hub_match.c — the connection hub's matching, measured in-process for
 * `make bench` (bench/hub): every open offer loaded once (hub_pool_load),
 * then each accepted need ranked against all of them (hub_rank), and one
 * need's suggestions as its page builds them (hub_suggestions: its profile,
 * the pool, the ranking, the top offers' rows and their reasons in words),
 * and the actors ranked for it on their practices and commitments
 * (hub_actor_suggestions).
 *
 *   hub_match (--db PATH | --database-url URL)
 *
 * Prints one line per measure: "NAME VALUE UNIT [DETAIL]". Built by
 * bench/hub with the release flags against build/rel's objects; not part of
 * the product. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "db.h"
#include "hub.h"
#include "util.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef json_t *(*suggest_fn)(struct db *db, const char *locale, int64_t need_id, size_t limit);

/* The median of ten runs of fn for need, in seconds; -1 on an error. */
static double median_of_ten(struct db *db, suggest_fn fn, int64_t need)
{
	double runs[10];
	for (int i = 0; i < 10; i++) {
		double t0 = now();
		json_t *s = fn(db, "en", need, HUB_SUGGESTIONS);
		runs[i] = now() - t0;
		if (!s)
			return -1;
		json_decref(s);
	}
	for (int i = 1; i < 10; i++)
		for (int j = i; j > 0 && runs[j] < runs[j - 1]; j--) {
			double x = runs[j];
			runs[j] = runs[j - 1];
			runs[j - 1] = x;
		}
	return runs[4];
}

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "--db") != 0 && strcmp(argv[1], "--database-url") != 0)) {
		fprintf(stderr, "usage: hub_match (--db PATH | --database-url URL)\n");
		return 2;
	}
	char err[512];
	struct db *db = db_open(argv[2], err, sizeof err);
	if (!db) {
		fprintf(stderr, "hub_match: %s\n", err);
		return 1;
	}
	int64_t actors = 0;
	db_scalar_int(db, &actors, 0, "SELECT count(*) FROM actor", NO_ARGS);
	double t0 = now();
	struct hub_pool *pool = hub_pool_load(db, 0);
	double load = now() - t0;
	if (!pool) {
		fprintf(stderr, "hub_match: %s\n", db_errmsg(db));
		return 1;
	}
	json_t *needs = db_json_rows(db, "SELECT id FROM hub_item WHERE side = 'need' AND status "
	                             "IN ('accepted', 'matching', 'matched') ORDER BY id", NO_ARGS);
	size_t n = json_array_size(needs);
	if (!n) {
		fprintf(stderr, "hub_match: no open need (run pacte demo first)\n");
		return 1;
	}
	struct hub_profile *profiles = xcalloc(n, sizeof *profiles);
	json_t *keep = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *k = NULL;
		int64_t id = json_integer_value(json_object_get(json_array_get(needs, i), "id"));
		if (hub_profile_load(db, id, &profiles[i], &k) != OUTCOME_OK) {
			fprintf(stderr, "hub_match: need %lld: %s\n", (long long)id, db_errmsg(db));
			return 1;
		}
		json_array_append_new(keep, k);
	}
	size_t idx[HUB_SUGGESTIONS];
	int score[HUB_SUGGESTIONS];
	size_t found = 0;
	t0 = now();
	for (size_t i = 0; i < n; i++)
		found += hub_rank(pool, &profiles[i], HUB_SUGGESTIONS, idx, score);
	double all = now() - t0;
	/* One need's page model, as its page asks for it: ten times, the median. */
	int64_t first = json_integer_value(json_object_get(json_array_get(needs, 0), "id"));
	double one = median_of_ten(db, hub_suggestions, first);
	double by_actors = median_of_ten(db, hub_actor_suggestions, first);
	size_t nrec = 0;
	json_t *rkeep = NULL;
	struct hub_record *rec = hub_records_load(db, first, &nrec, &rkeep);
	if (one < 0 || by_actors < 0 || !rec) {
		fprintf(stderr, "hub_match: suggestions: %s\n", db_errmsg(db));
		return 1;
	}
	free(rec);
	json_decref(rkeep);
	printf("offers %zu open offers (%lld actors)\n", hub_pool_size(pool), (long long)actors);
	printf("pool_load %.1f ms (every open offer read once)\n", load * 1000);
	printf("rank_per_need %.3f ms (one need against every offer, in memory)\n",
	       all * 1000 / (double)n);
	printf("rank_all %.1f ms (%zu open needs, %zu suggestions)\n", all * 1000, n, found);
	printf("suggestions_one %.1f ms (one need's page model: load, rank, rows, reasons; median "
	       "of 10)\n", one * 1000);
	printf("actors_one %.1f ms (the actors ranked for it on their practices and commitments: "
	       "%zu candidates; median of 10)\n", by_actors * 1000, nrec);
	free(profiles);
	json_decref(keep);
	json_decref(needs);
	hub_pool_free(pool);
	db_close(db);
	return 0;
}
