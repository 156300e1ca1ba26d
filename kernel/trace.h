/*
 * trace.h - the system-call trace: one line per trap of a traced task,
 * as strace prints them, and a summary per call (trace.c).
 *
 * The trap loop calls handlers through trap_table: syscall_table when
 * tracing is off, so the hot path pays no test at all (one load of the
 * pointer); while tracing, a table whose every row is the trace's, which
 * runs the real handler and writes the line when the call completes: at
 * once, or - for a call that blocked - when its waker completes the task
 * (task_complete calls trace_task_resumed), with the time it blocked.
 */
#ifndef MINIOS_TRACE_H
#define MINIOS_TRACE_H

#include "include/minios.h"
#include "kernel/trap.h"
#include <stdbool.h>
#include <stddef.h>

struct task;

/* True while tracing is on (written only here). */
extern bool trace_on;
/* The rows the loop dispatches through: syscall_table, or the trace's. */
extern const struct syscall_entry *trap_table;
/* t, blocked in a call, completes with ret (task.c, under trace_on). */
void trace_task_resumed(struct task *t, long ret);
/* t ends in the middle of a call (exit, kill), with status. */
void trace_task_ended(struct task *t, int status);

/* Starts tracing with a filter ("", "Sleep,WaitTask", "tid:3",
 * "errors", or a mix separated by commas) and, if file is not NULL, into
 * file instead of the console's error stream.  Returns 0, -EINVAL (a bad
 * filter: why says which word) or a negative errno from opening file. */
int trace_start(const char *filter, const char *file, char *why, size_t why_size);
/* The Trace call: TRACE_OFF, TRACE_ALL, TRACE_TID (tid), TRACE_SUMMARY
 * (rows: SYS_NCALLS of them). */
int trace_control(int op, int tid, struct trace_summary_row *rows);
/* The loop's events, for the timeline: t preempted (before the loop
 * charges its quantum), and a deadlock of the whole system. */
void trace_preempted(struct task *t);
void trace_deadlock(void);
/* Starts a timeline into file (.json or .svg), or with NULL stops it
 * (-ENOENT if none is being recorded).  Returns 0 or a negative errno,
 * with the reason in why. */
int trace_timeline(const char *file, char *why, size_t why_size);
/* Ends tracing and the timeline, and completes their files
 * (kernel_shutdown). */
void trace_fini(void);

#endif
