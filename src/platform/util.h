/* util.h — the out-of-memory policy and a few tiny helpers used everywhere.
 *
 * Small internal allocations never fail from the caller's point of view:
 * xmalloc and friends abort the process with a message (a server that cannot
 * allocate 100 bytes cannot answer anyway). Sizes a client controls are
 * capped by the caller before anything is allocated (see buf.h). */
#ifndef PACTE_UTIL_H
#define PACTE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A macro's value as a string literal, for constant text that states it:
 * STRINGIFY(COMPACT_OBJECTIVES) is "23". */
#define STRINGIFY(x) STRINGIFY_(x)
#define STRINGIFY_(x) #x

/* Parses a whole decimal integer in [min, max]. Returns 0, or -1 when s is
 * empty, has trailing characters, or is out of range (out is untouched). */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* True when s starts with prefix. */
bool str_starts(const char *s, const char *prefix);

/* Writes a message into a caller's error buffer (err, errlen), which may
 * be absent (NULL or 0: nothing is written); cut to fit. */
__attribute__((format(printf, 3, 4)))
void put_err(char *err, size_t errlen, const char *fmt, ...);

/* The process's own memory: resident anonymous bytes (Linux's RssAnon, not
 * counting mapped files such as the binary or an SQLite database), or 0 when
 * /proc does not say. For /metrics: what the memory budgets add up to. */
size_t process_anon_bytes(void);

#endif
