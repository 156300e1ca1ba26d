/*
 * task_tests.h - what the files of the task suite (tests/check_task) share.
 *
 * The suite is one program, one file per topic in tests/task/, each adding
 * one test case (TCase) to the suite that check_task.c runs:
 *
 *   life.c           GetTid, NewTask, FIFO scheduling, Exit, two kernels
 *   kill.c           KillTask in every kind of wait, and the waiters
 *   wait.c           WaitTask: errors, cycles, many waiters
 *   notify.c         NOTIFY_CHILD, WaitChild, NOTIFY_INTERRUPT
 *   introspection.c  bad traps, call names, sys_tasklist, sys_stats
 *   compact.c        the compact stack mode, rerunning tasks of the others
 *   resources.c      owned arguments, sys_alloc, host resources of many tasks
 *
 * Each test runs in a process of its own (Check's fork mode), so the state
 * below starts at zero in every test.
 */
#ifndef MINIOS_TESTS_TASK_TESTS_H
#define MINIOS_TESTS_TASK_TESTS_H

#include "tests/testlib.h"

/* Values tasks leave for the test to check (check_task.c). */
extern int child_tid, child_status, child_rc, reached;
extern int gate_sem;
/* Tasks a test kills or waits for, and what their waiters saw. */
extern int victim_a, victim_b;
extern int waiter_statuses[5], waiter_rcs[5];
extern int pipe_fds[2];

/* Yields once, then returns (int)arg. */
int exit_with_arg(void *arg);
/* Ends at once, without a trap of its own before the exit. */
int exit_now(void *arg);
/* Blocks on gate_sem until it is posted. */
int wait_on_gate(void *arg);
/* WaitTask(victim_a), into waiter_rcs[arg] and waiter_statuses[arg]. */
int wait_for_victim(void *arg);

/* Task bodies of one topic that compact.c runs again with compact
 * stacks. */
int exit_statuses_task(void *arg);   /* life.c */
int kill_waittask_waiter(void *arg); /* kill.c */
int waiters_of_killed(void *arg);    /* kill.c */
int many_waiters(void *arg);         /* wait.c */
int tasklist_task(void *arg);        /* introspection.c */
int tasklist_from_task(void *arg);   /* introspection.c */
int stats_task(void *arg);           /* introspection.c; arg: stack size */

/* One test case per topic. */
TCase *task_life_tcase(void);
TCase *task_kill_tcase(void);
TCase *task_wait_tcase(void);
TCase *task_notify_tcase(void);
TCase *task_introspection_tcase(void);
TCase *task_compact_tcase(void);
TCase *task_resources_tcase(void);

#endif
