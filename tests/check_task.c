/*
 * check_task.c - task life cycle: GetTid, NewTask, KillTask, WaitTask, Exit,
 * FIFO scheduling, ownership of arguments, tasklist, stats, bad traps, and
 * the cost of many tasks in host resources.
 */
#include "config.h"
#include "tests/testlib.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Values tasks leave for the test to check. */
static int child_tid, child_status, child_rc, reached;
static int gate_sem;

/* Children yield once before they end, so that a parent that waits right
 * after creating them (the child runs first) still finds them alive. */
static int exit_with_arg(void *arg)
{
	sys_yield();
	return (int)(intptr_t)arg;
}

/* Ends at once, without a trap of its own before the exit. */
static int exit_now(void *arg)
{
	(void)arg;
	return 0;
}

/* Blocks on gate_sem forever (unless posted). */
static int wait_on_gate(void *arg)
{
	(void)arg;
	sys_sem_wait(gate_sem);
	return 0;
}

/* ---- GetTid ---- */

static int gettid_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_gettid(), 1);
	ck_assert_int_eq(sys_gettid(), 1);
	reached = 1;
	return 0;
}

START_TEST(test_gettid_first_task_is_1)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	ck_assert_int_eq(kernel_spawn("test", gettid_task, NULL, 0), 1);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int report_own_tid(void *arg)
{
	(void)arg;
	tl_log_push(sys_gettid());
	return 0;
}

static int gettid_children_task(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++) {
		int tid = sys_newtask("child", report_own_tid, NULL);
		ck_assert_int_eq(tid, 2 + i);
		/* The child ran first: its GetTid put it behind us, so one
		 * yield lets it record what it saw. */
		sys_yield();
		ck_assert_int_eq(tl_log_len, i + 1);
		ck_assert_int_eq(tl_log[i], tid);
	}
	return 0;
}

START_TEST(test_gettid_child_sees_its_own_tid)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, gettid_children_task, NULL);
	ck_assert_int_eq(tl_log_len, 3);
}
END_TEST

/* ---- NewTask ---- */

enum { PARENT_BEFORE = 100, PARENT_AFTER, CHILD_FIRST, CHILD_SECOND };

static int ordering_child(void *arg)
{
	(void)arg;
	tl_log_push(CHILD_FIRST);
	sys_yield();
	tl_log_push(CHILD_SECOND);
	return 0;
}

static int ordering_parent(void *arg)
{
	(void)arg;
	tl_log_push(PARENT_BEFORE);
	int tid = sys_newtask("child", ordering_child, NULL);
	ck_assert_int_gt(tid, 0);
	tl_log_push(PARENT_AFTER);
	ck_assert_int_eq(sys_waittask(tid, NULL), 0);
	return 0;
}

START_TEST(test_newtask_child_runs_before_parent_resumes)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, ordering_parent, NULL);
	/* newtask queues child then parent; the child's yield puts it behind
	 * the parent. */
	int expect[] = {PARENT_BEFORE, CHILD_FIRST, PARENT_AFTER, CHILD_SECOND};
	ck_assert_int_eq(tl_log_len, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_msg(tl_log[i] == expect[i], "event %d is %d, expected %d",
			      i, tl_log[i], expect[i]);
}
END_TEST

static int newtask_errors_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_newtask("nofn", NULL, NULL), -EINVAL);
	ck_assert_int_eq(sys_spawn("nofn", NULL, NULL, 0), -EINVAL);
	/* A long name is cut to MINIOS_NAME_MAX - 1 bytes. */
	char name[300];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	gate_sem = sys_sem_create("gate", 0);
	int tid = sys_newtask(name, wait_on_gate, NULL);
	ck_assert_int_gt(tid, 0);
	/* The name was copied: changing ours does not change the task's. */
	name[0] = 'X';
	struct task_info info;
	ck_assert(tl_task_info(tid, &info));
	ck_assert_uint_eq(strlen(info.name), MINIOS_NAME_MAX - 1);
	ck_assert_int_eq(info.name[0], 'n');
	ck_assert_int_eq(sys_sem_post(gate_sem), 0);
	tl_join(tid);
	return 0;
}

