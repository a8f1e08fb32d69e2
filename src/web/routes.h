/* routes.h — the web's route table: what the server dispatches on. */
#ifndef PACTE_WEB_ROUTES_H
#define PACTE_WEB_ROUTES_H

#include <stddef.h>

#include "router.h"

/* Every URL the site answers, in match order (src/web/routes.c). */
extern const struct route web_routes[];
extern const size_t web_routes_len;

#endif
