/*
 * sys_killtask.c - KillTask: end another task (or oneself) with TASK_STATUS_KILLED.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_killtask_handler(struct task *t, const long *arg)
{
	long tid = arg[0];
	struct task *victim = task_arg(tid);
	if (!victim)
		return -ESRCH;
	/* Task 1 is init (the shell): only it may end itself. */
	if (victim->tid == 1 && t != victim)
		return -EPERM;
	/* task_end unlinks the victim from whatever it waits on, wakes its
	 * waiters with "killed", and releases its stack and what it owns. */
	bool victim_was_caller = victim == t;
	task_end(victim, TASK_STATUS_KILLED);
	return victim_was_caller ? TRAP_HANDLED : 0;
}
