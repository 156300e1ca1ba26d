/*
 * check_hostcalls.c - the host's process-wide calls made in a task act on
 * that task (syscalls/hostcalls.c), and keep their usual meaning outside
 * any task; and a frame larger than the guard page is a stack overflow
 * that harms no other task (kernel/fault.c, -fstack-clash-protection).
 *
 * testlib's tl_main turns the mapping off for the Check suites (a failed
 * ck_assert must end the test's process); every test here turns it back
 * on.  Tasks here record what they see, and the test function checks it
 * after the kernel has stopped.
 */
#undef NDEBUG /* the assert tests need assert */
#include "tests/testlib.h"

#include <alloca.h>
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL
#define SEC 1000000000LL

static int statuses[8];

static void boot_mapped(void)
{
	kernel_map_host_calls(1);
	tl_log_clear();
}

/* Loop tests run twice: _i 0 with private stacks, 1 in compact mode (all
 * tasks on one shared stack), which only the hand-written switch has.
 * Returns 0 when this run is to be skipped. */
static int stack_mode_config(int i, struct kernel_config *config)
{
	tl_config(config, KERNEL_CLOCK_VIRTUAL);
	if (i == 0)
		return 1;
	config->stack_mode = KERNEL_STACK_COMPACT;
#ifdef MINIOS_CONTEXT_ASM
	return 1;
#else
	return 0;
#endif
}

/* ---- ending: exit, _exit, _Exit, quick_exit, abort, assert ---- */

static int bystander(void *arg)
{
	(void)arg;
	for (int i = 0; i < 10; i++) {
		tl_log_push(i);
		sys_yield();
	}
	return 0;
}

static int exit_task(void *arg)
{
	sys_yield();
	switch ((int)(intptr_t)arg) {
	case 0:
		exit(3);
	case 1:
		_exit(4);
	case 2:
		_Exit(5);
	case 3:
		quick_exit(6);
	case 4:
		abort();
	default: {
		volatile int answer = 41;
		assert(answer == 42);
		return 0;
	}
	}
}

#define ENDINGS 6

static int endings_main(void *arg)
{
	(void)arg;
	int other = sys_newtask("bystander", bystander, NULL);
	for (int i = 0; i < ENDINGS; i++) {
		int tid = sys_newtask("ending", exit_task, (void *)(intptr_t)i);
		if (tid < 0 || sys_waittask(tid, &statuses[i]) != 0)
			statuses[i] = -1;
	}
	sys_waittask(other, NULL);
	return 0;
}

START_TEST(test_exit_and_abort_end_only_the_task)
{
	struct kernel_config config;
	if (!stack_mode_config(_i, &config))
		return;
	boot_mapped();
	tl_run_config(&config, endings_main, NULL);
	/* We are still here, and so was the bystander, to its end. */
	ck_assert_int_eq(statuses[0], 3);
	ck_assert_int_eq(statuses[1], 4);
	ck_assert_int_eq(statuses[2], 5);
	ck_assert_int_eq(statuses[3], 6);
	ck_assert_int_eq(statuses[4], TASK_STATUS_FAULTED | TASK_FAULT_ABORT);
	ck_assert_int_eq(statuses[5], TASK_STATUS_FAULTED | TASK_FAULT_ABORT);
	ck_assert_int_eq(tl_log_len, 10);
	char text[64];
	ck_assert_str_eq(task_status_text(statuses[4], text, sizeof text), "aborted");
	/* The assertion's usual message, on the task's error stream, with
	 * the file's base name. */
	ck_assert_ptr_nonnull(strstr(tl_console_err(), "check_hostcalls.c:"));
	ck_assert_ptr_nonnull(
		strstr(tl_console_err(), ": exit_task: Assertion `answer == 42' failed.\n"));
	ck_assert_ptr_null(strstr(tl_console_err(), "/check_hostcalls.c"));
	ck_assert_int_eq(tl_console_bad_lines(), 0);
}
END_TEST

/* Outside any task, the host's calls. */
START_TEST(test_exit_outside_a_task)
{
	boot_mapped();
	exit(7);
}
END_TEST

START_TEST(test__exit_outside_a_task)
{
	boot_mapped();
	_exit(8);
}
END_TEST

START_TEST(test_abort_outside_a_task)
{
	boot_mapped();
	abort();
}
END_TEST

START_TEST(test_assert_outside_a_task)
{
	boot_mapped();
	volatile int answer = 41;
	fprintf(stderr, "(an assertion is about to fail, on purpose:)\n");
	assert(answer == 42);
}
END_TEST

