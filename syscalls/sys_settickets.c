/*
 * sys_settickets.c - SetTickets: a task's lottery tickets (0: back to the
 * number its nice value gives).  Other policies keep them for when
 * lottery is chosen.
 */
#include "config.h"
#include "kernel/sched.h"
#include "syscalls/syscalls.h"

long sys_settickets_handler(struct task *t, const long *arg)
{
	long tid = arg[0], tickets = arg[1];
	if (tickets < 0 || tickets > MINIOS_TICKETS_MAX)
		return -EINVAL;
	struct task *target = tid == 0 ? t : task_lookup((int)tid);
	if (!target || tid < 0)
		return -ESRCH;
	sched_set_tickets(target, (uint32_t)tickets);
	return 0;
}
