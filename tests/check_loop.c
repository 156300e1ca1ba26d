/*
 * check_loop.c - the trap loop as a whole: how kernel_run ends (all done,
 * or nobody can ever wake), the exit announcements, the console's
 * whole-line semantics, and the seminar's "Second multitasking" output.
 */
#include "tests/testlib.h"
#include "kernel/counters.h"
#include "kernel/trap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sem_id, sem_waiter_tid, task_waiter_tid;
static int reached;

/* ---- kernel_run's result ---- */

static int wait_forever_on_sem(void *arg)
{
	(void)arg;
	sys_sem_wait(sem_id);
	reached = 1; /* nobody posts: must not run */
	return 0;
}

static int wait_for_sem_waiter(void *arg)
{
	(void)arg;
	sys_waittask(sem_waiter_tid, NULL);
	reached = 1;
	return 0;
}

static int make_stuck_tasks(void *arg)
{
	(void)arg;
	sem_id = sys_sem_create("lonely sem", 0);
	ck_assert_int_gt(sem_id, 0);
	sem_waiter_tid = sys_newtask("sem-waiter", wait_forever_on_sem, NULL);
	task_waiter_tid = sys_newtask("task-waiter", wait_for_sem_waiter, NULL);
	ck_assert(tl_wait_blocked(task_waiter_tid, TASK_WAIT_TASK));
	/* We end; our semaphore would die with us and free the waiter, so
	 * wait too, on the semaphore ourselves. */
	sys_sem_wait(sem_id);
	reached = 1;
	return 0;
}

static void assert_names(const char *report, const char *what)
{
	ck_assert_msg(strstr(report, what), "the report does not name \"%s\": [%s]", what, report);
}

START_TEST(test_nobody_can_wake_is_edeadlk_with_report)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	int main_tid = tl_spawn("stuck-main", make_stuck_tasks, NULL);
	char *report = NULL;
	int rc = kernel_run(&report);
	ck_assert_int_eq(rc, -EDEADLK);
	ck_assert_int_eq(reached, 0);
	ck_assert_ptr_nonnull(report);
	char tid[16];
	assert_names(report, "stuck-main");
	assert_names(report, "sem-waiter");
	assert_names(report, "task-waiter");
	assert_names(report, "lonely sem");
	snprintf(tid, sizeof tid, "%d", main_tid);
	assert_names(report, tid);
	snprintf(tid, sizeof tid, "%d", sem_waiter_tid);
	assert_names(report, tid);
	snprintf(tid, sizeof tid, "%d", task_waiter_tid);
	assert_names(report, tid);
	free(report);
	kernel_shutdown();
	ck_assert_int_eq(reached, 0);
}
END_TEST

START_TEST(test_nobody_can_wake_without_report_pointer)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("stuck-main", make_stuck_tasks, NULL);
	ck_assert_int_eq(kernel_run(NULL), -EDEADLK);
	kernel_shutdown();
	/* And the next kernel works. */
	tl_boot(&config);
	ck_assert_int_eq(kernel_spawn("fine", make_stuck_tasks, NULL, 0), 1);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), -EDEADLK);
}
END_TEST

/* A sleeper is not stuck: the run ends normally once it wakes. */
static int sleepy(void *arg)
{
	(void)arg;
	sys_sleep(5000000000LL);
	reached = 1;
	return 0;
}

START_TEST(test_sleepers_are_not_stuck)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, sleepy, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static int quick(void *arg)
{
	(void)arg;
	sys_yield();
	return 0;
}

START_TEST(test_run_returns_0_when_all_end)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	for (int i = 0; i < 3; i++)
		tl_spawn("quick", quick, NULL);
	char *report = NULL;
	ck_assert_int_eq(kernel_run(&report), 0);
	ck_assert_ptr_null(report);
	kernel_shutdown();
}
END_TEST

/* The loop's own trap numbers (a task returned, faulted, was preempted)
 * and numbers out of the table are unknown calls when a task makes them:
 * it cannot fake its end. */
static int fakes_its_end(void *arg)
{
	int *unknown = arg;
	long numbers[] = {TRAP_RETURNED, TRAP_FAULTED, TRAP_PREEMPTED, -1, SYS_NCALLS};
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
		*unknown += sys_trap((int)numbers[i], 0, 0, 0, 0) == -ENOSYS;
	return 3;
}

START_TEST(test_a_task_cannot_fake_its_end)
{
	struct kernel_config config;
	int unknown = 0;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	int tid = tl_spawn("faker", fakes_its_end, &unknown);
	ck_assert_int_eq(kernel_run(NULL), 0);
	ck_assert_int_eq(unknown, 5);
	ck_assert_uint_eq(kernel_counters.bad_traps, 5);
	int failed = 0;
	ck_assert_int_eq(kernel_first_failure(&failed), 3); /* its own return */
	ck_assert_int_eq(failed, tid);
	kernel_shutdown();
}
END_TEST

START_TEST(test_run_with_no_tasks_returns_0)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_REAL);
	tl_boot(&config);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
}
END_TEST

