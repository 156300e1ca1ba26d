/*
 * cmd_exit.c - `exit [STATUS]`: leave the shell.
 *
 * Without a status, a script's exit status says whether every command so
 * far succeeded.  The tasks still running are killed on the way out.
 */
#include "shell/shell.h"
#include "userland/ulib.h"

static int cmd_exit(struct shell *sh, int argc, char **argv)
{
	long status = sh->failed ? 1 : 0;

	if (argc == 2 && u_parse_int(argv[1], 0, 255, &status) < 0) {
		shell_error("exit", "%s: not a status (0 to 255)", argv[1]);
		return CMD_FAILED;
	}
	sh->exit_requested = true;
	sh->exit_status = (int)status;
	return CMD_OK;
}

const struct shell_command cmd_exit_entry = {
	.name = "exit",
	.usage = "exit [STATUS]",
	.help = "kill the tasks left and leave the shell with STATUS",
	.min_args = 0,
	.max_args = 1,
	.args = {ARG_STATUS},
	.exec = cmd_exit,
};
