/* auth.h — security primitives on libsodium: random tokens, the hashes under
 * which tokens are stored, password hashing, constant-time comparison.
 *
 * Session ids, API tokens and CSRF tokens are 256 random bits written in
 * base64url (43 characters). The database never holds a token itself, only
 * its BLAKE2b-256 hash (auth_token_hash), so a stolen database file opens no
 * session. Passwords are hashed with Argon2id (crypto_pwhash_str). */
#ifndef PACTE_AUTH_H
#define PACTE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_TOKEN_LEN 43          /* characters, without the NUL */
#define AUTH_HASH_LEN 64           /* hex characters of a token hash */
#define AUTH_PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* Initialises libsodium; call once at start (idempotent, thread-safe).
 * Returns 0, or -1 if no secure random source is available. */
int auth_init(void);

/* Writes a new random token (AUTH_TOKEN_LEN characters + NUL) into out. */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);

/* Writes the hex BLAKE2b-256 hash of token (AUTH_HASH_LEN + NUL) into out. */
void auth_token_hash(const char *token, char out[AUTH_HASH_LEN + 1]);

/* Hashes a password with Argon2id into out. Returns 0, or -1 when memory
 * for the hash could not be had. */
int auth_password_hash(const char *password, char out[AUTH_PASSWORD_HASH_MAX]);

/* True when password matches hash. Takes the same time whether or not it
 * matches; auth_password_burn() spends that time for an unknown account so
 * the two cannot be told apart by timing. */
bool auth_password_verify(const char *hash, const char *password);
void auth_password_burn(const char *password);

/* The password hashes: at most `width` (the cores) run at once, each
 * holding Argon2id's 64 MiB; `waiting` queue for their turn; `peak` is the
 * most that ever ran at once (/metrics shows all four). */
struct auth_hashing {
	unsigned width, running, waiting, peak;
};
struct auth_hashing auth_hashing(void);

/* Constant-time equality of two NUL-terminated strings. */
bool auth_equal(const char *a, const char *b);

#endif
