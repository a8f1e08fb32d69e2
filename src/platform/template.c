/* template.c — compiles Mustache-style templates once, to be rendered against JSON models
 * (template_render.c).
 *
 * Each template is compiled to a flat array of nodes (text, variable, raw
 * variable, section, inverted section, partial, translated literal). A
 * section's body is the run of nodes that follows it, up to its `end`
 * index, so rendering is a walk over the array with no parsing and no
 * allocation: the context stack is a chain of frames on the C stack.
 *
 * Text nodes point into the template's own copy of its source. Names are
 * split on '.' at compile time, each segment with its length, so a lookup
 * is one hash of the segment in jansson (json_object_getn: no strlen).
 * Partials are resolved to their template once the set is complete
 * (template_link, which template_add_embedded runs): a render then follows
 * a pointer; in a set not linked (or changed since) a partial is looked up
 * by name in the sorted array of templates. Integers are written without
 * printf. Rendering writes nothing to the set but each template's size
 * hint (an atomic: the largest output seen, so that the next render of it
 * reserves its buffer once instead of doubling it from 256 bytes), so one
 * set serves every thread. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "template_impl.h"
#include "util.h"

/* The filters a value may go through ({{name|num}}); the env formats. */
static const char *const filters[] = {"num", "pct", "date"};

/* ---- the set ---- */

static void template_free(struct template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		struct tnode *nd = &t->nodes[i];
		for (size_t s = 0; s < nd->nseg; s++)
			free(nd->segs[s]);
		free(nd->segs);
		free(nd->seglen);
		free(nd->own);
	}
	free(t->nodes);
	free(t->src);
	free(t->name);
	free(t);
}

struct template_set *template_set_new(void)
{
	return xcalloc(1, sizeof(struct template_set));
}

void template_set_free(struct template_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		template_free(set->tpls[i]);
	free(set->tpls);
	free(set);
}

