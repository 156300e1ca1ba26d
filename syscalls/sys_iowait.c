/*
 * sys_iowait.c - ReadWait and WriteWait: block until an fd is readable / writable.
 */
#include "config.h"
#include "syscalls/syscalls.h"

static long io_wait_call(struct task *t, long fd, long flags, bool for_write)
{
	if (fd < 0 || fd > INT32_MAX)
		return -EBADF;
	if (flags & ~(long)IOWAIT_AFTER_EAGAIN)
		return -EINVAL;
	int err = interrupted(t);
	if (err)
		return err;
	int r = io_wait(t, (int)fd, for_write, flags & IOWAIT_AFTER_EAGAIN);
	if (r < 0)
		return r;
	return r == 1 ? 0 : TRAP_HANDLED;
}

long sys_readwait_handler(struct task *t, const long *arg)
{
	return io_wait_call(t, arg[0], arg[1], false);
}

long sys_writewait_handler(struct task *t, const long *arg)
{
	return io_wait_call(t, arg[0], arg[1], true);
}
