/*
 * sys_iowait.c - ReadWait and WriteWait: block until an fd is readable / writable.
 */
#include "config.h"
#include "syscalls/syscalls.h"

static long io_wait_call(struct task *t, long fd, bool for_write)
{
	if (fd < 0 || fd > INT32_MAX)
		return -EBADF;
	int err = interrupted(t);
	if (err)
		return err;
	int r = io_wait(t, (int)fd, for_write);
	if (r < 0)
		return r;
	return r == 1 ? 0 : TRAP_HANDLED;
}

long sys_readwait_handler(struct task *t, const long *arg) { return io_wait_call(t, arg[0], false); }
long sys_writewait_handler(struct task *t, const long *arg) { return io_wait_call(t, arg[0], true); }
