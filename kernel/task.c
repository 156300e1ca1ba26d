/*
 * task.c - the task table and the life of a task: create, block, wake, end.
 *
 * States:
 *
 *     create --> READY <--> RUNNING --> (trap handled) --> READY or BLOCKED
 *                  ^                                          |
 *                  +------------- task_wake -----------------+
 *     any state --> task_end --> gone (its tid is never used again)
 *
 * The contract of task_end is that nothing points at the task afterwards:
 * it is off the ready queue, off every wait queue and the timer heap, its
 * waiters and its parent have been told, and what it owned is released.
 */
#include "config.h"
#include "kernel/kalloc.h"
#include "kernel/kassert.h"
#include "kernel/task.h"
#include "kernel/counters.h"
#include "kernel/console.h"
#include "kernel/io.h"
#include "kernel/memory.h"
#include "kernel/sched.h"
#include "kernel/sem.h"
#include "kernel/slab.h"
#include "kernel/tidmap.h"
#include "kernel/trace.h"
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct tidmap task_table; /* tid -> task (tidmap.c) */

#if defined(MINIOS_CONTEXT_ASM) && UINTPTR_MAX == UINT64_MAX
/* A million idle tasks cost this much each (the memory benchmark counts
 * it): a new field must find room in the holes, not grow the struct.
 * 184 bytes, 16 of them the scheduling policy's fields (task.h). */
_Static_assert(sizeof(struct task) <= 184, "struct task grew past 184 bytes");
_Static_assert(MINIOS_TICKETS_MAX < (1 << 24), "tickets fit struct task's 24 bits");
#endif
_Static_assert((NOTIFY_CHILD | NOTIFY_INTERRUPT) <= UINT8_MAX, "notify bits fit a byte");
_Static_assert(TASK_WAIT_PIPE_WRITE <= UINT8_MAX, "a kind of wait fits a byte");
/* entry and arg lie in the frame's arguments, clear of nr and ret (task.h). */
_Static_assert(offsetof(struct task, magic) == offsetof(struct task, frame.spare) &&
		       sizeof(((struct task *)0)->magic) == sizeof(((struct task *)0)->frame.spare),
	       "the magic is the frame's spare word");
_Static_assert(offsetof(struct task, entry) == offsetof(struct task, frame.arg[0]) &&
		       offsetof(struct task, arg) == offsetof(struct task, frame.arg[1]),
	       "entry and arg share the frame's first two arguments");
#if defined(MINIOS_CONTEXT_ASM) && UINTPTR_MAX == UINT64_MAX
#endif

/* Ended tasks with short names are kept for the next spawn, with their
 * stacks: a spawn then costs no malloc and no trip to the stack pool.
 * Compact mode, being for a million tasks, sizes each task exactly
 * instead. */
#define TASK_POOL_NAME 40 /* room for the name in a pooled task */
#define TASK_POOL_MAX 1024
static struct task *task_pool[TASK_POOL_MAX];
static size_t task_pool_count;
static int next_tid = 1;
static int interruptible;   /* tasks that take NOTIFY_INTERRUPT */
static bool announce_exits; /* print "Task N terminated" (the seminar's) */
/* How init ended, for the front end; -1 until it has.  Init is task 1,
 * or the task the front end put in its place (kernel_on_init_ended). */
static int init_status = -1;
/* The lowest tid among the tasks the kernel started that did not end with
 * status 0, and its status (for --exec's exit status); 0: none. */
static int failed_tid, failed_status;
static int init_tid = 1;
static kernel_init_ended_fn init_ended;

void task_table_init(bool announce)
{
	announce_exits = announce;
	tidmap_init(&task_table);
	next_tid = 1;
	init_status = -1;
	failed_tid = failed_status = 0;
	init_tid = 1;
	init_ended = NULL;
	interruptible = 0;
}

