/*
 * resources.c - what tasks take from the host comes back: owned
 * arguments, sys_alloc memory, and the fds, heap and mappings of ten
 * thousand tasks.
 */
#include "config.h"
#include "tests/task/task_tests.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- TASK_OWNS_ARG ---- */

#define OWNED_SIZE 4096

static int owned_return(void *arg)
{
	memset(arg, 1, OWNED_SIZE);
	return 0;
}

static int owned_exit(void *arg)
{
	memset(arg, 2, OWNED_SIZE);
	sys_exit(1);
}

static int owned_block(void *arg)
{
	memset(arg, 3, OWNED_SIZE);
	sys_sem_wait(gate_sem);
	return 0;
}

static int owned_fault(void *arg)
{
	memset(arg, 4, OWNED_SIZE);
	volatile int *bad = NULL;
	*bad = 1;
	return 0;
}

static int owns_arg_task(void *arg)
{
	int faults = arg != NULL;
	gate_sem = sys_sem_create("gate", 0);
	for (int round = 0; round < 50; round++) {
		int tids[4], n = 0;
		tids[n++] = sys_spawn("ret", owned_return, malloc(OWNED_SIZE), TASK_OWNS_ARG);
		tids[n++] = sys_spawn("exit", owned_exit, malloc(OWNED_SIZE), TASK_OWNS_ARG);
		tids[n++] = sys_spawn("block", owned_block, malloc(OWNED_SIZE), TASK_OWNS_ARG);
		if (faults)
			tids[n++] =
				sys_spawn("fault", owned_fault, malloc(OWNED_SIZE), TASK_OWNS_ARG);
		for (int i = 0; i < n; i++)
			ck_assert_int_gt(tids[i], 0);
		ck_assert(tl_wait_blocked(tids[2], TASK_WAIT_SEM));
		ck_assert_int_eq(sys_killtask(tids[2]), 0);
		for (int i = 0; i < n; i++)
			sys_waittask(tids[i], NULL);
	}
	return 0;
}

/* Memory from sys_alloc belongs to the task: what it still holds when it
 * ends - by return or by kill - the kernel frees. */
static int hoarder(void *arg)
{
	int blocks = (int)(intptr_t)arg;
	for (int i = 0; i < blocks; i++) {
		char *p = sys_alloc(10000);
		ck_assert_ptr_nonnull(p);
		p[0] = p[9999] = 1;
	}
	void *freed = sys_alloc(100);
	sys_free(freed);
	sys_free(NULL);
	sys_yield();
	for (;;)
		sys_sleep(1000000000); /* killed here, holding it all */
}

static int returner(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		ck_assert_ptr_nonnull(sys_alloc(10000));
	return 0;
}

static int alloc_task(void *arg)
{
	(void)arg;
	/* One of each first, so the heap's own growth is not counted. */
	int tid = sys_newtask("hoarder", hoarder, (void *)1);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SLEEP));
	ck_assert_int_eq(sys_killtask(tid), 0);
	size_t before = tl_heap_in_use();
	tid = sys_newtask("hoarder", hoarder, (void *)300);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SLEEP));
	ck_assert_uint_ge(tl_heap_in_use(), before + 300 * 10000);
	ck_assert_int_eq(sys_killtask(tid), 0);
	tid = sys_newtask("returner", returner, NULL);
	ck_assert_int_eq(sys_waittask(tid, NULL), 0);
	ck_assert_msg(tl_heap_in_use() <= before + 64 * 1024, "heap grew from %zu to %zu bytes",
		      before, tl_heap_in_use());
	return 0;
}

/* sys_realloc: the block keeps its content and its owner, moved or not,
 * and the blocks beside it in the owner's list stay there. */
#define REALLOC_BIG (512 * 1024) /* past malloc's mmap threshold: it moves */

static int reallocator(void *arg)
{
	(void)arg;
	char *a = sys_alloc(16), *b = sys_alloc(16), *c = sys_alloc(16);
	ck_assert(a && b && c);
	strcpy(b, "kept");
	b = sys_realloc(b, REALLOC_BIG);
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(b, "kept");
	memset(b + 5, 1, REALLOC_BIG - 5);
	ck_assert_ptr_null(sys_realloc(b, SIZE_MAX)); /* refused: b is as it was */
	ck_assert_str_eq(b, "kept");
	b = sys_realloc(b, 8);
	ck_assert_str_eq(b, "kept");
	char *d = sys_realloc(NULL, REALLOC_BIG); /* a new block, the caller's */
	ck_assert_ptr_nonnull(d);
	d[REALLOC_BIG - 1] = 1;
	b = sys_realloc(b, REALLOC_BIG);
	ck_assert_str_eq(b, "kept");
	sys_free(a); /* its neighbour moved twice: the list holds */
	sys_free(c);
	sys_yield();
	for (;;)
		sys_sleep(1000000000); /* killed here, holding b and d */
}

