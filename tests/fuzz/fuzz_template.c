/* fuzz_template.c — libFuzzer target: compiles the input as a template and renders it against a fixed model.
 * Built by `make fuzz`; replayed over its corpus by `make check` (replay.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every kind of value the engine treats differently (bad: characters an
 * XML document replaces), and names the fixed partials below use. */
static const char model_json[] =
	"{\"name\": \"<b>&'\\\"\", \"n\": 42, \"neg\": -7, \"r\": 0.5, \"t\": true,"
	" \"f\": false, \"z\": 0, \"e\": \"\", \"nul\": null, \"tags\": [\"a\", \"b\", \"\"],"
	" \"items\": [{\"name\": \"x\", \"id\": 1, \"tags\": []}, {\"name\": \"y\", \"id\": 2}],"
	" \"obj\": {\"a\": {\"b\": \"deep\", \"c_html\": \"<i>c</i>\"}},"
	" \"body_html\": \"<p>ok</p>\", \"bad\": \"\\uffff\\u0001\\ufffe<\","
	" \"children\": [{\"name\": \"c1\", \"children\": [{\"name\": \"c2\", \"children\": []}]}]}";
static const char extra_json[] = "{\"lang\": \"fr\", \"site\": {\"name\": \"Pacte\"}, \"n\": 1}";

static const struct {
	const char *name, *src;
} partials[] = {
	{"card", "<p>{{name}}</p>{{#tags}}<i>{{.}}</i>{{/tags}}\n"},
	{"tree", "{{name}}{{#children}}({{>tree}}){{/children}}"},
	{"layout/head", "<title>{{_ Home}} - {{site.name}}</title>\n"},
};

static const char *translate(void *ctx, const char *msgid)
{
	(void)ctx;
	return strcmp(msgid, "Home") == 0 ? "Accueil <fr>" : msgid;
}

static json_t *load(const char *text)
{
	json_t *v = json_loads(text, 0, NULL);
	if (!v)
		abort();
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *model, *extra;
	if (!model) {
		model = load(model_json);
		extra = load(extra_json);
	}
	struct template_set *set = template_set_new();
	char err[256];
	for (size_t i = 0; i < sizeof(partials) / sizeof(partials[0]); i++)
		if (template_add(set, partials[i].name, partials[i].src, strlen(partials[i].src), err,
		                 sizeof(err)) != 0)
			abort();
	/* the input under two names: "fuzz" to render, "self" so that
	 * {{>self}} recurses into it */
	if (template_add(set, "fuzz", (const char *)data, size, err, sizeof(err)) == 0 &&
	    template_add(set, "self", (const char *)data, size, err, sizeof(err)) == 0) {
		template_check(set, err, sizeof(err));
		struct template_env env = {translate, NULL};
		struct buf out;
		buf_init(&out, (size_t)1 << 20);
		int rc = template_render(set, "fuzz", model, extra, &env, &out);
		/* Partials by name, then by the pointers template_link set: the
		 * same answer, byte for byte. */
		template_link(set);
		struct buf linked;
		buf_init(&linked, (size_t)1 << 20);
		if (template_render(set, "fuzz", model, extra, &env, &linked) != rc ||
		    (rc == 0 && (linked.len != out.len ||
		                 memcmp(buf_str(&linked), buf_str(&out), out.len) != 0)))
			abort();
		buf_release(&linked);
		buf_reset(&out);
		template_render(set, "fuzz", NULL, NULL, NULL, &out);
		buf_release(&out);
	}
	template_set_free(set);
	return 0;
}
