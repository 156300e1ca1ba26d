/*
 * check_init.c - init's successor: when init (task 1) ends, the front end
 * may start a task that takes its place (kernel_on_init_ended), as minios
 * starts a new shell when the interactive one faulted.
 */
#include "tests/testlib.h"

#include <stddef.h>

static int calls;
static int seen_status[4];
static int successor_ran;

static int successor(void *arg)
{
	(void)arg;
	successor_ran = sys_gettid();
	return 7;
}

static int faulting_init(void *arg)
{
	(void)arg;
	volatile int *nowhere = NULL;
	return *nowhere;
}

/* Starts a successor after a fault, none after an exit. */
static int on_init_ended(int status)
{
	seen_status[calls++] = status;
	if (!(status & TASK_STATUS_FAULTED))
		return 0;
	return kernel_spawn("successor", successor, NULL, 0);
}

static void boot_with_hook(void)
{
	struct kernel_config config;

	calls = successor_ran = 0;
	tl_config(&config, KERNEL_CLOCK_VIRTUAL);
	tl_boot(&config);
	kernel_on_init_ended(on_init_ended);
}

START_TEST(test_a_faulted_init_is_replaced)
{
	if (TL_ASAN || TL_VALGRIND)
		return; /* a deliberate bad pointer */
	boot_with_hook();
	tl_spawn("init", faulting_init, NULL);
	ck_assert_int_eq(kernel_run(NULL), 0);
	/* The successor is init now: its exit is what the front end sees. */
	ck_assert_int_eq(calls, 2);
	ck_assert_int_eq(seen_status[0], TASK_STATUS_FAULTED | TASK_FAULT_SEGV);
	ck_assert_int_eq(seen_status[1], 7);
	ck_assert_int_eq(successor_ran, 2);
	ck_assert_int_eq(kernel_init_status(), 7);
	kernel_shutdown();
}
END_TEST

static int plain_init(void *arg)
{
	(void)arg;
	return 3;
}

static int bystander(void *arg)
{
	(void)arg;
	sys_sleep(1000);
	return 0;
}

START_TEST(test_only_init_is_reported)
{
	boot_with_hook();
	tl_spawn("init", plain_init, NULL);
	tl_spawn("bystander", bystander, NULL);
	ck_assert_int_eq(kernel_run(NULL), 0);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(seen_status[0], 3);
	ck_assert_int_eq(successor_ran, 0);
	ck_assert_int_eq(kernel_init_status(), 3);
	kernel_shutdown();
}
END_TEST

START_TEST(test_shutdown_starts_no_successor)
{
	boot_with_hook();
	tl_spawn("init", bystander, NULL);
	kernel_shutdown(); /* kills init, which is not a fault anyway */
	ck_assert_int_eq(calls, 0);
}
END_TEST

static Suite *init_suite(void)
{
	Suite *s = suite_create("init");
	TCase *tc = tcase_create("successor");
	tcase_add_test(tc, test_a_faulted_init_is_replaced);
	tcase_add_test(tc, test_only_init_is_reported);
	tcase_add_test(tc, test_shutdown_starts_no_successor);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(init_suite());
}
