/*
 * trap.h - the trap: what a stub and the kernel pass each other, and the
 * table of handlers the loop dispatches through.
 */
#ifndef MINIOS_TRAP_H
#define MINIOS_TRAP_H

#include <stddef.h>
#include <stdint.h>

struct task;

/* ---- the trap frame ----
 * What a stub leaves for the kernel (call number, arguments) and what the
 * kernel leaves for the stub (return value, and out[] for calls that report
 * more, such as WaitTask's status).  Results of blocking calls land here
 * while the task is switched out; the stub copies them to user pointers
 * after it resumes, so the kernel never writes into a task's stack. */
struct trap_frame {
	int nr;
	/* Not the trap's: the four bytes that would be padding after nr,
	 * named so that they are not (struct task keeps its magic there,
	 * task.h).  Nothing of the trap reads or writes them. */
	uint32_t spare;
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
/* The call numbers a task's trap has when it returned from its entry
 * function or faulted (sched.c): out of the table's range, so the loop
 * tests one number on its hot path; the task's flags (returned, fault)
 * say which, so that a task cannot fake either. */
#define TRAP_RETURNED (INT32_MIN + 1)
#define TRAP_FAULTED (INT32_MIN + 2)
typedef long (*syscall_handler)(struct task *t, const long *arg);

/* One row per call: its handler and its name (for stats and traces). */
struct syscall_entry {
	syscall_handler handler;
	const char *name;
};

/* The table lives in syscalls/table.c; the kernel only indexes it. */
extern const struct syscall_entry syscall_table[];
extern const int syscall_table_size;

/* Writes call nr with its arguments decoded ("Sleep(250ms)") into buf,
 * for the trace (syscalls/decode.c, beside the table).  Returns buf. */
const char *syscall_describe(int nr, const long *arg, char *buf, size_t size);
/* The name of a negative errno result ("ESRCH"), or NULL. */
const char *syscall_errno_name(long err);

/* Used by the trap stubs (syscalls/stubs.c): switches from the running
 * task to the kernel; returns when the task is resumed.  Only valid inside
 * a task.  (sched.c) */
void task_trap(void);

#endif
