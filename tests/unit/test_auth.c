/* test_auth.c — the security primitives: random tokens, token hashes,
 * Argon2id passwords and constant-time comparison. */
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"

static int setup(void **state)
{
	(void)state;
	return auth_init();
}

static bool base64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

#define NTOKENS 1000

static void test_token_form_and_uniqueness(void **state)
{
	(void)state;
	static char tokens[NTOKENS][AUTH_TOKEN_LEN + 1];
	for (int i = 0; i < NTOKENS; i++) {
		auth_token_new(tokens[i]);
		assert_int_equal(strlen(tokens[i]), AUTH_TOKEN_LEN);
		for (int j = 0; j < AUTH_TOKEN_LEN; j++)
			assert_true(base64url(tokens[i][j]));
	}
	qsort(tokens, NTOKENS, sizeof tokens[0], cmp_str);
	for (int i = 1; i < NTOKENS; i++)
		assert_string_not_equal(tokens[i - 1], tokens[i]);
	/* 256 random bits: every one of the 64 letters turns up among 43,000. */
	bool seen[128] = {false};
	for (int i = 0; i < NTOKENS; i++)
		for (int j = 0; j < AUTH_TOKEN_LEN; j++)
			seen[(unsigned char)tokens[i][j]] = true;
	int letters = 0;
	for (int c = 0; c < 128; c++)
		letters += seen[c];
	assert_int_equal(letters, 64);
}

static void test_token_hash(void **state)
{
	(void)state;
	char h[AUTH_HASH_LEN + 1];
	/* BLAKE2b with a 32-byte digest, as any implementation computes it. */
	auth_token_hash("", h);
	assert_string_equal(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	auth_token_hash("pacte", h);
	assert_string_equal(h, "ea40ebca492e77cb6d161daeb66c1f5a0580004a708d2ed6c9d603f5da6fb6de");

	char t[AUTH_TOKEN_LEN + 1], h1[AUTH_HASH_LEN + 1], h2[AUTH_HASH_LEN + 1];
	auth_token_new(t);
	auth_token_hash(t, h1);
	auth_token_hash(t, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), AUTH_HASH_LEN);
	assert_int_equal(strspn(h1, "0123456789abcdef"), AUTH_HASH_LEN);
	t[0] = t[0] == 'A' ? 'B' : 'A';
	auth_token_hash(t, h2);
	assert_string_not_equal(h1, h2);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_password(void **state)
{
	(void)state;
	char h1[AUTH_PASSWORD_HASH_MAX], h2[AUTH_PASSWORD_HASH_MAX];
	assert_int_equal(auth_password_hash("correct horse battery", h1), 0);
	assert_true(strncmp(h1, "$argon2id$", 10) == 0);
	assert_null(strstr(h1, "correct horse battery"));
	/* A fresh salt each time. */
	assert_int_equal(auth_password_hash("correct horse battery", h2), 0);
	assert_string_not_equal(h1, h2);

	assert_true(auth_password_verify(h1, "correct horse battery"));
	assert_true(auth_password_verify(h2, "correct horse battery"));
	assert_false(auth_password_verify(h1, "correct horse batterY"));
	assert_false(auth_password_verify(h1, ""));
	assert_false(auth_password_verify(h1, NULL));
	assert_false(auth_password_verify(NULL, "correct horse battery"));

	/* A tampered hash verifies nothing: a changed digest, a changed
	 * parameter, a truncated or foreign string. */
	char bad[AUTH_PASSWORD_HASH_MAX];
	memcpy(bad, h1, sizeof bad);
	size_t last = strlen(bad) - 1;
	bad[last] = bad[last] == 'A' ? 'B' : 'A';
	assert_false(auth_password_verify(bad, "correct horse battery"));
	memcpy(bad, h1, sizeof bad);
	char *t = strstr(bad, "t=");
	assert_non_null(t);
	t[2] = t[2] == '3' ? '4' : '3';
	assert_false(auth_password_verify(bad, "correct horse battery"));
	memcpy(bad, h1, sizeof bad);
	bad[strlen(bad) / 2] = '\0';
	assert_false(auth_password_verify(bad, "correct horse battery"));
	assert_false(auth_password_verify("plain text", "plain text"));
	assert_false(auth_password_verify("", ""));

	/* Unicode passwords are bytes like any others. */
	assert_int_equal(auth_password_hash("mot de passe très sûr ✓", h2), 0);
	assert_true(auth_password_verify(h2, "mot de passe très sûr ✓"));
	assert_false(auth_password_verify(h2, "mot de passe tres sur ✓"));
}

/* An unknown account must cost what a wrong password costs. Timing on a
 * shared machine is noisy: only a gross difference fails. */
static void test_burn_takes_as_long(void **state)
{
	(void)state;
	char h[AUTH_PASSWORD_HASH_MAX];
	assert_int_equal(auth_password_hash("correct horse battery", h), 0);
	auth_password_burn("warm up");
	double t0 = now_ms();
	assert_false(auth_password_verify(h, "wrong password"));
	double t1 = now_ms();
	auth_password_burn("wrong password");
	double t2 = now_ms();
	double verify = t1 - t0, burn = t2 - t1;
	assert_true(burn > verify / 3);
	assert_true(burn < verify * 3);
}

/* A storm of sign-ins: every hash runs (a queue, not a refusal), never more
 * at once than the gate's width, and the gate is empty afterwards. */
enum { STORM_PER_CORE = 4, STORM_MAX = 64 };
static char storm_hash[AUTH_PASSWORD_HASH_MAX];

static void *storm_one(void *arg)
{
	*(bool *)arg = auth_password_verify(storm_hash, "correct horse battery");
	return NULL;
}

static void test_hashes_queue(void **state)
{
	(void)state;
	assert_int_equal(auth_password_hash("correct horse battery", storm_hash), 0);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned width = auth_hashing().width;
	assert_int_equal(width, cores > 0 ? (unsigned)cores : 1);
	size_t n = width * STORM_PER_CORE < STORM_MAX ? width * STORM_PER_CORE : STORM_MAX;
	pthread_t threads[STORM_MAX];
	bool ok[STORM_MAX] = {0};
	for (size_t i = 0; i < n; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, storm_one, &ok[i]), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	for (size_t i = 0; i < n; i++)
		assert_true(ok[i]);
	struct auth_hashing h = auth_hashing();
	assert_true(h.peak >= 1);
	assert_true(h.peak <= width);
	assert_int_equal(h.running, 0);
	assert_int_equal(h.waiting, 0);
}

static void test_equal(void **state)
{
	(void)state;
	assert_true(auth_equal("abc", "abc"));
	assert_true(auth_equal("", ""));
	assert_false(auth_equal("abc", "abd"));
	assert_false(auth_equal("abc", "abcd"));
	assert_false(auth_equal("abcd", "abc"));
	assert_false(auth_equal(NULL, "abc"));
	assert_false(auth_equal("abc", NULL));
	assert_false(auth_equal(NULL, NULL));
	char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1];
	auth_token_new(a);
	memcpy(b, a, sizeof b);
	assert_true(auth_equal(a, b));
	b[AUTH_TOKEN_LEN - 1] ^= 1;
	assert_false(auth_equal(a, b));
}

static void test_init_idempotent(void **state)
{
	(void)state;
	assert_int_equal(auth_init(), 0);
	assert_int_equal(auth_init(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_idempotent),
		cmocka_unit_test(test_token_form_and_uniqueness),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_burn_takes_as_long),
		cmocka_unit_test(test_hashes_queue),
		cmocka_unit_test(test_equal),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