void task_table_fini(void)
{
	tidmap_free(&task_table);
	while (task_pool_count > 0) {
		struct task *t = task_pool[--task_pool_count];
		stack_free(&t->stack); /* kept with it (task_end) */
		free(t);
	}
	slab_reset(); /* compact mode's tasks: every one has ended */
}

/* Compact mode's task with a name of len bytes: the struct, the name and
 * the saved-stack room, from the slab (slab.c: 8-byte aligned, no
 * header).  A million of them: every byte here counts a megabyte. */
static size_t compact_task_size(size_t len)
{
	return ((sizeof(struct task) + len + 1 + 7) & ~(size_t)7) + TASK_INLINE_SAVED_STACK;
}

/* Gives back t's own stack; a task in compact mode has none (its struct
 * stack is the saved-stack fields, task.h). */
static void own_stack_free(struct task *t)
{
	if (!stack_shared_one.base)
		stack_free(&t->stack);
}

/* Frees the memory of t, whose name is len bytes long. */
static void task_memory_free(struct task *t, size_t len)
{
	if (!t->pooled && stack_shared())
		slab_free(t, compact_task_size(len));
	else
		free(t);
}

struct task *task_lookup(int tid)
{
	if (tid <= 0)
		return NULL;
	struct task *t = tidmap_get(&task_table, tid);
	KASSERT(!t || t->magic == TASK_MAGIC);
	return t;
}

void task_set_announce_exits(bool on)
{
	announce_exits = on;
}

int task_count(void)
{
	return (int)task_table.count;
}

/* Zeroes a task struct with plain 16-byte stores.  A memset of its size
 * becomes `rep stos`, whose start-up and stores that later loads of the
 * same words cannot be forwarded from cost a tenth of a spawn. */
static inline void zero_task(struct task *t)
{
	typedef long long chunk __attribute__((vector_size(16), aligned(8), may_alias));
	chunk *p = (chunk *)(void *)t;
#pragma GCC unroll 32
	for (size_t i = 0; i < sizeof *t / sizeof *p; i++)
		p[i] = (chunk){0, 0};
	memset((char *)t + sizeof *t / sizeof *p * sizeof *p, 0, sizeof *t % sizeof *p);
}

void task_skip_tids(int next)
{
	if (next > next_tid)
		next_tid = next;
}

int task_create(struct task *parent, const char *name, task_entry_fn fn, void *arg, unsigned flags)
{
	return task_create_owning(parent, name, fn, arg, flags, NULL, 0);
}

/* The extra parts of a task not yet created (no failure later): room for
 * nfds owned fds, and the argument it owns, if owned (t->arg is gone once
 * it runs). */
static int reserve_extra(struct task *t, size_t nfds, void *owned_arg)
{
	struct task_extra *x = task_extra(t);
	if (!x || (nfds && !(x->owned_fds = kmalloc(nfds * sizeof *x->owned_fds))))
		return -ENOMEM;
	x->cap_owned_fds = nfds;
	x->owned_arg = owned_arg;
	return 0;
}

static void free_extra(struct task *t)
{
	if (t->extra) {
		free(t->extra->owned_fds);
		free(t->extra->holds);
		free(t->extra->exits);
		free(t->extra);
		t->extra = NULL;
	}
}

