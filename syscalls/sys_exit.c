/*
 * sys_exit.c - Exit: end the caller with a status.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_exit_handler(struct task *t, const long *arg)
{
	task_end(t, (int)(arg[0] & 0xff));
	return TRAP_HANDLED;
}
