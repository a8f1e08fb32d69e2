/* test_db_gate.c — the queue of a process's writers in front of the
 * database's writer lock (db_gate.c): one gate per database, writers let in
 * in the order they came, a wait bounded by the lock's timeout and then a
 * retryable "busy", and db_begin … db_commit holding it on the run's
 * backend. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "unit.h"

#include "db.h"
#include "db_backend.h"
#include "scratch.h"

/* Waits (at most 30 s: the machine may be busy) until n writers queue. */
static void wait_queued(struct db_gate *g, size_t n)
{
	for (int i = 0; i < 30000 && db_gate_queued(g) != n; i++)
		nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
	assert_int_equal(db_gate_queued(g), n);
}

static void test_one_gate_per_database(void **state)
{
	(void)state;
	assert_null(db_gate_for(":memory:"));
	assert_null(db_gate_for("file:x?mode=memory"));
	struct db_gate *a = db_gate_for("/tmp/pacte-gate-test-a.db");
	assert_non_null(a);
	assert_ptr_equal(db_gate_for("/tmp/pacte-gate-test-a.db"), a);
	assert_ptr_not_equal(db_gate_for("/tmp/pacte-gate-test-b.db"), a);
}

#define WRITERS 4

struct fifo {
	struct db_gate *gate;
	int index;
	int *order;
	int *n;
};

static void *fifo_writer(void *arg)
{
	struct fifo *f = arg;
	if (db_gate_enter(f->gate, 60000) == 0) {
		f->order[(*f->n)++] = f->index;   /* the gate makes this exclusive */
		db_gate_leave(f->gate);
	}
	return NULL;
}

/* Writers that queue one after the other are let in in that order. */
static void test_first_come_first_served(void **state)
{
	(void)state;
	struct db_gate *g = db_gate_for("/tmp/pacte-gate-test-fifo.db");
	assert_int_equal(db_gate_enter(g, 1000), 0);
	pthread_t th[WRITERS];
	struct fifo f[WRITERS];
	int order[WRITERS] = {0}, n = 0;
	for (int i = 0; i < WRITERS; i++) {
		f[i] = (struct fifo){.gate = g, .index = i, .order = order, .n = &n};
		assert_int_equal(pthread_create(&th[i], NULL, fifo_writer, &f[i]), 0);
		wait_queued(g, (size_t)i + 1);
	}
	db_gate_leave(g);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(n, WRITERS);
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(order[i], i);
	assert_int_equal(db_gate_queued(g), 0);
}

/* A wait past the timeout gives up and leaves the queue; the gate is then
 * free for the next writer as soon as its holder leaves. */
static void test_wait_is_bounded(void **state)
{
	(void)state;
	struct db_gate *g = db_gate_for("/tmp/pacte-gate-test-timeout.db");
	assert_int_equal(db_gate_enter(g, 1000), 0);
	assert_int_equal(db_gate_enter(g, 20), -1);
	assert_int_equal(db_gate_queued(g), 0);
	db_gate_leave(g);
	assert_int_equal(db_gate_enter(g, 20), 0);
	db_gate_leave(g);
}

struct second {
	struct db *db;
	int begin_rc, commit_rc;
};

static void *second_writer(void *arg)
{
	struct second *s = arg;
	s->begin_rc = db_begin(s->db);
	if (s->begin_rc == 0)
		s->commit_rc = db_commit(s->db);
	return NULL;
}

/* On the run's backend: a second connection's db_begin waits at the gate
 * while the first holds a write transaction, and goes on when it commits. */
static void test_begin_waits_for_commit(void **state)
{
	struct scratch *t = *state;
	struct db *a = t->db, *b = scratch_connect(t);
	assert_non_null(a->gate);
	assert_ptr_equal(a->gate, b->gate);
	assert_int_equal(db_begin(a), 0);
	struct second s = {.db = b, .begin_rc = -2, .commit_rc = -2};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, second_writer, &s), 0);
	wait_queued(a->gate, 1);
	assert_int_equal(db_commit(a), 0);
	pthread_join(th, NULL);
	assert_int_equal(s.begin_rc, 0);
	assert_int_equal(s.commit_rc, 0);
	assert_int_equal(db_gate_queued(a->gate), 0);
	db_close(b);
}

/* A writer that waits past its lock timeout fails as the lock would:
 * retryable, "busy"; and the gate is free once the first rolls back. */
static void test_begin_times_out_busy(void **state)
{
	struct scratch *t = *state;
	struct db *a = t->db, *b = scratch_connect(t);
	b->gate_ms = 20;
	assert_int_equal(db_begin(a), 0);
	assert_int_equal(db_begin(b), -1);
	assert_true(db_retryable(b));
	assert_says(db_errmsg(b), "more than 20 ms");
	db_rollback(a);
	assert_int_equal(db_begin(b), 0);
	db_rollback(b);
	db_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_gate_per_database),
		cmocka_unit_test(test_first_come_first_served),
		cmocka_unit_test(test_wait_is_bounded),
		cmocka_unit_test_setup_teardown(test_begin_waits_for_commit, scratch_setup_migrated,
		                                scratch_teardown),
		cmocka_unit_test_setup_teardown(test_begin_times_out_busy, scratch_setup_migrated,
		                                scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