START_TEST(test_newtask_errors_and_long_name)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, newtask_errors_task, NULL);
}
END_TEST

static int never_reused_task(void *arg)
{
	(void)arg;
	int last = sys_gettid();
	for (int i = 0; i < 200; i++) {
		int tid = sys_newtask("c", exit_with_arg, NULL);
		ck_assert_msg(tid > last, "tid %d after %d", tid, last);
		last = tid;
		if (i % 3 == 0)
			ck_assert_int_eq(sys_waittask(tid, NULL), 0);
		else if (i % 3 == 1)
			sys_killtask(tid); /* may have ended already */
		/* else: left to end by itself */
	}
	return 0;
}

START_TEST(test_tids_increase_and_are_never_reused)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, never_reused_task, NULL);
}
END_TEST

/* ---- FIFO scheduling ---- */

static int round_robin_task(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int i = 0; i < 4; i++) {
		tl_log_push(id * 10 + i);
		sys_yield();
	}
	return 0;
}

START_TEST(test_fifo_interleaving_of_three_tasks)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	ck_assert_int_eq(kernel_spawn("a", round_robin_task, (void *)1, 0), 1);
	ck_assert_int_eq(kernel_spawn("b", round_robin_task, (void *)2, 0), 2);
	ck_assert_int_eq(kernel_spawn("c", round_robin_task, (void *)3, 0), 3);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(tl_log_len, 12);
	for (int i = 0; i < 12; i++) {
		int expect = (i % 3 + 1) * 10 + i / 3;
		ck_assert_msg(tl_log[i] == expect, "event %d is %d, expected %d", i,
			      tl_log[i], expect);
	}
}
END_TEST

/* Every trap is a scheduling point, not only yield. */
static int trap_mix_task(void *arg)
{
	int id = (int)(intptr_t)arg;
	tl_log_push(id * 10 + 0);
	sys_gettid();
	tl_log_push(id * 10 + 1);
	sys_sleep(0);
	tl_log_push(id * 10 + 2);
	struct kernel_stats stats;
	sys_stats(&stats);
	tl_log_push(id * 10 + 3);
	return 0;
}

START_TEST(test_every_trap_is_a_scheduling_point)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("a", trap_mix_task, (void *)1);
	tl_spawn("b", trap_mix_task, (void *)2);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	int expect[] = {10, 20, 11, 21, 12, 22, 13, 23};
	ck_assert_int_eq(tl_log_len, 8);
	for (int i = 0; i < 8; i++)
		ck_assert_msg(tl_log[i] == expect[i], "event %d is %d, expected %d",
			      i, tl_log[i], expect[i]);
}
END_TEST

/* ---- Exit ---- */

static int exit_42(void *arg)
{
	(void)arg;
	sys_yield();
	sys_exit(42);
}

static int exit_big(void *arg)
{
	(void)arg;
	sys_yield();
	sys_exit(0x1ff);
}

static int exit_then_fail(void *arg)
{
	(void)arg;
	sys_yield();
	sys_exit(3);
}

static int exit_statuses_task(void *arg)
{
	(void)arg;
	int status = -1;
	int tid = sys_newtask("e42", exit_42, NULL);
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(status, 42);
	ck_assert(TASK_EXITED(status));
	ck_assert_int_eq(TASK_EXIT_CODE(status), 42);
	ck_assert(!TASK_WAS_KILLED(status));
	ck_assert(!TASK_WAS_FAULTED(status));

	tid = sys_newtask("ebig", exit_big, NULL);
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(status, 0xff);

	/* Returning from the entry function is an exit with that value. */
	tid = sys_newtask("ret7", exit_with_arg, (void *)7);
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(status, 7);
	tid = sys_newtask("ret0x305", exit_with_arg, (void *)0x305);
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(status, 5);
	tid = sys_newtask("ret0", exit_with_arg, (void *)0);
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(status, 0);

	/* A NULL status pointer is allowed. */
	tid = sys_newtask("e3", exit_then_fail, NULL);
	ck_assert_int_eq(sys_waittask(tid, NULL), 0);
	reached = 1;
	return 0;
}

