/* background.h — how the server starts a thread that works beside the
 * requests: the mail sender, the open-data publisher, the daily chores and
 * PostgreSQL's listener (one way, so each gets the same three things).
 *
 * - SIGTERM and SIGINT blocked: server_run takes them with sigwait() in the
 *   main thread, and a thread that let them through could be picked to
 *   receive one, which would end the process without the graceful stop.
 * - A name, seen in `top -H`, `perf` and gdb (at most 15 bytes).
 * (A lower priority for the workers, nice +10, was tried and dropped: under
 * load it put their start-up work, the daily chores' first round and the
 * publisher's connection, seconds later, into what the tests measure;
 * docs/performance-notes.md, "Background threads".) */
#ifndef PACTE_BACKGROUND_H
#define PACTE_BACKGROUND_H

#include <pthread.h>

/* Starts fn(arg) in a new thread as above. Returns 0, or pthread_create's
 * error number (nothing started). */
int background_start(pthread_t *thread, void *(*fn)(void *), void *arg, const char *name);

#endif
