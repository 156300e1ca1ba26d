/*
 * io.c - tasks waiting on file descriptors.
 *
 * One entry per fd the kernel has seen, with two wait queues (readers and
 * writers) and what the poller last said.  Any number of tasks may wait on
 * one fd, in either direction; an event wakes every task waiting in that
 * direction, and each then finds out for itself (read until EAGAIN) what is
 * there.
 *
 * With epoll the registration persists and is edge-triggered, so an edge
 * that arrives while nobody waits is remembered (ready_read/ready_write) and
 * handed to the next waiter, which then returns at once.  A plain ReadWait
 * also looks whether the fd is readable right now (one poll(2)), so it means
 * what it says: "until readable".  A caller that has just been told EAGAIN
 * knows the answer already and says so (sys_readwait_again); then waiting
 * costs no host system call beyond the one epoll_wait that serves all.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/io.h"
#include "kernel/counters.h"
#include "kernel/intmap.h"
#include "kernel/pipe.h"
#include "kernel/poller.h"
#include "kernel/task.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

struct io_fd {
	int fd;
	bool watched;                 /* the poller knows it */
	bool always_ready;            /* the poller refused it: a regular file */
	bool ready_read, ready_write; /* an edge nobody has taken yet */
	/* End of file / hang-up or error: ready for good in that direction,
	 * whether another edge comes or not. */
	bool read_over, write_over;
	bool internal; /* the kernel's own interrupt pipe */
	int owner;     /* tid of the task that owns it, or 0 */
	struct list_node readers, writers;
};

static const struct poller *poller;
static struct intmap fds;
static size_t waiters; /* tasks blocked on fds */
static int interrupt_pipe[2] = {-1, -1};

static struct io_fd *entry_get(int fd, bool create)
{
	struct io_fd *e = intmap_get(&fds, fd);
	if (e || !create)
		return e;
	e = kcalloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->fd = fd;
	list_init(&e->readers);
	list_init(&e->writers);
	if (intmap_put(&fds, e) != 0) {
		free(e);
		return NULL;
	}
	return e;
}

static void entry_drop(struct io_fd *e)
{
	intmap_remove(&fds, e->fd);
	free(e);
}

/* Makes sure the poller knows e's fd: 0, or -EBADF.  recheck: ask the
 * poller even if we think it knows - an fd closed without sys_close loses
 * its epoll registration, and its number may now be another file. */
static int entry_watch(struct io_fd *e, bool recheck)
{
	if (!recheck && (e->watched || e->always_ready))
		return 0;
	int r = poller->watch(e->fd);
	if (r == -EPERM) {
		e->always_ready = true;
		e->watched = false;
		return 0;
	}
	if (r < 0)
		return r;
	if (r == 1) /* new to the poller: what we knew was of another file */
		e->ready_read = e->ready_write = e->read_over = e->write_over = false;
	e->always_ready = false;
	e->watched = true;
	return 0;
}

bool io_is_kernel_fd(int fd)
{
	return fd >= 0 && (fd == interrupt_pipe[0] || fd == interrupt_pipe[1] ||
			   (poller && fd == poller->fd()));
}

