/* test_l10n.c — plural forms (the CLDR rules of data/locales.json, the
 * catalogs' msgstr[N] read by tr_n), numbers, percentages and dates written
 * for each locale, and the template env that applies them. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "i18n.h"
#include "l10n.h"
#include "template.h"
#include "template_i18n.h"
#include "validate.h"

static char err[256];

static int load(const char *lang, const char *text)
{
	err[0] = '\0';
	return i18n_load_text(lang, text, strlen(text), err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	i18n_free();
	return 0;
}

#define HEADER(lang, plural) \
	"msgid \"\"\nmsgstr \"\"\n\"Language: " lang "\\n\"\n" \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n" \
	"\"Plural-Forms: " plural "\\n\"\n\n"

static void test_plural_rules(void **state)
{
	(void)state;
	assert_int_equal(l10n_load(err, sizeof(err)), 0);
	assert_int_equal(l10n_nplurals("en"), 2);
	assert_int_equal(l10n_nplurals("ar"), 6);
	assert_int_equal(l10n_nplurals("ru"), 3);
	assert_int_equal(l10n_nplurals("zh"), 1);
	assert_int_equal(l10n_nplurals("tlh"), 0);
	/* English and Spanish: one for 1 only; French: for 0 and 1. */
	assert_int_equal(l10n_plural("en", 0), 1);
	assert_int_equal(l10n_plural("en", 1), 0);
	assert_int_equal(l10n_plural("es", 1), 0);
	assert_int_equal(l10n_plural("es", 2), 1);
	assert_int_equal(l10n_plural("fr", 0), 0);
	assert_int_equal(l10n_plural("fr-CA", 1), 0);
	assert_int_equal(l10n_plural("fr", 2), 1);
	/* Russian: one (1, 21, 101 but not 11), few (2-4, 22 but not 12-14),
	 * many (the rest). */
	static const struct { long long n; int form; } ru[] = {
		{1, 0}, {21, 0}, {101, 0}, {11, 2}, {2, 1}, {4, 1}, {22, 1}, {12, 2},
		{14, 2}, {0, 2}, {5, 2}, {111, 2}, {1000, 2}, {-1, 0},
	};
	for (size_t i = 0; i < sizeof(ru) / sizeof(ru[0]); i++)
		assert_int_equal(l10n_plural("ru", ru[i].n), ru[i].form);
	/* Arabic: zero, one, two, few (3-10 mod 100), many (11-99), other. */
	static const struct { long long n; int form; } ar[] = {
		{0, 0}, {1, 1}, {2, 2}, {3, 3}, {10, 3}, {103, 3}, {11, 4}, {99, 4}, {111, 4},
		{100, 5}, {101, 5}, {102, 5}, {1000, 5},
	};
	for (size_t i = 0; i < sizeof(ar) / sizeof(ar[0]); i++)
		assert_int_equal(l10n_plural("ar", ar[i].n), ar[i].form);
	assert_int_equal(l10n_plural("zh", 1), 0);
	assert_int_equal(l10n_plural("zh", 7), 0);
	/* A language without rules follows English. */
	assert_int_equal(l10n_plural("de", 1), 0);
	assert_int_equal(l10n_plural("de", 3), 1);
}

static void test_tr_n(void **state)
{
	(void)state;
	assert_int_equal(load("ru", HEADER("ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
	                                   "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);")
	                 "msgid \"{n} commitment\"\nmsgid_plural \"{n} commitments\"\n"
	                 "msgstr[0] \"{n} обязательство\"\nmsgstr[1] \"{n} обязательства\"\n"
	                 "msgstr[2] \"{n} обязательств\"\n"),
	                 0);
	assert_string_equal(tr_n("ru", "{n} commitment", "{n} commitments", 21), "{n} обязательство");
	assert_string_equal(tr_n("ru", "{n} commitment", "{n} commitments", 3), "{n} обязательства");
	assert_string_equal(tr_n("ru", "{n} commitment", "{n} commitments", 11), "{n} обязательств");
	/* Not in the catalog, or no catalog: English's rule on the msgids. */
	assert_string_equal(tr_n("ru", "{n} offer", "{n} offers", 1), "{n} offer");
	assert_string_equal(tr_n("xx", "{n} offer", "{n} offers", 0), "{n} offers");

	/* An empty form is "not translated yet". */
	assert_int_equal(load("ar", HEADER("ar", "nplurals=6; plural=0;")
	                 "msgid \"{n} day\"\nmsgid_plural \"{n} days\"\n"
	                 "msgstr[0] \"لا أيام\"\nmsgstr[1] \"يوم واحد\"\nmsgstr[2] \"يومان\"\n"
	                 "msgstr[3] \"{n} أيام\"\nmsgstr[4] \"{n} يومًا\"\nmsgstr[5] \"\"\n"),
	                 0);
	assert_string_equal(tr_n("ar", "{n} day", "{n} days", 2), "يومان");
	assert_string_equal(tr_n("ar", "{n} day", "{n} days", 15), "{n} يومًا");
	assert_string_equal(tr_n("ar", "{n} day", "{n} days", 100), "{n} days");
}

