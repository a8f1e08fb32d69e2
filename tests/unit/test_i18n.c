/* test_i18n.c — the .po parser, lookups and locale negotiation. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "i18n.h"

#define HEADER(lang) \
	"msgid \"\"\n" \
	"msgstr \"\"\n" \
	"\"Language: " lang "\\n\"\n" \
	"\"Content-Type: text/plain; charset=UTF-8\\n\"\n" \
	"\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n" \
	"\n"

static char err[256];

static int load(const char *lang, const char *text)
{
	err[0] = '\0';
	return i18n_load_text(lang, text, strlen(text), err, sizeof(err));
}

/* Two small catalogs, as most tests need. */
static int setup_en_fr(void **state)
{
	(void)state;
	if (load("en", HEADER("en") "msgid \"Home\"\nmsgstr \"\"\n") < 0)
		return -1;
	return load("fr", HEADER("fr") "msgid \"Home\"\nmsgstr \"Accueil\"\n");
}

static int teardown(void **state)
{
	(void)state;
	i18n_free();
	return 0;
}

static void test_escapes_and_continuations(void **state)
{
	(void)state;
	const char *po = HEADER("fr")
		"# translator comment\n"
		"#. extracted comment\n"
		"#: templates/home.html:3 src/web/home.c:10\n"
		"#, c-format\n"
		"msgid \"Tab\\there, quote \\\" and backslash \\\\\"\n"
		"msgstr \"Tab\\tici, guillemet \\\" et barre \\\\\"\n"
		"\n"
		"msgid \"\"\n"
		"\"A long sentence \"\n"
		"\"over two lines.\\n\"\n"
		"msgstr \"\"\n"
		"\"Une longue phrase \"\n"
		"   \"sur deux lignes.\\n\"\n";
	assert_int_equal(load("fr", po), 0);
	assert_string_equal(tr("fr", "Tab\there, quote \" and backslash \\"),
	                    "Tab\tici, guillemet \" et barre \\");
	assert_string_equal(tr("fr", "A long sentence over two lines.\n"),
	                    "Une longue phrase sur deux lignes.\n");
}

static void test_crlf_and_utf8(void **state)
{
	(void)state;
	const char *po = "msgid \"\"\r\nmsgstr \"Language: fr\\n\"\r\n\r\n"
	                 "msgid \"Countries\"\r\nmsgstr \"Pays — États\"\r\n";
	assert_int_equal(load("fr", po), 0);
	assert_string_equal(tr("fr", "Countries"), "Pays — États");
}

static void test_fuzzy_and_empty_skipped(void **state)
{
	(void)state;
	const char *po = HEADER("fr")
		"#, fuzzy\n"
		"msgid \"Search\"\n"
		"msgstr \"Chercher (à vérifier)\"\n"
		"\n"
		"#, c-format, fuzzy\n"
		"msgid \"Data\"\n"
		"msgstr \"Données ?\"\n"
		"\n"
		"msgid \"Events\"\n"
		"msgstr \"\"\n"
		"\n"
		"msgid \"one practice\"\n"
		"msgid_plural \"%d practices\"\n"
		"msgstr[0] \"une pratique\"\n"
		"msgstr[1] \"%d pratiques\"\n"
		"\n"
		"#~ msgid \"Old\"\n"
		"#~ msgstr \"Ancien\"\n"
		"msgid \"Data sets\"\n"
		"msgstr \"Jeux de données\"\n";
	assert_int_equal(load("fr", po), 0);
	assert_string_equal(tr("fr", "Search"), "Search");
	assert_string_equal(tr("fr", "Data"), "Data");
	assert_string_equal(tr("fr", "Events"), "Events");
	/* A plural entry is kept: tr() reads its first form, tr_n() the rest. */
	assert_string_equal(tr("fr", "one practice"), "une pratique");
	assert_string_equal(tr("fr", "Old"), "Old");
	assert_string_equal(tr("fr", "Data sets"), "Jeux de données");
	/* The header is not a translation of "". */
	assert_string_equal(tr("fr", ""), "");
}

static void test_fuzzy_flag_does_not_leak(void **state)
{
	(void)state;
	/* The flag belongs to the entry after it, never to the next one. */
	const char *po = "#, fuzzy\nmsgid \"A\"\nmsgstr \"a\"\n"
	                 "msgid \"B\"\nmsgstr \"b\"\n";
	assert_int_equal(load("fr", po), 0);
	assert_string_equal(tr("fr", "A"), "A");
	assert_string_equal(tr("fr", "B"), "b");
}

