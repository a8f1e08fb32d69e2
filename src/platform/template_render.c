/* template_render.c — renders a compiled template (template_impl.h)
 * against a JSON model: a walk over the node array, the context stack a
 * chain of frames on the C stack, values escaped as they are written. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "template_impl.h"
#include "text.h"
#include "util.h"

/* One context on the stack; the innermost frame is the one passed down. */
struct frame {
	json_t *val;
	const struct frame *up;
};

struct render {
	const struct template_set *set;
	const struct template_env *env;
	struct buf *out;
	bool xml;               /* the rendered template is an XML document */
	int partial_depth;
	unsigned long steps;
};

static int render_range(struct render *r, const struct template *t, size_t from, size_t to,
                        const struct frame *f);

/* The first segment is searched from the innermost context outwards; the
 * rest descend into what it found (no second outward search). */
static json_t *lookup(const struct frame *f, const struct tnode *nd)
{
	if (nd->nseg == 0)
		return f ? f->val : NULL;
	json_t *v = NULL;
	for (; f && !v; f = f->up)
		v = json_object_getn(f->val, nd->segs[0], nd->seglen[0]);
	for (size_t i = 1; v && i < nd->nseg; i++)
		v = json_object_getn(v, nd->segs[i], nd->seglen[i]);
	return v;
}

static bool truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_OBJECT: return true;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0.0;
	case JSON_TRUE: return true;
	default: return false;
	}
}

/* Appends text: HTML-escaped when escape is set; in an XML document
 * (xml) with only the characters XML allows too, whether escaped or raw,
 * so that no stored text can make the document unparseable. */
static void put_text(struct buf *out, const char *s, size_t len, bool escape, bool xml)
{
	if (xml)
		text_xml(s, len, escape, out);
	else if (escape)
		buf_html(out, s, len);
	else
		buf_append(out, s, len);
}

/* Appends n in decimal, as "%lld" writes it, without printf's parsing of
 * a format: pages write thousands of ids and counts. */
