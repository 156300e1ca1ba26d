/*
 * check_task.c - the task suite: GetTid, NewTask, KillTask, WaitTask, Exit,
 * FIFO scheduling, notifications, ownership of arguments, tasklist, stats,
 * bad traps, compact stacks, and the cost of many tasks in host resources.
 *
 * One program; each topic is a file in tests/task/ (see task_tests.h) and
 * one test case here.  This file holds what the topics share.
 */
#include "config.h"
#include "tests/task/task_tests.h"

int child_tid, child_status, child_rc, reached;
int gate_sem;
int victim_a, victim_b;
int waiter_statuses[5], waiter_rcs[5];
int pipe_fds[2];

/* Children yield once before they end, so that a parent that waits right
 * after creating them (the child runs first) still finds them alive. */
int exit_with_arg(void *arg)
{
	sys_yield();
	return (int)(intptr_t)arg;
}

int exit_now(void *arg)
{
	(void)arg;
	return 0;
}

int wait_on_gate(void *arg)
{
	(void)arg;
	sys_sem_wait(gate_sem);
	return 0;
}

int wait_for_victim(void *arg)
{
	int i = (int)(intptr_t)arg;
	waiter_rcs[i] = sys_waittask(victim_a, &waiter_statuses[i]);
	return 0;
}

static Suite *task_suite(void)
{
	Suite *s = suite_create("task");
	suite_add_tcase(s, task_life_tcase());
	suite_add_tcase(s, task_kill_tcase());
	suite_add_tcase(s, task_wait_tcase());
	suite_add_tcase(s, task_notify_tcase());
	suite_add_tcase(s, task_introspection_tcase());
	suite_add_tcase(s, task_compact_tcase());
	suite_add_tcase(s, task_resources_tcase());
	return s;
}

int main(void)
{
	return tl_main(task_suite());
}
