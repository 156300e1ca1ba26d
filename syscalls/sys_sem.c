/*
 * sys_sem.c - counting semaphores: create, wait, post, destroy.
 */
#include "config.h"
#include "syscalls/syscalls.h"

static struct sem *sem_arg(long id)
{
	return id > 0 && id <= INT32_MAX ? sem_lookup((int)id) : NULL;
}

long sys_sem_create_handler(struct task *t, const long *arg)
{
	if (arg[1] < 0 || arg[1] > INT32_MAX)
		return -EINVAL;
	return sem_create(t, (const char *)arg[0], (int)arg[1]);
}

long sys_sem_wait_handler(struct task *t, const long *arg)
{
	struct sem *s = sem_arg(arg[0]);
	if (!s)
		return -EINVAL;
	int err = interrupted(t);
	if (err)
		return err;
	if (sem_wait(t, s) == 1)
		return 0;
	if (deadlock_check(t))
		task_wake(t, -EDEADLK);
	return TRAP_HANDLED;
}

long sys_sem_post_handler(struct task *t, const long *arg)
{
	struct sem *s = sem_arg(arg[0]);
	if (!s)
		return -EINVAL;
	sem_post(t, s);
	return 0;
}

long sys_sem_destroy_handler(struct task *t, const long *arg)
{
	struct sem *s = sem_arg(arg[0]);
	if (!s)
		return -EINVAL;
	if (sem_owner(s) != t->tid)
		return -EPERM;
	sem_destroy(s);
	return 0;
}
