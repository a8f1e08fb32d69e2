/* hub_score.c — how well an offer answers a need, and why, in points and
 * reasons (hub.h): pure, no database, so the ranking can be tested on
 * hand-built cases and run over ten thousand offers in memory.
 *
 * The rule that comes first: an offer sharing no objective with the need
 * scores 0 and is never suggested, whatever else they share — the
 * Compact's objectives are what the hub connects on. Then each dimension
 * the issue names adds its points: objectives shared, the kind of
 * support, a country (or failing that a sub-region) in common, a language
 * in common, timeframes that overlap.
 *
 * An actor is scored the same way on what it has done rather than what it
 * offers (hub_score_actor): the objectives of its published practices and
 * current commitments, a practice and a commitment on one of them, where it
 * and they work, their languages — no kind of support, no timeframe. */
#include <string.h>

#include "codes.h"
#include "compact.h"
#include "hub.h"
#include "i18n.h"

/* Appends {"id": msgid, "args": args} (args stolen) to reasons, if any. */
static void reason(json_t *reasons, const char *msgid, json_t *args)
{
	if (!reasons) {
		json_decref(args);
		return;
	}
	json_array_append_new(reasons, json_pack("{s:s, s:o}", "id", msgid, "args",
	                                         args ? args : json_object()));
}

/* The first string of a[0..na) that b[0..nb) also holds, or NULL. */
static const char *common(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (a[i] && b[j] && strcmp(a[i], b[j]) == 0)
				return a[i];
	return NULL;
}

/* Whether [s1, e1] and [s2, e2] overlap; "" is an open end. */
static bool overlap(const char *s1, const char *e1, const char *s2, const char *e2)
{
	if (e1[0] && s2[0] && strcmp(e1, s2) < 0)
		return false;
	if (e2[0] && s1[0] && strcmp(e2, s1) < 0)
		return false;
	return true;
}

/* The points and reasons of where two profiles meet: a country in common
 * (or failing that a sub-region), a language in common. */
static int places(const struct hub_profile *need, const struct hub_profile *other,
                  json_t *reasons)
{
	int score = 0;
	const char *c = common(need->countries, need->ncountries, other->countries,
	                       other->ncountries);
	if (c) {
		score += HUB_POINTS_COUNTRY;
		reason(reasons, N_("works in {country}"), json_pack("{s:s}", "country", c));
	} else if ((c = common(need->subregions, need->ncountries, other->subregions,
	                       other->ncountries))) {
		score += HUB_POINTS_REGION;
		reason(reasons, N_("active in {region}"), json_pack("{s:s}", "region", c));
	}
	const char *l = common(need->langs, need->nlangs, other->langs, other->nlangs);
	if (l) {
		score += HUB_POINTS_LANG;
		reason(reasons, N_("works in {lang}"), json_pack("{s:s}", "lang", l));
	}
	return score;
}

/* The points and reasons of the objectives shared (bits of shared). */
static int objectives(uint32_t shared, json_t *reasons)
{
	int score = 0;
	for (int n = 1; n <= COMPACT_OBJECTIVES; n++)
		if (shared & (UINT32_C(1) << (n - 1))) {
			score += HUB_POINTS_OBJECTIVE;
			reason(reasons, N_("same objective {n}"), json_pack("{s:i}", "n", n));
		}
	return score;
}

/* The lowest objective number among the bits of set (set not 0). */
static int first_objective(uint32_t set)
{
	int n = 1;
	while (!(set & 1)) {
		set >>= 1;
		n++;
	}
	return n;
}

int hub_score(const struct hub_profile *need, const struct hub_profile *offer, json_t *reasons)
{
	uint32_t shared = need->objectives & offer->objectives;
	if (!shared)
		return 0;
	int score = objectives(shared, reasons);
	if (need->support >= 0 && need->support == offer->support) {
		score += HUB_POINTS_SUPPORT;
		reason(reasons, N_("offers {support}"), json_pack("{s:s}", "support",
		       hub_supports[offer->support]));
	}
	score += places(need, offer, reasons);
	if (overlap(need->start, need->end, offer->start, offer->end)) {
		score += HUB_POINTS_TIME;
		reason(reasons, N_("available in the timeframe"), NULL);
	}
	return score;
}

int hub_score_actor(const struct hub_profile *need, const struct hub_record *actor,
                    json_t *reasons)
{
	uint32_t practices = need->objectives & actor->practice_objectives;
	uint32_t commitments = need->objectives & actor->commitment_objectives;
	if (!(practices | commitments))
		return 0;
	int score = objectives(practices | commitments, reasons);
	if (practices) {
		score += HUB_POINTS_PRACTICE;
		reason(reasons, N_("a published practice on objective {n}"),
		       json_pack("{s:i}", "n", first_objective(practices)));
	}
	if (commitments) {
		score += HUB_POINTS_COMMITMENT;
		reason(reasons, N_("a commitment on objective {n}"),
		       json_pack("{s:i}", "n", first_objective(commitments)));
	}
	return score + places(need, &actor->where, reasons);
}

size_t hub_top_insert(size_t *idx, int *score, size_t k, size_t limit, size_t i, int s)
{
	/* On a tie the one seen first (the smaller id, in a pool sorted by
	 * id) stays ahead. */
	size_t at = k;
	while (at > 0 && score[at - 1] < s)
		at--;
	if (at >= limit)
		return k;
	size_t last = k < limit ? k : limit - 1;
	for (size_t j = last; j > at; j--) {
		idx[j] = idx[j - 1];
		score[j] = score[j - 1];
	}
	idx[at] = i;
	score[at] = s;
	return k < limit ? k + 1 : k;
}
