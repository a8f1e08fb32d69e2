/* test_background.c — a background thread starts with SIGTERM and SIGINT
 * blocked (else it could take the signal meant for server_run's sigwait and
 * end the process without the graceful stop) and with its name; the
 * creator's own mask is as it was. */
#include "unit.h"

#include <signal.h>
#include <string.h>

#include "background.h"

struct seen {
	int sigterm_blocked, sigint_blocked;
	char name[16];
};

static void *look(void *arg)
{
	struct seen *s = arg;
	sigset_t mask;
	pthread_sigmask(SIG_BLOCK, NULL, &mask);
	s->sigterm_blocked = sigismember(&mask, SIGTERM);
	s->sigint_blocked = sigismember(&mask, SIGINT);
	pthread_getname_np(pthread_self(), s->name, sizeof s->name);
	return NULL;
}

static void test_start(void **state)
{
	(void)state;
	struct seen s = {0};
	pthread_t t;
	assert_int_equal(background_start(&t, look, &s, "pacte-test"), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(s.sigterm_blocked, 1);
	assert_int_equal(s.sigint_blocked, 1);
	assert_string_equal(s.name, "pacte-test");
	sigset_t mask;
	pthread_sigmask(SIG_BLOCK, NULL, &mask);
	assert_int_equal(sigismember(&mask, SIGTERM), 0);
	assert_int_equal(sigismember(&mask, SIGINT), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
