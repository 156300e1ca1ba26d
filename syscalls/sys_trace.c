/*
 * sys_trace.c - Trace: turn the system-call trace on and off, and read
 * its summary (the shell's `trace` command).
 */
#include "config.h"
#include "syscalls/syscalls.h"

long sys_trace_handler(struct task *t, const long *arg)
{
	(void)t;
	if (arg[0] == TRACE_TID && !tid_arg_ok(arg[1]))
		return -ESRCH;
	return trace_control((int)arg[0], (int)arg[1], (struct trace_summary_row *)arg[2]);
}
