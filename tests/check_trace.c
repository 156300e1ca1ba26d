/*
 * check_trace.c - the system-call trace (kernel/trace.c, syscalls/decode.c):
 * a line per traced trap on the console, arguments decoded, results and
 * errno names, blocking calls (ReadWait, WriteWait, Sleep, SemWait)
 * written when woken with the time blocked, calls that never return, the
 * filters, and nothing at all while it is off.
 */
#include "tests/testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MS 1000000LL

static int pipe_fds[2];

static void boot_traced(const char *filter)
{
	struct kernel_config c;
	char why[256];
	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	/* The times in the lines are the subject: with the timer on, a tick
	 * held in an assertion (likely under valgrind) becomes one more
	 * trap, and one more nanosecond of virtual time. */
	c.quantum_ns = 0;
	tl_boot(&c);
	ck_assert_int_eq(kernel_trace_start(filter, NULL, why, sizeof why), 0);
}

static void assert_line(const char *line)
{
	ck_assert_msg(tl_console_has_line(line), "no line '%s' in:\n%s", line, tl_console_all());
}

/* ---- blocking on fds ---- */

static int reader(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_readwait(pipe_fds[0]), 0);
	return 0;
}

static int writer(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sleep(100 * MS), 0);
	ck_assert_int_eq(write(pipe_fds[1], "x", 1), 1);
	return 0;
}