START_TEST(test_exit_status)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, exit_statuses_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* ---- KillTask ---- */

static int kill_self(void *arg)
{
	(void)arg;
	sys_yield();
	sys_killtask(sys_gettid());
	reached = 1; /* must never run */
	return 0;
}

static int kill_self_parent(void *arg)
{
	(void)arg;
	int status = -1;
	int tid = sys_newtask("suicide", kill_self, NULL);
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(status, TASK_STATUS_KILLED);
	ck_assert(TASK_WAS_KILLED(status));
	ck_assert(!TASK_EXITED(status));
	ck_assert_int_eq(sys_killtask(tid), -ESRCH);
	return 0;
}

START_TEST(test_kill_self)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_self_parent, NULL);
	ck_assert_int_eq(reached, 0);
}
END_TEST

static int kill_unknown_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_killtask(9999), -ESRCH);
	ck_assert_int_eq(sys_killtask(0), -ESRCH);
	ck_assert_int_eq(sys_killtask(-5), -ESRCH);
	int tid = sys_newtask("done", exit_with_arg, NULL);
	ck_assert_int_eq(sys_waittask(tid, NULL), 0);
	ck_assert_int_eq(sys_killtask(tid), -ESRCH);
	return 0;
}

START_TEST(test_kill_nonexistent)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_unknown_task, NULL);
}
END_TEST

static int kill_init(void *arg)
{
	(void)arg;
	sys_yield();
	child_rc = sys_killtask(1);
	return 0;
}

static int kill_init_parent(void *arg)
{
	(void)arg;
	int tid = sys_newtask("killer", kill_init, NULL);
	ck_assert_int_eq(sys_waittask(tid, NULL), 0);
	ck_assert_int_eq(child_rc, -EPERM);
	reached = 1;
	return 0;
}

START_TEST(test_kill_task_1_from_another_is_eperm)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_init_parent, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int victim_a, victim_b;

/* After KillTask(tid) returned, tid is gone: not in the task list, and
 * WaitTask by its parent either finds nothing (-ESRCH) or reports the
 * status it was left with, "killed" - at once, without blocking. */
static void assert_killed_and_gone(int tid)
{
	struct task_info info;
	ck_assert_msg(!tl_task_info(tid, &info), "killed task %d is still listed", tid);
	int status = -1;
	int rc = sys_waittask(tid, &status);
	ck_assert_msg(rc == -ESRCH || (rc == 0 && status == TASK_STATUS_KILLED),
		      "WaitTask on killed task %d: rc %d, status %#x", tid, rc, status);
}

/* A waits on B; B waits on the gate. */
static int waits_for_b(void *arg)
{
	(void)arg;
	sys_waittask(victim_b, NULL);
	reached = 1; /* killed before B ends: must not run */
	return 0;
}

static int kill_waittask_waiter(void *arg)
{
	(void)arg;
	gate_sem = sys_sem_create("gate", 0);
	victim_b = sys_newtask("b", wait_on_gate, NULL);
	victim_a = sys_newtask("a", waits_for_b, NULL);
	ck_assert(tl_wait_blocked(victim_b, TASK_WAIT_SEM));
	ck_assert(tl_wait_blocked(victim_a, TASK_WAIT_TASK));
	ck_assert_int_eq(sys_killtask(victim_a), 0);
	/* Now let B end: A must not be woken (it is gone). */
	ck_assert_int_eq(sys_sem_post(gate_sem), 0);
	tl_join(victim_b);
	tl_yield_n(5);
	assert_killed_and_gone(victim_a);
	struct kernel_stats stats;
	ck_assert_int_eq(sys_stats(&stats), 0);
	ck_assert_int_eq(stats.tasks_alive, 1);
	return 0;
}

