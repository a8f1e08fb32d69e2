/* test_text.c — UTF-8 validation and search folding (text.h). */
#include "unit.h"

#include <stdlib.h>

#include "buf.h"
#include "text.h"

static bool valid(const char *s, size_t len)
{
	return utf8_valid(s, len);
}

#define VALID(lit) valid(lit, sizeof(lit) - 1)

static void test_utf8_valid_good(void **state)
{
	(void)state;
	assert_true(VALID(""));
	assert_true(VALID("plain ascii"));
	assert_true(VALID("Côte d’Ivoire"));
	assert_true(VALID("Россия Ελλάδα مُحَمَّد 中国"));
	assert_true(VALID("\xED\x9F\xBF"));         /* U+D7FF, just below the surrogates */
	assert_true(VALID("\xEE\x80\x80"));         /* U+E000, just above */
	assert_true(VALID("\xF0\x9F\x98\x80"));     /* U+1F600 */
	assert_true(VALID("\xF4\x8F\xBF\xBF"));     /* U+10FFFF, the last code point */
	assert_true(VALID("\xC2\x80"));             /* U+0080, shortest two-byte */
	assert_true(VALID("\xE0\xA0\x80"));         /* U+0800, shortest three-byte */
}

static void test_utf8_valid_bad(void **state)
{
	(void)state;
	assert_false(VALID("\xC0\xAF"));            /* overlong '/' */
	assert_false(VALID("\xC1\xBF"));            /* overlong */
	assert_false(VALID("\xE0\x80\xAF"));        /* overlong three-byte */
	assert_false(VALID("\xF0\x80\x80\xAF"));    /* overlong four-byte */
	assert_false(VALID("\xED\xA0\x80"));        /* U+D800, a surrogate */
	assert_false(VALID("\xED\xBF\xBF"));        /* U+DFFF */
	assert_false(VALID("\xF4\x90\x80\x80"));    /* U+110000 */
	assert_false(VALID("\xF5\x80\x80\x80"));    /* F5 never appears */
	assert_false(VALID("\xFF"));
	assert_false(VALID("\x80"));                /* lone continuation */
	assert_false(VALID("ab\xC3"));              /* truncated at the end */
	assert_false(VALID("\xE2\x82"));            /* truncated */
	assert_false(VALID("\xE2\x28\xA1"));        /* bad continuation */
	assert_false(valid("a\0b", 3));             /* NUL */
}

static void test_utf8_length(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("Côte", strlen("Côte")), 4);
	assert_int_equal(utf8_length("Россия", strlen("Россия")), 6);
	assert_int_equal(utf8_length("中国\xF0\x9F\x98\x80", 10), 3);
}

