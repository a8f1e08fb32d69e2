/* users.h — managing accounts: a person with an email, a display name, a
 * password hashed with Argon2id, one role, belonging to one actor.
 *
 * Adding and listing accounts, disabling one (which ends its sessions and
 * revokes its tokens through sessions.h and tokens.h), and changing one's
 * password. Who an account is, and reading it, is principal.h; what each
 * role may do is the table in permission.c, nowhere else. */
#ifndef PACTE_USERS_H
#define PACTE_USERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "outcome.h"
#include "principal.h"
#include "validate.h"

struct db;

/* Creates a user (the CLI's `pacte user add`, and the first admin at init).
 * `by` is NULL for the CLI and init (the operator at the console). The
 * role must fit the actor (focal_point → a state, editor → a partner,
 * admin/reviewer → any). Audited. On success *id is set. Errors (email
 * taken, unknown actor, role not fitting) go into errors as field →
 * message (msgid) and return OUTCOME_INVALID; OUTCOME_DENIED (audited)
 * when `by` may not manage users; OUTCOME_ERROR. */
enum outcome users_add(struct db *db, const struct user *by, const char *email,
                       const char *name, enum role role, int64_t actor_id,
                       const char *password, json_t *errors, int64_t *id);

/* users_add's checks and insert for a caller already inside a write
 * transaction, which made any permission check itself: actors_register
 * adds an organisation's first user with it. The password comes hashed
 * (auth_password_hash, before the transaction). The database checks go
 * into errors (OUTCOME_INVALID); audited as "user.add" by the anonymous
 * registrant from channel and client_addr. */
enum outcome users_insert_in_txn(struct db *db, const char *email, const char *name,
                                 const char *password_hash, enum role role, int64_t actor_id,
                                 const char *channel, const char *client_addr,
                                 json_t *errors, int64_t *id);

/* Whether role fits actor actor_id (focal_point → a state, editor → a
 * partner, admin and reviewer → any): 1 yes, 0 no (the reason in errors,
 * "actor" or "role"), -1 on a database error. */
int users_role_check(struct db *db, enum role role, int64_t actor_id, json_t *errors);

/* Every user, for `pacte user list` and /admin: [{id, email, name, role,
 * role_label (msgid), actor: {id, name}, disabled, created_at,
 * last_sign_in}]. New reference; NULL on a database error. */
json_t *users_list(struct db *db);

/* ---- The administrators' list (users_list.c) ---------------------------- */

#define USERS_PAGE_SIZE 50

/* The list's filters, for a query string or the console: q (a part of a
 * name or an address), role, actor (an id: its members), state (active,
 * disabled, unverified), page (from 1). */
extern const struct field users_filter_fields[];
extern const size_t users_nfilter_fields;

/* The accounts the filters (users_filter_fields' clean values) select,
 * deleted ones never, USERS_PAGE_SIZE a page by id: {users: [as
 * users_list's rows, with "unverified"], count (all that match), page,
 * pages}. New reference; NULL on a database error. */
json_t *users_search(struct db *db, const json_t *filters);

/* Gives account id the role `role` in the actor it acts for (the role
 * must fit it: errors "role", OUTCOME_INVALID), its membership too.
 * Audited ("user.role"). `by` NULL is the operator at the console.
 * OUTCOME_OK, OUTCOME_CONFLICT (the role it has), OUTCOME_NOT_FOUND,
 * OUTCOME_DENIED (audited), OUTCOME_ERROR. */
enum outcome users_set_role(struct db *db, const struct user *by, int64_t id, enum role role,
                            json_t *errors);

/* Disables an account, ends its sessions and revokes its tokens, in one
 * transaction. Audited. `by` NULL is the operator at the console.
 * OUTCOME_OK, OUTCOME_CONFLICT (disabled already), OUTCOME_NOT_FOUND,
 * OUTCOME_DENIED (audited), OUTCOME_ERROR. */
enum outcome users_disable(struct db *db, const struct user *by, int64_t id);

/* Re-enables a disabled account (its sessions and tokens stay ended: its
 * owner signs in again). Audited ("user.enable"). The same outcomes as
 * users_disable, OUTCOME_CONFLICT when it is enabled already. */
enum outcome users_enable(struct db *db, const struct user *by, int64_t id);

/* Checks that password is u's own, before a change that needs it (a new
 * password, a new address, deleting the account): a wrong one counts as
 * a failed sign-in of the account, and past the sign-in limits the check
 * is refused (throttle.h). OUTCOME_OK; OUTCOME_INVALID (wrong: the message
 * under `field` in errors); OUTCOME_CONFLICT (refused for a while: said
 * under `field`); OUTCOME_DENIED for no user or a disabled one;
 * OUTCOME_NOT_FOUND, OUTCOME_ERROR. */
enum outcome users_confirm_password(struct db *db, const struct user *u, const char *password,
                                    const char *field, json_t *errors);

/* Changes the user's own password after checking the current one; ends
 * their other sessions. Audited (without the passwords). A wrong current
 * password counts as a failed sign-in of the account, and past the
 * sign-in limits the check is refused (throttle.h). Problems go into
 * errors (OUTCOME_INVALID); OUTCOME_DENIED for no user or a disabled one. */
enum outcome users_change_password(struct db *db, const struct user *u, const char *current,
                                   const char *new_password, json_t *errors);

/* True when an enabled admin account exists (init creates the first one);
 * false on a database error too. */
bool users_have_admin(struct db *db);

/* NULL when password is acceptable as a new password, else the msgid
 * saying why (too short, too long, not UTF-8). */
const char *users_password_problem(const char *password);

/* NULL when name is acceptable as a person's name (one line, 1 to 200
 * characters), else the msgid saying so. */
const char *users_name_problem(const char *name);

#endif
