/* indicators_progress.c — the progress status of a series (indicators.h;
 * docs/indicators.md gives the method to readers).
 *
 * In the manner of Open SDG's "progress status": the first point is the
 * base, the latest the current value, and the average change per year
 * between them is compared with
 *   - with a target: the change per year needed to go from the base to
 *     the target by the target year: at least 95% of that pace is "on
 *     track", at least 25% "moderate", less "limited", a change the wrong
 *     way "deterioration"; a latest value at or past the target is
 *     "target reached";
 *   - without one: the change relative to the base, in the direction that
 *     counts as progress: at least +1% a year is "improving", at least -1%
 *     "limited" (little or no change), less "deterioration".
 * Fewer than INDICATOR_MIN_POINTS years is "insufficient", an indicator
 * without a direction "not assessed". */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators.h"

#define ON_TRACK 0.95
#define MODERATE 0.25
#define FLAT 0.01

const char *indicator_progress(const struct indicator_point *points, size_t n,
                               const struct indicator_goal *goal, double *annual,
                               double *needed)
{
	if (annual)
		*annual = 0;
	if (needed)
		*needed = 0;
	if (!goal || !goal->direction || strcmp(goal->direction, "none") == 0)
		return "not_assessed";
	if (n < INDICATOR_MIN_POINTS)
		return "insufficient";
	const struct indicator_point *base = &points[0], *latest = &points[0];
	for (size_t i = 1; i < n; i++) {
		if (points[i].period < base->period)
			base = &points[i];
		if (points[i].period > latest->period)
			latest = &points[i];
	}
	int years = latest->period - base->period;
	if (years <= 0)
		return "insufficient";
	double sign = strcmp(goal->direction, "down") == 0 ? -1.0 : 1.0;
	double change = (latest->value - base->value) / years;
	if (annual)
		*annual = change;
	if (goal->has_target && goal->target_year > base->period) {
		if (sign * (latest->value - goal->target) >= 0)
			return "target_reached";
		double need = (goal->target - base->value) / (goal->target_year - base->period);
		if (needed)
			*needed = need;
		/* need has the sign of progress: the base is short of the target. */
		double ratio = need != 0 ? change / need : 0;
		if (ratio >= ON_TRACK)
			return "on_track";
		if (ratio >= MODERATE)
			return "moderate";
		return ratio >= 0 ? "limited" : "deterioration";
	}
	double scale = fabs(base->value) > 1e-9 ? fabs(base->value) : 1.0;
	double relative = sign * change / scale;
	if (relative >= FLAT)
		return "improving";
	return relative > -FLAT ? "limited" : "deterioration";
}
