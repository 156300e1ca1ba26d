/*
 * sys_dup2.c - Dup2: a copy of an fd on one of the caller's standard
 * streams, or the console back.
 *
 * The copy is the caller's own fd (closed when it ends), so the usual
 * idiom works: make a pipe, place an end on a stream, close the original.
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_dup2_handler(struct task *t, const long *arg)
{
	long fd = arg[0], stream = arg[1];
	if (stream < MINIOS_STDIN || stream > MINIOS_STDERR)
		return -EINVAL;
	int copy = -1;
	if (fd != -1) {
		if (fd < 0 || fd > INT32_MAX)
			return -EBADF;
		copy = io_dup((int)fd); /* a host fd >= 3, or a pipe's end */
		if (copy < 0)
			return copy;
		int err = io_refresh(copy);
		if (!err)
			err = task_own_fd(t, copy);
		if (err) {
			io_close(copy);
			return err;
		}
		io_set_owner(copy, t->tid);
	}
	int old = task_set_stream(t, (int)stream, copy);
	if (old == -ENOMEM) {
		if (copy >= 0)
			io_close(copy);
		return -ENOMEM;
	}
	if (old >= 0)
		io_close(old);
	return copy < 0 ? 0 : copy;
}
