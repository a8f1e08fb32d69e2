/* template_embed.c — compiles the templates embedded in the binary.
 *
 * Kept apart from template.c so that the engine (and its fuzz target) links
 * without the generated table of embedded files. */
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "template.h"
#include "util.h"

int template_add_embedded(struct template_set *set, char *err, size_t errlen)
{
	static const char prefix[] = "templates/", suffix[] = ".html";
	const size_t plen = sizeof(prefix) - 1, slen = sizeof(suffix) - 1;

	for (size_t i = 0; i < embed_count; i++) {
		const struct embed_file *f = &embed_files[i];
		size_t n = strlen(f->name);
		if (n <= plen + slen || !str_starts(f->name, prefix) ||
		    strcmp(f->name + n - slen, suffix) != 0)
			continue;
		/* "templates/commitments/list.html" is known as "commitments/list" */
		char *name = xstrndup(f->name + plen, n - plen - slen);
		int rc = template_add(set, name, f->data, f->len, err, errlen);
		free(name);
		if (rc < 0)
			return -1;
	}
	template_link(set);
	return 0;
}
