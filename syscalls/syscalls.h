/*
 * syscalls.h - the handlers of the system calls, one per call.
 *
 * A handler gets the trapping task and its arguments (from the trap frame)
 * and returns the call's result, or TRAP_HANDLED when it has blocked or
 * ended the task itself.
 *
 * Adding a call touches these files, and nothing else:
 *   include/minios.h     its number (before SYS_NCALLS) and its stub's
 *                        prototype, with the contract
 *   syscalls/sys_NAME.c  the handler (a new file)
 *   syscalls/syscalls.h  the handler's prototype (below)
 *   syscalls/table.c     its row: handler and name
 *   syscalls/decode.c    its row: what its arguments are (for the trace)
 *   syscalls/stubs.c     the stub that traps
 *   syscalls/local.mk    the new file, in the build
 *   tests/check_*.c      a test
 *   docs/minios.1        its entry in the man page
 * The compiler catches a missing row (table.c asserts one per number).
 */
#ifndef MINIOS_SYSCALLS_H
#define MINIOS_SYSCALLS_H

#include "kernel/kernel.h"
#include <errno.h>

long sys_gettid_handler(struct task *t, const long *arg);
long sys_newtask_handler(struct task *t, const long *arg);
long sys_killtask_handler(struct task *t, const long *arg);
long sys_waittask_handler(struct task *t, const long *arg);
long sys_readwait_handler(struct task *t, const long *arg);
long sys_writewait_handler(struct task *t, const long *arg);
long sys_sleep_handler(struct task *t, const long *arg);
long sys_yield_handler(struct task *t, const long *arg);
long sys_exit_handler(struct task *t, const long *arg);
long sys_sem_create_handler(struct task *t, const long *arg);
long sys_sem_wait_handler(struct task *t, const long *arg);
long sys_sem_post_handler(struct task *t, const long *arg);
long sys_sem_destroy_handler(struct task *t, const long *arg);
long sys_fd_own_handler(struct task *t, const long *arg);
long sys_close_handler(struct task *t, const long *arg);
long sys_fd_give_handler(struct task *t, const long *arg);
long sys_notify_handler(struct task *t, const long *arg);
long sys_pending_handler(struct task *t, const long *arg);
long sys_waitchild_handler(struct task *t, const long *arg);
long sys_tasklist_handler(struct task *t, const long *arg);
long sys_tasklist_from_handler(struct task *t, const long *arg);
long sys_setpriority_handler(struct task *t, const long *arg);
long sys_getpriority_handler(struct task *t, const long *arg);
long sys_settickets_handler(struct task *t, const long *arg);
long sys_schedinfo_handler(struct task *t, const long *arg);
long sys_stats_handler(struct task *t, const long *arg);
long sys_trace_handler(struct task *t, const long *arg);
long sys_timeline_handler(struct task *t, const long *arg);
long sys_pipe_handler(struct task *t, const long *arg);
long sys_dup2_handler(struct task *t, const long *arg);
long sys_pipe_read_handler(struct task *t, const long *arg);
long sys_pipe_write_handler(struct task *t, const long *arg);

/* A task id passed in the trap frame: a long, which may be out of int's
 * range (ids are 1 to INT32_MAX). */
static inline bool tid_arg_ok(long tid)
{
	return tid > 0 && tid <= INT32_MAX;
}

/* The task a tid argument names, or NULL. */
static inline struct task *task_arg(long tid)
{
	return tid_arg_ok(tid) ? task_lookup((int)tid) : NULL;
}

/* Defined in hostcalls.c (a task's exit, abort and sleep): table.c refers
 * to it so that every program that runs the kernel links the mapping. */
extern const int hostcalls_linked;

/* A blocking call made with a notification pending returns -EINTR at once,
 * as a pending signal interrupts a blocking system call: an interrupt not
 * yet taken, or (for a task that asked for NOTIFY_CHILD) an ended child not
 * yet reaped - so a child that ends just before its parent blocks is not
 * noticed late. */
static inline int interrupted(const struct task *t)
{
	bool child_ended = (t->notify_mask & NOTIFY_CHILD) && t->extra && t->extra->exits_count;
	return t->pending || child_ended ? -EINTR : 0;
}

#endif
