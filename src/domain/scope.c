/* scope.c — a scope's SQL conditions and the walk-or-gather choice
 * (scope.h). */
#include <assert.h>
#include <string.h>

#include "scope.h"

void scope_member(struct query *q, enum scope_access how, const char *gather,
                  const char *walk, struct db_arg a)
{
	query_param(q, how == SCOPE_WALK ? walk : gather, a);
}

void scope_conditions(struct query *q, const struct scope *s, enum scope_access how)
{
	assert(how == SCOPE_GATHER || how == SCOPE_WALK);
	if (!s)
		return;
	if (s->objective > 0)
		scope_member(q, how, " AND c.id IN (SELECT commitment_id FROM commitment_objective "
		             "WHERE objective = $?)", " AND EXISTS (SELECT 1 FROM commitment_objective x "
		             "WHERE x.commitment_id = c.id AND x.objective = $?)", DB_INT(s->objective));
	if (s->country && *s->country)
		scope_member(q, how, " AND c.id IN (SELECT commitment_id FROM commitment_country "
		             "WHERE iso3 = upper($?))", " AND EXISTS (SELECT 1 FROM commitment_country x "
		             "WHERE x.commitment_id = c.id AND x.iso3 = upper($?))", DB_TEXT(s->country));
	if (s->region && *s->region && strcmp(s->region, "001") != 0)
		scope_member(q, how, " AND c.id IN (SELECT cc.commitment_id FROM commitment_country cc "
		             "JOIN country k ON k.iso3 = cc.iso3 WHERE k.region_m49 = $? "
		             "OR k.subregion_m49 = $? OR k.intermediate_m49 = $?)",
		             " AND EXISTS (SELECT 1 FROM commitment_country x JOIN country k "
		             "ON k.iso3 = x.iso3 WHERE x.commitment_id = c.id AND (k.region_m49 = $? "
		             "OR k.subregion_m49 = $? OR k.intermediate_m49 = $?))", DB_TEXT(s->region));
	/* An actor's commitments: those it owns, and those it accepted to take
	 * part in — being named is not enough (issue 11, finding 4). Gathered,
	 * the participations are one range of (actor_id, status, commitment_id);
	 * walked, a key lookup per commitment passed over. */
	if (s->actor_id > 0)
		scope_member(q, how, " AND (c.owner_actor_id = $? OR c.id IN (SELECT commitment_id "
		             "FROM commitment_participant WHERE actor_id = $? AND status = 'accepted'))",
		             " AND (c.owner_actor_id = $? OR EXISTS (SELECT 1 FROM commitment_participant "
		             "x WHERE x.commitment_id = c.id AND x.actor_id = $? "
		             "AND x.status = 'accepted'))", DB_INT(s->actor_id));
}

enum scope_access scope_access_for(struct db *db, int64_t matching)
{
	int64_t last = 0;
	if (matching <= 0 ||
	    db_scalar_int(db, &last, 0, "SELECT max(id) FROM commitment", NO_ARGS) < 0)
		return SCOPE_GATHER;
	/* Ids are never reused and rarely deleted: the largest is the count. */
	return matching * 32 >= last ? SCOPE_WALK : SCOPE_GATHER;
}

bool scope_country_alone(const struct scope *s)
{
	return s && s->country && *s->country && s->objective <= 0 &&
	       !(s->region && *s->region && strcmp(s->region, "001") != 0) && s->actor_id <= 0;
}
