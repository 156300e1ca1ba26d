/*
 * check_timer.c - Sleep and the kernel clock: exact wake-ups and ordering
 * under the virtual clock, determinism, and the real clock's lower bound.
 */
#include "tests/testlib.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MS 1000000LL
#define SECOND 1000000000LL

static int reached;
static int64_t times[16];

/* ---- virtual clock ---- */

static int exact_wakeup(void *arg)
{
	(void)arg;
	int64_t start = sys_clock_now();
	ck_assert_int_eq(sys_sleep(1234567), 0);
	ck_assert_int_eq(sys_clock_now(), start + 1234567);
	/* A sleep shorter than the trap itself ends when the trap does. */
	start = sys_clock_now();
	ck_assert_int_eq(sys_sleep(1), 0);
	ck_assert_int_eq(sys_clock_now(), start + MINIOS_VIRTUAL_TRAP_NS);
	start = sys_clock_now();
	ck_assert_int_eq(sys_sleep(3600 * SECOND), 0);
	ck_assert_int_eq(sys_clock_now(), start + 3600 * SECOND);
	/* Printing and reading the clock do not move it. */
	start = sys_clock_now();
	tl_print("tick");
	ck_assert_int_eq(sys_clock_now(), start);
	reached = 1;
	return 0;
}

START_TEST(test_virtual_sleep_wakes_exactly)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, exact_wakeup, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

static const int64_t durations[] = {50 * MS, 10 * MS, 30 * MS, 10 * MS,
				    40 * MS, 20 * MS, 10 * MS, 30 * MS};
#define SLEEPERS (int)(sizeof durations / sizeof durations[0])

/* Sleeps until BASE + durations[i]: computing the duration from the clock
 * just before the trap makes equal targets equal deadlines even if the
 * clock moved between the sleepers' turns. */
#define BASE SECOND

static int sleeper(void *arg)
{
	int i = (int)(intptr_t)arg;
	ck_assert_int_eq(sys_sleep(BASE + durations[i] - sys_clock_now()), 0);
	times[i] = sys_clock_now();
	tl_log_push(i);
	return 0;
}

static int ordering(void *arg)
{
	(void)arg;
	int tids[SLEEPERS];
	for (int i = 0; i < SLEEPERS; i++)
		tids[i] = sys_newtask("sleeper", sleeper, (void *)(intptr_t)i);
	for (int i = 0; i < SLEEPERS; i++)
		tl_join(tids[i]);
	return 0;
}

START_TEST(test_sleepers_wake_by_deadline_ties_fifo)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, ordering, NULL);
	int expect[] = {1, 3, 6, 5, 2, 7, 4, 0};
	ck_assert_int_eq(tl_log_len, SLEEPERS);
	for (int i = 0; i < SLEEPERS; i++) {
		ck_assert_msg(tl_log[i] == expect[i], "wake-up %d is sleeper %d, expected %d", i,
			      tl_log[i], expect[i]);
		ck_assert_int_ge(times[i], BASE + durations[i]);
	}
}
END_TEST

static int bad_durations(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sleep(-1), -EINVAL);
	ck_assert_int_eq(sys_sleep(INT64_MIN), -EINVAL);
	ck_assert_int_eq(sys_sleep(0), 0);
	reached = 1;
	return 0;
}

START_TEST(test_negative_sleep_is_einval)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, bad_durations, NULL);
	ck_assert_int_eq(reached, 1);
}
END_TEST

/* Sleep(0) is a yield: the other task runs in between. */
static int zero_sleeper(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int i = 0; i < 3; i++) {
		tl_log_push(id);
		ck_assert_int_eq(sys_sleep(0), 0);
	}
	return 0;
}

START_TEST(test_sleep_zero_is_a_yield)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("a", zero_sleeper, (void *)1);
	tl_spawn("b", zero_sleeper, (void *)2);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	int expect[] = {1, 2, 1, 2, 1, 2};
	ck_assert_int_eq(tl_log_len, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(tl_log[i], expect[i]);
}
END_TEST

