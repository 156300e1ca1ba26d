/*
 * sys_exit.c - Exit: end the caller with a status.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_exit_handler(struct task *t, const long *arg)
{
	/* The one status above 0xff a task may give itself: the user
	 * library's ending for a write to a pipe nobody reads. */
	long status = arg[0] == TASK_STATUS_BROKEN_PIPE ? arg[0] : arg[0] & 0xff;
	task_end(t, (int)status);
	return TRAP_HANDLED;
}
