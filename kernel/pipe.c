/*
 * pipe.c - pipes inside the kernel: a ring buffer between tasks.
 *
 * Every task runs in this one process, so a pipe between two of them
 * needs no host pipe: a message costs no host system call, only what the
 * kernel does anyway for a blocked task.  A pipe is a ring of
 * MINIOS_PIPE_CAPACITY bytes with two wait queues.  Its ends are numbers
 * from MINIOS_PIPE_FD_BASE up, in a table of their own: each number is one
 * end (Dup2 makes another number for the same end), and a pipe counts the
 * open numbers of each direction.
 *
 * Reading and writing without blocking is a direct call from the task (the
 * user library tries that first); only a task that has to wait traps
 * (PipeRead, PipeWrite) and blocks here.  A wake-up moves the data
 * directly: a writer that finds a reader waiting on an empty pipe copies
 * into the reader's buffer and completes its call; a reader that frees
 * room takes waiting writers' bytes into the ring and completes them once
 * all is in.  So a one-byte round trip between two tasks is two traps and
 * two switches.
 *
 * The kernel touches a switched-out task's buffer only where it stays put:
 * with compact stacks the shared stack holds the running task's frames, so
 * a waiter whose buffer lies there is woken with "try again" instead
 * (-EAGAIN for a reader, 0 bytes for a writer), and its stub retries.
 */
#include "config.h"
#include "kernel/pipe.h"
#include "kernel/kalloc.h"
#include "kernel/stack.h"
#include "kernel/task.h"
#include "kernel/trap.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

struct pipe {
	int id;               /* what ps shows: "pipe 3 read" */
	int readers, writers; /* open ends of each direction */
	size_t head, len;     /* the bytes in the ring: from head, len of them */
	struct list_node read_waiters, write_waiters;
	char *ring;
};

struct pipe_end {
	struct pipe *pipe; /* NULL: the number is free */
	bool write;
	int owner; /* tid, or 0 */
};

static struct pipe_end *ends;
static size_t n_ends, lowest_free;
static int next_pipe_id = 1;

int pipe_init(void)
{
	/* Host fds stay below the pipe ends' numbers. */
	struct rlimit r;
	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur > MINIOS_PIPE_FD_BASE) {
		r.rlim_cur = MINIOS_PIPE_FD_BASE;
		setrlimit(RLIMIT_NOFILE, &r);
	}
	next_pipe_id = 1;
	return 0;
}

static void pipe_free(struct pipe *p)
{
	free(p->ring);
	free(p);
}

void pipe_fini(void)
{
	for (size_t i = 0; i < n_ends; i++) {
		struct pipe *p = ends[i].pipe;
		if (!p)
			continue;
		/* Free a pipe with its last end. */
		if (ends[i].write)
			p->writers--;
		else
			p->readers--;
		if (p->readers == 0 && p->writers == 0)
			pipe_free(p);
	}
	free(ends);
	ends = NULL;
	n_ends = lowest_free = 0;
	next_pipe_id = 1;
}

bool pipe_is_number(long fd)
{
	return fd >= MINIOS_PIPE_FD_BASE && fd <= INT32_MAX;
}

static struct pipe_end *end_get(int fd)
{
	if (!pipe_is_number(fd))
		return NULL;
	size_t i = (size_t)fd - MINIOS_PIPE_FD_BASE;
	return i < n_ends && ends[i].pipe ? &ends[i] : NULL;
}

bool pipe_is_open(int fd)
{
	return end_get(fd) != NULL;
}

/* A free number for an end of p: its index, or -ENOMEM. */
static int end_new(struct pipe *p, bool write)
{
	size_t i = lowest_free;
	while (i < n_ends && ends[i].pipe)
		i++;
	if (i == n_ends) {
		size_t cap = n_ends ? n_ends * 2 : 16;
		if (cap > (size_t)INT32_MAX - MINIOS_PIPE_FD_BASE)
			return -ENOMEM;
		struct pipe_end *e = krealloc(ends, cap * sizeof *e);
		if (!e)
			return -ENOMEM;
		memset(e + n_ends, 0, (cap - n_ends) * sizeof *e);
		ends = e;
		n_ends = cap;
	}
	ends[i] = (struct pipe_end){p, write, 0};
	lowest_free = i + 1;
	if (write)
		p->writers++;
	else
		p->readers++;
	return MINIOS_PIPE_FD_BASE + (int)i;
}

static void end_drop(int fd)
{
	size_t i = (size_t)fd - MINIOS_PIPE_FD_BASE;
	ends[i] = (struct pipe_end){0};
	if (i < lowest_free)
		lowest_free = i;
}

int pipe_create(int fds[2])
{
	struct pipe *p = kcalloc(1, sizeof *p);
	if (!p)
		return -ENOMEM;
	/* malloc, not calloc: the ring's pages are touched only when used. */
	p->ring = kmalloc(MINIOS_PIPE_CAPACITY);
	if (!p->ring) {
		free(p);
		return -ENOMEM;
	}
	list_init(&p->read_waiters);
	list_init(&p->write_waiters);
	fds[0] = end_new(p, false);
	if (fds[0] < 0) {
		pipe_free(p);
		return -ENOMEM;
	}
	fds[1] = end_new(p, true);
	if (fds[1] < 0) {
		end_drop(fds[0]);
		pipe_free(p);
		return -ENOMEM;
	}
	p->id = next_pipe_id++;
	return 0;
}

