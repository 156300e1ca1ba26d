/*
 * cmd_run.c - `run PROGRAM [ARGS...]`: start a program and wait for it.
 *
 * Ctrl-C kills it; on a terminal, the lines typed meanwhile are its
 * standard input and Ctrl-D ends that.  `run A | B` waits for every
 * task of the pipeline, and its status is the last one's.  Its end is
 * not reported like a background job's: the
 * command succeeds if the task exits with status 0, and otherwise says
 * how it ended.
 */
#include <errno.h>
#include <minios.h>
#include <string.h>
#include <unistd.h>

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

/* On a terminal the foreground task's standard input is a pipe that the
 * shell fills with the lines typed while it runs (the terminal is in its
 * ordinary line mode then, so it echoes them, and Ctrl-D on an empty line
 * reads as 0: the shell closes the pipe, which is the task's end of
 * file).  Returns 0 when the job has ended, -EINTR for Ctrl-C, or another
 * negative errno; *input is closed (-1) once the typing is over. */
static int wait_feeding(struct shell *sh, int tid, int *input)
{
	char buf[SHELL_LINE_MAX];

	for (;;) {
		struct shell_job *job = jobs_find(sh, tid);
		if (!job || jobs_all_ended(sh, job))
			return 0;
		if (*input < 0)
			return jobs_wait(sh, job);
		int r = sys_readwait(STDIN_FILENO);
		if (r == -EINTR) {
			if (shell_take_notifications(sh))
				return -EINTR;
			continue;
		}
		ssize_t n = r < 0 ? 0 : read(STDIN_FILENO, buf, sizeof buf);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		/* A reader that went away (-EPIPE) takes no more input. */
		if (n <= 0 || u_write_all(*input, buf, (size_t)n) < 0) {
			sys_close(*input);
			*input = -1;
		}
	}
}

static int cmd_run(struct shell *sh, int argc, char **argv)
{
	int input[2] = {-1, -1};
	int stdin_fd = TASK_STREAM_INHERIT;

	/* Only a terminal gives typed input; elsewhere the console's input
	 * is at its end (a script's next lines are the shell's). */
	if (sh->mode == SHELL_INTERACTIVE && sys_pipe(input) == 0)
		stdin_fd = input[0];
	struct shell_words plain = {.argc = argc, .argv = argv};
	const struct shell_words *command =
		sh->command && sh->command->argv == argv ? sh->command : &plain;
	struct shell_job *job = pipeline_start(sh, "run", command, true, stdin_fd);
	if (input[0] >= 0)
		sys_close(input[0]); /* the task has its own copy */
	if (!job) {
		if (input[1] >= 0)
			sys_close(input[1]);
		return CMD_FAILED;
	}
	int tid = job->tid;
	int r;
	while ((r = wait_feeding(sh, tid, &input[1])) == -EINTR) {
		/* Ctrl-C: the foreground job goes - its tasks and the tasks
		 * they started (their groups); we wait for its end.  The
		 * terminal echoed ^C without a newline: end that line. */
		job = jobs_find(sh, tid);
		if (job)
			jobs_kill(sh, job);
		if (sh->mode == SHELL_INTERACTIVE)
			uprintf("\n");
		job = jobs_find(sh, tid);
	}
	if (input[1] >= 0)
		sys_close(input[1]);
	job = jobs_find(sh, tid);
	if (r < 0 || !job || !job->ended) {
		shell_error("run", "cannot wait for task %d: %s", tid,
			    strerror(r < 0 ? -r : ECHILD));
		return CMD_FAILED;
	}
	r = result_of(job);
	jobs_remove_all(sh, job);
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
	.pipelines = true,
};
