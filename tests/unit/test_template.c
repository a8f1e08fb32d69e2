/* test_template.c — the template engine (template.h): compiling, escaping, lookup, errors. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "template.h"

/* Compiles src as "t", expecting success. */
static void add(struct template_set *set, const char *name, const char *src)
{
	char err[256] = "";
	int rc = template_add(set, name, src, strlen(src), err, sizeof(err));
	if (rc != 0)
		fail_msg("template_add(%s): %s", name, err);
}

static json_t *parse(const char *json)
{
	if (!json)
		return NULL;
	json_error_t jerr;
	json_t *v = json_loads(json, JSON_DECODE_ANY, &jerr);
	if (!v)
		fail_msg("bad test JSON: %s", jerr.text);
	return v;
}

/* Renders template `name` of set against model and extra (JSON texts or
 * NULL) and checks the output. */
static void check_set(const struct template_set *set, const char *name, const char *model,
                      const char *extra, const struct template_env *env, const char *want)
{
	json_t *m = parse(model), *x = parse(extra);
	struct buf out;
	buf_init(&out, BUF_MAX_PAGE);
	assert_int_equal(template_render(set, name, m, x, env, &out), 0);
	assert_string_equal(buf_str(&out), want);
	buf_release(&out);
	json_decref(m);
	json_decref(x);
}

/* One-template shortcut: compiles src and renders it against model. */
static void check(const char *src, const char *model, const char *want)
{
	struct template_set *set = template_set_new();
	add(set, "t", src);
	check_set(set, "t", model, NULL, NULL, want);
	template_set_free(set);
}

/* Expects src to fail to compile with exactly the message want. */
static void check_error(const char *src, const char *want)
{
	struct template_set *set = template_set_new();
	char err[256] = "";
	assert_int_equal(template_add(set, "page", src, strlen(src), err, sizeof(err)), -1);
	assert_string_equal(err, want);
	struct buf out;
	buf_init(&out, BUF_MAX_PAGE);
	assert_int_equal(template_render(set, "page", NULL, NULL, NULL, &out), -1);
	buf_release(&out);
	template_set_free(set);
}

static void test_plain_text(void **state)
{
	(void)state;
	check("", NULL, "");
	check("Hello, world.\n", NULL, "Hello, world.\n");
	check("a { b } {c} }} d", NULL, "a { b } {c} }} d");
}

static void test_escaping(void **state)
{
	(void)state;
	check("{{s}}", "{\"s\": \"<\"}", "&lt;");
	check("{{s}}", "{\"s\": \">\"}", "&gt;");
	check("{{s}}", "{\"s\": \"&\"}", "&amp;");
	check("{{s}}", "{\"s\": \"\\\"\"}", "&quot;");
	check("{{s}}", "{\"s\": \"'\"}", "&#39;");
	check("<a title=\"{{s}}\">{{s}}</a>", "{\"s\": \"<script>alert('x&y')</script>\"}",
	      "<a title=\"&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;\">"
	      "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;</a>");
	check("{{ s }}", "{\"s\": \"Côte d’Ivoire\"}", "Côte d’Ivoire");
}

static void test_missing_keys(void **state)
{
	(void)state;
	check("[{{nope}}]", "{}", "[]");
	check("[{{a.b.c}}]", "{\"a\": {\"b\": 1}}", "[]");
	check("[{{a}}]", NULL, "[]");
	check("[{{.}}]", NULL, "[]");
	check("[{{#a}}x{{/a}}]", NULL, "[]");
}

static void test_numbers_booleans(void **state)
{
	(void)state;
	check("{{i}} {{n}} {{big}}", "{\"i\": 42, \"n\": -7, \"big\": 9007199254740993}",
	      "42 -7 9007199254740993");
	check("{{r}} {{h}} {{t}} {{z}}", "{\"r\": 3.5, \"h\": 0.1, \"t\": 2.0, \"z\": 0}",
	      "3.5 0.1 2 0");
	check("[{{t}}][{{f}}][{{n}}][{{o}}][{{a}}]",
	      "{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"x\": 1}, \"a\": [1, 2]}",
	      "[true][][][][]");
	/* integers are written by hand, not by printf: the edges as "%lld" */
	check("{{a}}|{{b}}|{{c}}|{{d}}|{{e}}|{{f}}",
	      "{\"a\": 9223372036854775807, \"b\": -9223372036854775808, \"c\": -1,"
	      " \"d\": 10, \"e\": 100000, \"f\": -90}",
	      "9223372036854775807|-9223372036854775808|-1|10|100000|-90");
}

