/* tokens.h — personal API tokens (Authorization: Bearer): created and
 * revoked by their owner, shown once, stored as a hash.
 *
 * A token has a scope, chosen when it is made: "read" (the default) may
 * only read — the guard answers any other method 403 — and "write" may do
 * whatever its owner may (can()). It expires: after expires_in_days
 * (TOKEN_EXPIRY_DEFAULT_DAYS unless chosen, at most
 * TOKEN_EXPIRY_MAX_DAYS), tokens_lookup says so and the guard answers 401
 * with the date, so a script learns why rather than reading as anybody.
 * Tokens made before scopes existed (migration 0013) write and never
 * expire.
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
#include "validate.h"

struct db;
struct user;

#define TOKEN_LABEL_MAX_CHARS 100
#define TOKENS_PER_USER_MAX 20     /* active ones; more is OUTCOME_CONFLICT */
#define TOKEN_EXPIRY_DEFAULT_DAYS 90
#define TOKEN_EXPIRY_MAX_DAYS 730

/* The scopes, NULL-terminated: read write. */
extern const char *const token_scopes[];

/* A new token's fields (validate.h), for a form to read its input by:
 * tokens_make checks them again. */
extern const struct field tokens_fields[];
extern const size_t tokens_nfields;

/* A new token's input, through the one validation system (validate.h):
 *   label            one line, at most TOKEN_LABEL_MAX_CHARS (may be "")
 *   scope            "read" (default) or "write"
 *   expires_in_days  1–TOKEN_EXPIRY_MAX_DAYS (default TOKEN_EXPIRY_DEFAULT_DAYS)
 * Creates the token for u: the clear token is written into token, the
 * only time it exists; *made (when not NULL) is {id, label, scope,
 * created_at, expires_at}. Audited. OUTCOME_OK, OUTCOME_INVALID (errors
 * names the fields; errors may already hold the form's findings: any
 * entry means nothing is written), OUTCOME_CONFLICT (u has
 * TOKENS_PER_USER_MAX unexpired ones already), OUTCOME_DENIED (no user,
 * or a disabled one), OUTCOME_ERROR; token is "" unless OUTCOME_OK. */
enum outcome tokens_make(struct db *db, const struct user *u, const json_t *input,
                         json_t *errors, char token[AUTH_TOKEN_LEN + 1], json_t **made);

/* tokens_make with only a label (NULL: ""), the scope "write" and the
 * default expiry, its id into *id: for the tests and tools that need a
 * token that writes. */
enum outcome tokens_create(struct db *db, const struct user *u, const char *label,
                           char token[AUTH_TOKEN_LEN + 1], int64_t *id);

/* u's tokens not revoked, without the tokens: [{id, label, scope,
 * created_at, expires_at|null, expired: bool, last_used_at}]. New
 * reference; NULL on a database error. */
json_t *tokens_list(struct db *db, const struct user *u);

/* Revokes u's token `id` (another's is OUTCOME_NOT_FOUND). Audited. */
enum outcome tokens_revoke(struct db *db, const struct user *u, int64_t id);

/* Revokes every active token of account user_id, inside the caller's write
 * transaction, which audits why (users_disable). Returns how many, or -1. */
int64_t tokens_revoke_all(struct db *db, int64_t user_id);

/* The user behind a bearer token, for the guard, with out->token_scope
 * and out->token_expires_at; records its last use (at most once a
 * minute). OUTCOME_DENIED when it has expired (out filled, its
 * token_expires_at saying when); OUTCOME_NOT_FOUND when the token is
 * malformed, unknown, revoked, or its account disabled; OUTCOME_ERROR. */
enum outcome tokens_lookup(struct db *db, const char *token, struct user *out);

#endif
