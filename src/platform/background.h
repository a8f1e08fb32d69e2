/* background.h — how the server starts a thread that works beside the
 * requests: the mail sender, the open-data publisher, the daily chores and
 * PostgreSQL's listener (one way, so each gets the same three things).
 *
 * - SIGTERM and SIGINT blocked: server_run takes them with sigwait() in the
 *   main thread, and a thread that let them through could be picked to
 *   receive one, which would end the process without the graceful stop.
 * - A name, seen in `top -H`, `perf` and gdb (at most 15 bytes).
 * - With BACKGROUND_YIELD, a lower priority (nice +BACKGROUND_NICE, this
 *   thread only: Linux keeps a nice value per thread): when the cores are
 *   busy, a page waits less for a batch of mail or an open-data build, and
 *   the background work still runs (not SCHED_IDLE, which could starve a
 *   thread that holds the database's write lock behind the readers). */
#ifndef PACTE_BACKGROUND_H
#define PACTE_BACKGROUND_H

#include <pthread.h>

#define BACKGROUND_NICE 10

enum background_priority { BACKGROUND_KEEP, BACKGROUND_YIELD };

/* Starts fn(arg) in a new thread as above. Returns 0, or pthread_create's
 * error number (nothing started). A priority that cannot be lowered is not
 * an error: the thread runs at the server's. */
int background_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name,
                     enum background_priority priority);

#endif
