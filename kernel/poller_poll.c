/*
 * poller_poll.c - waiting for fds with poll(2), the portable fallback.
 *
 * Level-triggered: each wait polls exactly the fds that have waiters now.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/poller.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>

static struct pollfd *set;
static size_t set_len, set_cap;

static int poll_open(void)
{
	return 0;
}

static void poll_close(void)
{
	free(set);
	set = NULL;
	set_len = set_cap = 0;
}

static int poll_watch(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -EBADF;
	/* As with epoll, a regular file or directory is always ready. */
	if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return -EPERM;
	return 0;
}

static void poll_forget(int fd)
{
	(void)fd;
}

static void add(int fd, bool read, bool write, void *ctx)
{
	(void)ctx;
	if (set_len == set_cap) {
		size_t cap = set_cap ? set_cap * 2 : 64;
		struct pollfd *s = krealloc(set, cap * sizeof *s);
		if (!s)
			return; /* this fd waits for the next round */
		set = s;
		set_cap = cap;
	}
	set[set_len++] = (struct pollfd){
		.fd = fd, .events = (short)((read ? POLLIN : 0) | (write ? POLLOUT : 0))};
}

static void poll_wait_events(int timeout_ms)
{
	set_len = 0;
	io_for_each_wanted(add, NULL);
	int n = poll(set, set_len, timeout_ms);
	for (size_t i = 0; n > 0 && i < set_len; i++) {
		short r = set[i].revents;
		if (!r)
			continue;
		bool trouble = r & (POLLERR | POLLHUP);
		io_ready(set[i].fd, trouble || (r & POLLIN), trouble || (r & POLLOUT), trouble,
			 trouble, r & POLLNVAL);
	}
}

static int poll_own_fd(void)
{
	return -1;
}

const struct poller poller_poll = {
	.name = "poll",
	.open = poll_open,
	.close = poll_close,
	.watch = poll_watch,
	.forget = poll_forget,
	.wait = poll_wait_events,
	.fd = poll_own_fd,
};