/* While a kernel runs, but in the test's own code, not a task's. */
static int idle_task(void *arg)
{
	(void)arg;
	return 0;
}

START_TEST(test_exit_between_kernel_calls)
{
	boot_mapped();
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	tl_spawn("idle", idle_task, NULL);
	exit(9);
}
END_TEST

/* With the mapping off, a task's _exit is the process's.  (Not exit:
 * LeakSanitizer's check at exit would see only the task's stack, and call
 * what the test's own frames hold leaked.) */
START_TEST(test_exit_in_a_task_when_mapping_is_off)
{
	boot_mapped();
	kernel_map_host_calls(0);
	tl_run(KERNEL_CLOCK_VIRTUAL, exit_task, (void *)1);
}
END_TEST

/* ---- sleeping ---- */

static int64_t slept[8];
static int sleep_errno[8];
static int sleep_result[8];

static int ticker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 5; i++) {
		tl_log_push(100 + i);
		sys_sleep(100 * MS);
	}
	return 0;
}

static int sleeper(void *arg)
{
	(void)arg;
	int other = sys_newtask("ticker", ticker, NULL);
	sys_yield(); /* the ticker logs its first line and sleeps */
	int64_t t0 = sys_clock_now();
	sleep_result[0] = (int)sleep(1);
	slept[0] = sys_clock_now() - t0;
	tl_log_push(1);

	t0 = sys_clock_now();
	sleep_result[1] = usleep(2500);
	slept[1] = sys_clock_now() - t0;

	t0 = sys_clock_now();
	struct timespec req = {0, 3 * MS}, rem = {9, 9};
	sleep_result[2] = nanosleep(&req, &rem);
	slept[2] = sys_clock_now() - t0;

	t0 = sys_clock_now();
	req.tv_nsec = 4 * MS;
	sleep_result[3] = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	slept[3] = sys_clock_now() - t0;

	/* Absolute: until 5 ms from now on the host's clock. */
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += 5 * MS;
	if (until.tv_nsec >= SEC) {
		until.tv_sec++;
		until.tv_nsec -= SEC;
	}
	t0 = sys_clock_now();
	sleep_result[4] = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
	slept[4] = sys_clock_now() - t0;

	/* Bad requests, as the host refuses them. */
	req.tv_nsec = SEC;
	errno = 0;
	sleep_result[5] = nanosleep(&req, NULL);
	sleep_errno[5] = errno;
	sleep_result[6] = clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL);

	sys_waittask(other, NULL);
	return 0;
}

START_TEST(test_sleep_in_a_task_is_its_sleep)
{
	struct kernel_config config;
	if (!stack_mode_config(_i, &config))
		return;
	boot_mapped();
	int64_t start = tl_monotonic_ns();
	tl_run_config(&config, sleeper, NULL);
	/* Virtual time: no host sleep of a second. */
	ck_assert_int_lt(tl_monotonic_ns() - start, SEC / 2);
	ck_assert_int_eq(sleep_result[0], 0);
	ck_assert_int_ge(slept[0], SEC);
	ck_assert_int_lt(slept[0], SEC + MS);
	/* The ticker ran during that second: 100..104, then our 1. */
	ck_assert_int_ge(tl_log_len, 6);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(tl_log[i], 100 + i);
	ck_assert_int_eq(tl_log[5], 1);

	ck_assert_int_eq(sleep_result[1], 0);
	ck_assert_int_ge(slept[1], 2500 * 1000);
	ck_assert_int_lt(slept[1], 3 * MS);
	ck_assert_int_eq(sleep_result[2], 0);
	ck_assert_int_ge(slept[2], 3 * MS);
	ck_assert_int_lt(slept[2], 4 * MS);
	ck_assert_int_eq(sleep_result[3], 0);
	ck_assert_int_ge(slept[3], 4 * MS);
	ck_assert_int_lt(slept[3], 5 * MS);
	ck_assert_int_eq(sleep_result[4], 0);
	ck_assert_int_gt(slept[4], 2 * MS); /* what was left of the 5 ms */
	ck_assert_int_lt(slept[4], 6 * MS);
	ck_assert_int_eq(sleep_result[5], -1);
	ck_assert_int_eq(sleep_errno[5], EINVAL);
	ck_assert_int_eq(sleep_result[6], EINVAL);
}
END_TEST

/* A notification cuts a mapped sleep short, as a signal does: EINTR and
 * the time left. */
static struct timespec interrupted_rem;