int task_create_owning(struct task *parent, const char *name, task_entry_fn fn, void *arg,
		       unsigned flags, const int *fds, size_t nfds)
{
	if (!fn)
		return -EINVAL;
	if (next_tid == INT_MAX) /* every id of the run is spent */
		return -EAGAIN;
	if (!name || !*name)
		name = "task";
	/* A loop, not strnlen: names are a few bytes, and the library's
	 * vector version costs more to start than this to finish. */
	size_t len = 0;
	while (len < MINIOS_NAME_MAX - 1 && name[len])
		len++;
	const struct stack *shared = stack_shared();
	struct task *t;
	bool pooled = !shared && len < TASK_POOL_NAME;
	struct stack kept = {0};
	if (pooled && task_pool_count > 0) {
		t = task_pool[--task_pool_count];
		kept = t->stack; /* a pooled task keeps its stack (task_end) */
	} else if (pooled) {
		t = kmalloc(sizeof(struct task) + TASK_POOL_NAME);
	} else if (shared) {
		t = slab_alloc(compact_task_size(len));
	} else {
		t = kmalloc(sizeof(struct task) + len + 1);
	}
	if (!t)
		return -ENOMEM;
	zero_task(t); /* not the saved-stack room */
	t->name[len] = '\0';
	/* The flags are bits of one byte, zeroed above: set, not assigned,
	 * they cost a spawn one store each, not a read-modify-write. */
	if (pooled)
		t->pooled = true;
	if (shared) {
		t->saved_stack = (char *)t + compact_task_size(len) - TASK_INLINE_SAVED_STACK;
		t->saved_cap = TASK_INLINE_SAVED_STACK;
		t->saved_inline = true;
	}
	int err = 0;
	if (kept.base)
		t->stack = kept;
	else if (!shared)
		err = stack_alloc(&t->stack);
	if (!err && (nfds | (flags & TASK_OWNS_ARG)) &&
	    reserve_extra(t, nfds, flags & TASK_OWNS_ARG ? arg : NULL) != 0) {
		own_stack_free(t);
		err = -ENOMEM;
	}
	if (err) {
		free_extra(t);
		task_memory_free(t, len);
		return err;
	}
	t->magic = TASK_MAGIC;
	t->tid = next_tid;
	if (tidmap_put(&task_table, t) != 0) {
		own_stack_free(t);
		free_extra(t);
		task_memory_free(t, len);
		return -ENOMEM;
	}
	next_tid++;
	t->ppid = parent ? parent->tid : 0;
	if (parent) {
		parent->children_alive++;
		t->nice = parent->nice; /* as fork keeps it */
		t->tickets = parent->tickets;
	}
	/* A task the kernel starts, or one asked to, leads a new group;
	 * any other joins its creator's (POSIX's process groups). */
	t->pgid = parent && !(flags & TASK_NEW_GROUP) ? parent->pgid : t->tid;
	memcpy(t->name, name, len); /* the terminating NUL is there already */
	t->entry = fn;
	t->arg = arg;
	if (flags & TASK_OWNS_ARG)
		t->owns_arg = true; /* the only flag it keeps */
	list_init(&t->node);
	list_init(&t->waiters);
	for (size_t i = 0; i < nfds; i++) {
		if (parent)
			task_disown_fd(parent, fds[i]);
		t->extra->owned_fds[t->extra->n_owned_fds++] = fds[i];
		io_set_owner(fds[i], t->tid);
	}
	sched_prepare(t);
	kernel_counters.tasks_created++;
	t->state = TASK_READY;
	ready_push_why(t, SCHED_NEW);
	return t->tid;
}

void task_complete(struct task *t, long ret)
{
	if (trace_on && t->state == TASK_BLOCKED)
		trace_task_resumed(t, ret); /* the line of the call it blocked in */
	t->frame.ret = ret;
	t->state = TASK_READY;
	ready_push_why(t, SCHED_WOKEN);
}

/* Each kind of wait's cancel (task_block), kept here rather than in each
 * task: 8 bytes a task. */
#define WAIT_KINDS 16
_Static_assert(TASK_WAIT_PIPE_WRITE < WAIT_KINDS, "wait_cancels holds every kind of wait");
static wait_cancel_fn wait_cancels[WAIT_KINDS];

void task_block(struct task *t, enum task_wait_kind kind, int id, void *obj,
		struct list_node *queue, wait_cancel_fn cancel)
{
	KASSERT((unsigned)kind < WAIT_KINDS);
	if (cancel)
		wait_cancels[kind] = cancel;
	KASSERT(wait_cancels[kind] == cancel); /* one cancel per kind */
	/* A task blocks itself, in a handler of its own trap: it is running,
	 * so on no queue. */
	KASSERT(t->magic == TASK_MAGIC);
	KASSERT(t == task_current() && t->state == TASK_RUNNING);
	KASSERT(!list_linked(&t->node));
	t->state = TASK_BLOCKED;
	t->wait = (uint8_t)kind;
	t->wait_id = id;
	t->wait_obj = obj;
	if (queue)
		list_push_back(queue, &t->node);
}

