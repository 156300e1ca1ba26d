/*
 * check_preempt.c - the timer interrupt: a task that never traps cannot
 * starve the others; a task that traps within its quantum is never
 * preempted; preemption is safe in libc-heavy loops, and never stops a
 * memory call (sys_realloc) half done; registers, flags and
 * the vector state (with a changed rounding mode) survive it; the
 * watchdog names a task stuck in a host call.
 *
 * These run on the real clock and the host's CPU-time timer, so they
 * assert counts and bounds, never exact timings.  The starvation bound is
 * left out under valgrind, which runs everything tens of times slower.
 */
#include "tests/testlib.h"
#include "kernel/kernel.h"

#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MS 1000000LL

static volatile int stop_spinning;
static volatile uint64_t spins;

/* Never traps until told to stop (the flag is set by another task, which
 * can only run if this one is preempted). */
static int spinner(void *arg)
{
	(void)arg;
	while (!stop_spinning)
		spins++;
	return 0;
}

struct ticker_result {
	int ticks;
	int64_t late_ns[10];
};

static int compare_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int64_t process_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int ticker(void *arg)
{
	struct ticker_result *r = arg;
	for (int i = 0; i < 10; i++) {
		int64_t due = sys_clock_now() + 20 * MS;
		ck_assert_int_eq(sys_sleep(20 * MS), 0);
		r->late_ns[r->ticks++] = sys_clock_now() - due;
	}
	stop_spinning = 1;
	return 0;
}

static void run_spinner_and_ticker(enum kernel_stack_mode mode)
{
	struct kernel_config c;
	struct ticker_result r = {0};

	tl_config(&c, KERNEL_CLOCK_REAL);
	c.stack_mode = mode;
	stop_spinning = 0;
	spins = 0;
	tl_boot(&c);
	tl_spawn("spin", spinner, NULL);
	tl_spawn("ticker", ticker, &r);
	int64_t wall = tl_monotonic_ns(), cpu = process_cpu_ns();
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	wall = tl_monotonic_ns() - wall;
	cpu = process_cpu_ns() - cpu;
	ck_assert_int_eq(r.ticks, 10);
	ck_assert_uint_gt(spins, 0);
	ck_assert_uint_gt(kernel_counters.preemptions, 0);
	/* A tick comes late by about a quantum (10 ms) of CPU time plus
	 * the host's CPU-timer granularity.  The quantum is CPU time: on a
	 * busy host that gives minios a share of a core, it lasts longer in
	 * real time, so the median lateness is judged in CPU time (times the
	 * share the process had).  The worst only bounds the host's pauses;
	 * a starved ticker would never tick at all. */
	qsort(r.late_ns, 10, sizeof r.late_ns[0], compare_int64);
	double share = wall > 0 && cpu < wall ? (double)cpu / (double)wall : 1.0;
	if (!TL_VALGRIND) {
		ck_assert_msg(r.late_ns[5] * share < 50 * MS,
			      "the median tick came %lld ms late (with %.0f%% of a CPU)",
			      (long long)(r.late_ns[5] / MS), share * 100);
		ck_assert_msg(r.late_ns[9] < 1000 * MS, "a tick came %lld ms late",
			      (long long)(r.late_ns[9] / MS));
	}
}

START_TEST(test_spinner_cannot_starve_a_ticker)
{
	run_spinner_and_ticker(KERNEL_STACK_PRIVATE);
}
END_TEST

START_TEST(test_spinner_cannot_starve_a_ticker_compact)
{
#ifdef MINIOS_CONTEXT_ASM
	run_spinner_and_ticker(KERNEL_STACK_COMPACT);
#endif
}
END_TEST

/* With the quantum off, nothing is preempted: the ticker runs only after
 * the spinner is done.  (It stops by itself after a while here.) */
static int64_t thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Spins for 300 ms of CPU time (not real time: a busy host must not
 * shorten it below a few quanta), looking at the clock only now and then
 * so that nearly every tick lands in this code. */
static int bounded_spinner(void *arg)
{
	(void)arg;
	int64_t until = thread_cpu_ns() + 300 * MS;
	while (thread_cpu_ns() < until)
		for (int i = 0; i < 100000; i++)
			spins++;
	tl_log_push(1);
	return 0;
}

