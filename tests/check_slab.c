/*
 * check_slab.c - compact mode's task memory (kernel/slab.c): objects of a
 * size come back for the next of that size, are 8-byte aligned and do not
 * overlap, a refused allocation is NULL (the hook of kalloc.h), a limit
 * on address space gets a smaller region, and the
 * tasks of a compact-mode run live there and go back when they end.
 * Under AddressSanitizer or valgrind the slab hands everything to malloc
 * (so that they still see each object): the checks of its own bookkeeping
 * are skipped then.
 */
#include "tests/testlib.h"
#include "kernel/kalloc.h"
#include "kernel/slab.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int through_malloc(void)
{
#ifdef MINIOS_SANITIZERS
	return 1;
#else
	return TL_VALGRIND;
#endif
}

START_TEST(test_objects_are_aligned_apart_and_reused)
{
	enum { N = 1000 };
	static char *p[N];
	size_t live0 = slab_live_bytes();
	for (int i = 0; i < N; i++) {
		p[i] = slab_alloc(300 + (size_t)(i % 3) * 8);
		ck_assert_ptr_nonnull(p[i]);
		ck_assert_uint_eq((uintptr_t)p[i] % 8, 0);
		memset(p[i], i & 0xff, 300);
	}
	for (int i = 0; i < N; i++)
		ck_assert_int_eq((unsigned char)p[i][299], i & 0xff); /* none overwritten */
	if (!through_malloc()) {
		/* Whole 8-byte words: 300, 308 and 316 take 304, 312, 320. */
		ck_assert_uint_eq(slab_live_bytes() - live0,
				  (N / 3 + 1) * 304 + (N / 3) * 312 + (N / 3) * 320);
		ck_assert_uint_ge(slab_mapped_bytes(), slab_live_bytes());
	}
	char *freed = p[4]; /* size 308 */
	slab_free(freed, 308);
	if (!through_malloc()) {
		ck_assert_ptr_eq(slab_alloc(308), freed); /* its size's next */
		slab_free(freed, 308);
		ck_assert_ptr_ne(slab_alloc(300), freed); /* not another size's */
	}
	slab_reset();
	if (!through_malloc())
		ck_assert_uint_eq(slab_mapped_bytes(), 0);
}
END_TEST

START_TEST(test_a_refused_allocation_is_null)
{
	kernel_alloc_fail_after(0);
	void *p = slab_alloc(64);
	kernel_alloc_fail_after(-1);
	ck_assert_ptr_null(p);
	slab_reset();
}
END_TEST

/* Under a limit on address space with less than a whole region left
 * (ulimit -v), a smaller region still serves: compact mode can start
 * tasks where private mode's small stacks can.  In a child: the limit
 * stays there. */
START_TEST(test_a_limit_on_address_space_gets_a_smaller_region)
{
	if (through_malloc())
		return;
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		long pages = 0;
		FILE *f = fopen("/proc/self/statm", "r");
		if (!f || fscanf(f, "%ld", &pages) != 1)
			_exit(2);
		fclose(f);
		slab_reset();
		struct rlimit limit;
		getrlimit(RLIMIT_AS, &limit);
		limit.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)16 << 20);
		if (setrlimit(RLIMIT_AS, &limit) != 0)
			_exit(2);
		void *p = slab_alloc(300);
		_exit(p ? 0 : 1);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_msg(WEXITSTATUS(status) == 0, "no object with 16 MiB of address space left (%d)",
		      WEXITSTATUS(status));
}
END_TEST

/* Compact mode's tasks come from the slab, and go back to it. */
static volatile int released;

static int idle(void *arg)
{
	(void)arg;
	while (!released)
		sys_yield();
	return 0;
}

static int spawner(void *arg)
{
	size_t *live = arg;
	int tids[100];
	for (int i = 0; i < 100; i++)
		tids[i] = sys_newtask("idle", idle, NULL);
	live[0] = slab_live_bytes();
	released = 1;
	for (int i = 0; i < 100; i++)
		sys_waittask(tids[i], NULL);
	live[1] = slab_live_bytes();
	return 0;
}

START_TEST(test_compact_tasks_live_in_the_slab)
{
	if (through_malloc())
		return;
	struct kernel_config c;
	kernel_config_defaults(&c);
	c.stack_mode = KERNEL_STACK_COMPACT;
	c.announce_exits = 0;
	if (kernel_init(&c) == -ENOTSUP)
		return; /* no compact stacks in this build (ucontext) */
	size_t live[2] = {0, 0};
	ck_assert_int_eq(kernel_spawn("spawner", spawner, live, 0), 1);
	ck_assert_int_eq(kernel_run(NULL), 0);
	kernel_shutdown();
	/* 100 tasks of a few hundred bytes each came and went. */
	ck_assert_uint_ge(live[0] - live[1], 100 * 256);
	ck_assert_uint_lt(live[0] - live[1], 100 * 512);
	ck_assert_uint_eq(slab_mapped_bytes(), 0); /* shutdown gave it all back */
}
END_TEST

/* Issue 13's budget: an idle task of W3 (named "idle", blocked in
 * WaitTask) costs at most 296 bytes - 288 of them here (struct task, its
 * name rounded to 8, the room for its saved stack: task.h) and the task
 * table's slot of 8.  A field that grows struct task, or a bigger room,
 * fails here, not only in a benchmark run (test_compact_waittask_fits_exactly
 * in check_stack holds the room to what WaitTask saves). */
static long budget_started;

static int budget_gate(void *arg)
{
	long n = (long)(intptr_t)arg;
	while (budget_started < n)
		sys_yield();
	return 0;
}

static int budget_idle(void *arg)
{
	budget_started++;
	return sys_waittask((int)(intptr_t)arg, NULL);
}

START_TEST(test_an_idle_compact_task_fits_the_budget)
{
	if (through_malloc())
		return;
	enum { N = 1000 };
	struct kernel_config c;
	kernel_config_defaults(&c);
	c.stack_mode = KERNEL_STACK_COMPACT;
	c.announce_exits = 0;
	if (kernel_init(&c) == -ENOTSUP)
		return; /* no compact stacks in this build (ucontext) */
	budget_started = 0;
	int gate = kernel_spawn("gate", budget_gate, (void *)(intptr_t)N, 0);
	ck_assert_int_gt(gate, 0);
	size_t live0 = slab_live_bytes();
	for (int i = 0; i < N; i++)
		ck_assert_int_gt(kernel_spawn("idle", budget_idle, (void *)(intptr_t)gate, 0), 0);
	size_t per_task = (slab_live_bytes() - live0) / N;
	ck_assert_int_eq(kernel_run(NULL), 0);
	kernel_shutdown();
	ck_assert_int_eq(budget_started, N);
	ck_assert_uint_le(per_task, 296 - 8);
}
END_TEST

static Suite *slab_suite(void)
{
	Suite *s = suite_create("slab");
	TCase *tc = tcase_create("slab");
	tcase_add_test(tc, test_objects_are_aligned_apart_and_reused);
	tcase_add_test(tc, test_a_refused_allocation_is_null);
	tcase_add_test(tc, test_a_limit_on_address_space_gets_a_smaller_region);
	tcase_add_test(tc, test_compact_tasks_live_in_the_slab);
	tcase_add_test(tc, test_an_idle_compact_task_fits_the_budget);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(slab_suite());
}
