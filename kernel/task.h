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
 * task itself - a task blocked in a system call saves about 136 bytes, so
 * most never need a buffer of their own. */
#define TASK_INLINE_SAVED_STACK 144
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
	int owned_sems; /* semaphores it created */
	struct list_node allocations; /* memory from sys_alloc (memory.c) */
};

struct task {
	unsigned magic;
	int tid;
	int ppid;
	enum task_run_state state;
	struct trap_frame frame;
	struct context ctx;
	struct stack stack;

	/* On the ready queue, or on the wait queue of what it is blocked on. */
	struct list_node node;
	enum task_wait_kind wait;
	int wait_id;
	void *wait_obj;
	/* Timers: position in the heap (0: not in it), deadline, tie-break. */
	uint32_t heap_slot;
	int64_t wake_at;
	uint64_t timer_seq;

	struct list_node waiters; /* tasks in WaitTask on this one */
	task_entry_fn entry;
	void *arg;
	unsigned flags;
	bool returned; /* its entry function returned */
	int exit_status;
	int fault;     /* TASK_FAULT_* when it faulted */

	unsigned notify_mask;
	unsigned pending; /* notifications not yet taken */
	int children_alive;
	/* What most tasks never need, allocated on first use. */
	struct task_extra *extra;

	/* Compact mode: the used part of the shared stack while switched
	 * out (compact.c); fresh until it first runs. */
	void *saved_stack;
	uint32_t saved_len, saved_cap;
	bool fresh;
	bool saved_inline; /* saved_stack is the room after name[] */
	bool pooled;       /* allocated for the task pool (task.c) */

	struct console_lines *console; /* partial output lines, when any */
	uint64_t traps;
	int64_t cpu_ns;
	unsigned visit;           /* deadlock search mark */
	struct task *visit_from;  /* deadlock search: where we came from */
	/* Last, sized to fit: a million idle tasks should cost little. */
	char name[];
};

/* The task whose trap is being handled (or that is running), else NULL
 * (sched.c). */
struct task *task_current(void);
struct task *task_lookup(int tid);
/* t's extra parts, allocated if need be (NULL only when out of memory). */
struct task_extra *task_extra(struct task *t);
int task_count(void);

/* Creates a task; parent NULL means the kernel.  Returns the tid or a
 * negative errno.  The task is on the ready queue. */
int task_create(struct task *parent, const char *name, task_entry_fn fn, void *arg,
		unsigned flags);

/* Puts t at the back of the ready queue with ret as its call's result. */
void task_complete(struct task *t, long ret);

/* Blocks t on `kind` (id for ps); queue is the wait queue to join, or NULL
 * (sleep, waitchild). */
void task_block(struct task *t, enum task_wait_kind kind, int id, void *obj,
		struct list_node *queue);

/* Takes a blocked t off whatever it waits on and completes it with ret. */
void task_wake(struct task *t, long ret);

/* Ends t with status: unlinks it from everything, wakes its waiters,
 * tells its parent, releases what it owns and frees its stack. */
void task_end(struct task *t, int status);

/* Delivers notification bits; a blocked task that asked for them wakes
 * with -EINTR. */
void task_notify(struct task *t, unsigned bits);

/* How many ended children a task remembers until it waits for them. */
#define TASK_EXIT_RECORDS 1024

/* Takes the exit record of child tid (0: the oldest) of t: true and its
 * tid and status, or false if there is none. */
bool task_take_exit(struct task *t, int tid, int *child_tid, int *status);

/* Calls fn for every task in tid order (for TaskList). */
void task_for_each(void (*fn)(struct task *t, void *ctx), void *ctx);

/* Adds fd to what t owns (-EEXIST if it does already). */
int task_own_fd(struct task *t, int fd);
void task_disown_fd(struct task *t, int fd);

/* The task table (the loop's boot and shutdown). */
void task_table_init(void);
void task_table_fini(void);

#endif
