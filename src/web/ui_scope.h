/* ui_scope.h — "where it stands": the section an objective's, a
 * country's, a region's or an actor's page shows of the commitments in
 * its scope (counts by status and level, the latest progress updates,
 * the most recently updated commitments). */
#ifndef PACTE_WEB_UI_SCOPE_H
#define PACTE_WEB_UI_SCOPE_H

#include <jansson.h>
#include <stdint.h>

#include "domain/scope.h"
#include "view.h"

/* Adds to model, for a page about one scope (struct scope, exactly one
 * member set), only when the scope holds at least one commitment:
 * "standing" (standing.h's counts, with "by_status" and "by_level",
 * "more" and "has_updates"), "latest_updates", "scope_commitments" (the
 * five most recently updated cards), and "has_sample" true when any of
 * these is sample data — so a page without commitments shows no empty
 * section. Returns 0, or -1 on a database error (the caller answers
 * web_db_error). */
int ui_scope_add(struct request *req, json_t *model, const struct scope *s);

#endif