/* Takes t off the ready queue or whatever it waits on: each kind of wait
 * undoes itself through the hook it left in task_block. */
static void task_unlink(struct task *t)
{
	if (t->state == TASK_BLOCKED) {
		list_unlink(&t->node); /* its wait queue, if it joined one */
		wait_cancel_fn cancel = wait_cancels[t->wait];
		if (cancel)
			cancel(t);
	} else if (t->state == TASK_READY) {
		ready_remove(t);
	}
	t->wait = TASK_WAIT_NONE;
	t->wait_id = 0;
	t->wait_obj = NULL;
}

void task_wake(struct task *t, long ret)
{
	KASSERT(t->magic == TASK_MAGIC);
	KASSERT(t->state == TASK_BLOCKED);
	task_unlink(t);
	task_complete(t, ret);
}

void task_set_notify_mask(struct task *t, unsigned mask)
{
	bool was = t->notify_mask & NOTIFY_INTERRUPT, is = mask & NOTIFY_INTERRUPT;
	interruptible += (int)is - (int)was;
	t->notify_mask = (uint8_t)mask;
}

int task_interruptible_count(void)
{
	return interruptible;
}

void task_notify(struct task *t, unsigned bits)
{
	bits &= t->notify_mask;
	if (!bits)
		return;
	t->pending |= (uint8_t)(bits & ~NOTIFY_CHILD);
	if (t->state == TASK_BLOCKED)
		task_wake(t, -EINTR);
}

struct task_extra *task_extra(struct task *t)
{
	if (!t->extra && (t->extra = kcalloc(1, sizeof *t->extra)))
		list_init(&t->extra->allocations);
	return t->extra;
}

/* Keeps child tid's exit record in parent's ring.  (Inline, as is
 * deliver_exit: it has two callers now, and every task's end takes it.) */
static inline __attribute__((always_inline)) void record_exit(struct task *parent, int tid,
							      int status)
{
	struct task_extra *x = task_extra(parent);
	if (x && !x->exits)
		x->exits = kmalloc(TASK_EXIT_RECORDS * sizeof *x->exits);
	if (!x || !x->exits)
		return; /* only the record is lost: WaitTask will say -ESRCH */
	if (x->exits_count == TASK_EXIT_RECORDS) {
		x->exits_head = (x->exits_head + 1) % TASK_EXIT_RECORDS;
		x->exits_count--;
	}
	unsigned slot = (x->exits_head + x->exits_count++) % TASK_EXIT_RECORDS;
	x->exits[slot] = (struct child_exit){tid, status};
}

bool task_take_exit(struct task *t, int tid, int *child_tid, int *status)
{
	struct task_extra *x = t->extra;
	for (unsigned i = 0; x && i < x->exits_count; i++) {
		struct child_exit *e = &x->exits[(x->exits_head + i) % TASK_EXIT_RECORDS];
		if (e->tid == 0 || (tid && e->tid != tid))
			continue;
		*child_tid = e->tid;
		*status = e->status;
		e->tid = 0; /* a hole; trimmed below when it reaches the front */
		while (x->exits_count && x->exits[x->exits_head].tid == 0) {
			x->exits_head = (x->exits_head + 1) % TASK_EXIT_RECORDS;
			x->exits_count--;
		}
		return true;
	}
	return false;
}

/* Leaves the exit record of child tid with parent, and tells the parent:
 * a parent in WaitChild takes it at once, any other is notified. */