static int log_two(void *arg)
{
	(void)arg;
	tl_log_push(2);
	return 0;
}

START_TEST(test_quantum_zero_turns_preemption_off)
{
	struct kernel_config c;

	tl_config(&c, KERNEL_CLOCK_REAL);
	c.quantum_ns = 0;
	tl_log_clear();
	tl_boot(&c);
	tl_spawn("spin", bounded_spinner, NULL);
	tl_spawn("other", log_two, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(tl_log_len, 2);
	ck_assert_int_eq(tl_log[0], 1);
	ck_assert_uint_eq(kernel_counters.preemptions, 0);
}
END_TEST

START_TEST(test_quantum_preempts_the_same_spinner)
{
	struct kernel_config c;

	tl_config(&c, KERNEL_CLOCK_REAL);
	tl_log_clear();
	tl_boot(&c);
	tl_spawn("spin", bounded_spinner, NULL);
	tl_spawn("other", log_two, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	/* The other task ran while the spinner was still spinning. */
	ck_assert_int_eq(tl_log_len, 2);
	ck_assert_msg(tl_log[0] == 2, "the spinner ran to its end: %llu ticks missed",
		      (unsigned long long)kernel_counters.preempt_missed);
	ck_assert_uint_gt(kernel_counters.preemptions, 0);
}
END_TEST

/* Tasks that trap all the time are never preempted, however long they
 * run: the order of a cooperative run does not change. */
static int busy_yielder(void *arg)
{
	(void)arg;
	int64_t until = tl_monotonic_ns() + 150 * MS;
	while (tl_monotonic_ns() < until)
		sys_yield();
	return 0;
}

START_TEST(test_trapping_tasks_are_never_preempted)
{
	struct kernel_config c;

	tl_config(&c, KERNEL_CLOCK_REAL);
	tl_boot(&c);
	tl_spawn("a", busy_yielder, NULL);
	tl_spawn("b", busy_yielder, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_uint_eq(kernel_counters.preemptions, 0);
}
END_TEST

/* ---- libc-heavy loops ---- */

static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* malloc, snprintf, qsort and free in a tight loop, never trapping, and
 * checking its own results; stops after `ms` of real time. */
static int libc_churn(void *arg)
{
	int64_t ms = (int64_t)(intptr_t)arg;
	int64_t until = tl_monotonic_ns() + ms * MS;
	unsigned seed = (unsigned)sys_gettid();
	long rounds = 0, wrong = 0;

	/* Plain checks, counted: an assertion is a region the timer leaves
	 * alone, and the point is to be preempted in this code. */
	while (tl_monotonic_ns() < until) {
		int n = 64 + (int)(rand_r(&seed) % 256);
		int *v = malloc(sizeof *v * (size_t)n);
		char *text = malloc(32);
		if (!v || !text)
			abort();
		for (int i = 0; i < n; i++)
			v[i] = (int)(rand_r(&seed) % 1000);
		qsort(v, (size_t)n, sizeof *v, compare_ints);
		for (int i = 1; i < n; i++)
			wrong += v[i - 1] > v[i];
		snprintf(text, 32, "%d:%d", n, v[0]);
		wrong += atoi(text) != n;
		free(text);
		free(v);
		rounds++;
	}
	ck_assert_int_eq(wrong, 0);
	ck_assert_int_gt(rounds, 0);
	return 0;
}

START_TEST(test_preemption_is_safe_in_libc_loops)
{
	struct kernel_config c;
	int64_t ms = TL_VALGRIND ? 1500 : 1200;

	tl_config(&c, KERNEL_CLOCK_REAL);
	c.quantum_ns = 1 * MS;
	tl_boot(&c);
	tl_spawn("churn-a", libc_churn, (void *)(intptr_t)ms);
	tl_spawn("churn-b", libc_churn, (void *)(intptr_t)ms);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	/* Each tick found either a safe point or none; both happened. */
	ck_assert_uint_gt(kernel_counters.preemptions + kernel_counters.preempt_missed, 0);
}
END_TEST

/* ---- registers and the vector state ---- */

#define SUM_TERMS 3000000

/* A long floating-point sum whose last bits depend on the rounding mode,
 * with its partial sums live in vector registers the whole time. */
static double harmonic_upward(void)
{
	double sum = 0.0, alt = 0.0;
	int saved = fegetround();

	fesetround(FE_UPWARD);
	for (int i = 1; i <= SUM_TERMS; i++) {
		volatile double term = 1.0 / (double)i;
		sum += term;
		alt -= term * 0.5;
	}
	fesetround(saved);
	return sum + alt;
}

/* The same kind of work in the default rounding mode: if preemption
 * leaked state between tasks, this would disturb the other. */
static int disturber(void *arg)
{
	(void)arg;
	double x = 0.0;
	while (!stop_spinning)
		x += 1.0 / 3.0;
	return x < 0.0;
}

struct vector_run {
	double result;
	int preemptions;
	int rounds;
};

/* Sums again and again for a while without trapping (a trap would
 * reset its quantum), comparing every round with the first. */
static int vector_worker(void *arg)
{
	struct vector_run *r = arg;
	int64_t until = tl_monotonic_ns() + (TL_VALGRIND ? 6000 : 2000) * MS;
	struct task_info info;

	r->result = harmonic_upward();
	for (r->rounds = 1; tl_monotonic_ns() < until; r->rounds++) {
		double again = harmonic_upward();
		ck_assert_msg(memcmp(&again, &r->result, sizeof again) == 0, "round %d: %a != %a",
			      r->rounds, again, r->result);
	}
	ck_assert(tl_task_info(sys_gettid(), &info));
	r->preemptions = (int)info.involuntary;
	stop_spinning = 1;
	return 0;
}

START_TEST(test_vector_state_survives_preemption)
{
	double expected = harmonic_upward();
	struct kernel_config c;
	struct vector_run r = {0, 0, 0};

	ck_assert_int_eq(fegetround(), FE_TONEAREST);
	tl_config(&c, KERNEL_CLOCK_REAL);
	c.quantum_ns = 1 * MS;
	stop_spinning = 0;
	tl_boot(&c);
	tl_spawn("vector", vector_worker, &r);
	tl_spawn("disturb", disturber, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_msg(memcmp(&r.result, &expected, sizeof expected) == 0, "%a != %a", r.result,
		      expected);
	ck_assert_msg(r.preemptions >= 20, "only %d preemptions in %d rounds", r.preemptions,
		      r.rounds);
	/* The kernel's rounding mode is its own. */
	ck_assert_int_eq(fegetround(), FE_TONEAREST);
}
END_TEST

/* ---- the watchdog ---- */

static int blocks_in_read(void *arg)
{
	int *fds = arg;
	char byte;
	/* A blocking host read: no tick can preempt it (it is in libc, or
	 * in the host kernel), and it never traps. */
	ssize_t n = read(fds[0], &byte, 1);
	ck_assert_int_eq((int)n, 1);
	return 0;
}

/* Another process writes the byte later: nothing in this one can. */
static pid_t release_after(int fd, int ms)
{
	pid_t pid = fork();
	if (pid == 0) {
		usleep((useconds_t)ms * 1000);
		ssize_t n = write(fd, "x", 1);
		_exit(n == 1 ? 0 : 1);
	}
	return pid;
}

START_TEST(test_watchdog_names_a_task_stuck_in_a_host_call)
{
	struct kernel_config c;
	int fds[2], status;
	char text[512] = "";
	FILE *err = tmpfile();
	int saved_stderr = dup(STDERR_FILENO);

	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(pipe(fds), 0);
	tl_config(&c, KERNEL_CLOCK_REAL);
	c.watchdog_ns = 200 * MS;
	tl_boot(&c);
	tl_spawn("stuck", blocks_in_read, fds);
	pid_t writer = release_after(fds[1], 700);
	ck_assert_int_gt(writer, 0);
	/* The watchdog writes to fd 2 itself (a signal handler cannot use
	 * the console): catch it in a file. */
	dup2(fileno(err), STDERR_FILENO);
	int64_t wall = tl_monotonic_ns();
	int r = tl_run_and_shutdown(NULL);
	wall = tl_monotonic_ns() - wall;
	dup2(saved_stderr, STDERR_FILENO);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(waitpid(writer, &status, 0), writer);
	rewind(err);
	size_t n = fread(text, 1, sizeof text - 1, err);
	text[n] = 0;
	fclose(err);
	close(fds[0]);
	close(fds[1]);
	/* It said so, once per interval (not on every look), in whole
	 * intervals. */
	ck_assert_uint_ge(kernel_counters.watchdog_lines, 1);
	ck_assert_uint_le(kernel_counters.watchdog_lines, (uint64_t)(wall / (200 * MS)));
	ck_assert_msg(strstr(text, "minios: watchdog: task 1 (stuck) has not trapped for 0.2s\n") ==
			      text,
		      "stderr: %s", text);
}
END_TEST

START_TEST(test_kernel_init_refuses_settings_that_would_flood)
{
	struct kernel_config c;

	tl_config(&c, KERNEL_CLOCK_REAL);
	c.quantum_ns = KERNEL_MIN_QUANTUM_NS - 1;
	ck_assert_int_eq(kernel_init(&c), -EINVAL);
	c.quantum_ns = -1;
	ck_assert_int_eq(kernel_init(&c), -EINVAL);
	c.quantum_ns = 0;
	c.watchdog_ns = KERNEL_MIN_WATCHDOG_NS - 1;
	ck_assert_int_eq(kernel_init(&c), -EINVAL);
	c.watchdog_ns = 0;
	ck_assert_int_eq(kernel_init(&c), 0);
	kernel_shutdown();
}
END_TEST

/* ---- memory calls: no preemption with a block off its owner's list ---- */

/* Resizes its block for ever, never trapping: only preemption stops it. */
static int reallocating(void *arg)
{
	(void)arg;
	char *p = sys_alloc(16);
	for (unsigned i = 0;; i++) {
		char *q = sys_realloc(p, 16 + (i % 8) * 8);
		if (q)
			p = q;
	}
	return 0;
}

static int off_list, realloc_rounds;

/* Each round: a reallocating task runs until the timer preempts it; its
 * one block must then be on its list, where its end will find it. */
static int realloc_prober(void *arg)
{
	(void)arg;
	for (int round = 0; round < 100; round++) {
		int tid = sys_newtask("reallocating", reallocating, NULL);
		uint64_t before = kernel_counters.preemptions;
		while (kernel_counters.preemptions == before)
			sys_yield();
		struct task *t = task_lookup(tid);
		ck_assert_ptr_nonnull(t);
		if (!t->extra || list_empty(&t->extra->allocations))
			off_list++;
		ck_assert_int_eq(sys_killtask(tid), 0);
		realloc_rounds++;
	}
	return 0;
}

START_TEST(test_preemption_leaves_memory_calls_whole)
{
#ifdef __x86_64__ /* elsewhere a task is preempted at its next trap only */
	struct kernel_config c;

	tl_config(&c, KERNEL_CLOCK_REAL);
	c.quantum_ns = 1 * MS;
	tl_boot(&c);
	tl_spawn("prober", realloc_prober, NULL);
	ck_assert_int_eq(tl_run_and_shutdown(NULL), 0);
	ck_assert_int_eq(realloc_rounds, 100);
	ck_assert_msg(off_list == 0, "%d of 100 preempted with the block off the list", off_list);
#endif
}
END_TEST

static Suite *preempt_suite(void)
{
	Suite *s = suite_create("preempt");
	TCase *tc = tcase_create("preempt");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_spinner_cannot_starve_a_ticker);
	tcase_add_test(tc, test_spinner_cannot_starve_a_ticker_compact);
	tcase_add_test(tc, test_quantum_zero_turns_preemption_off);
	tcase_add_test(tc, test_quantum_preempts_the_same_spinner);
	tcase_add_test(tc, test_trapping_tasks_are_never_preempted);
	tcase_add_test(tc, test_preemption_is_safe_in_libc_loops);
	tcase_add_test(tc, test_preemption_leaves_memory_calls_whole);
	tcase_add_test(tc, test_vector_state_survives_preemption);
	tcase_add_test(tc, test_watchdog_names_a_task_stuck_in_a_host_call);
	tcase_add_test(tc, test_kernel_init_refuses_settings_that_would_flood);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tl_main(preempt_suite());
}