static void test_dotted_names(void **state)
{
	(void)state;
	check("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep");
	/* the first segment is found outwards, the rest inside it */
	check("{{#inner}}{{outer.name}}{{/inner}}",
	      "{\"outer\": {\"name\": \"O\"}, \"inner\": {\"x\": 1}}", "O");
	/* once the first segment is found, no second outward search */
	check("{{#inner}}[{{a.b}}]{{/inner}}",
	      "{\"a\": {\"b\": \"outer\"}, \"inner\": {\"a\": {\"c\": 1}}}", "[]");
	check("{{#a.b}}{{c}}{{/a.b}}", "{\"a\": {\"b\": {\"c\": \"in\"}}}", "in");
}

static void test_current_context(void **state)
{
	(void)state;
	check("{{#tags}}<li>{{.}}</li>{{/tags}}", "{\"tags\": [\"a\", \"<b>\", \"c\"]}",
	      "<li>a</li><li>&lt;b&gt;</li><li>c</li>");
	check("{{#n}}{{.}}{{/n}}|{{#s}}{{.}}{{/s}}", "{\"n\": [1, 2.5, true], \"s\": \"x\"}",
	      "12.5true|x");
}

static void test_nested_sections(void **state)
{
	(void)state;
	const char *model = "{\"title\": \"T\", \"groups\": ["
	                    "{\"name\": \"g1\", \"items\": [{\"id\": 1}, {\"id\": 2}]},"
	                    "{\"name\": \"g2\", \"items\": []},"
	                    "{\"name\": \"g3\", \"items\": [{\"id\": 3, \"title\": \"own\"}]}]}";
	check("{{#groups}}{{name}}:{{#items}}{{id}}{{title}},{{/items}}"
	      "{{^items}}none{{/items}};{{/groups}}",
	      model, "g1:1T,2T,;g2:none;g3:3own,;");
	/* an object section pushes the object once */
	check("{{#user}}{{name}} ({{role}}){{/user}}",
	      "{\"user\": {\"name\": \"Ana\", \"role\": \"reviewer\"}}", "Ana (reviewer)");
	/* an empty object is still a value */
	check("{{#o}}yes{{/o}}{{^o}}no{{/o}}", "{\"o\": {}}", "yes");
}

static void test_truthy_sections(void **state)
{
	(void)state;
	const char *model = "{\"t\": true, \"i\": 3, \"r\": 0.5, \"s\": \"str\"}";
	check("{{#t}}[{{.}}]{{/t}}{{#i}}[{{.}}]{{/i}}{{#r}}[{{.}}]{{/r}}{{#s}}[{{.}}]{{/s}}",
	      model, "[true][3][0.5][str]");
}

static void test_inverted_sections(void **state)
{
	(void)state;
	const char *model = "{\"f\": false, \"n\": null, \"z\": 0, \"zr\": 0.0, \"e\": \"\","
	                    " \"a\": [], \"t\": true, \"one\": 1, \"s\": \"x\", \"l\": [0],"
	                    " \"o\": {}}";
	const char *falsy[] = {"missing", "f", "n", "z", "zr", "e", "a"};
	const char *truthy[] = {"t", "one", "s", "l", "o"};
	char src[128];
	for (size_t i = 0; i < sizeof(falsy) / sizeof(falsy[0]); i++) {
		snprintf(src, sizeof(src), "{{^%s}}empty{{/%s}}{{#%s}}full{{/%s}}", falsy[i],
		         falsy[i], falsy[i], falsy[i]);
		check(src, model, "empty");
	}
	for (size_t i = 0; i < sizeof(truthy) / sizeof(truthy[0]); i++) {
		snprintf(src, sizeof(src), "{{^%s}}empty{{/%s}}", truthy[i], truthy[i]);
		check(src, model, "");
	}
}