static int realloc_task(void *arg)
{
	(void)arg;
	int tid = sys_newtask("reallocator", reallocator, NULL); /* the heap's growth */
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SLEEP));
	ck_assert_int_eq(sys_killtask(tid), 0);
	size_t before = tl_heap_in_use();
	tid = sys_newtask("reallocator", reallocator, NULL);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SLEEP));
	if (!TL_ASAN && !TL_VALGRIND)
		ck_assert_uint_ge(tl_heap_in_use(), before + 2 * REALLOC_BIG);
	ck_assert_int_eq(sys_killtask(tid), 0);
	/* Under ASan, mallinfo2 says nothing: LeakSanitizer sees to it. */
	if (!TL_ASAN && !TL_VALGRIND)
		ck_assert_msg(tl_heap_in_use() <= before + 64 * 1024,
			      "heap grew from %zu to %zu bytes", before, tl_heap_in_use());
	return 0;
}

START_TEST(test_sys_realloc_keeps_the_owner)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, realloc_task, NULL);
}
END_TEST

START_TEST(test_sys_alloc_is_freed_with_its_task)
{
	/* mallinfo2 says nothing under ASan or valgrind, whose leak checks
	 * see to it there. */
	if (TL_ASAN || TL_VALGRIND)
		return;
	tl_run(KERNEL_CLOCK_VIRTUAL, alloc_task, NULL);
}
END_TEST

START_TEST(test_owns_arg_is_freed)
{
	/* Warm up (pools, lists), then measure a second run of the same. */
	tl_run(KERNEL_CLOCK_VIRTUAL, owns_arg_task, NULL);
	size_t before = tl_heap_in_use();
	tl_run(KERNEL_CLOCK_VIRTUAL, owns_arg_task, TL_ASAN || TL_VALGRIND ? NULL : (void *)1);
	size_t after = tl_heap_in_use();
	/* 150-200 leaked args would be >= 600 KiB. Under ASan, mallinfo2 says
	 * nothing, but LeakSanitizer reports the leak when the test ends. */
	ck_assert_msg(after <= before + 64 * 1024,
		      "heap grew by %zu bytes over 200 owned-arg tasks", after - before);
}
END_TEST

/* ---- many tasks: host resources come back ---- */

static int spawn_and_reap(void *arg)
{
	int total = (int)(intptr_t)arg;
	int tids[100];
	for (int done = 0; done < total; done += 100) {
		for (int i = 0; i < 100; i++) {
			tids[i] = sys_newtask("worker", exit_with_arg, (void *)(intptr_t)(i & 1));
			ck_assert_msg(tids[i] > 0, "newtask failed with %d after %d tasks", tids[i],
				      done + i);
		}
		for (int i = 0; i < 100; i++)
			tl_join(tids[i]);
	}
	return 0;
}

static int ten_thousand(void *arg)
{
	(void)arg;
	spawn_and_reap((void *)(intptr_t)200); /* warm up the pools */
	int fds = tl_count_open_fds();
	size_t heap = tl_heap_in_use();
	int maps = tl_count_mappings();
	spawn_and_reap((void *)(intptr_t)10000);
	ck_assert_int_eq(tl_count_open_fds(), fds);
	if (!TL_ASAN)
		ck_assert_msg(tl_heap_in_use() <= heap + 64 * 1024,
			      "heap grew from %zu to %zu bytes", heap, tl_heap_in_use());
	ck_assert_int_le(tl_count_mappings(), maps + 16);
	struct kernel_stats stats;
	sys_stats(&stats);
	ck_assert_uint_eq(stats.tasks_created, 1 + 10200);
	ck_assert_int_eq(stats.tasks_alive, 1);
	return 0;
}

START_TEST(test_ten_thousand_tasks_release_everything)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	/* One boot/shutdown first, so one-time allocations are not counted. */
	tl_run_config(&config, exit_with_arg, NULL);
	int fds = tl_count_open_fds();
	size_t heap = tl_heap_in_use();
	tl_run_config(&config, ten_thousand, NULL);
	/* And the whole kernel gives everything back at shutdown. */
	ck_assert_int_eq(tl_count_open_fds(), fds);
	if (!TL_ASAN)
		ck_assert_msg(tl_heap_in_use() <= heap + 16 * 1024,
			      "heap grew from %zu to %zu bytes across a kernel's life", heap,
			      tl_heap_in_use());
}
END_TEST

TCase *task_resources_tcase(void)
{
	TCase *tc = tcase_create("resources");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_owns_arg_is_freed);
	tcase_add_test(tc, test_sys_alloc_is_freed_with_its_task);
	tcase_add_test(tc, test_sys_realloc_keeps_the_owner);
	tcase_add_test(tc, test_ten_thousand_tasks_release_everything);
	return tc;
}
