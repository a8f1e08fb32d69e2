/* test_csv.c — the CSV reader (RFC 4180 quoting, line ends, comments,
 * errors) and the writer of one field (quoting, formulas neutralised,
 * numbers kept). */
#include "unit.h"

#include <stdlib.h>

#include "csv.h"
#include "util.h"

/* Reads all of `text`; returns the last csv_next result. */
static int read_all(struct csv *c, const char *text)
{
	csv_init(c, text, strlen(text));
	int rc;
	while ((rc = csv_next(c)) == 1)
		;
	return rc;
}

static void test_plain_records(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "a,b,c\n1,2,3\n";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(c.fields[0], "a");
	assert_string_equal(c.fields[2], "c");
	assert_int_equal(c.line, 1);
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[1], "2");
	assert_int_equal(c.line, 2);
	assert_int_equal(csv_next(&c), 0);
	assert_int_equal(csv_next(&c), 0);
	csv_release(&c);
}

static void test_quotes_and_escapes(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "\"a \"\"b\"\", c\",\"\",plain\n";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(c.fields[0], "a \"b\", c");
	assert_string_equal(c.fields[1], "");
	assert_string_equal(c.fields[2], "plain");
	assert_int_equal(csv_next(&c), 0);
	csv_release(&c);
}

static void test_multiline_field_counts_lines(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "h1,h2\n\"line one\nline two\",x\nnext,row\n";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.line, 2);
	assert_string_equal(c.fields[0], "line one\nline two");
	assert_string_equal(c.fields[1], "x");
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.line, 4);
	assert_string_equal(c.fields[0], "next");
	csv_release(&c);
}

static void test_crlf_and_missing_final_newline(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "a,b\r\n\"q\",2\r\nlast,\"x\"";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[1], "b");
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[0], "q");
	assert_string_equal(c.fields[1], "2");
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.line, 3);
	assert_string_equal(c.fields[1], "x");
	assert_int_equal(csv_next(&c), 0);
	csv_release(&c);
}

static void test_empty_fields(void **state)
{
	(void)state;
	struct csv c;
	const char *text = ",,\na,,\n";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(c.fields[0], "");
	assert_string_equal(c.fields[2], "");
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(c.fields[0], "a");
	csv_release(&c);
}

static void test_comments_only_before_header(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "# source: somewhere\n#another, \"with quotes\n\nname,n\n#x,1\n";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.line, 4);
	assert_string_equal(c.fields[0], "name");
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.line, 5);
	assert_string_equal(c.fields[0], "#x");
	assert_int_equal(csv_next(&c), 0);
	csv_release(&c);
}

static void test_bom_and_blank_lines(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "\xEF\xBB\xBFh\n\n1\r\n\r\n2\n";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[0], "h");
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[0], "1");
	assert_int_equal(c.line, 3);
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[0], "2");
	assert_int_equal(c.line, 5);
	assert_int_equal(csv_next(&c), 0);
	csv_release(&c);
}