static int long_sleeper(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sleep(1000 * SECOND), 0);
	times[0] = sys_clock_now();
	return 0;
}

START_TEST(test_only_sleepers_run_instantly)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	for (int i = 0; i < 10; i++)
		tl_spawn("sleeper", long_sleeper, NULL);
	int64_t start = tl_monotonic_ns();
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	int64_t elapsed = tl_monotonic_ns() - start;
	ck_assert_int_ge(times[0], 1000 * SECOND);
	ck_assert_int_lt(times[0], 1000 * SECOND + MS);
	ck_assert_msg(elapsed < 500 * MS, "1000 virtual seconds took %lld real ms",
		      (long long)(elapsed / MS));
}
END_TEST

/* Under the virtual clock, time does not jump while a task is runnable:
 * a busy task's 200 turns are over long before a 10 ms sleeper wakes. */
static int busy(void *arg)
{
	(void)arg;
	for (int i = 0; i < 200; i++) {
		ck_assert_int_lt(sys_clock_now(), 10 * MS);
		ck_assert_int_eq(reached, 0);
		sys_yield();
	}
	return 0;
}

static int short_sleep(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sleep(10 * MS), 0);
	reached = 1;
	times[0] = sys_clock_now();
	return 0;
}

START_TEST(test_virtual_time_stands_still_while_busy)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("sleeper", short_sleep, NULL);
	tl_spawn("busy", busy, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(reached, 1);
	ck_assert_int_ge(times[0], 10 * MS);
	ck_assert_int_lt(times[0], 11 * MS);
}
END_TEST

/* A sleeper and a task waiting on a pipe: time still jumps to the timer,
 * whose task then makes the pipe readable. */
static int io_pipe[2];

static int pipe_reader(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_readwait(io_pipe[0]), 0);
	times[1] = sys_clock_now();
	return 0;
}

static int sleep_then_write(void *arg)
{
	(void)arg;
	ck_assert_int_eq(sys_sleep(10 * SECOND), 0);
	ck_assert_int_eq(write(io_pipe[1], "x", 1), 1);
	return 0;
}

START_TEST(test_virtual_clock_jumps_with_io_waiters)
{
	ck_assert_int_eq(pipe(io_pipe), 0);
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("reader", pipe_reader, NULL);
	tl_spawn("sleeper", sleep_then_write, NULL);
	int64_t start = tl_monotonic_ns();
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	int64_t elapsed = tl_monotonic_ns() - start;
	ck_assert_int_ge(times[1], 10 * SECOND);
	ck_assert_int_lt(times[1], 10 * SECOND + MS);
	ck_assert_msg(elapsed < 2 * SECOND, "10 virtual seconds took %lld real ms",
		      (long long)(elapsed / MS));
}
END_TEST

/* ---- determinism ---- */

static int chatty(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int i = 0; i < 6; i++) {
		uint32_t r = sys_random();
		tl_print("[%lld] task %d step %d random %u", (long long)sys_clock_now(),
			 sys_gettid(), i, (unsigned)r);
		sys_sleep((int64_t)(r % 1000 + (uint32_t)id) * MS);
	}
	return id;
}

static int scenario(void *arg)
{
	(void)arg;
	int tids[5];
	for (int i = 0; i < 5; i++)
		tids[i] = sys_newtask("chatty", chatty, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < 5; i++) {
		int status;
		sys_waittask(tids[i], &status);
		tl_print("task %d ended with %d at %lld", tids[i], status,
			 (long long)sys_clock_now());
	}
	return 0;
}

static char *run_scenario(uint64_t seed)
{
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.seed = seed;
	config.announce_exits = 1;
	tl_run_config(&config, scenario, NULL);
	ck_assert_int_gt(tl_console_lines(), 30);
	return strdup(tl_console_all());
}

