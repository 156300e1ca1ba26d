/*
 * check_kassert.c - the kernel's invariants (KASSERT) hold their ground.
 *
 * In a build that checks them (./configure --enable-debug, or the sanitizer
 * build), breaking one from inside a task must abort at once.  In a release
 * build KASSERT must cost nothing: its expression is not even evaluated.
 * The tests reach past the system calls into kernel/ on purpose: no system
 * call can break an invariant (that is the point of them).
 */
#include "tests/testlib.h"
#include "kernel/kassert.h"
#include "kernel/task.h"
#include "kernel/timer.h"

#include <signal.h>

START_TEST(test_kassert_evaluates_only_when_checking)
{
	int evaluated = 0;
	KASSERT(++evaluated == 1);
#ifdef MINIOS_KASSERT
	ck_assert_int_eq(evaluated, 1);
#else
	ck_assert_int_eq(evaluated, 0);
#endif
}
END_TEST

#ifdef MINIOS_KASSERT
static int wake_oneself(void *arg)
{
	(void)arg;
	task_wake(task_current(), 0); /* running, not blocked */
	return 0;
}

START_TEST(test_waking_a_task_that_is_not_blocked_aborts)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, wake_oneself, NULL);
}
END_TEST

static int timer_twice(void *arg)
{
	(void)arg;
	struct task *t = task_current();
	ck_assert_int_eq(timer_add(t, 1000), 0);
	timer_add(t, 2000);
	return 0;
}

START_TEST(test_adding_a_timer_twice_aborts)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, timer_twice, NULL);
}
END_TEST

static int lose_magic(void *arg)
{
	(void)arg;
	struct task *t = task_current();
	t->magic = 0; /* as a stray write would */
	task_lookup(t->tid);
	return 0;
}

START_TEST(test_a_task_without_its_magic_aborts)
{
	tl_run(KERNEL_CLOCK_VIRTUAL, lose_magic, NULL);
}
END_TEST
#endif

static Suite *kassert_suite(void)
{
	Suite *s = suite_create("kassert");
	TCase *tc = tcase_create("invariants");
	tcase_add_test(tc, test_kassert_evaluates_only_when_checking);
#ifdef MINIOS_KASSERT
	tcase_add_test_raise_signal(tc, test_waking_a_task_that_is_not_blocked_aborts, SIGABRT);
	tcase_add_test_raise_signal(tc, test_adding_a_timer_twice_aborts, SIGABRT);
	tcase_add_test_raise_signal(tc, test_a_task_without_its_magic_aborts, SIGABRT);
#endif
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(kassert_suite());
}