static void test_msgctxt(void **state)
{
	(void)state;
	const char *po = HEADER("fr")
		"msgctxt \"month\"\nmsgid \"May\"\nmsgstr \"mai\"\n\n"
		"msgctxt \"verb\"\nmsgid \"May\"\nmsgstr \"peut\"\n\n"
		"msgid \"May\"\nmsgstr \"Mai\"\n";
	assert_int_equal(load("fr", po), 0);
	assert_string_equal(trc("fr", "month", "May"), "mai");
	assert_string_equal(trc("fr", "verb", "May"), "peut");
	assert_string_equal(trc("fr", NULL, "May"), "Mai");
	assert_string_equal(tr("fr", "May"), "Mai");
	assert_string_equal(trc("fr", "noun", "May"), "May");
	assert_string_equal(trc("xx", "month", "May"), "May");
}

static void test_unknown_locale_and_null(void **state)
{
	(void)state;
	assert_string_equal(tr("fr", "Home"), "Accueil");
	assert_string_equal(tr("FR", "Home"), "Accueil");
	assert_string_equal(tr("en", "Home"), "Home");
	assert_string_equal(tr("de", "Home"), "Home");
	assert_string_equal(tr(NULL, "Home"), "Home");
	assert_string_equal(tr("fr", "Not in the catalog"), "Not in the catalog");
	assert_string_equal(tr("fr", NULL), "");
}

static void test_many_entries(void **state)
{
	(void)state;
	struct buf po;
	buf_init(&po, BUF_MAX_PAGE);
	buf_puts(&po, HEADER("fr"));
	for (int i = 0; i < 5000; i++)
		buf_printf(&po, "msgid \"Message %d\"\nmsgstr \"Texte %d\"\n\n", i, i);
	assert_int_equal(i18n_load_text("fr", po.data, po.len, err, sizeof(err)), 0);
	buf_release(&po);
	char id[32], want[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "Message %d", i);
		snprintf(want, sizeof(want), "Texte %d", i);
		assert_string_equal(tr("fr", id), want);
	}
	assert_string_equal(tr("fr", "Message 5000"), "Message 5000");
}

/* Each bad catalog and the message it must give. */
static const struct {
	const char *text;
	const char *error;
} bad_po[] = {
	{"msgid \"a\"\nmsgstr \"unterminated\n", "po/fr.po:2: unterminated string"},
	{"msgid \"a\"\nmsgstr \"x\\q\"\n", "po/fr.po:2: invalid escape sequence \"\\q\""},
	{"msgstr \"x\"\n", "po/fr.po:1: msgstr without msgid"},
	{"msgid \"a\"\nmsgstr \"x\"\n\nmsgid \"a\"\nmsgstr \"y\"\n",
	 "po/fr.po:4: duplicate message definition"},
	{"msgid \"a\"\nmsgstr \"x\"\nmsgstr \"y\"\n", "po/fr.po:3: second msgstr in one entry"},
	{"\n\nmsgid \"a\"\n", "po/fr.po:3: msgid without msgstr"},
	{"msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n", "po/fr.po:1: msgid without msgstr"},
	{"msgid \"a\"\n# comment\nmsgstr \"\"\n", "po/fr.po:2: comment between msgid and msgstr"},
	{"msgctxt \"c\"\n", "po/fr.po:1: msgctxt without msgid"},
	{"msgid \"a\"\nmsgctxt \"c\"\n", "po/fr.po:2: msgctxt must come first in an entry"},
	{"\"orphan\"\n", "po/fr.po:1: string without a keyword"},
	{"msgid \"a\" x\nmsgstr \"\"\n", "po/fr.po:1: unexpected text after the closing quote"},
	{"msgid a\nmsgstr \"\"\n", "po/fr.po:1: expected a string in double quotes"},
	{"msgkey \"a\"\n", "po/fr.po:1: unknown keyword \"msgkey\""},
	{"msgid \"a\"\nmsgstr \"caf\xe9\"\n", "po/fr.po:2: invalid UTF-8 or NUL byte"},
	{"msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"x\"\n",
	 "po/fr.po:3: msgid_plural needs msgstr[N]"},
	{"msgid \"a\"\nmsgstr[0] \"x\"\n", "po/fr.po:2: msgstr[N] without msgid_plural"},
	{"msgid \"\"\nmsgstr \"Language: en\\n\"\n",
	 "po/fr.po:1: Language \"en\" does not match the file name"},
	{"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n",
	 "po/fr.po:1: charset must be UTF-8"},
	{"msgid \"\"\nmsgstr \"\"\n\nmsgid \"\"\nmsgstr \"\"\n",
	 "po/fr.po:4: second header entry (msgid \"\")"},
};

