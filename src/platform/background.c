/* background.c — starting the server's background threads (background.h). */
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "background.h"
#include "util.h"

struct start {
	void *(*fn)(void *);
	void *arg;
	enum background_priority priority;
};

/* Runs in the new thread: its nice value is its own to lower (the creator
 * cannot name the new thread's kernel id before it runs). */
static void *trampoline(void *p)
{
	struct start s = *(struct start *)p;
	free(p);
	if (s.priority == BACKGROUND_YIELD)
		(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), BACKGROUND_NICE);
	return s.fn(s.arg);
}

int background_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name,
                     enum background_priority priority)
{
	struct start *s = xmalloc(sizeof *s);
	*s = (struct start){fn, arg, priority};
	/* The new thread inherits the creator's mask: block the two signals
	 * for the creation only, then put the creator's mask back. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc = pthread_create(thread, NULL, trampoline, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		free(s);
		return rc;
	}
	(void)pthread_setname_np(*thread, name);
	return 0;
}