int io_init(enum kernel_poller_kind kind)
{
	poller = kind == KERNEL_POLLER_POLL ? &poller_poll : &poller_epoll;
	intmap_init(&fds, offsetof(struct io_fd, fd));
	waiters = 0;
	int err = poller->open();
	if (err)
		return err;
	if (pipe2(interrupt_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
		err = -errno;
		poller->close();
		return err;
	}
	struct io_fd *e = entry_get(interrupt_pipe[0], true);
	if (!e) {
		io_fini();
		return -ENOMEM;
	}
	e->internal = true;
	err = entry_watch(e, false);
	if (err)
		io_fini();
	return err;
}

static void drop_entry(void *value, void *ctx)
{
	(void)ctx;
	free(value);
}

void io_fini(void)
{
	intmap_for_each(&fds, drop_entry, NULL);
	intmap_free(&fds);
	poller->close();
	for (int i = 0; i < 2; i++) {
		if (interrupt_pipe[i] >= 0)
			close(interrupt_pipe[i]);
		interrupt_pipe[i] = -1;
	}
}

int io_interrupt_fd(void)
{
	return interrupt_pipe[1];
}
bool io_has_waiters(void)
{
	return waiters > 0;
}

/* A task blocked on an fd stops waiting (task_block's cancel hook). */
static void io_wait_cancel(struct task *t)
{
	(void)t;
	waiters--;
}

/* Is fd ready now?  1 yes (or in trouble: the read or write will say),
 * 0 no, -EBADF not open.  A host system call: only for callers that have
 * not just been told EAGAIN. */
static int ready_now(int fd, bool for_write)
{
	struct pollfd p = {.fd = fd, .events = (short)(for_write ? POLLOUT : POLLIN)};
	if (poll(&p, 1, 0) <= 0)
		return 0;
	return p.revents & POLLNVAL ? -EBADF : 1;
}

int io_wait(struct task *t, int fd, bool for_write, bool after_eagain)
{
	if (pipe_is_number(fd))
		return pipe_wait(t, fd, for_write);
	if (fd < 0 || io_is_kernel_fd(fd))
		return -EBADF;
	struct io_fd *e = entry_get(fd, true);
	if (!e)
		return -ENOMEM;
	int err = entry_watch(e, !after_eagain);
	if (err) {
		entry_drop(e);
		return err;
	}
	if (e->always_ready || (for_write ? e->write_over : e->read_over))
		return 1;
	bool *cached = for_write ? &e->ready_write : &e->ready_read;
	if (*cached) {
		*cached = false;
		return 1;
	}
	if (!after_eagain) {
		int r = ready_now(fd, for_write);
		if (r != 0)
			return r;
	}
	task_block(t, for_write ? TASK_WAIT_WRITE : TASK_WAIT_READ, fd, e,
		   for_write ? &e->writers : &e->readers, io_wait_cancel);
	waiters++;
	return 0;
}

static void wake_all(struct list_node *queue, long ret)
{
	struct list_node *n, *tmp;
	list_for_each_safe(n, tmp, queue) task_wake(list_entry(n, struct task, node), ret);
}

void io_ready(int fd, bool readable, bool writable, bool read_over, bool write_over, bool invalid)
{
	struct io_fd *e = intmap_get(&fds, fd);
	if (!e)
		return;
	if (e->internal) {
		char buf[64];
		while (read(fd, buf, sizeof buf) > 0)
			;
		return;
	}
	if (invalid) {
		/* Closed behind the kernel's back (poll only sees this). */
		wake_all(&e->readers, -EBADF);
		wake_all(&e->writers, -EBADF);
		return;
	}
	e->read_over |= read_over;
	e->write_over |= write_over;
	if (readable) {
		if (list_empty(&e->readers))
			e->ready_read = true;
		else
			wake_all(&e->readers, 0);
	}
	if (writable) {
		if (list_empty(&e->writers))
			e->ready_write = true;
		else
			wake_all(&e->writers, 0);
	}
}

struct wanted_ctx {
	void (*fn)(int fd, bool read, bool write, void *ctx);
	void *ctx;
};

static void visit_wanted(void *value, void *ctx)
{
	struct io_fd *e = value;
	struct wanted_ctx *w = ctx;
	bool r = e->internal || !list_empty(&e->readers), wr = !list_empty(&e->writers);
	if (r || wr)
		w->fn(e->fd, r, wr, w->ctx);
}

void io_for_each_wanted(void (*fn)(int fd, bool read, bool write, void *ctx), void *ctx)
{
	struct wanted_ctx w = {fn, ctx};
	intmap_for_each(&fds, visit_wanted, &w);
}

void io_poll(int64_t timeout_ns)
{
	int ms = -1;
	if (timeout_ns >= 0) {
		int64_t m = (timeout_ns + 999999) / 1000000; /* round up: never early */
		ms = m > 1000000000 ? 1000000000 : (int)m;
	}
	kernel_counters.polls++;
	poller->wait(ms);
}

int io_close(int fd)
{
	if (pipe_is_number(fd))
		return pipe_close(fd);
	if (io_is_kernel_fd(fd))
		return -EBADF;
	struct io_fd *e = intmap_get(&fds, fd);
	if (e) {
		wake_all(&e->readers, -EBADF);
		wake_all(&e->writers, -EBADF);
		if (e->watched)
			poller->forget(fd);
		struct task *owner = task_lookup(e->owner);
		if (owner)
			task_disown_fd(owner, fd);
		entry_drop(e);
	}
	return close(fd) == 0 ? 0 : -errno;
}

int io_owner(int fd)
{
	if (pipe_is_number(fd))
		return pipe_owner(fd);
	struct io_fd *e = intmap_get(&fds, fd);
	return e ? e->owner : 0;
}

void io_set_owner(int fd, int tid)
{
	if (pipe_is_number(fd)) {
		pipe_set_owner(fd, tid);
		return;
	}
	struct io_fd *e = entry_get(fd, true);
	if (e)
		e->owner = tid;
}

int io_refresh(int fd)
{
	if (pipe_is_number(fd))
		return pipe_is_open(fd) ? 0 : -EBADF;
	if (io_is_kernel_fd(fd))
		return -EBADF;
	struct io_fd *e = entry_get(fd, true);
	if (!e)
		return -ENOMEM;
	return entry_watch(e, true);
}

bool io_is_open(int fd)
{
	if (pipe_is_number(fd))
		return pipe_is_open(fd);
	return fd >= 0 && !io_is_kernel_fd(fd) && fcntl(fd, F_GETFD) >= 0;
}

int io_dup(int fd)
{
	if (pipe_is_number(fd))
		return pipe_dup(fd);
	if (fd < 0 || io_is_kernel_fd(fd))
		return -EBADF;
	/* >= 3: the host's own standard streams stay the console's. */
	int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	return copy < 0 ? -errno : copy;
}
