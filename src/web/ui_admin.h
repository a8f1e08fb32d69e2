/* ui_admin.h (web) — the reviewers' and administrators' pages: registrations
 * waiting for a decision, the decisions themselves, the audit trail and
 * the list of accounts. Who may see or do what is can()'s answer
 * (domain/permission.h); these pages only ask. */
#ifndef PACTE_WEB_UI_ADMIN_H
#define PACTE_WEB_UI_ADMIN_H

#include <jansson.h>

#include "view.h"

/* GET /admin : the partners waiting for accreditation, and the suspended
 * ones, each with its decision form. 403 unless the user may decide. */
void admin_index(struct request *req, struct page *page);
/* POST /admin/actors/{id}/decision : decision (accredit, decline, suspend,
 * reinstate), reason (required to decline), next (where to go after).
 * 303 to next or /admin; 403 (audited by the domain) for a user who may
 * not decide; 404, 409 when the decision does not fit the actor's status. */
void admin_decide(struct request *req, struct page *page);
/* GET /admin/audit?user=&object_type=&object_id=&from=&to=&before= : the
 * audit trail, newest first, 50 a page. 403 unless the user may read it;
 * 400 for filters that are not valid. */
void admin_audit(struct request *req, struct page *page);
/* GET /admin/users?q=&role=&actor=&state=&page= : the accounts (deleted
 * ones never), searched by name or address, filtered, 50 a page, with the
 * forms that invite, change a role, disable and re-enable. 403 unless the
 * user may manage them; 400 for filters that are not valid.
 * ui_admin_users.c. */
void admin_users(struct request *req, struct page *page);

/* GET /admin/mail?status= : the mail queue, newest first (the outbox
 * when no mail server is configured, which it says), with the counts by
 * status; 400 for another status. GET /admin/mail/{id} : one message,
 * rendered as it is sent, with its attempts. 403 unless the user may
 * manage accounts (the queue holds reset links). ui_admin_mail.c. */
void admin_mail(struct request *req, struct page *page);
/* POST /admin/users/{id}/disable and /admin/users/{id}/enable : 303 to
 * /admin/users; 403 (audited) unless the user may manage accounts; 404;
 * 409 when it is so already. ui_admin_users.c. */
void admin_user_disable(struct request *req, struct page *page);
void admin_user_enable(struct request *req, struct page *page);
/* POST /admin/users/{id}/role : role (fitting the account's actor). 303
 * to /admin/users; 409 when it has the role already. ui_admin_users.c. */
void admin_user_role(struct request *req, struct page *page);
/* POST /admin/invitations : actor (an id), email, role. An invitation
 * mailed (members.h); 303 to /admin/users (the API: 201). */
void admin_invite(struct request *req, struct page *page);
void admin_mail_show(struct request *req, struct page *page);

/* The decisions a reviewer can take on a partner in `status` (requested:
 * accredit or decline; accredited: suspend; suspended: reinstate;
 * declined: accredit), as [{"value", "label"}] translated. New reference. */
json_t *admin_decision_options(const char *locale, const char *status);

/* Adds to each audit entry of `entries` (an array, as audit_list and
 * audit_history give) "change_list": [{"field", "before", "after"}] with
 * the values as text, for templates (which cannot walk an object). */
void admin_audit_rows(json_t *entries);

/* Adds "history" (the object's audit entries, oldest first) to model when
 * the user may read it (ACTION_HISTORY_READ on the object): an object's page
 * shows its history to those who may edit or review it. Returns -1 on a
 * database error. */
int admin_add_history(struct request *req, json_t *model, const char *type, int64_t id,
                      int64_t owner_actor_id);

#endif
