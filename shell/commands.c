/*
 * commands.c - the table of shell commands.
 *
 * One table drives help, completion and dispatch, so a command exists as
 * soon as its entry is here.  Adding a command is one file (cmd_NAME.c
 * with its struct shell_command) and one line below.
 */
#include <string.h>

#include "shell/shell.h"

const struct shell_command *const shell_commands[] = {
	&cmd_help_entry,
	&cmd_ps_entry,
	&cmd_spawn_entry,
	&cmd_run_entry,
	&cmd_kill_entry,
	&cmd_wait_entry,
	&cmd_sleep_entry,
	&cmd_programs_entry,
	&cmd_stats_entry,
	&cmd_echo_entry,
	&cmd_source_entry,
	&cmd_exit_entry,
	NULL,
};

const struct shell_command *shell_command_find(const char *name)
{
	for (size_t i = 0; shell_commands[i] != NULL; i++)
		if (strcmp(shell_commands[i]->name, name) == 0)
			return shell_commands[i];
	return NULL;
}

int shell_dispatch(struct shell *sh, int argc, char **argv)
{
	const struct shell_command *cmd = shell_command_find(argv[0]);
	int nargs = argc - 1;

	if (cmd == NULL) {
		shell_error(argv[0], "unknown command (try 'help')");
		return CMD_FAILED;
	}
	if (nargs < cmd->min_args) {
		shell_error(cmd->name, "too few arguments (usage: %s)",
			    cmd->usage);
		return CMD_FAILED;
	}
	if (cmd->max_args >= 0 && nargs > cmd->max_args) {
		shell_error(cmd->name, "too many arguments (usage: %s)",
			    cmd->usage);
		return CMD_FAILED;
	}
	return cmd->exec(sh, argc, argv);
}
