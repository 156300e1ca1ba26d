/*
 * sys_fd.c - FdOwn, FdGive and Close: fds a task owns are closed when it
 * ends.
 */
#include "config.h"
#include "syscalls/syscalls.h"
#include <fcntl.h>

long sys_fd_own_handler(struct task *t, const long *arg)
{
	long fd = arg[0];
	if (fd < 0 || fd > INT32_MAX || !io_is_open((int)fd))
		return -EBADF;
	if (io_owner((int)fd))
		return -EEXIST;
	int err = io_refresh((int)fd);
	if (err)
		return err;
	err = task_own_fd(t, (int)fd);
	if (err)
		return err;
	io_set_owner((int)fd, t->tid);
	return 0;
}

long sys_fd_give_handler(struct task *t, const long *arg)
{
	long fd = arg[0], tid = arg[1];
	if (fd < 0 || fd > INT32_MAX || io_owner((int)fd) != t->tid)
		return -EBADF;
	struct task *to = task_arg(tid);
	if (!to)
		return -ESRCH;
	if (to == t)
		return 0;
	int err = task_own_fd(to, (int)fd);
	if (err)
		return err;
	task_disown_fd(t, (int)fd);
	io_set_owner((int)fd, to->tid);
	return 0;
}

long sys_close_handler(struct task *t, const long *arg)
{
	long fd = arg[0];
	if (fd < 0 || fd > INT32_MAX)
		return -EBADF;
	int owner = io_owner((int)fd);
	if (owner && owner != t->tid)
		return -EBADF; /* another task's: the number was reused */
	return io_close((int)fd);
}