static inline __attribute__((always_inline)) void deliver_exit(struct task *parent, int tid,
							       int status)
{
	record_exit(parent, tid, status);
	int child, st;
	if (parent->state == TASK_BLOCKED && parent->wait == TASK_WAIT_CHILD) {
		if (task_take_exit(parent, 0, &child, &st)) {
			parent->frame.out[0] = child;
			parent->frame.out[1] = st;
			task_wake(parent, 0);
		} /* else no memory for the record: it stays for the next child */
	} else {
		task_notify(parent, NOTIFY_CHILD);
	}
}

/* child ended with status; waited says whether the parent was among the
 * tasks waiting for it (then it has the status already). */
static void child_ended(struct task *parent, int tid, int status, bool waited)
{
	parent->children_alive--;
	if (!waited)
		deliver_exit(parent, tid, status);
}

struct adoption {
	int old_ppid;
	struct task *init; /* NULL: the kernel */
};

static void adopt_one(void *value, void *ctx)
{
	struct task *child = value;
	struct adoption *a = ctx;
	if (child->ppid != a->old_ppid)
		return;
	child->ppid = a->init ? a->init->tid : 0;
	if (a->init)
		a->init->children_alive++;
}

/* t has ended (it is out of the table): its live children go to task 1,
 * or to the kernel when there is none, so that their exits still leave a
 * record with someone; the records t had not taken go there too.  Only a
 * task with live children pays for the walk over the table, and only one
 * with children or records comes here at all. */
static void reparent_children(struct task *t)
{
	struct task_extra *x = t->extra;
	struct adoption a = {t->tid, task_lookup(init_tid)};
	if (t->children_alive > 0)
		tidmap_for_each(&task_table, adopt_one, &a);
	t->children_alive = 0;
	int child, status;
	while (a.init && x && x->exits_count > 0 && task_take_exit(t, 0, &child, &status))
		deliver_exit(a.init, child, status);
}

int task_own_fd(struct task *t, int fd)
{
	struct task_extra *x = task_extra(t);
	if (!x)
		return -ENOMEM;
	if (x->n_owned_fds == x->cap_owned_fds) {
		size_t cap = x->cap_owned_fds ? x->cap_owned_fds * 2 : 4;
		int *fds = krealloc(x->owned_fds, cap * sizeof *fds);
		if (!fds)
			return -ENOMEM;
		x->owned_fds = fds;
		x->cap_owned_fds = cap;
	}
	x->owned_fds[x->n_owned_fds++] = fd;
	return 0;
}

void task_disown_fd(struct task *t, int fd)
{
	struct task_extra *x = t->extra;
	for (int s = 0; x && s < 3; s++)
		if (x->streams[s] == fd + 1)
			x->streams[s] = 0; /* an fd no longer its own: the console */
	for (size_t i = 0; x && i < x->n_owned_fds; i++)
		if (x->owned_fds[i] == fd) {
			x->owned_fds[i] = x->owned_fds[--x->n_owned_fds];
			return;
		}
}

void task_join_group(struct task *t, int pgid)
{
	t->pgid = pgid;
}

int task_stream(const struct task *t, int stream)
{
	return t->extra ? t->extra->streams[stream] - 1 : -1;
}

int task_set_stream(struct task *t, int stream, int fd)
{
	struct task_extra *x = task_extra(t);
	if (!x)
		return -ENOMEM;
	int old = x->streams[stream] - 1;
	x->streams[stream] = fd + 1;
	return old;
}

static void replace_init(int status);