static void test_parse_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_po) / sizeof(bad_po[0]); i++) {
		assert_int_equal(load("fr", bad_po[i].text), -1);
		if (strcmp(err, bad_po[i].error) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, bad_po[i].error);
		/* A failed parse leaves the loaded catalog alone. */
		assert_string_equal(tr("fr", "Home"), "Accueil");
	}
}

static void test_nul_byte_refused(void **state)
{
	(void)state;
	const char po[] = "msgid \"a\"\nmsgstr \"x\0y\"\n";
	assert_int_equal(i18n_load_text("fr", po, sizeof(po) - 1, err, sizeof(err)), -1);
	assert_string_equal(err, "po/fr.po:2: invalid UTF-8 or NUL byte");
}

static void test_bad_language_codes(void **state)
{
	(void)state;
	assert_int_equal(load("../x", "msgid \"a\"\nmsgstr \"b\"\n"), -1);
	assert_string_equal(err, "po/../x.po: not a language code");
	assert_int_equal(load("", ""), -1);
	assert_int_equal(load("averyveryverylongcode", ""), -1);
	assert_false(i18n_has("averyveryverylongcode"));
}

static void test_header_language_variants(void **state)
{
	(void)state;
	/* A region in the header is fine for the plain language's file, and an
	 * empty Language (as msginit leaves it) defers to the file name. */
	assert_int_equal(load("fr", "msgid \"\"\nmsgstr \"Language: fr_FR\\n\"\n"), 0);
	assert_int_equal(load("es", "#, fuzzy\nmsgid \"\"\nmsgstr \"Language: \\n\"\n"), 0);
	assert_int_equal(load("pt_BR", "msgid \"\"\nmsgstr \"Language: pt_BR\\n\"\n"), 0);
	assert_true(i18n_has("pt-BR"));
	assert_string_equal(i18n_negotiate("pt-br", NULL, NULL, NULL), "pt-BR");
}

static void test_replace_catalog(void **state)
{
	(void)state;
	assert_int_equal(load("fr", "msgid \"Home\"\nmsgstr \"Maison\"\n"), 0);
	assert_string_equal(tr("fr", "Home"), "Maison");
	const char *const *l = i18n_locales();
	assert_string_equal(l[0], "en");
	assert_string_equal(l[1], "fr");
	assert_null(l[2]);
}

static void test_locales_sorted(void **state)
{
	(void)state;
	assert_int_equal(load("zh", ""), 0);
	assert_int_equal(load("ar", ""), 0);
	const char *const *l = i18n_locales();
	const char *want[] = {"ar", "en", "fr", "zh", NULL};
	for (size_t i = 0; i < 5; i++) {
		if (want[i])
			assert_string_equal(l[i], want[i]);
		else
			assert_null(l[i]);
	}
	assert_true(i18n_has("ar"));
	assert_true(i18n_has("FR"));
	assert_false(i18n_has("es"));
	assert_false(i18n_has(NULL));
}

static void test_dir_and_native_names(void **state)
{
	(void)state;
	assert_string_equal(i18n_dir("ar"), "rtl");
	assert_string_equal(i18n_dir("he"), "rtl");
	assert_string_equal(i18n_dir("fa"), "rtl");
	assert_string_equal(i18n_dir("ur"), "rtl");
	assert_string_equal(i18n_dir("ar-EG"), "rtl");
	assert_string_equal(i18n_dir("fr"), "ltr");
	assert_string_equal(i18n_dir("are"), "ltr");
	assert_string_equal(i18n_dir(NULL), "ltr");
	assert_string_equal(i18n_native_name("en"), "English");
	assert_string_equal(i18n_native_name("fr"), "Français");
	assert_string_equal(i18n_native_name("es"), "Español");
	assert_string_equal(i18n_native_name("ar"), "العربية");
	assert_string_equal(i18n_native_name("ru"), "Русский");
	assert_string_equal(i18n_native_name("zh"), "中文");
	assert_string_equal(i18n_native_name("fr-CA"), "Français");
	assert_string_equal(i18n_native_name("xx"), "xx");
}

