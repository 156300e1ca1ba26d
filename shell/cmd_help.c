/*
 * cmd_help.c - `help [CMD]`: the commands, or how to use one.
 *
 * The list comes from the command table, so it cannot fall out of date.
 * `help PROGRAM` shows a program's usage, since that is what a user who
 * just read `programs` asks next.
 */
#include "shell/shell.h"
#include "userland/programs.h"
#include "userland/ulib.h"

static void list_commands(void)
{
	uprintf("Commands:\n");
	for (size_t i = 0; shell_commands[i]; i++)
		uprintf("  %-24s %s\n", shell_commands[i]->usage, shell_commands[i]->help);
	uprintf("Separate commands with ';'.  Quote with '...' or \"...\"; "
		"'#' starts a comment.\n");
	uprintf("'programs' lists what spawn and run can start.\n");
}

static int cmd_help(struct shell *sh, int argc, char **argv)
{
	if (argc == 1) {
		list_commands();
		return CMD_OK;
	}
	const struct shell_command *cmd = shell_command_find(argv[1]);
	if (cmd) {
		uprintf("usage: %s\n  %s\n", cmd->usage, cmd->help);
		return CMD_OK;
	}
	const struct program *prog = program_find(argv[1]);
	if (prog) {
		uprintf("usage: spawn|run %s\n  %s\n", prog->usage, prog->summary);
		return CMD_OK;
	}
	shell_error("help", "%s: no such command or program", argv[1]);
	return CMD_FAILED;
}

const struct shell_command cmd_help_entry = {
	.name = "help",
	.usage = "help [CMD]",
	.help = "list the commands, or show how to use one",
	.min_args = 0,
	.max_args = 1,
	.args = {ARG_TOPIC},
	.exec = cmd_help,
};