START_TEST(test_kill_task_blocked_in_waittask)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_waittask_waiter, NULL);
	ck_assert_int_eq(reached, 0);
}
END_TEST

static int pipe_fds[2];

static int read_waiter(void *arg)
{
	(void)arg;
	int rc = sys_readwait(pipe_fds[0]);
	if (arg != NULL) {
		child_rc = rc;
		return 0;
	}
	reached = 1; /* killed: must not run */
	return 0;
}

static int kill_readwaiter(void *arg)
{
	(void)arg;
	int status = -1;
	ck_assert_int_eq(pipe(pipe_fds), 0);
	int tid = sys_newtask("reader", read_waiter, NULL);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_READ));
	ck_assert_int_eq(sys_killtask(tid), 0);
	assert_killed_and_gone(tid);
	/* Make the fd readable: nothing may wake the dead task. */
	ck_assert_int_eq(write(pipe_fds[1], "x", 1), 1);
	tl_yield_n(20);
	ck_assert_int_eq(sys_sleep(1000000), 0);
	tl_yield_n(20);
	/* The fd still works for a new waiter. */
	child_rc = -1;
	tid = sys_newtask("reader2", read_waiter, (void *)1);
	ck_assert_int_eq(sys_waittask(tid, &status), 0);
	ck_assert_int_eq(child_rc, 0);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	return 0;
}

START_TEST(test_kill_task_in_readwait)
{
	tl_run(KERNEL_CLOCK_REAL, kill_readwaiter, NULL);
	ck_assert_int_eq(reached, 0);
}
END_TEST

static int long_sleeper(void *arg)
{
	(void)arg;
	sys_sleep((int64_t)2 * 1000000000);
	reached = 1; /* killed: must not run */
	return 0;
}

static int kill_sleeper(void *arg)
{
	(void)arg;
	int tid = sys_newtask("sleeper", long_sleeper, NULL);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SLEEP));
	ck_assert_int_eq(sys_killtask(tid), 0);
	return 0;
}

START_TEST(test_kill_task_in_sleep_leaves_no_timer)
{
	/* Real clock: if the dead sleeper's timer stayed behind, the kernel
	 * would wait for it before kernel_run returns. */
	int64_t start = tl_monotonic_ns();
	tl_run(KERNEL_CLOCK_REAL, kill_sleeper, NULL);
	int64_t elapsed = tl_monotonic_ns() - start;
	ck_assert_int_eq(reached, 0);
	ck_assert_msg(elapsed < 1000000000, "run took %lld ms after the sleeper was killed",
		      (long long)(elapsed / 1000000));
}
END_TEST

static int kill_sleeper_virtual(void *arg)
{
	(void)arg;
	int tid = sys_newtask("sleeper", long_sleeper, NULL);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SLEEP));
	ck_assert_int_eq(sys_killtask(tid), 0);
	int64_t before = sys_clock_now();
	ck_assert_int_eq(sys_sleep((int64_t)5 * 1000000000), 0);
	ck_assert_int_ge(sys_clock_now() - before, (int64_t)5 * 1000000000);
	return 0;
}

START_TEST(test_kill_task_in_sleep_virtual)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_sleeper_virtual, NULL);
	ck_assert_int_eq(reached, 0);
}
END_TEST

static int sem_waiter_flagging(void *arg)
{
	(void)arg;
	sys_sem_wait(gate_sem);
	reached = 1; /* killed: must not run */
	return 0;
}

static int kill_semwaiter(void *arg)
{
	(void)arg;
	gate_sem = sys_sem_create("gate", 0);
	ck_assert_int_gt(gate_sem, 0);
	int tid = sys_newtask("semwaiter", sem_waiter_flagging, NULL);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SEM));
	ck_assert_int_eq(sys_killtask(tid), 0);
	/* The unit must not go to the dead task: we can take it back. */
	ck_assert_int_eq(sys_sem_post(gate_sem), 0);
	ck_assert_int_eq(sys_sem_wait(gate_sem), 0);
	ck_assert_int_eq(sys_sem_destroy(gate_sem), 0);
	return 0;
}

