/* test_csv.c — the CSV reader: RFC 4180 quoting, line ends, comments, errors. */
#include "unit.h"

#include <stdlib.h>

#include "csv.h"

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
