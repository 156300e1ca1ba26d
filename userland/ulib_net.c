/*
 * ulib_net.c - blocking-style socket helpers over non-blocking sockets.
 *
 * The host never blocks: each helper tries the operation, and when the host
 * says EAGAIN it waits with sys_readwait/sys_writewait (which blocks only the
 * calling task) and tries again.  Every fd made here is handed to the task
 * with sys_fd_own at once, so a task that is killed leaks nothing.
 */
#include "ulib.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FD_HINTS 4096
static unsigned char fd_hints[FD_HINTS]; /* see FD_DRAINED below */

/* Takes ownership of a freshly made fd, or closes it on failure (with
 * close(2): the kernel has not heard of it). */
static int own_or_close(int fd)
{
	int r = sys_fd_own(fd);

	if (r < 0) {
		close(fd);
		return r;
	}
	if (fd < FD_HINTS)
		fd_hints[fd] = 0; /* what we knew was of another file */
	return fd;
}

/* Closes an fd the task owns after error (a negative errno, taken before
 * the close can change errno) and returns error: the way out of a helper
 * that fails once its socket is made. */
static int close_on_error(int fd, int error)
{
	u_close(fd);
	return error;
}

/* Each helper tries the operation first and waits only when the host said
 * EAGAIN, with the _again form of the wait (the kernel need not look at
 * the fd again: it was just found not ready).  A task whose fds are always
 * ready (a client that streams without pause) would then never trap and
 * starve every other task, so after IO_BUDGET helper calls in a row that
 * did not trap, the next one yields.  A yield on every call instead sent a
 * busy server's tasks to the back of the ready queue twice per message.
 * The count is not per task - it is reset by any helper's trap - which
 * errs towards yielding a little early, never towards starving others. */
#define IO_BUDGET 16
static unsigned untrapped_calls;

static void ensure_trapped(int trapped)
{
	if (trapped)
		untrapped_calls = 0;
	else if (++untrapped_calls >= IO_BUDGET) {
		untrapped_calls = 0;
		sys_yield();
	}
}

static int make_address(const char *host, int port, struct sockaddr_in *addr)
{
	if (port < 0 || port > 65535)
		return -EINVAL;
	memset(addr, 0, sizeof *addr);
	addr->sin_family = AF_INET;
	addr->sin_port = htons((uint16_t)port);
	if (!host)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &addr->sin_addr) != 1)
		return -EINVAL;
	return 0;
}

static int new_tcp_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	return own_or_close(fd);
}

int u_listen_tcp(const char *host, int port, int backlog)
{
	struct sockaddr_in addr;
	int one = 1;
	int r = make_address(host, port, &addr);

	if (r < 0)
		return r;
	int fd = new_tcp_socket();
	if (fd < 0)
		return fd;
	/* A server restarted at once must get its port back. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, backlog) < 0)
		return close_on_error(fd, -errno);
	return fd;
}

static void format_peer(const struct sockaddr_in *addr, char *peer, size_t peer_size)
{
	char host[INET_ADDRSTRLEN];

	if (!peer || peer_size == 0)
		return;
	if (!inet_ntop(AF_INET, &addr->sin_addr, host, sizeof host))
		snprintf(host, sizeof host, "?");
	snprintf(peer, peer_size, "%s:%u", host, ntohs(addr->sin_port));
}

static int accept_unowned(int listen_fd, char *peer, size_t peer_size)
{
	int trapped = 0;

	for (;;) {
		struct sockaddr_in addr;
		socklen_t len = sizeof addr;
		int fd = accept4(listen_fd, (struct sockaddr *)&addr, &len,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			format_peer(&addr, peer, peer_size);
			ensure_trapped(trapped);
			return fd;
		}
		/* A client that gave up before we got to it is not our
		 * error; wait for the next one. */
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		int r = sys_readwait_again(listen_fd);
		if (r < 0)
			return r;
		trapped = 1;
	}
}

int u_accept(int listen_fd, char *peer, size_t peer_size)
{
	int fd = accept_unowned(listen_fd, peer, peer_size);

	return fd < 0 ? fd : own_or_close(fd);
}

int u_connect_tcp(const char *host, int port)
{
	struct sockaddr_in addr;
	int r = make_address(host, port, &addr);

	if (r < 0)
		return r;
	int fd = new_tcp_socket();
	if (fd < 0)
		return fd;
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0)
		return fd;
	if (errno != EINPROGRESS)
		return close_on_error(fd, -errno);
	r = sys_writewait_again(fd);
	if (r == 0) {
		int error = 0;
		socklen_t len = sizeof error;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0)
			error = errno;
		r = -error;
	}
	return r < 0 ? close_on_error(fd, r) : fd;
}

