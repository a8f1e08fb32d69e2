/* members.h — the people of an actor: its members, the invitations its
 * editors (a state's focal points) send to colleagues, and which of their
 * actors a person acts for.
 *
 * Model (schema/0026_members.sql): a person belongs to one or more actors
 * (membership: user, actor, role); account.actor_id and account.role are
 * the membership they act for now, which is what can() and everything
 * they write see. An invitation is a mailed single-use link to an
 * address, into an actor, with a role that fits the actor (focal_point
 * for a state, editor for a partner; an administrator may also give
 * reviewer or admin). Only the token's hash is kept; a new invitation to
 * the same address and actor revokes the earlier one; accepting spends
 * it. Accepting makes the account (a new person: name and password, the
 * address counts as verified, the link reached it) or adds the actor to
 * the signed-in account of that address.
 *
 * An actor keeps a manager: its last editor (or focal point) cannot be
 * removed, by themselves or anyone, until another member has the role —
 * the role is handed over by inviting someone, never given up. Removing a
 * member ends their membership; if they were acting for that actor they
 * act for another of theirs, or, with none left, their account is
 * disabled (it belongs to no organisation).
 *
 * Every write asks can(by, member.manage, the actor) first (a denial
 * audited) and is audited itself ("member.invite", "member.join",
 * "member.remove", "member.act_for"). */
#ifndef PACTE_MEMBERS_H
#define PACTE_MEMBERS_H

#include <jansson.h>
#include <stdint.h>

#include "outcome.h"
#include "principal.h"

struct db;

#define MEMBERS_INVITE_SECONDS (7 * 24 * 60 * 60)

/* Invites email into actor_id with role, by `by` (NULL: the operator at
 * the console). The invitation is mailed (template mail/invitation) and
 * *id set. OUTCOME_INVALID with errors ("email": not an address, or
 * already a member of the actor; "role": one the actor's kind or the
 * inviter may not give; "actor": no such actor); OUTCOME_DENIED (audited);
 * OUTCOME_ERROR. */
enum outcome members_invite(struct db *db, const struct user *by, int64_t actor_id,
                            const char *email, enum role role, json_t *errors, int64_t *id);

/* The live invitation behind token, for the page its link opens:
 * {email, role, role_label (msgid), actor: {id, name}, has_account}.
 * JSON null when the token is forged, expired, spent or revoked; NULL on
 * a database error. */
json_t *members_invitation(struct db *db, const char *token);

/* Accepts an invitation. When no account has its address, name and
 * password make one (errors "name", "password": OUTCOME_INVALID). When
 * one has, `u` must be that account signed in (else OUTCOME_DENIED: the
 * page asks them to sign in), and the actor is added to its memberships.
 * OUTCOME_NOT_FOUND when the token is not live; OUTCOME_CONFLICT when the
 * account is a member already. *user_id is the account. */
enum outcome members_accept(struct db *db, const char *token, const struct user *u,
                            const char *name, const char *password, const char *channel,
                            const char *client_addr, json_t *errors, int64_t *user_id);

/* The actor's members and its live invitations, for its editors' page:
 * {actor: {id, name (in locale), kind, operators}, members: [{id, name,
 * email, role, role_label (msgid), since}], invitations: [{id, email,
 * role, role_label, created_at, expires_at}]}. JSON null when there is no
 * such actor; NULL on a database error. */
json_t *members_list(struct db *db, const char *locale, int64_t actor_id);

/* Ends user_id's membership of actor_id, by `by`. OUTCOME_CONFLICT when
 * they are its last editor (focal point); OUTCOME_NOT_FOUND when they are
 * not a member; OUTCOME_DENIED (audited); OUTCOME_ERROR. */
enum outcome members_remove(struct db *db, const struct user *by, int64_t actor_id,
                            int64_t user_id);

/* u's memberships: [{actor: {id, name, url}, role, role_label (msgid),
 * current}]. New reference; NULL on error. */
json_t *members_of_user(struct db *db, int64_t user_id);

/* u acts for actor_id from now on (one of their memberships: its role
 * becomes theirs). OUTCOME_NOT_FOUND when they are not a member;
 * OUTCOME_ERROR. Audited. */
enum outcome members_act_for(struct db *db, const struct user *u, int64_t actor_id);

/* u as they act for actor_id for one write (the acting-actor choice of a
 * form): a copy of u whose actor, role, actor kind, status and country
 * are those of u's membership of actor_id (credential, channel and
 * address kept), for can() and the write to see. The session's current
 * actor is left alone. OUTCOME_NOT_FOUND when u is not a member of
 * actor_id (or is disabled); OUTCOME_ERROR. Reads only: the caller audits
 * a refusal. */
enum outcome members_acting_as(struct db *db, const struct user *u, int64_t actor_id,
                               struct user *out);

/* Inside the caller's write transaction: the managing members of
 * actor_id (editors, focal points) other than user_id. -1 on error. For
 * an account's deletion, held to the same rule as a removal. */
int64_t members_other_managers(struct db *db, int64_t actor_id, int64_t user_id);

#endif
