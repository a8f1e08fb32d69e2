/* ui_members.h (web) — an actor's members: the page its editors (a
 * state's focal points) manage them from, inviting colleagues, removing
 * members, and the page an invitation's link opens. The rules are
 * domain/members.h's; each page has its JSON twin under /api/v1. */
#ifndef PACTE_WEB_UI_MEMBERS_H
#define PACTE_WEB_UI_MEMBERS_H

#include "view.h"

/* GET /actors/{id}/members : the members, the invitations not yet
 * accepted, the invitation form. 403 for anyone who may not manage the
 * actor's members (member.manage), 404 for no such actor. */
void ui_members_page(struct request *req, struct page *page);
/* POST /actors/{id}/members/invite : email, role. 303 back to the page
 * (the API: 201 {"invitation": id}); 422 for an address already a
 * member, a role the actor or the inviter may not give. */
void ui_members_invite(struct request *req, struct page *page);
/* POST /actors/{id}/members/{user}/remove : 303 back; 409 for the last
 * editor (focal point), 404 for someone not a member. */
void ui_members_remove(struct request *req, struct page *page);

/* GET /invitations/accept?token= : what the invitation is for and, for a
 * new person, the form choosing their name and password; for an address
 * with an account, a button (after signing in as it). 404 for a link
 * forged, expired, used or replaced. */
void ui_invitation_form(struct request *req, struct page *page);
/* POST /invitations/accept : token, and name, password, password_confirm
 * for a new person. 303 to the sign-in page (a new account) or to
 * /account; 403 when the address has an account and someone else (or
 * nobody) is signed in; 409 when a member already. */
void ui_invitation_accept(struct request *req, struct page *page);

#endif
