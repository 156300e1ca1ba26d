/*
 * race.c - `race [-l] [N]`: a lab demo of a race.  Two tasks each add 1
 * to a shared counter N times (default 5), but in three steps - read it,
 * yield, write what they read plus one - so a switch between the read
 * and the write loses the other task's update.  The last line says what
 * the counter ended at; the exit status is 1 when updates were lost.
 *
 * Under fifo the tasks alternate, so every update of one is lost to the
 * other, every time.  Under `--sched=random` the result depends on the
 * seed: `minios --explore=N -c 'run race'` shows every answer the
 * schedules give.  With -l each task holds a semaphore across its three
 * steps, and every schedule gives 2N.
 */
#include <minios.h>
#include <string.h>

#include "ulib.h"
#include "userland.h"

struct race {
	long counter;
	long rounds;
	int lock; /* semaphore id, or 0 */
};

static int adder(void *arg)
{
	struct race *r = arg;

	for (long i = 0; i < r->rounds; i++) {
		if (r->lock)
			sys_sem_wait(r->lock);
		long seen = r->counter; /* read */
		sys_yield();            /* a switch here loses an update */
		r->counter = seen + 1;  /* write */
		if (r->lock)
			sys_sem_post(r->lock);
	}
	return 0;
}

int race_main(int argc, char **argv)
{
	struct race r = {0, 5, 0};
	int i = 1;

	if (i < argc && strcmp(argv[i], "-l") == 0) {
		r.lock = sys_sem_create("counter", 1);
		if (r.lock < 0) {
			ueprintf("%s: cannot create a semaphore: error %d\n", argv[0], -r.lock);
			return 1;
		}
		i++;
	}
	if (argc > i + 1)
		return too_many_arguments(argv[0]);
	if (i < argc && u_parse_int(argv[i], 1, 1000000, &r.rounds) < 0) {
		ueprintf("%s: bad count '%s' (1 to 1000000)\n", argv[0], argv[i]);
		return usage_error(argv[0]);
	}
	int a = sys_spawn("adder", adder, &r, 0);
	int b = a < 0 ? a : sys_spawn("adder", adder, &r, 0);
	if (a < 0 || b < 0) {
		ueprintf("%s: cannot start a task: error %d\n", argv[0], a < 0 ? -a : -b);
		if (a > 0)
			sys_killtask(a);
		return 1;
	}
	/* The adders use r, on this stack: wait for both. */
	sys_waittask(a, NULL);
	sys_waittask(b, NULL);
	uprintf("counter %ld, expected %ld\n", r.counter, 2 * r.rounds);
	return r.counter == 2 * r.rounds ? 0 : 1;
}