static void test_comments(void **state)
{
	(void)state;
	check("a{{! a comment }}b", NULL, "ab");
	check("a{{! spans\nlines }}b", NULL, "ab");
}

static void test_standalone_lines(void **state)
{
	(void)state;
	check("<ul>\n"
	      "  {{#items}}\n"
	      "  <li>{{.}}</li>\n"
	      "  {{/items}}\n"
	      "</ul>\n",
	      "{\"items\": [\"a\", \"b\"]}", "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
	check("a\n{{! note }}\nb\n", NULL, "a\nb\n");
	check("a\r\n\t{{^x}}\r\nb\r\n{{/x}}\r\n", NULL, "a\r\nb\r\n");
	check("end\n{{#x}}{{/x}}", NULL, "end\n");
	/* not alone on its line: everything kept */
	check("a {{#t}}b{{/t}} c\n", "{\"t\": true}", "a b c\n");
	check("{{v}} {{#t}}\nx\n{{/t}}", "{\"v\": 1, \"t\": true}", "1 \nx\n");
	/* variables never stand alone */
	check("a\n  {{v}}  \nb", "{\"v\": 1}", "a\n  1  \nb");
}

static void test_raw_values(void **state)
{
	(void)state;
	check("{{{body_html}}}", "{\"body_html\": \"<p>Hi &amp; bye</p>\"}",
	      "<p>Hi &amp; bye</p>");
	check("{{#p}}{{{p.summary_html}}}{{/p}}", "{\"p\": {\"summary_html\": \"<em>x</em>\"}}",
	      "<em>x</em>");
	check_error("x\n{{{body}}}", "page:2: raw output is only allowed for *_html values");
	check_error("{{{html.body}}}", "page:1: raw output is only allowed for *_html values");
	check_error("{{{.}}}", "page:1: raw output is only allowed for *_html values");
	check_error("{{&body_html}}", "page:1: unknown tag type '&'");
}

static void test_compile_errors(void **state)
{
	(void)state;
	check_error("a\n{{#items}}\nb\n", "page:2: unclosed section 'items'");
	check_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}",
	            "page:3: {{/a}} does not close 'b' opened on line 2");
	check_error("x\n\ny {{/a}}", "page:3: {{/a}} closes no open section");
	check_error("line 1\nline {{name", "page:2: unterminated tag");
	check_error("{{{a_html}}", "page:1: unterminated tag");
	check_error("{{=<% %>=}}", "page:1: unknown tag type '='");
	check_error("{{}}", "page:1: empty tag");
	check_error("{{a..b}}", "page:1: bad name 'a..b'");
	check_error("{{a b}}", "page:1: bad name 'a b'");
	check_error("{{#}}{{/}}", "page:1: bad name ''");
	check_error("{{> ../etc}}", "page:1: bad partial name '../etc'");
	check_error("{{_ }}", "page:1: empty msgid in {{_ }}");
	check_error("{{! a\ncomment }}\n\n{{x", "page:4: unterminated tag");

	/* errors go nowhere when err is NULL, without crashing */
	struct template_set *set = template_set_new();
	assert_int_equal(template_add(set, "x", "{{#a}}", 6, NULL, 0), -1);
	char small[8];
	assert_int_equal(template_add(set, "long-template-name", "{{#a}}", 6, small,
	                              sizeof(small)), -1);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	template_set_free(set);
}

static void test_nesting_limit(void **state)
{
	(void)state;
	struct buf src;
	buf_init(&src, BUF_MAX_PAGE);
	for (int i = 0; i < 33; i++)
		buf_puts(&src, "{{#a}}");
	struct template_set *set = template_set_new();
	char err[128];
	assert_int_equal(template_add(set, "deep", src.data, src.len, err, sizeof(err)), -1);
	assert_string_equal(err, "deep:1: sections nested more than 32 deep");
	template_set_free(set);
	buf_release(&src);
}

static const char *fake_translate(void *ctx, const char *msgid)
{
	(void)ctx;
	static const char *const table[][2] = {
		{"Search", "Rechercher"},
		{"Terms & conditions", "Conditions <générales>"},
		{"Nothing", NULL},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i][0], msgid) == 0)
			return table[i][1];
	return msgid;
}

