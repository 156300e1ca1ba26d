/*
 * poller_epoll.c - waiting for fds with one persistent epoll registration
 * per fd (see poller.h).
 */
#include "config.h"
#include "kernel/poller.h"
#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

static int epoll_fd = -1;

static int epoll_open(void)
{
	epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	return epoll_fd < 0 ? -errno : 0;
}

static void epoll_close(void)
{
	if (epoll_fd >= 0)
		close(epoll_fd);
	epoll_fd = -1;
}

static int epoll_watch(int fd)
{
	/* Edge-triggered, both directions: the registration never has to
	 * change, and io.c remembers an edge that came while nobody waited. */
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
				 .data.fd = fd};
	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) == 0)
		return 1;
	if (errno == EEXIST)
		return 0;
	return errno == EPERM ? -EPERM : -EBADF;
}

static void epoll_forget(int fd)
{
	struct epoll_event ev = {0};
	epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, &ev);
}

static void epoll_wait_events(int timeout_ms)
{
	struct epoll_event events[256];
	int n = epoll_wait(epoll_fd, events, 256, timeout_ms);
	for (int i = 0; i < n; i++) {
		unsigned e = events[i].events;
		bool trouble = e & (EPOLLERR | EPOLLHUP);
		io_ready(events[i].data.fd, trouble || (e & (EPOLLIN | EPOLLRDHUP)),
			 trouble || (e & EPOLLOUT), trouble || (e & EPOLLRDHUP), trouble, false);
	}
}

static int epoll_own_fd(void)
{
	return epoll_fd;
}

const struct poller poller_epoll = {
	.name = "epoll",
	.open = epoll_open,
	.close = epoll_close,
	.watch = epoll_watch,
	.forget = epoll_forget,
	.wait = epoll_wait_events,
	.fd = epoll_own_fd,
};