/* A label marked NC_() is looked up with its context through tr(), and
 * without a translation shows its English alone. */
static void test_label_with_context(void **state)
{
	(void)state;
	static const char *const labels[] = {NC_("match", "Declined"), N_("Declined")};
	assert_int_equal(load("fr", HEADER("fr", "nplurals=2; plural=(n > 1);")
	                 "msgctxt \"match\"\nmsgid \"Declined\"\nmsgstr \"Refusée\"\n"
	                 "msgid \"Declined\"\nmsgstr \"Refusé\"\n"), 0);
	assert_string_equal(tr("fr", labels[0]), "Refusée");
	assert_string_equal(tr("fr", labels[1]), "Refusé");
	assert_string_equal(tr("en", labels[0]), "Declined");
	assert_string_equal(trc("fr", "match", "Declined"), "Refusée");
}

/* French elides "de" and "que" before a vowel where a value fills a
 * placeholder; other languages and consonants are left alone. */
static void test_elision(void **state)
{
	(void)state;
	assert_int_equal(load("fr", HEADER("fr", "nplurals=2; plural=(n > 1);")
	                 "msgid \"Report by {name}\"\nmsgstr \"Rapport de {name}\"\n"
	                 "msgid \"By {name}\"\nmsgstr \"De {name}\"\n"), 0);
	static const struct { const char *locale, *msgid, *name, *want; } cases[] = {
		{"fr", "Report by {name}", "Awa Diop", "Rapport d'Awa Diop"},
		{"fr", "Report by {name}", "Élodie Martin", "Rapport d'Élodie Martin"},
		{"fr", "Report by {name}", "Mamadou Sow", "Rapport de Mamadou Sow"},
		{"fr", "By {name}", "Irène", "D'Irène"},
		{"en", "Report by {name}", "Awa Diop", "Report by Awa Diop"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *args = json_pack("{s:s}", "name", cases[i].name);
		char *s = valid_format(cases[i].locale, cases[i].msgid, args);
		assert_string_equal(s, cases[i].want);
		free(s);
		json_decref(args);
	}
	/* "de" inside a word is no word of its own. */
	struct buf b;
	buf_init(&b, 64);
	buf_puts(&b, "Monde ");
	l10n_elide("fr", &b, "Asie");
	assert_string_equal(buf_str(&b), "Monde ");
	buf_release(&b);
	/* What a template writes before a name in its own markup. */
	static const struct { const char *locale, *text, *name, *want; } leads[] = {
		{"fr", "Au nom de", "Awa Diop", "Au nom d'"},
		{"fr", "Au nom de", "Mamadou Sow", "Au nom de "},
		{"fr", "Fait partie de", "Afrique", "Fait partie d'"},
		{"fr", "Au nom de", NULL, "Au nom de "},
		{"en", "On behalf of", "Awa Diop", "On behalf of "},
	};
	for (size_t i = 0; i < sizeof(leads) / sizeof(leads[0]); i++) {
		json_t *s = l10n_lead_in(leads[i].locale, leads[i].text, leads[i].name);
		assert_string_equal(json_string_value(s), leads[i].want);
		json_decref(s);
	}
}

static void test_plural_count_checked(void **state)
{
	(void)state;
	/* The header's nplurals must be the language's. */
	assert_int_equal(load("ru", HEADER("ru", "nplurals=2; plural=(n != 1);")), -1);
	assert_non_null(strstr(err, "nplurals=2"));
	assert_false(i18n_has("ru"));
	/* Every plural entry must have nplurals forms, numbered in order. */
	assert_int_equal(load("fr", HEADER("fr", "nplurals=2; plural=(n > 1);")
	                 "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\n"), -1);
	assert_non_null(strstr(err, "po/fr.po:7: 1 plural forms"));
	assert_int_equal(load("fr", HEADER("fr", "nplurals=2; plural=(n > 1);")
	                 "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"x\"\nmsgstr[0] \"y\"\n"), -1);
	assert_non_null(strstr(err, "msgstr[1] where msgstr[0]"));
	assert_int_equal(load("fr", HEADER("fr", "nplurals=9; plural=0;")), -1);
}

static void fmt_number(const char *locale, double v, int decimals, const char *want)
{
	struct buf b;
	buf_init(&b, 256);
	l10n_number(locale, v, decimals, &b);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void test_numbers(void **state)
{
	(void)state;
	assert_int_equal(l10n_load(err, sizeof(err)), 0);
	fmt_number("en", 1234567, 0, "1,234,567");
	fmt_number("en", -1234.5, 1, "-1,234.5");
	fmt_number("en", 999, 0, "999");
	fmt_number("fr", 1234567.25, 2, "1\u202f234\u202f567,25");
	fmt_number("fr", 610, 0, "610");
	fmt_number("es", 1000, 0, "1000");          /* minimum grouping: 2 */
	fmt_number("es", 10000, 0, "10.000");
	fmt_number("ru", 12345.5, 1, "12\u00a0345,5");
	fmt_number("ar", 12345, 0, "12,345");
	fmt_number("zh", 12345, 0, "12,345");
	fmt_number("en", -0.01, 0, "0");             /* no "-0" */
	fmt_number("de", 1234, 0, "1,234");          /* no rules: English */

	struct buf b;
	buf_init(&b, 256);
	l10n_percent("fr", 42, 0, &b);
	assert_string_equal(buf_str(&b), "42\u202f%");
	buf_reset(&b);
	l10n_percent("en", 42.5, 1, &b);
	assert_string_equal(buf_str(&b), "42.5%");
	buf_reset(&b);
	l10n_percent("es", 7, 0, &b);
	assert_string_equal(buf_str(&b), "7\u00a0%");
	buf_release(&b);
}

static void test_dates(void **state)
{
	(void)state;
	assert_int_equal(load("fr", HEADER("fr", "nplurals=2; plural=(n > 1);")
	                 "msgctxt \"month\"\nmsgid \"December\"\nmsgstr \"décembre\"\n"
	                 "msgctxt \"month\"\nmsgid \"May\"\nmsgstr \"mai\"\n"), 0);
	struct buf b;
	buf_init(&b, 256);
	i18n_date("fr", "2026-12-06", &b);
	assert_string_equal(buf_str(&b), "6 décembre 2026");
	buf_reset(&b);
	i18n_date("fr", "2026-05-01T10:00:00Z", &b);
	assert_string_equal(buf_str(&b), "1er mai 2026");
	buf_reset(&b);
	i18n_date("en", "2026-12-06", &b);
	assert_string_equal(buf_str(&b), "6 December 2026");
	buf_reset(&b);
	i18n_date("zh", "2026-12-06", &b);
	assert_string_equal(buf_str(&b), "2026年12月6日");
	buf_reset(&b);
	i18n_date("fr", "not a date", &b);
	assert_string_equal(buf_str(&b), "not a date");
	buf_reset(&b);
	i18n_date("fr", "2026-02-30", &b);
	assert_string_equal(buf_str(&b), "2026-02-30");
	buf_release(&b);
}

/* The env of a locale in a template: {{_n}} and the filters. */
static void test_template_env(void **state)
{
	(void)state;
	assert_int_equal(load("fr", HEADER("fr", "nplurals=2; plural=(n > 1);")
	                 "msgid \"{n} commitment\"\nmsgid_plural \"{n} commitments\"\n"
	                 "msgstr[0] \"{n} engagement\"\nmsgstr[1] \"{n} engagements\"\n"), 0);
	struct template_set *set = template_set_new();
	const char *src = "{{_n n|{n} commitment|{n} commitments}}; {{n|num}}; {{p|pct}}; "
	                  "{{d|date}}; {{s|num}}";
	assert_int_equal(template_add(set, "t", src, strlen(src), err, sizeof(err)), 0);
	struct { const char *locale; long long n; const char *want; } cases[] = {
		/* A string through |num is written as it is, escaped. */
		{"fr", 1, "1 engagement; 1; 12,5\u202f%; 6 December 2026; &lt;b&gt;"},
		{"fr", 1500, "1\u202f500 engagements; 1\u202f500; 12,5\u202f%; 6 December 2026; &lt;b&gt;"},
		{"en", 0, "0 commitments; 0; 12.5%; 6 December 2026; &lt;b&gt;"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *model = json_pack("{s:I, s:f, s:s, s:s}", "n", (json_int_t)cases[i].n, "p",
		                          12.5, "d", "2026-12-06", "s", "<b>");
		struct template_env env = template_env_for(cases[i].locale);
		struct buf out;
		buf_init(&out, 4096);
		assert_int_equal(template_render(set, "t", model, NULL, &env, &out), 0);
		assert_string_equal(buf_str(&out), cases[i].want);
		buf_release(&out);
		json_decref(model);
	}
	/* An unknown filter and a malformed {{_n}} fail at compile time. */
	assert_int_equal(template_add(set, "u", "{{x|money}}", 11, err, sizeof(err)), -1);
	assert_int_equal(template_add(set, "v", "{{_n x|one}}", 12, err, sizeof(err)), -1);
	template_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plural_rules),
		cmocka_unit_test_teardown(test_tr_n, teardown),
		cmocka_unit_test_teardown(test_label_with_context, teardown),
		cmocka_unit_test_teardown(test_elision, teardown),
		cmocka_unit_test_teardown(test_plural_count_checked, teardown),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test_teardown(test_dates, teardown),
		cmocka_unit_test_teardown(test_template_env, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
