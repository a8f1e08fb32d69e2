/* ui_acting.h (web) — the acting-actor choice on every write form: a
 * person who belongs to several actors picks, on the form, which one the
 * write is for (defaulting to the one they act for now), and the write is
 * made as them acting for it (domain/members.h members_acting_as), so
 * that can() and the record see that actor.
 *
 * The field is the partial templates/acting.html (a select named
 * acting_for, shown only when there is a choice) placed next to {{>csrf}}
 * in a write form; the guard calls the two functions below, so no
 * handler needs to know about it. */
#ifndef PACTE_WEB_UI_ACTING_H
#define PACTE_WEB_UI_ACTING_H

#include <stdbool.h>

#include "view.h"

/* For a write (after the CSRF check): when the form names an acting_for
 * other than the user's current actor, req->user becomes the user acting
 * for it. Returns true when the handler may run; false after a 403 when
 * the user is not a member of that actor (or the value is no id): the
 * refusal is audited as "denied:member.act_for" on the actor. 503/500
 * when the database could not be asked. */
bool ui_acting_apply(struct request *req, struct page *page);

/* For a page with forms, signed in with a session: when the user belongs
 * to more than one actor, adds to the viewer "acting": {"actors": [{id,
 * name, selected}]}, the one req->user acts for selected. Nothing
 * otherwise (and nothing on a database error: the form still works, for
 * the current actor). */
void ui_acting_offer(struct request *req);

#endif