static void test_utf8_passes_through(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "Côte d'Ivoire,\"Кот-д'Ивуар\",科特迪瓦\n";
	csv_init(&c, text, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_string_equal(c.fields[0], "Côte d'Ivoire");
	assert_string_equal(c.fields[1], "Кот-д'Ивуар");
	assert_string_equal(c.fields[2], "科特迪瓦");
	csv_release(&c);
}

static void test_stray_quote_is_an_error(void **state)
{
	(void)state;
	struct csv c;
	assert_int_equal(read_all(&c, "a,b\nok,fine\nbad\"field,x\n"), -1);
	assert_int_equal(c.line, 3);
	assert_non_null(strstr(c.err, "quote"));
	/* The error is sticky: the reader does not resume mid-record. */
	assert_int_equal(csv_next(&c), -1);
	csv_release(&c);
}

static void test_unterminated_quote_names_its_line(void **state)
{
	(void)state;
	struct csv c;
	assert_int_equal(read_all(&c, "a,b\n1,2\n3,\"open\nand on\nand on\n"), -1);
	assert_int_equal(c.line, 3);
	assert_non_null(strstr(c.err, "unterminated"));
	csv_release(&c);
}

static void test_text_after_closing_quote_is_an_error(void **state)
{
	(void)state;
	struct csv c;
	assert_int_equal(read_all(&c, "a\n\"x\"y\n"), -1);
	assert_int_equal(c.line, 2);
	assert_non_null(strstr(c.err, "closing quote"));
	csv_release(&c);
}

static void test_bare_cr_is_an_error(void **state)
{
	(void)state;
	struct csv c;
	assert_int_equal(read_all(&c, "a\rb\n"), -1);
	assert_int_equal(c.line, 1);
	csv_release(&c);
}

static void test_nul_byte_is_an_error(void **state)
{
	(void)state;
	struct csv c;
	static const char text[] = "a,b\nx\0y,z\n";
	csv_init(&c, text, sizeof(text) - 1);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(csv_next(&c), -1);
	assert_int_equal(c.line, 2);
	assert_non_null(strstr(c.err, "NUL"));
	csv_release(&c);
}

static void test_empty_and_comment_only_input(void **state)
{
	(void)state;
	struct csv c;
	assert_int_equal(read_all(&c, ""), 0);
	csv_release(&c);
	assert_int_equal(read_all(&c, "# nothing here\n# at all\n"), 0);
	csv_release(&c);
}

/* Regression (found by tests/fuzz/fuzz_csv.c): a separator as the very
 * last byte of the input was followed by a read past the end. */
static void test_separator_at_end_of_input(void **state)
{
	(void)state;
	struct csv c;
	const char *text = "a,b,";
	char *copy = malloc(strlen(text));   /* no NUL after the input */
	memcpy(copy, text, strlen(text));
	csv_init(&c, copy, strlen(text));
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(c.fields[2], "");
	assert_int_equal(csv_next(&c), 0);
	csv_release(&c);
	free(copy);
}

static void test_column_lookup(void **state)
{
	(void)state;
	char *header[] = {"iso3", "iso2", "name_en"};
	assert_int_equal(csv_column(header, 3, "iso3"), 0);
	assert_int_equal(csv_column(header, 3, "name_en"), 2);
	assert_int_equal(csv_column(header, 3, "name_fr"), -1);
	assert_int_equal(csv_column(header, 0, "iso3"), -1);
}

/* Writes s as one field of the given type and compares with want. */
static void check_field(const char *s, enum csv_type type, const char *want)
{
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	assert_int_equal(csv_put_field(&b, s, strlen(s), type), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void test_write_quoting(void **state)
{
	(void)state;
	check_field("plain text", CSV_TEXT, "plain text");
	check_field("", CSV_TEXT, "");
	check_field("a,b", CSV_TEXT, "\"a,b\"");
	check_field("say \"hi\"", CSV_TEXT, "\"say \"\"hi\"\"\"");
	check_field("\"", CSV_TEXT, "\"\"\"\"");
	check_field("one\r\ntwo", CSV_TEXT, "\"one\r\ntwo\"");
	check_field("Réseau « Migrants » مرحبا", CSV_TEXT, "Réseau « Migrants » مرحبا");
}

static void test_write_formulas_neutralised(void **state)
{
	(void)state;
	/* OWASP's list: = + - @, tab, carriage return */
	check_field("=1+1", CSV_TEXT, "'=1+1");
	check_field("=HYPERLINK(\"https://evil.example\",\"x\")", CSV_TEXT,
	            "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\"");
	check_field("+cmd|' /C calc'!A0", CSV_TEXT, "'+cmd|' /C calc'!A0");
	check_field("-2+3", CSV_TEXT, "'-2+3");
	check_field("@SUM(A1)", CSV_TEXT, "'@SUM(A1)");
	check_field("\t=1", CSV_TEXT, "'\t=1");
	check_field("\r=1", CSV_TEXT, "\"'\r=1\"");
	/* an apostrophe is marked too, so a leading one always reads back as added */
	check_field("'s-Hertogenbosch", CSV_TEXT, "''s-Hertogenbosch");
	/* only the first character counts */
	check_field("a=1", CSV_TEXT, "a=1");
	check_field(" =1", CSV_TEXT, " =1");
	/* a number in a text column is text: marked too */
	check_field("-12", CSV_TEXT, "'-12");
}

static void test_write_numbers(void **state)
{
	(void)state;
	/* numbers in a number column stay numbers */
	check_field("-12", CSV_NUMBER, "-12");
	check_field("0", CSV_NUMBER, "0");
	check_field("42", CSV_NUMBER, "42");
	check_field("-0.5", CSV_NUMBER, "-0.5");
	check_field("1e-7", CSV_NUMBER, "1e-7");
	check_field("-2.5E+10", CSV_NUMBER, "-2.5E+10");
	/* anything else in a number column is text, neutralised as such */
	check_field("-2+3", CSV_NUMBER, "'-2+3");
	check_field("+12", CSV_NUMBER, "'+12");
	check_field("-", CSV_NUMBER, "'-");
	check_field("-inf", CSV_NUMBER, "'-inf");
	check_field("1.", CSV_NUMBER, "1.");
	check_field("-1e", CSV_NUMBER, "'-1e");
	check_field("12,5", CSV_NUMBER, "\"12,5\"");
	check_field("", CSV_NUMBER, "");
	/* overflow is reported */
	struct buf b;
	buf_init(&b, 3);
	assert_int_equal(csv_put_field(&b, "=abc", 4, CSV_TEXT), -1);
	assert_true(b.overflow);
	buf_release(&b);
}

/* What the writer writes, the reader reads back: each field as it was,
 * but for the apostrophe a text field may have gained. */
static void test_write_then_read(void **state)
{
	(void)state;
	static const char *const fields[] = {"=1+1", "a,\"b\"", "line\nbreak", "", "-3", "'q"};
	struct buf b;
	buf_init(&b, BUF_MAX_LINE);
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		if (i)
			buf_putc(&b, ',');
		csv_put_field(&b, fields[i], strlen(fields[i]), i == 4 ? CSV_NUMBER : CSV_TEXT);
	}
	buf_puts(&b, "\r\n");
	struct csv c;
	csv_init(&c, b.data, b.len);
	assert_int_equal(csv_next(&c), 1);
	assert_int_equal(c.nfields, ARRAY_LEN(fields));
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		const char *got = c.fields[i];
		if (got[0] == '\'' && i != 4)
			got++;
		assert_string_equal(got, fields[i]);
	}
	assert_int_equal(csv_next(&c), 0);
	csv_release(&c);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_records),
		cmocka_unit_test(test_quotes_and_escapes),
		cmocka_unit_test(test_multiline_field_counts_lines),
		cmocka_unit_test(test_crlf_and_missing_final_newline),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_comments_only_before_header),
		cmocka_unit_test(test_bom_and_blank_lines),
		cmocka_unit_test(test_utf8_passes_through),
		cmocka_unit_test(test_stray_quote_is_an_error),
		cmocka_unit_test(test_unterminated_quote_names_its_line),
		cmocka_unit_test(test_text_after_closing_quote_is_an_error),
		cmocka_unit_test(test_bare_cr_is_an_error),
		cmocka_unit_test(test_nul_byte_is_an_error),
		cmocka_unit_test(test_empty_and_comment_only_input),
		cmocka_unit_test(test_separator_at_end_of_input),
		cmocka_unit_test(test_column_lookup),
		cmocka_unit_test(test_write_quoting),
		cmocka_unit_test(test_write_formulas_neutralised),
		cmocka_unit_test(test_write_numbers),
		cmocka_unit_test(test_write_then_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
