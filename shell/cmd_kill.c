/*
 * cmd_kill.c - `kill TID|-GROUP...`: end tasks; a job, the whole job.
 *
 * A task the shell starts leads a task group, which the tasks it starts
 * join: that group is the job.  So `kill TID` of a job ends the whole
 * group (KillTask -TID), and of any other task, that task alone.  `kill -G`
 * ends group G explicitly, as kill(1) does (a group that a program started
 * with TASK_NEW_GROUP, say).  kill(1)'s `-1`, every task, is refused.
 *
 * Dispatch hands the ids over one at a time (exec_tid; a group as -G), so
 * one bad id does not spare the others.  The shell's own id is refused
 * here: the kernel would end the caller, and `exit` is the way to leave.
 */
#include <errno.h>
#include <minios.h>
#include <string.h>

#include "shell/shell.h"

static int report(int id, int r, const char *what)
{
	if (r == -ESRCH)
		shell_error("kill", "%d: no such %s", id, what);
	else if (r == -EPERM)
		shell_error("kill", "%d: not allowed to kill that %s", id, what);
	else if (r < 0)
		shell_error("kill", "%d: %s", id, strerror(-r));
	return r == 0 ? CMD_OK : CMD_FAILED;
}

/* `kill -G`: the whole group G. */
static int kill_group(int id)
{
	if (id == -1) {
		shell_error("kill", "-1: cannot kill every task (kill TID or -GROUP)");
		return CMD_FAILED;
	}
	return report(id, sys_killtask(id), "task group");
}

/* `kill TID`: the whole job if TID is one (a job's task leads its group),
 * else the task alone - or, when there is none, what is left of a group it
 * led.  The job table says which without a trap: a kill sent at once
 * after spawn finds the job before it ever ran. */
static int kill_task(struct shell *sh, int tid)
{
	if (tid == sh->self) {
		shell_error("kill", "%d: that is the shell (use 'exit')", tid);
		return CMD_FAILED;
	}
	/* A pipeline's id (its last task) kills the whole pipeline: every
	 * task of it, each with its group. */
	struct shell_job *pipeline = jobs_find(sh, tid);
	if (pipeline && pipeline->pipeline == tid && !pipeline->ended) {
		jobs_kill(sh, pipeline);
		return CMD_OK;
	}
	bool job = jobs_find(sh, tid) != NULL;
	int r = sys_killtask(job ? -tid : tid);
	if (r == -ESRCH && !job)
		r = sys_killtask(-tid);
	return report(tid, r, "task");
}

static int cmd_kill(struct shell *sh, int id)
{
	return id < 0 ? kill_group(id) : kill_task(sh, id);
}

const struct shell_command cmd_kill_entry = {
	.name = "kill",
	.usage = "kill TID|-GROUP...",
	.help = "kill tasks (a job's first task: the whole job) or task groups",
	.min_args = 1,
	.max_args = -1,
	.args = {ARG_JOB},
	.exec_tid = cmd_kill,
};
