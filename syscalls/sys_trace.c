/*
 * sys_trace.c - Trace: turn the system-call trace on and off, and read
 * its summary (the shell's `trace` command); Timeline: record a picture
 * of the run (`timeline start FILE`, `timeline stop`).
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

long sys_timeline_handler(struct task *t, const long *arg)
{
	(void)t;
	char why[256];
	return trace_timeline((const char *)arg[0], why, sizeof why);
}