START_TEST(test_kill_task_on_semaphore)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_semwaiter, NULL);
	ck_assert_int_eq(reached, 0);
}
END_TEST

static int waiter_statuses[5], waiter_rcs[5];

static int wait_for_victim(void *arg)
{
	int i = (int)(intptr_t)arg;
	waiter_rcs[i] = sys_waittask(victim_a, &waiter_statuses[i]);
	return 0;
}

static int killer_task(void *arg)
{
	(void)arg;
	child_rc = sys_killtask(victim_a);
	return 0;
}

static int waiters_of_killed(void *arg)
{
	(void)arg;
	gate_sem = sys_sem_create("gate", 0);
	victim_a = sys_newtask("victim", wait_on_gate, NULL);
	int waiters[5];
	for (int i = 0; i < 5; i++) {
		waiter_statuses[i] = -1;
		waiter_rcs[i] = -1;
		waiters[i] = sys_newtask("waiter", wait_for_victim, (void *)(intptr_t)i);
	}
	for (int i = 0; i < 5; i++)
		ck_assert(tl_wait_blocked(waiters[i], TASK_WAIT_TASK));
	int killer = sys_newtask("killer", killer_task, NULL);
	tl_join(killer);
	ck_assert_int_eq(child_rc, 0);
	for (int i = 0; i < 5; i++)
		tl_join(waiters[i]);
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(waiter_rcs[i], 0);
		ck_assert_int_eq(waiter_statuses[i], TASK_STATUS_KILLED);
	}
	return 0;
}

START_TEST(test_waiters_of_killed_task_get_killed_status)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, waiters_of_killed, NULL);
}
END_TEST

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

static int many_waiters(void *arg)
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
			tids[n++] = sys_spawn("fault", owned_fault, malloc(OWNED_SIZE),
					      TASK_OWNS_ARG);
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

/* ---- bad trap numbers ---- */

static int bad_trap_task(void *arg)
{
	(void)arg;
	struct kernel_stats before, after;
	ck_assert_int_eq(sys_stats(&before), 0);
	ck_assert_int_eq(sys_trap(9999, 1, 2, 3, 4), -ENOSYS);
	ck_assert_int_eq(sys_trap(-1, 0, 0, 0, 0), -ENOSYS);
	ck_assert_int_eq(sys_trap(SYS_NCALLS, 0, 0, 0, 0), -ENOSYS);
	ck_assert_int_eq(sys_stats(&after), 0);
	ck_assert_uint_eq(after.bad_traps - before.bad_traps, 3);
	/* The raw trap reaches real calls too. */
	ck_assert_int_eq(sys_trap(SYS_GETTID, 0, 0, 0, 0), sys_gettid());
	reached = 1;
	return 0;
}

START_TEST(test_unknown_call_is_enosys)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, bad_trap_task, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

START_TEST(test_syscall_names_and_status_text)
{
	ck_assert_str_eq(syscall_name(SYS_GETTID), "GetTid");
	ck_assert_str_eq(syscall_name(SYS_NEWTASK), "NewTask");
	ck_assert_str_eq(syscall_name(SYS_KILLTASK), "KillTask");
	ck_assert_str_eq(syscall_name(SYS_WAITTASK), "WaitTask");
	ck_assert_str_eq(syscall_name(SYS_READWAIT), "ReadWait");
	ck_assert_str_eq(syscall_name(SYS_WRITEWAIT), "WriteWait");
	for (int nr = 0; nr < SYS_NCALLS; nr++)
		ck_assert_msg(syscall_name(nr) != NULL && syscall_name(nr)[0] != '\0',
			      "call %d has no name", nr);
	ck_assert_ptr_null(syscall_name(-1));
	ck_assert_ptr_null(syscall_name(SYS_NCALLS));

	char buf[128];
	ck_assert_ptr_eq(task_status_text(0, buf, sizeof buf), buf);
	ck_assert_ptr_nonnull(strstr(buf, "0"));
	task_status_text(42, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "42"));
	task_status_text(TASK_STATUS_KILLED, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "killed"));
	task_status_text(TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "stack overflow"));
	/* A small buffer is not overrun and stays terminated. */
	char tiny[5];
	memset(tiny, 'Z', sizeof tiny);
	task_status_text(TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW, tiny, 4);
	ck_assert_int_eq(tiny[4], 'Z');
	ck_assert_uint_le(strlen(tiny), 3);
}
END_TEST

