/* auth.c — random tokens, token hashes and Argon2id passwords on libsodium.
 *
 * auth_password_burn() verifies the password against a hash of a random
 * password made once, on first need, with the same Argon2id parameters as
 * every stored hash, so an unknown account costs exactly what a wrong
 * password costs.
 *
 * Each Argon2id hash takes 64 MiB for as long as it runs. Running more at
 * once than there are cores makes none finish sooner and only adds memory
 * (a sign-in storm on 16 worker threads would hold 1 GiB), so the hashes
 * pass through a gate as wide as the cores: a queue, never a refusal. */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

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

/* The gate: at most `width` hashes at once; `peak` the most seen. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned width, running, waiting, peak;
} gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0};

static void gate_enter(void)
{
	pthread_mutex_lock(&gate.lock);
	if (gate.width == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		gate.width = n > 0 ? (unsigned)n : 1;
	}
	gate.waiting++;
	while (gate.running >= gate.width)
		pthread_cond_wait(&gate.freed, &gate.lock);
	gate.waiting--;
	if (++gate.running > gate.peak)
		gate.peak = gate.running;
	pthread_mutex_unlock(&gate.lock);
}

static void gate_leave(void)
{
	pthread_mutex_lock(&gate.lock);
	gate.running--;
	pthread_cond_signal(&gate.freed);
	pthread_mutex_unlock(&gate.lock);
}

struct auth_hashing auth_hashing(void)
{
	pthread_mutex_lock(&gate.lock);
	struct auth_hashing h = {gate.width, gate.running, gate.waiting, gate.peak};
	pthread_mutex_unlock(&gate.lock);
	return h;
}

static int pwhash_str(char out[crypto_pwhash_STRBYTES], const char *password)
{
	gate_enter();
	int rc = crypto_pwhash_str(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT);
	gate_leave();
	return rc;
}

static int pwhash_verify(const char *hash, const char *password)
{
	gate_enter();
	int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	gate_leave();
	return rc;
}

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
	if (pwhash_str(burn_hash, pw) != 0)
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
	return pwhash_str(out, password) == 0 ? 0 : -1;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !password) {
		auth_password_burn(password ? password : "");
		return false;
	}
	/* A hash that is not a valid Argon2 string (tampered, truncated)
	 * fails here too. */
	return pwhash_verify(hash, password) == 0;
}

void auth_password_burn(const char *password)
{
	if (auth_init() < 0)
		return;
	pthread_once(&burn_once, burn_once_fn);
	if (!burn_hash[0])
		return;
	if (pwhash_verify(burn_hash, password) == 0)
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