static void test_negotiate_order(void **state)
{
	(void)state;
	/* ?lang= beats the cookie, which beats the header, which beats --lang. */
	assert_string_equal(i18n_negotiate("fr", "en", "en", "en"), "fr");
	assert_string_equal(i18n_negotiate("en", "fr", "fr", "fr"), "en");
	assert_string_equal(i18n_negotiate(NULL, "fr", "en", "en"), "fr");
	assert_string_equal(i18n_negotiate(NULL, NULL, "fr", "en"), "fr");
	assert_string_equal(i18n_negotiate(NULL, NULL, NULL, "fr"), "fr");
	assert_string_equal(i18n_negotiate(NULL, NULL, NULL, NULL), "en");
	/* An unknown ?lang= or cookie is ignored, not obeyed. */
	assert_string_equal(i18n_negotiate("xx", NULL, "fr", "en"), "fr");
	assert_string_equal(i18n_negotiate("xx", "yy", NULL, "fr"), "fr");
	assert_string_equal(i18n_negotiate("", "", "", ""), "en");
	assert_string_equal(i18n_negotiate("fr\"><script>", "../en", NULL, NULL), "en");
	/* An unknown default falls back to English. */
	assert_string_equal(i18n_negotiate(NULL, NULL, NULL, "de"), "en");
}

static void test_negotiate_case_and_subtags(void **state)
{
	(void)state;
	assert_string_equal(i18n_negotiate("FR", NULL, NULL, "en"), "fr");
	assert_string_equal(i18n_negotiate("fr-CA", NULL, NULL, "en"), "fr");
	assert_string_equal(i18n_negotiate("fr_ca", NULL, NULL, "en"), "fr");
	assert_string_equal(i18n_negotiate(NULL, "Fr-Latn-CA", NULL, "en"), "fr");
	assert_string_equal(i18n_negotiate(NULL, NULL, "FR-ca", "en"), "fr");
	assert_string_equal(i18n_negotiate(NULL, NULL, NULL, "fr-BE"), "fr");
	/* A prefix of a code is not the code. */
	assert_string_equal(i18n_negotiate("f", NULL, NULL, "en"), "en");
	assert_string_equal(i18n_negotiate("fre", NULL, NULL, "en"), "en");
}