/* ---- sys_tasklist ---- */

static int read_pipe_forever(void *arg)
{
	(void)arg;
	sys_readwait(pipe_fds[0]);
	return 0;
}

static int sleep_a_second(void *arg)
{
	(void)arg;
	sys_sleep(1000000000);
	return 0;
}

static int yield_forever(void *arg)
{
	(void)arg;
	while (!reached)
		sys_yield();
	return 0;
}

static int tasklist_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(pipe(pipe_fds), 0);
	gate_sem = sys_sem_create("the gate", 0);
	int sem_tid = sys_newtask("on-sem", wait_on_gate, NULL);
	victim_a = sem_tid;
	int task_tid = sys_newtask("on-task", wait_for_victim, (void *)0);
	int64_t now = sys_clock_now();
	int sleep_tid = sys_newtask("sleeper", sleep_a_second, NULL);
	int read_tid = sys_newtask("reader", read_pipe_forever, NULL);
	int busy_tid = sys_newtask("busy", yield_forever, NULL);
	ck_assert(tl_wait_blocked(read_tid, TASK_WAIT_READ));

	struct task_info list[10];
	memset(list, 0xAB, sizeof list);
	int n = sys_tasklist(list, 10);
	ck_assert_int_eq(n, 6);
	int tids[] = {1, sem_tid, task_tid, sleep_tid, read_tid, busy_tid};
	const char *names[] = {"test", "on-sem", "on-task", "sleeper", "reader", "busy"};
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(list[i].tid, tids[i]);
		ck_assert_str_eq(list[i].name, names[i]);
		ck_assert_int_eq(list[i].ppid, i == 0 ? 0 : 1);
	}
	ck_assert_int_eq(list[0].state, TASK_RUNNING);
	ck_assert_int_eq(list[0].wait, TASK_WAIT_NONE);
	ck_assert_uint_ge(list[0].traps, 6);

	ck_assert_int_eq(list[1].state, TASK_BLOCKED);
	ck_assert_int_eq(list[1].wait, TASK_WAIT_SEM);
	ck_assert_int_eq(list[1].wait_id, gate_sem);
	ck_assert_str_eq(list[1].wait_name, "the gate");

	ck_assert_int_eq(list[2].state, TASK_BLOCKED);
	ck_assert_int_eq(list[2].wait, TASK_WAIT_TASK);
	ck_assert_int_eq(list[2].wait_id, sem_tid);

	ck_assert_int_eq(list[3].state, TASK_BLOCKED);
	ck_assert_int_eq(list[3].wait, TASK_WAIT_SLEEP);
	/* now was read before the sleeper was made; a clock that charges
	 * each trap a little may have moved on since. */
	ck_assert_int_ge(list[3].wake_at, now + 1000000000);
	ck_assert_int_le(list[3].wake_at, now + 1001000000);

	ck_assert_int_eq(list[4].state, TASK_BLOCKED);
	ck_assert_int_eq(list[4].wait, TASK_WAIT_READ);
	ck_assert_int_eq(list[4].wait_id, pipe_fds[0]);

	ck_assert_int_eq(list[5].state, TASK_READY);
	ck_assert_int_eq(list[5].wait, TASK_WAIT_NONE);
	ck_assert_uint_ge(list[5].traps, 1);

	/* A short buffer: only max entries written, the count is still all. */
	memset(list, 0xAB, sizeof list);
	ck_assert_int_eq(sys_tasklist(list, 2), 6);
	ck_assert_int_eq(list[0].tid, 1);
	ck_assert_int_eq(list[1].tid, sem_tid);
	unsigned char *past = (unsigned char *)&list[2];
	for (size_t i = 0; i < sizeof list[2]; i++)
		ck_assert_int_eq(past[i], 0xAB);
	ck_assert_int_eq(sys_tasklist(NULL, 0), 6);

	/* Let everyone end. */
	reached = 1;
	ck_assert_int_eq(sys_sem_post(gate_sem), 0);
	ck_assert_int_eq(write(pipe_fds[1], "x", 1), 1);
	for (int i = 1; i < 6; i++)
		tl_join(tids[i]);
	ck_assert_int_eq(sys_tasklist(list, 10), 1);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	return 0;
}

