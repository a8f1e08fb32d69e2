/* background.c — starting the server's background threads (background.h). */
#include <signal.h>

#include "background.h"

int background_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name)
{
	/* The new thread inherits the creator's mask: block the two signals
	 * for the creation only, then put the creator's mask back. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc = pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return rc;
	(void)pthread_setname_np(*thread, name);
	return 0;
}
