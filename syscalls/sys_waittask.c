/*
 * sys_waittask.c - WaitTask: block until a task ends; its status comes back in the frame.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_waittask_handler(struct task *t, const long *arg)
{
	long tid = arg[0];
	if (tid == t->tid)
		return -EDEADLK;
	struct task *target = task_arg(tid);
	if (!target) {
		/* A child that ended unwaited-for left its status behind. */
		int child, status;
		if (tid_arg_ok(tid) && task_take_exit(t, (int)tid, &child, &status)) {
			t->frame.out[0] = status;
			return 0;
		}
		return -ESRCH; /* at once: nothing to wait for */
	}
	int err = interrupted(t);
	if (err)
		return err;
	task_block(t, TASK_WAIT_TASK, target->tid, target, &target->waiters, NULL);
	if (deadlock_check(t))
		task_wake(t, -EDEADLK);
	return TRAP_HANDLED;
}
