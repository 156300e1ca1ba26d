/*
 * cmd_ps.c - `ps`: list the live tasks.
 *
 *   TID  PPID STATE                      TRAPS      CPU PRI NICE SCHED COMMAND
 *     1     0 running                       12    0.000  20    0 -     shell
 *     2     1 sleeping until 1.000s          3    0.000  15   -5 -     alive
 *
 * PRI is 20 + NICE, lower first (as ps -l shows it); SCHED is the
 * policy's word on the task: its level under mlfq (L0, L1, ...), its
 * tickets under lottery (T100), else "-".
 * The command line comes last, as in ps(1), so that a long one does not
 * push the other columns out of line.  CPU time is measured only under
 * the real clock; under the virtual clock it is always 0.
 */
#include <inttypes.h>
#include <minios.h>
#include <stdlib.h>

#include "shell/shell.h"
#include "userland/ulib.h"

/* What a task is doing, in words: "ready", "fd 0 read", "sem 2 (fork 2)". */
static const char *state_text(const struct task_info *t, char *buf, size_t size)
{
	if (t->state == TASK_READY)
		return "ready";
	if (t->state == TASK_RUNNING)
		return "running";
	return task_wait_text(t->wait, t->wait_id, t->wait_name, t->wake_at, buf, size);
}

static void print_task(const struct task_info *t)
{
	char state[MINIOS_NAME_MAX + 32];
	char cpu[32];

	uprintf("%5d %5d %-24s %8" PRIu64 " %8s %3d %4d %-5s %s\n", t->tid, t->ppid,
		state_text(t, state, sizeof state), t->traps,
		shell_format_seconds(t->cpu_ns, cpu, sizeof cpu), t->nice + 20, t->nice, t->sched,
		t->name);
}

static int cmd_ps(struct shell *sh, int argc, char **argv)
{
	int count;
	struct task_info *tasks = shell_task_snapshot(&count);

	if (!tasks) {
		shell_error("ps", "cannot list the tasks");
		return CMD_FAILED;
	}
	uprintf("%5s %5s %-24s %8s %8s %3s %4s %-5s %s\n", "TID", "PPID", "STATE", "TRAPS", "CPU",
		"PRI", "NICE", "SCHED", "COMMAND");
	for (int i = 0; i < count; i++)
		print_task(&tasks[i]);
	free(tasks);
	return CMD_OK;
}

const struct shell_command cmd_ps_entry = {
	.name = "ps",
	.usage = "ps",
	.help = "list the tasks: id, parent, state, traps, CPU time, priority, command",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_ps,
};
