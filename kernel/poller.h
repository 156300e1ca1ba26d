/*
 * poller.h - the two ways the kernel waits for fds: epoll and poll.
 *
 * epoll keeps a registration per fd for as long as the fd is open
 * (edge-triggered, reading and writing at once), so waiting costs no system
 * call beyond the one epoll_wait that serves every fd.  poll is the portable
 * fallback; it rebuilds its set from the fds that have waiters each time.
 * Both report events through io_ready().
 */
#ifndef MINIOS_POLLER_H
#define MINIOS_POLLER_H

#include <stdbool.h>
#include <stdint.h>

struct poller {
	const char *name;
	int (*open)(void);
	void (*close)(void);
	/* 1 if the poller now watches fd afresh, 0 if it watched it already;
	 * -EPERM if the fd cannot be polled (a regular file: always ready);
	 * -EBADF if it is not open. */
	int (*watch)(int fd);
	void (*forget)(int fd);
	/* Waits up to timeout_ms (-1: forever). */
	void (*wait)(int timeout_ms);
	/* The poller's own fd, or -1: tasks must not close it. */
	int (*fd)(void);
};

extern const struct poller poller_epoll;
extern const struct poller poller_poll;

/* From the pollers to io.c.  read_over / write_over: that direction has
 * ended for good (end of file; a hang-up or an error, which end both) - a
 * state that lasts, which an edge-triggered poller reports only once. */
void io_ready(int fd, bool readable, bool writable, bool read_over, bool write_over, bool invalid);
/* For poll: calls fn for each fd that has waiters (and the interrupt
 * pipe), saying which directions are wanted. */
void io_for_each_wanted(void (*fn)(int fd, bool read, bool write, void *ctx), void *ctx);

#endif
