/* auth.c — random tokens, token hashes and Argon2id passwords on libsodium.
 *
 * auth_password_burn() verifies the password against a hash of a random
 * password made once, on first need, with the same Argon2id parameters as
 * every stored hash, so an unknown account costs exactly what a wrong
 * password costs. */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"

#define TOKEN_BYTES 32
#define PW_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PW_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(AUTH_PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES,
               "AUTH_PASSWORD_HASH_MAX must be crypto_pwhash_STRBYTES");
_Static_assert(AUTH_TOKEN_LEN + 1 ==
               sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "a token is 32 bytes in unpadded base64url");

/* Each written once under its pthread_once, read-only afterwards. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status = -1;
static pthread_once_t burn_once = PTHREAD_ONCE_INIT;
static char burn_hash[crypto_pwhash_STRBYTES];

static void init_once_fn(void)
{
	init_status = sodium_init() < 0 ? -1 : 0;
}

int auth_init(void)
{
	pthread_once(&init_once, init_once_fn);
	return init_status;
}

/* The hash of a random password, made on first need: every command would
 * otherwise pay a tenth of a second at start for it. */
static void burn_once_fn(void)
{
	char pw[AUTH_TOKEN_LEN + 1];
	auth_token_new(pw);
	if (crypto_pwhash_str(burn_hash, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT) != 0)
		burn_hash[0] = '\0';
}

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char bin[TOKEN_BYTES];
	randombytes_buf(bin, sizeof bin);
	sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, bin, sizeof bin,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bin, sizeof bin);
}

void auth_token_hash(const char *token, char out[AUTH_HASH_LEN + 1])
{
	unsigned char h[AUTH_HASH_LEN / 2];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_HASH_LEN + 1, h, sizeof h);
}

int auth_password_hash(const char *password, char out[AUTH_PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT) == 0 ?
	       0 : -1;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !password) {
		auth_password_burn(password ? password : "");
		return false;
	}
	/* A hash that is not a valid Argon2 string (tampered, truncated)
	 * fails here too. */
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_password_burn(const char *password)
{
	if (auth_init() < 0)
		return;
	pthread_once(&burn_once, burn_once_fn);
	if (!burn_hash[0])
		return;
	if (crypto_pwhash_str_verify(burn_hash, password, strlen(password)) == 0)
		return;   /* 256 random bits guessed: nothing to do either way */
}

bool auth_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t la = strlen(a), lb = strlen(b);
	/* The length is no secret (every token has the same one); the bytes
	 * are compared in constant time. */
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
