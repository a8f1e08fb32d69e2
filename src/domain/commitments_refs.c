/* commitments_refs.c — what validating a commitment checks against the
 * database, read once: country codes, principle slugs and actors, sorted
 * for binary search (struct commitment_refs, commitments.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actors.h"
#include "commitments.h"
#include "commitments_impl.h"
#include "countries.h"
#include "db.h"
#include "util.h"

static int cmp_str3(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_actor_id(const void *a, const void *b)
{
	int64_t x = ((const struct ref_actor *)a)->id, y = ((const struct ref_actor *)b)->id;
	return (x > y) - (x < y);
}

static int cmp_actor_name(const void *a, const void *b)
{
	return strcmp((*(struct ref_actor *const *)a)->name, (*(struct ref_actor *const *)b)->name);
}

/* Reads every row of a one- or four-column query into the refs. */
static int load_countries(struct db *db, struct commitment_refs *r)
{
	struct db_res *res = db_query(db, "SELECT iso3 FROM country ORDER BY iso3", NO_ARGS);
	if (!res)
		return -1;
	size_t cap = 256;
	r->countries = xmalloc(cap * sizeof(*r->countries));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (r->ncountries == cap)
			r->countries = xrealloc(r->countries, (cap *= 2) * sizeof(*r->countries));
		snprintf(r->countries[r->ncountries++], 4, "%s", db_text(res, 0));
	}
	db_res_free(res);
	qsort(r->countries, r->ncountries, sizeof(*r->countries), cmp_str3);
	return rc;
}

static int load_principles(struct db *db, struct commitment_refs *r)
{
	struct db_res *res = db_query(db, "SELECT slug FROM principle", NO_ARGS);
	if (!res)
		return -1;
	size_t cap = 16;
	r->principles = xmalloc(cap * sizeof(char *));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (r->nprinciples == cap)
			r->principles = xrealloc(r->principles, (cap *= 2) * sizeof(char *));
		r->principles[r->nprinciples++] = xstrdup(db_text(res, 0));
	}
	db_res_free(res);
	qsort(r->principles, r->nprinciples, sizeof(char *), cmp_strp);
	return rc;
}

static int load_actors(struct db *db, struct commitment_refs *r)
{
	struct db_res *res = db_query(db, "SELECT a.id, a.name, a.kind, a.country_iso3, "
	                              "CASE WHEN " ACTOR_PUBLIC_SQL " THEN 1 ELSE 0 END FROM actor a",
	                              NO_ARGS);
	if (!res)
		return -1;
	size_t cap = 256;
	r->actors = xmalloc(cap * sizeof(*r->actors));
	int rc;
	while ((rc = db_next(res)) == 1) {
		if (r->nactors == cap)
			r->actors = xrealloc(r->actors, (cap *= 2) * sizeof(*r->actors));
		struct ref_actor *a = &r->actors[r->nactors++];
		a->id = db_int(res, 0);
		a->name = xstrdup(db_text(res, 1) ? db_text(res, 1) : "");
		a->state = strcmp(db_text(res, 2), "state") == 0;
		snprintf(a->country, sizeof a->country, "%s", db_text(res, 3) ? db_text(res, 3) : "");
		a->public = db_int(res, 4) != 0;
	}
	db_res_free(res);
	qsort(r->actors, r->nactors, sizeof(*r->actors), cmp_actor_id);
	r->by_name = xmalloc((r->nactors + 1) * sizeof(*r->by_name));
	for (size_t i = 0; i < r->nactors; i++)
		r->by_name[i] = &r->actors[i];
	qsort(r->by_name, r->nactors, sizeof(*r->by_name), cmp_actor_name);
	return rc;
}

struct commitment_refs *commitment_refs_load(struct db *db)
{
	struct commitment_refs *r = xcalloc(1, sizeof(*r));
	if (load_countries(db, r) < 0 || load_principles(db, r) < 0 || load_actors(db, r) < 0) {
		commitment_refs_free(r);
		return NULL;
	}
	return r;
}

void commitment_refs_free(struct commitment_refs *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nprinciples; i++)
		free(r->principles[i]);
	for (size_t i = 0; i < r->nactors; i++)
		free(r->actors[i].name);
	free(r->countries);
	free(r->principles);
	free(r->actors);
	free(r->by_name);
	free(r);
}

bool refs_country(const struct commitment_refs *r, const char *iso3)
{
	return bsearch(iso3, r->countries, r->ncountries, sizeof(*r->countries), cmp_str3) != NULL;
}

bool refs_principle(const struct commitment_refs *r, const char *slug)
{
	return bsearch(&slug, r->principles, r->nprinciples, sizeof(char *), cmp_strp) != NULL;
}

const struct ref_actor *refs_actor(const struct commitment_refs *r, int64_t id)
{
	struct ref_actor key = {.id = id};
	return bsearch(&key, r->actors, r->nactors, sizeof(*r->actors), cmp_actor_id);
}

int64_t commitment_refs_actor(const struct commitment_refs *r, const char *name)
{
	if (!name || !*name)
		return 0;
	int64_t id;
	if (parse_int64(name, 1, INT64_MAX, &id) == 0)
		return refs_actor(r, id) ? id : 0;
	/* A three-letter name is a state's ISO3 code first ("MAR"), else an
	 * organisation's name ("IOM"). */
	if (iso3_code_valid(name))
		for (size_t i = 0; i < r->nactors; i++)
			if (r->actors[i].state && strcasecmp(r->actors[i].country, name) == 0)
				return r->actors[i].id;
	struct ref_actor key = {.name = (char *)name}, *kp = &key;
	struct ref_actor **hit = bsearch(&kp, r->by_name, r->nactors, sizeof(*r->by_name),
	                                 cmp_actor_name);
	return hit ? (*hit)->id : 0;
}
