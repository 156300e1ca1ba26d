/*
 * sys_sleep.c - Sleep: block for a duration on the kernel clock.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_sleep_handler(struct task *t, const long *arg)
{
	int64_t ns = arg[0];
	if (ns < 0)
		return -EINVAL;
	if (ns == 0)
		return 0; /* a yield */
	int err = interrupted(t);
	if (err)
		return err;
	int64_t now = clock_now();
	int64_t deadline = ns > INT64_MAX - now ? INT64_MAX : now + ns;
	err = timer_add(t, deadline);
	if (err)
		return err;
	task_block(t, TASK_WAIT_SLEEP, 0, NULL, NULL, timer_remove);
	return TRAP_HANDLED;
}
