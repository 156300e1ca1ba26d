/*
 * commands.c - the table of shell commands.
 *
 * One table drives help, completion and dispatch, so a command exists as
 * soon as its entry is here.  Each entry says what its arguments are:
 * completion offers the words of each kind, and dispatch checks the
 * count and the task ids, so no command repeats those checks.  Adding a
 * command is one file (cmd_NAME.c with its struct shell_command) and one
 * line below.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "shell/shell.h"
#include "userland/ulib.h"

const struct shell_command *const shell_commands[] = {
	&cmd_help_entry,  &cmd_ps_entry,     &cmd_spawn_entry,  &cmd_run_entry,
	&cmd_kill_entry,  &cmd_wait_entry,   &cmd_sleep_entry,  &cmd_programs_entry,
	&cmd_stats_entry, &cmd_trace_entry,  &cmd_top_entry,    &cmd_timeline_entry,
	&cmd_echo_entry,  &cmd_clear_entry,  &cmd_source_entry, &cmd_exit_entry,
	&cmd_nice_entry,  &cmd_renice_entry, &cmd_sched_entry,  NULL,
};

const struct shell_command *shell_command_find(const char *name)
{
	for (size_t i = 0; shell_commands[i]; i++)
		if (strcmp(shell_commands[i]->name, name) == 0)
			return shell_commands[i];
	return NULL;
}

enum shell_arg shell_command_arg(const struct shell_command *cmd, int i)
{
	enum shell_arg kind = ARG_NONE;

	if (i < 1 || (cmd->max_args >= 0 && i > cmd->max_args))
		return ARG_NONE;
	for (int k = 0; k < i && k < SHELL_ARGS_MAX && cmd->args[k] != ARG_NONE; k++)
		kind = cmd->args[k];
	return kind;
}

int shell_tid(const char *text)
{
	long tid;

	if (u_parse_int(text, 1, INT32_MAX, &tid) < 0)
		return -EINVAL;
	return (int)tid;
}

static bool check_tid(const struct shell_command *cmd, const char *text)
{
	if (shell_tid(text) > 0)
		return true;
	shell_error(cmd->name, "%s: not a task id", text);
	return false;
}

/* Every task id among the arguments, before the command does anything. */
static bool check_all_tids(const struct shell_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (shell_command_arg(cmd, i) == ARG_TID && !check_tid(cmd, argv[i]))
			return false;
	return true;
}

/* Argument i as exec_tid takes it: a task id, or -G for group G where
 * the command takes ARG_JOB; 0 (and an error line) if it is neither. */
static int id_arg(const struct shell_command *cmd, int i, const char *text)
{
	if (text[0] == '-' && shell_command_arg(cmd, i) == ARG_JOB) {
		int group = shell_tid(text + 1);
		if (group > 0)
			return -group;
		shell_error(cmd->name, "%s: not a task id", text);
		return 0;
	}
	return check_tid(cmd, text) ? shell_tid(text) : 0;
}

/* Each id in turn: a bad one is reported and skipped, and the command
 * fails, but the others are still acted on. */
static int run_each_tid(struct shell *sh, const struct shell_command *cmd, int argc, char **argv)
{
	int result = CMD_OK;

	for (int i = 1; i < argc && !sh->interrupted; i++) {
		int id = id_arg(cmd, i, argv[i]);
		if (id == 0 || cmd->exec_tid(sh, id) != CMD_OK)
			result = CMD_FAILED;
	}
	return result;
}

int shell_dispatch(struct shell *sh, int argc, char **argv)
{
	const struct shell_command *cmd = shell_command_find(argv[0]);
	int nargs = argc - 1;

	if (!cmd && argv[0][0] == '\0') {
		shell_error("''", "an empty word is not a command (try 'help')");
		return CMD_FAILED;
	}
	if (!cmd) {
		shell_error(argv[0], "unknown command (try 'help')");
		return CMD_FAILED;
	}
	if (nargs < cmd->min_args) {
		shell_error(cmd->name, "too few arguments (usage: %s)", cmd->usage);
		return CMD_FAILED;
	}
	if (cmd->max_args >= 0 && nargs > cmd->max_args) {
		shell_error(cmd->name, "too many arguments (usage: %s)", cmd->usage);
		return CMD_FAILED;
	}
	const struct shell_words *c = sh->command;
	if (c && c->argv == argv && (c->next || c->in || c->out || c->err) && !cmd->pipelines) {
		shell_error(cmd->name, "'|' and redirections are for spawn and run");
		return CMD_FAILED;
	}
	if (cmd->exec_tid)
		return run_each_tid(sh, cmd, argc, argv);
	if (!check_all_tids(cmd, argc, argv))
		return CMD_FAILED;
	return cmd->exec(sh, argc, argv);
}
