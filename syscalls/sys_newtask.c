/*
 * sys_newtask.c - NewTask: create a task; the child is queued before the parent resumes.
 * The fds it is to own (sys_spawn_fds) move to it with its creation.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_newtask_handler(struct task *t, const long *arg)
{
	const char *name = (const char *)arg[0];
	task_entry_fn fn = (task_entry_fn)arg[1];
	unsigned flags = (unsigned)arg[3];
	void *task_arg = (void *)arg[2];
	const int *given = NULL;
	long nfds = 0;
	int fds[SPAWN_FDS_MAX];
	if (flags & SPAWN_WITH_FDS) {
		const struct spawn_fds *with = (const struct spawn_fds *)arg[2];
		task_arg = with->arg;
		given = with->fds;
		nfds = with->nfds;
		flags &= ~SPAWN_WITH_FDS;
	}
	if ((flags & ~(TASK_OWNS_ARG | TASK_NEW_GROUP | TASK_SHARES_ARG)) ||
	    (flags & (TASK_OWNS_ARG | TASK_SHARES_ARG)) == (TASK_OWNS_ARG | TASK_SHARES_ARG) ||
	    ((flags & TASK_SHARES_ARG) && !task_arg))
		return -EINVAL;
	if (nfds < 0 || nfds > SPAWN_FDS_MAX || (nfds > 0 && !given))
		return -EINVAL;
	/* Checked and copied before anything is made: on an error, the
	 * caller still owns every fd it named. */
	for (long i = 0; i < nfds; i++) {
		fds[i] = given[i];
		if (fds[i] < 0 || io_owner(fds[i]) != t->tid)
			return -EBADF;
		for (long j = 0; j < i; j++)
			if (fds[j] == fds[i])
				return -EINVAL;
	}
	/* task_create_owning queues the child; the loop then queues the
	 * parent behind it when this handler returns. */
	int tid = task_create_owning(t, name, fn, task_arg, flags, fds, (size_t)nfds);
	/* The child has not run yet, and nothing else runs before this
	 * returns: it shares the block from its first instruction. */
	if (tid > 0 && (flags & TASK_SHARES_ARG)) {
		int err = task_alloc_share(task_arg, tid);
		if (err) {
			task_end(task_lookup(tid), TASK_STATUS_KILLED);
			return err;
		}
	}
	return tid;
}
