/*
 * crash.c - `crash MODE`: do one bad thing, to watch minios end this task
 * and nothing else.
 *
 *   segv      write through a bad pointer          fault: segmentation fault
 *             (into read-only memory)
 *   overflow  recurse without end                  fault: stack overflow
 *   bigframe  one frame larger than the stack      fault: stack overflow
 *   fpe       divide an integer by zero            fault: arithmetic fault
 *   abort     call abort()                         aborted
 *   exit      call exit(3)                         done (status 3)
 *   sleep     call the host's sleep(1)             done (status 0), and the
 *                                                  other tasks ran meanwhile
 *   assert    fail an assert()                     the usual message, aborted
 *
 * exit, abort, sleep and assert are the host's process-wide calls: minios
 * maps them to this task's own calls.
 */
#undef NDEBUG /* the assert mode needs assert */
#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"
#include "userland.h"

/* Larger than the default stack (256 KiB), and than any a lab would pick
 * to make the frame fit. */
#define BIG_FRAME (2u * 1024u * 1024u)

/* Read-only: the write below faults. */
static const int read_only = 1;

static int crash_segv(void)
{
	/* A pointer into read-only memory rather than a wild one: the host
	 * faults alike, while valgrind and the sanitizers, which would report
	 * a wild or NULL store as an error of their own, let the kernel see
	 * the fault, so the scenario runs under them too. */
	int *volatile bad = (int *)&read_only;
	*bad = 2;
	return 0;
}

/* volatile: the compiler cannot see the recursion never ends */
static volatile long depth_limit = INT32_MAX;

static __attribute__((noinline)) long recurse(long depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth >= depth_limit)
		return depth;
	return recurse(depth + 1) + frame[0];
}

static int crash_overflow(void)
{
	return (int)recurse(0);
}

static __attribute__((noinline)) int crash_bigframe(void)
{
	volatile char frame[BIG_FRAME];

	/* The lowest byte first: without stack-clash probes, the first
	 * access jumps the guard page. */
	frame[0] = 1;
	frame[BIG_FRAME - 1] = 1;
	return frame[0] + frame[BIG_FRAME - 1];
}

/* The sanitizers would report the division themselves; the point is to
 * let the host's trap reach the kernel. */
static __attribute__((no_sanitize("integer-divide-by-zero"))) int crash_fpe(void)
{
	/* Both volatile: 1 / x is compiled without a division at all. */
	volatile int ten = 10, zero = 0;
	volatile int result = ten / zero;

	return result;
}

static int crash_abort(void)
{
	abort();
}

static int crash_exit(void)
{
	exit(3);
}

static int crash_sleep(void)
{
	unsigned left = sleep(1);

	uprintf("crash: awake after sleep(1)%s\n", left ? ", interrupted" : "");
	return left ? 1 : 0;
}

static int crash_assert(void)
{
	volatile int answer = 41;

	assert(answer == 42);
	return 0;
}

static const struct {
	const char *name;
	int (*crash)(void);
	bool survives; /* the task is meant to go on */
} modes[] = {
	{"segv", crash_segv, false},         {"overflow", crash_overflow, false},
	{"bigframe", crash_bigframe, false}, {"fpe", crash_fpe, false},
	{"abort", crash_abort, false},       {"exit", crash_exit, false},
	{"sleep", crash_sleep, true},        {"assert", crash_assert, false},
};

int crash_main(int argc, char **argv)
{
	if (argc > 2)
		return too_many_arguments(argv[0]);
	if (argc < 2) {
		ueprintf("%s: which mode?\n", argv[0]);
		return usage_error(argv[0]);
	}
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		if (strcmp(argv[1], modes[i].name) != 0)
			continue;
		int status = modes[i].crash();
		if (modes[i].survives)
			return status;
		/* bigframe, with a stack made larger than its frame */
		ueprintf("%s: %s: still alive\n", argv[0], argv[1]);
		return 1;
	}
	ueprintf("%s: unknown mode '%s'\n", argv[0], argv[1]);
	return usage_error(argv[0]);
}
