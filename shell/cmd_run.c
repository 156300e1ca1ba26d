/*
 * cmd_run.c - `run PROGRAM [ARGS...]`: start a program and wait for it.
 *
 * Ctrl-C kills it.  Its end is not reported like a background job's: the
 * command succeeds if the task exits with status 0, and otherwise says
 * how it ended.
 */
#include <errno.h>
#include <minios.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

static int result_of(struct shell_job *job)
{
	char text[64];

	if (job->status == 0)
		return CMD_OK;
	shell_error("run", "%s: %s", job->name, task_status_text(job->status, text, sizeof text));
	return CMD_FAILED;
}

static int cmd_run(struct shell *sh, int argc, char **argv)
{
	struct shell_job *job = jobs_start(sh, "run", argc - 1, argv + 1, true);

	if (!job)
		return CMD_FAILED;
	int tid = job->tid;
	int r;
	while ((r = jobs_wait(sh, job)) == -EINTR) {
		/* Ctrl-C: the foreground job goes - its task and the tasks
		 * it started (its group); we wait for its end.  The
		 * terminal echoed ^C without a newline: end that line. */
		sys_killtask(-tid);
		if (sh->mode == SHELL_INTERACTIVE)
			uprintf("\n");
		job = jobs_find(sh, tid);
	}
	job = jobs_find(sh, tid);
	if (r < 0 || !job || !job->ended) {
		shell_error("run", "cannot wait for task %d: %s", tid,
			    strerror(r < 0 ? -r : ECHILD));
		return CMD_FAILED;
	}
	r = result_of(job);
	jobs_remove(sh, job);
	return r;
}

const struct shell_command cmd_run_entry = {
	.name = "run",
	.usage = "run PROGRAM [ARGS...]",
	.help = "run a program in the foreground and wait for it (Ctrl-C kills it)",
	.min_args = 1,
	.max_args = -1,
	.args = {ARG_PROGRAM, ARG_WORD},
	.exec = cmd_run,
};