START_TEST(test_tasklist_contents_and_states)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, tasklist_task, NULL);
}
END_TEST

/* ---- sys_stats ---- */

static int stats_task(void *arg)
{
	size_t stack_size = (size_t)(uintptr_t)arg;
	struct kernel_stats before, after;
	ck_assert_int_eq(sys_stats(&before), 0);
	ck_assert_int_eq(before.clock_virtual, 1);
	ck_assert_int_eq(before.tasks_alive, 1);
	ck_assert_uint_eq(before.tasks_created, 1);
	ck_assert_uint_eq(before.stack_size, stack_size);
	ck_assert_uint_eq(before.bad_traps, 0);
	for (int i = 0; i < 5; i++)
		sys_gettid();
	for (int i = 0; i < 3; i++)
		sys_yield();
	int a = sys_newtask("a", exit_now, NULL);
	int b = sys_newtask("b", exit_now, NULL);
	sys_waittask(a, NULL);
	sys_waittask(b, NULL);
	ck_assert_int_eq(sys_sleep(7000000), 0);
	ck_assert_int_eq(sys_stats(&after), 0);
	ck_assert_uint_eq(after.traps_by_call[SYS_GETTID] - before.traps_by_call[SYS_GETTID], 5);
	ck_assert_uint_eq(after.traps_by_call[SYS_YIELD] - before.traps_by_call[SYS_YIELD], 3);
	ck_assert_uint_eq(after.traps_by_call[SYS_NEWTASK] - before.traps_by_call[SYS_NEWTASK], 2);
	ck_assert_uint_eq(after.traps_by_call[SYS_WAITTASK] - before.traps_by_call[SYS_WAITTASK], 2);
	ck_assert_uint_eq(after.traps_by_call[SYS_SLEEP] - before.traps_by_call[SYS_SLEEP], 1);
	/* 13 calls of ours, maybe 2 exits of the children (returning from the
	 * entry), maybe this sys_stats. */
	uint64_t traps = after.traps - before.traps;
	ck_assert_msg(traps >= 13 && traps <= 16, "traps went up by %llu",
		      (unsigned long long)traps);
	uint64_t sum = 0;
	for (int i = 0; i < SYS_NCALLS; i++)
		sum += after.traps_by_call[i];
	ck_assert_uint_eq(sum + after.bad_traps, after.traps);
	ck_assert_uint_eq(after.tasks_created, 3);
	ck_assert_int_eq(after.tasks_alive, 1);
	ck_assert_uint_gt(after.switches, before.switches);
	ck_assert_int_ge(after.uptime_ns, 7000000);
	ck_assert_int_ge(after.uptime_ns - before.uptime_ns, 7000000);
	return 0;
}

START_TEST(test_stats_counters)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, stats_task, (void *)(uintptr_t)KERNEL_DEFAULT_STACK_SIZE);
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_size = 64 * 1024;
	tl_run_config(&config, stats_task, (void *)(uintptr_t)(64 * 1024));
}
END_TEST

static int stats_real_task(void *arg)
{
	(void)arg;
	struct kernel_stats stats;
	ck_assert_int_eq(sys_stats(&stats), 0);
	ck_assert_int_eq(stats.clock_virtual, 0);
	return 0;
}