static void test_translation(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "t", "<button>{{_ Search}}</button>|{{_   Terms & conditions  }}|"
	              "{{_ Untranslated <x>}}|{{_ Nothing}}");
	struct template_env env = {fake_translate, NULL};
	check_set(set, "t", NULL, NULL, &env,
	          "<button>Rechercher</button>|Conditions &lt;générales&gt;|"
	          "Untranslated &lt;x&gt;|Nothing");
	/* no env: the msgid itself, still escaped */
	check_set(set, "t", NULL, NULL, NULL,
	          "<button>Search</button>|Terms &amp; conditions|Untranslated &lt;x&gt;|Nothing");
	template_set_free(set);
	/* "_name" is a variable, not a msgid */
	check("{{_name}}", "{\"_name\": \"v\"}", "v");
}

static void test_partials(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "page", "<main>\n  {{>item/card}}\n</main>\n{{#list}}{{>item/card}}{{/list}}");
	add(set, "item/card", "<p>{{name}} of {{site}}</p>\n");
	assert_int_equal(template_check(set, NULL, 0), 0);
	check_set(set, "page", "{\"name\": \"top\", \"list\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}",
	          "{\"site\": \"Pacte\"}", NULL,
	          "<main>\n<p>top of Pacte</p>\n</main>\n"
	          "<p>a of Pacte</p>\n<p>b of Pacte</p>\n");
	template_set_free(set);
}

static void test_partial_recursion(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	/* recursion that the data ends is fine (leaves need their own empty
	 * "children", or the lookup finds the parent's) */
	add(set, "tree", "{{name}}{{#children}}({{>tree}}){{/children}}");
	check_set(set, "tree",
	          "{\"name\": \"r\", \"children\": [{\"name\": \"a\", \"children\": "
	          "[{\"name\": \"b\", \"children\": []}]}, {\"name\": \"c\", "
	          "\"children\": null}]}",
	          NULL, NULL, "r(a(b))(c)");
	/* endless recursion hits the depth limit and fails */
	add(set, "loop", "x{{>loop}}");
	add(set, "ping", "{{>pong}}");
	add(set, "pong", "{{>ping}}");
	assert_int_equal(template_check(set, NULL, 0), 0);
	const char *names[] = {"loop", "ping"};
	for (size_t i = 0; i < 2; i++) {
		struct buf out;
		buf_init(&out, BUF_MAX_PAGE);
		assert_int_equal(template_render(set, names[i], NULL, NULL, NULL, &out), -1);
		buf_release(&out);
	}
	template_set_free(set);
}

static void test_check_missing_partial(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "home", "a\n\n{{>footer}}\n");
	char err[128];
	assert_int_equal(template_check(set, err, sizeof(err)), -1);
	assert_string_equal(err, "home:3: no template 'footer' for the partial");
	/* rendering it fails too rather than silently dropping the partial */
	struct buf out;
	buf_init(&out, BUF_MAX_PAGE);
	assert_int_equal(template_render(set, "home", NULL, NULL, NULL, &out), -1);
	buf_release(&out);
	add(set, "footer", "f");
	assert_int_equal(template_check(set, err, sizeof(err)), 0);
	check_set(set, "home", NULL, NULL, NULL, "a\n\nf");
	template_set_free(set);
}

static void test_extra_context(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "t", "{{lang}} {{title}} {{#items}}[{{lang}}{{site.name}}]{{/items}}");
	/* the model wins over extra; extra fills what the model lacks, at any depth */
	check_set(set, "t", "{\"title\": \"Model\", \"items\": [1, 2]}",
	          "{\"lang\": \"fr\", \"title\": \"Extra\", \"site\": {\"name\": \"P\"}}", NULL,
	          "fr Model [frP][frP]");
	check_set(set, "t", "{\"lang\": \"en\", \"items\": [{\"lang\": \"ar\"}]}",
	          "{\"lang\": \"fr\"}", NULL, "en  [ar]");
	/* a NULL model leaves extra as the only context */
	check_set(set, "t", NULL, "{\"title\": \"X\"}", NULL, " X ");
	template_set_free(set);
}

