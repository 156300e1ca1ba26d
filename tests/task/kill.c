/*
 * kill.c - KillTask: of itself, of unknown tasks and of task 1, and of a
 * task in each kind of wait; what the victim's waiters are told.
 */
#include "config.h"
#include "tests/task/task_tests.h"

#include <errno.h>
#include <unistd.h>

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

int kill_waittask_waiter(void *arg)
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

static int read_waiter(void *arg)
{
	(void)arg;
	int rc = sys_readwait(pipe_fds[0]);
	if (arg) {
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

static int killer_task(void *arg)
{
	(void)arg;
	child_rc = sys_killtask(victim_a);
	return 0;
}

int waiters_of_killed(void *arg)
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

TCase *task_kill_tcase(void)
{
	TCase *tc = tcase_create("kill");
	tcase_add_test(tc, test_kill_self);
	tcase_add_test(tc, test_kill_nonexistent);
	tcase_add_test(tc, test_kill_task_1_from_another_is_eperm);
	tcase_add_test(tc, test_kill_task_blocked_in_waittask);
	tcase_add_test(tc, test_kill_task_in_readwait);
	tcase_add_test(tc, test_kill_task_in_sleep_leaves_no_timer);
	tcase_add_test(tc, test_kill_task_in_sleep_virtual);
	tcase_add_test(tc, test_kill_task_on_semaphore);
	tcase_add_test(tc, test_waiters_of_killed_task_get_killed_status);
	return tc;
}