START_TEST(test_stats_real_clock)
{
	tl_run(KERNEL_CLOCK_REAL, stats_real_task, NULL);
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
			ck_assert_msg(tids[i] > 0, "newtask failed with %d after %d tasks",
				      tids[i], done + i);
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
			      "heap grew from %zu to %zu bytes across a kernel's life",
			      heap, tl_heap_in_use());
}
END_TEST

/* Kernel init/run/shutdown twice in one process: ids restart at 1. */
START_TEST(test_two_kernels_in_a_row)
{
	for (int i = 0; i < 2; i++) {
		reached = 0;
		tl_run(KERNEL_CLOCK_VIRTUAL, gettid_task, NULL);
		ck_assert_int_eq(reached, 1);
	}
}
END_TEST

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
	task_entry_fn others[] = {exit_statuses_task, tasklist_task, kill_waittask_waiter,
				  waiters_of_killed, many_waiters};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		reached = 0;
		tl_run_config(&config, others[i], NULL);
	}
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_mode = KERNEL_STACK_COMPACT;
	tl_run_config(&config, stats_task, (void *)(uintptr_t)KERNEL_DEFAULT_STACK_SIZE);
}
END_TEST

static Suite *task_suite(void)
{
	Suite *s = suite_create("task");
	TCase *tc = tcase_create("lifecycle");
	tcase_add_test(tc, test_gettid_first_task_is_1);
	tcase_add_test(tc, test_gettid_child_sees_its_own_tid);
	tcase_add_test(tc, test_newtask_child_runs_before_parent_resumes);
	tcase_add_test(tc, test_newtask_errors_and_long_name);
	tcase_add_test(tc, test_tids_increase_and_are_never_reused);
	tcase_add_test(tc, test_fifo_interleaving_of_three_tasks);
	tcase_add_test(tc, test_every_trap_is_a_scheduling_point);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_two_kernels_in_a_row);
	suite_add_tcase(s, tc);

	tc = tcase_create("kill");
	tcase_add_test(tc, test_kill_self);
	tcase_add_test(tc, test_kill_nonexistent);
	tcase_add_test(tc, test_kill_task_1_from_another_is_eperm);
	tcase_add_test(tc, test_kill_task_blocked_in_waittask);
	tcase_add_test(tc, test_kill_task_in_readwait);
	tcase_add_test(tc, test_kill_task_in_sleep_leaves_no_timer);
	tcase_add_test(tc, test_kill_task_in_sleep_virtual);
	tcase_add_test(tc, test_kill_task_on_semaphore);
	tcase_add_test(tc, test_waiters_of_killed_task_get_killed_status);
	suite_add_tcase(s, tc);

	tc = tcase_create("wait");
	tcase_add_test(tc, test_waittask_self_and_unknown);
	tcase_add_test(tc, test_waittask_cycle_is_edeadlk);
	tcase_add_test(tc, test_waittask_many_waiters);
	suite_add_tcase(s, tc);

	tc = tcase_create("notify");
	tcase_add_test(tc, test_notify_child_and_waitchild);
	tcase_add_test(tc, test_no_child_queue_without_notify);
	tcase_add_test(tc, test_interrupt_reaches_tasks_that_asked);
	suite_add_tcase(s, tc);

	tc = tcase_create("introspection");
	tcase_add_test(tc, test_unknown_call_is_enosys);
	tcase_add_test(tc, test_syscall_names_and_status_text);
	tcase_add_test(tc, test_tasklist_contents_and_states);
	tcase_add_test(tc, test_stats_counters);
	tcase_add_test(tc, test_stats_real_clock);
	suite_add_tcase(s, tc);

	tc = tcase_create("compact");
	tcase_add_test(tc, test_compact_stacks);
	suite_add_tcase(s, tc);

	tc = tcase_create("resources");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_owns_arg_is_freed);
	tcase_add_test(tc, test_sys_alloc_is_freed_with_its_task);
	tcase_add_test(tc, test_ten_thousand_tasks_release_everything);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(task_suite());
}
