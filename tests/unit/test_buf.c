/* test_buf.c — the growable buffer: its maximum, and the block it hands
 * over (a cached page keeps that block for as long as it is cached, so its
 * size is memory the page cache's budget must be able to count). */
#include "unit.h"

#include <malloc.h>
#include <stdlib.h>

#include "buf.h"

static void test_overflow_sticks(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "6789"), -1);
	assert_true(b.overflow);
	assert_int_equal(buf_putc(&b, 'x'), -1);   /* nothing more once it overflowed */
	assert_string_equal(buf_str(&b), "12345");
	buf_release(&b);
}

/* 10,000 bytes grow the block to 16 KiB; the detached one holds what it
 * says, not the doubling's slack (the regression: every cached page kept
 * up to twice its size, or gzip's worst-case bound, unseen by the budget). */
static void test_detach_gives_back_the_slack(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_append(&b, "0123456789", 10), 0);
	assert_true(b.cap >= 16384);
	size_t len = 0;
	char *p = buf_detach(&b, &len);
	assert_int_equal(len, 10000);
	assert_int_equal(p[len], '\0');
	assert_true(malloc_usable_size(p) < 10000 + 10000 / 8);
	assert_int_equal(memcmp(p + 9990, "0123456789", 10), 0);
	free(p);
	assert_null(b.data);   /* b is empty and usable again */
	assert_int_equal(buf_puts(&b, "again"), 0);
	buf_release(&b);
}

/* gzip writes into buf_room's worst-case bound and counts less. */
static void test_detach_after_room(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, BUF_MAX_PAGE);
	char *dst = buf_room(&b, 60000);
	assert_non_null(dst);
	memset(dst, 'z', 3000);
	buf_wrote(&b, 3000);
	size_t len = 0;
	char *p = buf_detach(&b, &len);
	assert_int_equal(len, 3000);
	assert_true(malloc_usable_size(p) < 4096);
	free(p);
}

static void test_detach_empty(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 16);
	size_t len = 1;
	char *p = buf_detach(&b, &len);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overflow_sticks),
		cmocka_unit_test(test_detach_gives_back_the_slack),
		cmocka_unit_test(test_detach_after_room),
		cmocka_unit_test(test_detach_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
