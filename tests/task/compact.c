/*
 * compact.c - the compact stack mode, on its own and under tasks of the
 * other topics.
 */
#include "config.h"
#include "tests/task/task_tests.h"

#include <errno.h>
#include <stdio.h>

/* ---- the compact stack mode ----
 * Tasks share one stack and keep only its used part while switched out.
 * Their locals must survive switches, and pointers to locals passed to
 * system calls (status, stats, tasklist buffers, names) must work. */

static int stack_pattern(void *arg)
{
	int id = (int)(intptr_t)arg;
	volatile unsigned char local[3000];
	for (size_t i = 0; i < sizeof local; i++)
		local[i] = (unsigned char)(id * 31 + i);
	for (int round = 0; round < 5; round++) {
		sys_yield();
		for (size_t i = 0; i < sizeof local; i++)
			ck_assert_msg(local[i] == (unsigned char)(id * 31 + i),
				      "task %d: local byte %zu changed across a switch", id, i);
	}
	char name[32];
	snprintf(name, sizeof name, "sem of %d", id);
	int sem = sys_sem_create(name, 0);
	struct task_info info[8];
	int n = sys_tasklist(info, 8);
	ck_assert_int_ge(n, 1);
	ck_assert_int_eq(info[0].tid, 1);
	struct kernel_stats stats;
	ck_assert_int_eq(sys_stats(&stats), 0);
	ck_assert_int_ge(stats.tasks_alive, 1);
	ck_assert_int_eq(sys_sem_destroy(sem), 0);
	return id;
}

static int compact_main(void *arg)
{
	(void)arg;
	int tids[4];
	for (int i = 0; i < 4; i++)
		tids[i] = sys_newtask("pattern", stack_pattern, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < 4; i++) {
		int status = -1;
		ck_assert_int_eq(sys_waittask(tids[i], &status), 0);
		ck_assert_int_eq(status, i + 1);
	}
	reached = 1;
	return 0;
}

START_TEST(test_compact_stacks)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_mode = KERNEL_STACK_COMPACT;
#ifndef MINIOS_CONTEXT_ASM
	/* Compact stacks need the hand-written switch: the ucontext build
	 * must refuse them, clearly. */
	ck_assert_int_eq(kernel_init(&config), -ENOTSUP);
	return;
#endif
	tl_run_config(&config, compact_main, NULL);
	ck_assert_int_eq(reached, 1);
	/* The other life-cycle tests, in compact mode. */
	task_entry_fn others[] = {exit_statuses_task,   tasklist_task,     tasklist_from_task,
				  kill_waittask_waiter, waiters_of_killed, many_waiters};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		reached = 0;
		tl_run_config(&config, others[i], NULL);
	}
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_mode = KERNEL_STACK_COMPACT;
	tl_run_config(&config, stats_task, (void *)(uintptr_t)KERNEL_DEFAULT_STACK_SIZE);
}
END_TEST

TCase *task_compact_tcase(void)
{
	TCase *tc = tcase_create("compact");
	tcase_add_test(tc, test_compact_stacks);
	return tc;
}