static void test_negotiate_header(void **state)
{
	(void)state;
	static const struct {
		const char *header, *dflt, *want;
	} cases[] = {
		{"fr-CA,fr;q=0.9", "en", "fr"},
		{"de, en;q=0.5", "fr", "en"},
		{"de, en;q=0.5, fr;q=0.7", "en", "fr"},
		{"fr;q=0", "en", "en"},
		{"fr;q=0.0", "en", "en"},
		{"fr;q=0.000, en;q=0.001", "fr", "en"},
		{"en;q=0.8, fr;q=0.8", "fr", "en"},    /* ties keep header order */
		{"fr;q=0.8, en;q=0.8", "en", "fr"},
		{"en;q=0.5,fr", "en", "fr"},
		{"  fr ; q=0.9 ,\ten", "fr", "en"},
		{"fr;Q=1.000", "en", "fr"},
		{"*", "fr", "fr"},
		{"*", "de", "en"},
		{"de, *;q=0.5", "fr", "fr"},
		{"fr;q=0.5, *", "fr", "en"},     /* "*" means the languages not named */
		{"fr;q=0, *", "fr", "en"},
		{"fr;q=0, en;q=0, *", "fr", "fr"},
		{"*;q=0", "fr", "fr"},
		/* Malformed ranges are skipped, the rest still counts. */
		{"fr;q=2, en;q=0.1", "fr", "en"},
		{"fr;q=1.5, en;q=0.1", "fr", "en"},
		{"fr;q=0.1234, en;q=0.1", "fr", "en"},
		{"fr;level=1, en;q=0.1", "fr", "en"},
		{"fr;q=, en;q=0.1", "fr", "en"},
		{"f@r, en;q=0.1", "fr", "en"},
		{"toolongsubtag, en;q=0.1", "fr", "en"},
		{",,, ,fr", "en", "fr"},
		/* Garbage: the default. */
		{";;;===", "fr", "fr"},
		{"q=1", "fr", "fr"},
		{"\xff\xfe", "fr", "fr"},
		{"", "fr", "fr"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = i18n_negotiate(NULL, NULL, cases[i].header, cases[i].dflt);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("\"%s\" with default %s: got %s, want %s", cases[i].header,
			         cases[i].dflt, got, cases[i].want);
	}
}

static void test_negotiate_huge_header(void **state)
{
	(void)state;
	/* 10 KB: only the first ranges are read, and the answer still comes. */
	size_t n = 10 * 1024;
	char *h = malloc(n + 1);
	assert_non_null(h);
	for (size_t i = 0; i < n; i += 3)
		memcpy(h + i, "de,", n - i < 3 ? n - i : 3);
	h[n] = '\0';
	memcpy(h + n - 3, ",fr", 3);
	assert_string_equal(i18n_negotiate(NULL, NULL, h, "en"), "en");
	memcpy(h, "fr,", 3);
	assert_string_equal(i18n_negotiate(NULL, NULL, h, "en"), "fr");
	/* One 10 KB range with no comma at all. */
	memset(h, 'a', n);
	assert_string_equal(i18n_negotiate(NULL, NULL, h, "fr"), "fr");
	assert_string_equal(i18n_negotiate(h, h, h, h), "en");
	free(h);
}

static void test_negotiate_no_catalogs(void **state)
{
	(void)state;
	i18n_free();
	assert_null(i18n_locales()[0]);
	assert_string_equal(i18n_negotiate("fr", "fr", "fr", "fr"), "en");
	assert_string_equal(tr("fr", "Home"), "Home");
	/* Without English, the first catalog stands in for it. */
	assert_int_equal(load("fr", ""), 0);
	assert_string_equal(i18n_negotiate(NULL, NULL, NULL, "de"), "fr");
}

static void test_load_embedded(void **state)
{
	(void)state;
	/* The real catalogs compiled into the binary must parse, and French and
	 * English must both be there. */
	assert_int_equal(i18n_load(err, sizeof(err)), 0);
	assert_true(i18n_has("en"));
	assert_true(i18n_has("fr"));
	assert_string_equal(i18n_negotiate(NULL, NULL, "fr-FR,fr;q=0.9", "en"), "fr");
	/* A hub item's side is translated in every language (its msgids are
	 * literal, so the catalog check extracts them); "Matching" the hub
	 * status has its own context, apart from the kind of pledge. */
	static const char *const others[] = {"fr", "es", "ar", "ru", "zh"};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		assert_true(i18n_has(others[i]));
		assert_string_not_equal(tr(others[i], "Need"), "Need");
		assert_string_not_equal(tr(others[i], "Offer"), "Offer");
		assert_string_not_equal(tr(others[i], NC_("hub item", "Matching")), "Matching");
		assert_string_not_equal(tr(others[i], NC_("hub item", "Matching")),
		                        tr(others[i], "Matching"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_escapes_and_continuations, teardown),
		cmocka_unit_test_teardown(test_crlf_and_utf8, teardown),
		cmocka_unit_test_teardown(test_fuzzy_and_empty_skipped, teardown),
		cmocka_unit_test_teardown(test_fuzzy_flag_does_not_leak, teardown),
		cmocka_unit_test_teardown(test_msgctxt, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_locale_and_null, setup_en_fr, teardown),
		cmocka_unit_test_teardown(test_many_entries, teardown),
		cmocka_unit_test_setup_teardown(test_parse_errors, setup_en_fr, teardown),
		cmocka_unit_test_teardown(test_nul_byte_refused, teardown),
		cmocka_unit_test_teardown(test_bad_language_codes, teardown),
		cmocka_unit_test_teardown(test_header_language_variants, teardown),
		cmocka_unit_test_setup_teardown(test_replace_catalog, setup_en_fr, teardown),
		cmocka_unit_test_setup_teardown(test_locales_sorted, setup_en_fr, teardown),
		cmocka_unit_test(test_dir_and_native_names),
		cmocka_unit_test_setup_teardown(test_negotiate_order, setup_en_fr, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_case_and_subtags, setup_en_fr, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_header, setup_en_fr, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_huge_header, setup_en_fr, teardown),
		cmocka_unit_test_setup_teardown(test_negotiate_no_catalogs, setup_en_fr, teardown),
		cmocka_unit_test_teardown(test_load_embedded, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
