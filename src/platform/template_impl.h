/* template_impl.h — the compiled form of a template, shared by the
 * compiler (template.c) and the renderer (template_render.c); nothing
 * outside the engine includes it. See template.c for the design. */
#ifndef PACTE_TEMPLATE_IMPL_H
#define PACTE_TEMPLATE_IMPL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "template.h"

enum {
	MAX_NEST = 32,          /* sections open at once in one template */
	MAX_PARTIAL_DEPTH = 32, /* partials inside partials: stops {{>self}} loops */
	MAX_SEGS = 16,          /* segments of a dotted name */
};

/* Section iterations and partial expansions allowed in one render: a
 * template bug (nested sections over the same long list) must fail, not
 * hold a worker thread for hours. Far above any real page. */
#define MAX_STEPS (1ul << 24)

enum tkind { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_PARTIAL, T_TRANSLATE, T_PLURAL };

struct tnode {
	enum tkind kind;
	int line;
	/* T_TEXT: bytes in the template's src; T_SECTION/T_INVERTED: the name
	 * as written (in src, to match the closing tag); T_PARTIAL: the
	 * partial's name and T_TRANSLATE: the msgid (both owned, NUL-ended);
	 * T_PLURAL: the singular, a NUL, the plural (owned). */
	const char *text;
	size_t len;
	char *own;
	char **segs;            /* the dotted name; nseg == 0 is {{.}} */
	size_t *seglen;         /* strlen of each segment */
	size_t nseg;
	size_t end;             /* sections: index of the node after the body */
	const char *filter;     /* T_VAR: one of filters[], or NULL */
	const struct template *partial; /* T_PARTIAL in a linked set: its template */
};

struct template {
	char *name;
	char *src;
	bool xml;               /* an XML document: it opens with "<?xml" */
	struct tnode *nodes;
	size_t n, cap;
	_Atomic size_t size_hint; /* the largest output rendered from it, capped */
};

/* Bytes a render reserves at most from a hint: a page that once rendered
 * huge (an export) must not make every later render take that much. */
#define SIZE_HINT_MAX ((size_t)1 << 20)

struct template_set {
	struct template **tpls; /* sorted by name */
	size_t n, cap;
	bool linked;            /* every T_PARTIAL's `partial` is current */
};

/* The template named name in set, or NULL (a binary search). */
const struct template *template_find(const struct template_set *set, const char *name);

#endif