static void test_replace_and_unknown(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "b", "old");
	add(set, "a", "A");
	add(set, "c", "C");
	add(set, "b", "new");
	check_set(set, "b", NULL, NULL, NULL, "new");
	check_set(set, "a", NULL, NULL, NULL, "A");
	check_set(set, "c", NULL, NULL, NULL, "C");
	/* a failed compile leaves the old template in place */
	assert_int_equal(template_add(set, "b", "{{#x}}", 6, NULL, 0), -1);
	check_set(set, "b", NULL, NULL, NULL, "new");
	struct buf out;
	buf_init(&out, BUF_MAX_PAGE);
	assert_int_equal(template_render(set, "nope", NULL, NULL, NULL, &out), -1);
	buf_release(&out);
	template_set_free(set);
	template_set_free(NULL);
}

/* template_link resolves partials to pointers; adding a template after it
 * (which may free the one a pointer names) falls back to the name until
 * the set is linked again. */
static void test_linked_partials(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "page", "[{{>part}}]{{#l}}({{>part}}){{/l}}");
	add(set, "part", "old {{x}}");
	template_link(set);
	const char *model = "{\"x\": 1, \"l\": [{\"x\": 2}, {\"x\": 3}]}";
	check_set(set, "page", model, NULL, NULL, "[old 1](old 2)(old 3)");
	add(set, "part", "new {{x}}");
	check_set(set, "page", model, NULL, NULL, "[new 1](new 2)(new 3)");
	template_link(set);
	check_set(set, "page", model, NULL, NULL, "[new 1](new 2)(new 3)");
	/* a partial missing when linked, added later */
	add(set, "outer", "<{{>later}}>");
	template_link(set);
	struct buf out;
	buf_init(&out, BUF_MAX_PAGE);
	assert_int_equal(template_render(set, "outer", NULL, NULL, NULL, &out), -1);
	buf_release(&out);
	add(set, "later", "L");
	check_set(set, "outer", NULL, NULL, NULL, "<L>");
	template_set_free(set);
}

/* Renders reserve what the template once made: the output is the same
 * whatever the hint, appended after what the buffer already held. */
static void test_size_hint(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "t", "{{#l}}{{.}},{{/l}}");
	const char *big = "{\"l\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}";
	check_set(set, "t", big, NULL, NULL,
	          "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,");
	check_set(set, "t", "{\"l\": [7]}", NULL, NULL, "7,");
	struct buf out;
	buf_init(&out, 64);
	buf_puts(&out, "head:");
	json_t *m = parse("{\"l\": [1, 2]}");
	assert_int_equal(template_render(set, "t", m, NULL, NULL, &out), 0);
	assert_string_equal(buf_str(&out), "head:1,2,");
	/* the hint (51 bytes) would pass the cap from here: it is not
	 * reserved, and the render itself still fits */
	buf_puts(&out, "0123456789012345678901234567890123456789");
	assert_int_equal(template_render(set, "t", m, NULL, NULL, &out), 0);
	assert_int_equal(out.len, 9 + 40 + 4);
	json_decref(m);
	buf_release(&out);
	template_set_free(set);
}

static void test_overflow(void **state)
{
	(void)state;
	struct template_set *set = template_set_new();
	add(set, "t", "{{#items}}{{.}}{{/items}}");
	json_t *m = json_pack("{s:[s,s,s]}", "items", "0123456789", "0123456789", "0123456789");
	struct buf out;
	buf_init(&out, 25);
	assert_int_equal(template_render(set, "t", m, NULL, NULL, &out), -1);
	assert_true(out.overflow);
	buf_release(&out);
	json_decref(m);
	template_set_free(set);
}

static void test_work_limit(void **state)
{
	(void)state;
	/* 8 nested sections over 16 items: 16^8 iterations that print nothing */
	struct template_set *set = template_set_new();
	add(set, "t", "{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}"
	              "{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}");
	json_t *a = json_array();
	for (int i = 0; i < 16; i++)
		json_array_append_new(a, json_integer(i));
	json_t *m = json_pack("{s:o}", "a", a);
	struct buf out;
	buf_init(&out, BUF_MAX_PAGE);
	assert_int_equal(template_render(set, "t", m, NULL, NULL, &out), -1);
	buf_release(&out);
	json_decref(m);
	template_set_free(set);
}