/* ---- announce_exits ---- */

static int exits_in_order(void *arg)
{
	int turns = (int)(intptr_t)arg;
	for (int i = 0; i < turns; i++)
		sys_yield();
	return 0;
}

static void run_three(int announce)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.announce_exits = announce;
	tl_boot(&config);
	tl_spawn("slow", exits_in_order, (void *)5);
	tl_spawn("fast", exits_in_order, (void *)1);
	tl_spawn("middle", exits_in_order, (void *)3);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
}

START_TEST(test_announce_exits)
{
	run_three(1);
	ck_assert_str_eq(tl_console_out(),
			 "Task 2 terminated\nTask 3 terminated\nTask 1 terminated\n");
	ck_assert_int_eq(tl_console_bad_lines(), 0);
}
END_TEST

START_TEST(test_no_announcements_by_default)
{
	run_three(0);
	ck_assert_str_eq(tl_console_all(), "");
}
END_TEST

/* ---- the seminar: Second multitasking ---- */

static int foo(void *arg)
{
	(void)arg;
	for (int i = 0; i < 10; i++) {
		console_write(0, "I'm foo\n", 8);
		sys_yield();
	}
	return 0;
}

static int bar(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++) {
		console_write(0, "I'm bar\n", 8);
		sys_yield();
	}
	return 0;
}

START_TEST(test_second_multitasking_foo_bar)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.announce_exits = 1;
	tl_boot(&config);
	ck_assert_int_eq(kernel_spawn("foo", foo, NULL, 0), 1);
	ck_assert_int_eq(kernel_spawn("bar", bar, NULL, 0), 2);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_str_eq(tl_console_all(), "I'm foo\n"
					   "I'm bar\n"
					   "I'm foo\n"
					   "I'm bar\n"
					   "I'm foo\n"
					   "I'm bar\n"
					   "I'm foo\n"
					   "I'm bar\n"
					   "I'm foo\n"
					   "I'm bar\n"
					   "I'm foo\n"
					   "Task 2 terminated\n"
					   "I'm foo\n"
					   "I'm foo\n"
					   "I'm foo\n"
					   "I'm foo\n"
					   "Task 1 terminated\n");
}
END_TEST

/* ---- the console ---- */

static int partial_writer(void *arg)
{
	(void)arg;
	ck_assert_int_eq(console_write(0, "abc", 3), 3);
	sys_yield();
	ck_assert_int_eq(console_write(0, "def\n", 4), 4);
	sys_yield();
	ck_assert_int_eq(console_write(0, "tail without newline", 20), 20);
	return 0;
}

static int whole_writer(void *arg)
{
	(void)arg;
	ck_assert_int_eq(console_write(0, "xyz\n", 4), 4);
	sys_yield();
	ck_assert_int_eq(console_write(0, "one\ntwo\nthr", 11), 11);
	ck_assert_int_eq(console_write(0, "ee\n", 3), 3);
	sys_yield();
	sys_yield();
	return 0;
}

START_TEST(test_console_emits_whole_lines)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("partial", partial_writer, NULL);
	tl_spawn("whole", whole_writer, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_str_eq(tl_console_out(), "xyz\n"
					   "abcdef\n"
					   "one\ntwo\nthree\n"
					   "tail without newline\n");
	ck_assert_int_eq(tl_console_lines(), 6);
	ck_assert_int_eq(tl_console_bad_lines(), 0);
	ck_assert_str_eq(tl_console_line(0), "xyz\n");
	ck_assert_str_eq(tl_console_line(1), "abcdef\n");
	ck_assert_str_eq(tl_console_line(2), "one\n");
	ck_assert_str_eq(tl_console_line(5), "tail without newline\n");
}
END_TEST

static int two_streams(void *arg)
{
	(void)arg;
	ck_assert_int_eq(console_write(1, "oops\n", 5), 5);
	ck_assert_int_eq(console_write(0, "fine\n", 5), 5);
	ck_assert_int_eq(console_write(1, "half", 4), 4);
	ck_assert_int_eq(console_write(0, "out", 3), 3);
	ck_assert_int_eq(console_write(1, " more\n", 6), 6);
	ck_assert_int_eq(console_write(0, " too\n", 5), 5);
	ck_assert_int_eq(console_write(0, NULL, 5), -EINVAL);
	ck_assert_int_eq(console_write(0, "", 0), 0);
	return 0;
}

START_TEST(test_console_streams)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, two_streams, NULL);
	ck_assert_str_eq(tl_console_err(), "oops\nhalf more\n");
	ck_assert_str_eq(tl_console_out(), "fine\nout too\n");
	ck_assert_int_eq(tl_console_bad_lines(), 0);
}
END_TEST

/* console_write and sys_clock_now are direct calls, not traps. */
static int direct_writer(void *arg)
{
	int id = (int)(intptr_t)arg;
	struct kernel_stats before, after;
	sys_stats(&before);
	for (int i = 0; i < 3; i++) {
		tl_log_push(id);
		tl_print("task %d line %d", id, i);
		sys_clock_now();
		sys_random();
	}
	sys_stats(&after);
	/* Only the second sys_stats can have been counted in between. */
	ck_assert_uint_le(after.traps - before.traps, 2);
	return 0;
}