int pipe_dup(int fd)
{
	struct pipe_end *e = end_get(fd);
	if (!e)
		return -EBADF;
	return end_new(e->pipe, e->write); /* (may move ends: e is dead) */
}

int pipe_owner(int fd)
{
	struct pipe_end *e = end_get(fd);
	return e ? e->owner : 0;
}

void pipe_set_owner(int fd, int tid)
{
	struct pipe_end *e = end_get(fd);
	if (e)
		e->owner = tid;
}

/* ---- the ring ---- */

static void ring_put(struct pipe *p, const char *src, size_t n)
{
	size_t tail = (p->head + p->len) % MINIOS_PIPE_CAPACITY;
	size_t first = MINIOS_PIPE_CAPACITY - tail < n ? MINIOS_PIPE_CAPACITY - tail : n;
	memcpy(p->ring + tail, src, first);
	memcpy(p->ring, src + first, n - first);
	p->len += n;
}

static void ring_get(struct pipe *p, char *dst, size_t n)
{
	size_t first = MINIOS_PIPE_CAPACITY - p->head < n ? MINIOS_PIPE_CAPACITY - p->head : n;
	memcpy(dst, p->ring + p->head, first);
	memcpy(dst + first, p->ring, n - first);
	p->head = (p->head + n) % MINIOS_PIPE_CAPACITY;
	p->len -= n;
	if (p->len == 0)
		p->head = 0;
}

static size_t room(const struct pipe *p)
{
	return MINIOS_PIPE_CAPACITY - p->len;
}

/* Would a write of len bytes put something in now? */
static bool can_write(const struct pipe *p, size_t len)
{
	return room(p) >= (len <= MINIOS_PIPE_ATOMIC ? len : 1);
}

/* ---- waiters ----
 * A waiter's trap frame says what it waits for: PipeRead (fd, buf, len),
 * PipeWrite (fd, buf, len left, bytes moved so far), or ReadWait /
 * WriteWait (fd): only to be told the pipe is ready. */

static struct task *waiter(struct list_node *n)
{
	return list_entry(n, struct task, node);
}

/* May the kernel copy to or from [buf, buf+len) of a switched-out task? */
static bool touchable(const void *buf, size_t len)
{
	const struct stack *shared = stack_shared();
	if (!shared)
		return true;
	uintptr_t lo = (uintptr_t)shared->base, hi = lo + shared->size;
	uintptr_t b = (uintptr_t)buf;
	return b + len <= lo || b >= hi;
}

/* The ring has data (or never will again): every waiting reader hears. */
static void wake_readers(struct pipe *p)
{
	struct list_node *n, *tmp;
	list_for_each_safe(n, tmp, &p->read_waiters)
	{
		struct task *t = waiter(n);
		/* A reader retries and finds the data, or end of file. */
		bool reads = t->frame.nr == SYS_PIPE_READ;
		task_wake(t, reads && p->len > 0 ? -EAGAIN : 0);
	}
}

/* Room was made: waiting writers' bytes go into the ring, in order. */
static void pump_writers(struct pipe *p)
{
	struct list_node *n, *tmp;
	list_for_each_safe(n, tmp, &p->write_waiters)
	{
		if (room(p) == 0)
			break;
		struct task *t = waiter(n);
		long *a = t->frame.arg;
		if (t->frame.nr != SYS_PIPE_WRITE) {
			task_wake(t, 0);
			continue;
		}
		size_t left = (size_t)a[2];
		if (!can_write(p, left))
			break; /* a small write waits for room for all of it */
		if (!touchable((const void *)a[1], left)) {
			task_wake(t, a[3]); /* its stub writes the rest itself */
			continue;
		}
		size_t k = left < room(p) ? left : room(p);
		ring_put(p, (const char *)a[1], k);
		a[1] += (long)k;
		a[2] -= (long)k;
		a[3] += (long)k;
		if (a[2] == 0)
			task_wake(t, a[3]);
	}
	if (p->len > 0)
		wake_readers(p);
}

/* Moves what it can of a write of n bytes: into waiting readers' buffers
 * while the ring is empty, then into the ring.  Returns the bytes moved. */
static size_t write_core(struct pipe *p, const char *src, size_t n)
{
	size_t moved = 0;
	struct list_node *node, *tmp;
	list_for_each_safe(node, tmp, &p->read_waiters)
	{
		if (p->len > 0 || moved == n)
			break;
		struct task *t = waiter(node);
		long *a = t->frame.arg;
		if (t->frame.nr != SYS_PIPE_READ || !touchable((void *)a[1], (size_t)a[2]))
			continue;
		size_t k = n - moved < (size_t)a[2] ? n - moved : (size_t)a[2];
		memcpy((void *)a[1], src + moved, k);
		moved += k;
		task_wake(t, (long)k);
	}
	size_t rest = n - moved;
	/* After a hand-off the ring is empty, so a small write fits whole. */
	if (rest > 0 && (moved > 0 || can_write(p, n))) {
		size_t k = rest < room(p) ? rest : room(p);
		ring_put(p, src + moved, k);
		moved += k;
	}
	if (p->len > 0)
		wake_readers(p);
	return moved;
}

