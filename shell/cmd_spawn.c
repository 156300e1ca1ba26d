/*
 * cmd_spawn.c - `spawn PROGRAM [ARGS...]`: start a program in the
 * background.
 *
 * The shell goes on at once; when the task ends, the shell says so once
 * ("[3] done (status 0)  countdown 3").
 */
#include "shell/shell.h"
#include "userland/ulib.h"

static int cmd_spawn(struct shell *sh, int argc, char **argv)
{
	struct shell_job *job = jobs_start(sh, "spawn", argc - 1, argv + 1, false, NULL);

	if (!job)
		return CMD_FAILED;
	uprintf("[%d] %s\n", job->tid, job->name);
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
};