void task_end(struct task *t, int status)
{
	KASSERT(t->magic == TASK_MAGIC);
	if (trace_on)
		trace_task_ended(t, status);
	task_unlink(t);
	bool was_init = t->tid == init_tid;
	if (was_init)
		init_status = status;
	if (t->ppid == 0 && status != 0 && (failed_tid == 0 || t->tid < failed_tid)) {
		failed_tid = t->tid;
		failed_status = status;
	}
	task_set_notify_mask(t, 0);
	if (t->extra) /* its console lines live there */
		console_task_flush(t);
	if (announce_exits)
		kernel_printf(0, "Task %d terminated\n", t->tid);

	/* Remove it from the table first, so that everything woken below
	 * sees a task that no longer exists (WaitTask gives -ESRCH). */
	tidmap_remove(&task_table, t->tid);

	struct task *parent = task_lookup(t->ppid);
	bool parent_waited = false;
	struct list_node *n, *tmp;
	list_for_each_safe(n, tmp, &t->waiters)
	{
		struct task *w = list_entry(n, struct task, node);
		w->frame.out[0] = status;
		parent_waited |= w == parent;
		task_wake(w, 0);
	}
	if (parent)
		child_ended(parent, t->tid, status, parent_waited);
	if (t->children_alive > 0 || (t->extra && t->extra->exits_count > 0))
		reparent_children(t);

	/* What it owns besides its stack - fds, semaphores held or made,
	 * memory, console lines - is all in its extra parts: most tasks end
	 * without them, and without this walk. */
	if (t->extra) {
		/* (t is out of the table: io_close cannot find it to disown.) */
		while (t->extra->n_owned_fds > 0)
			io_close(t->extra->owned_fds[--t->extra->n_owned_fds]);
		sem_release_task(t);
		task_free_all(t);
	}
	if (t->owns_arg)
		free(t->extra->owned_arg);
	sched_task_ended(t);
	/* A pooled task keeps its stack: the next spawn takes both in one
	 * step. */
	bool to_pool = t->pooled && task_pool_count < TASK_POOL_MAX;
	if (to_pool)
		stack_scrub(&t->stack);
	else
		own_stack_free(t);
	if (t->extra) {
		console_task_free(t); /* before the extra parts it lives in */
		free_extra(t);
	}
	t->magic = 0;
	if (to_pool)
		task_pool[task_pool_count++] = t;
	else
		task_memory_free(t, strlen(t->name));
	if (was_init)
		replace_init(status);
}

static void collect(void *value, void *ctx)
{
	struct task ***cursor = ctx;
	*(*cursor)++ = value;
}

static int by_tid(const void *a, const void *b)
{
	const struct task *x = *(struct task *const *)a, *y = *(struct task *const *)b;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

/* Without memory for a snapshot: every tid ever given, in order.  Slower
 * (tids of ended tasks are looked up too) but it needs nothing, so a
 * shutdown with no memory left still ends every task. */
static void for_each_by_tid(void (*fn)(struct task *t, void *ctx), void *ctx)
{
	int last = next_tid - 1; /* not the tasks fn creates, as below */
	for (int tid = 1; tid <= last; tid++) {
		struct task *t = task_lookup(tid);
		if (t)
			fn(t, ctx);
	}
}

void task_for_each(void (*fn)(struct task *t, void *ctx), void *ctx)
{
	size_t n = task_table.count;
	if (n == 0)
		return;
	struct task **all = kmalloc(n * sizeof *all), **cursor = all;
	if (!all) {
		for_each_by_tid(fn, ctx);
		return;
	}
	tidmap_for_each(&task_table, collect, &cursor);
	qsort(all, n, sizeof *all, by_tid);
	for (size_t i = 0; i < n; i++)
		fn(all[i], ctx);
	free(all);
}

struct task *task_next(int from)
{
	/* The table is by tid: a scan that skips empty pages (tidmap.c). */
	return tidmap_next(&task_table, from < 1 ? 1 : from);
}

bool task_is_init(const struct task *t)
{
	return t->tid == init_tid;
}

void kernel_on_init_ended(kernel_init_ended_fn fn)
{
	init_ended = fn;
}

/* Init has ended: the front end may start its successor. */
static void replace_init(int status)
{
	int tid = init_ended ? init_ended(status) : 0;
	if (tid > 0) {
		init_tid = tid;
		init_status = -1;
	}
}

int kernel_init_status(void)
{
	return init_status;
}

int kernel_first_failure(int *tid)
{
	if (tid)
		*tid = failed_tid;
	return failed_status;
}
