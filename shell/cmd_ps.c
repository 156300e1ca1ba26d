/*
 * cmd_ps.c - `ps`: list the live tasks.
 *
 *   TID  PPID  PGID STATE                       TRAPS  INVOL        CPU PRI NICE SCHED COMMAND
 *     1     0     1 running                        12      0  0.000012s  20    0 -     shell
 *     2     1     2 sleeping until 1.000s           3      0  0.000003s  15   -5 -     alive
 *
 * PGID is the task group (a job of the shell); INVOL counts the times the
 * timer interrupt preempted the task (involuntary switches).  PRI is
 * 20 + NICE, lower first (as ps -l shows it); SCHED is the policy's word
 * on the task: its level under mlfq (L0, L1, ...), its tickets under
 * lottery (T100), else "-".  The command line comes last, as in ps(1), so
 * that a long one does not push the other columns out of line.  CPU time
 * is measured under the real clock; under the virtual clock it is virtual
 * CPU time: 1us a trap and a quantum for each preemption.
 */
#include <inttypes.h>
#include <minios.h>
#include <stdio.h>
#include <string.h>

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

	/* To the microsecond: under the virtual clock a trap is 1us. */
	snprintf(cpu, sizeof cpu, "%" PRId64 ".%06" PRId64 "s", t->cpu_ns / 1000000000,
		 t->cpu_ns / 1000 % 1000000);
	uprintf("%5d %5d %5d %-24s %8" PRIu64 " %6" PRIu64 " %10s %3d %4d %-5s %s\n", t->tid,
		t->ppid, t->pgid, state_text(t, state, sizeof state), t->traps, t->involuntary, cpu,
		t->nice + 20, t->nice, t->sched, t->name);
}

static void print_header(void)
{
	uprintf("%5s %5s %5s %-24s %8s %6s %10s %3s %4s %-5s %s\n", "TID", "PPID", "PGID", "STATE",
		"TRAPS", "INVOL", "CPU", "PRI", "NICE", "SCHED", "COMMAND");
}

/* The header goes out with the first task, after the listing's trap (in
 * which other tasks run and print), so that the table is all of a piece. */
static bool print_one(const struct task_info *t, void *ctx)
{
	bool *header_printed = ctx;

	if (!*header_printed)
		print_header();
	*header_printed = true;
	print_task(t);
	return true;
}

static int cmd_ps(struct shell *sh, int argc, char **argv)
{
	bool header_printed = false;
	int count;
	struct task_info *tasks = shell_task_snapshot(&count);

	/* Every task at one instant, in one trap: the table is all of a
	 * piece, with no other task's output between its rows. */
	if (tasks) {
		for (int i = 0; i < count; i++)
			print_one(&tasks[i], &header_printed);
		u_free(tasks);
		if (!header_printed)
			print_header();
		return CMD_OK;
	}
	/* No memory for them all (the task limit): a chunk at a time, with
	 * no memory of its own - other tasks run between the chunks. */
	int r = shell_for_each_task(print_one, &header_printed);
	if (r < 0) {
		shell_error("ps", "cannot list the tasks: %s", strerror(-r));
		return CMD_FAILED;
	}
	if (!header_printed)
		print_header();
	return CMD_OK;
}

const struct shell_command cmd_ps_entry = {
	.name = "ps",
	.usage = "ps",
	.help = "list the tasks: ids, group, state, traps, preemptions, CPU, priority, command",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_ps,
};
