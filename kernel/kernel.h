/*
 * kernel.h - the kernel's mechanisms, as the system-call handlers see them.
 *
 * syscalls/ includes this; userland and the shell never do.  The kernel
 * provides tasks, their life cycle, the ready queue, waiting (on tasks, fds,
 * timers, semaphores), the clock and the console.  What a call *means* is
 * decided in syscalls/.
 */
#ifndef MINIOS_KERNEL_H
#define MINIOS_KERNEL_H

#include "include/minios.h"
#include "include/minios_boot.h"
#include "kernel/context.h"
#include "kernel/list.h"
#include "kernel/stack.h"
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct task;

/* ---- the trap frame ----
 * What a stub leaves for the kernel (call number, arguments) and what the
 * kernel leaves for the stub (return value, and out[] for calls that report
 * more, such as WaitTask's status).  Results of blocking calls land here
 * while the task is switched out; the stub copies them to user pointers
 * after it resumes, so the kernel never writes into a task's stack. */
struct trap_frame {
	int nr;
	long ret;
	union {
		long arg[4]; /* read by the handler */
		long out[2]; /* written after the arguments are dead */
	};
};

/* A handler's return value: a result for the caller (the loop stores it in
 * the frame and queues the task), or TRAP_HANDLED when the handler has
 * already blocked the task or ended it. */
#define TRAP_HANDLED ((long)INT64_MIN)
/* The call number of the trap a preempted task makes (preempt.c): not a
 * system call, it counts as none, and the task goes to the back of the
 * ready queue as if it had yielded.  sys_trap turns it into an unknown
 * call: a task cannot fake being preempted. */
#define TRAP_PREEMPTED INT32_MIN
typedef long (*syscall_handler)(struct task *t, const long *arg);

/* The table lives in syscalls/table.c; the kernel only indexes it. */
extern const syscall_handler syscall_table[];
extern const int syscall_table_size;

/* ---- tasks ---- */
/* Compact mode: room for a switched-out task's stack allocated with the
 * task itself - a task blocked in a system call saves about 136 bytes, so
 * most never need a buffer of their own. */
#define TASK_INLINE_SAVED_STACK 144
#define TASK_MAGIC 0x6d696e69u /* "mini": a task struct that lost it was overwritten */

struct console_line {
	char *buf;
	size_t len, cap;
};
struct console_lines {
	struct console_line out, err;
};

struct child_exit {
	int tid, status;
};

struct sem;
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
	/* preempt.c: inside a region the timer must not preempt (nesting
	 * depth), and whether a tick was held back by one. */
	uint8_t no_preempt;
	bool preempt_held;
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
	uint32_t preemptions;     /* involuntary switches (fills a hole) */
	struct task *visit_from;  /* deadlock search: where we came from */
	/* Last, sized to fit: a million idle tasks should cost little. */
	char name[];
};

/* The task whose trap is being handled (or that is running), else NULL. */
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

/* ---- memory a task owns (memory.c) ----
 * task_alloc: a block owned by t (or by nobody, if t is NULL), freed by
 * task_free or when t ends (task_free_all). */
void *task_alloc(struct task *t, size_t size);
void task_free(void *p);
void task_free_all(struct task *t);

/* ---- the clock ---- */
int64_t clock_now(void);
bool clock_is_virtual(void);

/* ---- timers (a heap of sleeping tasks) ---- */
void timer_add(struct task *t, int64_t deadline);
void timer_remove(struct task *t);

/* ---- I/O waiting ----
 * io_wait: 1 if fd is ready now (nothing to wait for), 0 if t is now
 * blocked on it, or a negative errno.  after_eagain: the caller was just
 * told EAGAIN, so do not look at the fd's readiness first. */
int io_wait(struct task *t, int fd, bool for_write, bool after_eagain);
/* Closes fd: its waiters wake with -EBADF; the poller forgets it. */
int io_close(int fd);
/* Keeps the count of tasks blocked on fds (t just blocked: +1, or is
 * being unblocked: -1; other kinds of wait are ignored). */
void io_count_waiter(const struct task *t, int delta);
/* The task now owns fd: make sure the poller watches this file (the fd
 * number may have been closed and reused behind the kernel's back). */
int io_refresh(int fd);
/* The kernel's own fds (its poller, its interrupt pipe): no task may
 * close, own or wait on them. */
bool io_is_kernel_fd(int fd);
/* Who owns fd (tid), or 0. */
int io_owner(int fd);
void io_set_owner(int fd, int tid);

/* ---- semaphores ---- */
struct sem *sem_lookup(int id);
int sem_create(struct task *owner, const char *name, int count);
/* 1: took a unit; 0: t is blocked, or was completed with -EDEADLK. */
int sem_wait(struct task *t, struct sem *s);
void sem_post(struct task *t, struct sem *s);
void sem_destroy(struct sem *s);
int sem_owner(const struct sem *s);
const char *sem_name(const struct sem *s);
int sem_id(const struct sem *s);
/* False for a semaphore used as a signal (posted by a non-holder). */
bool sem_is_lock(const struct sem *s);
/* Stores up to max holders in out; returns how many there are. */
size_t sem_holders(const struct sem *s, struct task **out, size_t max);
/* Gives back what t holds and destroys what t created. */
void sem_release_task(struct task *t);

/* ---- deadlock ----
 * Right after t blocked: if its wait closes a cycle of waiting tasks,
 * print who holds and who waits for what and return true (the caller then
 * fails t's call with -EDEADLK). */
bool deadlock_check(struct task *t);
/* The text naming every blocked task and what it waits on (malloc'ed). */
char *deadlock_blocked_report(void);
/* "fork 2" / "task 3" ... what t waits on, for reports and ps. */
void task_describe_wait(const struct task *t, char *buf, size_t size);

/* ---- console ---- */
void console_task_write(struct task *t, int err, const void *buf, size_t len);
void console_task_flush(struct task *t);
void console_task_free(struct task *t);
void kernel_printf(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- statistics and settings ---- */
struct kernel_counters {
	uint64_t tasks_created;
	uint64_t traps;
	uint64_t traps_by_call[SYS_NCALLS];
	uint64_t bad_traps;
	uint64_t switches;
	uint64_t polls;
	uint64_t preemptions;    /* involuntary switches: a quantum used up */
	uint64_t preempt_missed; /* ticks that found no safe point */
	uint64_t watchdog_lines;
	int interruptible; /* tasks that take NOTIFY_INTERRUPT */
};
extern struct kernel_counters kernel_counters;
extern struct kernel_config kernel_config_in_use;
uint32_t kernel_random(void);
/* The timer interrupt's quantum in ns (0: preemption is off). */
int64_t preempt_quantum(void);

/* ---- used by the trap stubs (syscalls/stubs.c) ---- */
/* Switches from the running task to the kernel; returns when the task is
 * resumed.  Only valid inside a task. */
void task_trap(void);

#endif
