/*
 * sys_getpriority.c - GetPriority: a task's nice value, left in the frame
 * for the stub (a nice value may be negative, which a return value would
 * confuse with an error).
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_getpriority_handler(struct task *t, const long *arg)
{
	long tid = arg[0];
	struct task *target = tid == 0 ? t : task_lookup((int)tid);
	if (!target || tid < 0)
		return -ESRCH;
	t->frame.out[0] = target->nice;
	return 0;
}
