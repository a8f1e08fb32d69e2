/* template.h — a small Mustache-style engine that escapes by default.
 *
 * Templates are compiled once at start-up from the embedded templates/
 * folder and rendered against a JSON model (jansson). Syntax:
 *
 *   {{name}}  {{a.b.c}}  {{.}}   value, HTML-escaped (& < > " ')
 *   {{#name}}…{{/name}}          section: once per array item, once for an
 *                                object or any other truthy value (the
 *                                value becomes the innermost context)
 *   {{^name}}…{{/name}}          inverted: when missing, false, null, 0,
 *                                "" or an empty array
 *   {{>name}}                    partial: templates/name.html, same context
 *   {{_ Some text}}              a UI string: the text is the msgid, looked
 *                                up in the locale's catalog, then escaped
 *   {{_n count|{n} item|{n} items}}
 *                                a UI string whose form follows the number
 *                                count (ngettext: singular and plural
 *                                msgids); each {n} becomes count|num
 *   {{name|num}} {{name|pct}} {{name|date}}
 *                                the value written for the reader's locale
 *                                by the env's format (a number, a
 *                                percentage, a YYYY-MM-DD date), escaped
 *   {{!comment}}
 *   {{{name_html}}}              raw output, only for keys whose name ends in
 *                                "_html" (set only by the Markdown renderer,
 *                                cmark in safe mode); anything else fails to
 *                                compile
 *
 * A template whose source opens with an XML declaration ("<?xml", as an
 * Atom feed, a DCAT catalogue or an SVG image does) is an XML document:
 * rendered from it, every value, raw or escaped, and every UI string
 * (its partials' included) carries only the characters XML 1.0 allows,
 * any other (C0 controls, U+FFFE, U+FFFF, bytes that are not UTF-8)
 * replaced by U+FFFD (text_xml): data stored before validation refused
 * them, or restored from a backup, can never make the document
 * unparseable. An HTML page keeps the text as it is.
 *
 * Names are looked up from the innermost context outwards. A missing name
 * renders as nothing. Numbers render in decimal, true as "true"; null,
 * false, objects and arrays render as nothing.
 *
 * A compiled set is safe to render from many threads: a render writes
 * nothing to it but a template's size hint (an atomic; the largest output
 * seen, so that the next render reserves its buffer once). */
#ifndef PACTE_TEMPLATE_H
#define PACTE_TEMPLATE_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"

struct template_set;

/* How {{_ msgid}} is translated: returns the translation or msgid itself.
 * translate_n picks the form of {{_n}} (NULL: English's rule); format
 * writes a filtered value into out and returns 0, or -1 to have the value
 * written as it is (NULL: every filter writes the value as it is).
 * template_i18n.h makes the env of a locale. */
struct template_env {
	const char *(*translate)(void *ctx, const char *msgid);
	void *ctx;
	const char *(*translate_n)(void *ctx, const char *singular, const char *plural, long long n);
	int (*format)(void *ctx, const char *filter, const json_t *v, struct buf *out);
};

struct template_set *template_set_new(void);
void template_set_free(struct template_set *set);

/* Compiles one template under `name` (e.g. "home"). Returns 0, or -1 with a
 * message "NAME:LINE: reason" in err. */
int template_add(struct template_set *set, const char *name, const char *src, size_t len,
                 char *err, size_t errlen);

/* Compiles every embedded templates/NAME.html. Returns 0, or -1 with err. */
int template_add_embedded(struct template_set *set, char *err, size_t errlen);

/* Resolves every {{>partial}} to its template, once the set is complete,
 * so that a render follows a pointer instead of searching by name. Any
 * later template_add undoes it (partials are then searched by name again
 * until the next template_link). template_add_embedded links the set. */
void template_link(struct template_set *set);

/* Checks that every partial named by a template exists. 0 or -1 with err. */
int template_check(const struct template_set *set, char *err, size_t errlen);

/* Renders template `name` against `model` (which may be NULL) with `extra`
 * as an outer context consulted after the model (may be NULL), appending to
 * out. Returns 0, or -1 if the template or a partial does not exist,
 * partials nest more than 32 deep, the render exceeds its work limit (a
 * runaway loop of sections) or out overflowed; out then holds partial
 * output the caller must discard. */
int template_render(const struct template_set *set, const char *name, json_t *model,
                    json_t *extra, const struct template_env *env, struct buf *out);

#endif
