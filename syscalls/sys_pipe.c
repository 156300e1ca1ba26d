/*
 * sys_pipe.c - Pipe: a connected pair of fds, both owned by the caller.
 *
 * A host pipe(2), non-blocking: the bytes live in the host's pipe buffer,
 * and a task that finds it full (or empty) waits with WriteWait (ReadWait)
 * like on any other fd, so the kernel's one poller serves pipes, sockets
 * and the terminal alike, and ownership (FdGive, close at the end of the
 * task) needs nothing new.  The host tells end of file and EPIPE itself:
 * minios ignores SIGPIPE, so a write with no reader left gives -EPIPE.
 */
#include "config.h"
#include "syscalls/syscalls.h"
#include <fcntl.h>
#include <unistd.h>

/* Registers fd with the poller and gives it to t. */
static int own_new_fd(struct task *t, int fd)
{
	int err = io_refresh(fd);
	if (!err)
		err = task_own_fd(t, fd);
	if (!err)
		io_set_owner(fd, t->tid);
	return err;
}

long sys_pipe_handler(struct task *t, const long *arg)
{
	(void)arg;
	int fds[2];
	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
		return -errno;
	int err = own_new_fd(t, fds[0]);
	if (!err) {
		err = own_new_fd(t, fds[1]);
		if (err)
			io_close(fds[0]);
	} else {
		close(fds[0]);
	}
	if (err) {
		io_close(fds[1]);
		return err;
	}
	/* The stub copies them to the caller's array once it runs again. */
	t->frame.out[0] = fds[0];
	t->frame.out[1] = fds[1];
	return 0;
}