START_TEST(test_direct_calls_are_not_scheduling_points)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	/* The traps counted are the calls': under valgrind a tick may land
	 * in an assertion and be taken as a Yield when it ends. */
	config.quantum_ns = 0;
	tl_boot(&config);
	tl_spawn("a", direct_writer, (void *)1);
	tl_spawn("b", direct_writer, (void *)2);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	int expect[] = {1, 1, 1, 2, 2, 2};
	ck_assert_int_eq(tl_log_len, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(tl_log[i], expect[i]);
	ck_assert_str_eq(tl_console_out(), "task 1 line 0\ntask 1 line 1\ntask 1 line 2\n"
					   "task 2 line 0\ntask 2 line 1\ntask 2 line 2\n");
}
END_TEST

START_TEST(test_console_sink_is_ours)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	ck_assert_ptr_eq((void *)kernel_console_sink(), (void *)config.console);
	kernel_shutdown();
}
END_TEST

/* Killed tasks' partial lines are not lost either. */
static int partial_then_block(void *arg)
{
	(void)arg;
	console_write(0, "unfinished", 10);
	sys_sem_wait(sem_id);
	return 0;
}

static int kill_partial(void *arg)
{
	(void)arg;
	sem_id = sys_sem_create("never", 0);
	int tid = sys_newtask("partial", partial_then_block, NULL);
	ck_assert(tl_wait_blocked(tid, TASK_WAIT_SEM));
	ck_assert_int_eq(sys_killtask(tid), 0);
	tl_print("after");
	return 0;
}

START_TEST(test_killed_task_partial_line_is_flushed)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, kill_partial, NULL);
	ck_assert_str_eq(tl_console_out(), "unfinished\nafter\n");
}
END_TEST

/* ---- how task 1 (init) ended, as the front end asks ---- */

static int init_status_seen_inside;

static int exits_with_7(void *arg)
{
	(void)arg;
	init_status_seen_inside = kernel_init_status();
	return 7;
}

static int sleeps_long(void *arg)
{
	(void)arg;
	sys_sleep(3600LL * 1000000000);
	return 0;
}

static int waits_forever(void *arg)
{
	(void)arg;
	sys_sem_wait(sys_sem_create("never", 0));
	return 0;
}

static int kills_task_1(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_killtask(1), -EPERM); /* init is not another's to kill */
	return 0;
}

START_TEST(test_init_status_is_task_1s_exit)
{
	struct kernel_config c;

	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&c);
	ck_assert_int_eq(kernel_init_status(), -1);
	tl_spawn("init", exits_with_7, NULL);
	tl_spawn("other", sleeps_long, NULL);
	ck_assert_int_eq(kernel_run(NULL), 0);
	ck_assert_int_eq(init_status_seen_inside, -1); /* not while it runs */
	ck_assert_int_eq(kernel_init_status(), 7);
	kernel_shutdown();
}
END_TEST

START_TEST(test_init_status_says_killed)
{
	struct kernel_config c;

	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&c);
	tl_spawn("init", waits_forever, NULL);
	tl_spawn("killer", kills_task_1, NULL);
	/* Task 1 waits on; shutdown kills it, and says so. */
	char *report = NULL;
	ck_assert_int_eq(kernel_run(&report), -EDEADLK);
	free(report);
	ck_assert_int_eq(kernel_init_status(), -1);
	kernel_shutdown();
	ck_assert_int_eq(kernel_init_status(), TASK_STATUS_KILLED);
	/* A new kernel forgets the old init. */
	tl_boot(&c);
	ck_assert_int_eq(kernel_init_status(), -1);
	kernel_shutdown();
}
END_TEST

static Suite *loop_suite(void)
{
	Suite *s = suite_create("loop");
	TCase *tc = tcase_create("run");
	tcase_add_test(tc, test_nobody_can_wake_is_edeadlk_with_report);
	tcase_add_test(tc, test_nobody_can_wake_without_report_pointer);
	tcase_add_test(tc, test_sleepers_are_not_stuck);
	tcase_add_test(tc, test_run_returns_0_when_all_end);
	tcase_add_test(tc, test_run_with_no_tasks_returns_0);
	tcase_add_test(tc, test_a_task_cannot_fake_its_end);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_test(tc, test_announce_exits);
	tcase_add_test(tc, test_no_announcements_by_default);
	tcase_add_test(tc, test_second_multitasking_foo_bar);
	tcase_add_test(tc, test_console_emits_whole_lines);
	tcase_add_test(tc, test_console_streams);
	tcase_add_test(tc, test_direct_calls_are_not_scheduling_points);
	tcase_add_test(tc, test_console_sink_is_ours);
	tcase_add_test(tc, test_killed_task_partial_line_is_flushed);
	tcase_add_test(tc, test_init_status_is_task_1s_exit);
	tcase_add_test(tc, test_init_status_says_killed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(loop_suite());
}