/* Renders template name of set against model (a jansson value, kept). */
static char *render(const struct template_set *set, const char *name, json_t *model)
{
	struct buf out;
	buf_init(&out, BUF_MAX_PAGE);
	assert_int_equal(template_render(set, name, model, NULL, NULL, &out), 0);
	return buf_detach(&out, NULL);
}

#define FFFD "\xEF\xBF\xBD"

static void test_xml_documents(void **state)
{
	(void)state;
	/* A template opening with an XML declaration is an XML document:
	 * escaped values, raw ones, UI strings and its partials carry only
	 * what XML 1.0 allows; an HTML page keeps the text as it is. */
	struct template_set *set = template_set_new();
	add(set, "feed", "<?xml version=\"1.0\"?>\n<t a=\"{{a}}\">{{b}}|{{{c_html}}}|{{d}}|"
	                 "{{_ Bad\x01 msgid}}|{{>part}}</t>");
	add(set, "part", "{{b}}");
	add(set, "page", "<p>{{b}}</p>{{>part}}");
	json_t *m = json_pack("{s:s, s:s, s:s}", "a", "x\x01\"y",
	                      "b", "1 < 2 \xEF\xBF\xBF\xEF\xBF\xBE\x08\x1F \t\r\n \xF0\x9F\x98\x80 ok",
	                      "c_html", "<i>\x0C & \xEF\xBF\xBF</i>");
	/* what jansson refuses, but a database may hold: a lone surrogate, a stray byte */
	json_object_set_new(m, "d", json_stringn_nocheck("\xED\xA0\x80-\xFF", 5));
	char *xml = render(set, "feed", m);
	const char *b_xml = "1 &lt; 2 " FFFD FFFD FFFD FFFD " \t\r\n \xF0\x9F\x98\x80 ok";
	char want[512];
	snprintf(want, sizeof want,
	         "<?xml version=\"1.0\"?>\n<t a=\"x" FFFD "&quot;y\">%s|<i>" FFFD " & " FFFD "</i>|"
	         FFFD FFFD FFFD "-" FFFD "|Bad" FFFD " msgid|%s</t>", b_xml, b_xml);
	assert_string_equal(xml, want);
	free(xml);
	char *html = render(set, "page", m);
	assert_string_equal(html, "<p>1 &lt; 2 \xEF\xBF\xBF\xEF\xBF\xBE\x08\x1F \t\r\n \xF0\x9F\x98\x80 ok</p>"
	                          "1 &lt; 2 \xEF\xBF\xBF\xEF\xBF\xBE\x08\x1F \t\r\n \xF0\x9F\x98\x80 ok");
	free(html);
	/* the declaration must open the document */
	add(set, "late", " <?xml version=\"1.0\"?>{{d}}");
	html = render(set, "late", m);
	assert_string_equal(html, " <?xml version=\"1.0\"?>\xED\xA0\x80-\xFF");
	free(html);
	json_decref(m);
	template_set_free(set);
}

static void test_embedded_templates(void **state)
{
	(void)state;
	/* every template shipped in the binary compiles and its partials exist */
	struct template_set *set = template_set_new();
	char err[256] = "";
	if (template_add_embedded(set, err, sizeof(err)) != 0 ||
	    template_check(set, err, sizeof(err)) != 0)
		fail_msg("embedded templates: %s", err);
	template_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_missing_keys),
		cmocka_unit_test(test_numbers_booleans),
		cmocka_unit_test(test_dotted_names),
		cmocka_unit_test(test_current_context),
		cmocka_unit_test(test_nested_sections),
		cmocka_unit_test(test_truthy_sections),
		cmocka_unit_test(test_inverted_sections),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_standalone_lines),
		cmocka_unit_test(test_raw_values),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_translation),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_partial_recursion),
		cmocka_unit_test(test_check_missing_partial),
		cmocka_unit_test(test_extra_context),
		cmocka_unit_test(test_replace_and_unknown),
		cmocka_unit_test(test_linked_partials),
		cmocka_unit_test(test_size_hint),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_xml_documents),
		cmocka_unit_test(test_work_limit),
		cmocka_unit_test(test_embedded_templates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
