/*
 * cmd_kill.c - `kill TID...`: end tasks.
 *
 * Dispatch hands the ids over one at a time (exec_tid), so one bad id
 * does not spare the others.  The shell's own id is refused here: the
 * kernel would end the caller, and `exit` is the way to leave.
 */
#include <errno.h>
#include <minios.h>
#include <string.h>

#include "shell/shell.h"

static int cmd_kill(struct shell *sh, int tid)
{
	if (tid == sh->self) {
		shell_error("kill", "%d: that is the shell (use 'exit')", tid);
		return CMD_FAILED;
	}
	/* A pipeline's id (its last task) kills the whole pipeline. */
	struct shell_job *job = jobs_find(sh, tid);
	if (job && job->pipeline == tid && !job->ended) {
		jobs_kill(sh, job);
		return CMD_OK;
	}
	int r = sys_killtask(tid);
	if (r == -ESRCH)
		shell_error("kill", "%d: no such task", tid);
	else if (r == -EPERM)
		shell_error("kill", "%d: not allowed to kill that task", tid);
	else if (r < 0)
		shell_error("kill", "%d: %s", tid, strerror(-r));
	return r == 0 ? CMD_OK : CMD_FAILED;
}

const struct shell_command cmd_kill_entry = {
	.name = "kill",
	.usage = "kill TID...",
	.help = "kill tasks; whatever waits for them sees them killed",
	.min_args = 1,
	.max_args = -1,
	.args = {ARG_TID},
	.exec_tid = cmd_kill,
};
