/*
 * sys_pipe.c - Pipe: a connected pair of ends, both owned by the caller.
 *
 * The pipe lives in the kernel (kernel/pipe.c): its ends are numbers above
 * every host fd, which Close, FdGive, Dup2 and ReadWait take like fds, and
 * ownership (closed at the end of the task, FdGive) is the same as for a
 * host fd.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_pipe_handler(struct task *t, const long *arg)
{
	(void)arg;
	int fds[2];
	int err = pipe_create(fds);
	if (err)
		return err;
	err = task_own_fd(t, fds[0]);
	if (!err) {
		err = task_own_fd(t, fds[1]);
		if (err)
			task_disown_fd(t, fds[0]);
	}
	if (err) {
		pipe_close(fds[0]);
		pipe_close(fds[1]);
		return err;
	}
	pipe_set_owner(fds[0], t->tid);
	pipe_set_owner(fds[1], t->tid);
	/* The stub copies them to the caller's array once it runs again. */
	t->frame.out[0] = fds[0];
	t->frame.out[1] = fds[1];
	return 0;
}