/* Shows s[0..len) with at most max bytes and compares with want. */
static void check_printable(const char *s, size_t len, size_t max, const char *want)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	assert_int_equal(text_printable(s, len, max, &b), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void test_printable(void **state)
{
	(void)state;
	check_printable("Côte d'Ivoire", strlen("Côte d'Ivoire"), 80, "Côte d'Ivoire");
	check_printable("a\nb\033[31m", 8, 80, "a\\x0Ab\\x1B[31m");
	check_printable("a\0b", 3, 80, "a\\x00b");
	check_printable("back\\slash", 10, 80, "back\\\\slash");
	/* invalid UTF-8, a C1 control, U+2028 and a right-to-left override */
	check_printable("\xFF\xC3", 2, 80, "\\xFF\\xC3");
	check_printable("\xC2\x85", 2, 80, "\\xC2\\x85");
	check_printable("a\xE2\x80\xA8" "b\xE2\x80\xAE", 8, 80, "a\\xE2\\x80\\xA8b\\xE2\\x80\\xAE");
	check_printable("abcdef", 6, 3, "abc…");
	check_printable("", 0, 3, "");
}

/* Writes s[0..len) for an XML document and compares with want. */
static void check_xml(const char *s, size_t len, bool escape, const char *want)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	assert_int_equal(text_xml(s, len, escape, &b), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

#define FFFD "\xEF\xBF\xBD"

static void test_xml(void **state)
{
	(void)state;
	const char *co = "Côte <d'Ivoire> & \"co\"";
	check_xml(co, strlen(co), true, "Côte &lt;d&#39;Ivoire&gt; &amp; &quot;co&quot;");
	check_xml(co, strlen(co), false, co);
	/* tab, LF and CR are the only C0 controls XML allows */
	check_xml("a\tb\nc\rd", 7, true, "a\tb\nc\rd");
	check_xml("a\0b\x01" "c\x1F\x7F", 7, true, "a" FFFD "b" FFFD "c" FFFD "\x7F");
	/* U+FFFE and U+FFFF are not characters; U+FFFD and what lies past it are */
	check_xml("\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 17, false,
	          FFFD FFFD "\xEF\xBF\xBD\xF0\x90\x80\x80\xF4\x8F\xBF\xBF");
	/* C1 controls, U+D7FF and U+E000 are allowed by XML 1.0 */
	check_xml("\xC2\x85\xED\x9F\xBF\xEE\x80\x80", 8, false, "\xC2\x85\xED\x9F\xBF\xEE\x80\x80");
	/* bytes that are not UTF-8: a lone surrogate, an overlong, a cut
	 * sequence, a stray continuation byte; each byte replaced */
	check_xml("\xED\xA0\x80", 3, false, FFFD FFFD FFFD);
	check_xml("\xC0\xAF<", 3, true, FFFD FFFD "&lt;");
	check_xml("ab\xE2\x82", 4, false, "ab" FFFD FFFD);
	check_xml("\x80x", 2, false, FFFD "x");
	check_xml("", 0, true, "");
	/* overflow is reported */
	struct buf b;
	buf_init(&b, 4);
	assert_int_equal(text_xml("abc&", 4, true, &b), -1);
	assert_true(b.overflow);
	buf_release(&b);
}

/* Folds s and compares with want. */
static void check_fold(const char *s, const char *want)
{
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	assert_int_equal(text_fold(s, strlen(s), &b), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void test_fold_latin(void **state)
{
	(void)state;
	check_fold("Côte d'Ivoire", "cote d'ivoire");
	check_fold("ÉTATS-UNIS", "etats-unis");
	check_fold("Türkiye", "turkiye");
	check_fold("São Tomé-et-Príncipe", "sao tome-et-principe");
	check_fold("Straße Æsir Œuvre Øresund Þór", "strasse aesir oeuvre oresund thor");
	check_fold("Łódź Đakovo Istanbul ıi İ", "lodz dakovo istanbul ii i");
	check_fold("România: Brașov, Timișoara, Constanța", "romania: brasov, timisoara, constanta");
	check_fold("Việt Nam, Hà Nội, Thành phố Hồ Chí Minh",
	           "viet nam, ha noi, thanh pho ho chi minh");
	check_fold("Ǎ ǔ Ơ ư", "a u o u");
	check_fold("ẞ", "ss");
}

static void test_fold_combining_marks(void **state)
{
	(void)state;
	/* decomposed: e + U+0301 COMBINING ACUTE ACCENT */
	check_fold("Cafe\xCC\x81", "cafe");
}

static void test_fold_greek_cyrillic(void **state)
{
	(void)state;
	check_fold("Россия", "россия");
	check_fold("ЁЛКА Йошкар-Ола", "елка иошкар-ола");
	check_fold("Ελλάδα", "ελλαδα");
	check_fold("ΆΈΉΊΌΎΏ ΪΫ ΐΰ", "αεηιουω ιυ ιυ");
	check_fold("Οδυσσέας", "οδυσσεασ");
	check_fold("ΚΥΠΡΟΣ Κύπρος", "κυπροσ κυπροσ");
	check_fold("Қазақстан", "қазақстан");
}

static void test_fold_arabic(void **state)
{
	(void)state;
	/* مُحَمَّد with damma, fatha and shadda → محمد */
	check_fold("مُحَمَّد", "محمد");
	/* tatweel and superscript alef dropped */
	check_fold("عـــربي", "عربي");
	check_fold("هٰذا", "هذا");
	/* alef variants, alef maqsura, teh marbuta */
	check_fold("أحمد إسلام آمن ٱلله", "احمد اسلام امن الله");
	check_fold("مصطفى مدرسة", "مصطفي مدرسه");
}

static void test_fold_apostrophes_fullwidth(void **state)
{
	(void)state;
	check_fold("Côte d’Ivoire", "cote d'ivoire");
	check_fold("‘a’ ʼb", "'a' 'b");
	check_fold("ＡＢＣ１２３！～", "abc123!~");
}

static void test_fold_unchanged(void **state)
{
	(void)state;
	check_fold("中华人民共和国", "中华人民共和国");
	check_fold("日本 한국 ישראל भारत", "日本 한국 ישראל भारत");
	check_fold("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80");
	check_fold("× ÷ µ", "× ÷ µ");
}

static void test_fold_invalid_skipped(void **state)
{
	(void)state;
	check_fold("a\xC0\xAF" "b\xED\xA0\x80" "c\xFF" "d\xC3", "abcd");
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	assert_int_equal(text_fold("A\0B", 3, &b), 0);
	assert_int_equal(b.len, 2);
	assert_string_equal(buf_str(&b), "ab");
	buf_release(&b);
}

static void test_fold_overflow(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 4);
	assert_int_equal(text_fold("ÉTATS-UNIS", strlen("ÉTATS-UNIS"), &b), -1);
	assert_true(b.overflow);
	buf_release(&b);
}

static void test_fold_idempotent(void **state)
{
	(void)state;
	const char *samples[] = {"Côte d’Ivoire", "São Tomé", "Ελλάδα", "ЁЖИК", "أحمد", "ＡＢＣ"};
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct buf once, twice;
		buf_init(&once, BUF_MAX_PAGE);
		buf_init(&twice, BUF_MAX_PAGE);
		text_fold(samples[i], strlen(samples[i]), &once);
		text_fold(once.data, once.len, &twice);
		assert_string_equal(buf_str(&once), buf_str(&twice));
		buf_release(&once);
		buf_release(&twice);
	}
}

/* Whatever bytes come in, what comes out is valid UTF-8 without NUL. */
static void test_fold_output_always_valid(void **state)
{
	(void)state;
	static const unsigned char alphabet[] = {
		0x00, 'A', 'z', '\'', 0x80, 0xBF, 0xC0, 0xC2, 0xC3, 0xCE, 0xD0, 0xD9,
		0xE0, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90,
	};
	uint32_t seed = 12345;
	struct buf in, out;
	buf_init(&in, BUF_MAX_PAGE);
	buf_init(&out, BUF_MAX_PAGE);
	for (int round = 0; round < 20000; round++) {
		buf_reset(&in);
		buf_reset(&out);
		for (int i = 0; i < 12; i++) {
			seed = seed * 1103515245u + 12345u;
			buf_putc(&in, (char)alphabet[(seed >> 16) % sizeof(alphabet)]);
		}
		assert_int_equal(text_fold(in.data, in.len, &out), 0);
		assert_true(utf8_valid(buf_str(&out), out.len));
	}
	buf_release(&in);
	buf_release(&out);
}

/* Lower case with the accents kept (for the stemmers, fts.c). */
static void test_lower_keeps_accents(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"ÉCOLE", "école"}, {"ĲSSEL Œuvre", "ĳssel œuvre"}, {"ŸÀ", "ÿà"},
		{"ŁÓDŹ", "łódź"}, {"ПРИВЕТ Ёлка", "привет ёлка"}, {"ΑΘΗΝΑ", "αθηνα"},
		{"移民 Abc", "移民 abc"}, {"caf\xC3", "caf"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b;
		buf_init(&b, BUF_MAX_LINE);
		assert_int_equal(text_lower(cases[i][0], strlen(cases[i][0]), &b), 0);
		assert_string_equal(buf_str(&b), cases[i][1]);
		buf_release(&b);
	}
	uint32_t cp;
	assert_int_equal(text_decode("é", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(text_decode("\xC3", 1, &cp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid_good),
		cmocka_unit_test(test_utf8_valid_bad),
		cmocka_unit_test(test_utf8_length),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_fold_latin),
		cmocka_unit_test(test_fold_combining_marks),
		cmocka_unit_test(test_fold_greek_cyrillic),
		cmocka_unit_test(test_fold_arabic),
		cmocka_unit_test(test_fold_apostrophes_fullwidth),
		cmocka_unit_test(test_fold_unchanged),
		cmocka_unit_test(test_fold_invalid_skipped),
		cmocka_unit_test(test_fold_overflow),
		cmocka_unit_test(test_fold_idempotent),
		cmocka_unit_test(test_fold_output_always_valid),
		cmocka_unit_test(test_lower_keeps_accents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
