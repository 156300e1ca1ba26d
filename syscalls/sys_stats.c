/*
 * sys_stats.c - Stats: kernel counters for the shell's stats command.
 */
#include "config.h"
#include "syscalls/syscalls.h"
#include <string.h>

long sys_stats_handler(struct task *t, const long *arg)
{
	(void)t;
	struct kernel_stats *out = (struct kernel_stats *)arg[0];
	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof *out);
	out->uptime_ns = clock_now();
	out->clock_virtual = clock_is_virtual();
	out->tasks_alive = task_count();
	out->tasks_created = kernel_counters.tasks_created;
	/* This call itself is counted: the loop counted it before the handler. */
	out->traps = kernel_counters.traps;
	memcpy(out->traps_by_call, kernel_counters.traps_by_call, sizeof out->traps_by_call);
	out->bad_traps = kernel_counters.bad_traps;
	out->switches = kernel_counters.switches;
	out->involuntary = kernel_counters.preemptions;
	out->preempt_missed = kernel_counters.preempt_missed;
	out->watchdog_lines = kernel_counters.watchdog_lines;
	out->quantum_ns = preempt_quantum();
	out->polls = kernel_counters.polls;
	out->stack_size = stack_size();
	return 0;
}
