/*
 * ulib_stream.c - reading and writing a task's standard streams.
 *
 * A stream is the console or an fd (sys_stream_fd).  Writing to the
 * console is a direct call, as before; writing to an fd is a real write,
 * which waits (WriteWait) while a pipe is full.  A write to a pipe that
 * nobody reads any more ends the task with TASK_STATUS_BROKEN_PIPE, as
 * SIGPIPE ends a Unix process: a filter feeding `head` stops when head
 * has had enough.
 */
#include "ulib.h"

#include <errno.h>
#include <limits.h>

ssize_t u_stream_write(int stream, const void *buf, size_t len)
{
	int fd = sys_stream_fd(stream);
	if (fd == -EINVAL)
		return -EINVAL;
	if (fd < 0) {
		int r = console_write(stream == MINIOS_STDERR, buf, len);
		return r < 0 ? r : (ssize_t)len;
	}
	ssize_t r = u_write_all(fd, buf, len);
	if (r == -EPIPE)
		sys_exit(TASK_STATUS_BROKEN_PIPE);
	return r;
}

ssize_t u_stream_read(void *buf, size_t len)
{
	int fd = sys_stream_fd(MINIOS_STDIN);
	if (fd < 0)
		return 0; /* the console gives no input (yet): end of file */
	return u_read(fd, buf, len);
}
