/*
 * task.h - a task and its life: create, block, wake, end (task.c).
 *
 * struct task is shared by the files of kernel/, each owning some of its
 * fields; syscalls/ reads it through kernel.h.
 */
#ifndef MINIOS_TASK_H
#define MINIOS_TASK_H

#include "include/minios.h"
#include "kernel/context.h"
#include "kernel/list.h"
#include "kernel/stack.h"
#include "kernel/trap.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct console_lines;
struct sem;

/* Compact mode: room for a switched-out task's stack allocated with the
 * task itself, so that most never need a buffer of their own.  Measured
 * (x86-64, -O2, with the switch inline in the stubs and no frame of
 * sched_task_start's under the entry's): a task blocked in WaitTask
 * (whose stub keeps one value across the switch) saves 96 bytes, as do
 * W4's and W1pp's tasks in Yield; check_stack's
 * test_compact_waittask_fits_exactly holds it to that.  A deeper task (a
 * preempted one: every register) gets a buffer of its own when it is
 * switched out. */
#define TASK_INLINE_SAVED_STACK 96
#define TASK_MAGIC 0x6d696e69u /* "mini": a task struct that lost it was overwritten */

struct child_exit {
	int tid, status;
};

struct sem_hold {
	struct sem *sem;
	int units;
};

/* The parts of a task that only some tasks use. */
struct task_extra {
	/* Exit records of its ended children that nobody waited for (a
	 * ring: the oldest go first when it is full). */
	struct child_exit *exits;
	unsigned exits_head, exits_count;
	/* What it owns and holds, released when it ends. */
	int *owned_fds;
	size_t n_owned_fds, cap_owned_fds;
	struct sem_hold *holds;
	size_t n_holds, cap_holds;
	int owned_sems;               /* semaphores it created */
	struct list_node allocations; /* memory from sys_alloc (memory.c) */
	/* Its standard streams: fd + 1 (an fd it owns), or 0 for the
	 * console.  Closing the fd puts the console back. */
	int streams[3];
	/* Owned by console.c: partial output lines, when any. */
	struct console_lines *console;
	void *owned_arg; /* TASK_OWNS_ARG: its argument, freed when it ends */
	/* Owned by loop.c: how often it was preempted (a task that uses up
	 * its quantum is one that runs long: few are). */
	uint32_t preemptions;
};

/* Undoes what a kind of wait did when it blocked its task, beyond leaving
 * the wait queue (task.c does that): given to task_block, called when the
 * task is woken or ended while it waits.  One per kind of wait (task.c
 * keeps it once, not in every task). */
typedef void (*wait_cancel_fn)(struct task *t);

/*
 * A task.  Its fields are grouped by the file that owns them: only that
 * file writes them (others may read).  The order also packs the struct
 * tight: a million idle tasks should cost little.
 */
struct task {
	/* Owned by task.c. */
	int tid;
	int ppid; /* 0: the kernel; task 1 when its parent ended first */
	int pgid; /* its task group (KillTask -G) */
	int children_alive;
	uint8_t state; /* enum task_run_state, in a byte */
	/* Set by task_block for whoever blocks the task: the kind of what it
	 * waits on (enum task_wait_kind); wait_id and wait_obj below. */
	uint8_t wait;
	/* NOTIFY_* bits (two of them): which it takes (set through
	 * task_set_notify_mask), and those not yet taken. */
	uint8_t notify_mask, pending;

	/* Owned by preempt.c (and the stubs of sys_preempt_*): inside a
	 * region the timer must not preempt (depth), and a tick held back by
	 * one (how often it was preempted: task_extra).  Whole bytes: the
	 * timer's signal handler writes them. */
	bool preempt_held;
	uint8_t no_preempt;
	uint8_t fault; /* TASK_FAULT_* when it faulted (sched.c) */

