/* privacy.h — what Pacte holds about a person, and their say over it.
 *
 * What is public about a person is their actor's name, never their own
 * name or address, unless they choose to show their name
 * (account.show_name): then it appears beside their actor's where their
 * work is shown (a progress update's byline, a translation's credit).
 *
 * A person may download everything Pacte holds about them
 * (privacy_export: the sections PRIVACY_SECTIONS names, nothing else) and
 * delete their account (privacy_delete). A deleted account's row stays,
 * emptied of everything personal — address replaced by a placeholder
 * nobody can sign in with, name blanked, password unusable, language and
 * choices reset — so that what they wrote stays attributed to their actor
 * and the audit trail's entries, which name accounts by number, keep a
 * pseudonymous reference. Their sessions, API tokens, links, memberships,
 * invitations, notifications, queued mail and failed sign-in counts go.
 * docs/security.md says what is kept, where, and for how long. */
#ifndef PACTE_PRIVACY_H
#define PACTE_PRIVACY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"

struct db;
struct user;

/* The top-level keys of privacy_export's object, in order; the account
 * page and docs/security.md list the same. */
#define PRIVACY_SECTIONS \
	"account", "memberships", "sessions", "api_tokens", "notifications", "mail", \
	"activity", "written"

/* Everything Pacte holds about u, as one JSON object of the sections
 * above: account {id, email, name, role, locale, show_name, created_at,
 * last_sign_in, email_verified_at, notify_mail (notifications.h)}; memberships [{actor_id, actor, role,
 * since}]; sessions [{created_at, last_used_at, ended_at, client_addr}];
 * api_tokens [{label, scope, created_at, last_used_at, revoked_at}];
 * notifications [{message, args, url, created_at}]; mail [{subject
 * (msgid), template, status, created_at, sent_at}] (never the links they
 * carried); activity: the audit trail's entries they made [{at, action,
 * object_type, object_id, channel, client_addr}]; written: the records
 * they are the author of {progress_updates, practices} as [{id, url}].
 * New reference; NULL on a database error. */
json_t *privacy_export(struct db *db, const struct user *u);

/* Whether account user_id shows its name: 1, 0, -1 on error. */
int privacy_name_shown(struct db *db, int64_t user_id);

/* Sets whether u shows their own name where their work is shown. Audited
 * ("user.show_name"). OUTCOME_OK, OUTCOME_DENIED (no user, disabled),
 * OUTCOME_ERROR. */
enum outcome privacy_show_name(struct db *db, const struct user *u, bool show);

/* Deletes u's account after checking their password (errors "password":
 * OUTCOME_INVALID), as the top comment says; in one transaction, audited
 * ("user.delete", with nothing personal in it). OUTCOME_CONFLICT when u
 * is the last editor (focal point) of an actor that has other members:
 * they hand the role over first (members.h). OUTCOME_DENIED for no user
 * or a disabled one; OUTCOME_ERROR. */
enum outcome privacy_delete(struct db *db, const struct user *u, const char *password,
                            json_t *errors);

#endif