static int interrupted_sleeper(void *arg)
{
	(void)arg;
	sys_notify(NOTIFY_INTERRUPT);
	struct timespec req = {5, 0};
	errno = 0;
	sleep_result[0] = nanosleep(&req, &interrupted_rem);
	sleep_errno[0] = errno;
	sys_pending();
	return 0;
}

static int interrupter(void *arg)
{
	(void)arg;
	int tid = sys_newtask("sleeper", interrupted_sleeper, NULL);
	if (tl_wait_blocked(tid, TASK_WAIT_SLEEP))
		kernel_raise_interrupt();
	sys_waittask(tid, NULL);
	return 0;
}

START_TEST(test_interrupted_sleep_says_eintr)
{
	boot_mapped();
	tl_run(KERNEL_CLOCK_VIRTUAL, interrupter, NULL);
	ck_assert_int_eq(sleep_result[0], -1);
	ck_assert_int_eq(sleep_errno[0], EINTR);
	ck_assert_int_eq(interrupted_rem.tv_sec, 4);
	ck_assert_int_gt(interrupted_rem.tv_nsec, 900 * MS);
}
END_TEST

START_TEST(test_sleep_outside_a_task_is_the_hosts)
{
	boot_mapped();
	int64_t start = tl_monotonic_ns();
	ck_assert_int_eq(usleep(20000), 0);
	struct timespec req = {0, 20 * MS};
	ck_assert_int_eq(nanosleep(&req, NULL), 0);
	ck_assert_int_eq(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), 0);
	ck_assert_int_ge(tl_monotonic_ns() - start, 60 * MS);
}
END_TEST

/* ---- a frame larger than the guard page ---- */

#define KIB 1024
#define PAGE_GUESS (4 * KIB)

/* The other task's canary, near the top of its stack. */
static volatile uintptr_t canary;
#define CANARY_LEN 64
static int canary_intact = -1;
static int layout_ok;
static volatile int big_done;

static int canary_task(void *arg)
{
	(void)arg;
	volatile char mine[CANARY_LEN];
	for (int i = 0; i < CANARY_LEN; i++)
		mine[i] = (char)(0xa5 ^ i);
	canary = (uintptr_t)mine;
	while (!big_done)
		sys_yield();
	canary_intact = 1;
	for (int i = 0; i < CANARY_LEN; i++)
		if (mine[i] != (char)(0xa5 ^ i))
			canary_intact = 0;
	return 0;
}

/* A frame that reaches from here down past the other task's canary.  Built
 * with -fstack-clash-protection, the frame is touched page by page from
 * the top as it is made, so the guard page below this stack stops it
 * before anything below is written.  Without probes, the write to the
 * canary's place would land in the other task's stack. */
static __attribute__((noinline)) void reach_down(size_t bytes, volatile char *target)
{
	volatile char *frame = alloca(bytes);
	if (target >= frame && target < frame + bytes)
		*target = 0;
	for (size_t i = bytes; i >= PAGE_GUESS; i -= PAGE_GUESS)
		frame[i - 1] = 1; /* from the top down: the guard page faults */
	frame[0] = 1;
}

static int big_frame_task(void *arg)
{
	(void)arg;
	while (!canary) /* the canary task sets its canary */
		sys_yield();
	volatile char here = 0;
	uintptr_t top = (uintptr_t)&here, low = (uintptr_t)canary;
	/* The canary's stack was mapped after ours, so it lies below. */
	layout_ok = low < top && top - low < 64 * 1024 * KIB;
	if (layout_ok)
		reach_down(top - low + 2 * KIB, (volatile char *)canary);
	else
		reach_down(4 * 1024 * KIB, NULL);
	return 0;
}

static int big_frame_main(void *arg)
{
	(void)arg;
	int big = sys_newtask("big", big_frame_task, NULL);
	int other = sys_newtask("canary", canary_task, NULL);
	sys_waittask(big, &statuses[0]);
	big_done = 1;
	sys_waittask(other, &statuses[1]);
	return 0;
}

START_TEST(test_big_frame_spares_the_other_stack)
{
	boot_mapped();
	tl_run(KERNEL_CLOCK_VIRTUAL, big_frame_main, NULL);
	ck_assert_int_eq(statuses[0], TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW);
	ck_assert_int_eq(statuses[1], 0);
	if (!layout_ok) {
		fprintf(stderr, "the canary's stack is not below the big frame's: "
				"only the overflow was checked\n");
		return;
	}
	ck_assert_msg(canary_intact == 1, "the big frame wrote into the other task's stack");
}
END_TEST

