/*
 * cmd_stats.c - `stats`: what the kernel has done since it started.
 */
#include <inttypes.h>
#include <minios.h>

#include "shell/shell.h"
#include "userland/ulib.h"

/* Traps by call, busiest calls included, idle ones left out. */
static void print_traps(const struct kernel_stats *st)
{
	uprintf("traps      %" PRIu64 "\n", st->traps);
	for (int nr = 0; nr < SYS_NCALLS; nr++) {
		const char *name = syscall_name(nr);
		if (st->traps_by_call[nr] == 0 || !name)
			continue;
		uprintf("  %-12s %" PRIu64 "\n", name, st->traps_by_call[nr]);
	}
	if (st->bad_traps != 0)
		uprintf("  %-12s %" PRIu64 "\n", "(unknown)", st->bad_traps);
}

/* The timer interrupt: its quantum, the involuntary switches it made,
 * the ticks that found the task outside its own code (no safe point),
 * and the lines of the watchdog. */
static void print_preemption(const struct kernel_stats *st)
{
	char quantum[32];

	if (st->quantum_ns > 0)
		uprintf("quantum    %s\n",
			shell_format_seconds(st->quantum_ns, quantum, sizeof quantum));
	else
		uprintf("quantum    off (no preemption)\n");
	uprintf("preempted  %" PRIu64 " (involuntary switches)\n", st->involuntary);
	uprintf("missed     %" PRIu64 " ticks (no safe point)\n", st->preempt_missed);
	uprintf("watchdog   %" PRIu64 " lines\n", st->watchdog_lines);
}

static int cmd_stats(struct shell *sh, int argc, char **argv)
{
	struct kernel_stats st;
	char uptime[32];
	int r = sys_stats(&st);

	if (r < 0) {
		shell_error("stats", "cannot read the kernel's counters");
		return CMD_FAILED;
	}
	uprintf("uptime     %s (%s clock)\n",
		shell_format_seconds(st.uptime_ns, uptime, sizeof uptime),
		st.clock_virtual ? "virtual" : "real");
	uprintf("tasks      %d alive, %" PRIu64 " created\n", st.tasks_alive, st.tasks_created);
	uprintf("switches   %" PRIu64 "\n", st.switches);
	print_preemption(&st);
	uprintf("polls      %" PRIu64 "\n", st.polls);
	uprintf("stacks     %zu bytes each\n", st.stack_size);
	print_traps(&st);
	return CMD_OK;
}

const struct shell_command cmd_stats_entry = {
	.name = "stats",
	.usage = "stats",
	.help = "show uptime, task counts, context switches, preemptions and traps by call",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_stats,
};