	/* One bit each, in one byte (a million idle tasks feel every 8
	 * bytes): none is written by a signal handler.  Owned by task.c:
	 * allocated for the task pool, and TASK_OWNS_ARG.  By sched.c and
	 * loop.c: its entry function returned.  By compact.c (below): not
	 * run yet, and where its stack is kept. */
	bool pooled : 1;
	bool owns_arg : 1;
	bool returned : 1;
	bool fresh : 1;
	bool saved_inline : 1; /* saved_stack is the room after name[] */

	struct list_node waiters; /* tasks in WaitTask on this one (task.c) */
	/* What most tasks never need, allocated on first use (task.c). */
	struct task_extra *extra;

	/* Owned by stack.c and compact.c.  A task has its own stack, or, in
	 * compact mode, runs on the one shared stack and keeps the used part
	 * of it while switched out (fresh until it first runs): never both,
	 * so they share their 16 bytes.  Read the stack with task_stack. */
	union {
		struct stack stack; /* its own: not in compact mode */
		struct {            /* compact mode */
			uint32_t saved_len, saved_cap;
			void *saved_stack;
		};
	};

	/* Owned by sched.c and loop.c: running it, and its traps.  Its
	 * entry function and argument, until it first runs (sched.c's
	 * sched_task_start reads them before anything else): they are where
	 * the frame's arguments go, for nothing reads the frame of a task
	 * that has not trapped.  A task that owns its argument keeps it in
	 * task_extra.  task.c's magic (TASK_MAGIC while the task exists) is
	 * the frame's spare word, which no trap touches: preempt.c, which
	 * puts a preempted task's frame back whole, puts back the same
	 * magic. */
	union {
		struct trap_frame frame;
		struct {
			int frame_nr;
			unsigned magic; /* frame.spare */
			long frame_ret; /* frame.ret, which stays the frame's */
			task_entry_fn entry;
			void *arg;
		};
	};
	struct context ctx;
	/* On the ready queue, or on the wait queue of what it is blocked on. */
	struct list_node node;
	uint64_t traps;
	int64_t cpu_ns;

	/* Owned by sched.c and the policy (kernel/sched/): its nice value
	 * (-20..19) and lottery tickets (0: from nice; at most
	 * MINIOS_TICKETS_MAX, which 24 bits hold), and what the policy keeps
	 * - a slot in an array (random, lottery), or a level and the boost it
	 * last saw (prio, mlfq); a mark of CPU time or a weight.  16 bytes:
	 * W4 with 100,000 tasks feels every 8. */
	uint32_t tickets : 24;
	signed int nice : 8;
	union {
		uint32_t sched_slot;
		struct {
			uint32_t sched_epoch : 24;
			uint32_t sched_level : 8;
		};
	};
	int64_t sched_mark;

	/* Owned by timer.c: its position in the heap of sleepers (0: not in
	 * it), where its deadline is (timer_deadline). */
	uint32_t heap_slot;

	/* Owned by task.c, set by task_block with wait (above): what it
	 * waits on. */
	int wait_id;
	void *wait_obj;

	/* Owned by task.c.  Last, sized to fit. */
	char name[];
};

/* The stack t runs on: the shared one in compact mode, else its own. */
static inline const struct stack *task_stack(const struct task *t)
{
	return stack_shared_one.base ? &stack_shared_one : &t->stack;
}

/* The task whose trap is being handled (or that is running), else NULL.
 * sched.c keeps it; inline, for the trap stubs read it on every trap. */
extern struct task *sched_current;
static inline struct task *task_current(void)
{
	return sched_current;
}
/* Init: task 1, or the task the front end put in its place when it ended
 * (kernel_on_init_ended).  Orphans go to it; only it may end itself. */
bool task_is_init(const struct task *t);
struct task *task_lookup(int tid);
/* t's extra parts, allocated if need be (NULL only when out of memory). */
struct task_extra *task_extra(struct task *t);
int task_count(void);

