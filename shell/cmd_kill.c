/*
 * cmd_kill.c - `kill TID...`: end tasks; a job's leader, the whole job.
 *
 * A task the shell starts leads a task group, which the tasks it starts
 * join: that group is the job.  So `kill TID` of a job ends the whole
 * group (KillTask -TID), and of any other task, that task alone.  `kill -G`
 * ends group G explicitly, as kill(1) does (a group that a program started
 * with TASK_NEW_GROUP, say).  kill(1)'s `-1`, every task, is refused.
 *
 * The ids are taken one at a time, so one bad id does not spare the
 * others.  The shell's own id is refused here: the kernel would end the
 * caller, and `exit` is the way to leave.
 */
#include <errno.h>
#include <minios.h>
#include <string.h>

#include "shell/shell.h"

static int report(const char *text, int r, const char *what)
{
	if (r == -ESRCH)
		shell_error("kill", "%s: no such %s", text, what);
	else if (r == -EPERM)
		shell_error("kill", "%s: not allowed to kill that %s", text, what);
	else if (r < 0)
		shell_error("kill", "%s: %s", text, strerror(-r));
	return r == 0 ? CMD_OK : CMD_FAILED;
}

/* `kill -G`: the whole group G. */
static int kill_group(struct shell *sh, const char *text)
{
	int pgid = shell_tid(text + 1);

	if (pgid == 1) {
		shell_error("kill", "%s: cannot kill every task (kill TID or -GROUP)", text);
		return CMD_FAILED;
	}
	if (pgid < 0) {
		shell_error("kill", "%s: not a task id", text);
		return CMD_FAILED;
	}
	return report(text, sys_killtask(-pgid), "task group");
}

/* `kill TID`: the whole job if TID is one (a job's task leads its group),
 * else the task alone - or, when there is none, what is left of a group it
 * led.  The job table says which without a trap: a kill sent at once
 * after spawn finds the job before it ever ran. */
static int kill_task(struct shell *sh, const char *text)
{
	int tid = shell_tid(text);

	if (tid < 0) {
		shell_error("kill", "%s: not a task id", text);
		return CMD_FAILED;
	}
	if (tid == sh->self) {
		shell_error("kill", "%d: that is the shell (use 'exit')", tid);
		return CMD_FAILED;
	}
	int r = sys_killtask(jobs_find(sh, tid) ? -tid : tid);
	if (r == -ESRCH && !jobs_find(sh, tid))
		r = sys_killtask(-tid);
	return report(text, r, "task");
}

static int cmd_kill(struct shell *sh, int argc, char **argv)
{
	int result = CMD_OK;

	for (int i = 1; i < argc && !sh->interrupted; i++) {
		int r = argv[i][0] == '-' ? kill_group(sh, argv[i]) : kill_task(sh, argv[i]);
		if (r != CMD_OK)
			result = CMD_FAILED;
	}
	return result;
}

const struct shell_command cmd_kill_entry = {
	.name = "kill",
	.usage = "kill TID|-GROUP...",
	.help = "kill tasks (a job's first task: the whole job) or task groups",
	.min_args = 1,
	.max_args = -1,
	.args = {ARG_JOB},
	.exec = cmd_kill,
};
