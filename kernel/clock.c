/*
 * clock.c - the kernel's one clock: real or virtual.
 *
 * real:    CLOCK_MONOTONIC, counted from kernel_init.
 * virtual: a counter.  It moves by a fixed amount per trap and jumps to the
 *          next timer deadline when nothing is runnable, so a run without
 *          outside I/O does the same thing, at the same virtual times, on
 *          every run and every machine - and faster than real time.
 *
 * Time ends at INT64_MAX ns (292 years after boot).  The real clock never
 * gets there; the virtual one can, after a sleep that long, and then stops
 * there: every later deadline is the end of time too, and comes at once.
 */
#include "config.h"
#include "kernel/clock.h"
#include <stdint.h>
#include <time.h>

static enum kernel_clock_kind kind;
static int64_t start_ns;
static int64_t virtual_now;

static int64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int clock_init(enum kernel_clock_kind k)
{
	kind = k;
	virtual_now = 0;
	start_ns = monotonic_ns();
	return 0;
}

/* The host's coarse clock costs a fraction of the fine one to read
 * (no counter read through the vDSO: the time of the last host tick),
 * and lags it by at most that tick, a few milliseconds. */
int64_t clock_now_coarse(void)
{
	if (kind == KERNEL_CLOCK_VIRTUAL)
		return virtual_now;
#ifdef CLOCK_MONOTONIC_COARSE
	struct timespec ts;
	if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) == 0)
		return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - start_ns;
#endif
	return monotonic_ns() - start_ns;
}

bool clock_is_virtual(void)
{
	return kind == KERNEL_CLOCK_VIRTUAL;
}

int64_t clock_now(void)
{
	return kind == KERNEL_CLOCK_VIRTUAL ? virtual_now : monotonic_ns() - start_ns;
}

void clock_advance(int64_t ns)
{
	virtual_now = ns > INT64_MAX - virtual_now ? INT64_MAX : virtual_now + ns;
}

void clock_jump_to(int64_t when)
{
	if (when > virtual_now)
		virtual_now = when;
}
