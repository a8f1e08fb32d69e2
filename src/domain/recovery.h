/* recovery.h — getting back into an account, and showing an address is
 * one's own: single-use tokens sent by mail (mail.h).
 *
 * A token is AUTH_TOKEN_LEN random characters, sent in a link and kept
 * only as its hash (account_token), for one purpose: "reset" (a forgotten
 * password, RECOVERY_RESET_SECONDS) or "verify" (an address,
 * RECOVERY_VERIFY_SECONDS). Issuing one revokes the account's earlier
 * ones of that purpose; using one spends it. A forged, expired, spent or
 * revoked token is one answer: not valid.
 *
 * Asking for a reset answers the same whether the address has an account
 * or not (nothing to learn from it), and is counted per address and per
 * client in the database (recovery_request): past RECOVERY_EMAIL_LIMIT
 * requests for one address or RECOVERY_ADDR_LIMIT from one client in
 * RECOVERY_WINDOW_SECONDS, it is refused for a while, whether or not the
 * address has an account. A reset ends every session of the account.
 *
 * A registrant's address is not verified (account.email_verified_at is
 * NULL) until they open the verification link: until then they may sign
 * in and read, but can() refuses them every action (permission.c). An
 * account the operator or an administrator adds counts as verified. */
#ifndef PACTE_RECOVERY_H
#define PACTE_RECOVERY_H

#include <jansson.h>
#include <stdint.h>

#include "auth.h"
#include "outcome.h"

struct db;
struct user;

#define RECOVERY_RESET_SECONDS (60 * 60)
#define RECOVERY_VERIFY_SECONDS (48 * 60 * 60)
#define RECOVERY_WINDOW_SECONDS (60 * 60)
#define RECOVERY_EMAIL_LIMIT 3
#define RECOVERY_ADDR_LIMIT 20

/* Someone asks for a reset link for `email` from client_addr (channel
 * "web" or "api"). Counted first (the limits above: OUTCOME_CONFLICT with
 * *retry_after seconds, nothing else done); then, when an enabled account
 * has this address, its earlier reset tokens are revoked, a new one made
 * and mailed in its language, audited ("user.reset_requested"). OUTCOME_OK
 * whether or not there was an account; OUTCOME_ERROR. */
enum outcome recovery_request_reset(struct db *db, const char *email, const char *channel,
                                    const char *client_addr, int *retry_after);

/* Whether token is a live token of `purpose` ("reset", "verify"): 1 yes, 0
 * no (malformed, unknown, expired, spent, revoked), -1 error. For the form
 * a link opens, before anything is changed. */
int recovery_token_live(struct db *db, const char *purpose, const char *token);

/* Sets a new password with a reset token: the token spent, the account's
 * other reset tokens revoked, every session of it ended, its address
 * counted as verified (the link reached it), its failed sign-ins
 * forgotten, a "password changed" mail queued, audited
 * ("user.password_reset"). OUTCOME_NOT_FOUND when the token is not live;
 * OUTCOME_INVALID when the password is not acceptable (errors:
 * "password"); OUTCOME_ERROR. */
enum outcome recovery_reset(struct db *db, const char *token, const char *new_password,
                            const char *channel, const char *client_addr, json_t *errors);

/* Inside the caller's write transaction: revokes account user_id's
 * earlier verification tokens, makes a new one and mails it. 0 or -1. */
int recovery_send_verification(struct db *db, int64_t user_id);

/* Marks the address of the token's account verified and spends the
 * token; audited ("user.verify"). OUTCOME_NOT_FOUND when the token is not
 * live; OUTCOME_ERROR. */
enum outcome recovery_verify(struct db *db, const char *token, const char *channel,
                             const char *client_addr);

/* Sends u another verification link (u's own account, unverified): held
 * to the reset's limits (OUTCOME_CONFLICT, *retry_after). OUTCOME_OK;
 * OUTCOME_INVALID when u is verified already; OUTCOME_ERROR. */
enum outcome recovery_resend_verification(struct db *db, const struct user *u,
                                          int *retry_after);

/* The operator at the console vouches for the address of the account
 * with this email (`pacte user verify`). Audited. OUTCOME_OK (verified
 * already included), OUTCOME_NOT_FOUND, OUTCOME_ERROR. */
enum outcome recovery_verify_by_operator(struct db *db, const char *email);

/* ---- A change of address (recovery_email.c) ------------------------------------ */

#define RECOVERY_EMAIL_CHANGE_SECONDS (48 * 60 * 60)

/* u asks to use new_email from now on, confirming with their password: a
 * link is mailed to the new address (the earlier links of such requests
 * revoked); nothing changes until it is opened. Audited
 * ("user.email_change_requested", without the addresses). OUTCOME_INVALID
 * with errors ("password": not right; "email": not an address, the
 * current one, or another account's); OUTCOME_DENIED for no user or a
 * disabled one; OUTCOME_ERROR. */
enum outcome recovery_request_email_change(struct db *db, const struct user *u,
                                           const char *new_email, const char *password,
                                           json_t *errors);

/* Whether token is a live change-of-address link: 1, 0, -1 error. */
int recovery_email_token_live(struct db *db, const char *token);

/* Confirms a change of address with the link's token: the account's
 * address becomes the new one (verified: the link reached it), the link
 * is spent, the reset links sent to the old address are revoked, and the
 * old address is told (mail/email_changed). Audited ("user.email_change").
 * OUTCOME_NOT_FOUND when the token is not live; OUTCOME_CONFLICT when the
 * address was taken by another account meanwhile; OUTCOME_ERROR. */
enum outcome recovery_confirm_email_change(struct db *db, const char *token,
                                           const char *channel, const char *client_addr);

#endif
