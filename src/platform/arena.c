/* arena.c — chunked bump allocator.
 *
 * Every request starts an arena and releases it, so each thread keeps one
 * released chunk of the standard size for its next arena: a typical
 * request then takes its memory with no call to malloc (a block of 8 KiB
 * is also one that makes glibc consolidate its small free lists). The
 * spare is freed when its thread ends. */
#include <assert.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define CHUNK_SIZE 8192

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	alignas(max_align_t) char data[];
};

static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;
static bool spare_ok;           /* the key exists: else no chunk is kept */

static void spare_key_make(void)
{
	spare_ok = pthread_key_create(&spare_key, free) == 0;
}

/* This thread's spare chunk (taken: the slot is emptied), or a new one. */
static struct arena_chunk *chunk_standard(void)
{
	pthread_once(&spare_once, spare_key_make);
	struct arena_chunk *c = spare_ok ? pthread_getspecific(spare_key) : NULL;
	if (c) {
		pthread_setspecific(spare_key, NULL);
		return c;
	}
	return xmalloc(sizeof *c + CHUNK_SIZE);
}

/* Keeps c as this thread's spare if the slot is empty, else frees it. */
static void chunk_drop(struct arena_chunk *c)
{
	pthread_once(&spare_once, spare_key_make);
	if (spare_ok && c->size == CHUNK_SIZE && !pthread_getspecific(spare_key) &&
	    pthread_setspecific(spare_key, c) == 0)
		return;
	free(c);
}

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		chunk_drop(c);
		c = next;
	}
	a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	n = (n + align - 1) & ~(align - 1);
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
		c = size == CHUNK_SIZE ? chunk_standard() : xmalloc(sizeof *c + size);
		c->used = 0;
		c->size = size;
		/* A large one-off allocation goes behind the current chunk so the
		 * current chunk's free space is not wasted. */
		if (a->head && n > CHUNK_SIZE) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	assert(c->size - c->used >= n);
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
