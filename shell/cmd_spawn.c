/*
 * cmd_spawn.c - `spawn PROGRAM [ARGS...]`: start a program in the
 * background.
 *
 * The shell goes on at once; when the task ends, the shell says so once
 * ("[3] done (status 0)  countdown 3").  A pipeline (`spawn A | B`) is
 * one job, named by its last task.
 */
#include <minios.h>

#include "shell/shell.h"
#include "userland/ulib.h"

static int cmd_spawn(struct shell *sh, int argc, char **argv)
{
	struct shell_words plain = {.argc = argc, .argv = argv};
	const struct shell_words *command =
		sh->command && sh->command->argv == argv ? sh->command : &plain;
	struct shell_job *job = pipeline_start(sh, "spawn", command, false, TASK_STREAM_INHERIT);

	if (!job) {
		jobs_open_gate();
		return CMD_FAILED;
	}
	uprintf("[%d] %s\n", job->tid, job->name);
	jobs_open_gate(); /* a pipeline's tasks go now */
	return CMD_OK;
}

const struct shell_command cmd_spawn_entry = {
	.name = "spawn",
	.usage = "spawn PROGRAM [ARGS...]",
	.help = "start a program in the background and print its task id",
	.min_args = 1,
	.max_args = -1,
	.args = {ARG_PROGRAM, ARG_WORD},
	.exec = cmd_spawn,
	.pipelines = true,
};
