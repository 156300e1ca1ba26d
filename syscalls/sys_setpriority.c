/*
 * sys_setpriority.c - SetPriority: a task's nice value (-20..19).  Under
 * prio it is the task's level, under lottery its tickets (unless
 * SetTickets gave it some); every policy keeps it, so a task started with
 * `nice` keeps its value when the policy changes on the next boot.
 */
#include "config.h"
#include "kernel/sched.h"
#include "syscalls/syscalls.h"

long sys_setpriority_handler(struct task *t, const long *arg)
{
	long tid = arg[0], nice = arg[1];
	if (nice < MINIOS_NICE_MIN || nice > MINIOS_NICE_MAX)
		return -EINVAL;
	struct task *target = tid == 0 ? t : task_lookup((int)tid);
	if (!target || tid < 0)
		return -ESRCH;
	sched_set_nice(target, (int)nice);
	return 0;
}
