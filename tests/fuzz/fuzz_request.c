/* fuzz_request.c — libFuzzer target for the request parsers: the input is
 * tried as a request target, a query/form body and a Cookie header. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	struct arena a;
	arena_init(&a);
	const char *path, *query, *why;
	struct params p;
	if (target_parse(&a, s, &path, &query) == 0) {
		/* A canonical path never holds a dot segment or an empty one. */
		if (strstr(path, "/../") || strstr(path, "//") || strstr(path, "/./"))
			abort();
		params_parse(&a, query, strlen(query), &p, false, &why);
	}
	params_parse(&a, (const char *)data, size, &p, true, &why);
	cookies_parse(&a, s, &p, &why);
	arena_release(&a);
	free(s);
	return 0;
}
