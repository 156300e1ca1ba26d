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
	uprintf("polls      %" PRIu64 "\n", st.polls);
	uprintf("stacks     %zu bytes each\n", st.stack_size);
	print_traps(&st);
	return CMD_OK;
}

const struct shell_command cmd_stats_entry = {
	.name = "stats",
	.usage = "stats",
	.help = "show uptime, task counts, context switches and traps by call",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_stats,
};
