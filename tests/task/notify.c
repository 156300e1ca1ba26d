/*
 * notify.c - notifications: NOTIFY_CHILD and WaitChild, NOTIFY_INTERRUPT.
 */
#include "config.h"
#include "tests/task/task_tests.h"

#include <errno.h>

/* ---- notifications: NOTIFY_CHILD, WaitChild, NOTIFY_INTERRUPT ---- */

static int waitchild_task(void *arg)
{
	(void)arg;
	int tid = -1, status = -1;
	ck_assert_int_eq(sys_waitchild(&tid, &status, WAIT_NOHANG), -ECHILD);
	ck_assert_int_ge(sys_notify(NOTIFY_CHILD), 0);
	gate_sem = sys_sem_create("gate", 0);

	/* An exit is queued even when the child ended before we asked. */
	int quick = sys_newtask("quick", exit_now, NULL);
	tl_yield_n(2);
	ck_assert_int_eq(sys_waitchild(&tid, &status, 0), 0);
	ck_assert_int_eq(tid, quick);
	ck_assert_int_eq(status, 0);

	/* A live child and nothing queued: NOHANG says -EAGAIN. */
	int blocked = sys_newtask("blocked", wait_on_gate, NULL);
	ck_assert(tl_wait_blocked(blocked, TASK_WAIT_SEM));
	ck_assert_int_eq(sys_waitchild(&tid, &status, WAIT_NOHANG), -EAGAIN);
	ck_assert_int_eq(sys_killtask(blocked), 0);
	ck_assert_int_eq(sys_waitchild(&tid, &status, 0), 0);
	ck_assert_int_eq(tid, blocked);
	ck_assert_int_eq(status, TASK_STATUS_KILLED);

	/* Blocking WaitChild wakes when the child ends. */
	int later = sys_newtask("later", exit_with_arg, (void *)6);
	ck_assert_int_eq(sys_waitchild(&tid, &status, 0), 0);
	ck_assert_int_eq(tid, later);
	ck_assert_int_eq(status, 6);

	/* A child's end cuts a sleep short. */
	int sleeper_child = sys_newtask("ends", exit_with_arg, (void *)4);
	ck_assert_int_eq(sys_sleep((int64_t)100 * 1000000000), -EINTR);
	ck_assert_int_eq(sys_waitchild(&tid, &status, 0), 0);
	ck_assert_int_eq(tid, sleeper_child);
	ck_assert_int_eq(status, 4);

	ck_assert_int_eq(sys_waitchild(&tid, &status, WAIT_NOHANG), -ECHILD);
	reached = 1;
	return 0;
}

START_TEST(test_notify_child_and_waitchild)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, waitchild_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int no_notify_task(void *arg)
{
	(void)arg;
	int tid, status;
	int child = sys_newtask("child", exit_with_arg, (void *)1);
	tl_join(child);
	/* We did not ask for NOTIFY_CHILD: nothing was queued. */
	ck_assert_int_eq(sys_waitchild(&tid, &status, WAIT_NOHANG), -ECHILD);
	ck_assert_int_eq(sys_pending(), 0);
	return 0;
}

START_TEST(test_no_child_queue_without_notify)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, no_notify_task, NULL);
}
END_TEST

static int interrupted_rc, uninterrupted_rc, pending_first, pending_second;

static int wants_interrupt(void *arg)
{
	(void)arg;
	ck_assert_int_ge(sys_notify(NOTIFY_INTERRUPT), 0);
	interrupted_rc = sys_sem_wait(gate_sem);
	pending_first = sys_pending();
	pending_second = sys_pending();
	return 0;
}

static int ignores_interrupt(void *arg)
{
	(void)arg;
	uninterrupted_rc = sys_sem_wait(gate_sem);
	return 0;
}

static int interrupt_main(void *arg)
{
	(void)arg;
	gate_sem = sys_sem_create("gate", 0);
	interrupted_rc = uninterrupted_rc = 1;
	int a = sys_newtask("wants", wants_interrupt, NULL);
	int b = sys_newtask("ignores", ignores_interrupt, NULL);
	ck_assert(tl_wait_blocked(a, TASK_WAIT_SEM));
	ck_assert(tl_wait_blocked(b, TASK_WAIT_SEM));
	kernel_raise_interrupt(); /* as the SIGINT handler would */
	for (int i = 0; i < 200 && interrupted_rc == 1; i++)
		sys_sleep(1000000);
	ck_assert_int_eq(interrupted_rc, -EINTR);
	ck_assert_int_eq(pending_first & NOTIFY_INTERRUPT, NOTIFY_INTERRUPT);
	ck_assert_int_eq(pending_second, 0);
	/* The task that did not ask is still waiting. */
	ck_assert(tl_wait_blocked(b, TASK_WAIT_SEM));
	ck_assert_int_eq(uninterrupted_rc, 1);
	ck_assert_int_eq(sys_sem_post(gate_sem), 0);
	tl_join(b);
	ck_assert_int_eq(uninterrupted_rc, 0);
	return 0;
}

START_TEST(test_interrupt_reaches_tasks_that_asked)
{
	tl_run(KERNEL_CLOCK_REAL, interrupt_main, NULL);
}
END_TEST

TCase *task_notify_tcase(void)
{
	TCase *tc = tcase_create("notify");
	tcase_add_test(tc, test_notify_child_and_waitchild);
	tcase_add_test(tc, test_no_child_queue_without_notify);
	tcase_add_test(tc, test_interrupt_reaches_tasks_that_asked);
	return tc;
}
