/*
 * check_context.c - what a switch keeps for each task: its rounding mode
 * (MXCSR) and its x87 control word are its own, whether it traps or is
 * preempted, and the kernel's never change.  The switch loads them only
 * when they differ from the ones in force (kernel/context.h): these tests
 * interleave tasks that change them with tasks that do not.
 */
#include "tests/testlib.h"
#include "kernel/context.h"
#include "kernel/counters.h"

#include <fenv.h>
#include <stdbool.h>
#include <stdint.h>

#define MS 1000000LL

static uint16_t x87_control(void)
{
	uint16_t cw;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	return cw;
}

static void set_x87_control(uint16_t cw)
{
	__asm__ volatile("fldcw %0" : : "m"(cw));
}

/* The x87 precision control: 53-bit (double) instead of the default
 * 64-bit, a change a task may make for itself. */
#define X87_DOUBLE_PRECISION 0x027f

struct mode {
	int round;   /* FE_* for fesetround, or -1: leave it */
	uint16_t cw; /* x87 control word to set, or 0: leave it */
	int checks;
	bool preempted; /* spin without trapping (needs the timer) */
	int64_t until;  /* when a spinning task stops */
};

static void check_mode(int expected_round, uint16_t expected_cw)
{
	ck_assert_int_eq(fegetround(), expected_round);
	ck_assert_uint_eq(x87_control(), expected_cw);
}

static int keeps_its_mode(void *arg)
{
	struct mode *m = arg;
	if (m->round >= 0)
		fesetround(m->round); /* the x87 rounding too */
	if (m->cw)
		set_x87_control(m->cw | (x87_control() & 0x0c00)); /* keeps rounding */
	/* What this task set, or inherited: it must read the same after
	 * every switch. */
	int round = fegetround();
	uint16_t cw = x87_control();
	ck_assert_int_eq(round, m->round >= 0 ? m->round : FE_TONEAREST);
	if (!m->preempted) {
		for (int i = 0; i < 200; i++) {
			check_mode(round, cw);
			m->checks++;
			sys_yield();
		}
		return 0;
	}
	/* Never trapping, so only the timer switches it out: plain compares
	 * here (an assertion is a region the timer leaves alone), counted
	 * and asserted at the end. */
	int wrong = 0;
	for (long i = 0; i < 400000000L && m->checks < 1000000000; i++) {
		wrong += fegetround() != round || x87_control() != cw;
		if ((i & 0xfff) == 0)
			m->checks++;
		if (i % 1000000 == 0 && tl_monotonic_ns() > m->until)
			break;
	}
	ck_assert_int_eq(wrong, 0);
	return 0;
}

static void run_modes(struct mode *modes, int n, bool preempted)
{
	struct kernel_config c;
	int kernel_round = fegetround();
	uint16_t kernel_cw = x87_control();

	tl_config(&c, KERNEL_CLOCK_REAL);
	c.quantum_ns = preempted ? 1 * MS : 0;
	tl_boot(&c);
	for (int i = 0; i < n; i++) {
		modes[i].preempted = preempted;
		modes[i].until = tl_monotonic_ns() + 400 * MS;
		tl_spawn("mode", keeps_its_mode, &modes[i]);
	}
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	for (int i = 0; i < n; i++)
		ck_assert_int_ge(modes[i].checks, 200);
	/* The kernel's own modes never changed. */
	ck_assert_int_eq(fegetround(), kernel_round);
	ck_assert_uint_eq(x87_control(), kernel_cw);
}

START_TEST(test_each_task_keeps_its_rounding_mode_across_traps)
{
	struct mode modes[] = {
		{.round = FE_UPWARD, .cw = 0},
		{.round = -1, .cw = 0},
		{.round = FE_TOWARDZERO, .cw = X87_DOUBLE_PRECISION},
		{.round = -1, .cw = 0},
		{.round = FE_DOWNWARD, .cw = 0},
	};
	run_modes(modes, 5, false);
}
END_TEST

START_TEST(test_each_task_keeps_its_rounding_mode_when_preempted)
{
	struct mode modes[] = {
		{.round = FE_UPWARD, .cw = X87_DOUBLE_PRECISION},
		{.round = -1, .cw = 0},
		{.round = FE_DOWNWARD, .cw = 0},
	};
	run_modes(modes, 3, true);
	ck_assert_uint_gt(kernel_counters.preemptions, 0);
}
END_TEST

#if defined(MINIOS_CONTEXT_ASM) && defined(__x86_64__)
/* Arithmetic sets MXCSR's sticky exception flags (an inexact division
 * here), which the ABI leaves to the caller: tasks that differ from the
 * kernel only in those flags have the same mode, and no switch between
 * them loads one. */
static int raises_inexact(void *arg)
{
	volatile double *x = arg;
	for (int i = 0; i < 200; i++) {
		*x = *x / 3.0 + 1.0;
		sys_yield();
	}
	return 0;
}

START_TEST(test_exception_flags_are_not_a_mode)
{
	struct kernel_config c;
	volatile double x[2] = {1.0, 2.0};

	tl_config(&c, KERNEL_CLOCK_VIRTUAL);
	c.quantum_ns = 0;
	tl_boot(&c);
	tl_spawn("inexact", raises_inexact, (void *)&x[0]);
	tl_spawn("inexact", raises_inexact, (void *)&x[1]);
	feclearexcept(FE_ALL_EXCEPT); /* the kernel's flags differ from theirs */
	unsigned long loads = context_mode_loads;
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_uint_eq(context_mode_loads, loads);
	ck_assert_int_eq(fegetround(), FE_TONEAREST);
}
END_TEST

/* The loop's own mode is read when it starts, not assumed: a kernel run
 * in another rounding mode keeps it, and its tasks still start in the
 * ABI's. */
START_TEST(test_the_kernel_may_run_in_its_own_mode)
{
	struct mode modes[] = {{.round = -1, .cw = 0}, {.round = FE_DOWNWARD, .cw = 0}};
	fesetround(FE_UPWARD);
	run_modes(modes, 2, false); /* asserts the kernel's mode after */
	ck_assert_int_eq(fegetround(), FE_UPWARD);
	fesetround(FE_TONEAREST);
}
END_TEST

/* And tasks that do change their mode are given it by a load. */
START_TEST(test_a_changed_mode_is_loaded)
{
	struct mode modes[] = {{.round = FE_UPWARD, .cw = 0}, {.round = -1, .cw = 0}};
	unsigned long loads = context_mode_loads;
	run_modes(modes, 2, false);
	ck_assert_uint_gt(context_mode_loads, loads);
}
END_TEST
#endif

static Suite *context_suite(void)
{
	Suite *s = suite_create("context");
	TCase *tc = tcase_create("modes");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_each_task_keeps_its_rounding_mode_across_traps);
	tcase_add_test(tc, test_each_task_keeps_its_rounding_mode_when_preempted);
#if defined(MINIOS_CONTEXT_ASM) && defined(__x86_64__)
	tcase_add_test(tc, test_exception_flags_are_not_a_mode);
	tcase_add_test(tc, test_a_changed_mode_is_loaded);
	tcase_add_test(tc, test_the_kernel_may_run_in_its_own_mode);
#endif
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(context_suite());
}
