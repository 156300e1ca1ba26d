/*
 * spin.c - `spin [DURATION]`: burn the CPU without ever trapping, forever
 * or for DURATION of the task's own CPU time.
 *
 * The student's first bug - a loop that never yields - on purpose: it is
 * how to watch the timer interrupt take the CPU back.  While it spins it
 * makes no system call of minios at all; to know when DURATION is used up
 * it reads the host's CPU-time clock every so often (a host call, not a
 * trap).  Without preemption, minios and its other tasks wait until it
 * is done.
 */
#include <time.h>

#include "ulib.h"
#include "userland.h"

/* Look at the clock once per this many turns of the loop: some tens of
 * microseconds of work, so the clock costs next to nothing and DURATION
 * is kept to well within a millisecond. */
#define TURNS_PER_LOOK (1u << 16)

static int64_t cpu_time_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* volatile: the loops must really run, not be folded away */
static volatile unsigned long turns;

static void spin_forever(void)
{
	for (;;)
		turns++;
}

/* The host's CPU-time clock is the thread's, and every task runs on that
 * thread: were spin switched out (preempted) while others ran, the next
 * look would count their time too.  So the clock is counted in steps of
 * TURNS_PER_LOOK turns, and a step far longer than the usual one is taken
 * for a switch and counted as a usual step.  (What "usual" is depends on
 * the machine, and on valgrind: it is learnt as we go.) */
static void spin_for(int64_t ns)
{
	int64_t used = 0, usual = -1, last = cpu_time_ns();

	while (used < ns) {
		for (unsigned i = 0; i < TURNS_PER_LOOK; i++)
			turns++;
		int64_t now = cpu_time_ns(), step = now - last;
		last = now;
		if (usual < 0)
			usual = step;
		else if (step > 4 * usual)
			step = usual; /* switched out meanwhile */
		else
			usual = (3 * usual + step) / 4;
		used += step;
	}
}

int spin_main(int argc, char **argv)
{
	int64_t ns;

	if (argc > 2)
		return too_many_arguments(argv[0]);
	if (argc == 1)
		spin_forever();
	if (u_parse_duration(argv[1], &ns) < 0) {
		ueprintf("%s: bad duration '%s'\n", argv[0], argv[1]);
		return usage_error(argv[0]);
	}
	spin_for(ns);
	uprintf("%s: spun for %s of CPU time\n", argv[0], argv[1]);
	return 0;
}
