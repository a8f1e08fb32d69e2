/* test_background.c — a background thread starts with SIGTERM and SIGINT
 * blocked (else it could take the signal meant for server_run's sigwait and
 * end the process without the graceful stop), its name, and, when asked
 * to yield, a nice value of its own above the server's. */
#include "unit.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "background.h"

struct seen {
	int sigterm_blocked, sigint_blocked;
	int nice;
	char name[16];
};

static void *look(void *arg)
{
	struct seen *s = arg;
	sigset_t mask;
	pthread_sigmask(SIG_BLOCK, NULL, &mask);
	s->sigterm_blocked = sigismember(&mask, SIGTERM);
	s->sigint_blocked = sigismember(&mask, SIGINT);
	s->nice = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
	pthread_getname_np(pthread_self(), s->name, sizeof s->name);
	return NULL;
}

static void run(enum background_priority priority, struct seen *s)
{
	pthread_t t;
	assert_int_equal(background_start(&t, look, s, "pacte-test", priority), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
}

static void test_yield(void **state)
{
	(void)state;
	int mine = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
	struct seen s = {0};
	run(BACKGROUND_YIELD, &s);
	assert_int_equal(s.sigterm_blocked, 1);
	assert_int_equal(s.sigint_blocked, 1);
	assert_string_equal(s.name, "pacte-test");
	/* nice values stop at 19 */
	assert_int_equal(s.nice, mine + BACKGROUND_NICE > 19 ? 19 : mine + BACKGROUND_NICE);
	/* the creator's own mask and priority are as they were */
	sigset_t mask;
	pthread_sigmask(SIG_BLOCK, NULL, &mask);
	assert_int_equal(sigismember(&mask, SIGTERM), 0);
	assert_int_equal(getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid)), mine);
}

static void test_keep(void **state)
{
	(void)state;
	int mine = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
	struct seen s = {0};
	run(BACKGROUND_KEEP, &s);
	assert_int_equal(s.sigterm_blocked, 1);
	assert_int_equal(s.nice, mine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yield),
		cmocka_unit_test(test_keep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
