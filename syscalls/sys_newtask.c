/*
 * sys_newtask.c - NewTask: create a task; the child is queued before the parent resumes.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_newtask_handler(struct task *t, const long *arg)
{
	const char *name = (const char *)arg[0];
	task_entry_fn fn = (task_entry_fn)arg[1];
	unsigned flags = (unsigned)arg[3];
	if (flags & ~(TASK_OWNS_ARG | TASK_NEW_GROUP))
		return -EINVAL;
	/* task_create queues the child; the loop then queues the parent
	 * behind it when this handler returns. */
	return task_create(t, name, fn, (void *)arg[2], flags);
}