START_TEST(test_readwait_blocks_and_shows_the_time)
{
	char line[128];
	ck_assert_int_eq(pipe2(pipe_fds, O_NONBLOCK), 0);
	boot_traced("");
	tl_spawn("reader", reader, NULL);
	tl_spawn("writer", writer, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	snprintf(line, sizeof line, "0.000000 [1 reader] ReadWait(%d) = 0 <0.100s>", pipe_fds[0]);
	assert_line(line);
	assert_line("0.000001 [2 writer] Sleep(100ms) = 0 <0.100s>");
	assert_line("0.100001 [2 writer] +++ done (status 0) +++");
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}
END_TEST

static int filler(void *arg)
{
	(void)arg;
	char block[4096] = {0};
	while (write(pipe_fds[1], block, sizeof block) > 0)
		;
	ck_assert_int_eq(sys_writewait(pipe_fds[1]), 0);
	return 0;
}

static int drainer(void *arg)
{
	(void)arg;
	char block[4096];
	ck_assert_int_eq(sys_sleep(250 * MS), 0);
	while (read(pipe_fds[0], block, sizeof block) > 0)
		;
	return 0;
}

START_TEST(test_writewait_blocks_and_shows_the_time)
{
	char line[128];
	ck_assert_int_eq(pipe2(pipe_fds, O_NONBLOCK), 0);
	boot_traced("WriteWait");
	tl_spawn("filler", filler, NULL);
	tl_spawn("drainer", drainer, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	snprintf(line, sizeof line, "0.000000 [1 filler] WriteWait(%d) = 0 <0.250s>", pipe_fds[1]);
	assert_line(line);
	ck_assert_int_eq(tl_console_count("Sleep("), 0); /* not in the filter */
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}
END_TEST

/* ---- decoding, results, calls that do not return ---- */

static int child(void *arg)
{
	(void)arg;
	sys_sleep(1000 * MS);
	return 0;
}

static int decoded(void *arg)
{
	(void)arg;
	int sem = sys_sem_create("fork 3", 1);
	ck_assert_int_eq(sys_sem_wait(sem), 0);
	ck_assert_int_eq(sys_sem_post(sem), 0);
	ck_assert_int_eq(sys_sem_wait(77), -EINVAL);
	ck_assert_int_eq(sys_sleep(1500000), 0);
	ck_assert_int_eq(sys_sleep(2000 * MS), 0);
	ck_assert_int_eq(sys_notify(NOTIFY_CHILD | NOTIFY_INTERRUPT), 0);
	ck_assert_int_eq(sys_notify(0), 0);
	ck_assert_int_eq(sys_killtask(99), -ESRCH);
	ck_assert_int_eq(sys_waittask(sys_gettid(), NULL), -EDEADLK);
	int tid = sys_newtask("sleepy", child, NULL);
	ck_assert_int_eq(sys_yield(), 0);
	ck_assert_int_eq(sys_killtask(tid), 0);
	sys_exit(3);
}

START_TEST(test_arguments_results_and_ends)
{
	boot_traced("");
	tl_spawn("decoded", decoded, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	assert_line("0.000000 [1 decoded] SemCreate(\"fork 3\", 1) = 1");
	assert_line("0.000001 [1 decoded] SemWait(1<fork 3>) = 0");
	assert_line("0.000002 [1 decoded] SemPost(1<fork 3>) = 0");
	assert_line("0.000003 [1 decoded] SemWait(77) = -EINVAL");
	assert_line("0.000004 [1 decoded] Sleep(1500us) = 0 <0.001s>");
	assert_line("0.001504 [1 decoded] Sleep(2s) = 0 <2.000s>");
	assert_line("2.001504 [1 decoded] Notify(NOTIFY_CHILD|NOTIFY_INTERRUPT) = 0");
	assert_line("2.001505 [1 decoded] Notify(0) = 0");
	assert_line("2.001506 [1 decoded] KillTask(99) = -ESRCH");
	assert_line("2.001508 [1 decoded] WaitTask(1) = -EDEADLK");
	assert_line("2.001509 [1 decoded] NewTask(\"sleepy\", ptr, NULL, 0) = 2");
	/* Killed while it sleeps: the call never returns. */
	assert_line("2.001510 [2 sleepy] Sleep(1s) = ? +++ killed +++");
	assert_line("2.001513 [1 decoded] Exit(3) = ? +++ done (status 3) +++");
}
END_TEST

/* The flags of the reliability work decode by name: sys_spawn_fds is
 * NewTask with TASK_GIVE_FDS, letters' workers NewTask with
 * TASK_SHARES_ARG. */
static int spawning_flags(void *arg)
{
	(void)arg;
	int tid = sys_spawn_fds("given", child, NULL, 0, NULL, 0);
	ck_assert_int_eq(sys_killtask(tid), 0);
	void *block = sys_alloc(16);
	ck_assert_ptr_nonnull(block);
	tid = sys_spawn("sharer", child, block, TASK_SHARES_ARG | TASK_NEW_GROUP);
	ck_assert_int_eq(sys_killtask(tid), 0);
	sys_free(block);
	return 0;
}

START_TEST(test_spawn_flags_by_name)
{
	boot_traced("NewTask");
	tl_spawn("spawner", spawning_flags, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_msg(tl_console_count("NewTask(\"given\", ptr, NULL, TASK_GIVE_FDS) = 2") == 1,
		      "%s", tl_console_all());
	ck_assert_msg(tl_console_count("NewTask(\"sharer\", ptr, ptr, "
				       "TASK_NEW_GROUP|TASK_SHARES_ARG) = 3") == 1,
		      "%s", tl_console_all());
}
END_TEST

static int more_calls(void *arg)
{
	(void)arg;
	int sem = sys_sem_create("lock", 0);
	ck_assert_int_eq(sys_sem_destroy(sem), 0);
	ck_assert_int_eq(sys_sem_destroy(sem), -EINVAL);
	ck_assert_int_eq(sys_fd_own(pipe_fds[0]), 0);
	ck_assert_int_eq(sys_fd_own(pipe_fds[0]), -EEXIST);
	ck_assert_int_eq(sys_fd_give(pipe_fds[0], 99), -ESRCH);
	ck_assert_int_eq(sys_close(pipe_fds[0]), 0);
	ck_assert_int_eq(sys_close(pipe_fds[0]), -EBADF);
	ck_assert_int_eq(sys_timeline("picture.txt"), -EINVAL);
	ck_assert_int_eq(sys_timeline(NULL), -ENOENT);
	ck_assert_int_eq(sys_waitchild(NULL, NULL, WAIT_NOHANG), -ECHILD);
	ck_assert_int_eq(sys_pending(), 0);
	return 0;
}

START_TEST(test_the_other_calls)
{
	char line[128];
	ck_assert_int_eq(pipe2(pipe_fds, O_NONBLOCK), 0);
	boot_traced("");
	tl_spawn("more", more_calls, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	assert_line("0.000001 [1 more] SemDestroy(1<lock>) = 0");
	assert_line("0.000002 [1 more] SemDestroy(1) = -EINVAL");
	snprintf(line, sizeof line, "0.000003 [1 more] FdOwn(%d) = 0", pipe_fds[0]);
	assert_line(line);
	snprintf(line, sizeof line, "0.000004 [1 more] FdOwn(%d) = -EEXIST", pipe_fds[0]);
	assert_line(line);
	snprintf(line, sizeof line, "0.000005 [1 more] FdGive(%d, 99) = -ESRCH", pipe_fds[0]);
	assert_line(line);
	snprintf(line, sizeof line, "0.000006 [1 more] Close(%d) = 0", pipe_fds[0]);
	assert_line(line);
	snprintf(line, sizeof line, "0.000007 [1 more] Close(%d) = -EBADF", pipe_fds[0]);
	assert_line(line);
	assert_line("0.000008 [1 more] Timeline(\"picture.txt\") = -EINVAL");
	assert_line("0.000009 [1 more] Timeline(NULL) = -ENOENT");
	assert_line("0.000010 [1 more] WaitChild(WAIT_NOHANG) = -ECHILD");
	assert_line("0.000011 [1 more] Pending() = 0");
	close(pipe_fds[1]);
}
END_TEST

static int scheduling_calls(void *arg)
{
	char info[256];
	int nice;
	(void)arg;
	ck_assert_int_eq(sys_setpriority(0, 5), 0);
	ck_assert_int_eq(sys_setpriority(0, 20), -EINVAL);
	ck_assert_int_eq(sys_getpriority(99, &nice), -ESRCH);
	ck_assert_int_eq(sys_settickets(0, 300), 0);
	ck_assert_int_gt(sys_schedinfo(info, sizeof info), 0);
	return 0;
}

START_TEST(test_the_scheduling_calls)
{
	boot_traced("");
	tl_spawn("sched", scheduling_calls, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	assert_line("0.000000 [1 sched] SetPriority(0, 5) = 0");
	assert_line("0.000001 [1 sched] SetPriority(0, 20) = -EINVAL");
	assert_line("0.000002 [1 sched] GetPriority(99) = -ESRCH");
	assert_line("0.000003 [1 sched] SetTickets(0, 300) = 0");
	ck_assert_msg(strstr(tl_console_all(), "0.000004 [1 sched] SchedInfo(ptr, 256) = "),
		      "no SchedInfo line in:\n%s", tl_console_all());
}
END_TEST

/* ---- filters and switching it off ---- */

static int some_calls(void *arg)
{
	(void)arg;
	sys_yield();
	sys_killtask(99);
	sys_sleep(10 * MS);
	return 0;
}

START_TEST(test_errors_filter)
{
	boot_traced("errors");
	tl_spawn("calls", some_calls, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(tl_console_lines(), 1);
	assert_line("0.000001 [1 calls] KillTask(99) = -ESRCH");
}
END_TEST

START_TEST(test_tid_filter)
{
	boot_traced("tid:2,Sleep");
	tl_spawn("one", some_calls, NULL);
	tl_spawn("two", some_calls, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(tl_console_lines(), 1);
	assert_line("0.000005 [2 two] Sleep(10ms) = 0 <0.010s>");
}
END_TEST

START_TEST(test_bad_filters_are_refused)
{
	struct kernel_config c;
	char why[256];
	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&c);
	ck_assert_int_eq(kernel_trace_start("Slep", NULL, why, sizeof why), -EINVAL);
	ck_assert_str_eq(why, "'Slep': not a call name, tid:N or errors");
	ck_assert_int_eq(kernel_trace_start("tid:0", NULL, why, sizeof why), -EINVAL);
	ck_assert_int_eq(kernel_trace_start("tid:x", NULL, why, sizeof why), -EINVAL);
	ck_assert_int_eq(kernel_trace_start("Sleep,,errors", NULL, why, sizeof why), 0);
	kernel_shutdown();
}
END_TEST

static int toggles(void *arg)
{
	(void)arg;
	struct trace_summary_row rows[SYS_NCALLS];
	sys_yield(); /* not traced: off */
	ck_assert_int_eq(sys_trace(TRACE_TID, 99, NULL), -ESRCH);
	ck_assert_int_eq(sys_trace(TRACE_TID, sys_gettid(), NULL), 0);
	sys_yield(); /* traced */
	ck_assert_int_eq(sys_trace(TRACE_OFF, 0, NULL), 0);
	sys_yield(); /* not traced */
	ck_assert_int_eq(sys_trace(TRACE_SUMMARY, 0, NULL), -EINVAL);
	ck_assert_int_eq(sys_trace(TRACE_SUMMARY, 0, rows), 0);
	ck_assert_int_eq(rows[SYS_YIELD].calls, 1);
	ck_assert_int_eq(rows[SYS_TRACE].calls, 1);
	ck_assert_int_eq(rows[SYS_GETTID].calls, 0);
	ck_assert_int_eq(sys_trace(42, 0, NULL), -EINVAL);
	return 0;
}

START_TEST(test_trace_call_turns_it_on_and_off)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, toggles, NULL);
	ck_assert_int_eq(tl_console_lines(), 2);
	assert_line("0.000004 [1 test] Yield() = 0");
	assert_line("0.000005 [1 test] Trace(TRACE_OFF) = 0");
}
END_TEST

static Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("lines");
	tcase_add_test(tc, test_readwait_blocks_and_shows_the_time);
	tcase_add_test(tc, test_writewait_blocks_and_shows_the_time);
	tcase_add_test(tc, test_arguments_results_and_ends);
	tcase_add_test(tc, test_spawn_flags_by_name);
	tcase_add_test(tc, test_the_other_calls);
	tcase_add_test(tc, test_the_scheduling_calls);
	tcase_add_test(tc, test_errors_filter);
	tcase_add_test(tc, test_tid_filter);
	tcase_add_test(tc, test_bad_filters_are_refused);
	tcase_add_test(tc, test_trace_call_turns_it_on_and_off);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(trace_suite());
}