/* What the library has learnt about an fd, one byte per fd number:
 *
 * FD_DRAINED: a read that returned less than asked for has most likely
 * emptied the fd, so the next u_read on it waits first (with the _again
 * form: an edge that came since is remembered by the kernel, so nothing is
 * lost) instead of paying for a read that would only say EAGAIN.  A server
 * answering one message at a time saves a host system call per message.
 *
 * FD_NOT_SOCKET: recv said ENOTSOCK.  A socket is read with recv, which
 * goes straight to the socket layer (read goes through the file layer
 * first: a little dearer per message); the other fds (a file, a pipe, a
 * terminal) are read with read, and this bit spares them a recv that fails
 * first.  (Writes need no bit: a socket is written with send anyway, for
 * MSG_NOSIGNAL, and a write() to a socket taken for something else could
 * raise SIGPIPE.)
 *
 * u_close and a new fd clear the byte: the number may come back as another
 * file.  A stale byte (an fd closed behind the library's back) costs a call
 * that says EAGAIN or ENOTSOCK, or a read where a recv would do: never a
 * wrong answer. */
#define FD_DRAINED 1
#define FD_NOT_SOCKET 2

static void set_hint(int fd, unsigned char bit, bool on)
{
	if (fd >= 0 && fd < FD_HINTS)
		fd_hints[fd] = (unsigned char)(on ? fd_hints[fd] | bit : fd_hints[fd] & ~bit);
}

static bool has_hint(int fd, unsigned char bit)
{
	return fd >= 0 && fd < FD_HINTS && (fd_hints[fd] & bit);
}

/* A pipe's end is the kernel's, not the host's: a direct call reads or
 * writes what can be done now, and the trap waits for the rest. */
static ssize_t pipe_read(int fd, void *buf, size_t count)
{
	long n = sys_pipe_try_read(fd, buf, count);
	if (n != -EAGAIN) {
		ensure_trapped(0);
		return n;
	}
	n = sys_pipe_read(fd, buf, count);
	ensure_trapped(1);
	return n;
}

static ssize_t pipe_write_all(int fd, const void *buf, size_t count)
{
	long n = sys_pipe_try_write(fd, buf, count);
	if (n == (long)count) {
		ensure_trapped(0);
		return n;
	}
	if (n < 0 && n != -EAGAIN)
		return n;
	size_t done = n > 0 ? (size_t)n : 0;
	n = sys_pipe_write(fd, (const char *)buf + done, count - done);
	ensure_trapped(1);
	return n < 0 ? n : (ssize_t)count;
}

/* recv() for a socket, read() for anything else (and for a read of 0
 * bytes, which read() answers without touching the socket, where recv()
 * on a datagram socket would take a datagram). */
static ssize_t read_some(int fd, void *buf, size_t count)
{
	if (count > 0 && !has_hint(fd, FD_NOT_SOCKET)) {
		ssize_t n = recv(fd, buf, count, 0);
		if (n >= 0 || errno != ENOTSOCK)
			return n;
		set_hint(fd, FD_NOT_SOCKET, true);
	}
	return read(fd, buf, count);
}

ssize_t u_read(int fd, void *buf, size_t count)
{
	int trapped = 0;

	if (fd >= MINIOS_PIPE_FD_BASE)
		return pipe_read(fd, buf, count);

	if (has_hint(fd, FD_DRAINED) && count > 0) {
		set_hint(fd, FD_DRAINED, false);
		int r = sys_readwait_again(fd);
		if (r < 0)
			return r;
		trapped = 1;
	}
	for (;;) {
		ssize_t n = read_some(fd, buf, count);
		if (n >= 0) {
			set_hint(fd, FD_DRAINED, n > 0 && (size_t)n < count);
			ensure_trapped(trapped);
			return n;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		int r = sys_readwait_again(fd);
		if (r < 0)
			return r;
		trapped = 1;
	}
}

/* send() with MSG_NOSIGNAL: a peer that went away must cost this task an
 * EPIPE, not the whole of minios a SIGPIPE.  Plain write() for the fds
 * that are not sockets (a pipe, a terminal). */
static ssize_t write_some(int fd, const void *buf, size_t count)
{
	ssize_t n = send(fd, buf, count, MSG_NOSIGNAL);

	if (n < 0 && errno == ENOTSOCK)
		n = write(fd, buf, count);
	return n;
}

ssize_t u_write_all(int fd, const void *buf, size_t count)
{
	const char *p = buf;
	size_t done = 0;
	int trapped = 0;

	if (fd >= MINIOS_PIPE_FD_BASE)
		return pipe_write_all(fd, buf, count);
	while (done < count) {
		ssize_t n = write_some(fd, p + done, count - done);
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		int r = sys_writewait_again(fd);
		if (r < 0)
			return r;
		trapped = 1;
	}
	ensure_trapped(trapped);
	return (ssize_t)count;
}

int u_close(int fd)
{
	if (fd >= 0 && fd < FD_HINTS)
		fd_hints[fd] = 0; /* the number may come back as another file */
	return sys_close(fd);
}
