/*
 * wait.c - WaitTask: its errors, a cycle of waiters, many waiters on one
 * task.
 */
#include "config.h"
#include "tests/task/task_tests.h"

#include <errno.h>

/* ---- WaitTask ---- */

static int waittask_errors(void *arg)
{
	(void)arg;
	int status = 12345;
	ck_assert_int_eq(sys_waittask(sys_gettid(), &status), -EDEADLK);
	ck_assert_int_eq(sys_waittask(9999, &status), -ESRCH);
	ck_assert_int_eq(sys_waittask(0, &status), -ESRCH);
	ck_assert_int_eq(sys_waittask(-1, &status), -ESRCH);
	ck_assert_int_eq(status, 12345);
	reached = 1;
	return 0;
}

START_TEST(test_waittask_self_and_unknown)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, waittask_errors, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int parent_tid;

static int waits_for_parent(void *arg)
{
	(void)arg;
	int status = -1;
	child_rc = sys_waittask(parent_tid, &status);
	child_status = status;
	return 0;
}

static int waittask_cycle(void *arg)
{
	(void)arg;
	parent_tid = sys_gettid();
	child_tid = sys_newtask("child", waits_for_parent, NULL);
	ck_assert(tl_wait_blocked(child_tid, TASK_WAIT_TASK));
	/* child waits for us: waiting for it would close a cycle. */
	ck_assert_int_eq(sys_waittask(child_tid, NULL), -EDEADLK);
	return 9;
}

START_TEST(test_waittask_cycle_is_edeadlk)
{
	child_rc = -1;
	tl_run(KERNEL_CLOCK_VIRTUAL, waittask_cycle, NULL);
	ck_assert_int_eq(child_rc, 0);
	ck_assert_int_eq(child_status, 9);
}
END_TEST

static int gate_then_exit_3(void *arg)
{
	(void)arg;
	sys_sem_wait(gate_sem);
	return 3;
}

/* Posts the gate after a few turns, so the poster's parent can block in
 * WaitTask first. */
static int post_gate_later(void *arg)
{
	(void)arg;
	tl_yield_n(3);
	ck_assert_int_eq(sys_sem_post(gate_sem), 0);
	return 0;
}

int many_waiters(void *arg)
{
	(void)arg;
	gate_sem = sys_sem_create("gate", 0);
	victim_a = sys_newtask("target", gate_then_exit_3, NULL);
	int waiters[5];
	for (int i = 0; i < 5; i++) {
		waiter_statuses[i] = -1;
		waiter_rcs[i] = -1;
		waiters[i] = sys_newtask("waiter", wait_for_victim, (void *)(intptr_t)i);
	}
	for (int i = 0; i < 5; i++)
		ck_assert(tl_wait_blocked(waiters[i], TASK_WAIT_TASK));
	sys_newtask("poster", post_gate_later, NULL);
	int status = -1;
	ck_assert_int_eq(sys_waittask(victim_a, &status), 0);
	ck_assert_int_eq(status, 3);
	for (int i = 0; i < 5; i++)
		tl_join(waiters[i]);
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(waiter_rcs[i], 0);
		ck_assert_int_eq(waiter_statuses[i], 3);
	}
	/* Once ended and reaped, the task is gone. */
	ck_assert_int_eq(sys_waittask(victim_a, NULL), -ESRCH);
	return 0;
}

START_TEST(test_waittask_many_waiters)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, many_waiters, NULL);
}
END_TEST

TCase *task_wait_tcase(void)
{
	TCase *tc = tcase_create("wait");
	tcase_add_test(tc, test_waittask_self_and_unknown);
	tcase_add_test(tc, test_waittask_cycle_is_edeadlk);
	tcase_add_test(tc, test_waittask_many_waiters);
	return tc;
}
