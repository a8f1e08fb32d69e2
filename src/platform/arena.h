/* arena.h — a request's memory: many small allocations freed at once.
 *
 * Everything a request parses (path, query and form values, cookies) lives
 * in its arena, released in one place when the request completes, so
 * handlers never free what they read from a request. */
#ifndef PACTE_ARENA_H
#define PACTE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
};

void arena_init(struct arena *a);
/* Frees every allocation made from a. */
void arena_release(struct arena *a);

/* Returns n bytes aligned for any type; aborts on exhaustion (util.h). */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
__attribute__((format(printf, 2, 3)))
char *arena_printf(struct arena *a, const char *fmt, ...);

#endif