static void put_integer(struct buf *out, long long n)
{
	char digits[24];
	size_t i = sizeof digits;
	/* The magnitude as unsigned: -LLONG_MIN does not fit a long long. */
	unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
	do {
		digits[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		digits[--i] = '-';
	buf_append(out, digits + i, sizeof digits - i);
}

static void put_value(struct buf *out, const json_t *v, bool escape, bool xml)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		put_text(out, json_string_value(v), json_string_length(v), escape, xml);
		break;
	case JSON_INTEGER:
		put_integer(out, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		buf_printf(out, "%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
		buf_puts(out, "true");
		break;
	default:
		break;
	}
}

static bool step(struct render *r)
{
	return ++r->steps <= MAX_STEPS;
}

static int node_text(struct render *r, const struct template *t, size_t i,
                     const struct frame *f)
{
	(void)f;
	return buf_append(r->out, t->nodes[i].text, t->nodes[i].len);
}

/* A value through a filter: the env writes it (escaped here), or, with no
 * env's format or a value it does not take, the value as it is. */
static void put_filtered(struct render *r, const char *filter, const json_t *v)
{
	struct buf tmp;
	buf_init(&tmp, BUF_MAX_LINE);
	if (r->env && r->env->format && r->env->format(r->env->ctx, filter, v, &tmp) == 0)
		put_text(r->out, buf_str(&tmp), tmp.len, true, r->xml);
	else
		put_value(r->out, v, true, r->xml);
	buf_release(&tmp);
}

static int node_var(struct render *r, const struct template *t, size_t i,
                    const struct frame *f)
{
	const json_t *v = lookup(f, &t->nodes[i]);
	if (v && t->nodes[i].filter)
		put_filtered(r, t->nodes[i].filter, v);
	else if (v)
		put_value(r->out, v, t->nodes[i].kind == T_VAR, r->xml);
	return r->out->overflow ? -1 : 0;
}

/* The form for the number, each "{n}" in it replaced by the number written
 * through the "num" filter. A value that is not a number counts as 0. */
static int node_plural(struct render *r, const struct template *t, size_t i,
                       const struct frame *f)
{
	const struct tnode *nd = &t->nodes[i];
	const json_t *v = lookup(f, nd);
	json_t *zero = NULL;
	if (!json_is_number(v))
		v = zero = json_integer(0);
	long long n = json_is_integer(v) ? (long long)json_integer_value(v)
	                                 : (long long)json_real_value(v);
	const char *one = nd->own, *many = nd->own + nd->len + 1;
	const char *s = r->env && r->env->translate_n
	                    ? r->env->translate_n(r->env->ctx, one, many, n) : NULL;
	if (!s)
		s = n == 1 ? one : many;
	for (const char *ph; (ph = strstr(s, "{n}")); s = ph + 3) {
		put_text(r->out, s, (size_t)(ph - s), true, r->xml);
		put_filtered(r, "num", v);
	}
	put_text(r->out, s, strlen(s), true, r->xml);
	json_decref(zero);
	return r->out->overflow ? -1 : 0;
}

static int node_section(struct render *r, const struct template *t, size_t i,
                        const struct frame *f)
{
	const struct tnode *nd = &t->nodes[i];
	json_t *v = lookup(f, nd);
	if (!truthy(v))
		return 0;
	if (!json_is_array(v)) {
		struct frame in = {v, f};
		return step(r) ? render_range(r, t, i + 1, nd->end, &in) : -1;
	}
	size_t k;
	json_t *item;
	json_array_foreach(v, k, item) {
		struct frame in = {item, f};
		if (!step(r) || render_range(r, t, i + 1, nd->end, &in) < 0)
			return -1;
	}
	return 0;
}

static int node_inverted(struct render *r, const struct template *t, size_t i,
                         const struct frame *f)
{
	const struct tnode *nd = &t->nodes[i];
	if (truthy(lookup(f, nd)))
		return 0;
	return render_range(r, t, i + 1, nd->end, f);
}

static int node_partial(struct render *r, const struct template *t, size_t i,
                        const struct frame *f)
{
	const struct template *p = r->set->linked ? t->nodes[i].partial
	                                          : template_find(r->set, t->nodes[i].text);
	if (!p || r->partial_depth >= MAX_PARTIAL_DEPTH || !step(r))
		return -1;
	r->partial_depth++;
	int rc = render_range(r, p, 0, p->n, f);
	r->partial_depth--;
	return rc;
}

static int node_translate(struct render *r, const struct template *t, size_t i,
                          const struct frame *f)
{
	(void)f;
	const char *msgid = t->nodes[i].text;
	const char *s = r->env && r->env->translate ? r->env->translate(r->env->ctx, msgid) : NULL;
	if (!s)
		s = msgid;
	put_text(r->out, s, strlen(s), true, r->xml);
	return r->out->overflow ? -1 : 0;
}

/* Indexed by enum tkind. */
static int (*const node_render[])(struct render *, const struct template *, size_t,
                                  const struct frame *) = {
	[T_TEXT] = node_text,
	[T_VAR] = node_var,
	[T_RAW] = node_var,
	[T_SECTION] = node_section,
	[T_INVERTED] = node_inverted,
	[T_PARTIAL] = node_partial,
	[T_TRANSLATE] = node_translate,
	[T_PLURAL] = node_plural,
};

static int render_range(struct render *r, const struct template *t, size_t from, size_t to,
                        const struct frame *f)
{
	size_t i = from;
	while (i < to) {
		const struct tnode *nd = &t->nodes[i];
		if (node_render[nd->kind](r, t, i, f) < 0)
			return -1;
		bool section = nd->kind == T_SECTION || nd->kind == T_INVERTED;
		i = section ? nd->end : i + 1;
	}
	return 0;
}

int template_render(const struct template_set *set, const char *name, json_t *model,
                    json_t *extra, const struct template_env *env, struct buf *out)
{
	const struct template *t = template_find(set, name);
	if (!t)
		return -1;
	struct frame outer = {extra, NULL};
	struct frame inner = {model, extra ? &outer : NULL};
	const struct frame *top = model ? &inner : extra ? &outer : NULL;
	struct render r = {.set = set, .env = env, .out = out, .xml = t->xml};
	size_t start = out->len;
	size_t hint = atomic_load_explicit(&((struct template *)t)->size_hint, memory_order_relaxed);
	/* Reserved once, so the render does not realloc; never past the cap
	 * (buf_room would mark the buffer overflowed). */
	if (hint > out->cap - out->len && hint < out->max - out->len && buf_room(out, hint))
		buf_wrote(out, 0);
	if (render_range(&r, t, 0, t->n, top) < 0 || out->overflow)
		return -1;
	size_t made = out->len - start;
	if (made > SIZE_HINT_MAX)
		made = SIZE_HINT_MAX;
	if (made > hint)            /* a race keeps either size: both are hints */
		atomic_store_explicit(&((struct template *)t)->size_hint, made,
		                      memory_order_relaxed);
	return 0;
}