/* Creates a task; parent NULL means the kernel.  Returns the tid or a
 * negative errno (-EAGAIN once the ids up to INT_MAX - 1 are spent: they
 * are never reused).  The task is on the ready queue. */
int task_create(struct task *parent, const char *name, task_entry_fn fn, void *arg, unsigned flags);
/* The next task gets id next, if that is higher: tests spend the ids
 * without making two billion tasks. */
void task_skip_tids(int next);

/* As task_create, and the new task owns fds[0..nfds-1], which parent owns,
 * from its creation: ownership moves before the task is queued, so there is
 * no moment at which the task runs and the fds are still its parent's.  On
 * an error nothing moves. */
int task_create_owning(struct task *parent, const char *name, task_entry_fn fn, void *arg,
		       unsigned flags, const int *fds, size_t nfds);

/* Puts t at the back of the ready queue with ret as its call's result. */
void task_complete(struct task *t, long ret);

/* Blocks t on `kind` (id for ps); queue is the wait queue to join, or NULL
 * (sleep, waitchild); cancel, or NULL, undoes the rest of the wait when t
 * is woken or ended (the timer for a sleep, the count of fd waiters): the
 * same for every wait of a kind. */
void task_block(struct task *t, enum task_wait_kind kind, int id, void *obj,
		struct list_node *queue, wait_cancel_fn cancel);

/* Takes a blocked t off whatever it waits on and completes it with ret. */
void task_wake(struct task *t, long ret);

/* Ends t with status: unlinks it from everything, wakes its waiters,
 * tells its parent, releases what it owns and frees its stack. */
void task_end(struct task *t, int status);

/* Sets which notifications t takes.  The only writer of notify_mask: it
 * keeps the count of tasks that take NOTIFY_INTERRUPT. */
void task_set_notify_mask(struct task *t, unsigned mask);
/* How many tasks take NOTIFY_INTERRUPT: while any does, Ctrl-C can still
 * wake a task, so the loop is not deadlocked. */
int task_interruptible_count(void);

/* Delivers notification bits; a blocked task that asked for them wakes
 * with -EINTR. */
void task_notify(struct task *t, unsigned bits);

/* How many ended children a task remembers until it waits for them. */
#define TASK_EXIT_RECORDS 1024

/* Takes the exit record of child tid (0: the oldest) of t: true and its
 * tid and status, or false if there is none. */
bool task_take_exit(struct task *t, int tid, int *child_tid, int *status);

/* Calls fn for every task in tid order (TaskList, Ctrl-C, shutdown); fn may
 * end the task it is given.  Works without memory too (then slower). */
void task_for_each(void (*fn)(struct task *t, void *ctx), void *ctx);

/* The live task with the smallest tid >= from, or NULL: TaskListFrom
 * walks the tasks with it, a chunk at a time.  Allocates nothing. */
struct task *task_next(int from);

/* Adds fd to what t owns (-EEXIST if it does already). */
int task_own_fd(struct task *t, int fd);
void task_disown_fd(struct task *t, int fd);

/* t (just created) joins task group pgid instead of the one it was
 * given. */
void task_join_group(struct task *t, int pgid);

/* The fd on t's standard stream (0..2), or -1 for the console. */
int task_stream(const struct task *t, int stream);
/* Whether all three of t's standard streams are the console. */
static inline bool task_streams_are_console(const struct task *t)
{
	const struct task_extra *x = t->extra;
	return !x || (x->streams[0] | x->streams[1] | x->streams[2]) == 0;
}
/* Puts fd (owned by t), or -1 for the console, on t's stream.  Returns
 * the fd that was there (-1: none), for the caller to close; -ENOMEM. */
int task_set_stream(struct task *t, int stream, int fd);

/* The task table (for boot and shutdown).  announce_exits: print "Task N
 * terminated" when a task ends, as the seminar does. */
void task_table_init(bool announce_exits);
void task_set_announce_exits(bool on);
void task_table_fini(void);

#endif