/* Without probes (on purpose, for this function only), a big frame moves
 * the stack pointer far past the guard page before its first access.
 * The kernel still calls it a stack overflow: the fault is below the
 * stack (within 1 MiB), or the stack pointer is (further down). */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_PROBES __attribute__((noinline, optimize("no-stack-clash-protection")))
#else
#define NO_PROBES __attribute__((noinline))
#endif

static NO_PROBES void jump_down(size_t bytes)
{
	volatile char *frame = alloca(bytes);
	frame[0] = 1; /* the lowest byte first */
	frame[bytes - 1] = 1;
}

#define JUMP_RESERVE (4 * 1024 * KIB)
static const size_t jump_bytes[2] = {768 * KIB, 3 * 1024 * KIB};
static void *reserved[2];

/* The start of the mapping that holds addr (its task's stack), or 0. */
static uintptr_t mapping_start(uintptr_t addr)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[512];
	uintptr_t start = 0, lo, hi;
	while (maps && fgets(line, sizeof line, maps))
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) == 2 && addr >= lo &&
		    addr < hi)
			start = lo;
	if (maps)
		fclose(maps);
	return start;
}

/* The region below our stack's guard page is made inaccessible first, so
 * the jump lands on nothing that belongs to anyone. */
static int jump_task(void *arg)
{
	int i = (int)(intptr_t)arg;
	volatile char here = 0;
	uintptr_t base = mapping_start((uintptr_t)&here);
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	if (base < JUMP_RESERVE + page)
		return 1;
	void *below = (void *)(base - page - JUMP_RESERVE);
	void *got = mmap(below, JUMP_RESERVE, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	if (got != below) {
		if (got != MAP_FAILED)
			munmap(got, JUMP_RESERVE);
		return 1; /* something lives there (under ASan, its allocator
			   * often does): no test */
	}
	reserved[i] = got;
	jump_down(jump_bytes[i]);
	return 0;
}

static int jump_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		int tid = sys_newtask("jump", jump_task, (void *)(intptr_t)i);
		statuses[i] = -1;
		if (tid > 0)
			sys_waittask(tid, &statuses[i]);
		if (reserved[i])
			munmap(reserved[i], JUMP_RESERVE);
	}
	return 0;
}

START_TEST(test_frame_past_the_guard_is_an_overflow)
{
	if (TL_VALGRIND) {
		fprintf(stderr, "skipped under valgrind (it reports the bad access itself)\n");
		return;
	}
	boot_mapped();
	struct kernel_config config;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	config.stack_size = 64 * KIB;
	tl_run_config(&config, jump_main, NULL);
	for (int i = 0; i < 2; i++) {
		if (statuses[i] == 1) {
			fprintf(stderr,
				"jump %d: the memory below the stack is in use: not checked\n", i);
			continue;
		}
		ck_assert_msg(statuses[i] == (TASK_STATUS_FAULTED | TASK_FAULT_STACK_OVERFLOW),
			      "a frame of %zu KiB: status %#x", jump_bytes[i] / KIB, statuses[i]);
	}
}
END_TEST

static Suite *hostcalls_suite(void)
{
	Suite *s = suite_create("hostcalls");
	TCase *tc = tcase_create("ending");
	tcase_add_loop_test(tc, test_exit_and_abort_end_only_the_task, 0, 2);
	tcase_add_exit_test(tc, test_exit_outside_a_task, 7);
	tcase_add_exit_test(tc, test__exit_outside_a_task, 8);
	tcase_add_exit_test(tc, test_exit_between_kernel_calls, 9);
	tcase_add_exit_test(tc, test_exit_in_a_task_when_mapping_is_off, 4);
	tcase_add_test_raise_signal(tc, test_abort_outside_a_task, SIGABRT);
	tcase_add_test_raise_signal(tc, test_assert_outside_a_task, SIGABRT);
	suite_add_tcase(s, tc);

	tc = tcase_create("sleeping");
	tcase_add_loop_test(tc, test_sleep_in_a_task_is_its_sleep, 0, 2);
	tcase_add_test(tc, test_interrupted_sleep_says_eintr);
	tcase_add_test(tc, test_sleep_outside_a_task_is_the_hosts);
	suite_add_tcase(s, tc);

	tc = tcase_create("big frames");
	tcase_add_test(tc, test_big_frame_spares_the_other_stack);
	tcase_add_test(tc, test_frame_past_the_guard_is_an_overflow);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(hostcalls_suite());
}