START_TEST(test_identical_runs_print_identical_output)
{
	char *first = run_scenario(7);
	char *second = run_scenario(7);
	ck_assert_str_eq(first, second);
	char *other = run_scenario(8);
	ck_assert_str_ne(first, other);
	free(first);
	free(second);
	free(other);
}
END_TEST

/* ---- real clock ---- */

static int real_sleep(void *arg)
{
	(void)arg;
	int64_t host_start = tl_monotonic_ns();
	int64_t start = sys_clock_now();
	ck_assert_int_eq(sys_sleep(20 * MS), 0);
	int64_t host_elapsed = tl_monotonic_ns() - host_start;
	int64_t elapsed = sys_clock_now() - start;
	ck_assert_msg(host_elapsed >= 20 * MS, "slept %lld ns of 20 ms", (long long)host_elapsed);
	ck_assert_msg(elapsed >= 20 * MS, "kernel clock moved %lld ns in 20 ms",
		      (long long)elapsed);
	ck_assert_msg(host_elapsed < 1000 * MS, "a 20 ms sleep took %lld ms",
		      (long long)(host_elapsed / MS));
	ck_assert_int_eq(sys_sleep(-5), -EINVAL);
	return 0;
}

START_TEST(test_real_sleep_takes_at_least_its_time)
{
	tl_run(KERNEL_CLOCK_REAL, real_sleep, NULL);
}
END_TEST

static int real_clock_moves(void *arg)
{
	(void)arg;
	int64_t a = sys_clock_now();
	ck_assert_int_ge(a, 0);
	usleep(2000);
	int64_t b = sys_clock_now();
	ck_assert_int_ge(b - a, 2 * MS);
	struct kernel_stats stats;
	sys_stats(&stats);
	ck_assert_int_ge(stats.uptime_ns, b);
	return 0;
}

START_TEST(test_real_clock_follows_host_time)
{
	tl_run(KERNEL_CLOCK_REAL, real_clock_moves, NULL);
}
END_TEST

/* The real-clock variant sleeps plain durations (BASE would be a second). */
static int real_sleeper(void *arg)
{
	int i = (int)(intptr_t)arg;
	ck_assert_int_eq(sys_sleep(durations[i]), 0);
	times[i] = sys_clock_now();
	tl_log_push(i);
	return 0;
}

static int real_sleepers(void *arg)
{
	(void)arg;
	int tids[4];
	for (int i = 0; i < 4; i++)
		tids[i] = sys_newtask("sleeper", real_sleeper, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < 4; i++)
		sys_waittask(tids[i], NULL);
	return 0;
}

START_TEST(test_real_sleepers_wake_in_deadline_order)
{
	tl_run(KERNEL_CLOCK_REAL, real_sleepers, NULL);
	/* durations 10, 30, 10, 40 ms for sleepers 1..4 */
	int expect[] = {1, 3, 2, 4};
	ck_assert_int_eq(tl_log_len, 4);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(tl_log[i], expect[i]);
		ck_assert_int_ge(times[expect[i]], durations[expect[i]]);
	}
}
END_TEST

static Suite *timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("virtual");
	tcase_add_test(tc, test_virtual_sleep_wakes_exactly);
	tcase_add_test(tc, test_sleepers_wake_by_deadline_ties_fifo);
	tcase_add_test(tc, test_negative_sleep_is_einval);
	tcase_add_test(tc, test_sleep_zero_is_a_yield);
	tcase_add_test(tc, test_only_sleepers_run_instantly);
	tcase_add_test(tc, test_virtual_time_stands_still_while_busy);
	tcase_add_test(tc, test_virtual_clock_jumps_with_io_waiters);
	tcase_add_test(tc, test_identical_runs_print_identical_output);
	suite_add_tcase(s, tc);

	tc = tcase_create("real");
	tcase_add_test(tc, test_real_sleep_takes_at_least_its_time);
	tcase_add_test(tc, test_real_clock_follows_host_time);
	tcase_add_test(tc, test_real_sleepers_wake_in_deadline_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(timer_suite());
}
