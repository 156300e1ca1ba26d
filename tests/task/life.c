/*
 * life.c - the life of a task: GetTid, NewTask, FIFO scheduling and Exit,
 * and a second kernel in the same process.
 */
#include "config.h"
#include "tests/task/task_tests.h"

#include "kernel/task.h" /* task_skip_tids */

#include <errno.h>
#include <limits.h>
#include <string.h>

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
		ck_assert_msg(tl_log[i] == expect[i], "event %d is %d, expected %d", i, tl_log[i],
			      expect[i]);
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

/* The last ids: INT_MAX - 1 is the highest a task gets, and NewTask says
 * -EAGAIN after it (an id is never reused, and none overflows). */
static int sleep_a_millisecond(void *arg)
{
	(void)arg;
	return sys_sleep(1000000);
}

static int last_ids_task(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_gettid(), INT_MAX - 2);
	int last = sys_newtask("last", sleep_a_millisecond, NULL);
	ck_assert_int_eq(last, INT_MAX - 1);
	ck_assert_int_eq(sys_newtask("none", exit_with_arg, NULL), -EAGAIN);
	ck_assert_int_eq(sys_newtask("none", exit_with_arg, NULL), -EAGAIN);
	struct task_info info[4];
	ck_assert_int_eq(sys_tasklist_from(INT_MAX - 2, info, 4), 2);
	ck_assert_int_eq(info[1].tid, INT_MAX - 1);
	ck_assert_int_eq(sys_tasklist_from(info[1].tid + 1, info, 4), 0);
	ck_assert_int_eq(sys_waittask(last, NULL), 0);
	reached = 1;
	return 0;
}

START_TEST(test_the_last_ids_then_eagain)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	task_skip_tids(INT_MAX - 2);
	ck_assert_int_eq(kernel_spawn("first", last_ids_task, NULL, 0), INT_MAX - 2);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(reached, 1);
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
		ck_assert_msg(tl_log[i] == expect, "event %d is %d, expected %d", i, tl_log[i],
			      expect);
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
		ck_assert_msg(tl_log[i] == expect[i], "event %d is %d, expected %d", i, tl_log[i],
			      expect[i]);
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

int exit_statuses_task(void *arg)
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

TCase *task_life_tcase(void)
{
	TCase *tc = tcase_create("lifecycle");
	tcase_add_test(tc, test_gettid_first_task_is_1);
	tcase_add_test(tc, test_gettid_child_sees_its_own_tid);
	tcase_add_test(tc, test_newtask_child_runs_before_parent_resumes);
	tcase_add_test(tc, test_newtask_errors_and_long_name);
	tcase_add_test(tc, test_tids_increase_and_are_never_reused);
	tcase_add_test(tc, test_the_last_ids_then_eagain);
	tcase_add_test(tc, test_fifo_interleaving_of_three_tasks);
	tcase_add_test(tc, test_every_trap_is_a_scheduling_point);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_two_kernels_in_a_row);
	return tc;
}