static size_t read_core(struct pipe *p, char *dst, size_t n)
{
	size_t k = n < p->len ? n : p->len;
	ring_get(p, dst, k);
	pump_writers(p);
	return k;
}

/* ---- the calls ---- */

static struct pipe *end_for(int fd, bool write)
{
	struct pipe_end *e = end_get(fd);
	return e && e->write == write ? e->pipe : NULL;
}

ssize_t pipe_read_now(int fd, void *buf, size_t len)
{
	struct pipe *p = end_for(fd, false);
	if (!p)
		return -EBADF;
	if (len == 0)
		return 0;
	if (p->len > 0)
		return (ssize_t)read_core(p, buf, len);
	return p->writers == 0 ? 0 : -EAGAIN;
}

ssize_t pipe_write_now(int fd, const void *buf, size_t len)
{
	struct pipe *p = end_for(fd, true);
	if (!p)
		return -EBADF;
	if (p->readers == 0)
		return -EPIPE;
	if (len == 0)
		return 0;
	size_t n = write_core(p, buf, len);
	return n > 0 ? (ssize_t)n : -EAGAIN;
}

static int interrupted_now(const struct task *t)
{
	bool child_ended = (t->notify_mask & NOTIFY_CHILD) && t->extra && t->extra->exits_count;
	return t->pending || child_ended ? -EINTR : 0;
}

long pipe_read_call(struct task *t, int fd, void *buf, size_t len)
{
	struct pipe *p = end_for(fd, false);
	if (!p)
		return -EBADF;
	if (len == 0)
		return 0;
	if (p->len > 0)
		return touchable(buf, len) ? (long)read_core(p, buf, len) : -EAGAIN;
	if (p->writers == 0)
		return 0;
	int err = interrupted_now(t);
	if (err)
		return err;
	task_block(t, TASK_WAIT_PIPE_READ, p->id, p, &p->read_waiters, NULL);
	return TRAP_HANDLED;
}

long pipe_write_call(struct task *t, int fd, const void *buf, size_t len)
{
	struct pipe *p = end_for(fd, true);
	if (!p)
		return -EBADF;
	if (p->readers == 0)
		return -EPIPE;
	if (len == 0)
		return 0;
	size_t n = 0;
	if (touchable(buf, len))
		n = write_core(p, buf, len);
	else if (can_write(p, len) || !list_empty(&p->read_waiters))
		return 0; /* the stub writes it itself */
	if (n == len)
		return (long)n;
	int err = interrupted_now(t);
	if (err)
		return n > 0 ? (long)n : err;
	t->frame.arg[1] = (long)((const char *)buf + n);
	t->frame.arg[2] = (long)(len - n);
	t->frame.arg[3] = (long)n;
	task_block(t, TASK_WAIT_PIPE_WRITE, p->id, p, &p->write_waiters, NULL);
	return TRAP_HANDLED;
}

int pipe_wait(struct task *t, int fd, bool for_write)
{
	struct pipe_end *e = end_get(fd);
	if (!e)
		return -EBADF;
	struct pipe *p = e->pipe;
	bool ready = for_write ? p->readers == 0 || room(p) > 0 : p->len > 0 || p->writers == 0;
	if (ready)
		return 1;
	task_block(t, for_write ? TASK_WAIT_PIPE_WRITE : TASK_WAIT_PIPE_READ, p->id, p,
		   for_write ? &p->write_waiters : &p->read_waiters, NULL);
	return 0;
}

/* Wakes the tasks of queue that wait on the number fd with ret. */
static void wake_on_number(struct list_node *queue, int fd, long ret)
{
	struct list_node *n, *tmp;
	list_for_each_safe(n, tmp, queue)
	{
		struct task *t = waiter(n);
		if (t->frame.arg[0] == fd)
			task_wake(t, ret);
	}
}

int pipe_close(int fd)
{
	struct pipe_end *e = end_get(fd);
	if (!e)
		return -EBADF;
	struct pipe *p = e->pipe;
	bool write = e->write;
	struct task *owner = task_lookup(e->owner);
	end_drop(fd);
	if (owner)
		task_disown_fd(owner, fd);
	wake_on_number(&p->read_waiters, fd, -EBADF);
	wake_on_number(&p->write_waiters, fd, -EBADF);
	if (write && --p->writers == 0) {
		wake_readers(p); /* end of file, once the ring is read */
	} else if (!write && --p->readers == 0) {
		struct list_node *n, *tmp;
		list_for_each_safe(n, tmp, &p->write_waiters)
		{
			struct task *t = waiter(n);
			task_wake(t, t->frame.nr == SYS_PIPE_WRITE ? -EPIPE : 0);
		}
	}
	if (p->readers == 0 && p->writers == 0)
		pipe_free(p);
	return 0;
}
