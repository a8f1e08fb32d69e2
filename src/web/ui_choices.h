/* ui_choices.h — the commitment list's filter choices, built once per
 * language and data version and shared by the requests that read them. */
#ifndef PACTE_WEB_UI_CHOICES_H
#define PACTE_WEB_UI_CHOICES_H

#include <jansson.h>

#include "view.h"

/* commitments_choices(req->db, req->locale) as of the data version the
 * request sees: the object built for the first request at that version
 * in that language, shared (a new reference to it). The caller must not
 * change it or anything in it: copy what a page marks (ui_marked_copy).
 * NULL on a database error. */
json_t *ui_commitment_choices(struct request *req);

#endif