/* Index of the first template whose name is >= name. */
static size_t set_lower_bound(const struct template_set *set, const char *name)
{
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(set->tpls[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct template *template_find(const struct template_set *set, const char *name)
{
	size_t i = set_lower_bound(set, name);
	if (i < set->n && strcmp(set->tpls[i]->name, name) == 0)
		return set->tpls[i];
	return NULL;
}

/* Adds t, replacing a template of the same name. */
static void set_insert(struct template_set *set, struct template *t)
{
	size_t i = set_lower_bound(set, t->name);
	if (i < set->n && strcmp(set->tpls[i]->name, t->name) == 0) {
		template_free(set->tpls[i]);
		set->tpls[i] = t;
		return;
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 32;
		set->tpls = xrealloc(set->tpls, set->cap * sizeof(*set->tpls));
	}
	memmove(set->tpls + i + 1, set->tpls + i, (set->n - i) * sizeof(*set->tpls));
	set->tpls[i] = t;
	set->n++;
}

/* ---- compiling ---- */

struct parser {
	struct template *tpl;
	const char *src;        /* tpl->src */
	size_t len;
	size_t text_start;      /* start of the text not yet emitted */
	size_t lpos;            /* line counting has reached here ... */
	int line;               /* ... which is on this line */
	size_t open[MAX_NEST];  /* node indices of the open sections */
	size_t depth;
	char *err;
	size_t errlen;
};

struct tag {
	size_t start, end;      /* the whole tag, braces included */
	char sigil;             /* '#' '^' '/' '>' '!' '_' '{', or 0 for a name */
	const char *body;       /* after the sigil, trimmed */
	size_t blen;
	int line;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *p, int line, const char *fmt, ...)
{
	if (!p->err || !p->errlen)
		return -1;
	int n = snprintf(p->err, p->errlen, "%s:%d: ", p->tpl->name, line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The line of byte pos; positions only move forward. */
static int line_at(struct parser *p, size_t pos)
{
	for (; p->lpos < pos; p->lpos++)
		if (p->src[p->lpos] == '\n')
			p->line++;
	return p->line;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static struct tnode *new_node(struct parser *p, enum tkind kind, int line)
{
	struct template *t = p->tpl;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->nodes = xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
	}
	struct tnode *nd = &t->nodes[t->n++];
	*nd = (struct tnode){.kind = kind, .line = line};
	return nd;
}

/* Sigils that open a tag, beside plain names; '_' (a msgid) needs a space
 * after it, since "_x" is also a valid name. */
static const char sigils[] = "#^/>!";

/* Reads the tag opening at `start` ("{{"). */
static int scan_tag(struct parser *p, size_t start, struct tag *t)
{
	const char *s = p->src;
	bool triple = start + 2 < p->len && s[start + 2] == '{';
	const char *close = triple ? "}}}" : "}}";
	size_t open_len = triple ? 3 : 2, close_len = triple ? 3 : 2;

	t->start = start;
	t->line = line_at(p, start);
	const char *c = memmem(s + start + open_len, p->len - start - open_len, close, close_len);
	if (!c)
		return fail(p, t->line, "unterminated tag");
	t->end = (size_t)(c - s) + close_len;
	t->body = s + start + open_len;
	t->blen = (size_t)(c - t->body);
	trim(&t->body, &t->blen);
	if (triple) {
		t->sigil = '{';
		return 0;
	}
	if (!t->blen)
		return fail(p, t->line, "empty tag");
	char first = t->body[0];
	if (first == '_' && (t->blen == 1 || is_space(t->body[1])))
		t->sigil = '_';
	else if (first == '_' && t->blen > 2 && t->body[1] == 'n' && is_space(t->body[2])) {
		t->sigil = 'n'; /* {{_n count|singular|plural}} */
		t->body++;
		t->blen--;
	}
	else if (strchr(sigils, first))
		t->sigil = first;
	else if (is_name_char(first) || first == '.')
		t->sigil = 0;
	else
		return fail(p, t->line, "unknown tag type '%c'", first);
	if (t->sigil) {
		t->body++;
		t->blen--;
		trim(&t->body, &t->blen);
	}
	return 0;
}

/* Splits a dotted name into nd->segs; "." alone is the current context. */
static int parse_name(struct parser *p, const struct tag *t, struct tnode *nd)
{
	const char *s = t->body;
	size_t len = t->blen;
	if (len == 1 && s[0] == '.')
		return 0;
	nd->segs = xcalloc(MAX_SEGS, sizeof(char *));
	nd->seglen = xcalloc(MAX_SEGS, sizeof(size_t));
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && is_name_char(s[j]))
			j++;
		bool at_dot_or_end = j == len || s[j] == '.';
		if (j == i || !at_dot_or_end || nd->nseg == MAX_SEGS)
			return fail(p, t->line, "bad name '%.*s'", (int)(len > 80 ? 80 : len), s);
		nd->seglen[nd->nseg] = j - i;
		nd->segs[nd->nseg++] = xstrndup(s + i, j - i);
		i = j + 1;
	}
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static int tag_comment(struct parser *p, const struct tag *t)
{
	(void)p;
	(void)t;
	return 0;
}

/* {{name|filter}}: the name, then one of filters[]. */
static int tag_var(struct parser *p, const struct tag *t)
{
	struct tnode *nd = new_node(p, T_VAR, t->line);
	const char *bar = memchr(t->body, '|', t->blen);
	if (!bar)
		return parse_name(p, t, nd);
	size_t flen = t->blen - (size_t)(bar - t->body) - 1;
	for (size_t i = 0; i < ARRAY_LEN(filters) && !nd->filter; i++)
		if (strlen(filters[i]) == flen && memcmp(bar + 1, filters[i], flen) == 0)
			nd->filter = filters[i];
	if (!nd->filter)
		return fail(p, t->line, "unknown filter '%.*s'", (int)(flen > 80 ? 80 : flen), bar + 1);
	struct tag name = *t;
	name.blen = (size_t)(bar - t->body);
	trim(&name.body, &name.blen);
	return parse_name(p, &name, nd);
}

/* {{_n count|singular|plural}}: a message whose form follows a number. */
static int tag_plural(struct parser *p, const struct tag *t)
{
	const char *s = t->body, *end = t->body + t->blen;
	const char *bar1 = memchr(s, '|', t->blen);
	const char *bar2 = bar1 ? memchr(bar1 + 1, '|', (size_t)(end - bar1 - 1)) : NULL;
	if (!bar2 || memchr(bar2 + 1, '|', (size_t)(end - bar2 - 1)))
		return fail(p, t->line, "{{_n}} needs a name, a singular and a plural: {{_n n|one|many}}");
	struct tnode *nd = new_node(p, T_PLURAL, t->line);
	struct tag name = *t;
	name.blen = (size_t)(bar1 - s);
	trim(&name.body, &name.blen);
	if (parse_name(p, &name, nd) < 0)
		return -1;
	const char *one = bar1 + 1, *many = bar2 + 1;
	size_t olen = (size_t)(bar2 - one), mlen = (size_t)(end - many);
	trim(&one, &olen);
	trim(&many, &mlen);
	if (!olen || !mlen)
		return fail(p, t->line, "empty msgid in {{_n}}");
	nd->own = xmalloc(olen + mlen + 2);
	memcpy(nd->own, one, olen);
	nd->own[olen] = '\0';
	memcpy(nd->own + olen + 1, many, mlen);
	nd->own[olen + 1 + mlen] = '\0';
	nd->text = nd->own;
	nd->len = olen;
	return 0;
}

static int tag_raw(struct parser *p, const struct tag *t)
{
	struct tnode *nd = new_node(p, T_RAW, t->line);
	if (parse_name(p, t, nd) < 0)
		return -1;
	if (nd->nseg == 0 || !ends_with(nd->segs[nd->nseg - 1], "_html"))
		return fail(p, t->line, "raw output is only allowed for *_html values");
	return 0;
}

static int tag_open(struct parser *p, const struct tag *t)
{
	if (p->depth == MAX_NEST)
		return fail(p, t->line, "sections nested more than %d deep", MAX_NEST);
	struct tnode *nd = new_node(p, t->sigil == '#' ? T_SECTION : T_INVERTED, t->line);
	nd->text = t->body;
	nd->len = t->blen;
	p->open[p->depth++] = p->tpl->n - 1;
	return parse_name(p, t, nd);
}

static int tag_close(struct parser *p, const struct tag *t)
{
	int n = (int)(t->blen > 80 ? 80 : t->blen);
	if (!p->depth)
		return fail(p, t->line, "{{/%.*s}} closes no open section", n, t->body);
	struct tnode *open = &p->tpl->nodes[p->open[p->depth - 1]];
	if (open->len != t->blen || memcmp(open->text, t->body, t->blen) != 0)
		return fail(p, t->line, "{{/%.*s}} does not close '%.*s' opened on line %d", n,
		            t->body, (int)open->len, open->text, open->line);
	open->end = p->tpl->n;
	p->depth--;
	return 0;
}

static int tag_partial(struct parser *p, const struct tag *t)
{
	bool ok = t->blen > 0;
	for (size_t i = 0; ok && i < t->blen; i++)
		ok = is_name_char(t->body[i]) || t->body[i] == '/';
	if (!ok)
		return fail(p, t->line, "bad partial name '%.*s'",
		            (int)(t->blen > 80 ? 80 : t->blen), t->body);
	struct tnode *nd = new_node(p, T_PARTIAL, t->line);
	nd->own = xstrndup(t->body, t->blen);
	nd->text = nd->own;
	nd->len = t->blen;
	return 0;
}

static int tag_translate(struct parser *p, const struct tag *t)
{
	if (!t->blen)
		return fail(p, t->line, "empty msgid in {{_ }}");
	struct tnode *nd = new_node(p, T_TRANSLATE, t->line);
	nd->own = xstrndup(t->body, t->blen);
	nd->text = nd->own;
	nd->len = t->blen;
	return 0;
}

/* What each sigil compiles to; `standalone` tags on a line of their own
 * take the line with them, as in Mustache, so they leave no blank line. */
static const struct {
	char sigil;
	bool standalone;
	int (*compile)(struct parser *p, const struct tag *t);
} tag_kinds[] = {
	{0, false, tag_var},
	{'{', false, tag_raw},
	{'_', false, tag_translate},
	{'n', false, tag_plural},
	{'#', true, tag_open},
	{'^', true, tag_open},
	{'/', true, tag_close},
	{'>', true, tag_partial},
	{'!', true, tag_comment},
};

/* If t stands alone on its line, sets *line_start and *next (the byte after
 * the line's newline) and returns true. */
static bool standalone(const struct parser *p, const struct tag *t, size_t *line_start,
                       size_t *next)
{
	const char *s = p->src;
	size_t a = t->start, b = t->end;
	while (a > p->text_start && (s[a - 1] == ' ' || s[a - 1] == '\t'))
		a--;
	if (a > 0 && s[a - 1] != '\n')
		return false;
	while (b < p->len && (s[b] == ' ' || s[b] == '\t'))
		b++;
	if (b + 1 < p->len && s[b] == '\r' && s[b + 1] == '\n')
		b += 2;
	else if (b < p->len && s[b] == '\n')
		b++;
	else if (b != p->len)
		return false;
	*line_start = a;
	*next = b;
	return true;
}

static void emit_text(struct parser *p, size_t from, size_t to)
{
	if (to <= from)
		return;
	struct tnode *nd = new_node(p, T_TEXT, 0);
	nd->text = p->src + from;
	nd->len = to - from;
}

static int compile_tag(struct parser *p, size_t start, size_t *next)
{
	struct tag t;
	if (scan_tag(p, start, &t) < 0)
		return -1;
	size_t k = 0;
	while (tag_kinds[k].sigil != t.sigil) /* scan_tag yields only these */
		k++;
	size_t text_end = t.start;
	*next = t.end;
	if (tag_kinds[k].standalone && !standalone(p, &t, &text_end, next)) {
		text_end = t.start; /* not alone on its line: keep the line as is */
		*next = t.end;
	}
	emit_text(p, p->text_start, text_end);
	if (tag_kinds[k].compile(p, &t) < 0)
		return -1;
	line_at(p, t.end);
	return 0;
}

static int compile(struct parser *p)
{
	size_t pos = 0;
	const char *open;
	while ((open = memmem(p->src + pos, p->len - pos, "{{", 2))) {
		if (compile_tag(p, (size_t)(open - p->src), &pos) < 0)
			return -1;
		p->text_start = pos;
	}
	emit_text(p, p->text_start, p->len);
	if (p->depth) {
		const struct tnode *nd = &p->tpl->nodes[p->open[p->depth - 1]];
		return fail(p, nd->line, "unclosed section '%.*s'", (int)nd->len, nd->text);
	}
	return 0;
}

int template_add(struct template_set *set, const char *name, const char *src, size_t len,
                 char *err, size_t errlen)
{
	struct template *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->src = xstrndup(src, len);
	t->xml = len >= 5 && memcmp(src, "<?xml", 5) == 0;
	struct parser p = {
		.tpl = t, .src = t->src, .len = len, .line = 1, .err = err, .errlen = errlen,
	};
	if (compile(&p) < 0) {
		template_free(t);
		return -1;
	}
	set_insert(set, t); /* may free a template another one's partial points to */
	set->linked = false;
	return 0;
}

void template_link(struct template_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct template *t = set->tpls[i];
		for (size_t j = 0; j < t->n; j++)
			if (t->nodes[j].kind == T_PARTIAL)
				t->nodes[j].partial = template_find(set, t->nodes[j].text);
	}
	set->linked = true;
}

int template_check(const struct template_set *set, char *err, size_t errlen)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct template *t = set->tpls[i];
		for (size_t j = 0; j < t->n; j++) {
			const struct tnode *nd = &t->nodes[j];
			if (nd->kind != T_PARTIAL || template_find(set, nd->text))
				continue;
			if (err && errlen)
				snprintf(err, errlen, "%s:%d: no template '%s' for the partial",
				         t->name, nd->line, nd->text);
			return -1;
		}
	}
	return 0;
}
