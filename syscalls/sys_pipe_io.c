/*
 * sys_pipe_io.c - PipeRead and PipeWrite: read or write a pipe end,
 * blocking in the kernel while the pipe is empty (full).
 *
 * The user library tries first with a direct call (sys_pipe_try_read),
 * which costs no trap; these are the traps for when the task must wait.
 */
#include "config.h"
#include "syscalls/syscalls.h"
#include <limits.h>

static bool bad_length(long len)
{
	return len < 0 || (unsigned long)len > SSIZE_MAX;
}

long sys_pipe_read_handler(struct task *t, const long *arg)
{
	if (!pipe_is_number(arg[0]))
		return -EBADF;
	if (bad_length(arg[2]))
		return -EINVAL;
	return pipe_read_call(t, (int)arg[0], (void *)arg[1], (size_t)arg[2]);
}

long sys_pipe_write_handler(struct task *t, const long *arg)
{
	if (!pipe_is_number(arg[0]))
		return -EBADF;
	if (bad_length(arg[2]))
		return -EINVAL;
	return pipe_write_call(t, (int)arg[0], (const void *)arg[1], (size_t)arg[2]);
}
