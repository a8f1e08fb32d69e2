/* tokens.h — personal API tokens (Authorization: Bearer): created and
 * revoked by their owner, shown once, stored as a hash.
 *
 * Managing one's own tokens is not an action of the permission table: a
 * partner still waiting for accreditation may do it. Creating one takes a
 * person signed in with their password (the route's ROUTE_SESSION flag,
 * enforced by the web guard; the console's `pacte user token` is the
 * operator): a token that could make tokens would outlive its own
 * revocation (issue 11, finding 14). What a token's
 * requests may then do is can()'s business, as for a session. A token
 * stops working when revoked or when its account is disabled
 * (users_disable calls tokens_revoke_all). */
#ifndef PACTE_TOKENS_H
#define PACTE_TOKENS_H

#include <jansson.h>
#include <stdint.h>

#include "auth.h"
#include "outcome.h"

struct db;
struct user;

#define TOKEN_LABEL_MAX_CHARS 100
#define TOKENS_PER_USER_MAX 20     /* active ones; more is OUTCOME_CONFLICT */

/* Creates a token for u labelled `label` (NULL: "", at most
 * TOKEN_LABEL_MAX_CHARS characters on one line): the clear token is
 * written into token, the only time it exists, and its id into *id.
 * Audited. OUTCOME_OK, OUTCOME_INVALID (the label), OUTCOME_CONFLICT (u
 * has TOKENS_PER_USER_MAX already), OUTCOME_DENIED (no user, or a
 * disabled one), OUTCOME_ERROR; token is "" unless OUTCOME_OK. */
enum outcome tokens_create(struct db *db, const struct user *u, const char *label,
                           char token[AUTH_TOKEN_LEN + 1], int64_t *id);

/* u's active tokens, without the tokens: [{id, label, created_at,
 * last_used_at}]. New reference; NULL on a database error. */
json_t *tokens_list(struct db *db, const struct user *u);

/* Revokes u's token `id` (another's is OUTCOME_NOT_FOUND). Audited. */
enum outcome tokens_revoke(struct db *db, const struct user *u, int64_t id);

/* Revokes every active token of account user_id, inside the caller's write
 * transaction, which audits why (users_disable). Returns how many, or -1. */
int64_t tokens_revoke_all(struct db *db, int64_t user_id);

/* The user behind a bearer token, for the guard; records its last use (at
 * most once a minute). OUTCOME_NOT_FOUND when the token is malformed,
 * unknown, revoked, or its account disabled; OUTCOME_ERROR. */
enum outcome tokens_lookup(struct db *db, const char *token, struct user *out);

#endif
